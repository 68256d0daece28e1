//! A temp-dir site builder: write a few files, run leerpad, look at the result.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use tempfile::TempDir;

pub const CONFIG: &str = "title = \"Testsite\"\nlanguage = \"nl\"\n";
pub const HOME: &str = "---\ntitle: Welkom\n---\nDit is de startpagina.\n";
pub const PARTNERS: &str =
    "regions:\n  - id: vlaanderen\n    name: Heel Vlaanderen\n    kind: all\n\
categories:\n  - id: vk\n    name: Vertrouwenscentrum\n    short: VK\n\
partners:\n  - id: vk\n    name: VK Test\n    category: vk\n    regions: [vlaanderen]\n";

/// A site in a temporary folder. Starts with a config, a home page and the default theme.
pub struct Fixture {
    dir: TempDir,
}

impl Fixture {
    /// A minimal valid site: `leerpad.toml`, `content/_index.md`, and the repository's theme.
    pub fn new() -> Self {
        let fixture = Fixture::empty()
            .file("leerpad.toml", CONFIG)
            .file("content/_index.md", HOME);
        copy_tree(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default"),
            &fixture.root().join("themes/default"),
        );
        fixture
    }

    /// A minimal valid site with no theme folder: it gets the built-in theme.
    pub fn bare() -> Self {
        Fixture::empty()
            .file("leerpad.toml", CONFIG)
            .file("content/_index.md", HOME)
    }

    /// A folder with nothing in it.
    pub fn empty() -> Self {
        Fixture {
            dir: tempfile::Builder::new()
                .prefix("leerpad-test")
                .tempdir()
                .expect("temp dir"),
        }
    }

    /// A site with one module of two lessons, two steps and the test partners.
    pub fn with_lessons() -> Self {
        Fixture::new()
            .file("partners.yaml", PARTNERS)
            .file("content/modules/01-a/_module.md", "---\ntitle: Module A\n---\nIntro.\n")
            .file(
                "content/modules/01-a/01-eerste.md",
                "---\ntitle: Eerste les\npartners: [vk]\n---\n## Wat zijn signalen?\n\nTekst.\n\n\
                 [Naar stap](../../stappen/02-einde.md#wat-nu)\n",
            )
            .file("content/modules/01-a/02-tweede.md", "---\ntitle: Tweede les\n---\n## Twee\n\n[Terug](01-eerste.md#wat-zijn-signalen)\n")
            .file(
                "content/stappen/01-begin.md",
                "---\ntitle: Begin\nlabel: Begin\nkind: start\nchoices:\n  - label: Verder\n    to: einde\n---\nStart.\n",
            )
            .file("content/stappen/02-einde.md", "---\ntitle: Einde\nlabel: Einde\nkind: end\n---\n## Wat nu\n\nKlaar.\n")
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    /// Writes `text` to `path` under the root, creating folders.
    pub fn file(self, path: &str, text: &str) -> Self {
        self.bytes(path, text.as_bytes())
    }

    pub fn bytes(self, path: &str, bytes: &[u8]) -> Self {
        let full = self.root().join(path);
        fs::create_dir_all(full.parent().expect("parent")).expect("mkdir");
        fs::write(&full, bytes).expect("write");
        self
    }

    pub fn remove(self, path: &str) -> Self {
        let full = self.root().join(path);
        if full.is_dir() {
            fs::remove_dir_all(full).expect("rm -r");
        } else {
            fs::remove_file(full).expect("rm");
        }
        self
    }

    /// Runs `leerpad ARGS --root ROOT`.
    pub fn run(&self, args: &[&str]) -> Run {
        let output = Command::new(env!("CARGO_BIN_EXE_leerpad"))
            .args(args)
            .arg("--root")
            .arg(self.root())
            .output()
            .expect("run leerpad");
        Run(output)
    }

    pub fn build(&self) -> Run {
        self.run(&["build"])
    }

    pub fn check(&self) -> Run {
        self.run(&["check"])
    }

    pub fn out(&self) -> PathBuf {
        self.root().join("public")
    }

    /// The text of an output file.
    pub fn read(&self, path: &str) -> String {
        fs::read_to_string(self.out().join(path)).unwrap_or_else(|e| panic!("read {path}: {e}"))
    }
}

/// The result of running the command.
pub struct Run(pub Output);

impl Run {
    pub fn ok(&self) -> bool {
        self.0.status.success()
    }

    pub fn code(&self) -> Option<i32> {
        self.0.status.code()
    }

    pub fn stdout(&self) -> String {
        String::from_utf8_lossy(&self.0.stdout).into_owned()
    }

    pub fn stderr(&self) -> String {
        String::from_utf8_lossy(&self.0.stderr).into_owned()
    }

    /// Asserts success and returns stdout.
    #[track_caller]
    pub fn success(&self) -> String {
        assert!(
            self.ok(),
            "expected success, got:\n{}\n{}",
            self.stdout(),
            self.stderr()
        );
        self.stdout()
    }

    /// Asserts exit code 1 and returns the `error: …` lines of stderr without the prefix.
    #[track_caller]
    pub fn errors(&self) -> Vec<String> {
        assert_eq!(
            self.code(),
            Some(1),
            "expected exit 1:\n{}\n{}",
            self.stdout(),
            self.stderr()
        );
        self.stderr()
            .lines()
            .filter_map(|l| l.strip_prefix("error: ").map(str::to_string))
            .collect()
    }
}

/// Copies a folder tree (the theme) into the fixture.
pub fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.expect("walk theme");
        let target = to.join(entry.path().strip_prefix(from).expect("prefix"));
        if entry.file_type().is_dir() {
            fs::create_dir_all(&target).expect("mkdir");
        } else {
            fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

/// The repository's own site, built once per test run into a temp folder; its output path.
pub fn bundled_site() -> &'static Path {
    static OUT: std::sync::OnceLock<(TempDir, PathBuf)> = std::sync::OnceLock::new();
    let (_, out) = OUT.get_or_init(|| {
        let dir = tempfile::Builder::new()
            .prefix("leerpad-bundled")
            .tempdir()
            .expect("temp dir");
        let out = dir.path().join("public");
        let run = Command::new(env!("CARGO_BIN_EXE_leerpad"))
            .args(["build", "--root", env!("CARGO_MANIFEST_DIR"), "--out"])
            .arg(&out)
            .output()
            .expect("run leerpad");
        assert!(
            run.status.success(),
            "{}",
            String::from_utf8_lossy(&run.stderr)
        );
        (dir, out)
    });
    out
}

/// Every file under `dir` with its bytes, sorted, for comparing two outputs.
pub fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files: Vec<(PathBuf, Vec<u8>)> = walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path().strip_prefix(dir).expect("prefix").to_path_buf(),
                fs::read(e.path()).expect("read"),
            )
        })
        .collect();
    files.sort();
    files
}
