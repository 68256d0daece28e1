//! `leerpad.toml` → `Config`, with defaults, validated.
//!
//! Owns: the site settings and their defaults.
//! Does not: read any other file.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

use crate::error::{Error, Location};

pub const CONFIG_FILE: &str = "leerpad.toml";

/// The languages leerpad has interface strings and a search pipeline for.
pub const LANGUAGES: &[&str] = &["en", "fr", "nl"];

/// The site settings from `leerpad.toml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    pub title: String,
    #[serde(default)]
    pub description: String,
    #[serde(default = "default_language")]
    pub language: String,
    /// A multilingual site's languages, the first being its main one (`language` takes it);
    /// each has its pages in `content/LANG/` and its site under `LANG/`. Empty: one language.
    #[serde(default)]
    pub languages: Vec<String>,
    /// The public address of the site, used only where an absolute URL is needed (sitemap).
    #[serde(default = "default_base_url")]
    pub base_url: String,
    #[serde(default = "default_theme")]
    pub theme: String,
    /// Raw HTML in Markdown is escaped unless the site opts in: content comes from many editors.
    #[serde(default)]
    pub allow_raw_html: bool,
    /// Where the step plan comes from, shown once on its overview and at the foot of each step.
    #[serde(default)]
    pub steps_note: String,
    /// `leerpad check` warns about a lesson whose Flesch–Douma score is below this.
    #[serde(default = "default_min_readability")]
    pub min_readability: f64,
    /// The share of a lesson's checks (in percent, 0–100) a learner must get right at the first
    /// try to pass it, in a SCORM package; without it an LMS gets scores but no pass or fail.
    #[serde(default)]
    pub mastery_score: Option<u8>,
    /// Set by `leerpad package`, never by `leerpad.toml`: the pages are built for an LMS.
    #[serde(skip)]
    pub scorm: Option<crate::package::Version>,
    /// Set by `leerpad serve`, never by `leerpad.toml`: pages load the live-reload script.
    #[serde(skip)]
    pub live_reload: bool,
    /// The folder names of the pages leerpad makes, from the language's interface strings
    /// (set when the site is prepared, never by `leerpad.toml`).
    #[serde(skip)]
    pub folders: crate::site::urls::Folders,
}

/// Flesch–Douma 60 and up reads as plain Dutch (B1) for most adults.
pub const DEFAULT_MIN_READABILITY: f64 = 60.0;

fn default_min_readability() -> f64 {
    DEFAULT_MIN_READABILITY
}

fn default_language() -> String {
    "nl".to_string()
}

fn default_base_url() -> String {
    "/".to_string()
}

fn default_theme() -> String {
    "default".to_string()
}

impl Config {
    /// Parses the text of `leerpad.toml`; `path` is only used in messages.
    pub fn parse(text: &str, path: &Path) -> Result<Config, Error> {
        let mut config: Config = toml::from_str(text).map_err(|error| {
            let (line, column) = error
                .span()
                .map(|span| line_column(text, span.start))
                .unwrap_or((1, 0));
            Error::Syntax {
                at: Location::at(path, line, column),
                message: crate::error::serde_wording(error.message().trim()),
            }
        })?;
        // The parser's span of the key's value (`title` is not `titlefoo`), only for a message.
        let key_line = |key: &str| {
            let line = toml::from_str::<BTreeMap<String, toml::Spanned<toml::Value>>>(text)
                .ok()
                .and_then(|table| Some(line_column(text, table.get(key)?.span().start).0))
                .unwrap_or(1);
            Location::line(path, line)
        };
        if config.title.trim().is_empty() {
            return Err(Error::invalid(
                key_line("title"),
                "title is empty; give the site a name",
            ));
        }
        let has_language = text_has_key(text, "language");
        if let Some(problem) = check_languages(&mut config, has_language) {
            return Err(Error::invalid(key_line("languages"), problem));
        }
        if !LANGUAGES.contains(&config.language.as_str()) {
            return Err(Error::invalid(
                key_line("language"),
                format!(
                    "the language \"{}\" is not supported; use one of: {}",
                    config.language.escape_debug(),
                    LANGUAGES.join(", ")
                ),
            ));
        }
        if config.theme.is_empty()
            || !config
                .theme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        {
            return Err(Error::invalid(
                key_line("theme"),
                format!(
                    "theme \"{}\" is not a folder name under themes/; use letters, digits, - or _",
                    config.theme
                ),
            ));
        }
        if let Err(problem) = check_base_url(&config.base_url) {
            return Err(Error::invalid(key_line("base_url"), problem));
        }
        if let Some(score) = config.mastery_score.filter(|&s| s > 100) {
            return Err(Error::invalid(
                key_line("mastery_score"),
                format!("mastery_score is {score}, a percentage; use a number from 0 to 100"),
            ));
        }
        Ok(config)
    }

