//! The one-file form of the search index, for small sites: `zoeken/index.js`, and the texts
//! its results show, `zoeken/texts.js`, loaded after the first results.
//!
//! Owns: the compact layout of the one-file index. `index.js` holds what ranking needs and a
//! result's title: the sorted vocabulary, per field the postings of each term (the encoding of
//! shards.rs: base-32 gaps and counts), the field lengths, and per document its url, title,
//! breadcrumb and kind. `texts.js` holds the snippet texts, so the first query does not wait for
//! them (on the bundled site they are more than half of the bytes).
//! Does not: analyse text (analysis.rs) or rank (js/search-core.js's `compactSource` reads
//! this very form; search-shards.js reads the split one; both feed the same scoring code).
//!
//! Both scripts set a global (`window.LEERPAD_SEARCH`, `window.LEERPAD_SEARCH_TEXTS`), so search
//! also works when the site is opened from disk (no XHR).

use std::collections::BTreeMap;

use serde::Serialize;

use super::analysis::Analysis;
use super::shards::{encode_numbers, encode_postings, js_cmp};
use super::{js_string_json, stored_text, Meta, QueryHints, SearchDoc, BOOSTS, FIELDS};

/// Where the snippet texts of the one-file index go.
pub const TEXTS_PATH: &str = "zoeken/texts.js";

/// The fewest bytes the one-file index of `analysis` can take: every posting is at least one
/// character. A site above the split threshold by this measure is split without writing the
/// one file first.
pub fn lower_bound(analysis: &Analysis) -> u64 {
    analysis
        .postings
        .iter()
        .flat_map(|fields| fields.iter().map(Vec::len))
        .sum::<usize>() as u64
}

/// `zoeken/index.js`: a classic script that sets the global the search UI reads.
pub fn script(
    docs: &[SearchDoc],
    analysis: &Analysis,
    synonyms: &BTreeMap<String, Vec<String>>,
    hints: &QueryHints,
) -> String {
    #[derive(Serialize)]
    struct Payload<'a> {
        index: Compact<'a>,
        boosts: BTreeMap<&'static str, f64>,
        synonyms: &'a BTreeMap<String, Vec<String>>,
        hints: &'a QueryHints,
    }
    let payload = Payload {
        index: compact(docs, analysis),
        boosts: BOOSTS.into_iter().collect(),
        synonyms,
        hints,
    };
    format!(
        "// Search index for leerpad, generated; read by js/search-core.js.\n\
         window.LEERPAD_SEARCH = JSON.parse('{}');\n",
        js_string_json(&payload)
    )
}

/// `zoeken/texts.js`: the stored text of every document, in document order.
pub fn texts_script(docs: &[SearchDoc]) -> String {
    let texts: Vec<String> = docs.iter().map(|d| stored_text(&d.body)).collect();
    format!(
        "// Search result texts for leerpad, generated; read by js/search-ui.js.\n\
         window.LEERPAD_SEARCH_TEXTS = JSON.parse('{}');\n",
        js_string_json(&texts)
    )
}

/// The index proper; see the module comment.
#[derive(Serialize)]
struct Compact<'a> {
    fields: [&'static str; 3],
    /// Terms in JavaScript's string order, separated by spaces (a term never holds whitespace).
    terms: String,
    /// Per field, the postings of each term in `terms`' order, separated by `,` (empty: the term
    /// is not in that field).
    postings: [String; 3],
    /// Per field, the number of indexed words of each document.
    lengths: [String; 3],
    docs: Vec<Meta<'a>>,
}

