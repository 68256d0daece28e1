//! `leerpad check`: validates without writing, reports reading times and long lessons.

use crate::fixture::Fixture;

#[test]
fn check_writes_nothing_and_prints_reading_times() {
    let site = Fixture::with_lessons();
    let out = site.check().success();
    assert!(
        out.contains(" 1 min     6 words  Flesch–Douma 102  content/modules/01-a/01-eerste.md"),
        "{out}"
    );
    assert!(
        out.contains("ok: 1 modules, 2 lessons, 2 steps, 1 partners; 0 errors, 0 warnings"),
        "{out}"
    );
    assert!(!site.out().exists());
}

/// Five long words in one sentence, 23 syllables: Flesch–Douma 206.835 − 0.93 × 5 − 77 × 23 / 5 =
/// −152.015. The quiz is no prose (but its words count for the reading time: 8 words).
const HARD: &str = "---\ntitle: Moeilijk\n---\nKinderbegeleiders ondersteunen maatschappelijke \
                    organisaties voortdurend.\n\n```quiz\nquestion: Kort?\nanswers:\n  - text: Ja\n    \
                    correct: true\n    feedback: Ja.\n  - text: Nee\n    correct: false\n    feedback: Nee.\n```\n";

#[test]
fn a_lesson_that_reads_with_difficulty_gets_a_warning_with_its_score() {
    let site = Fixture::with_lessons().file("content/modules/01-a/03-moeilijk.md", HARD);
    let run = site.check();
    let out = run.success();
    assert!(
        out.contains(" 1 min     8 words  Flesch–Douma -152  content/modules/01-a/03-moeilijk.md"),
        "{out}"
    );
    assert_eq!(
        run.stderr().trim(),
        "content/modules/01-a/03-moeilijk.md: warning: this lesson reads with difficulty \
         (Flesch–Douma -152, below 60); use shorter sentences and shorter words"
    );
}

#[test]
fn the_readability_threshold_comes_from_leerpad_toml() {
    let site = Fixture::with_lessons()
        .file("content/modules/01-a/03-moeilijk.md", HARD)
        .file("leerpad.toml", "title = \"Test\"\nmin_readability = -200\n");
    let run = site.check();
    run.success();
    assert_eq!(run.stderr().trim(), "", "no warning above the threshold");
}

#[test]
fn the_bundled_lessons_read_without_a_readability_warning() {
    let run = std::process::Command::new(env!("CARGO_BIN_EXE_leerpad"))
        .args(["check", "--root", env!("CARGO_MANIFEST_DIR")])
        .output()
        .expect("run leerpad");
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(run.status.success(), "{stderr}");
    assert!(!stderr.contains("warning"), "{stderr}");
    let stdout = String::from_utf8_lossy(&run.stdout);
    let lessons = stdout.lines().filter(|l| l.contains(" min ")).count();
    assert_eq!(
        lessons,
        stdout.matches("Flesch–Douma").count(),
        "every lesson has a score"
    );
}

#[test]
fn lessons_over_five_minutes_get_a_warning() {
    let long = format!("---\ntitle: Lang\n---\n{}\n", "woord ".repeat(1200));
    let site = Fixture::with_lessons().file("content/modules/01-a/03-lang.md", &long);
    let run = site.check();
    run.success();
    assert!(
        run.stderr().contains("content/modules/01-a/03-lang.md: warning: this lesson takes 6 minutes to read (1200 words)"),
        "{}",
        run.stderr()
    );
}

#[test]
fn every_problem_is_reported_in_one_run_with_a_summary() {
    let site = Fixture::with_lessons()
        .file(
            "content/modules/01-a/01-eerste.md",
            "---\ntitle: A\npartners: [nope]\n---\n[x](geen.md)\n",
        )
        .file(
            "content/modules/01-a/02-tweede.md",
            "---\ntitle: B\nminuten: 3\n---\n",
        );
    let run = site.check();
    let errors = run.errors();
    assert_eq!(
        errors.len(),
        1,
        "front-matter errors stop before cross-page checks: {errors:?}"
    );
    let site = site.file("content/modules/01-a/02-tweede.md", "---\ntitle: B\n---\n");
    let errors = site.check().errors();
    assert_eq!(
        errors,
        [
            "content/modules/01-a/01-eerste.md:3: unknown partner \"nope\"; known: vk",
            "content/modules/01-a/01-eerste.md:5:1: broken link \"geen.md\": there is no page content/modules/01-a/geen.md",
        ]
    );
    assert!(site.check().stderr().ends_with("check failed: 2 errors\n"));
}

#[test]
fn help_is_there_for_each_command() {
    let site = Fixture::empty();
    for command in ["build", "check", "serve"] {
        let output = std::process::Command::new(env!("CARGO_BIN_EXE_leerpad"))
            .args([command, "--help"])
            .current_dir(site.root())
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&output.stdout);
        assert!(
            output.status.success() && text.contains("--root"),
            "{command}: {text}"
        );
    }
}

/// `leerpad check | head -1`: stdout closes early; leerpad must not panic (it exited 101).
#[test]
fn a_closed_stdout_is_no_panic() {
    let site = Fixture::with_lessons();
    for _ in 0..3 {
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_leerpad"))
            .args(["check", "--root"])
            .arg(site.root())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        // Close the reading end before leerpad writes its first line.
        drop(child.stdout.take());
        let run = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&run.stderr);
        assert!(!stderr.contains("panicked"), "{stderr}");
        assert_eq!(run.status.code(), Some(0), "{stderr}");
    }
}

#[test]
fn base_url_on_the_command_line_must_be_http_or_a_path() {
    let site = Fixture::with_lessons();
    for bad in ["javascript:alert(1)", "data:text/html,x"] {
        let run = std::process::Command::new(env!("CARGO_BIN_EXE_leerpad"))
            .args(["build", "--base-url", bad, "--root"])
            .arg(site.root())
            .output()
            .unwrap();
        assert_eq!(run.status.code(), Some(1));
        assert_eq!(
            String::from_utf8_lossy(&run.stderr).lines().next().unwrap(),
            format!(
                "error: --base-url: the base URL \"{bad}\" must be an https:// (or http://) \
                 address or a path that starts with /, such as \"https://example.org/\" or \"/\""
            )
        );
        assert!(!site.out().exists());
    }
}
