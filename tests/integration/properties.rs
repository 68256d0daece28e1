//! Property tests of the same entry points as the fuzz targets in `fuzz/`: inputs built from
//! Markdown and YAML fragments never panic, and every error points at a line of its file.
//! Short (a few seconds) so they run in every `cargo test`; the fuzzers dig deeper.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use leerpad::content::blocks::{chart, quiz, BlockInput};
use leerpad::content::front_matter::{self, LessonMeta, PageMeta, StepMeta};
use leerpad::content::markdown::{self, GlossaryMark, GlossaryTerms, MarkdownContext};
use leerpad::content::SourceFile;
use leerpad::partners::Directory;
use leerpad::theme::{Strings, Templates, Theme};
use leerpad::{compile, Error, Overrides, Sources};
use proptest::prelude::*;

const FRAGMENTS: &[&str] = &[
    "---\n",
    "title: ",
    "summary: ",
    "label: ",
    "kind: start\n",
    "kind: end\n",
    "choices:\n",
    "  - label: a\n    to: b\n",
    "to: ",
    "partners: [",
    "terms:\n  - term: VK\n",
    "definition: d\n",
    "- ",
    "  ",
    "> ",
    ">",
    "* ",
    "1. ",
    "\n",
    "\n\n",
    "\t",
    "#",
    "## ",
    "# ",
    "```quiz\n",
    "```chart\n",
    "```trainer\n",
    "```bespreek\n",
    "```\n",
    "~~~\n",
    "````\n",
    "question: q\n",
    "answers:\n",
    "  - text: a\n    correct: true\n    feedback: f\n",
    "correct: ",
    "true",
    "false",
    "multiple: true\n",
    "explanation: e\n",
    "labels: [\"2018\", 2019]\n",
    "series:\n  - name: n\n    values: [1, 2]\n",
    "values: [",
    "unit: u\n",
    "source: s\n",
    "[x](",
    "01-x.md",
    "../",
    "#anchor",
    ")",
    "](",
    "![i](/img/icon.svg)",
    "<b>",
    "<script>",
    "\"",
    "'",
    "{",
    "}",
    "[",
    "]",
    ":",
    ",",
    "|a|b|\n|-|-|\n|1|2|\n",
    "[^1]\n\n[^1]: x\n",
    "> [!TIP]\n",
    "> [!WARNING]\n",
    "VK ",
    "niet-pluisgevoel ",
    "é",
    "\u{feff}",
    "\r\n",
    "&amp;",
    "\\",
    "*",
    "_",
    "`",
    "~~",
    "https://example.org/",
    "javascript:x",
    "mailto:a@b.be",
    "9700",
    "-1",
    "1e400",
    "regions:\n  - id: vl\n    name: V\n    kind: all\n",
    "categories:\n  - id: vk\n    name: VK\n",
    "partners:\n  - id: p\n    name: P\n    category: vk\n    regions: [vl]\n",
    "website: ",
    "phone: ",
    "email: ",
    "ages: {from: 3, to: 1}\n",
    "parent: ",
    "municipalities:\n",
    "checked: 2026-13-40\n",
];

fn text() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(FRAGMENTS), 0..40).prop_map(|parts| parts.concat())
}

fn lines_of(text: &str) -> u32 {
    text.lines().count() as u32 + 1
}

/// Every located error of `error` lies within the `lines` lines of its file (0 = whole file).
fn check_lines(error: &Error, from: u32, lines: u32) -> Result<(), TestCaseError> {
    for single in error_list(error) {
        if let Some(at) = single.location() {
            prop_assert!(
                at.line == 0 || (at.line >= from && at.line <= lines + from),
                "{single} is outside lines {from}..{}",
                lines + from
            );
        }
    }
    Ok(())
}

fn error_list(error: &Error) -> Vec<&Error> {
    match error {
        Error::Many(list) => list.iter().flat_map(error_list).collect(),
        single => vec![single],
    }
}

fn theme() -> &'static Theme {
    static THEME: OnceLock<Theme> = OnceLock::new();
    THEME.get_or_init(|| {
        Theme::load(Path::new(env!("CARGO_MANIFEST_DIR")), "default", "nl")
            .expect("the theme loads")
    })
}

