//! Page bodies kept from the last build, for `serve`'s rebuilds: a page's outline and its
//! rendered body are taken again when everything they were made from is the same.
//!
//! Owns: the keys. A body's key covers its source text, path, URL, first line, print place and
//! the site-wide inputs of a render (config, UI strings, static files, templates, glossary);
//! beside it, the pages its links resolved to, each with the URL and ids it had then. An entry
//! is used only when all of that is equal now, so a kept body is the body a fresh render makes.
//! Does not: render anything, or decide what a page depends on beyond what its render asked.

use rustc_hash::FxHashMap as HashMap;
use std::hash::Hasher as _;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use xxhash_rust::xxh3::Xxh3;

use crate::content::markdown::{LinkTarget, Outline, Resolve};

use super::links::Links;
use super::Done;

/// The outlines and bodies of the last build, by source path.
#[derive(Default)]
pub struct Bodies {
    kept: Mutex<Kept>,
    /// Bodies the last build rendered from Markdown (the others it took again).
    pub(super) rendered: std::sync::atomic::AtomicUsize,
}

/// What one build leaves for the next.
#[derive(Default)]
pub(super) struct Kept {
    pub outlines: HashMap<PathBuf, (u64, std::sync::Arc<Outline>)>,
    pub bodies: HashMap<PathBuf, Body>,
}

/// A rendered body with what it was made from.
pub(super) struct Body {
    pub key: u64,
    /// Each page a link of the body resolved to, with `Links::digest` of it then.
    pub deps: Vec<(PathBuf, u64)>,
    pub done: Done,
}

impl Bodies {
    /// Takes the last build's work out, for a build to use and then `put` back.
    pub(super) fn take(&self) -> Kept {
        std::mem::take(&mut *self.kept.lock().unwrap_or_else(|e| e.into_inner()))
    }

    /// Keeps this build's work for the next one (pages that are gone are dropped with the
    /// rest of the old map).
    pub(super) fn put(&self, kept: Kept) {
        *self.kept.lock().unwrap_or_else(|e| e.into_inner()) = kept;
    }

    /// The number of bodies kept, for the figures `serve` prints.
    pub fn len(&self) -> usize {
        self.kept.lock().map_or(0, |k| k.bodies.len())
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// How many bodies the last build rendered from Markdown.
    pub fn rendered(&self) -> usize {
        self.rendered.load(std::sync::atomic::Ordering::Relaxed)
    }
}

impl Body {
    /// What the body was made from, as one number: its key and its links' digests. Two bodies
    /// with the same are the same (that is what taking a body again relies on).
    pub fn digest(&self) -> u64 {
        let mut key = Key::default();
        key.number(self.key).number(self.deps.len() as u64);
        for (path, digest) in &self.deps {
            key.path(path).number(*digest);
        }
        key.finish().max(1)
    }

    /// True when every page the body linked to has the URL and ids it had.
    pub fn still_links(&self, links: &Links<'_>) -> bool {
        self.deps
            .iter()
            .all(|(path, digest)| links.digest(path) == *digest)
    }
}

/// A 64-bit key over pieces of text and numbers, each with its length so that no two lists of
/// pieces run together into the same bytes.
#[derive(Default)]
pub(super) struct Key(Xxh3);

impl Key {
    pub fn text(&mut self, text: &str) -> &mut Self {
        self.bytes(text.as_bytes())
    }

    pub fn bytes(&mut self, bytes: &[u8]) -> &mut Self {
        self.0.write_u64(bytes.len() as u64);
        self.0.update(bytes);
        self
    }

    pub fn number(&mut self, n: u64) -> &mut Self {
        self.0.write_u64(n);
        self
    }

    /// A value by its `Hash` (for values without a text form, such as an enum's variant; the
    /// key lives only as long as the process).
    pub fn hashed(&mut self, value: impl std::hash::Hash) -> &mut Self {
        value.hash(&mut self.0);
        self
    }

    pub fn path(&mut self, path: &Path) -> &mut Self {
        self.bytes(path.as_os_str().as_encoded_bytes())
    }

    pub fn finish(&self) -> u64 {
        self.0.digest()
    }
}

/// A resolver that notes every page a body links to, on its way to the real one.
pub(super) struct Recording<'l> {
    pub links: &'l Links<'l>,
    pub seen: Mutex<Vec<PathBuf>>,
}

impl Recording<'_> {
    /// The pages linked to, each once, with their digests now.
    pub fn deps(self) -> Vec<(PathBuf, u64)> {
        let mut seen = self.seen.into_inner().unwrap_or_else(|e| e.into_inner());
        seen.sort();
        seen.dedup();
        seen.into_iter()
            .map(|path| {
                let digest = self.links.digest(&path);
                (path, digest)
            })
            .collect()
    }
}

impl Resolve for Recording<'_> {
    fn href(&self, from: &str, target: &LinkTarget) -> Result<String, String> {
        if let LinkTarget::Page { path, .. } = target {
            self.seen
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .push(path.clone());
        }
        self.links.href(from, target)
    }
}
