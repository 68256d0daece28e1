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

/// Cuts `count` sorted keys into consecutive runs of about `target` bytes. `size(i)`: the
/// bytes of key `i`'s entry; `shared(i)`: how many characters key `i` shares with key `i - 1`
/// at its start; `free`: a cut between keys that share at most this many splits no family.
pub fn family_runs(
    count: usize,
    target: usize,
    size: impl Fn(usize) -> usize,
    shared: impl Fn(usize) -> usize,
    free: usize,
) -> Vec<Range<usize>> {
    let target = target.max(1);
    let at = |share: f64| (target as f64 * share) as usize;
    let (shortest, usual, longest) = (at(SHORTEST), at(USUAL), at(LONGEST));
    let mut out = Vec::new();
    let mut start = 0;
    while start < count {
        // The best cut so far: (letters shared beyond `free`, distance from the size, position).
        let mut best: Option<(usize, usize, usize)> = None;
        let mut bytes = 0;
        let mut end = count;
        for i in start..count {
            bytes += size(i).min(target);
            let cut = i + 1;
            if cut == count {
                break;
            }
            if bytes >= shortest {
                let candidate = (
                    shared(cut).saturating_sub(free),
                    bytes.abs_diff(target),
                    cut,
                );
                if best.is_none_or(|b| (candidate.0, candidate.1) < (b.0, b.1)) {
                    best = Some(candidate);
                }
            }
            let splits_none = best.is_some_and(|b| b.0 == 0);
            if (bytes >= usual && splits_none) || bytes >= longest {
                end = best.map_or(cut, |b| b.2);
                break;
            }
        }
        out.push(start..end);
        start = end;
    }
    if out.is_empty() {
        out.push(0..0);
    }
    out
}

/// How many characters `b` shares with `a` at its start.
pub fn shared_start(a: &str, b: &str) -> usize {
    a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cut<'k>(keys: &[&'k str], target: usize, free: usize) -> Vec<Vec<&'k str>> {
        let runs = family_runs(
            keys.len(),
            target,
            |_| 1,
            |i| shared_start(keys[i - 1], keys[i]),
            free,
        );
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
        let runs = family_runs(
            keys.len(),
            2,
            |i| sizes[i],
            |i| shared_start(keys[i - 1], keys[i]),
            3,
        );
        assert_eq!(runs, vec![0..1, 1..4, 4..6]);
    }

    #[test]
    fn every_key_is_in_one_run() {
        assert_eq!(family_runs(0, 10, |_| 1, |_| 0, 2), vec![0..0]);
        let runs = family_runs(1000, 7, |i| i % 5, |i| i % 4, 2);
        let mut next = 0;
        for r in &runs {
            assert_eq!(r.start, next);
            assert!(!r.is_empty());
            next = r.end;
        }
        assert_eq!(next, 1000);
        assert_eq!(shared_start("kinder", "kind"), 4);
        assert_eq!(shared_start("é", "e"), 0);
    }
}
