//! `leerpad.toml` → `Config`, with defaults, validated.
//!
//! Owns: the site settings and their defaults.
//! Does not: read any other file.

use std::path::Path;

use serde::Deserialize;

use crate::error::{Error, Location};

pub const CONFIG_FILE: &str = "leerpad.toml";

/// The site settings from `leerpad.toml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    pub title: String,
    #[serde(default)]
    pub description: String,
    #[serde(default = "default_language")]
    pub language: String,
    /// The public address of the site, used only where an absolute URL is needed (sitemap).
    #[serde(default = "default_base_url")]
    pub base_url: String,
    #[serde(default = "default_theme")]
    pub theme: String,
    /// Raw HTML in Markdown is escaped unless the site opts in: content comes from many editors.
    #[serde(default)]
    pub allow_raw_html: bool,
    /// Above this many bytes the search index is split into shards that the browser loads as a
    /// query needs them; at or below it, the index is one file. 0 always splits.
    #[serde(default = "default_search_shard_threshold")]
    pub search_shard_threshold: u64,
    /// Where the step plan comes from, shown once on its overview and at the foot of each step.
    #[serde(default)]
    pub steps_note: String,
    /// `leerpad check` warns about a lesson whose Flesch–Douma score is below this.
    #[serde(default = "default_min_readability")]
    pub min_readability: f64,
}

/// Flesch–Douma 60 and up reads as plain Dutch (B1) for most adults.
pub const DEFAULT_MIN_READABILITY: f64 = 60.0;

fn default_min_readability() -> f64 {
    DEFAULT_MIN_READABILITY
}

/// About 200 KB once gzipped: the bundled site's index (444 KB) stays one file.
pub const DEFAULT_SEARCH_SHARD_THRESHOLD: u64 = 1_000_000;

fn default_search_shard_threshold() -> u64 {
    DEFAULT_SEARCH_SHARD_THRESHOLD
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
        let config: Config = toml::from_str(text).map_err(|error| {
            let (line, column) = error
                .span()
                .map(|span| line_column(text, span.start))
                .unwrap_or((1, 0));
            Error::Syntax {
                at: Location::at(path, line, column),
                message: crate::error::serde_wording(error.message().trim()),
            }
        })?;
        let key_line = |key: &str| {
            let line = text
                .lines()
                .position(|l| l.trim_start().starts_with(key))
                .map_or(1, |i| i as u32 + 1);
            Location::line(path, line)
        };
        if config.title.trim().is_empty() {
            return Err(Error::invalid(
                key_line("title"),
                "title is empty; give the site a name",
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
        Ok(config)
    }

    /// The base URL with exactly one trailing slash.
    pub fn base_url(&self) -> String {
        format!("{}/", self.base_url.trim_end_matches('/'))
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
        assert_eq!(
            config.search_shard_threshold,
            DEFAULT_SEARCH_SHARD_THRESHOLD
        );
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
}
