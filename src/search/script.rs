//! The index's data as script text: JSON inside a single-quoted JavaScript string, for
//! `JSON.parse('…')`. Engines parse JSON several times faster than the same data as an object
//! literal (5 s against 1 s for a 15 MB index in Node).
//!
//! Owns: the escaping, done while serde_json writes the JSON (one pass, no JSON string in
//! between): what `html::json_for_html` escapes (`<`, `>`, `&`, `'`, U+2028 and U+2029, as `\u`
//! escapes, so a script never holds `</script>` nor an old JavaScript line end), with every
//! backslash doubled for the string literal.
//! Does not: choose what the files hold (shards.rs, docfiles.rs, mod.rs).

use std::io::{self, Write};

use serde::Serialize;
use serde_json::ser::{CharEscape, Formatter};

/// `value` as JSON inside a single-quoted JavaScript string, appended to `out`.
pub(super) fn push_js_string_json(out: &mut Vec<u8>, value: &impl Serialize) {
    let start = out.len();
    let mut serializer = serde_json::Serializer::with_formatter(&mut *out, JsString);
    if value.serialize(&mut serializer).is_err() {
        out.truncate(start);
        out.extend_from_slice(b"null");
    }
}

/// `push_js_string_json` into a string of its own.
pub(super) fn js_string_json(value: &impl Serialize) -> String {
    let mut out = Vec::new();
    push_js_string_json(&mut out, value);
    // serde_json writes UTF-8, and the escapes are ASCII.
    String::from_utf8(out).unwrap_or_else(|_| "null".to_string())
}

/// Bytes that a fragment of a string (the text between serde_json's own escapes) may hold and
/// the script must not: `<`, `>`, `&`, `'`, and 0xE2, the first byte of U+2028 and U+2029.
const SPECIAL: [bool; 256] = {
    let mut table = [false; 256];
    let mut i = 0;
    let special = *b"<>&'\xE2";
    while i < special.len() {
        table[special[i] as usize] = true;
        i += 1;
    }
    table
};

/// serde_json's compact formatter, writing for a single-quoted JavaScript string.
struct JsString;

impl Formatter for JsString {
    fn write_string_fragment<W>(&mut self, writer: &mut W, fragment: &str) -> io::Result<()>
    where
        W: ?Sized + Write,
    {
        let bytes = fragment.as_bytes();
        let (mut copied, mut i) = (0, 0);
        while i < bytes.len() {
            if !SPECIAL[bytes[i] as usize] {
                i += 1;
                continue;
            }
            let (escaped, len): (&[u8], usize) = match &bytes[i..] {
                [b'<', ..] => (b"\\\\u003c", 1),
                [b'>', ..] => (b"\\\\u003e", 1),
                [b'&', ..] => (b"\\\\u0026", 1),
                [b'\'', ..] => (b"\\\\u0027", 1),
                [0xE2, 0x80, 0xA8, ..] => (b"\\\\u2028", 3),
                [0xE2, 0x80, 0xA9, ..] => (b"\\\\u2029", 3),
                // Another character that starts with 0xE2: its three bytes as they are.
                _ => {
                    i += 1;
                    continue;
                }
            };
            writer.write_all(&bytes[copied..i])?;
            writer.write_all(escaped)?;
            i += len;
            copied = i;
        }
        writer.write_all(&bytes[copied..])
    }

    /// serde_json's own escapes, with the backslash doubled.
    fn write_char_escape<W>(&mut self, writer: &mut W, char_escape: CharEscape) -> io::Result<()>
    where
        W: ?Sized + Write,
    {
        let letter = match char_escape {
            CharEscape::Quote => b'"',
            CharEscape::ReverseSolidus => return writer.write_all(b"\\\\\\\\"),
            CharEscape::Solidus => b'/',
            CharEscape::Backspace => b'b',
            CharEscape::FormFeed => b'f',
            CharEscape::LineFeed => b'n',
            CharEscape::CarriageReturn => b'r',
            CharEscape::Tab => b't',
            CharEscape::AsciiControl(byte) => {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                let hex = [HEX[usize::from(byte >> 4)], HEX[usize::from(byte & 0xF)]];
                writer.write_all(b"\\\\u00")?;
                return writer.write_all(&hex);
            }
        };
        writer.write_all(&[b'\\', b'\\', letter])
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    /// What the one pass must equal: the JSON for HTML, then every backslash doubled.
    fn two_passes(value: &serde_json::Value) -> String {
        crate::html::json_for_html(value).replace('\\', "\\\\")
    }

    #[test]
    fn the_string_json_is_json_for_html_with_doubled_backslashes() {
        let value = serde_json::json!({
            "a": "</script> & 'x' \\ \"q\" \u{2028}\u{2029} é\n\t\u{1}\u{1f} € ‘’ /",
            "b<'": [1, 2.5, null, true, "x"],
        });
        assert_eq!(js_string_json(&value), two_passes(&value));
        let mut out = b"f(".to_vec();
        push_js_string_json(&mut out, &"'");
        assert_eq!(out, b"f(\"\\\\u0027\"");
    }

    /// Any character, often one that the escaping looks at (and others that start with 0xE2).
    fn text() -> impl Strategy<Value = String> {
        let special = prop_oneof![
            Just('<'),
            Just('>'),
            Just('&'),
            Just('\''),
            Just('"'),
            Just('\\'),
            Just('/'),
            Just('\n'),
            Just('\u{1}'),
            Just('\u{2027}'),
            Just('\u{2028}'),
            Just('\u{2029}'),
            Just('\u{202a}'),
            Just('\u{20ac}'),
        ];
        proptest::collection::vec(prop_oneof![any::<char>(), special], 0..40)
            .prop_map(String::from_iter)
    }

    proptest! {
        #[test]
        fn any_text_is_escaped_as_in_two_passes(texts in proptest::collection::vec(text(), 0..6)) {
            let value = serde_json::json!({ "texts": texts, "joined": texts.concat() });
            prop_assert_eq!(js_string_json(&value), two_passes(&value));
        }
    }
}
