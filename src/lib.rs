//! leerpad: builds a static e-learning site from Markdown lessons and a YAML partner directory.
//!
//! `build` is the one place that knows the order of the stages:
//! read sources (disk) → parse config, content, partners, theme and assemble the site
//! (`prepare`) → render to memory → write atomically (disk). `serve` and `check` reuse the
//! same path.
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
mod prepare;
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
pub use prepare::{prepare, prepare_reusing, KeptDirectory, Reuse};

use config::{Config, CONFIG_FILE};
use content::SourceFile;
use disk::INPUT_FOLDERS;
use partners::PARTNERS_FILE;
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
    /// What reading found wrong without stopping (a file that cannot be read, a broken theme
    /// file): `prepare` reports it with the problems of everything that could be read.
    pub problems: Vec<Error>,
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
    read_sources_kept(root, None)
}

/// `read_sources`, taking again from `cache` the content files whose stamps on disk are the
/// same (`serve`; see `incremental::Session::read`).
pub fn read_sources_kept(root: &Path, cache: Option<&mut content::ReadCache>) -> Result<Sources> {
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
    let mut problems = Vec::new();
    let mut theme_problems = Vec::new();
    let parsed = config.as_deref().map(parse_config);
    // The content and the theme side by side: each is mostly waiting for the disk.
    let (content, theme) = rayon::join(
        || content::read_sources_kept(root, cache, false, &mut problems),
        || match parsed {
            Some(Ok(config)) if !config.languages.is_empty() => Theme::load_languages_reporting(
                root,
                &config.theme,
                &config.languages,
                &mut theme_problems,
            ),
            Some(Ok(config)) => {
                Theme::load_reporting(root, &config.theme, &config.language, &mut theme_problems)
            }
            _ => Theme::default(),
        },
    );
    let content = content.unwrap_or_else(|e| {
        errors.push(e);
        Vec::new()
    });
    problems.append(&mut theme_problems);
    if !errors.is_empty() {
        // Without its config, partners or content folder the site is not prepared: what was
        // found so far comes in one report.
        errors.append(&mut problems);
        site::sort_errors(&mut errors);
        Error::from_list(errors)?;
    }
    Ok(Sources {
        config,
        partners,
        places,
        content,
        theme,
        problems,
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

/// Work of an earlier render that `Prepared::render_kept` may take again (`serve`; a site of
/// one language only).
#[derive(Default, Clone, Copy)]
pub struct Kept<'k> {
    pub pages: Option<&'k render::KeptPages>,
    pub search: Option<&'k search::KeptAnalysis>,
    /// Where the render's stages note how long they took (`serve`'s log).
    pub times: Option<&'k std::sync::Mutex<RenderTimes>>,
}

/// How long the stages of one render took, in ms: the pages and the search index (side by
/// side), then what comes after both (service worker, link targets).
#[derive(Debug, Default, Clone, Copy, PartialEq)]
pub struct RenderTimes {
    pub pages: f64,
    pub search: f64,
    pub finish: f64,
}

/// Runs `f` and gives its result with the ms it took.
pub(crate) fn timed<T>(f: impl FnOnce() -> T) -> (T, f64) {
    let started = std::time::Instant::now();
    let out = f();
    (out, started.elapsed().as_secs_f64() * 1e3)
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
        self.render_site(Held::Shared(&self.site), &self.site, sink, kept)
    }

    /// `render_into` for `leerpad build`: the rendered bodies of the pages (`Page::html` and
    /// its print forms) are freed as soon as the pages are made, while the search index is
    /// still being built (it reads only the sections' texts). Gives back the site without them.
    /// A multilingual site renders as `render_into` does and keeps them.
    pub fn render_releasing(self, sink: &dyn render::Sink) -> Result<Site> {
        if !self.prefix.is_empty() {
            self.render_into(sink)?;
            return Ok(self.site);
        }
        let bodiless = self.site.without_bodies();
        let Prepared {
            site,
            renderer,
            vouched,
            ..
        } = self;
        let rest = Prepared {
            site: bodiless,
            warnings: Vec::new(),
            renderer,
            prefix: String::new(),
            vouched,
            others: Vec::new(),
        };
        rest.render_site(
            Held::Owned(Box::new(site)),
            &rest.site,
            sink,
            Kept::default(),
        )?;
        Ok(rest.site)
    }

    /// Renders the pages of `pages` (the site with its bodies) and the search index of `site`
    /// (the same site, perhaps without its bodies); an owned `pages` is dropped as soon as the
    /// pages are made.
    fn render_site(
        &self,
        pages: Held<'_>,
        site: &Site,
        sink: &dyn render::Sink,
        kept: Kept<'_>,
    ) -> Result<()> {
        let unique = render::UniquePaths::new(sink, self.renderer.static_origins());
        let recording = offline::Recording::new(&unique).keeping(kept.pages.map(|k| k.digests()));
        // Pages pass the link check on their way out, on the threads that render them.
        let templates = self.renderer.templates().sources();
        let links = render::LinkCheck::new(&recording, templates, &site.config.base_url())
            .keeping(kept.pages.map(|k| k.links()));
        let links_ref = &links;
        let releasing = matches!(pages, Held::Owned(_));
        let render_pages = move || {
            timed(move || {
                let result = self
                    .renderer
                    .render_kept(pages.site(), links_ref, kept.pages);
                drop(pages);
                result
            })
        };
        let render_search = || {
            timed(|| {
                let hints = search::QueryHints::from_strings(self.renderer.strings());
                search::write_index_kept(site, &hints, &recording, kept.search)
            })
        };
        // When the pages' bodies go once the pages are made (`build`), the search index comes
        // after them, so the two never hold memory at once; else the index is built beside the
        // pages: it needs only the site, and on a small site it takes longer than all of them.
        let ((pages, pages_ms), (index, search_ms)) = match releasing {
            true => {
                let (pages, pages_ms) = render_pages();
                pages?;
                ((Ok(()), pages_ms), render_search())
            }
            false => rayon::join(render_pages, render_search),
        };
        pages?;
        // The search box's bundle, with the index's manifest at its start (when the theme asks).
        if let Some(bundle) = self.renderer.with_index(&index?) {
            recording.put(bundle)?;
        }
        let finish = std::time::Instant::now();
        let link_targets = links.targets();
        // Last: the service worker lists (and hashes) every other file of the build.
        for file in offline::files(&site.config, &recording.into_digests()) {
            unique.put(file)?;
        }
        // Template links are checked against every file of the build, generated or static.
        let mut written = unique.written();
        written.extend(self.vouched.iter().cloned());
        let mut errors = link_targets.missing(&written);
        errors.extend(unique.finish().err().into_iter().flat_map(Error::into_list));
        site::sort_errors(&mut errors);
        if let Some(times) = kept.times {
            *times.lock().unwrap_or_else(|e| e.into_inner()) = RenderTimes {
                pages: pages_ms,
                search: search_ms,
                finish: finish.elapsed().as_secs_f64() * 1e3,
            };
        }
        Error::from_list(errors)
    }
}

/// The site the pages are rendered from: borrowed, or owned and dropped when they are made.
enum Held<'a> {
    Shared(&'a Site),
    Owned(Box<Site>),
}

impl Held<'_> {
    fn site(&self) -> &Site {
        match self {
            Held::Shared(site) => site,
            Held::Owned(site) => site,
        }
    }
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
    /// The site without its pages' rendered bodies (see `Prepared::render_releasing`).
    pub site: Site,
    pub warnings: Vec<Warning>,
    pub summary: output::Summary,
}

