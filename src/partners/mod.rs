//! `partners.yaml` → a typed, validated partner directory.
//!
//! Owns: regions, categories and partners, their rules (unique ids, known references, safe URLs).
//! Does not: know which steps exist (the site stage checks `steps` against the step pages).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::{Error, Location};
use crate::yaml;

mod checks;
pub use checks::check_url;

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

/// The `tel:` URL of a phone number as written (`0800 12 345` → `tel:080012345`).
pub fn tel_url(phone: &str) -> String {
    let number: String = phone
        .chars()
        .filter(|c| c.is_ascii_digit() || *c == '+')
        .collect();
    format!("tel:{number}")
}

#[cfg(test)]
mod tests;
