//! Every kind of error, with the exact text an editor sees. The text is part of the interface.

use crate::fixture::Fixture;

/// Builds and returns the error lines; also asserts that nothing was written.
fn errors_of(site: &Fixture) -> Vec<String> {
    let errors = site.build().errors();
    assert!(!site.out().exists(), "a failed first build writes nothing");
    errors
}

#[test]
fn unknown_front_matter_field_names_the_allowed_ones() {
    let site = Fixture::with_lessons().file(
        "content/modules/01-a/02-tweede.md",
        "---\ntitle: B\n\ntitel: Gedrag\n---\n",
    );
    assert_eq!(
        errors_of(&site),
        ["content/modules/01-a/02-tweede.md:4:1: unknown field \"titel\", expected one of: title, minutes, summary, partners"]
    );
}

#[test]
fn invalid_utf8_is_reported_at_its_line() {
    let site = Fixture::with_lessons().bytes(
        "content/modules/01-a/02-tweede.md",
        b"---\ntitle: B\n---\nok\n\xc3\x28\n",
    );
    assert_eq!(
        errors_of(&site),
        ["content/modules/01-a/02-tweede.md:5: the file is not valid UTF-8; save it as UTF-8 in your editor"]
    );
}

#[test]
fn empty_file_is_reported() {
    let site = Fixture::with_lessons().file("content/modules/01-a/02-tweede.md", "");
    assert_eq!(
        errors_of(&site),
        ["content/modules/01-a/02-tweede.md: the file is empty; add front matter between two \"---\" lines"]
    );
}

#[test]
fn missing_front_matter_fence_is_reported() {
    let site = Fixture::with_lessons().file("content/over.md", "# Over\n");
    assert_eq!(
        errors_of(&site),
        ["content/over.md:1: the file must start with front matter: a line \"---\", the fields (title: …), and another line \"---\""]
    );
}

#[test]
fn yaml_syntax_error_is_at_the_editor_line() {
    let site = Fixture::with_lessons().file(
        "content/over.md",
        "---\ntitle: Over\nsummary: \"open\nnext: x\n---\n",
    );
    assert_eq!(
        errors_of(&site),
        ["content/over.md:3:10: this quoted text is not closed; add the closing quote or bracket"]
    );
}

#[test]
fn duplicate_slugs_are_reported() {
    let site = Fixture::with_lessons().file(
        "content/modules/01-a/03-eerste.md",
        "---\ntitle: Dubbel\n---\n",
    );
    assert_eq!(
        errors_of(&site),
        ["content/modules/01-a/03-eerste.md: the slug \"eerste\" is also used by content/modules/01-a/01-eerste.md; rename one of the files"]
    );
}

#[test]
fn broken_anchor_names_the_ids_that_exist() {
    let site = Fixture::with_lessons().file(
        "content/modules/01-a/02-tweede.md",
        "---\ntitle: B\n---\nZie [hier](01-eerste.md#bestaat-niet).\n",
    );
    assert_eq!(
        errors_of(&site),
        ["content/modules/01-a/02-tweede.md:4:5: broken link \"01-eerste.md#bestaat-niet\": content/modules/01-a/01-eerste.md has no heading with the id \"bestaat-niet\"; its ids: wat-zijn-signalen"]
    );
}

#[test]
fn unknown_key_in_config_is_an_error_at_its_line() {
    let site = Fixture::with_lessons().file("leerpad.toml", "title = \"T\"\n\nkleur = \"rood\"\n");
    let errors = errors_of(&site);
    assert_eq!(errors.len(), 1);
    assert!(
        errors[0].starts_with("leerpad.toml:3:1: unknown field \"kleur\", expected one of"),
        "{errors:?}"
    );
}

#[test]
fn missing_config_says_what_to_do() {
    let site = Fixture::with_lessons().remove("leerpad.toml");
    let errors = errors_of(&site);
    assert_eq!(errors.len(), 1);
    assert!(
        errors[0].starts_with("leerpad.toml: there is no leerpad.toml in "),
        "{errors:?}"
    );
}

#[test]
fn a_template_that_fails_to_render_is_named_at_its_line() {
    let site = Fixture::with_lessons().file(
        "templates/home.html",
        "{% extends \"base.html\" %}{% block main %}\n{{ nope.x }}{% endblock main %}",
    );
    let run = site.build();
    assert_eq!(
        run.errors(),
        ["templates/home.html:2:4: the template cannot be rendered"]
    );
    assert!(
        run.stderr().contains("Variable `nope` is not defined"),
        "{}",
        run.stderr()
    );
}

