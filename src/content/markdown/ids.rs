//! The ids of a page: one function per kind, so the outline and the render agree.
//!
//! Owns: how a heading, a fenced block, a glossary term and a print-page part are named, and
//! that the ids of one page are unique and never empty.
//! Does not: walk Markdown (see `outline`) or write HTML.

use std::collections::{BTreeSet, HashMap};

use crate::content::blocks::BlockKind;

/// The id a heading gets when its text has no letter or digit (`## ?`). Like `quiz-1` and
/// `chart-1`, a technical name the same in every site's language, not a word of one of them.
pub const UNNAMED_HEADING: &str = "section";

/// A readable id from heading text: `Wat zijn signalen?` → `wat-zijn-signalen`.
pub fn slugify(text: &str) -> String {
    let mut id = String::with_capacity(text.len());
    for c in text.trim().chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            id.push(c);
        } else if (c.is_whitespace() || c == '-' || c == '_') && !id.ends_with('-') {
            id.push('-');
        }
    }
    id.trim_matches('-').to_string()
}

/// The anchor of a glossary term on the glossary page; empty for a term without a letter or
/// digit, which the site stage refuses at its line.
pub fn term(term: &str) -> String {
    slugify(term)
}

/// The id of the `index`th (0-based) fenced block of `kind` on a page: `quiz-1`, `chart-2`.
/// Trainer notes and discussion prompts have none.
pub fn block(kind: BlockKind, index: usize) -> Option<String> {
    match kind {
        BlockKind::Quiz => Some(format!("quiz-{}", index + 1)),
        BlockKind::Chart => Some(format!("chart-{}", index + 1)),
        BlockKind::Trainer | BlockKind::Discussion => None,
    }
}

/// The ids inside a chart with id `id`: its SVG title and description (see `blocks::chart`).
pub fn chart_parts(id: &str) -> [String; 2] {
    [format!("{id}-title"), format!("{id}-desc")]
}

/// An id on a module's print page, where every lesson's ids carry the lesson's prefix.
pub fn printed(prefix: &str, id: &str) -> String {
    format!("{prefix}-{id}")
}

/// The prefix of the module intro's ids on the print page.
pub const PRINT_INTRO: &str = "intro";

/// Hands out heading ids that are unique on one page: the readable id, then `-2`, `-3`…
#[derive(Debug, Default)]
pub struct UniqueIds {
    used: BTreeSet<String>,
    /// The next suffix to try per base, so a thousand equal headings cost a thousand tries,
    /// not half a million.
    next_suffix: HashMap<String, u32>,
}

impl UniqueIds {
    /// Ids that are taken before any heading is named (blocks, footnotes, glossary terms).
    pub fn reserving(ids: impl IntoIterator<Item = String>) -> Self {
        UniqueIds {
            used: ids.into_iter().collect(),
            next_suffix: HashMap::new(),
        }
    }

    /// The id of a heading with `text`: never empty, never one handed out before.
    pub fn heading(&mut self, text: &str) -> String {
        let base = slugify(text);
        let base = if base.is_empty() {
            UNNAMED_HEADING.to_string()
        } else {
            base
        };
        let n = self.next_suffix.entry(base.clone()).or_insert(2);
        let mut id = base.clone();
        while !self.used.insert(id.clone()) {
            id = format!("{base}-{n}");
            *n += 1;
        }
        id
    }

    /// Every id handed out or reserved.
    pub fn into_set(self) -> BTreeSet<String> {
        self.used
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heading_ids_are_unique_and_never_empty() {
        let mut ids = UniqueIds::reserving(["quiz-1".to_string()]);
        assert_eq!(ids.heading("Wat zijn signalen?"), "wat-zijn-signalen");
        assert_eq!(ids.heading("Wat zijn signalen!"), "wat-zijn-signalen-2");
        assert_eq!(ids.heading("?"), "section");
        assert_eq!(ids.heading("!!"), "section-2");
        assert_eq!(ids.heading("Quiz 1"), "quiz-1-2", "a block's id is taken");
    }

    #[test]
    fn blocks_are_numbered_per_kind() {
        assert_eq!(block(BlockKind::Quiz, 0).as_deref(), Some("quiz-1"));
        assert_eq!(block(BlockKind::Chart, 1).as_deref(), Some("chart-2"));
        assert_eq!(block(BlockKind::Trainer, 0), None);
    }
}
