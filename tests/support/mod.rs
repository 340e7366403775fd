//! What the end-to-end tests share: the real binaries, a running server, and
//! a minimal HTTP/1.1 client over a plain TCP socket.

#![allow(dead_code)] // Each test file uses a different part.

pub mod checkers;
pub mod corpus;

use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Output, Stdio};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

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
    /// What it wrote to stderr, when [`Server::spawn`] was given a command
    /// whose stderr is piped.
    log: Option<Log>,
}

impl Server {
    /// Starts `blog-server` with `args` on a free port and waits until it
    /// listens.
    pub fn start(args: &[&str], envs: &[(&str, &Path)]) -> Server {
        let mut command = Server::command(args);
        for (key, value) in envs {
            command.env(key, value);
        }
        Server::spawn(command)
    }

    /// The command that starts `blog-server` with `args` on a free port, with
    /// none of the test's own `BLOG_*` variables; stdout is piped (it prints
    /// its address there) and stderr inherited. Change what else is needed
    /// (the working folder, variables, a piped stderr to read its log), then
    /// [`Server::spawn`] it.
    pub fn command(args: &[&str]) -> Command {
        let mut command = Command::new(server_bin());
        command
            .args(["--addr", "127.0.0.1:0"])
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit());
        for (key, _) in std::env::vars_os() {
            if key.to_str().is_some_and(|k| k.starts_with("BLOG_")) {
                command.env_remove(key);
            }
        }
        command
    }

    /// Spawns `command` (from [`Server::command`]) and waits until it
    /// listens. A piped stderr is read as it comes: see [`Server::log`].
    pub fn spawn(mut command: Command) -> Server {
        let mut child = command.spawn().expect("blog-server starts");
        let log = child.stderr.take().map(Log::collect);
        let stdout = child.stdout.take().expect("stdout is piped");
        let mut line = String::new();
        BufReader::new(stdout)
            .read_line(&mut line)
            .expect("blog-server prints its address");
        let Some(addr) = line.trim().strip_prefix("listening on http://") else {
            let _ = child.kill();
            let _ = child.wait();
            let log = log.map(|log| log.lines().join("\n")).unwrap_or_default();
            panic!("unexpected first line: {line:?}; stderr:\n{log}");
        };
        Server {
            addr: addr.to_owned(),
            child,
            log,
        }
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

    /// A new keep-alive connection to it.
    pub fn connect(&self) -> Conn {
        Conn::open(&self.addr)
    }

    /// Its process id.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Sends it SIGTERM, as a service manager stopping it would.
    pub fn terminate(&self) {
        self.signal("TERM");
    }

    /// Sends it the signal `name` (`TERM`, `INT`, …).
    pub fn signal(&self, name: &str) {
        let status = Command::new("kill")
            .args(["-s", name, &self.pid().to_string()])
            .status()
            .expect("kill runs");
        assert!(status.success(), "kill -s {name} {} failed", self.pid());
    }

    /// Waits at most `limit` for it to exit; `None` if it is still running.
    pub fn wait_for_exit(&mut self, limit: Duration) -> Option<ExitStatus> {
        let deadline = Instant::now() + limit;
        loop {
            if let Some(status) = self.child.try_wait().expect("can wait for blog-server") {
                return Some(status);
            }
            if Instant::now() >= deadline {
                return None;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// The lines it wrote to stderr so far; it must have been spawned with
    /// a piped stderr.
    pub fn log(&self) -> Vec<String> {
        self.log
            .as_ref()
            .expect("spawned with a piped stderr")
            .lines()
    }

    /// Waits at most `limit` until `done` holds for its stderr lines, and
    /// returns them (whether or not it held).
    pub fn wait_for_log(&self, limit: Duration, done: impl Fn(&[String]) -> bool) -> Vec<String> {
        let deadline = Instant::now() + limit;
        loop {
            let lines = self.log();
            if done(&lines) || Instant::now() >= deadline {
                return lines;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The lines a child writes to a pipe, read on a thread of their own so
/// that the child never blocks on a full pipe.
#[derive(Clone, Default)]
struct Log(Arc<Mutex<Vec<String>>>);

impl Log {
    fn collect(pipe: impl Read + Send + 'static) -> Log {
        let log = Log::default();
        let lines = Arc::clone(&log.0);
        std::thread::spawn(move || {
            for line in BufReader::new(pipe).lines() {
                let Ok(line) = line else { break };
                lines.lock().expect("no reader panics").push(line);
            }
        });
        log
    }

    fn lines(&self) -> Vec<String> {
        self.0.lock().expect("no reader panics").clone()
    }
}

/// A raw HTTP/1.1 client connection: sends any bytes, reads responses one
/// at a time (keep-alive and pipelining work), each within a time limit.
pub struct Conn {
    stream: TcpStream,
    /// Bytes received and not yet returned in a response.
    pending: Vec<u8>,
    /// The most bytes taken from the socket at a time.
    chunk: usize,
    /// How long to wait after taking bytes: a slow reader.
    pause: Duration,
}

/// Why [`Conn::read_reply`] returned no whole response.
#[derive(Debug)]
pub struct Cut {
    /// Bytes of the response received before it stopped.
    pub received: usize,
    /// `UnexpectedEof` when the server closed the connection, `TimedOut`
    /// when the limit passed, else the socket's error.
    pub kind: io::ErrorKind,
}

impl Conn {
    /// Connects to `addr`.
    pub fn open(addr: &str) -> Conn {
        Conn::new(TcpStream::connect(addr).expect("connects"))
    }

    /// Wraps a connected `stream`.
    pub fn new(stream: TcpStream) -> Conn {
        Conn {
            stream,
            pending: Vec::new(),
            chunk: 16 * 1024,
            pause: Duration::ZERO,
        }
    }

    /// Makes it a slow reader: at most `chunk` bytes at a time, then a
    /// `pause`.
    pub fn pace(&mut self, chunk: usize, pause: Duration) {
        self.chunk = chunk.max(1);
        self.pause = pause;
    }

    /// The socket.
    pub fn stream(&self) -> &TcpStream {
        &self.stream
    }

    /// Sends `bytes` as they are.
    pub fn send(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.stream.write_all(bytes)
    }

    /// Sends `method path` with `headers` and nothing else: no `Host`, no
    /// `Connection`, no body.
    pub fn send_request(
        &mut self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
    ) -> io::Result<()> {
        let mut head = format!("{method} {path} HTTP/1.1\r\n");
        for (name, value) in headers {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        head.push_str("\r\n");
        self.send(head.as_bytes())
    }

    /// Reads the next response, to a request made with `method` (a
    /// response to HEAD has no body), within `limit`. The body is read by
    /// its `Content-Length`, or to the end of the connection without one.
    pub fn read_reply(&mut self, method: &str, limit: Duration) -> Result<Reply, Cut> {
        let deadline = Instant::now() + limit;
        let head_len = loop {
            if let Some(end) = find(&self.pending, b"\r\n\r\n") {
                break end + 4;
            }
            self.fill(deadline)?;
        };
        let (status, headers) = parse_head(&self.pending[..head_len - 4]);
        let length = headers
            .iter()
            .find(|(name, _)| name == "content-length")
            .map(|(_, value)| value.parse::<usize>().expect("a numeric Content-Length"));
        assert!(
            !headers.iter().any(|(name, _)| name == "transfer-encoding"),
            "the server never sends a chunked body: {headers:?}"
        );
        let bodiless = method == "HEAD" || status == 304 || status == 204 || status < 200;
        let body_len = match length {
            _ if bodiless => 0,
            Some(length) => length,
            None => loop {
                match self.fill(deadline) {
                    Ok(()) => {}
                    Err(Cut {
                        kind: io::ErrorKind::UnexpectedEof,
                        ..
                    }) => break self.pending.len() - head_len,
                    Err(cut) => return Err(cut),
                }
            },
        };
        while self.pending.len() < head_len + body_len {
            self.fill(deadline)?;
        }
        let rest = self.pending.split_off(head_len + body_len);
        let raw = std::mem::replace(&mut self.pending, rest);
        let bytes = raw[head_len..].to_vec();
        Ok(Reply {
            status,
            headers,
            body: String::from_utf8_lossy(&bytes).into_owned(),
            bytes,
        })
    }

    /// `method path` with `headers` (plus `Host`), keeping the connection
    /// open, and its response within 30 s.
    pub fn fetch(&mut self, method: &str, path: &str, headers: &[(&str, &str)]) -> Reply {
        let mut all = vec![("Host", "test.example")];
        all.extend_from_slice(headers);
        self.send_request(method, path, &all)
            .expect("sends the request");
        self.read_reply(method, Duration::from_secs(30))
            .unwrap_or_else(|cut| panic!("{method} {path}: no whole response: {cut:?}"))
    }

    /// Reads until the server closes the connection or `limit` passes:
    /// what was received (with what was pending), and how it ended
    /// (`UnexpectedEof` for a close, `TimedOut` for the limit).
    pub fn read_until_closed(&mut self, limit: Duration) -> (Vec<u8>, io::ErrorKind) {
        let deadline = Instant::now() + limit;
        let kind = loop {
            if let Err(cut) = self.fill(deadline) {
                break cut.kind;
            }
        };
        (std::mem::take(&mut self.pending), kind)
    }

    /// Reads what arrives next into `pending`, waiting until `deadline`.
    fn fill(&mut self, deadline: Instant) -> Result<(), Cut> {
        let cut = |kind| Cut {
            received: self.pending.len(),
            kind,
        };
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(cut(io::ErrorKind::TimedOut));
        }
        self.stream
            .set_read_timeout(Some(left))
            .expect("sets a timeout");
        let mut buf = vec![0; self.chunk];
        match self.stream.read(&mut buf) {
            Ok(0) => Err(cut(io::ErrorKind::UnexpectedEof)),
            Ok(n) => {
                self.pending.extend_from_slice(&buf[..n]);
                std::thread::sleep(self.pause);
                Ok(())
            }
            Err(e)
                if matches!(
                    e.kind(),
                    io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
                ) =>
            {
                Err(cut(io::ErrorKind::TimedOut))
            }
            Err(e) if e.kind() == io::ErrorKind::Interrupted => Ok(()),
            Err(e) => Err(cut(e.kind())),
        }
    }
}

/// Connects to `addr` from a socket whose receive buffer is `bytes` (as the
/// kernel rounds it), so that a client that stops reading stops the server
/// from writing after a few kilobytes.
pub fn connect_with_receive_buffer(addr: &str, bytes: usize) -> TcpStream {
    let addr: std::net::SocketAddr = addr.parse().expect("an IP address and port");
    let socket = socket2::Socket::new(
        socket2::Domain::for_address(addr),
        socket2::Type::STREAM,
        Some(socket2::Protocol::TCP),
    )
    .expect("a socket");
    socket
        .set_recv_buffer_size(bytes)
        .expect("sets the receive buffer");
    socket.connect(&addr.into()).expect("connects");
    socket.into()
}

/// Where `needle` starts in `haystack`.
fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// The status and the headers (names lowercase) of a response head, without
/// its blank line.
fn parse_head(head: &[u8]) -> (u16, Vec<(String, String)>) {
    let head = String::from_utf8_lossy(head);
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
    (status, headers)
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
    /// The body as it came, compressed or not.
    pub bytes: Vec<u8>,
}

impl Reply {
    /// A whole response, as read to the end of its connection.
    pub fn parse(raw: &[u8]) -> Reply {
        let end = find(raw, b"\r\n\r\n").expect("a complete response");
        let (status, headers) = parse_head(&raw[..end]);
        let bytes = raw[end + 4..].to_vec();
        Reply {
            status,
            headers,
            body: String::from_utf8_lossy(&bytes).into_owned(),
            bytes,
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
