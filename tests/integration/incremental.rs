//! `serve`'s incremental rebuild (`leerpad::incremental::Session`, which `serve` runs on every
//! save): after every step of edits, renames, deletions, new lessons, broken and fixed files,
//! partner, template, config and glossary changes, what it serves is byte for byte what a fresh
//! build of the same files makes, and a broken step fails with the fresh build's own errors.

use std::fs;
use std::path::Path;

use leerpad::incremental::Session;
use leerpad::render::OutputFile;
use leerpad::Overrides;

use crate::fixture::{Fixture, PARTNERS};

/// The overrides `serve` renders with.
fn live() -> Overrides {
    Overrides {
        base_url: None,
        live_reload: true,
    }
}

const GLOSSARY: &str = "---\ntitle: Begrippen\nterms:\n  - term: VK\n    expansion: \
Vertrouwenscentrum Kindermishandeling\n    definition: Een centrum dat helpt.\n  - term: signaal\n    \
definition: Iets wat je ziet of hoort.\n---\nDe woorden.\n";

fn lesson(title: &str, body: &str) -> String {
    format!("---\ntitle: {title}\nsummary: Over {title}.\n---\n{body}\n")
}

/// A site with a glossary, two modules, links between lessons (with anchors), partners and
/// two steps: every kind of dependency between pages has a case here.
fn site() -> Fixture {
    Fixture::with_lessons()
        .file("content/begrippen.md", GLOSSARY)
        .file(
            "content/modules/01-a/03-derde.md",
            &lesson(
                "Derde les",
                "Een signaal bij het VK.\n\n## Meer\n\nZie [de eerste](01-eerste.md) en \
                 [de tweede](02-tweede.md#twee).\n",
            ),
        )
        .file(
            "content/modules/02-b/_module.md",
            "---\ntitle: Module B\n---\nOver B.\n",
        )
        .file(
            "content/modules/02-b/10-een.md",
            &lesson(
                "Een",
                "## Begin\n\nTekst met een signaal.\n\n[Naar A](../01-a/03-derde.md#meer)\n",
            ),
        )
        .file(
            "content/modules/02-b/20-twee.md",
            &lesson("Twee", "## Eind\n\nNog tekst.\n"),
        )
}

/// Rebuilds with `session` and with a fresh build, and holds them to the same result.
fn same_as_fresh(session: &mut Session, root: &Path, step: &str) {
    // As `serve` reads, without the watcher's paths: the stamps alone must tell what changed.
    same_as_fresh_read(session, root, step, |session| session.read(root, &[]));
}

/// `same_as_fresh`, reading as `serve` does when the watcher lost no event and named `named`
/// (relative to the root) as all that changed.
fn same_as_fresh_named(session: &mut Session, root: &Path, named: &[&str], step: &str) {
    let root_path = root.canonicalize().unwrap();
    let paths: Vec<_> = named.iter().map(|p| root_path.join(p)).collect();
    same_as_fresh_read(session, root, step, |session| {
        session.read_named(root, &paths)
    });
}

fn same_as_fresh_read(
    session: &mut Session,
    root: &Path,
    step: &str,
    read: impl FnOnce(&mut Session) -> leerpad::Result<leerpad::Sources>,
) {
    let fresh = leerpad::read_sources(root).and_then(|s| leerpad::compile(s, &live()));
    let incremental = read(session).and_then(|s| session.rebuild(s));
    match (fresh, incremental) {
        (Ok(fresh), Ok(incremental)) => {
            same_files(&fresh.files, &incremental.files, step);
            let text = |w: &[leerpad::Warning]| w.iter().map(|w| w.to_string()).collect::<Vec<_>>();
            assert_eq!(
                text(&fresh.warnings),
                text(&incremental.warnings),
                "{step}: warnings"
            );
        }
        (Err(fresh), Err(incremental)) => assert_eq!(
            leerpad::error::report(&fresh),
            leerpad::error::report(&incremental),
            "{step}: errors"
        ),
        (Ok(_), Err(e)) => panic!("{step}: the rebuild failed, a fresh build did not: {e}"),
        (Err(e), Ok(_)) => panic!("{step}: a fresh build failed, the rebuild did not: {e}"),
    }
}

