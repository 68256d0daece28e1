//! Prints how long each stage of a build takes, for the site in ROOT (default: this folder).
//! Run: cargo run --release --example stages [ROOT]
//! Rendering goes to a sink that only counts bytes, so disk speed does not blur the figures.

use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use leerpad::render::{OutputFile, Sink};

#[derive(Default)]
struct Counting(AtomicUsize, AtomicUsize);

impl Sink for Counting {
    fn put(&self, file: OutputFile) -> leerpad::Result<()> {
        self.0.fetch_add(1, Ordering::Relaxed);
        self.1.fetch_add(file.bytes.len(), Ordering::Relaxed);
        Ok(())
    }
}

fn ms(t: Instant) -> f64 {
    t.elapsed().as_secs_f64() * 1e3
}

fn main() {
    let root = PathBuf::from(std::env::args().nth(1).unwrap_or_else(|| ".".into()));
    for round in 0..3 {
        let t = Instant::now();
        let sources = leerpad::read_sources(&root).expect("read");
        let read = ms(t);
        let t = Instant::now();
        let prepared = leerpad::prepare(sources, &leerpad::Overrides::default()).expect("prepare");
        let prepare = ms(t);
        let t = Instant::now();
        let sink = Counting::default();
        prepared
            .renderer
            .render_into(&prepared.site, &sink)
            .expect("render");
        let render = ms(t);
        let t = Instant::now();
        let index: usize = if std::env::var_os("STAGES_NO_SEARCH").is_some() {
            0
        } else {
            leerpad::search::index_files(&prepared.site)
                .expect("index")
                .iter()
                .map(|f| f.bytes.len())
                .sum()
        };
        let search = ms(t);
        println!(
            "round {round}: read {read:.0} ms, prepare {prepare:.0} ms, render {render:.0} ms \
             ({} files, {} KB), search {search:.0} ms ({} KB)",
            sink.0.load(Ordering::Relaxed),
            sink.1.load(Ordering::Relaxed) / 1024,
            index / 1024
        );
    }
}
