//! `leerpad serve`: build in memory, serve on 127.0.0.1, rebuild on change, reload open pages.
//!
//! Owns: the watcher, a small HTTP/1.1 server for GET requests, server-sent events for reload,
//! and a broken build's errors for the page to show (`serve/live.js`, which every served page
//! loads: the pages are rendered with `live_reload` set, never edited here).
//! Does not: write the site to disk or know how pages are made (it calls `read_sources` and
//! `compile` like `build` does).

mod http;
mod quiet;

use std::collections::HashMap;
use std::net::{TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex, RwLock};
use std::thread;
use std::time::{Duration, Instant};

use notify::{RecursiveMode, Watcher};

use crate::error::{report, Error};
use crate::incremental::Session;
use crate::Overrides;
pub use http::{content_type, MAX_HEAD_BYTES, REQUEST_DEADLINE};
use http::{respond, Head};
use quiet::Activity;

/// The script every served page loads (base.html, when `live_reload` is set): reload, errors.
const LIVE_JS: &str = include_str!("serve/live.js");
const LIVE_CSS: &str = include_str!("serve/live.css");
/// Served pages load the live-reload script.
const LIVE: Overrides = Overrides {
    base_url: None,
    live_reload: true,
};
/// The paths `serve` answers itself, beside the site's files.
pub const LIVE_PREFIX: &str = "/__leerpad/";

/// The most connections served at once; more are told to come back (503). Each holds a thread
/// for at most `REQUEST_DEADLINE` plus `http::RESPONSE_DEADLINE`, live-reload streams aside.
pub const MAX_CONNECTIONS: usize = 1024;

/// Folders under the root whose changes never need a rebuild.
const IGNORED: &[&str] = &["public", "target", ".git", "node_modules", "fuzz"];

/// The site as served now: the last good files and, if the last build failed, its errors.
#[derive(Default)]
struct Served {
    files: HashMap<String, Arc<Vec<u8>>>,
    error: Option<Arc<str>>,
    /// The warnings of the last good build, shown once: a save prints only the new ones.
    warned: std::collections::HashSet<String>,
}

/// Each open page's event stream, sent what the last rebuild changed (see `Reload`).
type Clients = Arc<Mutex<Vec<Sender<Arc<str>>>>>;

/// What a rebuild tells the open pages: the files it changed (each page reloads when it is
/// one of them or loaded one of them), or that every page must reload (`*`: the error banner
/// comes or goes, or too much changed to list).
struct Reload(Arc<str>);

/// More changed files than this, and the pages are told to reload all.
const MAX_LISTED: usize = 500;

impl Reload {
    fn all() -> Reload {
        Reload("*".into())
    }

    /// The files that differ between `old` and `new` (changed, made or gone), as their URL
    /// paths in a JSON list.
    fn between(old: &HashMap<String, Arc<Vec<u8>>>, new: &HashMap<String, Arc<Vec<u8>>>) -> Reload {
        let mut changed: Vec<String> = new
            .iter()
            .filter(|(path, bytes)| {
                // A kept file is the same `Arc` as in the last build: no bytes to compare.
                old.get(*path)
                    .is_none_or(|was| !Arc::ptr_eq(was, bytes) && was != *bytes)
            })
            .chain(old.iter().filter(|(path, _)| !new.contains_key(*path)))
            .map(|(path, _)| format!("/{path}"))
            .collect();
        if changed.len() > MAX_LISTED {
            return Reload::all();
        }
        changed.sort();
        Reload(
            serde_json::to_string(&changed)
                .unwrap_or_else(|_| "*".into())
                .into(),
        )
    }
}

