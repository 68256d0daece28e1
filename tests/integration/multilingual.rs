//! Multilingual sites (issue 19): `languages = ["nl", "fr"]` with `content/nl/…` and
//! `content/fr/…`; each language a whole site under its folder, the translations of a page
//! linked both ways, a search index per language, and the errors of the language folders.

use std::path::Path;
use std::process::Command;

use crate::fixture::Fixture;

const STEP_START: &str = "---\ntitle: {T}\nlabel: {T}\nkind: start\nchoices:\n  - label: {C}\n    \
                          to: einde\n---\n{T}.\n";
const STEP_END: &str = "---\ntitle: {T}\nlabel: {T}\nkind: end\n---\n{T}.\n";

fn step(template: &str, title: &str, choice: &str) -> String {
    template.replace("{T}", title).replace("{C}", choice)
}

/// Dutch and French, the same module and steps in both; a second lesson only in Dutch.
pub(crate) fn brussels() -> Fixture {
    Fixture::empty()
        .file("leerpad.toml", "title = \"Brussel\"\nbase_url = \"https://leren.example.org/\"\nlanguages = [\"nl\", \"fr\"]\n")
        .file("content/nl/_index.md", "---\ntitle: Welkom\n---\nDag.\n")
        .file("content/fr/_index.md", "---\ntitle: Bienvenue\n---\nBonjour.\n")
        .file("content/nl/modules/01-a/_module.md", "---\ntitle: Signalen\n---\nIntro.\n")
        .file("content/fr/modules/01-a/_module.md", "---\ntitle: Signaux\n---\nIntro.\n")
        .file(
            "content/nl/modules/01-a/01-b.md",
            "---\ntitle: Kijk naar de kinderen\n---\nDe kinderen spelen buiten in de tuinen.\n",
        )
        .file(
            "content/fr/modules/01-a/01-b.md",
            "---\ntitle: Regardez les enfants\n---\nLes enfants jouent dans les jardins.\n",
        )
        .file("content/nl/modules/01-a/02-c.md", "---\ntitle: Alleen in het Nederlands\n---\nTekst.\n")
        .file("content/nl/stappen/01-begin.md", &step(STEP_START, "Begin", "Verder"))
        .file("content/nl/stappen/02-einde.md", &step(STEP_END, "Einde", ""))
        .file("content/fr/etapes/01-begin.md", &step(STEP_START, "Début", "Suite"))
        .file("content/fr/etapes/02-einde.md", &step(STEP_END, "Fin", ""))
}

