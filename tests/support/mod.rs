//! What the end-to-end tests share: the real binaries, a running server, and
//! a minimal HTTP/1.1 client over a plain TCP socket.

#![allow(dead_code)] // Each test file uses a different part.

pub mod checkers;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::OnceLock;
use std::time::Duration;

/// The folder holding the binaries of the profile these tests were built with.
fn bin_dir() -> PathBuf {
    let exe = std::env::current_exe().expect("the test binary has a path");
    // target/<profile>/deps/<test> -> target/<profile>
    exe.parent()
        .and_then(Path::parent)
        .expect("the test binary lives in target/<profile>/deps")
        .to_owned()
}

/// Builds `blog` and `blog-server` once per test run, so that the tests never
/// drive stale binaries; cargo makes this a no-op when they are up to date.
fn build_binaries() -> &'static PathBuf {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = bin_dir();
        let mut cargo = Command::new(env!("CARGO"));
        cargo.args([
            "build",
            "--quiet",
            "-p",
            "blog-cli",
            "-p",
            "blog-server",
            "--bins",
        ]);
        if dir.file_name().is_some_and(|n| n == "release") {
            cargo.arg("--release");
        }
        let status = cargo.status().expect("cargo runs");
        assert!(status.success(), "building the binaries failed");
        dir
    })
}

/// The path of the real `blog` binary.
pub fn blog_bin() -> PathBuf {
    build_binaries().join("blog")
}

/// The path of the real `blog-server` binary.
pub fn server_bin() -> PathBuf {
    build_binaries().join("blog-server")
}

/// A fixture folder under `tests/fixtures`.
pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// Runs `blog` with `args` against the database `db`.
pub fn blog(db: &Path, args: &[&str]) -> Output {
    Command::new(blog_bin())
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("BLOG_DB")
        .output()
        .expect("blog runs")
}

/// Standard output as text.
pub fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// Standard error as text.
pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// A running `blog-server`, killed when dropped.
pub struct Server {
    child: Child,
    /// `host:port` it listens on.
    pub addr: String,
}

impl Server {
    /// Starts `blog-server` with `args` on a free port and waits until it
    /// listens.
    pub fn start(args: &[&str], envs: &[(&str, &Path)]) -> Server {
        let mut command = Command::new(server_bin());
        command
            .args(["--addr", "127.0.0.1:0"])
            .args(args)
            .env_remove("BLOG_DB")
            .env_remove("BLOG_ADDR")
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit());
        for (key, value) in envs {
            command.env(key, value);
        }
        let mut child = command.spawn().expect("blog-server starts");
        let stdout = child.stdout.take().expect("stdout is piped");
        let mut line = String::new();
        BufReader::new(stdout)
            .read_line(&mut line)
            .expect("blog-server prints its address");
        let addr = line
            .trim()
            .strip_prefix("listening on http://")
            .unwrap_or_else(|| panic!("unexpected first line: {line:?}"))
            .to_owned();
        Server { child, addr }
    }

    /// Sends `method path` and reads the whole response.
    pub fn request(&self, method: &str, path: &str) -> Reply {
        self.request_with(method, path, &[("Host", &self.addr)])
    }

    /// Sends `method path` with exactly the headers `headers` (plus
    /// `Connection: close`) and reads the whole response.
    pub fn request_with(&self, method: &str, path: &str, headers: &[(&str, &str)]) -> Reply {
        let mut stream = TcpStream::connect(&self.addr).expect("connects");
        stream
            .set_read_timeout(Some(Duration::from_secs(30)))
            .expect("sets a timeout");
        let mut head = format!("{method} {path} HTTP/1.1\r\n");
        for (name, value) in headers {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        head.push_str("Connection: close\r\n\r\n");
        stream
            .write_all(head.as_bytes())
            .expect("sends the request");
        let mut raw = Vec::new();
        stream.read_to_end(&mut raw).expect("reads the response");
        Reply::parse(&raw)
    }

    /// `GET path`.
    pub fn get(&self, path: &str) -> Reply {
        self.request("GET", path)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// An HTTP response.
#[derive(Debug)]
pub struct Reply {
    /// The status code.
    pub status: u16,
    /// Header names (lowercase) and values, in order.
    pub headers: Vec<(String, String)>,
    /// The body as text.
    pub body: String,
}

impl Reply {
    fn parse(raw: &[u8]) -> Reply {
        let text = String::from_utf8_lossy(raw);
        let (head, body) = text.split_once("\r\n\r\n").expect("a complete response");
        let mut lines = head.split("\r\n");
        let status_line = lines.next().expect("a status line");
        let status = status_line
            .split(' ')
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| panic!("bad status line {status_line:?}"));
        let headers = lines
            .filter_map(|l| l.split_once(':'))
            .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_owned()))
            .collect();
        Reply {
            status,
            headers,
            body: body.to_owned(),
        }
    }

    /// The first value of header `name` (lowercase).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}
