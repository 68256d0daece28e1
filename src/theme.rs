//! Loads the theme: templates, static assets and UI strings, with per-site overrides.
//!
//! Owns: where theme files come from (`themes/NAME/` then the site's `templates/` and
//! `static/`, file by file) and the UI strings of `i18n/LANG.yaml`.
//! Does not: render anything.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::disk::{self, SiteRoot};
use crate::error::{Error, Location};
use crate::yaml;

mod templates;
pub use templates::{TemplateSource, Templates};

/// A file of the theme or the site's override folders, held in memory.
#[derive(Debug, Clone)]
pub struct ThemeFile {
    /// Path inside `templates/` or `static/`, with forward slashes.
    pub name: String,
    /// Path relative to the site root, for messages.
    pub origin: PathBuf,
    pub bytes: Vec<u8>,
}

/// Everything the renderer needs from the theme.
#[derive(Debug, Clone, Default)]
pub struct Theme {
    pub templates: Vec<ThemeFile>,
    pub statics: Vec<ThemeFile>,
    pub strings: Strings,
}

/// UI strings, by key. A missing key prints as the key itself, so a gap shows but never fails.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct Strings(pub BTreeMap<String, String>);

impl Strings {
    pub fn get<'a>(&'a self, key: &'a str) -> &'a str {
        self.0.get(key).map(String::as_str).unwrap_or(key)
    }
}

impl Theme {
    /// Reads `themes/NAME/` under `root` and lays the site's own `templates/` and `static/` over it.
    pub fn load(root: &Path, name: &str, language: &str) -> Result<Theme, Error> {
        let site = SiteRoot::new(root);
        let theme_dir = PathBuf::from("themes").join(name);
        site.kind(&theme_dir)?;
        if !root.join(&theme_dir).is_dir() {
            return Err(Error::invalid(
                Location::file("leerpad.toml"),
                format!(
                    "the theme \"{name}\" is not there: create {}/ or set theme = \"default\"",
                    theme_dir.display()
                ),
            ));
        }
        let mut errors = Vec::new();
        let mut templates = BTreeMap::new();
        let mut statics = BTreeMap::new();
        for base in [theme_dir.clone(), PathBuf::new()] {
            for (kind, map) in [("templates", &mut templates), ("static", &mut statics)] {
                let files = read_tree(&site, &base.join(kind), &mut errors);
                map.extend(files.into_iter().map(|f| (f.name.clone(), f)));
            }
        }
        let strings_path = theme_dir.join("i18n").join(format!("{language}.yaml"));
        let strings = read_strings(&site, &strings_path, &mut errors);
        Error::from_list(errors)?;
        Ok(Theme {
            templates: templates.into_values().collect(),
            statics: statics.into_values().collect(),
            strings,
        })
    }
}

/// The longest UI string, in characters. Each one is a button, a label or a short note shown
/// on every page: a longer one is a mistake, and it would be copied into each page.
pub const MAX_STRING_CHARS: usize = 1000;

/// The UI strings of `path` (empty when it cannot be read; the problem goes to `errors`).
fn read_strings(site: &SiteRoot, path: &Path, errors: &mut Vec<Error>) -> Strings {
    let text = match site.read(path).map(String::from_utf8) {
        Ok(Ok(text)) => text,
        Ok(Err(_)) => {
            errors.push(Error::InvalidUtf8 {
                at: Location::file(path),
            });
            return Strings::default();
        }
        Err(error) => {
            errors.push(error);
            return Strings::default();
        }
    };
    let strings = match yaml::parse::<BTreeMap<String, String>>(&text, path, 1) {
        Ok(strings) => strings,
        Err(error) => {
            errors.push(error);
            return Strings::default();
        }
    };
    let mut tree = None;
    for (key, value) in &strings {
        if value.len() > MAX_STRING_CHARS && value.chars().count() > MAX_STRING_CHARS {
            // The key's line from the parser's positions, read only when a string is too long.
            let tree = tree.get_or_insert_with(|| yaml::tree(&text));
            let line = tree
                .as_ref()
                .map_or(1, |t| t.nearest(&[yaml::Step::Key(key)]).key_line.max(1));
            errors.push(Error::invalid(
                Location::line(path, line),
                format!(
                    "the text of \"{key}\" is {} characters, more than the {MAX_STRING_CHARS} a UI \
                     string may have (it is shown on every page); shorten it",
                    value.chars().count()
                ),
            ));
        }
    }
    Strings(strings)
}

/// Every file under `root/dir`, sorted, with names relative to `dir`. A missing folder is empty.
/// Links out of the root and special files are errors (see `disk`).
fn read_tree(site: &SiteRoot, dir: &Path, errors: &mut Vec<Error>) -> Vec<ThemeFile> {
    let walked = site.walk(dir, |_| false);
    errors.extend(walked.errors);
    let mut files = Vec::new();
    for found in walked.found {
        if found.is_dir || found.relative.file_name().is_some_and(disk::is_hidden) {
            continue;
        }
        let relative = found.relative.strip_prefix(dir).unwrap_or(&found.relative);
        match site.read(&found.relative) {
            Ok(bytes) => files.push(ThemeFile {
                name: crate::error::display_path(relative),
                origin: found.relative.clone(),
                bytes,
            }),
            Err(error) => errors.push(error),
        }
    }
    files
}
