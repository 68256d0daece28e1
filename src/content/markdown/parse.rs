//! Reading one fragment of Markdown: the parser's options, its events with runs of text joined,
//! the nesting bounds, and where a byte offset sits in the file.
//!
//! Owns: what leerpad accepts before and after pulldown-cmark parses (depth, joined text).
//! Does not: decide what an event becomes (see `render`) or name ids (see `ids`).

use std::ops::Range;

use pulldown_cmark::{CowStr, Event, Options, Parser};

/// The parser's options, the same for the outline and the render.
pub(super) fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_GFM
}

/// The events of `text` with their byte ranges, runs of text joined.
pub(super) fn events(text: &str) -> Vec<(Event<'_>, Range<usize>)> {
    joined_text(Parser::new_ext(text, options()).into_offset_iter())
}

/// Maps byte offsets of a fragment to lines of the file.
pub(super) struct Lines {
    starts: Vec<usize>,
    first_line: u32,
    /// The last column asked for: (byte offset, column). Offsets come in order, so counting on
    /// from there keeps a long line with many links linear instead of quadratic.
    last: std::cell::Cell<(usize, u32)>,
}

impl Lines {
    pub(super) fn new(text: &str, first_line: u32) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        Lines {
            starts,
            first_line,
            last: std::cell::Cell::new((0, 1)),
        }
    }

    pub(super) fn line(&self, offset: usize) -> u32 {
        let index = self
            .starts
            .partition_point(|&s| s <= offset)
            .saturating_sub(1);
        self.first_line + index as u32
    }

    pub(super) fn column(&self, text: &str, offset: usize) -> u32 {
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

/// The events of a parse, with text events that follow each other without a gap joined into
/// one. The parser gives each unmatched `[`, `<` or `*` its own event: two million of them took
/// half a gigabyte as separate events, joined they are one string.
pub(super) fn joined_text<'e>(
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

/// The deepest nesting of trainer notes and discussion prompts (Markdown inside a fenced block,
/// inside another): each level is parsed again, so a few hundred levels in one file took
/// seconds. A real lesson has a discussion inside a trainer note at most.
pub const MAX_BLOCK_DEPTH: usize = 8;

/// Where the nesting first goes past `MAX_DEPTH`, if it does.
pub(super) fn too_deep(events: &[(Event<'_>, Range<usize>)]) -> Option<usize> {
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
