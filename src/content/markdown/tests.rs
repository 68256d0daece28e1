//! Unit tests of the Markdown stage: ids, links, callouts, bounds, glossary marks, print mode.

use std::path::{Path, PathBuf};

use super::*;

fn cx<'a>(strings: &'a Strings, statics: &'a BTreeSet<String>) -> MarkdownContext<'a> {
    MarkdownContext {
        path: Path::new("content/modules/01-a/01-b.md"),
        first_line: 5,
        allow_raw_html: false,
        page_id: "modules/a/b",
        strings,
        glossary: None,
        static_files: statics,
        templates: Templates::bundled(),
        outline: &EMPTY,
        links: &NoPages,
        print: None,
    }
}

static EMPTY: Outline = Outline {
    headings: Vec::new(),
    ids: BTreeSet::new(),
    complete: true,
};

/// Both passes, as the site stage runs them: the outline, then the render.
fn run(body: &str, cx: &MarkdownContext<'_>) -> Result<Rendered, Vec<Error>> {
    let outline = outline(body, &[], cx.allow_raw_html);
    render(
        body,
        &MarkdownContext {
            outline: &outline,
            ..*cx
        },
    )
}

#[test]
fn columns_count_characters_and_stay_fast_on_a_long_line() {
    let text = "é [a](b) [c](d)\nx [e](f)";
    let lines = Lines::new(text, 1);
    assert_eq!(lines.column(text, 3), 3);
    assert_eq!(lines.column(text, 10), 10);
    assert_eq!(
        lines.column(text, 3),
        3,
        "asking again for an earlier offset"
    );
    assert_eq!(lines.column(text, 19), 3);
    // Regression: 200,000 links on one 2 MB line took minutes (a column counted from the
    // start of the line for every link).
    let long = "[x](https://e.org/) ".repeat(100_000);
    let (s, st) = (Strings::default(), BTreeSet::new());
    let started = std::time::Instant::now();
    run(&long, &cx(&s, &st)).unwrap();
    assert!(started.elapsed() < std::time::Duration::from_secs(20));
}

#[test]
fn heading_ids_are_readable_and_unique() {
    let (s, st) = (Strings::default(), BTreeSet::new());
    let r = run(
        "## Wat zijn signalen?\n\n## Wat zijn signalen?\n",
        &cx(&s, &st),
    )
    .unwrap();
    assert!(r.html.contains("<h2 id=\"wat-zijn-signalen\">"));
    assert!(r.html.contains("<h2 id=\"wat-zijn-signalen-2\">"));
}

#[test]
fn raw_html_is_escaped_by_default() {
    let (s, st) = (Strings::default(), BTreeSet::new());
    let r = run("<script>alert(1)</script>\n", &cx(&s, &st)).unwrap();
    assert!(!r.html.contains("<script>"), "{}", r.html);
}

#[test]
fn nesting_deeper_than_the_bound_is_refused_at_its_place() {
    let (s, st) = (Strings::default(), BTreeSet::new());
    let message = |(line, column): (u32, u32)| {
        format!(
            "content/modules/01-a/01-b.md:{line}:{column}: lists, quotes, emphasis and links are \
             nested more than 64 levels deep here; leerpad reads at most 64: flatten the text"
        )
    };
    for (body, column) in [
        (format!("{}x\n", "> ".repeat(100_000)), (5, 129)),
        (format!("{}x\n", "1. ".repeat(100)), (5, 193)),
        // Nested by indentation, one level a line: caught in the parsed events.
        (
            (0..40)
                .map(|i| format!("{}- x\n", "  ".repeat(i)))
                .collect(),
            (37, 65),
        ),
    ] {
        let errors = run(&body, &cx(&s, &st)).unwrap_err();
        let texts: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
        assert_eq!(texts, [message(column)], "{}", &body[..20]);
    }
    let fine = format!("{}x\n", "> ".repeat(MAX_DEPTH / 2 - 1));
    assert!(run(&fine, &cx(&s, &st)).is_ok());
}

#[test]
fn external_images_are_refused_at_their_line() {
    let (s, st) = (Strings::default(), BTreeSet::new());
    let body = "Tekst\n\n![logo](https://example.org/a.png) en ![b](//cdn.example/b.png)\n";
    let errors = run(body, &cx(&s, &st)).unwrap_err();
    let texts: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
    let message = |url: &str, column: u32| {
        format!(
            "content/modules/01-a/01-b.md:7:{column}: the image \"{url}\" is on another \
             server, and the site makes no requests to other servers: save it in static/ and \
             write ![description](/name)"
        )
    };
    assert_eq!(
        texts,
        [
            message("https://example.org/a.png", 1),
            message("//cdn.example/b.png", 39)
        ]
    );
}

