//! What `serve` keeps of the content from one rebuild for the next: the bytes of each file
//! (`ReadCache`, by the file's stamp on disk) and each file's parse (`ParseCache`, by a hash of
//! its bytes and the folder names it was placed by).
//!
//! Owns: deciding when kept bytes or a kept parse still hold. A file is read again when its
//! size, times or inode changed, when it had changed shortly before it was last read (its
//! times may not tell a second change in the same tick) or when the watcher named it; a parse
//! is taken again only for the very same bytes at the very same place, so it is what a fresh
//! parse makes. While the watcher names every change (`serve`, no event lost) and names only
//! files of the last walk, the others are taken as they are, without a walk or a stamp.
//! Does not: read or parse anything itself (see `read_sources` and `parse`).

use rustc_hash::FxHashMap as HashMap;
use std::hash::Hasher as _;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::SystemTime;

use xxhash_rust::xxh3::{xxh3_64, Xxh3};

use crate::disk::Stamp;

use rayon::prelude::*;

use crate::error::Error;

use super::{parse_file, Doc, Layout, Parsed, SourceFile};

/// The bytes of the content files as last read, by path relative to the site root.
#[derive(Default)]
pub struct ReadCache {
    /// Only files whose stamps had settled when they were read (`Stamp::settled_before`).
    pub(super) files: HashMap<PathBuf, (Stamp, Vec<u8>)>,
    /// Of the last read: the files read from disk, and all content files.
    pub(super) read: usize,
    pub(super) seen: usize,
    /// The Markdown files of the last walk of `content/`, when it found no problem and no
    /// symbolic link: while the watcher names only these files, nothing else can have changed.
    pub(super) listing: Option<Vec<PathBuf>>,
}

impl ReadCache {
    /// Forgets the files at `paths` (absolute, or relative to the root), so they are read
    /// again whatever their stamps say: a save within the clock's resolution of the one before
    /// keeps size and times on some file systems.
    pub fn forget<'p>(&mut self, root: &Path, paths: impl IntoIterator<Item = &'p Path>) {
        let root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
        for path in paths {
            let relative = path.strip_prefix(&root).unwrap_or(path);
            self.files.remove(relative);
        }
    }

    /// Whether a read may read only the files at `paths` (the watcher's, absolute or relative to
    /// the root) and take the others as they were (`read_sources_kept` with `named_only`): when
    /// each is a Markdown file of the last walk and still a plain file, the listing still holds
    /// and no other file changed. A new, renamed or removed file, a folder, a link or a file
    /// outside `content/` (theme, config) needs a whole read. Call `forget` with them too.
    pub fn only_named(&self, root: &Path, paths: &[PathBuf]) -> bool {
        let root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
        let known = |path: &PathBuf| {
            let Ok(relative) = path.strip_prefix(&root) else {
                return false;
            };
            let listed = self
                .listing
                .as_ref()
                .is_some_and(|listing| listing.iter().any(|p| p == relative));
            listed && std::fs::symlink_metadata(path).is_ok_and(|meta| meta.file_type().is_file())
        };
        !paths.is_empty() && paths.iter().all(known)
    }

    /// Of the last read: how many content files were read from disk (the others were taken
    /// again), and how many there are.
    pub fn last_read(&self) -> (usize, usize) {
        (self.read, self.seen)
    }

    /// Keeps `bytes` of `path`, read at `read_at` with `stamp`, when the stamp can tell a
    /// later change.
    pub(super) fn keep(&mut self, path: &Path, stamp: Stamp, read_at: SystemTime, bytes: &[u8]) {
        if stamp.settled_before(read_at) {
            self.files
                .insert(path.to_path_buf(), (stamp, bytes.to_vec()));
        }
    }

    /// The kept bytes of `path`, whatever its stamp (`only_named`).
    pub(super) fn bytes(&self, path: &Path) -> Option<Vec<u8>> {
        self.files.get(path).map(|(_, bytes)| bytes.clone())
    }

    /// The kept bytes of `path`, when its stamp is still `stamp`.
    pub(super) fn get(&self, path: &Path, stamp: Option<Stamp>) -> Option<Vec<u8>> {
        match (self.files.get(path), stamp) {
            (Some((kept, bytes)), Some(stamp)) if *kept == stamp => Some(bytes.clone()),
            _ => None,
        }
    }
}

/// Each content file's parse, by path: the doc without its text, with the key it was made by.
#[derive(Default)]
pub struct ParseCache {
    kept: Mutex<HashMap<PathBuf, Entry>>,
}

pub(super) struct Entry {
    pub key: u64,
    dir: Option<PathBuf>,
    /// The doc with an empty text: the text is the file's bytes, which come anew.
    shell: Doc,
}

impl ParseCache {
    /// Takes the last parse out, for a parse to use; `put` keeps the next one.
    pub(super) fn take(&self) -> HashMap<PathBuf, Entry> {
        std::mem::take(&mut *self.kept.lock().unwrap_or_else(|e| e.into_inner()))
    }

    pub(super) fn put(&self, kept: HashMap<PathBuf, Entry>) {
        *self.kept.lock().unwrap_or_else(|e| e.into_inner()) = kept;
    }
}

/// The key of a file's parse: its bytes and the folder names that place it.
pub(super) fn key(bytes: &[u8], layout: &Layout<'_>) -> u64 {
    let mut key = Xxh3::new();
    for part in [
        layout.root.as_os_str().as_encoded_bytes(),
        layout.steps.as_bytes(),
        layout.modules.as_bytes(),
    ] {
        key.write_u64(part.len() as u64);
        key.update(part);
    }
    key.write_u64(xxh3_64(bytes));
    key.digest()
}

impl Entry {
    pub(super) fn of(key: u64, (dir, doc): &Parsed) -> Entry {
        Entry {
            key,
            dir: dir.clone(),
            shell: doc.with_text(String::new()),
        }
    }

    /// The kept parse, with `text` (the bytes of the same key) as its text.
    pub(super) fn reuse(&self, text: String) -> Parsed {
        (self.dir.clone(), self.shell.with_text(text))
    }
}

/// Every file parsed, in the order given, each taken again from `cache` where its key is the
/// same; `cache` then holds this parse.
pub(super) fn parse_all(
    files: Vec<SourceFile>,
    layout: &Layout<'_>,
    cache: &ParseCache,
) -> Vec<Result<Parsed, Error>> {
    let last = cache.take();
    let (results, entries): (Vec<_>, Vec<_>) = files
        .into_par_iter()
        .map(|file| {
            let key = key(&file.bytes, layout);
            let path = file.path.clone();
            let result = match last.get(&path).filter(|entry| entry.key == key) {
                // The same bytes were valid UTF-8 the last time.
                Some(entry) => match String::from_utf8(file.bytes) {
                    Ok(text) => Ok(entry.reuse(text)),
                    Err(e) => {
                        let bytes = e.into_bytes();
                        parse_file(
                            SourceFile {
                                path: path.clone(),
                                bytes,
                            },
                            layout,
                        )
                    }
                },
                None => parse_file(file, layout),
            };
            let entry = result.as_ref().ok().map(|p| (path, Entry::of(key, p)));
            (result, entry)
        })
        .unzip();
    let mut kept = HashMap::with_capacity_and_hasher(entries.len(), Default::default());
    kept.extend(entries.into_iter().flatten());
    cache.put(kept);
    results
}