/// Runs until the process is stopped. `on_quiet` runs once whenever the server has had no
/// rebuild and no connection open or close for `quiet::QUIET` (`main.rs`: the allocator's purge).
pub fn run(root: &Path, port: u16, on_quiet: fn()) -> Result<(), Error> {
    let activity = Activity::watch(on_quiet);
    let served = Arc::new(RwLock::new(Served::default()));
    let mut session = Session::new(LIVE);
    let first = Named {
        paths: &[],
        all: false,
    };
    let _ = rebuild(root, first, &served, &mut session);
    activity.touch();
    let listener = TcpListener::bind(("127.0.0.1", port)).map_err(|e| {
        Error::io(
            format!("127.0.0.1:{port}"),
            std::io::Error::new(
                e.kind(),
                format!("{e}; is another server on this port? try --port"),
            ),
        )
    })?;
    widen_backlog(&listener);

    let clients: Clients = Arc::new(Mutex::new(Vec::new()));
    let (changes_tx, changes_rx) = mpsc::channel();
    let mut watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        let change = match event {
            // Events were lost (the kernel's queue overflowed) or the watch failed: every
            // file may have changed.
            Err(_) => Change::Unknown,
            Ok(event) if event.need_rescan() => Change::Unknown,
            // Reading the sources for a rebuild raises access events; only changes count.
            Ok(event)
                if matches!(
                    event.kind,
                    notify::EventKind::Create(_)
                        | notify::EventKind::Modify(_)
                        | notify::EventKind::Remove(_)
                ) && !matches!(
                    event.kind,
                    notify::EventKind::Modify(notify::event::ModifyKind::Metadata(_))
                ) =>
            {
                Change::Paths(event.paths)
            }
            Ok(_) => return,
        };
        let _ = changes_tx.send(change);
    })
    .map_err(|e| Error::io(root, std::io::Error::other(e.to_string())))?;
    watcher
        .watch(root, RecursiveMode::Recursive)
        .map_err(|e| Error::io(root, std::io::Error::other(e.to_string())))?;
    {
        let (root, served, clients) = (root.to_path_buf(), served.clone(), clients.clone());
        let activity = activity.clone();
        thread::spawn(move || {
            watch_loop(&root, &served, &clients, &changes_rx, session, &activity)
        });
    }
    // Only now: a save made once the address is printed is seen (watching a large tree takes
    // a while, and a script that saves at once must not lose its save).
    // With --port 0 the system picks the port: print the one it picked.
    let port = listener.local_addr().map_or(port, |a| a.port());
    say(&format!(
        "serving {} on http://127.0.0.1:{port}/ (Ctrl+C stops)",
        root.display()
    ));

    let open = Arc::new(AtomicUsize::new(0));
    for stream in listener.incoming() {
        let Ok(mut stream) = stream else { continue };
        activity.touch();
        if open.fetch_add(1, Ordering::SeqCst) >= MAX_CONNECTIONS {
            open.fetch_sub(1, Ordering::SeqCst);
            let _ = stream.set_write_timeout(Some(Duration::from_secs(1)));
            let _ = respond(
                &mut stream,
                503,
                "text/plain; charset=utf-8",
                b"busy\n",
                false,
            );
            continue;
        }
        let (served, clients, counter) = (served.clone(), clients.clone(), open.clone());
        let activity = activity.clone();
        let spawned = thread::Builder::new()
            .stack_size(256 * 1024)
            .spawn(move || {
                let _ = handle(stream, &served, &clients);
                counter.fetch_sub(1, Ordering::SeqCst);
                activity.touch();
            });
        if spawned.is_err() {
            open.fetch_sub(1, Ordering::SeqCst);
        }
    }
    drop(watcher);
    Ok(())
}

/// The queue of connections not yet accepted: std's 128 makes a burst of clients wait a
/// second for the kernel's SYN retry; listening again on the socket raises it.
fn widen_backlog(listener: &TcpListener) {
    #[cfg(unix)]
    {
        use std::os::fd::AsRawFd;
        // SAFETY: the descriptor is the listener's own, open for the whole call.
        unsafe { libc::listen(listener.as_raw_fd(), MAX_CONNECTIONS as libc::c_int) };
    }
}

/// The CPU time (user and system) of the process so far, in ms: a rebuild's own cost, which a
/// busy machine does not inflate as it does the wall time (bench/serve-bench.mjs compares it).
fn cpu_ms() -> f64 {
    #[cfg(unix)]
    {
        let mut usage = std::mem::MaybeUninit::<libc::rusage>::uninit();
        // SAFETY: getrusage fills the struct it is given; it is read only when that succeeded.
        let usage = unsafe {
            if libc::getrusage(libc::RUSAGE_SELF, usage.as_mut_ptr()) != 0 {
                return 0.0;
            }
            usage.assume_init()
        };
        let ms = |t: libc::timeval| t.tv_sec as f64 * 1e3 + t.tv_usec as f64 / 1e3;
        ms(usage.ru_utime) + ms(usage.ru_stime)
    }
    #[cfg(not(unix))]
    {
        0.0
    }
}

/// Prints a line and flushes it (whoever reads the address from a pipe needs it now); a closed
/// stdout is no reason to stop serving.
fn say(line: &str) {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "{line}").and_then(|()| out.flush());
}

/// Prints a line on stderr; a closed stderr is no reason to stop serving either.
fn tell(line: &str) {
    use std::io::Write;
    let _ = writeln!(std::io::stderr().lock(), "{line}");
}

/// What the watcher saw: the paths that changed, or that it cannot tell.
enum Change {
    Paths(Vec<PathBuf>),
    Unknown,
}

