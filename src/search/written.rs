//! Passes the shard files on to a sink and remembers their digests for the manifest's version;
//! in a `serve` session it takes a file's bytes of the last build again when what goes in it
//! is the same.
//!
//! Owns: the shard files kept between rebuilds, each with its key: a hash of what goes in the
//! file (term ids with the generation of their postings, document keys, …), made by shards.rs
//! without writing the file's bytes.
//! Does not: decide what goes in a file or how its bytes are written (shards.rs does both,
//! apart: a file's key, and a function that makes its bytes).

use std::sync::Mutex;

use xxhash_rust::xxh3::xxh3_128;

use super::cuts::Cuts;
use crate::error::Error;
use crate::offline::Digest;
use crate::render::{OutputFile, Sink};

/// The kinds of shard file, each numbered from 0: `terms/N`, `ends/N`, … (see shards.rs).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shard {
    Terms,
    Ends,
    Postings,
    Lengths,
    Docs,
}

impl Shard {
    const ALL: [Shard; 5] = [
        Shard::Terms,
        Shard::Ends,
        Shard::Postings,
        Shard::Lengths,
        Shard::Docs,
    ];

    /// The folder of its files in the search folder.
    pub fn name(self) -> &'static str {
        match self {
            Shard::Terms => "terms",
            Shard::Ends => "ends",
            Shard::Postings => "postings",
            Shard::Lengths => "lengths",
            Shard::Docs => "docs",
        }
    }
}

/// The shard files of the last build with their keys, by kind and number (empty outside a
/// session).
#[derive(Default)]
pub struct KeptFiles {
    /// The search folder they are in: another one takes none of them again.
    folder: String,
    by_kind: [Vec<Option<Kept>>; 5],
    /// Where the terms files and the ends files were cut (cuts.rs).
    cuts: [Option<Cuts>; 2],
    /// How many files the last build wrote anew (the others it took again).
    pub made: usize,
}

struct Kept {
    key: u128,
    file: OutputFile,
    digest: Digest,
}

/// Passes shard files on to a sink (taking again those of `kept` whose key is the same) and
/// remembers their digests.
pub struct Written<'a> {
    sink: &'a dyn Sink,
    /// The search folder of the site (`zoeken`), which the shards' paths start with.
    folder: &'a str,
    digests: Mutex<Vec<Digest>>,
    /// `None` outside a session: no key is made and nothing is kept.
    last: Option<[Vec<Mutex<Option<Kept>>>; 5]>,
    next: Mutex<Vec<(Shard, usize, Kept)>>,
    /// The last build's cuts of the terms files and the ends files, and this build's.
    last_cuts: [Mutex<Option<Cuts>>; 2],
    next_cuts: [Mutex<Option<Cuts>>; 2],
    /// How many files were written anew (the others were taken again).
    made: std::sync::atomic::AtomicUsize,
}

impl<'a> Written<'a> {
    /// Into `sink`, taking again files of `kept` (a session) when it is given.
    pub fn new(sink: &'a dyn Sink, folder: &'a str, kept: Option<&mut KeptFiles>) -> Self {
        let mut last_cuts: [Option<Cuts>; 2] = Default::default();
        let last = kept.map(|kept| {
            let same = kept.folder == folder;
            if same {
                last_cuts = std::mem::take(&mut kept.cuts);
            }
            kept.by_kind.each_mut().map(|files| match same {
                true => std::mem::take(files).into_iter().map(Mutex::new).collect(),
                false => Vec::new(),
            })
        });
        // Room for as many files as the last build had: growing the list costs more than all
        // the files taken again.
        let count = last.as_ref().map_or(0, |l| l.iter().map(Vec::len).sum()) + 64;
        Written {
            sink,
            folder,
            digests: Mutex::new(Vec::new()),
            last,
            next: Mutex::new(Vec::with_capacity(count)),
            last_cuts: last_cuts.map(Mutex::new),
            next_cuts: Default::default(),
            made: Default::default(),
        }
    }

    /// The last build's cuts of `kind`'s files (terms or ends), once.
    pub fn last_cuts(&self, kind: Shard) -> Option<Cuts> {
        lock(self.last_cuts.get(kind as usize)?).take()
    }

    /// Keeps this build's cuts of `kind`'s files for the next build (in a session).
    pub fn keep_cuts(&self, kind: Shard, cuts: Cuts) {
        if let (Some(_), Some(slot)) = (&self.last, self.next_cuts.get(kind as usize)) {
            *lock(slot) = Some(cuts);
        }
    }

    /// Puts the file `number` of `kind`: the last build's when its key was `key()`, else
    /// `make()` (whose path is in the search folder).
    pub fn put(
        &self,
        kind: Shard,
        number: usize,
        key: impl FnOnce() -> u128,
        make: impl FnOnce() -> OutputFile,
    ) -> Result<(), Error> {
        let made = || {
            let mut file = make();
            file.path = format!("{}/{}", self.folder, file.path);
            let digest = Digest::of(&file);
            (file, digest)
        };
        let Some(last) = &self.last else {
            let (file, digest) = made();
            self.sink.put(file)?;
            lock(&self.digests).push(digest);
            return Ok(());
        };
        let key = key();
        let old = last[kind as usize]
            .get(number)
            .and_then(|slot| lock(slot).take());
        let kept = match old {
            Some(old) if old.key == key => old,
            _ => {
                let (file, digest) = made();
                self.made.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                Kept { key, file, digest }
            }
        };
        self.sink.put(kept.file.clone())?;
        // Its digest is taken from `next` when the build is done: one lock per file.
        lock(&self.next).push((kind, number, kept));
        Ok(())
    }

    /// The digests of every file put, sorted; the files put are kept in `kept` for the next
    /// build (the last build's others are forgotten).
    pub fn finish(self, kept: Option<&mut KeptFiles>) -> Vec<Digest> {
        let mut digests = self.digests.into_inner().unwrap_or_else(|e| e.into_inner());
        if let Some(kept) = kept {
            kept.made = self.made.into_inner();
            kept.folder = self.folder.to_string();
            let next = self.next.into_inner().unwrap_or_else(|e| e.into_inner());
            digests.extend(next.iter().map(|(_, _, file)| file.digest.clone()));
            let mut by_kind: [Vec<Option<Kept>>; 5] = Default::default();
            for kind in Shard::ALL {
                let count = next.iter().filter(|(k, _, _)| *k == kind).count();
                by_kind[kind as usize].resize_with(count, || None);
            }
            for (kind, number, file) in next {
                let files = &mut by_kind[kind as usize];
                if number >= files.len() {
                    files.resize_with(number + 1, || None);
                }
                files[number] = Some(file);
            }
            kept.by_kind = by_kind;
            kept.cuts = self
                .next_cuts
                .map(|c| c.into_inner().unwrap_or_else(|e| e.into_inner()));
        }
        digests.sort_unstable();
        digests
    }
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}

/// A file's key: a 128-bit hash of the numbers it is made of, so that two different lists of
/// them do not make the same key (but by a chance of 2^-128, far below any other failure of a
/// machine). The pieces are gathered and hashed at
/// once: hashing a few bytes at a time costs more than the gathering.
#[derive(Default)]
pub struct Key(Vec<u8>);

impl Key {
    /// A key of about `numbers` numbers.
    pub fn with_capacity(numbers: usize) -> Self {
        Key(Vec::with_capacity(numbers * 8))
    }

    pub fn number(&mut self, n: u64) -> &mut Self {
        self.0.extend_from_slice(&n.to_le_bytes());
        self
    }

    pub fn finish(&self) -> u128 {
        xxh3_128(&self.0)
    }
}
