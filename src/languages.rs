//! Multilingual sites: `languages = ["nl", "fr"]` in `leerpad.toml` with `content/nl/…` and
//! `content/fr/…`.
//!
//! Every language is a whole site of its own, made by the same pipeline as a site of one
//! language: content from `content/LANG/`, output under `LANG/` with its own interface strings,
//! folder names, search index, sitemap and service worker. Each language has its folder, the
//! first one too: no language is the site's "real" one, a page of one language never takes the
//! folder name of another, every page sits at the same depth in each language (relative links
//! work from `file://`) and each language's service worker caches only its own pages. The root
//! holds only the language choice (`index.html`), the sitemap index and the 404 page.
//!
//! Owns: splitting `content/` by language folder, which pages are translations of each other
//! (the same page with the folder words of each language: `content/nl/stappen/01-begin.md` and
//! `content/fr/etapes/01-begin.md`, both at their language's `…/begin/`), the links between
//! them (`hreflang`, the language switch, the sitemap's alternates) and the files of the root.
//! Does not: build a language's site (see `site`, `render`) or know any language's words.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde::Serialize;
use tera::Context;

use crate::content::{SourceFile, CONTENT_DIR};
use crate::error::{display_path, Error, Location};
use crate::render::{OutputFile, Renderer};
use crate::site::urls::Folders;
use crate::site::{relative_url, root_prefix, Site};

/// The same page in another language (or in its own: `current`), as a page links to it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Translation {
    /// The language code (`fr`), for `hreflang` and `lang`.
    pub lang: String,
    /// The language's name in itself (`Français`).
    pub name: String,
    /// The link from the page, relative (`../../../fr/etapes/begin/index.html`).
    pub href: String,
    /// The page's folder from the root of the whole site (`fr/etapes/begin/`), for the sitemap.
    pub path: String,
    /// The link in the page's head (`<link rel="alternate">`): the absolute URL when the base
    /// URL is an address, as search engines want it, else `href`.
    pub link: String,
    pub current: bool,
}

/// The content folder of `language`: `content/LANG`.
pub fn content_root(language: &str) -> PathBuf {
    Path::new(CONTENT_DIR).join(language)
}

/// The output folder of `language`, with its slash: `LANG/`.
pub fn prefix(language: &str) -> String {
    format!("{language}/")
}

/// The content files of each language of `languages`, in that order. A file outside the
/// language folders, a folder of a language the site does not list and a language without its
/// folder are errors, all of them; `at` is the `languages` line of `leerpad.toml`.
pub fn split(
    files: Vec<SourceFile>,
    languages: &[String],
    at: &Location,
) -> Result<Vec<Vec<SourceFile>>, Error> {
    let mut by_language: Vec<Vec<SourceFile>> = languages.iter().map(|_| Vec::new()).collect();
    let mut errors = Vec::new();
    let mut unknown: BTreeSet<String> = BTreeSet::new();
    for file in files {
        let mut parts = file.path.iter().skip(1).map(|p| p.to_string_lossy());
        let folder = parts.next().unwrap_or_default().into_owned();
        let in_folder = parts.next().is_some();
        match languages.iter().position(|l| *l == folder) {
            Some(i) if in_folder => by_language[i].push(file),
            _ if in_folder => {
                if unknown.insert(folder.clone()) {
                    errors.push(Error::invalid(
                        Location::file(Path::new(CONTENT_DIR).join(&folder)),
                        format!(
                            "\"{}\" is not one of the site's languages ({}); add it to \
                             languages in leerpad.toml, or move its pages into a language folder",
                            folder.escape_debug(),
                            languages.join(", ")
                        ),
                    ));
                }
            }
            _ => errors.push(Error::invalid(
                Location::file(&file.path),
                format!(
                    "a site with languages has its pages in a folder per language; move this \
                     file into {}",
                    languages
                        .iter()
                        .map(|l| format!("{}/", display_path(&content_root(l))))
                        .collect::<Vec<_>>()
                        .join(" or ")
                ),
            )),
        }
    }
    for (language, files) in languages.iter().zip(&by_language) {
        if files.is_empty() {
            let root = display_path(&content_root(language));
            errors.push(Error::invalid(
                at.clone(),
                format!(
                    "the language \"{language}\" has no folder {root}/; create it with at least \
                     {root}/_index.md, or remove \"{language}\" from languages"
                ),
            ));
        }
    }
    crate::site::sort_errors(&mut errors);
    Error::from_list(errors)?;
    Ok(by_language)
}

