//! The bounded HTTP/1.1 of `serve`: reading a request head and writing a response.
//!
//! Owns: the bounds of a request (the request line and headers together at most
//! `MAX_HEAD_BYTES`, all of it within `REQUEST_DEADLINE`) and of a response (each write within
//! `WRITE_TIMEOUT`, the whole within `RESPONSE_DEADLINE`), so that no client, however slow or
//! large, holds memory or a thread for long.
//! Does not: decide what to answer (see `serve`), or touch the served files.

use std::io::{self, Read, Write};
use std::net::{Shutdown, TcpStream};
use std::time::{Duration, Instant};

/// The largest request line plus headers that `serve` reads.
pub const MAX_HEAD_BYTES: usize = 8 * 1024;
/// The time a client has to send its whole request head.
pub const REQUEST_DEADLINE: Duration = Duration::from_secs(10);
/// The time one write to a client may block.
pub const WRITE_TIMEOUT: Duration = Duration::from_secs(10);
/// The time a client has to take a whole response.
pub const RESPONSE_DEADLINE: Duration = Duration::from_secs(30);

/// How long `close_unread` waits for a client to stop sending what `serve` will not read.
pub const LINGER: Duration = Duration::from_secs(2);
/// The most `close_unread` reads (and drops) before it closes anyway.
pub const MAX_LINGER_BYTES: usize = 1024 * 1024;

/// A request as `serve` needs it.
pub struct Request {
    pub method: String,
    pub target: String,
}

/// What reading a request head gave.
pub enum Head {
    Request(Request),
    /// Over `MAX_HEAD_BYTES` without the blank line that ends a head.
    TooLarge,
}

/// Reads the request line and headers, never more than `MAX_HEAD_BYTES`, within
/// `REQUEST_DEADLINE`. A client that is too slow gets a `TimedOut` error.
pub fn read_head(stream: &mut TcpStream) -> io::Result<Head> {
    let deadline = Instant::now() + REQUEST_DEADLINE;
    let mut head = Vec::with_capacity(1024);
    let mut chunk = [0u8; 1024];
    loop {
        if let Some(end) = head_end(&head) {
            head.truncate(end);
            return Ok(Head::Request(parse(&head)));
        }
        if head.len() >= MAX_HEAD_BYTES {
            return Ok(Head::TooLarge);
        }
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(io::ErrorKind::TimedOut.into());
        }
        stream.set_read_timeout(Some(left))?;
        let room = (MAX_HEAD_BYTES - head.len()).min(chunk.len());
        let n = stream.read(&mut chunk[..room])?;
        if n == 0 {
            if head.is_empty() {
                return Err(io::ErrorKind::UnexpectedEof.into());
            }
            // The client stopped sending: answer what it sent.
            return Ok(Head::Request(parse(&head)));
        }
        head.extend_from_slice(&chunk[..n]);
    }
}

/// The length of the head up to its blank line ("\r\n\r\n", or "\n\n" from a lax client).
fn head_end(bytes: &[u8]) -> Option<usize> {
    let crlf = bytes.windows(4).position(|w| w == b"\r\n\r\n");
    let lf = bytes.windows(2).position(|w| w == b"\n\n");
    crlf.into_iter().chain(lf).min()
}

fn parse(head: &[u8]) -> Request {
    let text = String::from_utf8_lossy(head);
    let line = text.lines().next().unwrap_or("");
    let mut parts = line.split_whitespace();
    Request {
        method: parts.next().unwrap_or("").to_string(),
        target: parts.next().unwrap_or("/").to_string(),
    }
}

/// Writes `bytes` in pieces, each within `WRITE_TIMEOUT`, all before `deadline`.
pub fn write_bounded(stream: &mut TcpStream, bytes: &[u8], deadline: Instant) -> io::Result<()> {
    for piece in bytes.chunks(64 * 1024) {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(io::ErrorKind::TimedOut.into());
        }
        stream.set_write_timeout(Some(left.min(WRITE_TIMEOUT)))?;
        stream.write_all(piece)?;
    }
    stream.flush()
}

/// Writes a whole response with `Connection: close`; `head` leaves the body out.
pub fn respond(
    stream: &mut TcpStream,
    status: u16,
    kind: &str,
    body: &[u8],
    head: bool,
) -> io::Result<()> {
    let reason = match status {
        200 => "OK",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        431 => "Request Header Fields Too Large",
        503 => "Service Unavailable",
        _ => "Error",
    };
    let header = format!(
        "HTTP/1.1 {status} {reason}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\n\
         Cache-Control: no-store\r\nConnection: close\r\n\r\n",
        body.len()
    );
    let deadline = Instant::now() + RESPONSE_DEADLINE;
    write_bounded(stream, header.as_bytes(), deadline)?;
    if !head {
        write_bounded(stream, body, deadline)?;
    }
    Ok(())
}

/// Ends a connection whose request was not read to its end (a head over the bound, a body of
/// a POST): closing with unread bytes makes the kernel reset the connection, and the client
/// loses the answer it was sent. So stop writing, then read and drop what still comes, at
/// most `MAX_LINGER_BYTES` within `LINGER`.
pub fn close_unread(stream: &mut TcpStream) {
    if stream.shutdown(Shutdown::Write).is_err() {
        return;
    }
    let deadline = Instant::now() + LINGER;
    let mut chunk = [0u8; 16 * 1024];
    let mut read = 0;
    while read < MAX_LINGER_BYTES {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() || stream.set_read_timeout(Some(left)).is_err() {
            return;
        }
        match stream.read(&mut chunk) {
            Ok(0) | Err(_) => return,
            Ok(n) => read += n,
        }
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_head_ends_at_the_first_blank_line() {
        assert_eq!(head_end(b"GET / HTTP/1.1\r\nHost: x\r\n\r\nbody"), Some(23));
        assert_eq!(head_end(b"GET / HTTP/1.1\n\n"), Some(14));
        assert_eq!(head_end(b"GET / HTTP/1.1\r\nHost: x\r\n"), None);
        let request = parse(b"GET /a/b?x=1 HTTP/1.1\r\nHost: x");
        assert_eq!(
            (request.method.as_str(), request.target.as_str()),
            ("GET", "/a/b?x=1")
        );
    }
}
