//! The pages of the last render, for `serve`'s rebuilds: each output page with the key of the
//! context it was rendered from (`key`), so that a page whose context has the same key now is
//! taken again as it is, its context never built, its bytes never copied.
//!
//! Owns: what one render leaves for the next and how a render takes from it.
//! Does not: make keys (the jobs do, through `key::Cx`) or decide what a page shows.

use rustc_hash::FxHashMap as HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

/// A page's key (`None`: never equal to any) and its bytes.
type Pages = HashMap<String, (Option<u64>, Arc<Vec<u8>>)>;

/// The pages of the last render, by path. The templates are the same: `serve` drops them when
/// it compiles the templates again.
#[derive(Default)]
pub struct KeptPages {
    pages: Mutex<Pages>,
    /// Pages rendered by the last render (the others were taken again), for `serve`'s log.
    rendered: AtomicUsize,
    /// The step plan's flowchart: laying it out costs more than all kept pages together.
    pub(super) flowchart: Made<(Vec<crate::steps::StepNode>, [String; 3]), String>,
    links: super::links::KeptLinks,
    digests: crate::offline::KeptDigests,
}

/// A value made by a function of its inputs alone, kept while the inputs stay equal (`==`).
pub(super) struct Made<I, T>(Mutex<Option<(I, T)>>);

impl<I, T> Default for Made<I, T> {
    fn default() -> Self {
        Made(Mutex::new(None))
    }
}

impl<I: PartialEq, T: Clone> Made<I, T> {
    /// `make(&inputs)`, or what it made from equal inputs last time. `make` is a function, not
    /// a closure: it sees nothing but the inputs.
    pub fn get(&self, inputs: I, make: fn(&I) -> T) -> T {
        let mut last = self.0.lock().unwrap_or_else(|e| e.into_inner());
        match &*last {
            Some((was, value)) if *was == inputs => value.clone(),
            _ => {
                let value = make(&inputs);
                *last = Some((inputs, value.clone()));
                value
            }
        }
    }
}

/// One render's use of the kept pages: it takes from the last render's and leaves its own.
pub(super) struct Pass {
    last: Pages,
    now: Mutex<Pages>,
    rendered: AtomicUsize,
}

impl KeptPages {
    /// How many pages the last render made anew.
    pub fn rendered(&self) -> usize {
        self.rendered.load(Ordering::Relaxed)
    }

    /// How many pages the last render made in all.
    pub fn len(&self) -> usize {
        self.pages.lock().map_or(0, |p| p.len())
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The links of the last build's pages, for the link check.
    pub fn links(&self) -> &super::links::KeptLinks {
        &self.links
    }

    /// The hashes of the last build's files, for the service worker's list.
    pub fn digests(&self) -> &crate::offline::KeptDigests {
        &self.digests
    }

    /// Starts a render that takes from these pages.
    pub(super) fn start(&self) -> Pass {
        let last = std::mem::take(&mut *self.pages.lock().unwrap_or_else(|e| e.into_inner()));
        Pass {
            now: Mutex::new(HashMap::with_capacity_and_hasher(
                last.len(),
                Default::default(),
            )),
            last,
            rendered: AtomicUsize::new(0),
        }
    }

    /// Keeps the pages of a render for the next one (of a failed render, those it made).
    pub(super) fn finish(&self, pass: Pass) {
        *self.pages.lock().unwrap_or_else(|e| e.into_inner()) =
            pass.now.into_inner().unwrap_or_else(|e| e.into_inner());
        self.rendered
            .store(pass.rendered.into_inner(), Ordering::Relaxed);
    }
}

impl Pass {
    /// The bytes of the page at `path` when the last render made it from a context with this
    /// key; they are kept for the next render too.
    pub fn take(&self, path: &str, key: Option<u64>) -> Option<Arc<Vec<u8>>> {
        let (last, bytes) = self.last.get(path)?;
        if key.is_none() || *last != key {
            return None;
        }
        self.keep(path, key, bytes.clone());
        Some(bytes.clone())
    }

    /// Notes a page rendered anew from a context with this key.
    pub fn rendered(&self, path: &str, key: Option<u64>, bytes: Arc<Vec<u8>>) {
        self.rendered.fetch_add(1, Ordering::Relaxed);
        self.keep(path, key, bytes);
    }

    fn keep(&self, path: &str, key: Option<u64>, bytes: Arc<Vec<u8>>) {
        self.now
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(path.to_string(), (key, bytes));
    }
}
