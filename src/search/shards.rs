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
use std::sync::Mutex;

use rayon::prelude::*;
use serde::Serialize;
use serde_json::{json, Value};

use super::analysis::Analysis;
use super::placement::{Apart, Layout, Place};
use super::{SearchDoc, Stored, FIELDS, MAX_STORED_CHARS};
use crate::error::Error;
use crate::offline::{self, Digest};
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

fn reversed(term: &str) -> String {
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

// ------------------------------------------------------------------ encoding

/// Digits of the variable-length numbers: a number is written in base 32, most significant
/// first, every digit but the last from `MORE`. Characters that need no escaping in JSON or HTML.
const LAST: &[u8; 32] = b"0123456789abcdefghijklmnopqrstuv";
const MORE: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZwxyz_-";

fn push_number(out: &mut String, mut n: u64) {
    let mut digits = [0u8; 13];
    let mut len = 0;
    loop {
        digits[len] = (n & 31) as u8;
        len += 1;
        n >>= 5;
        if n == 0 {
            break;
        }
    }
    for i in (1..len).rev() {
        out.push(MORE[digits[i] as usize] as char);
    }
    out.push(LAST[digits[0] as usize] as char);
}

/// A posting list: per document the gap to the previous one, doubled, plus 1 when the word
/// occurs more than once; then the count minus 2; then the length of the document's field
/// (`length(doc)`). Most postings are two or three characters.
pub(super) fn encode_postings(list: &[(u32, u32)], length: impl Fn(u32) -> u32) -> String {
    let mut out = String::with_capacity(list.len() * 3);
    push_postings(&mut out, list, |doc| Some(length(doc)));
    out
}

/// A posting list as `encode_postings` writes it but without the lengths, after `~`: the
/// field's lengths are in its lengths file.
pub(super) fn encode_lengthless(list: &[(u32, u32)]) -> String {
    let mut out = String::with_capacity(list.len() * 2 + 1);
    out.push(LENGTHLESS);
    push_postings(&mut out, list, |_| None);
    out
}

/// The postings of `list` onto `out`, each with its document's field length when `length`
/// gives one.
fn push_postings(out: &mut String, list: &[(u32, u32)], length: impl Fn(u32) -> Option<u32>) {
    let mut next = 0u64;
    for &(doc, count) in list {
        let gap = u64::from(doc) - next;
        next = u64::from(doc) + 1;
        push_number(out, gap * 2 + u64::from(count > 1));
        if count > 1 {
            push_number(out, u64::from(count) - 2);
        }
        if let Some(length) = length(doc) {
            push_number(out, u64::from(length));
        }
    }
}

/// The mark of a posting list without lengths (a character of neither digit set).
pub(super) const LENGTHLESS: char = '~';

pub(super) fn encode_numbers(numbers: impl IntoIterator<Item = u64>) -> String {
    let mut out = String::new();
    for n in numbers {
        push_number(&mut out, n);
    }
    out
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

/// The boundaries of files cut from sorted `keys` at `ranges`.
fn boundaries(keys: &[&str], ranges: &[std::ops::Range<usize>]) -> Vec<String> {
    ranges
        .iter()
        .enumerate()
        .map(|(i, r)| match (i, keys.get(r.start)) {
            (0, _) | (_, None) => String::new(),
            (_, Some(first)) => boundary(keys[r.start - 1], first),
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
fn shard(name: &str, data: &impl Serialize) -> OutputFile {
    OutputFile::new(
        format!("{name}.js"),
        format!(
            "window.LEERPAD_SEARCH_SHARD('{name}', JSON.parse('{}'));\n",
            super::js_string_json(data)
        ),
    )
}

/// Each term's place, and the lists without lengths of the terms in postings files that have
/// them (placement.rs), by position in the terms order.
struct Forms<'a> {
    full: &'a [[String; 3]],
    places: Vec<Place>,
    /// A common term's only form, or a fairly common one's copy.
    bare: Vec<Option<[String; 3]>>,
}

impl<'a> Forms<'a> {
    /// `full`: every term's lists with their lengths, in `order`.
    fn new(
        analysis: &Analysis,
        order: &[u32],
        full: &'a [[String; 3]],
        sizes: &FileSizes,
        docs: usize,
    ) -> Forms<'a> {
        let places: Vec<Place> = full
            .par_iter()
            .zip(order.par_iter())
            .map(
                |(e, &id)| match e.iter().map(String::len).sum::<usize>() + 2 {
                    n if n <= sizes.inline_ends => Place::Both,
                    n if n <= sizes.inline_terms => Place::Terms,
                    _ => Place::Apart(Apart::of(
                        analysis.postings[id as usize].each_ref().map(Vec::len),
                        docs,
                    )),
                },
            )
            .collect();
        let lengths = &analysis.lengths;
        let bare = places
            .par_iter()
            .zip(order.par_iter())
            .map(|(place, &id)| match place {
                Place::Apart(apart) if apart.bare.contains(&true) => {
                    let lists = &analysis.postings[id as usize];
                    Some([0, 1, 2].map(|f| match apart.bare[f] {
                        true => encode_lengthless(&lists[f]),
                        false => encode_postings(&lists[f], |doc| lengths[doc as usize][f]),
                    }))
                }
                _ => None,
            })
            .collect();
        Forms { full, places, bare }
    }

    /// A term's lists in its main postings file (`copy` false) or in its copy without lengths;
    /// `None` when it has none there.
    fn form(&self, pos: usize, copy: bool) -> Option<&[String; 3]> {
        match self.places[pos] {
            Place::Apart(apart) if copy => apart.copy.then(|| self.bare[pos].as_ref()).flatten(),
            Place::Apart(apart) if apart.main_is_bare() => self.bare[pos].as_ref(),
            Place::Apart(_) if !copy => Some(&self.full[pos]),
            _ => None,
        }
    }
}

/// Writes the shard files of the split index into `sink` as they are made, and returns the
/// `shards` entry of its manifest (which names a version of all of them).
pub fn write(
    docs: &[SearchDoc],
    analysis: &Analysis,
    folder: &str,
    sink: &dyn Sink,
) -> Result<Value, Error> {
    let written = Written {
        sink,
        folder,
        digests: Mutex::new(Vec::new()),
    };
    let mut order: Vec<u32> = (0..analysis.terms.len() as u32).collect();
    order.par_sort_unstable_by(|&a, &b| {
        js_cmp(&analysis.terms[a as usize], &analysis.terms[b as usize])
    });
    let term = |id: u32| analysis.terms[id as usize].as_str();
    let df = |id: u32| -> u64 {
        analysis.postings[id as usize]
            .iter()
            .map(|l| l.len() as u64)
            .sum()
    };
    // Postings with their documents' field lengths, in term order.
    let lengths = &analysis.lengths;
    let encoded: Vec<[String; 3]> = order
        .par_iter()
        .map(|&id| {
            let p = &analysis.postings[id as usize];
            [0, 1, 2].map(|f| encode_postings(&p[f], |doc| lengths[doc as usize][f]))
        })
        .collect();
    let keys: Vec<&str> = order.iter().map(|&id| term(id)).collect();
    let posting_bytes = |e: &[String; 3]| e.iter().map(String::len).sum::<usize>() + 12;
    // The stored text is at most MAX_STORED_CHARS of the body.
    let stored_bytes: usize = docs
        .iter()
        .map(|d| {
            d.url.len() + d.title.len() + d.crumb.len() + d.body.len().min(MAX_STORED_CHARS) + 40
        })
        .sum();
    let sizes = FileSizes::for_index(
        keys.iter().map(|k| k.len() + 4).sum::<usize>()
            + encoded.iter().map(posting_bytes).sum::<usize>()
            + stored_bytes,
    );
    let forms = Forms::new(analysis, &order, &encoded, &sizes, docs.len());
    let places = &forms.places;
    let form = |pos: usize, copy: bool| forms.form(pos, copy);
    let positions: Vec<usize> = (0..order.len()).collect();
    // The same terms reversed ("kindermishandel" → "lednahsimrednik"): the compounds that end
    // in a word are one range. Entries: (reversed term, position in `order`).
    let mut ends: Vec<(String, usize)> = keys
        .iter()
        .enumerate()
        .map(|(pos, t)| (reversed(t), pos))
        .collect();
    ends.par_sort_unstable_by(|a, b| js_cmp(&a.0, &b.0));
    let layout = Layout::new(
        &positions,
        |pos, copy| form(pos, copy).map(posting_bytes),
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
        layout.entry(places[pos], pos, in_ends, &encoded[pos], ends_form(pos))
    };
    let entry_bytes = |pos: usize, in_ends: bool| match (places[pos], in_ends, ends_form(pos)) {
        (Place::Both, _, _) | (Place::Terms, false, _) => posting_bytes(&encoded[pos]) - 10,
        (Place::Apart(_), true, Some(lists)) if layout.inline_in_ends(lists) => {
            posting_bytes(lists) - 10
        }
        _ => 8,
    };

    // Terms, in order, with their document frequency over all fields (compounds are ranked by
    // it before their postings are loaded), and the same for the reversed terms.
    let terms: Vec<(&str, usize)> = keys.iter().enumerate().map(|(pos, k)| (*k, pos)).collect();
    let ends: Vec<(&str, usize)> = ends.iter().map(|(r, pos)| (r.as_str(), *pos)).collect();
    let term_file = |list: &[(&str, usize)], in_ends: bool, name: &str| {
        let file = TermsOf {
            list,
            in_ends,
            target: sizes.terms,
            df: &|pos| df(order[pos]),
            entry: &entry,
            entry_bytes: &entry_bytes,
        };
        file.write(name, &written)
    };
    let term_bounds = term_file(&terms, false, "terms")?;
    let end_bounds = term_file(&ends, true, "ends")?;

    // The postings that are in no terms file; a common term alone makes a large file.
    layout
        .files
        .par_iter()
        .enumerate()
        .try_for_each(|(i, file)| {
            let (file, copy) = file;
            let data = PostingsFile {
                terms: file
                    .iter()
                    .map(|&pos| keys[pos])
                    .collect::<Vec<_>>()
                    .join(" "),
                postings: file
                    .iter()
                    .filter_map(|&pos| form(pos, *copy))
                    .map(|[a, b, c]| [a.as_str(), b.as_str(), c.as_str()])
                    .collect(),
            };
            written.put(shard(&format!("postings/{i}"), &data))
        })?;
    write_lengths(places, lengths, &written)?;
    let docs_per_file = write_docs(docs, sizes.docs, stored_bytes, &written)?;

    let mut digests = written
        .digests
        .into_inner()
        .unwrap_or_else(|e| e.into_inner());
    digests.sort();
    let manifest = json!({
        "version": offline::version(&digests),
        "fields": FIELDS,
        "averageLengths": average_lengths(&analysis.lengths),
        "kinds": kind_runs(docs),
        "titleLengths": other_title_lengths(docs, &analysis.lengths),
        "docs": docs.len(),
        "terms": order.len(),
        "termFiles": term_bounds,
        "endFiles": end_bounds,
        "docsPerFile": docs_per_file,
    });
    Ok(manifest)
}

/// One kind of terms file (the terms in order, or the reversed terms): which terms, where
/// their entries go, and how large a file may grow.
struct TermsOf<'t> {
    /// (key, position in the term order), sorted by key.
    list: &'t [(&'t str, usize)],
    in_ends: bool,
    target: usize,
    df: &'t (dyn Fn(usize) -> u64 + Sync),
    entry: &'t (dyn Fn(usize, bool) -> String + Sync),
    entry_bytes: &'t (dyn Fn(usize, bool) -> usize + Sync),
}