/// The URLs of the results of `query` on the language site in `dir`, by the browser's scripts.
fn search(dir: &Path, query: &str) -> Vec<String> {
    let script = format!(
        "import {{ loadSite }} from {cli};\nconst s = loadSite({out});\n\
         console.log(JSON.stringify(s.search({query}).map((r) => r.url)));\n",
        cli = serde_json::json!(format!(
            "{}/tests/search-cli.mjs",
            env!("CARGO_MANIFEST_DIR")
        )),
        out = serde_json::json!(dir),
        query = serde_json::json!(query),
    );
    let output = Command::new("node")
        .args(["--input-type=module", "-e", &script])
        .output()
        .expect("node runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_str(String::from_utf8_lossy(&output.stdout).trim()).unwrap()
}

#[test]
fn a_two_language_site_links_each_page_to_its_translation_both_ways() {
    let site = brussels();
    site.build().success();
    let mut root: Vec<String> = std::fs::read_dir(site.out())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name != ".leerpad-output")
        .collect();
    root.sort();
    assert_eq!(root, ["404.html", "fr", "index.html", "nl", "sitemap.xml"]);
    // The root: a choice of the languages, each named in itself.
    let choice = site.read("index.html");
    assert!(choice.contains(
        "<a class=\"button\" href=\"nl/index.html\" hreflang=\"nl\" lang=\"nl\">Nederlands</a>"
    ));
    assert!(choice.contains(
        "<a class=\"button\" href=\"fr/index.html\" hreflang=\"fr\" lang=\"fr\">Français</a>"
    ));
    assert!(!choice.contains("<script"));
    // A lesson and its translation, both ways, in the head and in the switch.
    let nl = site.read("nl/modules/a/b/index.html");
    let fr = site.read("fr/modules/a/b/index.html");
    assert!(nl.contains("<html lang=\"nl\""));
    assert!(fr.contains("<html lang=\"fr\""));
    // In the head the absolute URL, as search engines want it (the base URL is an address).
    assert!(nl.contains(
        "<link rel=\"alternate\" hreflang=\"fr\" href=\"https://leren.example.org/fr/modules/a/b/\">"
    ));
    assert!(nl.contains(
        "<link rel=\"alternate\" hreflang=\"nl\" href=\"https://leren.example.org/nl/modules/a/b/\">"
    ));
    assert!(fr.contains(
        "<link rel=\"alternate\" hreflang=\"nl\" href=\"https://leren.example.org/nl/modules/a/b/\">"
    ));
    assert!(nl.contains("<nav class=\"language-switch\" aria-label=\"Taal\">"));
    assert!(fr.contains("<nav class=\"language-switch\" aria-label=\"Langue\">"));
    assert!(nl.contains(
        "<a href=\"../../../../fr/modules/a/b/index.html\" hreflang=\"fr\" lang=\"fr\">Français</a>"
    ));
    assert!(nl.contains("<span lang=\"nl\" aria-current=\"true\">Nederlands</span>"));
    // Steps match across the languages' folder words: stappen/ and etapes/.
    let step = site.read("nl/stappen/begin/index.html");
    assert!(
        step.contains("href=\"../../../fr/etapes/begin/index.html\""),
        "{step}"
    );
    let search_page = site.read("fr/recherche/index.html");
    assert!(search_page.contains("href=\"../../nl/zoeken/index.html\" hreflang=\"nl\""));
    // With a base URL that is a path, the head's links are relative too (they work from disk).
    let local = brussels().file(
        "leerpad.toml",
        "title = \"B\"\nlanguages = [\"nl\", \"fr\"]\n",
    );
    local.build().success();
    assert!(local.read("nl/modules/a/b/index.html").contains(
        "<link rel=\"alternate\" hreflang=\"fr\" href=\"../../../../fr/modules/a/b/index.html\">"
    ));
    // A page in one language only has no switch, and no page of the other links to it.
    let only = site.read("nl/modules/a/c/index.html");
    assert!(!only.contains("hreflang"), "{only}");
    assert!(!only.contains("language-switch"));
    assert!(!site.out().join("fr/modules/a/c").exists());
    // Each language has its own interface.
    assert!(fr.contains(">Rechercher<") && !fr.contains(">Zoeken<"));
    // The sitemap: an index of the languages' sitemaps, which carry the alternates.
    let index = site.read("sitemap.xml");
    assert!(index.contains("<loc>https://leren.example.org/nl/sitemap.xml</loc>"));
    assert!(index.contains("<loc>https://leren.example.org/fr/sitemap.xml</loc>"));
    let nl_map = site.read("nl/sitemap.xml");
    assert!(
        nl_map.contains(
            "<url><loc>https://leren.example.org/nl/stappen/</loc><xhtml:link rel=\"alternate\" \
         hreflang=\"nl\" href=\"https://leren.example.org/nl/stappen/\"/><xhtml:link \
         rel=\"alternate\" hreflang=\"fr\" href=\"https://leren.example.org/fr/etapes/\"/></url>"
        ),
        "{nl_map}"
    );
    assert!(nl_map.contains("<url><loc>https://leren.example.org/nl/modules/a/c/</loc></url>"));
    // The 404 page at the root is the first language's, with links from the base URL.
    assert!(site
        .read("404.html")
        .contains("href=\"https://leren.example.org/nl/index.html\""));
}

#[test]
fn each_language_searches_its_own_index_with_its_own_pipeline() {
    let site = brussels();
    site.build().success();
    assert!(site.out().join("nl/zoeken/index.js").is_file());
    assert!(site.out().join("fr/recherche/index.js").is_file());
    let (nl, fr) = (site.out().join("nl"), site.out().join("fr"));
    // Inflected forms meet their stem in each language's own stemmer.
    assert_eq!(
        search(&nl, "kinderen").first().map(String::as_str),
        Some("modules/a/b/")
    );
    assert_eq!(
        search(&nl, "tuin").first().map(String::as_str),
        Some("modules/a/b/")
    );
    assert_eq!(
        search(&fr, "enfant").first().map(String::as_str),
        Some("modules/a/b/")
    );
    assert_eq!(
        search(&fr, "jardin").first().map(String::as_str),
        Some("modules/a/b/")
    );
    // Each finds only its language.
    assert!(
        search(&nl, "enfants")
            .iter()
            .all(|u| !u.starts_with("modules/")),
        "nl finds French"
    );
    assert!(
        search(&fr, "kinderen")
            .iter()
            .all(|u| !u.starts_with("modules/")),
        "fr finds Dutch"
    );
    assert!(search(&fr, "Nederlands").is_empty());
}

