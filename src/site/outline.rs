//! The first pass over the pages: every page's outline (its headings' ids and every id a
//! link may target), before any page renders, so links between pages can be checked.
//!
//! Owns: which ids a kind of page reserves (the theme's ids on every page, the partners' on
//! step pages, the glossary's terms on the glossary page) and the outline's key in `serve`'s
//! memo. Does not: render bodies (see `render_all`) or resolve links (see `links`).

use std::collections::BTreeSet;

use rustc_hash::FxHashMap as HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use rayon::prelude::*;

use crate::content::markdown::{self, Outline};

use super::urls::Source;
use super::{memo, Glossary, Inputs};

/// The first pass: every page's ids, in parallel, before any page renders. No heading takes
/// an id the theme writes itself (`inhoud`, the skip link's target), a glossary term's on the
/// glossary page, or a partner's on a step page, where the step's partners are listed. Only the
/// terms' ids count as the page's own, for the links to check and the ids a message lists.
/// An outline of the last build whose inputs are the same is taken again; `kept` becomes this
/// build's.
pub(super) fn all(
    sources: &[Source<'_>],
    glossary: &Glossary<'_>,
    inputs: &Inputs<'_>,
    kept: &mut HashMap<PathBuf, (u64, Arc<Outline>)>,
    keep: bool,
) -> Vec<Arc<Outline>> {
    let theme_ids = inputs.templates.fixed_ids();
    let term_ids: Vec<String> = glossary.marks.marks.iter().map(|m| m.id.clone()).collect();
    let raw_html = inputs.config.allow_raw_html;
    // Three kinds of page reserve ids: the glossary page (its terms' ids are its own), step
    // pages (they step aside for the partners) and all others (for the theme's ids only).
    let partners: Vec<String> = inputs.directory.partner_ids().into_iter().collect();
    let plain = Reserved::new(&[], &[theme_ids], raw_html);
    let step = Reserved::new(&[], &[theme_ids, &partners], raw_html);
    let own = Reserved::new(&term_ids, &[theme_ids], raw_html);
    let last = std::mem::take(kept);
    let outlines: Vec<(u64, Arc<Outline>)> = sources
        .par_iter()
        .map(|source| {
            let reserved = if glossary.is(&source.doc.path) {
                &own
            } else if source.doc.kind.as_step().is_some() {
                &step
            } else {
                &plain
            };
            let body = source.doc.body();
            // Only a build that keeps its work (serve) needs the key: `build` hashes nothing.
            let key = if keep {
                memo::Key::default()
                    .number(reserved.key)
                    .text(body)
                    .finish()
            } else {
                0
            };
            match last.get(&source.doc.path) {
                Some((k, outline)) if *k == key => (key, outline.clone()),
                _ => (key, Arc::new(reserved.outline(body))),
            }
        })
        .collect();
    if !keep {
        return outlines.into_iter().map(|(_, outline)| outline).collect();
    }
    let mut list = Vec::with_capacity(outlines.len());
    kept.reserve(outlines.len());
    for (source, (key, outline)) in sources.iter().zip(outlines) {
        kept.insert(source.doc.path.clone(), (key, outline.clone()));
        list.push(outline);
    }
    list
}

/// The ids a kind of page reserves: its own (which it keeps in its outline) and those it
/// steps aside for (which it does not), with a key of both for the memo.
struct Reserved {
    all: Vec<String>,
    avoided: BTreeSet<String>,
    raw_html: bool,
    key: u64,
}

impl Reserved {
    fn new(own: &[String], avoided: &[&[String]], raw_html: bool) -> Reserved {
        let all: Vec<String> = own
            .iter()
            .chain(avoided.iter().flat_map(|ids| ids.iter()))
            .cloned()
            .collect();
        let avoided: BTreeSet<String> = avoided
            .iter()
            .flat_map(|ids| ids.iter())
            .filter(|id| !own.contains(id))
            .cloned()
            .collect();
        let mut key = memo::Key::default();
        key.number(u64::from(raw_html)).number(all.len() as u64);
        for id in &all {
            key.text(id);
        }
        let key = key.finish();
        Reserved {
            all,
            avoided,
            raw_html,
            key,
        }
    }

    fn outline(&self, body: &str) -> Outline {
        let mut outline = markdown::outline(body, &self.all, self.raw_html);
        outline.ids.retain(|id| !self.avoided.contains(id));
        outline
    }
}
