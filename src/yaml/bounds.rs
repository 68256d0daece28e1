//! The bounds every YAML text must keep before any parser sees it.
//!
//! Owns: the largest YAML text, refusing anchors and aliases (`&name`, `*name`: an alias bomb
//! expands a few kilobytes into gigabytes, and no site needs them), and the deepest nesting of
//! lists and maps. One linear pass over the text, so the bounds hold whatever parser is behind
//! the door.
//! Does not: parse values or check their meaning.
//!
//! The scan is conservative in one place: a line that continues a multi-line plain (unquoted)
//! text and starts with `&` or `*` is taken for an anchor or alias. The message says to quote it.

use std::path::Path;

use crate::error::{Error, Location};

/// The largest YAML text leerpad parses (a whole `partners.yaml`, one front matter, one block).
pub const MAX_YAML_BYTES: usize = 4 * 1024 * 1024;

/// The deepest nesting of lists and maps inside each other.
pub const MAX_DEPTH: usize = 32;

/// Where the scan is between characters.
#[derive(Default)]
struct Scan {
    /// Inside a quoted text that may run over several lines.
    quote: Option<char>,
    /// Inside a block text (`|` or `>`): lines indented deeper than this belong to it.
    block_text: Option<usize>,
    /// Open `[` and `{`.
    flow: usize,
    /// The indentations of the open block levels.
    indents: Vec<usize>,
}

/// Checks `text` (which starts at line `first_line` of `path`) against the bounds.
pub fn check(text: &str, path: &Path, first_line: u32) -> Result<(), Error> {
    if text.len() > MAX_YAML_BYTES {
        return Err(Error::invalid(
            Location::line(path, first_line),
            format!(
                "this YAML is {:.1} MB, more than the {} MB leerpad reads; split it",
                text.len() as f64 / (1024.0 * 1024.0),
                MAX_YAML_BYTES / (1024 * 1024)
            ),
        ));
    }
    let mut scan = Scan::default();
    for (n, line) in text.split('\n').enumerate() {
        let at = |column: usize| Location::at(path, first_line + n as u32, column as u32 + 1);
        scan.line(line).map_err(|(column, problem)| Error::Syntax {
            at: at(column),
            message: problem.message(),
        })?;
    }
    Ok(())
}

enum Problem {
    Alias,
    TooDeep,
}

impl Problem {
    fn message(&self) -> String {
        match self {
            Problem::Alias => "anchors and aliases (&name, *name) are not allowed: write the \
                               value out in full, or put text that starts with & or * in quotes"
                .to_string(),
            Problem::TooDeep => format!(
                "lists and maps are nested more than {MAX_DEPTH} levels deep here; leerpad \
                 reads at most {MAX_DEPTH}: flatten the value"
            ),
        }
    }
}

impl Scan {
    /// Scans one line; an error carries the 0-based column (in characters).
    fn line(&mut self, line: &str) -> Result<(), (usize, Problem)> {
        let line = line.strip_suffix('\r').unwrap_or(line);
        let indent = line.len() - line.trim_start_matches(' ').len();
        let rest = &line[indent..];
        if let Some(block) = self.block_text {
            if rest.trim().is_empty() || indent > block {
                return Ok(());
            }
            self.block_text = None;
        }
        if self.quote.is_none() {
            if rest.is_empty() || rest.starts_with('#') {
                return Ok(());
            }
            if self.flow == 0 {
                while self.indents.last().is_some_and(|&top| top > indent) {
                    self.indents.pop();
                }
                if self.indents.last() != Some(&indent) {
                    self.indents.push(indent);
                    self.check_depth(0, indent)?;
                }
            }
        }
        let mut compact = 0;
        let mut token_start = true;
        let mut previous = ' ';
        let mut chars = rest.chars().enumerate().peekable();
        while let Some((i, c)) = chars.next() {
            let column = indent + i;
            let next = chars.peek().map_or(' ', |&(_, n)| n);
            let (prev, is_space) = (previous, c == ' ' || c == '\t');
            previous = c;
            if let Some(quote) = self.quote {
                if quote == '"' && c == '\\' {
                    chars.next();
                    previous = ' ';
                } else if c == quote {
                    if quote == '\'' && next == '\'' {
                        chars.next();
                    } else {
                        self.quote = None;
                        token_start = false;
                    }
                }
                continue;
            }
            if is_space {
                continue;
            }
            if c == '#' && (prev == ' ' || prev == '\t') {
                break;
            }
            let in_flow = self.flow > 0;
            match c {
                '"' | '\'' if token_start => self.quote = Some(c),
                '&' | '*' if token_start && next != ' ' && next != '\t' => {
                    return Err((column, Problem::Alias));
                }
                '[' | '{' if token_start || in_flow => {
                    self.flow += 1;
                    self.check_depth(compact, column)?;
                    token_start = true;
                    continue;
                }
                ']' | '}' if in_flow => self.flow -= 1,
                ',' if in_flow => {
                    token_start = true;
                    continue;
                }
                '-' | '?' if token_start && !in_flow && (next == ' ' || next == '\t') => {
                    compact += 1;
                    self.check_depth(compact, column)?;
                    continue;
                }
                ':' if next == ' ' || next == '\t' || in_flow => {
                    token_start = true;
                    continue;
                }
                '|' | '>' if token_start && !in_flow => {
                    self.block_text = Some(indent);
                    break;
                }
                '!' if token_start => {
                    // A tag: skip to its end, the value after it starts a token.
                    while chars.next_if(|&(_, n)| n != ' ' && n != '\t').is_some() {}
                    continue;
                }
                _ => {}
            }
            token_start = false;
        }
        Ok(())
    }