impl TermsOf<'_> {
    /// Writes `NAME/0.js`, `NAME/1.js`, … and returns where each file after the first begins.
    fn write(&self, name: &str, written: &Written<'_>) -> Result<Vec<String>, Error> {
        let file_runs = runs(self.list, self.target, |&(key, pos)| {
            key.len() + 2 + (self.entry_bytes)(pos, self.in_ends)
        });
        file_runs.par_iter().enumerate().try_for_each(|(i, r)| {
            let part = &self.list[r.clone()];
            let data = TermsFile {
                terms: part
                    .iter()
                    .map(|&(key, _)| key)
                    .collect::<Vec<_>>()
                    .join(" "),
                df: encode_numbers(part.iter().map(|&(_, pos)| (self.df)(pos))),
                inline: part
                    .iter()
                    .map(|&(_, pos)| (self.entry)(pos, self.in_ends))
                    .collect::<Vec<_>>()
                    .join(";"),
            };
            written.put(shard(&format!("{name}/{i}"), &data))
        })?;
        let keys: Vec<&str> = self.list.iter().map(|&(key, _)| key).collect();
        Ok(boundaries(&keys, &file_runs))
    }
}

/// Every document's length in each field that has a list without lengths.
fn write_lengths(
    places: &[Place],
    lengths: &[[u32; 3]],
    written: &Written<'_>,
) -> Result<(), Error> {
    let lengthless_fields = places.iter().fold([false; 3], |mut any, place| {
        if let Place::Apart(apart) = place {
            (0..3).for_each(|f| any[f] |= apart.bare[f]);
        }
        any
    });
    for f in (0..3).filter(|&f| lengthless_fields[f]) {
        let all = encode_numbers(lengths.iter().map(|l| u64::from(l[f])));
        written.put(shard(&format!("lengths/{f}"), &all))?;
    }
    Ok(())
}

