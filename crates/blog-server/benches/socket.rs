//! What a cache hit costs through a socket: the real accept loop and
//! workers (`blog_server::serve`, one per core) on loopback, driven by one
//! client thread holding keep-alive connections, each with one request in
//! flight as wrk's are, for a fixed number of requests of one cached page.
//!
//! It reports requests per second, which the load on the machine moves,
//! and the CPU time of the server's threads per request, which it moves far
//! less: on a machine shared with other work, compare the latter. For
//! instructions per request, run the bench binary under
//! `valgrind --tool=callgrind --separate-threads=yes` and divide the
//! server threads' counts by the requests, the warm-up's included (it
//! prints both): the threads after the first (the client's), one per core,
//! then the blocking pool's, which only the warm-up's first request uses.
//!
//! `cargo bench -p blog-server --bench socket`; `BENCH_ARTICLES` (default
//! 1,000), `BENCH_REQUESTS` (default 200,000), `BENCH_CONNECTIONS` (default
//! 64), `BENCH_PATH` (default the last page of a category, about 5 KB).
//! The CPU times are read from `/proc`: Linux only.

mod support;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use blog_core::{PerPage, Site};
use blog_render::HtmlRenderer;
use blog_server::{ServeOptions, State, bind, serve};
use blog_store::SqliteStore;
use tokio::net::TcpStream;

/// A number from the environment variable `name`, else `default`.
fn setting(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// CPU time (user and system) of this process's threads whose name starts
/// with `prefix`, from `/proc`; zero where there is no `/proc`.
fn cpu_of_threads(prefix: &str) -> Duration {
    let Ok(tasks) = std::fs::read_dir("/proc/self/task") else {
        return Duration::ZERO;
    };
    let mut ticks = 0;
    for task in tasks.flatten() {
        let name = std::fs::read_to_string(task.path().join("comm")).unwrap_or_default();
        if !name.starts_with(prefix) {
            continue;
        }
        let stat = std::fs::read_to_string(task.path().join("stat")).unwrap_or_default();
        // After the name in parentheses: state, then fields 4 to 52;
        // utime and stime are the 14th and 15th.
        let after_name = stat.rsplit_once(')').map_or("", |(_, rest)| rest);
        let fields: Vec<u64> = after_name
            .split_whitespace()
            .skip(1)
            .map(|f| f.parse().unwrap_or(0))
            .collect();
        ticks += fields.get(10).unwrap_or(&0) + fields.get(11).unwrap_or(&0);
    }
    // Linux reports them in USER_HZ, 100 per second.
    Duration::from_millis(ticks * 10)
}

/// One keep-alive connection's requests: `count` GETs of `path`, each
/// response read whole before the next is sent.
async fn client(addr: std::net::SocketAddr, path: String, count: usize, done: Arc<AtomicUsize>) {
    let stream = TcpStream::connect(addr).await.expect("connects");
    stream.set_nodelay(true).expect("sets TCP_NODELAY");
    let request = format!("GET {path} HTTP/1.1\r\nHost: bench\r\n\r\n");
    let mut buf = vec![0; 1 << 16];
    for _ in 0..count {
        write_all(&stream, request.as_bytes()).await;
        read_response(&stream, &mut buf).await;
        done.fetch_add(1, Ordering::Relaxed);
    }
}

async fn write_all(stream: &TcpStream, mut bytes: &[u8]) {
    while !bytes.is_empty() {
        stream.writable().await.expect("waits to write");
        match stream.try_write(bytes) {
            Ok(n) => bytes = &bytes[n..],
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {}
            Err(e) => panic!("cannot send a request: {e}"),
        }
    }
}

/// Reads one response (a head with `content-length`, then that many
/// bytes), checking that it is a 200.
async fn read_response(stream: &TcpStream, buf: &mut Vec<u8>) {
    let mut filled = 0;
    let mut whole = None;
    loop {
        if whole.is_none()
            && let Some(end) = buf[..filled].windows(4).position(|w| w == b"\r\n\r\n")
        {
            let head = std::str::from_utf8(&buf[..end]).expect("an ASCII head");
            assert!(head.starts_with("HTTP/1.1 200"), "not a 200: {head}");
            let length: usize = head
                .lines()
                .find_map(|line| line.strip_prefix("content-length: "))
                .and_then(|v| v.parse().ok())
                .expect("a content-length");
            whole = Some(end + 4 + length);
            if buf.len() < end + 4 + length {
                buf.resize(end + 4 + length, 0);
            }
        }
        if whole == Some(filled) {
            return;
        }
        stream.readable().await.expect("waits to read");
        match stream.try_read(&mut buf[filled..]) {
            Ok(0) => panic!("the server closed the connection"),
            Ok(n) => filled += n,
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {}
            Err(e) => panic!("cannot read a response: {e}"),
        }
    }
}

/// Sends `requests` requests of `path` to `addr` over `connections`
/// connections, from this thread; returns how long it took.
fn drive(addr: std::net::SocketAddr, path: &str, connections: usize, requests: usize) -> Duration {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    let done = Arc::new(AtomicUsize::new(0));
    let start = Instant::now();
    runtime.block_on(async {
        let clients: Vec<_> = (0..connections)
            .map(|c| {
                // The requests shared out, the first ones taking one more.
                let count = requests / connections + usize::from(c < requests % connections);
                tokio::spawn(client(addr, path.to_owned(), count, Arc::clone(&done)))
            })
            .collect();
        for client in clients {
            client.await.expect("a client ends");
        }
    });
    assert_eq!(done.load(Ordering::Relaxed), requests);
    start.elapsed()
}

fn main() {
    let articles = support::article_count();
    let requests = setting("BENCH_REQUESTS", 200_000).max(1);
    let connections = setting("BENCH_CONNECTIONS", 64).max(1);
    let dir = support::temp_dir();
    let store = SqliteStore::open(&dir.path().join("blog.db")).expect("opens");
    support::fill(&store, articles);
    // The last page of a category: the smallest of the cached pages.
    let per_category = articles.div_ceil(support::CATEGORIES);
    let last = per_category.div_ceil(PerPage::DEFAULT.get() as usize);
    let path = std::env::var("BENCH_PATH").unwrap_or_else(|_| match last {
        0 | 1 => "/categories/category-3/".to_owned(),
        last => format!("/categories/category-3/page/{last}/"),
    });

    let listener = bind("127.0.0.1:0".parse().expect("an address")).expect("binds");
    let addr = listener.local_addr().expect("an address");
    let renderer = HtmlRenderer::new(Site::default()).expect("templates load");
    let state = State {
        clock: support::now,
        ..State::new(Arc::new(store), Arc::new(renderer))
    };
    let options = ServeOptions::default();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = std::thread::Builder::new()
        .name("blog-serve".into())
        .spawn(move || {
            serve(listener, state, options, async {
                let _ = stopped.await;
            })
            .expect("serves");
        })
        .expect("a server thread");

    let warm_up = (requests / 10).max(connections);
    drive(addr, &path, connections, warm_up);
    let cpu_before = cpu_of_threads("blog-");
    let took = drive(addr, &path, connections, requests);
    let cpu = cpu_of_threads("blog-").saturating_sub(cpu_before);
    let _ = stop.send(());
    server.join().expect("the server stops");

    let per_second = requests as f64 / took.as_secs_f64();
    println!(
        "{articles} articles, GET {path}: {requests} requests (after {warm_up}) over \
         {connections} connections, {} server threads",
        options.threads
    );
    println!(
        "{per_second:>10.0} requests per second, {:>6.2} µs of server CPU per request",
        cpu.as_secs_f64() * 1e6 / requests as f64
    );
}
