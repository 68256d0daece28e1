//! Joins scripts that a theme lists in a bundle file into one static file.
//!
//! Owns: the bundle files of `static/` (`js/search.js.bundle` lists the static files whose
//! texts make `js/search.js`, one path a line; blank lines and lines that start with `#` are
//! skipped) and replacing them and the files they list by the joined file.
//! Does not: minify (the renderer shrinks the joined file as any script) or read the disk.
//!
//! A bundle is resolved after a site's own `static/` is laid over the theme's, so a site that
//! overrides one listed file (or the list) gets its own in the bundle. One request instead of
//! one per script: on a phone a round trip costs more than the bytes of a small script.
//!
//! The line `@search-index` in a bundle (in one bundle at most) says that the build puts the
//! search index's manifest at its start (`Renderer::with_index`): the search box then needs one
//! request for its code and the manifest together.

use std::collections::BTreeMap;

use super::ThemeFile;
use crate::error::{Error, Location};

/// The ending of a bundle file's name; the joined file's name is the name without it.
pub const BUNDLE_SUFFIX: &str = ".bundle";

/// The most files one bundle lists.
pub const MAX_BUNDLE_PARTS: usize = 32;

/// The line of a bundle that asks for the search index's manifest at its start.
pub const SEARCH_INDEX_PART: &str = "@search-index";

/// Replaces every bundle file of `statics` (by name) by the file it lists the parts of, and
/// drops those parts. Every problem of every bundle goes in `errors`. Returns the name of the
/// joined file that takes the search index's manifest, if a bundle asks for it.
pub fn resolve(
    statics: &mut BTreeMap<String, ThemeFile>,
    errors: &mut Vec<Error>,
) -> Option<String> {
    let lists: Vec<String> = statics
        .keys()
        .filter(|name| name.ends_with(BUNDLE_SUFFIX))
        .cloned()
        .collect();
    let mut parts_used = Vec::new();
    let mut joined = Vec::new();
    let mut with_index: Option<(String, std::path::PathBuf)> = None;
    for name in lists {
        let Some(list) = statics.remove(&name) else {
            continue;
        };
        match join(&list, statics) {
            Ok((file, parts, takes_index)) => {
                if takes_index {
                    if let Some((_, first)) = &with_index {
                        errors.push(Error::invalid(
                            Location::file(&list.origin),
                            format!(
                                "{SEARCH_INDEX_PART} is in {} already: one bundle takes the \
                                 search index; remove the line from one of them",
                                first.display()
                            ),
                        ));
                    } else {
                        with_index = Some((file.name.clone(), list.origin.clone()));
                    }
                }
                parts_used.extend(parts);
                joined.push(file);
            }
            Err(mut found) => errors.append(&mut found),
        }
    }
    for part in parts_used {
        statics.remove(&part);
    }
    for file in joined {
        statics.insert(file.name.clone(), file);
    }
    with_index.map(|(name, _)| name)
}

