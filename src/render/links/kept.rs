//! The links of each page of the last build, for `serve`'s rebuilds: a page that a rebuild
//! takes again has the same bytes (the same `Arc`), so it has the same links, and it is not
//! scanned again; how many pages link to each target is updated by the pages that changed.
//!
//! Owns: what one build's link check leaves for the next.
//! Does not: find or resolve links (`super` does) or word the errors.

use std::collections::HashSet;

use rustc_hash::FxHashMap as HashMap;
use std::sync::{Arc, Mutex};

use super::Referrers;
use crate::render::OutputFile;

/// The links of the last build's pages and how many pages link to each target.
#[derive(Default)]
pub struct KeptLinks(Mutex<State>);

#[derive(Default)]
struct State {
    /// The base URL the links were resolved with.
    base: String,
    pages: HashMap<String, Page>,
    /// How many pages link to each target (never 0: a target no page links to is gone).
    counts: HashMap<String, usize>,
}

/// A page's bytes and the template it came from, with its links: each target once, with the
/// link as the page first writes it.
struct Page {
    bytes: Arc<Vec<u8>>,
    template: String,
    links: Arc<Vec<(String, String)>>,
}

/// One build's use of the kept links. While it runs the kept state is empty, so a build that
/// fails before it finishes leaves nothing half updated: the next one scans every page.
pub(in crate::render) struct Pass<'k> {
    kept: &'k KeptLinks,
    base: String,
    last: HashMap<String, Page>,
    counts: HashMap<String, usize>,
    now: Mutex<HashMap<String, Page>>,
}

impl KeptLinks {
    pub(super) fn start(&self, base: &str) -> Pass<'_> {
        let state = std::mem::take(&mut *self.0.lock().unwrap_or_else(|e| e.into_inner()));
        // Links from the root resolve by the base URL: with another one, none of them holds.
        let (last, counts) = if state.base == base {
            (state.pages, state.counts)
        } else {
            Default::default()
        };
        Pass {
            kept: self,
            base: base.to_string(),
            now: Mutex::new(HashMap::with_capacity_and_hasher(
                last.len(),
                Default::default(),
            )),
            last,
            counts,
        }
    }

    /// Every target no file of `written` has, with who links to it.
    pub(super) fn missing(
        &self,
        written: &crate::render::unique::Paths,
    ) -> Vec<(String, Referrers)> {
        let state = self.0.lock().unwrap_or_else(|e| e.into_inner());
        let missing: HashSet<&str> = state
            .counts
            .keys()
            .filter(|target| !written.contains(*target))
            .map(String::as_str)
            .collect();
        let mut by: HashMap<&str, Referrers> =
            HashMap::with_capacity_and_hasher(missing.len(), Default::default());
        if missing.is_empty() {
            return Vec::new();
        }
        for (path, page) in &state.pages {
            for (target, link) in page.links.iter() {
                if !missing.contains(target.as_str()) {
                    continue;
                }
                let first = || Referrers {
                    page: path.clone(),
                    template: page.template.clone(),
                    written: link.clone(),
                    pages: 1,
                    last: 0,
                };
                match by.get_mut(target.as_str()) {
                    None => {
                        by.insert(target, first());
                    }
                    Some(referrers) => {
                        referrers.pages += 1;
                        if *path < referrers.page {
                            *referrers = Referrers {
                                pages: referrers.pages,
                                ..first()
                            };
                        }
                    }
                }
            }
        }
        by.into_iter().map(|(t, r)| (t.to_string(), r)).collect()
    }
}

impl<'k> Pass<'k> {
    /// Notes the links of a page: those of the last build when its bytes are the same, else
    /// `links_of(folder, html)`.
    pub fn page(
        &self,
        file: &OutputFile,
        template: &str,
        links_of: impl FnOnce(&str, &str) -> Vec<(String, String)>,
    ) {
        let links = match self.last.get(&file.path) {
            Some(page) if Arc::ptr_eq(&page.bytes, &file.bytes) && page.template == template => {
                page.links.clone()
            }
            _ => {
                let path = &file.path;
                let folder = &path[..path.rfind('/').map_or(0, |i| i + 1)];
                let html = std::str::from_utf8(&file.bytes);
                Arc::new(html.map_or_else(|_| Vec::new(), |html| links_of(folder, html)))
            }
        };
        let page = Page {
            bytes: file.bytes.clone(),
            template: template.to_string(),
            links,
        };
        self.now
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(file.path.clone(), page);
    }

    /// Counts the links of the pages that changed, came or went, and keeps this build's pages.
    pub fn finish(self) -> &'k KeptLinks {
        let Pass {
            kept,
            base,
            mut last,
            mut counts,
            now,
        } = self;
        let pages = now.into_inner().unwrap_or_else(|e| e.into_inner());
        for (path, page) in &pages {
            match last.remove(path) {
                Some(old) if Arc::ptr_eq(&old.links, &page.links) => {}
                Some(old) => {
                    uncount(&mut counts, &old.links);
                    count(&mut counts, &page.links);
                }
                None => count(&mut counts, &page.links),
            }
        }
        for old in last.values() {
            uncount(&mut counts, &old.links);
        }
        *kept.0.lock().unwrap_or_else(|e| e.into_inner()) = State {
            base,
            pages,
            counts,
        };
        kept
    }
}

fn count(counts: &mut HashMap<String, usize>, links: &[(String, String)]) {
    for (target, _) in links {
        match counts.get_mut(target) {
            Some(n) => *n += 1,
            None => {
                counts.insert(target.clone(), 1);
            }
        }
    }
}

fn uncount(counts: &mut HashMap<String, usize>, links: &[(String, String)]) {
    for (target, _) in links {
        if let Some(n) = counts.get_mut(target) {
            *n -= 1;
            if *n == 0 {
                counts.remove(target);
            }
        }
    }
}
