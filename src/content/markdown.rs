//! Markdown → HTML with leerpad's extensions, for one page.
//!
//! Owns: pulldown-cmark options, heading ids, callouts, fenced learning blocks, glossary marks,
//! the raw-HTML rule, and collecting links to other content for the site stage to resolve.
//! Does not: know other pages; links are left as placeholders (`leerpad-ref:N`) that
//! `site` replaces with relative URLs once every page's headings are known.

use std::collections::{BTreeSet, HashMap};
use std::ops::Range;
use std::path::{Component, Path, PathBuf};

use pulldown_cmark::{BlockQuoteKind, CodeBlockKind, CowStr, Event, Options, Parser, Tag, TagEnd};

use super::blocks::{self, BlockInput, BlockKind};
use crate::error::{Error, Location};
use crate::html::escape;
use crate::theme::{Strings, Templates};

/// The prefix of a link placeholder in rendered HTML; `site` swaps it for a relative URL.
pub const LINK_PLACEHOLDER: &str = "leerpad-ref:";

/// A glossary term to mark on first use.
#[derive(Debug, Clone)]
pub struct GlossaryMark {
    pub term: String,
    /// The term in lower case, for matching plain terms in any case.
    pub lower: String,
    pub expansion: Option<String>,
    /// The anchor of the term on the glossary page.
    pub id: String,
}

/// What the Markdown stage needs to know about the page it renders.
pub struct MarkdownContext<'a> {
    /// Source path relative to the site root.
    pub path: &'a Path,
    /// Line in the file where the body starts.
    pub first_line: u32,
    pub allow_raw_html: bool,
    /// A stable id of the page (its URL path), for block ids.
    pub page_id: &'a str,
    pub strings: &'a Strings,
    /// Terms to mark on first use, and the glossary page they link to.
    pub glossary: Option<(&'a Path, &'a [GlossaryMark])>,
    /// Source files that exist under `static/` (names with forward slashes), for `/x.png` links.
    pub static_files: &'a BTreeSet<String>,
    /// The theme's templates: callouts, tables, blocks and checks are partials of the theme.
    pub templates: &'a Templates,
}

/// A heading of the page with its unique id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    pub level: u8,
    pub id: String,
    pub text: String,
}

/// A part of the page between `##` headings, as plain text, for search.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Section {
    /// The heading's id; `None` for the text before the first `##`.
    pub id: Option<String>,
    pub title: String,
    pub text: String,
}

/// Where a link in the Markdown points, before it is resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkTarget {
    /// Another content file (or this one), by source path relative to the site root.
    Page {
        path: PathBuf,
        anchor: Option<String>,
    },
    /// A file under `static/`, by its name there.
    Static { name: String },
}

/// A link that the site stage resolves; its placeholder is `leerpad-ref:<index>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PendingLink {
    pub target: LinkTarget,
    /// The link as written, for messages.
    pub written: String,
    pub at: Location,
}

/// The result of rendering one page's Markdown.
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    pub html: String,
    pub headings: Vec<Heading>,
    pub sections: Vec<Section>,
    pub links: Vec<PendingLink>,
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
        used_ids: BTreeSet::new(),
        next_suffix: HashMap::new(),
        marked: BTreeSet::new(),
        in_trainer: false,
        text_break: false,
    };
    state.out.sections.push(Section::default());
    let html = state.render_fragment(body, cx.first_line);
    state.out.html = html;
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

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_GFM
}

struct State<'c, 'a> {
    cx: &'c MarkdownContext<'a>,
    out: Rendered,
    errors: Vec<Error>,
    used_ids: BTreeSet<String>,
    next_suffix: HashMap<String, u32>,
    marked: BTreeSet<String>,
    in_trainer: bool,
    /// A line or block ended since the last text: the section text needs a space before the
    /// next one. Text events within a line are joined as written, so the search snippets keep
    /// the text's own spacing ("risico's", not "risico ’ s").
    text_break: bool,
}