/// `leerpad build`: compiles the site under `root` and writes it to `out` atomically. Pages go
/// to disk as they are rendered, and their bodies are freed once the pages are made
/// (`Prepared::render_releasing`).
pub fn build(root: &Path, out: &Path, overrides: &Overrides) -> Result<Written> {
    no_huge_pages();
    check_out_folder(root, out)?;
    output::recover(out);
    let prepared = prepare(read_sources(root)?, overrides)?;
    let warnings = prepared.warnings.clone();
    let first = std::sync::Mutex::new(Some(prepared));
    let made = std::sync::Mutex::new(None);
    let summary = output::write_atomically(out, |sink| {
        // A second attempt (the spare folder could not be rewritten) prepares the site again:
        // the first one freed its bodies.
        let taken = first.lock().unwrap_or_else(|e| e.into_inner()).take();
        let prepared = match taken {
            Some(prepared) => prepared,
            None => prepare(read_sources(root)?, overrides)?,
        };
        let site = prepared.render_releasing(sink)?;
        *made.lock().unwrap_or_else(|e| e.into_inner()) = Some(site);
        Ok(())
    })?;
    let site = made
        .into_inner()
        .unwrap_or_else(|e| e.into_inner())
        .expect("a build that succeeded rendered its site");
    Ok(Written {
        site,
        warnings,
        summary,
    })
}

/// Asks Linux not to back this process's memory with transparent huge pages. A build holds
/// tens of millions of small strings: with huge pages (which mimalloc asks for, `madvise`) every
/// 2 MB region that one of them touches is resident and zeroed whole. At 10,000 lessons that
/// was a tenth of the peak memory and more than a second of system time (bench/build.sh).
fn no_huge_pages() {
    #[cfg(target_os = "linux")]
    // SAFETY: PR_SET_THP_DISABLE takes plain integers and changes only this process's flag.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
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
