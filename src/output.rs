//! Writes the rendered files atomically: all into a temporary sibling folder, then swapped in.
//!
//! Owns: the output folder on disk and the guarantee that a failed build leaves it untouched.
//! Does not: render. Refuses to replace a folder that leerpad did not make.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use std::collections::HashSet;
use std::sync::Mutex;

mod swap;

use crate::error::Error;
use crate::render::{OutputFile, Sink};
use swap::Beside;

/// A file leerpad puts in every output folder, so it never replaces a folder it did not make.
pub const MARKER: &str = ".leerpad-output";

/// What a build wrote: counts for the log.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    pub files: usize,
    pub pages: usize,
    pub bytes: u64,
    /// Bytes of the search index files (`zoeken/*.js`, shards included, of every language).
    pub search_bytes: u64,
    /// Number of search index files: 1, or the manifest and the shards of a split index.
    pub search_files: usize,
    /// What the user should know although the build succeeded.
    pub notes: Vec<String>,
}

/// Writes the files that `render` hands to its sink into a staging folder beside `out`, then
/// swaps it in. When anything fails, `out` is left as it was.
///
/// The output that a build replaces is kept beside it as the spare (`.NAME.leerpad-spare`), and
/// the next build writes into the spare, rewriting its files in place. Creating tens of
/// thousands of files and folders costs far more than rewriting them, and on ext4 without a
/// journal (these machines) creating them right after deleting as many is several times slower
/// again: the kernel skips every recently freed inode, one by one.
pub fn write_atomically(
    out: &Path,
    render: impl Fn(&dyn Sink) -> Result<(), Error>,
) -> Result<Summary, Error> {
    if out.exists() && !is_replaceable(out) {
        return Err(Error::io(
            out,
            io::Error::other(format!(
                "refusing to replace this folder: it is not empty and was not made by leerpad \
                 (no {MARKER} file); remove it or choose another --out"
            )),
        ));
    }
    let beside = Beside::new(out);
    fs::create_dir_all(&beside.parent).map_err(|e| Error::io(&beside.parent, e))?;
    beside.clean_up_after_dead_builds();
    let staging = beside.staging();
    let spare = beside.spare();
    remove_if_exists(&staging)?;
    // Taking the spare is one rename: a build running beside this one cannot take it too.
    let reused = spare.join(MARKER).is_file() && fs::rename(&spare, &staging).is_ok();
    match attempt(&beside, &staging, reused, &render) {
        Err(Error::Io { path, source }) if reused && path.starts_with(&staging) => {
            // The spare cannot be rewritten (read-only, …): set it aside and write afresh,
            // rather than fail now and on every later build.
            let unusable = beside.unusable();
            let _ = fs::remove_dir_all(&unusable);
            if fs::rename(&staging, &unusable).is_err() {
                let _ = fs::remove_dir_all(&staging);
            }
            let mut summary = attempt(&beside, &staging, false, &render)
                .inspect_err(|_| remove_tree_in_parallel(&staging))?;
            summary.notes.push(format!(
                "{}: the spare output folder could not be rewritten ({source}); leerpad wrote a \
                 fresh folder instead and set the spare aside as {}, removed on the next build \
                 when it can be: check its permissions",
                spare.display(),
                unusable.display()
            ));
            Ok(summary)
        }
        Err(error) => {
            // A spare that was half rewritten is still a spare; a new folder is removed.
            if !(reused && fs::rename(&staging, &spare).is_ok()) {
                let _ = fs::remove_dir_all(&staging);
            }
            Err(error)
        }
        Ok(summary) => Ok(summary),
    }
}