/// Maps byte offsets of a fragment to lines of the file.
struct Lines {
    starts: Vec<usize>,
    first_line: u32,
    /// The last column asked for: (byte offset, column). Offsets come in order, so counting on
    /// from there keeps a long line with many links linear instead of quadratic.
    last: std::cell::Cell<(usize, u32)>,
}

impl Lines {
    fn new(text: &str, first_line: u32) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        Lines {
            starts,
            first_line,
            last: std::cell::Cell::new((0, 1)),
        }
    }

    fn line(&self, offset: usize) -> u32 {
        let index = self
            .starts
            .partition_point(|&s| s <= offset)
            .saturating_sub(1);
        self.first_line + index as u32
    }

    fn column(&self, text: &str, offset: usize) -> u32 {
        let index = self
            .starts
            .partition_point(|&s| s <= offset)
            .saturating_sub(1);
        let start = self.starts[index];
        let (last_offset, last_column) = self.last.get();
        let column = if last_offset >= start && last_offset <= offset {
            text.get(last_offset..offset)
                .map(|s| s.chars().count() as u32 + last_column)
        } else {
            text.get(start..offset)
                .map(|s| s.chars().count() as u32 + 1)
        };
        match column {
            Some(column) => {
                self.last.set((offset, column));
                column
            }
            None => 0,
        }
    }
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

    /// Renders a piece of Markdown (the body, or the inside of a trainer/discussion block).
    fn render_fragment(&mut self, text: &str, first_line: u32) -> String {
        let lines = Lines::new(text, first_line);
        // Quotes and lists nested on one line are refused before the parser builds its tree
        // for them (a million levels took a gigabyte); deeper structure is caught below.
        if let Some(offset) = deep_line(text) {
            self.errors.push(self.too_deep_error(&lines, text, offset));
            return String::new();
        }
        let events = joined_text(Parser::new_ext(text, options()).into_offset_iter());
        if let Some(offset) = too_deep(&events) {
            self.errors.push(self.too_deep_error(&lines, text, offset));
            return String::new();
        }
        let mut output: Vec<Event<'_>> = Vec::with_capacity(events.len());
        // Callouts and tables open here and close later: their markup wraps what is between.
        let mut wrappers: Vec<Wrapper> = Vec::new();
        let mut link_depth = 0usize;
        let mut heading_depth = 0usize;
        let mut i = 0;
        while i < events.len() {
            let (event, range) = &events[i];
            if breaks_text(event) {
                self.text_break = true;
            }
            match event {
                Event::Start(Tag::Heading {
                    level,
                    classes,
                    attrs,
                    ..
                }) => {
                    let level_number = *level as u8;
                    let mut text_of_heading = String::new();
                    let mut j = i + 1;
                    while j < events.len() {
                        match &events[j].0 {
                            Event::End(TagEnd::Heading(_)) => break,
                            Event::Text(t) | Event::Code(t) => text_of_heading.push_str(t),
                            _ => {}
                        }
                        j += 1;
                    }
                    if level_number == 1 && !self.in_trainer {
                        self.errors.push(Error::invalid(
                            self.at(&lines, text, range.start),
                            "use \"##\" for a section heading; the page title (from the front \
                             matter) is the only \"#\" heading",
                        ));
                    }
                    let id = self.unique_id(&text_of_heading);
                    let text_of_heading = text_of_heading.trim().to_string();
                    if !self.in_trainer {
                        if level_number == 2 {
                            self.out.sections.push(Section {
                                id: Some(id.clone()),
                                title: text_of_heading.clone(),
                                text: String::new(),
                            });
                        }
                        self.out.headings.push(Heading {
                            level: level_number,
                            id: id.clone(),
                            text: text_of_heading,
                        });
                    }
                    heading_depth += 1;
                    output.push(Event::Start(Tag::Heading {
                        level: *level,
                        id: Some(CowStr::from(id)),
                        classes: classes.clone(),
                        attrs: attrs.clone(),
                    }));
                }
                Event::End(TagEnd::Heading(level)) => {
                    heading_depth = heading_depth.saturating_sub(1);
                    output.push(Event::End(TagEnd::Heading(*level)));
                }
                Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info)))
                    if BlockKind::from_info(info).is_some() =>
                {
                    let kind = BlockKind::from_info(info).unwrap_or(BlockKind::Trainer);
                    let mut source = String::new();
                    let mut content_start = None;
                    let mut j = i + 1;
                    while j < events.len() {
                        match &events[j].0 {
                            Event::End(TagEnd::CodeBlock) => break,
                            Event::Text(t) => {
                                content_start.get_or_insert(events[j].1.start);
                                source.push_str(t);
                            }
                            _ => {}
                        }
                        j += 1;
                    }
                    let fence_line = lines.line(range.start);
                    let first = content_start.map_or(fence_line + 1, |o| lines.line(o));
                    let html = self.render_block(kind, &source, first);
                    output.push(Event::Html(CowStr::from(html)));
                    i = j + 1;
                    continue;
                }
                Event::Start(Tag::BlockQuote(Some(kind))) => {
                    wrappers.push(Wrapper::Callout(*kind, output.len()));
                }
                Event::Start(Tag::BlockQuote(None)) => {
                    wrappers.push(Wrapper::Quote);
                    output.push(event.clone());
                }
                Event::End(TagEnd::BlockQuote(kind)) => match wrappers.pop() {
                    Some(Wrapper::Callout(kind, start)) => {
                        let (class, key) = callout_names(kind);
                        let view = WrapperView {
                            kind: class,
                            title: self.cx.strings.get(key),
                            body: html_of(output.drain(start..)),
                        };
                        let html = self.partial("callout", &view);
                        output.push(Event::Html(CowStr::from(html)));
                    }
                    _ => output.push(Event::End(TagEnd::BlockQuote(*kind))),
                },
                Event::Start(Tag::Table(_)) => {
                    wrappers.push(Wrapper::Table(output.len()));
                    output.push(event.clone());
                }
                Event::End(TagEnd::Table) => {
                    output.push(event.clone());
                    if let Some(Wrapper::Table(start)) = wrappers.pop() {
                        let view = WrapperView {
                            kind: "table",
                            title: self.cx.strings.get("table_label"),
                            body: html_of(output.drain(start..)),
                        };
                        let html = self.partial("table", &view);
                        output.push(Event::Html(CowStr::from(html)));
                    }
                }
                Event::Start(Tag::Image { dest_url, .. }) if is_external(dest_url) => {
                    // The site makes no requests to other servers (privacy, offline, CSP).
                    self.errors.push(Error::invalid(
                        self.at(&lines, text, range.start),
                        external_image(dest_url),
                    ));
                    link_depth += 1;
                    output.push(Event::Start(Tag::Image {
                        link_type: pulldown_cmark::LinkType::Inline,
                        dest_url: CowStr::from(""),
                        title: CowStr::from(""),
                        id: CowStr::from(""),
                    }));
                }
                Event::Start(tag @ (Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. })) => {
                    link_depth += 1;
                    let url = self.link_url(dest_url, &lines, text, range.start);
                    let mut tag = tag.clone();
                    if let Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. } = &mut tag {
                        *dest_url = url;
                    }
                    output.push(Event::Start(tag));
                }
                Event::End(TagEnd::Link | TagEnd::Image) => {
                    link_depth = link_depth.saturating_sub(1);
                    output.push(event.clone());
                }
                Event::Html(raw) | Event::InlineHtml(raw) => {
                    if self.cx.allow_raw_html {
                        output.push(event.clone());
                    } else {
                        output.push(Event::Text(raw.clone()));
                    }
                }
                Event::Text(t) => {
                    if heading_depth == 0 {
                        self.count_text(t);
                    } else if !self.in_trainer {
                        self.out.words += t.split_whitespace().count();
                    }
                    if link_depth == 0 && heading_depth == 0 {
                        self.mark_terms(t, &mut output, &lines, text, range.start);
                    } else {
                        output.push(event.clone());
                    }
                }
                Event::Code(t) => {
                    self.count_text(t);
                    output.push(event.clone());
                }
                _ => output.push(event.clone()),
            }
            i += 1;
        }
        let mut html = String::with_capacity(text.len() * 3 / 2);
        pulldown_cmark::html::push_html(&mut html, output.into_iter());
        html
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

    fn render_block(&mut self, kind: BlockKind, source: &str, first_line: u32) -> String {
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
                let inner = self.render_fragment(source, first_line);
                self.in_trainer = was_trainer;
                let view = WrapperView {
                    kind: class,
                    title: self.cx.strings.get(key),
                    body: inner,
                };
                self.partial("aside", &view)
            }
            BlockKind::Quiz | BlockKind::Chart => {
                let index = if kind == BlockKind::Quiz {
                    self.out.quizzes += 1;
                    self.out.quizzes - 1
                } else {
                    self.out.charts += 1;
                    self.out.charts - 1
                };
                let input = BlockInput {
                    source,
                    path: self.cx.path,
                    line: first_line,
                    index,
                    page_id: self.cx.page_id,
                    templates: self.cx.templates,
                    print: false,
                };
                let result = if kind == BlockKind::Quiz {
                    blocks::quiz::render(&input)
                } else {
                    blocks::chart::render(&input)
                };
                match result {
                    Ok(block) => {
                        self.count_text(&block.text);
                        block.html
                    }
                    Err(error) => {
                        self.errors.push(error);
                        String::new()
                    }
                }
            }
        }
    }

    /// Returns the URL to put in the HTML: external URLs as they are, internal ones as a
    /// placeholder recorded for the site stage.
    fn link_url<'e>(
        &mut self,
        url: &CowStr<'e>,
        lines: &Lines,
        text: &str,
        offset: usize,
    ) -> CowStr<'e> {
        let at = self.at(lines, text, offset);
        match classify_link(url, self.cx.path, self.cx.static_files) {
            Ok(None) => url.clone(),
            Ok(Some(target)) => {
                let index = self.out.links.len();
                self.out.links.push(PendingLink {
                    target,
                    written: url.to_string(),
                    at,
                });
                CowStr::from(format!("{LINK_PLACEHOLDER}{index}"))
            }
            Err(reason) => {
                self.errors.push(Error::BrokenLink {
                    at,
                    target: url.to_string(),
                    reason,
                });
                CowStr::from("#")
            }
        }
    }

    fn unique_id(&mut self, text: &str) -> String {
        let base = slugify(text);
        let base = if base.is_empty() {
            "sectie".to_string()
        } else {
            base
        };
        // The next suffix to try per base, so a thousand equal headings cost a thousand tries,
        // not half a million.
        let n = self.next_suffix.entry(base.clone()).or_insert(2);
        let mut id = base.clone();
        while !self.used_ids.insert(id.clone()) {
            id = format!("{base}-{n}");
            *n += 1;
        }
        id
    }

    /// Marks the first use on this page of each glossary term with a link to the glossary.
    fn mark_terms<'e>(
        &mut self,
        t: &CowStr<'e>,
        output: &mut Vec<Event<'e>>,
        lines: &Lines,
        source: &str,
        offset: usize,
    ) {
        let Some((glossary_path, terms)) = self.cx.glossary else {
            output.push(Event::Text(t.clone()));
            return;
        };
        let mut rest: &str = t;
        while self.marked.len() < terms.len() {
            // Lower-case once per piece of text, not once per term: pages have many terms.
            let lower = rest.to_lowercase();
            let lower = (lower.len() == rest.len()).then_some(lower.as_str());
            let found = terms
                .iter()
                .filter(|term| !self.marked.contains(&term.id))
                .filter_map(|term| find_term(rest, lower, term).map(|pos| (pos, term)))
                .min_by_key(|((start, end), _)| (*start, usize::MAX - end));
            let Some(((start, end), term)) = found else {
                break;
            };
            self.marked.insert(term.id.clone());
            if start > 0 {
                output.push(Event::Text(CowStr::from(rest[..start].to_string())));
            }
            let index = self.out.links.len();
            self.out.links.push(PendingLink {
                target: LinkTarget::Page {
                    path: glossary_path.to_path_buf(),
                    anchor: Some(term.id.clone()),
                },
                written: format!("glossary term {}", term.term),
                at: self.at(lines, source, offset),
            });
            let word = escape(&rest[start..end]);
            let inner = match &term.expansion {
                Some(expansion) => format!("<abbr title=\"{}\">{word}</abbr>", escape(expansion)),
                None => word,
            };
            output.push(Event::InlineHtml(CowStr::from(format!(
                "<a class=\"term\" href=\"{LINK_PLACEHOLDER}{index}\">{inner}</a>"
            ))));
            rest = &rest[end..];
        }
        if !rest.is_empty() {
            output.push(Event::Text(CowStr::from(rest.to_string())));
        }
    }
}

