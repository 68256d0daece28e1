//! The rules of `partners.yaml`: ids well formed and unique, references known, fields within
//! their bounds, web addresses, phone numbers, e-mail addresses and dates well formed.
//!
//! Owns: every check of a parsed directory, each error at its line.
//! Does not: parse the file or look anything up for the pages (see `partners`).

use std::collections::BTreeMap;

use super::{Directory, RegionKind, MAX_FIELD_CHARS, MAX_ID_CHARS};
use crate::error::{Error, Location};

impl Directory {
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

    /// Every problem of the directory, each at its line.
    pub(super) fn validate(&self) -> Vec<Error> {
        let mut errors = self.check_ids();
        errors.extend(self.check_lengths());
        errors.extend(self.check_regions());
        errors.extend(self.check_partners());
        errors
    }

    /// Every id well formed, within its bound, and used once in its list.
    fn check_ids(&self) -> Vec<Error> {
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
        errors
    }

    /// Every region's parent known, no circle of parents, and a subregion in a province.
    fn check_regions(&self) -> Vec<Error> {
        let mut errors = Vec::new();
        let region_ids: Vec<&str> = self.regions.iter().map(|r| r.id.as_str()).collect();
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
        errors
    }

    /// Every partner's category and regions known, and its fields well formed.
    fn check_partners(&self) -> Vec<Error> {
        let mut errors = Vec::new();
        let region_ids: Vec<&str> = self.regions.iter().map(|r| r.id.as_str()).collect();
        let category_ids: Vec<&str> = self.categories.iter().map(|c| c.id.as_str()).collect();
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
