//! The one-file form of the search index, for small sites: `zoeken/index.js`.
//!
//! Owns: writing the JSON that elasticlunr-rs's `Index::to_json` gives for the analysed
//! documents, without building its `Index` (a trie of B-tree maps that is serialized to a string
//! only to be parsed again), made smaller in two lossless-for-us ways: trie nodes that end no term
//! have no `docs` and `df`, and term frequencies are rounded to 3 decimals. The document store
//! holds, per document, only what a result shows: `{url, title, crumb, text}`.
//! Does not: analyse text (analysis.rs) or rank (js/search-core.js reads this very form).
//!
//! The script sets `window.LEERPAD_SEARCH = {index, boosts, synonyms}`, so search also works
//! when the site is opened from disk (no XHR). Document refs are the documents' positions, so
//! the many postings stay short.

use std::collections::BTreeMap;

use elasticlunr::lang::Dutch;
use elasticlunr::IndexBuilder;
use serde::ser::{SerializeMap, Serializer};
use serde::Serialize;
use serde_json::{Map, Value};

use super::analysis::Analysis;
use super::{js_string_json, stored_text, SearchDoc, Stored, BOOSTS, FIELDS};

/// The fewest bytes the one-file index of `analysis` can take: every posting is at least
/// `"0":{"tf":1},`. A site above the split threshold by this measure is split without
/// writing the one file first.
pub fn lower_bound(analysis: &Analysis) -> u64 {
    let postings: usize = analysis
        .postings
        .iter()
        .flat_map(|fields| fields.iter().map(Vec::len))
        .sum();
    postings as u64 * 13
}

/// `zoeken/index.js`: a classic script that sets the global the search UI reads.
pub fn script(
    docs: &[SearchDoc],
    analysis: &Analysis,
    synonyms: &BTreeMap<String, Vec<String>>,
) -> String {
    let boosts: BTreeMap<&str, f64> = BOOSTS.into_iter().collect();
    #[derive(Serialize)]
    struct Payload<'a> {
        index: IndexJson<'a>,
        boosts: BTreeMap<&'static str, f64>,
        synonyms: &'a BTreeMap<String, Vec<String>>,
    }
    let payload = Payload {
        index: index_json(docs, analysis),
        boosts,
        synonyms,
    };
    format!(
        "// Search index for leerpad, generated; read by js/search-core.js.\n\
         window.LEERPAD_SEARCH = JSON.parse('{}');\n",
        js_string_json(&payload)
    )
}

/// The index in elasticlunr-rs's JSON form.
#[derive(Serialize)]
struct IndexJson<'a> {
    /// Version, fields, ref, pipeline and language: taken from an empty elasticlunr-rs index,
    /// so they stay what the crate writes.
    #[serde(flatten)]
    frame: Map<String, Value>,
    index: BTreeMap<&'static str, Root<'a>>,
    #[serde(rename = "documentStore")]
    document_store: DocumentStore<'a>,
}

#[derive(Serialize)]
struct Root<'a> {
    root: Node<'a>,
}

#[derive(Serialize)]
struct DocumentStore<'a> {
    #[serde(rename = "docInfo")]
    doc_info: DocInfo<'a>,
    docs: StoredDocs<'a>,
    length: usize,
    save: bool,
}

/// `{ref: {field: length}}`: the number of indexed words per field of each document.
struct DocInfo<'a>(&'a [[u32; 3]]);

impl Serialize for DocInfo<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct Lengths {
            title: u32,
            context: u32,
            body: u32,
        }
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for (i, &[title, context, body]) in self.0.iter().enumerate() {
            map.serialize_entry(
                &i.to_string(),
                &Lengths {
                    title,
                    context,
                    body,
                },
            )?;
        }
        map.end()
    }
}

/// A trie node: a child per next character, and where a term ends, its postings.
#[derive(Default)]
struct Node<'a> {
    children: BTreeMap<char, Node<'a>>,
    postings: Option<&'a [(u32, u32)]>,
}

impl Serialize for Node<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(None)?;
        if let Some(list) = self.postings {
            map.serialize_entry("df", &list.len())?;
            map.serialize_entry("docs", &Postings(list))?;
        }
        let mut key = [0u8; 4];
        for (c, child) in &self.children {
            map.serialize_entry(c.encode_utf8(&mut key), child)?;
        }
        map.end()
    }
}