fn same_files(fresh: &[OutputFile], incremental: &[OutputFile], step: &str) {
    let paths = |files: &[OutputFile]| files.iter().map(|f| f.path.clone()).collect::<Vec<_>>();
    assert_eq!(paths(fresh), paths(incremental), "{step}: the same files");
    for (a, b) in fresh.iter().zip(incremental) {
        if a.bytes != b.bytes {
            let (a, b) = (
                String::from_utf8_lossy(&a.bytes),
                String::from_utf8_lossy(&b.bytes),
            );
            let at = a
                .char_indices()
                .zip(b.chars())
                .find(|((_, x), y)| x != y)
                .map_or(a.len().min(b.len()), |((i, _), _)| i);
            let around = |s: &str| {
                let start = s.floor_char_boundary(at.saturating_sub(80));
                let end = s.ceil_char_boundary((at + 80).min(s.len()));
                s[start..end].to_string()
            };
            panic!(
                "{step}: {} differs at byte {at}:\nfresh:       {}\nincremental: {}",
                fresh_path(fresh, &a),
                around(&a),
                around(&b)
            );
        }
    }
}

fn fresh_path(files: &[OutputFile], text: &str) -> String {
    files
        .iter()
        .find(|f| f.bytes.as_slice() == text.as_bytes())
        .map_or_else(String::new, |f| f.path.clone())
}

fn write(root: &Path, path: &str, text: &str) {
    let full = root.join(path);
    fs::create_dir_all(full.parent().unwrap()).unwrap();
    fs::write(full, text).unwrap();
}

fn edit(root: &Path, path: &str, from: &str, to: &str) {
    let text = fs::read_to_string(root.join(path)).unwrap();
    assert!(text.contains(from), "{path} holds {from:?}");
    write(root, path, &text.replacen(from, to, 1));
}

/// Waits until the files have settled and reads them once more, so the session keeps them.
/// Files written just now may change again within the same tick of the file clock: they are
/// read again until they have settled (3 s).
fn settle(session: &mut Session, root: &Path, step: &str) {
    std::thread::sleep(std::time::Duration::from_millis(3200));
    same_as_fresh(session, root, step);
}

/// Files that have not changed for a while are taken again without a read; a save of the same
/// size right after a read, a new file and a deleted one are seen all the same.
#[test]
fn settled_files_are_not_read_again_and_every_change_is_seen() {
    let site = site();
    let root = site.root();
    let mut session = Session::new(live());
    same_as_fresh(&mut session, root, "first build");
    let (_, files) = session.last_read();
    assert!(files >= 7, "{files} content files");
    settle(&mut session, root, "nothing changed, files read once more");
    same_as_fresh(&mut session, root, "nothing changed, nothing read");
    assert_eq!(session.last_read(), (0, files));
    let a1 = "content/modules/01-a/01-eerste.md";
    let before = fs::read_to_string(root.join(a1)).unwrap();
    edit(root, a1, "Tekst.", "Tekst!");
    assert_eq!(
        fs::read_to_string(root.join(a1)).unwrap().len(),
        before.len()
    );
    same_as_fresh(&mut session, root, "a save of the same size");
    assert_eq!(session.last_read(), (1, files));
    edit(root, a1, "Tekst!", "Tekst?");
    same_as_fresh(&mut session, root, "a second save within the same second");
    write(
        root,
        "content/modules/02-b/30-drie.md",
        &lesson("Drie", "Een nieuwe les.\n"),
    );
    same_as_fresh(&mut session, root, "a new lesson");
    assert_eq!(session.last_read(), (2, files + 1));
    fs::remove_file(root.join("content/modules/02-b/30-drie.md")).unwrap();
    same_as_fresh(&mut session, root, "the lesson deleted");
    assert_eq!(session.last_read().1, files);
    // A path the watcher names is read again whatever its stamp says.
    let fresh = session
        .read(root, &[root.join("content/begrippen.md")])
        .unwrap();
    assert_eq!(fresh.content.len(), files);
    assert_eq!(
        session.last_read().0,
        2,
        "the named file and the one saved just now"
    );
}

