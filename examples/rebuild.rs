//! Times what `leerpad serve` does on every save: read the sources, prepare and render the whole
//! site in memory. Thirty rounds; prints the fastest, median, 90th percentile and slowest, each
//! with its read / prepare / render (pages beside the search index) parts.
//! Run: cargo run --release --example rebuild [ROOT]

use std::time::Instant;

/// The allocator of the `leerpad` binary, so the figures are those of `serve`.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

const ROUNDS: usize = 30;

fn ms(t: Instant) -> f64 {
    t.elapsed().as_secs_f64() * 1e3
}

fn main() {
    let root = std::path::PathBuf::from(std::env::args().nth(1).unwrap_or_else(|| ".".into()));
    let mut rounds = Vec::with_capacity(ROUNDS);
    for _ in 0..ROUNDS {
        let t = Instant::now();
        let sources = leerpad::read_sources(&root).expect("read");
        let read = ms(t);
        let t = Instant::now();
        let prepared = leerpad::prepare(sources, &leerpad::Overrides::default()).expect("prepare");
        let prepare = ms(t);
        let t = Instant::now();
        let sink = leerpad::render::MemorySink::default();
        prepared.render_into(&sink).expect("render");
        let render = ms(t);
        rounds.push([read + prepare + render, read, prepare, render]);
    }
    rounds.sort_by(|a, b| a[0].total_cmp(&b[0]));
    for (name, i) in [
        ("fastest", 0),
        ("median", ROUNDS / 2),
        ("p90", ROUNDS * 9 / 10),
        ("slowest", ROUNDS - 1),
    ] {
        let [total, read, prepare, render] = rounds[i];
        println!(
            "{name:>8}: {total:5.1} ms (read {read:.1}, prepare {prepare:.1}, render {render:.1})"
        );
    }
}
