//! The search index as shards that the browser loads as a query needs them.
//!
//! Owns: the files of the split index (their layout, sizes and encoding), written from the
//! postings of analysis.rs.
//! Does not: choose what is searchable (mod.rs), analyse text (analysis.rs) or rank
//! (js/search-core.js, on data that js/search-shards.js decodes from these files).
//!
//! Files, all classic scripts that call `window.LEERPAD_SEARCH_SHARD(name, data)` (no XHR, so
//! search works from file://); `zoeken/index.js` holds the manifest that maps keys to files:
//!
//! - `zoeken/terms/N.js`: a range of the sorted vocabulary with each term's document frequency
//!   (exact and prefix lookups);
//! - `zoeken/ends/N.js`: the same terms reversed and sorted, for Dutch compounds (a compound
//!   ends in the query word);
//! - `zoeken/postings/N.js`: the postings of terms, per field, for the terms whose postings are
//!   too large to go with the term in its terms file (which names the file: placement.rs);
//! - `zoeken/lengths/F.js`: every document's length in field F, for the lists without them;
//! - `zoeken/docs/N.js`: what a result shows, for a range of documents.
//!
//! A posting carries the length of its document's field (BM25's normalisation), so a query of
//! rare words needs no file of lengths: on a phone a round trip costs more than the few bytes.
//! A common word's list leaves them out (placement.rs says which, and where each term's
//! postings go): a query of common words then loads the lengths once, in the round trip of
//! the postings.
//! Ranges are cut by size, so one file never holds much more than a query needs. Terms are
//! ordered by UTF-16 code units, the order of JavaScript's `<`, so the browser can bisect.

use std::cmp::Ordering;

use rayon::prelude::*;
use serde::Serialize;
use serde_json::{json, Value};

use super::analysis::Analysis;
use super::cuts::family_runs;
use super::docfiles::{
    average_lengths, kind_runs, other_title_lengths, stored_bytes, write_lengths, StoredDocs,
};
pub(super) use super::encoding::{encode_lengthless, encode_numbers, encode_postings, LENGTHLESS};
use super::placement::{Layout, Place};
use super::terms::{bare_fields, places, BareForms, Changed, Forms, Term, Terms};
use super::written::{KeptFiles, Key, Shard, Written};
use super::{SearchDoc, FIELDS};
use crate::error::Error;
use crate::offline;
use crate::render::{OutputFile, Sink};

/// Raw bytes at which a file of terms, ends or postings is closed (a single larger term makes
/// a larger file: a common term's postings are one file), for a large index (see `FileSizes`).
/// Small files keep a query's transfer close to what it needs; about 2.5 times smaller once
/// gzipped.
const TERMS_FILE_BYTES: usize = 7_000;
const POSTINGS_FILE_BYTES: usize = 16_000;
/// Postings of at most this many bytes go with the term in its terms and ends files, for the
/// many rare compounds and completions of a query word (in a large index).
const INLINE_BYTES: usize = 48;
/// In the smallest index, postings of at most this share of a terms file's bytes go with the
/// term in its terms file (and then in no postings file), and of at most `SMALL_INDEX_ENDS_BYTES`
/// in its ends file: a query then costs a terms and an ends file per word, in one round trip.
/// Between the smallest and the full size the limits fall to `INLINE_BYTES`; a large index
/// keeps them small, as a query there loads many terms files for completions and near
/// spellings, which each query would pay for.
const SMALL_INDEX_SHARE_OF_TERMS_FILE: usize = 4;
const SMALL_INDEX_ENDS_BYTES: usize = 160;
/// Raw bytes of stored documents per file in the smallest index, where the results of a query
/// often lie close together (a lesson's sections); the full size's `DOCS_FILE_BYTES` is
/// smaller, as there the results of a query lie each in another file.
const SMALL_INDEX_DOCS_FILE_BYTES: usize = 10_000;
/// Raw bytes of stored documents per file, for a large index: a result costs at most one such
/// file, most of it other documents' texts.
const DOCS_FILE_BYTES: usize = 3_000;
/// Raw bytes of terms, postings and stored documents from which files take the sizes above.
/// A smaller index gets smaller files, in proportion, down to `SMALLEST_SCALE` of them: on
/// the bundled site (about 270 KB) a query then loads a median 30 KB gzip with its snippets,
/// against 50 KB with full-size files (bench/search.sh). A large index keeps the full sizes,
/// which keep its number of files down.
const FULL_SIZE_INDEX_BYTES: usize = 1_200_000;
const SMALLEST_SCALE: f64 = 0.25;

