//! The oracle the index is held to: the shards, read back as the browser reads them, hold
//! exactly the postings, document frequencies and field lengths that elasticlunr-rs's own
//! `Index` computes for the same documents with the same language.
//!
//! Owns: a test-only reader of the shard files (the inverse of `shards::write`).
//! Does not: test ranking (tests/js/ does, on these very files).

use std::collections::BTreeMap;

use serde_json::Value;

use super::analysis::{analyze, elasticlunr_json, oracle_node, oracle_postings};
use super::{shards, SearchDoc, FIELDS};
use crate::render::{MemorySink, OutputFile};

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

/// The data of a shard script (the inverse of `shards::shard`'s quoting).
fn shard_data(file: &OutputFile) -> Value {
    let script = String::from_utf8(file.bytes.clone()).expect("UTF-8");
    let start = script.find("JSON.parse('").expect("JSON.parse call") + "JSON.parse('".len();
    let end = script.rfind("'));").expect("end of the call");
    serde_json::from_str(&script[start..end].replace("\\\\", "\\")).expect("valid JSON")
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

/// `doc → count` of an encoded posting list (the inverse of `encode_postings`).
fn decode_postings(text: &str) -> BTreeMap<u64, u64> {
    let numbers = decode_numbers(text);
    let mut out = BTreeMap::new();
    let (mut next, mut i) = (0, 0);
    while i < numbers.len() {
        let doc = next + numbers[i] / 2;
        let count = if numbers[i] % 2 == 1 {
            i += 1;
            numbers[i] + 2
        } else {
            1
        };
        out.insert(doc, count);
        next = doc + 1;
        i += 1;
    }
    out
}

/// Per term its three fields' postings (from the postings files), its document frequency and
/// inline postings (from the terms files); per field the documents' lengths.
#[derive(Default)]
struct ReadBack {
    postings: BTreeMap<String, [BTreeMap<u64, u64>; 3]>,
    df: BTreeMap<String, u64>,
    inline: BTreeMap<String, String>,
    lengths: [Vec<u64>; 3],
}

fn read_back(files: &[OutputFile]) -> ReadBack {
    let mut out = ReadBack::default();
    for file in files {
        let name = file.path.trim_start_matches("zoeken/");
        let data = shard_data(file);
        if name.starts_with("postings/") {
            let terms = data["terms"].as_str().expect("terms");
            for (term, lists) in terms.split(' ').zip(data["postings"].as_array().unwrap()) {
                let lists = [0, 1, 2].map(|f| decode_postings(lists[f].as_str().unwrap()));
                out.postings.insert(term.to_string(), lists);
            }
        } else if name.starts_with("terms/") {
            let terms = data["terms"].as_str().expect("terms").split(' ');
            let df = decode_numbers(data["df"].as_str().unwrap());
            let inline = data["inline"].as_str().unwrap().split(';');
            for ((term, df), inline) in terms.zip(df).zip(inline) {
                out.df.insert(term.to_string(), df);
                if inline != "!" {
                    out.inline.insert(term.to_string(), inline.to_string());
                }
            }
        }
    }
    for (f, field) in FIELDS.iter().enumerate() {
        let mut parts: Vec<(usize, &OutputFile)> = files
            .iter()
            .filter_map(|file| {
                let rest = file
                    .path
                    .strip_prefix(&format!("zoeken/lengths/{field}/"))?;
                Some((rest.trim_end_matches(".js").parse().ok()?, file))
            })
            .collect();
        parts.sort_by_key(|&(i, _)| i);
        for (_, file) in parts {
            let data = shard_data(file);
            out.lengths[f].extend(decode_numbers(data.as_str().unwrap()));
        }
    }
    out
}

#[test]
fn the_shards_hold_what_elasticlunr_indexes_for_the_same_documents() {
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
    let sink = MemorySink::default();
    let manifest = shards::write(&docs, &analysis, &sink).expect("written");
    let files = sink.into_files();
    let back = read_back(&files);

    let oracle = elasticlunr_json(&docs);
    assert_eq!(manifest["docs"], docs.len());
    assert_eq!(manifest["terms"], back.postings.len());
    for (f, field) in FIELDS.iter().enumerate() {
        assert_eq!(back.lengths[f].len(), docs.len(), "lengths of {field}");
        for (i, length) in back.lengths[f].iter().enumerate() {
            let want = &oracle["documentStore"]["docInfo"][i.to_string()][field];
            assert_eq!(want, length, "length of {field} in doc {i}");
        }
    }
    let mut seen = 0;
    for (term, lists) in &back.postings {
        let mut df = 0;
        for (f, list) in lists.iter().enumerate() {
            if list.is_empty() {
                continue;
            }
            let node = oracle_node(&oracle, FIELDS[f], term);
            assert_eq!(node["df"].as_u64(), Some(list.len() as u64), "{term}");
            for (d, count) in list {
                let tf = node["docs"][d.to_string()]["tf"].as_f64().unwrap();
                assert_eq!(tf, (*count as f64).sqrt(), "{term} in {d}");
                seen += 1;
            }
            df += list.len() as u64;
        }
        // The terms files: every term, its frequency over all fields, rare ones inline.
        assert_eq!(back.df.get(term), Some(&df), "df of {term}");
        if let Some(inline) = back.inline.get(term) {
            let parts: Vec<&str> = inline.split(',').collect();
            let decoded: Vec<_> = parts.iter().map(|p| decode_postings(p)).collect();
            assert_eq!(decoded, lists.to_vec(), "inline postings of {term}");
        }
    }
    assert_eq!(
        seen,
        oracle_postings(&oracle, &FIELDS),
        "no posting is missing"
    );
    assert_eq!(
        back.df.len(),
        back.postings.len(),
        "every term in the terms files"
    );
    // Digits and negations are indexed; articles are not.
    for term in ["9000", "1g1p", "niet"] {
        assert!(back.postings.contains_key(term), "{term}");
    }
    assert!(!back.postings.contains_key("de"));
    // The documents' shards keep what a result shows, the text cut for the snippet.
    let docs_file = files.iter().find(|f| f.path == "zoeken/docs/0.js").unwrap();
    let first = &shard_data(docs_file)[0];
    assert_eq!(first["url"], "a/");
    assert_eq!(first["title"], "Kindermishandeling");
    assert!(!String::from_utf8_lossy(&docs_file.bytes).contains("</"));
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
    let write = || {
        let sink = MemorySink::default();
        let manifest = shards::write(&docs, &analyze(&docs), &sink).expect("written");
        (manifest, sink.into_files())
    };
    assert_eq!(write(), write());
}