/// What a page is in any language: its URL with the folder words of its language replaced by
/// their role (`stappen/begin/` and `etapes/begin/` are both `@steps/begin/`).
fn page_key(url: &str, folders: &Folders) -> String {
    let parts: Vec<&str> = url.split_terminator('/').collect();
    let role = |part: &str| -> Option<&'static str> {
        [
            (&folders.steps, "@steps"),
            (&folders.step_card, "@step-card"),
            (&folders.partners, "@partners"),
            (&folders.search, "@search"),
            (&folders.modules, "@modules"),
        ]
        .into_iter()
        .find(|(word, _)| word.as_str() == part)
        .map(|(_, role)| role)
    };
    let mut key = String::new();
    for (i, part) in parts.iter().enumerate() {
        let word = match (i, parts.len()) {
            (0, 1) if *part == folders.glossary => Some("@glossary"),
            (0, _) => role(part),
            // A module's print versions: `modules/SLUG/print/`, `modules/SLUG/trainer/`.
            (2, 3) if role(parts[0]) == Some("@modules") && *part == folders.print => {
                Some("@print")
            }
            (2, 3) if role(parts[0]) == Some("@modules") && *part == folders.trainer => {
                Some("@trainer")
            }
            _ => None,
        };
        key.push_str(word.unwrap_or(part));
        key.push('/');
    }
    key
}

/// The translations of every page of every language: sets each site's `translations` (a page
/// that exists in one language only gets none) and returns, per site, the links to the other
/// languages as the link check sees them from that language's root (`../fr/…/index.html`): the
/// pages exist, the other languages make them.
pub fn link(sites: &mut [&mut Site], names: &[String]) -> Vec<BTreeSet<String>> {
    let urls: Vec<Vec<String>> = sites
        .iter()
        .map(|s| crate::render::page_urls(s, true))
        .collect();
    // Per key, the URL in each language that has the page.
    let mut by_key: BTreeMap<String, Vec<Option<usize>>> = BTreeMap::new();
    for (l, (site, list)) in sites.iter().zip(&urls).enumerate() {
        for (u, url) in list.iter().enumerate() {
            let entry = by_key
                .entry(page_key(url, &site.config.folders))
                .or_insert_with(|| vec![None; sites.len()]);
            entry[l].get_or_insert(u);
        }
    }
    let languages: Vec<String> = sites.iter().map(|s| s.config.language.clone()).collect();
    // The root of the whole site, when it has an address: every language's base URL without
    // its folder.
    let address = sites.first().and_then(|site| {
        site.config.site_address()?;
        let base = site.config.base_url();
        Some(base.strip_suffix(&prefix(&languages[0]))?.to_string())
    });
    let mut vouched = vec![BTreeSet::new(); sites.len()];
    let mut translations = vec![BTreeMap::new(); sites.len()];
    for places in by_key.values() {
        if places.iter().flatten().count() < 2 {
            continue;
        }
        for (l, from) in places.iter().enumerate() {
            let Some(from) = from.map(|u| &urls[l][u]) else {
                continue;
            };
            let mut list = Vec::new();
            for (m, to) in places.iter().enumerate() {
                let Some(to) = to.map(|u| &urls[m][u]) else {
                    continue;
                };
                let href = if m == l {
                    relative_url(from, from)
                } else {
                    let target = format!("../{}{to}index.html", prefix(&languages[m]));
                    vouched[l].insert(target.clone());
                    format!("{}{target}", root_prefix(from))
                };
                let path = format!("{}{to}", prefix(&languages[m]));
                list.push(Translation {
                    lang: languages[m].clone(),
                    name: names[m].clone(),
                    link: address
                        .as_ref()
                        .map_or_else(|| href.clone(), |root| format!("{root}{path}")),
                    href,
                    path,
                    current: m == l,
                });
            }
            translations[l].insert(from.clone(), list);
        }
    }
    for (site, map) in sites.iter_mut().zip(translations) {
        site.translations = map;
    }
    vouched
}

/// A language on the root's language choice.
#[derive(Debug, Serialize)]
struct LanguageLink<'a> {
    lang: &'a str,
    name: &'a str,
    /// The language's own words for "choose a language".
    choose: &'a str,
    /// The language's home page, from the root.
    href: String,
}

/// The root of a multilingual site: what the root shows and links.
#[derive(Debug, Serialize)]
struct RootView<'a> {
    title: &'a str,
    description: &'a str,
    /// The first language's: the root page is in it.
    lang: &'a str,
    /// The first language's stylesheet, from the root.
    stylesheet: String,
    languages: Vec<LanguageLink<'a>>,
}

