//! Writes the rendered files atomically: all into a temporary sibling folder, then swapped in.
//!
//! Owns: the output folder on disk and the guarantee that a failed build leaves it untouched.
//! Does not: render. Refuses to replace a folder that leerpad did not make.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use std::sync::Mutex;

use crate::error::Error;
use crate::render::{OutputFile, Sink};

/// A file leerpad puts in every output folder, so it never replaces a folder it did not make.
pub const MARKER: &str = ".leerpad-output";

/// What a build wrote: counts for the log.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    pub files: usize,
    pub pages: usize,
    pub bytes: u64,
    /// Bytes of the search index files (`zoeken/*.js`, shards included).
    pub search_bytes: u64,
    /// Number of search index files: 1, or the manifest and the shards of a split index.
    pub search_files: usize,
}

/// Writes the files that `render` hands to its sink into a staging folder beside `out`, then
/// swaps it in. When anything fails, `out` is left as it was and the staging folder removed.
pub fn write_atomically(
    out: &Path,
    render: impl FnOnce(&dyn Sink) -> Result<(), Error>,
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
    let parent = out
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "public".to_string());
    let staging = parent.join(format!(".{name}.leerpad-new-{}", std::process::id()));
    let previous = parent.join(format!(".{name}.leerpad-old-{}", std::process::id()));
    remove_if_exists(&staging)?;
    let sink = StagingSink::new(&staging);
    let result = fs::create_dir_all(&staging)
        .map_err(|e| Error::io(&staging, e))
        .and_then(|()| render(&sink))
        .and_then(|()| {
            let marker = staging.join(MARKER);
            fs::write(
                &marker,
                b"Made by leerpad; the next build replaces this folder.\n",
            )
            .map_err(|e| Error::io(&marker, e))
        })
        .and_then(|()| swap(out, &staging, &previous));
    if result.is_err() {
        let _ = fs::remove_dir_all(&staging);
    }
    result.map(|()| sink.summary())
}

/// Writes each file as it arrives, creating its folder first.
struct StagingSink {
    dir: PathBuf,
    summary: Mutex<Summary>,
}

impl StagingSink {
    fn new(dir: &Path) -> Self {
        StagingSink {
            dir: dir.to_path_buf(),
            summary: Mutex::new(Summary::default()),
        }
    }

    fn summary(&self) -> Summary {
        self.summary.lock().map(|s| s.clone()).unwrap_or_default()
    }
}

impl Sink for StagingSink {
    fn put(&self, file: OutputFile) -> Result<(), Error> {
        let path = self.dir.join(&file.path);
        if let Some(folder) = path.parent() {
            fs::create_dir_all(folder).map_err(|e| Error::io(folder, e))?;
        }
        fs::write(&path, &file.bytes).map_err(|e| Error::io(&path, e))?;
        let mut summary = self.summary.lock().unwrap_or_else(|e| e.into_inner());
        summary.files += 1;
        summary.bytes += file.bytes.len() as u64;
        if file.path.ends_with(".html") {
            summary.pages += 1;
        }
        if file.path.starts_with("zoeken/") && file.path.ends_with(".js") {
            summary.search_bytes += file.bytes.len() as u64;
            summary.search_files += 1;
        }
        Ok(())
    }
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

fn swap(out: &Path, staging: &Path, previous: &Path) -> Result<(), Error> {
    if out.exists() {
        remove_if_exists(previous)?;
        fs::rename(out, previous).map_err(|e| Error::io(out, e))?;
        if let Err(e) = fs::rename(staging, out) {
            // Put the old site back: nothing is lost.
            let _ = fs::rename(previous, out);
            return Err(Error::io(out, e));
        }
        remove_tree_in_parallel(previous);
    } else {
        fs::rename(staging, out).map_err(|e| Error::io(out, e))?;
    }
    Ok(())
}

/// Removes a folder tree using every core: a large site has tens of thousands of entries.
fn remove_tree_in_parallel(dir: &Path) {
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
