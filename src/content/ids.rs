//! The ids other pages link to, one function per kind, so the page that carries an id and every
//! link to it (Markdown links, the search index, the glossary marks in lessons) agree.
//!
//! Owns: the rule of each kind of id.
//! Does not: check that ids are unique (the site stage does, at the term's line) or make
//! heading ids (the Markdown stage does, unique per page).

use super::markdown::slugify;

/// The id of a glossary term on the glossary page (`begrippen/#id`): the term as a heading slug
/// (`Eén gezin één plan` → `eén-gezin-één-plan`), the rule the browser's search repeats. It is
/// empty for a term without a letter or digit, and terms that differ only in capitals or signs
/// share it: the site stage refuses both at the term's line.
pub fn glossary_id(term: &str) -> String {
    slugify(term)
}

#[cfg(test)]
mod tests {
    use super::glossary_id;

    #[test]
    fn a_term_becomes_its_slug() {
        assert_eq!(glossary_id("1G1P"), "1g1p");
        assert_eq!(glossary_id(" beschermende factor "), "beschermende-factor");
        assert_eq!(glossary_id("VK"), glossary_id("vk"));
        assert_eq!(glossary_id("?"), "");
    }
}
