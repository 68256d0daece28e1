//! Prints how much heap a build holds after each stage, and its peak, for the site in ROOT
//! (default: this folder), written to OUT (default: a folder in the system's temp folder).
//! Run: cargo run --release --example memory [ROOT [OUT]]
//!
//! A counting allocator around mimalloc (the allocator of `leerpad build`): live bytes after
//! reading the sources, after preparing the site, and the peak during the render (as `leerpad
//! build` renders: the pages to disk, their bodies freed, then the search index). With
//! `MEMORY_SEARCH_ONLY=1` the render is the search index alone, with `MEMORY_PAGES_ONLY=1` the
//! pages alone (both into a sink that drops what it gets), to tell their shares apart. With
//! `MEMORY_SAMPLE_MS=N` a thread prints the live heap and the resident set every N ms.
//! The heap is not the process's RSS (allocator pages, code and the kernel's share are not in
//! it), but it moves with it and says which stage holds what.

use std::alloc::{GlobalAlloc, Layout};
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

use leerpad::render::{OutputFile, Sink};

struct Counting;

/// The allocator of `leerpad build` (src/main.rs).
static INNER: mimalloc::MiMalloc = mimalloc::MiMalloc;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

// SAFETY: every call is forwarded to mimalloc unchanged; only counters are added.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = INNER.alloc(layout);
        if !p.is_null() {
            grew(layout.size());
        }
        p
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        let p = INNER.alloc_zeroed(layout);
        if !p.is_null() {
            grew(layout.size());
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        INNER.dealloc(ptr, layout);
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let p = INNER.realloc(ptr, layout, new_size);
        if !p.is_null() {
            LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
            grew(new_size);
        }
        p
    }
}

fn grew(size: usize) {
    let live = LIVE.fetch_add(size, Ordering::Relaxed) + size;
    PEAK.fetch_max(live, Ordering::Relaxed);
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

fn mb(bytes: usize) -> f64 {
    bytes as f64 / (1024.0 * 1024.0)
}

/// Live MB now, and the peak since the last call (which starts a new peak from now).
fn mark(stage: &str) {
    let live = LIVE.load(Ordering::Relaxed);
    let peak = PEAK.swap(live, Ordering::Relaxed);
    println!(
        "{stage:<10} live {:7.1} MB, peak {:7.1} MB",
        mb(live),
        mb(peak)
    );
}

/// What the pages of the model hold, by part (string capacities, in MB).
fn model(site: &leerpad::site::Site) {
    let (mut html, mut print, mut handout, mut sections, mut texts) = (0, 0, 0, 0, 0);
    for page in &site.pages {
        html += page.html.capacity();
        print += page.print_html.held_bytes();
        handout += page.handout_html.capacity();
        for section in page.sections.iter() {
            sections += std::mem::size_of_val(section)
                + section.title.capacity()
                + section.id.as_ref().map_or(0, String::capacity);
            texts += section.text.capacity();
        }
    }
    println!(
        "model      {} pages: html {:.1} MB, print {:.1} MB, handout {:.1} MB, section texts \
         {:.1} MB, sections {:.1} MB",
        site.pages.len(),
        mb(html),
        mb(print),
        mb(handout),
        mb(texts),
        mb(sections)
    );
}

/// Prints the live heap and the process's resident set every `ms` ms, on a thread of its own.
fn sample_every(ms: u64) {
    let started = std::time::Instant::now();
    std::thread::spawn(move || loop {
        let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
        let rss_kb: usize = status
            .lines()
            .find_map(|l| l.strip_prefix("VmRSS:"))
            .and_then(|v| v.split_whitespace().next()?.parse().ok())
            .unwrap_or(0);
        println!(
            "{:6.0} ms  live {:6.1} MB  rss {:6.1} MB",
            started.elapsed().as_secs_f64() * 1e3,
            mb(LIVE.load(Ordering::Relaxed)),
            rss_kb as f64 / 1024.0
        );
        std::thread::sleep(std::time::Duration::from_millis(ms));
    });
}

/// Drops every file it is given.
struct Nowhere;

impl Sink for Nowhere {
    fn put(&self, _file: OutputFile) -> leerpad::Result<()> {
        Ok(())
    }
}

fn main() {
    let mut args = std::env::args().skip(1);
    let root = PathBuf::from(args.next().unwrap_or_else(|| ".".into()));
    let out = args
        .next()
        .map(PathBuf::from)
        .unwrap_or_else(|| std::env::temp_dir().join("leerpad-memory-out"));
    if let Some(ms) = std::env::var("MEMORY_SAMPLE_MS")
        .ok()
        .and_then(|v| v.parse().ok())
    {
        sample_every(ms);
    }
    mark("start");
    let sources = leerpad::read_sources(&root).expect("read");
    mark("read");
    let prepared = leerpad::prepare(sources, &leerpad::Overrides::default()).expect("prepare");
    mark("prepare");
    model(&prepared.site);
    if std::env::var_os("MEMORY_SEARCH_ONLY").is_some() {
        let hints = leerpad::search::QueryHints::default();
        leerpad::search::write_index(&prepared.site, &hints, &Nowhere).expect("index");
    } else if std::env::var_os("MEMORY_PAGES_ONLY").is_some() {
        prepared
            .renderer
            .render_into(&prepared.site, &Nowhere)
            .expect("render");
    } else {
        // As `leerpad build` renders: the bodies are freed once the pages are made.
        let once = std::sync::Mutex::new(Some(prepared));
        leerpad::output::write_atomically(&out, |sink| {
            let prepared = once.lock().unwrap().take().expect("one attempt");
            prepared.render_releasing(sink).map(drop)
        })
        .expect("write");
        mark("render");
        return;
    }
    mark("render");
    drop(prepared);
    mark("dropped");
}
