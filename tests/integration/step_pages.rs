//! Step pages, partner pages and the step card as built: what the templates get from the views.

use crate::fixture::Fixture;

const PARTNERS: &str = "regions:
  - id: vlaanderen
    name: Heel Vlaanderen
    kind: all
  - id: oost
    name: Oost </script> & co
    kind: province
  - id: zuid
    name: Zuid
    kind: subregion
    parent: oost
    municipalities:
      - name: Oudenaarde
        postcodes: [\"9700\"]
categories:
  - id: politie-nood
    name: Politie en noodhulp
    urgent: true
  - id: vk
    name: Vertrouwenscentrum
  - id: clb
    name: Leerlingenbegeleiding
partners:
  - id: vk-oost
    name: VK Oost
    category: vk
    regions: [oost]
    steps: [gevaar, einde]
    anonymous: true
  - id: nood-112
    name: Noodnummer 112
    category: politie-nood
    regions: [vlaanderen]
    steps: [gevaar]
    phone: \"112\"
  - id: clb-zuid
    name: CLB Zuid
    category: clb
    regions: [zuid]
    steps: [einde]
";

fn site() -> Fixture {
    Fixture::new()
        .file("partners.yaml", PARTNERS)
        .file(
            "content/stappen/01-begin.md",
            "---\ntitle: Begin\nlabel: Begin\nkind: start\nchoices:\n  - label: Verder\n    to: einde\n  \
             - label: Gevaar\n    to: gevaar\n---\nStart.\n",
        )
        .file(
            "content/stappen/02-gevaar.md",
            "---\ntitle: Acuut gevaar\nlabel: Gevaar\nkind: urgent\nsummary: Bel 112.\nchoices:\n  \
             - label: Gebeld\n    to: einde\n---\nBel.\n",
        )
        .file(
            "content/stappen/03-einde.md",
            "---\ntitle: Einde\nlabel: Het einde\nkind: end\n---\nKlaar.\n",
        )
}

#[test]
fn urgent_steps_show_the_emergency_numbers_first_and_only_once() {
    let site = site();
    site.build().success();
    let page = site.read("stappen/gevaar/index.html");
    let acute = page.find("class=\"acute\"").expect("acute box");
    let now = page.find("class=\"what-now\"").expect("what to do now");
    assert!(acute < now, "{page}");
    assert!(page.contains("<a class=\"acute-call\" href=\"tel:112\">"));
    assert_eq!(page.matches("Noodnummer 112").count(), 1, "{page}");
    assert!(page.contains("id=\"vk-oost\""), "regional partners follow");
    let begin = site.read("stappen/begin/index.html");
    assert!(!begin.contains("class=\"acute\""));
}

/// Regression: which partners are emergency numbers was the category id `politie-nood` in the
/// tool; it is the category's `urgent: true` in partners.yaml, whatever its id.
#[test]
fn urgent_partners_are_those_of_a_category_marked_urgent() {
    let renamed = PARTNERS.replace("politie-nood", "hulpdiensten").replace(
        "    name: Vertrouwenscentrum\n",
        "    name: Vertrouwenscentrum\n    urgent: true\n",
    );
    let marked = site().file("partners.yaml", &renamed);
    marked.build().success();
    let page = marked.read("stappen/gevaar/index.html");
    let acute = &page[page.find("class=\"acute\"").expect("acute box")..];
    let acute = &acute[..acute.find("</section>").unwrap()];
    assert!(acute.contains("id=\"nood-112\""), "{acute}");
    assert!(acute.contains("id=\"vk-oost\""), "{acute}");
    let plain = site().file("partners.yaml", &PARTNERS.replace("    urgent: true\n", ""));
    plain.build().success();
    let page = plain.read("stappen/gevaar/index.html");
    assert!(
        !page.contains("class=\"acute\""),
        "no category is urgent: {page}"
    );
    assert!(!page.contains("partner-card urgent"));
}

#[test]
fn choices_carry_the_label_of_their_step_and_pages_link_back_to_the_start() {
    let site = site();
    site.build().success();
    let begin = site.read("stappen/begin/index.html");
    assert!(begin.contains(
        "<a class=\"choice\" href=\"../einde/index.html\" data-to=\"einde\" \
         data-to-label=\"Het einde\">Verder</a>"
    ));
    assert!(begin.contains("<a class=\"choice urgent\" href=\"../gevaar/index.html\""));
    let end = site.read("stappen/einde/index.html");
    assert!(end.contains("href=\"../begin/index.html\" data-path-reset>Begin opnieuw</a>"));
    assert!(end.contains("data-step-path data-start=\"Start\" hidden"));
    assert!(end.contains("<a href=\"../../partners/zuid/index.html\">Zuid</a>"));
}

#[test]
fn region_pages_group_partners_under_category_headings() {
    let site = site();
    site.build().success();
    let zuid = site.read("partners/zuid/index.html");
    let heading = |id: &str| {
        zuid.find(&format!("<h2 id=\"soort-{id}\">"))
            .unwrap_or(usize::MAX)
    };
    assert!(heading("politie-nood") < heading("vk"), "{zuid}");
    assert!(heading("vk") < heading("clb"));
    assert!(zuid.contains("id=\"clb-zuid\""));
    assert!(zuid.contains("Oudenaarde (9700)"));
    let oost = site.read("partners/oost/index.html");
    assert!(
        !oost.contains("CLB Zuid"),
        "a subregion partner is not on its province page"
    );
    assert!(
        !oost.contains("soort-clb"),
        "no heading for an empty category"
    );
}

#[test]
fn the_regions_are_an_escaped_script_and_every_page_has_a_region_link() {
    let site = site();
    site.build().success();
    let data = site.read("js/regions-data.js");
    assert!(data.starts_with("window.LEERPAD_REGIONS = ["), "{data}");
    assert!(
        data.contains("Oost \\u003c/script\\u003e \\u0026 co"),
        "{data}"
    );
    assert!(data.contains("{\"name\":\"Oudenaarde\",\"postcodes\":[\"9700\"]}"));
    let home = site.read("index.html");
    assert!(
        home.contains("<a class=\"region-choose\" href=\"partners/index.html\">Kies je regio</a>")
    );
    assert!(
        !home.contains("regions.js\" defer"),
        "lessons and home load the region code on demand"
    );
    let step = site.read("stappen/begin/index.html");
    assert!(step.contains(
        "js/regions-data.js\" defer></script><script src=\"../../js/regions.js\" defer>"
    ));
}

#[test]
fn the_finder_lists_every_partner_with_its_filter_data() {
    let site = site();
    site.build().success();
    let finder = site.read("partners/index.html");
    assert!(finder.contains("data-finder-form aria-labelledby=\"finder-title\" hidden"));
    assert!(
        finder.contains(
            "id=\"vk-oost\" data-partner=\"vk-oost\" data-category=\"vk\" data-regions=\"oost\" \
         data-steps=\"gevaar einde\" data-anonymous=\"ja\""
        ),
        "{finder}"
    );
    assert!(finder.contains("<option value=\"einde\">Het einde</option>"));
    let card = site.read("stapkaart/index.html");
    assert!(card.contains("<li data-regions=\"zuid\"><strong>CLB Zuid</strong>"));
}
