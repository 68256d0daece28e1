//! Assembles the site in named stages, no I/O: every page's URL (`urls`), then every page's
//! ids (the outline), then the render of each body with its links already final (`links`
//! resolves them), then the rules between pages (`checks`).
//!
//! Owns: the order of those stages and the assembled `Site`.
//! Does not: read files (see `content`, `partners`), render Markdown (see `content::markdown`)
//! or produce HTML around the page body (see `render`).

mod checks;
mod links;
pub mod memo;
mod outline;
mod print_form;
pub mod urls;

use std::collections::{BTreeMap, BTreeSet};

use rustc_hash::FxHashMap as HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::config::Config;
pub use crate::content::front_matter::Kind;
use crate::content::front_matter::{StepKind, Term};
use crate::content::markdown::{
    self, ids, GlossaryMark, GlossaryTerms, MarkdownContext, Outline, Print, PrintPart, Section,
};
use crate::content::{Content, Doc, Layout};
pub use crate::content::{Module, Places};
use crate::error::{Error, Location, Warning};
use crate::partners::Directory;
use crate::readability::{self, Readability};
use crate::steps::{self, StepNode};
use crate::theme::{Strings, Templates};
use links::Links;
pub use print_form::PrintForm;
use urls::Source;
pub use urls::{relative_url, root_prefix};

/// Words a learner reads in a minute, for reading times.
pub const WORDS_PER_MINUTE: usize = 200;
/// Lessons above this many minutes get a warning: staff read in short breaks.
pub const MAX_LESSON_MINUTES: u32 = 5;

/// A page with its Markdown rendered and its links resolved; its kind carries its front matter.
#[derive(Debug, Clone)]
pub struct Page {
    pub source: PathBuf,
    pub slug: String,
    /// The page's folder from the site root with a trailing slash; `""` for the home page.
    pub url: String,
    pub kind: Kind,
    /// The rendered body. This and the other rendered parts are shared with `serve`'s memo
    /// (`memo::Bodies`), which keeps them for the next rebuild without a copy.
    pub html: Arc<String>,
    /// The body as a part of its module's trainer version (module intros and lessons; else
    /// empty), kept as its differences from `html` (`PrintForm::text` makes it).
    pub print_html: Arc<PrintForm>,
    /// What its module's learner handout shows of the body: the checks without their
    /// answers and the discussion prompts, from the same walk (small; else empty).
    pub handout_html: Arc<String>,
    pub sections: Arc<Vec<Section>>,
    /// `serve` only (else 0): a digest of everything the rendered parts above were made from
    /// (the memo's key of the body and the pages its links resolved to), which stands for them
    /// in the keys of the output pages that show them (`render::views::Body`).
    pub digest: u64,
    pub words: usize,
    pub quizzes: usize,
    /// The readability score of the prose; lessons only, `None` elsewhere or without words.
    pub readability: Option<Readability>,
}

impl Page {
    pub fn title(&self) -> &str {
        self.kind.title()
    }

    pub fn summary(&self) -> &str {
        self.kind.summary()
    }

    /// The kind of step of a step page; `None` for other pages.
    pub fn step_kind(&self) -> Option<StepKind> {
        self.kind.as_step().map(|m| m.kind)
    }

    /// Minutes as the author of a lesson set them, or the reading time.
    pub fn minutes(&self) -> u32 {
        self.kind
            .as_lesson()
            .and_then(|l| l.minutes)
            .unwrap_or_else(|| reading_minutes(self.words))
    }
}

/// The reading time of `words` words, rounded up, at least one minute.
pub fn reading_minutes(words: usize) -> u32 {
    (words.div_ceil(WORDS_PER_MINUTE)).max(1) as u32
}

/// The assembled site, ready to render. `pages` are in the order of `Content::docs`, so the
/// modules of the content are the site's modules.
#[derive(Debug, Clone)]
pub struct Site {
    pub config: Config,
    pub pages: Vec<Page>,
    pub places: Places,
    pub modules: Vec<Module>,
    pub step_nodes: Vec<StepNode>,
    pub directory: Directory,
    pub glossary: Vec<Term>,
    /// URL of the glossary page, when there is one.
    pub glossary_url: Option<String>,
    /// In a multilingual site: by page URL, the page in each language that has it (set by
    /// `languages::link`; empty for a page of one language and a site of one language).
    pub translations: BTreeMap<String, Vec<crate::languages::Translation>>,
}

