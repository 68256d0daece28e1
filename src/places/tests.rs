//! Tests of places.yaml: merging, every rule and its exact error text.

use super::*;

const PARTNERS: &str = "regions:\n  - id: vl\n    name: Vlaanderen\n    kind: all\n  \
                        - id: ov\n    name: Oost-Vlaanderen\n    kind: province\n  \
                        - id: zov\n    name: Zuid\n    kind: subregion\n    parent: ov\n    \
                        municipalities:\n      - name: Ronse\n        postcodes: [\"9600\"]\n  \
                        - id: br\n    name: Brussel\n    kind: province\n";

fn directory() -> Directory {
    Directory::parse(PARTNERS, Path::new("partners.yaml")).unwrap()
}

fn merged(places: &str) -> Result<Directory, Error> {
    let mut d = directory();
    merge(&mut d, places, Path::new("places.yaml")).map(|()| d)
}

#[test]
fn names_fold_to_one_key() {
    assert_eq!(fold("Sint-Niklaas"), fold("st. niklaas"));
    assert_eq!(fold("ST.-NIKLAAS"), "sintniklaas");
    assert_eq!(fold("Liège"), "liege");
    assert_eq!(fold("'s-Gravenbrakel"), "sgravenbrakel");
    assert_eq!(fold("Molenbeek-St-Jean"), fold("Molenbeek-Saint-Jean"));
    assert_eq!(fold("Berchem-Ste-Agathe"), fold("Berchem-Sainte-Agathe"));
}

#[test]
fn places_merge_into_their_regions() {
    let d = merged(
        "provinces:\n  - region: ov\n    postcodes: [\"9000-9999\"]\n    municipalities:\n      \
         - Gent\n      - { name: Melle, now: Gent }\n",
    )
    .unwrap();
    let ov = d.region("ov").unwrap();
    assert_eq!(
        ov.ranges,
        vec![PostcodeRange {
            from: 9000,
            to: 9999
        }]
    );
    let names: Vec<&str> = ov.municipalities.iter().map(|m| m.name.as_str()).collect();
    assert_eq!(names, ["Gent", "Melle"]);
}

#[test]
fn elsewhere_names_a_municipality_of_another_region() {
    let d = merged(
        "provinces:\n  - region: br\n    postcodes: [\"1000-1299\"]\n    municipalities:\n      \
         - { name: Vorst, elsewhere: [Ronse] }\n  - region: ov\n    postcodes: [\"9000-9999\"]\n",
    )
    .unwrap();
    assert_eq!(
        d.region("br").unwrap().municipalities[0].elsewhere,
        ["Ronse"]
    );
    let err = merged(
        "provinces:\n  - region: ov\n    postcodes: [\"9000-9999\"]\n    municipalities:\n      \
         - Gent\n      - { name: Tielt, elsewhere: [Tielt-Winge, Gent] }\n",
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "places.yaml:6: \"Tielt\" has a namesake in \"Tielt-Winge\", but \"Tielt-Winge\" is not a \
         municipality of another region; correct the name, or leave it out\n\
         places.yaml:6: \"Tielt\" has a namesake in \"Gent\", but \"Gent\" is not a municipality of \
         another region; correct the name, or leave it out"
    );
}

#[test]
fn a_place_twice_is_reported_at_its_second_line() {
    let err = merged(
        "provinces:\n  - region: ov\n    postcodes: [\"9000-9999\"]\n    municipalities:\n      \
         - Gent\n      - Aalter\n      - gent\n",
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "places.yaml:7: \"gent\" is listed twice in \"ov\" (first at line 5); keep one"
    );
}

#[test]
fn a_place_in_two_provinces_is_an_error() {
    let err = merged(
        "provinces:\n  - region: br\n    postcodes: [\"1000-1299\"]\n    municipalities:\n      \
         - { name: Vorst, also: [Forest] }\n  - region: ov\n    postcodes: [\"9000-9999\"]\n    \
         municipalities:\n      \
         - Ronse\n      - St. Gillis\n      - Forest\n",
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "places.yaml:9: \"Ronse\" is in \"ov\" and in \"zov\" (partners.yaml:13); a place \
         belongs to one province\n\
         places.yaml:11: \"Forest\" is in \"ov\" and in \"br\" (places.yaml:5); a place \
         belongs to one province"
    );
}

#[test]
fn a_postcode_outside_every_range_is_an_error() {
    let err = merged(
        "outside:\n  - id: wal\n    name: Wallonië\n    postcodes: [\"4000-7999\"]\n\
         provinces:\n  - region: ov\n    postcodes: [\"9000-9599\", \"9601-9999\"]\n    \
         municipalities:\n      - { name: Herstappe, postcodes: [\"4350\"] }\n",
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "partners.yaml:13: the postcode \"9600\" of \"Ronse\" is outside every postcode range \
         of places.yaml; correct it, or add its range to a province\n\
         places.yaml:9: the postcode \"4350\" of \"Herstappe\" is outside every postcode range \
         of places.yaml; correct it, or add its range to a province"
    );
}

#[test]
fn bad_and_overlapping_ranges_unknown_regions_and_merges_are_reported_together() {
    let err = merged(
        "provinces:\n  - region: br\n    postcodes: [\"1000-1299\", \"1999-1500\"]\n  \
         - region: ov\n    postcodes: [\"1200-1400\"]\n    municipalities:\n      \
         - { name: Melle, now: Merelbeke-Melle }\n  - region: nope\n",
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "partners.yaml:13: the postcode \"9600\" of \"Ronse\" is outside every postcode range \
         of places.yaml; correct it, or add its range to a province\n\
         places.yaml:3: \"1999-1500\" is not a postcode range; write four digits, or two \
         joined by a dash with the lower first: \"1500-1999\"\n\
         places.yaml:5: the postcodes 1200-1400 of \"ov\" overlap 1000-1299 of \"br\"; a \
         postcode belongs to one area\n\
         places.yaml:7: \"Melle\" merged into \"Merelbeke-Melle\", but \"Merelbeke-Melle\" is \
         not a municipality of \"ov\"; add it, or correct the name\n\
         places.yaml:8: unknown region \"nope\"; known: br, ov, vl, zov"
    );
}

#[test]
fn a_part_named_like_another_place_is_an_error() {
    let err = merged(
        "provinces:\n  - region: ov\n    postcodes: [\"9000-9999\"]\n    municipalities:\n      \
         - { name: Gent, parts: [Drongen, Ronse] }\n",
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "places.yaml:5: \"Ronse\" is in \"ov\" and in \"zov\" (partners.yaml:13); a place \
         belongs to one province"
    );
}

#[test]
fn an_empty_file_changes_nothing() {
    let d = merged("  \n").unwrap();
    assert!(d.region("ov").unwrap().municipalities.is_empty());
}

#[test]
fn places_are_placed_whatever_the_order_of_the_lists() {
    // The line search went through the file once, `outside` first: with `provinces` written
    // first, every province line fell back to the end of `outside`.
    let err = merged(
        "provinces:\n  - region: ov\n    postcodes: [\"9000-9999\"]\n    municipalities:\n      \
             - Gent\n      - Aalter\n      - gent\noutside:\n  - id: wal\n    name: W\n    \
             names: [Luik]\n",
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "places.yaml:7: \"gent\" is listed twice in \"ov\" (first at line 5); keep one"
    );
}
