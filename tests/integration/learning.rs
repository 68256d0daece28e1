//! Learning features on the built site: the module print view, the offline files, the strict
//! CSP (no inline code anywhere) and the page weight of a lesson.

use std::fs;
use std::path::Path;

use crate::fixture::{bundled_site, Fixture};

/// The front end of one lesson page (HTML + the CSS and JS it loads) may weigh this much.
const LESSON_BUDGET: usize = 60_000;

/// Every file under `dir`, as paths relative to it with forward slashes, sorted.
fn files(dir: &Path) -> Vec<String> {
    let mut list: Vec<String> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(dir).expect("prefix");
            rel.to_string_lossy().replace('\\', "/")
        })
        .collect();
    list.sort();
    list
}

#[test]
fn the_trainer_version_holds_the_intro_and_every_lesson_in_order_with_answers() {
    let quiz = "```quiz\nquestion: Wat is juist?\nanswers:\n  - text: Dit\n    correct: true\n    \
                feedback: Goed zo.\n  - text: Dat\n    correct: false\n    feedback: Nee.\n```\n";
    let site = Fixture::new()
        .file(
            "content/modules/01-a/_module.md",
            "---\ntitle: Module A\n---\nDe intro. Zie [de tweede les](02-tweede.md).\n",
        )
        .file(
            "content/modules/01-a/01-eerste.md",
            &format!("---\ntitle: Eerste les\n---\n## Begin\n\nEERSTE-TEKST\n\n{quiz}\n```bespreek\nPRAAT-ERover.\n```\n"),
        )
        .file(
            "content/modules/01-a/02-tweede.md",
            "---\ntitle: Tweede les\n---\n## Begin\n\nTWEEDE-TEKST [terug](#begin)\n",
        );
    site.build().success();
    let module = site.read("modules/a/index.html");
    for version in ["print/index.html", "trainer/index.html"] {
        assert!(
            module.contains(&format!("href=\"{version}\"")),
            "the module links to {version}"
        );
    }

    let print = site.read("modules/a/trainer/index.html");
    let at = |needle: &str| {
        print
            .find(needle)
            .unwrap_or_else(|| panic!("{needle} missing from the print view"))
    };
    assert!(at("De intro.") < at("EERSTE-TEKST"));
    assert!(at("EERSTE-TEKST") < at("TWEEDE-TEKST"), "lessons in order");
    assert!(at("<h2 id=\"les-eerste\">Eerste les</h2>") < at("EERSTE-TEKST"));
    assert!(
        print.contains("PRAAT-ERover."),
        "discussion prompts are there"
    );
    assert!(
        print.contains("<details class=\"quiz-answer\" open>"),
        "the answers are open"
    );
    // Both lessons have a "## Begin": ids stay unique, headings sit under the lesson title.
    assert!(print.contains("<h3 id=\"les-eerste--begin\">Begin</h3>"));
    assert!(print.contains("<h3 id=\"les-tweede--begin\">Begin</h3>"));
    assert!(print.contains("href=\"#les-tweede--begin\""));
    // A link to a lesson of the module stays on the print page, where the lesson is.
    assert!(print.contains("<a href=\"#les-tweede\">de tweede les</a>"));
    assert!(
        !print.contains("js/quiz.js"),
        "no quiz script: nothing to answer on paper"
    );
}

