//! The prepare stage: everything between the bytes read and a site ready to render. Parses
//! the config, the partner directory and (per language) the content, compiles the templates,
//! assembles each language's site and links the languages' pages.
//!
//! Owns: the order of parsing and assembling, that every error of these stages comes in one
//! report, and which work of the last build `serve` may take again here (`Reuse`).
//! Does not: read from disk (see `read_sources`) or render (see `Prepared::render_into`).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use crate::config::{self, Config, CONFIG_FILE};
use crate::content::{self, Content, SourceFile};
use crate::partners::{Directory, PARTNERS_FILE};
use crate::render::Renderer;
use crate::theme::{self, Theme};
use crate::{languages, places, site};
use crate::{parse_config, utf8, Error, Location, Overrides, Prepared, Result, Site, Sources};

/// Work of an earlier build that `prepare` may take again (`serve`; see `incremental`). A
/// multilingual site takes none of it: each of its languages is prepared anew.
#[derive(Default, Clone, Copy)]
pub struct Reuse<'r> {
    /// Templates compiled from the same theme.
    pub renderer: Option<&'r std::sync::Arc<Renderer>>,
    /// The outlines and bodies of the last build.
    pub bodies: Option<&'r site::memo::Bodies>,
    /// The parse of each content file of the last build.
    pub parsed: Option<&'r content::ParseCache>,
    /// The partner directory of the last build, by the bytes it was parsed from.
    pub directory: Option<&'r KeptDirectory>,
}

/// The last partner directory that parsed, with a key of `partners.yaml` and `places.yaml`.
#[derive(Default)]
pub struct KeptDirectory(std::sync::Mutex<Option<(u64, Directory)>>);

impl KeptDirectory {
    /// `parse_directory`, taken again when both files are byte for byte the same.
    fn parse(&self, sources: &Sources, errors: &mut Vec<Error>) -> Option<Directory> {
        let mut key = xxhash_rust::xxh3::Xxh3::new();
        for file in [&sources.partners, &sources.places] {
            match file {
                Some(bytes) => {
                    key.update(&[1]);
                    key.update(&(bytes.len() as u64).to_le_bytes());
                    key.update(bytes);
                }
                None => key.update(&[0]),
            }
        }
        let key = key.digest();
        let mut kept = self.0.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((k, directory)) = kept.as_ref() {
            if *k == key {
                return Some(directory.clone());
            }
        }
        let directory = parse_directory(sources, errors);
        *kept = directory.clone().map(|d| (key, d));
        directory
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
    // What reading found comes in the same report as what parsing finds.
    let mut errors = std::mem::take(&mut sources.problems);
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
    let directory = match reuse.directory {
        Some(kept) => kept.parse(&sources, &mut errors),
        None => parse_directory(&sources, &mut errors),
    };
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
        .map(|edition| parse_edition(edition, reuse, &mut errors))
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
fn parse_edition(edition: Edition, reuse: Reuse<'_>, errors: &mut Vec<Error>) -> Option<Parsed> {
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
        content::parse_kept(edition.files, &layout, reuse.parsed)
            .map_err(|e| errors.push(e))
            .ok()
    } else {
        None
    };
    let renderer = match reuse.renderer {
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
