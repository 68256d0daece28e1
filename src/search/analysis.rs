//! Analyses the search documents into postings, as elasticlunr-rs's `Index::add_doc` would.
//!
//! Owns: the Dutch tokenizer, trimmer, stop words and Snowball stemmer of elasticlunr-rs, run
//! once per distinct spelling, on all cores; the flat postings the index is written from.
//! Does not: write any file (shards.rs does).
//!
//! elasticlunr-rs's `Index` keeps a trie of B-tree maps keyed by strings; for 10,000 lessons it
//! needs minutes and gigabytes. Here the same analysis feeds flat postings:
//! `term → field → [(doc, count)]` and the field lengths; the term frequency is `sqrt(count)`
//! exactly as `Index::add_doc` computes it (a unit test compares both with `Index` itself).

use elasticlunr::lang::common::{RegexTrimmer, RustStemmer, StopWordFilter};
use elasticlunr::lang::Language;
use elasticlunr::pipeline::Pipeline;
use rayon::prelude::*;

use super::language::SearchLanguage;
use super::SearchDoc;

/// Documents analysed together by one core.
const BATCH_DOCS: usize = 512;

/// A word the pipeline drops (stop word, no Latin letter, too long).
const DROPPED: u32 = u32::MAX;

/// The longest word that is indexed, in characters (as split, before lower-casing). A longer
/// one is no word a reader types (a pasted hash, a URL, a run of letters); leaving it out keeps
/// every term, and so the depth of the index's trie, bounded. search-core.js drops the same.
pub const MAX_TOKEN_CHARS: usize = 64;

/// True for a word longer than `MAX_TOKEN_CHARS`.
pub fn too_long(word: &str) -> bool {
    word.len() > MAX_TOKEN_CHARS && word.chars().nth(MAX_TOKEN_CHARS).is_some()
}

/// Words that are never indexed nor searched: articles, prepositions, conjunctions and pronouns.
/// Kept in the same order in js/search-core.js (STOP_WORDS).
pub const STOP_WORDS: &[&str] = &[
    "", "aan", "al", "als", "bij", "dan", "dat", "de", "der", "deze", "die", "dit", "door", "dus",
    "een", "en", "er", "ge", "haar", "hem", "het", "hij", "hun", "in", "is", "je", "me", "men",
    "met", "mij", "mijn", "na", "naar", "of", "om", "ons", "op", "over", "te", "tot", "u", "uit",
    "uw", "van", "voor", "want", "was", "ze", "zich", "zij", "zo",
];

/// leerpad's Dutch pipeline: elasticlunr-rs's tokenizer and Snowball stemmer, a trimmer that
/// keeps digits, and `STOP_WORDS`.
#[derive(Clone, Copy, Default)]
pub struct SearchDutch;

impl Language for SearchDutch {
    fn name(&self) -> String {
        "Dutch".into()
    }

    fn code(&self) -> String {
        "du".into()
    }

    /// elasticlunr-rs's `tokenize_whitespace` (`words_of` splits alike), without the words
    /// over `MAX_TOKEN_CHARS`, as `analyze_word` and search-core.js's `tokenize` drop them.
    fn tokenize(&self, text: &str) -> Vec<String> {
        words_of(text)
            .filter(|w| !too_long(w))
            .map(str::to_lowercase)
            .collect()
    }

    fn make_pipeline(&self) -> Pipeline {
        Pipeline {
            queue: vec![
                Box::new(RegexTrimmer::new("trimmer-du", r"\p{Latin}0-9")),
                Box::new(StopWordFilter::new("stopWordFilter-du", STOP_WORDS)),
                Box::new(RustStemmer::new(
                    "stemmer-du",
                    rust_stemmers::Algorithm::Dutch,
                )),
            ],
        }
    }
}

/// One word as the index holds it (its term), or `None` when the pipeline drops it or it is
/// longer than `MAX_TOKEN_CHARS`.
pub(super) fn analyze_word(pipeline: &Pipeline, raw: &str) -> Option<String> {
    if too_long(raw) {
        return None;
    }
    pipeline.run(vec![raw.trim().to_lowercase()]).pop()
}

/// The terms of `text` as the index holds them, for words that are not in a document.
pub fn terms_of(text: &str, language: SearchLanguage) -> Vec<String> {
    let pipeline = language.pipeline();
    words_of(text)
        .filter_map(|raw| analyze_word(&pipeline, raw))
        .collect()
}

/// The documents as elasticlunr-rs's `Index::add_doc` would index them.
#[derive(Default)]
pub struct Analysis {
    /// Term by id (ids in order of first appearance).
    pub terms: Vec<String>,
    /// Per term, per field: `(document, count)`, by ascending document.
    pub postings: Vec<[Vec<(u32, u32)>; 3]>,
    /// Per document, per field: the number of indexed words.
    pub lengths: Vec<[u32; 3]>,
}

