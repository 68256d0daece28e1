//! Glossary terms marked on their first use in a page: a link to the term's entry, with its
//! expansion as `<abbr>`, made by the theme's partial `term.html`.
//!
//! Owns: finding a term as a whole word and marking each term once per page.
//! Does not: check the glossary's ids (see `site`) or write the markup (the partial does).

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
            let target = LinkTarget::Page {
                path: glossary_path.to_path_buf(),
                anchor: Some(term.id.clone()),
            };
            let written = format!("glossary term {}", term.term);
            let at = self.at(lines, source, offset);
            let (href, print_href) = self.href(&target, &written, at);
            let view = |href| TermView {
                href,
                word: &rest[start..end],
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
