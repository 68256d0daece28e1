//! `leerpad package`: the site's own pages as a SCORM 1.2 or SCORM 2004 (4th edition) package,
//! so an organisation's learning platform (LMS) can count who followed which lesson.
//!
//! Owns: which built files go into a package, the manifest (one SCO per lesson, every other
//! file in one shared asset; see `manifest`), the warnings for content a package cannot carry,
//! and the zip (`zip`), byte-identical for the same input.
//! Does not: render pages (the normal pipeline does, with `Config::scorm` set so that
//! `base.html` loads the run-time `js/scorm.js`), or talk to an LMS (the run-time does, in
//! the browser, with the LMS's own SCORM API).

mod manifest;
mod zip;

use std::path::Path;

use serde::Serialize;

use crate::error::{Error, Location, Result, Warning};
use crate::render::{MemorySink, OutputFile};
use crate::site::Site;
use crate::Sources;

/// The SCORM edition a package is made for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Version {
    /// SCORM 1.2: API `API`, `cmi.core.*`.
    Scorm12,
    /// SCORM 2004 4th edition: API `API_1484_11`, `cmi.*`.
    Scorm2004,
}

impl Version {
    /// The value the run-time reads from its script tag (`data-scorm`).
    pub fn name(self) -> &'static str {
        match self {
            Version::Scorm12 => "1.2",
            Version::Scorm2004 => "2004",
        }
    }
}

/// What `leerpad package` makes.
#[derive(Debug, Clone)]
pub struct Options {
    pub version: Version,
    /// The slug of the one module to package; `None` packages every module.
    pub module: Option<String>,
}

/// A package in memory.
pub struct Package {
    pub site: Site,
    pub bytes: Vec<u8>,
    /// Files in the zip, the manifest included.
    pub files: usize,
    /// Modules and lessons (SCOs) in the manifest's organization.
    pub modules: usize,
    pub lessons: usize,
    pub warnings: Vec<Warning>,
}

/// Files of a build that have no place in an LMS: the service worker (an LMS serves and
/// updates the package itself, often through a script a worker cannot cover, and a worker
/// would keep serving an old version after the LMS replaced it), the 404 page (its links start
/// at the public site's base URL) and the sitemap (absolute URLs of the public site). No page
/// refers to them: `site.js` registers no worker when the run-time is on the page.
const LEFT_OUT: [&str; 3] = ["sw.js", "404.html", "sitemap.xml"];

/// A lesson's checks are kept in `suspend_data` as one character each, after two of state;
/// SCORM 1.2 allows 4,096 characters.
pub const MAX_CHECKS: usize = 4_000;

/// The longest title of an item that the IMS content package allows (SCORM 1.2 and 2004).
pub const MAX_TITLE: usize = 200;

/// What `base.html` gets in a package build (`scorm`), `None` on the normal site.
#[derive(Debug, Serialize)]
pub struct PageView {
    pub version: &'static str,
    /// The mastery score in percent, or "" when `leerpad.toml` sets none.
    pub mastery: String,
}

/// The run-time's settings for a page, when the site is built as a package.
pub fn page_view(config: &crate::config::Config) -> Option<PageView> {
    config.scorm.map(|version| PageView {
        version: version.name(),
        mastery: config
            .mastery_score
            .map(|m| m.to_string())
            .unwrap_or_default(),
    })
}

/// Builds the package from `sources`. No disk access.
pub fn build(sources: Sources, options: &Options) -> Result<Package> {
    let mut prepared = crate::prepare(sources, &crate::Overrides::default())?;
    if !prepared.others.is_empty() || !prepared.prefix.is_empty() {
        return Err(Error::invalid(
            Location::file(crate::config::CONFIG_FILE),
            "leerpad package makes a course in one language, and this site has languages; \
             package a copy of the site with language = \"…\" and that language's content \
             in content/",
        ));
    }
    prepared.site.config.scorm = Some(options.version);
    let modules = chosen_modules(&prepared.site, options.module.as_deref())?;
    let sink = MemorySink::default();
    prepared.render_into(&sink)?;
    let files: Vec<OutputFile> = sink
        .into_files()
        .into_iter()
        .filter(|f| !LEFT_OUT.contains(&f.path.as_str()))
        .collect();
    let site = &prepared.site;
    let xml = manifest::render(
        prepared.renderer.templates(),
        &manifest::Course {
            site,
            modules: &modules,
            version: options.version,
            module: options.module.as_deref(),
        },
        &files,
    )?;
    let mut entries = vec![OutputFile::new(manifest::FILE, xml)];
    entries.extend(files);
    let bytes = zip::write(&entries)
        .map_err(|e| Error::invalid(Location::file(manifest::FILE), e.to_string()))?;
    let mut warnings = prepared.warnings;
    warnings.extend(self::warnings(site));
    let lessons = modules.iter().map(|&m| site.modules[m].lessons.len()).sum();
    Ok(Package {
        files: entries.len(),
        modules: modules.len(),
        lessons,
        bytes,
        warnings,
        site: prepared.site,
    })
}

