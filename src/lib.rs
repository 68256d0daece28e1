//! leerpad: builds a static e-learning site from Markdown lessons and a YAML partner directory.
//!
//! `build` is the one place that knows the order of the stages:
//! read sources (disk) → parse config, content, partners, theme → assemble the site →
//! render to memory → write atomically (disk). `serve` and `check` reuse the same path.
//! A multilingual site runs the stages from parsing the content to rendering once per
//! language (content from `content/LANG/`, output under `LANG/`), with one stage between
//! assembling and rendering that links the translations (see `languages`).

pub mod config;
pub mod content;
pub mod disk;
pub mod error;
pub mod html;
pub mod incremental;
pub mod init;
pub mod languages;
pub mod offline;
pub mod output;
pub mod package;
pub mod partners;
pub mod places;
pub mod readability;
pub mod render;
pub mod search;
pub mod serve;
pub mod site;
pub mod steps;
pub mod theme;
pub mod yaml;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

pub use error::{Error, Location, Result, Warning};

use config::{Config, CONFIG_FILE};
use content::{Content, SourceFile};
use disk::INPUT_FOLDERS;
use partners::{Directory, PARTNERS_FILE};
use render::{OutputFile, Renderer, Sink as _};
use site::Site;
use theme::Theme;

/// Every input of a build, read from disk (or made in memory by a test or a fuzzer).
#[derive(Debug, Clone, Default)]
pub struct Sources {
    pub config: Option<Vec<u8>>,
    pub partners: Option<Vec<u8>>,
    /// `places.yaml`: postcode ranges and municipalities per region (optional).
    pub places: Option<Vec<u8>>,
    pub content: Vec<SourceFile>,
    pub theme: Theme,
}

/// Options that override `leerpad.toml` for one run.
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    pub base_url: Option<String>,
    /// `leerpad serve`: every page loads the live-reload script.
    pub live_reload: bool,
}

/// A built site in memory.
pub struct Built {
    pub site: Site,
    /// The further languages of a multilingual site.
    pub others: Vec<Site>,
    pub files: Vec<OutputFile>,
    pub warnings: Vec<Warning>,
}

impl Built {
    /// Every site of the build: the first language's, then the others'.
    pub fn sites(&self) -> impl Iterator<Item = &Site> {
        std::iter::once(&self.site).chain(&self.others)
    }
}

/// Reads every input under `root`. Problems in one input do not hide problems in another.
pub fn read_sources(root: &Path) -> Result<Sources> {
    let mut errors = Vec::new();
    let config = read_optional(root, CONFIG_FILE, &mut errors);
    let partners = read_optional(root, PARTNERS_FILE, &mut errors);
    let places = read_optional(root, places::PLACES_FILE, &mut errors);
    if config.is_none() && errors.is_empty() {
        errors.push(Error::invalid(
            Location::file(CONFIG_FILE),
            format!(
                "there is no {CONFIG_FILE} in {}; create one with at least title = \"…\", or \
                 pass --root to the site's folder",
                root.display()
            ),
        ));
    }
    let content = content::read_sources(root).unwrap_or_else(|e| {
        errors.push(e);
        Vec::new()
    });
    let theme = match config.as_deref().map(parse_config) {
        Some(Ok(config)) if !config.languages.is_empty() => {
            Theme::load_languages(root, &config.theme, &config.languages).unwrap_or_else(|e| {
                errors.push(e);
                Theme::default()
            })
        }
        Some(Ok(config)) => {
            Theme::load(root, &config.theme, &config.language).unwrap_or_else(|e| {
                errors.push(e);
                Theme::default()
            })
        }
        _ => Theme::default(),
    };
    Error::from_list(errors)?;
    Ok(Sources {
        config,
        partners,
        places,
        content,
        theme,
    })
}

fn read_optional(root: &Path, name: &str, errors: &mut Vec<Error>) -> Option<Vec<u8>> {
    disk::SiteRoot::new(root)
        .read_optional(Path::new(name))
        .unwrap_or_else(|error| {
            errors.push(error);
            None
        })
}

fn utf8<'a>(bytes: &'a [u8], name: &str) -> Result<&'a str> {
    std::str::from_utf8(bytes).map_err(|e| {
        let line = bytes[..e.valid_up_to()]
            .iter()
            .filter(|&&b| b == b'\n')
            .count() as u32
            + 1;
        Error::InvalidUtf8 {
            at: Location::line(name, line),
        }
    })
}

