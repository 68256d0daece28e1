//! `leerpad build`: output shape, link rewriting, theme overrides, atomic output, determinism.

use std::fs;

use crate::fixture::{snapshot, Fixture};

#[test]
fn builds_clean_urls_with_relative_links() {
    let site = Fixture::with_lessons();
    site.build().success();
    let lesson = site.read("modules/a/eerste/index.html");
    assert!(lesson.contains("<h1>Eerste les</h1>"));
    assert!(lesson.contains("href=\"../../../css/site.css\""));
    assert!(lesson.contains("<h2 id=\"wat-zijn-signalen\">"));
    for page in [
        "index.html",
        "modules/a/index.html",
        "modules/a/tweede/index.html",
        "stappen/index.html",
        "stappen/begin/index.html",
        "partners/index.html",
        "partners/vlaanderen/index.html",
        "zoeken/index.html",
        "404.html",
        "sitemap.xml",
    ] {
        assert!(site.out().join(page).is_file(), "{page} missing");
    }
}

#[test]
fn links_to_sources_become_relative_urls_with_anchors() {
    let site = Fixture::with_lessons();
    site.build().success();
    let first = site.read("modules/a/eerste/index.html");
    assert!(
        first.contains("href=\"../../../stappen/einde/index.html#wat-nu\""),
        "{first}"
    );
    let second = site.read("modules/a/tweede/index.html");
    assert!(
        second.contains("href=\"../eerste/index.html#wat-zijn-signalen\""),
        "{second}"
    );
}

#[test]
fn lessons_show_previous_next_breadcrumb_and_partners() {
    // The number to call is the site's own (the built-in theme has none).
    let site = Fixture::with_lessons().file("i18n/nl.yaml", "urgent_phone: \"112\"\n");
    site.build().success();
    let first = site.read("modules/a/eerste/index.html");
    assert!(first.contains("rel=\"next\" href=\"../tweede/index.html\""));
    assert!(first.contains("aria-label=\"Kruimelpad\""));
    assert!(first.contains("VK Test"));
    let module = site.read("modules/a/index.html");
    assert!(module.contains("Eerste les") && module.contains("Tweede les"));
    let home = site.read("index.html");
    assert!(home.contains("href=\"modules/a/index.html\""));
    assert!(
        home.contains("tel:112"),
        "the acute-danger line is on every page"
    );
    let bare = Fixture::with_lessons();
    bare.build().success();
    let home = bare.read("index.html");
    assert!(
        home.contains("class=\"urgent-bar\"") && !home.contains("tel:"),
        "{home}"
    );
}

#[test]
fn a_site_template_overrides_the_theme_file_by_file() {
    let site = Fixture::with_lessons()
        .file(
            "templates/404.html",
            "{% extends \"base.html\" %}{% block main %}<h1>Eigen 404</h1>{% endblock main %}",
        )
        .file("static/css/extra.css", "body{}");
    site.build().success();
    assert!(site.read("404.html").contains("Eigen 404"));
    assert!(
        site.read("index.html").contains("Welkom"),
        "other templates still come from the theme"
    );
    assert_eq!(
        site.read("css/extra.css"),
        "body{}\n",
        "site CSS is minified like the theme's"
    );
    assert!(site.out().join("css/site.css").is_file());
}

#[test]
fn a_failed_build_leaves_the_previous_output_untouched() {
    let site = Fixture::with_lessons();
    site.build().success();
    let before = snapshot(&site.out());
    let site = site.file(
        "content/modules/01-a/02-tweede.md",
        "---\ntitel: Kapot\n---\n",
    );
    let errors = site.build().errors();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(snapshot(&site.out()), before);
    let leftovers: Vec<_> = fs::read_dir(site.root())
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().contains("leerpad-new"))
        .collect();
    assert!(leftovers.is_empty(), "no staging folder is left behind");
}

#[test]
fn a_rebuild_rewrites_the_previous_output_and_keeps_nothing_stale() {
    let site = Fixture::with_lessons();
    site.build().success();
    site.build().success();
    let spare = site.root().join(".public.leerpad-spare");
    assert!(
        spare.join(".leerpad-output").is_file(),
        "the replaced output is the spare"
    );
    // The next build writes into the spare, which still has the second lesson; a file stands
    // where a folder must go and a folder where a file must go.
    let site = site.remove("content/modules/01-a/02-tweede.md");
    fs::remove_dir_all(spare.join("css")).unwrap();
    fs::write(spare.join("css"), "a file where a folder was").unwrap();
    fs::remove_file(spare.join("404.html")).unwrap();
    fs::create_dir_all(spare.join("404.html/x")).unwrap();
    site.build().success();

    let fresh = site.root().join("fresh");
    site.run(&["build", "--out", fresh.to_str().unwrap()])
        .success();
    assert_eq!(snapshot(&site.out()), snapshot(&fresh));
    assert!(!site.out().join("modules/a/tweede").exists());
    assert!(spare.join(".leerpad-output").is_file());
}

#[test]
fn two_builds_give_identical_bytes() {
    let site = Fixture::with_lessons();
    site.build().success();
    let first = snapshot(&site.out());
    site.build().success();
    assert_eq!(first, snapshot(&site.out()));
}

#[test]
fn refuses_to_replace_a_folder_it_did_not_make() {
    let site = Fixture::with_lessons().file("public/precious.txt", "keep me");
    let run = site.build();
    assert_eq!(run.code(), Some(1));
    assert!(
        run.stderr().contains("refusing to replace this folder"),
        "{}",
        run.stderr()
    );
    assert_eq!(
        fs::read_to_string(site.out().join("precious.txt")).unwrap(),
        "keep me"
    );
}