/// A piece of markup that wraps the rendering of the events between its start and its end.
enum Wrapper {
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

/// The HTML of a run of events.
fn html_of<'e>(events: impl Iterator<Item = Event<'e>>) -> String {
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, events);
    html
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

/// Finds a term as a whole word: abbreviations case-sensitively, other terms in any case.
/// `lower` is `text` lower-cased, when that keeps the byte offsets.
fn find_term(text: &str, lower: Option<&str>, term: &GlossaryMark) -> Option<(usize, usize)> {
    let is_word = |c: char| c.is_alphanumeric();
    let bounded = |start: usize, end: usize| {
        !text[..start].chars().next_back().is_some_and(is_word)
            && !text[end..].chars().next().is_some_and(is_word)
    };
    if term.expansion.is_some() {
        return text
            .match_indices(term.term.as_str())
            .map(|(s, m)| (s, s + m.len()))
            .find(|&(s, e)| bounded(s, e));
    }
    lower?
        .match_indices(term.lower.as_str())
        .map(|(s, m)| (s, s + m.len()))
        .find(|&(s, e)| text.is_char_boundary(s) && text.is_char_boundary(e) && bounded(s, e))
}

/// Decides what a link in Markdown is: `Ok(None)` external (left as is), `Ok(Some)` internal,
/// `Err` with a reason the author can act on.
fn classify_link(
    url: &str,
    page: &Path,
    static_files: &BTreeSet<String>,
) -> Result<Option<LinkTarget>, String> {
    if let Some(anchor) = url.strip_prefix('#') {
        return Ok(Some(LinkTarget::Page {
            path: page.to_path_buf(),
            anchor: Some(anchor.to_string()),
        }));
    }
    if let Some(scheme) = scheme_of(url) {
        return match scheme.to_ascii_lowercase().as_str() {
            "http" | "https" | "mailto" | "tel" => Ok(None),
            _ => Err(format!(
                "links may only use https:, http:, mailto: or tel:, not {scheme}:"
            )),
        };
    }
    if url.starts_with("//") {
        return Err("write the full address with https://".to_string());
    }
    if let Some(name) = url.strip_prefix('/') {
        let name = name.split(['#', '?']).next().unwrap_or_default();
        return if static_files.contains(name) {
            Ok(Some(LinkTarget::Static {
                name: name.to_string(),
            }))
        } else {
            Err(format!(
                "no file static/{name}; link to another page by its .md file, or put the file \
                 in static/"
            ))
        };
    }
    let (path_part, anchor) = match url.split_once('#') {
        Some((p, a)) => (p, Some(a.to_string())),
        None => (url, None),
    };
    if !path_part.ends_with(".md") {
        return Err(
            "link to another page by its .md source file (for example ../02-les.md), or to a \
             file in static/ with /name"
                .to_string(),
        );
    }
    let base = page.parent().unwrap_or(Path::new(""));
    match normalize(&base.join(percent_decode(path_part))) {
        Some(path) => Ok(Some(LinkTarget::Page { path, anchor })),
        None => Err("the path goes above the site root".to_string()),
    }
}