/// Regression: the print view rewrote ids and links in the lessons' finished HTML by scanning
/// it as text, which raw HTML (`allow_raw_html = true`) can fool: a `>` inside a quoted value
/// ended the "tag", and ids and links in the author's own HTML were rewritten. The print view
/// is now rendered from the Markdown: raw HTML is kept as written on the lesson's page, and on
/// the print page only its ids and its links to them take the lesson's prefix.
#[test]
fn the_print_view_prefixes_only_raw_html_ids_and_renders_the_rest_from_the_markdown() {
    let raw = "<p id=\"eigen\" title=\"a > b\"><a href=\"#eigen\">x</a></p>";
    let site = Fixture::new()
        .file("leerpad.toml", "title = \"T\"\nallow_raw_html = true\n")
        .file(
            "content/modules/01-a/_module.md",
            "---\ntitle: Module A\n---\nDe intro.\n",
        )
        .file(
            "content/modules/01-a/01-eerste.md",
            &format!(
                "---\ntitle: Eerste les\n---\n## Begin\n\n{raw}\n\n<h2 id=\"rauw\">Rauw</h2>\n\n\
                 [terug](#begin) [verder](02-tweede.md#slot) [over](../../over.md) [eigen](#eigen)\n"
            ),
        )
        .file(
            "content/modules/01-a/02-tweede.md",
            "---\ntitle: Tweede les\n---\n## Slot\n\nTWEEDE-TEKST\n",
        )
        .file("content/over.md", "---\ntitle: Over\n---\nOver ons.\n");
    site.build().success();
    let lesson = site.read("modules/a/eerste/index.html");
    let print = site.read("modules/a/trainer/index.html");
    assert!(lesson.contains(raw), "{lesson}");
    assert!(lesson.contains("<h2 id=\"rauw\">Rauw</h2>"));
    // On the print page the author's ids carry the lesson's prefix like the others (issue 17),
    // and nothing else of the raw HTML changes: the `>` in a quoted value stays.
    assert!(
        print.contains(
            "<p id=\"les-eerste--eigen\" title=\"a > b\"><a href=\"#les-eerste--eigen\">x</a></p>"
        ),
        "{print}"
    );
    assert!(print.contains("<h2 id=\"les-eerste--rauw\">Rauw</h2>"));
    assert!(print.contains("<a href=\"#les-eerste--eigen\">eigen</a>"));
    assert!(lesson.contains("<h2 id=\"begin\">Begin</h2>"));
    assert!(lesson.contains("<a href=\"#begin\">terug</a> <a href=\"../tweede/index.html#slot\">verder</a> <a href=\"../../../over/index.html\">over</a>"), "{lesson}");
    assert!(print.contains("<h3 id=\"les-eerste--begin\">Begin</h3>"));
    assert!(print.contains("<a href=\"#les-eerste--begin\">terug</a> <a href=\"#les-tweede--slot\">verder</a> <a href=\"../../../over/index.html\">over</a>"), "{print}");
    assert!(print.contains("<h3 id=\"les-tweede--slot\">Slot</h3>"));
    // An id in the author's own HTML is a link target like a heading's.
    assert!(lesson.contains("<a href=\"#eigen\">eigen</a>"));
}

/// Regression (issue 17): on a module's print page, lesson `a` with the heading `b` and lesson
/// `a-b` both had the id `les-a-b`, and two lessons' raw-HTML ids were written unprefixed, so
/// they could meet too. Ids of a part now follow its prefix after `--`, which a name may not hold.
#[test]
fn print_ids_of_two_lessons_never_meet() {
    let site = Fixture::new()
        .file("leerpad.toml", "title = \"T\"\nallow_raw_html = true\n")
        .file(
            "content/modules/01-m/_module.md",
            "---\ntitle: M\n---\nIntro.\n",
        )
        .file(
            "content/modules/01-m/01-a.md",
            "---\ntitle: A\n---\n## B\n\nTekst.\n\n<span id=\"x\">rauw</span>\n",
        )
        .file(
            "content/modules/01-m/02-a-b.md",
            "---\ntitle: A-B\n---\n## C\n\nTekst.\n\n<span id=\"x\">rauw</span>\n",
        );
    site.build().success();
    let print = site.read("modules/m/trainer/index.html");
    let ids: Vec<&str> = print
        .split(" id=\"")
        .skip(1)
        .map(|rest| &rest[..rest.find('"').unwrap()])
        .collect();
    let unique: std::collections::BTreeSet<&str> = ids.iter().copied().collect();
    assert_eq!(unique.len(), ids.len(), "ids used twice: {ids:?}");
    for id in [
        "les-a",
        "les-a--b",
        "les-a-b",
        "les-a-b--c",
        "les-a--x",
        "les-a-b--x",
    ] {
        assert!(unique.contains(id), "{id} in {ids:?}");
    }
}

