//! The Flesch–Douma readability score of a lesson's prose, for editors.
//!
//! Owns: which text counts as prose, how words, sentences and Dutch syllables are counted, and
//! the formula. Does not: decide the threshold (`leerpad.toml`, `min_readability`) or report
//! (the site stage turns a low score into a warning, `leerpad check` prints the figures).
//!
//! Prose is the Markdown body without its front matter: paragraphs, headings, list items, table
//! cells and quotes. Fenced and indented code blocks are left out, and with them every ```quiz,
//! ```chart, ```bespreek and ```trainer block. Callout markers such as `[!NOTE]` are left out too.
//!
//! - A word is a run of letters and digits; a hyphen or apostrophe between two of them stays
//!   inside the word (`niet-pluisgevoel`, `baby's`).
//! - A sentence ends at `.`, `!` or `?` followed by a space or the end of its block (a run such
//!   as `?!` ends one sentence). A block (heading, list item, cell, paragraph) whose last words
//!   have no end mark counts as one more sentence, so a heading is a sentence.
//! - Syllables are groups of vowels (a, e, i, o, u, y and their accented forms): `ee`, `oe`,
//!   `ui`, `ij` and `aai` are one group each. A vowel with a diaeresis (`ë`, `ï`, …) starts a new
//!   group, as in `ide-e-ën`. A word without a vowel (`112`, `VK`) counts one syllable.
//! - Flesch–Douma = 206.835 − 0.93 × (words per sentence) − 77 × (syllables per word).
//! - For an English site Flesch reading ease (206.835 − 1.015 × words per sentence − 84.6 ×
//!   syllables per word), for a French one Kandel–Moles (207 − 1.015 × … − 73.6 × …): the
//!   same scale, so `min_readability` means the same in each language.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

/// The score of a text and the counts it comes from.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Readability {
    pub words: usize,
    pub sentences: usize,
    pub syllables: usize,
    pub score: f64,
    pub formula: Formula,
}

/// The Flesch formula of a language: Dutch, English or French.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Formula {
    #[default]
    Douma,
    Flesch,
    KandelMoles,
}

impl Formula {
    /// The formula for the site's `language` (`nl`, `en`, `fr`).
    pub fn for_language(language: &str) -> Formula {
        match language {
            "en" => Formula::Flesch,
            "fr" => Formula::KandelMoles,
            _ => Formula::Douma,
        }
    }

    /// Its name, as `leerpad check` prints it.
    pub fn name(self) -> &'static str {
        match self {
            Formula::Douma => "Flesch–Douma",
            Formula::Flesch => "Flesch",
            Formula::KandelMoles => "Kandel–Moles",
        }
    }

    /// (base, weight of words per sentence, weight of syllables per word)
    fn weights(self) -> (f64, f64, f64) {
        match self {
            Formula::Douma => (206.835, 0.93, 77.0),
            Formula::Flesch => (206.835, 1.015, 84.6),
            Formula::KandelMoles => (207.0, 1.015, 73.6),
        }
    }
}

/// The prose of `markdown` (a body without front matter) scored; `None` when it has no words.
pub fn of_markdown(markdown: &str) -> Option<Readability> {
    of_blocks(&prose_blocks(markdown), Formula::Douma)
}

/// `of_markdown` with the formula of another language.
pub fn of_markdown_in(markdown: &str, formula: Formula) -> Option<Readability> {
    of_blocks(&prose_blocks(markdown), formula)
}

/// Scores blocks of plain text, each ending a sentence; `None` when they hold no words.
pub fn of_blocks(blocks: &[String], formula: Formula) -> Option<Readability> {
    let mut counts = Counts::default();
    for block in blocks {
        counts.add_block(block);
    }
    if counts.words == 0 {
        return None;
    }
    let words = counts.words as f64;
    let sentences = counts.sentences.max(1) as f64;
    let (base, per_sentence, per_syllable) = formula.weights();
    let score = base
        - per_sentence * (words / sentences)
        - per_syllable * (counts.syllables as f64 / words);
    Some(Readability {
        words: counts.words,
        sentences: counts.sentences.max(1),
        syllables: counts.syllables,
        score,
        formula,
    })
}

