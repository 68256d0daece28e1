//! The words of a YAML error, made from the parser's structured error (its variant and fields),
//! never by matching its English text.
//!
//! Owns: one message per kind of problem, in the project's wording (no backticks, what to do).
//! Does not: place the error (`yaml::parse` takes the parser's own position).

use serde_saphyr::granit_parser::{ErrorKind, ScanError};
use serde_saphyr::localizer::ExternalMessageSource;
use serde_saphyr::{DefaultMessageFormatter, Error, MessageFormatter};

/// The message for `error`; `text` is the parsed text, to quote a scalar the parser refused.
pub fn of(error: &Error, text: &str) -> String {
    match error {
        Error::SerdeUnknownField {
            field, expected, ..
        } if expected.is_empty() => {
            format!("unknown field \"{field}\"; no fields are allowed here")
        }
        Error::SerdeUnknownField {
            field, expected, ..
        } => format!(
            "unknown field \"{field}\", expected one of: {}",
            expected.join(", ")
        ),
        Error::SerdeUnknownVariant {
            variant, expected, ..
        } => format!(
            "unknown variant \"{variant}\", expected one of: {}",
            expected.join(", ")
        ),
        Error::SerdeMissingField { field, .. } => format!("missing field \"{field}\"; add it"),
        Error::InvalidScalar { ty, location } => {
            let expected = match *ty {
                "boolean" => "a boolean",
                "floating point" => "a number",
                other => other,
            };
            match scalar_at(text, location) {
                Some(found) => format!("invalid type: string \"{found}\", expected {expected}"),
                None => format!("invalid value, expected {expected}"),
            }
        }
        Error::Unexpected { expected, .. } if *expected == "string scalar" => {
            "invalid type: a list or map, expected a string".to_string()
        }
        Error::DuplicateMappingKey { key: Some(key), .. } => {
            format!("the key \"{key}\" is used twice in this map; keep one")
        }
        Error::ExternalMessage {
            source, msg: info, ..
        } => match source.as_ref() {
            ExternalMessageSource::Parser(scan) => syntax(scan.kind(), info),
            _ => plain(error),
        },
        _ => plain(error),
    }
}

fn plain(error: &Error) -> String {
    DefaultMessageFormatter
        .format_message(error)
        .replace('`', "\"")
}

/// A syntax error in the project's words, by its kind; other kinds keep the parser's words.
fn syntax(kind: &ErrorKind, info: &str) -> String {
    let text = match kind {
        ErrorKind::UnclosedQuotedScalar => {
            "this quoted text is not closed; add the closing quote or bracket"
        }
        ErrorKind::InvalidColonPlacement
        | ErrorKind::UnexpectedEofFlowSequence
        | ErrorKind::ExpectedFlowSequenceSeparator
        | ErrorKind::UnexpectedEofFlowMapping
        | ErrorKind::ExpectedFlowMappingSeparator => {
            "a list [ … ] or map { … } is not closed before here, or a comma is missing between \
             two of its values"
        }
        ErrorKind::TabInPlainScalar
        | ErrorKind::TabNotAllowed
        | ErrorKind::TabInBlockIndentation => {
            "found a tab character that violates indentation; indent with spaces"
        }
        _ => {
            return format!(
                "{info} (check the indentation and put quotes around text with a colon)"
            )
        }
    };
    text.to_string()
}

/// The message for a list (`bracket` `[`) or map (`{`) that is not closed, at its bracket;
/// `stopped` is where the parser stopped (line and column in the file), when not at the end.
pub fn unclosed(bracket: char, stopped: Option<(u32, u32)>) -> String {
    let (what, close) = match bracket {
        '{' => ("map { … }", '}'),
        _ => ("list [ … ]", ']'),
    };
    match stopped {
        Some((line, column)) => format!(
            "this {what} is not closed, or a comma is missing between two of its values (the \
             parser stopped at line {line}, column {column})"
        ),
        None => format!("this {what} is not closed; add the {close}"),
    }
}

/// The parser's own error inside `error`, for a syntax error.
pub fn scan_error(error: &Error) -> Option<&ScanError> {
    match error {
        Error::ExternalMessage { source, .. } => match source.as_ref() {
            ExternalMessageSource::Parser(scan) => Some(scan),
            _ => None,
        },
        _ => None,
    }
}

/// Whether the parser's position of a syntax error is where a tab was found after it.
pub fn is_tab(error: &Error) -> bool {
    matches!(error, Error::ExternalMessage { source, .. }
        if matches!(source.as_ref(), ExternalMessageSource::Parser(scan)
            if matches!(scan.kind(), ErrorKind::TabInPlainScalar)))
}

/// Whether the error is about the YAML syntax, not about what a value means.
pub fn is_syntax(error: &Error) -> bool {
    matches!(error, Error::ExternalMessage { source, .. }
        if matches!(source.as_ref(), ExternalMessageSource::Parser(_)))
}

/// The scalar the parser refused at `location`, as written (quotes and all), if short.
fn scalar_at(text: &str, location: &serde_saphyr::Location) -> Option<String> {
    let span = location.span();
    let start = usize::try_from(span.byte_offset()?).ok()?;
    let len = usize::try_from(span.byte_len()?).ok()?;
    let found = text.get(start..start + len)?.trim();
    let found = found.trim_matches(['"', '\'']);
    (!found.is_empty() && found.len() <= 80 && !found.contains('\n')).then(|| found.to_string())
}
