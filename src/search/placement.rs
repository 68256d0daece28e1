//! Where each term's postings go in the split index, and in which form.
//!
//! Owns: the choice between a term's terms file, its ends file and the postings files, which
//! lists leave their documents' lengths out, which terms are written twice, and the `inline`
//! entries of the terms and ends files that say where to find them.
//! Does not: encode postings (shards.rs) or write files.
//!
//! A term's postings are inline when they are small, else in postings files:
//! - in the terms order (`postings/N`), always: the completions of a word lie together;
//! - the list again inline in its ends file, where a word's compounds lie together: the ends
//!   file that a finished query word loads for its compounds (and which says whether the index
//!   has it) then holds its postings and its compounds', one file for the word instead of two
//!   or three;
//! - a common word's list without lengths (`LENGTHLESS_SHARE` of the documents, or
//!   `COPY_SHARE` for a second copy beside the one with lengths): the browser then takes every
//!   document's length from `lengths/F`, once for all such words of a query.
//!
//! Entries (see js/search-shards.js): the postings, `=` (in the terms file), or
//! `!N[/M][~F…]`: in `postings/N`; `/M`: a copy in `postings/M` whose lists of the fields F
//! carry no lengths; without `/M`, the lists of the fields F in `postings/N` carry none. In an
//! ends file, `!N/M~F|…` also holds that copy's lists after the `|` (a query that loads the
//! lengths anyway takes them from there; one that does not, the lists with lengths from
//! `postings/N`).

use super::shards::{runs, LENGTHLESS};

/// A list in a postings file that holds at least this share of all documents (a word such as
/// "kind" or "niet") is written without lengths only: each length costs a common word's list
/// more than its own posting does, and its lengths are every document's.
pub const LENGTHLESS_SHARE: f64 = 0.5;
/// A list of at least this share of the documents (but less than `LENGTHLESS_SHARE`) gets a
/// second copy without lengths, which a query takes when it loads the lengths anyway.
pub const COPY_SHARE: f64 = 0.1;

/// A term's lists of up to these bytes (all but a hostile site's) are inline in its ends file
/// too: one file holds at most one larger list (a list closes its file), as a postings file does.
const ENDS_LIST_BYTES: usize = 1 << 20;

/// Where a term's postings are.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Place {
    /// In the terms file and the ends file.
    Both,
    /// In the terms file only.
    Terms,
    /// In postings files.
    Apart(Apart),
}

/// How a term's postings in postings files are written.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Apart {
    /// Per field, whether the list leaves the lengths out (in its only form, or in its copy).
    pub bare: [bool; 3],
    /// Whether the lists without lengths are a copy beside the full ones.
    pub copy: bool,
}

impl Apart {
    /// For a term in postings files with lists of `sizes` documents per field, of `docs`.
    /// A field's list leaves its lengths out when it is common (its only form), or fairly
    /// common in a term with no common list (its copy).
    pub fn of(sizes: [usize; 3], docs: usize) -> Apart {
        let at_least = |share: f64| (docs as f64 * share).ceil().max(1.0) as usize;
        let common = sizes.map(|n| n >= at_least(LENGTHLESS_SHARE));
        if common.contains(&true) {
            return Apart {
                bare: common,
                copy: false,
            };
        }
        let bare = sizes.map(|n| n >= at_least(COPY_SHARE));
        Apart {
            bare,
            copy: bare.contains(&true),
        }
    }

    /// Whether the form in the term's main file leaves some lengths out.
    pub fn main_is_bare(self) -> bool {
        !self.copy && self.bare.contains(&true)
    }
}

/// Which postings files hold which terms' postings, and in which form.
pub struct Layout {
    /// Per file, the positions (in the terms order) of its terms, and whether it holds the
    /// copies without lengths: first the files of the terms order, then the copies.
    pub files: Vec<(Vec<usize>, bool)>,
    /// Per position, its file in the terms order and of its copy; `usize::MAX` for none.
    by_terms: Vec<usize>,
    by_copy: Vec<usize>,
    /// The most bytes of a term's lists that also go inline in its ends file.
    in_ends: usize,
}

impl Layout {
    /// `terms`: every position in the terms order; `bytes(pos, copy)`: the size of a term's
    /// postings in a postings file (its main form, or its copy), `None` for none.
    pub fn new(
        terms: &[usize],
        bytes: impl Fn(usize, bool) -> Option<usize>,
        file_bytes: usize,
    ) -> Layout {
        let mut layout = Layout {
            files: Vec::new(),
            by_terms: vec![usize::MAX; terms.len()],
            by_copy: vec![usize::MAX; terms.len()],
            in_ends: ENDS_LIST_BYTES,
        };
        let pick = |test: &dyn Fn(usize) -> bool| -> Vec<usize> {
            terms.iter().copied().filter(|&p| test(p)).collect()
        };
        let apart = pick(&|p| bytes(p, false).is_some());
        let copies = pick(&|p| bytes(p, true).is_some());
        for (copy, list) in [(false, apart), (true, copies)] {
            if list.is_empty() {
                continue;
            }
            for r in runs(&list, file_bytes, |&p| bytes(p, copy).unwrap_or(0)) {
                let file = layout.files.len();
                for &pos in &list[r.clone()] {
                    match copy {
                        false => layout.by_terms[pos] = file,
                        true => layout.by_copy[pos] = file,
                    }
                }
                layout.files.push((list[r].to_vec(), copy));
            }
        }
        layout
    }

