//! Glossary terms marked on their first use in a page: a link to the term's entry, with its
//! expansion as `<abbr>`, made by the theme's partial `term.html`.
//!
//! Owns: finding a term as a whole word and marking each term once per page. The terms are
//! found with two Aho–Corasick automata built once per site (abbreviations as written, other
//! terms in lower case), one pass over each piece of text, instead of one search per term.
//! Does not: check the glossary's ids (see `site`) or write the markup (the partial does).

use aho_corasick::{AhoCorasick, MatchKind};
use pulldown_cmark::{CowStr, Event};

use super::links::LinkTarget;
use super::output::Outputs;
use super::parse::Lines;
use super::State;

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

/// The glossary's terms with the automata that find them, built once per site.
#[derive(Debug, Clone, Default)]
pub struct GlossaryTerms {
    pub marks: Vec<GlossaryMark>,
    /// Abbreviations (terms with an expansion), matched as written; the mark of each pattern.
    exact: Option<(AhoCorasick, Vec<usize>)>,
    /// The other terms in lower case, matched in the lower-cased text.
    folded: Option<(AhoCorasick, Vec<usize>)>,
}

impl GlossaryTerms {
    pub fn new(marks: Vec<GlossaryMark>) -> GlossaryTerms {
        let automaton = |abbreviations: bool| {
            let (patterns, owners): (Vec<&str>, Vec<usize>) = marks
                .iter()
                .enumerate()
                .filter(|(_, m)| m.expansion.is_some() == abbreviations)
                .map(|(i, m)| {
                    let pattern = if abbreviations { &m.term } else { &m.lower };
                    (pattern.as_str(), i)
                })
                .unzip();
            // Overlapping matches need the standard match kind; any term may start anywhere.
            AhoCorasick::builder()
                .match_kind(MatchKind::Standard)
                .build(patterns)
                .ok()
                .map(|a| (a, owners))
        };
        GlossaryTerms {
            exact: automaton(true),
            folded: automaton(false),
            marks,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.marks.is_empty()
    }

    /// Every occurrence in `text` of every term (`lower` is `text` lower-cased, same length), as
    /// (start, end, mark), ordered by start and then longest first.
    fn occurrences(&self, text: &str, lower: &str) -> Vec<(usize, usize, usize)> {
        let mut found = Vec::new();
        if let Some((automaton, owners)) = &self.exact {
            for m in automaton.find_overlapping_iter(text) {
                found.push((m.start(), m.end(), owners[m.pattern().as_usize()]));
            }
        }
        if let Some((automaton, owners)) = &self.folded {
            for m in automaton.find_overlapping_iter(lower) {
                let (start, end) = (m.start(), m.end());
                if text.is_char_boundary(start) && text.is_char_boundary(end) {
                    found.push((start, end, owners[m.pattern().as_usize()]));
                }
            }
        }
        found.sort_unstable_by_key(|&(start, end, mark)| (start, usize::MAX - end, mark));
        found
    }
}

#[cfg(test)]
thread_local! {
    /// Set by a test to hold the one-pass search to the search per term.
    pub(super) static ONE_BY_ONE: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

#[cfg(test)]
fn one_by_one_in_tests() -> bool {
    ONE_BY_ONE.with(|c| c.get())
}

#[cfg(not(test))]
fn one_by_one_in_tests() -> bool {
    false
}

/// What `partials/term.html` gets: the link to the entry, the word as written on the page,
/// and the term's expansion when it is an abbreviation.
#[derive(serde::Serialize)]
struct TermView<'v> {
    href: &'v str,
    word: &'v str,
    expansion: Option<&'v str>,
}

impl State<'_, '_> {
    /// Marks the first use on this page of each glossary term with a link to the glossary.
    pub(super) fn mark_terms<'e>(
        &mut self,
        t: &CowStr<'e>,
        output: &mut Outputs<'e>,
        lines: &Lines,
        source: &str,
        offset: usize,
    ) {
        let Some((glossary_path, glossary)) = self.cx.glossary else {
            output.push(Event::Text(t.clone()));
            return;
        };
        let terms = glossary.marks.as_slice();
        let text: &str = t;
        // One pass finds every term when lower-casing keeps the length of every character (so
        // the lower case of each rest of the text is that rest of the lower case), and there is
        // no capital sigma (whose lower case depends on where the text is cut); else a search
        // per term on each rest of the text.
        let in_place =
            |c: char| c.to_lowercase().map(char::len_utf8).sum::<usize>() == c.len_utf8();
        if (!text.is_ascii() && (text.contains('Σ') || !text.chars().all(in_place)))
            || one_by_one_in_tests()
        {
            return self.mark_terms_one_by_one(t, output, lines, source, offset);
        }
        let lower = text.to_lowercase();
        let found = glossary.occurrences(text, &lower);
        let is_word = |c: char| c.is_alphanumeric();
        let mut from = 0;
        let mut next = 0;
        while self.marked.len() < terms.len() {
            // The first occurrence (longest at a place) of a term not marked yet, a whole word
            // in the rest of the text.
            let winner = found[next..].iter().position(|&(start, end, mark)| {
                start >= from
                    && !self.marked.contains(&terms[mark].id)
                    && !text[from..start].chars().next_back().is_some_and(is_word)
                    && !text[end..].chars().next().is_some_and(is_word)
            });
            let Some(i) = winner else { break };
            let (start, end, mark) = found[next + i];
            next += i + 1;
            let term = &terms[mark];
            self.marked.insert(term.id.clone());
            if start > from {
                output.push(Event::Text(CowStr::from(text[from..start].to_string())));
            }
            self.push_term(
                glossary_path,
                term,
                &text[start..end],
                output,
                lines,
                source,
                offset,
            );
            from = end;
        }
        if from < text.len() {
            output.push(Event::Text(CowStr::from(text[from..].to_string())));
        }
    }