/// When the watcher names every change and they are all files of the last walk, only they are
/// read; a new, deleted or renamed file, a folder or any file outside `content/` makes it a
/// whole read, so the rebuild is still that of a fresh build.
#[test]
fn the_files_the_watcher_names_are_read_and_anything_else_reads_all() {
    let site = site();
    let root = site.root();
    let mut session = Session::new(live());
    same_as_fresh(&mut session, root, "first build");
    settle(&mut session, root, "the files read once more");
    let (_, files) = session.last_read();
    let a1 = "content/modules/01-a/01-eerste.md";
    let b1 = "content/modules/02-b/10-een.md";
    edit(root, a1, "Tekst.", "Andere tekst.");
    same_as_fresh_named(&mut session, root, &[a1], "a named lesson");
    assert_eq!(
        session.last_read(),
        (1, files),
        "only the named file is read"
    );
    edit(root, a1, "Andere tekst.", "Nog andere tekst.");
    edit(
        root,
        b1,
        "Tekst met een signaal.",
        "Tekst met twee signalen.",
    );
    same_as_fresh_named(&mut session, root, &[a1, b1, a1], "two named lessons");
    assert_eq!(session.last_read(), (2, files));
    let new = "content/modules/02-b/30-drie.md";
    write(root, new, &lesson("Drie", "Een nieuwe les.\n"));
    same_as_fresh_named(&mut session, root, &[new], "a new lesson, named");
    assert_eq!(session.last_read().1, files + 1, "the walk found it");
    fs::rename(root.join(new), root.join("content/modules/02-b/40-vier.md")).unwrap();
    same_as_fresh_named(
        &mut session,
        root,
        &[new, "content/modules/02-b/40-vier.md"],
        "a renamed lesson, both paths named",
    );
    fs::remove_file(root.join("content/modules/02-b/40-vier.md")).unwrap();
    same_as_fresh_named(
        &mut session,
        root,
        &["content/modules/02-b/40-vier.md"],
        "a deleted lesson, named",
    );
    assert_eq!(session.last_read().1, files);
    write(
        root,
        "partners.yaml",
        &PARTNERS.replace("Vertrouwenscentrum", "Het Vertrouwenscentrum"),
    );
    edit(root, a1, "Nog andere tekst.", "Tekst.");
    same_as_fresh_named(
        &mut session,
        root,
        &[a1, "partners.yaml"],
        "a lesson and the partners, named",
    );
    edit(root, a1, "Tekst.", "Tekst, weer.");
    same_as_fresh_named(
        &mut session,
        root,
        &[a1],
        "a named lesson after a whole read",
    );
    assert_eq!(
        session.last_read(),
        (2, files),
        "the named file, and one saved moments ago (not settled yet)"
    );
    fs::create_dir_all(root.join("content/modules/03-c")).unwrap();
    same_as_fresh_named(
        &mut session,
        root,
        &["content/modules/03-c"],
        "a new folder",
    );
}

