//! Writes the rendered files atomically: all into a temporary sibling folder, then swapped in.
//!
//! Owns: the output folder on disk and the guarantee that a failed build leaves it untouched.
//! Does not: render. Refuses to replace a folder that leerpad did not make.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::error::Error;
use crate::render::OutputFile;

/// A file leerpad puts in every output folder, so it never replaces a folder it did not make.
pub const MARKER: &str = ".leerpad-output";

/// Writes `files` to `out`, replacing its previous contents only when everything was written.
pub fn write_atomically(out: &Path, files: &[OutputFile]) -> Result<(), Error> {
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
    let result = write_tree(&staging, files).and_then(|()| swap(out, &staging, &previous));
    if result.is_err() {
        let _ = fs::remove_dir_all(&staging);
    }
    result
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

/// Writes every file under `dir`, creating folders first, then files in parallel.
pub fn write_tree(dir: &Path, files: &[OutputFile]) -> Result<(), Error> {
    fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    let mut folders: Vec<PathBuf> = files
        .iter()
        .filter_map(|f| Path::new(&f.path).parent().map(|p| dir.join(p)))
        .collect();
    folders.sort();
    folders.dedup();
    for folder in &folders {
        fs::create_dir_all(folder).map_err(|e| Error::io(folder, e))?;
    }
    files.par_iter().try_for_each(|file| {
        let path = dir.join(&file.path);
        fs::write(&path, &file.bytes).map_err(|e| Error::io(&path, e))
    })?;
    let marker = dir.join(MARKER);
    fs::write(
        &marker,
        b"Made by leerpad; the next build replaces this folder.\n",
    )
    .map_err(|e| Error::io(&marker, e))
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
        let _ = fs::remove_dir_all(previous);
    } else {
        fs::rename(staging, out).map_err(|e| Error::io(out, e))?;
    }
    Ok(())
}