/// The text of each prose block of `markdown`, code blocks left out.
pub fn prose_blocks(markdown: &str) -> Vec<String> {
    // Nesting past the Markdown bound is an error of the page; parsing it here first would
    // build the parser's tree for it all the same (a million levels: 600 MB).
    if crate::content::markdown::deep_line(markdown).is_some() {
        return Vec::new();
    }
    let mut options = Options::empty();
    options.insert(Options::ENABLE_TABLES);
    let mut blocks = Vec::new();
    let mut current = String::new();
    let mut in_code = false;
    for event in Parser::new_ext(markdown, options) {
        match event {
            Event::Start(Tag::CodeBlock(_)) => in_code = true,
            Event::End(TagEnd::CodeBlock) => in_code = false,
            Event::Text(text) | Event::Code(text) if !in_code => current.push_str(&text),
            Event::SoftBreak | Event::HardBreak => current.push(' '),
            Event::Start(Tag::Item) | Event::Start(Tag::Paragraph) => {
                flush(&mut current, &mut blocks)
            }
            Event::End(
                TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::Item
                | TagEnd::TableCell
                | TagEnd::BlockQuote(_),
            ) => flush(&mut current, &mut blocks),
            _ => {}
        }
    }
    flush(&mut current, &mut blocks);
    blocks
}

fn flush(current: &mut String, blocks: &mut Vec<String>) {
    let text = strip_callout_marker(current.trim());
    if !text.is_empty() {
        blocks.push(text.to_string());
    }
    current.clear();
}

/// `[!NOTE] Tekst` → `Tekst`: the marker of a callout is not prose.
fn strip_callout_marker(text: &str) -> &str {
    match text.strip_prefix("[!") {
        Some(rest) => match rest.find(']') {
            Some(end) if rest[..end].chars().all(|c| c.is_ascii_alphabetic()) => {
                rest[end + 1..].trim_start()
            }
            _ => text,
        },
        None => text,
    }
}

#[derive(Default)]
struct Counts {
    words: usize,
    sentences: usize,
    syllables: usize,
}

impl Counts {
    /// One pass over the characters, no allocation: this runs over every lesson on every build.
    /// ASCII bytes are read as they are; other characters are decoded where they start.
    fn add_block(&mut self, block: &str) {
        let bytes = block.as_bytes();
        let char_at = |i: usize| -> Option<(char, usize)> {
            let b = *bytes.get(i)?;
            if b.is_ascii() {
                Some((b as char, 1))
            } else {
                block[i..].chars().next().map(|c| (c, c.len_utf8()))
            }
        };
        let mut word: Option<Syllables> = None;
        // Words seen since the last end mark: a block ending without one adds a sentence.
        let mut open = 0;
        let mut i = 0;
        while let Some((c, len)) = char_at(i) {
            i += len;
            let next = char_at(i).map(|(n, _)| n);
            let joins = word.is_some()
                && matches!(c, '-' | '\'' | '’')
                && next.is_some_and(char::is_alphanumeric);
            if c.is_alphanumeric() || joins {
                word.get_or_insert_with(Syllables::default).push(c);
                continue;
            }
            if let Some(w) = word.take() {
                self.add_word(w.count());
                open += 1;
            }
            let ends = matches!(c, '.' | '!' | '?')
                && next.is_none_or(|n| n.is_whitespace() || matches!(n, '"' | '\'' | '”' | ')'));
            if ends && open > 0 {
                self.sentences += 1;
                open = 0;
            }
        }
        if let Some(w) = word {
            self.add_word(w.count());
            open += 1;
        }
        if open > 0 {
            self.sentences += 1;
        }
    }

    fn add_word(&mut self, syllables: usize) {
        self.words += 1;
        self.syllables += syllables;
    }
}

/// Counts the vowel groups of a word fed one character at a time.
#[derive(Default)]
struct Syllables {
    groups: usize,
    in_group: bool,
}

impl Syllables {
    fn push(&mut self, c: char) {
        let c = if c.is_ascii() {
            c.to_ascii_lowercase()
        } else {
            c.to_lowercase().next().unwrap_or(c)
        };
        if is_diaeresis(c) {
            self.groups += 1;
            self.in_group = true;
        } else if is_vowel(c) {
            if !self.in_group {
                self.groups += 1;
            }
            self.in_group = true;
        } else {
            self.in_group = false;
        }
    }

    fn count(&self) -> usize {
        self.groups.max(1)
    }
}

