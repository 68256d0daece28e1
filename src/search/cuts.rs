//! Where the files of sorted keys (the terms files and the ends files) are cut.
//!
//! Owns: choosing the cuts so that the keys a query looks up together lie in one file.
//! Does not: know what a key's entry holds (shards.rs gives each key's bytes) or write files.
//!
//! A query looks keys up by their start: a word being typed loads every terms file that may
//! hold a term starting with it (its completions, from `MIN_PREFIX` letters), a finished word
//! every ends file that may hold a reversed term starting with it (its compounds, from
//! `MIN_COMPOUND_HEAD` letters: js/search-engine.js). A cut between two keys that share more
//! letters than that splits such a family over two files, and the query that needs it pays a
//! round trip more; a cut between keys that share fewer letters splits none. So a file is not
//! closed at the first key past its size, but at the best cut near it: the one whose keys share
//! the fewest letters (down to `free`, which splits no family), then the one nearest the size.
//! A file grows past its size to the end of a family, up to `LONGEST` times the size.
//!
//! A key's bytes count at most one file's size here: a common word's postings make a large
//! entry (a file of its own, whatever the cuts), and its compounds, which follow it, still go
//! in its file when they fit beside it.

use std::ops::Range;

/// A file is closed from this share of its size on (at the best cut)…
const SHORTEST: f64 = 0.5;
/// … once it holds this many times its size and a cut splits no family, …
const USUAL: f64 = 1.5;
/// … and at the latest at this many times its size (a family larger than that is split at the
/// cut whose keys share the fewest letters).
const LONGEST: f64 = 3.0;

/// Where a list of keys was cut, with what the cuts were made of: a `serve` session's next
/// build takes again the cuts that nothing they were made of has changed.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Cuts {
    target: usize,
    free: usize,
    sizes: Vec<u32>,
    shared: Vec<u32>,
    runs: Vec<Run>,
}

#[derive(Clone, Debug, PartialEq)]
struct Run {
    range: Range<usize>,
    /// One past the last key whose size or shared start choosing this run read; one past the
    /// key count when it read the list's end.
    read_to: usize,
}

impl Cuts {
    /// The runs of keys, one file each, in order.
    pub fn runs(&self) -> Vec<Range<usize>> {
        match self.runs.is_empty() {
            true => std::iter::once(0..0).collect(),
            false => self.runs.iter().map(|r| r.range.clone()).collect(),
        }
    }
}

/// Cuts sorted keys into consecutive runs of about `target` bytes. `sizes[i]`: the bytes of key
/// `i`'s entry; `shared[i]`: how many characters key `i` shares with key `i - 1` at its start
/// (`shared[0]` is not read); `free`: a cut between keys that share at most this many splits
/// no family. With `last` (the cuts of the last build), the runs before the first key whose
/// size or start changed, and those after the last one, are taken from it: a run depends only
/// on the keys it read, so the result is the same as without.
pub fn family_runs(
    sizes: Vec<u32>,
    shared: Vec<u32>,
    target: usize,
    free: usize,
    last: Option<&Cuts>,
) -> Cuts {
    debug_assert_eq!(sizes.len(), shared.len());
    let target = target.max(1);
    let mut cuts = Cuts {
        target,
        free,
        sizes,
        shared,
        runs: Vec::new(),
    };
    let last = last.filter(|l| l.target == target && l.free == free);
    let count = cuts.sizes.len();
    let (mut start, tail) = match last {
        Some(last) => {
            let (head, tail) = common_ends(&cuts, last);
            let kept = last.runs.iter().take_while(|r| r.read_to <= head);
            cuts.runs.extend(kept.cloned());
            (
                cuts.runs.last().map_or(0, |r| r.range.end),
                tail.map(|t| (last, t)),
            )
        }
        None => (0, None),
    };
    while start < count {
        if let Some((last, (from, shift))) = tail {
            // From here on the keys are those of the last build's end: so are its runs.
            let old = start as isize - shift;
            if start >= from {
                if let Ok(at) = last
                    .runs
                    .binary_search_by_key(&old, |r| r.range.start as isize)
                {
                    let moved = |i: usize| (i as isize + shift) as usize;
                    cuts.runs.extend(last.runs[at..].iter().map(|r| Run {
                        range: moved(r.range.start)..moved(r.range.end),
                        read_to: moved(r.read_to),
                    }));
                    break;
                }
            }
        }
        let run = one_run(&cuts.sizes, &cuts.shared, start, target, free);
        start = run.range.end;
        cuts.runs.push(run);
    }
    cuts
}

