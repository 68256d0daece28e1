//! Builds the client-side search index: `zoeken/index.js`.
//!
//! Owns: which text is searchable (the documents), the synonyms taken from the glossary, and
//! which form the index takes.
//! Does not: read files, parse Markdown, know about templates, or rank results (the browser's
//! themes/default/static/js/search-core.js does, on this very index).
//!
//! The documents are analysed once with elasticlunr-rs's Dutch pipeline (`analysis.rs`). Every
//! site gets one form of index: a manifest in `zoeken/index.js` and shards that the browser
//! loads as a query needs them (`shards.rs`, whose files are smaller for a small site).

use std::borrow::Cow;
use std::collections::{BTreeMap, HashSet};

use serde::Serialize;

mod analysis;
mod cuts;
mod docfiles;
mod encoding;
mod kept;
mod language;
#[cfg(test)]
mod oracle;
mod placement;
mod script;
mod shards;
mod terms;
mod written;

pub use analysis::{SearchDutch, STOP_WORDS};
pub use kept::KeptAnalysis;
pub use language::{SearchLanguage, ENGLISH_IRREGULAR_PLURALS};

use crate::content::markdown::ids;
use crate::error::Error;
use crate::partners::{Directory, Partner, RegionKind};
use crate::render::{MemorySink, OutputFile, Sink};
use crate::site::{Page, Site};
use crate::theme::Strings;

/// Where the index goes in the built site: `index.js` in the search folder (`zoeken/index.js`).
pub fn index_path(site: &Site) -> String {
    format!("{}/index.js", site.config.folders.search)
}

/// The index fields, in the order `add_doc` takes them.
pub(crate) const FIELDS: [&str; 3] = ["title", "context", "body"];

/// Field weights the browser uses: a word in a heading counts three times a word in the text.
const BOOSTS: [(&str, f64); 3] = [("title", 3.0), ("context", 1.5), ("body", 1.0)];

/// The breadcrumb separator (`Module › Les › Sectie`).
pub(crate) const CRUMB_SEP: &str = " › ";

/// Stored text per document (for snippets) is cut at this many characters, at a word boundary.
/// The whole text is indexed; only the snippet source is shortened.
const MAX_STORED_CHARS: usize = 1200;

/// One searchable document: a lesson section, a step, a partner, a region, a term or a page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchDoc<'a> {
    /// Relative to the site root, e.g. `modules/signalen/gedrag/#wat-zijn-signalen`.
    pub url: String,
    pub title: String,
    /// Indexed with a weight between title and body: the lesson a section belongs to, the
    /// category of a partner, the expansion of an abbreviation.
    pub context: String,
    /// Borrowed from the site where it can be: the text of every section is most of a site.
    pub body: Cow<'a, str>,
    pub crumb: String,
    /// What the document is: `module`, `lesson`, `section`, `steps` (the step plan), `step`,
    /// `partner`, `region`, `term` or `page`. The browser weighs kinds by the query's intent
    /// (a question weighs steps and partners up; js/search-core.js).
    pub kind: &'static str,
}

/// What the document store keeps of a document (what a result shows).
#[derive(Serialize)]
pub(crate) struct Stored<'a> {
    url: &'a str,
    title: &'a str,
    crumb: &'a str,
    kind: &'a str,
    text: String,
}

impl<'a> Stored<'a> {
    fn of(d: &'a SearchDoc) -> Self {
        Stored {
            url: &d.url,
            title: &d.title,
            crumb: &d.crumb,
            kind: d.kind,
            text: stored_text(&d.body),
        }
    }
}

/// How the browser reads a query, from the theme's UI strings (the words are a language's, not
/// the tool's): the words that ask rather than say, weighed low, and per intent the words that
/// ask for documents of some kinds ("wat moet ik doen" wants steps, "wie bel ik" partners).
/// Also the partner finder's title and introduction: the finder is a document too.
#[derive(Debug, Clone, Default, Serialize)]
pub struct QueryHints {
    #[serde(rename = "questionWords")]
    pub question_words: String,
    pub intents: Vec<Intent>,
    /// Place names that are words of the content too (see `place_words`).
    #[serde(rename = "placeWords")]
    pub place_words: String,
    #[serde(skip)]
    pub finder_title: String,
    #[serde(skip)]
    pub finder_intro: String,
}

