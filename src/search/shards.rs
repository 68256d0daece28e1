//! The split form of the search index, for sites too large for one file.
//!
//! Owns: analysing the documents with elasticlunr-rs's Dutch tokenizer and pipeline into
//! postings, and the files of the split index (their layout, sizes and encoding).
//! Does not: choose what is searchable (mod.rs) or rank (js/search-core.js, on data that
//! js/search-shards.js decodes from these files).
//!
//! elasticlunr-rs's `Index` keeps a trie of B-tree maps keyed by strings; for 10,000 lessons it
//! needs minutes and gigabytes, most of it to serialize a form we only pick apart again. Here
//! the same analysis (its tokenizer, trimmer, stop words and Snowball stemmer, run once per
//! distinct word) feeds flat postings: `term → field → [(doc, count)]`, the field lengths and the
//! term frequency `sqrt(count)` exactly as `Index::add_doc` computes them, so the browser scores
//! both forms alike (a unit test compares them with `Index` itself).
//!
//! Files, all classic scripts that call `window.LEERPAD_SEARCH_SHARD(name, data)` (no XHR, so
//! search works from file://); `zoeken/index.js` holds the manifest that maps keys to files:
//!
//! - `zoeken/terms/N.js`: a range of the sorted vocabulary with each term's document frequency
//!   (exact and prefix lookups);
//! - `zoeken/ends/N.js`: the same terms reversed and sorted, for Dutch compounds (a compound
//!   ends in the query word);
//! - `zoeken/postings/N.js`: the postings of a range of terms, per field;
//! - `zoeken/lengths/FIELD/N.js`: the lengths of a field in a range of documents (score
//!   normalisation);
//! - `zoeken/docs/N.js`: what a result shows, for a range of documents.
//!
//! Ranges are cut by size, so one file never holds much more than a query needs. Terms are
//! ordered by UTF-16 code units, the order of JavaScript's `<`, so the browser can bisect.

use std::cmp::Ordering;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use elasticlunr::lang::{Dutch, Language};
use rayon::prelude::*;
use serde::Serialize;
use serde_json::{json, Value};

use super::{stored_text, SearchDoc, Stored, FIELDS};
use crate::offline::{self, Digest};
use crate::render::OutputFile;

/// Raw bytes at which a file of terms, ends or postings is closed (a single larger term makes
/// a larger file). Small files keep a query's transfer close to what it needs; about 2.5 times
/// smaller once gzipped.
const TERMS_FILE_BYTES: usize = 12_000;
const POSTINGS_FILE_BYTES: usize = 16_000;
/// Postings of at most this many bytes (a term in a few documents) are also written beside
/// the term in its terms and ends files.
const INLINE_POSTINGS_BYTES: usize = 24;
/// Raw bytes of stored documents per file: a result costs at most one such file.
const DOCS_FILE_BYTES: usize = 10_000;
/// Documents per file of field lengths (a few bytes each).
const LENGTHS_PER_FILE: usize = 4096;
/// Documents analysed together by one core.
const BATCH_DOCS: usize = 512;

/// A word the pipeline drops (stop word, no Latin letter).
const DROPPED: u32 = u32::MAX;

/// The documents as elasticlunr-rs's `Index::add_doc` would index them.
pub struct Analysis {
    /// Term by id (ids in order of first appearance).
    pub terms: Vec<String>,
    /// Per term, per field: `(document, count)`, by ascending document.
    pub postings: Vec<[Vec<(u32, u32)>; 3]>,
    /// Per document, per field: the number of indexed words.
    pub lengths: Vec<[u32; 3]>,
}

/// One batch of documents. A term id with `LOCAL` set indexes the batch's own vocabulary.
struct Batch<'a> {
    vocabulary: Vec<String>,
    /// Spellings the shared memo did not know yet, with their local term id (or `DROPPED`).
    spellings: Vec<(&'a str, u32)>,
    docs: Vec<[Vec<(u32, u32)>; 3]>,
    lengths: Vec<[u32; 3]>,
}

const LOCAL: u32 = 1 << 31;

/// Analyses `docs` on all cores, a few batches at a time so that memory stays flat. A memo
/// of every spelling seen (`Kinderen` → the id of `kinder`) is shared by later batches, so the
/// pipeline (a regex, a hash set and the stemmer) runs about once per distinct spelling.
pub fn analyze(docs: &[SearchDoc]) -> Analysis {
    analyze_in_batches(docs, BATCH_DOCS)
}

