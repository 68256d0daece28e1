//! The search pipeline of each language leerpad supports, and what the browser needs to read a
//! query the same way.
//!
//! Owns: per language the trimmer, stop words and Snowball stemmer (rust-stemmers, the one
//! elasticlunr-rs uses), and the map from each indexed word to its term that the build ships
//! for a language other than Dutch.
//! Does not: split documents into postings (analysis.rs) or write files (mod.rs, shards.rs).
//!
//! Why a map and not a stemmer per language in JavaScript: search-core.js carries a port of the
//! Dutch Snowball stemmer, checked word by word against rust-stemmers (stemmer_parity.rs). Two
//! more ports would be two more places to drift. For English and French the build instead
//! ships, per indexed spelling, the term it became, so the browser finds every word of the
//! content exactly as the index holds it; a query word that is in no document becomes the
//! longest term it starts with, at most 4 letters shorter ("children" finds "child" when only
//! "child" is in the content), or else stays as typed.

use std::collections::{BTreeMap, BTreeSet, HashSet};

use elasticlunr::lang::common::{RegexTrimmer, RustStemmer, StopWordFilter};
use elasticlunr::lang::Language;
use elasticlunr::pipeline::{FnWrapper, Pipeline, PipelineFn};
use serde::Serialize;

use super::analysis::{too_long, words_of, SearchDutch, STOP_WORDS};
use super::SearchDoc;

/// A language of the search index.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SearchLanguage {
    #[default]
    Dutch,
    English,
    French,
}

/// English words that are never indexed nor searched: articles, pronouns, prepositions,
/// conjunctions and the forms of "be" and "have".
pub const ENGLISH_STOP_WORDS: &[&str] = &[
    "", "a", "an", "and", "are", "as", "at", "be", "but", "by", "for", "from", "had", "has",
    "have", "he", "her", "his", "i", "if", "in", "into", "is", "it", "its", "me", "my", "of", "on",
    "or", "our", "she", "so", "than", "that", "the", "their", "them", "then", "there", "these",
    "they", "this", "those", "to", "us", "was", "we", "were", "with", "you", "your",
];

/// English plurals that Snowball keeps apart from their singular ("children" stays
/// "children", "child" is "child"), as (plural, singular): the irregular plurals of people and
/// the body that a course about children and families uses. The pipeline reads each plural as
/// its singular (a possessive too: "children's" is "child's"), and the browser gets every
/// plural in its word-to-term map, also when the content has only the singular.
pub const ENGLISH_IRREGULAR_PLURALS: &[(&str, &str)] = &[
    ("children", "child"),
    ("grandchildren", "grandchild"),
    ("stepchildren", "stepchild"),
    ("men", "man"),
    ("women", "woman"),
    ("people", "person"),
    ("feet", "foot"),
    ("teeth", "tooth"),
    ("wives", "wife"),
    ("mice", "mouse"),
    ("geese", "goose"),
];

/// French words that are never indexed nor searched (after the elision is cut: l', d', qu').
pub const FRENCH_STOP_WORDS: &[&str] = &[
    "", "à", "au", "aux", "avec", "ce", "ces", "cet", "cette", "dans", "de", "des", "du", "elle",
    "elles", "en", "est", "et", "il", "ils", "je", "la", "le", "les", "leur", "leurs", "lui", "ma",
    "mais", "me", "mes", "mon", "ne", "nous", "on", "ou", "par", "pas", "pour", "sa", "se", "ses",
    "son", "sont", "sur", "ta", "te", "tes", "ton", "tu", "un", "une", "vos", "votre", "vous", "y",
];

impl SearchLanguage {
    /// The language of `code` (`nl`, `en`, `fr`, as `config::LANGUAGES`); Dutch otherwise.
    pub fn of(code: &str) -> SearchLanguage {
        match code {
            "en" => SearchLanguage::English,
            "fr" => SearchLanguage::French,
            _ => SearchLanguage::Dutch,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            SearchLanguage::Dutch => "nl",
            SearchLanguage::English => "en",
            SearchLanguage::French => "fr",
        }
    }