fn parse_config(bytes: &[u8]) -> Result<Config> {
    Config::parse(utf8(bytes, CONFIG_FILE)?, Path::new(CONFIG_FILE))
}

/// A site that parsed and checked, with its templates compiled, ready to render. A
/// multilingual site is its first language, with each further language in `others`: every
/// language is a whole site under its own folder (see `languages`).
pub struct Prepared {
    pub site: Site,
    pub warnings: Vec<Warning>,
    pub renderer: std::sync::Arc<Renderer>,
    /// The output folder of this language (`nl/`); empty for a site of one language.
    pub prefix: String,
    /// The links to the other languages' pages (`../fr/…/index.html`), which the link check
    /// takes as made: the other languages make them.
    vouched: BTreeSet<String>,
    pub others: Vec<Prepared>,
}

/// Work of an earlier build that `prepare` may take again (`serve`; see `incremental`). A
/// multilingual site takes none of it: each of its languages is prepared anew.
#[derive(Default, Clone, Copy)]
pub struct Reuse<'r> {
    /// Templates compiled from the same theme.
    pub renderer: Option<&'r std::sync::Arc<Renderer>>,
    /// The outlines and bodies of the last build.
    pub bodies: Option<&'r site::memo::Bodies>,
}

/// Work of an earlier render that `Prepared::render_kept` may take again (`serve`; a site of
/// one language only).
#[derive(Default, Clone, Copy)]
pub struct Kept<'k> {
    pub pages: Option<&'k render::KeptPages>,
    pub search: Option<&'k search::KeptAnalysis>,
}

impl Prepared {
    /// Renders every output file into `sink`: pages, assets, the sitemap and the search index;
    /// of a multilingual site every language under its folder, then the files of the root.
    pub fn render_into(&self, sink: &dyn render::Sink) -> Result<()> {
        self.render_kept(sink, Kept::default())
    }

    /// `render_into`, taking again the pages and search analyses of `kept` that hold. A
    /// multilingual site renders every language anew.
    pub fn render_kept(&self, sink: &dyn render::Sink, kept: Kept<'_>) -> Result<()> {
        if self.prefix.is_empty() {
            return self.render_language(sink, kept);
        }
        let mut errors = Vec::new();
        for edition in std::iter::once(self).chain(&self.others) {
            let prefixed = render::Prefixed::new(sink, &edition.prefix);
            if let Err(e) = edition.render_language(&prefixed, Kept::default()) {
                errors.extend(e.into_list());
            }
        }
        Error::from_list(errors)?;
        let editions: Vec<(&Site, &Renderer)> = std::iter::once(self)
            .chain(&self.others)
            .map(|e| (&e.site, e.renderer.as_ref()))
            .collect();
        for file in languages::root_files(&editions)? {
            sink.put(file)?;
        }
        Ok(())
    }

    /// Every site of the build: the first language's, then the others'.
    pub fn sites(&self) -> impl Iterator<Item = &Site> {
        std::iter::once(&self.site).chain(self.others.iter().map(|e| &e.site))
    }

    /// The files of one language's site (of the whole site, for a site of one language).
    fn render_language(&self, sink: &dyn render::Sink, kept: Kept<'_>) -> Result<()> {
        let unique = render::UniquePaths::new(sink, self.renderer.static_origins());
        let recording = offline::Recording::new(&unique).keeping(kept.pages.map(|k| k.digests()));
        // Pages pass the link check on their way out, on the threads that render them.
        let templates = self.renderer.templates().sources();
        let links = render::LinkCheck::new(&recording, templates, &self.site.config.base_url())
            .keeping(kept.pages.map(|k| k.links()));
        // The search index is built beside the pages: it needs only the site, and on a small
        // site it takes longer than all the pages together.
        let (pages, index) = rayon::join(
            || self.renderer.render_kept(&self.site, &links, kept.pages),
            || {
                let hints = search::QueryHints::from_strings(self.renderer.strings());
                search::write_index_kept(&self.site, &hints, &recording, kept.search)
            },
        );
        pages?;
        index?;
        let link_targets = links.targets();
        // Last: the service worker lists (and hashes) every other file of the build.
        for file in offline::files(&self.site.config, &recording.into_digests()) {
            unique.put(file)?;
        }
        // Template links are checked against every file of the build, generated or static.
        let mut written = unique.written();
        written.extend(self.vouched.iter().cloned());
        let mut errors = link_targets.missing(&written);
        errors.extend(unique.finish().err().into_iter().flat_map(Error::into_list));
        site::sort_errors(&mut errors);
        Error::from_list(errors)
    }
}