fn analyze_in_batches(docs: &[SearchDoc], batch_docs: usize) -> Analysis {
    let mut out = Analysis {
        terms: Vec::new(),
        postings: Vec::new(),
        lengths: Vec::with_capacity(docs.len()),
    };
    let mut ids: FastMap<String, u32> = FastMap::default();
    let mut memo: FastMap<String, u32> = FastMap::default();
    let window = batch_docs * 2 * rayon::current_num_threads().max(1);
    for (w, slice) in docs.chunks(window).enumerate() {
        let batches: Vec<Batch> = slice
            .par_chunks(batch_docs)
            .map(|part| analyze_batch(part, &memo, &ids))
            .collect();
        let mut doc = (w * window) as u32;
        for batch in batches {
            let global: Vec<u32> = batch
                .vocabulary
                .into_iter()
                .map(|term| match ids.get(&term) {
                    Some(&id) => id,
                    None => {
                        let id = out.terms.len() as u32;
                        out.terms.push(term.clone());
                        out.postings.push(Default::default());
                        ids.insert(term, id);
                        id
                    }
                })
                .collect();
            let resolve = |id: u32| {
                if id != DROPPED && id & LOCAL != 0 {
                    global[(id & !LOCAL) as usize]
                } else {
                    id
                }
            };
            for (spelling, id) in batch.spellings {
                memo.entry(spelling.to_string())
                    .or_insert_with(|| resolve(id));
            }
            for (fields, lengths) in batch.docs.into_iter().zip(batch.lengths) {
                for (field, list) in fields.into_iter().enumerate() {
                    for (id, count) in list {
                        out.postings[resolve(id) as usize][field].push((doc, count));
                    }
                }
                out.lengths.push(lengths);
                doc += 1;
            }
        }
    }
    out
}

/// `memo` maps spellings and `ids` terms to the ids of earlier batches.
fn analyze_batch<'a>(
    docs: &'a [SearchDoc],
    memo: &FastMap<String, u32>,
    ids: &FastMap<String, u32>,
) -> Batch<'a> {
    let pipeline = Dutch::new().make_pipeline();
    let mut seen: FastMap<&'a str, u32> = FastMap::default();
    let mut local: FastMap<String, u32> = FastMap::default();
    let mut batch = Batch {
        vocabulary: Vec::new(),
        spellings: Vec::new(),
        docs: Vec::with_capacity(docs.len()),
        lengths: Vec::with_capacity(docs.len()),
    };
    let mut words: Vec<u32> = Vec::new();
    for doc in docs {
        let mut fields: [Vec<(u32, u32)>; 3] = Default::default();
        let mut lengths = [0u32; 3];
        for (field, text) in [&doc.title, &doc.context, &doc.body]
            .into_iter()
            .enumerate()
        {
            words.clear();
            for raw in words_of(text) {
                // The batch's own memo first: it is small enough to stay in the cache.
                let id = *seen.entry(raw).or_insert_with(|| match memo.get(raw) {
                    Some(&id) => id,
                    None => {
                        let id = match pipeline.run(vec![raw.trim().to_lowercase()]).pop() {
                            Some(term) => match ids.get(&term).or_else(|| local.get(&term)) {
                                Some(&id) => id,
                                None => {
                                    let id = batch.vocabulary.len() as u32 | LOCAL;
                                    batch.vocabulary.push(term.clone());
                                    local.insert(term, id);
                                    id
                                }
                            },
                            None => DROPPED,
                        };
                        batch.spellings.push((raw, id));
                        id
                    }
                });
                if id != DROPPED {
                    words.push(id);
                }
            }
            lengths[field] = words.len() as u32;
            words.sort_unstable();
            for run in words.chunk_by(|a, b| a == b) {
                fields[field].push((run[0], run.len() as u32));
            }
        }
        batch.docs.push(fields);
        batch.lengths.push(lengths);
    }
    batch
}

/// The words of `text` as elasticlunr::lang::tokenize_whitespace splits it (at whitespace and
/// `-`), before it lower-cases them: slices of `text`, decoding only non-ASCII characters.
fn words_of(text: &str) -> impl Iterator<Item = &str> {
    let bytes = text.as_bytes();
    let separator_at = move |i: usize| -> (bool, usize) {
        let b = bytes[i];
        if b < 0x80 {
            (b == b'-' || b == b' ' || (b'\t'..=b'\r').contains(&b), 1)
        } else {
            let c = text[i..].chars().next().unwrap_or(' ');
            (c.is_whitespace(), c.len_utf8())
        }
    };
    let mut pos = 0;
    std::iter::from_fn(move || {
        while pos < bytes.len() {
            let (separator, len) = separator_at(pos);
            if !separator {
                break;
            }
            pos += len;
        }
        let start = pos;
        while pos < bytes.len() {
            let (separator, len) = separator_at(pos);
            if separator {
                break;
            }
            pos += len;
        }
        (pos > start).then(|| &text[start..pos])
    })
}