    /// The line of `languages` in `leerpad.toml`, for the errors of the language folders.
    pub fn languages_location(text: &str, path: &Path) -> Location {
        let line = toml::from_str::<BTreeMap<String, toml::Spanned<toml::Value>>>(text)
            .ok()
            .and_then(|table| Some(line_column(text, table.get("languages")?.span().start).0))
            .unwrap_or(1);
        Location::line(path, line)
    }

    /// The base URL with exactly one trailing slash.
    pub fn base_url(&self) -> String {
        format!("{}/", self.base_url.trim_end_matches('/'))
    }

    /// The site's address for print (the step card's footer): the base URL when it is an
    /// http(s) address, without its scheme and trailing slash; `None` for a path such as `/`,
    /// which names no site.
    pub fn site_address(&self) -> Option<&str> {
        let lower = self.base_url.to_ascii_lowercase();
        let scheme = ["https://", "http://"]
            .into_iter()
            .find(|scheme| lower.starts_with(scheme))?;
        Some(self.base_url[scheme.len()..].trim_end_matches('/'))
    }
}

/// Whether the top table of `text` sets `key`.
fn text_has_key(text: &str, key: &str) -> bool {
    toml::from_str::<BTreeMap<String, toml::Value>>(text).is_ok_and(|table| table.contains_key(key))
}

/// The rules of `languages`: supported, each once, not empty, and a `language` beside it must
/// be its first. Sets `language` to the first of them.
fn check_languages(config: &mut Config, has_language: bool) -> Option<String> {
    let languages = &config.languages;
    let first = languages.first()?;
    if let Some(other) = languages.iter().find(|l| !LANGUAGES.contains(&l.as_str())) {
        return Some(format!(
            "the language \"{}\" in languages is not supported; use some of: {}",
            other.escape_debug(),
            LANGUAGES.join(", ")
        ));
    }
    if let Some((_, twice)) = languages
        .iter()
        .enumerate()
        .find(|(i, l)| languages[..*i].contains(l))
    {
        return Some(format!(
            "\"{twice}\" is in languages twice; list each language once"
        ));
    }
    if has_language && config.language != *first {
        return Some(format!(
            "languages starts with \"{first}\", but language is \"{}\"; the first of languages \
             is the site's main language: remove language, or put \"{}\" first",
            config.language.escape_debug(),
            config.language.escape_debug()
        ));
    }
    config.language = first.clone();
    None
}

/// A base URL is an http(s) address or a path from the root of the server (`/`, `/cursus/`):
/// it goes into the sitemap and links, so `javascript:`, `data:` and the like are refused.
pub fn check_base_url(value: &str) -> Result<(), String> {
    let lower = value.to_ascii_lowercase();
    let rest = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"));
    let shape_ok = match rest {
        Some(rest) => !rest.is_empty() && !rest.starts_with('/'),
        None => value.starts_with('/') && !value.starts_with("//"),
    };
    let chars_ok = !value
        .chars()
        .any(|c| c.is_whitespace() || c.is_control() || matches!(c, '"' | '\'' | '<' | '>' | '\\'));
    if shape_ok && chars_ok {
        Ok(())
    } else {
        Err(format!(
            "the base URL \"{}\" must be an https:// (or http://) address or a path that starts \
             with /, such as \"https://example.org/\" or \"/\"",
            value.escape_debug()
        ))
    }
}

