//! Shrinks the theme's CSS at build time, so the stylesheet stays readable in the repository
//! and small on a phone.
//!
//! Owns: a conservative CSS minifier (it removes comments and the white space that carries no
//! meaning, around `{ } ; , >` and after `:`, and never looks inside strings or an unquoted
//! `url(…)`) and a line-based JavaScript shrinker (comments that start a line and indentation
//! go; line breaks stay, so the code means the same).
//! Does not: rename, reorder or merge anything.

/// Minifies a stylesheet. The output means the same as the input.
pub fn css(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    let mut pending_space = false;
    while let Some(c) = chars.next() {
        match c {
            '/' if chars.peek() == Some(&'*') => {
                chars.next();
                let mut last = '\0';
                for c in chars.by_ref() {
                    if last == '*' && c == '/' {
                        break;
                    }
                    last = c;
                }
                pending_space = true;
            }
            '"' | '\'' => {
                flush_space(&mut out, &mut pending_space, c);
                out.push(c);
                let mut escaped = false;
                for s in chars.by_ref() {
                    out.push(s);
                    if escaped {
                        escaped = false;
                    } else if s == '\\' {
                        escaped = true;
                    } else if s == c {
                        break;
                    }
                }
            }
            // An unquoted `url(…)` is one token: a `/*` or a space in it is part of the address.
            '(' if out.to_ascii_lowercase().ends_with("url")
                && !matches!(chars.clone().find(|c| !c.is_whitespace()), Some('"' | '\'')) =>
            {
                out.push(c);
                for u in chars.by_ref() {
                    out.push(u);
                    if u == ')' {
                        break;
                    }
                }
            }
            c if c.is_whitespace() => pending_space = true,
            '{' | '}' | ';' | ',' | '>' => {
                pending_space = false;
                if c == '}' && out.ends_with(';') {
                    out.pop();
                }
                out.push(c);
                skip_space(&mut chars);
            }
            ':' => {
                flush_space(&mut out, &mut pending_space, c);
                out.push(c);
                // `a :hover` needs its space before `:`, but nothing needs one after it.
                skip_space(&mut chars);
            }
            _ => {
                flush_space(&mut out, &mut pending_space, c);
                out.push(c);
            }
        }
    }
    out.push('\n');
    out
}

fn flush_space(out: &mut String, pending: &mut bool, _next: char) {
    if *pending && !out.is_empty() && !out.ends_with(['{', '}', ';', ',', '>', ':', '(']) {
        out.push(' ');
    }
    *pending = false;
}

fn skip_space(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) {
    while chars.peek().is_some_and(|c| c.is_whitespace()) {
        chars.next();
    }
}

/// Removes comment lines and indentation from a script. Line breaks stay, so automatic
/// semicolon insertion sees the same code. A block comment is removed only where it starts a
/// line, and code after its `*/` on the same line is kept. A file with a string that spans lines
/// (a template literal with a line break) is returned unchanged: its indentation could be part of
/// the text.
///
/// What a kept line may open is kept as it is: after a `\` at the end of a line (a string
/// continued on the next line) that next line is kept whole, indentation and all; after a `/*`
/// with no `*/` behind it (a comment opened after code) the lines up to the next `*/` are kept,
/// only unindented, so a `/*` or `//` at their start is not taken for a comment of its own. A
/// `/*` inside a string (`'/*'`) only makes a few lines keep their comments.
pub fn js(text: &str) -> String {
    let spans_lines = text
        .lines()
        .any(|line| (line.matches('`').count() - line.matches("\\`").count()) % 2 == 1);
    if spans_lines {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut state = Js::Code;
    for line in text.lines() {
        let kept = match state {
            Js::Continued => {
                state = Js::after(line, line);
                line
            }
            Js::Opened => {
                let rest = line.trim();
                state = match rest.find("*/") {
                    Some(end) => Js::after(rest, &rest[end + 2..]),
                    None => Js::Opened,
                };
                rest
            }
            Js::Code | Js::InBlock => {
                let rest = strip_leading_comments(line.trim(), &mut state);
                if rest.is_empty() || rest.starts_with("//") {
                    continue;
                }
                state = Js::after(rest, rest);
                rest
            }
        };
        out.push_str(kept);
        out.push('\n');
    }
    out
}

/// Where the JavaScript shrinker is at the start of a line.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Js {
    /// Between statements: comments at the start of the line go, and so does indentation.
    Code,
    /// Inside a block comment that started a line: its lines go.
    InBlock,
    /// Maybe inside a block comment opened after code: lines are kept, only unindented.
    Opened,
    /// Maybe inside a string continued from the line before: the line is kept whole.
    Continued,
}

