//! Assembles the site: renders every page's Markdown, gives each page its URL, resolves links
//! and partner references, and checks the step graph. No I/O.
//!
//! Owns: URLs, navigation order, cross-page rules (unique slugs, links, references).
//! Does not: read files (see `content`, `partners`) or produce HTML around the page body
//! (see `render`).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::config::Config;
use crate::content::front_matter::{LessonMeta, ModuleMeta, PageMeta, StepMeta, Term};
use crate::content::markdown::{
    self, GlossaryMark, Heading, LinkTarget, MarkdownContext, PendingLink, Rendered, Section,
    LINK_PLACEHOLDER,
};
use crate::content::{Content, Doc, GLOSSARY_SLUG};
use crate::error::{Error, Location, Warning};
use crate::partners::Directory;
use crate::readability::{self, Readability};
use crate::steps::{self, ChoiceEdge, StepNode};
use crate::theme::{Strings, Templates};
use crate::yaml::Step;

/// Words a learner reads in a minute, for reading times.
pub const WORDS_PER_MINUTE: usize = 200;
/// Lessons above this many minutes get a warning: staff read in short breaks.
pub const MAX_LESSON_MINUTES: u32 = 5;

/// A module's folder holds its print view (`modules/SLUG/print/`); a lesson may not take it.
pub const RESERVED_LESSON_SLUGS: &[&str] = &["print"];

/// URL folders that leerpad itself writes to; a free page may not take these names.
pub const RESERVED_SLUGS: &[&str] = &[
    "modules",
    "stappen",
    "stapkaart",
    "partners",
    "zoeken",
    "css",
    "js",
    "img",
    "404",
];

/// A page with its Markdown rendered and its links resolved.
#[derive(Debug, Clone)]
pub struct Page<M> {
    pub source: PathBuf,
    pub slug: String,
    /// The page's folder from the site root with a trailing slash; `""` for the home page.
    pub url: String,
    pub meta: M,
    pub html: String,
    pub headings: Vec<Heading>,
    pub sections: Vec<Section>,
    pub words: usize,
    pub quizzes: usize,
    /// The Flesch–Douma score of the prose; lessons only, `None` elsewhere or without words.
    pub readability: Option<Readability>,
}

pub type Lesson = Page<LessonMeta>;

impl Lesson {
    /// Minutes as the author set them, or the reading time.
    pub fn minutes(&self) -> u32 {
        self.meta
            .minutes
            .unwrap_or_else(|| reading_minutes(self.words))
    }
}

/// The reading time of `words` words, rounded up, at least one minute.
pub fn reading_minutes(words: usize) -> u32 {
    (words.div_ceil(WORDS_PER_MINUTE)).max(1) as u32
}

#[derive(Debug, Clone)]
pub struct Module {
    pub page: Page<ModuleMeta>,
    pub lessons: Vec<Lesson>,
}

/// The assembled site, ready to render.
#[derive(Debug, Clone)]
pub struct Site {
    pub config: Config,
    pub home: Page<PageMeta>,
    pub pages: Vec<Page<PageMeta>>,
    pub modules: Vec<Module>,
    pub steps_index: Option<Page<PageMeta>>,
    pub steps: Vec<Page<StepMeta>>,
    pub step_nodes: Vec<StepNode>,
    pub directory: Directory,
    pub glossary: Vec<Term>,
    /// URL of the glossary page, when there is one.
    pub glossary_url: Option<String>,
}

/// Everything `assemble` needs.
pub struct Inputs<'a> {
    pub config: &'a Config,
    pub content: &'a Content,
    pub directory: &'a Directory,
    pub strings: &'a Strings,
    pub static_files: &'a BTreeSet<String>,
    pub templates: &'a Templates,
}

