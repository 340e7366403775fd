//! What a cache hit costs inside the server, without a socket: `handle` on a
//! warm cache for an article, the home page and a category page, over a
//! SQLite store (whose revision is read on every request) and over the
//! in-memory store (whose revision is a counter), and the store's revision
//! alone. The socket, hyper and the kernel are `scripts/bench-server`'s.
//!
//! `cargo bench -p blog-server --bench hit` (`BENCH_ARTICLES`, default
//! 1,000). The database is written to a temporary folder in `/dev/shm`
//! where there is one, and deleted at the end. A plain timing loop, as in
//! blog-store's and blog-render's benches.

mod support;

use std::hint::black_box;
use std::sync::Arc;
use std::time::{Duration, Instant};

use blog_core::{Site, Store};
use blog_render::HtmlRenderer;
use blog_server::{State, handle};
use blog_store::{MemoryStore, SqliteStore};
use http_body_util::Empty;
use hyper::Request;
use hyper::body::Bytes;
use support::{fill, now};

/// Runs `f` for about `budget` after a warm-up, and returns the fastest and
/// the median time of a call.
fn time(budget: Duration, mut f: impl FnMut()) -> (Duration, Duration) {
    f();
    let mut times = Vec::new();
    let start = Instant::now();
    while start.elapsed() < budget || times.len() < 10 {
        let call = Instant::now();
        f();
        times.push(call.elapsed());
    }
    times.sort();
    (times[0], times[times.len() / 2])
}

/// A GET of `path` from a browser: it accepts gzip and Brotli.
fn browser_get(path: &str) -> Request<Empty<Bytes>> {
    Request::get(path)
        .header("host", "blog.example.org")
        .header("accept-encoding", "gzip, deflate, br")
        .header("user-agent", "bench")
        .body(Empty::new())
        .expect("a valid request")
}

fn report(what: &str, (fastest, median): (Duration, Duration)) {
    println!("{what:<44} median {median:>10.3?}  fastest {fastest:>10.3?}");
}

/// Times cache hits on `store`, after one request of each page warmed them.
fn hits(runtime: &tokio::runtime::Runtime, name: &str, store: Arc<dyn Store>) {
    let renderer = HtmlRenderer::new(Site::default()).expect("templates load");
    let state = State {
        clock: now,
        ..State::new(store, Arc::new(renderer))
    };
    let pages = [
        ("article", "/articles/article-7/"),
        ("home", "/"),
        ("category page 2", "/categories/category-3/page/2/"),
    ];
    for (what, path) in pages {
        let request = browser_get(path);
        let warm = runtime.block_on(handle(&state, &request));
        assert_eq!(warm.status(), 200, "{path}");
        // Hits are about a microsecond or so: time a thousand at once.
        let (fastest, median) = time(Duration::from_secs(2), || {
            runtime.block_on(async {
                for _ in 0..1000 {
                    black_box(handle(&state, black_box(&request)).await);
                }
            });
        });
        report(
            &format!("{name}: hit, {what} (per request)"),
            (fastest / 1000, median / 1000),
        );
    }
    let (fastest, median) = time(Duration::from_secs(2), || {
        for _ in 0..1000 {
            black_box(state.store.revision().expect("reads the revision"));
        }
    });
    report(
        &format!("{name}: revision (per call)"),
        (fastest / 1000, median / 1000),
    );
}

fn main() {
    let n = support::article_count();
    let dir = support::temp_dir();
    let sqlite = SqliteStore::open(&dir.path().join("blog.db")).expect("opens");
    fill(&sqlite, n);
    let memory = MemoryStore::new();
    fill(&memory, n);
    println!("{n} articles in each store");
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    hits(&runtime, "sqlite", Arc::new(sqlite));
    hits(&runtime, "memory", Arc::new(memory));
}