fn watch_loop(
    root: &Path,
    served: &RwLock<Served>,
    clients: &Clients,
    changes: &Receiver<Change>,
    mut session: Session,
    activity: &Activity,
) {
    let root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    // The first build read the files before the watcher started: a save in between raised no
    // event, so the first rebuild here reads everything (by stamps); from then on the watcher
    // has seen every change since the last read.
    let mut watched_since_read = false;
    while let Ok(first) = changes.recv() {
        let mut paths = Vec::new();
        let mut all_named = watched_since_read;
        let mut add = |change| match change {
            Change::Paths(more) => paths.extend(more),
            Change::Unknown => all_named = false,
        };
        add(first);
        // Editors save in bursts (temp file, rename, touch): wait for the burst to end.
        loop {
            match changes.recv_timeout(Duration::from_millis(40)) {
                Ok(more) => add(more),
                Err(RecvTimeoutError::Timeout) => break,
                Err(RecvTimeoutError::Disconnected) => return,
            }
        }
        paths.retain(|p| matters(&root, p));
        if !paths.is_empty() || !all_named {
            let named = Named {
                paths: &paths,
                all: all_named,
            };
            let Reload(changed) = rebuild(&root, named, served, &mut session);
            watched_since_read = true;
            activity.touch();
            let mut list = clients.lock().unwrap_or_else(|e| e.into_inner());
            list.retain(|client| client.send(changed.clone()).is_ok());
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

/// The paths the watcher named since the last rebuild, and whether they are all that changed.
struct Named<'p> {
    paths: &'p [PathBuf],
    all: bool,
}

/// Rebuilds with what `session` kept of the last build (`incremental`), and serves the result.
fn rebuild(
    root: &Path,
    changed: Named<'_>,
    served: &RwLock<Served>,
    session: &mut Session,
) -> Reload {
    let started = Instant::now();
    let cpu = cpu_ms();
    // A bug in a stage must not stop the server: a panic is shown like any failed build, and
    // the session, which the panic may have left half updated, starts over.
    let mut read_ms = 0.0;
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        let (sources, ms) = crate::timed(|| match changed.all {
            true => session.read_named(root, changed.paths),
            false => session.read(root, changed.paths),
        });
        read_ms = ms;
        sources.and_then(|s| session.rebuild(s))
    }))
    .unwrap_or_else(|panic| {
        *session = Session::new(LIVE);
        let what = panic
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| panic.downcast_ref::<&str>().copied())
            .unwrap_or("unknown");
        Err(Error::invalid(
            crate::error::Location::file(root),
            format!("leerpad itself failed on this site (a bug; please report it): {what}"),
        ))
    });
    match result {
        Ok(built) => {
            // Everything but the swap is done before the lock: requests go on meanwhile.
            let warnings: Vec<String> = built.warnings.iter().map(|w| w.to_string()).collect();
            let files: HashMap<String, Arc<Vec<u8>>> =
                built.files.into_iter().map(|f| (f.path, f.bytes)).collect();
            let mut state = served.write().unwrap_or_else(|e| e.into_inner());
            let mut still = 0;
            for text in &warnings {
                match state.warned.contains(text) {
                    true => still += 1,
                    false => tell(text),
                }
            }
            if still > 0 {
                tell(&format!(
                    "{still} warning{} of the last build still hold{}",
                    if still == 1 { "" } else { "s" },
                    if still == 1 { "s" } else { "" }
                ));
            }
            state.warned = warnings.into_iter().collect();
            let reload = match state.error.take() {
                Some(_) => Reload::all(),
                None => Reload::between(&state.files, &files),
            };
            let old = std::mem::replace(&mut state.files, files);
            drop(state);
            drop(old);
            let stats = session.stats();
            let times = stats.times;
            say(&format!(
                "rebuilt in {:.1} ms, {:.1} ms CPU ({} of {} bodies and {} of {} pages \
                 rendered{}; {} of {} content files read; ms: read {read_ms:.1}, prepare \
                 {:.1}, pages {:.1} beside search {:.1}, finish {:.1})",
                started.elapsed().as_secs_f64() * 1e3,
                cpu_ms() - cpu,
                stats.bodies_rendered,
                stats.bodies,
                stats.pages_rendered,
                stats.pages,
                if stats.templates_compiled {
                    ", templates compiled"
                } else {
                    ""
                },
                session.last_read().0,
                session.last_read().1,
                stats.prepare_ms,
                times.pages,
                times.search,
                times.finish,
            ));
            reload
        }
        Err(error) => {
            let text = report(&error);
            tell(&format!(
                "{text}\nthe site has errors; still serving the last good build"
            ));
            served.write().unwrap_or_else(|e| e.into_inner()).error = Some(text.into());
            Reload::all()
        }
    }
}

