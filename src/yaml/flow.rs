//! Where the list `[` or map `{` that a syntax error leaves open was opened.
//!
//! Owns: finding the innermost flow collection still open where the parser failed, at the
//! parser's own position of its bracket: the parser runs again on the text before the failure,
//! and reports the collection it ends in as unclosed.
//! Does not: word the message (`message`), or read a text that did not pass `bounds::check`.

use serde_saphyr::granit_parser::{ErrorKind, Marker, Parser, ScanError};

/// An open flow collection: its bracket and where it is (1-based line and column).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Opened {
    pub bracket: char,
    pub line: u32,
    pub column: u32,
}

/// The list or map that `error` (the parser's, on `text`) leaves open, when the error is about
/// an open flow collection: one not closed, or whose values lack a comma. The editor fixes it
/// where the collection opened.
pub fn opener(text: &str, error: &ScanError) -> Option<Opened> {
    match error.kind() {
        // The parser reports this one at the bracket already (at the end of the text).
        ErrorKind::UnclosedFlowCollection { open } => Some(opened(*open, error.marker())),
        ErrorKind::InvalidColonPlacement
        | ErrorKind::UnexpectedEofFlowSequence
        | ErrorKind::ExpectedFlowSequenceSeparator
        | ErrorKind::UnexpectedEofFlowMapping
        | ErrorKind::ExpectedFlowMappingSeparator => open_at(text, error.marker().byte_offset()?),
        _ => None,
    }
}

fn opened(bracket: char, at: &Marker) -> Opened {
    Opened {
        bracket,
        line: at.line() as u32,
        column: at.col() as u32 + 1,
    }
}

/// The innermost flow collection still open at byte `offset` of `text` (where the parser
/// failed): the parser, run on the text before `offset`, ends inside it and reports it as
/// unclosed at its bracket. `None` when nothing is open there.
fn open_at(text: &str, offset: usize) -> Option<Opened> {
    let mut end = offset.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let mut parser = Parser::new_from_str(&text[..end]);
    while let Some(next) = parser.next_event() {
        if let Err(error) = next {
            return match error.kind() {
                ErrorKind::UnclosedFlowCollection { open } => Some(opened(*open, error.marker())),
                _ => None,
            };
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Where the whole text fails, and the bracket open there.
    fn at(text: &str) -> Option<(char, u32, u32)> {
        let mut parser = Parser::new_from_str(text);
        let error = loop {
            match parser.next_event() {
                Some(Err(error)) => break error,
                Some(Ok(_)) => {}
                None => return None,
            }
        };
        opener(text, &error).map(|o| (o.bracket, o.line, o.column))
    }

    #[test]
    fn the_innermost_open_bracket_is_found_where_it_opened() {
        assert_eq!(at("a: [1, 2\nb: 3\n"), Some(('[', 1, 4)));
        assert_eq!(at("a:\n  b: {x: 1, y: 2\nc: 3\n"), Some(('{', 2, 6)));
        assert_eq!(at("a: [[1, 2], [3, 4\nb: 5\n"), Some(('[', 1, 13)));
        assert_eq!(at("- x\n- [1, 2]\n- [3\n- y\n"), Some(('[', 3, 3)));
        assert_eq!(at("a: [1, [2, 3], \"é\"\nb: 5\n"), Some(('[', 1, 4)));
        assert_eq!(at("a: [x, {b: 1\n\nc: d\n"), Some(('{', 1, 8)));
    }

    #[test]
    fn a_failure_outside_brackets_has_none() {
        assert_eq!(at("a: [1, 2]\nb: {c: 3}\n"), None);
        assert_eq!(at("a: \"open\nb: 3\n"), None);
        assert_eq!(at("a: b: c\n"), None);
        assert_eq!(open_at("a: [1]", 99), None);
        assert_eq!(
            open_at("a: [é", 5),
            Some(Opened {
                bracket: '[',
                line: 1,
                column: 4
            })
        );
    }
}
