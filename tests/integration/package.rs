//! `leerpad package`: the zip an LMS imports. The manifest is parsed with a real XML parser
//! (roxmltree) and held against the zip and the course; the zip is the same byte for byte.

use std::collections::BTreeSet;
use std::io::Read;

use crate::fixture::Fixture;

const QUIZ: &str =
    "```quiz\nquestion: Wat is juist?\nanswers:\n  - text: Dit\n    correct: true\n    \
                    feedback: Goed.\n  - text: Dat\n    correct: false\n    feedback: Nee.\n```\n";

/// Two modules (the second with a check in its first lesson) and an empty third one.
fn course() -> Fixture {
    Fixture::with_lessons()
        .file(
            "leerpad.toml",
            "title = \"Testsite & co\"\nlanguage = \"nl\"\nmastery_score = 75\n",
        )
        .file(
            "content/modules/02-b/_module.md",
            "---\ntitle: Module <B>\n---\nIntro.\n",
        )
        .file(
            "content/modules/02-b/01-derde.md",
            &format!("---\ntitle: Derde les\n---\n## Vraag\n\n{QUIZ}"),
        )
        .file(
            "content/modules/03-leeg/_module.md",
            "---\ntitle: Leeg\n---\nNog niets.\n",
        )
}

/// Runs `leerpad package ARGS` and returns the zip's files in order, with their bytes.
fn package(site: &Fixture, args: &[&str]) -> (Vec<u8>, Vec<(String, Vec<u8>)>) {
    let out = site.root().join("out.zip");
    let mut all = vec!["package"];
    all.extend_from_slice(args);
    all.extend(["--out", out.to_str().expect("utf-8 path")]);
    site.run(&all).success();
    let bytes = std::fs::read(&out).expect("the zip");
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes.clone())).expect("a zip");
    let files = (0..zip.len())
        .map(|i| {
            let mut file = zip.by_index(i).expect("an entry");
            let mut data = Vec::new();
            file.read_to_end(&mut data).expect("inflate");
            (file.name().expect("a name").to_string(), data)
        })
        .collect();
    (bytes, files)
}

/// The manifest's titles as a tree: (module title, [lesson titles]).
type Outline = Vec<(String, Vec<String>)>;

