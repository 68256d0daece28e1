//! `leerpad serve`: serves on 127.0.0.1, reloads after a save, shows errors and recovers.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::fixture::Fixture;

struct Server(Child, u16);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn start(site: &Fixture) -> Server {
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let child = Command::new(env!("CARGO_BIN_EXE_leerpad"))
        .args(["serve", "--port", &port.to_string(), "--root"])
        .arg(site.root())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "server did not start"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    Server(child, port)
}

fn get(port: u16, path: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    write!(stream, "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    let status = response[9..12].parse().unwrap();
    (status, response)
}

#[test]
fn serves_reloads_shows_errors_and_recovers() {
    let site = Fixture::with_lessons();
    let server = start(&site);
    let (status, page) = get(server.1, "/modules/a/eerste/");
    assert_eq!(status, 200);
    assert!(page.contains("<h1>Eerste les</h1>"));
    assert!(
        page.contains("<script type=\"module\" src=\"/__leerpad/live.js\"></script>\n</body>"),
        "served pages are rendered with the live-reload script"
    );
    assert_eq!(get(server.1, "/__leerpad/error").0, 204, "no error yet");
    let (status, script) = get(server.1, "/__leerpad/live.js");
    assert_eq!(status, 200);
    assert!(script.contains("/__leerpad/error") && script.contains("leerpad-error"));
    assert_eq!(get(server.1, "/bestaat/niet/").0, 404);

    // Subscribe to reload events, then save a change.
    let mut events = TcpStream::connect(("127.0.0.1", server.1)).unwrap();
    events
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    write!(events, "GET /__leerpad/events HTTP/1.1\r\nHost: x\r\n\r\n").unwrap();
    let mut reader = BufReader::new(events);
    let mut line = String::new();
    while !line.starts_with(": connected") {
        line.clear();
        reader.read_line(&mut line).unwrap();
    }
    let saved = Instant::now();
    let site = site.file(
        "content/modules/01-a/01-eerste.md",
        "---\ntitle: Nieuwe titel\n---\n## Wat zijn signalen?\n\nTekst.\n",
    );
    loop {
        line.clear();
        reader
            .read_line(&mut line)
            .expect("a reload event within the timeout");
        if line.starts_with("event: reload") {
            break;
        }
    }
    assert!(
        saved.elapsed() < Duration::from_secs(2),
        "reload took {:?}",
        saved.elapsed()
    );
    // An editor's save can arrive in parts; the page shows the new title soon after.
    let deadline = Instant::now() + Duration::from_secs(10);
    while !get(server.1, "/modules/a/eerste/")
        .1
        .contains("<h1>Nieuwe titel</h1>")
    {
        assert!(Instant::now() < deadline, "the new title never showed");
        std::thread::sleep(Duration::from_millis(50));
    }

    // A broken save: the error shows on the page, the last good site is still served.
    let site = site.file(
        "content/modules/01-a/01-eerste.md",
        "---\ntitel: Kapot\n---\n",
    );
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let (status, error) = get(server.1, "/__leerpad/error");
        if status == 200 {
            assert!(error.contains("unknown field"), "{error}");
            let page = get(server.1, "/modules/a/tweede/").1;
            assert!(
                page.contains("<h1>Tweede les</h1>"),
                "the last good page: {page}"
            );
            break;
        }
        assert!(Instant::now() < deadline, "the error never showed");
        std::thread::sleep(Duration::from_millis(100));
    }
    // And it recovers on the next good save.
    let _site = site.file(
        "content/modules/01-a/01-eerste.md",
        "---\ntitle: Weer goed\n---\n## Wat zijn signalen?\n",
    );
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let page = get(server.1, "/modules/a/eerste/").1;
        if page.contains("<h1>Weer goed</h1>") && get(server.1, "/__leerpad/error").0 == 204 {
            break;
        }
        assert!(Instant::now() < deadline, "the server did not recover");
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn serve_listens_on_loopback_only() {
    let site = Fixture::with_lessons();
    let server = start(&site);
    let out = Command::new("sh")
        .arg("-c")
        .arg(format!(
            "cat /proc/net/tcp | grep -i ':{:04X} ' || true",
            server.1
        ))
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    if !text.is_empty() {
        assert!(
            text.contains("0100007F:"),
            "bound to 127.0.0.1 only: {text}"
        );
    }
}

/// Starts `serve --port 0` and reads the port it prints.
fn start_on_any_port(site: &Fixture) -> Server {
    let mut child = Command::new(env!("CARGO_BIN_EXE_leerpad"))
        .args(["serve", "--port", "0", "--root"])
        .arg(site.root())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut reader = BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    while !line.starts_with("serving ") {
        line.clear();
        assert!(reader.read_line(&mut line).unwrap() > 0, "serve stopped");
    }
    // Keep reading what it prints, so its output never blocks.
    std::thread::spawn(move || std::io::copy(&mut reader, &mut std::io::sink()));
    let port = line
        .split("http://127.0.0.1:")
        .nth(1)
        .and_then(|rest| rest.split('/').next())
        .and_then(|p| p.parse().ok())
        .unwrap_or_else(|| panic!("no port in {line:?}"));
    assert_ne!(port, 0, "{line}");
    Server(child, port)
}

fn resident_kb(server: &Server) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{}/status", server.0.id())).unwrap();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches(" kB").trim().parse().ok())
        .unwrap()
}

