//! The corpus of broken sites under `tests/broken/`: every case must fail with its exact errors,
//! exit 1, and leave the previous output byte-identical.
//!
//! A case is a folder `tests/broken/<case>/` holding only what differs from the valid base site
//! `tests/broken/_base/` (which gets the repository's theme), plus:
//! - `expected.txt`: the exact `error: …` lines of stderr, in order;
//! - optionally `actions.txt`: changes that files cannot express, one a line:
//!   `remove PATH`, `mkdir PATH`, `symlink PATH TARGET`, `fifo PATH` (a named pipe),
//!   `steps FOLDER N` (N chained step files),
//!   `generate PATH GENERATOR`
//!   (generators: see `generate`; big or odd inputs are made at test time, never committed).
//!
//! The runner builds the base once, then for each case copies base + output into a temp folder,
//! applies the case, runs `leerpad build` and compares. `LEERPAD_BLESS=1` writes the actual
//! errors into `expected.txt` instead (read every one before committing it).

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use crate::fixture::{copy_tree, snapshot};

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/broken")
}

/// The bytes of a generated input.
fn generate(name: &str) -> Vec<u8> {
    let front = "---\ntitle: Gegenereerd\n---\n";
    match name {
        // One line of 1 MB of words, then a broken link on the same line.
        "long-line" => {
            let mut text = String::from(front);
            while text.len() < 1 << 20 {
                text.push_str("woord ");
            }
            text.push_str("[weg](nergens.md)\n");
            text.into_bytes()
        }
        // A list nested 10,000 levels deep on one line, then a broken link two lines below.
        "nested-list" => {
            format!("{front}{}x\n\n[weg](nergens.md)\n", "- ".repeat(10_000)).into_bytes()
        }
        // A block quote nested 10,000 levels deep, then a broken link two lines below.
        "nested-quote" => {
            format!("{front}{}x\n\n[weg](nergens.md)\n", "> ".repeat(10_000)).into_bytes()
        }
        // Emphasis and links nested 10,000 deep inside one paragraph.
        "nested-inline" => format!(
            "{front}{}x{}\n\n[weg](nergens.md)\n",
            "*[".repeat(10_000),
            "](a.md)*".repeat(10_000)
        )
        .into_bytes(),
        // Front matter with a YAML list nested 10,000 levels deep.
        "nested-yaml" => {
            format!("---\ntitle: A\nsummary: {}\n---\n", "[".repeat(10_000)).into_bytes()
        }
        // A chart whose labels (text or number, read untyped first) nest 10,000 lists deep.
        "nested-chart-labels" => format!(
            "{front}```chart\ntitle: T\nlabels: {}{}\nseries:\n  - name: A\n    values: [1]\n```\n",
            "[".repeat(10_000),
            "]".repeat(10_000)
        )
        .into_bytes(),
        // The alias bomb of the attack: nine levels of anchors, each alias nine times the last.
        "alias-bomb-partners" => {
            let mut text = String::from("regions: []\ncategories: []\npartners: []\nbomb:\n");
            text.push_str(
                "  - &a0 [\"ha\", \"ha\", \"ha\", \"ha\", \"ha\", \"ha\", \"ha\", \"ha\"]\n",
            );
            for level in 1..9 {
                let previous = format!("*a{}", level - 1);
                let list = [previous.as_str(); 9].join(", ");
                text.push_str(&format!("  - &a{level} [{list}]\n"));
            }
            text.into_bytes()
        }
        // 100,000 "[" in partners.yaml (block position), in a quiz and in the UI strings.
        "nested-partners" => format!("regions:\n  - {}\n", "[".repeat(100_000)).into_bytes(),
        "nested-quiz" => format!(
            "{front}```quiz\nquestion: {}\nanswers: []\n```\n",
            "{a: ".repeat(50_000)
        )
        .into_bytes(),
        "nested-block-yaml" => {
            let mut text = String::from("---\ntitle: A\nsummary:\n");
            for level in 1..200 {
                text.push_str(&format!("{}k{level}:\n", "  ".repeat(level)));
            }
            text.push_str("---\nTekst.\n");
            text.into_bytes()
        }
        "nested-compact-yaml" => format!(
            "---\ntitle: A\nsummary: \n  {}x\n---\n",
            "- ".repeat(100_000)
        )
        .into_bytes(),
        "nested-strings" => format!("skip_link: {}\n", "[".repeat(100_000)).into_bytes(),
        // 20,000 equal headings (their ids were found in quadratic time), then a broken anchor.
        "many-headings" => {
            format!("{front}{}[x](#nergens)\n", "## Kop\n\n".repeat(20_000)).into_bytes()
        }
        // 2,000 copies of one partner (their lines were searched from the top, one scan per copy).
        "many-partners" => {
            let entry = "  - id: dubbel\n    name: Dubbel\n    category: vk\n    regions: \
                         [oost-vlaanderen]\n";
            format!(
                "regions:\n  - id: oost-vlaanderen\n    name: O\n    kind: province\n\
                     categories:\n  - id: vk\n    name: VK\n    short: VK\npartners:\n{}",
                entry.repeat(2_000)
            )
            .into_bytes()
        }
        // Fields over their bound: a 3,000-character region name, partner name and offer, and a
        // 200-character partner id (each would be copied into many pages).
        "long-partner-fields" => {
            let long = "lang".repeat(750);
            format!(
                "regions:\n  - id: oost-vlaanderen\n    name: {long}\n    kind: province\n\
                     categories:\n  - id: vk\n    name: VK\n    short: VK\npartners:\n\
                     \x20 - id: vk-oost\n    name: {long}\n    category: vk\n    regions: \
                     [oost-vlaanderen]\n    offers: {long}\n  - id: {}\n    name: Kort\n\
                     \x20   category: vk\n    regions: [oost-vlaanderen]\n",
                "a".repeat(200)
            )
            .into_bytes()
        }
        // 20,000 references to one footnote, defined 20,000 times.
        "many-footnotes" => format!(
            "{front}{}{}[weg](nergens.md)\n",
            "Tekst[^a].\n\n".repeat(20_000),
            "[^a]: Noot.\n\n".repeat(20_000)
        )
        .into_bytes(),
        // A 20,000-character word in the title, summary, body, code, an autolink and a heading.
        "long-word" => {
            let w = "a".repeat(20_000);
            format!(
                "---\ntitle: T {w}\nsummary: S {w}\n---\n{w}\n\n```\n{w}\n```\n\n\
                 <https://x.be/{w}>\n\n`{w}`\n\n## {w}\n\n[weg](nergens.md)\n"
            )
            .into_bytes()
        }
        // 50 MB of plain text, valid UTF-8.
        "huge" => {
            let mut text = String::from(front);
            let line = "Een regel tekst in een veel te grote les.\n";
            while text.len() < 50 << 20 {
                text.push_str(line);
            }
            text.into_bytes()
        }
        other => panic!("unknown generator {other}"),
    }
}