/// A terms file is best cut between terms that share at most this many letters: a word's
/// completions are looked up from its third letter on (js/search-engine.js's MIN_PREFIX).
const FREE_TERMS_START: usize = 2;
/// An ends file between reversed terms that share at most this many: a word's compounds are
/// looked up from heads of four letters on (MIN_COMPOUND_HEAD).
const FREE_ENDS_START: usize = 3;

/// JavaScript's string order (UTF-16 code units), which differs from Rust's for characters
/// beyond U+FFFF. The common start is skipped bytewise (sorting 150,000 terms twice).
pub(super) fn js_cmp(a: &str, b: &str) -> Ordering {
    let same = a.bytes().zip(b.bytes()).take_while(|(x, y)| x == y).count();
    let start = (0..=same)
        .rev()
        .find(|&i| a.is_char_boundary(i) && b.is_char_boundary(i))
        .unwrap_or(0);
    a[start..].encode_utf16().cmp(b[start..].encode_utf16())
}

pub(super) fn reversed(term: &str) -> String {
    term.chars().rev().collect()
}

/// The shortest start of `first` that sorts after `previous`: where a file's range begins.
fn boundary(previous: &str, first: &str) -> String {
    let mut end = 0;
    for (i, c) in first.char_indices() {
        end = i + c.len_utf8();
        if js_cmp(&first[..end], previous) == Ordering::Greater {
            break;
        }
    }
    first[..end].to_string()
}

// ------------------------------------------------------------------ files

/// Cuts `items` into consecutive runs of about `target` bytes (`size` of each item).
pub(super) fn runs<T>(
    items: &[T],
    target: usize,
    size: impl Fn(&T) -> usize,
) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut bytes = 0;
    for (i, item) in items.iter().enumerate() {
        bytes += size(item);
        if bytes >= target {
            out.push(start..i + 1);
            start = i + 1;
            bytes = 0;
        }
    }
    if start < items.len() || out.is_empty() {
        out.push(start..items.len());
    }
    out
}

/// The raw bytes at which the files of one index are cut.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct FileSizes {
    terms: usize,
    postings: usize,
    docs: usize,
    /// Postings of at most these bytes go in the terms file, and in the ends file.
    inline_terms: usize,
    inline_ends: usize,
}

impl FileSizes {
    /// The sizes for an index of `bytes` raw bytes (terms, postings and stored documents).
    fn for_index(bytes: usize) -> FileSizes {
        let scale = (bytes as f64 / FULL_SIZE_INDEX_BYTES as f64).clamp(SMALLEST_SCALE, 1.0);
        let at = |full: usize| (full as f64 * scale) as usize;
        // 1 for the smallest index, 0 from the full size on.
        let small = (1.0 - scale) / (1.0 - SMALLEST_SCALE);
        let between = |large: usize, smallest: usize| {
            (large as f64 + small * (smallest as f64 - large as f64)) as usize
        };
        let terms = at(TERMS_FILE_BYTES);
        FileSizes {
            terms,
            postings: at(POSTINGS_FILE_BYTES),
            docs: between(DOCS_FILE_BYTES, SMALL_INDEX_DOCS_FILE_BYTES),
            inline_terms: between(INLINE_BYTES, terms / SMALL_INDEX_SHARE_OF_TERMS_FILE)
                .max(INLINE_BYTES),
            inline_ends: between(INLINE_BYTES, SMALL_INDEX_ENDS_BYTES),
        }
    }
}