/// The files of a multilingual site's root, from its editions (the first language's first):
/// `index.html`, a choice of the languages that works without a script and from `file://`;
/// `sitemap.xml`, an index of the sitemap of each language; and `404.html`, the first
/// language's (its links start at the base URL, so it works at the root too).
pub fn root_files(editions: &[(&Site, &Renderer)]) -> Result<Vec<OutputFile>, Error> {
    let Some(&(first, renderer)) = editions.first() else {
        return Ok(Vec::new());
    };
    let own = prefix(&first.config.language);
    let base = first.config.base_url();
    let base = base.strip_suffix(&own).unwrap_or(&base).to_string();
    let view = RootView {
        title: &first.config.title,
        description: &first.config.description,
        lang: &first.config.language,
        stylesheet: format!("{own}css/site.css"),
        languages: editions
            .iter()
            .map(|(site, renderer)| LanguageLink {
                lang: &site.config.language,
                name: renderer.strings().get("language_name"),
                choose: renderer.strings().get("language_choose"),
                href: format!("{}index.html", prefix(&site.config.language)),
            })
            .collect(),
    };
    let mut cx = Context::new();
    cx.insert("root_site", &view);
    let sitemaps: Vec<String> = editions
        .iter()
        .map(|(site, _)| format!("{base}{}sitemap.xml", prefix(&site.config.language)))
        .collect();
    cx.insert("sitemaps", &sitemaps);
    let templates = renderer.templates();
    let mut not_found = renderer.not_found(first)?;
    not_found.path = "404.html".to_string();
    Ok(vec![
        OutputFile::new("index.html", templates.render("languages.html", &cx)?),
        OutputFile::new("sitemap.xml", templates.render("sitemap-index.xml", &cx)?),
        not_found,
    ])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folders(steps: &str, search: &str, glossary: &str, print: &str) -> Folders {
        Folders {
            steps: steps.into(),
            step_card: format!("{steps}-card"),
            search: search.into(),
            partners: "partners".into(),
            modules: "modules".into(),
            print: print.into(),
            trainer: format!("{print}-trainer"),
            glossary: glossary.into(),
            print_lesson: "les".into(),
        }
    }

    #[test]
    fn a_page_is_the_same_in_every_language_whatever_its_folder_words() {
        let nl = folders("stappen", "zoeken", "begrippen", "print");
        let fr = folders("etapes", "recherche", "glossaire", "imprimer");
        for (a, b) in [
            ("", ""),
            ("stappen/", "etapes/"),
            ("stappen/begin/", "etapes/begin/"),
            ("zoeken/", "recherche/"),
            ("begrippen/", "glossaire/"),
            ("modules/a/", "modules/a/"),
            ("modules/a/print/", "modules/a/imprimer/"),
            ("modules/a/les/", "modules/a/les/"),
            ("over/", "over/"),
        ] {
            assert_eq!(page_key(a, &nl), page_key(b, &fr), "{a} {b}");
        }
        // A lesson named like a folder word is still a lesson; a free page named like another
        // language's folder is a free page.
        assert_ne!(
            page_key("modules/a/print/", &nl),
            page_key("modules/a/print/", &fr)
        );
        assert_ne!(page_key("stappen/", &fr), page_key("stappen/", &nl));
        assert_ne!(page_key("begrippen/x/", &nl), page_key("glossaire/", &fr));
    }

    #[test]
    fn content_outside_the_language_folders_is_an_error_per_file_and_per_folder() {
        let file = |path: &str| SourceFile {
            path: PathBuf::from(path),
            bytes: Vec::new(),
        };
        let languages = ["nl".to_string(), "fr".to_string()];
        let at = Location::line("leerpad.toml", 3);
        let err = split(
            vec![
                file("content/_index.md"),
                file("content/de/_index.md"),
                file("content/de/over.md"),
                file("content/nl/_index.md"),
            ],
            &languages,
            &at,
        )
        .unwrap_err();
        assert_eq!(
            err.into_list()
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>(),
            [
                "content/_index.md: a site with languages has its pages in a folder per \
                 language; move this file into content/nl/ or content/fr/",
                "content/de: \"de\" is not one of the site's languages (nl, fr); add it to \
                 languages in leerpad.toml, or move its pages into a language folder",
                "leerpad.toml:3: the language \"fr\" has no folder content/fr/; create it with \
                 at least content/fr/_index.md, or remove \"fr\" from languages",
            ]
        );
    }
}
