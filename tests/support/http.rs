//! A small blocking HTTP/1.1 client over a plain TCP stream, and a `sansho serve` child
//! process to talk to — shared by `tests/serve.rs` and `benches/serve.rs`. Written by hand
//! rather than with an HTTP library because the security tests must send what a library
//! would refuse or correct: a foreign `Host`, a declared 100 MB body that never comes, a
//! path with `..` left as it is.
#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

/// How long a test waits for one answer before it calls the server hung (a guard against a
/// test that never ends, not a measurement).
pub const HANG: Duration = Duration::from_secs(60);

/// An answer.
#[derive(Debug)]
pub struct Response {
    /// The status code.
    pub status: u16,
    /// Header names (lower case) and values, in order.
    pub headers: Vec<(String, String)>,
    /// The body, de-chunked.
    pub body: Vec<u8>,
}

impl Response {
    /// The first value of a header.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The body as text.
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// Percent-encodes a form or query value.
pub fn enc(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// An `application/x-www-form-urlencoded` body.
pub fn form(pairs: &[(&str, &str)]) -> String {
    pairs
        .iter()
        .map(|(k, v)| format!("{}={}", enc(k), enc(v)))
        .collect::<Vec<_>>()
        .join("&")
}

/// Opens a connection with the hang guard set.
pub fn connect(addr: SocketAddr) -> TcpStream {
    let s = TcpStream::connect(addr).expect("connect to sansho serve");
    s.set_read_timeout(Some(HANG)).expect("timeout");
    s.set_write_timeout(Some(HANG)).expect("timeout");
    s
}

/// Sends one request exactly as given (`head` without the final blank line; a
/// `Connection: close` is added) and reads the answer to the end.
pub fn raw(addr: SocketAddr, head: &str, body: &[u8]) -> Response {
    let mut s = connect(addr);
    let mut req = head
        .trim_end()
        .replace('\n', "\r\n")
        .replace("\r\r\n", "\r\n");
    req.push_str("\r\nConnection: close\r\n\r\n");
    s.write_all(req.as_bytes()).expect("send head");
    s.write_all(body).expect("send body");
    read_response(&mut s)
}

/// Reads an answer from a connection the server closes after it.
pub fn read_response(s: &mut impl Read) -> Response {
    let mut r = BufReader::new(s);
    let mut line = String::new();
    r.read_line(&mut line).expect("status line");
    let status = line
        .split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or_else(|| panic!("not an HTTP status line: {line:?}"));
    let mut headers = Vec::new();
    loop {
        line.clear();
        r.read_line(&mut line).expect("header line");
        let l = line.trim_end();
        if l.is_empty() {
            break;
        }
        if let Some((k, v)) = l.split_once(':') {
            headers.push((k.trim().to_ascii_lowercase(), v.trim().to_string()));
        }
    }
    let chunked = headers
        .iter()
        .any(|(k, v)| k == "transfer-encoding" && v.eq_ignore_ascii_case("chunked"));
    let length = headers
        .iter()
        .find(|(k, _)| k == "content-length")
        .and_then(|(_, v)| v.parse::<usize>().ok());
    let mut body = Vec::new();
    if chunked {
        loop {
            line.clear();
            r.read_line(&mut line).expect("chunk size");
            let n = usize::from_str_radix(line.trim().split(';').next().unwrap_or("0"), 16)
                .expect("chunk size");
            if n == 0 {
                break;
            }
            let mut chunk = vec![0; n + 2];
            r.read_exact(&mut chunk).expect("chunk");
            body.extend_from_slice(&chunk[..n]);
        }
    } else if let Some(n) = length {
        body.resize(n, 0);
        r.read_exact(&mut body).expect("body");
    } else {
        r.read_to_end(&mut body).expect("body");
    }
    Response {
        status,
        headers,
        body,
    }
}

/// A `sansho serve` child process on a free loopback port, stopped when dropped.
pub struct Serve {
    /// The child.
    pub child: Child,
    /// Where it listens.
    pub addr: SocketAddr,
    /// The access token from the printed URL.
    pub token: String,
    /// What it wrote to standard error so far is collected by this thread.
    pub stderr: Option<std::thread::JoinHandle<String>>,
}

impl Serve {
    /// Starts `sansho serve DIR --port 0` with `args` and waits for the URL it prints.
    pub fn start(bin: &Path, dir: &Path, args: &[&str]) -> Serve {
        Serve::start_env(bin, dir, args, &[])
    }

    /// [`Serve::start`] with extra environment variables.
    pub fn start_env(bin: &Path, dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Serve {
        let mut child = Command::new(bin)
            .envs(env.iter().copied())
            .arg("serve")
            .arg(dir)
            .args(["--port", "0"])
            .args(args)
            .env("NO_COLOR", "1")
            .env("LANG", "C.UTF-8")
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start sansho serve");
        let mut err = child.stderr.take().expect("stderr");
        let stderr = std::thread::spawn(move || {
            let mut s = String::new();
            let _ = err.read_to_string(&mut s);
            s
        });
        let mut out = BufReader::new(child.stdout.take().expect("stdout"));
        let mut url = String::new();
        out.read_line(&mut url).expect("read the URL");
        if url.is_empty() {
            let _ = child.wait();
            panic!(
                "sansho serve printed no URL: {}",
                stderr.join().unwrap_or_default()
            );
        }
        let url = url.trim();
        let rest = url.strip_prefix("http://").expect("http URL");
        let (host, query) = rest.split_once("/?token=").expect("URL with a token");
        Serve {
            child,
            addr: host.parse().expect("host:port"),
            token: query.to_string(),
            stderr: Some(stderr),
        }
    }

    /// The port.
    pub fn port(&self) -> u16 {
        self.addr.port()
    }

    /// The `Host` header a browser would send.
    pub fn host(&self) -> String {
        format!("127.0.0.1:{}", self.port())
    }

    /// The session cookie a browser holds after the first visit.
    pub fn cookie(&self) -> String {
        format!("sansho-{}={}", self.port(), self.token)
    }

    /// A GET as the browser sends it (Host, cookie).
    pub fn get(&self, path: &str) -> Response {
        raw(
            self.addr,
            &format!(
                "GET {path} HTTP/1.1\nHost: {}\nCookie: {}",
                self.host(),
                self.cookie()
            ),
            b"",
        )
    }

    /// A form POST as the browser sends it (Host, cookie, same Origin).
    pub fn post(&self, path: &str, pairs: &[(&str, &str)]) -> Response {
        self.post_with(path, pairs, "")
    }

    /// A form POST with extra header lines.
    pub fn post_with(&self, path: &str, pairs: &[(&str, &str)], extra: &str) -> Response {
        let body = form(pairs);
        raw(
            self.addr,
            &format!(
                "POST {path} HTTP/1.1\nHost: {h}\nCookie: {c}\nOrigin: http://{h}\nContent-Type: application/x-www-form-urlencoded\nContent-Length: {n}\n{extra}",
                h = self.host(),
                c = self.cookie(),
                n = body.len()
            ),
            body.as_bytes(),
        )
    }

    /// Stops the server at once and returns what it wrote to standard error.
    pub fn kill(mut self) -> String {
        let _ = self.child.kill();
        let _ = self.child.wait();
        self.stderr
            .take()
            .map(|h| h.join().unwrap_or_default())
            .unwrap_or_default()
    }

    /// Stops the server with SIGINT (Ctrl+C) and returns its exit code and standard error.
    #[cfg(unix)]
    pub fn interrupt(mut self) -> (Option<i32>, String) {
        let pid = self.child.id().to_string();
        let sent = Command::new("kill")
            .args(["-INT", &pid])
            .status()
            .expect("run kill");
        assert!(sent.success(), "kill -INT {pid}");
        let status = self.child.wait().expect("wait");
        let err = self
            .stderr
            .take()
            .map(|h| h.join().unwrap_or_default())
            .unwrap_or_default();
        (status.code(), err)
    }
}

impl Drop for Serve {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