/// Dutch syllables of one word by vowel groups; at least one.
pub fn syllables(word: &str) -> usize {
    let mut counter = Syllables::default();
    word.chars().for_each(|c| counter.push(c));
    counter.count()
}

fn is_vowel(c: char) -> bool {
    matches!(
        c,
        'a' | 'e'
            | 'i'
            | 'o'
            | 'u'
            | 'y'
            | 'à'
            | 'á'
            | 'â'
            | 'è'
            | 'é'
            | 'ê'
            | 'ì'
            | 'í'
            | 'î'
            | 'ò'
            | 'ó'
            | 'ô'
            | 'ù'
            | 'ú'
            | 'û'
    )
}

fn is_diaeresis(c: char) -> bool {
    matches!(c, 'ä' | 'ë' | 'ï' | 'ö' | 'ü' | 'ÿ')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn score(text: &str) -> Readability {
        of_markdown(text).expect("a text with words")
    }

    #[test]
    fn english_and_french_sites_score_with_their_own_flesch_formula() {
        // One sentence of four one-syllable words: 4 words per sentence, 1 syllable per word.
        let text = "The cat sat down.";
        let en = of_markdown_in(text, Formula::for_language("en")).unwrap();
        assert!((en.score - (206.835 - 1.015 * 4.0 - 84.6)).abs() < 1e-9);
        let fr = of_markdown_in(text, Formula::for_language("fr")).unwrap();
        assert!((fr.score - (207.0 - 1.015 * 4.0 - 73.6)).abs() < 1e-9);
        assert_eq!(Formula::for_language("nl"), Formula::Douma);
        assert_eq!(
            (en.formula.name(), fr.formula.name()),
            ("Flesch", "Kandel–Moles")
        );
    }

    #[test]
    fn syllables_are_vowel_groups() {
        assert_eq!(syllables("kat"), 1);
        assert_eq!(syllables("verontrusting"), 4);
        assert_eq!(syllables("kinderbegeleider"), 6);
        assert_eq!(syllables("maatschappelijk"), 4);
        assert_eq!(syllables("ideeën"), 3);
        assert_eq!(syllables("België"), 3);
        assert_eq!(syllables("baby's"), 2);
        assert_eq!(syllables("112"), 1);
        assert_eq!(syllables("VK"), 1);
    }

    #[test]
    fn one_short_sentence_has_an_exact_score() {
        let r = score("De kat zit op de mat.");
        assert_eq!((r.words, r.sentences, r.syllables), (6, 1, 6));
        // 206.835 − 0.93 × 6 − 77 × 1
        assert!((r.score - 124.255).abs() < 1e-9, "{}", r.score);
    }

    #[test]
    fn long_words_lower_the_score() {
        let r = score("Verontrusting is een zorg.");
        assert_eq!((r.words, r.sentences, r.syllables), (4, 1, 7));
        // 206.835 − 0.93 × 4 − 77 × 7 / 4
        assert!((r.score - 68.365).abs() < 1e-9, "{}", r.score);
    }

    #[test]
    fn headings_and_list_items_are_sentences_and_code_blocks_are_not_prose() {
        let text = "## Wat doe je\n\n- Bel het VK\n- Schrijf het op\n\n\
                    ```quiz\nquestion: Een heel lange vraag met veel woorden?\n```\n\n\
                    > [!NOTE]\n> Lees dit.\n";
        let r = score(text);
        // "Wat doe je" + "Bel het VK" + "Schrijf het op" + "Lees dit."
        assert_eq!((r.words, r.sentences, r.syllables), (11, 4, 11));
        assert!((r.score - 127.277_5).abs() < 1e-9, "{}", r.score);
    }

    #[test]
    fn an_end_mark_run_counts_once_and_a_decimal_point_ends_nothing() {
        let r = score("Bel 112. Wacht niet?! Zeg \"ja.\" en ga 1.5 km verder");
        // Bel 112 | Wacht niet | Zeg ja | en ga 1 5 km verder
        assert_eq!((r.words, r.sentences), (12, 4));
    }

    #[test]
    fn a_text_without_words_has_no_score() {
        assert_eq!(of_markdown(""), None);
        assert_eq!(of_markdown("```trainer\nAlleen een noot.\n```\n"), None);
    }
}