/// What results show, by document: as many per file as fit in `target` bytes on average (made
/// file by file, as the texts of every document at once are 50 MB at 10,000 lessons). Returns
/// the number of documents per file.
fn write_docs(
    docs: &[SearchDoc],
    target: usize,
    stored_bytes: usize,
    written: &Written<'_>,
) -> Result<usize, Error> {
    let docs_per_file = (target * docs.len().max(1) / stored_bytes.max(1)).clamp(1, 256);
    docs.par_chunks(docs_per_file)
        .enumerate()
        .try_for_each(|(i, part)| {
            let stored: Vec<Stored> = part.iter().map(Stored::of).collect();
            written.put(shard(&format!("docs/{i}"), &stored))
        })?;
    Ok(docs_per_file)
}

/// The title lengths of the documents that are no lesson material (steps, partners: a few
/// hundred), in order: ranking weighs a question's answers by their titles before any posting
/// of theirs is loaded.
fn other_title_lengths(docs: &[SearchDoc], lengths: &[[u32; 3]]) -> String {
    encode_numbers(
        docs.iter()
            .zip(lengths)
            .filter(|(d, _)| !matches!(d.kind, "module" | "lesson" | "section"))
            .map(|(_, l)| u64::from(l[0])),
    )
}

/// The documents' kinds as runs, `[[kind, count], …]`, with lesson material (`module`, `lesson`,
/// `section`) as `""`: the kinds that ranking weighs by intent come in a few long runs, so the
/// manifest stays small however many lessons there are.
fn kind_runs(docs: &[SearchDoc]) -> Vec<(&'static str, usize)> {
    let mut runs: Vec<(&'static str, usize)> = Vec::new();
    for d in docs {
        let kind = match d.kind {
            "module" | "lesson" | "section" => "",
            other => other,
        };
        match runs.last_mut() {
            Some((k, n)) if *k == kind => *n += 1,
            _ => runs.push((kind, 1)),
        }
    }
    runs
}

/// The mean number of indexed words per field (BM25's length normalisation), to 2 decimals.
fn average_lengths(lengths: &[[u32; 3]]) -> [f64; 3] {
    [0, 1, 2].map(|f| {
        let sum: u64 = lengths.iter().map(|l| u64::from(l[f])).sum();
        let mean = sum as f64 / lengths.len().max(1) as f64;
        (mean * 100.0).round() / 100.0
    })
}

/// Passes shard files on to a sink and remembers their digests for the manifest's version.
struct Written<'a> {
    sink: &'a dyn Sink,
    /// The search folder of the site (`zoeken`), which the shards' paths start with.
    folder: &'a str,
    digests: Mutex<Vec<Digest>>,
}

impl Written<'_> {
    fn put(&self, mut file: OutputFile) -> Result<(), Error> {
        file.path = format!("{}/{}", self.folder, file.path);
        let digest = Digest::of(&file);
        self.sink.put(file)?;
        self.digests
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(digest);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_and_postings_are_compact() {
        let mut s = String::new();
        for n in [0, 1, 31, 32, 1000] {
            push_number(&mut s, n);
        }
        assert_eq!(s, "01vB0-8");
        // Documents 0, 1 (twice), 5 (four times), with field lengths 3, 4 and 40.
        assert_eq!(
            encode_postings(&[(0, 1), (1, 2), (5, 4)], |doc| [3, 4, 0, 0, 0, 40]
                [doc as usize]),
            "0310472B8"
        );
    }

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