#[test]
fn javascript_links_are_refused_at_their_line() {
    let (s, st) = (Strings::default(), BTreeSet::new());
    let errors = run("Tekst\n\n[klik](javascript:alert(1))\n", &cx(&s, &st)).unwrap_err();
    assert_eq!(
        errors[0].to_string(),
        "content/modules/01-a/01-b.md:7:1: broken link \"javascript:alert(1)\": links may \
         only use https:, http:, mailto: or tel:, not javascript:"
    );
}

/// A resolver that records what it is asked and knows every page but `nergens.md`.
struct SomePages(std::sync::Mutex<Vec<(String, LinkTarget)>>);

impl Resolve for SomePages {
    fn href(&self, from: &str, target: &LinkTarget) -> Result<String, String> {
        self.0
            .lock()
            .unwrap()
            .push((from.to_string(), target.clone()));
        match target {
            LinkTarget::Page { path, anchor } if path == Path::new("content/stappen/05-x.md") => {
                Ok(format!(
                    "../../../stappen/x/index.html#{}",
                    anchor.as_deref().unwrap_or("")
                ))
            }
            LinkTarget::Page { path, .. } if !path.ends_with("nergens.md") => Ok("elders".into()),
            _ => NoPages.href(from, target),
        }
    }
}

#[test]
fn links_to_md_files_get_their_final_url_from_the_resolver() {
    let (s, st) = (Strings::default(), BTreeSet::new());
    let pages = SomePages(Default::default());
    let cx = MarkdownContext {
        links: &pages,
        ..cx(&s, &st)
    };
    let r = run("[stap](../../stappen/05-x.md#y)\n", &cx).unwrap();
    assert!(
        r.html
            .contains("<a href=\"../../../stappen/x/index.html#y\">stap</a>"),
        "{}",
        r.html
    );
    assert_eq!(
        pages.0.lock().unwrap()[0],
        (
            "modules/a/b".to_string(),
            LinkTarget::Page {
                path: PathBuf::from("content/stappen/05-x.md"),
                anchor: Some("y".into())
            }
        )
    );
    let errors = run("Zie [weg](nergens.md).\n", &cx).unwrap_err();
    assert_eq!(
        errors[0].to_string(),
        "content/modules/01-a/01-b.md:5:5: broken link \"nergens.md\": there is no page \
         content/modules/01-a/nergens.md"
    );
}

#[test]
fn the_outline_names_every_id_the_render_writes() {
    let (s, st) = (Strings::default(), BTreeSet::new());
    let chart = "```chart\ntitle: T\nlabels: [a]\nseries:\n  - name: S\n    values: [1]\n```\n";
    let quiz = "```quiz\nquestion: Q?\nanswers:\n  - text: A\n    correct: true\n    feedback: F\n  - text: B\n    correct: false\n    feedback: G\n```\n";
    let body = format!(
        "## Quiz 1\n\n{quiz}\n## Een\n\n{chart}\n````trainer\n## Een\n\n{quiz}````\n\nNoot[^bron].\n\n[^bron]: Bron.\n\n## ?\n"
    );
    let outline = outline(&body, &["een".to_string()], false);
    assert_eq!(outline.headings, ["quiz-1-2", "een-2", "een-3", "section"]);
    let r = render(
        &body,
        &MarkdownContext {
            outline: &outline,
            ..cx(&s, &st)
        },
    )
    .unwrap();
    // Test-only scan of the output: the model, not the HTML, is where ids come from.
    let written: BTreeSet<String> = r
        .html
        .split(" id=\"")
        .skip(1)
        .map(|rest| rest[..rest.find('"').unwrap()].to_string())
        .collect();
    let mut expected = outline.ids.clone();
    expected.remove("een");
    assert_eq!(written, expected);
}