/// Renders into `staging` (an earlier output when `reused`) and swaps it in.
fn attempt(
    beside: &Beside,
    staging: &Path,
    reused: bool,
    render: &impl Fn(&dyn Sink) -> Result<(), Error>,
) -> Result<Summary, Error> {
    let sink = StagingSink::new(staging, reused);
    fs::create_dir_all(staging)
        .map_err(|e| Error::io(staging, e))
        .and_then(|()| render(&sink))
        .and_then(|()| {
            let marker = staging.join(MARKER);
            fs::write(
                &marker,
                b"Made by leerpad; the next build replaces this folder.\n",
            )
            .map_err(|e| Error::io(&marker, e))
        })
        .and_then(|()| {
            if reused {
                remove_stale(staging, &sink.written())
            } else {
                Ok(())
            }
        })
        .and_then(|()| beside.swap(staging))?;
    Ok(sink.summary())
}

/// Repairs what killed builds left beside `out` (see `swap`): run before anything else of a
/// build, so that even a build that fails puts a lost output back.
pub fn recover(out: &Path) {
    Beside::new(out).clean_up_after_dead_builds();
}

/// Writes each file as it arrives, creating its folder first.
struct StagingSink {
    dir: PathBuf,
    /// The folder was an earlier output: files are rewritten, and a file may stand where a
    /// folder must go now (or the other way round).
    reused: bool,
    summary: Mutex<Summary>,
    written: Mutex<HashSet<PathBuf>>,
}

impl StagingSink {
    fn new(dir: &Path, reused: bool) -> Self {
        StagingSink {
            dir: dir.to_path_buf(),
            reused,
            summary: Mutex::new(Summary::default()),
            written: Mutex::new(HashSet::new()),
        }
    }

    fn summary(&self) -> Summary {
        self.summary.lock().map(|s| s.clone()).unwrap_or_default()
    }

    fn written(&self) -> HashSet<PathBuf> {
        std::mem::take(&mut *self.written.lock().unwrap_or_else(|e| e.into_inner()))
    }
}

fn same_bytes(path: &Path, bytes: &[u8]) -> bool {
    match fs::symlink_metadata(path) {
        Ok(meta) if meta.is_file() && meta.len() == bytes.len() as u64 => {
            fs::read(path).is_ok_and(|old| old == bytes)
        }
        _ => false,
    }
}

fn write_file(path: &Path, bytes: &[u8]) -> io::Result<()> {
    if let Some(folder) = path.parent() {
        fs::create_dir_all(folder)?;
    }
    fs::write(path, bytes)
}

/// Removes what stands in the way of writing `path` under `dir`: a file where a folder must
/// be, or a folder where the file must be.
fn clear_way(dir: &Path, path: &Path) {
    let Ok(relative) = path.strip_prefix(dir) else {
        return;
    };
    let mut at = dir.to_path_buf();
    for part in relative.iter() {
        at.push(part);
        match fs::symlink_metadata(&at) {
            Ok(meta) if at == path && meta.is_dir() => {
                let _ = fs::remove_dir_all(&at);
            }
            Ok(meta) if at != path && !meta.is_dir() => {
                let _ = fs::remove_file(&at);
            }
            _ => {}
        }
    }
}

impl Sink for StagingSink {
    fn put(&self, file: OutputFile) -> Result<(), Error> {
        let path = self.dir.join(&file.path);
        // A file that is already there with these bytes is left alone: comparing costs a read
        // from the page cache, rewriting it a truncate (which waits for the disk when the file
        // is still being written back) and a write.
        let mut result = if self.reused && same_bytes(&path, &file.bytes) {
            Ok(())
        } else {
            write_file(&path, &file.bytes)
        };
        if result.is_err() && self.reused {
            clear_way(&self.dir, &path);
            result = write_file(&path, &file.bytes);
        }
        result.map_err(|e| Error::io(&path, e))?;
        if self.reused {
            self.written
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .insert(path);
        }
        let mut summary = self.summary.lock().unwrap_or_else(|e| e.into_inner());
        summary.files += 1;
        summary.bytes += file.bytes.len() as u64;
        if file.path.ends_with(".html") {
            summary.pages += 1;
        }
        if file.path.ends_with(".js") && crate::search::is_index_file(&file.bytes) {
            summary.search_bytes += file.bytes.len() as u64;
            summary.search_files += 1;
        }
        Ok(())
    }
}

