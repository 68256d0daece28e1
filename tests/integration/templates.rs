//! The theme's templates (issue 16): the links they write are checked against the files of the
//! build, so a theme or a site's override in `templates/` that links to a page the site lacks
//! is a located error; the markup of blocks is in partials a site overrides file by file.

use crate::fixture::{bundled_site, Fixture};

/// A small base template of a site's own, so the line and column in messages stay put.
const BASE: &str = "<!DOCTYPE html>\n<html><head><title>{{ title }}</title>{% block head %}{% endblock head %}</head>\n<body>\n<p><a href=\"{{ root }}index.html\">Start</a> <a href=\"{{ root }}LINK\">Ergens</a></p>\n{% block main %}{% endblock main %}\n{% block scripts %}{% endblock scripts %}\n</body></html>\n";

fn with_base_link(link: &str) -> Fixture {
    Fixture::with_lessons().file("templates/base.html", &BASE.replace("LINK", link))
}

/// Regression: base.html linked `stappen/acuut-gevaar/index.html` on every page, and a site
/// without that step built without a word.
#[test]
fn a_template_link_to_a_missing_page_is_an_error_at_the_template_line() {
    let site = with_base_link("nergens/index.html");
    let errors = site.check().errors();
    assert_eq!(
        errors,
        [
            "templates/base.html:4:64: broken link \"nergens/index.html\": the site has no such \
          page or file (linked from 404.html and 13 other pages); add the page, or change or \
          remove the link in the template"
        ]
    );
}

#[test]
fn a_failed_link_check_leaves_the_previous_output_untouched() {
    let site = with_base_link("stappen/index.html");
    site.build().success();
    let before = site.read("index.html");
    let site = with_base_link_in(site, "nergens/");
    assert_eq!(site.build().errors().len(), 1);
    assert_eq!(site.read("index.html"), before);
}

fn with_base_link_in(site: Fixture, link: &str) -> Fixture {
    site.file("templates/base.html", &BASE.replace("LINK", link))
}

#[test]
fn a_relative_link_in_a_page_template_is_found_in_that_template() {
    let site = Fixture::with_lessons()
        .file("content/hulp.md", "---\ntitle: Hulp\n---\nTekst.\n")
        .file(
            "templates/page.html",
            "{% extends \"base.html\" %}\n{% block main %}<p><a href=\"../hulp/index.html\">hier</a> \
             <a href=\"../weg/\">weg</a></p>{% endblock main %}\n",
        );
    assert_eq!(
        site.check().errors(),
        ["templates/page.html:2:67: broken link \"weg/index.html\": the site has no such page or \
          file (linked from hulp/index.html); add the page, or change or remove the link in the \
          template"]
    );
}

#[test]
fn links_to_static_and_generated_files_pass() {
    for link in [
        "gids/uitleg.pdf",
        "site.webmanifest",
        "sitemap.xml",
        "zoeken/",
        "stapkaart/index.html?x=1#y",
    ] {
        let site = with_base_link(link).file("static/gids/uitleg.pdf", "%PDF");
        site.check().success();
    }
    // The 404 page links from the base URL; a base URL with a path is the site's root too.
    let site = with_base_link("gids/uitleg.pdf")
        .file("static/gids/uitleg.pdf", "%PDF")
        .file(
            "leerpad.toml",
            "title = \"Testsite\"\nlanguage = \"nl\"\nbase_url = \"/cursus/\"\n",
        );
    site.build().success();
    assert!(site
        .read("404.html")
        .contains("href=\"/cursus/gids/uitleg.pdf\""));
}

#[test]
fn external_links_fragments_and_phone_numbers_are_not_checked() {
    for link in ["#boven", "index.html#nergens"] {
        with_base_link(link).check().success();
    }
    let site = Fixture::with_lessons().file(
        "templates/base.html",
        &BASE.replace(
            "{{ root }}LINK",
            "https://example.org/nergens/\"></a><a href=\"tel:112\"></a><a href='mailto:a@b.be'></a><a href=\"//cdn.example.org/x.js",
        ),
    );
    site.check().success();
}

#[test]
fn the_bundled_site_passes_the_link_check() {
    // bundled_site() builds the repository's own site and panics when the build fails.
    let out = bundled_site();
    assert!(out.join("index.html").is_file());
}

/// The footer links the pages that ask for it in their front matter, instead of a fixed `over/`.
#[test]
fn the_footer_links_the_pages_that_ask_for_it() {
    let site = Fixture::with_lessons()
        .file(
            "content/hulp.md",
            "---\ntitle: Hulp\nfooter: Hulp en contact\n---\nTekst.\n",
        )
        .file(
            "content/colofon.md",
            "---\ntitle: Colofon\nfooter: Colofon\n---\nTekst.\n",
        );
    site.build().success();
    let lesson = site.read("modules/a/eerste/index.html");
    assert!(
        lesson.contains("<p><a href=\"../../../colofon/index.html\">Colofon</a> · <a href=\"../../../hulp/index.html\">Hulp en contact</a></p>"),
        "{lesson}"
    );
    let plain = Fixture::with_lessons();
    plain.build().success();
    let home = plain.read("index.html");
    let footer = &home[home.find("<footer").unwrap()..];
    assert!(
        !footer.contains("<a "),
        "no footer pages, no footer links: {footer}"
    );
}

