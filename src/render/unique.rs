//! One owner per output path.
//!
//! Owns: refusing a second file at a path the build already made (a site's `static/404.html`
//! beside the generated 404 page, a static `sw.js` beside the service worker), so nothing is
//! replaced silently and the service worker never lists a path twice.
//! Does not: decide paths (see `render`, `search`, `offline`) or write anything itself.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::sync::Mutex;

use super::{OutputFile, Sink};
use crate::error::{Error, Location};

/// A sink that passes each file on once. A second file at the same path is dropped and
/// remembered, so `finish` reports every collision of the build together.
pub struct UniquePaths<'a> {
    inner: &'a dyn Sink,
    /// Output path of each static file → the project file it comes from, for the message.
    statics: BTreeMap<String, PathBuf>,
    seen: Mutex<BTreeSet<String>>,
    twice: Mutex<BTreeSet<String>>,
}

impl<'a> UniquePaths<'a> {
    pub fn new(inner: &'a dyn Sink, statics: BTreeMap<String, PathBuf>) -> Self {
        UniquePaths {
            inner,
            statics,
            seen: Mutex::new(BTreeSet::new()),
            twice: Mutex::new(BTreeSet::new()),
        }
    }

    /// Every path passed on so far.
    pub fn written(&self) -> BTreeSet<String> {
        self.seen.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// Every path that was made twice, as errors sorted by path.
    pub fn finish(self) -> Result<(), Error> {
        let twice = self.twice.into_inner().unwrap_or_else(|e| e.into_inner());
        // Which of the two files came first depends on threads; the messages do not.
        let errors = twice
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
        Error::from_list(errors)
    }
}

impl Sink for UniquePaths<'_> {
    fn put(&self, file: OutputFile) -> Result<(), Error> {
        let fresh = self
            .seen
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(file.path.clone());
        if fresh {
            self.inner.put(file)
        } else {
            self.twice
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .insert(file.path);
            Ok(())
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
        assert_eq!(files[0].bytes, b"made");
    }
}
