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

use rustc_hash::FxHashMap;
use xxhash_rust::xxh3::xxh3_128;

use crate::error::Error;
use crate::offline::Digest;
use crate::render::{OutputFile, Sink};

/// The shard files of the last build with their keys (empty outside a session).
#[derive(Default)]
pub struct KeptFiles {
    by_name: FxHashMap<String, Kept>,
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
    last: Option<Mutex<FxHashMap<String, Kept>>>,
    next: Mutex<Vec<(String, Kept)>>,
    /// How many files were written anew (the others were taken again).
    made: std::sync::atomic::AtomicUsize,
}

impl<'a> Written<'a> {
    /// Into `sink`, taking again files of `kept` (a session) when it is given.
    pub fn new(sink: &'a dyn Sink, folder: &'a str, kept: Option<&mut KeptFiles>) -> Self {
        Written {
            sink,
            folder,
            digests: Mutex::new(Vec::new()),
            last: kept.map(|k| Mutex::new(std::mem::take(&mut k.by_name))),
            next: Mutex::new(Vec::new()),
            made: Default::default(),
        }
    }

    /// Puts the file `name`: the last build's when its key was `key()`, else `make()`.
    pub fn put(
        &self,
        name: &str,
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
            self.push(digest);
            return Ok(());
        };
        let key = key();
        // By the whole path: the search folder's name is an input too.
        let path = format!("{}/{name}", self.folder);
        let old = lock(last).remove(&path);
        let kept = match old {
            Some(old) if old.key == key => old,
            _ => {
                let (file, digest) = made();
                self.made.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                Kept { key, file, digest }
            }
        };
        self.sink.put(kept.file.clone())?;
        self.push(kept.digest.clone());
        lock(&self.next).push((path, kept));
        Ok(())
    }

    fn push(&self, digest: Digest) {
        lock(&self.digests).push(digest);
    }

    /// The digests of every file put, sorted; the files put are kept in `kept` for the next
    /// build (the last build's others are forgotten).
    pub fn finish(self, kept: Option<&mut KeptFiles>) -> Vec<Digest> {
        if let Some(kept) = kept {
            kept.made = self.made.into_inner();
            let next = self.next.into_inner().unwrap_or_else(|e| e.into_inner());
            kept.by_name = next.into_iter().collect();
        }
        let mut digests = self.digests.into_inner().unwrap_or_else(|e| e.into_inner());
        digests.sort();
        digests
    }
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}

/// A file's key: a 128-bit hash of the numbers and texts it is made of, each text with its
/// length, so that two different lists of them do not make the same key (but by a chance of
/// 2^-128, far below any other failure of a machine). The pieces are gathered and hashed at
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

    pub fn text(&mut self, text: &str) -> &mut Self {
        self.number(text.len() as u64);
        self.0.extend_from_slice(text.as_bytes());
        self
    }

    pub fn finish(&self) -> u128 {
        xxh3_128(&self.0)
    }
}
