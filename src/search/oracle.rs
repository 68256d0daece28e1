//! The oracle the index is held to: the shards, read back as the browser reads them, hold
//! exactly the postings, document frequencies and field lengths that elasticlunr-rs's own
//! `Index` computes for the same documents with the same language.
//!
//! Owns: a test-only reader of the shard files (the inverse of `shards::write`).
//! Does not: test ranking (tests/js/ does, on these very files).

use std::collections::BTreeMap;

use serde_json::Value;

use super::analysis::{analyze, elasticlunr_json, oracle_node, oracle_postings};
use super::placement::NEAR_COPY;
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
    let script = String::from_utf8(file.bytes.to_vec()).expect("UTF-8");
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

/// `doc → count` of an encoded posting list (the inverse of `encode_postings`), and
/// `doc → length` of the field (none for a list of `encode_lengthless`).
fn decode_postings(text: &str) -> (BTreeMap<u64, u64>, BTreeMap<u64, u64>) {
    let bare = text.strip_prefix(shards::LENGTHLESS);
    let numbers = decode_numbers(bare.unwrap_or(text));
    let (mut counts, mut lengths) = (BTreeMap::new(), BTreeMap::new());
    let (mut next, mut i) = (0, 0);
    while i < numbers.len() {
        let doc = next + numbers[i] / 2;
        let count = if numbers[i] % 2 == 1 {
            i += 1;
            numbers[i] + 2
        } else {
            1
        };
        i += 1;
        counts.insert(doc, count);
        if bare.is_none() {
            lengths.insert(doc, numbers[i]);
            i += 1;
        }
        next = doc + 1;
    }
    (counts, lengths)
}

/// Per term its three fields' postings (from its terms file or a postings file, never both),
/// its document frequency and where its ends file says its postings are; per field the
/// documents' lengths that the postings carry.
#[derive(Default)]
struct ReadBack {
    postings: BTreeMap<String, [BTreeMap<u64, u64>; 3]>,
    df: BTreeMap<String, u64>,
    /// `=` (in its terms file), `!` (in a postings file) or the postings themselves.
    ends: BTreeMap<String, String>,
    in_terms_file: Vec<String>,
    lengths: [BTreeMap<u64, u64>; 3],
    /// Per field, the lengths file's numbers (if written), and the terms whose lists need it.
    length_files: [Option<Vec<u64>>; 3],
    lengthless: BTreeMap<String, [bool; 3]>,
    /// Per term, the postings files that hold it; per term, its terms file entry.
    files_of: BTreeMap<String, Vec<(String, [bool; 3])>>,
    entries: BTreeMap<String, String>,
}

impl ReadBack {
    fn add(&mut self, term: &str, lists: [&str; 3]) {
        let mut decoded: [BTreeMap<u64, u64>; 3] = Default::default();
        for (f, list) in lists.iter().enumerate() {
            if list.starts_with(shards::LENGTHLESS) {
                self.lengthless.entry(term.to_string()).or_default()[f] = true;
            }
            let (counts, lengths) = decode_postings(list);
            for (doc, length) in lengths {
                let known = *self.lengths[f].entry(doc).or_insert(length);
                assert_eq!(known, length, "one length per document and field");
            }
            decoded[f] = counts;
        }
        // A term's lists are in its postings file and inline in its ends file, the same in both.
        if let Some(before) = self.postings.insert(term.to_string(), decoded.clone()) {
            assert_eq!(
                before, decoded,
                "the postings of {term} are the same everywhere"
            );
            assert!(
                !self.in_terms_file.iter().any(|t| t == term),
                "{term}: inline and in a postings file"
            );
        }
    }

    /// Checks a terms or ends file's `!N/M~F` entry: postings file N holds the term, M (if
    /// named) a copy whose lists of the fields F carry no lengths; without M, N's lists of the
    /// fields F carry none.
    fn check_apart(&self, term: &str, entry: &str) {
        let rest = entry
            .strip_prefix('!')
            .expect("an entry of a postings file");
        let (files, fields) = rest.split_once(shards::LENGTHLESS).unwrap_or((rest, ""));
        let bare = [0, 1, 2].map(|f| fields.contains(&f.to_string()));
        let (main, copy) = files
            .split_once('/')
            .map_or((files, None), |(m, c)| (m, Some(c)));
        let lists_in = |file: &str| {
            let file = format!("postings/{file}");
            let found = self
                .files_of
                .get(term)
                .and_then(|f| f.iter().find(|(n, _)| *n == file));
            found.unwrap_or_else(|| panic!("{term} is not in {file}")).1
        };
        match copy {
            Some(copy) => {
                assert_eq!(
                    lists_in(main),
                    [false; 3],
                    "{term}: {main} has every length"
                );
                assert_eq!(lists_in(copy), bare, "{term}: its copy without lengths");
            }
            None => assert_eq!(lists_in(main), bare, "{term}: the fields without lengths"),
        }
    }
}

