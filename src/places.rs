//! `places.yaml` → the postcode ranges and municipalities of each region, checked and merged into
//! the partner directory.
//!
//! Owns: the places file's format, its rules (known regions, valid ranges that do not overlap, a
//! place named once, `now:` pointing at a municipality of the same region, `elsewhere:` at one of
//! another region, every postcode inside a range) and the spelling-tolerant key two names are
//! compared by.
//! Does not: read files (lib.rs does) or resolve what a reader types (the browser does that, in
//! `regions.js`, with the same data).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize, Serializer};

use crate::error::{Error, Location};
use crate::partners::{Directory, Municipality};
use crate::yaml::{self, Step};

pub const PLACES_FILE: &str = "places.yaml";
/// More places than any country has municipalities and old names together.
pub const MAX_PLACES: usize = 5_000;
/// Postcode ranges per region or outside area.
pub const MAX_RANGES: usize = 50;

/// An inclusive range of four-digit postcodes; sent to the browser as `[from, to]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PostcodeRange {
    pub from: u16,
    pub to: u16,
}

impl Serialize for PostcodeRange {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        [self.from, self.to].serialize(serializer)
    }
}

/// An area the site does not cover (Wallonia, abroad): a reader there gets a message, not a region.
#[derive(Debug, Clone, Serialize)]
pub struct Outside {
    pub id: String,
    pub name: String,
    pub ranges: Vec<PostcodeRange>,
    pub names: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PlacesFile {
    #[serde(default)]
    outside: Vec<OutsideDef>,
    #[serde(default)]
    provinces: Vec<ProvinceDef>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct OutsideDef {
    id: String,
    name: String,
    #[serde(default)]
    postcodes: Vec<String>,
    #[serde(default)]
    names: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ProvinceDef {
    region: String,
    #[serde(default)]
    postcodes: Vec<String>,
    #[serde(default)]
    municipalities: Vec<Entry>,
}

/// A municipality: its name alone, or `{ name, also, parts, now, postcodes }`.
#[derive(Deserialize)]
#[serde(untagged)]
enum Entry {
    Name(String),
    Full(Municipality),
}

/// The line of the key or list item at a path, from the parser's positions; 1 without a tree.
fn line_in(tree: Option<&yaml::Node>, path: &[Step]) -> u32 {
    tree.map_or(1, |tree| tree.nearest(path).key_line.max(1))
}

/// Where a name was first seen: region id and location.
struct Seen {
    region: String,
    at: Location,
}

/// Everything found while checking, kept together so the checks stay small functions.
struct Check<'a> {
    path: PathBuf,
    errors: Vec<Error>,
    names: BTreeMap<String, Seen>,
    /// Every range read so far, with the area it belongs to and where.
    ranges: Vec<(PostcodeRange, String, u32)>,
    region_ids: Vec<&'a str>,
}

impl Check<'_> {
    fn at(&self, line: u32) -> Location {
        Location::line(&self.path, line)
    }

    fn ranges(&mut self, texts: &[String], area: &str, line: u32) -> Vec<PostcodeRange> {
        if texts.len() > MAX_RANGES {
            self.errors.push(Error::invalid(
                self.at(line),
                format!(
                    "{} postcode ranges for \"{area}\"; at most {MAX_RANGES} are read",
                    texts.len()
                ),
            ));
            return Vec::new();
        }
        let mut out = Vec::new();
        for text in texts {
            let Some(range) = parse_range(text) else {
                self.errors.push(Error::invalid(
                    self.at(line),
                    format!(
                        "\"{text}\" is not a postcode range; write four digits, or two joined by \
                         a dash with the lower first: \"1500-1999\""
                    ),
                ));
                continue;
            };
            if let Some((other, other_area, _)) = self
                .ranges
                .iter()
                .find(|(r, _, _)| r.from <= range.to && range.from <= r.to)
            {
                self.errors.push(Error::invalid(
                    self.at(line),
                    format!(
                        "the postcodes {text} of \"{area}\" overlap {}-{} of \"{other_area}\"; a \
                         postcode belongs to one area",
                        other.from, other.to
                    ),
                ));
                continue;
            }
            self.ranges.push((range, area.to_string(), line));
            out.push(range);
        }
        out
    }

    /// Records `name` for `region`; a name seen before is an error at its second place.
    fn name(&mut self, name: &str, region: &str, at: Location) {
        let key = fold(name);
        if key.is_empty() {
            self.errors
                .push(Error::invalid(at, "a place without a name; write its name"));
            return;
        }
        match self.names.get(&key) {
            Some(seen) if seen.region == region => self.errors.push(Error::invalid(
                at,
                format!(
                    "\"{name}\" is listed twice in \"{region}\" (first at line {}); keep one",
                    seen.at.line
                ),
            )),
            Some(seen) => self.errors.push(Error::invalid(
                at,
                format!(
                    "\"{name}\" is in \"{region}\" and in \"{}\" ({}:{}); a place belongs to one \
                     province",
                    seen.region,
                    crate::error::display_path(&seen.at.path),
                    seen.at.line
                ),
            )),
            None => {
                self.names.insert(
                    key,
                    Seen {
                        region: region.to_string(),
                        at,
                    },
                );
            }
        }
    }
}

/// Reads `places.yaml` and merges its ranges and municipalities into `directory`. Every problem
/// of the file is reported together; the directory is changed only when there is none.
pub fn merge(directory: &mut Directory, text: &str, path: &Path) -> Result<(), Error> {
    if text.trim().is_empty() {
        return Ok(());
    }
    let file: PlacesFile = yaml::parse(text, path, 1)?;
    let count: usize = file
        .provinces
        .iter()
        .map(|p| p.municipalities.len())
        .sum::<usize>()
        + file.outside.iter().map(|o| o.names.len()).sum::<usize>();
    if count > MAX_PLACES {
        return Err(Error::invalid(
            Location::line(path, 1),
            format!("{count} places; at most {MAX_PLACES} are read, split the list or shorten it"),
        ));
    }
    let region_ids: Vec<&str> = directory.regions.iter().map(|r| r.id.as_str()).collect();
    let mut check = Check {
        path: path.to_path_buf(),
        errors: Vec::new(),
        names: BTreeMap::new(),
        ranges: Vec::new(),
        region_ids,
    };
    // The places partners.yaml names already (a worked-out subregion) come first.
    for (r, region) in directory.regions.iter().enumerate() {
        for (n, m) in region.municipalities.iter().enumerate() {
            let line = directory.municipality_line(r, n);
            check.name(&m.name, &region.id, Location::line(&directory.path, line));
        }
    }
    let tree = yaml::tree(text);
    let tree = tree.as_ref();
    let mut outside = Vec::new();
    for (o, def) in file.outside.iter().enumerate() {
        let entry = [Step::Key("outside"), Step::Index(o)];
        let line = match def.postcodes.is_empty() {
            true => line_in(tree, &entry),
            false => line_in(tree, &[entry[0], entry[1], Step::Key("postcodes")]),
        };
        let ranges = check.ranges(&def.postcodes, &def.id, line);
        for (n, name) in def.names.iter().enumerate() {
            let path = [entry[0], entry[1], Step::Key("names"), Step::Index(n)];
            let at = check.at(line_in(tree, &path));
            check.name(name, &def.id, at);
        }
        outside.push(Outside {
            id: def.id.clone(),
            name: def.name.clone(),
            ranges,
            names: def.names.clone(),
        });
    }
    let mut merged: Vec<MergedRegion> = Vec::new();
    for (p, province) in file.provinces.iter().enumerate() {
        let entry = [Step::Key("provinces"), Step::Index(p)];
        let line = line_in(tree, &[entry[0], entry[1], Step::Key("region")]);
        if !check.region_ids.contains(&province.region.as_str()) {
            let mut known = check.region_ids.clone();
            known.sort_unstable();
            check.errors.push(Error::invalid(
                check.at(line),
                format!(
                    "unknown region \"{}\"; known: {}",
                    province.region,
                    known.join(", ")
                ),
            ));
        }
        let ranges_line = if province.postcodes.is_empty() {
            line
        } else {
            line_in(tree, &[entry[0], entry[1], Step::Key("postcodes")])
        };
        let ranges = check.ranges(&province.postcodes, &province.region, ranges_line);
        let mut places = Vec::new();
        for (n, item) in province.municipalities.iter().enumerate() {
            let m = match item {
                Entry::Name(name) => Municipality {
                    name: name.clone(),
                    postcodes: Vec::new(),
                    also: Vec::new(),
                    parts: Vec::new(),
                    now: None,
                    elsewhere: Vec::new(),
                },
                Entry::Full(m) => m.clone(),
            };
            let path = [
                entry[0],
                entry[1],
                Step::Key("municipalities"),
                Step::Index(n),
            ];
            let line = line_in(tree, &path);
            for name in std::iter::once(&m.name).chain(&m.also).chain(&m.parts) {
                check.name(name, &province.region, check.at(line));
            }
            places.push((m, line));
        }
        merged.push((province.region.clone(), ranges, places));
    }
    check_now_and_postcodes(&mut check, directory, &merged);
    crate::site::sort_errors(&mut check.errors);
    Error::from_list(std::mem::take(&mut check.errors))?;
    for (region_id, ranges, places) in merged {
        if let Some(region) = directory.regions.iter_mut().find(|r| r.id == region_id) {
            region.ranges.extend(ranges);
            region
                .municipalities
                .extend(places.into_iter().map(|(m, _)| m));
        }
    }
    directory.outside = outside;
    Ok(())
}

/// A region id, its ranges and its places with their lines.
type MergedRegion = (String, Vec<PostcodeRange>, Vec<(Municipality, u32)>);
type Merged = [MergedRegion];
/// A line of places.yaml, or the (region, municipality) index of a place in partners.yaml.
type PlaceAt = Result<u32, (usize, usize)>;

/// `now:` names a current municipality of the same region; every postcode given to a place lies
/// in a range of a region (not outside), and is given to one region only.
fn check_now_and_postcodes(check: &mut Check<'_>, directory: &Directory, merged: &Merged) {
    let region_ranges: Vec<PostcodeRange> = check
        .ranges
        .iter()
        .filter(|(_, area, _)| check.region_ids.contains(&area.as_str()))
        .map(|(r, _, _)| *r)
        .collect();
    let mut postcode_owner: BTreeMap<&str, &str> = BTreeMap::new();
    let from_partners = directory.regions.iter().enumerate().flat_map(|(i, r)| {
        r.municipalities
            .iter()
            .enumerate()
            .map(move |(n, m)| (r.id.as_str(), m, Err::<u32, _>((i, n))))
    });
    let from_places = merged.iter().flat_map(|(region, _, places)| {
        places
            .iter()
            .map(move |(m, line)| (region.as_str(), m, Ok(*line)))
    });
    let all: Vec<(&str, &Municipality, PlaceAt)> = from_partners.chain(from_places).collect();
    for &(region, m, line) in &all {
        let at = match line {
            Ok(line) => check.at(line),
            Err((r, n)) => Location::line(&directory.path, directory.municipality_line(r, n)),
        };
        if let Some(now) = &m.now {
            let known = all
                .iter()
                .any(|(r, other, _)| *r == region && other.now.is_none() && other.name == *now);
            if !known {
                check.errors.push(Error::invalid(
                    at.clone(),
                    format!(
                        "\"{}\" merged into \"{now}\", but \"{now}\" is not a municipality of \
                         \"{region}\"; add it, or correct the name",
                        m.name
                    ),
                ));
            }
        }
        check_elsewhere(check, &all, region, m, &at);
        for postcode in &m.postcodes {
            let number = parse_postcode(postcode);
            let inside =
                number.is_some_and(|n| region_ranges.iter().any(|r| r.from <= n && n <= r.to));
            if !region_ranges.is_empty() && !inside {
                check.errors.push(Error::invalid(
                    at.clone(),
                    format!(
                        "the postcode \"{postcode}\" of \"{}\" is outside every postcode range of \
                         {PLACES_FILE}; correct it, or add its range to a province",
                        m.name
                    ),
                ));
            }
            match postcode_owner.get(postcode.as_str()) {
                Some(owner) if *owner != region => check.errors.push(Error::invalid(
                    at.clone(),
                    format!(
                        "the postcode \"{postcode}\" of \"{}\" is given to \"{owner}\" too; a \
                         postcode leads to one region",
                        m.name
                    ),
                )),
                _ => {
                    postcode_owner.insert(postcode, region);
                }
            }
        }
    }
}

/// `elsewhere:` names current municipalities of other regions.
fn check_elsewhere(
    check: &mut Check<'_>,
    all: &[(&str, &Municipality, PlaceAt)],
    region: &str,
    m: &Municipality,
    at: &Location,
) {
    for other in &m.elsewhere {
        let known = all
            .iter()
            .any(|(r, o, _)| *r != region && o.now.is_none() && o.name == *other);
        if !known {
            check.errors.push(Error::invalid(
                at.clone(),
                format!(
                    "\"{}\" has a namesake in \"{other}\", but \"{other}\" is not a municipality \
                     of another region; correct the name, or leave it out",
                    m.name
                ),
            ));
        }
    }
}

fn parse_postcode(text: &str) -> Option<u16> {
    let text = text.trim();
    if text.len() == 4 && text.chars().all(|c| c.is_ascii_digit()) && !text.starts_with('0') {
        text.parse().ok()
    } else {
        None
    }
}

fn parse_range(text: &str) -> Option<PostcodeRange> {
    let (from, to) = match text.split_once('-') {
        Some((from, to)) => (parse_postcode(from)?, parse_postcode(to)?),
        None => {
            let one = parse_postcode(text)?;
            (one, one)
        }
    };
    (from <= to).then_some(PostcodeRange { from, to })
}

/// The key two place names are compared by: lower case, no accents, "St." and "Saint" as "Sint"
/// (French "St-Gilles" is "Saint-Gilles"), and only
/// letters and digits ("Sint-Niklaas", "st niklaas" and "ST.-NIKLAAS" are one place). The browser
/// folds the same way (`regions.js`, `placeKey`).
pub fn fold(name: &str) -> String {
    let mut plain = String::with_capacity(name.len());
    for c in name.to_lowercase().chars() {
        match c {
            'à' | 'á' | 'â' | 'ä' | 'ã' | 'å' => plain.push('a'),
            'è' | 'é' | 'ê' | 'ë' => plain.push('e'),
            'ì' | 'í' | 'î' | 'ï' => plain.push('i'),
            'ò' | 'ó' | 'ô' | 'ö' | 'õ' => plain.push('o'),
            'ù' | 'ú' | 'û' | 'ü' => plain.push('u'),
            'ç' => plain.push('c'),
            'ñ' => plain.push('n'),
            'ÿ' => plain.push('y'),
            'œ' => plain.push_str("oe"),
            'æ' => plain.push_str("ae"),
            c if c.is_ascii_alphanumeric() => plain.push(c),
            _ => plain.push(' '),
        }
    }
    let mut key = String::with_capacity(plain.len());
    for word in plain.split_whitespace() {
        match word {
            "st" | "saint" => key.push_str("sint"),
            "ste" | "sainte" => key.push_str("sinte"),
            _ => key.push_str(word),
        }
    }
    key
}

#[cfg(test)]
mod tests;
