//! Sites for any organisation (issue 19): `leerpad init` in each language with the binary alone,
//! English and French sites with no Dutch interface text whose search finds inflected words,
//! the parity of the search pipeline per language, and the language errors.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use leerpad::search::SearchLanguage;

use crate::fixture::Fixture;

/// The binary copied into a folder of its own, with a site folder beside it: no file of the
/// repository (no themes/) is within reach.
struct Alone {
    dir: tempfile::TempDir,
    bin: PathBuf,
}

impl Alone {
    fn new() -> Alone {
        let dir = tempfile::Builder::new()
            .prefix("leerpad-alone")
            .tempdir()
            .unwrap();
        let bin = dir.path().join("bin/leerpad");
        fs::create_dir_all(bin.parent().unwrap()).unwrap();
        fs::copy(env!("CARGO_BIN_EXE_leerpad"), &bin).unwrap();
        Alone { dir, bin }
    }

    fn site(&self) -> PathBuf {
        self.dir.path().join("site")
    }

    /// Runs the copied binary in the temp folder. Another test's process, started while the
    /// copy was being written, may still hold it open for a moment ("text file busy", ETXTBSY):
    /// the run is tried again then.
    fn run(&self, args: &[&str]) -> Output {
        let mut tries = 0;
        loop {
            let result = Command::new(&self.bin)
                .args(args)
                .current_dir(self.dir.path())
                .env_clear()
                .output();
            match result {
                Err(e) if e.raw_os_error() == Some(26) && tries < 50 => {
                    tries += 1;
                    std::thread::sleep(std::time::Duration::from_millis(20));
                }
                other => return other.unwrap(),
            }
        }
    }
}

/// The folder names of the pages leerpad makes in `language` (the `url_*` keys of its strings).
pub struct Folders {
    pub steps: &'static str,
    pub step_card: &'static str,
    pub search: &'static str,
    pub partners: &'static str,
    pub glossary: &'static str,
}

pub fn folders_of(language: &str) -> Folders {
    match language {
        "en" => Folders {
            steps: "steps",
            step_card: "step-card",
            search: "search",
            partners: "partners",
            glossary: "glossary",
        },
        "fr" => Folders {
            steps: "etapes",
            step_card: "fiche-etapes",
            search: "recherche",
            partners: "partenaires",
            glossary: "glossaire",
        },
        _ => Folders {
            steps: "stappen",
            step_card: "stapkaart",
            search: "zoeken",
            partners: "partners",
            glossary: "begrippen",
        },
    }
}