#[test]
fn every_kind_of_save_rebuilds_to_the_bytes_of_a_fresh_build() {
    let site = site();
    let root = site.root();
    let mut session = Session::new(live());
    same_as_fresh(&mut session, root, "first build");
    same_as_fresh(&mut session, root, "nothing changed");

    let a1 = "content/modules/01-a/01-eerste.md";
    let a3 = "content/modules/01-a/03-derde.md";
    assert_eq!(
        session.stats().bodies_rendered,
        0,
        "nothing changed, nothing rendered"
    );
    assert_eq!(session.stats().pages_rendered, 0);
    edit(root, a1, "Tekst.", "Andere tekst, met een signaal.");
    same_as_fresh(&mut session, root, "a lesson's text");
    // Only that lesson's body, and its page and its module's print page, are made again.
    let stats = session.stats();
    assert_eq!(stats.bodies_rendered, 1, "{stats:?}");
    assert_eq!(stats.pages_rendered, 2, "{stats:?}");
    edit(root, a1, "title: Eerste les", "title: De eerste les");
    same_as_fresh(
        &mut session,
        root,
        "a lesson's title (neighbours, module, home)",
    );
    edit(root, a3, "## Meer", "## Nog meer");
    same_as_fresh(
        &mut session,
        root,
        "an anchor another module links to is gone (an error there)",
    );
    edit(
        root,
        "content/modules/02-b/10-een.md",
        "03-derde.md#meer",
        "03-derde.md#nog-meer",
    );
    same_as_fresh(&mut session, root, "the link follows the anchor");
    write(
        root,
        "content/modules/01-a/04-vierde.md",
        &lesson(
            "Vierde les",
            "## Vier\n\nEen nieuwe les, lang genoeg om te lezen.\n",
        ),
    );
    same_as_fresh(&mut session, root, "a new lesson at the end of a module");
    write(
        root,
        "content/modules/02-b/15-tussen.md",
        &lesson("Tussen", "Een les tussen twee andere.\n"),
    );
    same_as_fresh(&mut session, root, "a new lesson between two others");
    fs::rename(
        root.join("content/modules/01-a/04-vierde.md"),
        root.join("content/modules/01-a/04-laatste.md"),
    )
    .unwrap();
    same_as_fresh(&mut session, root, "a renamed lesson");
    fs::remove_file(root.join("content/modules/02-b/15-tussen.md")).unwrap();
    same_as_fresh(&mut session, root, "a deleted lesson");
    write(root, a3, "---\ntitle: [kapot\n---\nTekst.\n");
    same_as_fresh(&mut session, root, "a broken file");
    write(
        root,
        a3,
        &lesson(
            "Derde les",
            "## Meer\n\n[Eerste](01-eerste.md)\n\n## Nog meer\n\nTekst.\n",
        ),
    );
    same_as_fresh(&mut session, root, "the file fixed");
    edit(
        root,
        "partners.yaml",
        "name: VK Test",
        "name: VK Andere naam",
    );
    same_as_fresh(&mut session, root, "partners.yaml");
    edit(
        root,
        "themes/default/templates/lesson.html",
        "{% block main %}",
        "{% block main %}<p>Aangepast.</p>",
    );
    same_as_fresh(&mut session, root, "a template");
    edit(root, "leerpad.toml", "Testsite", "Andere site");
    same_as_fresh(&mut session, root, "leerpad.toml");
    edit(
        root,
        "content/begrippen.md",
        "  - term: signaal",
        "  - term: tekst\n    definition: Woorden op een blad.\n  - term: signaal",
    );
    same_as_fresh(&mut session, root, "a new glossary term");
    edit(
        root,
        "content/modules/02-b/_module.md",
        "Over B.",
        "Over module B, met een signaal.",
    );
    same_as_fresh(&mut session, root, "a module's intro");
    fs::rename(
        root.join("content/modules/02-b"),
        root.join("content/modules/03-b"),
    )
    .unwrap();
    same_as_fresh(&mut session, root, "a renamed module folder");
    fs::remove_file(root.join("partners.yaml")).unwrap();
    same_as_fresh(
        &mut session,
        root,
        "partners.yaml deleted (an error: vk is unknown)",
    );
    write(root, "partners.yaml", PARTNERS);
    same_as_fresh(&mut session, root, "partners.yaml back");
}

