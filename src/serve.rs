//! `leerpad serve`: build in memory, serve on 127.0.0.1, rebuild on change, reload open pages.
//!
//! Owns: the watcher, a small HTTP/1.1 server for GET requests, server-sent events for reload,
//! and showing a broken build's errors on the page.
//! Does not: write the site to disk or know how pages are made (it calls `read_sources` and
//! `compile` like `build` does).

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex, RwLock};
use std::thread;
use std::time::{Duration, Instant};

use notify::{RecursiveMode, Watcher};

use crate::error::{report, Error};
use crate::{compile, read_sources, Overrides};

const LIVE_JS: &str = "const source = new EventSource('/__leerpad/events');\n\
source.addEventListener('reload', () => window.location.reload());\n";
const LIVE_CSS: &str = ".leerpad-error{position:relative;z-index:1000;margin:0;padding:1rem;\
background:#fff0f0;color:#5c0000;border-bottom:4px solid #a00000;font:1rem/1.4 monospace;\
white-space:pre-wrap;overflow-wrap:anywhere}\n";
const LIVE_PREFIX: &str = "/__leerpad/";

/// Folders under the root whose changes never need a rebuild.
const IGNORED: &[&str] = &["public", "target", ".git", "node_modules", "fuzz"];

/// The site as served now: the last good files and, if the last build failed, its errors.
#[derive(Default)]
struct Served {
    files: HashMap<String, Arc<Vec<u8>>>,
    error: Option<String>,
}

type Clients = Arc<Mutex<Vec<Sender<()>>>>;

/// Runs until the process is stopped.
pub fn run(root: &Path, port: u16) -> Result<(), Error> {
    let served = Arc::new(RwLock::new(Served::default()));
    rebuild(root, &served);
    let listener = TcpListener::bind(("127.0.0.1", port)).map_err(|e| {
        Error::io(
            format!("127.0.0.1:{port}"),
            std::io::Error::new(
                e.kind(),
                format!("{e}; is another server on this port? try --port"),
            ),
        )
    })?;
    println!(
        "serving {} on http://127.0.0.1:{port}/ (Ctrl+C stops)",
        root.display()
    );

    let clients: Clients = Arc::new(Mutex::new(Vec::new()));
    let (changes_tx, changes_rx) = mpsc::channel();
    let mut watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        // Reading the sources for a rebuild raises access events; only changes count.
        if let Ok(event) = event {
            if matches!(
                event.kind,
                notify::EventKind::Create(_)
                    | notify::EventKind::Modify(_)
                    | notify::EventKind::Remove(_)
            ) && !matches!(
                event.kind,
                notify::EventKind::Modify(notify::event::ModifyKind::Metadata(_))
            ) {
                let _ = changes_tx.send(event.paths);
            }
        }
    })
    .map_err(|e| Error::io(root, std::io::Error::other(e.to_string())))?;
    watcher
        .watch(root, RecursiveMode::Recursive)
        .map_err(|e| Error::io(root, std::io::Error::other(e.to_string())))?;
    {
        let (root, served, clients) = (root.to_path_buf(), served.clone(), clients.clone());
        thread::spawn(move || watch_loop(&root, &served, &clients, &changes_rx));
    }

    for stream in listener.incoming() {
        let Ok(stream) = stream else { continue };
        let (served, clients) = (served.clone(), clients.clone());
        thread::spawn(move || {
            let _ = handle(stream, &served, &clients);
        });
    }
    drop(watcher);
    Ok(())
}

fn watch_loop(
    root: &Path,
    served: &RwLock<Served>,
    clients: &Clients,
    changes: &Receiver<Vec<PathBuf>>,
) {
    let root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    while let Ok(paths) = changes.recv() {
        let mut relevant = paths.iter().any(|p| matters(&root, p));
        // Editors save in bursts (temp file, rename, touch): wait for the burst to end.
        loop {
            match changes.recv_timeout(Duration::from_millis(40)) {
                Ok(more) => relevant |= more.iter().any(|p| matters(&root, p)),
                Err(RecvTimeoutError::Timeout) => break,
                Err(RecvTimeoutError::Disconnected) => return,
            }
        }
        if relevant {
            rebuild(&root, served);
            let mut list = clients.lock().unwrap_or_else(|e| e.into_inner());
            list.retain(|client| client.send(()).is_ok());
        }
    }
}

/// True when a changed path is an input of the site (not output, not an editor's temp file).
fn matters(root: &Path, path: &Path) -> bool {
    let relative = path.strip_prefix(root).unwrap_or(path);
    let mut components = relative.components();
    let first = match components.next() {
        Some(Component::Normal(first)) => first.to_string_lossy().into_owned(),
        _ => return false,
    };
    if IGNORED.contains(&first.as_str()) || first.starts_with('.') {
        return false;
    }
    let name = relative
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    !(name.starts_with('.') || name.ends_with('~') || name.ends_with(".swp"))
}

fn rebuild(root: &Path, served: &RwLock<Served>) {
    let started = Instant::now();
    let result = read_sources(root).and_then(|s| compile(s, &Overrides::default()));
    let mut state = served.write().unwrap_or_else(|e| e.into_inner());
    match result {
        Ok(built) => {
            for warning in &built.warnings {
                eprintln!("{warning}");
            }
            state.files = built
                .files
                .into_iter()
                .map(|f| (f.path, Arc::new(f.bytes)))
                .collect();
            state.error = None;
            println!("rebuilt in {} ms", started.elapsed().as_millis());
        }
        Err(error) => {
            let text = report(&error);
            eprintln!("{text}\nthe site has errors; still serving the last good build");
            state.error = Some(text);
        }
    }
}