#[test]
fn a_name_with_two_dashes_in_a_row_is_refused_at_its_file() {
    let site = Fixture::new()
        .file(
            "content/modules/01-m/_module.md",
            "---\ntitle: M\n---\nIntro.\n",
        )
        .file(
            "content/modules/01-m/01-a--b.md",
            "---\ntitle: A\n---\nTekst.\n",
        )
        .file(
            "content/modules/01-m/02-c-.md",
            "---\ntitle: C\n---\nTekst.\n",
        );
    assert_eq!(
        site.check().errors(),
        [
            "content/modules/01-m/01-a--b.md: the name \"a--b\" has a dash at its start or end or two dashes in a row; put one dash between words, as in \"a-b\"",
            "content/modules/01-m/02-c-.md: the name \"c-\" has a dash at its start or end or two dashes in a row; put one dash between words, as in \"c\"",
        ]
    );
}

/// Regression: links were `leerpad-ref:N` placeholders replaced anywhere in the finished
/// HTML, so a lesson that wrote such text in prose or in inline code showed a URL instead.
#[test]
fn text_like_an_old_link_placeholder_stays_as_written() {
    let site = Fixture::with_lessons().file(
        "content/over.md",
        "---\ntitle: Over\n---\nProza leerpad-ref:0 en `leerpad-ref:1`.\n\n\
         [Home](_index.md)\n\n```\nleerpad-ref:0\n```\n",
    );
    site.build().success();
    let html = site.read("over/index.html");
    assert!(
        html.contains("<p>Proza leerpad-ref:0 en <code>leerpad-ref:1</code>.</p>"),
        "{html}"
    );
    assert!(html.contains("<a href=\"../index.html\">Home</a>"));
    assert!(html.contains("<pre><code>leerpad-ref:0\n</code></pre>"));
}

#[test]
fn a_lesson_may_not_take_the_name_of_the_print_view() {
    let site = Fixture::new()
        .file("content/modules/01-a/_module.md", "---\ntitle: A\n---\n")
        .file(
            "content/modules/01-a/01-print.md",
            "---\ntitle: P\n---\nTekst.\n",
        );
    assert_eq!(
        site.check().errors(),
        ["content/modules/01-a/01-print.md: the name \"print\" is used by leerpad itself; rename the file"]
    );
}

#[test]
fn the_service_worker_caches_every_file_and_its_version_follows_the_content() {
    let site = Fixture::with_lessons();
    site.build().success();
    let worker = site.read("sw.js");
    let out = site.out();
    for file in files(&out) {
        let listed = worker.contains(&format!("\"{file}\""));
        let expected = !matches!(file.as_str(), "sw.js" | "sitemap.xml" | ".leerpad-output");
        assert_eq!(listed, expected, "{file} in the worker's list");
    }
    let version = |text: &str| text.lines().next().unwrap_or_default().to_string();
    let first = version(&worker);
    site.build().success();
    assert_eq!(
        version(&site.read("sw.js")),
        first,
        "same input, same version"
    );
    let site = site.file(
        "content/modules/01-a/02-tweede.md",
        "---\ntitle: Tweede les\n---\nAnders.\n",
    );
    site.build().success();
    assert_ne!(
        version(&site.read("sw.js")),
        first,
        "new content, new version"
    );

    let manifest: serde_json::Value =
        serde_json::from_str(&site.read("site.webmanifest")).expect("manifest is JSON");
    assert_eq!(manifest["name"], "Testsite");
    assert!(out
        .join(manifest["icons"][0]["src"].as_str().unwrap())
        .is_file());
    assert!(site
        .read("modules/a/eerste/index.html")
        .contains("<link rel=\"manifest\" href=\"../../../site.webmanifest\">"));
}

/// Inline code the strict CSP would block, or that would need 'unsafe-inline'.
fn inline_code(html: &str) -> Vec<String> {
    let lower = html.to_ascii_lowercase();
    let mut found = Vec::new();
    let mut rest = lower.as_str();
    while let Some(at) = rest.find('<') {
        rest = &rest[at + 1..];
        let end = rest.find('>').unwrap_or(rest.len());
        let tag = &rest[..end];
        let name: String = tag
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        if name == "script" && !tag.contains(" src=") && !tag.contains("type=\"application/json\"")
        {
            found.push(format!("<{tag}> without src"));
        }
        if name == "style" {
            found.push("<style> element".to_string());
        }
        for attribute in tag.split_whitespace().skip(1) {
            let key = attribute.split('=').next().unwrap_or_default();
            if key == "style" || (key.starts_with("on") && attribute.contains('=')) {
                found.push(format!("{key}= attribute in <{name}>"));
            }
        }
    }
    found
}

