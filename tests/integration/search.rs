//! The search index of a built site: its documents, URLs, breadcrumbs, synonyms and bytes.

use leerpad::search::{documents, synonyms, SearchDoc};
use leerpad::{compile, read_sources, Overrides};

use crate::fixture::{snapshot, Fixture};

const GLOSSARY: &str = "---\ntitle: Begrippen\nterms:\n  - term: VK\n    expansion: Vertrouwenscentrum Kindermishandeling\n    definition: Een centrum.\n    synonyms: [vertrouwenscentrum]\n  - term: netwerk\n    definition: De mensen rond een gezin.\n---\nUitleg.\n";

fn site_of(fixture: &Fixture) -> leerpad::site::Site {
    let sources = read_sources(fixture.root()).expect("sources");
    compile(sources, &Overrides::default()).expect("build").site
}

fn find<'a>(docs: &'a [SearchDoc<'a>], url: &str) -> &'a SearchDoc<'a> {
    docs.iter().find(|d| d.url == url).unwrap_or_else(|| {
        panic!(
            "no document at {url}; have {:?}",
            docs.iter().map(|d| &d.url).collect::<Vec<_>>()
        )
    })
}

#[test]
fn one_document_per_section_step_partner_term_and_page() {
    let fixture = Fixture::with_lessons().file("content/begrippen.md", GLOSSARY);
    let site = site_of(&fixture);
    let docs = documents(&site);

    let section = find(&docs, "modules/a/eerste/#wat-zijn-signalen");
    assert_eq!(section.title, "Wat zijn signalen?");
    assert_eq!(section.crumb, "Module A › Eerste les › Wat zijn signalen?");
    assert!(section.body.contains("Tekst."));
    assert_eq!(section.context, "Eerste les");
    let lesson = find(&docs, "modules/a/eerste/");
    assert_eq!(lesson.crumb, "Module A › Eerste les");

    let step = find(&docs, "stappen/einde/");
    assert_eq!(step.title, "Einde");
    assert!(step.body.contains("Klaar."));
    // Choice labels are searchable on the step they start from.
    assert!(find(&docs, "stappen/begin/").body.contains("Verder"));

    let partner = find(&docs, "partners/#vk");
    assert_eq!(partner.title, "VK Test");
    assert!(partner.context.contains("Vertrouwenscentrum"));
    assert_eq!(partner.crumb, "Vertrouwenscentrum › VK Test");

    let term = find(&docs, "begrippen/#vk");
    assert_eq!(term.title, "VK");
    assert!(term
        .context
        .contains("Vertrouwenscentrum Kindermishandeling"));
    assert_eq!(term.crumb, "Begrippen › VK");
    find(&docs, "begrippen/#netwerk");
    find(&docs, "begrippen/");

    let synonyms = synonyms(&site);
    assert_eq!(
        synonyms.get("vk").map(Vec::as_slice),
        Some(
            &[
                "Vertrouwenscentrum Kindermishandeling".to_string(),
                "vertrouwenscentrum".to_string()
            ][..]
        )
    );
    assert!(
        !synonyms.contains_key("netwerk"),
        "a term without expansion or synonyms is no synonym"
    );
}

