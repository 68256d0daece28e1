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
use super::{js_string_json, stored_text, QueryHints, SearchDoc, BOOSTS, CRUMB_SEP, FIELDS};

/// The field of `FIELDS` that holds a document's title.
const TITLE_FIELD: usize = 0;

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
    /// The field whose postings and lengths are not written: it holds the documents' titles,
    /// which `docs` has, and js/search-core.js runs the pipeline on them at load (the pipeline
    /// parity test holds both sides to the same terms). A tenth of the first query's bytes.
    titles: &'static str,
    /// Terms in JavaScript's string order, separated by spaces (a term never holds whitespace),
    /// each as the number of characters it shares with the one before (one digit, at most 9)
    /// and the rest: `kind kinder` is `0kind 4er`.
    terms: String,
    /// Per field, the postings of each term in `terms`' order, separated by `,` (empty: the term
    /// is not in that field).
    postings: [String; 3],
    /// Per field, the number of indexed words of each document.
    lengths: [String; 3],
    docs: Vec<DocMeta<'a>>,
}

/// `terms` front-coded, as `Compact::terms` says.
fn front_coded(terms: &[&str]) -> String {
    let mut out = String::new();
    let mut previous = "";
    for term in terms {
        let (shared, rest) = previous
            .char_indices()
            .zip(term.char_indices())
            .take(9)
            .take_while(|((_, a), (_, b))| a == b)
            .last()
            .map_or((0, *term), |(_, (i, c))| {
                let end = i + c.len_utf8();
                (term[..end].chars().count(), &term[end..])
            });
        if !out.is_empty() {
            out.push(' ');
        }
        out.push(char::from(b'0' + shared as u8));
        out.push_str(rest);
        previous = term;
    }
    out
}

/// `#` for the URL of a section whose anchor is its title's slug, which search-engine.js makes
/// again: only when every character is one whose case and class JavaScript and Rust agree on
/// (ASCII and the Latin-1 letters), so the browser's slug is this one.
fn url_tail<'a>(tail: &'a str, title: &str) -> &'a str {
    let safe = title
        .chars()
        .all(|c| c.is_ascii() || (('\u{c0}'..='\u{ff}').contains(&c) && c != '×' && c != '÷'));
    match tail.strip_prefix('#') {
        Some(anchor) if safe && anchor == crate::content::markdown::slugify(title) => "#",
        _ => tail,
    }
}

/// What a result shows before its text, as `[title, kind, parent, url]` when the document sits
/// under an earlier one (a section under its lesson: its breadcrumb is the parent's and its
/// title, its URL the parent's and `url`), else `[title, kind, -1, url, crumb]`. Breadcrumbs
/// and URLs repeat their parents', and are a quarter of the bytes of the first query.
struct DocMeta<'a> {
    title: &'a str,
    kind: &'a str,
    parent: i64,
    url: &'a str,
    crumb: Option<&'a str>,
}

impl Serialize for DocMeta<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeSeq;
        let mut seq = s.serialize_seq(None)?;
        seq.serialize_element(self.title)?;
        seq.serialize_element(self.kind)?;
        seq.serialize_element(&self.parent)?;
        seq.serialize_element(self.url)?;
        if let Some(crumb) = self.crumb {
            seq.serialize_element(crumb)?;
        }
        seq.end()
    }
}

/// Each document's meta, with the latest earlier document whose breadcrumb and URL start its
/// own as its parent.
fn doc_metas<'a>(docs: &'a [SearchDoc]) -> Vec<DocMeta<'a>> {
    let mut by_crumb: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    let mut out = Vec::with_capacity(docs.len());
    for (i, d) in docs.iter().enumerate() {
        let parent = d
            .crumb
            .strip_suffix(d.title.as_str())
            .and_then(|rest| rest.strip_suffix(CRUMB_SEP))
            .and_then(|prefix| by_crumb.get(prefix).copied())
            .filter(|&p| d.url.starts_with(&docs[p].url));
        out.push(match parent {
            Some(p) => DocMeta {
                title: &d.title,
                kind: d.kind,
                parent: p as i64,
                url: url_tail(&d.url[docs[p].url.len()..], &d.title),
                crumb: None,
            },
            None => DocMeta {
                title: &d.title,
                kind: d.kind,
                parent: -1,
                url: &d.url,
                crumb: Some(&d.crumb),
            },
        });
        by_crumb.insert(&d.crumb, i);
    }
    out
}

