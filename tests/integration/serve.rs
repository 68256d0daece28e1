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
        page.contains("/__leerpad/live.js"),
        "live reload is injected"
    );
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
        let page = get(server.1, "/modules/a/tweede/").1;
        if page.contains("class=\"leerpad-error\"") {
            assert!(page.contains("unknown field"), "{page}");
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
        if page.contains("<h1>Weer goed</h1>") && !page.contains("leerpad-error") {
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
