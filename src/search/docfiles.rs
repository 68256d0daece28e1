//! The files of the split index that are by document: `zoeken/docs/N.js` (what results show)
//! and `zoeken/lengths/F.js` (each document's length in a field), and the manifest's entries
//! by document (kinds, title lengths, average lengths).
//!
//! Owns: which documents go in which docs file, and the keys of these files (shards.rs's
//! `Written` takes a file again by its key).
//! Does not: choose what a document holds (mod.rs) or write the terms and postings
//! (shards.rs).

use rayon::prelude::*;

use super::placement::Place;
use super::shards::{encode_numbers, shard};
use super::written::{Key, Shard, Written};
use super::{SearchDoc, Stored, MAX_STORED_CHARS};
use crate::error::Error;

/// Every document's length in each field that has a list without lengths.
pub fn write_lengths(
    places: &[Place],
    lengths: &[[u32; 3]],
    written: &Written<'_>,
) -> Result<(), Error> {
    let lengthless_fields = places.iter().fold([false; 3], |mut any, place| {
        if let Place::Apart(apart) = place {
            (0..3).for_each(|f| any[f] |= apart.bare[f]);
        }
        any
    });
    for f in (0..3).filter(|&f| lengthless_fields[f]) {
        let column = || lengths.iter().map(move |l| u64::from(l[f]));
        let key = || {
            let mut key = Key::default();
            for n in column() {
                key.number(n);
            }
            key.finish()
        };
        let make = || shard(&format!("lengths/{f}"), &encode_numbers(column()));
        written.put(Shard::Lengths, f, key, make)?;
    }
    Ok(())
}

/// What results show, by document: as many per file as fit in `target` bytes on average (made
/// file by file, as the texts of every document at once are 50 MB at 10,000 lessons). The
/// documents that are no lesson material (steps, partners, terms: a few hundred, which a
/// question's first results often are, several at once) lie together: each run of one kind in
/// files of about `OTHERS_FILE_BYTES`, so the first screen of "wat moet ik doen…" needs one
/// file of step texts, not three.
pub struct StoredDocs<'a> {
    pub docs: &'a [SearchDoc<'a>],
    /// Per document, a key of what it is made of (in a session).
    pub keys: Option<&'a [u64]>,
    pub target: usize,
    pub stored_bytes: usize,
}

/// Raw bytes of stored documents per file in a run of documents that are no lesson material
/// (at least the lesson material's own size): the steps of the bundled site are about 13 KB,
/// its partners 15 KB.
const OTHERS_FILE_BYTES: usize = 16_000;

impl StoredDocs<'_> {
    /// Writes the files and returns the runs of documents as `[count, per file]`: each run's
    /// files are numbered on from the last run's (the manifest's `docFiles`).
    pub fn write(&self, written: &Written<'_>) -> Result<Vec<[usize; 2]>, Error> {
        let docs = self.docs;
        let lesson_per_file =
            (self.target * docs.len().max(1) / self.stored_bytes.max(1)).clamp(1, 256);
        let runs = self.runs(lesson_per_file);
        // (first document, documents) of every file, in order.
        let mut files = Vec::new();
        let mut start = 0;
        for &[count, per_file] in &runs {
            for first in (start..start + count).step_by(per_file) {
                files.push((first, per_file.min(start + count - first)));
            }
            start += count;
        }
        let keys = self.keys.unwrap_or_default();
        files
            .par_iter()
            .enumerate()
            .try_for_each(|(i, &(first, len))| {
                let part = &docs[first..first + len];
                let key = || {
                    let mut key = Key::default();
                    for &k in &keys[first..first + len] {
                        key.number(k);
                    }
                    key.finish()
                };
                let make = || {
                    let stored: Vec<Stored> = part.iter().map(Stored::of).collect();
                    shard(&format!("docs/{i}"), &stored)
                };
                written.put(Shard::Docs, i, key, make)
            })?;
        Ok(runs)
    }

    /// The runs of documents: the lesson material's with `lesson_per_file` a file, and every
    /// run of another kind with as many as fit in `OTHERS_FILE_BYTES` on average.
    fn runs(&self, lesson_per_file: usize) -> Vec<[usize; 2]> {
        let mut runs = Vec::new();
        let mut start = 0;
        for (kind, count) in kind_runs(self.docs) {
            let per_file = match kind {
                "" => lesson_per_file,
                _ => {
                    let bytes: usize = self.docs[start..start + count]
                        .iter()
                        .map(stored_bytes)
                        .sum();
                    let target = OTHERS_FILE_BYTES.max(self.target);
                    (target * count / bytes.max(1))
                        .clamp(1, 256)
                        .max(lesson_per_file)
                }
            };
            runs.push([count, per_file]);
            start += count;
        }
        runs
    }
}

