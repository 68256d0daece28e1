//! Builds the client-side search index. (Interim: no index yet; the search stage fills this in.)
//!
//! Owns: which text is searchable and the index file's format.
//! Does not: read files, parse Markdown, or know about templates.

use crate::render::OutputFile;
use crate::site::Site;

/// The search index files for `site`.
pub fn index_files(_site: &Site) -> Vec<OutputFile> {
    Vec::new()
}

/// Lines for the build log: the index size, with a warning above 1 MB.
pub fn summary(files: &[OutputFile]) -> Vec<String> {
    let bytes: usize = files
        .iter()
        .filter(|f| f.path.starts_with("zoeken/") && f.path.ends_with(".js"))
        .map(|f| f.bytes.len())
        .sum();
    if bytes == 0 {
        return Vec::new();
    }
    let mut lines = vec![format!("search index: {bytes} bytes")];
    if bytes > 1_000_000 {
        lines.push("warning: the search index is over 1 MB; phones load it slowly".to_string());
    }
    lines
}