    /// Whether a term in postings files whose lists there are `main` also has them inline in
    /// its ends file.
    pub fn inline_in_ends(&self, main: &[String; 3]) -> bool {
        main.iter().map(String::len).sum::<usize>() <= self.in_ends
    }

    /// The `inline` entry of a term at `pos` in a terms or an ends file (see the module):
    /// `postings`, its lists with their lengths; `near`, the lists of it that its ends file
    /// holds when they fit (its main form, or its copy without lengths when it has one).
    pub fn entry(
        &self,
        place: Place,
        pos: usize,
        in_ends: bool,
        postings: &[String; 3],
        near: Option<&[String; 3]>,
    ) -> String {
        let apart = match (place, in_ends) {
            (Place::Both, _) | (Place::Terms, false) => return postings.join(","),
            (Place::Terms, true) => return "=".to_string(),
            (Place::Apart(apart), _) => apart,
        };
        let near = near.filter(|lists| in_ends && self.inline_in_ends(lists));
        if let (Some(lists), false) = (near, apart.copy) {
            return lists.join(",");
        }
        let mut out = format!("!{}", self.by_terms[pos]);
        if apart.copy {
            out.push_str(&format!("/{}", self.by_copy[pos]));
        }
        if apart.bare.contains(&true) {
            out.push(LENGTHLESS);
            for f in (0..3).filter(|&f| apart.bare[f]) {
                out.push_str(&f.to_string());
            }
        }
        if let Some(copy) = near {
            out.push(NEAR_COPY);
            out.push_str(&copy.join(","));
        }
        out
    }
}

/// In an ends file, what follows it in an entry `!N/M~F` is the copy of `postings/M` itself.
pub const NEAR_COPY: char = '|';

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_lists_leave_their_lengths_out_and_fairly_common_ones_get_a_copy() {
        let only = Apart::of([10, 0, 500], 1000);
        assert_eq!(
            only,
            Apart {
                bare: [false, false, true],
                copy: false
            }
        );
        assert!(only.main_is_bare());
        let copy = Apart::of([100, 0, 499], 1000);
        assert_eq!(
            copy,
            Apart {
                bare: [true, false, true],
                copy: true
            }
        );
        assert!(!copy.main_is_bare());
        assert_eq!(
            Apart::of([1, 2, 99], 1000),
            Apart {
                bare: [false; 3],
                copy: false
            }
        );
    }

    #[test]
    fn entries_name_the_files_and_the_fields_without_lengths() {
        // Terms 0 (inline), 1 (small), 2 (large, with a copy).
        let sizes = [None, Some(10), Some(1000)];
        let layout = Layout::new(
            &[0, 1, 2],
            |p, copy| match (p, copy) {
                (2, true) => Some(400),
                (_, true) => None,
                _ => sizes[p],
            },
            1000,
        );
        let files: Vec<(Vec<usize>, bool)> = layout.files.clone();
        assert_eq!(files, [(vec![1, 2], false), (vec![2], true)]);
        let lists = ["a".to_string(), "b".to_string(), "c".to_string()];
        assert_eq!(layout.entry(Place::Both, 0, true, &lists, None), "a,b,c");
        assert_eq!(layout.entry(Place::Terms, 0, true, &lists, None), "=");
        let plain = Place::Apart(Apart {
            bare: [false; 3],
            copy: false,
        });
        // A list is inline in the ends file too (up to the limit of the layout).
        assert_eq!(layout.entry(plain, 1, false, &lists, Some(&lists)), "!0");
        assert_eq!(layout.entry(plain, 1, true, &lists, Some(&lists)), "a,b,c");
        let short = Layout {
            in_ends: 1000,
            ..layout
        };
        let long = ["x".repeat(1001), String::new(), String::new()];
        assert_eq!(short.entry(plain, 1, true, &lists, Some(&long)), "!0");
        let layout = short;
        let copied = Place::Apart(Apart {
            bare: [false, false, true],
            copy: true,
        });
        assert_eq!(layout.entry(copied, 2, true, &lists, Some(&long)), "!0/1~2");
        // A copy without lengths goes after the pointer to the lists with them.
        let copy = ["a".to_string(), "b".to_string(), "~c".to_string()];
        assert_eq!(
            layout.entry(copied, 2, true, &lists, Some(&copy)),
            "!0/1~2|a,b,~c"
        );
        assert_eq!(
            layout.entry(copied, 2, false, &lists, Some(&copy)),
            "!0/1~2"
        );
        let bare = Place::Apart(Apart {
            bare: [true, false, true],
            copy: false,
        });
        assert_eq!(layout.entry(bare, 2, false, &lists, Some(&lists)), "!0~02");
        let lengthless = ["~a".to_string(), "b".to_string(), "~c".to_string()];
        assert_eq!(
            layout.entry(bare, 2, true, &lists, Some(&lengthless)),
            "~a,b,~c"
        );
    }
}
