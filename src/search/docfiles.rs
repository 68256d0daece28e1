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
use super::{SearchDoc, Stored};
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
/// file by file, as the texts of every document at once are 50 MB at 10,000 lessons).
pub struct StoredDocs<'a> {
    pub docs: &'a [SearchDoc<'a>],
    /// Per document, a key of what it is made of (in a session).
    pub keys: Option<&'a [u64]>,
    pub target: usize,
    pub stored_bytes: usize,
}

impl StoredDocs<'_> {
    /// Writes the files and returns the number of documents per file.
    pub fn write(&self, written: &Written<'_>) -> Result<usize, Error> {
        let docs = self.docs;
        let docs_per_file =
            (self.target * docs.len().max(1) / self.stored_bytes.max(1)).clamp(1, 256);
        let keys = self.keys.unwrap_or_default();
        docs.par_chunks(docs_per_file)
            .enumerate()
            .try_for_each(|(i, part)| {
                let key = || {
                    let mut key = Key::default();
                    let start = i * docs_per_file;
                    for &k in &keys[start..start + part.len()] {
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
        Ok(docs_per_file)
    }
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
