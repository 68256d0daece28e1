//! The default theme, compiled into the binary from the repository's `themes/default/`, so
//! that a site needs no `themes/` folder and `leerpad` works anywhere once installed.
//!
//! Owns: the embedded files, listing them by folder, and writing them out (`theme eject`).
//! Does not: decide how a site's own files override them (see `Theme::load`).

use std::path::{Path, PathBuf};

use include_dir::{include_dir, Dir, DirEntry};

use crate::error::{Error, Location};

/// The name of the theme that is built in.
pub const NAME: &str = "default";

/// `themes/default/` as it was when leerpad was compiled. `build.rs` makes Cargo rebuild when
/// a file is added there (include_dir tracks only the files it read).
static THEME: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/themes/default");

/// Where embedded files say they come from in messages: no such folder exists on disk.
pub const ORIGIN: &str = "(built-in theme)";

/// Every embedded file under `folder` (`templates`, `static`, `i18n`), sorted, as its path
/// inside that folder with forward slashes and its bytes. Hidden and backup files are left
/// out, as they are on disk.
pub fn files(folder: &str) -> Vec<(String, &'static [u8])> {
    let mut found = Vec::new();
    if let Some(dir) = THEME.get_dir(folder) {
        collect(dir, Path::new(folder), &mut found);
    }
    found.sort();
    found
}

/// The embedded file at `path` (relative to the theme, such as `i18n/nl.yaml`).
pub fn file(path: &str) -> Option<&'static [u8]> {
    THEME.get_file(path).map(|f| f.contents())
}

/// The path messages give for the embedded file `path`.
pub fn origin(path: &str) -> PathBuf {
    Path::new(ORIGIN).join(path)
}

fn collect(dir: &'static Dir<'static>, folder: &Path, found: &mut Vec<(String, &'static [u8])>) {
    for entry in dir.entries() {
        let hidden = entry.path().file_name().is_some_and(crate::disk::is_hidden);
        match entry {
            _ if hidden => {}
            DirEntry::Dir(sub) => collect(sub, folder, found),
            DirEntry::File(file) => {
                let inside = file.path().strip_prefix(folder).unwrap_or(file.path());
                found.push((crate::error::display_path(inside), file.contents()));
            }
        }
    }
}

/// What `eject` wrote.
#[derive(Debug)]
pub struct Ejected {
    pub files: usize,
}

/// Writes the embedded theme into `dir` (`templates/`, `static/`, `i18n/` below it). Refuses
/// before writing anything when one of its files is already there, naming every such file.
pub fn eject(dir: &Path) -> Result<Ejected, Error> {
    let mut all = Vec::new();
    for folder in ["templates", "static", "i18n"] {
        for (name, bytes) in files(folder) {
            all.push((Path::new(folder).join(name), bytes));
        }
    }
    let existing: Vec<Error> = all
        .iter()
        .map(|(path, _)| dir.join(path))
        .filter(|full| full.symlink_metadata().is_ok())
        .map(|full| {
            Error::invalid(
                Location::file(full),
                "is already there; leerpad theme eject overwrites nothing: move it away or \
                 eject into another folder",
            )
        })
        .collect();
    Error::from_list(existing)?;
    for (path, bytes) in &all {
        let full = dir.join(path);
        if let Some(parent) = full.parent() {
            std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
        }
        std::fs::write(&full, bytes).map_err(|e| Error::io(&full, e))?;
    }
    Ok(Ejected { files: all.len() })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_theme_is_the_repositorys_folder_byte_for_byte() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default");
        for folder in ["templates", "static", "i18n"] {
            let embedded = files(folder);
            assert!(!embedded.is_empty(), "{folder}");
            for (name, bytes) in embedded {
                let on_disk = std::fs::read(root.join(folder).join(&name)).unwrap();
                assert_eq!(on_disk, bytes, "{folder}/{name}");
            }
        }
    }

    #[test]
    fn eject_refuses_to_overwrite_and_names_the_file() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("templates")).unwrap();
        std::fs::write(dir.path().join("templates/base.html"), "mine").unwrap();
        let err = eject(dir.path()).unwrap_err().to_string();
        assert!(
            err.contains("templates/base.html: is already there"),
            "{err}"
        );
        assert_eq!(
            std::fs::read_to_string(dir.path().join("templates/base.html")).unwrap(),
            "mine"
        );
        assert!(!dir.path().join("static").exists());
        let other = tempfile::tempdir().unwrap();
        let ejected = eject(other.path()).unwrap();
        assert!(ejected.files > 20);
        assert!(other.path().join("i18n/nl.yaml").is_file());
    }
}
