//! Fenced blocks that become parts of a lesson: ```quiz, ```chart, ```trainer, ```bespreek.
//!
//! Owns: each block's syntax, its errors at the block's line, and the view its partial gets
//! (the markup is the theme's `partials/NAME.html`).
//! Does not: walk files or resolve links (trainer and discussion blocks hold Markdown that the
//! Markdown stage renders, so their links are checked like any other).

use std::path::Path;

use crate::error::{Error, Location};
use crate::theme::Templates;
use crate::yaml::{Node, Step};

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
    /// The theme's templates: each block's markup is a partial (`partials/quiz.html`, …), with
    /// the UI strings as `t`.
    pub templates: &'a Templates,
    /// Set on a module's print pages: the prefix of the block's ids there (`les-slug`); paper
    /// cannot click, so a knowledge check shows its answers open on the trainer version, and
    /// is made once more for the learner handout, without them.
    pub print: Option<&'a str>,
}

/// A rendered block.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RenderedBlock {
    pub html: String,
    /// The block's words as plain text, for search and reading time.
    pub text: String,
    /// On a print page: the block as the learner handout shows it, when it shows it at all
    /// (a knowledge check without its answers; a chart has none).
    pub handout: Option<String>,
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
    /// Whether the block holds Markdown that is rendered as part of the page.
    pub fn holds_markdown(self) -> bool {
        matches!(self, BlockKind::Trainer | BlockKind::Discussion)
    }

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
/// is reported at its own line: the parser's positions (1-based lines within the block).
pub(crate) struct SourceLines {
    root: Option<Node>,
}

impl SourceLines {
    pub fn new(source: &str) -> Self {
        SourceLines {
            root: crate::yaml::tree(source),
        }
    }

    /// The line of the top-level `key`'s value, or 1 when it is absent (a missing key is the
    /// block's problem as a whole).
    pub fn key(&self, key: &str) -> u32 {
        self.line(&[Step::Key(key)])
    }

    /// The line of `key` inside item `n` of the top-level list `list`, else the item's line,
    /// else the list's line.
    pub fn item_key(&self, list: &str, n: usize, key: &str) -> u32 {
        self.line(&[Step::Key(list), Step::Index(n), Step::Key(key)])
    }

    fn line(&self, path: &[Step]) -> u32 {
        self.root
            .as_ref()
            .map_or(1, |root| root.nearest(path).key_line.max(1))
    }
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
        assert_eq!(lines.item_key("series", 0, "values"), 4);
        assert_eq!(lines.item_key("series", 1, "values"), 8);
        assert_eq!(lines.item_key("series", 1, "name"), 6);
        assert_eq!(lines.item_key("series", 5, "values"), 2);
    }

    #[test]
    fn a_flow_list_has_its_items_placed_too() {
        let lines = SourceLines::new("labels: [a, {x: 1}]\nvalues_x: 1\n");
        assert_eq!(lines.item_key("labels", 1, "x"), 1);
        assert_eq!(lines.key("values_x"), 2);
        assert_eq!(lines.key("values"), 1, "values_x is not values");
    }
}
