//! The vocabulary of the index in the two orders its files show, and each term's encoded
//! postings, kept between `serve`'s rebuilds so that a save re-encodes and re-sorts only the
//! terms whose postings it changed.
//!
//! Owns: the terms in JavaScript's string order (`order`) and reversed (`ends`), each term's
//! postings with their lengths as the files write them (`encoded`), a generation per term that
//! changes exactly when those bytes change (what a file's key holds instead of the bytes), and
//! the copies without lengths of common terms.
//! Also each term's place and the form of its lists in postings files (`Forms`).
//! Does not: analyse text (analysis.rs, kept.rs), choose where postings go (placement.rs) or
//! write files (shards.rs).

use std::cmp::Ordering;

use rayon::prelude::*;

use super::analysis::Analysis;
use super::cuts::shared_start;
use super::placement::{Apart, Place};
use super::shards::{encode_lengthless, encode_postings, js_cmp, reversed};

/// Which terms' postings (or the lengths of their documents) may differ from the last build.
pub enum Changed {
    /// Any term: everything is encoded and sorted again.
    All,
    /// Only these term ids (sorted, without repeats).
    Terms(Vec<u32>),
}

/// Above this many terms that come or go, the orders are merged rather than inserted into.
const ONE_BY_ONE_TERMS: usize = 64;

/// The terms with postings, by term id of the `Analysis` they were made from.
#[derive(Default)]
pub struct Terms {
    /// The terms with postings in the order of `js_cmp`, each with what the files' layout
    /// reads of it (kept beside the id: the files are laid out in this order, and reading each
    /// term's postings by id instead costs a cache miss per term).
    pub order: Vec<Term>,
    /// Every term of `order` reversed with its id, in the order of `js_cmp` on the reversed.
    pub ends: Vec<(String, u32)>,
    /// Per position in `order` and in `ends`: how many characters the term shares at its start
    /// with the one before (cuts.rs), made again only when the vocabulary changes.
    pub shared: [Vec<u32>; 2],
    /// Per id: its postings per field with their documents' lengths (empty without postings).
    pub encoded: Vec<[String; 3]>,
    present: Vec<bool>,
    next_generation: u32,
    /// Per id, the generation of its `encoded`.
    generation: Vec<u32>,
}

/// A term with postings, and what the layout of the files reads of it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Term {
    pub id: u32,
    /// Its number of documents per field.
    pub lists: [u32; 3],
    /// The bytes of its `encoded` lists together.
    pub bytes: u32,
    /// The bytes of the term itself.
    pub len: u32,
    /// Changes whenever its `encoded` lists do.
    pub generation: u32,
}

impl Term {
    /// Its document frequency over all fields.
    pub fn df(&self) -> u64 {
        self.lists.iter().map(|&n| u64::from(n)).sum()
    }
}

fn df(analysis: &Analysis, id: u32) -> usize {
    analysis.postings[id as usize].iter().map(Vec::len).sum()
}

fn encode(analysis: &Analysis, id: u32) -> [String; 3] {
    let lists = &analysis.postings[id as usize];
    let lengths = &analysis.lengths;
    [0, 1, 2].map(|f| encode_postings(&lists[f], |doc| lengths[doc as usize][f]))
}

impl Terms {
    /// Brings the orders and encodings up to `analysis`, which differs from the last one only
    /// as `changed` says.
    pub fn update(&mut self, analysis: &Analysis, changed: &Changed) {
        let n = analysis.terms.len();
        self.encoded.resize_with(n, Default::default);
        self.generation.resize(n, 0);
        self.present.resize(n, false);
        self.next_generation += 1;
        let vocabulary_changed = match changed {
            Changed::All => {
                self.update_all(analysis);
                true
            }
            Changed::Terms(ids) => self.update_terms(analysis, ids),
        };
        if vocabulary_changed {
            let text = |id: u32| analysis.terms[id as usize].as_str();
            self.shared = [
                shared_starts(self.order.len(), |i| text(self.order[i].id)),
                shared_starts(self.ends.len(), |i| self.ends[i].0.as_str()),
            ];
        }
    }

    /// What the layout reads of term `id`.
    fn term(&self, analysis: &Analysis, id: u32) -> Term {
        let i = id as usize;
        Term {
            id,
            lists: analysis.postings[i].each_ref().map(|l| l.len() as u32),
            bytes: self.encoded[i].iter().map(String::len).sum::<usize>() as u32,
            len: analysis.terms[i].len() as u32,
            generation: self.generation[i],
        }
    }

