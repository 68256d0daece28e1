//! `partners.yaml` → a typed, validated partner directory.
//!
//! Owns: regions, categories and partners, their rules (unique ids, known references, safe URLs).
//! Does not: know which steps exist (the site stage checks `steps` against the step pages).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::{Error, Location};
use crate::yaml;

pub const PARTNERS_FILE: &str = "partners.yaml";

/// The longest text of one field (a name, what a partner offers, an address) in characters:
/// every field is copied into several pages and the search index, so one huge value would
/// multiply the output.
pub const MAX_FIELD_CHARS: usize = 2_000;
/// The longest id in characters: ids are copied into every page that lists a partner.
pub const MAX_ID_CHARS: usize = 100;

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Directory {
    #[serde(default)]
    pub regions: Vec<Region>,
    #[serde(default)]
    pub categories: Vec<Category>,
    #[serde(default)]
    pub partners: Vec<Partner>,
    /// The text of the file, to find the line of a value; not part of the data.
    #[serde(skip)]
    pub source: String,
    #[serde(skip)]
    pub path: PathBuf,
    /// Places outside the site's regions (Wallonia, abroad), from `places.yaml`.
    #[serde(skip)]
    pub outside: Vec<crate::places::Outside>,
    /// The parser's position of every node of `source`, built on the first message that needs
    /// it (a valid file costs nothing).
    #[serde(skip)]
    pub(crate) nodes: std::sync::OnceLock<Option<yaml::Node>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum RegionKind {
    /// The whole of Flanders and Brussels: partners here are shown in every region.
    All,
    /// A province, or Brussels.
    Province,
    /// A part of a province worked out with its municipalities.
    Subregion,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Region {
    pub id: String,
    pub name: String,
    pub kind: RegionKind,
    pub parent: Option<String>,
    #[serde(default)]
    pub municipalities: Vec<Municipality>,
    /// The postcode ranges of a province, from `places.yaml` (see `places`).
    #[serde(skip)]
    pub ranges: Vec<crate::places::PostcodeRange>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Municipality {
    pub name: String,
    /// Postcodes of this place; they win over the ranges (a worked-out subregion, or a place whose
    /// postcode lies in another province's range). Empty: the ranges decide.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub postcodes: Vec<String>,
    /// Other names of the same place (the French name of a Brussels municipality).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub also: Vec<String>,
    /// Parts of the municipality that people name as their town (Wilrijk in Antwerpen).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub parts: Vec<String>,
    /// The municipality this one merged into, when this is a former municipality.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub now: Option<String>,
    /// Municipalities of another region with a part of the same name (Tielt in Tielt-Winge): a
    /// reader who types the name is told which region it is and to type the postcode if she
    /// meant that part.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub elsewhere: Vec<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Category {
    pub id: String,
    pub name: String,
    pub short: Option<String>,
    /// Partners of an urgent category (emergency numbers) stand first, apart from the rest, on a
    /// step page of kind `urgent`, and their cards are marked urgent.
    #[serde(default)]
    pub urgent: bool,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Ages {
    pub from: u32,
    pub to: u32,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Partner {
    pub id: String,
    pub name: String,
    pub category: String,
    pub regions: Vec<String>,
    #[serde(default)]
    pub offers: String,
    pub ages: Option<Ages>,
    /// `Some(true)` when an anonymous consult is possible; `None` when no source says.
    pub anonymous: Option<bool>,
    #[serde(default)]
    pub steps: Vec<String>,
    pub website: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    /// The date the entry was last checked, `YYYY-MM-DD`.
    pub checked: Option<String>,
}

impl Directory {
    /// Parses and validates `partners.yaml`; every problem is reported together.
    pub fn parse(text: &str, path: &Path) -> Result<Directory, Error> {
        if text.trim().is_empty() {
            return Ok(Directory {
                path: path.to_path_buf(),
                ..Directory::default()
            });
        }
        let mut directory: Directory = yaml::parse(text, path, 1)?;
        directory.source = text.to_string();
        directory.path = path.to_path_buf();
        Error::from_list(directory.validate())?;
        Ok(directory)
    }

    /// The line of `field` (holding `value` in a list, if not empty) inside the entry of the
    /// top-level `list` whose id is `id`; the entry's line when the field is absent. The place
    /// is the parser's: the entry is found by its index in the typed list.
    pub fn line_of(&self, list: &str, id: &str, field: &str, value: &str) -> u32 {
        let index = self.ids(list).position(|entry| entry == id).unwrap_or(0);
        self.line_at(list, index, field, value)
    }

    /// The line of `field` (and of `value` in it, when it is a list) in entry `index` of `list`.
    fn line_at(&self, list: &str, index: usize, field: &str, value: &str) -> u32 {
        let item = self
            .list_field(list, index, field)
            .and_then(|items| items.iter().position(|item| item == value));
        let mut path = vec![yaml::Step::Key(list), yaml::Step::Index(index)];
        if !field.is_empty() {
            path.push(yaml::Step::Key(field));
            path.extend(item.map(yaml::Step::Index));
        }
        self.node_line(&path)
    }

    /// The line of municipality `n` of region `r`, for `places.yaml`'s checks.
    pub fn municipality_line(&self, r: usize, n: usize) -> u32 {
        let path = [
            yaml::Step::Key("regions"),
            yaml::Step::Index(r),
            yaml::Step::Key("municipalities"),
            yaml::Step::Index(n),
        ];
        self.node_line(&path)
    }

    /// The line of the key or list item at `path`, from the parser's positions.
    fn node_line(&self, path: &[yaml::Step]) -> u32 {
        match self.nodes.get_or_init(|| yaml::tree(&self.source)) {
            Some(root) => root.nearest(path).key_line.max(1),
            None => 1,
        }
    }

    /// The ids of a top-level list, in file order.
    fn ids<'a>(&'a self, list: &str) -> Box<dyn Iterator<Item = &'a str> + 'a> {
        match list {
            "regions" => Box::new(self.regions.iter().map(|r| r.id.as_str())),
            "categories" => Box::new(self.categories.iter().map(|c| c.id.as_str())),
            _ => Box::new(self.partners.iter().map(|p| p.id.as_str())),
        }
    }

    /// The values of a list field of an entry (`regions`, `steps`), to find one by position.
    fn list_field(&self, list: &str, index: usize, field: &str) -> Option<&[String]> {
        let partner = self.partners.get(index).filter(|_| list == "partners")?;
        match field {
            "regions" => Some(&partner.regions),
            "steps" => Some(&partner.steps),
            _ => None,
        }
    }

    fn at(&self, list: &str, index: usize, field: &str, value: &str) -> Location {
        Location::line(&self.path, self.line_at(list, index, field, value))
    }

    /// Every text field over `MAX_FIELD_CHARS`, at its line.
    fn check_lengths(&self) -> Vec<Error> {
        // (list, index, field, value) of every text field of the file.
        let mut fields: Vec<(&str, usize, &str, &str)> = Vec::new();
        for (i, r) in self.regions.iter().enumerate() {
            fields.push(("regions", i, "name", &r.name));
        }
        for (i, c) in self.categories.iter().enumerate() {
            fields.push(("categories", i, "name", &c.name));
            fields.extend(c.short.as_deref().map(|v| ("categories", i, "short", v)));
        }
        for (i, p) in self.partners.iter().enumerate() {
            fields.push(("partners", i, "name", &p.name));
            fields.push(("partners", i, "offers", &p.offers));
            let optional = [
                ("website", &p.website),
                ("phone", &p.phone),
                ("email", &p.email),
                ("checked", &p.checked),
            ];
            for (field, value) in optional {
                fields.extend(value.as_deref().map(|v| ("partners", i, field, v)));
            }
        }
        fields
            .into_iter()
            .filter(|(.., value)| {
                value.len() > MAX_FIELD_CHARS && value.chars().count() > MAX_FIELD_CHARS
            })
            .map(|(list, index, field, value)| {
                Error::invalid(
                    self.at(list, index, field, ""),
                    format!(
                        "the field \"{field}\" is {} characters long, more than the \
                         {MAX_FIELD_CHARS} a field may have; shorten it",
                        value.chars().count()
                    ),
                )
            })
            .collect()
    }

    fn validate(&self) -> Vec<Error> {
        let mut errors = Vec::new();
        let mut seen: BTreeMap<(&str, &str), usize> = BTreeMap::new();
        let all_ids = self
            .ids("regions")
            .enumerate()
            .map(|(i, id)| ("region", "regions", i, id))
            .chain(
                self.ids("categories")
                    .enumerate()
                    .map(|(i, id)| ("category", "categories", i, id)),
            )
            .chain(
                self.ids("partners")
                    .enumerate()
                    .map(|(i, id)| ("partner", "partners", i, id)),
            );
        for (kind, list, index, id) in all_ids {
            if id.len() > MAX_ID_CHARS {
                errors.push(Error::invalid(
                    self.at(list, index, "", ""),
                    format!(
                        "this {kind} id is {} characters long, more than the {MAX_ID_CHARS} an id \
                         may have; shorten it",
                        id.chars().count()
                    ),
                ));
                continue;
            }
            if !is_id(id) {
                errors.push(Error::invalid(
                    self.at(list, index, "", ""),
                    format!("the {kind} id \"{id}\" may only hold a-z, 0-9 and -"),
                ));
            }
            let count = seen.entry((kind, id)).or_insert(0);
            *count += 1;
            if *count > 1 {
                // At the repeated entry, not the first one: that is the one to rename.
                errors.push(Error::invalid(
                    self.at(list, index, "", ""),
                    format!("the {kind} id \"{id}\" is used twice; ids must be unique"),
                ));
            }
        }
        errors.extend(self.check_lengths());
        let region_ids: Vec<&str> = self.regions.iter().map(|r| r.id.as_str()).collect();
        let category_ids: Vec<&str> = self.categories.iter().map(|c| c.id.as_str()).collect();
        for (index, region) in self.regions.iter().enumerate() {
            if let Some(parent) = &region.parent {
                if !region_ids.contains(&parent.as_str()) {
                    errors.push(unknown(
                        self.at("regions", index, "parent", parent),
                        "region",
                        parent,
                        &region_ids,
                    ));
                }
            }
            if let Some(circle) = self.parent_circle(&region.id) {
                errors.push(Error::invalid(
                    self.at("regions", index, "parent", ""),
                    format!(
                        "the parents of the region \"{}\" go round in a circle ({}); a \
                         province has no parent",
                        region.id,
                        circle.join(" → ")
                    ),
                ));
            }
            if region.kind == RegionKind::Subregion && region.parent.is_none() {
                errors.push(Error::invalid(
                    self.at("regions", index, "kind", ""),
                    format!(
                        "the subregion \"{}\" needs a parent: the id of its province",
                        region.id
                    ),
                ));
            }
        }
        for (index, partner) in self.partners.iter().enumerate() {
            if !category_ids.contains(&partner.category.as_str()) {
                errors.push(unknown(
                    self.at("partners", index, "category", &partner.category),
                    "category",
                    &partner.category,
                    &category_ids,
                ));
            }
            if partner.regions.is_empty() {
                errors.push(Error::invalid(
                    self.at("partners", index, "regions", ""),
                    format!(
                        "the partner \"{}\" has no regions; use [vlaanderen] for a Flemish service",
                        partner.id
                    ),
                ));
            }
            for region in &partner.regions {
                if !region_ids.contains(&region.as_str()) {
                    errors.push(unknown(
                        self.at("partners", index, "regions", region),
                        "region",
                        region,
                        &region_ids,
                    ));
                }
            }
            if let Some(ages) = &partner.ages {
                if ages.from > ages.to {
                    errors.push(Error::invalid(
                        self.at("partners", index, "ages", ""),
                        format!("ages: from {} is above to {}", ages.from, ages.to),
                    ));
                }
            }
            for (field, value, schemes) in [
                ("website", &partner.website, &["https", "http"][..]),
                ("phone", &partner.phone, &[][..]),
                ("email", &partner.email, &[][..]),
            ] {
                let Some(value) = value else { continue };
                let problem = match field {
                    "website" => check_url(value, schemes),
                    "phone" => check_phone(value),
                    _ => check_email(value),
                };
                if let Some(problem) = problem {
                    errors.push(Error::invalid(
                        self.at("partners", index, field, ""),
                        problem,
                    ));
                }
            }
            if let Some(date) = &partner.checked {
                if !is_date(date) {
                    errors.push(Error::invalid(
                        self.at("partners", index, "checked", ""),
                        format!("checked: \"{date}\" is not a date; write it as YYYY-MM-DD"),
                    ));
                }
            }
        }
        errors
    }

    pub fn partner(&self, id: &str) -> Option<&Partner> {
        self.partners.iter().find(|p| p.id == id)
    }

    pub fn category(&self, id: &str) -> Option<&Category> {
        self.categories.iter().find(|c| c.id == id)
    }

    pub fn region(&self, id: &str) -> Option<&Region> {
        self.regions.iter().find(|r| r.id == id)
    }

    /// Partner ids, sorted, for "known: …" messages.
    pub fn partner_ids(&self) -> Vec<String> {
        let mut ids: Vec<String> = self.partners.iter().map(|p| p.id.clone()).collect();
        ids.sort();
        ids
    }

    /// The chain of parents from `region_id` when it comes back to `region_id`
    /// (`["a", "b", "a"]`), else `None`.
    fn parent_circle<'a>(&'a self, region_id: &'a str) -> Option<Vec<&'a str>> {
        let mut chain = vec![region_id];
        let mut current = self.region(region_id)?.parent.as_deref();
        while let Some(id) = current {
            chain.push(id);
            if id == region_id {
                return Some(chain);
            }
            if chain[..chain.len() - 1].contains(&id) {
                return None; // a circle further up, reported at its own regions
            }
            current = self.region(id).and_then(|r| r.parent.as_deref());
        }
        None
    }

    /// Partners that serve a region: its own, those of its parent province, and the Flemish ones.
    pub fn partners_for_region(&self, region_id: &str) -> Vec<&Partner> {
        let mut wanted: BTreeMap<&str, ()> = BTreeMap::new();
        let mut current = self.region(region_id);
        while let Some(region) = current {
            // Stops at a circle of parents too (validation reports those).
            if wanted.insert(region.id.as_str(), ()).is_some() {
                break;
            }
            current = region.parent.as_deref().and_then(|p| self.region(p));
        }
        for region in &self.regions {
            if region.kind == RegionKind::All {
                wanted.insert(region.id.as_str(), ());
            }
        }
        self.partners
            .iter()
            .filter(|p| p.regions.iter().any(|r| wanted.contains_key(r.as_str())))
            .collect()
    }
}

fn unknown(at: Location, what: &str, id: &str, known: &[&str]) -> Error {
    let mut known: Vec<&str> = known.to_vec();
    known.sort_unstable();
    Error::invalid(
        at,
        format!("unknown {what} \"{id}\"; known: {}", known.join(", ")),
    )
}

fn is_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

fn is_date(text: &str) -> bool {
    let parts: Vec<&str> = text.split('-').collect();
    matches!(parts.as_slice(), [y, m, d]
        if y.len() == 4 && m.len() == 2 && d.len() == 2
        && [y, m, d].iter().all(|p| p.chars().all(|c| c.is_ascii_digit()))
        && (1..=12).contains(&m.parse::<u32>().unwrap_or(0))
        && (1..=31).contains(&d.parse::<u32>().unwrap_or(0)))
}

/// `None` when `url` is an absolute URL with one of `schemes` and no spaces or quotes.
pub fn check_url(url: &str, schemes: &[&str]) -> Option<String> {
    let scheme = url.split_once(':').map(|(s, _)| s.to_ascii_lowercase());
    let ok_scheme = scheme.as_deref().is_some_and(|s| schemes.contains(&s));
    let ok_rest = url.split_once("://").is_some_and(|(_, rest)| {
        !rest.is_empty() && !rest.contains(|c: char| c.is_whitespace() || "\"'<>`".contains(c))
    });
    if ok_scheme && ok_rest {
        None
    } else {
        Some(format!(
            "\"{url}\" is not a web address; it must start with https:// (or http://)"
        ))
    }
}

fn check_phone(phone: &str) -> Option<String> {
    let digits = phone.chars().filter(char::is_ascii_digit).count();
    let allowed = phone
        .chars()
        .all(|c| c.is_ascii_digit() || " +()/.-".contains(c));
    if allowed && digits >= 3 {
        None
    } else {
        Some(format!(
            "phone: \"{phone}\" is not a phone number; use digits, spaces and + only"
        ))
    }
}

fn check_email(email: &str) -> Option<String> {
    let valid = email.split_once('@').is_some_and(|(user, host)| {
        !user.is_empty()
            && host.contains('.')
            && !email.contains(|c: char| c.is_whitespace() || "\"'<>(),;:`".contains(c))
    });
    if valid {
        None
    } else {
        Some(format!("email: \"{email}\" is not an e-mail address"))
    }
}

/// The `tel:` URL of a phone number as written (`0800 12 345` → `tel:080012345`).
pub fn tel_url(phone: &str) -> String {
    let number: String = phone
        .chars()
        .filter(|c| c.is_ascii_digit() || *c == '+')
        .collect();
    format!("tel:{number}")
}

#[cfg(test)]
mod tests {
    use super::*;

    const BASE: &str = "regions:\n  - id: vl\n    name: Vlaanderen\n    kind: all\n\
                        categories:\n  - id: vk\n    name: VK\n";

    #[test]
    fn unknown_category_is_reported_at_its_line() {
        let text = format!(
            "{BASE}partners:\n  - id: a\n    name: A\n    category: nope\n    regions: [vl]\n"
        );
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
}