fn handle(stream: TcpStream, served: &RwLock<Served>, clients: &Clients) -> std::io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request_line = String::new();
    reader.read_line(&mut request_line)?;
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header)? == 0 || header.trim().is_empty() {
            break;
        }
    }
    let mut parts = request_line.split_whitespace();
    let (method, target) = (parts.next().unwrap_or(""), parts.next().unwrap_or("/"));
    let mut stream = stream;
    if method != "GET" && method != "HEAD" {
        return respond(
            &mut stream,
            405,
            "text/plain; charset=utf-8",
            b"only GET\n",
            method == "HEAD",
        );
    }
    let path = target.split(['?', '#']).next().unwrap_or("/");
    let path = crate::content::markdown::percent_decode(path);
    if path == "/__leerpad/events" {
        return events(stream, clients);
    }
    if let Some(name) = path.strip_prefix(LIVE_PREFIX) {
        return match name {
            "live.js" => respond(
                &mut stream,
                200,
                "text/javascript; charset=utf-8",
                LIVE_JS.as_bytes(),
                false,
            ),
            "live.css" => respond(
                &mut stream,
                200,
                "text/css; charset=utf-8",
                LIVE_CSS.as_bytes(),
                false,
            ),
            _ => respond(
                &mut stream,
                404,
                "text/plain; charset=utf-8",
                b"not found\n",
                false,
            ),
        };
    }
    let state = served.read().unwrap_or_else(|e| e.into_inner());
    let key = path.trim_start_matches('/');
    let candidates = if key.is_empty() || key.ends_with('/') {
        vec![format!("{key}index.html")]
    } else {
        vec![key.to_string(), format!("{key}/index.html")]
    };
    let found = candidates
        .iter()
        .find_map(|k| state.files.get(k).map(|b| (k, b.clone())));
    let head = method == "HEAD";
    match found {
        Some((name, _))
            if !key.is_empty()
                && !key.ends_with('/')
                && name.ends_with("/index.html")
                && !key.ends_with("index.html") =>
        {
            let location = format!("/{key}/");
            let header = format!(
                "HTTP/1.1 301 Moved Permanently\r\nLocation: {location}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
            );
            stream.write_all(header.as_bytes())
        }
        Some((name, bytes)) => {
            let kind = content_type(name);
            if kind.starts_with("text/html") {
                let page = decorate(&bytes, state.error.as_deref());
                respond(&mut stream, 200, kind, &page, head)
            } else {
                respond(&mut stream, 200, kind, &bytes, head)
            }
        }
        None => {
            let body = state
                .files
                .get("404.html")
                .map(|b| decorate(b, state.error.as_deref()))
                .unwrap_or_else(|| decorate(b"<!doctype html><html><head><title>leerpad</title></head><body></body></html>", state.error.as_deref()));
            respond(&mut stream, 404, "text/html; charset=utf-8", &body, head)
        }
    }
}

/// Adds the live-reload script and, after a failed rebuild, the errors at the top of the page.
fn decorate(html: &[u8], error: Option<&str>) -> Vec<u8> {
    let mut page = String::from_utf8_lossy(html).into_owned();
    if let Some(error) = error {
        if let Some(head_end) = page.find("</head>") {
            page.insert_str(
                head_end,
                "<link rel=\"stylesheet\" href=\"/__leerpad/live.css\">",
            );
        }
        let banner = format!(
            "<pre class=\"leerpad-error\" role=\"alert\">{}</pre>",
            crate::html::escape(error)
        );
        match page
            .find("<body")
            .and_then(|i| page[i..].find('>').map(|j| i + j + 1))
        {
            Some(at) => page.insert_str(at, &banner),
            None => page.insert_str(0, &banner),
        }
    }
    let script = "<script type=\"module\" src=\"/__leerpad/live.js\"></script>";
    match page.rfind("</body>") {
        Some(at) => page.insert_str(at, script),
        None => page.push_str(script),
    }
    page.into_bytes()
}

fn events(mut stream: TcpStream, clients: &Clients) -> std::io::Result<()> {
    stream.write_all(
        b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nConnection: keep-alive\r\n\r\n: connected\n\n",
    )?;
    let (tx, rx) = mpsc::channel();
    clients.lock().unwrap_or_else(|e| e.into_inner()).push(tx);
    loop {
        match rx.recv_timeout(Duration::from_secs(15)) {
            Ok(()) => stream.write_all(b"event: reload\ndata: reload\n\n")?,
            // A comment line keeps proxies and the browser from closing an idle stream.
            Err(RecvTimeoutError::Timeout) => stream.write_all(b": ping\n\n")?,
            Err(RecvTimeoutError::Disconnected) => return Ok(()),
        }
        stream.flush()?;
    }
}

fn respond(
    stream: &mut TcpStream,
    status: u16,
    kind: &str,
    body: &[u8],
    head: bool,
) -> std::io::Result<()> {
    let reason = match status {
        200 => "OK",
        404 => "Not Found",
        405 => "Method Not Allowed",
        _ => "Error",
    };
    let header = format!(
        "HTTP/1.1 {status} {reason}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n",
        body.len()
    );
    stream.write_all(header.as_bytes())?;
    if !head {
        stream.write_all(body)?;
    }
    stream.flush()
}

/// The media type for a file name.
pub fn content_type(name: &str) -> &'static str {
    match name.rsplit('.').next().unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" | "webmanifest" => "application/json",
        "xml" => "application/xml",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "pdf" => "application/pdf",
        "txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}