/// Checks what holds for every manifest and returns the organization as an outline.
fn check_manifest(xml: &str, files: &[(String, Vec<u8>)], version: &str) -> Outline {
    let doc = roxmltree::Document::parse(xml).expect("a well-formed manifest");
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "manifest");
    let text = |name: &str| {
        doc.descendants()
            .find(|n| n.has_tag_name(name))
            .and_then(|n| n.text())
            .map(str::to_string)
    };
    assert_eq!(text("schema").as_deref(), Some("ADL SCORM"));
    assert_eq!(text("schemaversion").as_deref(), Some(version));

    let ids: Vec<&str> = doc
        .descendants()
        .filter_map(|n| n.attribute("identifier"))
        .collect();
    let unique: BTreeSet<&str> = ids.iter().copied().collect();
    assert_eq!(ids.len(), unique.len(), "identifiers are unique: {ids:?}");
    for id in &ids {
        let first = id.chars().next().expect("not empty");
        assert!(first.is_ascii_alphabetic() || first == '_', "{id}");
        assert!(
            id.chars()
                .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c)),
            "{id}"
        );
    }

    // Every file listed once and in the zip; every file of the zip but the manifest listed.
    let listed: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("file"))
        .filter_map(|n| n.attribute("href"))
        .collect();
    let in_zip: BTreeSet<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
    let listed_set: BTreeSet<&str> = listed.iter().copied().collect();
    assert_eq!(listed.len(), listed_set.len(), "no file listed twice");
    let mut expected = in_zip.clone();
    expected.remove("imsmanifest.xml");
    assert_eq!(
        listed_set, expected,
        "the files listed are the files in the zip"
    );
    assert_eq!(files[0].0, "imsmanifest.xml", "the manifest comes first");
    for unwanted in ["sw.js", "404.html", "sitemap.xml"] {
        assert!(
            !in_zip.contains(unwanted),
            "{unwanted} has no place in an LMS"
        );
    }

    let scorm_type = |n: &roxmltree::Node| {
        n.attributes()
            .find(|a| a.name().eq_ignore_ascii_case("scormtype"))
            .map(|a| a.value().to_string())
    };
    let resources: Vec<roxmltree::Node> = doc
        .descendants()
        .filter(|n| n.has_tag_name("resource"))
        .collect();
    let asset: Vec<&roxmltree::Node> = resources
        .iter()
        .filter(|r| scorm_type(r).as_deref() == Some("asset"))
        .collect();
    assert_eq!(asset.len(), 1, "one shared asset resource");
    let shared = asset[0].attribute("identifier").expect("asset id");
    for sco in resources
        .iter()
        .filter(|r| scorm_type(r).as_deref() == Some("sco"))
    {
        let href = sco.attribute("href").expect("a launch file");
        assert!(in_zip.contains(href), "{href} is in the zip");
        let page =
            String::from_utf8_lossy(&files.iter().find(|(n, _)| n == href).unwrap().1).into_owned();
        assert!(
            page.contains("<article class=\"lesson\""),
            "{href} is a lesson"
        );
        assert!(page.contains(&format!(
            "data-scorm=\"{}\"",
            version.split(' ').next().unwrap()
        )));
        let depends: Vec<&str> = sco
            .children()
            .filter(|n| n.has_tag_name("dependency"))
            .filter_map(|n| n.attribute("identifierref"))
            .collect();
        assert_eq!(depends, [shared]);
    }

    // Items point at SCOs that exist; the organization is modules with their lessons.
    let resource_ids: BTreeSet<&str> = resources
        .iter()
        .filter_map(|r| r.attribute("identifier"))
        .collect();
    let organization = doc
        .descendants()
        .find(|n| n.has_tag_name("organization"))
        .expect("an organization");
    let default = doc
        .descendants()
        .find(|n| n.has_tag_name("organizations"))
        .and_then(|n| n.attribute("default"));
    assert_eq!(default, organization.attribute("identifier"));
    let title = |n: roxmltree::Node| {
        n.children()
            .find(|c| c.has_tag_name("title"))
            .and_then(|t| t.text())
            .unwrap_or_default()
            .to_string()
    };
    organization
        .children()
        .filter(|n| n.has_tag_name("item"))
        .map(|module| {
            assert_eq!(
                module.attribute("identifierref"),
                None,
                "a module is a folder"
            );
            let lessons = module
                .children()
                .filter(|n| n.has_tag_name("item"))
                .map(|lesson| {
                    let sco = lesson
                        .attribute("identifierref")
                        .expect("a lesson is a SCO");
                    assert!(resource_ids.contains(sco), "{sco}");
                    title(lesson)
                })
                .collect();
            (title(module), lessons)
        })
        .collect()
}

fn manifest_of(files: &[(String, Vec<u8>)]) -> String {
    String::from_utf8(files[0].1.clone()).expect("utf-8")
}

#[test]
fn a_scorm_12_package_mirrors_the_course_and_lists_every_file() {
    let site = course();
    let (_, files) = package(&site, &["--format", "scorm12"]);
    let xml = manifest_of(&files);
    let outline = check_manifest(&xml, &files, "1.2");
    assert_eq!(
        outline,
        [
            (
                "Module A".to_string(),
                vec!["Eerste les".to_string(), "Tweede les".to_string()]
            ),
            ("Module <B>".to_string(), vec!["Derde les".to_string()]),
        ],
        "modules in order, each with its lessons; the empty module left out"
    );
    assert!(xml.contains("adlcp:scormtype=\"sco\""));
    assert!(xml.contains("<title>Testsite &amp; co</title>"));
    // The mastery score only where there are checks to score.
    assert_eq!(
        xml.matches("<adlcp:masteryscore>75</adlcp:masteryscore>")
            .count(),
        1
    );
}