/// Words of a question that ask for documents of `kinds` (see `SearchDoc::kind`); the
/// documents of `answers` also stand for these words, as if they held them.
#[derive(Debug, Clone, Serialize)]
pub struct Intent {
    pub words: String,
    pub kinds: Vec<&'static str>,
    pub answers: Vec<&'static str>,
}

impl QueryHints {
    /// From `search_question_words`, `search_intent_steps` and `search_intent_partners`.
    pub fn from_strings(strings: &Strings) -> Self {
        let get = |key: &str| match strings.0.get(key) {
            Some(value) => value.clone(),
            None => String::new(),
        };
        QueryHints {
            question_words: get("search_question_words"),
            intents: vec![
                Intent {
                    words: get("search_intent_steps"),
                    kinds: vec!["step", "steps"],
                    answers: vec!["steps", "step"],
                },
                Intent {
                    words: get("search_intent_partners"),
                    kinds: vec!["partner", "region", "finder"],
                    answers: vec!["finder"],
                },
            ],
            place_words: String::new(),
            finder_title: get("partners_title"),
            finder_intro: get("partners_intro"),
        }
    }
}

/// The place names (municipalities, their other names and parts, the areas outside the regions)
/// whose every term is a term of the content too, such as "Boom". The index does not list places
/// (see `documents`): a query word the index lacks may be a place, and so may one of these, so
/// for both the browser loads the region data and asks regions.js (js/search-ui.js's
/// mayNamePlace). Comma-separated, sorted. `indexed(name)`: whether a name has terms and all of
/// them are in the index.
fn place_words(directory: &Directory, mut indexed: impl FnMut(&str) -> bool) -> String {
    let municipalities = directory.regions.iter().flat_map(|r| &r.municipalities);
    let names = municipalities
        .flat_map(|m| std::iter::once(&m.name).chain(&m.also).chain(&m.parts))
        .chain(directory.outside.iter().flat_map(|o| &o.names));
    let mut out: Vec<&str> = names
        .filter(|name| indexed(name))
        .map(String::as_str)
        .collect();
    out.sort_unstable();
    out.dedup();
    out.join(", ")
}

/// Writes the search index of `site` into `sink`: the shards, as they are made, and then the
/// manifest (`zoeken/index.js`), whose statement it returns: the search box's bundle takes it too
/// (`Renderer::with_index`), so the box needs no request for it; the search page and the
/// command line read it from its file.
pub fn write_index(site: &Site, hints: &QueryHints, sink: &dyn Sink) -> Result<String, Error> {
    write_index_kept(site, hints, sink, None)
}

/// `write_index`, analysing only the documents that `kept` does not hold yet (`serve`).
pub fn write_index_kept(
    site: &Site,
    hints: &QueryHints,
    sink: &dyn Sink,
    kept: Option<&KeptAnalysis>,
) -> Result<String, Error> {
    let mut docs = documents(site);
    docs.extend(finder_doc(site, hints));
    let synonyms = synonyms(site);
    let language = SearchLanguage::of(&site.config.language);
    let client_language = language::client_language(language, &docs);
    let folder = &site.config.folders.search;
    let (manifest, place_words) = match kept {
        None => {
            let analysis = analysis::analyze_in(&docs, language);
            let vocabulary: HashSet<&str> = analysis.terms.iter().map(String::as_str).collect();
            let place_words = place_words(&site.directory, |name| {
                let terms = analysis::terms_of(name, language);
                !terms.is_empty() && terms.iter().all(|t| vocabulary.contains(t.as_str()))
            });
            let manifest = shards::write(&docs, &analysis, folder, sink)?;
            (manifest, place_words)
        }
        Some(kept) => {
            let (mut kept, changed) = kept.update(&docs, language);
            let place_words = place_words(&site.directory, |name| {
                kept.all_terms_indexed(name, language)
            });
            let (analysis, doc_keys, shards) = kept.parts();
            let input = shards::Input {
                docs: &docs,
                analysis,
                changed: &changed,
                doc_keys: Some(doc_keys),
            };
            (
                shards::write_kept(input, shards, folder, sink)?,
                place_words,
            )
        }
    };
    let hints = &QueryHints {
        place_words,
        ..hints.clone()
    };
    drop(docs);
    let boosts: BTreeMap<&str, f64> = BOOSTS.into_iter().collect();
    let mut payload = serde_json::json!({
        "shards": manifest,
        "boosts": boosts,
        "synonyms": synonyms,
        "hints": hints,
    });
    // Only for a language other than Dutch, so a Dutch site's manifest stays as it was.
    if let Some(client_language) = client_language {
        payload["language"] = serde_json::json!(client_language);
    }
    let assignment = format!(
        "window.LEERPAD_SEARCH = JSON.parse('{}');\n",
        script::js_string_json(&payload)
    );
    let script = format!("{MANIFEST_START}, generated; read by js/search-shards.js.\n{assignment}");
    sink.put(OutputFile::new(index_path(site), script))?;
    // The bundle's copy without the first line: the bundle is no file of the index
    // (`is_index_file`, which the build's summary counts).
    Ok(assignment)
}