fn handle(
    mut stream: TcpStream,
    served: &RwLock<Served>,
    clients: &Clients,
) -> std::io::Result<()> {
    let request = match http::read_head(&mut stream) {
        Ok(Head::Request(request)) => request,
        Ok(Head::TooLarge) => {
            let body = format!("the request line and headers are over {MAX_HEAD_BYTES} bytes\n");
            respond(&mut stream, 431, TEXT, body.as_bytes(), false)?;
            http::close_unread(&mut stream);
            return Ok(());
        }
        Err(e)
            if e.kind() == std::io::ErrorKind::TimedOut
                || e.kind() == std::io::ErrorKind::WouldBlock =>
        {
            return respond(
                &mut stream,
                408,
                TEXT,
                b"the request took too long\n",
                false,
            );
        }
        Err(e) => return Err(e),
    };
    let method = request.method.as_str();
    if method != "GET" && method != "HEAD" {
        respond(&mut stream, 405, TEXT, b"only GET\n", false)?;
        http::close_unread(&mut stream);
        return Ok(());
    }
    let path = request.target.split(['?', '#']).next().unwrap_or("/");
    let path = crate::content::markdown::percent_decode(path);
    if path == "/__leerpad/events" {
        return events(stream, clients);
    }
    if let Some(name) = path.strip_prefix(LIVE_PREFIX) {
        let (kind, body): (&str, &[u8]) = match name {
            "live.js" => ("text/javascript; charset=utf-8", LIVE_JS.as_bytes()),
            "live.css" => ("text/css; charset=utf-8", LIVE_CSS.as_bytes()),
            "error" => {
                let error = served
                    .read()
                    .unwrap_or_else(|e| e.into_inner())
                    .error
                    .clone();
                return match error {
                    Some(text) => respond(&mut stream, 200, TEXT, text.as_bytes(), false),
                    None => respond(&mut stream, 204, TEXT, b"", false),
                };
            }
            _ => return respond(&mut stream, 404, TEXT, b"not found\n", false),
        };
        return respond(&mut stream, 200, kind, body, false);
    }
    let head = method == "HEAD";
    match lookup(served, &path) {
        Found::Redirect(location) => {
            let header = format!(
                "HTTP/1.1 301 Moved Permanently\r\nLocation: {location}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
            );
            let deadline = Instant::now() + http::RESPONSE_DEADLINE;
            http::write_bounded(&mut stream, header.as_bytes(), deadline)
        }
        Found::File { name, bytes } => respond(&mut stream, 200, content_type(&name), &bytes, head),
        Found::Missing { page } => {
            // Before the first good build there is no 404 page: a bare one that still reloads.
            let bare: &[u8] = b"<!doctype html><html><head><title>leerpad</title></head><body>\
                <script type=\"module\" src=\"/__leerpad/live.js\"></script></body></html>";
            let body = page.as_deref().map_or(bare, |p| p);
            respond(&mut stream, 404, "text/html; charset=utf-8", body, head)
        }
    }
}

const TEXT: &str = "text/plain; charset=utf-8";

/// What a path gives, taken out of the served state so no lock is held while writing.
enum Found {
    Redirect(String),
    File { name: String, bytes: Arc<Vec<u8>> },
    Missing { page: Option<Arc<Vec<u8>>> },
}

fn lookup(served: &RwLock<Served>, path: &str) -> Found {
    let state = served.read().unwrap_or_else(|e| e.into_inner());
    let key = path.trim_start_matches('/');
    let candidates = if key.is_empty() || key.ends_with('/') {
        vec![format!("{key}index.html")]
    } else {
        vec![key.to_string(), format!("{key}/index.html")]
    };
    let found = candidates
        .into_iter()
        .find_map(|k| state.files.get(&k).map(|b| (k, b.clone())));
    match found {
        Some((name, _))
            if !key.is_empty()
                && !key.ends_with('/')
                && name.ends_with("/index.html")
                && !key.ends_with("index.html") =>
        {
            Found::Redirect(format!("/{key}/"))
        }
        Some((name, bytes)) => Found::File { name, bytes },
        None => Found::Missing {
            page: state.files.get("404.html").cloned(),
        },
    }
}

fn events(mut stream: TcpStream, clients: &Clients) -> std::io::Result<()> {
    let write = |stream: &mut TcpStream, bytes: &[u8]| {
        http::write_bounded(stream, bytes, Instant::now() + http::WRITE_TIMEOUT)
    };
    write(
        &mut stream,
        b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nConnection: keep-alive\r\n\r\n: connected\n\n",
    )?;
    let (tx, rx) = mpsc::channel();
    clients.lock().unwrap_or_else(|e| e.into_inner()).push(tx);
    loop {
        match rx.recv_timeout(Duration::from_secs(15)) {
            Ok(changed) => write(
                &mut stream,
                format!("event: reload\ndata: {changed}\n\n").as_bytes(),
            )?,
            // A comment line keeps proxies and the browser from closing an idle stream.
            Err(RecvTimeoutError::Timeout) => write(&mut stream, b": ping\n\n")?,
            Err(RecvTimeoutError::Disconnected) => return Ok(()),
        }
    }
}