/// Builds the site from typed content. Returns every problem found, and warnings.
pub fn assemble(inputs: &Inputs<'_>) -> Result<(Site, Vec<Warning>), Error> {
    let content = inputs.content;
    let mut errors = Vec::new();
    let mut warnings = Vec::new();

    check_slugs(content, &mut errors);

    let glossary_doc = content.pages.iter().find(|p| p.slug == GLOSSARY_SLUG);
    let glossary: Vec<Term> = glossary_doc
        .map(|d| d.meta.terms.clone())
        .unwrap_or_default();
    if let Some(doc) = glossary_doc {
        check_term_ids(doc, &mut errors);
    }
    let marks: Vec<GlossaryMark> = glossary
        .iter()
        .map(|t| GlossaryMark {
            term: t.term.clone(),
            lower: t.term.to_lowercase(),
            expansion: t.expansion.clone(),
            id: crate::content::ids::glossary_id(&t.term),
        })
        .collect();

    // Render every page's Markdown in parallel; links stay placeholders for now.
    let render_doc = |path: &Path, body: &str, first_line: u32, url: &str| {
        let is_glossary = glossary_doc.is_some_and(|g| g.path == path);
        let cx = MarkdownContext {
            path,
            first_line,
            allow_raw_html: inputs.config.allow_raw_html,
            page_id: url,
            strings: inputs.strings,
            glossary: match (glossary_doc, is_glossary) {
                (Some(g), false) => Some((g.path.as_path(), marks.as_slice())),
                _ => None,
            },
            static_files: inputs.static_files,
            templates: inputs.templates,
        };
        markdown::render(body, &cx)
    };
    let home = content.home.as_ref();
    type Job<'j> = (&'j Path, &'j str, u32, String);
    let mut jobs: Vec<Job<'_>> = Vec::new();
    if let Some(doc) = home {
        jobs.push((&doc.path, doc.body(), doc.body_line, String::new()));
    }
    if let Some(doc) = &content.steps_index {
        jobs.push((&doc.path, doc.body(), doc.body_line, "stappen/".to_string()));
    }
    for page in &content.pages {
        jobs.push((
            &page.path,
            page.body(),
            page.body_line,
            format!("{}/", page.slug),
        ));
    }
    for step in &content.steps {
        jobs.push((
            &step.path,
            step.body(),
            step.body_line,
            format!("stappen/{}/", step.slug),
        ));
    }
    for module in &content.modules {
        let base = format!("modules/{}/", module.slug);
        jobs.push((
            &module.doc.path,
            module.doc.body(),
            module.doc.body_line,
            base.clone(),
        ));
        for lesson in &module.lessons {
            jobs.push((
                &lesson.path,
                lesson.body(),
                lesson.body_line,
                format!("{base}{}/", lesson.slug),
            ));
        }
    }
    let rendered: Vec<Result<Rendered, Vec<Error>>> = jobs
        .par_iter()
        .map(|(path, body, line, url)| render_doc(path, body, *line, url))
        .collect();
    let mut rendered_by_path: BTreeMap<PathBuf, (String, Rendered)> = BTreeMap::new();
    // Pages whose Markdown has errors exist all the same: links to them are not "no page".
    let mut failed: BTreeSet<PathBuf> = BTreeSet::new();
    for ((path, _, _, url), result) in jobs.iter().zip(rendered) {
        match result {
            Ok(r) => {
                rendered_by_path.insert(path.to_path_buf(), (url.clone(), r));
            }
            Err(mut errs) => {
                errors.append(&mut errs);
                failed.insert(path.to_path_buf());
            }
        }
    }

    // Every page's anchors, for link checks.
    let mut anchors: BTreeMap<PathBuf, (String, BTreeSet<String>)> = BTreeMap::new();
    let mut add_anchors = |path: &Path, url: &str, rendered: &Rendered| {
        let mut ids: BTreeSet<String> = rendered.headings.iter().map(|h| h.id.clone()).collect();
        ids.extend(extra_ids(&rendered.html));
        anchors.insert(path.to_path_buf(), (url.to_string(), ids));
    };
    for (path, (url, r)) in &rendered_by_path {
        add_anchors(path, url, r);
    }
    if let Some(doc) = glossary_doc {
        if let Some(entry) = anchors.get_mut(&doc.path) {
            entry.1.extend(marks.iter().map(|m| m.id.clone()));
        }
    }

    let partner_ids = inputs.directory.partner_ids();
    let mut check_partner_refs = |doc: &Doc<LessonMeta>| {
        for (n, id) in doc.meta.partners.iter().enumerate() {
            if inputs.directory.partner(id).is_none() {
                let path = [Step::Key("partners"), Step::Index(n)];
                errors.push(Error::UnknownPartner {
                    at: Location::line(&doc.path, doc.lines_at(&[&path])[0]),
                    id: id.clone(),
                    known: partner_ids.clone(),
                });
            }
        }
    };
    for module in &content.modules {
        for lesson in &module.lessons {
            check_partner_refs(lesson);
        }
    }

    // Resolve links and collect their errors.
    let mut resolve = |url: &str, mut rendered: Rendered| -> Rendered {
        let (html, mut errs) =
            resolve_links(&rendered.html, url, &rendered.links, &anchors, &failed);
        rendered.html = html;
        errors.append(&mut errs);
        rendered
    };

    let mut take = |path: &Path| rendered_by_path.remove(path);

    let mut pages = Vec::new();
    for doc in &content.pages {
        if let Some((url, r)) = take(&doc.path) {
            let r = resolve(&url, r);
            pages.push(make_page(doc, url, r));
        }
    }
    let mut steps_pages = Vec::new();
    for doc in &content.steps {
        if let Some((url, r)) = take(&doc.path) {
            let r = resolve(&url, r);
            steps_pages.push(make_page(doc, url, r));
        }
    }
    // Readability parses each lesson's Markdown once more; in parallel, like the rendering.
    let mut readability_of: BTreeMap<&Path, Option<Readability>> = content
        .modules
        .par_iter()
        .flat_map_iter(|m| m.lessons.iter())
        .map(|doc| (doc.path.as_path(), readability::of_markdown(doc.body())))
        .collect();
    let mut modules = Vec::new();
    for module in &content.modules {
        let Some((url, r)) = take(&module.doc.path) else {
            continue;
        };
        let r = resolve(&url, r);
        let page = make_page(&module.doc, url, r);
        let mut lessons = Vec::new();
        for doc in &module.lessons {
            if let Some((url, r)) = take(&doc.path) {
                let r = resolve(&url, r);
                let mut lesson = make_page(doc, url, r);
                lesson.readability = readability_of.remove(doc.path.as_path()).flatten();
                if let Some(score) = lesson
                    .readability
                    .filter(|r| r.score < inputs.config.min_readability)
                {
                    warnings.push(Warning {
                        at: Location::file(&doc.path),
                        message: format!(
                            "this lesson reads with difficulty (Flesch–Douma {:.0}, below {:.0}); \
                             use shorter sentences and shorter words",
                            score.score, inputs.config.min_readability
                        ),
                    });
                }
                let computed = reading_minutes(lesson.words);
                let shown = lesson.minutes().max(computed);
                if shown > MAX_LESSON_MINUTES {
                    warnings.push(Warning {
                        at: Location::file(&doc.path),
                        message: format!(
                            "this lesson takes {shown} minutes to read ({} words); keep lessons \
                             at {MAX_LESSON_MINUTES} minutes or less, or split it",
                            lesson.words
                        ),
                    });
                }
                lessons.push(lesson);
            }
        }
        if lessons.is_empty() {
            warnings.push(Warning {
                at: Location::file(&module.doc.path),
                message: "this module has no lessons yet".to_string(),
            });
        }
        modules.push(Module { page, lessons });
    }
    let home_page = home.and_then(|doc| {
        let (url, r) = take(&doc.path)?;
        let r = resolve(&url, r);
        Some(make_page(doc, url, r))
    });
    let steps_index = content.steps_index.as_ref().and_then(|doc| {
        let (url, r) = take(&doc.path)?;
        let r = resolve(&url, r);
        Some(make_page(doc, url, r))
    });

    // The step graph and the partners' step references.
    let step_nodes: Vec<StepNode> = content.steps.iter().map(step_node).collect();
    errors.extend(steps::validate(&step_nodes));
    let step_slugs: Vec<&str> = content.steps.iter().map(|s| s.slug.as_str()).collect();
    for partner in &inputs.directory.partners {
        for step in &partner.steps {
            if !step_slugs.contains(&step.as_str()) {
                let mut known = step_slugs.clone();
                known.sort_unstable();
                errors.push(Error::invalid(
                    Location::line(
                        &inputs.directory.path,
                        inputs
                            .directory
                            .line_of("partners", &partner.id, "steps", step),
                    ),
                    format!("unknown step \"{step}\"; known: {}", known.join(", ")),
                ));
            }
        }
    }

    sort_errors(&mut errors);
    Error::from_list(errors)?;
    let home = home_page.ok_or_else(|| {
        Error::invalid(
            Location::file("content/_index.md"),
            "the home page is missing; create content/_index.md with a title",
        )
    })?;
    let glossary_url = glossary_doc.map(|d| format!("{}/", d.slug));
    Ok((
        Site {
            config: inputs.config.clone(),
            home,
            pages,
            modules,
            steps_index,
            steps: steps_pages,
            step_nodes,
            directory: inputs.directory.clone(),
            glossary,
            glossary_url,
        },
        warnings,
    ))
}