/// Whether a file of the build is a part of a search index (the manifest or a shard), from its
/// first bytes: the search folder's name depends on the language.
pub fn is_index_file(bytes: &[u8]) -> bool {
    bytes.starts_with(MANIFEST_START.as_bytes())
        || bytes.starts_with(shards::SHARD_START.as_bytes())
}

/// The first line of the manifest script.
const MANIFEST_START: &str = "// Search index manifest for leerpad";

/// The search index files of `site`, in memory.
pub fn index_files(site: &Site) -> Result<Vec<OutputFile>, Error> {
    let sink = MemorySink::default();
    write_index(site, &QueryHints::default(), &sink)?;
    Ok(sink.into_files())
}

/// Every searchable document of the site, in a fixed order (site order).
pub fn documents(site: &Site) -> Vec<SearchDoc<'_>> {
    let mut docs = Vec::new();
    for module in &site.modules {
        module_docs(site, module, &mut docs);
    }
    step_docs(site, &mut docs);
    directory_docs(site, &mut docs);
    glossary_docs(site, &mut docs);
    for page in site.free_pages() {
        docs.push(page_doc(page, "page"));
    }
    docs
}

/// A module's page, each of its lessons and each lesson's sections.
fn module_docs<'s>(site: &'s Site, module: &crate::site::Module, docs: &mut Vec<SearchDoc<'s>>) {
    let m = site.intro(module);
    docs.push(SearchDoc {
        url: m.url.clone(),
        title: m.title().to_string(),
        context: String::new(),
        body: join_text([m.summary()].into_iter().chain(section_texts(&m.sections))),
        crumb: m.title().to_string(),
        kind: "module",
    });
    for lesson in site.lessons(module) {
        let lesson_crumb = concat(&[m.title(), CRUMB_SEP, lesson.title()]);
        // The lesson itself: its summary and the text before the first `##`.
        let intro: Vec<&str> = lesson
            .sections
            .iter()
            .filter(|s| s.id.is_none())
            .map(|s| s.text.as_str())
            .collect();
        docs.push(SearchDoc {
            url: lesson.url.clone(),
            title: lesson.title().to_string(),
            context: m.title().to_string(),
            body: join_text([lesson.summary()].into_iter().chain(intro)),
            crumb: lesson_crumb.clone(),
            kind: "lesson",
        });
        for section in lesson.sections.iter() {
            let Some(id) = &section.id else { continue };
            docs.push(SearchDoc {
                url: concat(&[&lesson.url, "#", id]),
                title: section.title.clone(),
                context: lesson.title().to_string(),
                body: Cow::Borrowed(&section.text),
                crumb: concat(&[&lesson_crumb, CRUMB_SEP, &section.title]),
                kind: "section",
            });
        }
    }
}