/// One language's share of the sources: where its content is and its strings.
struct Edition {
    /// `None` for a site of one language.
    language: Option<String>,
    files: Vec<SourceFile>,
    theme: Theme,
}

/// An edition with its content parsed and its templates compiled.
struct Parsed {
    language: Option<String>,
    content: Content,
    renderer: std::sync::Arc<Renderer>,
    folders: site::urls::Folders,
}

/// Parses and checks everything and compiles the templates. No disk access.
pub fn prepare(sources: Sources, overrides: &Overrides) -> Result<Prepared> {
    prepare_reusing(sources, overrides, Reuse::default())
}

/// `prepare`, taking again what `reuse` holds where its inputs are the same.
pub fn prepare_reusing(
    mut sources: Sources,
    overrides: &Overrides,
    reuse: Reuse<'_>,
) -> Result<Prepared> {
    let mut errors = Vec::new();
    let config = match &sources.config {
        Some(bytes) => parse_config(bytes).map_err(|e| errors.push(e)).ok(),
        None => {
            errors.push(Error::invalid(
                Location::file(CONFIG_FILE),
                "the file is missing; create it with at least title = \"…\"",
            ));
            None
        }
    };
    let directory = parse_directory(&sources, &mut errors);
    let static_files: BTreeSet<String> = sources
        .theme
        .statics
        .iter()
        .map(|f| f.name.clone())
        .collect();
    // The content moves into its editions: a copy of it was a seventh of a 10,000-lesson
    // build's peak memory.
    let content = std::mem::take(&mut sources.content);
    let editions = editions(&sources, content, config.as_ref(), &mut errors);
    // Only a site of one language takes the last build's work again.
    let reuse = match editions.as_slice() {
        [one] if one.language.is_none() => reuse,
        _ => Reuse::default(),
    };
    let parsed: Vec<Option<Parsed>> = editions
        .into_iter()
        .map(|edition| parse_edition(edition, reuse.renderer, &mut errors))
        .collect();
    let (Some(mut config), true) = (config, parsed.iter().all(Option::is_some)) else {
        let mut list: Vec<Error> = errors.into_iter().flat_map(Error::into_list).collect();
        site::sort_errors(&mut list);
        return Err(Error::from_list(list)
            .err()
            .unwrap_or(Error::Many(Vec::new())));
    };
    if let Some(base_url) = &overrides.base_url {
        config::check_base_url(base_url)
            .map_err(|problem| Error::invalid(Location::file("--base-url"), problem))?;
        config.base_url = base_url.clone();
    }
    config.live_reload = overrides.live_reload;
    // A broken partners.yaml or places.yaml is already reported; the content is still
    // assembled, without the checks of its partner references, so that its own errors come in
    // the same report.
    let partners_known = directory.is_some();
    let directory = directory.unwrap_or_else(|| Directory {
        path: PathBuf::from(PARTNERS_FILE),
        ..Directory::default()
    });
    let mut prepared = Vec::new();
    for edition in parsed.into_iter().flatten() {
        let directory = (&directory, partners_known);
        match assemble_edition(&config, edition, directory, &static_files, reuse.bodies) {
            Ok(one) => prepared.push(one),
            Err(e) => errors.extend(e.into_list()),
        }
    }
    let mut errors: Vec<Error> = errors.into_iter().flat_map(Error::into_list).collect();
    site::sort_errors(&mut errors);
    Error::from_list(errors)?;
    link_editions(prepared).ok_or(Error::Many(Vec::new()))
}

/// `partners.yaml` with `places.yaml` merged in; problems go to `errors`.
fn parse_directory(sources: &Sources, errors: &mut Vec<Error>) -> Option<Directory> {
    let directory = match &sources.partners {
        Some(bytes) => utf8(bytes, PARTNERS_FILE)
            .and_then(|text| Directory::parse(text, Path::new(PARTNERS_FILE)))
            .map_err(|e| errors.push(e))
            .ok(),
        None => Some(Directory {
            path: PathBuf::from(PARTNERS_FILE),
            ..Directory::default()
        }),
    };
    // The places need the regions of partners.yaml; a broken partners.yaml hides their errors.
    match (directory, &sources.places) {
        (Some(mut directory), Some(bytes)) => {
            let name = places::PLACES_FILE;
            match utf8(bytes, name)
                .and_then(|text| places::merge(&mut directory, text, Path::new(name)))
            {
                Ok(()) => Some(directory),
                Err(e) => {
                    errors.push(e);
                    None
                }
            }
        }
        (directory, _) => directory,
    }
}