/// Per field (title, context, body): `(id, count)` pairs, an id being a document's or a term's.
type Lists = [Vec<(u32, u32)>; 3];

/// One batch of documents. A term id with `LOCAL` set indexes the batch's own vocabulary.
struct Batch<'a> {
    vocabulary: Vec<String>,
    /// Spellings the shared memo did not know yet, with their local term id (or `DROPPED`).
    spellings: Vec<(&'a str, u32)>,
    docs: Vec<Lists>,
    lengths: Vec<[u32; 3]>,
}

const LOCAL: u32 = 1 << 31;

/// Analyses `docs` on all cores, a few batches at a time so that memory stays flat. A memo
/// of every spelling seen (`Kinderen` → the id of `kinder`) is shared by later batches, so the
/// pipeline (a regex, a hash set and the stemmer) runs about once per distinct spelling.
#[cfg(test)]
pub fn analyze(docs: &[SearchDoc]) -> Analysis {
    analyze_in(docs, SearchLanguage::Dutch)
}

/// `analyze` with the pipeline of `language` (see language.rs).
pub fn analyze_in(docs: &[SearchDoc], language: SearchLanguage) -> Analysis {
    analyze_in_batches(docs, BATCH_DOCS, language)
}

fn analyze_in_batches(docs: &[SearchDoc], batch_docs: usize, language: SearchLanguage) -> Analysis {
    let mut out = Analysis {
        terms: Vec::new(),
        postings: Vec::new(),
        lengths: Vec::with_capacity(docs.len()),
    };
    let mut ids: FastMap<String, u32> = FastMap::default();
    let mut memo: FastMap<String, u32> = FastMap::default();
    // Each document's terms (global ids) and counts per field, by batch in document order.
    let mut analysed: Vec<Vec<Lists>> = Vec::new();
    let window = batch_docs * 2 * rayon::current_num_threads().max(1);
    for slice in docs.chunks(window) {
        let batches: Vec<Batch> = slice
            .par_chunks(batch_docs)
            .map(|part| analyze_batch(part, &memo, &ids, language))
            .collect();
        // In order, the terms new to the index get their ids, and the spellings their terms';
        // the documents' lists then take the global ids on all cores.
        let mut window_docs = Vec::with_capacity(batches.len());
        for batch in batches {
            let global: Vec<u32> = batch
                .vocabulary
                .into_iter()
                .map(|term| match ids.get(&term) {
                    Some(&id) => id,
                    None => {
                        let id = out.terms.len() as u32;
                        out.terms.push(term.clone());
                        ids.insert(term, id);
                        id
                    }
                })
                .collect();
            let resolve = |id: u32| match id != DROPPED && id & LOCAL != 0 {
                true => global[(id & !LOCAL) as usize],
                false => id,
            };
            for (spelling, id) in batch.spellings {
                memo.entry(spelling.to_string())
                    .or_insert_with(|| resolve(id));
            }
            out.lengths.extend(batch.lengths);
            window_docs.push((batch.docs, global));
        }
        analysed.par_extend(window_docs.into_par_iter().map(|(mut docs, global)| {
            for list in docs.iter_mut().flatten() {
                for (id, _) in list.iter_mut() {
                    if *id & LOCAL != 0 {
                        *id = global[(*id & !LOCAL) as usize];
                    }
                }
            }
            docs
        }));
    }
    out.postings = postings_by_term(&analysed, out.terms.len());
    out
}

/// Per term, per field, its `(document, count)` by ascending document, from each document's
/// lists (`by_batch`, in document order): on all cores, each for a range of terms, in lists
/// of the exact size.
fn postings_by_term(by_batch: &[Vec<Lists>], terms: usize) -> Vec<Lists> {
    let mut postings: Vec<Lists> = Vec::with_capacity(terms);
    postings.resize_with(terms, Default::default);
    let range = terms
        .div_ceil(4 * rayon::current_num_threads().max(1))
        .max(1);
    postings
        .par_chunks_mut(range)
        .enumerate()
        .for_each(|(chunk, lists)| {
            let first = chunk * range;
            let len = lists.len();
            let mine = |id: u32| (id as usize).checked_sub(first).filter(|&i| i < len);
            let mut counts = vec![[0usize; 3]; lists.len()];
            let all = || by_batch.iter().flatten();
            for fields in all() {
                for (field, list) in fields.iter().enumerate() {
                    for &(id, _) in list {
                        if let Some(i) = mine(id) {
                            counts[i][field] += 1;
                        }
                    }
                }
            }
            for (list, count) in lists.iter_mut().zip(&counts) {
                for field in 0..3 {
                    list[field] = Vec::with_capacity(count[field]);
                }
            }
            for (doc, fields) in all().enumerate() {
                for (field, list) in fields.iter().enumerate() {
                    for &(id, count) in list {
                        if let Some(i) = mine(id) {
                            lists[i][field].push((doc as u32, count));
                        }
                    }
                }
            }
        });
    postings
}

