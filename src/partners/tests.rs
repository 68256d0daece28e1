//! The rules of partners.yaml, each at its line.

use super::*;

const BASE: &str = "regions:\n  - id: vl\n    name: Vlaanderen\n    kind: all\n\
                    categories:\n  - id: vk\n    name: VK\n";

#[test]
fn unknown_category_is_reported_at_its_line() {
    let text =
        format!("{BASE}partners:\n  - id: a\n    name: A\n    category: nope\n    regions: [vl]\n");
    let err = Directory::parse(&text, Path::new("partners.yaml")).unwrap_err();
    assert_eq!(
        err.to_string(),
        "partners.yaml:11: unknown category \"nope\"; known: vk"
    );
}

#[test]
fn javascript_urls_are_refused() {
    let text = format!(
        "{BASE}partners:\n  - id: a\n    name: A\n    category: vk\n    regions: [vl]\n    \
         website: javascript:alert(1)\n"
    );
    let err = Directory::parse(&text, Path::new("partners.yaml")).unwrap_err();
    assert_eq!(
        err.to_string(),
        "partners.yaml:13: \"javascript:alert(1)\" is not a web address; it must start with \
         https:// (or http://)"
    );
}

#[test]
fn duplicate_ids_are_reported() {
    let text = format!(
        "{BASE}partners:\n  - id: a\n    name: A\n    category: vk\n    regions: [vl]\n  \
         - id: a\n    name: B\n    category: vk\n    regions: [vl]\n"
    );
    let err = Directory::parse(&text, Path::new("partners.yaml")).unwrap_err();
    assert_eq!(
        err.to_string(),
        "partners.yaml:13: the partner id \"a\" is used twice; ids must be unique",
        "at the second entry, the one to rename"
    );
}

#[test]
fn a_circle_of_parents_is_an_error_not_an_endless_loop() {
    // Found by the partners fuzzer: a region that is its own parent hung the build.
    let text = "regions:\n  - id: vl\n    name: V\n    kind: all\n  - id: a\n    name: A\n    \
                kind: subregion\n    parent: a\n  - id: b\n    name: B\n    kind: province\n    \
                parent: c\n  - id: c\n    name: C\n    kind: province\n    parent: b\n";
    let err = Directory::parse(text, Path::new("partners.yaml")).unwrap_err();
    assert_eq!(
        err.to_string(),
        "partners.yaml:8: the parents of the region \"a\" go round in a circle (a → a); a \
         province has no parent\n\
         partners.yaml:12: the parents of the region \"b\" go round in a circle (b → c → b); \
         a province has no parent\n\
         partners.yaml:16: the parents of the region \"c\" go round in a circle (c → b → c); \
         a province has no parent"
    );
    let directory = Directory {
        regions: serde_saphyr::from_str::<Directory>(text).unwrap().regions,
        ..Directory::default()
    };
    assert!(directory.partners_for_region("a").is_empty());
    assert!(directory.partners_for_region("b").is_empty());
}

#[test]
fn phone_numbers_become_tel_urls() {
    assert_eq!(tel_url("0800 12 345"), "tel:080012345");
    assert_eq!(tel_url("+32 2 123"), "tel:+322123");
}