#[test]
fn template_errors_show_teras_cause() {
    let site = Fixture::with_lessons().file(
        "templates/page.html",
        "{% extends \"base.html\" %}{% block main %}{{ oops( }}{% endblock main %}",
    );
    let run = site.build();
    let errors = run.errors();
    assert_eq!(
        errors,
        ["templates/page.html:1:51: the template cannot be compiled"]
    );
    assert!(run.stderr().contains("caused by:"), "{}", run.stderr());
}

#[test]
fn unknown_partner_in_partners_yaml_reference_is_at_its_line() {
    let partners = format!("{}    steps: [nergens]\n", crate::fixture::PARTNERS);
    let site = Fixture::with_lessons().file("partners.yaml", &partners);
    assert_eq!(
        errors_of(&site),
        ["partners.yaml:14: unknown step \"nergens\"; known: begin, einde"]
    );
}

#[test]
fn a_choice_to_a_missing_step_is_reported() {
    let site = Fixture::with_lessons().file(
        "content/stappen/01-begin.md",
        "---\ntitle: Begin\nlabel: Begin\nkind: start\nchoices:\n  - label: Verder\n    to: einde\n  - label: Weg\n    to: nergens\n---\n",
    );
    let errors = errors_of(&site);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].starts_with("content/stappen/01-begin.md:9: choice \"Weg\" leads to \"nergens\""),
        "{errors:?}"
    );
}

#[test]
fn a_folder_named_like_a_file_and_stray_files_are_reported() {
    let site = Fixture::with_lessons()
        .file("content/modules/01-a/03-map.md/x.txt", "x")
        .file("content/foto.jpg", "x");
    let errors = errors_of(&site);
    assert!(errors.contains(&"content/foto.jpg: only Markdown (.md) files belong in content/; put images and downloads in static/".to_string()), "{errors:?}");
    assert!(errors.contains(&"content/modules/01-a/03-map.md: this is a folder, but its name ends in .md; rename it or make it a file".to_string()), "{errors:?}");
}

#[cfg(unix)]
#[test]
fn a_symlink_loop_is_reported_not_followed_forever() {
    let site = Fixture::with_lessons();
    std::os::unix::fs::symlink(
        site.root().join("content"),
        site.root().join("content/modules/01-a/lus"),
    )
    .unwrap();
    let errors = errors_of(&site);
    assert!(
        errors
            .iter()
            .any(|e| e.starts_with("content/modules/01-a/lus: this symbolic link points back")),
        "{errors:?}"
    );
}

#[test]
fn problems_found_while_reading_come_with_those_of_parsing() {
    // A stray file in content/ (found while reading), a template that does not compile and a
    // lesson with a broken field (found while parsing): one report.
    let site = Fixture::with_lessons()
        .file("content/modules/01-a/foto.jpg", "not markdown")
        .file(
            "content/modules/01-a/02-tweede.md",
            "---\ntitle: B\n\ntitel: Gedrag\n---\n",
        )
        .file("templates/kapot.html", "{% if %}\n");
    assert_eq!(
        errors_of(&site),
        [
            "content/modules/01-a/02-tweede.md:4:1: unknown field \"titel\", expected one of: title, minutes, summary, partners",
            "content/modules/01-a/foto.jpg: only Markdown (.md) files belong in content/; put images and downloads in static/",
            "templates/kapot.html:1:7: the template cannot be compiled",
        ]
    );
}

#[test]
fn a_broken_strings_file_is_reported_with_the_other_problems() {
    // The content's folder names are strings: with the site's strings broken, the content is
    // not parsed, but every other problem still comes in the one report.
    let site = Fixture::with_lessons()
        .file("i18n/nl.yaml", "foo: [\n")
        .file("content/modules/01-a/foto.jpg", "not markdown")
        .file("partners.yaml", "partners:\n  - id: 3\n");
    let errors = errors_of(&site);
    assert!(
        errors.iter().any(|e| e.starts_with("i18n/nl.yaml:1:")),
        "{errors:#?}"
    );
    assert!(
        errors
            .iter()
            .any(|e| e.starts_with("content/modules/01-a/foto.jpg:")),
        "{errors:#?}"
    );
    assert!(
        errors.iter().any(|e| e.starts_with("partners.yaml:")),
        "{errors:#?}"
    );
}
