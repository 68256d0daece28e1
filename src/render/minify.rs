//! Shrinks the theme's CSS at build time, so the stylesheet stays readable in the repository
//! and small on a phone.
//!
//! Owns: a conservative CSS minifier (it removes comments and the white space that carries no
//! meaning, around `{ } ; , >` and after `:`, and never looks inside strings) and a line-based
//! JavaScript shrinker (comments that start a line and indentation go; line breaks stay, so the
//! code means the same).
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
pub fn js(text: &str) -> String {
    let spans_lines = text
        .lines()
        .any(|line| (line.matches('`').count() - line.matches("\\`").count()) % 2 == 1);
    if spans_lines {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut in_block = false;
    for line in text.lines() {
        let mut rest = line.trim();
        loop {
            if in_block {
                match rest.find("*/") {
                    Some(end) => {
                        in_block = false;
                        rest = rest[end + 2..].trim_start();
                    }
                    None => {
                        rest = "";
                        break;
                    }
                }
            } else if let Some(comment) = rest.strip_prefix("/*") {
                in_block = true;
                rest = comment;
            } else {
                break;
            }
        }
        if rest.is_empty() || rest.starts_with("//") {
            continue;
        }
        out.push_str(rest);
        out.push('\n');
    }
    out
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

    #[test]
    fn keeps_media_queries_working() {
        assert_eq!(
            css("@media (min-width: 48rem) {\n  h1 { font-size: 2rem; }\n}\n"),
            "@media (min-width:48rem){h1{font-size:2rem}}\n"
        );
    }
}