#[test]
fn language_beside_languages_must_be_their_first() {
    let site = brussels().file(
        "leerpad.toml",
        "title = \"B\"\nlanguage = \"fr\"\nlanguages = [\"nl\", \"fr\"]\n",
    );
    assert_eq!(
        site.check().errors(),
        [
            "leerpad.toml:3: languages starts with \"nl\", but language is \"fr\"; the first of \
          languages is the site's main language: remove language, or put \"fr\" first"
        ]
    );
    let same = brussels().file(
        "leerpad.toml",
        "title = \"B\"\nlanguage = \"nl\"\nlanguages = [\"nl\", \"fr\"]\n",
    );
    same.check().success();
}

#[test]
fn an_unsupported_or_repeated_language_in_languages_is_an_error_at_its_line() {
    let site = brussels().file(
        "leerpad.toml",
        "title = \"B\"\n\nlanguages = [\"nl\", \"de\"]\n",
    );
    assert_eq!(
        site.check().errors(),
        [
            "leerpad.toml:3: the language \"de\" in languages is not supported; use some of: en, \
          fr, nl"
        ]
    );
    let site = brussels().file(
        "leerpad.toml",
        "title = \"B\"\nlanguages = [\"nl\", \"fr\", \"nl\"]\n",
    );
    assert_eq!(
        site.check().errors(),
        ["leerpad.toml:2: \"nl\" is in languages twice; list each language once"]
    );
}

#[test]
fn a_missing_language_folder_and_a_page_outside_the_folders_are_errors_together() {
    let site = Fixture::empty()
        .file(
            "leerpad.toml",
            "title = \"B\"\nlanguages = [\"nl\", \"en\"]\n",
        )
        .file("content/_index.md", "---\ntitle: Home\n---\n")
        .file("content/nl/_index.md", "---\ntitle: Welkom\n---\n")
        .file("content/fr/_index.md", "---\ntitle: Bienvenue\n---\n");
    assert_eq!(
        site.check().errors(),
        [
            "content/_index.md: a site with languages has its pages in a folder per language; \
             move this file into content/nl/ or content/en/",
            "content/fr: \"fr\" is not one of the site's languages (nl, en); add it to languages \
             in leerpad.toml, or move its pages into a language folder",
            "leerpad.toml:2: the language \"en\" has no folder content/en/; create it with at \
             least content/en/_index.md, or remove \"en\" from languages",
        ]
    );
}

#[test]
fn an_error_in_one_language_names_its_file_in_that_languages_folder() {
    let site = brussels()
        .file("content/fr/stappen/01-x.md", "---\ntitle: X\n---\n")
        .file("content/nl/modules/01-a/03-d.md", "---\ntitle: [\n---\n");
    let errors = site.check().errors();
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert_eq!(
        errors[0],
        "content/fr/stappen/01-x.md: leerpad does not know this place: lessons go in \
         content/fr/modules/NN-name/, steps in content/fr/etapes/, other pages directly in \
         content/fr/"
    );
    assert!(
        errors[1].starts_with("content/nl/modules/01-a/03-d.md:2"),
        "{}",
        errors[1]
    );
}

#[test]
fn a_missing_interface_string_of_the_second_language_is_an_error_naming_its_file() {
    let french = include_str!("../../themes/default/i18n/fr.yaml");
    let without: String = french
        .lines()
        .filter(|l| !l.starts_with("language_switch:"))
        .map(|l| format!("{l}\n"))
        .collect();
    let site = brussels().file("themes/default/i18n/fr.yaml", &without);
    assert_eq!(
        site.check().errors(),
        ["themes/default/i18n/fr.yaml: the interface string \"language_switch\" is missing; every \
          language file needs every key of the built-in nl.yaml: add it, translated"]
    );
}

#[test]
fn check_counts_every_language() {
    let out = brussels().check().success();
    assert!(
        out.contains("ok: 2 modules, 3 lessons, 4 steps, 0 partners; 0 errors, 0 warnings"),
        "{out}"
    );
    assert!(out.contains("content/fr/modules/01-a/01-b.md"), "{out}");
}
