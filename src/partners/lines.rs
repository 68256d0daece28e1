//! Finding the line of an entry or a field in `partners.yaml`, for messages.
//!
//! Owns: an index of the file's lines built once, so that ten thousand errors cost ten thousand
//! look-ups and not ten thousand scans of the file (10,000 bad web addresses took 13.8 s).
//! Does not: parse YAML; it reads the text the way an editor sees it.

use std::collections::HashMap;

/// Where each line starts, and the entries of each top-level list by id.
#[derive(Debug, Clone, Default)]
pub struct LineIndex {
    /// Byte ranges of the lines (without their newline).
    lines: Vec<(usize, usize)>,
    /// `(list, id)` → the 1-based lines of the entries with that id, in file order.
    entries: HashMap<(String, String), Vec<u32>>,
}

impl LineIndex {
    pub fn new(source: &str) -> LineIndex {
        let mut index = LineIndex::default();
        let mut list: Option<String> = None;
        let mut start = 0;
        for (i, line) in source.split('\n').enumerate() {
            index.lines.push((start, start + line.len()));
            start += line.len() + 1;
            let line = line.strip_suffix('\r').unwrap_or(line);
            if !line.is_empty() && !line.starts_with([' ', '\t', '-', '#']) {
                list = line.split_once(':').map(|(name, _)| name.to_string());
                continue;
            }
            let Some(list) = &list else { continue };
            let t = line.trim_start().trim_start_matches("- ").trim_start();
            if let Some(value) = t.strip_prefix("id:") {
                let id = value.trim().trim_matches(['"', '\'']).to_string();
                index
                    .entries
                    .entry((list.clone(), id))
                    .or_default()
                    .push(i as u32 + 1);
            }
        }
        index
    }

    /// The lines of every entry of `list` whose id is `id`.
    pub fn entries(&self, list: &str, id: &str) -> &[u32] {
        self.entries
            .get(&(list.to_string(), id.to_string()))
            .map_or(&[], Vec::as_slice)
    }

    /// The line of `field` (holding `value`, if not empty) in the entry that starts at `entry`,
    /// not past the next entry of the same list; `entry` when the field is absent.
    pub fn field_line(&self, source: &str, entry: u32, field: &str, value: &str) -> u32 {
        let line = |i: usize| {
            let (a, b) = self.lines[i];
            let text = &source[a..b];
            text.strip_suffix('\r').unwrap_or(text)
        };
        let indent_of = |l: &str| l.len() - l.trim_start().len();
        let first = entry as usize;
        if first == 0 || first > self.lines.len() {
            return entry;
        }
        let entry_indent = indent_of(line(first - 1));
        let key = format!("{field}:");
        let mut field_line = None;
        for i in first..self.lines.len() {
            let text = line(i);
            let t = text.trim_start();
            if t.starts_with("- ") && indent_of(text) <= entry_indent {
                break;
            }
            if t.starts_with(&key) {
                field_line = Some(i as u32 + 1);
            }
            if field_line.is_some() && (value.is_empty() || text.contains(value)) {
                return i as u32 + 1;
            }
        }
        field_line.unwrap_or(entry)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_and_fields_are_found_by_line() {
        let text =
            "regions:\n  - id: a\n    name: A\ncategories:\n  - id: a\npartners:\n  - id: p\n    \
                    name: P\n    website: x\n  - id: q\n    website: y\n  - id: p\n";
        let index = LineIndex::new(text);
        assert_eq!(index.entries("regions", "a"), [2]);
        assert_eq!(index.entries("categories", "a"), [5]);
        assert_eq!(index.entries("partners", "p"), [7, 12]);
        assert_eq!(index.field_line(text, 7, "website", ""), 9);
        assert_eq!(index.field_line(text, 10, "website", "y"), 11);
        // Absent in its own entry: the entry's line, never a field of the next entry.
        assert_eq!(index.field_line(text, 2, "website", ""), 2);
    }
}
