//! The search index kept between `serve`'s rebuilds: each document's terms and counts, by a key
//! of the text it was analysed from, and the postings of all of them, so a save analyses only
//! the documents it changed and updates the postings of their terms alone.
//!
//! Owns: the per-document analyses, the spellings and terms seen so far in a session, the
//! postings of the last build by term (session ids) and what the shards keep (shards.rs). The
//! `Analysis` it holds is the one `analysis::analyze_in` makes for the same documents (the same
//! terms with the same postings and lengths) but for term ids, which come in another order, and
//! for terms of the session no document has any more, which have no postings: no file of the
//! index shows either (shards.rs orders the terms with postings by their text).
//! Does not: write any file, or know what a document is made from.

use std::hash::Hasher as _;
use std::sync::{Mutex, MutexGuard};

use rayon::prelude::*;
use rustc_hash::FxHashMap;
use xxhash_rust::xxh3::{xxh3_64, Xxh3};

use super::analysis::{self, Analysis};
use super::language::SearchLanguage;
use super::shards::KeptShards;
use super::terms::Changed;
use super::SearchDoc;

/// Above this many documents to analyse, the batch analysis of all of them is faster than
/// one by one (a first build, a new glossary).
const ONE_BY_ONE: usize = 256;

/// What a session keeps of the search index.
#[derive(Default)]
pub struct KeptAnalysis {
    inner: Mutex<Kept>,
}

/// The index of the last build of a session.
#[derive(Default)]
pub(super) struct Kept {
    /// The language all of it is of: another one starts over.
    language: Option<SearchLanguage>,
    /// Every term seen in the session by id (`index.terms`), with the postings of the last
    /// build's documents (none for a term that no document has any more), and their lengths.
    index: Analysis,
    ids: FxHashMap<String, u32>,
    /// Spellings seen, with their term id (`None`: the pipeline drops the word).
    spellings: FxHashMap<String, Option<u32>>,
    /// The last build's documents, in order: the key of each and its analysis.
    docs: Vec<(u64, DocTerms)>,
    /// Per document of the last build, a key of all it is made of (see `full_key`).
    full_keys: Vec<u64>,
    shards: KeptShards,
}

/// One document's terms (session ids) with their count per field, and its field lengths.
#[derive(Clone)]
struct DocTerms {
    fields: [Vec<(u32, u32)>; 3],
    lengths: [u32; 3],
}

/// A key of the text a document is analysed from. Each text is hashed at once (the whole
/// site's text, on every save: at once is faster than a stream of pieces).
fn doc_key(doc: &SearchDoc, language: SearchLanguage) -> u64 {
    let mut parts = [language as u64; 7];
    for (i, text) in [doc.title.as_str(), doc.context.as_str(), &doc.body]
        .into_iter()
        .enumerate()
    {
        parts[1 + 2 * i] = text.len() as u64;
        parts[2 + 2 * i] = xxh3_64(text.as_bytes());
    }
    let mut bytes = [0u8; 56];
    for (chunk, part) in bytes.chunks_exact_mut(8).zip(parts) {
        chunk.copy_from_slice(&part.to_le_bytes());
    }
    xxh3_64(&bytes)
}

/// A key of everything of a document that a file of the index shows: its `doc_key` and the
/// rest of what the document store keeps.
fn full_key(doc: &SearchDoc, doc_key: u64) -> u64 {
    let mut hash = Xxh3::new();
    hash.write_u64(doc_key);
    for text in [doc.url.as_str(), &doc.crumb, doc.kind] {
        hash.write_u64(text.len() as u64);
        hash.update(text.as_bytes());
    }
    hash.digest()
}

impl Kept {
    /// Forgets everything when the site's language changed.
    fn for_language(&mut self, language: SearchLanguage) -> &mut Self {
        if self.language != Some(language) {
            *self = Kept {
                language: Some(language),
                ..Kept::default()
            };
        }
        self
    }

    fn id(&mut self, term: String) -> u32 {
        if let Some(&id) = self.ids.get(&term) {
            return id;
        }
        let id = self.index.terms.len() as u32;
        self.index.terms.push(term.clone());
        self.index.postings.push(Default::default());
        self.ids.insert(term, id);
        id
    }