/// The editions of the site: one for a site of one language, else one per language with the
/// files of its folder; problems go to `errors`.
fn editions(
    sources: &Sources,
    content: Vec<SourceFile>,
    config: Option<&Config>,
    errors: &mut Vec<Error>,
) -> Vec<Edition> {
    let languages = config.map(|c| c.languages.clone()).unwrap_or_default();
    if languages.is_empty() {
        return vec![Edition {
            language: None,
            files: content,
            theme: sources.theme.clone(),
        }];
    }
    let text = sources.config.as_deref().map(String::from_utf8_lossy);
    let at = Config::languages_location(text.as_deref().unwrap_or(""), Path::new(CONFIG_FILE));
    match languages::split(content, &languages, &at) {
        Ok(by_language) => languages
            .iter()
            .zip(by_language)
            .map(|(language, files)| Edition {
                language: Some(language.clone()),
                files,
                theme: sources.theme.in_language(language),
            })
            .collect(),
        Err(e) => {
            errors.push(e);
            Vec::new()
        }
    }
}

/// An edition's content, parsed where its folder names say, and its templates compiled.
/// Templates of `reuse` (compiled from the same theme) are taken again.
fn parse_edition(
    edition: Edition,
    reuse: Option<&std::sync::Arc<Renderer>>,
    errors: &mut Vec<Error>,
) -> Option<Parsed> {
    // The content tree mirrors the URLs, whose folder names are words of the language; without
    // the strings (a broken leerpad.toml or theme, already reported) the content is not read.
    let folders = site::urls::Folders::from_strings(&edition.theme.strings);
    let root = content_root(edition.language.as_deref());
    let layout = content::Layout {
        root: &root,
        steps: &folders.steps,
        modules: &folders.modules,
    };
    let content = if folders.is_complete() {
        content::parse(edition.files, &layout)
            .map_err(|e| errors.push(e))
            .ok()
    } else {
        None
    };
    let renderer = match reuse {
        Some(renderer) => Some(renderer.clone()),
        None => Renderer::new(&edition.theme)
            .map(std::sync::Arc::new)
            .map_err(|e| errors.push(e))
            .ok(),
    };
    Some(Parsed {
        language: edition.language,
        content: content?,
        renderer: renderer?,
        folders,
    })
}

/// The content folder of an edition: `content/`, or `content/LANG/` of a multilingual site.
fn content_root(language: Option<&str>) -> PathBuf {
    match language {
        Some(language) => languages::content_root(language),
        None => PathBuf::from(content::CONTENT_DIR),
    }
}

/// One edition assembled: its config (its language, its folder in the base URL, its folder
/// names) and its site, taking again the bodies `kept` holds where their inputs are the same.
fn assemble_edition(
    config: &Config,
    parsed: Parsed,
    (directory, partners_known): (&Directory, bool),
    static_files: &BTreeSet<String>,
    kept: Option<&site::memo::Bodies>,
) -> Result<Prepared> {
    let mut config = config.clone();
    let prefix = parsed.language.as_deref().map(languages::prefix);
    if let (Some(language), Some(prefix)) = (&parsed.language, &prefix) {
        config.base_url = format!("{}{prefix}", config.base_url());
        config.language = language.clone();
    }
    // The built-in names differ: only a site's own i18n file can make two of them equal.
    if let Some(problem) = parsed.folders.clash() {
        let file = PathBuf::from(theme::SITE_I18N_DIR).join(format!("{}.yaml", config.language));
        return Err(Error::invalid(Location::file(file), problem));
    }
    config.folders = parsed.folders.clone();
    let root = content_root(parsed.language.as_deref());
    let (site, warnings) = site::assemble(&site::Inputs {
        config: &config,
        layout: content::Layout {
            root: &root,
            steps: &parsed.folders.steps,
            modules: &parsed.folders.modules,
        },
        content: &parsed.content,
        directory,
        partners_known,
        strings: parsed.renderer.strings(),
        static_files,
        templates: parsed.renderer.templates(),
        kept,
    })?;
    Ok(Prepared {
        site,
        warnings,
        renderer: parsed.renderer,
        prefix: prefix.unwrap_or_default(),
        vouched: BTreeSet::new(),
        others: Vec::new(),
    })
}