    pub fn stop_words(self) -> &'static [&'static str] {
        match self {
            SearchLanguage::Dutch => STOP_WORDS,
            SearchLanguage::English => ENGLISH_STOP_WORDS,
            SearchLanguage::French => FRENCH_STOP_WORDS,
        }
    }

    /// The pipeline a lower-cased word goes through: trimmer (digits kept), for French the
    /// elision cut, stop words, Snowball stemmer.
    pub fn pipeline(self) -> Pipeline {
        let (algorithm, name) = match self {
            SearchLanguage::Dutch => return SearchDutch.make_pipeline(),
            SearchLanguage::English => (rust_stemmers::Algorithm::English, "en"),
            SearchLanguage::French => (rust_stemmers::Algorithm::French, "fr"),
        };
        let mut queue: Vec<Box<dyn PipelineFn>> = vec![
            Box::new(FnWrapper("apostrophe".into(), straight_apostrophes)),
            Box::new(RegexTrimmer::new(
                &format!("trimmer-{name}"),
                r"\p{Latin}0-9",
            )),
        ];
        if self == SearchLanguage::French {
            queue.push(Box::new(FnWrapper("elision-fr".into(), cut_elision)));
        }
        queue.push(Box::new(StopWordFilter::new(
            &format!("stopWordFilter-{name}"),
            self.stop_words(),
        )));
        if self == SearchLanguage::English {
            queue.push(Box::new(FnWrapper(
                "irregular-en".into(),
                singular_of_irregular,
            )));
        }
        queue.push(Box::new(RustStemmer::new(
            &format!("stemmer-{name}"),
            algorithm,
        )));
        Pipeline { queue }
    }

    /// The term of one word (as split), or `None` when the pipeline drops it.
    pub fn term(self, pipeline: &Pipeline, raw: &str) -> Option<String> {
        if too_long(raw) {
            return None;
        }
        pipeline.run(vec![raw.trim().to_lowercase()]).pop()
    }
}

/// The typographic apostrophe (which Markdown's smart punctuation writes) as the one on the
/// keyboard, so "l’enfant" in a lesson and "l'enfant" typed are one word.
fn straight_apostrophes(token: String) -> Option<String> {
    Some(token.replace('\u{2019}', "'"))
}

/// "children" → "child", "women's" → "woman's": an irregular English plural as its singular,
/// before the stemmer (which joins the regular ones itself).
fn singular_of_irregular(token: String) -> Option<String> {
    let base = token
        .strip_suffix("'s")
        .or_else(|| token.strip_suffix('\''))
        .unwrap_or(&token);
    match ENGLISH_IRREGULAR_PLURALS
        .iter()
        .find(|(plural, _)| *plural == base)
    {
        Some((plural, singular)) => Some(format!("{singular}{}", &token[plural.len()..])),
        None => Some(token),
    }
}

/// "l'enfant" → "enfant": the article or pronoun cut off in front of a vowel (either
/// apostrophe). The rest is what the stemmer gets.
fn cut_elision(token: String) -> Option<String> {
    const ELIDED: &[&str] = &[
        "l", "d", "j", "m", "n", "s", "t", "c", "qu", "jusqu", "lorsqu", "puisqu",
    ];
    match token.split_once('\'') {
        Some((head, rest)) if ELIDED.contains(&head) && !rest.is_empty() => Some(rest.to_string()),
        _ => Some(token),
    }
}

/// What the browser needs to read a query in a language other than Dutch: the stop words and,
/// per word of the content as search-core.js sees it (lower-cased, trimmed), its term when
/// that differs from the word. Sorted, so the same site gives the same bytes.
#[derive(Debug, Clone, Serialize)]
pub struct ClientLanguage {
    pub code: &'static str,
    /// The stop words, and the words of the content the pipeline drops for another reason
    /// (French "n'est" is the stop word "est" once its elision is cut).
    #[serde(rename = "stopWords")]
    pub stop_words: BTreeSet<String>,
    pub stems: BTreeMap<String, String>,
    /// The words that are their own term (left out of `stems`): with the stems, every term.
    pub same: BTreeSet<String>,
}

/// The `ClientLanguage` of `docs`, or `None` for Dutch (search-core.js stems Dutch itself).
pub fn client_language(language: SearchLanguage, docs: &[SearchDoc]) -> Option<ClientLanguage> {
    if language == SearchLanguage::Dutch {
        return None;
    }
    let pipeline = language.pipeline();
    // search-core.js's `trim` is this very trimmer (`^[^\p{Latin}0-9]+|[^\p{Latin}0-9]+$`).
    let trimmer = RegexTrimmer::new("trimmer", r"\p{Latin}0-9");
    let mut seen = HashSet::new();
    let mut stems = BTreeMap::new();
    let mut same = BTreeSet::new();
    let mut dropped: BTreeSet<String> = language
        .stop_words()
        .iter()
        .map(|w| w.to_string())
        .collect();
    for doc in docs {
        for text in [doc.title.as_str(), doc.context.as_str(), &doc.body] {
            for raw in words_of(text) {
                if too_long(raw) || !seen.insert(raw) {
                    continue;
                }
                let lower = raw.trim().to_lowercase().replace('\u{2019}', "'");
                let Some(seen_as) = trimmer.filter(lower) else {
                    continue;
                };
                let Some(term) = language.term(&pipeline, raw) else {
                    dropped.insert(seen_as);
                    continue;
                };
                if seen_as != term {
                    stems.insert(seen_as, term);
                } else {
                    same.insert(term);
                }
            }
        }
    }
    // The irregular plurals find their singular also when only the singular is in the content.
    if language == SearchLanguage::English {
        for (plural, _) in ENGLISH_IRREGULAR_PLURALS {
            if let Some(term) = language.term(&pipeline, plural) {
                stems.insert(plural.to_string(), term);
            }
        }
    }
    Some(ClientLanguage {
        code: language.code(),
        stop_words: dropped,
        stems,
        same,
    })
}
