//! The theme built into the binary: a site needs no themes/ folder, overrides it file by file,
//! and `leerpad theme eject` writes it out.

use std::fs;
use std::path::Path;

use crate::fixture::Fixture;

#[test]
fn a_site_without_a_themes_folder_builds_with_the_built_in_theme() {
    // The message of issue 19: theme = "default" was set, and still the folder was asked for.
    let site = Fixture::bare().file("leerpad.toml", "title = \"Eigen\"\ntheme = \"default\"\n");
    assert!(!site.root().join("themes").exists());
    site.build().success();
    let home = site.read("index.html");
    assert!(home.contains("<title>"), "{home}");
    let theme_css =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/static/css/site.css");
    assert!(site.out().join("css/site.css").is_file());
    assert!(fs::metadata(theme_css).is_ok());
    site.check().success();
}

#[test]
fn a_site_overrides_one_embedded_template_and_one_embedded_css_file() {
    let site = Fixture::bare()
        .file(
            "templates/404.html",
            "{% extends \"base.html\" %}{% block main %}<h1>Own 404</h1>{% endblock main %}",
        )
        .file("static/css/steps.css", ".own-steps{color:red}");
    site.build().success();
    assert!(site.read("404.html").contains("Own 404"));
    assert!(
        !site.read("index.html").contains("Own 404"),
        "the other templates still come from the built-in theme"
    );
    assert_eq!(site.read("css/steps.css"), ".own-steps{color:red}\n");
    let site_css = site.read("css/site.css");
    assert!(
        site_css.len() > 1000,
        "the other CSS file is the built-in one"
    );
}

#[test]
fn a_theme_folder_overrides_the_built_in_files_and_the_site_overrides_the_theme_folder() {
    let site = Fixture::bare()
        .file(
            "themes/default/templates/404.html",
            "{% extends \"base.html\" %}{% block main %}<h1>Theme 404</h1>{% endblock main %}",
        )
        .file("themes/default/static/css/steps.css", ".theme{}")
        .file("static/css/steps.css", ".site{}");
    site.build().success();
    assert!(site.read("404.html").contains("Theme 404"));
    assert_eq!(site.read("css/steps.css"), ".site{}\n");
}

#[test]
fn a_named_theme_without_its_folder_is_a_located_error() {
    let site = Fixture::bare().file("leerpad.toml", "title = \"T\"\ntheme = \"mine\"\n");
    assert_eq!(
        site.build().errors(),
        [
            "leerpad.toml: the theme \"mine\" is not there: create themes/mine/, or set theme = \
          \"default\" (or leave theme out) to use the built-in theme"
        ]
    );
}

#[test]
fn a_named_theme_overrides_the_built_in_files_it_has() {
    let site = Fixture::bare()
        .file("leerpad.toml", "title = \"T\"\ntheme = \"mine\"\n")
        .file("themes/mine/static/css/site.css", ".mine{}");
    site.build().success();
    assert_eq!(site.read("css/site.css"), ".mine{}\n");
    assert!(site.out().join("css/steps.css").is_file());
}

#[test]
fn theme_eject_writes_the_built_in_theme_and_then_refuses_to_overwrite_it() {
    let site = Fixture::bare();
    let run = site.run(&["theme", "eject"]);
    let said = run.success();
    assert!(said.starts_with("wrote the built-in theme ("), "{said}");
    let ejected = site.root().join("themes/default");
    let repository = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default");
    for file in ["templates/base.html", "static/css/site.css", "i18n/nl.yaml"] {
        assert_eq!(
            fs::read(ejected.join(file)).unwrap(),
            fs::read(repository.join(file)).unwrap(),
            "{file}"
        );
    }
    fs::write(ejected.join("templates/base.html"), "changed").unwrap();
    let errors = site.run(&["theme", "eject"]).errors();
    let base = format!(
        "{}: is already there; leerpad theme eject overwrites nothing: move it away or eject \
         into another folder",
        ejected.join("templates/base.html").display()
    );
    assert!(errors.contains(&base), "{errors:?}");
    assert_eq!(
        fs::read_to_string(ejected.join("templates/base.html")).unwrap(),
        "changed"
    );
}

#[test]
fn the_sites_own_i18n_file_overrides_strings_key_by_key_and_refuses_unknown_keys() {
    let site = Fixture::bare().file(
        "i18n/nl.yaml",
        "nav_steps: Ons plan\nurgent_phone: \"999\"\n",
    );
    site.build().success();
    let home = site.read("index.html");
    assert!(home.contains("Ons plan") && home.contains("href=\"tel:999\""));
    assert!(
        home.contains("Partners"),
        "the other strings stay the theme's"
    );
    let typo = Fixture::bare().file("i18n/nl.yaml", "# mine\nnav_step: Ons plan\n");
    assert_eq!(
        typo.build().errors(),
        ["i18n/nl.yaml:2: the theme has no interface string \"nav_step\"; check the spelling (the \
          keys are those of the theme's i18n/nl.yaml)"]
    );
}