#[test]
fn print_mode_prefixes_ids_moves_headings_down_and_keeps_parts_on_the_page() {
    let (s, st) = (Strings::default(), BTreeSet::new());
    let parts: BTreeMap<PathBuf, PrintPart> = [
        ("content/modules/01-a/01-b.md", "les-b", true),
        ("content/modules/01-a/02-c.md", "les-c", true),
        ("content/modules/01-a/_module.md", "intro", false),
    ]
    .into_iter()
    .map(|(p, prefix, has_element)| {
        (
            PathBuf::from(p),
            PrintPart {
                prefix: prefix.into(),
                has_element,
            },
        )
    })
    .collect();
    let print = Print {
        url: "modules/a/trainer/",
        prefix: "les-b",
        demote: true,
        parts: &parts,
    };
    let pages = SomePages(Default::default());
    let cx = MarkdownContext {
        links: &pages,
        print: Some(&print),
        ..cx(&s, &st)
    };
    let body = "## Een\n\n[hier](#een) [c](02-c.md) [c2](02-c.md#d) [intro](_module.md) \
                [stap](../../stappen/05-x.md)[^n]\n\n[^n]: Noot.\n\n###### Zes\n";
    let r = run(body, &cx).unwrap();
    for needle in [
        "<h3 id=\"les-b--een\">Een</h3>",
        "<a href=\"#les-b--een\">hier</a>",
        "<a href=\"#les-c\">c</a>",
        "<a href=\"#les-c--d\">c2</a>",
        "<a href=\"#les-b--n\">1</a>",
        "id=\"les-b--n\"",
        "<h6 id=\"les-b--zes\">Zes</h6>",
    ] {
        let print = r.print_html.as_deref().unwrap();
        assert!(print.contains(needle), "{needle} in {print}");
    }
    // The page itself, from the same walk, is as without print mode.
    let alone = run(body, &MarkdownContext { print: None, ..cx }).unwrap();
    assert_eq!(r.html, alone.html);
    assert!(r.html.contains("<h2 id=\"een\">Een</h2>"));
    assert_eq!(alone.print_html, None);
    let asked: Vec<LinkTarget> = pages
        .0
        .lock()
        .unwrap()
        .iter()
        .filter(|(from, _)| from == "modules/a/trainer/")
        .map(|(_, target)| target.clone())
        .collect();
    let target = |p: &str| LinkTarget::Page {
        path: PathBuf::from(p),
        anchor: None,
    };
    assert_eq!(
        asked,
        [
            target("content/modules/01-a/_module.md"),
            target("content/stappen/05-x.md")
        ],
        "only the intro (no element of its own) and the step are asked from the print page"
    );
}

/// The learner handout's parts come from the same walk: a check without its answers, a
/// discussion prompt once (with the prompt inside it), nothing of a trainer note, and no
/// prompt whose link points at an anchor the handout lacks.
#[test]
fn print_mode_gathers_the_handout_parts_without_answers_or_trainer_notes() {
    let (s, st) = (Strings::default(), BTreeSet::new());
    let parts: BTreeMap<PathBuf, PrintPart> = BTreeMap::from([(
        PathBuf::from("content/modules/01-a/01-b.md"),
        PrintPart {
            prefix: "les-b".into(),
            has_element: true,
        },
    )]);
    let print = Print {
        url: "modules/a/trainer/",
        prefix: "les-b",
        demote: true,
        parts: &parts,
    };
    let pages = SomePages(Default::default());
    let cx = MarkdownContext {
        links: &pages,
        print: Some(&print),
        ..cx(&s, &st)
    };
    let quiz = |q: &str| {
        format!(
            "```quiz\nquestion: {q}\nanswers:\n  - text: {q}-JA\n    correct: true\n    \
             feedback: {q}-GOED\n  - text: {q}-NEE\n    correct: false\n    feedback: {q}-FOUT\n\
             explanation: {q}-UITLEG\n```\n"
        )
    };
    let body = format!(
        "## Kop\n\nTEKST\n\n{}\n````bespreek\nBUITEN\n\n```bespreek\nBINNEN\n```\n````\n\n\
         ```bespreek\nMET-ANKER [kop](#kop)\n```\n\n```bespreek\nMET-NOOT[^n]\n\n[^n]: NOOT-IN-DE-VRAAG.\n```\n\n\
         ````trainer\nNOTITIE\n\n{}````\n",
        quiz("VRAAG"),
        quiz("TRAINERVRAAG")
    );
    let r = run(&body, &cx).unwrap();
    let handout = r.handout_html.unwrap();
    // A prompt's footnote is the prompt's own: its fragment is rendered on its own.
    for shown in [
        "VRAAG",
        "VRAAG-JA",
        "VRAAG-NEE",
        "BUITEN",
        "BINNEN",
        "MET-NOOT",
        "NOOT-IN-DE-VRAAG",
    ] {
        assert!(handout.contains(shown), "{shown} in {handout}");
    }
    assert_eq!(handout.matches("BINNEN").count(), 1, "{handout}");
    for hidden in [
        "GOED",
        "FOUT",
        "UITLEG",
        "TEKST",
        "NOTITIE",
        "TRAINERVRAAG",
        "MET-ANKER",
    ] {
        assert!(!handout.contains(hidden), "{hidden} in {handout}");
    }
    let print = r.print_html.unwrap();
    for shown in [
        "VRAAG-GOED",
        "VRAAG-UITLEG",
        "NOTITIE",
        "TRAINERVRAAG-FOUT",
        "MET-ANKER",
    ] {
        assert!(print.contains(shown), "{shown} in {print}");
    }
    let alone = MarkdownContext { print: None, ..cx };
    assert_eq!(run(&body, &alone).unwrap().handout_html, None);
}