impl Site {
    /// The home page: the first page, there is always one.
    pub fn home(&self) -> &Page {
        &self.pages[0]
    }

    /// The free pages directly in `content/`, the glossary among them.
    pub fn free_pages(&self) -> &[Page] {
        &self.pages[self.places.free_pages.clone()]
    }

    pub fn steps_index(&self) -> Option<&Page> {
        self.places.steps_index.map(|i| &self.pages[i])
    }

    pub fn steps(&self) -> &[Page] {
        &self.pages[self.places.steps.clone()]
    }

    /// The module's own page, from its `_module.md`.
    pub fn intro(&self, module: &Module) -> &Page {
        &self.pages[module.intro]
    }

    pub fn lessons(&self, module: &Module) -> &[Page] {
        &self.pages[module.lessons.clone()]
    }

    /// The site with every page's rendered bodies (`html` and its print forms) left empty;
    /// the sections are shared, not copied. What the search index and the build's last steps
    /// read, once the pages that show the bodies are made (`leerpad build`).
    pub fn without_bodies(&self) -> Site {
        let empty = Arc::new(String::new());
        let pages = self
            .pages
            .iter()
            .map(|page| Page {
                source: page.source.clone(),
                slug: page.slug.clone(),
                url: page.url.clone(),
                kind: page.kind.clone(),
                html: empty.clone(),
                print_html: Arc::default(),
                handout_html: empty.clone(),
                sections: page.sections.clone(),
                digest: page.digest,
                words: page.words,
                quizzes: page.quizzes,
                readability: page.readability,
            })
            .collect();
        Site {
            config: self.config.clone(),
            pages,
            places: self.places.clone(),
            modules: self.modules.clone(),
            step_nodes: self.step_nodes.clone(),
            directory: self.directory.clone(),
            glossary: self.glossary.clone(),
            glossary_url: self.glossary_url.clone(),
            translations: self.translations.clone(),
        }
    }
}

/// Everything `assemble` needs.
pub struct Inputs<'a> {
    pub config: &'a Config,
    /// Where `content` was read from (`content/`, or `content/LANG/` of a multilingual site).
    pub layout: Layout<'a>,
    pub content: &'a Content,
    pub directory: &'a Directory,
    /// False when partners.yaml or places.yaml failed (already reported): `directory` is then
    /// empty and the content's references to partners are not checked against it.
    pub partners_known: bool,
    pub strings: &'a Strings,
    pub static_files: &'a BTreeSet<String>,
    pub templates: &'a Templates,
    /// The last build's outlines and bodies (`serve`), taken again where nothing changed.
    pub kept: Option<&'a memo::Bodies>,
}

/// The glossary page and the terms the other pages mark on first use.
struct Glossary<'c> {
    doc: Option<&'c Doc>,
    marks: GlossaryTerms,
}

impl<'c> Glossary<'c> {
    fn of(content: &'c Content, slug: &str, theme_ids: &[String], errors: &mut Vec<Error>) -> Self {
        let doc = content.free_pages().iter().find(|p| p.slug == slug);
        if let Some(doc) = doc {
            checks::term_ids(doc, theme_ids, errors);
        }
        let marks = doc
            .and_then(|d| d.kind.as_page())
            .map(|m| m.terms.as_slice())
            .unwrap_or_default()
            .iter()
            .map(|t| GlossaryMark {
                term: t.term.clone(),
                lower: t.term.to_lowercase(),
                expansion: t.expansion.clone(),
                id: ids::term(&t.term),
            })
            .collect();
        Glossary {
            doc,
            marks: GlossaryTerms::new(marks),
        }
    }

    fn is(&self, path: &Path) -> bool {
        self.doc.is_some_and(|g| g.path == path)
    }

    fn terms(&self) -> Vec<Term> {
        self.doc
            .and_then(|d| d.kind.as_page())
            .map(|m| m.terms.clone())
            .unwrap_or_default()
    }
}