    /// Keeps `new` as the lists of `id`, with a new generation when they differ.
    fn set(&mut self, id: u32, new: [String; 3]) {
        let i = id as usize;
        if self.encoded[i] != new {
            self.generation[i] = self.next_generation;
            self.encoded[i] = new;
        }
    }

    fn update_all(&mut self, analysis: &Analysis) {
        let encoded: Vec<[String; 3]> = (0..analysis.terms.len() as u32)
            .into_par_iter()
            .map(|id| encode(analysis, id))
            .collect();
        for (id, new) in encoded.into_iter().enumerate() {
            self.set(id as u32, new);
            self.present[id] = df(analysis, id as u32) > 0;
        }
        let text = |id: u32| analysis.terms[id as usize].as_str();
        let mut ids: Vec<u32> = (0..analysis.terms.len() as u32)
            .filter(|&id| self.present[id as usize])
            .collect();
        ids.par_sort_unstable_by(|&a, &b| js_cmp(text(a), text(b)));
        self.order = ids.iter().map(|&id| self.term(analysis, id)).collect();
        self.ends = ids.par_iter().map(|&id| (reversed(text(id)), id)).collect();
        self.ends.par_sort_unstable_by(|a, b| js_cmp(&a.0, &b.0));
    }

    /// Whether a term came or went.
    fn update_terms(&mut self, analysis: &Analysis, ids: &[u32]) -> bool {
        let encoded: Vec<[String; 3]> = ids.par_iter().map(|&id| encode(analysis, id)).collect();
        let text = |id: u32| analysis.terms[id as usize].as_str();
        let (mut gone, mut come) = (false, Vec::new());
        for (&id, new) in ids.iter().zip(encoded) {
            self.set(id, new);
            let i = id as usize;
            let now = df(analysis, id) > 0;
            match (self.present[i], now) {
                (true, false) => gone = true,
                (false, true) => come.push(id),
                (true, true) => {
                    let at = self
                        .order
                        .binary_search_by(|t| js_cmp(text(t.id), text(id)))
                        .expect("a term with postings is in the order");
                    self.order[at] = self.term(analysis, id);
                }
                (false, false) => {}
            }
            self.present[i] = now;
        }
        if gone {
            let present = &self.present;
            self.order.retain(|t| present[t.id as usize]);
            self.ends.retain(|&(_, id)| present[id as usize]);
        }
        let vocabulary_changed = gone || !come.is_empty();
        come.sort_unstable_by(|&a, &b| js_cmp(text(a), text(b)));
        let mut come_ends: Vec<(String, u32)> =
            come.iter().map(|&id| (reversed(text(id)), id)).collect();
        come_ends.sort_unstable_by(|a, b| js_cmp(&a.0, &b.0));
        let come: Vec<Term> = come.iter().map(|&id| self.term(analysis, id)).collect();
        insert_sorted(&mut self.order, come, |a, b| js_cmp(text(a.id), text(b.id)));
        insert_sorted(&mut self.ends, come_ends, |a, b| js_cmp(&a.0, &b.0));
        vocabulary_changed
    }

    /// The position of every id in `order` (`u32::MAX` for an id without postings).
    pub fn positions(&self) -> Vec<u32> {
        let mut out = vec![u32::MAX; self.encoded.len()];
        for (pos, term) in self.order.iter().enumerate() {
            out[term.id as usize] = pos as u32;
        }
        out
    }
}

/// Per key of `count` sorted keys, how many characters it shares with the one before.
fn shared_starts<'k>(count: usize, key: impl Fn(usize) -> &'k str + Sync) -> Vec<u32> {
    (0..count)
        .into_par_iter()
        .map(|i| match i {
            0 => 0,
            _ => shared_start(key(i - 1), key(i)) as u32,
        })
        .collect()
}

/// Puts the sorted `new` items into sorted `list`: one by one when they are few, else by
/// merging the two.
fn insert_sorted<T>(list: &mut Vec<T>, new: Vec<T>, cmp: impl Fn(&T, &T) -> Ordering) {
    if new.len() <= ONE_BY_ONE_TERMS {
        for item in new {
            let at = list.partition_point(|x| cmp(x, &item) == Ordering::Less);
            list.insert(at, item);
        }
        return;
    }
    let old = std::mem::take(list);
    list.reserve(old.len() + new.len());
    let mut new = new.into_iter().peekable();
    for item in old {
        while let Some(next) = new.next_if(|n| cmp(n, &item) == Ordering::Less) {
            list.push(next);
        }
        list.push(item);
    }
    list.extend(new);
}