/// The boundaries of files cut at `ranges` from sorted keys (`key(i)`: the `i`th).
fn boundaries<'k>(
    key: &dyn Fn(usize) -> &'k str,
    ranges: &[std::ops::Range<usize>],
) -> Vec<String> {
    ranges
        .iter()
        .enumerate()
        .map(|(i, r)| match i == 0 || r.is_empty() {
            true => String::new(),
            false => boundary(key(r.start - 1), key(r.start)),
        })
        .collect()
}

#[derive(Serialize)]
struct TermsFile {
    /// Terms separated by spaces (a term never holds whitespace).
    terms: String,
    df: String,
    /// Per term, separated by `;`: its postings per field separated by `,`, or `!` when they
    /// are only in its postings file.
    inline: String,
}

#[derive(Serialize)]
struct PostingsFile<'a> {
    terms: String,
    /// Per term, per field (title, context, body).
    postings: Vec<[&'a str; 3]>,
}

/// How every shard script starts.
pub(super) const SHARD_START: &str = "window.LEERPAD_SEARCH_SHARD(";

/// A shard script: registers `data` under `name`.
pub(super) fn shard(name: &str, data: &impl Serialize) -> OutputFile {
    let mut bytes = Vec::with_capacity(64 + name.len());
    for part in [SHARD_START, "'", name, "', JSON.parse('"] {
        bytes.extend_from_slice(part.as_bytes());
    }
    super::script::push_js_string_json(&mut bytes, data);
    bytes.extend_from_slice(b"'));\n");
    OutputFile::new(format!("{name}.js"), bytes)
}

/// What a build of the index keeps for the next one (`serve`): the orders and encodings of
/// the terms, the lists without lengths and the files.
#[derive(Default)]
pub struct KeptShards {
    terms: Terms,
    bare: BareForms,
    files: KeptFiles,
}

/// What `write` writes from: the documents and their analysis, and what differs from the last
/// build of `kept`.
pub struct Input<'a> {
    pub docs: &'a [SearchDoc<'a>],
    pub analysis: &'a Analysis,
    pub changed: &'a Changed,
    /// Per document a key of its url, title, context, body, crumb and kind, in a session:
    /// files are then kept for the next build (and taken from the last one).
    pub doc_keys: Option<&'a [u64]>,
}

/// Writes the shard files of the split index into `sink` as they are made, and returns the
/// `shards` entry of its manifest (which names a version of all of them).
pub fn write(
    docs: &[SearchDoc],
    analysis: &Analysis,
    folder: &str,
    sink: &dyn Sink,
) -> Result<Value, Error> {
    let input = Input {
        docs,
        analysis,
        changed: &Changed::All,
        doc_keys: None,
    };
    write_kept(input, &mut KeptShards::default(), folder, sink)
}