/// About the bytes of a document's stored fields (its text is cut at MAX_STORED_CHARS).
pub fn stored_bytes(d: &SearchDoc) -> usize {
    d.url.len() + d.title.len() + d.crumb.len() + d.body.len().min(MAX_STORED_CHARS) + 40
}

/// The title lengths of the documents that are no lesson material (steps, partners: a few
/// hundred), in order: ranking weighs a question's answers by their titles before any posting
/// of theirs is loaded.
pub fn other_title_lengths(docs: &[SearchDoc], lengths: &[[u32; 3]]) -> String {
    encode_numbers(
        docs.iter()
            .zip(lengths)
            .filter(|(d, _)| !matches!(d.kind, "module" | "lesson" | "section"))
            .map(|(_, l)| u64::from(l[0])),
    )
}

/// The documents' kinds as runs, `[[kind, count], …]`, with lesson material (`module`, `lesson`,
/// `section`) as `""`: the kinds that ranking weighs by intent come in a few long runs, so the
/// manifest stays small however many lessons there are.
pub fn kind_runs(docs: &[SearchDoc]) -> Vec<(&'static str, usize)> {
    let mut runs: Vec<(&'static str, usize)> = Vec::new();
    for d in docs {
        let kind = match d.kind {
            "module" | "lesson" | "section" => "",
            other => other,
        };
        match runs.last_mut() {
            Some((k, n)) if *k == kind => *n += 1,
            _ => runs.push((kind, 1)),
        }
    }
    runs
}

/// The mean number of indexed words per field (BM25's length normalisation), to 2 decimals.
pub fn average_lengths(lengths: &[[u32; 3]]) -> [f64; 3] {
    [0, 1, 2].map(|f| {
        let sum: u64 = lengths.iter().map(|l| u64::from(l[f])).sum();
        let mean = sum as f64 / lengths.len().max(1) as f64;
        (mean * 100.0).round() / 100.0
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::borrow::Cow;

    fn doc(kind: &'static str, body_chars: usize) -> SearchDoc<'static> {
        SearchDoc {
            url: "a/".to_string(),
            title: "T".to_string(),
            context: String::new(),
            body: Cow::Owned("x".repeat(body_chars)),
            crumb: "T".to_string(),
            kind,
        }
    }

    #[test]
    fn every_run_of_another_kind_than_lesson_material_has_files_of_its_own() {
        let mut docs: Vec<SearchDoc> = (0..10).map(|_| doc("section", 1000)).collect();
        docs.insert(0, doc("module", 1000));
        docs.extend((0..6).map(|_| doc("step", 1000)));
        docs.extend((0..40).map(|_| doc("partner", 300)));
        docs.push(doc("finder", 10));
        let stored_bytes = docs.iter().map(stored_bytes).sum();
        let stored = StoredDocs {
            docs: &docs,
            keys: None,
            target: 2_000,
            stored_bytes,
        };
        let runs = stored.runs(2);
        // Lesson material 2 a file (as given); the steps (6 KB) in one file, the partners
        // (14 KB) in one, the finder in one.
        assert_eq!(runs, vec![[11, 2], [6, 15], [40, 46], [1, 256]]);
        let counted: usize = runs.iter().map(|[count, _]| count).sum();
        assert_eq!(counted, docs.len());
    }
}