/// How far `cuts`'s keys are the same as `last`'s from the start (the first index that
/// differs, or the shorter length), and from the end: `Some((from, shift))` when the keys from
/// `from` on are those of `last` from `from - shift` on, through the end.
fn common_ends(cuts: &Cuts, last: &Cuts) -> (usize, Option<(usize, isize)>) {
    let same =
        |a: usize, b: usize| cuts.sizes[a] == last.sizes[b] && cuts.shared[a] == last.shared[b];
    let (n, m) = (cuts.sizes.len(), last.sizes.len());
    let head = (0..n.min(m)).find(|&i| !same(i, i)).unwrap_or(n.min(m));
    let tail = (1..=n.min(m)).take_while(|&j| same(n - j, m - j)).count();
    let shift = n as isize - m as isize;
    (head, (tail > 0).then_some((n - tail, shift)))
}

/// The run from `start`: a file is closed at the best cut once it is large enough (see the
/// module's comment).
fn one_run(sizes: &[u32], shared: &[u32], start: usize, target: usize, free: usize) -> Run {
    let at = |share: f64| (target as f64 * share) as usize;
    let (shortest, usual, longest) = (at(SHORTEST), at(USUAL), at(LONGEST));
    let count = sizes.len();
    // The best cut so far: (letters shared beyond `free`, distance from the size, position).
    let mut best: Option<(usize, usize, usize)> = None;
    let mut bytes = 0;
    for (i, &size) in sizes.iter().enumerate().skip(start) {
        bytes += (size as usize).min(target);
        let cut = i + 1;
        if cut == count {
            break;
        }
        if bytes >= shortest {
            let candidate = (
                (shared[cut] as usize).saturating_sub(free),
                bytes.abs_diff(target),
                cut,
            );
            if best.is_none_or(|b| (candidate.0, candidate.1) < (b.0, b.1)) {
                best = Some(candidate);
            }
        }
        let splits_none = best.is_some_and(|b| b.0 == 0);
        if (bytes >= usual && splits_none) || bytes >= longest {
            let end = best.map_or(cut, |b| b.2);
            return Run {
                range: start..end,
                read_to: cut + 1,
            };
        }
    }
    Run {
        range: start..count,
        read_to: count + 1,
    }
}