fn apply(case: &Path, root: &Path) {
    for entry in walkdir::WalkDir::new(case).min_depth(1) {
        let entry = entry.expect("walk case");
        let relative = entry.path().strip_prefix(case).expect("prefix");
        if relative == Path::new("expected.txt") || relative == Path::new("actions.txt") {
            continue;
        }
        let target = root.join(relative);
        if entry.file_type().is_dir() {
            fs::create_dir_all(&target).expect("mkdir");
        } else {
            fs::create_dir_all(target.parent().expect("parent")).expect("mkdir");
            let _ = fs::remove_dir_all(&target);
            fs::copy(entry.path(), &target).expect("copy case file");
        }
    }
    let Ok(actions) = fs::read_to_string(case.join("actions.txt")) else {
        return;
    };
    for line in actions
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
    {
        let words: Vec<&str> = line.split_whitespace().collect();
        let path = root.join(words[1]);
        match words[0] {
            "remove" => {
                if path.is_dir() {
                    fs::remove_dir_all(&path).expect("rm -r");
                } else {
                    fs::remove_file(&path).expect("rm");
                }
            }
            "mkdir" => {
                let _ = fs::remove_file(&path);
                fs::create_dir_all(&path).expect("mkdir");
            }
            "symlink" => {
                #[cfg(unix)]
                std::os::unix::fs::symlink(words[2], &path).expect("symlink");
            }
            // `steps DIR N`: N more steps in DIR, each leading to the next.
            "steps" => {
                let count: usize = words[2].parse().expect("a count");
                for i in 0..count {
                    let choices = format!("choices:\n  - label: Verder\n    to: extra-{}\n", i + 1);
                    let (kind, next) = if i + 1 == count {
                        ("end", "")
                    } else {
                        ("step", choices.as_str())
                    };
                    let text = format!(
                        "---\ntitle: Stap {i}\nlabel: S{i}\nkind: {kind}\n{next}---\nTekst.\n"
                    );
                    fs::write(path.join(format!("9{i:04}-extra-{i}.md")), text)
                        .expect("write step");
                }
            }
            "fifo" => {
                fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
                let status = Command::new("mkfifo").arg(&path).status().expect("mkfifo");
                assert!(status.success(), "mkfifo {}", path.display());
            }
            "generate" => {
                fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
                fs::write(&path, generate(words[2])).expect("write generated");
            }
            other => panic!("{}: unknown action {other}", case.display()),
        }
    }
}