#[test]
fn out_and_base_url_options_are_used() {
    let site = Fixture::with_lessons();
    let out = site.root().join("elders");
    let run = site.run(&[
        "build",
        "--out",
        out.to_str().unwrap(),
        "--base-url",
        "https://voorbeeld.be/leer",
    ]);
    run.success();
    let sitemap = fs::read_to_string(out.join("sitemap.xml")).unwrap();
    assert!(
        sitemap.contains("<loc>https://voorbeeld.be/leer/modules/a/eerste/</loc>"),
        "{sitemap}"
    );
}

#[test]
fn raw_html_is_escaped_unless_the_site_allows_it() {
    let page = "---\ntitle: Rauw\n---\n<b onclick=\"x()\">vet</b>\n";
    let site = Fixture::new().file("content/rauw.md", page);
    site.build().success();
    assert!(site.read("rauw/index.html").contains("&lt;b onclick="));
    let site = site.file("leerpad.toml", "title = \"T\"\nallow_raw_html = true\n");
    site.build().success();
    assert!(site
        .read("rauw/index.html")
        .contains("<b onclick=\"x()\">vet</b>"));
}

#[test]
fn front_matter_strings_are_escaped() {
    let site = Fixture::new().file(
        "content/over.md",
        "---\ntitle: \"<script>alert(1)</script>\"\nsummary: '\" onmouseover=\"x'\n---\nTekst.\n",
    );
    site.build().success();
    let html = site.read("over/index.html");
    assert!(!html.contains("<script>alert"), "{html}");
    assert!(
        html.contains("&lt;script&gt;alert(1)&lt;&#x2f;script&gt;")
            || html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "{html}"
    );
    assert!(!html.contains("\" onmouseover=\"x"));
}

/// Regression (issue 16): a site's `static/404.html` replaced the generated 404 page without a
/// word, and the service worker then listed `404.html` twice, so offline mode never installed.
#[test]
fn a_static_file_at_a_generated_path_is_an_error_naming_it() {
    let site = Fixture::with_lessons()
        .file("static/404.html", "<p>eigen</p>")
        .file("static/sw.js", "self.x = 1;");
    let errors = site.check().errors();
    assert_eq!(
        errors,
        [
            "static/404.html: the build makes \"404.html\" itself, and a static file may not \
             replace it; rename or remove this file",
            "static/sw.js: the build makes \"sw.js\" itself, and a static file may not replace \
             it; rename or remove this file",
        ]
    );
}

/// Regression (issue 16): with a site's `static/404.html` the service worker listed `404.html`
/// twice and `Cache.addAll` rejected. Static files of the site (new ones and overrides of the
/// theme's) are listed once each, like every generated file.
#[test]
fn the_service_worker_lists_every_file_once() {
    let site = Fixture::with_lessons()
        .file("static/gids/uitleg.pdf", "%PDF")
        .file("static/css/site.css", "body { color: black; }");
    site.build().success();
    let worker = site.read("sw.js");
    let list = worker
        .lines()
        .find_map(|l| l.strip_prefix("const FILES = "))
        .expect("the worker's file list");
    let files: Vec<String> = serde_json::from_str(list.trim_end_matches(';')).expect("JSON list");
    let mut once = files.clone();
    once.sort();
    once.dedup();
    assert_eq!(files.len(), once.len(), "a path twice in {files:?}");
    for path in ["404.html", "gids/uitleg.pdf", "css/site.css", "index.html"] {
        assert_eq!(files.iter().filter(|f| *f == path).count(), 1, "{path}");
    }
}

/// A collision and a broken template link are both reported in one run, and the build that
/// fails on them leaves the previous output as it was.
#[test]
fn a_collision_is_reported_with_the_other_errors_and_keeps_the_old_output() {
    let site = Fixture::with_lessons();
    site.build().success();
    let before = site.read("404.html");
    let base = fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates/base.html"),
    )
    .unwrap()
    .replace(
        "<footer class=\"site-footer\">",
        "<footer class=\"site-footer\"><a href=\"{{ root }}weg/\">x</a>",
    );
    let site = site
        .file("static/404.html", "<p>eigen</p>")
        .file("templates/base.html", &base);
    let errors = site.build().errors();
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert!(errors[0].starts_with("static/404.html: the build makes \"404.html\" itself"));
    assert!(
        errors[1].starts_with("templates/base.html:"),
        "{}",
        errors[1]
    );
    assert!(errors[1].contains("broken link \"weg/index.html\""));
    assert_eq!(site.read("404.html"), before);
}

/// Regression: a static file where the build makes a folder (`static/stappen` beside the
/// step pages `stappen/begin/index.html`…), or a static folder named like a generated file, replaced
/// the other without a word when the output folder was reused.
#[test]
fn a_static_file_where_the_build_makes_a_folder_is_an_error_naming_it() {
    let site = Fixture::with_lessons();
    site.build().success();
    let site = site
        .file("static/stappen", "x")
        .file("static/404.html/x.txt", "y");
    let errors = site.build().errors();
    assert_eq!(
        errors,
        [
            "static/404.html/x.txt: the build makes the file \"404.html\", so this static file \
             cannot be in a folder of that name; rename or move the folder",
            "static/stappen: the build makes the folder \"stappen/\" (for \
             \"stappen/begin/index.html\"), and a static file may not take its name; rename or \
             remove this file",
        ]
    );
    assert!(
        site.read("zoeken/index.html").contains("<html"),
        "the old output stays"
    );
}