/// What every page's render shares.
struct Shared<'s> {
    inputs: &'s Inputs<'s>,
    glossary: &'s Glossary<'s>,
    links: &'s Links<'s>,
    print_parts: &'s [BTreeMap<PathBuf, PrintPart>],
    /// A key of each module's print parts, for the keys of its bodies (`serve` only).
    print_keys: Vec<u64>,
    /// The key of what every body is rendered with (see `memo`).
    env: u64,
}

/// A page's body, rendered for its own page and, for modules and lessons, for the print page.
/// A clone shares the texts (the memo and the page hold the same ones).
#[derive(Clone)]
struct Done {
    html: Arc<String>,
    print_html: Arc<PrintForm>,
    handout_html: Arc<String>,
    sections: Arc<Vec<Section>>,
    words: usize,
    quizzes: usize,
    readability: Option<Readability>,
}

/// Builds the site from typed content. Returns every problem found, and warnings.
pub fn assemble(inputs: &Inputs<'_>) -> Result<(Site, Vec<Warning>), Error> {
    let content = inputs.content;
    let mut errors = Vec::new();
    let mut warnings = Vec::new();

    let folders = &inputs.config.folders;
    checks::slugs(content, folders, &mut errors);
    let theme_ids = inputs.templates.fixed_ids();
    let glossary = Glossary::of(content, &folders.glossary, theme_ids, &mut errors);
    let sources = urls::sources(content, folders);
    let mut kept = inputs.kept.map(memo::Bodies::take).unwrap_or_default();
    let outlines = outline::all(
        &sources,
        &glossary,
        inputs,
        &mut kept.outlines,
        inputs.kept.is_some(),
    );
    let links = Links::new(
        sources
            .iter()
            .zip(&outlines)
            .map(|(s, o)| (s.doc.path.as_path(), s.url.as_str(), &**o)),
    );
    let print_parts = urls::print_parts(content, folders);
    let shared = Shared {
        inputs,
        glossary: &glossary,
        links: &links,
        print_parts: &print_parts,
        print_keys: match inputs.kept {
            Some(_) => print_parts.iter().map(print_key).collect(),
            None => Vec::new(),
        },
        env: env_key(inputs, &glossary),
    };
    let done = render_all(&sources, &outlines, &shared, &mut kept.bodies, &mut errors);
    if let Some(bodies) = inputs.kept {
        bodies.put(kept);
    }
    if inputs.partners_known {
        for doc in &content.docs {
            checks::partner_refs(doc, inputs.directory, &mut errors);
        }
    }
    let step_nodes: Vec<StepNode> = content
        .steps()
        .iter()
        .filter_map(|doc| checks::step_node(doc, folders))
        .collect();
    errors.extend(steps::validate(&step_nodes));
    if inputs.partners_known {
        checks::partner_steps(content, inputs.directory, &mut errors);
    }

    sort_errors(&mut errors);
    Error::from_list(errors)?;
    checks::partner_warnings(inputs.directory, &mut warnings);
    let pages = sources
        .into_iter()
        .zip(done.into_iter().flatten())
        .map(|(source, (done, digest))| make_page(source, done, digest))
        .collect();
    let site = collect(inputs, pages, step_nodes, &glossary, &mut warnings)?;
    Ok((site, warnings))
}

/// The key of everything every body is rendered with: the config, the UI strings, the static
/// files, the templates and the glossary's terms.
fn env_key(inputs: &Inputs<'_>, glossary: &Glossary<'_>) -> u64 {
    let mut key = memo::Key::default();
    key.text(&format!("{:?}", inputs.config))
        .text(&format!("{:?}", inputs.strings.0));
    for name in inputs.static_files {
        key.text(name);
    }
    for template in inputs.templates.sources() {
        key.text(&template.name).text(&template.text);
    }
    if let Some(doc) = glossary.doc {
        key.path(&doc.path);
    }
    key.text(&format!("{:?}", glossary.marks.marks));
    key.finish()
}