fn make_page<M: Clone>(doc: &Doc<M>, url: String, mut rendered: Rendered) -> Page<M> {
    // The site holds every page until it is written: spare capacity from growing the strings
    // was half of its memory at 10,000 lessons.
    rendered.html.shrink_to_fit();
    for section in &mut rendered.sections {
        section.text.shrink_to_fit();
    }
    Page {
        source: doc.path.clone(),
        slug: doc.slug.clone(),
        url,
        meta: doc.meta.clone(),
        html: rendered.html,
        headings: rendered.headings,
        sections: rendered.sections,
        words: rendered.words,
        quizzes: rendered.quizzes,
        readability: None,
    }
}

/// Orders errors by file and line so the report reads top to bottom, like a compiler's.
pub fn sort_errors(errors: &mut [Error]) {
    errors.sort_by(|a, b| a.location().cmp(&b.location()));
}

fn step_node(doc: &Doc<StepMeta>) -> StepNode {
    let kind = [Step::Key("kind")];
    let tos: Vec<[Step; 3]> = (0..doc.meta.choices.len())
        .map(|n| [Step::Key("choices"), Step::Index(n), Step::Key("to")])
        .collect();
    let mut paths: Vec<&[Step]> = vec![&kind];
    paths.extend(tos.iter().map(|path| &path[..]));
    let lines = doc.lines_at(&paths);
    let kind_line = lines[0];
    let choices = doc
        .meta
        .choices
        .iter()
        .zip(&lines[1..])
        .map(|(c, &line)| ChoiceEdge {
            label: c.label.clone(),
            to: c.to.clone(),
            at: Location::line(&doc.path, line),
        })
        .collect();
    StepNode {
        slug: doc.slug.clone(),
        title: doc.meta.title.clone(),
        label: doc.meta.label.clone(),
        kind: doc.meta.kind,
        url: format!("stappen/{}/index.html", doc.slug),
        at: Location::line(&doc.path, kind_line),
        choices,
    }
}

