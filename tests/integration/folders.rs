//! The folder names of the pages leerpad makes are words of the site's language (issue 19): the
//! `url_*` keys of the interface strings, which a site overrides in its own `i18n/LANG.yaml`, and
//! the content tree mirrors them.

use crate::fixture::{Fixture, PARTNERS};

const STEP: &str =
    "---\ntitle: Begin\nlabel: Begin\nkind: start\nchoices:\n  - label: Verder\n    \
                    to: einde\n---\nStart.\n";
const END: &str = "---\ntitle: Einde\nlabel: Einde\nkind: end\n---\nKlaar.\n";

#[test]
fn a_site_names_its_own_folders_and_content_follows_them() {
    let site = Fixture::bare()
        .file("partners.yaml", PARTNERS)
        .file(
            "i18n/nl.yaml",
            "url_steps: plan\nurl_search: vind\nurl_step_card: kaart\nurl_glossary: woorden\n\
             url_print: afdruk\nurl_print_lesson: deel\n",
        )
        .file("content/plan/01-begin.md", STEP)
        .file("content/plan/02-einde.md", END)
        .file(
            "content/woorden.md",
            "---\ntitle: Woorden\nterms:\n  - term: VK\n    definition: Een centrum.\n---\n",
        )
        .file("content/modules/01-a/_module.md", "---\ntitle: A\n---\n")
        .file(
            "content/modules/01-a/01-b.md",
            "---\ntitle: B\n---\nHet VK helpt. [Begin](../../plan/01-begin.md)\n",
        );
    site.build().success();
    for page in [
        "plan/index.html",
        "plan/begin/index.html",
        "kaart/index.html",
        "vind/index.html",
        "vind/index.js",
        "woorden/index.html",
        "modules/a/afdruk/index.html",
    ] {
        assert!(site.out().join(page).is_file(), "{page}");
    }
    for gone in [
        "stappen",
        "zoeken",
        "stapkaart",
        "begrippen",
        "modules/a/print",
    ] {
        assert!(!site.out().join(gone).exists(), "{gone}");
    }
    let lesson = site.read("modules/a/b/index.html");
    assert!(
        lesson.contains("href=\"../../../plan/begin/index.html\""),
        "{lesson}"
    );
    assert!(lesson.contains("action=\"../../../vind/index.html\""));
    assert!(
        lesson.contains("../../../woorden/index.html#vk"),
        "{lesson}"
    );
    let print = site.read("modules/a/afdruk/index.html");
    assert!(print.contains("id=\"deel-b\""));
    // The old folder is now an unknown place, named with the folders to use.
    let old = Fixture::bare()
        .file("i18n/nl.yaml", "url_steps: plan\n")
        .file("content/stappen/01-begin.md", STEP);
    assert_eq!(
        old.check().errors(),
        [
            "content/stappen/01-begin.md: leerpad does not know this place: lessons go in \
          content/modules/NN-name/, steps in content/plan/, other pages directly in content/"
        ]
    );
}

#[test]
fn a_free_page_may_not_take_a_folder_of_the_language() {
    let site = Fixture::bare()
        .file("leerpad.toml", "title = \"T\"\nlanguage = \"en\"\n")
        .file("content/_index.md", "---\ntitle: Home\n---\n")
        .file("content/search.md", "---\ntitle: Search\n---\n")
        // In English "zoeken" is a name like any other.
        .file("content/zoeken.md", "---\ntitle: Zoeken\n---\n");
    assert_eq!(
        site.check().errors(),
        ["content/search.md: the name \"search\" is used by leerpad itself; rename the file"]
    );
}

#[test]
fn a_folder_name_that_is_not_a_name_is_an_error_at_its_line() {
    let site = Fixture::bare().file("i18n/nl.yaml", "nav_steps: Plan\nurl_search: Zoek hier\n");
    assert_eq!(
        site.check().errors(),
        [
            "i18n/nl.yaml:2: \"url_search\" is \"Zoek hier\", a folder name in the site's web \
          addresses; use lower-case letters a-z, digits and - (at most 40)"
        ]
    );
}

#[test]
fn two_kinds_of_page_in_one_folder_are_an_error() {
    let site = Fixture::bare().file("i18n/nl.yaml", "url_search: stappen\n");
    assert_eq!(
        site.check().errors(),
        [
            "i18n/nl.yaml: \"url_steps\" and \"url_search\" are both \"stappen\"; give each kind \
          of page its own folder"
        ]
    );
    let site = Fixture::bare().file("i18n/nl.yaml", "url_partners: css\n");
    assert_eq!(
        site.check().errors(),
        [
            "i18n/nl.yaml: \"url_partners\" is \"css\", a folder of the theme's files; choose \
          another name"
        ]
    );
}
