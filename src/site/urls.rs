//! Where every page of the content ends up: its folder URL, known before anything is rendered,
//! and the relative links between folders.
//!
//! Owns: the URL of each kind of page, the folder names of the pages leerpad makes
//! (`Folders`, words of the site's language) and the shape of relative links
//! (`../x/index.html`).
//! Does not: check links (see `links`) or render anything.

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde::Serialize;

use crate::content::front_matter::Kind;
use crate::content::markdown::{ids, PrintPart};
use crate::content::{Content, Doc};
use crate::theme::Strings;

/// The folder and file names of the pages leerpad makes: words of the site's language, from
/// the `url_*` keys of the theme's `i18n/LANG.yaml` (a site overrides them in its own
/// `i18n/LANG.yaml`). The content tree mirrors them: `content/STEPS/`, `content/MODULES/`,
/// `content/GLOSSARY.md`. Each is a name of lower-case letters a-z, digits and `-` (the strings
/// loader checks that, at the key's line).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Folders {
    /// The step plan: its overview and a folder per step (`stappen/`).
    pub steps: String,
    /// The one-page step card to print (`stapkaart/`).
    pub step_card: String,
    /// The search page and its index (`zoeken/`).
    pub search: String,
    /// The partner finder and a folder per region (`partners/`).
    pub partners: String,
    /// A folder per module (`modules/`).
    pub modules: String,
    /// A module's print page, under the module's folder (`print/`).
    pub print: String,
    /// The slug of the glossary page (`begrippen`, from `content/begrippen.md`).
    pub glossary: String,
    /// The start of a lesson's ids on its module's print page (`les`).
    pub print_lesson: String,
}

/// The keys of `Folders` in the interface strings, in the order of its fields.
pub const FOLDER_KEYS: [&str; 8] = [
    "url_steps",
    "url_step_card",
    "url_search",
    "url_partners",
    "url_modules",
    "url_print",
    "url_glossary",
    "url_print_lesson",
];

/// Output folders of every site, whatever its language: a free page may not take them.
const ASSET_FOLDERS: &[&str] = &["css", "js", "img", "404"];

impl Folders {
    /// The folder names in `strings`; a missing key gives an empty name (the strings loader
    /// has reported it).
    pub fn from_strings(strings: &Strings) -> Folders {
        let [steps, step_card, search, partners, modules, print, glossary, print_lesson] =
            FOLDER_KEYS.map(|key| strings.0.get(key).cloned().unwrap_or_default());
        Folders {
            steps,
            step_card,
            search,
            partners,
            modules,
            print,
            glossary,
            print_lesson,
        }
    }

    /// Every name is there: the strings had all their keys.
    pub fn is_complete(&self) -> bool {
        self.top_level().iter().all(|n| !n.is_empty())
            && !self.print.is_empty()
            && !self.print_lesson.is_empty()
    }

    /// The folders at the site root that leerpad writes to.
    fn top_level(&self) -> [&str; 5] {
        [
            &self.modules,
            &self.steps,
            &self.step_card,
            &self.partners,
            &self.search,
        ]
    }

    /// URL folders that leerpad itself writes to; a free page may not take these names.
    pub fn reserved_slugs(&self) -> Vec<&str> {
        let mut names: Vec<&str> = self.top_level().to_vec();
        names.extend(ASSET_FOLDERS);
        names
    }

    /// Two kinds of page leerpad makes may not share a folder: what is wrong with the first
    /// pair of equal names, when there is one.
    pub fn clash(&self) -> Option<String> {
        let names = self.top_level();
        let keys = [
            "url_modules",
            "url_steps",
            "url_step_card",
            "url_partners",
            "url_search",
        ];
        for (i, a) in names.iter().enumerate() {
            if ASSET_FOLDERS.contains(a) {
                return Some(format!(
                    "\"{}\" is \"{a}\", a folder of the theme's files; choose another name",
                    keys[i]
                ));
            }
            if let Some(j) = (i + 1..names.len()).find(|&j| names[j] == *a) {
                return Some(format!(
                    "\"{}\" and \"{}\" are both \"{a}\"; give each kind of page its own folder",
                    keys[i], keys[j]
                ));
            }
        }
        None
    }

    /// The folder URL of the step with `slug`.
    pub fn step_url(&self, slug: &str) -> String {
        format!("{}/{slug}/", self.steps)
    }

    /// The folder URL of the module with `slug`.
    pub fn module_url(&self, slug: &str) -> String {
        format!("{}/{slug}/", self.modules)
    }

    /// The folder URL of a module's print page.
    pub fn print_url(&self, module_url: &str) -> String {
        format!("{module_url}{}/", self.print)
    }

    /// The URL of the glossary page, from its slug.
    pub fn glossary_url(&self) -> String {
        format!("{}/", self.glossary)
    }

    /// The prefix of a lesson's ids on its module's print page (`les-slug`).
    pub fn print_lesson(&self, slug: &str) -> String {
        ids::printed(&self.print_lesson, slug)
    }
}

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
pub fn sources<'c>(content: &'c Content, folders: &Folders) -> Vec<Source<'c>> {
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
                url: url_of(doc, module_slug, folders),
            }
        })
        .collect()
}

/// The folder URL of `doc`, a page of the module with `module_slug` if it is an intro or a
/// lesson.
fn url_of(doc: &Doc, module_slug: &str, folders: &Folders) -> String {
    match doc.kind {
        Kind::Home(_) => String::new(),
        Kind::StepsIndex(_) => format!("{}/", folders.steps),
        Kind::Page(_) => format!("{}/", doc.slug),
        Kind::Step(_) => folders.step_url(&doc.slug),
        Kind::ModuleIntro(_) => folders.module_url(module_slug),
        Kind::Lesson(_) => format!("{}{}/", folders.module_url(module_slug), doc.slug),
    }
}

/// The parts of each module's print page (its intro, then its lessons) by source path, in the
/// order of `Content::modules`.
pub fn print_parts(content: &Content, folders: &Folders) -> Vec<BTreeMap<PathBuf, PrintPart>> {
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
                    prefix: folders.print_lesson(&lesson.slug),
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