#[test]
fn a_scorm_2004_package_is_4th_edition_with_the_mastery_as_a_measure() {
    let site = course();
    let (_, files) = package(&site, &["--format", "scorm2004"]);
    let xml = manifest_of(&files);
    let outline = check_manifest(&xml, &files, "2004 4th Edition");
    assert_eq!(outline.len(), 2);
    assert!(xml.contains("adlcp:scormType=\"sco\""));
    assert!(xml.contains("xmlns:adlcp=\"http://www.adlnet.org/xsd/adlcp_v1p3\""));
    assert_eq!(
        xml.matches("<imsss:minNormalizedMeasure>0.75</imsss:minNormalizedMeasure>")
            .count(),
        1
    );
}

#[test]
fn one_module_is_its_lessons_with_the_pages_they_link_to() {
    let site = course();
    let (_, files) = package(&site, &["--format", "scorm12", "--module", "b"]);
    let outline = check_manifest(&manifest_of(&files), &files, "1.2");
    assert_eq!(
        outline,
        [("Module <B>".to_string(), vec!["Derde les".to_string()])]
    );
    // The step plan and the other module's pages stay: lessons link to them.
    let names: BTreeSet<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
    assert!(names.contains("stappen/einde/index.html"));
    assert!(names.contains("modules/a/eerste/index.html"));
}

#[test]
fn the_same_input_gives_the_same_zip() {
    let site = course();
    let (one, _) = package(&site, &["--format", "scorm2004"]);
    std::thread::sleep(std::time::Duration::from_millis(1100));
    let (two, _) = package(&site, &["--format", "scorm2004"]);
    assert!(one == two, "byte-identical");
}

#[test]
fn a_module_that_is_not_there_or_has_no_lessons_is_an_error() {
    let site = course();
    let run = site.run(&["package", "--format", "scorm12", "--module", "x"]);
    assert_eq!(
        run.errors(),
        ["--module: there is no module \"x\"; known: a, b, leeg"]
    );
    let run = site.run(&["package", "--format", "scorm12", "--module", "leeg"]);
    assert_eq!(
        run.errors(),
        ["content/modules/03-leeg/_module.md: the module \"leeg\" has no lessons, and a package \
          needs at least one for the LMS to count; add a lesson or package another module"]
    );
    assert!(!site.root().join("leeg-scorm12.zip").exists());
}

#[test]
fn the_zip_goes_to_an_existing_folder_that_no_build_reads() {
    let site = course();
    let run = site.run(&["package", "--format", "scorm12", "--out", "nowhere/x.zip"]);
    assert_eq!(
        run.errors(),
        [
            "--out nowhere/x.zip: the folder nowhere is not there; create it or write the package \
          elsewhere"
        ]
    );
    let inside = site.root().join("content/x.zip");
    let run = site.run(&[
        "package",
        "--format",
        "scorm12",
        "--out",
        inside.to_str().unwrap(),
    ]);
    assert_eq!(
        run.errors(),
        [format!(
            "--out {}: the package would be inside content/, which a build reads; write it \
             elsewhere (the default is FORMAT.zip in the site's folder)",
            inside.display()
        )]
    );
    // Without --out: FORMAT.zip in the root, an older package replaced whole.
    site.run(&["package", "--format", "scorm2004"]).success();
    assert!(site.root().join("scorm2004.zip").is_file());
    assert!(!site.root().join("scorm2004.zip.partial").exists());
}

#[test]
fn check_warns_about_what_a_package_cannot_carry() {
    let long = "Lang ".repeat(50);
    let site = course().file(
        "content/modules/02-b/02-lang.md",
        &format!("---\ntitle: \"{}\"\n---\nTekst.\n", long.trim()),
    );
    let stderr = site.check().stderr();
    assert!(
        stderr.contains(
            "content/modules/03-leeg/_module.md: warning: a SCORM package leaves this module \
             out: an LMS counts lessons, and it has none"
        ),
        "{stderr}"
    );
    assert!(
        stderr.contains(
            "content/modules/02-b/02-lang.md: warning: the title has 249 characters; an LMS \
             shows at most 200, so a SCORM package cuts it there"
        ),
        "{stderr}"
    );
}

#[test]
fn the_site_itself_loads_no_scorm_run_time() {
    let site = course();
    site.build().success();
    let lesson = site.read("modules/a/eerste/index.html");
    assert!(!lesson.contains("scorm.js"), "{lesson}");
    assert!(!lesson.contains("data-scorm"));
}