#[test]
fn callouts_become_labelled_asides() {
    let mut s = Strings::default();
    s.0.insert("callout_tip".into(), "Tip".into());
    let st = BTreeSet::new();
    let r = run("> [!TIP]\n> Bel anoniem.\n", &cx(&s, &st)).unwrap();
    assert!(r
        .html
        .contains("<aside class=\"callout callout-tip\" aria-label=\"Tip\">"));
}

#[test]
fn sections_split_at_level_two_headings() {
    let (s, st) = (Strings::default(), BTreeSet::new());
    let r = run(
        "Intro.\n\n## Een\n\nEerste.\n\n## Twee\n\nTweede.\n",
        &cx(&s, &st),
    )
    .unwrap();
    let ids: Vec<_> = r.sections.iter().map(|s| s.id.clone()).collect();
    assert_eq!(ids, [None, Some("een".into()), Some("twee".into())]);
    assert_eq!(r.sections[2].text, "Tweede.");
}

#[test]
fn first_use_of_a_term_is_marked_once() {
    let (s, st) = (Strings::default(), BTreeSet::new());
    let marks = [GlossaryMark {
        term: "VK".into(),
        lower: "vk".into(),
        expansion: Some("Vertrouwenscentrum Kindermishandeling".into()),
        id: "vk".into(),
    }];
    let pages = SomePages(Default::default());
    let mut c = MarkdownContext {
        links: &pages,
        ..cx(&s, &st)
    };
    let marks = GlossaryTerms::new(marks.to_vec());
    c.glossary = Some((Path::new("content/begrippen.md"), &marks));
    let r = run("Bel het VK. Het VK helpt. VKX niet.\n", &c).unwrap();
    assert_eq!(r.html.matches("<abbr").count(), 1);
    assert!(
        r.html.contains(
            "<p>Bel het <a class=\"term\" href=\"elders\"><abbr title=\"Vertrouwenscentrum \
             Kindermishandeling\">VK</abbr></a>. Het VK helpt. VKX niet.</p>"
        ),
        "{}",
        r.html
    );
}

/// The one pass over a text marks the same words as a search per term would: the earliest
/// whole word, the longest at a place, abbreviations as written, other terms in any case.
#[test]
fn one_pass_marks_terms_as_a_search_per_term_does() {
    use proptest::prelude::*;
    let (s, st) = (Strings::default(), BTreeSet::new());
    let mark = |term: &str, expansion: Option<&str>| GlossaryMark {
        term: term.into(),
        lower: term.to_lowercase(),
        expansion: expansion.map(str::to_string),
        id: ids::term(term),
    };
    let marks = GlossaryTerms::new(vec![
        mark("VK", Some("Vertrouwenscentrum")),
        mark("signaal", None),
        mark("signaal van zorg", None),
        mark("zorg", None),
        mark("CAW", Some("Centrum")),
        mark("één", None),
    ]);
    let pages = SomePages(Default::default());
    let mut c = MarkdownContext {
        links: &pages,
        ..cx(&s, &st)
    };
    c.glossary = Some((Path::new("content/begrippen.md"), &marks));
    let pieces = prop::sample::select(vec![
        "VK", "vk", "VKs", "Signaal", "signaal", "SIGNAAL", "van", "zorg", "Zorg", "zorgen", "één",
        "ÉÉN", "CAW", " ", " ", "-", ".", ",", "é", "x", "İ", "ẞ", "Σ",
    ]);
    proptest!(ProptestConfig::with_cases(300), |(words in prop::collection::vec(pieces, 1..24))| {
        let text = words.concat();
        let fast = run(&text, &c).map(|r| r.html).map_err(|e| format!("{e:?}"));
        super::glossary::ONE_BY_ONE.with(|f| f.set(true));
        let slow = run(&text, &c).map(|r| r.html).map_err(|e| format!("{e:?}"));
        super::glossary::ONE_BY_ONE.with(|f| f.set(false));
        prop_assert_eq!(fast, slow, "{:?}", text);
    });
}
