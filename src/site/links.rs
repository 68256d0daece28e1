//! The resolver the render asks for every internal link: each page's URL and ids, from the
//! first pass, so a link is written once, already final.
//!
//! Owns: the wording of "no page" and "no such id" reasons, and which ids a page offers.
//! Does not: parse links (see `content::markdown::links`) or know where a link is written.

use std::collections::BTreeMap;
use std::path::Path;

use super::urls::{relative_url, root_prefix};
use crate::content::markdown::{LinkTarget, Outline, Resolve};
use crate::error::display_path;

/// A page as a link target.
struct Target<'s> {
    url: &'s str,
    outline: &'s Outline,
}

/// Every page's URL and ids by source path.
pub struct Links<'s> {
    pages: BTreeMap<&'s Path, Target<'s>>,
}

impl<'s> Links<'s> {
    /// The resolver over pages given as (source path, folder URL, outline).
    pub fn new(pages: impl IntoIterator<Item = (&'s Path, &'s str, &'s Outline)>) -> Self {
        Links {
            pages: pages
                .into_iter()
                .map(|(path, url, outline)| (path, Target { url, outline }))
                .collect(),
        }
    }
}

impl Links<'_> {
    /// What a link to the page at `path` reads of it (its URL and ids) as one number, so a kept
    /// body can tell whether its links still come out the same (see `memo`).
    pub fn digest(&self, path: &Path) -> u64 {
        let Some(page) = self.pages.get(path) else {
            return u64::MAX;
        };
        let mut key = super::memo::Key::default();
        key.text(page.url).number(u64::from(page.outline.complete));
        for id in &page.outline.ids {
            key.text(id);
        }
        key.finish()
    }
}

impl Resolve for Links<'_> {
    fn href(&self, from: &str, target: &LinkTarget) -> Result<String, String> {
        let (path, anchor) = match target {
            LinkTarget::Static { name } => return Ok(format!("{}{name}", root_prefix(from))),
            LinkTarget::Page { path, anchor } => (path, anchor),
        };
        let Some(page) = self.pages.get(path.as_path()) else {
            return Err(format!("there is no page {}", display_path(path)));
        };
        let Some(anchor) = anchor else {
            return Ok(relative_url(from, page.url));
        };
        // A page nested too deeply to outline has errors of its own; its ids are unknown.
        if page.outline.complete && !page.outline.ids.contains(anchor) {
            return Err(missing_id(path, anchor, page.outline));
        }
        let mut href = if page.url == from {
            String::new()
        } else {
            relative_url(from, page.url)
        };
        href.push('#');
        href.push_str(anchor);
        Ok(href)
    }
}

fn missing_id(path: &Path, anchor: &str, outline: &Outline) -> String {
    // The first twelve: a page with many ids makes each error no longer.
    let known: Vec<&str> = outline.ids.iter().take(12).map(String::as_str).collect();
    format!(
        "{} has no heading with the id \"{anchor}\"; its ids: {}",
        display_path(path),
        known.join(", ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn outline(ids: &[&str], complete: bool) -> Outline {
        Outline {
            headings: Vec::new(),
            ids: ids.iter().map(|s| s.to_string()).collect(),
            complete,
        }
    }

    #[test]
    fn links_resolve_to_relative_urls_and_check_their_anchor() {
        let (a, deep) = (outline(&["een", "twee"], true), outline(&[], false));
        let links = Links::new([
            (Path::new("content/a.md"), "a/", &a),
            (Path::new("content/diep.md"), "diep/", &deep),
        ]);
        let page = |path: &str, anchor: Option<&str>| LinkTarget::Page {
            path: path.into(),
            anchor: anchor.map(str::to_string),
        };
        assert_eq!(
            links.href("modules/m/l/", &page("content/a.md", Some("twee"))),
            Ok("../../../a/index.html#twee".to_string())
        );
        assert_eq!(
            links.href("a/", &page("content/a.md", Some("een"))),
            Ok("#een".to_string()),
            "an anchor on the page itself"
        );
        assert_eq!(
            links.href("a/", &page("content/a.md", Some("drie"))),
            Err("content/a.md has no heading with the id \"drie\"; its ids: een, twee".into())
        );
        assert_eq!(
            links.href("a/", &page("content/diep.md", Some("x"))),
            Ok("../diep/index.html#x".to_string()),
            "a page too deep to outline has errors of its own; its ids are not checked"
        );
        assert_eq!(
            links.href("a/", &page("content/weg.md", None)),
            Err("there is no page content/weg.md".into())
        );
        let image = LinkTarget::Static {
            name: "img/a.png".into(),
        };
        assert_eq!(links.href("a/b/", &image), Ok("../../img/a.png".into()));
    }
}
