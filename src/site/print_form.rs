//! A body's form on its module's print page (the trainer version), kept as its differences
//! from the body's form on its own page.
//!
//! Owns: that compact form and making the print form again from it, byte for byte.
//! Does not: render either form (`content::markdown` renders both in one walk).
//!
//! The two forms come from the same events and differ only here and there (a heading one level
//! lower, an id with the lesson's prefix, a link to a part of the print page, an answer shown
//! open), so most of the print form is runs of the page's own HTML. A 10,000-lesson site held
//! 62 MB of print forms beside 61 MB of page forms; as differences they take a few MB.

/// The print form as pieces: runs of the page's HTML, and the text of its own in between.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PrintForm {
    pieces: Vec<Piece>,
    /// The text of the `Own` pieces, one after the other.
    own: String,
}

/// Byte ranges, of the page's HTML or of `PrintForm::own`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Piece {
    Page(u32, u32),
    Own(u32, u32),
}

/// How many pieces ahead the comparison looks for the two forms to agree again.
const LOOK_AHEAD: usize = 8;

impl PrintForm {
    /// `print` as differences from `page`. Any `print` is kept exactly; the more it shares
    /// with `page`, the less it takes.
    pub fn new(page: &str, print: &str) -> PrintForm {
        let a = tokens(page);
        let b = tokens(print);
        let same = |p: usize, q: usize| match (a.get(p), b.get(q)) {
            (Some(&(s, e)), Some(&(t, f))) => {
                page.as_bytes()[s as usize..e as usize] == print.as_bytes()[t as usize..f as usize]
            }
            _ => false,
        };
        let mut form = PrintForm::default();
        let (mut p, mut q) = (0, 0);
        while q < b.len() {
            if same(p, q) {
                form.push_page(a[p]);
                p += 1;
                q += 1;
                continue;
            }
            if !same(p + 1, q + 1) {
                // A piece only the print form has, or one only the page has.
                if let Some(k) = (1..=LOOK_AHEAD).find(|&k| same(p, q + k)) {
                    for &piece in &b[q..q + k] {
                        form.push_own(print, piece);
                    }
                    q += k;
                    continue;
                }
                if let Some(k) = (1..=LOOK_AHEAD).find(|&k| same(p + k, q)) {
                    p += k;
                    continue;
                }
            }
            // A piece in place of another.
            form.push_own(print, b[q]);
            p += 1;
            q += 1;
        }
        form.pieces.shrink_to_fit();
        form.own.shrink_to_fit();
        form
    }

    /// The print form again, from the page's HTML it was made against.
    pub fn text(&self, page: &str) -> String {
        let range = |(start, end): (u32, u32)| start as usize..end as usize;
        let len = self
            .pieces
            .iter()
            .map(|piece| match *piece {
                Piece::Page(s, e) | Piece::Own(s, e) => (e - s) as usize,
            })
            .sum();
        let mut out = String::with_capacity(len);
        for piece in &self.pieces {
            match *piece {
                Piece::Page(s, e) => out.push_str(&page[range((s, e))]),
                Piece::Own(s, e) => out.push_str(&self.own[range((s, e))]),
            }
        }
        out
    }

    /// The bytes it holds (for memory figures).
    pub fn held_bytes(&self) -> usize {
        self.pieces.capacity() * std::mem::size_of::<Piece>() + self.own.capacity()
    }

    fn push_page(&mut self, (start, end): (u32, u32)) {
        match self.pieces.last_mut() {
            Some(Piece::Page(_, last)) if *last == start => *last = end,
            _ => self.pieces.push(Piece::Page(start, end)),
        }
    }

    fn push_own(&mut self, print: &str, (start, end): (u32, u32)) {
        let from = self.own.len() as u32;
        self.own.push_str(&print[start as usize..end as usize]);
        let to = self.own.len() as u32;
        match self.pieces.last_mut() {
            Some(Piece::Own(_, last)) if *last == from => *last = to,
            _ => self.pieces.push(Piece::Own(from, to)),
        }
    }
}

/// `text` cut after every `>` and line break: the ranges of its pieces, in order, covering it.
/// Both are ASCII, so every cut is at a character boundary.
fn tokens(text: &str) -> Vec<(u32, u32)> {
    let mut out = Vec::with_capacity(text.len() / 24 + 1);
    let mut start = 0;
    for end in memchr::memchr2_iter(b'>', b'\n', text.as_bytes()) {
        out.push((start as u32, end as u32 + 1));
        start = end + 1;
    }
    if start < text.len() {
        out.push((start as u32, text.len() as u32));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn a_print_form_is_made_again_byte_for_byte_and_small() {
        let page = "<h2 id=\"a\">A</h2>\n<p>Tekst <a href=\"../b/index.html\">B</a>.</p>\n\
                    <details class=\"quiz-answer\">\n<p>Uitleg</p>\n</details>\n";
        let print = "<h3 id=\"les-x--a\">A</h3>\n<p>Tekst <a href=\"#les-b\">B</a>.</p>\n\
                     <details class=\"quiz-answer\" open>\n<p>Uitleg</p>\n</details>\n";
        let form = PrintForm::new(page, print);
        assert_eq!(form.text(page), print);
        // What the two share is not copied: here a long paragraph.
        let shared = "<p>Een kind vertelt iets. Luister rustig en schrijf het op.</p>\n".repeat(8);
        let (long_page, long_print) = (shared.clone() + page, shared + print);
        let long = PrintForm::new(&long_page, &long_print);
        assert_eq!(long.text(&long_page), long_print);
        assert_eq!(long.own, form.own);
        assert_eq!(PrintForm::new(page, page).own, "");
        assert_eq!(PrintForm::new(page, "").text(page), "");
        assert_eq!(PrintForm::new("", print).text(""), print);
    }

    proptest! {
        /// Whatever the two texts, the print form comes back exactly.
        #[test]
        fn any_print_form_comes_back(
            page in "[ab<>\n é]{0,60}",
            edits in proptest::collection::vec((0usize..60, "[ab<>\nc]{0,4}"), 0..6),
        ) {
            let mut print = page.clone();
            for (at, insert) in edits {
                let mut at = at.min(print.len());
                while !print.is_char_boundary(at) {
                    at -= 1;
                }
                print.insert_str(at, &insert);
            }
            prop_assert_eq!(PrintForm::new(&page, &print).text(&page), print.clone());
            prop_assert_eq!(PrintForm::new(&print, &page).text(&print), page);
        }
    }
}
