//! Where every page of the content ends up: its folder URL, known before anything is rendered,
//! and the relative links between folders.
//!
//! Owns: the URL of each kind of page and the shape of relative links (`../x/index.html`).
//! Does not: check links (see `links`) or render anything.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::content::markdown::{ids, PrintPart};
use crate::content::{Content, Doc};

/// The folder of a module's learner handout, under the module's own folder: the print a
/// learner may be handed, so the plain name (and the module page's first print link) leads
/// to the version without answers.
pub const PRINT_FOLDER: &str = "print";

/// The folder of a module's trainer version (the whole module with the answers, the trainer
/// notes, the discussion prompts and the timing), beside the handout. Both are children of
/// the module's folder, so a link written for one is right from the other.
pub const TRAINER_FOLDER: &str = "trainer";

/// The kinds of page made from a content file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Home,
    StepsIndex,
    Page,
    Step,
    /// A module's `_module.md`, with the module's place in `Content::modules`.
    Module(usize),
    /// A lesson, with its module's place in `Content::modules`.
    Lesson(usize),
}

/// One content file on its way to a page: its source, its kind and its URL.
#[derive(Debug, Clone)]
pub struct Source<'c> {
    pub path: &'c Path,
    pub body: &'c str,
    pub body_line: u32,
    pub kind: Kind,
    /// The page's folder from the site root with a trailing slash; `""` for the home page.
    pub url: String,
}

/// Every content file with its URL, in the order of the site: home, steps index, pages, steps,
/// then each module followed by its lessons.
pub fn sources(content: &Content) -> Vec<Source<'_>> {
    let mut list = Vec::new();
    if let Some(doc) = &content.home {
        list.push(source(doc, Kind::Home, String::new()));
    }
    if let Some(doc) = &content.steps_index {
        let url = format!("{}/", crate::content::STEPS_DIR);
        list.push(source(doc, Kind::StepsIndex, url));
    }
    for doc in &content.pages {
        list.push(source(doc, Kind::Page, format!("{}/", doc.slug)));
    }
    for doc in &content.steps {
        list.push(source(doc, Kind::Step, step_url(&doc.slug)));
    }
    for (m, module) in content.modules.iter().enumerate() {
        let base = module_url(&module.slug);
        list.push(source(&module.doc, Kind::Module(m), base.clone()));
        for doc in &module.lessons {
            let url = format!("{base}{}/", doc.slug);
            list.push(source(doc, Kind::Lesson(m), url));
        }
    }
    list
}

fn source<M>(doc: &Doc<M>, kind: Kind, url: String) -> Source<'_> {
    Source {
        path: &doc.path,
        body: doc.body(),
        body_line: doc.body_line,
        kind,
        url,
    }
}

/// The folder URL of the module with `slug`.
pub fn module_url(slug: &str) -> String {
    format!("{}/{slug}/", crate::content::MODULES_DIR)
}

/// The folder URL of a module's learner handout.
pub fn print_url(module_url: &str) -> String {
    format!("{module_url}{PRINT_FOLDER}/")
}

/// The folder URL of a module's trainer version.
pub fn trainer_url(module_url: &str) -> String {
    format!("{module_url}{TRAINER_FOLDER}/")
}

/// The folder URL of the step with `slug`.
pub fn step_url(slug: &str) -> String {
    format!("{}/{slug}/", crate::content::STEPS_DIR)
}

/// The parts of each module's print page (its intro, then its lessons) by source path, in the
/// order of `Content::modules`.
pub fn print_parts(content: &Content) -> Vec<BTreeMap<PathBuf, PrintPart>> {
    content
        .modules
        .iter()
        .map(|module| {
            let intro = PrintPart {
                prefix: ids::PRINT_INTRO.to_string(),
                has_element: false,
            };
            let mut parts = BTreeMap::from([(module.doc.path.clone(), intro)]);
            for lesson in &module.lessons {
                let part = PrintPart {
                    prefix: ids::print_lesson(&lesson.slug),
                    has_element: true,
                };
                parts.insert(lesson.path.clone(), part);
            }
            parts
        })
        .collect()
}

/// The prefix that leads from a page's folder back to the site root (`"../../"`).
pub fn root_prefix(url: &str) -> String {
    "../".repeat(url.matches('/').count())
}

/// A link from page `from` (a folder URL) to page `to` (a folder URL) that works from disk:
/// the shortest relative path, always ending in `index.html`.
pub fn relative_url(from: &str, to: &str) -> String {
    let from_parts: Vec<&str> = from.split_terminator('/').collect();
    let to_parts: Vec<&str> = to.split_terminator('/').collect();
    let common = from_parts
        .iter()
        .zip(&to_parts)
        .take_while(|(a, b)| a == b)
        .count();
    let mut url = "../".repeat(from_parts.len() - common);
    for part in &to_parts[common..] {
        url.push_str(part);
        url.push('/');
    }
    url.push_str("index.html");
    url
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_urls_climb_to_the_root() {
        assert_eq!(
            relative_url("modules/a/b/", "stappen/x/"),
            "../../../stappen/x/index.html"
        );
        assert_eq!(relative_url("", "begrippen/"), "begrippen/index.html");
        assert_eq!(relative_url("over/", ""), "../index.html");
        assert_eq!(
            relative_url("modules/a/b/", "modules/a/c/"),
            "../c/index.html"
        );
        assert_eq!(relative_url("modules/a/", "modules/a/c/"), "c/index.html");
        assert_eq!(relative_url("stappen/x/", "stappen/x/"), "index.html");
    }
}