#[test]
fn folder_names_and_a_multilingual_site_rebuild_to_the_bytes_of_a_fresh_build() {
    let site = site();
    let root = site.root();
    let mut session = Session::new(live());
    same_as_fresh(&mut session, root, "first build");
    // The folder names are inputs of every body (print links) and of every page.
    write(
        root,
        "i18n/nl.yaml",
        "url_print: afdruk\nurl_print_lesson: deel\nurl_search: vind\n",
    );
    same_as_fresh(&mut session, root, "the site's own folder names");
    let a1 = "content/modules/01-a/01-eerste.md";
    edit(root, a1, "Tekst.", "Andere tekst.");
    same_as_fresh(&mut session, root, "a lesson under the new folder names");
    assert_eq!(session.stats().bodies_rendered, 1, "{:?}", session.stats());
    edit(root, "i18n/nl.yaml", "afdruk", "papier");
    same_as_fresh(&mut session, root, "a folder name changed again");

    // A site of two languages is rebuilt whole, to the same bytes.
    let site = crate::multilingual::brussels();
    let root = site.root();
    let mut session = Session::new(live());
    same_as_fresh(&mut session, root, "two languages: first build");
    let fr = "content/fr/modules/01-a/01-b.md";
    edit(root, fr, "jardins", "parcs");
    same_as_fresh(&mut session, root, "two languages: a French lesson");
    write(
        root,
        "content/fr/modules/01-a/02-c.md",
        "---\ntitle: Seulement en français\n---\nTexte.\n",
    );
    same_as_fresh(&mut session, root, "two languages: a translation added");
    write(root, fr, "---\ntitle: [cassé\n---\n");
    same_as_fresh(&mut session, root, "two languages: a broken file");
    write(
        root,
        fr,
        "---\ntitle: Regardez les enfants\n---\nLes enfants jouent.\n",
    );
    same_as_fresh(&mut session, root, "two languages: the file fixed");
}

/// A small generator of the same sequence every run (no dependency for it).
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) as usize) % n
    }
}

const WORDS: &[&str] = &[
    "kind", "ouder", "signaal", "VK", "gesprek", "zorg", "team", "veilig", "hulp", "opvang",
];