#[test]
fn no_page_has_inline_scripts_styles_or_event_handlers() {
    assert_eq!(
        inline_code(
            "<script>x()</script><p style=\"a\" onclick=\"b\"><script src=\"a.js\"></script>\
                     <script type=\"application/json\" id=\"d\">{}</script>"
        ),
        [
            "<script> without src",
            "style= attribute in <p>",
            "onclick= attribute in <p>"
        ],
        "the scanner itself"
    );
    let out = bundled_site();
    let pages: Vec<String> = files(out)
        .into_iter()
        .filter(|f| f.ends_with(".html"))
        .collect();
    assert!(pages.len() > 50, "the bundled site has its pages");
    let mut problems = Vec::new();
    for page in &pages {
        let html = fs::read_to_string(out.join(page)).expect("read page");
        assert!(
            html.contains("http-equiv=\"Content-Security-Policy\""),
            "{page} has the CSP"
        );
        problems.extend(
            inline_code(&html)
                .into_iter()
                .map(|p| format!("{page}: {p}")),
        );
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The CSS and JS files a page loads (`on_demand`: the scripts it loads when asked, named in a
/// `data-src`), as paths relative to the site root.
fn assets(page: &str, html: &str, on_demand: bool) -> Vec<String> {
    let dir = Path::new(page).parent().unwrap_or(Path::new(""));
    let mut found = Vec::new();
    let refs: &[(&str, &str)] = if on_demand {
        &[("<button", " data-src=\"")]
    } else {
        &[
            ("<link rel=\"stylesheet\"", "href=\""),
            ("<script", " src=\""),
        ]
    };
    for &(tag, attribute) in refs {
        for piece in html.split(tag).skip(1) {
            let head = &piece[..piece.find('>').unwrap_or(piece.len())];
            if let Some(at) = head.find(attribute) {
                let value = &head[at + attribute.len()..];
                let value = &value[..value.find('"').unwrap_or(value.len())];
                let mut path = dir.to_path_buf();
                for part in value.split('/') {
                    match part {
                        ".." => {
                            path.pop();
                        }
                        "." | "" => {}
                        other => path.push(other),
                    }
                }
                found.push(path.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    found.sort();
    found.dedup();
    found
}

#[test]
fn every_lesson_page_weighs_less_than_60_kb_with_its_css_and_js() {
    let out = bundled_site();
    let mut weights = Vec::new();
    for page in files(out) {
        let parts: Vec<&str> = page.split('/').collect();
        if parts.len() != 4
            || parts[0] != "modules"
            || parts[2] == "print"
            || parts[2] == "trainer"
            || parts[3] != "index.html"
        {
            continue;
        }
        let html = fs::read_to_string(out.join(&page)).expect("read lesson");
        let size = |list: &[String]| -> usize {
            list.iter()
                .map(|a| {
                    fs::metadata(out.join(a))
                        .map(|m| m.len() as usize)
                        .unwrap_or_else(|e| panic!("{page} loads {a}: {e}"))
                })
                .sum()
        };
        let loaded = assets(&page, &html, false);
        assert!(
            loaded.iter().any(|a| a.ends_with(".css")),
            "{page} loads its CSS"
        );
        let bytes = html.len() + size(&loaded);
        let later = assets(&page, &html, true);
        let with_later = bytes + size(&later);
        weights.push((bytes, page, loaded, with_later, later));
    }
    assert!(weights.len() > 20, "the bundled site has its lessons");
    weights.sort();
    let (heaviest, page, loaded, with_later, later) = weights.last().expect("lessons");
    let lightest = weights.first().expect("lessons").0;
    println!(
        "lesson page weight: {lightest}–{heaviest} bytes (HTML + {}); heaviest: {page}; \
         {with_later} bytes once it also loads {}",
        loaded.join(" + "),
        later.join(" + ")
    );
    let over: Vec<String> = weights
        .iter()
        .filter(|(b, ..)| *b > LESSON_BUDGET)
        .map(|(b, p, ..)| format!("{p}: {b} bytes"))
        .collect();
    assert!(
        over.is_empty(),
        "over {LESSON_BUDGET} bytes:\n{}",
        over.join("\n")
    );
}