/// The key of one body: its source and its place (see `memo`).
fn body_key(source: &Source<'_>, outline: &Outline, shared: &Shared<'_>) -> u64 {
    let doc = source.doc;
    let mut key = memo::Key::default();
    key.number(shared.env)
        .path(&doc.path)
        .text(&source.url)
        .number(u64::from(doc.body_line))
        .text(doc.body());
    // The page's own ids: a heading steps aside for a partner's id on a step page, so an edit
    // of partners.yaml can rename it without a change to the page or to the templates.
    for id in outline.headings.iter().chain(&outline.ids) {
        key.text(id);
    }
    // What kind of page it is decides how it renders (a lesson's print form is demoted).
    key.hashed(std::mem::discriminant(&doc.kind));
    if let Some(m) = source.module {
        key.number(1)
            .text(&shared.inputs.content.modules[m].slug)
            .number(shared.print_keys[m]);
    }
    key.finish()
}

/// The key of a module's print parts: every body of the module links into them.
fn print_key(parts: &BTreeMap<PathBuf, PrintPart>) -> u64 {
    let mut key = memo::Key::default();
    key.number(parts.len() as u64);
    for (path, part) in parts {
        key.path(path)
            .text(&part.prefix)
            .number(u64::from(part.has_element));
    }
    key.finish()
}