/// Removes the files of an earlier build that this build did not write, and the folders that
/// are left empty.
fn remove_stale(dir: &Path, written: &HashSet<PathBuf>) -> Result<(), Error> {
    let marker = dir.join(MARKER);
    let mut kept_folders: HashSet<&Path> = HashSet::new();
    for path in written {
        kept_folders.extend(path.ancestors().skip(1));
    }
    for entry in walkdir::WalkDir::new(dir).min_depth(1).contents_first(true) {
        let entry = entry.map_err(|e| Error::io(dir, io::Error::other(e)))?;
        let path = entry.path();
        let removed = if entry.file_type().is_dir() {
            if kept_folders.contains(path) {
                continue;
            }
            fs::remove_dir_all(path)
        } else {
            if written.contains(path) || path == marker {
                continue;
            }
            fs::remove_file(path)
        };
        match removed {
            Err(e) if e.kind() != io::ErrorKind::NotFound => return Err(Error::io(path, e)),
            _ => {}
        }
    }
    Ok(())
}

fn is_replaceable(out: &Path) -> bool {
    out.join(MARKER).is_file()
        || fs::read_dir(out).is_ok_and(|mut entries| entries.next().is_none())
}

fn remove_if_exists(path: &Path) -> Result<(), Error> {
    match fs::remove_dir_all(path) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(Error::io(path, e)),
    }
}

/// Removes a folder tree using every core: a large site has tens of thousands of entries.
pub(crate) fn remove_tree_in_parallel(dir: &Path) {
    use rayon::prelude::*;
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    let mut children: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    // Spread the work: one level down is where the many page folders are.
    let mut spread = Vec::new();
    for child in children.drain(..) {
        match fs::read_dir(&child) {
            Ok(grandchildren) if child.is_dir() => {
                spread.extend(grandchildren.filter_map(|e| e.ok().map(|e| e.path())));
                spread.push(child);
            }
            _ => spread.push(child),
        }
    }
    let (folders, files): (Vec<PathBuf>, Vec<PathBuf>) =
        spread.into_iter().partition(|p| p.is_dir());
    files.par_iter().for_each(|f| {
        let _ = fs::remove_file(f);
    });
    folders.par_iter().for_each(|d| {
        let _ = fs::remove_dir_all(d);
    });
    let _ = fs::remove_dir_all(dir);
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::Cell;

    fn page(text: &str) -> OutputFile {
        OutputFile {
            path: "index.html".to_string(),
            bytes: text.as_bytes().to_vec().into(),
        }
    }

    /// A spare that cannot be rewritten (read-only, even for root: an immutable file) must not
    /// fail this build and every later one: it is set aside with a note, the build writes fresh.
    #[test]
    fn a_spare_that_cannot_be_rewritten_is_set_aside_with_a_note() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let build = |text: &'static str| {
            write_atomically(&out, move |sink: &dyn Sink| sink.put(page(text)))
        };
        build("een").unwrap();
        build("twee").unwrap();
        let spare = Beside::new(&out).spare();
        assert!(spare.join(MARKER).is_file());
        let staging = Beside::new(&out).staging();
        let calls = Cell::new(0);
        let summary = write_atomically(&out, |sink: &dyn Sink| {
            calls.set(calls.get() + 1);
            if calls.get() == 1 {
                let denied = io::Error::from(io::ErrorKind::PermissionDenied);
                return Err(Error::io(staging.join("index.html"), denied));
            }
            sink.put(page("drie"))
        })
        .unwrap();
        assert_eq!(calls.get(), 2);
        assert_eq!(fs::read_to_string(out.join("index.html")).unwrap(), "drie");
        assert_eq!(summary.notes.len(), 1);
        assert!(
            summary.notes[0].contains("the spare output folder could not be rewritten"),
            "{:?}",
            summary.notes
        );
        assert!(Beside::new(&out).unusable().exists());
        // The next build removes the set-aside folder and works as before.
        build("vier").unwrap();
        assert!(!Beside::new(&out).unusable().exists());
        assert_eq!(fs::read_to_string(out.join("index.html")).unwrap(), "vier");
    }
}