/// `write`, taking again from `kept` what still holds and keeping there what the next build
/// may take again (in a session: with `doc_keys`).
pub fn write_kept(
    input: Input<'_>,
    kept: &mut KeptShards,
    folder: &str,
    sink: &dyn Sink,
) -> Result<Value, Error> {
    let Input {
        docs,
        analysis,
        changed,
        doc_keys,
    } = input;
    kept.terms.update(analysis, changed);
    let KeptShards { terms, bare, files } = kept;
    let written = Written::new(sink, folder, doc_keys.is_some().then_some(&mut *files));
    let order = &terms.order;
    let text = |pos: usize| analysis.terms[order[pos].id as usize].as_str();
    // The stored text is at most MAX_STORED_CHARS of the body (docfiles.rs).
    let stored_bytes: usize = docs.iter().map(stored_bytes).sum();
    let sizes = FileSizes::for_index(
        order
            .iter()
            .map(|t| t.len as usize + 4 + t.bytes as usize + 12)
            .sum::<usize>()
            + stored_bytes,
    );
    let places = places(order, [sizes.inline_ends, sizes.inline_terms], docs.len());
    let wanted: Vec<(Term, [bool; 3])> = places
        .iter()
        .zip(order)
        .filter_map(|(&place, &term)| bare_fields(place).map(|b| (term, b)))
        .collect();
    bare.update(analysis, &wanted);
    let bare = &*bare;
    let forms = Forms {
        terms,
        bare: places
            .iter()
            .zip(order)
            .map(|(&place, term)| bare_fields(place).and_then(|_| bare.get(term.id)))
            .collect(),
        places,
    };
    let places = &forms.places;
    let form = |pos: usize, copy: bool| forms.form(pos, copy);
    let positions: Vec<usize> = (0..order.len()).collect();
    // The same terms reversed ("kindermishandel" → "lednahsimrednik"): the compounds that end
    // in a word are one range, by position in `order`.
    let by_id = terms.positions();
    let ends: Vec<usize> = terms
        .ends
        .iter()
        .map(|&(_, id)| by_id[id as usize] as usize)
        .collect();
    let layout = Layout::new(
        &positions,
        |pos, copy| forms.form_bytes(pos, copy).map(|b| b + 12),
        sizes.postings,
    );
    // The lists of a term in postings files that its ends file holds too: those without
    // lengths when it has them (a query of a fairly common word mostly loads the lengths anyway,
    // for a common word).
    let ends_form = |pos: usize| match places[pos] {
        Place::Apart(apart) if apart.copy => form(pos, true),
        _ => form(pos, false),
    };
    let entry = |pos: usize, in_ends: bool| {
        let full = &terms.encoded[order[pos].id as usize];
        layout.entry(places[pos], pos, in_ends, full, ends_form(pos))
    };
    let entry_bytes = |pos: usize, in_ends: bool| match (places[pos], in_ends, ends_form(pos)) {
        (Place::Both, _, _) | (Place::Terms, false, _) => order[pos].bytes as usize + 2,
        (Place::Apart(_), true, Some(lists)) if layout.inline_in_ends(lists) => {
            lists.iter().map(String::len).sum::<usize>() + 2
        }
        _ => 8,
    };
    let df = |pos: usize| order[pos].df();
    // The postings files of each term (as layout.files lists them: its first and second file
    // with the lists with lengths, and the file of its copy), which its entries name.
    let mut files_of = vec![[u32::MAX; 3]; order.len()];
    for (i, (file, copy)) in layout.files.iter().enumerate() {
        for &pos in file {
            let slots = &mut files_of[pos];
            let slot = match copy {
                true => 2,
                false => usize::from(slots[0] != u32::MAX),
            };
            slots[slot] = i as u32;
        }
    }
    // What an entry is made of, for a file's key (beside the file sizes): the term's postings,
    // by their generation, and where they are, but not their bytes.
    let entry_key = |key: &mut Key, pos: usize, in_ends: bool| {
        let term = &order[pos];
        key.number(u64::from(term.id)).number(term.df());
        match (places[pos], in_ends) {
            (Place::Both, _) | (Place::Terms, false) => {
                key.number(1).number(term.generation.into());
            }
            (Place::Terms, true) => {
                key.number(2);
            }
            (Place::Apart(_), _) => {
                let [first, second, copy] = files_of[pos].map(u64::from);
                key.number(3).number(term.generation.into());
                key.number(forms.form_code(pos, false))
                    .number(forms.form_code(pos, true));
                key.number(first).number(second).number(copy);
            }
        }
    };
    let sizes_key = |key: &mut Key| {
        let FileSizes {
            terms,
            postings,
            docs,
            inline_terms,
            inline_ends,
        } = sizes;
        for n in [terms, postings, docs, inline_terms, inline_ends] {
            key.number(n as u64);
        }
    };

    // Terms, in order, with their document frequency over all fields (compounds are ranked by
    // it before their postings are loaded), and the same for the reversed terms.
    let term_key = |i: usize| text(i);
    let end_key = |i: usize| terms.ends[i].0.as_str();
    let len = |pos: usize| order[pos].len as usize;
    let mut file = TermsOf {
        list: &positions,
        key: &term_key,
        in_ends: false,
        target: sizes.terms,
        free: FREE_TERMS_START,
        shared: &terms.shared[0],
        len: &len,
        df: &df,
        entry: &entry,
        entry_bytes: &entry_bytes,
        entry_key: &entry_key,
        sizes_key: &sizes_key,
    };
    let term_bounds = file.write(Shard::Terms, &written)?;
    file.list = &ends;
    file.key = &end_key;
    file.in_ends = true;
    file.free = FREE_ENDS_START;
    file.shared = &terms.shared[1];
    let end_bounds = file.write(Shard::Ends, &written)?;

    // The postings that are in no terms file; a common term alone makes a large file.
    layout
        .files
        .par_iter()
        .enumerate()
        .try_for_each(|(i, file)| {
            let (file, copy) = file;
            let key = || {
                let mut key = Key::with_capacity(8 + file.len() * 3);
                sizes_key(&mut key);
                key.number(u64::from(*copy));
                for &pos in file {
                    let term = &order[pos];
                    key.number(u64::from(term.id))
                        .number(term.generation.into())
                        .number(forms.form_code(pos, *copy));
                }
                key.finish()
            };
            let make = || {
                let data = PostingsFile {
                    terms: file
                        .iter()
                        .map(|&pos| text(pos))
                        .collect::<Vec<_>>()
                        .join(" "),
                    postings: file
                        .iter()
                        .filter_map(|&pos| form(pos, *copy))
                        .map(|[a, b, c]| [a.as_str(), b.as_str(), c.as_str()])
                        .collect(),
                };
                shard(&format!("postings/{i}"), &data)
            };
            written.put(Shard::Postings, i, key, make)
        })?;
    let lengths = &analysis.lengths;
    write_lengths(places, lengths, &written)?;
    let stored = StoredDocs {
        docs,
        keys: doc_keys,
        target: sizes.docs,
        stored_bytes,
    };
    let doc_files = stored.write(&written)?;

    let digests = written.finish(doc_keys.is_some().then_some(files));
    let manifest = json!({
        "version": offline::version(&digests),
        "fields": FIELDS,
        "averageLengths": average_lengths(lengths),
        "kinds": kind_runs(docs),
        "titleLengths": other_title_lengths(docs, lengths),
        "docs": docs.len(),
        "terms": order.len(),
        "termFiles": term_bounds,
        "endFiles": end_bounds,
        "docFiles": doc_files,
    });
    Ok(manifest)
}

