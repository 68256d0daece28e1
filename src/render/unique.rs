//! One owner per output path.
//!
//! Owns: refusing a second file at a path the build already made (a site's `static/404.html`
//! beside the generated 404 page, a static `sw.js` beside the service worker), and a file
//! where the build makes a folder or the other way round (a static file `stapkaart` beside the
//! page `stapkaart/index.html`), so nothing is replaced silently and the service worker never
//! lists a path twice.
//! Does not: decide paths (see `render`, `search`, `offline`) or write anything itself.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::sync::Mutex;

use rustc_hash::{FxHashMap, FxHashSet};

use super::{OutputFile, Sink};
use crate::error::{Error, Location};

/// A sink that passes each file on once. A second file at the same path is dropped and
/// remembered, so `finish` reports every collision of the build together.
pub struct UniquePaths<'a> {
    inner: &'a dyn Sink,
    /// Output path of each static file → the project file it comes from, for the message.
    statics: BTreeMap<String, PathBuf>,
    seen: Mutex<Seen>,
    twice: Mutex<BTreeSet<String>>,
    /// Pairs of paths where one would be a file inside the other: (the folder-like path, the
    /// path inside it).
    clashes: Mutex<BTreeSet<(String, String)>>,
}

/// The set of paths every build looks up a few thousand times, hashed: `serve` spent more time
/// comparing paths in a sorted set than making the pages of a save.
pub type Paths = FxHashSet<String>;

#[derive(Default)]
struct Seen {
    paths: Paths,
    /// Every folder the paths are in (`a`, `a/b` for `a/b/c.html`), with the first path put in
    /// it.
    folders: FxHashMap<String, String>,
}

impl<'a> UniquePaths<'a> {
    pub fn new(inner: &'a dyn Sink, statics: BTreeMap<String, PathBuf>) -> Self {
        UniquePaths {
            inner,
            statics,
            seen: Mutex::new(Seen::default()),
            twice: Mutex::new(BTreeSet::new()),
            clashes: Mutex::new(BTreeSet::new()),
        }
    }

    /// Every path passed on so far.
    pub fn written(&self) -> Paths {
        self.seen
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .paths
            .clone()
    }

    /// Every path that was made twice, and every file that stands where another file needs a
    /// folder, as errors sorted by path.
    pub fn finish(self) -> Result<(), Error> {
        let twice = self.twice.into_inner().unwrap_or_else(|e| e.into_inner());
        let clashes = self.clashes.into_inner().unwrap_or_else(|e| e.into_inner());
        // Which of the two files came first depends on threads; the messages do not.
        let mut errors: Vec<Error> = twice
            .into_iter()
            .map(|path| match self.statics.get(&path) {
                Some(origin) => Error::invalid(
                    Location::file(origin),
                    format!(
                        "the build makes \"{path}\" itself, and a static file may not \
                         replace it; rename or remove this file"
                    ),
                ),
                None => Error::OutputTwice { path },
            })
            .collect();
        // One error per file in the way, naming the first path inside it by name.
        let seen = self.seen.into_inner().unwrap_or_else(|e| e.into_inner());
        let seen: BTreeSet<String> = match clashes.is_empty() {
            true => BTreeSet::new(),
            false => seen.paths.into_iter().collect(),
        };
        let mut first_inside: BTreeMap<String, String> = BTreeMap::new();
        for (file, inner) in clashes {
            let inside = format!("{file}/");
            let in_seen = seen
                .range(inside.clone()..)
                .next()
                .filter(|p| p.starts_with(&inside));
            let first = in_seen.map_or(inner.clone(), |p| p.clone().min(inner));
            let entry = first_inside.entry(file).or_insert_with(|| first.clone());
            if first < *entry {
                *entry = first;
            }
        }
        errors.extend(
            first_inside
                .iter()
                .map(|(file, inner)| clash(&self.statics, file, inner)),
        );
        Error::from_list(errors)
    }
}

/// The error for a file at `file` and another at `inner`, inside a folder of that name.
fn clash(statics: &BTreeMap<String, PathBuf>, file: &str, inner: &str) -> Error {
    let (origin, problem) = match (statics.get(file), statics.get(inner)) {
        (Some(origin), None) => (
            origin,
            format!(
                "the build makes the folder \"{file}/\" (for \"{inner}\"), and a static \
                     file may not take its name; rename or remove this file"
            ),
        ),
        (_, Some(origin)) => (
            origin,
            format!(
                "the build makes the file \"{file}\", so this static file cannot be in a \
                     folder of that name; rename or move the folder"
            ),
        ),
        (None, None) => {
            return Error::OutputTwice {
                path: file.to_string(),
            }
        }
    };
    Error::invalid(Location::file(origin), problem)
}