fn ok(output: &Output) -> String {
    assert!(
        output.status.success(),
        "{}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn init_then_check_and_build_with_the_binary_alone_in_every_language() {
    for language in ["nl", "en", "fr"] {
        let alone = Alone::new();
        let said = ok(&alone.run(&["init", "site", "--language", language]));
        assert!(said.starts_with("wrote a new site ("), "{said}");
        assert!(!alone.site().join("themes").exists());
        let config = fs::read_to_string(alone.site().join("leerpad.toml")).unwrap();
        assert!(config.contains(&format!("language = \"{language}\"")));
        let check = alone.run(&["check", "--root", "site"]);
        let out = ok(&check);
        assert!(
            out.contains("ok: 1 modules, 2 lessons, 4 steps, 1 partners; 0 errors, 1 warnings"),
            "{language}: {out}"
        );
        // The one warning: the placeholder website, until it is replaced.
        let warning = stderr(&check);
        assert!(
            warning.starts_with("partners.yaml:21: warning: the website of \"")
                && warning.contains("\"https://example.org/\", a placeholder"),
            "{language}: {warning}"
        );
        ok(&alone.run(&["build", "--root", "site"]));
        let home = fs::read_to_string(alone.site().join("public/index.html")).unwrap();
        assert!(
            home.contains(&format!("<html lang=\"{language}\"")),
            "{home}"
        );
        // The folders are words of the site's language.
        let folders = folders_of(language);
        for page in [
            format!("{}/index.html", folders.steps),
            format!("{}/index.html", folders.step_card),
            format!("{}/index.html", folders.partners),
            format!("{}/index.js", folders.search),
            format!("{}/index.html", folders.glossary),
        ] {
            let built = alone.site().join("public").join(&page);
            assert!(built.is_file(), "{language}: {page}");
        }
        // Replacing the placeholder clears the warning.
        let partners = alone.site().join("partners.yaml");
        let text = fs::read_to_string(&partners).unwrap();
        fs::write(
            &partners,
            text.replace("https://example.org/", "https://partner.be/"),
        )
        .unwrap();
        let check = alone.run(&["check", "--root", "site"]);
        assert!(
            ok(&check).contains("0 errors, 0 warnings"),
            "{}",
            stderr(&check)
        );
    }
}

#[test]
fn init_refuses_a_folder_that_is_not_empty_and_writes_nothing() {
    let alone = Alone::new();
    fs::create_dir_all(alone.site()).unwrap();
    fs::write(alone.site().join(".keep"), "").unwrap();
    let run = alone.run(&["init", "site"]);
    assert_eq!(run.status.code(), Some(1));
    assert_eq!(
        stderr(&run),
        "error: site: this folder is not empty; leerpad init writes only into an empty or new \
         folder: choose another one, such as `leerpad init my-course`\nnothing was written: 1 \
         error\n"
    );
    assert_eq!(fs::read_dir(alone.site()).unwrap().count(), 1);
    let run = alone.run(&["init", "other", "--language", "de"]);
    assert_eq!(run.status.code(), Some(2), "clap refuses the language");
    assert!(
        stderr(&run).contains("[possible values: nl, en, fr]"),
        "{}",
        stderr(&run)
    );
}

/// Words of the Dutch interface that an English or French page must not show.
const DUTCH_UI: &[&str] = &[
    "Naar de inhoud",
    "Hoofdmenu",
    "Stappenplan",
    "Zoeken",
    "Vorige les",
    "Volgende les",
    "Kennischeck",
    "Controleer",
    "Je voortgang",
    "Kies je regio",
    "Acuut gevaar",
    "Druk af",
    "Bespreek in je team",
    "Voor de trainer",
    "Wat doe je nu?",
    "Begrippen",
    "minuten",
];

fn site_in(language: &str, lesson: &str) -> Fixture {
    Fixture::bare()
        .file(
            "leerpad.toml",
            &format!("title = \"Site\"\nlanguage = \"{language}\"\n"),
        )
        .file(
            "content/modules/01-m/_module.md",
            "---\ntitle: M\n---\nM.\n",
        )
        .file("content/modules/01-m/01-l.md", lesson)
}

/// The URLs of the first results of `query` on the built site, by the scripts the browser runs.
fn search(site: &Fixture, query: &str) -> Vec<String> {
    let script = format!(
        "import {{ loadSite }} from {cli};\nconst s = loadSite({out});\n\
         console.log(JSON.stringify(s.search({query}).map((r) => r.url)));\n",
        cli = serde_json::json!(format!(
            "{}/tests/search-cli.mjs",
            env!("CARGO_MANIFEST_DIR")
        )),
        out = serde_json::json!(site.out()),
        query = serde_json::json!(query),
    );
    let output = Command::new("node")
        .args(["--input-type=module", "-e", &script])
        .output()
        .expect("node runs");
    let out = ok(&output);
    serde_json::from_str(out.trim()).unwrap()
}

#[test]
fn english_and_french_sites_carry_no_dutch_interface_text_and_search_finds_inflected_words() {
    let cases = [
        // Snowball joins regular forms; the irregular plurals are joined by a stated list.
        (
            "en",
            "Children need safe places. Talk with the parents.",
            ["children", "child", "place", "parent", "talking"],
        ),
        (
            "fr",
            "Les enfants ont besoin d'un lieu sûr. Parlez avec l'équipe.",
            ["enfants", "enfant", "équipes", "parlez", "lieux"],
        ),
    ];
    for (language, text, queries) in cases {
        let lesson = format!(
            "---\ntitle: L\n---\n## H\n\n{text}\n\n```quiz\nquestion: Q?\nanswers:\n  - text: A\n    \
             correct: true\n    feedback: Yes.\n  - text: B\n    correct: false\n    feedback: No.\n```\n\n```bespreek\nQ?\n```\n"
        );
        let site = site_in(language, &lesson);
        site.build().success();
        let folders = folders_of(language);
        for page in [
            "index.html".to_string(),
            "modules/m/l/index.html".to_string(),
            format!("{}/index.html", folders.steps),
            format!("{}/index.html", folders.step_card),
            format!("{}/index.html", folders.partners),
            format!("{}/index.html", folders.search),
            "404.html".to_string(),
        ] {
            let html = fs::read_to_string(site.out().join(&page)).unwrap();
            for dutch in DUTCH_UI {
                assert!(!html.contains(dutch), "{language} {page} shows \"{dutch}\"");
            }
            // Nor a Dutch folder in a link: the URLs are words of the site's language.
            for dutch in ["stappen/", "zoeken/", "stapkaart/", "begrippen/"] {
                assert!(!html.contains(dutch), "{language} {page} links \"{dutch}\"");
            }
            assert!(
                html.contains(&format!("<html lang=\"{language}\"")),
                "{page}"
            );
        }
        // The print page's ids of a lesson start with the language's word for it.
        let print = fs::read_to_string(site.out().join("modules/m/print/index.html"))
            .or_else(|_| fs::read_to_string(site.out().join("modules/m/imprimer/index.html")))
            .unwrap();
        let lesson_id = if language == "en" {
            "lesson-l"
        } else {
            "lecon-l"
        };
        assert!(print.contains(&format!("id=\"{lesson_id}\"")), "{language}");
        for query in queries {
            let found = search(&site, query);
            assert!(
                found.iter().any(|url| url.starts_with("modules/m/l/")),
                "{language}: \"{query}\" finds {found:?}"
            );
        }
    }
}

#[test]
fn an_irregular_english_plural_finds_its_singular_and_back_in_the_browser() {
    // Each lesson has one form only: the query of the other form must find it.
    let site = site_in(
        "en",
        "---\ntitle: L\n---\nA child talks. The women listen. Two people help. Both feet hurt.\n",
    )
    .file(
        "content/modules/01-m/02-k.md",
        "---\ntitle: K\n---\nThe children play. A man waits. One person calls. A foot.\n",
    );
    site.build().success();
    for (query, lesson) in [
        ("children", "modules/m/l/"),
        ("woman", "modules/m/l/"),
        ("person", "modules/m/l/"),
        ("foot", "modules/m/l/"),
        ("child", "modules/m/k/"),
        ("men", "modules/m/k/"),
        ("people", "modules/m/k/"),
        ("feet", "modules/m/k/"),
    ] {
        let found = search(&site, query);
        assert!(
            found.iter().any(|url| url == lesson),
            "\"{query}\" finds {found:?}"
        );
    }
}

#[test]
fn the_browser_reads_every_word_of_a_list_as_the_index_does_in_english_and_french() {
    for (language, list) in [("en", "english-words.txt"), ("fr", "french-words.txt")] {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/data")
            .join(list);
        let words: BTreeSet<String> = fs::read_to_string(&path)
            .unwrap()
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .map(str::to_string)
            .collect();
        assert!(words.len() >= 400, "{list}: {}", words.len());
        let body: Vec<&str> = words.iter().map(String::as_str).collect();
        let site = site_in(
            language,
            &format!("---\ntitle: L\n---\n{}\n", body.join(" ")),
        );
        site.build().success();
        let search = SearchLanguage::of(language);
        let pipeline = search.pipeline();
        let expected: Vec<Vec<String>> = words
            .iter()
            .map(|w| search.term(&pipeline, w).into_iter().collect())
            .collect();
        let script = format!(
            "import {{ loadSite }} from {cli};\nconst s = loadSite({out});\n\
             console.log(JSON.stringify({words}.map((w) => s.core.pipeline(w))));\n",
            cli = serde_json::json!(format!(
                "{}/tests/search-cli.mjs",
                env!("CARGO_MANIFEST_DIR")
            )),
            out = serde_json::json!(site.out()),
            words = serde_json::json!(words),
        );
        let output = Command::new("node")
            .args(["--input-type=module", "-e", &script])
            .output()
            .expect("node runs");
        let got: Vec<Vec<String>> = serde_json::from_str(ok(&output).trim()).unwrap();
        let differ: Vec<String> = words
            .iter()
            .zip(expected.iter().zip(&got))
            .filter(|(_, (e, g))| e != g)
            .map(|(w, (e, g))| format!("{w}: index {e:?}, browser {g:?}"))
            .collect();
        assert!(differ.is_empty(), "{language}: {differ:#?}");
        // The stemmer is at work: plural and singular meet.
        let term = |w: &str| search.term(&pipeline, w);
        let (plural, singular) = if language == "en" {
            ("children", "child")
        } else {
            ("enfants", "enfant")
        };
        assert!(term(plural).is_some());
        assert_eq!(term(&format!("{singular}s")), term(singular));
        if language == "en" {
            // The irregular plurals that Snowball keeps apart are read as their singular.
            for (plural, singular) in leerpad::search::ENGLISH_IRREGULAR_PLURALS {
                assert_eq!(term(plural), term(singular), "{plural}");
            }
            assert_eq!(term("children's"), term("child"));
            assert_eq!(term("women's"), term("woman"));
        }
    }
}

#[test]
fn an_unsupported_language_is_an_error_at_its_line() {
    let site = Fixture::bare().file("leerpad.toml", "title = \"T\"\nlanguage = \"de\"\n");
    assert_eq!(
        site.check().errors(),
        ["leerpad.toml:2: the language \"de\" is not supported; use one of: en, fr, nl"]
    );
}

#[test]
fn a_missing_interface_string_is_an_error_naming_the_file_and_the_key() {
    // A site's own copy of the English strings, with one key left out.
    let english = include_str!("../../themes/default/i18n/en.yaml");
    let without: String = english
        .lines()
        .filter(|l| !l.starts_with("quiz_retry:"))
        .map(|l| format!("{l}\n"))
        .collect();
    let site = Fixture::bare()
        .file("leerpad.toml", "title = \"T\"\nlanguage = \"en\"\n")
        .file("themes/default/i18n/en.yaml", &without);
    assert_eq!(
        site.check().errors(),
        [
            "themes/default/i18n/en.yaml: the interface string \"quiz_retry\" is missing; every \
          language file needs every key of the built-in nl.yaml: add it, translated"
        ]
    );
}
