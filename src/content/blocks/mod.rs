//! Fenced blocks that become parts of a lesson: ```quiz, ```chart, ```trainer, ```bespreek.
//!
//! Owns: each block's syntax, its errors at the block's line, and its HTML.
//! Does not: walk files or resolve links (trainer and discussion blocks hold Markdown that the
//! Markdown stage renders, so their links are checked like any other).

use std::path::Path;

use crate::error::{Error, Location};
use crate::theme::Strings;

pub mod chart;
pub mod quiz;

/// What a block renderer gets: the text between the fences and where it sits.
pub struct BlockInput<'a> {
    /// The text between the fences.
    pub source: &'a str,
    /// The file, relative to the site root.
    pub path: &'a Path,
    /// The line in the file of the block's first content line (the line after the fence).
    pub line: u32,
    /// The position of this block among blocks of its kind on the page (0-based), for ids.
    pub index: usize,
    /// A stable id of the page (its URL path), so ids and progress keys survive rebuilds.
    pub page_id: &'a str,
    /// UI strings (button labels and the like).
    pub strings: &'a Strings,
}

/// A rendered block.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RenderedBlock {
    pub html: String,
    /// The block's words as plain text, for search and reading time.
    pub text: String,
}

/// The kinds of fenced block leerpad turns into parts of a page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlockKind {
    Quiz,
    Chart,
    Trainer,
    Discussion,
}

impl BlockKind {
    pub fn from_info(info: &str) -> Option<BlockKind> {
        match info.split_whitespace().next()? {
            "quiz" => Some(BlockKind::Quiz),
            "chart" => Some(BlockKind::Chart),
            "trainer" => Some(BlockKind::Trainer),
            "bespreek" => Some(BlockKind::Discussion),
            _ => None,
        }
    }
}

impl BlockInput<'_> {
    /// The place in the Markdown file of `line`, a 1-based line of the block's source.
    pub fn at(&self, line: u32) -> Location {
        Location::line(self.path, self.line + line.max(1) - 1)
    }

    /// An error about the block at `line` (1-based, within the block's source).
    pub fn error(&self, line: u32, message: impl Into<String>) -> Error {
        Error::Block {
            at: self.at(line),
            message: message.into(),
        }
    }
}

/// Where the keys and list items of a block's YAML sit, so a value that parsed but breaks a rule
/// is reported at its own line. Lines are 1-based within the block; blocks are block-style YAML
/// (as in the README), and anything else falls back to the nearest line found.
pub(crate) struct SourceLines<'a> {
    lines: Vec<&'a str>,
}

impl<'a> SourceLines<'a> {
    pub fn new(source: &'a str) -> Self {
        SourceLines {
            lines: source.lines().collect(),
        }
    }

    /// The line of the top-level `key:`, or 1 when it cannot be found (a missing key is the
    /// block's problem as a whole).
    pub fn key(&self, key: &str) -> u32 {
        self.top_key(key).unwrap_or(1)
    }

    fn top_key(&self, key: &str) -> Option<u32> {
        self.lines
            .iter()
            .position(|line| !line.starts_with([' ', '\t', '-']) && starts_with_key(line, key))
            .map(|i| i as u32 + 1)
    }

    /// The first line in `from..to` that holds `key:` (also after a list dash).
    pub fn key_in(&self, from: u32, to: u32, key: &str) -> Option<u32> {
        let start = from.max(1) as usize - 1;
        let end = (to as usize).saturating_sub(1).min(self.lines.len());
        (start..end)
            .find(|&i| starts_with_key(self.lines[i], key))
            .map(|i| i as u32 + 1)
    }

    /// The first line of each item of the top-level list `key`, and the line after the list.
    /// Empty for a flow list (`key: [..]`) or a missing key.
    pub fn items(&self, key: &str) -> (Vec<u32>, u32) {
        let mut starts = Vec::new();
        let Some(key_line) = self.top_key(key) else {
            return (starts, 1);
        };
        let mut item_indent = None;
        let mut end = self.lines.len() as u32 + 1;
        for (i, line) in self.lines.iter().enumerate().skip(key_line as usize) {
            let trimmed = line.trim_start();
            if trimmed.is_empty() || trimmed.starts_with('#') {
                continue;
            }
            let indent = line.len() - trimmed.len();
            let is_dash = trimmed == "-" || trimmed.starts_with("- ");
            if indent == 0 && !is_dash {
                end = i as u32 + 1;
                break;
            }
            if is_dash && item_indent.is_none_or(|at| at == indent) {
                item_indent = Some(indent);
                starts.push(i as u32 + 1);
            }
        }
        (starts, end)
    }

    /// The line of `key:` inside item `n` of the top-level list `list`, else the item's first
    /// line, else the list's line.
    pub fn item_key(&self, list: &str, n: usize, key: &str) -> u32 {
        let (starts, end) = self.items(list);
        match starts.get(n) {
            Some(&from) => {
                let to = starts.get(n + 1).copied().unwrap_or(end);
                self.key_in(from, to, key).unwrap_or(from)
            }
            None => self.key(list),
        }
    }
}

/// Whether `line` is `key:` (or `- key:`), ignoring indentation.
fn starts_with_key(line: &str, key: &str) -> bool {
    let mut rest = line.trim_start();
    if let Some(after_dash) = rest.strip_prefix("- ") {
        rest = after_dash.trim_start();
    }
    rest.strip_prefix(key)
        .is_some_and(|after| after.trim_start().starts_with(':'))
}

#[cfg(test)]
mod tests {
    use super::SourceLines;

    const LIST: &str = "title: T\nseries:\n  - name: A\n    values: [1]\n\n  - name: B\n    # note\n    values:\n      - 2\nsource: S\n";

    #[test]
    fn finds_keys_and_items_by_line() {
        let lines = SourceLines::new(LIST);
        assert_eq!(lines.key("source"), 10);
        assert_eq!(lines.key("missing"), 1);
        assert_eq!(lines.key("name"), 1, "a nested key is not a top-level one");
        assert_eq!(lines.items("series"), (vec![3, 6], 10));
        assert_eq!(lines.item_key("series", 0, "values"), 4);
        assert_eq!(lines.item_key("series", 1, "values"), 8);
        assert_eq!(lines.item_key("series", 1, "name"), 6);
        assert_eq!(lines.item_key("series", 5, "values"), 2);
    }

    #[test]
    fn a_flow_list_falls_back_to_its_key() {
        let lines = SourceLines::new("labels: [a, b]\nvalues_x: 1\n");
        assert_eq!(lines.items("labels"), (vec![], 2));
        assert_eq!(lines.item_key("labels", 0, "x"), 1);
        assert_eq!(lines.key("values_x"), 2);
        assert_eq!(lines.key("values"), 1);
    }
}