/// A hash map with the Fx hash of rustc: words are short and not chosen by an attacker (they
/// come from the site's own content), so SipHash's protection is not worth its time here.
type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<FxHasher>>;

#[derive(Default)]
struct FxHasher(u64);

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            self.add(u64::from_le_bytes(c.try_into().unwrap_or_default()));
        }
        for &b in chunks.remainder() {
            self.add(u64::from(b));
        }
    }

    fn write_u8(&mut self, n: u8) {
        self.add(u64::from(n));
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

impl FxHasher {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

/// JavaScript's string order (UTF-16 code units), which differs from Rust's for characters
/// beyond U+FFFF. The common start is skipped bytewise (sorting 150,000 terms twice).
fn js_cmp(a: &str, b: &str) -> Ordering {
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
/// occurs more than once; then the count minus 2. Most postings are one character.
fn encode_postings(list: &[(u32, u32)]) -> String {
    let mut out = String::with_capacity(list.len() * 2);
    let mut next = 0u64;
    for &(doc, count) in list {
        let gap = u64::from(doc) - next;
        next = u64::from(doc) + 1;
        push_number(&mut out, gap * 2 + u64::from(count > 1));
        if count > 1 {
            push_number(&mut out, u64::from(count) - 2);
        }
    }
    out
}

fn encode_numbers(numbers: impl IntoIterator<Item = u64>) -> String {
    let mut out = String::new();
    for n in numbers {
        push_number(&mut out, n);
    }
    out
}

// ------------------------------------------------------------------ files

/// Cuts `items` into consecutive runs of about `target` bytes (`size` of each item).
fn runs<T>(items: &[T], target: usize, size: impl Fn(&T) -> usize) -> Vec<std::ops::Range<usize>> {
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

/// A shard script: registers `data` under `name`.
fn shard(name: &str, data: &impl Serialize) -> OutputFile {
    OutputFile::new(
        format!("zoeken/{name}.js"),
        format!(
            "window.LEERPAD_SEARCH_SHARD('{name}', JSON.parse('{}'));\n",
            super::js_string_json(data)
        ),
    )
}

/// The shard files of the split index and the `shards` entry of its manifest.
pub fn files(docs: &[SearchDoc], analysis: &Analysis) -> (Value, Vec<OutputFile>) {
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
    let mut files = Vec::new();
    // Postings, in term order.
    let encoded: Vec<[String; 3]> = order
        .par_iter()
        .map(|&id| {
            let p = &analysis.postings[id as usize];
            [
                encode_postings(&p[0]),
                encode_postings(&p[1]),
                encode_postings(&p[2]),
            ]
        })
        .collect();
    // A rare term's postings also go with its entry in the terms and ends files: the many rare
    // compounds and completions of a query word then cost no postings file each.
    let inline = |pos: usize| -> String {
        let [a, b, c] = &encoded[pos];
        if a.len() + b.len() + c.len() <= INLINE_POSTINGS_BYTES {
            format!("{a},{b},{c}")
        } else {
            "!".to_string()
        }
    };

    // Terms, in order, with their document frequency over all fields (compounds are ranked by
    // it before their postings are loaded).
    let keys: Vec<&str> = order.iter().map(|&id| term(id)).collect();
    let inline_bytes: Vec<usize> = encoded
        .iter()
        .map(|e| {
            let bytes = e.iter().map(String::len).sum::<usize>();
            if bytes <= INLINE_POSTINGS_BYTES {
                bytes + 3
            } else {
                2
            }
        })
        .collect();
    let positions: Vec<usize> = (0..order.len()).collect();
    let term_runs = runs(&positions, TERMS_FILE_BYTES, |&pos| {
        keys[pos].len() + 2 + inline_bytes[pos]
    });
    let term_files: Vec<OutputFile> = term_runs
        .par_iter()
        .enumerate()
        .map(|(i, r)| {
            let data = TermsFile {
                terms: keys[r.clone()].join(" "),
                df: encode_numbers(order[r.clone()].iter().map(|&id| df(id))),
                inline: r.clone().map(inline).collect::<Vec<_>>().join(";"),
            };
            shard(&format!("terms/{i}"), &data)
        })
        .collect();
    files.extend(term_files);
    let term_bounds = boundaries(&keys, &term_runs);

    // The same terms reversed ("kindermishandel" → "lednahsimrednik"): the compounds that end
    // in a word are one range. Entries: (reversed term, position in `order`).
    let mut ends: Vec<(String, usize)> = keys
        .iter()
        .enumerate()
        .map(|(pos, t)| (reversed(t), pos))
        .collect();
    ends.par_sort_unstable_by(|a, b| js_cmp(&a.0, &b.0));
    let end_keys: Vec<&str> = ends.iter().map(|(r, _)| r.as_str()).collect();
    let end_runs = runs(&ends, TERMS_FILE_BYTES, |(r, pos)| {
        r.len() + 2 + inline_bytes[*pos]
    });
    let end_files: Vec<OutputFile> = end_runs
        .par_iter()
        .enumerate()
        .map(|(i, r)| {
            let part = &ends[r.clone()];
            let data = TermsFile {
                terms: end_keys[r.clone()].join(" "),
                df: encode_numbers(part.iter().map(|&(_, pos)| df(order[pos]))),
                inline: part
                    .iter()
                    .map(|&(_, pos)| inline(pos))
                    .collect::<Vec<_>>()
                    .join(";"),
            };
            shard(&format!("ends/{i}"), &data)
        })
        .collect();
    files.extend(end_files);
    let end_bounds = boundaries(&end_keys, &end_runs);

    let posting_runs = runs(&encoded, POSTINGS_FILE_BYTES, |e| {
        e.iter().map(String::len).sum::<usize>() + 12
    });
    let posting_files: Vec<OutputFile> = posting_runs
        .par_iter()
        .enumerate()
        .map(|(i, r)| {
            let data = PostingsFile {
                terms: keys[r.clone()].join(" "),
                postings: encoded[r.clone()]
                    .iter()
                    .map(|[a, b, c]| [a.as_str(), b.as_str(), c.as_str()])
                    .collect(),
            };
            shard(&format!("postings/{i}"), &data)
        })
        .collect();
    files.extend(posting_files);
    let posting_bounds = boundaries(&keys, &posting_runs);

    // Field lengths, by field and document: a query loads those of the fields its words are in.
    for (f, field) in FIELDS.iter().enumerate() {
        for (i, part) in analysis.lengths.chunks(LENGTHS_PER_FILE).enumerate() {
            let data = encode_numbers(part.iter().map(|l| u64::from(l[f])));
            files.push(shard(&format!("lengths/{field}/{i}"), &data));
        }
    }

    // What results show, by document: as many per file as fit in DOCS_FILE_BYTES on average.
    let stored: Vec<Stored> = docs
        .par_iter()
        .map(|d| Stored {
            url: &d.url,
            title: &d.title,
            crumb: &d.crumb,
            text: stored_text(&d.body),
        })
        .collect();
    let stored_bytes: usize = stored
        .iter()
        .map(|s| s.url.len() + s.title.len() + s.crumb.len() + s.text.len() + 40)
        .sum();
    let docs_per_file = (DOCS_FILE_BYTES * stored.len().max(1) / stored_bytes.max(1)).clamp(1, 256);
    let doc_files: Vec<OutputFile> = stored
        .par_chunks(docs_per_file)
        .enumerate()
        .map(|(i, part)| shard(&format!("docs/{i}"), &part))
        .collect();
    files.extend(doc_files);

    let digests: Vec<Digest> = files.iter().map(Digest::of).collect();
    let manifest = json!({
        "version": offline::version(&digests),
        "fields": FIELDS,
        "docs": docs.len(),
        "terms": order.len(),
        "termFiles": term_bounds,
        "endFiles": end_bounds,
        "postingFiles": posting_bounds,
        "lengthsPerFile": LENGTHS_PER_FILE,
        "docsPerFile": docs_per_file,
    });
    (manifest, files)
}

#[cfg(test)]
mod tests {
    use super::*;
    use elasticlunr::IndexBuilder;

    fn doc(title: &str, context: &str, body: &str) -> SearchDoc {
        SearchDoc {
            url: String::new(),
            title: title.to_string(),
            context: context.to_string(),
            body: body.to_string(),
            crumb: String::new(),
        }
    }

    /// Every posting, field length and frequency of `analyze` equals what elasticlunr-rs's
    /// `Index` computes for the same documents.
    #[test]
    fn the_analysis_equals_elasticlunr() {
        let docs = vec![
            doc(
                "Kindermishandeling",
                "Ouders, 1G1P",
                "De ouders werken niet mee. Niet-pluisgevoel: (blauwe) plekken, plekken!",
            ),
            doc(
                "VK — Vertrouwenscentrum",
                "",
                "ÉÉN kind, één Kind; kinderen\u{a0}en\u{2028}ouders 12 açs",
            ),
            doc("", "", "   "),
            doc(
                "Zorg",
                "zorg zorg",
                "thuisveiligheid veiligheid onveilig 😀x a😀b",
            ),
        ];
        // Later batches meet known spellings ("kind") next to new ones of a known term ("KIND").
        let mut docs = docs;
        for _ in 0..80 {
            docs.push(doc("Kind", "ouders", "kind kinder Kinderen"));
        }
        docs.push(doc(
            "KINDEREN",
            "Kind",
            "kind KIND Kind kinder ouders Ouders",
        ));
        let mut index = IndexBuilder::with_language(Box::new(Dutch::new()))
            .add_fields(FIELDS)
            .build();
        for (i, d) in docs.iter().enumerate() {
            index.add_doc(&i.to_string(), [&d.title, &d.context, &d.body]);
        }
        let json: Value = serde_json::from_str(&index.to_json()).unwrap();
        // One document per batch: later batches meet spellings and terms of earlier ones.
        let analysis = analyze_in_batches(&docs, 1);
        assert_eq!(analysis.terms, analyze(&docs).terms);

        for (i, lengths) in analysis.lengths.iter().enumerate() {
            for (f, field) in FIELDS.iter().enumerate() {
                assert_eq!(
                    json["documentStore"]["docInfo"][i.to_string()][field],
                    lengths[f],
                    "length of {field} in doc {i}"
                );
            }
        }
        let mut seen = 0;
        for (id, term) in analysis.terms.iter().enumerate() {
            for (f, field) in FIELDS.iter().enumerate() {
                let mut node = &json["index"][field]["root"];
                for c in term.chars() {
                    node = &node[c.to_string()];
                }
                let list = &analysis.postings[id][f];
                assert_eq!(
                    node["df"].as_u64().unwrap_or(0),
                    list.len() as u64,
                    "{term}"
                );
                for &(d, count) in list {
                    let tf = node["docs"][d.to_string()]["tf"].as_f64().unwrap();
                    assert_eq!(tf, (count as f64).sqrt(), "{term} in {d}");
                    seen += 1;
                }
            }
        }
        // And no term of the index is missing.
        fn count(node: &Value) -> usize {
            let own = node["docs"].as_object().map_or(0, |d| d.len());
            own + node
                .as_object()
                .unwrap()
                .iter()
                .filter(|(k, _)| *k != "docs" && *k != "df")
                .map(|(_, v)| count(v))
                .sum::<usize>()
        }
        let total: usize = FIELDS
            .iter()
            .map(|f| count(&json["index"][f]["root"]))
            .sum();
        assert_eq!(seen, total);
    }

    #[test]
    fn words_are_split_as_elasticlunr_splits_them() {
        for text in [
            "  Kinder-mishandeling\u{a0}en\u{85}Ouders  -  VK\t\n\r\u{b}\u{c}x",
            "a\u{feff}b\u{2028}c\u{3000}d—e é😀f\u{1c}g\u{1f}h",
            "",
            "---",
        ] {
            let ours: Vec<String> = words_of(text).map(str::to_lowercase).collect();
            assert_eq!(
                ours,
                elasticlunr::lang::tokenize_whitespace(text),
                "{text:?}"
            );
        }
    }

    #[test]
    fn numbers_and_postings_are_compact() {
        let mut s = String::new();
        for n in [0, 1, 31, 32, 1000] {
            push_number(&mut s, n);
        }
        assert_eq!(s, "01vB0-8");
        // Documents 0, 1 (twice), 5 (four times).
        assert_eq!(encode_postings(&[(0, 1), (1, 2), (5, 4)]), "01072");
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
    fn runs_cover_every_item_once() {
        let items = [5, 5, 5, 20, 1, 1];
        let r = runs(&items, 10, |&n| n);
        assert_eq!(r, vec![0..2, 2..4, 4..6]);
        assert_eq!(runs(&[] as &[u32], 10, |_| 1), vec![0..0]);
    }
}