fn read_back(files: &[OutputFile]) -> ReadBack {
    let mut out = ReadBack::default();
    for file in files {
        let name = file.path.trim_start_matches("zoeken/");
        let data = shard_data(file);
        if let Some(field) = name.strip_prefix("lengths/") {
            let f: usize = field
                .trim_end_matches(".js")
                .parse()
                .expect("a field number");
            out.length_files[f] = Some(decode_numbers(data.as_str().expect("numbers")));
        } else if name.starts_with("postings/") {
            let terms = data["terms"].as_str().expect("terms");
            for (term, lists) in terms.split(' ').zip(data["postings"].as_array().unwrap()) {
                out.add(term, [0, 1, 2].map(|f| lists[f].as_str().unwrap()));
                let file = name.trim_end_matches(".js").to_string();
                let bare =
                    [0, 1, 2].map(|f| lists[f].as_str().unwrap().starts_with(shards::LENGTHLESS));
                out.files_of
                    .entry(term.to_string())
                    .or_default()
                    .push((file, bare));
            }
        } else if name.starts_with("terms/") || name.starts_with("ends/") {
            let terms = data["terms"].as_str().expect("terms").split(' ');
            let df = decode_numbers(data["df"].as_str().unwrap());
            let inline = data["inline"].as_str().unwrap().split(';');
            for ((term, df), inline) in terms.zip(df).zip(inline) {
                if name.starts_with("ends/") {
                    let term: String = term.chars().rev().collect();
                    out.ends.insert(term, inline.to_string());
                    continue;
                }
                out.df.insert(term.to_string(), df);
                out.entries.insert(term.to_string(), inline.to_string());
                if !inline.starts_with('!') {
                    let lists: Vec<&str> = inline.split(',').collect();
                    out.add(term, [lists[0], lists[1], lists[2]]);
                    out.in_terms_file.push(term.to_string());
                }
            }
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
    // Enough documents with the same words that their postings go in a postings file.
    // "opvang" in a third of them: its lists get a copy without lengths.
    for i in 0..1600 {
        let body = if i % 3 == 0 {
            "kind kinder Kinderen opvang"
        } else {
            "kind kinder Kinderen"
        };
        docs.push(doc(&format!("p{i}/"), "Kind", "ouders", body));
    }
    let analysis = analyze(&docs);
    let sink = MemorySink::default();
    let manifest = shards::write(&docs, &analysis, "zoeken", &sink).expect("written");
    let files = sink.into_files();
    let back = read_back(&files);
    assert!(files.iter().any(|f| f.path.starts_with("zoeken/postings/")));
    assert!(!back.in_terms_file.is_empty());
    // A fairly common word's lists are in two postings files: with lengths, and a copy without.
    assert!(back.files_of.values().any(|files| files.len() == 2));
    // The ends files hold the postings of the words in postings files too, and a copy after
    // its pointer.
    assert!(
        back.ends["opvang"].contains(NEAR_COPY),
        "{}",
        back.ends["opvang"]
    );
    assert!(!back.ends["kind"].starts_with('!'), "{}", back.ends["kind"]);

    let oracle = elasticlunr_json(&docs);
    assert_eq!(manifest["docs"], docs.len());
    assert_eq!(manifest["terms"], back.postings.len());
    // The common words' body lists carry no lengths: those are in the lengths file.
    assert_eq!(back.lengthless.get("kind"), Some(&[true, false, true]));
    assert!(back.length_files[2].is_some());
    assert!(
        back.entries["opvang"].contains('/'),
        "{}",
        back.entries["opvang"]
    );
    assert!(
        !back.entries["kind"].contains('/'),
        "{}",
        back.entries["kind"]
    );
    for (f, field) in FIELDS.iter().enumerate() {
        for i in 0..docs.len() as u64 {
            // A field without indexed words has no posting to carry its length, 0.
            let carried = back.lengths[f].get(&i).copied();
            let length = match &back.length_files[f] {
                Some(all) => {
                    assert!(
                        carried.is_none() || carried == Some(all[i as usize]),
                        "{field} {i}"
                    );
                    all[i as usize]
                }
                None => carried.unwrap_or(0),
            };
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
        // The terms files: every term, its frequency over all fields. The ends files: every
        // term, with its postings or where they are.
        assert_eq!(back.df.get(term), Some(&df), "df of {term}");
        let in_terms_file = back.in_terms_file.contains(term);
        // Where a term's postings are says which of its lists need a lengths file.
        if !in_terms_file {
            back.check_apart(term, &back.entries[term]);
        }
        match back.ends.get(term).map(String::as_str) {
            Some("=") => assert!(in_terms_file, "{term}"),
            Some(entry) if entry.starts_with('!') => {
                assert!(!in_terms_file, "{term}");
                // "!N/M~F|…": the copy of postings/M itself follows the "|".
                let (entry, near) = entry.split_once(NEAR_COPY).unwrap_or((entry, ""));
                back.check_apart(term, entry);
                if !near.is_empty() {
                    assert!(
                        entry.contains('/'),
                        "{term}: a copy in its ends file, none apart"
                    );
                    let decoded: Vec<_> = near.split(',').map(|p| decode_postings(p).0).collect();
                    assert_eq!(decoded, lists.to_vec(), "ends copy of {term}");
                }
            }
            Some(inline) => {
                let parts: Vec<&str> = inline.split(',').collect();
                let decoded: Vec<_> = parts.iter().map(|p| decode_postings(p).0).collect();
                assert_eq!(decoded, lists.to_vec(), "ends postings of {term}");
            }
            None => panic!("{term} is in no ends file"),
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
        let manifest = shards::write(&docs, &analyze(&docs), "zoeken", &sink).expect("written");
        (manifest, sink.into_files())
    };
    assert_eq!(write(), write());
}
