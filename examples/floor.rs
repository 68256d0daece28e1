//! The read–render–write floor of a build: what no static site generator can do without. Reads
//! every Markdown file under ROOT/content, renders its body (after the front matter) with
//! pulldown-cmark, and writes one `index.html` per page under OUT, on all cores. No templates,
//! no links, no search, no checks. bench/build.sh compares a leerpad build with it.
//! Run: cargo run --release --example floor ROOT OUT

use std::fs;
use std::path::{Path, PathBuf};
use std::time::Instant;

use rayon::prelude::*;

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn markdown_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            markdown_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "md") {
            out.push(path);
        }
    }
}

/// The body of a Markdown file: what follows its front matter.
fn body(text: &str) -> &str {
    let Some(rest) = text.strip_prefix("---\n") else {
        return text;
    };
    rest.find("\n---\n").map_or(rest, |end| &rest[end + 5..])
}

fn main() {
    let mut args = std::env::args().skip(1);
    let root = PathBuf::from(args.next().expect("usage: floor ROOT OUT"));
    let out = PathBuf::from(args.next().expect("usage: floor ROOT OUT"));
    let started = Instant::now();
    let mut files = Vec::new();
    markdown_files(&root.join("content"), &mut files);
    let bytes: usize = files
        .par_iter()
        .map(|path| {
            let text = fs::read_to_string(path).expect("read");
            let mut html = String::with_capacity(text.len() * 3 / 2);
            let parser =
                pulldown_cmark::Parser::new_ext(body(&text), pulldown_cmark::Options::all());
            pulldown_cmark::html::push_html(&mut html, parser);
            let relative = path
                .strip_prefix(&root)
                .expect("under root")
                .with_extension("");
            let folder = out.join(relative);
            fs::create_dir_all(&folder).expect("mkdir");
            fs::write(folder.join("index.html"), &html).expect("write");
            html.len()
        })
        .sum();
    println!(
        "{} pages, {} KB of HTML in {:.0} ms",
        files.len(),
        bytes / 1024,
        started.elapsed().as_secs_f64() * 1e3
    );
}
