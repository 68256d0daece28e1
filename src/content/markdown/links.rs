//! Links in Markdown: what a written link points to, and writing it at its final relative URL
//! (for the page, and for the print page, where links to its own parts stay on it).
//!
//! Owns: which links are allowed (schemes, `.md` sources, `static/` files), turning a written
//! path into a source path, the wording of broken-link reasons found here, and `Resolve`, the
//! door through which the render asks the site.
//! Does not: know where pages end up or which ids they have; `site` answers that.

use std::collections::BTreeSet;
use std::path::{Component, Path, PathBuf};

use pulldown_cmark::{CowStr, Event, Tag};

use super::{ids, Fragment, Print, State};
use crate::error::{Error, Location};

/// Where a link in the Markdown points, before it is resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkTarget {
    /// Another content file (or this one), by source path relative to the site root.
    Page {
        path: PathBuf,
        anchor: Option<String>,
    },
    /// A file under `static/`, by its name there.
    Static { name: String },
}

/// What the site knows of every page before any is rendered: their URLs and their ids.
pub trait Resolve: Sync {
    /// The URL of `target` relative to the page whose folder URL is `from`, or why the target
    /// does not exist (a sentence for the author, after `broken link "…": `).
    fn href(&self, from: &str, target: &LinkTarget) -> Result<String, String>;
}

/// A resolver that knows no page, for rendering a fragment on its own (tests).
pub struct NoPages;

impl Resolve for NoPages {
    fn href(&self, _from: &str, target: &LinkTarget) -> Result<String, String> {
        match target {
            LinkTarget::Static { name } => Ok(format!("/{name}")),
            LinkTarget::Page { path, .. } => Err(format!(
                "there is no page {}",
                crate::error::display_path(path)
            )),
        }
    }
}

/// Decides what a link in Markdown is: `Ok(None)` external (left as is), `Ok(Some)` internal,
/// `Err` with a reason the author can act on.
pub(super) fn classify_link(
    url: &str,
    page: &Path,
    static_files: &BTreeSet<String>,
) -> Result<Option<LinkTarget>, String> {
    if let Some(anchor) = url.strip_prefix('#') {
        return Ok(Some(LinkTarget::Page {
            path: page.to_path_buf(),
            anchor: Some(anchor.to_string()),
        }));
    }
    if let Some(scheme) = scheme_of(url) {
        return match scheme.to_ascii_lowercase().as_str() {
            "http" | "https" | "mailto" | "tel" => Ok(None),
            _ => Err(format!(
                "links may only use https:, http:, mailto: or tel:, not {scheme}:"
            )),
        };
    }
    if url.starts_with("//") {
        return Err("write the full address with https://".to_string());
    }
    if let Some(name) = url.strip_prefix('/') {
        let name = name.split(['#', '?']).next().unwrap_or_default();
        return if static_files.contains(name) {
            Ok(Some(LinkTarget::Static {
                name: name.to_string(),
            }))
        } else {
            Err(format!(
                "no file static/{name}; link to another page by its .md file, or put the file \
                 in static/"
            ))
        };
    }
    let (path_part, anchor) = match url.split_once('#') {
        Some((p, a)) => (p, Some(a.to_string())),
        None => (url, None),
    };
    if !path_part.ends_with(".md") {
        return Err(
            "link to another page by its .md source file (for example ../02-les.md), or to a \
             file in static/ with /name"
                .to_string(),
        );
    }
    let base = page.parent().unwrap_or(Path::new(""));
    match normalize(&base.join(percent_decode(path_part))) {
        Some(path) => Ok(Some(LinkTarget::Page { path, anchor })),
        None => Err("the path goes above the site root".to_string()),
    }
}

pub(super) fn external_image(url: &str) -> String {
    let lower = url.to_ascii_lowercase();
    let place =
        if lower.starts_with("http:") || lower.starts_with("https:") || url.starts_with("//") {
            "is on another server, and the site makes no requests to other servers"
        } else {
            "is not a file of the site"
        };
    format!("the image \"{url}\" {place}: save it in static/ and write ![description](/name)")
}

/// True for a URL on another server (any scheme, or `//host`): not a file of the site.
pub(super) fn is_external(url: &str) -> bool {
    scheme_of(url).is_some() || url.starts_with("//")
}