/// The step plan's overview and its steps.
fn step_docs<'s>(site: &'s Site, docs: &mut Vec<SearchDoc<'s>>) {
    let steps_index = site.steps_index();
    let steps_title = steps_index.map_or("", Page::title);
    if let Some(index) = steps_index {
        docs.push(page_doc(index, "steps"));
    }
    for step in site.steps() {
        let Some(meta) = step.kind.as_step() else {
            continue;
        };
        let mut parts: Vec<&str> = vec![meta.summary.as_str()];
        parts.extend(meta.actions.iter().map(String::as_str));
        parts.extend(meta.choices.iter().map(|c| c.label.as_str()));
        parts.extend(section_texts(&step.sections));
        docs.push(SearchDoc {
            url: step.url.clone(),
            title: meta.title.clone(),
            context: meta.label.clone(),
            body: join_text(parts),
            crumb: crumb(&[steps_title, &meta.title]),
            kind: "step",
        });
    }
}

/// The partners and the regions (not the region that is everywhere).
fn directory_docs(site: &Site, docs: &mut Vec<SearchDoc<'_>>) {
    for partner in &site.directory.partners {
        docs.push(partner_doc(&site.directory, partner));
    }
    for region in &site.directory.regions {
        if region.kind == RegionKind::All {
            continue;
        }
        let parent = region
            .parent
            .as_deref()
            .and_then(|p| site.directory.region(p))
            .map(|p| p.name.as_str())
            .unwrap_or("");
        // Not its towns: regions.js resolves a place (every municipality, its other names and
        // postcodes) into the result "Partners in X", and the first query stays small.
        docs.push(SearchDoc {
            url: format!("partners/{}/", region.id),
            title: region.name.clone(),
            context: parent.to_string(),
            body: join_text(
                site.directory
                    .partners_for_region(&region.id)
                    .into_iter()
                    .map(|p| p.name.as_str()),
            ),
            crumb: crumb(&[parent, &region.name]),
            kind: "region",
        });
    }
}

/// The glossary's terms, each at its entry on the glossary page.
fn glossary_docs<'s>(site: &'s Site, docs: &mut Vec<SearchDoc<'s>>) {
    let glossary_title = site
        .free_pages()
        .iter()
        .find(|p| Some(&p.url) == site.glossary_url.as_ref())
        .map_or("", Page::title);
    if let Some(glossary_url) = &site.glossary_url {
        for term in &site.glossary {
            let mut context: Vec<&str> = term.expansion.iter().map(String::as_str).collect();
            context.extend(term.synonyms.iter().map(String::as_str));
            docs.push(SearchDoc {
                url: format!("{glossary_url}#{}", ids::term(&term.term)),
                title: term.term.clone(),
                context: context.join(", "),
                body: Cow::Borrowed(&term.definition),
                crumb: crumb(&[glossary_title, &term.term]),
                kind: "term",
            });
        }
    }
}

/// The partner finder (`partners/`), when the site has partners and the theme names it: its
/// title and introduction, and the kinds of help it finds.
fn finder_doc(site: &Site, hints: &QueryHints) -> Option<SearchDoc<'static>> {
    if site.directory.partners.is_empty() || hints.finder_title.is_empty() {
        return None;
    }
    let categories: Vec<&str> = site
        .directory
        .categories
        .iter()
        .map(|c| c.name.as_str())
        .collect();
    Some(SearchDoc {
        url: "partners/".to_string(),
        title: hints.finder_title.clone(),
        context: categories.join(", "),
        body: Cow::Owned(hints.finder_intro.clone()),
        crumb: hints.finder_title.clone(),
        kind: "finder",
    })
}

/// A free page or the steps index as one document.
fn page_doc<'a>(page: &'a Page, kind: &'static str) -> SearchDoc<'a> {
    SearchDoc {
        url: page.url.clone(),
        title: page.title().to_string(),
        context: String::new(),
        body: join_text(section_texts(&page.sections)),
        crumb: page.title().to_string(),
        kind,
    }
}