/// The second pass over every page, in parallel: the rendered pages in the order of
/// `sources`, `None` for those whose problems went to `errors`.
/// A body of the last build is taken again when its key and the pages it links to are the
/// same (see `memo`); `kept` becomes this build's.
fn render_all(
    sources: &[Source<'_>],
    outlines: &[Arc<Outline>],
    shared: &Shared<'_>,
    kept: &mut HashMap<PathBuf, memo::Body>,
    errors: &mut Vec<Error>,
) -> Vec<Option<(Done, u64)>> {
    let last = std::mem::take(kept);
    let rendered = std::sync::atomic::AtomicUsize::new(0);
    let done: Vec<Result<memo::Body, Vec<Error>>> = sources
        .par_iter()
        .zip(outlines)
        .map(|(source, outline)| {
            // As for the outlines: without a `kept` (a `build`), nothing is hashed.
            let key = match shared.inputs.kept {
                Some(_) => body_key(source, outline, shared),
                None => 0,
            };
            if let Some(body) = last.get(&source.doc.path) {
                if body.key == key && body.still_links(shared.links) {
                    return Ok(memo::Body {
                        key,
                        deps: body.deps.clone(),
                        done: body.done.clone(),
                    });
                }
            }
            rendered.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            let recording = memo::Recording {
                links: shared.links,
                seen: std::sync::Mutex::new(Vec::new()),
            };
            let done = render_source(source, outline, shared, &recording)?;
            let deps = match shared.inputs.kept {
                Some(_) => recording.deps(),
                None => Vec::new(),
            };
            Ok(memo::Body { key, deps, done })
        })
        .collect();
    kept.reserve(sources.len());
    if let Some(bodies) = shared.inputs.kept {
        bodies
            .rendered
            .store(rendered.into_inner(), std::sync::atomic::Ordering::Relaxed);
    }
    sources
        .iter()
        .zip(done)
        .map(|(source, result)| match result {
            // A build that keeps nothing (`build`) holds each body once.
            Ok(body) if shared.inputs.kept.is_none() => Some((body.done, 0)),
            Ok(body) => {
                let done = (body.done.clone(), body.digest());
                kept.insert(source.doc.path.clone(), body);
                Some(done)
            }
            Err(mut errs) => {
                errors.append(&mut errs);
                None
            }
        })
        .collect()
}

/// The second pass for one page: its body with every link final, and for a module intro or
/// a lesson also its form on the module's print page.
fn render_source(
    source: &Source<'_>,
    outline: &Outline,
    shared: &Shared<'_>,
    links: &dyn markdown::Resolve,
) -> Result<Done, Vec<Error>> {
    let inputs = shared.inputs;
    let doc = source.doc;
    let glossary = match shared.glossary.doc {
        Some(g) if g.path != doc.path => Some((g.path.as_path(), &shared.glossary.marks)),
        _ => None,
    };
    let is_lesson = matches!(doc.kind, Kind::Lesson(_));
    let module = source.module;
    let folders = &inputs.config.folders;
    // Links are written for the trainer version; the handout beside it shares their form.
    let print_url =
        module.map(|m| folders.trainer_url(&folders.module_url(&inputs.content.modules[m].slug)));
    let print = module.zip(print_url.as_deref()).map(|(m, url)| {
        let parts = &shared.print_parts[m];
        Print {
            url,
            prefix: parts.get(&doc.path).map_or("", |p| p.prefix.as_str()),
            demote: is_lesson,
            parts,
        }
    });
    let cx = MarkdownContext {
        path: &doc.path,
        first_line: doc.body_line,
        allow_raw_html: inputs.config.allow_raw_html,
        page_id: &source.url,
        strings: inputs.strings,
        glossary,
        static_files: inputs.static_files,
        templates: inputs.templates,
        outline,
        links,
        print: print.as_ref(),
    };
    let mut rendered = markdown::render(doc.body(), &cx)?;
    let readability = is_lesson
        .then(|| {
            let formula = readability::Formula::for_language(&inputs.config.language);
            readability::of_markdown_in(doc.body(), formula)
        })
        .flatten();
    // The site holds every page until it is written: spare capacity from growing the strings
    // was half of its memory at 10,000 lessons.
    let print_html = rendered.print_html.take().unwrap_or_default();
    let print_html = PrintForm::new(&rendered.html, &print_html);
    let mut handout_html = rendered.handout_html.take().unwrap_or_default();
    handout_html.shrink_to_fit();
    rendered.html.shrink_to_fit();
    for section in &mut rendered.sections {
        section.text.shrink_to_fit();
    }
    Ok(Done {
        html: Arc::new(rendered.html),
        print_html: Arc::new(print_html),
        handout_html: Arc::new(handout_html),
        sections: Arc::new(rendered.sections),
        words: rendered.words,
        quizzes: rendered.quizzes,
        readability,
    })
}

/// The site from the rendered pages, in the order of the content, with the warnings about its
/// lessons and modules.
fn collect(
    inputs: &Inputs<'_>,
    pages: Vec<Page>,
    step_nodes: Vec<StepNode>,
    glossary: &Glossary<'_>,
    warnings: &mut Vec<Warning>,
) -> Result<Site, Error> {
    if !pages
        .first()
        .is_some_and(|p| matches!(p.kind, Kind::Home(_)))
    {
        return Err(crate::content::missing_home(&inputs.layout));
    }
    let modules = inputs.content.modules.clone();
    for module in &modules {
        let lessons = &pages[module.lessons.clone()];
        for lesson in lessons {
            checks::lesson_warnings(lesson, inputs.config, warnings);
        }
        if lessons.is_empty() {
            warnings.push(Warning {
                at: Location::file(&pages[module.intro].source),
                message: "this module has no lessons yet".to_string(),
            });
        }
    }
    Ok(Site {
        config: inputs.config.clone(),
        pages,
        places: inputs.content.places.clone(),
        modules,
        step_nodes,
        directory: inputs.directory.clone(),
        glossary: glossary.terms(),
        glossary_url: glossary.doc.map(|_| inputs.config.folders.glossary_url()),
        translations: BTreeMap::new(),
    })
}

fn make_page(source: Source<'_>, done: Done, digest: u64) -> Page {
    let Done {
        html,
        print_html,
        handout_html,
        sections,
        words,
        quizzes,
        readability,
    } = done;
    let doc = source.doc;
    Page {
        source: doc.path.clone(),
        slug: doc.slug.clone(),
        url: source.url,
        kind: doc.kind.clone(),
        html,
        print_html,
        handout_html,
        sections,
        digest,
        words,
        quizzes,
        readability,
    }
}

/// Orders errors by file and line so the report reads top to bottom, like a compiler's.
pub fn sort_errors(errors: &mut [Error]) {
    errors.sort_by(|a, b| a.location().cmp(&b.location()));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reading_time_rounds_up() {
        assert_eq!(reading_minutes(0), 1);
        assert_eq!(reading_minutes(201), 2);
    }
}
