//! Prints how long each stage of a build of the site under the current folder takes.
//! Run: cargo run --release --example stages [ROOT]

use std::path::PathBuf;
use std::time::Instant;

fn main() {
    let root = PathBuf::from(std::env::args().nth(1).unwrap_or_else(|| ".".into()));
    for round in 0..3 {
        let t = Instant::now();
        let sources = leerpad::read_sources(&root).expect("read");
        let read = t.elapsed();
        let t = Instant::now();
        let built = leerpad::compile(&sources, &leerpad::Overrides::default()).expect("compile");
        let compile = t.elapsed();
        println!(
            "round {round}: read {:.1} ms, compile {:.1} ms, {} files",
            read.as_secs_f64() * 1e3,
            compile.as_secs_f64() * 1e3,
            built.files.len()
        );
    }
}