/// How many characters `b` shares with `a` at its start.
pub fn shared_start(a: &str, b: &str) -> usize {
    // The bytes first (most terms are ASCII), back to the last whole character: the two strings
    // are the same up to there, so a character boundary of one is one of the other.
    let mut end = a.bytes().zip(b.bytes()).take_while(|(x, y)| x == y).count();
    while !a.is_char_boundary(end) {
        end -= 1;
    }
    a[..end].chars().count()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn shares(keys: &[&str]) -> Vec<u32> {
        (0..keys.len())
            .map(|i| match i {
                0 => 0,
                _ => shared_start(keys[i - 1], keys[i]) as u32,
            })
            .collect()
    }

    fn cut<'k>(keys: &[&'k str], target: usize, free: usize) -> Vec<Vec<&'k str>> {
        let runs = family_runs(vec![1; keys.len()], shares(keys), target, free, None).runs();
        runs.into_iter().map(|r| keys[r].to_vec()).collect()
    }

    #[test]
    fn a_file_ends_where_no_family_is_split() {
        // Four keys a file; "moe…" is one family of a three-letter start.
        let keys = [
            "maan", "mag", "moe", "moed", "moet", "moeten", "mooi", "mop", "mos", "mot", "mud",
            "muur",
        ];
        assert_eq!(
            cut(&keys, 4, 2),
            [
                vec!["maan", "mag"],
                vec!["moe", "moed", "moet", "moeten"],
                vec!["mooi", "mop", "mos", "mot", "mud", "muur"]
            ]
        );
    }

    #[test]
    fn a_family_larger_than_the_longest_file_is_split_where_it_shares_least() {
        let keys = ["aaaa", "aaab", "aaac", "aabd", "aabe", "aabf"];
        // Three keys at most (LONGEST times one), every cut splits the family "aa".
        assert_eq!(
            cut(&keys, 1, 1),
            [vec!["aaaa", "aaab", "aaac"], vec!["aabd", "aabe", "aabf"]]
        );
    }

    #[test]
    fn a_large_entry_takes_its_family_along() {
        // "ouder" has a large list; its compounds follow it into its file.
        let keys = ["kader", "ouder", "ouderavond", "ouders", "paard", "peer"];
        let sizes = [1, 100, 1, 1, 1, 1];
        let runs = family_runs(sizes.to_vec(), shares(&keys), 2, 3, None).runs();
        assert_eq!(runs, vec![0..1, 1..4, 4..6]);
    }

    #[test]
    fn every_key_is_in_one_run() {
        assert_eq!(family_runs(vec![], vec![], 10, 2, None).runs(), vec![0..0]);
        let sizes = (0..1000).map(|i| i % 5).collect();
        let shared = (0..1000).map(|i| i % 4).collect();
        let runs = family_runs(sizes, shared, 7, 2, None).runs();
        let mut next = 0;
        for r in &runs {
            assert_eq!(r.start, next);
            assert!(!r.is_empty());
            next = r.end;
        }
        assert_eq!(next, 1000);
        assert_eq!(shared_start("kinder", "kind"), 4);
        assert_eq!(shared_start("é", "e"), 0);
        assert_eq!(shared_start("é", "è"), 0);
        assert_eq!(shared_start("aéb", "aéc"), 2);
        assert_eq!(shared_start("kind", "kind"), 4);
        assert_eq!(shared_start("", "kind"), 0);
    }

    /// A list of (size, shared) pairs and an edit of it: some pairs replaced, inserted or
    /// removed at one place.
    type Pairs = Vec<(u32, u32)>;

    fn edited() -> impl Strategy<Value = (Pairs, Pairs)> {
        let pair = (0u32..9, 0u32..6);
        (
            proptest::collection::vec(pair.clone(), 0..400),
            any::<prop::sample::Index>(),
            0usize..6,
            proptest::collection::vec(pair, 0..6),
        )
            .prop_map(|(old, at, removed, inserted)| {
                let mut new = old.clone();
                let at = at.index(old.len() + 1);
                let removed = removed.min(old.len() - at);
                new.splice(at..at + removed, inserted);
                (old, new)
            })
    }

    proptest! {
        #[test]
        fn shared_start_counts_the_characters_two_strings_begin_with(a in "[aeé😀]{0,6}", b in "[aeé😀]{0,6}") {
            let by_chars = a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count();
            prop_assert_eq!(shared_start(&a, &b), by_chars);
        }

        #[test]
        fn the_cuts_taken_again_are_those_made_anew((old, new) in edited(), target in 1usize..12) {
            let split = |pairs: &[(u32, u32)]| -> (Vec<u32>, Vec<u32>) { pairs.iter().copied().unzip() };
            let (sizes, shared) = split(&old);
            let last = family_runs(sizes, shared, target, 2, None);
            let (sizes, shared) = split(&new);
            let fresh = family_runs(sizes.clone(), shared.clone(), target, 2, None);
            let again = family_runs(sizes, shared, target, 2, Some(&last));
            prop_assert_eq!(again, fresh);
        }
    }
}