impl Js {
    /// The state after the kept `line`, whose code after any comment it closes is `code`.
    fn after(line: &str, code: &str) -> Js {
        let opens = code
            .rfind("/*")
            .is_some_and(|at| !code[at + 2..].contains("*/"));
        if opens {
            Js::Opened
        } else if line.ends_with('\\') {
            Js::Continued
        } else {
            Js::Code
        }
    }
}

/// `line` without the block comments at its start, and without a block comment that started
/// on an earlier line (`state` is `InBlock` then, and again when a comment stays open).
fn strip_leading_comments<'a>(line: &'a str, state: &mut Js) -> &'a str {
    let mut rest = line;
    loop {
        if *state == Js::InBlock {
            match rest.find("*/") {
                Some(end) => {
                    *state = Js::Code;
                    rest = rest[end + 2..].trim_start();
                }
                None => return "",
            }
        } else if let Some(comment) = rest.strip_prefix("/*") {
            *state = Js::InBlock;
            rest = comment;
        } else {
            return rest;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{css, js};

    #[test]
    fn scripts_lose_comment_lines_and_indentation_only() {
        let input = "/* A module.\n * More. */\n(function () {\n  // why\n  const a = 'x // y';\n  return a;\n})();\n";
        assert_eq!(
            js(input),
            "(function () {\nconst a = 'x // y';\nreturn a;\n})();\n"
        );
    }

    /// Regression: a line `/* header */ window.X = 1;` used to disappear whole.
    #[test]
    fn code_after_a_block_comment_on_its_line_is_kept() {
        assert_eq!(js("/* c */ code;\n"), "code;\n");
        assert_eq!(js("/* header */ window.X = 1;\n"), "window.X = 1;\n");
        assert_eq!(js("/* a\n b */ x();\ny();\n"), "x();\ny();\n");
        assert_eq!(js("/* a */ /* b */ z();\n"), "z();\n");
        assert_eq!(js("/* a */ // b\n"), "");
    }

    /// Regression: a string continued with `\` lost its next line when that line looked like a
    /// comment, and its indentation, which is part of the string.
    #[test]
    fn a_string_continued_on_the_next_line_is_kept_whole() {
        let input = "var s = 'a\\\n  // in the string\\\n  b';\n  // gone\nx();\n";
        assert_eq!(
            js(input),
            "var s = 'a\\\n  // in the string\\\n  b';\nx();\n"
        );
    }

    /// Regression: in a comment opened after code, a line starting with `/*` was taken for a
    /// comment of its own, and the `*/` that closes the real one went with it: the code after
    /// it became part of the comment.
    #[test]
    fn a_comment_opened_after_code_is_kept_to_its_end() {
        let input = "a(); /* one\n  /* two\n  // three\n*/ b();\n  // gone\nc();\n";
        assert_eq!(js(input), "a(); /* one\n/* two\n// three\n*/ b();\nc();\n");
        assert_eq!(
            js("var a = '/*'; // keeps comments\n  // kept\n*/ 1;\n  // gone\n"),
            "var a = '/*'; // keeps comments\n// kept\n*/ 1;\n",
            "a `/*` in a string only keeps comments up to the next `*/`"
        );
    }

    #[test]
    fn scripts_with_strings_across_lines_are_left_alone() {
        let input = "const a = `one\n  two`;\n";
        assert_eq!(js(input), input);
    }

    #[test]
    fn removes_comments_and_space_that_means_nothing() {
        let input = "/* a note */\n.a > .b,\n.c {\n  color: red;\n  margin: 0 auto;\n}\n";
        assert_eq!(css(input), ".a>.b,.c{color:red;margin:0 auto}\n");
    }

    #[test]
    fn keeps_strings_descendant_spaces_and_calc() {
        let input = "a[href^=\"http\"]::after { content: \" (\" attr(href) \")\"; }\n\
                     .x :focus { width: calc(100% - 2rem); }\n";
        assert_eq!(
            css(input),
            "a[href^=\"http\"]::after{content:\" (\" attr(href) \")\"}.x :focus{width:calc(100% - 2rem)}\n"
        );
    }

    /// Regression: a `/*` inside an unquoted `url(…)` was taken for a comment and cut out of the
    /// address.
    #[test]
    fn an_unquoted_url_is_kept_whole() {
        assert_eq!(
            css(".a { background: url(data:image/svg+xml;utf8,<svg/*x*/>) }"),
            ".a{background:url(data:image/svg+xml;utf8,<svg/*x*/>)}\n"
        );
        assert_eq!(
            css(".b { x: url( \"a)b.png\" ) }"),
            ".b{x:url(\"a)b.png\" )}\n"
        );
    }

    #[test]
    fn keeps_media_queries_working() {
        assert_eq!(
            css("@media (min-width: 48rem) {\n  h1 { font-size: 2rem; }\n}\n"),
            "@media (min-width:48rem){h1{font-size:2rem}}\n"
        );
    }
}
