//! `leerpad check`: validates without writing, reports reading times and long lessons.

use crate::fixture::Fixture;

#[test]
fn check_writes_nothing_and_prints_reading_times() {
    let site = Fixture::with_lessons();
    let out = site.check().success();
    assert!(
        out.contains(" 1 min     6 words  content/modules/01-a/01-eerste.md"),
        "{out}"
    );
    assert!(
        out.contains("ok: 1 modules, 2 lessons, 2 steps, 1 partners; 0 errors, 0 warnings"),
        "{out}"
    );
    assert!(!site.out().exists());
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
