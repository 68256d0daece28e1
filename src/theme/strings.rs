//! The UI strings: the theme's `i18n/LANG.yaml` (a theme folder's own file, else the built-in
//! one), with the keys of the site's own `i18n/LANG.yaml` laid over it.
//!
//! Owns: which file gives each string, the keys every language must have (those of the
//! built-in Dutch file), and the bound on a string's length.
//! Does not: choose the language (see `config`) or render anything.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::{embedded, Strings};
use crate::disk::SiteRoot;
use crate::error::{Error, Location};
use crate::yaml;

/// The longest UI string, in characters. Each one is a button, a label or a short note shown
/// on every page: a longer one is a mistake, and it would be copied into each page.
pub const MAX_STRING_CHARS: usize = 1000;

/// The language whose built-in file holds every key: the other languages must have them all.
pub const REFERENCE_LANGUAGE: &str = "nl";

/// The site's own folder of UI strings, whose keys override the theme's one by one.
pub const SITE_I18N_DIR: &str = "i18n";

/// The strings for `language`; problems go to `errors` (all of them, with their lines).
pub fn load(site: &SiteRoot, theme_dir: &Path, language: &str, errors: &mut Vec<Error>) -> Strings {
    let file_name = format!("{language}.yaml");
    let theme_path = theme_dir.join("i18n").join(&file_name);
    let embedded_path = format!("i18n/{file_name}");
    let (origin, text) = match site.kind(&theme_path) {
        Ok(Some(_)) => (theme_path.clone(), read_text(site, &theme_path, errors)),
        Ok(None) => match embedded::file(&embedded_path) {
            Some(bytes) => (
                embedded::origin(&embedded_path),
                Some(String::from_utf8_lossy(bytes).into_owned()),
            ),
            None => {
                errors.push(Error::invalid(
                    Location::file(&theme_path),
                    format!(
                        "the theme has no interface strings for the language \"{language}\"; \
                         create this file with every key of the built-in {REFERENCE_LANGUAGE}.yaml \
                         (leerpad theme eject writes it out)"
                    ),
                ));
                return Strings::default();
            }
        },
        Err(error) => {
            errors.push(error);
            return Strings::default();
        }
    };
    let Some(text) = text else {
        return Strings::default();
    };
    let Some(mut strings) = parse(&text, &origin, errors) else {
        return Strings::default();
    };
    let reference = reference_keys();
    let site_path = PathBuf::from(SITE_I18N_DIR).join(&file_name);
    if let Ok(Some(_)) = site.kind(&site_path) {
        if let Some(own) = read_text(site, &site_path, errors) {
            if let Some(own_strings) = parse(&own, &site_path, errors) {
                let tree = yaml::tree(&own);
                for (key, value) in own_strings {
                    if !reference.contains(&key) && !strings.contains_key(&key) {
                        let line = tree
                            .as_ref()
                            .map_or(1, |t| t.nearest(&[yaml::Step::Key(&key)]).key_line.max(1));
                        errors.push(Error::invalid(
                            Location::line(&site_path, line),
                            format!(
                                "the theme has no interface string \"{key}\"; check the spelling \
                                 (the keys are those of the theme's i18n/{file_name})"
                            ),
                        ));
                        continue;
                    }
                    strings.insert(key, value);
                }
            }
        }
    }
    let missing: Vec<String> = reference
        .iter()
        .filter(|key| !strings.contains_key(*key))
        .map(|key| format!("\"{key}\""))
        .collect();
    if !missing.is_empty() {
        let (what, are) = match missing.len() {
            1 => ("string", "is"),
            _ => ("strings", "are"),
        };
        errors.push(Error::invalid(
            Location::file(&origin),
            format!(
                "the interface {what} {} {are} missing; every language file needs every key of \
                 the built-in {REFERENCE_LANGUAGE}.yaml: add {}, translated",
                missing.join(", "),
                if missing.len() == 1 { "it" } else { "them" }
            ),
        ));
    }
    Strings(strings)
}

/// The keys of the folder names of the pages leerpad makes (`url_steps: stappen`).
const URL_KEY_PREFIX: &str = "url_";

/// The longest folder name of a `url_*` key.
pub const MAX_FOLDER_CHARS: usize = 40;

/// A name for a folder of the site's web addresses and of `content/`: a-z, 0-9 and `-`, not
/// starting or ending with `-`.
fn is_folder_name(value: &str) -> bool {
    !value.is_empty()
        && value.len() <= MAX_FOLDER_CHARS
        && !value.starts_with('-')
        && !value.ends_with('-')
        && value
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// The keys of the built-in reference file.
fn reference_keys() -> Vec<String> {
    let path = format!("i18n/{REFERENCE_LANGUAGE}.yaml");
    let text = embedded::file(&path)
        .map(String::from_utf8_lossy)
        .unwrap_or_default();
    yaml::parse::<BTreeMap<String, String>>(&text, Path::new(&path), 1)
        .map(|map| map.into_keys().collect())
        .unwrap_or_default()
}

/// The text of `path`, or `None` with the problem in `errors`.
fn read_text(site: &SiteRoot, path: &Path, errors: &mut Vec<Error>) -> Option<String> {
    match site.read(path).map(String::from_utf8) {
        Ok(Ok(text)) => Some(text),
        Ok(Err(_)) => {
            errors.push(Error::InvalidUtf8 {
                at: Location::file(path),
            });
            None
        }
        Err(error) => {
            errors.push(error);
            None
        }
    }
}

/// The strings of one file, each within `MAX_STRING_CHARS`.
fn parse(text: &str, path: &Path, errors: &mut Vec<Error>) -> Option<BTreeMap<String, String>> {
    let strings = match yaml::parse::<BTreeMap<String, String>>(text, path, 1) {
        Ok(strings) => strings,
        Err(error) => {
            errors.push(error);
            return None;
        }
    };
    let mut tree = None;
    for (key, value) in &strings {
        let problem = if value.len() > MAX_STRING_CHARS && value.chars().count() > MAX_STRING_CHARS
        {
            format!(
                "the text of \"{key}\" is {} characters, more than the {MAX_STRING_CHARS} a UI \
                 string may have (it is shown on every page); shorten it",
                value.chars().count()
            )
        } else if key.starts_with(URL_KEY_PREFIX) && !is_folder_name(value) {
            format!(
                "\"{key}\" is \"{}\", a folder name in the site's web addresses; use lower-case \
                 letters a-z, digits and - (at most {MAX_FOLDER_CHARS})",
                value.escape_debug()
            )
        } else {
            continue;
        };
        // The key's line from the parser's positions, read only when a string breaks a rule.
        let tree = tree.get_or_insert_with(|| yaml::tree(text));
        let line = tree
            .as_ref()
            .map_or(1, |t| t.nearest(&[yaml::Step::Key(key)]).key_line.max(1));
        errors.push(Error::invalid(Location::line(path, line), problem));
    }
    Some(strings)
}