    /// The term id of a spelling, running the pipeline on a spelling not seen before.
    fn spelling(
        &mut self,
        raw: &str,
        pipeline: &mut Option<elasticlunr::pipeline::Pipeline>,
        language: SearchLanguage,
    ) -> Option<u32> {
        if let Some(&id) = self.spellings.get(raw) {
            return id;
        }
        let pipeline = pipeline.get_or_insert_with(|| language.pipeline());
        let id = analysis::analyze_word(pipeline, raw).map(|t| self.id(t));
        self.spellings.insert(raw.to_string(), id);
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
                words.extend(self.spelling(raw, &mut pipeline, language));
            }
            out.lengths[field] = words.len() as u32;
            words.sort_unstable();
            for run in words.chunk_by(|a, b| a == b) {
                out.fields[field].push((run[0], run.len() as u32));
            }
        }
        out
    }

    /// Takes the per-document analyses out of a whole `analysis` of the documents.
    fn split(&mut self, analysis: &Analysis) -> Vec<DocTerms> {
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
        for doc in &mut per_doc {
            doc.fields.iter_mut().for_each(|f| f.sort_unstable());
        }
        per_doc
    }

    /// Brings the index up to `docs`, analysing only the documents whose key is new, and says
    /// which terms' postings may have changed.
    fn update(
        &mut self,
        docs: &[SearchDoc],
        language: SearchLanguage,
        one_by_one: usize,
    ) -> Changed {
        let keys: Vec<u64> = docs.par_iter().map(|d| doc_key(d, language)).collect();
        self.full_keys = docs
            .par_iter()
            .zip(&keys)
            .map(|(d, &k)| full_key(d, k))
            .collect();
        let changed: Vec<usize> = match self.docs.len() == docs.len() {
            true => (0..docs.len())
                .filter(|&n| self.docs[n].0 != keys[n])
                .collect(),
            false => Vec::new(),
        };
        if self.docs.len() != docs.len() || changed.len() > one_by_one {
            self.rebuild(docs, &keys, language, one_by_one);
            return Changed::All;
        }
        let mut touched = Vec::new();
        for n in changed {
            let new = self.analyze(&docs[n], language);
            let (_, old) = std::mem::replace(&mut self.docs[n], (keys[n], new.clone()));
            for f in 0..3 {
                // A field of another length changes every posting of the document in it (each
                // carries the length); else only those whose count changed.
                let all = old.lengths[f] != new.lengths[f];
                self.move_postings(
                    n as u32,
                    f,
                    [&old.fields[f], &new.fields[f]],
                    all,
                    &mut touched,
                );
            }
            self.index.lengths[n] = new.lengths;
        }
        touched.sort_unstable();
        touched.dedup();
        Changed::Terms(touched)
    }

    /// Updates the postings of document `doc` in field `f` from its terms and counts `old` to
    /// `new` (both by ascending term id), and adds to `touched` the terms whose postings change
    /// (with `all`, every term of both).
    fn move_postings(
        &mut self,
        doc: u32,
        f: usize,
        [old, new]: [&[(u32, u32)]; 2],
        all: bool,
        touched: &mut Vec<u32>,
    ) {
        let (mut i, mut j) = (0, 0);
        while i < old.len() || j < new.len() {
            let (a, b) = (old.get(i), new.get(j));
            let id = match (a, b) {
                (Some(a), Some(b)) => a.0.min(b.0),
                (Some(a), None) => a.0,
                (None, Some(b)) => b.0,
                (None, None) => break,
            };
            let before = a.filter(|a| a.0 == id).map(|a| a.1);
            let after = b.filter(|b| b.0 == id).map(|b| b.1);
            i += usize::from(before.is_some());
            j += usize::from(after.is_some());
            if before != after || all {
                touched.push(id);
            }
            if before == after {
                continue;
            }
            let list = &mut self.index.postings[id as usize][f];
            let at = list.partition_point(|&(d, _)| d < doc);
            match (before, after) {
                (Some(_), Some(count)) => list[at].1 = count,
                (Some(_), None) => drop(list.remove(at)),
                (None, Some(count)) => list.insert(at, (doc, count)),
                (None, None) => {}
            }
        }
    }

    /// Makes the index of `docs` anew from the kept analyses of documents and the new ones.
    fn rebuild(
        &mut self,
        docs: &[SearchDoc],
        keys: &[u64],
        language: SearchLanguage,
        one_by_one: usize,
    ) {
        let last: FxHashMap<u64, DocTerms> = std::mem::take(&mut self.docs).into_iter().collect();
        let new = keys.iter().filter(|k| !last.contains_key(k)).count();
        let analysed: Vec<DocTerms> = if new > one_by_one {
            self.split(&analysis::analyze_in(docs, language))
        } else {
            docs.iter()
                .zip(keys)
                .map(|(doc, key)| match last.get(key) {
                    Some(terms) => terms.clone(),
                    None => self.analyze(doc, language),
                })
                .collect()
        };
        for lists in &mut self.index.postings {
            lists.iter_mut().for_each(Vec::clear);
        }
        self.index.lengths = analysed.iter().map(|d| d.lengths).collect();
        for (n, terms) in analysed.iter().enumerate() {
            for (f, list) in terms.fields.iter().enumerate() {
                for &(id, count) in list {
                    self.index.postings[id as usize][f].push((n as u32, count));
                }
            }
        }
        self.docs = keys.iter().copied().zip(analysed).collect();
    }

    /// Whether `text` has terms and each of them is a term of some document.
    pub(super) fn all_terms_indexed(&mut self, text: &str, language: SearchLanguage) -> bool {
        let mut pipeline = None;
        let mut any = false;
        for raw in analysis::words_of(text) {
            if let Some(id) = self.spelling(raw, &mut pipeline, language) {
                if self.index.postings[id as usize].iter().all(Vec::is_empty) {
                    return false;
                }
                any = true;
            }
        }
        any
    }

    /// What the shards are written from, and what they keep.
    pub(super) fn parts(&mut self) -> (&Analysis, &[u64], &mut KeptShards) {
        (&self.index, &self.full_keys, &mut self.shards)
    }
}

