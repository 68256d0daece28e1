//! `leerpad init`: writes a small complete site to start from, in one of leerpad's languages.
//!
//! Owns: the sample sites (the real files under `src/init/sample/LANG/`, compiled into the
//! binary) and refusing to write into a folder that holds anything.
//! Does not: build or check the site it writes (the tests do that).

use std::path::{Path, PathBuf};

use include_dir::{include_dir, Dir, DirEntry};

use crate::error::{Error, Location};

/// One sample site per language, each a folder named by its language code.
static SAMPLES: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/src/init/sample");

/// What `init` wrote.
#[derive(Debug)]
pub struct Initialized {
    pub files: Vec<PathBuf>,
}

/// Writes the sample site for `language` into `dir` (made if missing). Refuses a folder that
/// already holds a file or folder, hidden ones included, so nothing is ever overwritten.
pub fn init(dir: &Path, language: &str) -> Result<Initialized, Error> {
    let Some(sample) = SAMPLES.get_dir(language) else {
        return Err(Error::invalid(
            Location::file("--language"),
            format!(
                "there is no sample site in \"{language}\"; use one of: {}",
                crate::config::LANGUAGES.join(", ")
            ),
        ));
    };
    match std::fs::read_dir(dir) {
        Ok(mut entries) => {
            if entries.next().is_some() {
                return Err(Error::invalid(
                    Location::file(dir),
                    "this folder is not empty; leerpad init writes only into an empty or new \
                     folder: choose another one, such as `leerpad init my-course`",
                ));
            }
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(Error::io(dir, e)),
    }
    let mut files = Vec::new();
    collect(sample, Path::new(language), &mut files);
    files.sort();
    for (relative, bytes) in &files {
        let full = dir.join(relative);
        if let Some(parent) = full.parent() {
            std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
        }
        std::fs::write(&full, bytes).map_err(|e| Error::io(&full, e))?;
    }
    Ok(Initialized {
        files: files.into_iter().map(|(path, _)| path).collect(),
    })
}

fn collect(dir: &'static Dir<'static>, base: &Path, out: &mut Vec<(PathBuf, &'static [u8])>) {
    for entry in dir.entries() {
        match entry {
            DirEntry::Dir(sub) => collect(sub, base, out),
            DirEntry::File(file) => {
                let hidden = file.path().file_name().is_some_and(crate::disk::is_hidden);
                let relative = file.path().strip_prefix(base).unwrap_or(file.path());
                // A build of the sample in the repository leaves public/: never ship it.
                if !hidden && !relative.starts_with("public") {
                    out.push((relative.to_path_buf(), file.contents()));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_language_has_a_sample_with_the_same_kinds_of_file() {
        for language in crate::config::LANGUAGES {
            let dir = tempfile::tempdir().unwrap();
            let written = init(dir.path(), language).unwrap();
            let names: Vec<String> = written
                .files
                .iter()
                .map(|p| crate::error::display_path(p))
                .collect();
            // The content tree mirrors the URLs, whose folder names are words of the language.
            let (glossary, steps) = match *language {
                "en" => ("content/glossary.md", "content/steps/"),
                "fr" => ("content/glossaire.md", "content/etapes/"),
                _ => ("content/begrippen.md", "content/stappen/"),
            };
            for needed in [
                "leerpad.toml",
                "partners.yaml",
                "content/_index.md",
                glossary,
            ] {
                assert!(names.iter().any(|n| n == needed), "{language}: {needed}");
            }
            assert!(
                names.iter().any(|n| n.starts_with(steps)),
                "{language}: {steps}"
            );
            let config = std::fs::read_to_string(dir.path().join("leerpad.toml")).unwrap();
            assert!(config.contains(&format!("language = \"{language}\"")));
        }
    }
}