/// A partner: name, category, the regions it serves and what it offers. A partner that only
/// serves subregions links to its card on the first region's page, others to the finder. Its
/// regions' towns are not listed: a town or postcode in a query finds its region's page through
/// the region data (search-ui.js's place result, and the region documents), so the place data
/// is not copied into every partner (a provincial partner would hold every town of a province).
fn partner_doc(directory: &Directory, partner: &Partner) -> SearchDoc<'static> {
    let category = directory.category(&partner.category);
    let mut context = Vec::new();
    if let Some(c) = category {
        context.push(c.name.clone());
        context.extend(c.short.clone());
    }
    let mut places: Vec<&str> = Vec::new();
    let mut local_only = !partner.regions.is_empty();
    for id in &partner.regions {
        let Some(region) = directory.region(id) else {
            continue;
        };
        places.push(&region.name);
        local_only &= region.kind == RegionKind::Subregion;
    }
    let url = match partner.regions.first() {
        Some(first) if local_only => format!("partners/{first}/#{}", partner.id),
        _ => format!("partners/#{}", partner.id),
    };
    let category_name = category.map(|c| c.name.as_str()).unwrap_or("");
    SearchDoc {
        url,
        title: partner.name.clone(),
        context: context.join(", "),
        body: join_text([partner.offers.as_str(), &places.join(", ")]),
        crumb: crumb(&[category_name, &partner.name]),
        kind: "partner",
    }
}

fn section_texts(sections: &[crate::content::markdown::Section]) -> impl Iterator<Item = &str> {
    sections
        .iter()
        .flat_map(|s| [s.title.as_str(), s.text.as_str()])
}

/// Non-empty parts, one space between them.
fn join_text<'a>(parts: impl IntoIterator<Item = &'a str>) -> Cow<'static, str> {
    let mut out = String::new();
    for part in parts {
        let part = part.trim();
        if part.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(part);
    }
    Cow::Owned(out)
}

/// The parts one after the other (`format!` costs several times more, for every section of a
/// site on every save).
fn concat(parts: &[&str]) -> String {
    let mut out = String::with_capacity(parts.iter().map(|p| p.len()).sum());
    for part in parts {
        out.push_str(part);
    }
    out
}

fn crumb(parts: &[&str]) -> String {
    parts
        .iter()
        .filter(|p| !p.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join(CRUMB_SEP)
}

/// Abbreviations and synonyms from the glossary: `term → [expansion, synonyms…]`. The browser
/// treats every member of a group as equivalent, both ways, and runs the Dutch pipeline on them.
pub fn synonyms(site: &Site) -> BTreeMap<String, Vec<String>> {
    let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for term in &site.glossary {
        let mut others: Vec<String> = term.expansion.iter().cloned().collect();
        others.extend(term.synonyms.iter().cloned());
        others.retain(|o| !o.trim().is_empty() && o.to_lowercase() != term.term.to_lowercase());
        if others.is_empty() {
            continue;
        }
        let entry = out.entry(term.term.to_lowercase()).or_default();
        for o in others {
            if !entry.contains(&o) {
                entry.push(o);
            }
        }
    }
    out
}

/// Text for the document store: whitespace folded, cut at a word boundary.
pub(crate) fn stored_text(body: &str) -> String {
    // One pass that stops past the limit: at 10,000 lessons this runs on 60 MB of text.
    let mut out = String::with_capacity(body.len().min(MAX_STORED_CHARS + 64));
    let mut chars = 0;
    for word in body.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
            chars += 1;
        }
        out.push_str(word);
        chars += word.chars().count();
        if chars > MAX_STORED_CHARS {
            let end = out
                .char_indices()
                .nth(MAX_STORED_CHARS)
                .map_or(out.len(), |(i, _)| i);
            out.truncate(end);
            if let Some(space) = out.rfind(' ') {
                out.truncate(space);
            }
            return out;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_text_is_cut_at_a_word() {
        let long = "woord ".repeat(1000);
        let text = stored_text(&long);
        assert!(text.chars().count() <= MAX_STORED_CHARS);
        assert!(text.ends_with("woord"));
        assert_eq!(stored_text("  a\n\tb "), "a b");
    }

    #[test]
    fn crumbs_skip_empty_parts() {
        assert_eq!(crumb(&["", "A", "B"]), "A › B");
        assert_eq!(join_text(["  a ", "", "b"]), "a b");
    }
}