/// The markup of a knowledge check, a chart and the step outline is the theme's: a site
/// restyles one of them with its own `templates/partials/NAME.html`, file by file.
#[test]
fn a_site_overrides_a_block_partial_file_by_file() {
    let site = Fixture::with_lessons()
        .file(
            "content/modules/01-a/03-check.md",
            "---\ntitle: Check\n---\n```quiz\nquestion: Hoe?\nanswers:\n  - text: Zo\n    correct: true\n    \
             feedback: Ja\n  - text: Anders\n    correct: false\n    feedback: Nee\n```\n",
        )
        .file(
            "templates/partials/quiz.html",
            "<div class=\"eigen-quiz\" id=\"{{ it.id }}\">{{ it.question }}: {% for a in it.answers %}{{ a.text }};{% endfor %}</div>\n",
        )
        .file(
            "templates/partials/step-outline.html",
            "<ol class=\"eigen\">{% for row in outline %}<li>{{ row.title }}</li>{% endfor %}</ol>\n",
        );
    site.build().success();
    let lesson = site.read("modules/a/check/index.html");
    assert!(
        lesson.contains("<div class=\"eigen-quiz\" id=\"quiz-1\">Hoe?: "),
        "{lesson}"
    );
    assert!(!lesson.contains("<form class=\"quiz\""));
    let steps = site.read("stappen/index.html");
    assert!(
        steps.contains("<ol class=\"eigen\"><li>Begin</li><li>Einde</li></ol>"),
        "{steps}"
    );
}

/// The `id` attributes of a page, each once, in order.
fn ids_of(html: &str) -> Vec<&str> {
    html.split(" id=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .collect()
}

fn assert_unique(page: &str, html: &str) {
    let ids = ids_of(html);
    let mut once = ids.clone();
    once.sort();
    once.dedup();
    assert_eq!(ids.len(), once.len(), "{page} has an id twice: {ids:?}");
}

/// Regression: a heading named like a part of the theme (`## Inhoud`, the skip link's target
/// `<main id="inhoud">`) got that id a second time, and a step's heading named like one of
/// the partners the step lists (`## VK`) the id of that partner's entry.
#[test]
fn headings_step_aside_for_the_ids_of_the_theme_and_of_the_partners_listed() {
    let site = Fixture::with_lessons()
        .file(
            "content/modules/01-a/03-derde.md",
            "---\ntitle: Derde les\n---\n## Inhoud\n\nTekst.\n\n## Site menu\n\nMeer.\n",
        )
        .file(
            "content/stappen/02-einde.md",
            "---\ntitle: Einde\nlabel: Einde\nkind: end\n---\n## Wat nu\n\n## VK\n\nKlaar.\n",
        )
        .file(
            "partners.yaml",
            &crate::fixture::PARTNERS.replace(
                "regions: [vlaanderen]",
                "regions: [vlaanderen]\n    steps: [einde]",
            ),
        );
    site.build().success();
    let lesson = site.read("modules/a/derde/index.html");
    assert_unique("the lesson", &lesson);
    assert!(
        lesson.contains("<h2 id=\"inhoud-2\">Inhoud</h2>"),
        "{lesson}"
    );
    assert!(
        lesson.contains("<h2 id=\"site-menu-2\">Site menu</h2>"),
        "{lesson}"
    );
    let step = site.read("stappen/einde/index.html");
    assert!(
        step.contains("id=\"vk\" data-partner-entry"),
        "the step lists the partner: {step}"
    );
    assert_unique("the step", &step);
    assert!(step.contains("<h2 id=\"vk-2\">VK</h2>"), "{step}");
}

/// A glossary term is linked to by its id from every page, so it cannot step aside: a term
/// named like a part of the theme is a located error.
#[test]
fn a_glossary_term_named_like_a_part_of_the_theme_is_an_error_at_its_line() {
    let site = Fixture::with_lessons().file(
        "content/begrippen.md",
        "---\ntitle: Begrippen\nterms:\n  - term: CAW\n    definition: Een centrum.\n  \
         - term: Inhoud\n    definition: Wat erin staat.\n---\nDe woorden.\n",
    );
    assert_eq!(
        site.check().errors(),
        [
            "content/begrippen.md:6: the term \"Inhoud\" gets the link id \"inhoud\", which the \
          theme's templates already use on the pages; write the term in other words"
        ]
    );
}