    /// Emits the marked `word` (a use of `term`) for the page and its print form.
    #[allow(clippy::too_many_arguments)]
    fn push_term<'e>(
        &mut self,
        glossary_path: &std::path::Path,
        term: &GlossaryMark,
        word: &str,
        output: &mut Outputs<'e>,
        lines: &Lines,
        source: &str,
        offset: usize,
    ) {
        let target = LinkTarget::Page {
            path: glossary_path.to_path_buf(),
            anchor: Some(term.id.clone()),
        };
        let written = format!("glossary term {}", term.term);
        let at = self.at(lines, source, offset);
        let (href, print_href) = self.href(&target, &written, at);
        let view = |href| TermView {
            href,
            word,
            expansion: term.expansion.as_deref(),
        };
        let html = self.partial("term", &view(&href));
        let printed = match print_href {
            Some(h) if h == href => Some(html.clone()),
            Some(h) => Some(self.print_partial("term", &view(&h))),
            None => None,
        };
        output.push_each(Event::InlineHtml(CowStr::from(html)), || {
            Event::InlineHtml(CowStr::from(printed.unwrap_or_default()))
        });
    }

    /// `mark_terms` for a text whose lower case is not byte for byte in place.
    fn mark_terms_one_by_one<'e>(
        &mut self,
        t: &CowStr<'e>,
        output: &mut Outputs<'e>,
        lines: &Lines,
        source: &str,
        offset: usize,
    ) {
        let Some((glossary_path, glossary)) = self.cx.glossary else {
            return;
        };
        let terms = glossary.marks.as_slice();
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
            self.push_term(
                glossary_path,
                term,
                &rest[start..end],
                output,
                lines,
                source,
                offset,
            );
            rest = &rest[end..];
        }
        if !rest.is_empty() {
            output.push(Event::Text(CowStr::from(rest.to_string())));
        }
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