/// The joined file of the bundle `list`, the names of its parts, and whether it takes the
/// search index's manifest.
fn join(
    list: &ThemeFile,
    statics: &BTreeMap<String, ThemeFile>,
) -> Result<(ThemeFile, Vec<String>, bool), Vec<Error>> {
    let at = |line: usize| Location::line(&list.origin, line as u32);
    let Ok(text) = std::str::from_utf8(&list.bytes) else {
        return Err(vec![Error::invalid(
            Location::file(&list.origin),
            "a bundle file must be UTF-8 text: one static file's path a line",
        )]);
    };
    let mut errors = Vec::new();
    let mut parts: Vec<(usize, &str)> = Vec::new();
    let mut takes_index = false;
    for (i, line) in text.lines().enumerate() {
        let part = line.trim();
        if part.is_empty() || part.starts_with('#') {
            continue;
        }
        if part == SEARCH_INDEX_PART {
            takes_index = true;
            continue;
        }
        parts.push((i + 1, part));
    }
    if parts.is_empty() {
        errors.push(Error::invalid(
            Location::file(&list.origin),
            "the bundle lists no file; list the static files to join, one path a line",
        ));
    }
    if parts.len() > MAX_BUNDLE_PARTS {
        errors.push(Error::invalid(
            at(parts[MAX_BUNDLE_PARTS].0),
            format!("a bundle lists at most {MAX_BUNDLE_PARTS} files; make two bundles"),
        ));
    }
    let mut bytes = Vec::new();
    let mut names = Vec::new();
    for &(line, part) in parts.iter().take(MAX_BUNDLE_PARTS) {
        match statics.get(part) {
            _ if part.ends_with(BUNDLE_SUFFIX) => errors.push(Error::invalid(
                at(line),
                format!("\"{part}\" is a bundle: list the files it joins instead"),
            )),
            _ if names.iter().any(|n| n == part) => errors.push(Error::invalid(
                at(line),
                format!("\"{part}\" is listed twice"),
            )),
            None => errors.push(Error::invalid(
                at(line),
                format!(
                    "there is no static file \"{part}\"; give its path inside static/, such \
                     as js/search-core.js"
                ),
            )),
            Some(file) => {
                bytes.extend_from_slice(&file.bytes);
                if !bytes.ends_with(b"\n") {
                    bytes.push(b'\n');
                }
                names.push(part.to_string());
            }
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let name = list.name.trim_end_matches(BUNDLE_SUFFIX).to_string();
    let file = ThemeFile {
        name,
        origin: list.origin.clone(),
        bytes,
    };
    Ok((file, names, takes_index))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(name: &str, text: &str) -> (String, ThemeFile) {
        let origin = std::path::PathBuf::from("static").join(name);
        let bytes = text.as_bytes().to_vec();
        (
            name.to_string(),
            ThemeFile {
                name: name.to_string(),
                origin,
                bytes,
            },
        )
    }

    #[test]
    fn a_bundle_joins_its_parts_in_order_and_replaces_them() {
        let mut statics: BTreeMap<String, ThemeFile> = [
            file("js/a.js", "a();"),
            file("js/b.js", "b();\n"),
            file("js/other.js", "other();"),
            file("js/ab.js.bundle", "# the two\njs/b.js\n\n  js/a.js\n"),
        ]
        .into_iter()
        .collect();
        let mut errors = Vec::new();
        assert_eq!(resolve(&mut statics, &mut errors), None);
        assert!(errors.is_empty());
        let names: Vec<&str> = statics.keys().map(String::as_str).collect();
        assert_eq!(names, ["js/ab.js", "js/other.js"]);
        assert_eq!(statics["js/ab.js"].bytes, b"b();\na();\n");
        assert_eq!(
            statics["js/ab.js"].origin,
            std::path::PathBuf::from("static/js/ab.js.bundle")
        );
    }

    #[test]
    fn one_bundle_may_take_the_search_index() {
        let mut statics: BTreeMap<String, ThemeFile> = [
            file("js/a.js", "a();"),
            file("js/b.js", "b();"),
            file("js/s.js.bundle", "js/a.js\n@search-index\n"),
            file("js/t.js.bundle", "@search-index\njs/b.js\n"),
        ]
        .into_iter()
        .collect();
        let mut errors = Vec::new();
        assert_eq!(
            resolve(&mut statics, &mut errors).as_deref(),
            Some("js/s.js")
        );
        assert_eq!(statics["js/s.js"].bytes, b"a();\n");
        let messages: Vec<String> = errors.iter().map(ToString::to_string).collect();
        assert_eq!(
            messages,
            [
                "static/js/t.js.bundle: @search-index is in static/js/s.js.bundle already: one \
              bundle takes the search index; remove the line from one of them"
            ]
        );
    }

    #[test]
    fn every_wrong_line_of_a_bundle_is_an_error_naming_it() {
        let mut statics: BTreeMap<String, ThemeFile> = [
            file("js/a.js", "a();"),
            file(
                "js/x.js.bundle",
                "js/a.js\njs/missing.js\njs/a.js\njs/y.js.bundle\n",
            ),
            file("js/y.js.bundle", "# nothing\n"),
        ]
        .into_iter()
        .collect();
        let mut errors = Vec::new();
        resolve(&mut statics, &mut errors);
        let messages: Vec<String> = errors.iter().map(ToString::to_string).collect();
        assert_eq!(
            messages,
            [
                "static/js/x.js.bundle:2: there is no static file \"js/missing.js\"; give its \
                 path inside static/, such as js/search-core.js",
                "static/js/x.js.bundle:3: \"js/a.js\" is listed twice",
                "static/js/x.js.bundle:4: \"js/y.js.bundle\" is a bundle: list the files it \
                 joins instead",
                "static/js/y.js.bundle: the bundle lists no file; list the static files to \
                 join, one path a line",
            ]
        );
    }
}