#[test]
fn a_region_document_names_its_region_and_place_names_the_content_uses_are_hints() {
    let partners = "regions:\n  - id: ov\n    name: Oost-Vlaanderen\n    kind: province\n  - id: zov\n    name: Zuid-Oost\n    kind: subregion\n    parent: ov\n    municipalities:\n      - name: Ronse\n        postcodes: [\"9600\"]\n\
categories:\n  - id: clb\n    name: CLB\n\
partners:\n  - id: clb-ronse\n    name: CLB Ronse\n    category: clb\n    regions: [zov]\n  - id: clb-ov\n    name: CLB OV\n    category: clb\n    regions: [ov]\n";
    let fixture = Fixture::new().file("partners.yaml", partners);
    let site = site_of(&fixture);
    let docs = documents(&site);
    let region = find(&docs, "partners/zov/");
    assert_eq!(region.crumb, "Oost-Vlaanderen › Zuid-Oost");
    // Not its towns: regions.js resolves places (js/search-ui.js's place result).
    assert_eq!(region.context, "Oost-Vlaanderen");
    // "Ronse" is a word of the content (a partner's name): the browser must know it may be a place.
    let run = fixture.build();
    run.success();
    let script = fixture.read("zoeken/index.js");
    assert!(script.contains(r#""placeWords":"Ronse""#), "{script}");
    // Partners name their regions, not every town of them (the region data has the towns).
    let local = find(&docs, "partners/zov/#clb-ronse");
    assert!(local.body.contains("Zuid-Oost"), "{}", local.body);
    assert!(!find(&docs, "partners/#clb-ov").body.contains("Ronse"));
}

#[test]
fn the_index_is_a_manifest_and_shards_that_register_themselves_the_same_across_builds() {
    let fixture = Fixture::with_lessons().file("content/begrippen.md", GLOSSARY);
    let log = fixture.build().success();
    assert!(log.contains("files, loaded as queries need them"), "{log}");
    let manifest = fixture.read("zoeken/index.js");
    assert!(manifest.contains("window.LEERPAD_SEARCH = JSON.parse('{\"boosts\""));
    assert!(manifest.contains("\"shards\":{"));
    assert!(!manifest.contains("</"));
    for file in ["zoeken/terms/0.js", "zoeken/ends/0.js", "zoeken/docs/0.js"] {
        let name = file.trim_start_matches("zoeken/").trim_end_matches(".js");
        let shard = fixture.read(file);
        assert!(
            shard.starts_with(&format!(
                "window.LEERPAD_SEARCH_SHARD('{name}', JSON.parse('"
            )),
            "{file}: {shard}"
        );
        assert!(!shard.contains("</"));
    }
    let docs = fixture.read("zoeken/docs/0.js");
    assert!(docs.contains("Wat zijn signalen?"), "{docs}");
    assert!(
        docs.contains("Tekst."),
        "the snippet texts are in the documents: {docs}"
    );
    // One form of index: no one-file index with its texts apart.
    assert!(!fixture.out().join("zoeken/texts.js").exists());
    // The browser gets the shard reader in the one search script, which replaces its parts.
    let bundle = fixture.read("js/search.js");
    assert!(bundle.contains("LeerpadSearchShards"), "{bundle}");
    assert!(bundle.contains("LeerpadSearchUi"), "{bundle}");
    assert!(!fixture.out().join("js/search-shards.js").exists());
    assert!(!fixture.out().join("js/search.js.bundle").exists());
    let first = snapshot(&fixture.out());
    fixture.build().success();
    assert_eq!(first, snapshot(&fixture.out()));
}

#[test]
fn the_removed_split_threshold_is_an_unknown_key() {
    let fixture = Fixture::with_lessons().file(
        "leerpad.toml",
        "title = \"Test\"\nsearch_shard_threshold = 0\n",
    );
    let errors = fixture.build().errors();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(errors[0].starts_with("leerpad.toml:2:"), "{errors:?}");
    assert!(errors[0].contains("search_shard_threshold"), "{errors:?}");
}

/// Regression (issue 15): snippets showed `“ Blauwe plek … ”` and `risico ’ s`, because the
/// section text put a space between every piece of text the Markdown parser gave.
#[test]
fn section_text_keeps_its_own_spacing_around_quotes_apostrophes_and_markup() {
    let fixture = Fixture::with_lessons().file(
        "content/modules/01-a/03-derde.md",
        "---\ntitle: Derde les\n---\n## Signalen\n\nZe zei: \"Blauwe plek\". Het risico's zijn *echt* groot,\nmaar [niet](https://example.org) altijd.\n\n- een\n- twee\n",
    );
    let site = site_of(&fixture);
    let docs = documents(&site);
    let section = find(&docs, "modules/a/derde/#signalen");
    assert_eq!(
        section.body,
        "Ze zei: “Blauwe plek”. Het risico’s zijn echt groot, maar niet altijd. een twee"
    );
}
