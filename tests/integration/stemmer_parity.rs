//! Pipeline parity between the index and the search box.
//!
//! The index analyses text with leerpad's Dutch pipeline (src/search/analysis.rs:
//! elasticlunr-rs's tokenizer, a trimmer, stop words, rust-stemmers); the
//! browser analyses the query with themes/default/static/js/search-core.js. A
//! word the two analyse differently can never be found, so
//! - every line of the bundled content goes through the whole Rust pipeline
//!   (tokenizer, trimmer, stop words, stemmer), and the JS pipeline must give
//!   the same terms: every word of the content, in its own context;
//! - every distinct word of the content and of tests/data/dutch-words.txt goes
//!   through rust-stemmers, and the JS stemmer must give the same stems.
//!
//! tests/js/stem-parity.mjs checks both.

use std::collections::BTreeSet;
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::Command;

use elasticlunr::pipeline::Pipeline;
use elasticlunr::Language;
use leerpad::search::SearchDutch;
use rust_stemmers::{Algorithm, Stemmer};

/// The word list must keep covering the stemmer's rules, not shrink silently.
const MIN_LIST_WORDS: usize = 2000;

#[test]
fn js_stemmer_matches_rust_stemmers_on_content_and_word_list() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let words = IndexWords::new();

    let mut content = BTreeSet::new();
    let mut lines = tempfile::NamedTempFile::new().expect("create a temp file for the lines");
    let search = SearchDutch;
    let pipeline = search.make_pipeline();
    let mut line_count = 0;
    for path in content_files(&root) {
        let text = fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
        words.collect(&text, &mut content);
        for line in text.lines().filter(|l| !l.trim().is_empty()) {
            let terms = pipeline.run(search.tokenize(line));
            let json = serde_json::json!({ "text": line, "terms": terms });
            writeln!(lines, "{json}").expect("write the lines");
            line_count += 1;
        }
    }
    lines.flush().expect("flush the lines");

    let list_path = root.join("tests/data/dutch-words.txt");
    let list_text = fs::read_to_string(&list_path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", list_path.display()));
    let mut list = BTreeSet::new();
    words.collect(&list_text, &mut list);
    assert!(
        list.len() >= MIN_LIST_WORDS,
        "{} has {} distinct words, want at least {MIN_LIST_WORDS}",
        list_path.display(),
        list.len()
    );

    let all: BTreeSet<&String> = content.iter().chain(list.iter()).collect();
    let stemmer = Stemmer::create(Algorithm::Dutch);
    let mut tsv = tempfile::NamedTempFile::new().expect("create a temp file for the TSV");
    for word in &all {
        writeln!(tsv, "{}\t{}", word, stemmer.stem(word)).expect("write the TSV");
    }
    tsv.flush().expect("flush the TSV");
    println!(
        "pipeline parity: {line_count} content lines; stemmer parity: {} content words, {} list words, {} distinct",
        content.len(),
        list.len(),
        all.len()
    );

    let script = root.join("tests/js/stem-parity.mjs");
    let output = match Command::new("node")
        .arg(&script)
        .arg(tsv.path())
        .arg(lines.path())
        .current_dir(&root)
        .output()
    {
        Ok(output) => output,
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            if std::env::var("LEERPAD_SKIP_NODE").as_deref() == Ok("1") {
                println!("skipped: node is not on PATH and LEERPAD_SKIP_NODE=1");
                return;
            }
            panic!(
                "node is not on PATH: the stemmer parity test needs Node.js 20 or later \
                 (set LEERPAD_SKIP_NODE=1 to skip it)"
            );
        }
        Err(e) => panic!("cannot run node {}: {e}", script.display()),
    };
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    print!("{stdout}");
    assert!(
        output.status.success(),
        "the JS pipeline differs from the index's ({}):\n{stdout}{stderr}",
        output.status
    );
}

/// Splits text into the words the stemmer sees at index time: the tokenizer,
/// then the trimmer of leerpad's Dutch pipeline. Stop words are kept; stemming
/// them costs nothing and checks more words.
struct IndexWords {
    dutch: SearchDutch,
    pipeline: Pipeline,
}

impl IndexWords {
    fn new() -> Self {
        let dutch = SearchDutch;
        let pipeline = dutch.make_pipeline();
        IndexWords { dutch, pipeline }
    }

    fn collect(&self, text: &str, into: &mut BTreeSet<String>) {
        let trimmer = self
            .pipeline
            .queue
            .iter()
            .find(|f| f.name() == "trimmer-du")
            .expect("the Dutch pipeline has a trimmer named trimmer-du");
        for token in self.dutch.tokenize(text) {
            if let Some(word) = trimmer.filter(token) {
                into.insert(word);
            }
        }
    }
}

/// content/**/*.md and partners.yaml, sorted; whichever of them exist.
fn content_files(root: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(root.join("content"))
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "md"))
        .map(|e| e.into_path())
        .collect();
    let partners = root.join("partners.yaml");
    if partners.is_file() {
        files.push(partners);
    }
    files
}