/// Ids in rendered HTML that are not headings (quiz forms, footnotes), so links may target them.
fn extra_ids(html: &str) -> Vec<String> {
    html.match_indices(" id=\"")
        .filter_map(|(i, m)| {
            let rest = &html[i + m.len()..];
            rest.find('"').map(|end| rest[..end].to_string())
        })
        .collect()
}

/// Every glossary term is the target of links (`begrippen/#id`), so its id must be there and be
/// its own: terms that differ only in capitals, spaces or punctuation (`CAW`,
/// `caw`, `C.A.W.`) would share one id, and a term of only signs (`!!!`, an emoji) would get none.
fn check_term_ids(doc: &Doc<PageMeta>, errors: &mut Vec<Error>) {
    let mut seen: BTreeMap<String, &str> = BTreeMap::new();
    for (n, term) in doc.meta.terms.iter().enumerate() {
        let path = [Step::Key("terms"), Step::Index(n), Step::Key("term")];
        let line = doc.lines_at(&[&path])[0];
        let id = crate::content::ids::glossary_id(&term.term);
        let problem = if id.is_empty() {
            format!(
                "the term \"{}\" has no letter or digit, so it cannot get a link id; write it \
                 in words",
                term.term
            )
        } else if let Some(other) = seen.get(&id) {
            format!(
                "the term \"{}\" gets the same link id \"{id}\" as the term \"{other}\" (they \
                 differ only in capitals, spaces or punctuation); keep one of them",
                term.term
            )
        } else {
            seen.insert(id, &term.term);
            continue;
        };
        errors.push(Error::invalid(Location::line(&doc.path, line), problem));
    }
}

fn check_slugs(content: &Content, errors: &mut Vec<Error>) {
    let mut check = |items: Vec<(&str, &Path)>, reserved: &[&str]| {
        let mut seen: BTreeMap<&str, &Path> = BTreeMap::new();
        for (slug, path) in items {
            if reserved.contains(&slug) {
                errors.push(Error::invalid(
                    Location::file(path),
                    format!("the name \"{slug}\" is used by leerpad itself; rename the file"),
                ));
            } else if let Some(other) = seen.get(slug) {
                errors.push(Error::DuplicateSlug {
                    at: Location::file(path),
                    slug: slug.to_string(),
                    other: other.to_path_buf(),
                });
            } else {
                seen.insert(slug, path);
            }
        }
    };
    check(
        content
            .pages
            .iter()
            .map(|p| (p.slug.as_str(), p.path.as_path()))
            .collect(),
        RESERVED_SLUGS,
    );
    check(
        content
            .steps
            .iter()
            .map(|p| (p.slug.as_str(), p.path.as_path()))
            .collect(),
        &[],
    );
    check(
        content
            .modules
            .iter()
            .map(|m| (m.slug.as_str(), m.doc.path.as_path()))
            .collect(),
        &[],
    );
    for module in &content.modules {
        check(
            module
                .lessons
                .iter()
                .map(|l| (l.slug.as_str(), l.path.as_path()))
                .collect(),
            RESERVED_LESSON_SLUGS,
        );
    }
}

