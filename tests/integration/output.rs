//! The output folder: what killed builds leave behind, swaps cut in half, and where an output
//! folder may not be.

use std::fs;
use std::path::Path;

use crate::fixture::{snapshot, Fixture};

/// The id of a process that has ended.
fn dead_pid() -> u32 {
    let mut child = std::process::Command::new("true").spawn().unwrap();
    let pid = child.id();
    child.wait().unwrap();
    pid
}

fn leftovers(root: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(root)
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".leerpad-") && !n.ends_with("leerpad-spare"))
        .collect();
    names.sort();
    names
}

#[test]
fn staging_folders_of_killed_builds_are_removed_and_live_ones_kept() {
    let site = Fixture::with_lessons();
    site.build().success();
    let dead = site
        .root()
        .join(format!(".public.leerpad-new-{}", dead_pid()));
    let old = site
        .root()
        .join(format!(".public.leerpad-old-{}", dead_pid()));
    // A build that is still running (this test process stands in for it).
    let live = format!(".public.leerpad-new-{}", std::process::id());
    for folder in [&dead, &old, &site.root().join(&live)] {
        fs::create_dir_all(folder.join("modules/a")).unwrap();
        fs::write(folder.join("modules/a/index.html"), "half").unwrap();
    }
    site.build().success();
    assert_eq!(leftovers(site.root()), [live]);
}

#[test]
fn a_swap_cut_in_half_is_repaired_by_the_next_run_even_when_it_fails() {
    let site = Fixture::with_lessons();
    site.build().success();
    let good = snapshot(&site.out());
    // Killed between the two renames of a swap: the output is in the dead build's old folder.
    let old = site
        .root()
        .join(format!(".public.leerpad-old-{}", dead_pid()));
    fs::rename(site.out(), &old).unwrap();
    let site = site.file(
        "content/modules/01-a/02-tweede.md",
        "---\ntitel: Kapot\n---\n",
    );
    assert_eq!(site.build().errors().len(), 1);
    assert!(snapshot(&site.out()) == good, "the output is back");
    assert!(leftovers(site.root()).is_empty());

    // The same with the spare: a second build made one; then the output went missing.
    let site = site.file(
        "content/modules/01-a/02-tweede.md",
        "---\ntitle: Twee\n---\n",
    );
    site.build().success();
    site.build().success();
    let good = snapshot(&site.out());
    fs::rename(site.out(), site.root().join("elders")).unwrap();
    let site = site.file(
        "content/modules/01-a/02-tweede.md",
        "---\ntitel: Kapot\n---\n",
    );
    assert_eq!(site.build().errors().len(), 1);
    assert!(snapshot(&site.out()) == good, "the output is back");
}

#[test]
fn an_output_folder_inside_an_input_folder_is_refused() {
    let site = Fixture::with_lessons();
    for (out, dir) in [
        ("content/public", "content"),
        ("static/x/y", "static"),
        ("templates/out", "templates"),
        ("themes/default/public", "themes"),
    ] {
        let run = site.run(&[
            "build",
            "--out",
            &site.root().join(out).display().to_string(),
        ]);
        let expected = format!(
            "error: --out {}: the output folder is inside {dir}/, which the build reads; \
             choose a folder outside content/, i18n/, static/, templates/, themes/ (the default is \
             public/ in the site's folder)",
            site.root().join(out).display()
        );
        assert_eq!(run.stderr().lines().next(), Some(expected.as_str()));
        assert!(!site.root().join(out).exists());
    }
    let run = site.run(&[
        "build",
        "--out",
        &site.root().join("..").display().to_string(),
    ]);
    assert!(
        run.stderr()
            .contains("the output folder holds the site itself"),
        "{}",
        run.stderr()
    );
}