/// `memo` maps spellings and `ids` terms to the ids of earlier batches.
fn analyze_batch<'a>(
    docs: &'a [SearchDoc],
    memo: &FastMap<String, u32>,
    ids: &FastMap<String, u32>,
    language: SearchLanguage,
) -> Batch<'a> {
    let pipeline = language.pipeline();
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
        let mut fields: Lists = Default::default();
        let mut lengths = [0u32; 3];
        for (field, text) in [doc.title.as_str(), doc.context.as_str(), &doc.body]
            .into_iter()
            .enumerate()
        {
            words.clear();
            for raw in words_of(text) {
                // The batch's own memo first: it is small enough to stay in the cache.
                let id = *seen.entry(raw).or_insert_with(|| match memo.get(raw) {
                    Some(&id) => id,
                    None => {
                        let id = match analyze_word(&pipeline, raw) {
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
pub(super) fn words_of(text: &str) -> impl Iterator<Item = &str> {
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
type FastMap<K, V> = rustc_hash::FxHashMap<K, V>;

/// What elasticlunr-rs's own `Index` writes for `docs`: what the tests hold both forms to.
#[cfg(test)]
pub(super) fn elasticlunr_json(docs: &[SearchDoc]) -> serde_json::Value {
    let mut index = elasticlunr::IndexBuilder::with_language(Box::new(SearchDutch))
        .add_fields(&super::FIELDS)
        .build();
    for (i, d) in docs.iter().enumerate() {
        index.add_doc(
            &i.to_string(),
            [d.title.as_str(), d.context.as_str(), &d.body],
        );
    }
    serde_json::from_str(&index.to_json()).expect("elasticlunr's index JSON")
}

/// The node of `term` in the trie of `field` of an `elasticlunr_json` index (its `df` and
/// `docs`); `Null` when the term is not there.
#[cfg(test)]
pub(super) fn oracle_node<'a>(
    oracle: &'a serde_json::Value,
    field: &str,
    term: &str,
) -> &'a serde_json::Value {
    term.chars()
        .fold(&oracle["index"][field]["root"], |node, c| {
            &node[c.to_string()]
        })
}

/// How many (term, document) postings the tries of `fields` hold, to prove none was missed.
#[cfg(test)]
pub(super) fn oracle_postings(oracle: &serde_json::Value, fields: &[&str]) -> usize {
    // The tries are as deep as the longest word (64 characters at most): a stack, no recursion.
    let mut stack: Vec<&serde_json::Value> = fields
        .iter()
        .map(|f| &oracle["index"][*f]["root"])
        .collect();
    let mut total = 0;
    while let Some(node) = stack.pop() {
        total += node["docs"].as_object().map_or(0, |d| d.len());
        if let Some(children) = node.as_object() {
            stack.extend(
                children
                    .iter()
                    .filter(|(k, _)| *k != "docs" && *k != "df")
                    .map(|(_, v)| v),
            );
        }
    }
    total
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::FIELDS;

    fn doc(title: &str, context: &str, body: &str) -> SearchDoc<'static> {
        SearchDoc {
            url: String::new(),
            title: title.to_string(),
            context: context.to_string(),
            body: body.to_string().into(),
            crumb: String::new(),
            kind: "section",
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
        let json = elasticlunr_json(&docs);
        // One document per batch: later batches meet spellings and terms of earlier ones.
        let analysis = analyze_in_batches(&docs, 1, SearchLanguage::Dutch);
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
                let node = oracle_node(&json, field, term);
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
        let total = oracle_postings(&json, &FIELDS);
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
    fn words_longer_than_the_bound_are_not_indexed() {
        let at_bound = "é".repeat(MAX_TOKEN_CHARS);
        let over = format!("{at_bound}e");
        let long = "a".repeat(20_000);
        let analysis = analyze(&[doc(&long, &over, &format!("{at_bound} kind {long}"))]);
        assert_eq!(analysis.terms.len(), 2, "{:?}", analysis.terms);
        assert!(analysis
            .terms
            .iter()
            .all(|t| t.chars().count() <= MAX_TOKEN_CHARS));
        assert_eq!(analysis.lengths, [[0, 0, 2]]);
    }
}