/// The path in `seen` that `path` cannot stand beside: a folder of `path` that is a file in
/// `seen`, or a file in `seen` inside the folder `path`. As (the file, the path inside it).
fn clash_with(seen: &Seen, path: &str) -> Option<(String, String)> {
    let mut folders = path.match_indices('/').map(|(at, _)| &path[..at]);
    if let Some(file) = folders.find(|folder| seen.paths.contains(*folder)) {
        return Some((file.to_string(), path.to_string()));
    }
    let inside = seen.folders.get(path)?;
    Some((path.to_string(), inside.clone()))
}

impl Sink for UniquePaths<'_> {
    fn put(&self, file: OutputFile) -> Result<(), Error> {
        let refused = {
            let mut seen = self.seen.lock().unwrap_or_else(|e| e.into_inner());
            if seen.paths.contains(&file.path) {
                self.twice
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .insert(file.path.clone());
                true
            } else if let Some(clash) = clash_with(&seen, &file.path) {
                self.clashes
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .insert(clash);
                true
            } else {
                seen.paths.insert(file.path.clone());
                for (at, _) in file.path.match_indices('/') {
                    let folder = &file.path[..at];
                    if !seen.folders.contains_key(folder) {
                        seen.folders.insert(folder.to_string(), file.path.clone());
                    }
                }
                false
            }
        };
        if refused {
            Ok(())
        } else {
            self.inner.put(file)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::MemorySink;

    #[test]
    fn a_second_file_at_a_path_is_refused_and_names_the_static_file() {
        let memory = MemorySink::default();
        let statics = BTreeMap::from([("404.html".to_string(), PathBuf::from("static/404.html"))]);
        let unique = UniquePaths::new(&memory, statics);
        for (path, text) in [("404.html", "made"), ("a.css", "x"), ("a.css", "y")] {
            unique.put(OutputFile::new(path, text)).unwrap();
        }
        unique.put(OutputFile::new("404.html", "static")).unwrap();
        assert_eq!(
            unique.finish().unwrap_err().to_string(),
            "static/404.html: the build makes \"404.html\" itself, and a static file may not \
             replace it; rename or remove this file\n\
             the build makes a.css twice; this is a bug in leerpad or its theme"
        );
        let files = memory.into_files();
        assert_eq!(
            files.len(),
            2,
            "the second file at a path is never passed on"
        );
        assert_eq!(files[0].bytes.as_slice(), b"made");
    }

    #[test]
    fn a_file_where_the_build_makes_a_folder_is_refused_in_either_order() {
        let statics = BTreeMap::from([
            ("stapkaart".to_string(), PathBuf::from("static/stapkaart")),
            (
                "404.html/x.txt".to_string(),
                PathBuf::from("static/404.html/x.txt"),
            ),
        ]);
        for order in [
            [
                "stapkaart/index.html",
                "stapkaart",
                "404.html",
                "404.html/x.txt",
            ],
            [
                "stapkaart",
                "stapkaart/index.html",
                "404.html/x.txt",
                "404.html",
            ],
        ] {
            let memory = MemorySink::default();
            let unique = UniquePaths::new(&memory, statics.clone());
            for path in order {
                unique.put(OutputFile::new(path, "x")).unwrap();
            }
            unique.put(OutputFile::new("stapkaart-2", "x")).unwrap();
            unique.put(OutputFile::new("stapkaart/a.js", "x")).unwrap();
            assert_eq!(
                unique.finish().unwrap_err().to_string(),
                "static/404.html/x.txt: the build makes the file \"404.html\", so this static \
                 file cannot be in a folder of that name; rename or move the folder\n\
                 static/stapkaart: the build makes the folder \"stapkaart/\" (for \
                 \"stapkaart/a.js\"), and a static file may not take its name; rename or remove \
                 this file",
                "{order:?}"
            );
            let passed: Vec<String> = memory.into_files().into_iter().map(|f| f.path).collect();
            for path in &passed {
                assert!(
                    !passed.iter().any(|p| p.starts_with(&format!("{path}/"))),
                    "{order:?}: {path} passed on beside a file inside it: {passed:?}"
                );
            }
        }
    }
}