/// Random saves of the kinds an author makes, each compared with a fresh build: text, titles,
/// minutes, headings, new, renamed and deleted lessons, broken and fixed files, partners.
#[test]
fn a_random_sequence_of_saves_rebuilds_to_the_bytes_of_a_fresh_build() {
    for seed in [1u64, 2, 3] {
        let site = site();
        let root = site.root();
        let mut rng = Lcg(seed);
        let mut session = Session::new(live());
        same_as_fresh(&mut session, root, &format!("seed {seed}: first build"));
        // Lessons nobody links to, which may be renamed and deleted.
        let mut free: Vec<String> = vec!["content/modules/02-b/20-twee.md".into()];
        let mut next = 30;
        for step in 0..24 {
            let word = |rng: &mut Lcg| WORDS[rng.below(WORDS.len())];
            let what = match rng.below(9) {
                0 => {
                    let module = ["01-a", "02-b"][rng.below(2)];
                    let path = format!("content/modules/{module}/{next:02}-nieuw-{next}.md");
                    let body = format!(
                        "## Kop {next}\n\nEen {} en een {}.\n",
                        word(&mut rng),
                        word(&mut rng)
                    );
                    write(root, &path, &lesson(&format!("Nieuw {next}"), &body));
                    free.push(path.clone());
                    next += 1;
                    format!("new lesson {path}")
                }
                1 if free.len() > 1 => {
                    let path = free.remove(rng.below(free.len()));
                    fs::remove_file(root.join(&path)).unwrap();
                    format!("deleted {path}")
                }
                2 if !free.is_empty() => {
                    let i = rng.below(free.len());
                    let renamed = free[i].replace(".md", &format!("-{next}.md"));
                    next += 1;
                    fs::rename(root.join(&free[i]), root.join(&renamed)).unwrap();
                    free[i] = renamed.clone();
                    format!("renamed to {renamed}")
                }
                3 => {
                    let path = "content/modules/01-a/02-tweede.md";
                    let text = fs::read_to_string(root.join(path)).unwrap();
                    let title = format!("title: Tweede les {}", word(&mut rng));
                    let text = text
                        .lines()
                        .map(|l| {
                            if l.starts_with("title:") {
                                title.as_str()
                            } else {
                                l
                            }
                        })
                        .collect::<Vec<_>>()
                        .join("\n");
                    write(root, path, &(text + "\n"));
                    "a linked lesson's title".to_string()
                }
                4 if !free.is_empty() => {
                    let path = free[rng.below(free.len())].clone();
                    let minutes = 1 + rng.below(4);
                    let text = fs::read_to_string(root.join(&path)).unwrap();
                    let text = match text.find("minutes:") {
                        Some(_) => {
                            text.lines()
                                .map(|l| {
                                    if l.starts_with("minutes:") {
                                        format!("minutes: {minutes}")
                                    } else {
                                        l.to_string()
                                    }
                                })
                                .collect::<Vec<_>>()
                                .join("\n")
                                + "\n"
                        }
                        None => text.replacen("---\n", &format!("---\nminutes: {minutes}\n"), 1),
                    };
                    write(root, &path, &text);
                    format!("minutes of {path}")
                }
                5 => {
                    let path = "content/modules/01-a/01-eerste.md";
                    let text = fs::read_to_string(root.join(path)).unwrap();
                    write(
                        root,
                        path,
                        &format!("{text}\nNog een {} in de tekst.\n", word(&mut rng)),
                    );
                    "a lesson's text".to_string()
                }
                6 if !free.is_empty() => {
                    let path = free[rng.below(free.len())].clone();
                    let text = fs::read_to_string(root.join(&path)).unwrap();
                    write(root, &path, &text.replacen("---\n", "---\ntitle: [\n", 1));
                    same_as_fresh(
                        &mut session,
                        root,
                        &format!("seed {seed} step {step}: broken {path}"),
                    );
                    write(root, &path, &text);
                    format!("fixed {path}")
                }
                7 => {
                    let path = "content/modules/01-a/03-derde.md";
                    let text = fs::read_to_string(root.join(path)).unwrap();
                    write(
                        root,
                        path,
                        &format!("{text}\n## Extra {next}\n\nMeer over {}.\n", word(&mut rng)),
                    );
                    next += 1;
                    "a new heading in a linked lesson".to_string()
                }
                _ => {
                    let name = format!("VK {}", word(&mut rng));
                    let text = fs::read_to_string(root.join("partners.yaml")).unwrap();
                    let text = text
                        .lines()
                        .map(|l| {
                            if l.starts_with("    name: VK") {
                                format!("    name: {name}")
                            } else {
                                l.to_string()
                            }
                        })
                        .collect::<Vec<_>>()
                        .join("\n");
                    write(root, "partners.yaml", &(text + "\n"));
                    "a partner's name".to_string()
                }
            };
            same_as_fresh(
                &mut session,
                root,
                &format!("seed {seed} step {step}: {what}"),
            );
        }
    }
}

/// A heading on a step page steps aside for a partner's id: renaming a partner in partners.yaml
/// renames the heading's id without any change to the page or the templates, and the kept body
/// must follow.
#[test]
fn a_partner_id_that_a_step_heading_meets_rebuilds_the_step_page() {
    let site = site();
    let root = site.root();
    edit(
        root,
        "content/stappen/02-einde.md",
        "## Wat nu",
        "## Hulp\n\nVraag hulp.\n\n## Wat nu",
    );
    let mut session = Session::new(live());
    same_as_fresh(&mut session, root, "first build");
    edit(
        root,
        "partners.yaml",
        "  - id: vk\n    name: VK Test",
        "  - id: hulp\n    name: VK Test",
    );
    same_as_fresh(
        &mut session,
        root,
        "a partner now named like a step heading",
    );
    edit(
        root,
        "partners.yaml",
        "  - id: hulp\n    name: VK Test",
        "  - id: vk\n    name: VK Test",
    );
    same_as_fresh(&mut session, root, "the partner's id back");
}