/// The prefix that leads from a page's folder back to the site root (`"../../"`).
pub fn root_prefix(url: &str) -> String {
    "../".repeat(url.matches('/').count())
}

/// A link from page `from` (a folder URL) to page `to` (a folder URL) that works from disk:
/// the shortest relative path, always ending in `index.html`.
pub fn relative_url(from: &str, to: &str) -> String {
    let from_parts: Vec<&str> = from.split_terminator('/').collect();
    let to_parts: Vec<&str> = to.split_terminator('/').collect();
    let common = from_parts
        .iter()
        .zip(&to_parts)
        .take_while(|(a, b)| a == b)
        .count();
    let mut url = "../".repeat(from_parts.len() - common);
    for part in &to_parts[common..] {
        url.push_str(part);
        url.push('/');
    }
    url.push_str("index.html");
    url
}

/// Replaces `leerpad-ref:N` placeholders with relative URLs; broken targets become errors.
fn resolve_links(
    html: &str,
    page_url: &str,
    links: &[PendingLink],
    anchors: &BTreeMap<PathBuf, (String, BTreeSet<String>)>,
    failed: &BTreeSet<PathBuf>,
) -> (String, Vec<Error>) {
    let mut errors = Vec::new();
    let resolved: Vec<String> = links
        .iter()
        .map(|link| match &link.target {
            LinkTarget::Static { name } => format!("{}{}", root_prefix(page_url), name),
            LinkTarget::Page { path, anchor } => {
                let Some((url, ids)) = anchors.get(path) else {
                    if failed.contains(path) {
                        // The target has errors of its own; its anchors are unknown.
                        return "#".to_string();
                    }
                    errors.push(Error::BrokenLink {
                        at: link.at.clone(),
                        target: link.written.clone(),
                        reason: format!("there is no page {}", crate::error::display_path(path)),
                    });
                    return "#".to_string();
                };
                let mut href = if url == page_url && anchor.is_some() {
                    String::new()
                } else {
                    relative_url(page_url, url)
                };
                if let Some(anchor) = anchor {
                    if !ids.contains(anchor) {
                        // The first twelve: a page with many ids makes each error no longer.
                        let known: Vec<&str> = ids.iter().take(12).map(String::as_str).collect();
                        errors.push(Error::BrokenLink {
                            at: link.at.clone(),
                            target: link.written.clone(),
                            reason: format!(
                                "{} has no heading with the id \"{anchor}\"; its ids: {}",
                                crate::error::display_path(path),
                                known.join(", ")
                            ),
                        });
                    }
                    href.push('#');
                    href.push_str(anchor);
                }
                href
            }
        })
        .collect();
    if links.is_empty() {
        return (html.to_string(), errors);
    }
    let mut out = String::with_capacity(html.len() + links.len() * 16);
    let mut rest = html;
    while let Some(pos) = rest.find(LINK_PLACEHOLDER) {
        out.push_str(&rest[..pos]);
        let after = &rest[pos + LINK_PLACEHOLDER.len()..];
        let digits = after.chars().take_while(char::is_ascii_digit).count();
        match after[..digits]
            .parse::<usize>()
            .ok()
            .and_then(|i| resolved.get(i))
        {
            Some(url) => out.push_str(&crate::html::escape(url)),
            None => out.push_str(&rest[pos..pos + LINK_PLACEHOLDER.len() + digits]),
        }
        rest = &after[digits..];
    }
    out.push_str(rest);
    (out, errors)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_urls_climb_to_the_root() {
        assert_eq!(
            relative_url("modules/a/b/", "stappen/x/"),
            "../../../stappen/x/index.html"
        );
        assert_eq!(relative_url("", "begrippen/"), "begrippen/index.html");
        assert_eq!(relative_url("over/", ""), "../index.html");
        assert_eq!(
            relative_url("modules/a/b/", "modules/a/c/"),
            "../c/index.html"
        );
        assert_eq!(relative_url("modules/a/", "modules/a/c/"), "c/index.html");
        assert_eq!(relative_url("stappen/x/", "stappen/x/"), "index.html");
    }

    #[test]
    fn reading_time_rounds_up() {
        assert_eq!(reading_minutes(0), 1);
        assert_eq!(reading_minutes(201), 2);
    }
}
