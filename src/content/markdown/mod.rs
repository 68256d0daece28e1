//! Markdown → HTML with leerpad's extensions, for one page, in two passes: `outline` names every
//! id of a page without rendering it; `render` then writes the page with each link already at
//! its final relative URL, asking the site through `links::Resolve`.
//!
//! Owns: pulldown-cmark options, heading ids, callouts, fenced learning blocks, glossary marks,
//! the raw-HTML rule, and the print mode (a lesson as part of its module's trainer version,
//! and the few parts of it its learner handout shows).
//! Does not: know where other pages end up (the resolver does), or edit HTML after it is made.

mod glossary;
pub mod ids;
pub mod links;
mod outline;
mod output;
mod parse;
#[cfg(test)]
mod tests;
mod wrappers;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use pulldown_cmark::{CodeBlockKind, CowStr, Event, HeadingLevel, Tag, TagEnd};

use super::blocks::BlockKind;
use crate::error::{Error, Location};
use crate::theme::{Strings, Templates};
pub use glossary::{GlossaryMark, GlossaryTerms};
pub use ids::slugify;
pub(crate) use links::percent_decode;
pub use links::{normalize, LinkTarget, NoPages, Resolve};
pub use outline::{outline, Outline};
use output::Outputs;
pub(crate) use parse::deep_line;
use parse::Lines;
pub use parse::{MAX_BLOCK_DEPTH, MAX_DEPTH};
use wrappers::{block_source, Wrapper};

/// What the Markdown stage needs to know about the page it renders.
pub struct MarkdownContext<'a> {
    /// Source path relative to the site root.
    pub path: &'a Path,
    /// Line in the file where the body starts.
    pub first_line: u32,
    pub allow_raw_html: bool,
    /// The page's folder URL: links are written relative to it, and block ids and progress
    /// keys start with it, so they survive rebuilds.
    pub page_id: &'a str,
    pub strings: &'a Strings,
    /// Terms to mark on first use, and the glossary page they link to.
    pub glossary: Option<(&'a Path, &'a GlossaryTerms)>,
    /// Source files that exist under `static/` (names with forward slashes), for `/x.png` links.
    pub static_files: &'a BTreeSet<String>,
    /// The theme's templates: callouts, tables, blocks and checks are partials of the theme.
    pub templates: &'a Templates,
    /// This page's ids, from the first pass.
    pub outline: &'a Outline,
    /// Every page's URL and ids, for links.
    pub links: &'a dyn Resolve,
    /// Set when the page is also a part of its module's print versions: the render then
    /// writes the body for the trainer version too (`Rendered::print_html`) and gathers what
    /// the learner handout shows (`Rendered::handout_html`), from the same walk.
    pub print: Option<&'a Print<'a>>,
}

/// How a page is rendered as a part of its module's print page (the trainer version): under
/// a prefix for its ids, headings one level down under the lesson's title, quiz answers open,
/// links to the other parts of the print page kept on it.
pub struct Print<'a> {
    /// The print page's folder URL: other links are written relative to it (the handout is
    /// its sibling folder, so they are right there too).
    pub url: &'a str,
    /// The prefix of this part's ids (`les-slug`).
    pub prefix: &'a str,
    /// Whether headings move one level down (a lesson under its title; not the intro).
    pub demote: bool,
    /// The parts of the print page by source path.
    pub parts: &'a BTreeMap<PathBuf, PrintPart>,
}

/// A page shown on a module's print page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrintPart {
    /// The prefix of its ids there.
    pub prefix: String,
    /// Whether the prefix is itself the id of the part's element (a lesson's article), so a
    /// link to the page without an anchor can stay on the print page.
    pub has_element: bool,
}

/// A part of the page between `##` headings, as plain text, for search.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Section {
    /// The heading's id; `None` for the text before the first `##`.
    pub id: Option<String>,
    pub title: String,
    pub text: String,
}

/// The result of rendering one page's Markdown.
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    pub html: String,
    /// The body as a part of its module's print page, when it was rendered in print mode.
    pub print_html: Option<String>,
    /// In print mode: what the learner handout shows of the body, in its order: each
    /// knowledge check without its answers, and each discussion prompt (see
    /// `wrappers::render_block`); nothing of a trainer note.
    pub handout_html: Option<String>,
    pub sections: Vec<Section>,
    /// Words a learner reads (trainer notes excluded), for the reading time.
    pub words: usize,
    pub quizzes: usize,
    pub discussions: usize,
    pub trainer_notes: usize,
    pub charts: usize,
}