/// A lesson of `n` with three sections, of common words (in every lesson) and rare ones (in
/// a few), so the search index has several files of every kind.
fn generated_lesson(n: usize) -> String {
    let rare = |k: usize| format!("zorgpad{}", (n * 7 + k) % 23);
    let mut body = format!(
        "Over kinderen en ouders, les {n}. {} en {}.\n",
        rare(1),
        rare(2)
    );
    for s in 0..3 {
        body.push_str(&format!(
            "\n## Deel {s} van {n}\n\nEen signaal bij een kind: {} {} {}. Bel het team als je \
             twijfelt over {}.\n",
            WORDS[(n + s) % WORDS.len()],
            rare(s + 3),
            WORDS[(n * 3 + s) % WORDS.len()],
            rare(s + 4),
        ));
    }
    lesson(&format!("Les {n}"), &body)
}

/// Saves that change what the search index holds of a lesson in every way (a word's count, a
/// field's length, a word new to the site and gone again, a title, a heading, a lesson more and
/// less) on a site whose index has several terms, ends, postings and docs files: each rebuild
/// has the bytes of a fresh build.
#[test]
fn a_save_rebuilds_the_search_index_to_the_bytes_of_a_fresh_build() {
    let mut site = site().file(
        "content/modules/03-c/_module.md",
        "---\ntitle: C\n---\nOver C.\n",
    );
    for n in 0..60 {
        let path = format!("content/modules/03-c/{n:02}-les{n}.md");
        site = site.file(&path, &generated_lesson(n));
    }
    let root = site.root();
    let mut session = Session::new(live());
    same_as_fresh(&mut session, root, "first build");
    let built = leerpad::read_sources(root)
        .and_then(|s| leerpad::compile(s, &live()))
        .expect("build");
    for file in ["terms/1.js", "ends/1.js", "postings/0.js", "docs/1.js"] {
        let path = format!("zoeken/{file}");
        assert!(built.files.iter().any(|f| f.path == path), "{path}");
    }
    let les = |n: usize| format!("content/modules/03-c/{n:02}-les{n}.md");
    let steps: [(&str, &str, &str); 7] = [
        ("a word for another", "Bel het team", "Bel de zorg"),
        (
            "a sentence more",
            "Over kinderen",
            "Kijk goed. Over kinderen",
        ),
        ("a new word", "Kijk goed.", "Kijk goed naar zwijgzaamheid."),
        ("the new word gone", "naar zwijgzaamheid.", "goed."),
        ("a title", "title: Les 7", "title: Les zeven"),
        (
            "a heading more",
            "## Deel 1",
            "## Nieuw deel\n\nTekst.\n\n## Deel 1",
        ),
        ("a heading less", "## Nieuw deel\n\nTekst.\n\n", ""),
    ];
    for (i, (what, from, to)) in steps.iter().enumerate() {
        edit(root, &les(7), from, to);
        same_as_fresh(&mut session, root, what);
        // The same kind of save in another lesson, which the first changed nothing of.
        if i < 2 {
            edit(root, &les(40), from, to);
            same_as_fresh(&mut session, root, &format!("{what}, in another lesson"));
        }
    }
    write(root, &les(60), &generated_lesson(60));
    same_as_fresh(&mut session, root, "a lesson more");
    fs::remove_file(root.join(les(3))).unwrap();
    same_as_fresh(&mut session, root, "a lesson less");
    // Random words in random lessons, one save at a time.
    let mut rng = Lcg(7);
    for step in 0..12 {
        let n = [0, 1, 2, 4, 5, 6, 8, 9][rng.below(8)];
        let (from, to) = (WORDS[rng.below(WORDS.len())], WORDS[rng.below(WORDS.len())]);
        let text = fs::read_to_string(root.join(les(n))).unwrap();
        let text = match text.contains(from) {
            true => text.replacen(from, &format!("{to} {to}"), 1),
            false => text.replacen("Een signaal", &format!("Een {to}"), 1),
        };
        write(root, &les(n), &text);
        same_as_fresh(&mut session, root, &format!("random step {step}"));
    }
}

