//! Reads the files of `content/` from disk: a sorted walk through the one door (`disk`), then
//! every Markdown file's bytes, in parallel.
//!
//! Owns: which entries of `content/` are errors (folders named `*.md`, other files) and, for
//! `serve`, taking again the bytes of files whose stamps say they are unchanged (`ReadCache`).
//! Does not: parse anything (see `parse`).

use std::path::Path;

use rayon::prelude::*;

use crate::error::{Error, Location};

use super::{ReadCache, SourceFile, CONTENT_DIR};
use crate::disk::Stamp;

/// Reads every file under `root/content`, sorted by name, taking again the bytes `cache` holds
/// of each file whose stamp is the same, and keeping in it what was read. Folders named `*.md`,
/// non-Markdown files, links out of the root, special files and unreadable entries go to
/// `errors`, and the files that could be read are still given, so that their own problems
/// come in the same report; hidden files are skipped. Only a missing `content/` is an error
/// that ends the read.
///
/// With `named_only` (the watcher named only files of the last listing, `ReadCache::only_named`),
/// the others are as they were: neither the walk nor their stamps are needed.
pub fn read_sources_kept(
    root: &Path,
    mut cache: Option<&mut ReadCache>,
    named_only: bool,
    errors: &mut Vec<Error>,
) -> Result<Vec<SourceFile>, Error> {
    let site = crate::disk::SiteRoot::new(root);
    let listed = cache
        .as_deref()
        .and_then(|c| c.listing.clone())
        .filter(|_| named_only);
    let named_only = listed.is_some();
    let paths = match listed {
        Some(paths) => paths,
        None => {
            let (paths, clean) = markdown_files(&site, errors)?;
            if let Some(cache) = cache.as_deref_mut() {
                cache.listing = clean.then(|| paths.clone());
            }
            paths
        }
    };
    // Stamps taken after this moment can tell a change after it (see `Stamp`).
    let read_at = std::time::SystemTime::now();
    let kept = cache.as_deref();
    let read: Vec<(Option<Stamp>, bool, Result<SourceFile, Error>)> = paths
        .into_par_iter()
        .map(|path| {
            if let Some(bytes) = kept.filter(|_| named_only).and_then(|k| k.bytes(&path)) {
                return (None, true, Ok(SourceFile { path, bytes }));
            }
            // The stamp before the bytes: a change in between is seen by the next stamp.
            let stamp = kept.and_then(|_| site.stamp(&path));
            match kept.and_then(|k| k.get(&path, stamp)) {
                Some(bytes) => (stamp, true, Ok(SourceFile { path, bytes })),
                None => (
                    stamp,
                    false,
                    site.read(&path).map(|bytes| SourceFile { path, bytes }),
                ),
            }
        })
        .collect();
    if let Some(cache) = cache {
        cache.read = read.iter().filter(|(_, reused, _)| !reused).count();
        cache.seen = read.len();
        // A file taken again keeps its entry as it is; only bytes read now are copied in.
        let mut last = std::mem::take(&mut cache.files);
        for (stamp, reused, file) in &read {
            match (stamp, reused, file) {
                (_, true, Ok(file)) => {
                    if let Some(entry) = last.remove(&file.path) {
                        cache.files.insert(file.path.clone(), entry);
                    }
                }
                (Some(stamp), false, Ok(file)) => {
                    cache.keep(&file.path, *stamp, read_at, &file.bytes);
                }
                _ => {}
            }
        }
    }
    let read: Vec<Result<SourceFile, Error>> = read.into_iter().map(|(_, _, file)| file).collect();
    let mut files = Vec::with_capacity(read.len());
    for result in read {
        match result {
            Ok(file) => files.push(file),
            Err(error) => errors.push(error),
        }
    }
    Ok(files)
}

/// The Markdown files under `content/`, in the walk's order, and whether the walk was clean
/// (no problem, no symbolic link). Problems go to `errors`; only a missing `content/` ends it.
fn markdown_files(
    site: &crate::disk::SiteRoot,
    errors: &mut Vec<Error>,
) -> Result<(Vec<std::path::PathBuf>, bool), Error> {
    if !matches!(site.kind(Path::new(CONTENT_DIR)), Ok(Some(true))) {
        return Err(site.kind(Path::new(CONTENT_DIR)).err().unwrap_or_else(|| {
            Error::invalid(
                Location::file(CONTENT_DIR),
                "there is no content/ folder; create it with at least content/_index.md",
            )
        }));
    }
    let walked = site.walk(Path::new(CONTENT_DIR), crate::disk::is_hidden);
    let mut clean = walked.errors.is_empty() && !walked.links;
    errors.extend(walked.errors);
    let mut paths = Vec::new();
    for found in walked.found {
        let is_md = found.relative.extension().is_some_and(|e| e == "md");
        if found.is_dir {
            if is_md {
                clean = false;
                errors.push(Error::invalid(
                    Location::file(&found.relative),
                    "this is a folder, but its name ends in .md; rename it or make it a file",
                ));
            }
            continue;
        }
        if !is_md {
            clean = false;
            errors.push(Error::invalid(
                Location::file(&found.relative),
                "only Markdown (.md) files belong in content/; put images and downloads in static/",
            ));
            continue;
        }
        paths.push(found.relative);
    }
    Ok((paths, clean))
}