/// 1-based line and column of a byte offset.
pub fn line_column(text: &str, offset: usize) -> (u32, u32) {
    let offset = offset.min(text.len());
    let before = &text.as_bytes()[..offset];
    let line = before.iter().filter(|&&b| b == b'\n').count() as u32 + 1;
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    let column = String::from_utf8_lossy(&before[line_start..])
        .chars()
        .count() as u32
        + 1;
    (line, column)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_key_is_an_error_at_its_line() {
        let err = Config::parse(
            "title = \"A\"\ncolour = \"red\"\n",
            Path::new("leerpad.toml"),
        )
        .unwrap_err();
        let text = err.to_string();
        assert!(
            text.starts_with("leerpad.toml:2:1: unknown field \"colour\""),
            "{text}"
        );
    }

    #[test]
    fn defaults_fill_the_rest() {
        let config = Config::parse("title = \"A\"\n", Path::new("leerpad.toml")).unwrap();
        assert_eq!(config.language, "nl");
        assert_eq!(config.base_url(), "/");
        assert!(!config.allow_raw_html);
        assert_eq!(config.min_readability, 60.0);
    }

    #[test]
    fn the_readability_threshold_can_be_set() {
        let config = Config::parse(
            "title = \"A\"\nmin_readability = 45\n",
            Path::new("leerpad.toml"),
        )
        .unwrap();
        assert_eq!(config.min_readability, 45.0);
    }

    #[test]
    fn the_site_address_is_the_base_url_only_when_it_is_an_address() {
        let with = |base: &str| {
            let mut config = Config::parse("title = \"A\"\n", Path::new("leerpad.toml")).unwrap();
            config.base_url = base.to_string();
            config.site_address().map(str::to_string)
        };
        assert_eq!(with("/"), None);
        assert_eq!(with("/cursus/"), None);
        assert_eq!(
            with("https://leren.example.org/cursus/").as_deref(),
            Some("leren.example.org/cursus")
        );
        assert_eq!(with("HTTP://a.example").as_deref(), Some("a.example"));
    }

    #[test]
    fn the_mastery_score_is_a_percentage() {
        let parse = |text: &str| Config::parse(text, Path::new("leerpad.toml"));
        assert_eq!(parse("title = \"A\"\n").unwrap().mastery_score, None);
        let config = parse("title = \"A\"\nmastery_score = 80\n").unwrap();
        assert_eq!(config.mastery_score, Some(80));
        assert_eq!(
            parse("title = \"A\"\nmastery_score = 120\n")
                .unwrap_err()
                .to_string(),
            "leerpad.toml:2: mastery_score is 120, a percentage; use a number from 0 to 100"
        );
        assert!(parse("title = \"A\"\nmastery_score = -1\n").is_err());
    }

    #[test]
    fn an_unsupported_language_is_an_error_at_its_line_listing_the_supported_ones() {
        let text = "title = \"A\"\nlanguage = \"de\"\n";
        let err = Config::parse(text, Path::new("leerpad.toml")).unwrap_err();
        assert_eq!(
            err.to_string(),
            "leerpad.toml:2: the language \"de\" is not supported; use one of: en, fr, nl"
        );
        for language in LANGUAGES {
            let text = format!("title = \"A\"\nlanguage = \"{language}\"\n");
            assert!(Config::parse(&text, Path::new("leerpad.toml")).is_ok());
        }
    }

    #[test]
    fn base_url_is_an_http_address_or_a_path() {
        for good in [
            "/",
            "/cursus/",
            "https://example.org/",
            "HTTP://localhost:8080",
        ] {
            assert_eq!(check_base_url(good), Ok(()), "{good}");
        }
        for bad in [
            "javascript:alert(1)",
            "data:text/html,x",
            "//evil.example",
            "https://",
            "x/",
            "/a b",
            "/\"><",
        ] {
            assert!(check_base_url(bad).is_err(), "{bad}");
        }
        let err = Config::parse(
            "title = \"A\"\nbase_url = \"javascript:alert(1)\"\n",
            Path::new("leerpad.toml"),
        )
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            "leerpad.toml:2: the base URL \"javascript:alert(1)\" must be an https:// (or http://) \
             address or a path that starts with /, such as \"https://example.org/\" or \"/\""
        );
    }

    #[test]
    fn a_rule_error_is_at_the_keys_own_line_not_a_longer_key_or_a_comment() {
        // A comment and a line of a longer text that start with the key's name come first.
        let text = "# theme is the folder\ntitle = \"A\"\ntheme = \"../x\"\n";
        let err = Config::parse(text, Path::new("leerpad.toml")).unwrap_err();
        assert!(
            err.to_string()
                .starts_with("leerpad.toml:3: theme \"../x\""),
            "{err}"
        );
        let text = "description = \"\"\"\ntitle of the site\n\"\"\"\ntitle = \" \"\n";
        let err = Config::parse(text, Path::new("leerpad.toml")).unwrap_err();
        assert_eq!(
            err.to_string(),
            "leerpad.toml:4: title is empty; give the site a name"
        );
    }
}