fn compact<'a>(docs: &'a [SearchDoc], analysis: &Analysis) -> Compact<'a> {
    let mut order: Vec<usize> = (0..analysis.terms.len()).collect();
    order.sort_unstable_by(|&a, &b| js_cmp(&analysis.terms[a], &analysis.terms[b]));
    let terms: Vec<&str> = order.iter().map(|&i| analysis.terms[i].as_str()).collect();
    let postings = [0, 1, 2].map(|f| {
        order
            .iter()
            .map(|&i| encode_postings(&analysis.postings[i][f]))
            .collect::<Vec<_>>()
            .join(",")
    });
    let lengths =
        [0, 1, 2].map(|f| encode_numbers(analysis.lengths.iter().map(|l| u64::from(l[f]))));
    Compact {
        fields: FIELDS,
        terms: terms.join(" "),
        postings,
        lengths,
        docs: docs.iter().map(Meta::of).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::analysis::{analyze, elasticlunr_json};
    use serde_json::Value;

    fn doc(url: &str, title: &str, context: &str, body: &str) -> SearchDoc<'static> {
        SearchDoc {
            url: url.to_string(),
            title: title.to_string(),
            context: context.to_string(),
            body: body.to_string().into(),
            crumb: title.to_string(),
            kind: "section",
        }
    }

    /// The JSON inside an index script (the inverse of `script`'s quoting).
    fn script_json(script: &str) -> Value {
        let start = script.find("JSON.parse('").expect("JSON.parse call") + "JSON.parse('".len();
        let end = script.rfind("');").expect("end of the call");
        let unquoted = script[start..end].replace("\\\\", "\\");
        serde_json::from_str(&unquoted).expect("valid JSON")
    }

    /// Decodes the numbers of shards.rs's encoding (the inverse of `encode_numbers`).
    fn decode_numbers(text: &str) -> Vec<u64> {
        const LAST: &str = "0123456789abcdefghijklmnopqrstuv";
        const MORE: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZwxyz_-";
        let mut out = Vec::new();
        let mut n = 0u64;
        for c in text.chars() {
            if let Some(d) = MORE.find(c) {
                n = n * 32 + d as u64;
            } else {
                out.push(n * 32 + LAST.find(c).expect("a digit") as u64);
                n = 0;
            }
        }
        out
    }

    /// `{term: {field: {doc: count}}}` and the field lengths, read back from the compact form.
    #[allow(clippy::type_complexity)]
    fn read_back(
        json: &Value,
    ) -> (
        BTreeMap<String, BTreeMap<usize, BTreeMap<u64, u64>>>,
        Vec<Vec<u64>>,
    ) {
        let terms: Vec<&str> = json["terms"]
            .as_str()
            .unwrap()
            .split(' ')
            .filter(|t| !t.is_empty())
            .collect();
        let mut out = BTreeMap::new();
        for f in 0..3 {
            let lists: Vec<&str> = json["postings"][f].as_str().unwrap().split(',').collect();
            for (term, list) in terms.iter().zip(lists) {
                let numbers = decode_numbers(list);
                let mut next = 0;
                let mut i = 0;
                while i < numbers.len() {
                    let doc = next + numbers[i] / 2;
                    let count = if numbers[i] % 2 == 1 {
                        i += 1;
                        numbers[i] + 2
                    } else {
                        1
                    };
                    out.entry(term.to_string())
                        .or_insert_with(BTreeMap::new)
                        .entry(f)
                        .or_insert_with(BTreeMap::new)
                        .insert(doc, count);
                    next = doc + 1;
                    i += 1;
                }
            }
        }
        let lengths = (0..3)
            .map(|f| decode_numbers(json["lengths"][f].as_str().unwrap()))
            .collect();
        (out, lengths)
    }

    /// The compact form holds exactly the postings and lengths elasticlunr-rs's own `Index`
    /// computes with the same language: the oracle both index forms are held to.
    #[test]
    fn the_index_holds_what_elasticlunr_indexes_for_the_same_documents() {
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
                "ÉÉN kind, één Kind; kinderen\u{a0}en\u{2028}ouders 9000 Gent açs </script>",
            ),
            doc("c/", "", "", "   "),
            doc(
                "d/",
                "Zorg",
                "zorg zorg",
                "thuisveiligheid 😀x a😀b 'quote' \\",
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
        let analysis = analyze(&docs);
        let json = script_json(&script(
            &docs,
            &analysis,
            &BTreeMap::new(),
            &QueryHints::default(),
        ));
        let (postings, lengths) = read_back(&json["index"]);

        let oracle = elasticlunr_json(&docs);
        for (i, _) in docs.iter().enumerate() {
            for (f, field) in FIELDS.iter().enumerate() {
                assert_eq!(
                    oracle["documentStore"]["docInfo"][i.to_string()][field],
                    lengths[f][i],
                    "length of {field} in doc {i}"
                );
            }
        }
        let mut seen = 0;
        for (term, by_field) in &postings {
            for (f, list) in by_field {
                let mut node = &oracle["index"][FIELDS[*f]]["root"];
                for c in term.chars() {
                    node = &node[c.to_string()];
                }
                assert_eq!(node["df"].as_u64(), Some(list.len() as u64), "{term}");
                for (d, count) in list {
                    let tf = node["docs"][d.to_string()]["tf"].as_f64().unwrap();
                    assert_eq!(tf, (*count as f64).sqrt(), "{term} in {d}");
                    seen += 1;
                }
            }
        }
        fn count(node: &Value) -> usize {
            let own = node["docs"].as_object().map_or(0, |d| d.len());
            own + node
                .as_object()
                .unwrap()
                .iter()
                .filter(|(k, _)| *k != "docs" && *k != "df")
                .map(|(_, v)| count(v))
                .sum::<usize>()
        }
        let total: usize = FIELDS
            .iter()
            .map(|f| count(&oracle["index"][f]["root"]))
            .sum();
        assert_eq!(seen, total, "no posting is missing");
        // Digits and negations are indexed; articles are not.
        assert!(postings.contains_key("9000"));
        assert!(postings.contains_key("1g1p"));
        assert!(postings.contains_key("niet"));
        assert!(!postings.contains_key("de"));
        assert_eq!(json["index"]["docs"][1]["url"], "b/#c");
        assert_eq!(json["index"]["docs"][1]["kind"], "section");
    }

    #[test]
    fn the_scripts_set_their_globals_and_cannot_close_a_script_element() {
        let docs = [doc(
            "a/#b",
            "Blauwe plekken",
            "",
            "Tekst met </script><b> erin & zo, 'quotes' \"en\" \\ backslash.",
        )];
        let analysis = analyze(&docs);
        let script = script(&docs, &analysis, &BTreeMap::new(), &QueryHints::default());
        assert!(script.contains("window.LEERPAD_SEARCH = JSON.parse('{"));
        assert!(!script.contains('<'));
        let value = script_json(&script);
        assert_eq!(value["boosts"]["title"], 3.0);
        assert_eq!(value["index"]["docs"][0]["title"], "Blauwe plekken");
        let texts = texts_script(&docs);
        assert!(texts.contains("window.LEERPAD_SEARCH_TEXTS = JSON.parse('["));
        assert!(!texts.contains('<'));
        assert_eq!(
            script_json(&texts)[0],
            "Tekst met </script><b> erin & zo, 'quotes' \"en\" \\ backslash."
        );
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
        let a = script(&docs, &analyze(&docs), &synonyms, &QueryHints::default());
        let b = script(&docs, &analyze(&docs), &synonyms, &QueryHints::default());
        assert_eq!(a, b);
    }

    #[test]
    fn the_lower_bound_is_below_the_real_size() {
        let docs: Vec<SearchDoc> = (0..40)
            .map(|i| doc(&format!("p{i}/"), "a", "", "ouders kind zorg b c d"))
            .collect();
        let analysis = analyze(&docs);
        let real = script(&docs, &analysis, &BTreeMap::new(), &QueryHints::default()).len() as u64;
        assert!(lower_bound(&analysis) <= real);
        assert!(lower_bound(&analysis) > 0);
    }
}