/// Renders `body`. Every problem on the page is returned together.
pub fn render(body: &str, cx: &MarkdownContext<'_>) -> Result<Rendered, Vec<Error>> {
    let mut state = State {
        cx,
        out: Rendered::default(),
        errors: Vec::new(),
        next_heading: 0,
        marked: BTreeSet::new(),
        in_trainer: false,
        block_depth: 0,
        text_break: false,
        handout: String::new(),
        print_anchor_links: 0,
    };
    state.out.sections.push(Section::default());
    let (html, print_html) = state.render_fragment(body, cx.first_line);
    state.out.html = html;
    state.out.print_html = print_html;
    if cx.print.is_some() {
        state.out.handout_html = Some(std::mem::take(&mut state.handout));
    }
    state
        .out
        .sections
        .retain(|s| s.id.is_some() || !s.text.trim().is_empty());
    if state.errors.is_empty() {
        Ok(state.out)
    } else {
        Err(state.errors)
    }
}

/// Whether `event` separates the text before it from the text after it by a space: a line
/// break, or the start or end of a block (inline markup such as emphasis or a link does not).
fn breaks_text(event: &Event) -> bool {
    match event {
        Event::SoftBreak | Event::HardBreak | Event::Rule => true,
        Event::Start(tag) => !matches!(
            tag,
            Tag::Emphasis | Tag::Strong | Tag::Strikethrough | Tag::Link { .. } | Tag::Image { .. }
        ),
        Event::End(tag) => !matches!(
            tag,
            TagEnd::Emphasis
                | TagEnd::Strong
                | TagEnd::Strikethrough
                | TagEnd::Link
                | TagEnd::Image
        ),
        _ => false,
    }
}

struct State<'c, 'a> {
    cx: &'c MarkdownContext<'a>,
    out: Rendered,
    errors: Vec<Error>,
    /// The next heading's place in the outline.
    next_heading: usize,
    marked: BTreeSet<String>,
    in_trainer: bool,
    /// How many trainer or discussion blocks the fragment being rendered sits in.
    block_depth: usize,
    /// A line or block ended since the last text: the section text needs a space before the
    /// next one. Text events within a line are joined as written, so the search snippets keep
    /// the text's own spacing ("risico's", not "risico ’ s").
    text_break: bool,
    /// In print mode, the learner handout's parts so far (`Rendered::handout_html`).
    handout: String,
    /// In print mode, links so far to an anchor on the print page, in Markdown or raw HTML.
    print_anchor_links: usize,
}

/// One fragment being rendered: its source, and the events made so far.
struct Fragment<'t, 'e> {
    text: &'t str,
    lines: Lines,
    output: Outputs<'e>,
    /// Callouts and tables open here and close later: their markup wraps what is between.
    wrappers: Vec<Wrapper>,
    link_depth: usize,
    heading_depth: usize,
}

impl<'c, 'a> State<'c, 'a> {
    fn at(&self, lines: &Lines, text: &str, offset: usize) -> Location {
        Location::at(self.cx.path, lines.line(offset), lines.column(text, offset))
    }

    /// The markup of the theme's partial `name` for `view`; a failing template is an error of
    /// the run, and the piece is left out.
    fn partial<V: serde::Serialize>(&mut self, name: &str, view: &V) -> String {
        self.cx
            .templates
            .partial(name, view)
            .unwrap_or_else(|error| {
                self.errors.push(error);
                String::new()
            })
    }

    /// The same partial for the print page: a failure is reported once, for the page's own.
    fn print_partial<V: serde::Serialize>(&self, name: &str, view: &V) -> String {
        self.cx.templates.partial(name, view).unwrap_or_default()
    }

    /// Renders a piece of Markdown (the body, or the inside of a trainer/discussion block),
    /// for the page and, in print mode, for the print page.
    fn render_fragment(&mut self, text: &str, first_line: u32) -> (String, Option<String>) {
        let lines = Lines::new(text, first_line);
        // Quotes and lists nested on one line are refused before the parser builds its tree
        // for them (a million levels took a gigabyte); deeper structure is caught below.
        if let Some(offset) = deep_line(text) {
            self.errors.push(self.too_deep_error(&lines, text, offset));
            return (String::new(), None);
        }
        let events = parse::events(text);
        if let Some(offset) = parse::too_deep(&events) {
            self.errors.push(self.too_deep_error(&lines, text, offset));
            return (String::new(), None);
        }
        let mut fragment = Fragment {
            text,
            lines,
            output: Outputs::new(events.len(), self.cx.print.is_some()),
            wrappers: Vec::new(),
            link_depth: 0,
            heading_depth: 0,
        };
        let mut i = 0;
        while i < events.len() {
            if breaks_text(&events[i].0) {
                self.text_break = true;
            }
            i = self.event(&events, i, &mut fragment);
        }
        fragment.output.into_html(text.len() * 3 / 2)
    }

