//! The one door to YAML: every reader of front matter, `partners.yaml`, `places.yaml`, the
//! theme's strings and fenced blocks calls here.
//!
//! Owns: the YAML library (serde-saphyr, pinned), its options, and turning its errors into
//! located, readable messages from the parser's own positions. Values that are checked after
//! parsing carry their place as [`Spanned`], so a message about them points at the value.
//! Every text passes `bounds::check` first (size, no anchors or aliases, nesting depth), so
//! the bounds hold whatever parser sits behind this door; the parser's budget is a second line.
//! Does not: know what the documents mean.

mod bounds;
mod flow;
mod message;
mod tree;

pub use bounds::{MAX_DEPTH, MAX_YAML_BYTES};
pub use tree::{Node, Step};

use std::cell::RefCell;
use std::path::Path;

use serde::de::DeserializeOwned;
use serde_path_to_error::Segment;

use crate::error::{Error, Location};

/// Parses `text` into `T`. `first_line` is the line in the file where `text` starts (1 for a
/// whole file, 2 for front matter after its `---` fence), so errors point at the editor's line.
pub fn parse<T: DeserializeOwned>(text: &str, path: &Path, first_line: u32) -> Result<T, Error> {
    bounds::check(text, path, first_line)?;
    let at_path = RefCell::new(String::new());
    let segments = RefCell::new(Vec::new());
    let parsed = serde_saphyr::with_deserializer_from_str_with_options(text, options(), |de| {
        serde_path_to_error::deserialize(de).map_err(|error| {
            *at_path.borrow_mut() = error.path().to_string();
            *segments.borrow_mut() = error.path().iter().cloned().collect();
            error.into_inner()
        })
    });
    parsed.map_err(|error| {
        let error = error.without_snippet();
        let (mut line, mut column) = match error.location() {
            Some(at) if at.line() > 0 => (at.line() as u32, at.column() as u32),
            _ => (1, 0),
        };
        let segments = segments.into_inner();
        if let serde_saphyr::Error::SerdeMissingField { .. } = error {
            // The parser notices at the end of the map; the editor adds the field to the map.
            if let Some(node) = map_start(text, &segments) {
                (line, column) = (node.line, node.column);
            }
        }
        if message::is_tab(error) {
            // The parser stops at the plain text before the tab; the editor fixes the tab.
            if let Some(tab) = tab_after(text, line) {
                (line, column) = tab;
            }
        }
        let opened = message::scan_error(error).and_then(|scan| flow::opener(text, scan));
        let mut message = match opened {
            // The editor closes the list or map where it opened, not where the parser stopped.
            Some(open) => {
                let elsewhere = (open.line, open.column) != (line, column);
                let stopped = elsewhere.then_some((line + first_line - 1, column));
                (line, column) = (open.line, open.column);
                message::unclosed(open.bracket, stopped)
            }
            None => message::of(error, text),
        };
        let at_path = at_path.into_inner();
        let at_path = match error {
            serde_saphyr::Error::SerdeUnknownField { field, .. } => at_path
                .strip_suffix(field.as_str())
                .map(|p| p.trim_end_matches('.').to_string())
                .unwrap_or(at_path),
            _ => at_path,
        };
        let unsure = message::is_syntax(error) && at_path.contains('?');
        if !at_path.is_empty() && at_path != "." && !unsure {
            message = format!("{at_path}: {message}");
        }
        Error::Syntax {
            at: Location::at(path, line + first_line - 1, column),
            message,
        }
    })
}

/// Where the tab is that the parser found in the indentation of a line that continues the
/// plain text starting at `line` (1-based): the first tab in the leading blanks of a later line.
/// The parser reports the start of the text; this reads only the blanks it refused.
fn tab_after(text: &str, line: u32) -> Option<(u32, u32)> {
    text.lines()
        .enumerate()
        .skip(line as usize)
        .find_map(|(i, row)| {
            let blanks = row.len() - row.trim_start_matches([' ', '\t']).len();
            let at = row[..blanks].find('\t')?;
            Some((i as u32 + 1, at as u32 + 1))
        })
}

