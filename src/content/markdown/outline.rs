//! The first pass over a page: its heading ids and every other id a link may target, found by
//! walking the parser's events, before any page is rendered.
//!
//! Owns: which ids a page has and in which order its headings get them; the render takes the
//! heading ids from here by order, so both passes agree.
//! Does not: render HTML, check anything, or count words (see the render in `mod.rs`).

use std::collections::BTreeSet;

use pulldown_cmark::{CodeBlockKind, Event, Parser, Tag, TagEnd};

use super::ids::{self, UniqueIds};
use super::parse::{deep_line, options, MAX_BLOCK_DEPTH};
use crate::content::blocks::BlockKind;

/// The ids of one page.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Outline {
    /// The id of every heading in the order of the page, those in trainer notes and
    /// discussion prompts too.
    pub headings: Vec<String>,
    /// Every id on the page that a link may target: headings, fenced blocks, footnotes, and
    /// the ids reserved by the caller (a glossary's terms).
    pub ids: BTreeSet<String>,
    /// False when part of the page nests too deeply to be read: its ids are then not all
    /// known, and the render reports the place.
    pub complete: bool,
}

/// What the walk finds, before the headings are named.
#[derive(Default)]
struct Found {
    heading_texts: Vec<String>,
    /// Ids that are not headings' and are fixed by their kind: headings step aside for them.
    fixed: Vec<String>,
    quizzes: usize,
    charts: usize,
    complete: bool,
    raw_html: bool,
    /// How many trainer or discussion blocks the fragment being walked sits in.
    depth: usize,
}

/// The outline of the Markdown `body`; `reserved` ids are on the page already (a glossary's
/// term anchors) and no heading takes them. With `raw_html` (the site allows raw HTML), the
/// `id="…"` attributes the author wrote in it are ids of the page too.
pub fn outline(body: &str, reserved: &[String], raw_html: bool) -> Outline {
    let mut found = Found {
        complete: true,
        raw_html,
        ..Found::default()
    };
    walk(body, &mut found);
    let mut ids = UniqueIds::reserving(reserved.iter().cloned().chain(found.fixed));
    let headings = found
        .heading_texts
        .iter()
        .map(|text| ids.heading(text))
        .collect();
    Outline {
        headings,
        ids: ids.into_set(),
        complete: found.complete,
    }
}

/// Walks one fragment (the body, or the Markdown inside a trainer or discussion block) in the
/// order the render walks it.
fn walk(text: &str, found: &mut Found) {
    // The render refuses such a fragment before parsing it; so does the outline.
    if deep_line(text).is_some() {
        found.complete = false;
        return;
    }
    let mut events = Parser::new_ext(text, options());
    while let Some(event) = events.next() {
        match event {
            Event::Start(Tag::Heading { .. }) => {
                let mut heading = String::new();
                for event in events.by_ref() {
                    match event {
                        Event::End(TagEnd::Heading(_)) => break,
                        Event::Text(t) | Event::Code(t) => heading.push_str(&t),
                        _ => {}
                    }
                }
                found.heading_texts.push(heading);
            }
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) => {
                let Some(kind) = BlockKind::from_info(&info) else {
                    continue;
                };
                let mut source = String::new();
                for event in events.by_ref() {
                    match event {
                        Event::End(TagEnd::CodeBlock) => break,
                        Event::Text(t) => source.push_str(&t),
                        _ => {}
                    }
                }
                block(kind, &source, found);
            }
            Event::Start(Tag::FootnoteDefinition(name)) => found.fixed.push(name.to_string()),
            Event::Html(raw) | Event::InlineHtml(raw) if found.raw_html => {
                found
                    .fixed
                    .extend(ids::raw_id_values(&raw).map(|r| raw[r].to_string()));
            }
            _ => {}
        }
    }
}

fn block(kind: BlockKind, source: &str, found: &mut Found) {
    match kind {
        // The render refuses blocks nested deeper; their ids are not the page's.
        BlockKind::Trainer | BlockKind::Discussion if found.depth >= MAX_BLOCK_DEPTH => {
            found.complete = false;
        }
        BlockKind::Trainer | BlockKind::Discussion => {
            found.depth += 1;
            walk(source, found);
            found.depth -= 1;
        }
        BlockKind::Quiz => {
            found.fixed.extend(ids::block(kind, found.quizzes));
            found.quizzes += 1;
        }
        BlockKind::Chart => {
            if let Some(id) = ids::block(kind, found.charts) {
                found.fixed.extend(ids::chart_parts(&id));
                found.fixed.push(id);
            }
            found.charts += 1;
        }
    }
}