/// Every relative `href`, `src` and `data-…` path in a page of the package, resolved from the
/// page's folder: the files a page uses.
fn references(page: &str, text: &str) -> Vec<String> {
    let folder: Vec<&str> =
        page.split('/').collect::<Vec<_>>()[..page.split('/').count() - 1].to_vec();
    let mut found = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find("=\"") {
        let name_start = rest[..at].rfind([' ', '\n', '<']).map_or(0, |i| i + 1);
        let name = &rest[name_start..at];
        let value_end = rest[at + 2..].find('"').map_or(rest.len(), |i| at + 2 + i);
        let value = &rest[at + 2..value_end];
        rest = &rest[value_end..];
        let path = value.split(['#', '?']).next().unwrap_or_default();
        let file = [".html", ".js", ".css", ".svg", ".webmanifest"]
            .iter()
            .any(|ext| path.ends_with(ext));
        // Scripts find their files in data- attributes; other data- values (lesson keys) are
        // not paths, so there only files count.
        let wanted = match name {
            "href" | "src" => file || path.ends_with('/'),
            _ => name.starts_with("data-") && file,
        };
        if !wanted || path.is_empty() || path.contains([':', ' ', '{']) {
            continue;
        }
        let mut parts = folder.clone();
        for part in path.split('/') {
            match part {
                ".." => {
                    parts.pop();
                }
                "." | "" => {}
                part => parts.push(part),
            }
        }
        let mut resolved = parts.join("/");
        if path.ends_with('/') {
            resolved.push_str(if resolved.is_empty() {
                "index.html"
            } else {
                "/index.html"
            });
        }
        found.push(resolved);
    }
    found
}

#[test]
fn every_file_a_page_of_the_bundled_package_uses_is_in_it() {
    let site = Fixture::empty();
    let out = site.root().join("course.zip");
    let run = std::process::Command::new(env!("CARGO_BIN_EXE_leerpad"))
        .args([
            "package",
            "--format",
            "scorm12",
            "--root",
            env!("CARGO_MANIFEST_DIR"),
            "--out",
        ])
        .arg(&out)
        .output()
        .expect("run leerpad");
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&out).expect("zip")).expect("a zip");
    let names: BTreeSet<String> = zip
        .file_names()
        .map(|n| n.expect("a name").to_string())
        .collect();
    let mut missing = BTreeSet::new();
    let mut checked = 0;
    for name in names.iter().filter(|n| n.ends_with(".html")) {
        let mut text = String::new();
        zip.by_name(name)
            .expect("entry")
            .read_to_string(&mut text)
            .expect("utf-8");
        for reference in references(name, &text) {
            checked += 1;
            if !names.contains(&reference) {
                missing.insert(format!("{name} → {reference}"));
            }
        }
        assert!(
            !text.contains("sw.js"),
            "{name} refers to the service worker"
        );
    }
    assert!(checked > 1000, "only {checked} references found");
    assert!(missing.is_empty(), "{missing:#?}");
}

#[test]
fn a_package_holds_the_sites_own_files_with_only_the_run_time_added() {
    let site = course();
    site.build().success();
    let (_, files) = package(&site, &["--format", "scorm2004"]);
    for (name, bytes) in files.iter().skip(1) {
        let built = std::fs::read(site.out().join(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
        if !name.ends_with(".html") {
            assert!(*bytes == built, "{name} differs from the site's");
            continue;
        }
        let page = String::from_utf8_lossy(bytes);
        let (with, without): (Vec<&str>, Vec<&str>) =
            page.lines().partition(|l| l.contains("js/scorm.js"));
        assert_eq!(with.len(), 1, "{name}: one run-time script");
        assert!(with[0].starts_with("<script src=\"") && with[0].contains("data-scorm=\"2004\""));
        assert_eq!(
            without.join("\n"),
            String::from_utf8_lossy(&built)
                .lines()
                .collect::<Vec<_>>()
                .join("\n"),
            "{name}: the site's page and one line more"
        );
    }
}
