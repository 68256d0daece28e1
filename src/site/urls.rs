//! Where every page of the content ends up: its folder URL, known before anything is rendered,
//! and the relative links between folders.
//!
//! Owns: the URL of each kind of page and the shape of relative links (`../x/index.html`).
//! Does not: check links (see `links`) or render anything.

use std::collections::BTreeMap;
use std::path::PathBuf;

use crate::content::front_matter::Kind;
use crate::content::markdown::{ids, PrintPart};
use crate::content::{Content, Doc};

/// The folder of a module's print page, under the module's own folder.
pub const PRINT_FOLDER: &str = "print";

/// One content file on its way to a page: its doc, its module and its URL.
#[derive(Debug, Clone)]
pub struct Source<'c> {
    pub doc: &'c Doc,
    /// The place in `Content::modules` of the module of an intro or a lesson.
    pub module: Option<usize>,
    /// The page's folder from the site root with a trailing slash; `""` for the home page.
    pub url: String,
}

/// Every content file with its URL, in the order of `Content::docs`.
pub fn sources(content: &Content) -> Vec<Source<'_>> {
    let mut module_of = vec![None; content.docs.len()];
    for (m, module) in content.modules.iter().enumerate() {
        module_of[module.intro] = Some(m);
        for lesson in module.lessons.clone() {
            module_of[lesson] = Some(m);
        }
    }
    content
        .docs
        .iter()
        .zip(module_of)
        .map(|(doc, module)| {
            let module_slug = module.map_or("", |m| content.modules[m].slug.as_str());
            Source {
                doc,
                module,
                url: url_of(doc, module_slug),
            }
        })
        .collect()
}

/// The folder URL of `doc`, a page of the module with `module_slug` if it is an intro or a
/// lesson.
fn url_of(doc: &Doc, module_slug: &str) -> String {
    match doc.kind {
        Kind::Home(_) => String::new(),
        Kind::StepsIndex(_) => format!("{}/", crate::content::STEPS_DIR),
        Kind::Page(_) => format!("{}/", doc.slug),
        Kind::Step(_) => step_url(&doc.slug),
        Kind::ModuleIntro(_) => module_url(module_slug),
        Kind::Lesson(_) => format!("{}{}/", module_url(module_slug), doc.slug),
    }
}

/// The folder URL of the module with `slug`.
pub fn module_url(slug: &str) -> String {
    format!("{}/{slug}/", crate::content::MODULES_DIR)
}

/// The folder URL of a module's print page.
pub fn print_url(module_url: &str) -> String {
    format!("{module_url}{PRINT_FOLDER}/")
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
            let intro_path = content.docs[module.intro].path.clone();
            let mut parts = BTreeMap::from([(intro_path, intro)]);
            for lesson in content.lessons(module) {
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
