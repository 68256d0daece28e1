//! Loads the theme: templates, static assets and UI strings, with per-site overrides.
//!
//! Owns: where theme files come from (`themes/NAME/` then the site's `templates/` and
//! `static/`, file by file), the static files that bundles join (`bundle.rs`) and the UI
//! strings of `i18n/LANG.yaml`.
//! Does not: render anything.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::disk::{self, SiteRoot};
use crate::error::{Error, Location};

mod bundle;
pub mod embedded;
mod strings;
pub use strings::{MAX_STRING_CHARS, SITE_I18N_DIR};
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
    /// The static file (a bundle) that takes the search index's manifest at its start.
    pub index_bundle: Option<String>,
    pub strings: Strings,
    /// The strings of the further languages of a multilingual site, by language (`strings` are
    /// the first language's); empty for a site of one language.
    pub more_strings: BTreeMap<String, Strings>,
}

/// UI strings, by key. A missing key prints as the key itself, so a gap shows but never fails.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct Strings(pub BTreeMap<String, String>);

/// How numbers are written in the site's language (a chart's values).
#[derive(Debug, Clone, PartialEq)]
pub struct NumberFormat {
    pub decimal: String,
    pub group: String,
}

impl NumberFormat {
    /// Dutch: a decimal comma and a point between thousands.
    pub fn dutch() -> NumberFormat {
        NumberFormat {
            decimal: ",".to_string(),
            group: ".".to_string(),
        }
    }
}

impl Strings {
    /// The number format of these strings (`number_decimal`, `number_group`).
    pub fn number_format(&self) -> NumberFormat {
        let dutch = NumberFormat::dutch();
        NumberFormat {
            decimal: self
                .0
                .get("number_decimal")
                .cloned()
                .unwrap_or(dutch.decimal),
            group: self.0.get("number_group").cloned().unwrap_or(dutch.group),
        }
    }

    pub fn get<'a>(&'a self, key: &'a str) -> &'a str {
        self.0.get(key).map(String::as_str).unwrap_or(key)
    }
}

impl Theme {
    /// The built-in theme with the site's overrides laid over it, file by file: the files of
    /// `themes/NAME/` (which must exist unless NAME is the built-in theme's), then the site's
    /// own `templates/` and `static/`. The UI strings are the theme's `i18n/LANG.yaml`, with
    /// the keys of the site's own `i18n/LANG.yaml` over them.
    pub fn load(root: &Path, name: &str, language: &str) -> Result<Theme, Error> {
        Error::unless_reported(|errors| Theme::load_reporting(root, name, language, errors))
    }

    /// `load`, going on past its problems, which go to `errors`: a file that cannot be read
    /// is left out, a theme folder that is not there leaves the built-in theme, and strings
    /// with a problem are left out whole. The content's folder names are strings, so the
    /// content is then not parsed (see `prepare`), rather than parsed in the wrong folders.
    pub fn load_reporting(
        root: &Path,
        name: &str,
        language: &str,
        errors: &mut Vec<Error>,
    ) -> Theme {
        let site = SiteRoot::new(root);
        let theme_dir = PathBuf::from("themes").join(name);
        let has_folder = site.kind(&theme_dir).unwrap_or_else(|error| {
            errors.push(error);
            None
        }) == Some(true);
        if !has_folder && name != embedded::NAME {
            errors.push(Error::invalid(
                Location::file("leerpad.toml"),
                format!(
                    "the theme \"{name}\" is not there: create {}/, or set theme = \"{}\" \
                     (or leave theme out) to use the built-in theme",
                    theme_dir.display(),
                    embedded::NAME
                ),
            ));
        }
        let mut templates = BTreeMap::new();
        let mut statics = BTreeMap::new();
        for (kind, map) in [("templates", &mut templates), ("static", &mut statics)] {
            for (name, bytes) in embedded::files(kind) {
                let origin = embedded::origin(&format!("{kind}/{name}"));
                map.insert(
                    name.clone(),
                    ThemeFile {
                        name,
                        origin,
                        bytes: bytes.to_vec(),
                    },
                );
            }
        }
        let bases = [theme_dir.clone(), PathBuf::new()];
        for base in bases
            .iter()
            .filter(|b| has_folder || b.as_os_str().is_empty())
        {
            for (kind, map) in [("templates", &mut templates), ("static", &mut statics)] {
                let files = read_tree(&site, &base.join(kind), errors);
                map.extend(files.into_iter().map(|f| (f.name.clone(), f)));
            }
        }
        // After the site's files are laid over the theme's: a bundle joins the files in force.
        let index_bundle = bundle::resolve(&mut statics, errors);
        let strings = sound_strings(&site, &theme_dir, language, errors);
        Theme {
            templates: templates.into_values().collect(),
            statics: statics.into_values().collect(),
            index_bundle,
            strings,
            more_strings: BTreeMap::new(),
        }
    }

    /// The theme for a site in `languages` (the first one's strings as `strings`, the others'
    /// in `more_strings`); the problems of every language's strings together.
    pub fn load_languages(root: &Path, name: &str, languages: &[String]) -> Result<Theme, Error> {
        Error::unless_reported(|errors| {
            Theme::load_languages_reporting(root, name, languages, errors)
        })
    }

    /// `load_languages`, going on past its problems as `load_reporting` does.
    pub fn load_languages_reporting(
        root: &Path,
        name: &str,
        languages: &[String],
        errors: &mut Vec<Error>,
    ) -> Theme {
        let Some((first, more)) = languages.split_first() else {
            return Theme::load_reporting(root, name, "nl", errors);
        };
        let mut theme = Theme::load_reporting(root, name, first, errors);
        let site = SiteRoot::new(root);
        let theme_dir = PathBuf::from("themes").join(name);
        for language in more {
            let strings = sound_strings(&site, &theme_dir, language, errors);
            theme.more_strings.insert(language.clone(), strings);
        }
        theme
    }

    /// This theme with the strings of `language` (one of `more_strings`) as its strings.
    pub fn in_language(&self, language: &str) -> Theme {
        let mut theme = self.clone();
        theme.more_strings.clear();
        if let Some(strings) = self.more_strings.get(language) {
            theme.strings = strings.clone();
        }
        theme
    }
}

/// The strings of `language`, or none when they have a problem (which goes to `errors`): the
/// content's folder names are strings, and wrong ones would misplace every page.
fn sound_strings(
    site: &SiteRoot,
    theme_dir: &Path,
    language: &str,
    errors: &mut Vec<Error>,
) -> Strings {
    let before = errors.len();
    let strings = strings::load(site, theme_dir, language, errors);
    match errors.len() > before {
        true => Strings::default(),
        false => strings,
    }
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
