//! `serve`'s rebuilds: the same stages as `compile`, taking again the work of the last build
//! wherever its inputs are the same, so a save of one lesson renders little more than that
//! lesson.
//!
//! Owns: what a `Session` keeps between rebuilds: the content files' bytes (by their stamps on
//! disk, or all but those the watcher named, when it named only files it saw before; then with
//! the theme, config, partners and places of the last read) and parses (by their bytes;
//! `content::ReadCache`, `ParseCache`), the compiled templates (while the theme's files are
//! byte for byte the same), each page's outline and body (`site::memo`: by a key of its
//! source and place, and the URL and ids of each page it links to), each output page by a key
//! of the context it was rendered from (`render::KeptPages`, with the links found in it and its
//! digest for the service worker) and the search index by document and by shard file
//! (`search::KeptAnalysis`).
//! Does not: decide what depends on what by rules of its own. Every kept piece is checked
//! against everything it was made from, so the files are those of a fresh build by
//! construction (tests/integration/incremental.rs holds them to it). Config, partners, places
//! and the glossary are parsed anew on every rebuild: they are small, and every page reads them.
//! `Stats` says what each rebuild made anew and where its time went.
//! A multilingual site (`languages` in leerpad.toml) is rebuilt whole on every save.

use std::hash::Hasher as _;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use xxhash_rust::xxh3::Xxh3;

use crate::content::{ParseCache, ReadCache, SourceFile};
use crate::render::{KeptPages, MemorySink, Renderer};
use crate::search::KeptAnalysis;
use crate::site::memo::Bodies;
use crate::theme::Theme;
use crate::{prepare_reusing, Built, Error, Overrides, Result, Reuse, Sources};

/// The work kept from one rebuild for the next.
pub struct Session {
    overrides: Overrides,
    /// The compiled templates and the digest of the theme they were compiled from.
    renderer: Option<(u64, Arc<Renderer>)>,
    read: ReadCache,
    /// Of the last whole read that found no problem: all it read besides the content, taken
    /// again while the watcher names only content files (`read_named`).
    rest: Option<Rest>,
    parsed: ParseCache,
    directory: crate::KeptDirectory,
    bodies: Bodies,
    pages: KeptPages,
    search: KeptAnalysis,
    stats: Stats,
}

/// What a read holds besides the content files.
struct Rest {
    config: Option<Vec<u8>>,
    partners: Option<Vec<u8>>,
    places: Option<Vec<u8>>,
    theme: Theme,
}

impl Rest {
    fn of(sources: &Sources) -> Rest {
        Rest {
            config: sources.config.clone(),
            partners: sources.partners.clone(),
            places: sources.places.clone(),
            theme: sources.theme.clone(),
        }
    }

    /// The sources of a read of `content` alone, with this rest.
    fn with(&self, content: Vec<SourceFile>, problems: Vec<Error>) -> Sources {
        Sources {
            config: self.config.clone(),
            partners: self.partners.clone(),
            places: self.places.clone(),
            content,
            theme: self.theme.clone(),
            problems,
        }
    }
}

/// What the last rebuild made anew, for `serve`'s log.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Stats {
    /// Page bodies rendered from Markdown, of `bodies` (the others were taken again).
    pub bodies_rendered: usize,
    pub bodies: usize,
    /// Output pages rendered with the templates, of `pages` (the others were taken again).
    pub pages_rendered: usize,
    pub pages: usize,
    /// Whether the templates were compiled again (a theme file changed).
    pub templates_compiled: bool,
    /// Where the time went, in ms: parsing and assembling the site, then the render's stages.
    pub prepare_ms: f64,
    pub times: crate::RenderTimes,
}

impl Session {
    /// A session that has built nothing yet: its first rebuild is a whole build.
    pub fn new(overrides: Overrides) -> Session {
        Session {
            overrides,
            renderer: None,
            read: ReadCache::default(),
            rest: None,
            parsed: ParseCache::default(),
            directory: crate::KeptDirectory::default(),
            bodies: Bodies::default(),
            pages: KeptPages::default(),
            search: KeptAnalysis::default(),
            stats: Stats::default(),
        }
    }

    /// Of the last `read`: the content files read from disk, and all content files.
    pub fn last_read(&self) -> (usize, usize) {
        self.read.last_read()
    }

