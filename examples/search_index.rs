//! Prints how long the search index of a site takes to build, apart from the rest of the build.
//! Run: cargo run --release --example search_index [ROOT]
//! (bench/search.sh runs it; the best of three rounds is the figure to quote.)

use std::path::PathBuf;
use std::time::Instant;

fn main() {
    let root = PathBuf::from(std::env::args().nth(1).unwrap_or_else(|| ".".into()));
    let sources = leerpad::read_sources(&root).expect("read");
    let prepared = leerpad::prepare(sources, &leerpad::Overrides::default()).expect("prepare");
    let mut best = f64::MAX;
    for _ in 0..3 {
        let t = Instant::now();
        let files = leerpad::search::index_files(&prepared.site).expect("index");
        let ms = t.elapsed().as_secs_f64() * 1e3;
        best = best.min(ms);
        let bytes: usize = files.iter().map(|f| f.bytes.len()).sum();
        println!(
            "search index: {ms:.0} ms, {} files, {bytes} bytes",
            files.len()
        );
    }
    println!("search index: best {best:.0} ms");
}