fn templates() -> &'static Templates {
    static TEMPLATES: OnceLock<Templates> = OnceLock::new();
    TEMPLATES.get_or_init(|| Templates::compile(theme()).expect("the theme compiles"))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn front_matter_never_panics_and_points_into_the_file(text in text()) {
        let path = Path::new("content/modules/01-a/01-b.md");
        match front_matter::split(&text, path) {
            Ok(split) => {
                for result in [
                    front_matter::parse::<LessonMeta>(&split, path).err(),
                    front_matter::parse::<StepMeta>(&split, path).err(),
                    front_matter::parse::<PageMeta>(&split, path).err(),
                ].into_iter().flatten() {
                    check_lines(&result, 1, lines_of(&text))?;
                }
            }
            Err(error) => check_lines(&error, 1, lines_of(&text))?,
        }
    }

    #[test]
    fn quiz_and_chart_blocks_never_panic_and_point_into_the_block(text in text()) {
        let input = BlockInput {
            source: &text,
            path: Path::new("content/modules/01-a/01-b.md"),
            line: 10,
            index: 0,
            page_id: "modules/a/b/",
            templates: templates(),
            print: None,
        };
        for result in [quiz::render(&input).err(), chart::render(&input).err()].into_iter().flatten() {
            check_lines(&result, 10, lines_of(&text))?;
        }
    }

    #[test]
    fn partners_yaml_never_panics_and_points_into_the_file(text in text()) {
        if let Err(error) = Directory::parse(&text, Path::new("partners.yaml")) {
            check_lines(&error, 1, lines_of(&text))?;
        }
    }

    #[test]
    fn markdown_never_panics_and_escapes_raw_html(text in text()) {
        let strings = Strings::default();
        let statics: BTreeSet<String> = ["img/icon.svg".to_string()].into();
        let marks = GlossaryTerms::new(vec![GlossaryMark { term: "VK".into(), lower: "vk".into(), expansion: Some("V K".into()), id: "vk".into() }]);
        let cx = MarkdownContext {
            path: Path::new("content/modules/01-a/01-b.md"),
            first_line: 5,
            allow_raw_html: false,
            page_id: "modules/a/b/",
            strings: &strings,
            glossary: Some((Path::new("content/begrippen.md"), &marks)),
            static_files: &statics,
            templates: templates(),
            outline: &markdown::outline(&text, &[], false),
            links: &markdown::NoPages,
            print: None,
        };
        match markdown::render(&text, &cx) {
            Ok(rendered) => prop_assert!(!rendered.html.contains("<script"), "{}", rendered.html),
            Err(errors) => {
                for error in &errors {
                    check_lines(error, 5, lines_of(&text))?;
                }
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn the_whole_build_never_panics(
        files in prop::collection::vec((0usize..8, text()), 1..6),
        partners in text(),
    ) {
        const PATHS: &[&str] = &[
            "content/_index.md", "content/begrippen.md", "content/modules/01-a/_module.md",
            "content/modules/01-a/01-x.md", "content/modules/01-a/02-y.md",
            "content/stappen/01-begin.md", "content/stappen/02-einde.md", "content/over.md",
        ];
        let mut content: Vec<SourceFile> = files
            .into_iter()
            .map(|(i, text)| SourceFile { path: PathBuf::from(PATHS[i]), bytes: text.into_bytes() })
            .collect();
        content.sort_by(|a, b| a.path.cmp(&b.path));
        content.dedup_by(|a, b| a.path == b.path);
        let sources = Sources {
            config: Some(b"title = \"T\"\nlanguage = \"nl\"\n".to_vec()),
            partners: Some(partners.into_bytes()),
            places: None,
            content,
            theme: theme().clone(),
            problems: Vec::new(),
        };
        if let Ok(built) = compile(sources.clone(), &Overrides::default()) {
            let again = compile(sources, &Overrides::default()).expect("the same input builds twice");
            prop_assert!(built.files == again.files, "two builds differ");
        }
    }
}