/// A link that a template writes to a lesson, and the lesson deleted: the kept link check (which
/// scans only the pages that changed) reports the broken link as a fresh build does, naming the
/// same first page and counting the same pages, also after another save while it is broken, and
/// forgets it when the lesson is back.
#[test]
fn a_template_link_to_a_lesson_that_goes_and_comes_back_is_reported_as_fresh() {
    let site = site();
    let root = site.root();
    let built = leerpad::read_sources(root)
        .and_then(|s| leerpad::compile(s, &live()))
        .unwrap();
    let twee = built
        .files
        .iter()
        .map(|f| f.path.clone())
        .find(|p| p.contains("b/") && p.ends_with("twee/index.html"))
        .expect("the lesson's page");
    let url = twee.strip_suffix("index.html").unwrap();
    edit(
        root,
        "themes/default/templates/lesson.html",
        "{% block main %}",
        &format!("{{% block main %}}<a href=\"{{{{ root }}}}{url}\">Twee</a>"),
    );
    let mut session = Session::new(live());
    same_as_fresh(&mut session, root, "a template links to a lesson");
    let lesson = "content/modules/02-b/20-twee.md";
    let text = fs::read_to_string(root.join(lesson)).unwrap();
    fs::remove_file(root.join(lesson)).unwrap();
    let fresh = leerpad::read_sources(root).and_then(|s| leerpad::compile(s, &live()));
    let report = leerpad::error::report(&fresh.err().expect("a broken link"));
    assert!(report.contains("broken link"), "{report}");
    assert!(report.contains("other pages"), "{report}");
    same_as_fresh(&mut session, root, "the lesson is gone");
    edit(
        root,
        "content/modules/01-a/01-eerste.md",
        "Tekst.",
        "Andere tekst.",
    );
    same_as_fresh(
        &mut session,
        root,
        "another lesson changed while the link is broken",
    );
    write(root, lesson, &text);
    same_as_fresh(&mut session, root, "the lesson is back");
    edit(
        root,
        "content/modules/01-a/01-eerste.md",
        "Andere tekst.",
        "Tekst.",
    );
    same_as_fresh(&mut session, root, "and a save after that");
}

/// What a page shows of other pages and of the site: a step's label (on the other steps'
/// choices and the flowchart), a free page's footer label (on every page), the site's title
/// (every page), a partner category's short name (the lessons that name a partner, the partner
/// pages), a region's name, a lesson's minutes (its module, the home page, the print versions). Each save rebuilds to the bytes of a
/// fresh build, and one that changes nothing renders nothing.
#[test]
fn what_a_page_shows_of_other_pages_rebuilds_it() {
    let site = site().file(
        "content/over.md",
        "---\ntitle: Over deze site\nfooter: Over ons\n---\nWie we zijn.\n",
    );
    let root = site.root();
    let mut session = Session::new(live());
    same_as_fresh(&mut session, root, "first build");
    let steps = [
        (
            "content/stappen/02-einde.md",
            "label: Einde",
            "label: Het einde",
        ),
        (
            "content/over.md",
            "footer: Over ons",
            "footer: Wie wij zijn",
        ),
        ("leerpad.toml", "Testsite", "Een andere titel"),
        ("partners.yaml", "short: VK", "short: VCK"),
        ("partners.yaml", "name: Heel Vlaanderen", "name: Vlaanderen"),
        (
            "content/modules/02-b/20-twee.md",
            "title: Twee\n",
            "title: Twee\nminutes: 4\n",
        ),
    ];
    for (path, from, to) in steps {
        edit(root, path, from, to);
        same_as_fresh(&mut session, root, &format!("{path}: {to}"));
        assert!(
            session.stats().pages_rendered > 0,
            "{path}: {:?}",
            session.stats()
        );
        same_as_fresh(
            &mut session,
            root,
            &format!("{path}: saved again unchanged"),
        );
        assert_eq!(
            session.stats().pages_rendered,
            0,
            "{path}: {:?}",
            session.stats()
        );
    }
}
