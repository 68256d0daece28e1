//! The one door to YAML: every reader of front matter, `partners.yaml` and fenced blocks calls here.
//!
//! Owns: the YAML library (serde_yaml, deprecated upstream; swap it here for a maintained fork),
//! turning its errors into located, readable messages, and finding the line of a value.
//! Every text passes `bounds::check` first (size, no anchors or aliases, nesting depth), so
//! the bounds hold whatever parser sits behind this door.
//! Does not: know what the documents mean.

mod bounds;

pub use bounds::{MAX_DEPTH, MAX_YAML_BYTES};

use std::path::Path;

use serde::de::DeserializeOwned;

use crate::error::{Error, Location};

/// Parses `text` into `T`. `first_line` is the line in the file where `text` starts (1 for a
/// whole file, 2 for front matter after its `---` fence), so errors point at the editor's line.
pub fn parse<T: DeserializeOwned>(text: &str, path: &Path, first_line: u32) -> Result<T, Error> {
    bounds::check(text, path, first_line)?;
    serde_yaml::from_str(text).map_err(|error| {
        let (mut line, mut column) = match error.location() {
            Some(at) => (at.line() as u32 + first_line - 1, at.column() as u32),
            None => (first_line, 0),
        };
        let full = error.to_string();
        let mut message = readable(&full);
        // An unclosed quote or bracket runs to the end; point at where it was opened.
        if full.starts_with("found unexpected end of stream") {
            if let Some((context, l, c)) = opened_at(&full) {
                line = l + first_line - 1;
                column = c;
                message = format!("{context} is not closed; add the closing quote or bracket");
            }
        }
        // A list or map that is not closed before the next key: the parser notices on a later
        // line; the editor has to fix the line where it opened.
        if full.starts_with("did not find expected ',' or ']'")
            || full.starts_with("did not find expected ',' or '}'")
        {
            if let Some((context, l, c)) = opened_at(&full) {
                line = l + first_line - 1;
                column = c;
                message = format!(
                    "{context} is not closed, or a comma is missing between two of its values"
                );
            }
        }
        Error::Syntax {
            at: Location::at(path, line, column),
            message,
        }
    })
}

/// From "…, while scanning a quoted scalar at line 3 column 10": ("this quoted text", 3, 10).
fn opened_at(message: &str) -> Option<(&'static str, u32, u32)> {
    let (_, context) = message.split_once(", while ")?;
    let (what, place) = context.split_once(" at line ")?;
    let (line, column) = place.split_once(" column ")?;
    let what = if what.contains("quoted scalar") {
        "this quoted text"
    } else if what.contains("flow sequence") {
        "this list [ …"
    } else if what.contains("flow mapping") {
        "this map { …"
    } else {
        "this value"
    };
    Some((what, line.trim().parse().ok()?, column.trim().parse().ok()?))
}

/// Rewrites serde's wording into the project's: no backticks, the position left to `Location`.
fn readable(message: &str) -> String {
    let mut text = match message.find(" at line ") {
        Some(cut) => &message[..cut],
        None => message,
    }
    .to_string();
    // serde_yaml prefixes nested errors with their path ("partners[2].website: …"); keep it,
    // it tells the editor which entry is meant.
    text = crate::error::serde_wording(&text);
    if text.contains("there are no fields") {
        text = text.replace(", there are no fields", "; no fields are allowed here");
    }
    text = text.replace('`', "\"");
    if text.starts_with("missing field") || text.contains(": missing field") {
        text.push_str("; add it");
    }
    if text.ends_with("recursion limit exceeded") {
        text = text.replace(
            "recursion limit exceeded",
            "the value is nested too deeply (more than 128 levels of lists or maps)",
        );
    }
    if text.contains("did not find expected") || text.contains("mapping values are not allowed") {
        text.push_str(" (check the indentation and put quotes around text with a colon)");
    }
    text
}

/// The 1-based line of the first line at or after `from` (1-based) that contains `needle` as a
/// whole word, or `from` when none does. Used to point at a value that parsed but is wrong.
pub fn line_of(text: &str, from: u32, needle: &str) -> u32 {
    let start = from.max(1) as usize - 1;
    text.lines()
        .enumerate()
        .skip(start)
        .find(|(_, line)| contains_word(line, needle))
        .map(|(i, _)| i as u32 + 1)
        .unwrap_or(from)
}

fn contains_word(line: &str, needle: &str) -> bool {
    if needle.is_empty() {
        return false;
    }
    let is_word = |c: char| c.is_alphanumeric() || c == '-' || c == '_';
    line.match_indices(needle).any(|(i, _)| {
        let before = line[..i].chars().next_back();
        let after = line[i + needle.len()..].chars().next();
        !before.is_some_and(is_word) && !after.is_some_and(is_word)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Deserialize, Debug)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Lesson {
        title: String,
        minutes: Option<u32>,
    }

    #[test]
    fn unknown_field_names_the_allowed_ones_at_the_editor_line() {
        let err = parse::<Lesson>("title: A\ntitel: B\n", Path::new("a.md"), 2).unwrap_err();
        assert_eq!(
            err.to_string(),
            "a.md:3:1: unknown field \"titel\", expected one of: title, minutes"
        );
    }

    #[test]
    fn missing_field_says_what_to_do() {
        let err = parse::<Lesson>("minutes: 3\n", Path::new("a.md"), 2).unwrap_err();
        assert_eq!(err.to_string(), "a.md:2:1: missing field \"title\"; add it");
    }

    #[test]
    fn an_unclosed_list_is_reported_where_it_opens() {
        let err = parse::<serde_yaml::Value>(
            "title: A\nlabels: [\"2018\", \"2019\"\nseries:\n  - x\n",
            Path::new("a.md"),
            7,
        )
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            "a.md:8:9: this list [ … is not closed, or a comma is missing between two of its values"
        );
    }

    #[test]
    fn line_of_finds_whole_words_only() {
        let text = "partners: [vk-oost, vk]\nother: vk\n";
        assert_eq!(line_of(text, 1, "vk"), 1);
        assert_eq!(line_of(text, 2, "vk"), 2);
        assert_eq!(line_of(text, 1, "nope"), 1);
    }
}
