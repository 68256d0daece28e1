//! Loads the theme: templates, static assets and UI strings, with per-site overrides.
//!
//! Owns: where theme files come from (`themes/NAME/` then the site's `templates/` and
//! `static/`, file by file) and the UI strings of `i18n/LANG.yaml`.
//! Does not: render anything.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::error::{Error, Location};
use crate::yaml;

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
        let theme_dir = PathBuf::from("themes").join(name);
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
                match read_tree(root, &base.join(kind)) {
                    Ok(files) => map.extend(files.into_iter().map(|f| (f.name.clone(), f))),
                    Err(error) => errors.push(error),
                }
            }
        }
        let strings_path = theme_dir.join("i18n").join(format!("{language}.yaml"));
        let strings = match fs::read(root.join(&strings_path)) {
            Ok(bytes) => match String::from_utf8(bytes) {
                Ok(text) => yaml::parse::<BTreeMap<String, String>>(&text, &strings_path, 1)
                    .map(Strings)
                    .unwrap_or_else(|e| {
                        errors.push(e);
                        Strings::default()
                    }),
                Err(_) => {
                    errors.push(Error::InvalidUtf8 {
                        at: Location::file(&strings_path),
                    });
                    Strings::default()
                }
            },
            Err(source) => {
                errors.push(Error::io(&strings_path, source));
                Strings::default()
            }
        };
        Error::from_list(errors)?;
        Ok(Theme {
            templates: templates.into_values().collect(),
            statics: statics.into_values().collect(),
            strings,
        })
    }
}

/// Every file under `root/dir`, sorted, with names relative to `dir`. A missing folder is empty.
fn read_tree(root: &Path, dir: &Path) -> Result<Vec<ThemeFile>, Error> {
    let full = root.join(dir);
    if !full.is_dir() {
        return Ok(Vec::new());
    }
    let mut files = Vec::new();
    for entry in WalkDir::new(&full).follow_links(true).sort_by_file_name() {
        let entry = entry.map_err(|e| walk_error(root, e))?;
        if !entry.file_type().is_file() || is_hidden(entry.file_name()) {
            continue;
        }
        let relative = entry.path().strip_prefix(&full).unwrap_or(entry.path());
        let origin = dir.join(relative);
        let bytes = fs::read(entry.path()).map_err(|e| Error::io(&origin, e))?;
        files.push(ThemeFile {
            name: crate::error::display_path(relative),
            origin,
            bytes,
        });
    }
    Ok(files)
}

pub(crate) fn is_hidden(name: &std::ffi::OsStr) -> bool {
    let name = name.to_string_lossy();
    name.starts_with('.') || name.ends_with('~')
}

/// Turns a walkdir failure (unreadable folder, symlink loop) into a located error.
pub(crate) fn walk_error(root: &Path, error: walkdir::Error) -> Error {
    let path = error
        .path()
        .map(|p| p.strip_prefix(root).unwrap_or(p).to_path_buf())
        .unwrap_or_default();
    if error.loop_ancestor().is_some() {
        return Error::invalid(
            Location::file(path),
            "this symbolic link points back into a folder above it (a loop); remove the link",
        );
    }
    match error.into_io_error() {
        Some(source) => Error::io(path, source),
        None => Error::invalid(Location::file(path), "cannot be read"),
    }
}
