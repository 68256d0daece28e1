//! The search analysis kept between `serve`'s rebuilds: each document's terms and counts, by
//! a key of the text it was analysed from, so a save analyses only the documents it changed.
//!
//! Owns: the per-document analyses and the spellings and terms seen so far in a session, and
//! putting an `Analysis` together from them that is the one `analysis::analyze_in` makes for the
//! same documents (the same terms with the same postings and lengths; term ids may come in
//! another order, which no file of the index shows: shards.rs orders terms by their text).
//! Does not: write any file, or know what a document is made from.

use std::hash::Hasher as _;
use std::sync::Mutex;

use rayon::prelude::*;
use xxhash_rust::xxh3::Xxh3;

use super::analysis::{self, Analysis};
use super::language::SearchLanguage;
use super::SearchDoc;

/// Above this many documents to analyse, the batch analysis of all of them is faster than
/// one by one (a first build, a new glossary).
const ONE_BY_ONE: usize = 256;

/// What a session keeps of the search analysis.
#[derive(Default)]
pub struct KeptAnalysis {
    inner: Mutex<Inner>,
}

#[derive(Default)]
struct Inner {
    /// The language all of it is of: another one starts over.
    language: Option<SearchLanguage>,
    /// Every term seen in the session, by id, and the id of each.
    terms: Vec<String>,
    ids: rustc_hash::FxHashMap<String, u32>,
    /// Spellings seen, with their term id (`None`: the pipeline drops the word).
    spellings: rustc_hash::FxHashMap<String, Option<u32>>,
    /// The analysis of each document of the last build, by `doc_key`.
    docs: rustc_hash::FxHashMap<u64, DocTerms>,
}

/// One document's terms (session ids) with their count per field, and its field lengths.
#[derive(Clone)]
struct DocTerms {
    fields: [Vec<(u32, u32)>; 3],
    lengths: [u32; 3],
}

fn doc_key(doc: &SearchDoc, language: SearchLanguage) -> u64 {
    let mut hash = Xxh3::new();
    hash.write_u64(language as u64);
    for text in [doc.title.as_str(), doc.context.as_str(), &doc.body] {
        hash.write_u64(text.len() as u64);
        hash.update(text.as_bytes());
    }
    hash.digest()
}

impl Inner {
    /// Forgets everything when the site's language changed.
    fn for_language(&mut self, language: SearchLanguage) -> &mut Self {
        if self.language != Some(language) {
            *self = Inner {
                language: Some(language),
                ..Inner::default()
            };
        }
        self
    }

    fn id(&mut self, term: String) -> u32 {
        if let Some(&id) = self.ids.get(&term) {
            return id;
        }
        let id = self.terms.len() as u32;
        self.terms.push(term.clone());
        self.ids.insert(term, id);
        id
    }

    /// Analyses one document as `analysis::analyze_in` does, word by word.
    fn analyze(&mut self, doc: &SearchDoc, language: SearchLanguage) -> DocTerms {
        let mut pipeline = None;
        let mut out = DocTerms {
            fields: Default::default(),
            lengths: [0; 3],
        };
        let mut words = Vec::new();
        for (field, text) in [doc.title.as_str(), doc.context.as_str(), &doc.body]
            .into_iter()
            .enumerate()
        {
            words.clear();
            for raw in analysis::words_of(text) {
                let id = match self.spellings.get(raw) {
                    Some(&id) => id,
                    None => {
                        let pipeline = pipeline.get_or_insert_with(|| language.pipeline());
                        let id = analysis::analyze_word(pipeline, raw).map(|t| self.id(t));
                        self.spellings.insert(raw.to_string(), id);
                        id
                    }
                };
                words.extend(id);
            }
            out.lengths[field] = words.len() as u32;
            words.sort_unstable();
            for run in words.chunk_by(|a, b| a == b) {
                out.fields[field].push((run[0], run.len() as u32));
            }
        }
        out
    }

    /// Takes the per-document analyses out of a whole `analysis` of `docs`.
    fn split(&mut self, analysis: &Analysis, keys: &[u64]) {
        let ids: Vec<u32> = analysis.terms.iter().map(|t| self.id(t.clone())).collect();
        let mut per_doc: Vec<DocTerms> = analysis
            .lengths
            .iter()
            .map(|&lengths| DocTerms {
                fields: Default::default(),
                lengths,
            })
            .collect();
        for (term, postings) in analysis.postings.iter().enumerate() {
            for (field, list) in postings.iter().enumerate() {
                for &(doc, count) in list {
                    per_doc[doc as usize].fields[field].push((ids[term], count));
                }
            }
        }
        for (key, terms) in keys.iter().zip(per_doc) {
            self.docs.insert(*key, terms);
        }
    }
}