/// The lists without lengths of the terms that have them (placement.rs's `bare` fields), by
/// term id, each with the generation and fields it was made for.
#[derive(Default)]
pub struct BareForms {
    by_id: rustc_hash::FxHashMap<u32, BareForm>,
}

/// A term's lists with the lengths left out of the fields marked, and the generation they
/// were made for: (generation, fields, lists).
type BareForm = (u32, [bool; 3], [String; 3]);

impl BareForms {
    /// Makes the forms of `wanted` (terms and the fields without lengths of each) that are not
    /// kept for the term's generation yet, and forgets those of other terms.
    pub fn update(&mut self, analysis: &Analysis, wanted: &[(Term, [bool; 3])]) {
        let made: Vec<(u32, BareForm)> = wanted
            .par_iter()
            .filter(|&&(term, bare)| {
                !matches!(self.by_id.get(&term.id),
                    Some((g, b, _)) if *g == term.generation && *b == bare)
            })
            .map(|&(term, bare)| {
                let lists = &analysis.postings[term.id as usize];
                let lengths = &analysis.lengths;
                let form = [0, 1, 2].map(|f| match bare[f] {
                    true => encode_lengthless(&lists[f]),
                    false => encode_postings(&lists[f], |doc| lengths[doc as usize][f]),
                });
                (term.id, (term.generation, bare, form))
            })
            .collect();
        self.by_id.extend(made);
        if self.by_id.len() > wanted.len() {
            let keep: rustc_hash::FxHashSet<u32> = wanted.iter().map(|(t, _)| t.id).collect();
            self.by_id.retain(|id, _| keep.contains(id));
        }
    }

    /// The form of term `id` (after `update` asked for it).
    pub fn get(&self, id: u32) -> Option<&[String; 3]> {
        self.by_id.get(&id).map(|(_, _, form)| form)
    }
}

/// Each term's place, and its lists with and without lengths (placement.rs), by position in
/// the terms order.
pub struct Forms<'a> {
    pub terms: &'a Terms,
    pub places: Vec<Place>,
    /// A common term's only form, or a fairly common one's copy.
    pub bare: Vec<Option<&'a [String; 3]>>,
}

/// Each term's place, by position in `order`, for postings of at most `inline_ends` bytes in
/// the terms and ends files and of at most `inline_terms` in the terms file, of `docs`.
pub fn places(order: &[Term], [inline_ends, inline_terms]: [usize; 2], docs: usize) -> Vec<Place> {
    order
        .par_iter()
        .map(|term| match term.bytes as usize + 2 {
            n if n <= inline_ends => Place::Both,
            n if n <= inline_terms => Place::Terms,
            _ => Place::Apart(Apart::of(term.lists.map(|n| n as usize), docs)),
        })
        .collect()
}

/// The fields of a term whose lists leave the lengths out somewhere, when there are any.
pub fn bare_fields(place: Place) -> Option<[bool; 3]> {
    match place {
        Place::Apart(apart) if apart.bare.contains(&true) => Some(apart.bare),
        _ => None,
    }
}

impl Forms<'_> {
    /// A term's lists in its main postings file (`copy` false) or in its copy without lengths;
    /// `None` when it has none there.
    pub fn form(&self, pos: usize, copy: bool) -> Option<&[String; 3]> {
        match self.places[pos] {
            Place::Apart(apart) if copy => apart.copy.then_some(self.bare[pos]).flatten(),
            Place::Apart(apart) if apart.main_is_bare() => self.bare[pos],
            Place::Apart(_) if !copy => {
                Some(&self.terms.encoded[self.terms.order[pos].id as usize])
            }
            _ => None,
        }
    }

    /// The bytes of `form`'s lists, without reading the lists with lengths.
    pub fn form_bytes(&self, pos: usize, copy: bool) -> Option<usize> {
        match self.places[pos] {
            Place::Apart(apart) if !copy && !apart.main_is_bare() => {
                Some(self.terms.order[pos].bytes as usize)
            }
            _ => self
                .form(pos, copy)
                .map(|lists| lists.iter().map(String::len).sum()),
        }
    }

    /// What `form` gives, as a number: 0 for none, 1 for the lists with lengths, else 2 plus
    /// the fields without them.
    pub fn form_code(&self, pos: usize, copy: bool) -> u64 {
        match (self.form(pos, copy).is_some(), self.places[pos]) {
            (false, _) => 0,
            (true, Place::Apart(apart)) if copy || apart.main_is_bare() => {
                2 + apart
                    .bare
                    .iter()
                    .rev()
                    .fold(0, |n, &b| n * 2 + u64::from(b))
            }
            _ => 1,
        }
    }
}
