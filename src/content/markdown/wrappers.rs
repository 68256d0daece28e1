//! The markup around parts of a page body: callouts, tables, trainer notes and discussion
//! prompts (theme partials around rendered Markdown), and the fenced learning blocks (quiz,
//! chart), for the page and for its print form.
//!
//! Owns: numbering the learning blocks per kind and what each partial is given.
//! Does not: parse a block's YAML (see `content::blocks`) or name ids (see `ids`).

use pulldown_cmark::{BlockQuoteKind, Event, TagEnd};

use super::{Fragment, State};
use crate::content::blocks::{self, BlockInput, BlockKind};

impl State<'_, '_> {
    /// The markup of a callout, table or aside around `body` (for each page).
    fn wrap(
        &mut self,
        name: &str,
        kind: &str,
        key: &str,
        body: (String, Option<String>),
    ) -> (String, Option<String>) {
        let title = self.cx.strings.get(key);
        let (page, print) = body;
        let html = self.partial(
            name,
            &WrapperView {
                kind,
                title,
                body: page,
            },
        );
        let printed =
            print.map(|body| self.print_partial(name, &WrapperView { kind, title, body }));
        (html, printed)
    }

    pub(super) fn end_quote(&mut self, kind: Option<BlockQuoteKind>, f: &mut Fragment) {
        match f.wrappers.pop() {
            Some(Wrapper::Callout(kind, start)) => {
                let (class, key) = callout_names(kind);
                let body = f.output.drain_html(start);
                let (page, print) = self.wrap("callout", class, key, body);
                f.output.push_html(page, print);
            }
            _ => f.output.push(Event::End(TagEnd::BlockQuote(kind))),
        }
    }

    pub(super) fn end_table<'e>(&mut self, event: &Event<'e>, f: &mut Fragment<'_, 'e>) {
        f.output.push(event.clone());
        if let Some(Wrapper::Table(start)) = f.wrappers.pop() {
            let body = f.output.drain_html(start);
            let (page, print) = self.wrap("table", "table", "table_label", body);
            f.output.push_html(page, print);
        }
    }

    pub(super) fn render_block(
        &mut self,
        kind: BlockKind,
        source: &str,
        first_line: u32,
    ) -> (String, Option<String>) {
        match kind {
            BlockKind::Trainer | BlockKind::Discussion => {
                let (class, key) = if kind == BlockKind::Trainer {
                    self.out.trainer_notes += 1;
                    ("trainer-note", "trainer_note")
                } else {
                    self.out.discussions += 1;
                    ("discussion", "discussion")
                };
                let was_trainer = self.in_trainer;
                self.in_trainer = was_trainer || kind == BlockKind::Trainer;
                self.block_depth += 1;
                let before = self.handout_safe_marks();
                let handout_start = self.handout.len();
                let inner = self.render_fragment(source, first_line);
                let plain = before == self.handout_safe_marks();
                self.block_depth -= 1;
                self.in_trainer = was_trainer;
                let (page, print) = self.wrap("aside", class, key, inner);
                // A discussion prompt goes on the learner handout as printed, unless it holds
                // a check (whose answers it prints), a chart, a trainer note or a link to an
                // anchor elsewhere on the print page (which the handout does not have). It
                // replaces what the prompts inside it put there: they are part of it.
                if let (Some(print), true, false, BlockKind::Discussion) =
                    (&print, plain, was_trainer, kind)
                {
                    self.handout.truncate(handout_start);
                    self.handout.push_str(print);
                }
                (page, print)
            }
            BlockKind::Quiz | BlockKind::Chart => self.learning_block(kind, source, first_line),
        }
    }

    /// A knowledge check or a chart, numbered per kind on the page.
    fn learning_block(
        &mut self,
        kind: BlockKind,
        source: &str,
        first_line: u32,
    ) -> (String, Option<String>) {
        let index = if kind == BlockKind::Quiz {
            self.out.quizzes += 1;
            self.out.quizzes - 1
        } else {
            self.out.charts += 1;
            self.out.charts - 1
        };
        let render = |print: Option<&str>| {
            let input = BlockInput {
                source,
                path: self.cx.path,
                line: first_line,
                index,
                page_id: self.cx.page_id,
                templates: self.cx.templates,
                print,
            };
            if kind == BlockKind::Quiz {
                blocks::quiz::render(&input)
            } else {
                blocks::chart::render(&input)
            }
        };
        let printed = self.cx.print.map(|p| {
            let block = render(Some(p.prefix)).unwrap_or_default();
            // A check inside a trainer note is the trainer's: the handout leaves it out.
            if let (Some(handout), false) = (block.handout, self.in_trainer) {
                self.handout.push_str(&handout);
            }
            block.html
        });
        match render(None) {
            Ok(block) => {
                self.count_text(&block.text);
                (block.html, printed)
            }
            Err(error) => {
                self.errors.push(error);
                (String::new(), printed)
            }
        }
    }
}

impl State<'_, '_> {
    /// What a fragment may add that keeps it off the learner handout as printed: checks,
    /// charts, trainer notes and links to anchors of the print page.
    fn handout_safe_marks(&self) -> [usize; 4] {
        [
            self.out.quizzes,
            self.out.charts,
            self.out.trainer_notes,
            self.print_anchor_links,
        ]
    }
}

/// The text of a fenced block whose content starts at `events[0]`: the text, where it starts,
/// and the index of its end event.
pub(super) fn block_source(
    events: &[(Event<'_>, std::ops::Range<usize>)],
) -> (String, Option<usize>, usize) {
    let mut source = String::new();
    let mut content_start = None;
    let mut end = events.len();
    for (j, (event, range)) in events.iter().enumerate() {
        match event {
            Event::End(TagEnd::CodeBlock) => {
                end = j;
                break;
            }
            Event::Text(t) => {
                content_start.get_or_insert(range.start);
                source.push_str(t);
            }
            _ => {}
        }
    }
    (source, content_start, end)
}

/// A piece of markup that wraps the rendering of the events between its start and its end.
pub(super) enum Wrapper {
    /// A GitHub-style callout (`> [!TIP]`), and where its events start in the output.
    Callout(BlockQuoteKind, usize),
    /// A plain block quote: stays a `<blockquote>`.
    Quote,
    /// A table, and where its events start in the output.
    Table(usize),
}

/// What the `callout`, `table` and `aside` partials get: the kind, the label to show or read
/// out, and the HTML inside.
#[derive(serde::Serialize)]
struct WrapperView<'v> {
    kind: &'v str,
    title: &'v str,
    body: String,
}

fn callout_names(kind: BlockQuoteKind) -> (&'static str, &'static str) {
    match kind {
        BlockQuoteKind::Note => ("note", "callout_note"),
        BlockQuoteKind::Tip => ("tip", "callout_tip"),
        BlockQuoteKind::Important => ("important", "callout_important"),
        BlockQuoteKind::Warning => ("warning", "callout_warning"),
        BlockQuoteKind::Caution => ("caution", "callout_caution"),
    }
}