/// `{doc: {tf}}`, the term frequency as elasticlunr-rs computes it (`sqrt(count)`), rounded.
struct Postings<'a>(&'a [(u32, u32)]);

impl Serialize for Postings<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct Tf {
            tf: f64,
        }
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for &(doc, count) in self.0 {
            let tf = (f64::from(count).sqrt() * 1000.0).round() / 1000.0;
            map.serialize_entry(&doc.to_string(), &Tf { tf })?;
        }
        map.end()
    }
}

fn index_json<'a>(docs: &'a [SearchDoc], analysis: &'a Analysis) -> IndexJson<'a> {
    let empty = IndexBuilder::with_language(Box::new(Dutch::new()))
        .add_fields(FIELDS)
        .build();
    let mut frame = match serde_json::to_value(&empty) {
        Ok(Value::Object(map)) => map,
        _ => Map::new(),
    };
    frame.remove("index");
    frame.remove("documentStore");

    let mut roots: [Node; 3] = Default::default();
    for (term, fields) in analysis.terms.iter().zip(&analysis.postings) {
        for (root, list) in roots.iter_mut().zip(fields) {
            // The analysis drops longer words; the trie's depth (and the recursion that
            // serialises and drops it) is bounded by this, whatever the analysis does.
            if list.is_empty() || super::analysis::too_long(term) {
                continue;
            }
            let node = term
                .chars()
                .fold(root, |node, c| node.children.entry(c).or_default());
            node.postings = Some(list);
        }
    }
    let index = FIELDS
        .into_iter()
        .zip(roots)
        .map(|(field, root)| (field, Root { root }))
        .collect();
    IndexJson {
        frame,
        index,
        document_store: DocumentStore {
            doc_info: DocInfo(&analysis.lengths),
            docs: StoredDocs(docs),
            length: docs.len(),
            save: true,
        },
    }
}