    /// Turns the event at `i` into output events; returns the index of the next event to read.
    fn event<'e>(
        &mut self,
        events: &[(Event<'e>, std::ops::Range<usize>)],
        i: usize,
        f: &mut Fragment<'_, 'e>,
    ) -> usize {
        let (event, range) = &events[i];
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                let text = heading_text(&events[i + 1..]);
                self.heading(*level, &text, range.start, f);
            }
            Event::End(TagEnd::Heading(level)) => {
                f.heading_depth = f.heading_depth.saturating_sub(1);
                let print_level = self.print_level(*level);
                f.output
                    .push_each(event.clone(), || Event::End(TagEnd::Heading(print_level)));
            }
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info)))
                if BlockKind::from_info(info).is_some() =>
            {
                let kind = BlockKind::from_info(info).unwrap_or(BlockKind::Trainer);
                let (source, content_start, end) = block_source(&events[i + 1..]);
                if kind.holds_markdown() && self.block_depth >= MAX_BLOCK_DEPTH {
                    let at = self.at(&f.lines, f.text, range.start);
                    self.errors.push(Error::invalid(at, too_deep_blocks()));
                    return i + 1 + end + 1;
                }
                let fence_line = f.lines.line(range.start);
                let first = content_start.map_or(fence_line + 1, |o| f.lines.line(o));
                let (page, print) = self.render_block(kind, &source, first);
                f.output.push_html(page, print);
                return i + 1 + end + 1;
            }
            Event::Start(Tag::BlockQuote(Some(kind))) => {
                f.wrappers.push(Wrapper::Callout(*kind, f.output.len()));
            }
            Event::Start(Tag::BlockQuote(None)) => {
                f.wrappers.push(Wrapper::Quote);
                f.output.push(event.clone());
            }
            Event::End(TagEnd::BlockQuote(kind)) => self.end_quote(*kind, f),
            Event::Start(Tag::Table(_)) => {
                f.wrappers.push(Wrapper::Table(f.output.len()));
                f.output.push(event.clone());
            }
            Event::End(TagEnd::Table) => self.end_table(event, f),
            Event::Start(tag @ (Tag::Link { .. } | Tag::Image { .. })) => {
                f.link_depth += 1;
                self.link(tag, range.start, f);
            }
            Event::End(TagEnd::Link | TagEnd::Image) => {
                f.link_depth = f.link_depth.saturating_sub(1);
                f.output.push(event.clone());
            }
            Event::Html(raw) | Event::InlineHtml(raw) => {
                if self.cx.allow_raw_html {
                    // On the print page the author's ids take the part's prefix like every
                    // other id of the part, so two lessons' ids cannot meet there.
                    if self.cx.print.is_some() && raw.contains(" href=\"#") {
                        self.print_anchor_links += 1;
                    }
                    let print = |raw: &str| match self.cx.print {
                        Some(print) => CowStr::from(ids::printed_raw_html(print.prefix, raw)),
                        None => CowStr::from(raw.to_string()),
                    };
                    f.output.push_each(event.clone(), || match event {
                        Event::InlineHtml(_) => Event::InlineHtml(print(raw)),
                        _ => Event::Html(print(raw)),
                    });
                } else {
                    f.output.push(Event::Text(raw.clone()));
                }
            }
            Event::Text(t) => self.text(t, range.start, f),
            Event::Code(t) => {
                self.count_text(t);
                f.output.push(event.clone());
            }
            Event::FootnoteReference(name) => {
                let printed = self.printed_id(name);
                f.output
                    .push_each(event.clone(), || Event::FootnoteReference(printed));
            }
            Event::Start(Tag::FootnoteDefinition(name)) => {
                let printed = self.printed_id(name);
                f.output.push_each(event.clone(), || {
                    Event::Start(Tag::FootnoteDefinition(printed))
                });
            }
            _ => f.output.push(event.clone()),
        }
        i + 1
    }

    /// A heading: its id from the outline, in order; a section for search.
    fn heading(&mut self, level: HeadingLevel, text: &str, offset: usize, f: &mut Fragment) {
        let level_number = level as u8;
        if level_number == 1 && !self.in_trainer {
            self.errors.push(Error::invalid(
                self.at(&f.lines, f.text, offset),
                "use \"##\" for a section heading; the page title (from the front matter) is \
                 the only \"#\" heading",
            ));
        }
        let id = match self.cx.outline.headings.get(self.next_heading) {
            Some(id) => id.clone(),
            // Only when a part of the page was too deep to outline, which is an error.
            None => ids::UNNAMED_HEADING.to_string(),
        };
        self.next_heading += 1;
        if level_number == 2 && !self.in_trainer {
            self.out.sections.push(Section {
                id: Some(id.clone()),
                title: text.trim().to_string(),
                text: String::new(),
            });
        }
        f.heading_depth += 1;
        let printed = self.printed_id(&id);
        let print_level = self.print_level(level);
        f.output.push_each(
            Event::Start(Tag::Heading {
                level,
                id: Some(CowStr::from(id)),
                classes: Vec::new(),
                attrs: Vec::new(),
            }),
            || {
                Event::Start(Tag::Heading {
                    level: print_level,
                    id: Some(printed),
                    classes: Vec::new(),
                    attrs: Vec::new(),
                })
            },
        );
    }

    /// The level a heading has on the print page: one lower under a lesson's title.
    fn print_level(&self, level: HeadingLevel) -> HeadingLevel {
        match (self.cx.print, level) {
            (Some(print), HeadingLevel::H2) if print.demote => HeadingLevel::H3,
            (Some(print), HeadingLevel::H3) if print.demote => HeadingLevel::H4,
            (Some(print), HeadingLevel::H4) if print.demote => HeadingLevel::H5,
            (Some(print), HeadingLevel::H5) if print.demote => HeadingLevel::H6,
            _ => level,
        }
    }

    /// An id of this page as the print page writes it, with the part's prefix.
    fn printed_id<'e>(&self, id: &str) -> CowStr<'e> {
        match self.cx.print {
            Some(print) => CowStr::from(ids::printed(print.prefix, id)),
            None => CowStr::from(id.to_string()),
        }
    }

    fn text<'e>(&mut self, t: &CowStr<'e>, offset: usize, f: &mut Fragment<'_, 'e>) {
        if f.heading_depth == 0 {
            self.count_text(t);
        } else if !self.in_trainer {
            self.out.words += t.split_whitespace().count();
        }
        if f.link_depth == 0 && f.heading_depth == 0 {
            self.mark_terms(t, &mut f.output, &f.lines, f.text, offset);
        } else {
            f.output.push(Event::Text(t.clone()));
        }
    }

    fn count_text(&mut self, text: &str) {
        if self.in_trainer {
            return;
        }
        self.out.words += text.split_whitespace().count();
        let text_break = std::mem::take(&mut self.text_break);
        if let Some(section) = self.out.sections.last_mut() {
            if text_break
                && !section.text.is_empty()
                && !section.text.ends_with(char::is_whitespace)
            {
                section.text.push(' ');
            }
            section.text.push_str(text);
        }
    }

    fn too_deep_error(&self, lines: &Lines, text: &str, offset: usize) -> Error {
        Error::invalid(
            self.at(lines, text, offset),
            format!(
                "lists, quotes, emphasis and links are nested more than {MAX_DEPTH} levels deep \
                 here; leerpad reads at most {MAX_DEPTH}: flatten the text"
            ),
        )
    }
}

/// The text of a heading whose events start at `events[0]`, up to its end.
fn heading_text(events: &[(Event<'_>, std::ops::Range<usize>)]) -> String {
    let mut text = String::new();
    for (event, _) in events {
        match event {
            Event::End(TagEnd::Heading(_)) => break,
            Event::Text(t) | Event::Code(t) => text.push_str(t),
            _ => {}
        }
    }
    text
}

/// Why a trainer or discussion block nested past `MAX_BLOCK_DEPTH` is refused.
fn too_deep_blocks() -> String {
    format!(
        "trainer notes and discussion prompts are nested more than {MAX_BLOCK_DEPTH} levels deep \
         here; leerpad reads at most {MAX_BLOCK_DEPTH}: take the inner block out"
    )
}