impl KeptAnalysis {
    /// `analysis::terms_of`, with the spellings of the session (place names, every build).
    pub(super) fn terms_of(&self, text: &str, language: SearchLanguage) -> Vec<String> {
        let mut inner = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        let inner = inner.for_language(language);
        let mut pipeline = None;
        let mut out = Vec::new();
        for raw in analysis::words_of(text) {
            let id = match inner.spellings.get(raw) {
                Some(&id) => id,
                None => {
                    let pipeline = pipeline.get_or_insert_with(|| language.pipeline());
                    let id = analysis::analyze_word(pipeline, raw).map(|t| inner.id(t));
                    inner.spellings.insert(raw.to_string(), id);
                    id
                }
            };
            out.extend(id.map(|id| inner.terms[id as usize].clone()));
        }
        out
    }

    /// The analysis of `docs`, equal to `analysis::analyze_in(docs, language)` but for the
    /// order of term ids, reusing the documents whose text was analysed before.
    pub(super) fn analyze(&self, docs: &[SearchDoc], language: SearchLanguage) -> Analysis {
        self.analyze_with(docs, language, ONE_BY_ONE)
    }

    /// `analyze`, analysing the documents one by one when at most `one_by_one` are new.
    fn analyze_with(
        &self,
        docs: &[SearchDoc],
        language: SearchLanguage,
        one_by_one: usize,
    ) -> Analysis {
        let mut inner = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        let inner = inner.for_language(language);
        let keys: Vec<u64> = docs.par_iter().map(|d| doc_key(d, language)).collect();
        let mut last = std::mem::take(&mut inner.docs);
        let new = keys.iter().filter(|k| !last.contains_key(k)).count();
        if new > one_by_one {
            let analysis = analysis::analyze_in(docs, language);
            inner.split(&analysis, &keys);
            return analysis;
        }
        let mut out = Analysis {
            terms: Vec::new(),
            postings: Vec::new(),
            lengths: Vec::with_capacity(docs.len()),
        };
        let mut local: Vec<u32> = Vec::new();
        for (n, (doc, key)) in docs.iter().zip(&keys).enumerate() {
            let terms = match last.remove(key).or_else(|| inner.docs.get(key).cloned()) {
                Some(terms) => terms,
                None => inner.analyze(doc, language),
            };
            local.resize(inner.terms.len(), u32::MAX);
            for (field, list) in terms.fields.iter().enumerate() {
                for &(id, count) in list {
                    let slot = &mut local[id as usize];
                    if *slot == u32::MAX {
                        *slot = out.terms.len() as u32;
                        out.terms.push(inner.terms[id as usize].clone());
                        out.postings.push(Default::default());
                    }
                    out.postings[*slot as usize][field].push((n as u32, count));
                }
            }
            out.lengths.push(terms.lengths);
            inner.docs.insert(*key, terms);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use std::borrow::Cow;
    use std::collections::BTreeMap;

    use super::*;

    fn doc(title: &str, body: &str) -> SearchDoc<'static> {
        SearchDoc {
            url: format!("{title}/"),
            title: title.to_string(),
            context: "Kinderen en ouders".to_string(),
            body: Cow::Owned(body.to_string()),
            crumb: String::new(),
            kind: "lesson",
        }
    }

    type ByTerm = BTreeMap<String, [Vec<(u32, u32)>; 3]>;

    /// The analysis with terms by their text, as the index files show it.
    fn by_term(a: &Analysis) -> (ByTerm, Vec<[u32; 3]>) {
        let terms = a
            .terms
            .iter()
            .cloned()
            .zip(a.postings.iter().cloned())
            .collect();
        (terms, a.lengths.clone())
    }

    #[test]
    fn kept_analyses_add_up_to_the_analysis_of_all_documents() {
        let language = SearchLanguage::Dutch;
        let mut docs = vec![
            doc(
                "Signalen",
                "Een kind dat zich terugtrekt; kinderen die zwijgen.",
            ),
            doc("Gesprek", "Praat met de ouders. Ouders willen het beste."),
            doc("Melden", "Bel het VK bij twijfel. Signalen noteer je."),
        ];
        let kept = KeptAnalysis::default();
        for one_by_one in [0, 100] {
            // 0: the first build analyses all together and splits; 100: one by one.
            let got = kept.analyze_with(&docs, language, one_by_one);
            assert_eq!(
                by_term(&got),
                by_term(&analysis::analyze_in(&docs, language))
            );
        }
        docs[1] = doc("Gesprek", "Luister eerst. Een nieuw woord: zorgpad.");
        docs.remove(0);
        docs.push(doc(
            "Signalen",
            "Een kind dat zich terugtrekt; kinderen die zwijgen.",
        ));
        let got = kept.analyze(&docs, language);
        assert_eq!(
            by_term(&got),
            by_term(&analysis::analyze_in(&docs, language))
        );
        assert_eq!(
            kept.terms_of("Kinderen in Boom", language),
            analysis::terms_of("Kinderen in Boom", language)
        );
    }
}
