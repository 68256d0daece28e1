//! Fenced blocks that become parts of a lesson: ```quiz, ```chart, ```trainer, ```bespreek.
//!
//! Owns: each block's syntax, its errors at the block's line, and its HTML.
//! Does not: walk files or resolve links (trainer and discussion blocks hold Markdown that the
//! Markdown stage renders, so their links are checked like any other).

use std::path::Path;

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