/// One kind of terms file (the terms in order, or the reversed terms): which terms, where
/// their entries go, and how large a file may grow.
struct TermsOf<'t> {
    /// The terms in the order of the files, by position in the terms order; `key(i)`: the
    /// text of the `i`th, as the file shows it.
    list: &'t [usize],
    key: &'t (dyn Fn(usize) -> &'t str + Sync),
    in_ends: bool,
    target: usize,
    /// A cut between keys that share at most this many characters splits no lookup's range
    /// (cuts.rs).
    free: usize,
    /// Per key, how many characters it shares with the one before (Terms::shared).
    shared: &'t [u32],
    /// The bytes of a term (by position in the terms order).
    len: &'t (dyn Fn(usize) -> usize + Sync),
    df: &'t (dyn Fn(usize) -> u64 + Sync),
    entry: &'t (dyn Fn(usize, bool) -> String + Sync),
    entry_bytes: &'t (dyn Fn(usize, bool) -> usize + Sync),
    /// Adds to a file's key what the term and its entry are made of, and the file sizes.
    entry_key: &'t (dyn Fn(&mut Key, usize, bool) + Sync),
    sizes_key: &'t (dyn Fn(&mut Key) + Sync),
}

impl TermsOf<'_> {
    /// Writes `KIND/0.js`, `KIND/1.js`, … and returns where each file after the first begins.
    fn write(&self, kind: Shard, written: &Written<'_>) -> Result<Vec<String>, Error> {
        let sizes = (0..self.list.len())
            .into_par_iter()
            .map(|i| {
                let pos = self.list[i];
                let bytes = (self.len)(pos) + 2 + (self.entry_bytes)(pos, self.in_ends);
                u32::try_from(bytes).unwrap_or(u32::MAX)
            })
            .collect();
        let shared = self.shared.to_vec();
        let last = written.last_cuts(kind);
        let cuts = family_runs(sizes, shared, self.target, self.free, last.as_ref());
        let file_runs = cuts.runs();
        written.keep_cuts(kind, cuts);
        file_runs.par_iter().enumerate().try_for_each(|(i, r)| {
            let part = &self.list[r.clone()];
            let key = || {
                let mut key = Key::with_capacity(8 + part.len() * 8);
                (self.sizes_key)(&mut key);
                for &pos in part {
                    (self.entry_key)(&mut key, pos, self.in_ends);
                }
                key.finish()
            };
            let make = || {
                let data = TermsFile {
                    terms: r.clone().map(self.key).collect::<Vec<_>>().join(" "),
                    df: encode_numbers(part.iter().map(|&pos| (self.df)(pos))),
                    inline: part
                        .iter()
                        .map(|&pos| (self.entry)(pos, self.in_ends))
                        .collect::<Vec<_>>()
                        .join(";"),
                };
                shard(&format!("{}/{i}", kind.name()), &data)
            };
            written.put(kind, i, key, make)
        })?;
        Ok(boundaries(self.key, &file_runs))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn boundaries_are_the_shortest_separating_start() {
        assert_eq!(boundary("kinder", "kip"), "kip");
        assert_eq!(boundary("kinder", "kinderen"), "kindere");
        assert_eq!(boundary("aap", "b"), "b");
        assert_eq!(boundary("abc", "abd"), "abd");
        assert_eq!(boundary("a", "zz"), "z");
        // UTF-16 order: U+FFFD sorts after a character beyond U+FFFF.
        assert_eq!(js_cmp("\u{FFFD}", "😀"), Ordering::Greater);
        assert_eq!(js_cmp("aé\u{FFFD}", "aé😀"), Ordering::Greater);
        assert_eq!(js_cmp("abc", "abcd"), Ordering::Less);
        assert_eq!(js_cmp("abd", "abc"), Ordering::Greater);
        assert_eq!(js_cmp("ab", "ab"), Ordering::Equal);
    }

    #[test]
    fn a_small_index_gets_smaller_files_down_to_a_quarter_with_more_inside() {
        let full = FileSizes {
            terms: TERMS_FILE_BYTES,
            postings: POSTINGS_FILE_BYTES,
            docs: DOCS_FILE_BYTES,
            inline_terms: INLINE_BYTES,
            inline_ends: INLINE_BYTES,
        };
        assert_eq!(FileSizes::for_index(FULL_SIZE_INDEX_BYTES), full);
        assert_eq!(FileSizes::for_index(50_000_000), full);
        let half = FileSizes::for_index(FULL_SIZE_INDEX_BYTES / 2);
        assert_eq!(half.terms, TERMS_FILE_BYTES / 2);
        let smallest = FileSizes::for_index(1);
        assert_eq!(smallest, FileSizes::for_index(0));
        assert_eq!(smallest.postings, POSTINGS_FILE_BYTES / 4);
        // A small index keeps more postings with their terms, and more documents per file.
        assert_eq!(
            smallest.inline_terms,
            TERMS_FILE_BYTES / 4 / SMALL_INDEX_SHARE_OF_TERMS_FILE
        );
        assert_eq!(smallest.inline_ends, SMALL_INDEX_ENDS_BYTES);
        assert_eq!(smallest.docs, SMALL_INDEX_DOCS_FILE_BYTES);
        assert!(half.inline_ends > INLINE_BYTES && half.inline_ends < SMALL_INDEX_ENDS_BYTES);
        assert!(half.docs > DOCS_FILE_BYTES && half.docs < SMALL_INDEX_DOCS_FILE_BYTES);
    }

    #[test]
    fn runs_cover_every_item_once() {
        let items = [5, 5, 5, 20, 1, 1];
        let r = runs(&items, 10, |&n| n);
        assert_eq!(r, vec![0..2, 2..4, 4..6]);
        assert_eq!(runs(&[] as &[u32], 10, |_| 1), vec![0..0]);
    }
}