/// The base site in a temp folder, built once into `public/`.
fn base() -> tempfile::TempDir {
    let dir = tempfile::Builder::new()
        .prefix("leerpad-broken-base")
        .tempdir()
        .expect("temp dir");
    copy_tree(&corpus().join("_base"), dir.path());
    copy_tree(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default"),
        &dir.path().join("themes/default"),
    );
    let run = Command::new(env!("CARGO_BIN_EXE_leerpad"))
        .arg("build")
        .arg("--root")
        .arg(dir.path())
        .output()
        .expect("run leerpad");
    assert!(
        run.status.success(),
        "the base site must build:\n{}",
        String::from_utf8_lossy(&run.stderr)
    );
    dir
}

struct Outcome {
    case: String,
    problems: Vec<String>,
    took: Duration,
}

fn run_case(base: &Path, case: &Path) -> Outcome {
    let name = case.file_name().unwrap().to_string_lossy().into_owned();
    let dir = tempfile::Builder::new()
        .prefix("leerpad-broken")
        .tempdir()
        .expect("temp dir");
    let root = dir.path();
    copy_tree(base, root);
    let before = snapshot(&root.join("public"));
    apply(case, root);
    let started = Instant::now();
    let run = Command::new(env!("CARGO_BIN_EXE_leerpad"))
        .arg("build")
        .arg("--root")
        .arg(root)
        .output()
        .expect("run leerpad");
    let took = started.elapsed();
    let stderr =
        String::from_utf8_lossy(&run.stderr).replace(&root.display().to_string(), "<root>");
    let actual: Vec<&str> = stderr
        .lines()
        .filter(|l| l.starts_with("error: "))
        .collect();
    let mut problems = Vec::new();
    if run.status.code() != Some(1) {
        problems.push(format!(
            "exit {:?}, not 1; stderr:\n{stderr}",
            run.status.code()
        ));
    }
    let expected_path = case.join("expected.txt");
    if std::env::var_os("LEERPAD_BLESS").is_some() {
        fs::write(&expected_path, actual.join("\n") + "\n").expect("bless");
    } else {
        let expected = fs::read_to_string(&expected_path).unwrap_or_default();
        let expected: Vec<&str> = expected.lines().collect();
        if actual != expected {
            problems.push(format!(
                "errors differ\n  expected:\n    {}\n  actual:\n    {}\n  full stderr:\n{stderr}",
                expected.join("\n    "),
                actual.join("\n    ")
            ));
        }
    }
    if snapshot(&root.join("public")) != before {
        problems.push("the previous output changed".to_string());
    }
    let leftovers: Vec<String> = fs::read_dir(root)
        .expect("read root")
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".leerpad-"))
        .collect();
    if !leftovers.is_empty() {
        problems.push(format!("left behind: {leftovers:?}"));
    }
    // A broken site is reported quickly, even a 50 MB one (debug build; generous for CI).
    if took > Duration::from_secs(20) {
        problems.push(format!("took {took:?}"));
    }
    Outcome {
        case: name,
        problems,
        took,
    }
}

#[test]
fn every_broken_site_fails_with_its_errors_and_keeps_the_previous_output() {
    let base = base();
    let mut cases: Vec<PathBuf> = fs::read_dir(corpus())
        .expect("tests/broken")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_dir() && !p.file_name().unwrap().to_string_lossy().starts_with('_'))
        .collect();
    cases.sort();
    assert!(cases.len() >= 30, "only {} cases", cases.len());
    // Two at a time: CI machines have two cores.
    let outcomes: Vec<Outcome> = std::thread::scope(|scope| {
        let (even, odd): (Vec<_>, Vec<_>) = cases.iter().enumerate().partition(|(i, _)| i % 2 == 0);
        let handles: Vec<_> = [even, odd]
            .into_iter()
            .map(|half| {
                let base = base.path();
                scope.spawn(move || {
                    half.into_iter()
                        .map(|(_, c)| run_case(base, c))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().expect("case thread"))
            .collect()
    });
    let slowest = outcomes.iter().max_by_key(|o| o.took).expect("cases");
    eprintln!(
        "{} broken sites; slowest: {} in {:?}",
        outcomes.len(),
        slowest.case,
        slowest.took
    );
    let failures: Vec<String> = outcomes
        .iter()
        .filter(|o| !o.problems.is_empty())
        .map(|o| format!("== {}\n{}", o.case, o.problems.join("\n")))
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// Regression: a page whose Markdown has errors was also reported as missing ("there is no
/// page …") by every link to it, which sent the editor looking for a file that exists.
#[test]
fn links_to_a_page_with_errors_are_not_reported_as_missing() {
    // 01-eerste.md links to 02-einde.md#wat-nu.
    let site = crate::fixture::Fixture::with_lessons().file(
        "content/stappen/02-einde.md",
        "---\ntitle: Einde\nlabel: Einde\nkind: end\n---\n## Wat nu\n\n[x](javascript:alert(1))\n",
    );
    assert_eq!(
        site.build().errors(),
        [
            "content/stappen/02-einde.md:8:1: broken link \"javascript:alert(1)\": links may \
          only use https:, http:, mailto: or tel:, not javascript:"
        ]
    );
}