fn compact<'a>(docs: &'a [SearchDoc], analysis: &Analysis) -> Compact<'a> {
    let mut order: Vec<usize> = (0..analysis.terms.len()).collect();
    order.sort_unstable_by(|&a, &b| js_cmp(&analysis.terms[a], &analysis.terms[b]));
    let terms: Vec<&str> = order.iter().map(|&i| analysis.terms[i].as_str()).collect();
    // The titles are in `docs`: the browser indexes them itself (TITLE_FIELD).
    let postings = [0, 1, 2].map(|f| {
        if f == TITLE_FIELD {
            return String::new();
        }
        order
            .iter()
            .map(|&i| encode_postings(&analysis.postings[i][f]))
            .collect::<Vec<_>>()
            .join(",")
    });
    let lengths = [0, 1, 2].map(|f| {
        if f == TITLE_FIELD {
            return String::new();
        }
        encode_numbers(analysis.lengths.iter().map(|l| u64::from(l[f])))
    });
    Compact {
        fields: FIELDS,
        titles: FIELDS[TITLE_FIELD],
        terms: front_coded(&terms),
        postings,
        lengths,
        docs: doc_metas(docs),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::analysis::{analyze, elasticlunr_json, oracle_node, oracle_postings};
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
        let mut terms: Vec<String> = Vec::new();
        for coded in json["terms"]
            .as_str()
            .unwrap()
            .split(' ')
            .filter(|t| !t.is_empty())
        {
            let shared = usize::from(coded.as_bytes()[0] - b'0');
            let start: String = terms
                .last()
                .map_or(String::new(), |p| p.chars().take(shared).collect());
            terms.push(format!("{start}{}", &coded[1..]));
        }
        let mut out = BTreeMap::new();
        for f in 1..3 {
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
        assert_eq!(json["index"]["titles"], "title");
        assert_eq!(json["index"]["postings"][0], "");
        for (i, _) in docs.iter().enumerate() {
            for (f, field) in FIELDS.iter().enumerate().skip(1) {
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
                let node = oracle_node(&oracle, FIELDS[*f], term);
                assert_eq!(node["df"].as_u64(), Some(list.len() as u64), "{term}");
                for (d, count) in list {
                    let tf = node["docs"][d.to_string()]["tf"].as_f64().unwrap();
                    assert_eq!(tf, (*count as f64).sqrt(), "{term} in {d}");
                    seen += 1;
                }
            }
        }
        let total = oracle_postings(&oracle, &FIELDS[1..]);
        assert_eq!(seen, total, "no posting is missing");
        // Terms only in a title are still in the vocabulary (the browser adds their postings).
        let vocabulary = json["index"]["terms"].as_str().unwrap();
        assert!(vocabulary.contains("0zorg"), "{vocabulary}");
        // Digits and negations are indexed; articles are not.
        assert!(postings.contains_key("9000"));
        assert!(postings.contains_key("1g1p"));
        assert!(postings.contains_key("niet"));
        assert!(!postings.contains_key("de"));
        assert_eq!(
            json["index"]["docs"][1],
            serde_json::json!([
                "VK — Vertrouwenscentrum",
                "section",
                -1,
                "b/#c",
                "VK — Vertrouwenscentrum"
            ])
        );
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
        assert_eq!(value["index"]["docs"][0][0], "Blauwe plekken");
        let texts = texts_script(&docs);
        assert!(texts.contains("window.LEERPAD_SEARCH_TEXTS = JSON.parse('["));
        assert!(!texts.contains('<'));
        assert_eq!(
            script_json(&texts)[0],
            "Tekst met </script><b> erin & zo, 'quotes' \"en\" \\ backslash."
        );
    }

    #[test]
    fn terms_are_front_coded_by_characters() {
        assert_eq!(
            front_coded(&["kind", "kinder", "kindermishandel", "la", "één", "ééx"]),
            "0kind 4er 6mishandel 0la 0één 2x"
        );
        assert_eq!(front_coded(&[]), "");
        assert_eq!(
            front_coded(&["aaaaaaaaaaaa", "aaaaaaaaaaab"]),
            "0aaaaaaaaaaaa 9aab"
        );
    }

    #[test]
    fn a_section_anchor_that_is_its_titles_slug_is_left_to_the_browser() {
        assert_eq!(url_tail("#wat-zijn-signalen", "Wat zijn signalen?"), "#");
        assert_eq!(url_tail("#één-idee", "Één idee"), "#");
        assert_eq!(
            url_tail("#een-idee", "Één idee"),
            "#een-idee",
            "not the slug: kept"
        );
        assert_eq!(
            url_tail("#wat-zijn-signalen-2", "Wat zijn signalen?"),
            "#wat-zijn-signalen-2"
        );
        assert_eq!(url_tail("#x", "Ǆ x"), "#x");
        assert_eq!(url_tail("les/", "Les"), "les/");
    }

    #[test]
    fn a_document_under_another_keeps_only_its_own_part_of_the_breadcrumb_and_url() {
        let mut lesson = doc("m/les/", "Les", "", "");
        lesson.crumb = "Module › Les".to_string();
        let mut section = doc("m/les/#sectie", "Sectie", "", "");
        section.crumb = "Module › Les › Sectie".to_string();
        let mut elsewhere = doc("x/#sectie", "Sectie", "", "");
        elsewhere.crumb = "Module › Les › Sectie".to_string();
        let docs = [lesson, section, elsewhere];
        let json = serde_json::to_value(doc_metas(&docs)).unwrap();
        assert_eq!(
            json,
            serde_json::json!([
                ["Les", "section", -1, "m/les/", "Module › Les"],
                ["Sectie", "section", 0, "#"],
                [
                    "Sectie",
                    "section",
                    -1,
                    "x/#sectie",
                    "Module › Les › Sectie"
                ]
            ])
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