fn external_image(url: &str) -> String {
    let lower = url.to_ascii_lowercase();
    let place =
        if lower.starts_with("http:") || lower.starts_with("https:") || url.starts_with("//") {
            "is on another server, and the site makes no requests to other servers"
        } else {
            "is not a file of the site"
        };
    format!("the image \"{url}\" {place}: save it in static/ and write ![description](/name)")
}

/// The events of a parse, with text events that follow each other without a gap joined into
/// one. The parser gives each unmatched `[`, `<` or `*` its own event: two million of them took
/// half a gigabyte as separate events, joined they are one string.
fn joined_text<'e>(
    events: impl Iterator<Item = (Event<'e>, Range<usize>)>,
) -> Vec<(Event<'e>, Range<usize>)> {
    let mut joined: Vec<(Event<'e>, Range<usize>)> = Vec::new();
    // The text being joined, once a second piece came (the first stays as parsed).
    let mut pending: Option<String> = None;
    let flush = |joined: &mut Vec<(Event<'e>, Range<usize>)>, pending: &mut Option<String>| {
        if let (Some(text), Some((Event::Text(last), _))) = (pending.take(), joined.last_mut()) {
            *last = CowStr::from(text);
        }
    };
    for (event, range) in events {
        if let (Event::Text(next), Some((Event::Text(last), last_range))) =
            (&event, joined.last_mut())
        {
            if last_range.end == range.start {
                pending
                    .get_or_insert_with(|| last.to_string())
                    .push_str(next);
                last_range.end = range.end;
                continue;
            }
        }
        flush(&mut joined, &mut pending);
        joined.push((event, range));
    }
    flush(&mut joined, &mut pending);
    joined
}

/// The deepest nesting of Markdown elements (lists, quotes, emphasis, links…) in a page.
/// A real lesson nests a few levels; a million nested quotes made a gigabyte of output.
pub const MAX_DEPTH: usize = 64;

/// Where the nesting first goes past `MAX_DEPTH`, if it does.
fn too_deep(events: &[(Event<'_>, Range<usize>)]) -> Option<usize> {
    let mut depth = 0usize;
    for (event, range) in events {
        match event {
            Event::Start(_) => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return Some(range.start);
                }
            }
            Event::End(_) => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    None
}

/// Where a line starts more than `MAX_DEPTH` quotes and list items (`> > - 1. …`), if one does.
pub(crate) fn deep_line(text: &str) -> Option<usize> {
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        let bytes = line.as_bytes();
        let (mut i, mut depth) = (0, 0);
        loop {
            while i < bytes.len() && (bytes[i] == b' ' || bytes[i] == b'\t') {
                i += 1;
            }
            let marker = match bytes.get(i) {
                Some(b'>') => 1,
                Some(b'-' | b'*' | b'+') if matches!(bytes.get(i + 1), Some(b' ' | b'\t')) => 1,
                Some(b'0'..=b'9') => {
                    let digits = bytes[i..].iter().take_while(|b| b.is_ascii_digit()).count();
                    let after = bytes.get(i + digits);
                    let space = bytes.get(i + digits + 1);
                    if digits <= 9
                        && matches!(after, Some(b'.' | b')'))
                        && matches!(space, Some(b' ' | b'\t'))
                    {
                        digits + 1
                    } else {
                        0
                    }
                }
                _ => 0,
            };
            if marker == 0 {
                break;
            }
            depth += 1;
            if depth > MAX_DEPTH {
                return Some(start + i);
            }
            i += marker;
        }
        start += line.len();
    }
    None
}

/// True for a URL on another server (any scheme, or `//host`): not a file of the site.
fn is_external(url: &str) -> bool {
    scheme_of(url).is_some() || url.starts_with("//")
}

fn scheme_of(url: &str) -> Option<&str> {
    let (scheme, _) = url.split_once(':')?;
    let mut chars = scheme.chars();
    let first = chars.next()?;
    (first.is_ascii_alphabetic()
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')))
    .then_some(scheme)
}

/// Decodes `%XX` escapes in a URL path; invalid escapes stay as written.
pub(crate) fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap_or("");
            if let Ok(byte) = u8::from_str_radix(hex, 16) {
                out.push(byte);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Resolves `.` and `..` without touching the disk; `None` when it climbs above the start.
pub fn normalize(path: &Path) -> Option<PathBuf> {
    let mut parts: Vec<&std::ffi::OsStr> = Vec::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                parts.pop()?;
            }
            Component::Normal(part) => parts.push(part),
            Component::RootDir | Component::Prefix(_) => return None,
        }
    }
    Some(parts.iter().collect())
}

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

#[cfg(test)]
mod tests {
    use super::*;

    fn cx<'a>(strings: &'a Strings, statics: &'a BTreeSet<String>) -> MarkdownContext<'a> {
        MarkdownContext {
            path: Path::new("content/modules/01-a/01-b.md"),
            first_line: 5,
            allow_raw_html: false,
            page_id: "modules/a/b",
            strings,
            glossary: None,
            static_files: statics,
            templates: Templates::bundled(),
        }
    }

    #[test]
    fn columns_count_characters_and_stay_fast_on_a_long_line() {
        let text = "é [a](b) [c](d)\nx [e](f)";
        let lines = Lines::new(text, 1);
        assert_eq!(lines.column(text, 3), 3);
        assert_eq!(lines.column(text, 10), 10);
        assert_eq!(
            lines.column(text, 3),
            3,
            "asking again for an earlier offset"
        );
        assert_eq!(lines.column(text, 19), 3);
        // Regression: 200,000 links on one 2 MB line took minutes (a column counted from the
        // start of the line for every link).
        let long = "[x](https://e.org/) ".repeat(100_000);
        let (s, st) = (Strings::default(), BTreeSet::new());
        let started = std::time::Instant::now();
        render(&long, &cx(&s, &st)).unwrap();
        assert!(started.elapsed() < std::time::Duration::from_secs(20));
    }

    #[test]
    fn heading_ids_are_readable_and_unique() {
        let (s, st) = (Strings::default(), BTreeSet::new());
        let r = render(
            "## Wat zijn signalen?\n\n## Wat zijn signalen?\n",
            &cx(&s, &st),
        )
        .unwrap();
        assert!(r.html.contains("<h2 id=\"wat-zijn-signalen\">"));
        assert!(r.html.contains("<h2 id=\"wat-zijn-signalen-2\">"));
    }

    #[test]
    fn raw_html_is_escaped_by_default() {
        let (s, st) = (Strings::default(), BTreeSet::new());
        let r = render("<script>alert(1)</script>\n", &cx(&s, &st)).unwrap();
        assert!(!r.html.contains("<script>"), "{}", r.html);
    }

    #[test]
    fn nesting_deeper_than_the_bound_is_refused_at_its_place() {
        let (s, st) = (Strings::default(), BTreeSet::new());
        let message = |(line, column): (u32, u32)| {
            format!(
                "content/modules/01-a/01-b.md:{line}:{column}: lists, quotes, emphasis and links are \
                 nested more than 64 levels deep here; leerpad reads at most 64: flatten the text"
            )
        };
        for (body, column) in [
            (format!("{}x\n", "> ".repeat(100_000)), (5, 129)),
            (format!("{}x\n", "1. ".repeat(100)), (5, 193)),
            // Nested by indentation, one level a line: caught in the parsed events.
            (
                (0..40)
                    .map(|i| format!("{}- x\n", "  ".repeat(i)))
                    .collect(),
                (37, 65),
            ),
        ] {
            let errors = render(&body, &cx(&s, &st)).unwrap_err();
            let texts: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
            assert_eq!(texts, [message(column)], "{}", &body[..20]);
        }
        let fine = format!("{}x\n", "> ".repeat(MAX_DEPTH / 2 - 1));
        assert!(render(&fine, &cx(&s, &st)).is_ok());
    }

    #[test]
    fn external_images_are_refused_at_their_line() {
        let (s, st) = (Strings::default(), BTreeSet::new());
        let body = "Tekst\n\n![logo](https://example.org/a.png) en ![b](//cdn.example/b.png)\n";
        let errors = render(body, &cx(&s, &st)).unwrap_err();
        let texts: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
        let message = |url: &str, column: u32| {
            format!(
                "content/modules/01-a/01-b.md:7:{column}: the image \"{url}\" is on another \
                 server, and the site makes no requests to other servers: save it in static/ and \
                 write ![description](/name)"
            )
        };
        assert_eq!(
            texts,
            [
                message("https://example.org/a.png", 1),
                message("//cdn.example/b.png", 39)
            ]
        );
    }

    #[test]
    fn javascript_links_are_refused_at_their_line() {
        let (s, st) = (Strings::default(), BTreeSet::new());
        let errors = render("Tekst\n\n[klik](javascript:alert(1))\n", &cx(&s, &st)).unwrap_err();
        assert_eq!(
            errors[0].to_string(),
            "content/modules/01-a/01-b.md:7:1: broken link \"javascript:alert(1)\": links may \
             only use https:, http:, mailto: or tel:, not javascript:"
        );
    }

    #[test]
    fn links_to_md_files_become_placeholders() {
        let (s, st) = (Strings::default(), BTreeSet::new());
        let r = render("[stap](../../stappen/05-x.md#y)\n", &cx(&s, &st)).unwrap();
        assert!(r.html.contains("href=\"leerpad-ref:0\""));
        assert_eq!(
            r.links[0].target,
            LinkTarget::Page {
                path: PathBuf::from("content/stappen/05-x.md"),
                anchor: Some("y".into())
            }
        );
    }

    #[test]
    fn callouts_become_labelled_asides() {
        let mut s = Strings::default();
        s.0.insert("callout_tip".into(), "Tip".into());
        let st = BTreeSet::new();
        let r = render("> [!TIP]\n> Bel anoniem.\n", &cx(&s, &st)).unwrap();
        assert!(r
            .html
            .contains("<aside class=\"callout callout-tip\" aria-label=\"Tip\">"));
    }

    #[test]
    fn sections_split_at_level_two_headings() {
        let (s, st) = (Strings::default(), BTreeSet::new());
        let r = render(
            "Intro.\n\n## Een\n\nEerste.\n\n## Twee\n\nTweede.\n",
            &cx(&s, &st),
        )
        .unwrap();
        let ids: Vec<_> = r.sections.iter().map(|s| s.id.clone()).collect();
        assert_eq!(ids, [None, Some("een".into()), Some("twee".into())]);
        assert_eq!(r.sections[2].text, "Tweede.");
    }

    #[test]
    fn first_use_of_a_term_is_marked_once() {
        let (s, st) = (Strings::default(), BTreeSet::new());
        let marks = [GlossaryMark {
            term: "VK".into(),
            lower: "vk".into(),
            expansion: Some("Vertrouwenscentrum Kindermishandeling".into()),
            id: "vk".into(),
        }];
        let mut c = cx(&s, &st);
        c.glossary = Some((Path::new("content/begrippen.md"), &marks));
        let r = render("Bel het VK. Het VK helpt. VKX niet.\n", &c).unwrap();
        assert_eq!(r.html.matches("<abbr").count(), 1);
        assert!(r
            .html
            .contains("<abbr title=\"Vertrouwenscentrum Kindermishandeling\">VK</abbr>"));
    }
}
