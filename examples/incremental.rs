//! Times `serve`'s incremental rebuild against a whole build in memory, in the same run, in
//! wall time and in CPU time (the process's user + system time, which other work on the
//! machine does not inflate much). Reads the site once, then for each of SAVES rounds changes
//! a sentence of one lesson (every third round its title, every fourth a heading) and times a
//! fresh `compile` and a `Session::rebuild` of the same sources.
//! Run: cargo run --release --example incremental [ROOT] [SAVES]

use leerpad::incremental::Session;
use leerpad::Overrides;

/// The allocator of the `leerpad` binary, so the figures are those of `serve`.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[path = "shared/bench.rs"]
mod bench;
use bench::{median, middle_lesson, time};

fn main() {
    let mut args = std::env::args().skip(1);
    let root = std::path::PathBuf::from(args.next().unwrap_or_else(|| ".".into()));
    let saves: usize = args.next().map_or(8, |s| s.parse().expect("SAVES"));
    let live = Overrides {
        base_url: None,
        live_reload: true,
    };
    let mut sources = leerpad::read_sources(&root).expect("read");
    let lesson = middle_lesson(&sources);
    let original = String::from_utf8(sources.content[lesson].bytes.clone()).expect("utf-8");
    println!("saving {}", sources.content[lesson].path.display());

    let mut session = Session::new(live.clone());
    let (_, wall, cpu) = time(|| session.rebuild(sources.clone()).expect("first build"));
    println!("first rebuild (whole build): {wall:.1} ms wall, {cpu:.1} ms CPU");
    let (mut full_wall, mut full_cpu, mut inc_wall, mut inc_cpu) = (vec![], vec![], vec![], vec![]);
    for i in 1..=saves {
        let mut text = original.replacen("\n---\n", &format!("\n---\nMeetzin {i}. "), 1);
        if i % 3 == 0 {
            let line = text
                .lines()
                .find(|l| l.starts_with("title: "))
                .unwrap_or("")
                .to_string();
            text = text.replacen(&line, &format!("{line} {i}"), 1);
        }
        if i % 4 == 0 {
            let line = text
                .lines()
                .find(|l| l.starts_with("## "))
                .unwrap_or("")
                .to_string();
            text = text.replacen(&line, &format!("{line} {i}"), 1);
        }
        sources.content[lesson].bytes = text.into_bytes();
        // PROFILE_REBUILD=1: rebuilds only, for a profiler.
        let (fresh, fw, fc) = match std::env::var_os("PROFILE_REBUILD") {
            Some(_) => (None, f64::NAN, f64::NAN),
            None => {
                let (built, w, c) =
                    time(|| leerpad::compile(sources.clone(), &live).expect("build"));
                (Some(built), w, c)
            }
        };
        let (rebuilt, iw, ic) = time(|| session.rebuild(sources.clone()).expect("rebuild"));
        if let Some(fresh) = fresh {
            assert!(
                fresh.files == rebuilt.files,
                "save {i}: the rebuild differs from a fresh build"
            );
        }
        let stats = session.stats();
        println!(
            "save {i}: whole build {fw:.1} ms wall / {fc:.1} ms CPU; rebuild {iw:.1} ms wall / \
             {ic:.1} ms CPU ({} of {} bodies, {} of {} pages rendered; ms: prepare {:.1}, pages \
             {:.1} beside search {:.1}, finish {:.1})",
            stats.bodies_rendered,
            stats.bodies,
            stats.pages_rendered,
            stats.pages,
            stats.prepare_ms,
            stats.times.pages,
            stats.times.search,
            stats.times.finish
        );
        full_wall.push(fw);
        full_cpu.push(fc);
        inc_wall.push(iw);
        inc_cpu.push(ic);
    }
    let (fw, fc, iw, ic) = (
        median(full_wall),
        median(full_cpu),
        median(inc_wall),
        median(inc_cpu),
    );
    println!(
        "median: whole build {fw:.1} ms wall / {fc:.1} ms CPU; rebuild {iw:.1} ms wall / {ic:.1} \
         ms CPU; rebuild/whole {:.3} wall, {:.3} CPU",
        iw / fw,
        ic / fc
    );
    let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    println!(
        "load average: {}",
        load.split_whitespace()
            .take(3)
            .collect::<Vec<_>>()
            .join(" ")
    );
}