    fn check_depth(&self, compact: usize, column: usize) -> Result<(), (usize, Problem)> {
        if self.indents.len() + compact + self.flow > MAX_DEPTH {
            Err((column, Problem::TooDeep))
        } else {
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problem(text: &str) -> Option<String> {
        check(text, Path::new("p.yaml"), 1)
            .err()
            .map(|e| e.to_string())
    }

    const ALIAS: &str = "anchors and aliases (&name, *name) are not allowed: write the value out \
                         in full, or put text that starts with & or * in quotes";

    #[test]
    fn anchors_and_aliases_are_refused_where_they_stand() {
        assert_eq!(
            problem("a: &x [1]\nb: *x\n"),
            Some(format!("p.yaml:1:4: {ALIAS}"))
        );
        assert_eq!(problem("- [1, *x]\n"), Some(format!("p.yaml:1:7: {ALIAS}")));
        assert_eq!(
            problem("a:\n  - &a x\n"),
            Some(format!("p.yaml:2:5: {ALIAS}"))
        );
        assert_eq!(
            problem("? &k a\n: b\n"),
            Some(format!("p.yaml:1:3: {ALIAS}"))
        );
        assert_eq!(
            problem("a: !!str &x b\n"),
            Some(format!("p.yaml:1:10: {ALIAS}"))
        );
        assert_eq!(problem("{a: *b}\n"), Some(format!("p.yaml:1:5: {ALIAS}")));
    }

    #[test]
    fn ampersands_and_stars_in_text_are_fine() {
        for text in [
            "title: Tom & Jerry *samen*\n",
            "title: \"*nadruk*\"\nb: '&amp; ''*x'''\n",
            "summary: |\n  * een punt\n  &amp;\nnext: 1\n",
            "summary: >-\n  *een*\n\n  &twee\n",
            "a: b # *commentaar\n# &ook\n",
            "q: \"lang\n  *vervolg\" \n",
            "- a * b\n- 3 & 4\n- x&y\n",
            "url: https://x.be/?a=1&b=*\n",
        ] {
            assert_eq!(problem(text), None, "{text:?}");
        }
    }

    #[test]
    fn nesting_is_bounded_in_flow_and_block_style() {
        let deep = MAX_DEPTH + 1;
        let flow = format!("a: {}", "[".repeat(100_000));
        assert_eq!(
            problem(&flow),
            Some(format!(
                "p.yaml:1:{}: lists and maps are nested more than 32 levels deep here; leerpad \
                 reads at most 32: flatten the value",
                3 + deep - 1
            ))
        );
        assert!(problem(&"- ".repeat(deep)).is_some());
        let mut block = String::new();
        for level in 0..deep {
            block.push_str(&format!("{}k{level}:\n", " ".repeat(level)));
        }
        assert!(problem(&block).is_some());
        let ok = format!(
            "a: {}{}\n",
            "[".repeat(MAX_DEPTH - 1),
            "]".repeat(MAX_DEPTH - 1)
        );
        assert_eq!(problem(&ok), None);
    }

    #[test]
    fn the_size_is_bounded() {
        let big = "a: b\n".repeat(MAX_YAML_BYTES / 5 + 1);
        assert_eq!(
            problem(&big),
            Some(
                "p.yaml:1: this YAML is 4.0 MB, more than the 4 MB leerpad reads; split it".into()
            )
        );
    }
}