/// Parses `text` (already parsed into its typed form, so within the bounds) into the tree of
/// its nodes' positions, for messages about values.
pub fn tree(text: &str) -> Option<Node> {
    serde_saphyr::from_str_with_options(text, options()).ok()
}

/// The node of the map that lacks a field, found by the path serde reported.
fn map_start(text: &str, segments: &[Segment]) -> Option<Node> {
    let tree = tree(text)?;
    let steps: Vec<Step> = segments
        .iter()
        .map_while(|segment| match segment {
            Segment::Seq { index } => Some(Step::Index(*index)),
            Segment::Map { key } => Some(Step::Key(key)),
            _ => None,
        })
        .collect();
    Some(tree.nearest(&steps).clone())
}

/// The parser's own limits, behind `bounds::check`: no anchors or aliases, one document,
/// nesting a little past `MAX_DEPTH`, and room for every node a 4 MB text can hold.
fn options() -> serde_saphyr::Options {
    let mut budget = serde_saphyr::Budget::default();
    budget.max_depth = MAX_DEPTH + 8;
    budget.max_aliases = 0;
    budget.max_anchors = 0;
    budget.max_documents = 1;
    budget.max_nodes = MAX_YAML_BYTES;
    budget.max_total_scalar_bytes = MAX_YAML_BYTES;
    serde_saphyr::options! {
        budget: Some(budget),
        with_snippet: false,
        // Only where no type is asked for (the tree of positions): `.nan` is a value there, and
        // the typed documents check their numbers themselves.
        non_finite_float_policy: serde_saphyr::options::NonFiniteFloatPolicy::PassThrough,
    }
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

    fn error_of(text: &str, first_line: u32) -> String {
        parse::<std::collections::BTreeMap<String, serde::de::IgnoredAny>>(
            text,
            Path::new("a.md"),
            first_line,
        )
        .unwrap_err()
        .to_string()
    }

    #[test]
    fn an_unclosed_list_is_reported_where_it_opened_and_says_where_the_parser_stopped() {
        assert_eq!(
            error_of("title: A\nlabels: [\"2018\", \"2019\"\nseries:\n  - x\n", 7),
            "a.md:8:9: labels: this list [ … ] is not closed, or a comma is missing between two \
             of its values (the parser stopped at line 9, column 7)"
        );
    }

    #[test]
    fn an_unclosed_map_or_inner_list_is_reported_at_its_own_bracket() {
        assert_eq!(
            error_of("a:\n  b: {x: 1, y: 2\nc: 3\n", 1),
            "a.md:2:6: this map { … } is not closed, or a comma is missing between two of its \
             values (the parser stopped at line 3, column 2)"
        );
        assert_eq!(
            error_of("a: [[1, 2], [3, 4\nb: 5\n", 2),
            "a.md:2:13: a: this list [ … ] is not closed, or a comma is missing between two of \
             its values (the parser stopped at line 3, column 2)"
        );
    }

    #[test]
    fn a_tab_that_indents_a_continued_text_is_reported_at_the_tab() {
        // Not the tab inside the text on its first line, which YAML allows.
        assert_eq!(
            error_of("a: b\nterms:\n  - term: V\tK\n\t expansion: V\n", 2),
            "a.md:5:1: terms[0]: found a tab character that violates indentation; indent with \
             spaces"
        );
        assert_eq!(tab_after("a: x\tb\n  c\n \td\n", 1), Some((3, 2)));
        assert_eq!(tab_after("a: x\n", 1), None);
    }

    #[test]
    fn a_list_open_at_the_end_is_reported_at_its_bracket() {
        assert_eq!(
            error_of("a: 1\nb: [1, 2\n", 1),
            "a.md:2:4: b: this list [ … ] is not closed; add the ]"
        );
    }
}