#[test]
fn port_zero_prints_the_port_it_listens_on() {
    let site = Fixture::with_lessons();
    let server = start_on_any_port(&site);
    assert_eq!(get(server.1, "/modules/a/eerste/").0, 200);
}

#[test]
fn a_huge_request_line_is_refused_and_leaves_no_memory_behind() {
    let site = Fixture::with_lessons();
    let server = start_on_any_port(&site);
    get(server.1, "/");
    let before = resident_kb(&server);
    for _ in 0..4 {
        let mut stream = TcpStream::connect(("127.0.0.1", server.1)).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(5)))
            .unwrap();
        // 16 MB of request line without a newline; the server stops reading after 8 KB.
        let chunk = vec![b'a'; 1 << 20];
        let _ = stream.write_all(b"GET /");
        for _ in 0..16 {
            if stream.write_all(&chunk).is_err() {
                break;
            }
        }
        let mut response = Vec::new();
        let _ = stream.read_to_end(&mut response);
        let text = String::from_utf8_lossy(&response);
        // The answer may be lost when the server closes with unread bytes (a reset); when it
        // arrives, it says why.
        assert!(
            text.is_empty() || text.starts_with("HTTP/1.1 431 "),
            "{text}"
        );
    }
    let after = resident_kb(&server);
    assert!(
        after < before + 16 * 1024,
        "memory grew from {before} kB to {after} kB"
    );
    assert_eq!(get(server.1, "/modules/a/eerste/").0, 200);
}

/// Sends `request` whole, then reads the answer: it must arrive even though the server does
/// not read all that was sent (without a lingering close the kernel resets the connection and
/// drops the answer).
fn answer_to_unread(port: u16, request: &[u8]) -> String {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(5)))
        .unwrap();
    // The first 16 KB, a pause in which the server answers, then the rest: a reset caused by
    // the rest would throw the answer away.
    let (first, rest) = request.split_at(request.len().min(16 * 1024));
    stream.write_all(first).unwrap();
    std::thread::sleep(Duration::from_millis(300));
    let _ = stream.write_all(rest);
    let mut response = Vec::new();
    let _ = stream.read_to_end(&mut response);
    String::from_utf8_lossy(&response).into_owned()
}

#[test]
fn a_request_that_is_not_read_to_its_end_still_gets_its_answer() {
    let site = Fixture::with_lessons();
    let server = start_on_any_port(&site);
    let mut headers = b"GET / HTTP/1.1\r\n".to_vec();
    headers.extend("X: y\r\n".repeat(10_000).as_bytes());
    headers.extend(b"\r\n");
    let text = answer_to_unread(server.1, &headers);
    assert!(text.starts_with("HTTP/1.1 431 "), "{text:.200}");
    let mut post = b"POST / HTTP/1.1\r\nContent-Length: 262144\r\n\r\n".to_vec();
    post.extend(vec![b'x'; 256 * 1024]);
    let text = answer_to_unread(server.1, &post);
    assert!(text.starts_with("HTTP/1.1 405 "), "{text:.200}");
    assert_eq!(get(server.1, "/modules/a/eerste/").0, 200);
}

#[test]
fn a_client_that_does_not_read_does_not_hold_up_others_or_a_rebuild() {
    let site = Fixture::with_lessons();
    let big = "x".repeat(8 << 20);
    let site = site.file("static/groot.txt", &big);
    let server = start_on_any_port(&site);
    // Ten clients ask for 8 MB each and never read it.
    let stuck: Vec<TcpStream> = (0..10)
        .map(|_| {
            let mut s = TcpStream::connect(("127.0.0.1", server.1)).unwrap();
            write!(s, "GET /groot.txt HTTP/1.1\r\nHost: x\r\n\r\n").unwrap();
            s
        })
        .collect();
    std::thread::sleep(Duration::from_millis(300));
    // A save makes the server rebuild (it needs the write lock), then a page must come at once.
    let _site = site.file(
        "content/modules/01-a/01-eerste.md",
        "---\ntitle: Nieuw\n---\n## Wat zijn signalen?\n",
    );
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let asked = Instant::now();
        let (status, page) = get(server.1, "/modules/a/eerste/");
        assert_eq!(status, 200);
        assert!(
            asked.elapsed() < Duration::from_secs(1),
            "a page took {:?}",
            asked.elapsed()
        );
        if page.contains("<h1>Nieuw</h1>") {
            break;
        }
        assert!(Instant::now() < deadline, "the rebuild never showed");
        std::thread::sleep(Duration::from_millis(50));
    }
    drop(stuck);
}
