//! Times the search index's part of `serve`'s rebuild alone: reads and prepares the site, then
//! for each of SAVES rounds changes one lesson as examples/incremental.rs does (a sentence; every
//! third round its title, every fourth a heading; here also every fifth a new section at its
//! end: a document more, and one less the round after), prepares it outside the timing and writes
//! the index with the session's `KeptAnalysis`, in wall time and CPU time (the process's user +
//! system time: only the index is made while it is timed). Checks each round's files against a
//! fresh index of the same site, and prints the fresh index's time too (not with
//! PROFILE_SAVE=1, for a profiler).
//! Run: cargo run --release --example search_save [ROOT] [SAVES]

use leerpad::render::MemorySink;
use leerpad::search::{self, KeptAnalysis, QueryHints};
use leerpad::Overrides;

/// The allocator of the `leerpad` binary, so the figures are those of `serve`.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[path = "shared/bench.rs"]
mod bench;
use bench::{median, middle_lesson, time};

/// The index files of `site`, written with `kept` (a session) or fresh.
fn index(
    site: &leerpad::site::Site,
    kept: Option<&KeptAnalysis>,
) -> Vec<leerpad::render::OutputFile> {
    let sink = MemorySink::default();
    search::write_index_kept(site, &QueryHints::default(), &sink, kept).expect("index");
    sink.into_files()
}

/// The text of the lesson in round `i` (see the module).
fn edited(original: &str, i: usize) -> String {
    let mut text = original.replacen("\n---\n", &format!("\n---\nMeetzin {i}. "), 1);
    for (every, start) in [(3, "title: "), (4, "## ")] {
        if i.is_multiple_of(every) {
            let line = text
                .lines()
                .find(|l| l.starts_with(start))
                .unwrap_or("")
                .to_string();
            text = text.replacen(&line, &format!("{line} {i}"), 1);
        }
    }
    if i.is_multiple_of(5) {
        text.push_str(&format!("\n## Meetkop {i}\n\nMeettekst {i}.\n"));
    }
    text
}

fn main() {
    let mut args = std::env::args().skip(1);
    let root = std::path::PathBuf::from(args.next().unwrap_or_else(|| ".".into()));
    let saves: usize = args.next().map_or(8, |s| s.parse().expect("SAVES"));
    let overrides = Overrides::default();
    let mut sources = leerpad::read_sources(&root).expect("read");
    let lesson = middle_lesson(&sources);
    let original = String::from_utf8(sources.content[lesson].bytes.clone()).expect("utf-8");
    println!("saving {}", sources.content[lesson].path.display());
    let kept = KeptAnalysis::default();
    let prepared = leerpad::prepare(sources.clone(), &overrides).expect("prepare");
    let (files, wall, cpu) = time(|| index(&prepared.site, Some(&kept)));
    println!(
        "first index: {wall:.1} ms wall, {cpu:.1} ms CPU, {} files",
        files.len()
    );
    let (mut fresh_cpu, mut save_wall, mut save_cpu) = (vec![], vec![], vec![]);
    // The saves that add or remove a document, apart: they rebuild more (see search/kept.rs).
    let mut other_cpu = vec![];
    for i in 1..=saves {
        sources.content[lesson].bytes = edited(&original, i).into_bytes();
        let prepared = leerpad::prepare(sources.clone(), &overrides).expect("prepare");
        // PROFILE_SAVE=1: the kept index only, for a profiler.
        let profile = std::env::var_os("PROFILE_SAVE").is_some();
        let (fresh, fw, fc) = match profile {
            true => (None, f64::NAN, f64::NAN),
            false => {
                let (files, w, c) = time(|| index(&prepared.site, None));
                (Some(files), w, c)
            }
        };
        let (saved, w, c) = time(|| index(&prepared.site, Some(&kept)));
        if let Some(fresh) = fresh {
            assert!(
                fresh == saved,
                "save {i}: the index differs from a fresh one"
            );
        }
        let docs = match i % 5 {
            0 => " (a document more)",
            1 if i > 1 => " (a document less)",
            _ => "",
        };
        println!("save {i}: fresh index {fw:.1} ms wall / {fc:.1} ms CPU; kept {w:.1} ms wall / {c:.1} ms CPU{docs}");
        fresh_cpu.push(fc);
        if !docs.is_empty() {
            other_cpu.push(c);
            continue;
        }
        save_wall.push(w);
        save_cpu.push(c);
    }
    let (fc, w, c) = (median(fresh_cpu), median(save_wall), median(save_cpu));
    println!(
        "median of the saves with the same documents: fresh index {fc:.1} ms CPU; kept {w:.1} ms wall / {c:.1} ms CPU; kept/fresh {:.3} CPU",
        c / fc
    );
    if !other_cpu.is_empty() {
        let o = median(other_cpu);
        println!(
            "median of the saves with a document more or less: kept {o:.1} ms CPU; kept/fresh \
             {:.3} CPU",
            o / fc
        );
    }
}
