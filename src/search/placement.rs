//! Where each term's postings go in the split index, and in which form.
//!
//! Owns: the choice between a term's terms file, its ends file and the postings files, which
//! lists leave their documents' lengths out, which terms are written twice, and the `inline`
//! entries of the terms and ends files that say where to find them.
//! Does not: encode postings (shards.rs) or write files.
//!
//! A term's postings are inline when they are small, else in postings files:
//! - in the terms order (`postings/N`), always: the completions of a word lie together;
//! - a small list again in the ends order, where a word's compounds lie together;
//! - a common word's list without lengths (`LENGTHLESS_SHARE` of the documents, or
//!   `COPY_SHARE` for a second copy beside the one with lengths): the browser then takes every
//!   document's length from `lengths/F`, once for all such words of a query.
//!
//! Entries (see js/search-shards.js): the postings, `=` (in the terms file), or
//! `!N[/M][~F…]`: in `postings/N`; `/M`: a copy in `postings/M` whose lists of the fields F
//! carry no lengths; without `/M`, the lists of the fields F in `postings/N` carry none.

use super::shards::{runs, LENGTHLESS};

/// A list in a postings file that holds at least this share of all documents (a word such as
/// "kind" or "niet") is written without lengths only: each length costs a common word's list
/// more than its own posting does, and its lengths are every document's.
pub const LENGTHLESS_SHARE: f64 = 0.5;
/// A list of at least this share of the documents (but less than `LENGTHLESS_SHARE`) gets a
/// second copy without lengths, which a query takes when it loads the lengths anyway.
pub const COPY_SHARE: f64 = 0.1;
/// A list of at most this share of a postings file's bytes is also written in a file of the
/// ends order. A query word's compounds (up to 30, mostly rare) then cost a file or two instead
/// of a postings file each.
const TWICE_SHARE_OF_FILE: usize = 4;

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
    /// copies without lengths: first the files of the terms order, then those of the ends
    /// order, then the copies.
    pub files: Vec<(Vec<usize>, bool)>,
    /// Per position, its file in the terms order, in the ends order (the same one for a large
    /// list) and of its copy; `usize::MAX` for none.
    by_terms: Vec<usize>,
    by_ends: Vec<usize>,
    by_copy: Vec<usize>,
}

impl Layout {
    /// `terms` and `ends`: every position in the two orders; `bytes(pos, copy)`: the size of a
    /// term's postings in a postings file (its main form, or its copy), `None` for none.
    pub fn new(
        terms: &[usize],
        ends: &[usize],
        bytes: impl Fn(usize, bool) -> Option<usize>,
        file_bytes: usize,
    ) -> Layout {
        let mut layout = Layout {
            files: Vec::new(),
            by_terms: vec![usize::MAX; terms.len()],
            by_ends: vec![usize::MAX; terms.len()],
            by_copy: vec![usize::MAX; terms.len()],
        };
        let pick = |order: &[usize], test: &dyn Fn(usize) -> bool| -> Vec<usize> {
            order.iter().copied().filter(|&p| test(p)).collect()
        };
        let apart = pick(terms, &|p| bytes(p, false).is_some());
        let small = pick(ends, &|p| {
            bytes(p, false).is_some_and(|b| b <= file_bytes / TWICE_SHARE_OF_FILE)
        });
        let copies = pick(terms, &|p| bytes(p, true).is_some());
        for (group, list) in [apart, small, copies].into_iter().enumerate() {
            if list.is_empty() {
                continue;
            }
            let copy = group == 2;
            for r in runs(&list, file_bytes, |&p| bytes(p, copy).unwrap_or(0)) {
                let file = layout.files.len();
                for &pos in &list[r.clone()] {
                    match group {
                        0 => {
                            layout.by_terms[pos] = file;
                            layout.by_ends[pos] = file;
                        }
                        1 => layout.by_ends[pos] = file,
                        _ => layout.by_copy[pos] = file,
                    }
                }
                layout.files.push((list[r].to_vec(), copy));
            }
        }
        layout
    }

    /// The `inline` entry of a term at `pos` in a terms or an ends file (see the module).
    pub fn entry(&self, place: Place, pos: usize, in_ends: bool, postings: &[String; 3]) -> String {
        let apart = match (place, in_ends) {
            (Place::Both, _) | (Place::Terms, false) => return postings.join(","),
            (Place::Terms, true) => return "=".to_string(),
            (Place::Apart(apart), _) => apart,
        };
        let main = if in_ends {
            self.by_ends[pos]
        } else {
            self.by_terms[pos]
        };
        let mut out = format!("!{main}");
        if apart.copy {
            out.push_str(&format!("/{}", self.by_copy[pos]));
        }
        if apart.bare.contains(&true) {
            out.push(LENGTHLESS);
            for f in (0..3).filter(|&f| apart.bare[f]) {
                out.push_str(&f.to_string());
            }
        }
        out
    }
}

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
        // Terms 0 (inline), 1 (small), 2 (large, with a copy); ends order 2, 1, 0.
        let sizes = [None, Some(10), Some(1000)];
        let layout = Layout::new(
            &[0, 1, 2],
            &[2, 1, 0],
            |p, copy| match (p, copy) {
                (2, true) => Some(400),
                (_, true) => None,
                _ => sizes[p],
            },
            1000,
        );
        let files: Vec<(Vec<usize>, bool)> = layout.files.clone();
        assert_eq!(
            files,
            [(vec![1, 2], false), (vec![1], false), (vec![2], true)]
        );
        let lists = ["a".to_string(), "b".to_string(), "c".to_string()];
        assert_eq!(layout.entry(Place::Both, 0, true, &lists), "a,b,c");
        assert_eq!(layout.entry(Place::Terms, 0, true, &lists), "=");
        let plain = Place::Apart(Apart {
            bare: [false; 3],
            copy: false,
        });
        assert_eq!(layout.entry(plain, 1, false, &lists), "!0");
        assert_eq!(layout.entry(plain, 1, true, &lists), "!1");
        let copied = Place::Apart(Apart {
            bare: [false, false, true],
            copy: true,
        });
        assert_eq!(layout.entry(copied, 2, true, &lists), "!0/2~2");
        let bare = Place::Apart(Apart {
            bare: [true, false, true],
            copy: false,
        });
        assert_eq!(layout.entry(bare, 2, false, &lists), "!0~02");
    }
}