/// `leerpad package`: builds the package of the site under `root` and writes it to `out`
/// (through a temporary file beside it, so a failed run leaves an older package whole).
pub fn write(root: &Path, out: &Path, options: &Options) -> Result<Package> {
    check_out_file(root, out)?;
    let package = build(crate::read_sources(root)?, options)?;
    let io = |source| Error::io(out, source);
    let mut partial = out.as_os_str().to_owned();
    partial.push(".partial");
    let partial = std::path::PathBuf::from(partial);
    std::fs::write(&partial, &package.bytes).map_err(io)?;
    std::fs::rename(&partial, out).map_err(|e| {
        let _ = std::fs::remove_file(&partial);
        io(e)
    })?;
    Ok(package)
}

/// The zip goes into a folder that exists and that no build reads.
fn check_out_file(root: &Path, out: &Path) -> Result<()> {
    let at = || Location::file(format!("--out {}", out.display()));
    let folder = match out.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let (Ok(folder_real), Ok(root_real)) = (folder.canonicalize(), root.canonicalize()) else {
        return Err(Error::invalid(
            at(),
            format!(
                "the folder {} is not there; create it or write the package elsewhere",
                folder.display()
            ),
        ));
    };
    let inside = crate::disk::INPUT_FOLDERS
        .iter()
        .find(|dir| folder_real.starts_with(root_real.join(dir)));
    match inside {
        Some(dir) => Err(Error::invalid(
            at(),
            format!(
                "the package would be inside {dir}/, which a build reads; write it elsewhere \
                 (the default is FORMAT.zip in the site's folder)"
            ),
        )),
        None => Ok(()),
    }
}

/// The indices of the modules in the package: every module with lessons, or the one asked for.
fn chosen_modules(site: &Site, slug: Option<&str>) -> Result<Vec<usize>> {
    let with_lessons = |i: &usize| !site.modules[*i].lessons.is_empty();
    let Some(slug) = slug else {
        let all: Vec<usize> = (0..site.modules.len()).filter(with_lessons).collect();
        if all.is_empty() {
            return Err(Error::invalid(
                Location::file("content/modules"),
                "the site has no lessons, and a package needs at least one for the LMS to count; \
                 add a lesson to a module",
            ));
        }
        return Ok(all);
    };
    let Some(index) = site.modules.iter().position(|m| m.slug == slug) else {
        let known: Vec<&str> = site.modules.iter().map(|m| m.slug.as_str()).collect();
        return Err(Error::invalid(
            Location::file("--module"),
            format!(
                "there is no module \"{slug}\"; known: {}",
                if known.is_empty() {
                    "(none)".to_string()
                } else {
                    known.join(", ")
                }
            ),
        ));
    };
    if !with_lessons(&index) {
        return Err(Error::invalid(
            Location::file(&site.intro(&site.modules[index]).source),
            format!(
                "the module \"{slug}\" has no lessons, and a package needs at least one for the \
                 LMS to count; add a lesson or package another module"
            ),
        ));
    }
    Ok(vec![index])
}

/// What a package cannot carry as it is, for `leerpad check` and `leerpad package`.
pub fn warnings(site: &Site) -> Vec<Warning> {
    let mut warnings = Vec::new();
    for module in &site.modules {
        let intro = site.intro(module);
        warnings.extend(long_title(&intro.source, intro.title()));
        if module.lessons.is_empty() {
            warnings.push(Warning {
                at: Location::file(&intro.source),
                message: "a SCORM package leaves this module out: an LMS counts lessons, and it \
                          has none"
                    .to_string(),
            });
        }
        for lesson in site.lessons(module) {
            warnings.extend(long_title(&lesson.source, lesson.title()));
            if lesson.quizzes > MAX_CHECKS {
                warnings.push(Warning {
                    at: Location::file(&lesson.source),
                    message: format!(
                        "the lesson has {} checks; in a SCORM package the LMS keeps the answers \
                         of the first {MAX_CHECKS} only; split the lesson",
                        lesson.quizzes
                    ),
                });
            }
        }
    }
    warnings
}

fn long_title(source: &Path, title: &str) -> Option<Warning> {
    let chars = title.chars().count();
    (chars > MAX_TITLE).then(|| Warning {
        at: Location::file(source),
        message: format!(
            "the title has {chars} characters; an LMS shows at most {MAX_TITLE}, so a SCORM \
             package cuts it there"
        ),
    })
}