fn scheme_of(url: &str) -> Option<&str> {
    let (scheme, _) = url.split_once(':')?;
    let mut chars = scheme.chars();
    let first = chars.next()?;
    (first.is_ascii_alphabetic()
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')))
    .then_some(scheme)
}

/// Decodes `%XX` escapes in a URL path; invalid escapes stay as written.
pub(crate) fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap_or("");
            if let Ok(byte) = u8::from_str_radix(hex, 16) {
                out.push(byte);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Resolves `.` and `..` without touching the disk; `None` when it climbs above the start.
pub fn normalize(path: &Path) -> Option<PathBuf> {
    let mut parts: Vec<&std::ffi::OsStr> = Vec::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                parts.pop()?;
            }
            Component::Normal(part) => parts.push(part),
            Component::RootDir | Component::Prefix(_) => return None,
        }
    }
    Some(parts.iter().collect())
}

impl State<'_, '_> {
    /// A link or an image with its URL resolved; an image from another server is refused.
    pub(super) fn link<'e>(&mut self, tag: &Tag<'e>, offset: usize, f: &mut Fragment<'_, 'e>) {
        let at = self.at(&f.lines, f.text, offset);
        let (Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) = tag else {
            return;
        };
        if matches!(tag, Tag::Image { .. }) && is_external(dest_url) {
            // The site makes no requests to other servers (privacy, offline, CSP).
            self.errors
                .push(Error::invalid(at, external_image(dest_url)));
            f.output.push(Event::Start(Tag::Image {
                link_type: pulldown_cmark::LinkType::Inline,
                dest_url: CowStr::from(""),
                title: CowStr::from(""),
                id: CowStr::from(""),
            }));
            return;
        }
        let (page, print) = self.link_url(dest_url, at);
        let with_url = |url: CowStr<'e>| {
            let mut tag = tag.clone();
            if let Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. } = &mut tag {
                *dest_url = url;
            }
            Event::Start(tag)
        };
        f.output.push_each(with_url(page), || {
            with_url(print.unwrap_or(CowStr::Borrowed("#")))
        });
    }

    /// The URL to put in the HTML, for the page and the print page: external URLs as they are,
    /// internal ones resolved to their final relative URL.
    fn link_url<'e>(&mut self, url: &CowStr<'e>, at: Location) -> (CowStr<'e>, Option<CowStr<'e>>) {
        match classify_link(url, self.cx.path, self.cx.static_files) {
            Ok(None) => (url.clone(), self.cx.print.map(|_| url.clone())),
            Ok(Some(target)) => {
                let (page, print) = self.href(&target, url, at);
                (CowStr::from(page), print.map(CowStr::from))
            }
            Err(reason) => {
                self.errors.push(Error::BrokenLink {
                    at,
                    target: url.to_string(),
                    reason,
                });
                (CowStr::from("#"), self.cx.print.map(|_| CowStr::from("#")))
            }
        }
    }

    /// The relative URL of an internal target, for the page and the print page (where a part
    /// of the same print page is linked where it sits). A missing target is an error at `at`.
    pub(super) fn href(
        &mut self,
        target: &LinkTarget,
        written: &str,
        at: Location,
    ) -> (String, Option<String>) {
        let page = self
            .cx
            .links
            .href(self.cx.page_id, target)
            .unwrap_or_else(|reason| {
                self.errors.push(Error::BrokenLink {
                    at,
                    target: written.to_string(),
                    reason,
                });
                "#".to_string()
            });
        if let (
            Some(print),
            LinkTarget::Page {
                anchor: Some(_), ..
            },
        ) = (self.cx.print, target)
        {
            if print_href(print, target).is_some() {
                self.print_anchor_links += 1;
            }
        }
        let print = self.cx.print.map(|print| {
            print_href(print, target).unwrap_or_else(|| {
                self.cx
                    .links
                    .href(print.url, target)
                    .unwrap_or_else(|_| "#".to_string())
            })
        });
        (page, print)
    }
}

/// A link that stays on the print page: to a part of it, by its prefixed id.
fn print_href(print: &Print<'_>, target: &LinkTarget) -> Option<String> {
    let LinkTarget::Page { path, anchor } = target else {
        return None;
    };
    let part = print.parts.get(path)?;
    match anchor {
        Some(anchor) => Some(format!("#{}", ids::printed(&part.prefix, anchor))),
        None if part.has_element => Some(format!("#{}", part.prefix)),
        None => None,
    }
}