/// The editions as one prepared site: the first with the others beside it, the translations
/// of each page linked. The warnings of all languages are the first's.
fn link_editions(editions: Vec<Prepared>) -> Option<Prepared> {
    let mut editions = editions.into_iter();
    let mut first = editions.next()?;
    let mut others: Vec<Prepared> = editions.collect();
    if first.prefix.is_empty() {
        return Some(first);
    }
    let names: Vec<String> = std::iter::once(&first)
        .chain(&others)
        .map(|e| e.renderer.strings().get("language_name").to_string())
        .collect();
    let mut sites: Vec<&mut Site> = std::iter::once(&mut first.site)
        .chain(others.iter_mut().map(|e| &mut e.site))
        .collect();
    let vouched = languages::link(&mut sites, &names);
    for (edition, vouched) in std::iter::once(&mut first).chain(&mut others).zip(vouched) {
        edition.vouched = vouched;
    }
    // The partner directory is shared: its warnings come once, not once per language.
    for edition in &mut others {
        for warning in edition.warnings.drain(..) {
            if !first
                .warnings
                .iter()
                .any(|w| w.to_string() == warning.to_string())
            {
                first.warnings.push(warning);
            }
        }
    }
    first.others = others;
    Some(first)
}

/// Parses and checks everything and renders the site in memory. No disk access.
pub fn compile(sources: Sources, overrides: &Overrides) -> Result<Built> {
    let prepared = prepare(sources, overrides)?;
    let sink = render::MemorySink::default();
    prepared.render_into(&sink)?;
    Ok(Built {
        site: prepared.site,
        others: prepared.others.into_iter().map(|e| e.site).collect(),
        files: sink.into_files(),
        warnings: prepared.warnings,
    })
}

/// What `build` wrote.
pub struct Written {
    pub site: Site,
    pub warnings: Vec<Warning>,
    pub summary: output::Summary,
}

/// `leerpad build`: compiles the site under `root` and writes it to `out` atomically. Pages go
/// to disk as they are rendered.
pub fn build(root: &Path, out: &Path, overrides: &Overrides) -> Result<Written> {
    check_out_folder(root, out)?;
    output::recover(out);
    let prepared = prepare(read_sources(root)?, overrides)?;
    let summary = output::write_atomically(out, |sink| prepared.render_into(sink))?;
    Ok(Written {
        site: prepared.site,
        warnings: prepared.warnings,
        summary,
    })
}

/// Refuses an output folder inside an input folder, or one that holds the site itself.
fn check_out_folder(root: &Path, out: &Path) -> Result<()> {
    let root = resolved(root);
    let out_real = resolved(out);
    let inside = INPUT_FOLDERS
        .iter()
        .find(|dir| out_real.starts_with(resolved(&root.join(dir))));
    let problem = match inside {
        Some(dir) => format!(
            "the output folder is inside {dir}/, which the build reads; choose a folder \
             outside {} (the default is public/ in the site's folder)",
            INPUT_FOLDERS.join("/, ") + "/"
        ),
        None if root.starts_with(&out_real) => "the output folder holds the site itself; \
             choose a folder inside or beside it, such as public/"
            .to_string(),
        None => return Ok(()),
    };
    Err(Error::invalid(
        Location::file(format!("--out {}", out.display())),
        problem,
    ))
}

/// `path` with every link resolved, also when its last parts do not exist yet.
fn resolved(path: &Path) -> PathBuf {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut existing = absolute.as_path();
    let mut rest = Vec::new();
    while !existing.exists() {
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_os_string());
                existing = parent;
            }
            _ => break,
        }
    }
    let mut real = existing
        .canonicalize()
        .unwrap_or_else(|_| existing.to_path_buf());
    for part in rest.iter().rev() {
        if part == ".." {
            real.pop();
        } else if part != "." {
            real.push(part);
        }
    }
    real
}

/// `leerpad check`: every validation of a build, nothing written.
pub fn check(root: &Path) -> Result<Built> {
    let mut built = compile(read_sources(root)?, &Overrides::default())?;
    let more: Vec<Warning> = built.sites().flat_map(package::warnings).collect();
    built.warnings.extend(more);
    Ok(built)
}