impl KeptAnalysis {
    /// The kept index of a site in `language`, brought up to `docs`, and which terms' postings
    /// may have changed since the last build.
    pub(super) fn update(
        &self,
        docs: &[SearchDoc],
        language: SearchLanguage,
    ) -> (MutexGuard<'_, Kept>, Changed) {
        self.update_with(docs, language, ONE_BY_ONE)
    }

    /// `update`, analysing the documents one by one when at most `one_by_one` are new.
    fn update_with(
        &self,
        docs: &[SearchDoc],
        language: SearchLanguage,
        one_by_one: usize,
    ) -> (MutexGuard<'_, Kept>, Changed) {
        let mut kept = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        let changed = kept
            .for_language(language)
            .update(docs, language, one_by_one);
        (kept, changed)
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

    /// The analysis with the terms that have postings by their text, as the index files show.
    fn by_term(a: &Analysis) -> (ByTerm, Vec<[u32; 3]>) {
        let terms = a
            .terms
            .iter()
            .cloned()
            .zip(a.postings.iter().cloned())
            .filter(|(_, lists)| lists.iter().any(|l| !l.is_empty()))
            .collect();
        (terms, a.lengths.clone())
    }

    fn same_as_fresh(kept: &KeptAnalysis, docs: &[SearchDoc], one_by_one: usize) -> Changed {
        let language = SearchLanguage::Dutch;
        let (index, changed) = kept.update_with(docs, language, one_by_one);
        assert_eq!(
            by_term(&index.index),
            by_term(&analysis::analyze_in(docs, language))
        );
        changed
    }

    /// The terms whose postings a build of `docs` names as changed, by their text.
    fn touched(kept: &KeptAnalysis, docs: &[SearchDoc]) -> Vec<String> {
        let Changed::Terms(touched) = same_as_fresh(kept, docs, 100) else {
            panic!("one document changed");
        };
        let index = kept.inner.lock().unwrap();
        let mut named: Vec<String> = touched
            .iter()
            .map(|&id| index.index.terms[id as usize].clone())
            .collect();
        named.sort_unstable();
        named
    }

    #[test]
    fn kept_analyses_add_up_to_the_analysis_of_all_documents() {
        let mut docs = vec![
            doc(
                "Signalen",
                "Een kind dat zich terugtrekt; kinderen die zwijgen.",
            ),
            doc("Gesprek", "Praat met de ouders. Ouders willen het beste."),
            doc("Melden", "Bel het VK bij twijfel. Signalen noteer je."),
        ];
        let kept = KeptAnalysis::default();
        // 0: the first build analyses all together and splits; 100: one by one.
        assert!(matches!(same_as_fresh(&kept, &docs, 0), Changed::All));
        assert!(matches!(same_as_fresh(&kept, &docs, 100), Changed::Terms(t) if t.is_empty()));
        // Each document changes place or text: the postings are updated document by document.
        docs[1] = doc("Gesprek", "Luister eerst. Een nieuw woord: zorgpad.");
        docs.remove(0);
        docs.push(doc(
            "Signalen",
            "Een kind dat zich terugtrekt; kinderen die zwijgen.",
        ));
        assert!(matches!(
            same_as_fresh(&kept, &docs, 100),
            Changed::Terms(_)
        ));
        // One text changes, and its length: the terms of its body before and after are named
        // (each posting holds the length), not those of its title and context.
        docs[2] = doc("Signalen", "Een kind dat zwijgt.");
        assert_eq!(
            touched(&kept, &docs),
            ["kind", "kinder", "terugtrekt", "zwijg", "zwijgt"]
        );
        // A word for another of the same length: only the two terms.
        docs[2] = doc("Signalen", "Een ouder dat zwijgt.");
        assert_eq!(touched(&kept, &docs), ["kind", "ouder"]);
        // A new document: the index is made again from the kept analyses.
        docs.insert(1, doc("Nieuw", "Kinderen en ouders."));
        assert!(matches!(same_as_fresh(&kept, &docs, 100), Changed::All));
        let (mut index, _) = kept.update_with(&docs, SearchLanguage::Dutch, 100);
        assert!(!index.all_terms_indexed("Kinderen in Boom", SearchLanguage::Dutch));
        assert!(index.all_terms_indexed("kinderen, ouders", SearchLanguage::Dutch));
        assert!(!index.all_terms_indexed("de", SearchLanguage::Dutch));
    }
}