/// `{ref: {url, title, crumb, text}}`: what a result shows of each document.
struct StoredDocs<'a>(&'a [SearchDoc<'a>]);

impl Serialize for StoredDocs<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for (i, d) in self.0.iter().enumerate() {
            let stored = Stored {
                url: &d.url,
                title: &d.title,
                crumb: &d.crumb,
                text: stored_text(&d.body),
            };
            map.serialize_entry(&i.to_string(), &stored)?;
        }
        map.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::analysis::{analyze, elasticlunr_json};

    fn doc(url: &str, title: &str, context: &str, body: &str) -> SearchDoc<'static> {
        SearchDoc {
            url: url.to_string(),
            title: title.to_string(),
            context: context.to_string(),
            body: body.to_string().into(),
            crumb: title.to_string(),
        }
    }

    /// The JSON inside an index script (the inverse of `script`'s quoting).
    fn script_json(script: &str) -> Value {
        let start = script.find("JSON.parse('").expect("JSON.parse call") + "JSON.parse('".len();
        let end = script.rfind("');").expect("end of the call");
        let unquoted = script[start..end].replace("\\\\", "\\");
        serde_json::from_str(&unquoted).expect("valid JSON")
    }

    fn index_of(docs: &[SearchDoc]) -> Value {
        let analysis = analyze(docs);
        script_json(&script(docs, &analysis, &BTreeMap::new()))["index"].clone()
    }

    /// What elasticlunr-rs's own `Index` writes for `docs`, compacted as the module notes say:
    /// the form this module must match.
    fn compacted_elasticlunr_json(docs: &[SearchDoc]) -> Value {
        let mut json = elasticlunr_json(docs);
        fn compact(node: &mut Value) {
            let Some(map) = node.as_object_mut() else {
                return;
            };
            if map.get("df").and_then(Value::as_u64) == Some(0) {
                map.remove("df");
                map.remove("docs");
            }
            if let Some(docs) = map.get_mut("docs").and_then(Value::as_object_mut) {
                for posting in docs.values_mut() {
                    let tf = posting["tf"].as_f64().unwrap_or(0.0);
                    posting["tf"] = Value::from((tf * 1000.0).round() / 1000.0);
                }
            }
            for (key, child) in map.iter_mut() {
                if key != "docs" && key != "df" {
                    compact(child);
                }
            }
        }
        for field in FIELDS {
            compact(&mut json["index"][field]["root"]);
        }
        json["documentStore"]["docs"] =
            serde_json::to_value(StoredDocs(docs)).expect("stored documents");
        json
    }

    #[test]
    fn the_index_is_what_elasticlunr_writes_for_the_same_documents() {
        let mut docs = vec![
            doc(
                "a/",
                "Kindermishandeling",
                "Ouders, 1G1P",
                "De ouders werken niet mee. Niet-pluisgevoel: (blauwe) plekken, plekken!",
            ),
            doc(
                "b/#c",
                "VK — Vertrouwenscentrum",
                "",
                "ÉÉN kind, één Kind; kinderen\u{a0}en\u{2028}ouders 12 açs </script>",
            ),
            doc("c/", "", "", "   "),
            doc(
                "d/",
                "Zorg",
                "zorg zorg",
                "thuisveiligheid veiligheid onveilig 😀x a😀b 'quote' \\",
            ),
        ];
        for i in 0..30 {
            docs.push(doc(
                &format!("p{i}/"),
                "Kind",
                "ouders",
                "kind kinder Kinderen",
            ));
        }
        assert_eq!(index_of(&docs), compacted_elasticlunr_json(&docs));
        assert_eq!(index_of(&[]), compacted_elasticlunr_json(&[]));
    }

    #[test]
    fn the_script_sets_the_global_and_cannot_close_a_script_element() {
        let docs = [doc(
            "a/#b",
            "Blauwe plekken",
            "",
            "Tekst met </script><b> erin & zo, 'quotes' \"en\" \\ backslash.",
        )];
        let analysis = analyze(&docs);
        let script = script(&docs, &analysis, &BTreeMap::new());
        assert!(script.contains("window.LEERPAD_SEARCH = JSON.parse('{"));
        assert!(!script.contains("</script"));
        assert!(!script.contains('<'));
        let value = script_json(&script);
        assert_eq!(value["boosts"]["title"], 3.0);
        let stored = &value["index"]["documentStore"]["docs"]["0"];
        assert_eq!(stored["url"], "a/#b");
        assert_eq!(stored["title"], "Blauwe plekken");
        assert_eq!(
            stored["text"],
            "Tekst met </script><b> erin & zo, 'quotes' \"en\" \\ backslash."
        );
    }

    #[test]
    fn the_index_uses_the_dutch_pipeline_and_a_compact_trie() {
        let json = index_of(&[doc(
            "a/",
            "Kindermishandeling",
            "",
            "De ouders werken niet mee.",
        )]);
        assert_eq!(json["lang"], "Dutch");
        // "kindermishandeling" is stemmed to "kindermishandel".
        let mut node = &json["index"]["title"]["root"];
        for c in "kindermishandel".chars() {
            node = &node[c.to_string()];
        }
        assert_eq!(node["df"], 1);
        assert_eq!(node["docs"]["0"]["tf"], 1.0);
        // Inner nodes carry no empty postings.
        assert!(json["index"]["title"]["root"]["k"].get("docs").is_none());
        // Stop words are not indexed.
        assert!(json["index"]["body"]["root"]["n"]["i"]["e"]["t"]
            .get("df")
            .is_none());
    }

    #[test]
    fn the_same_documents_give_the_same_bytes() {
        let docs: Vec<SearchDoc> = (0..50)
            .map(|i| {
                doc(
                    &format!("p{i}/"),
                    &format!("Titel {i}"),
                    "",
                    "ouders kind zorg",
                )
            })
            .collect();
        let mut synonyms = BTreeMap::new();
        synonyms.insert("vk".to_string(), vec!["Vertrouwenscentrum".to_string()]);
        let a = script(&docs, &analyze(&docs), &synonyms);
        let b = script(&docs, &analyze(&docs), &synonyms);
        assert_eq!(a, b);
    }

    #[test]
    fn the_lower_bound_is_below_the_real_size() {
        let docs: Vec<SearchDoc> = (0..40)
            .map(|i| doc(&format!("p{i}/"), "a", "", "ouders kind zorg b c d"))
            .collect();
        let analysis = analyze(&docs);
        let real = script(&docs, &analysis, &BTreeMap::new()).len() as u64;
        assert!(lower_bound(&analysis) <= real);
        assert!(lower_bound(&analysis) > 0);
    }
}