    /// Reads the sources under `root` as `read_sources` does, reading again only the content
    /// files whose stamps on disk changed since the last read or that are in `changed` (the
    /// paths the watcher reported).
    pub fn read(&mut self, root: &Path, changed: &[PathBuf]) -> Result<Sources> {
        self.read.forget(root, changed.iter().map(PathBuf::as_path));
        let sources = crate::read_sources_kept(root, Some(&mut self.read));
        self.rest = sources
            .as_ref()
            .ok()
            .filter(|s| s.problems.is_empty())
            .map(Rest::of);
        sources
    }

    /// `read`, when `changed` is every path that changed since the last read (the watcher's,
    /// with no event lost): when they are all lessons and pages that were there before, only
    /// they are read, and the rest is taken as it was (no walk, no stamps, no theme).
    pub fn read_named(&mut self, root: &Path, changed: &[PathBuf]) -> Result<Sources> {
        self.read.forget(root, changed.iter().map(PathBuf::as_path));
        let rest = self
            .rest
            .as_ref()
            .filter(|_| self.read.only_named(root, changed));
        let Some(rest) = rest else {
            return self.read(root, &[]);
        };
        let mut problems = Vec::new();
        let content =
            crate::content::read_sources_kept(root, Some(&mut self.read), true, &mut problems)?;
        Ok(rest.with(content, problems))
    }

    /// Builds the site from `sources` in memory, as `compile` does, with what is still valid
    /// of the last rebuild. A failed rebuild keeps what it could make for the next one.
    pub fn rebuild(&mut self, sources: Sources) -> Result<Built> {
        let digest = theme_digest(&sources.theme);
        let same_theme = matches!(&self.renderer, Some((d, _)) if *d == digest);
        if !same_theme {
            // Pages were made with the old templates: none of them holds any more.
            self.renderer = None;
            self.pages = KeptPages::default();
        }
        let reuse = Reuse {
            renderer: self.renderer.as_ref().map(|(_, r)| r),
            bodies: Some(&self.bodies),
            parsed: Some(&self.parsed),
            directory: Some(&self.directory),
        };
        let (prepared, prepare_ms) =
            crate::timed(|| prepare_reusing(sources, &self.overrides, reuse));
        let prepared = prepared?;
        if !prepared.prefix.is_empty() {
            // A multilingual site is prepared and rendered anew (see `prepare_reusing`): the
            // work kept from a build of one language does not hold for it.
            self.renderer = None;
            self.pages = KeptPages::default();
            self.bodies = Bodies::default();
            self.parsed = ParseCache::default();
            self.search = KeptAnalysis::default();
            let sink = MemorySink::default();
            prepared.render_into(&sink)?;
            self.stats = Stats {
                templates_compiled: true,
                prepare_ms,
                ..Stats::default()
            };
            return Ok(Built {
                site: prepared.site,
                others: prepared.others.into_iter().map(|e| e.site).collect(),
                files: sink.into_files(),
                warnings: prepared.warnings,
            });
        }
        self.renderer = Some((digest, prepared.renderer.clone()));
        let sink = MemorySink::default();
        let times = std::sync::Mutex::default();
        let kept = crate::Kept {
            pages: Some(&self.pages),
            search: Some(&self.search),
            times: Some(&times),
        };
        prepared.render_kept(&sink, kept)?;
        self.stats = Stats {
            bodies_rendered: self.bodies.rendered(),
            bodies: self.bodies.len(),
            pages_rendered: self.pages.rendered(),
            pages: self.pages.len(),
            templates_compiled: !same_theme,
            prepare_ms,
            times: times.into_inner().unwrap_or_else(|e| e.into_inner()),
        };
        Ok(Built {
            site: prepared.site,
            others: Vec::new(),
            files: sink.into_files(),
            warnings: prepared.warnings,
        })
    }

    /// What the last successful rebuild made anew.
    pub fn stats(&self) -> Stats {
        self.stats
    }
}

/// One number for every file of the theme (templates, static files) and its UI strings.
fn theme_digest(theme: &Theme) -> u64 {
    let mut hash = Xxh3::new();
    let mut piece = |bytes: &[u8]| {
        hash.write_u64(bytes.len() as u64);
        hash.update(bytes);
    };
    for file in theme.templates.iter().chain(&theme.statics) {
        piece(file.name.as_bytes());
        piece(file.origin.as_os_str().as_encoded_bytes());
        piece(&file.bytes);
    }
    for (key, value) in &theme.strings.0 {
        piece(key.as_bytes());
        piece(value.as_bytes());
    }
    hash.digest()
}
