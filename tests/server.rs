//! The server as HTTP clients meet it, over a real socket: caching and
//! revalidation, content codings, `HEAD`, redirects, refusals and limits,
//! slow and greedy clients, the connection cap, graceful shutdown, the log,
//! start-up checks and configuration. Each test starts its own
//! `blog-server` on a temporary database, with small timeouts, and changes
//! content with the real `blog` command, another process.

mod support;

use std::io::{self, Read as _, Write as _};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, mpsc};
use std::thread;
use std::time::{Duration, Instant, SystemTime};

use support::{
    Conn, Cut, Reply, Server, blog, connect_with_receive_buffer, fixture, stderr, stdout,
};

/// A database holding the `reader` fixture (13 public articles, nested
/// categories, tags, a series), in a folder of its own that is also the
/// server's working folder.
struct Site {
    dir: tempfile::TempDir,
    db: PathBuf,
}

impl Site {
    fn reader() -> Site {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let db = dir.path().join("blog.db");
        let site = Site { dir, db };
        site.blog(&["import", path_str(&fixture("reader"))]);
        site
    }

    /// Runs `blog` on the database, another process than the server, and
    /// returns its output; it must succeed.
    fn blog(&self, args: &[&str]) -> String {
        let output = blog(&self.db, args);
        assert!(
            output.status.success(),
            "blog {args:?} failed: {}",
            stderr(&output)
        );
        stdout(&output)
    }

    /// The server's command over this database, in this folder.
    fn command(&self, extra: &[&str]) -> std::process::Command {
        let mut args = vec!["--db", path_str(&self.db), "--no-demo"];
        args.extend_from_slice(extra);
        let mut command = Server::command(&args);
        // Only warnings and errors on the test's output, unless a test
        // asks for more with `--log`, which wins over the variable.
        command.current_dir(self.dir.path()).env("BLOG_LOG", "warn");
        command
    }

    fn serve(&self, extra: &[&str]) -> Server {
        Server::spawn(self.command(extra))
    }

    /// A server whose stderr the test reads.
    fn serve_logged(&self, extra: &[&str]) -> Server {
        let mut command = self.command(extra);
        command.stderr(Stdio::piped());
        Server::spawn(command)
    }

    /// Adds the article `long-read` (about 1 MB of text, ending with
    /// [`LONG_READ_END`]) with `blog import`.
    fn import_long_read(&self) {
        let folder = self.dir.path().join("long");
        std::fs::create_dir(&folder).expect("a folder for the article");
        let mut text = String::from(
            "+++\ntitle = \"Long Read\"\ndate = 2024-01-01T00:00:00Z\n\
             description = \"A long article.\"\n+++\n\n",
        );
        for n in 0..10_000 {
            text.push_str(&format!(
                "Paragraph {n}: the quick brown fox jumps over the lazy dog, again and again.\n\n"
            ));
        }
        text.push_str(LONG_READ_END);
        text.push('\n');
        std::fs::write(folder.join("long-read.md"), text).expect("writes the article");
        self.blog(&["import", path_str(&folder)]);
    }
}

/// How many requests for `long-read` the slow reader sends at once.
const PIPELINED: usize = 12;

/// The last words of the article `long-read`.
const LONG_READ_END: &str = "The end of the long read.";

fn path_str(path: &Path) -> &str {
    path.to_str().expect("a UTF-8 path")
}

/// `method path` with `headers` and a `Host`, on a new connection closed
/// after the response, read to its end: what follows the head is exactly
/// what the server sent as the body.
fn ask(server: &Server, method: &str, path: &str, headers: &[(&str, &str)]) -> Reply {
    let mut all = vec![("Host", server.addr.as_str())];
    all.extend_from_slice(headers);
    server.request_with(method, path, &all)
}

fn get(server: &Server, path: &str) -> Reply {
    ask(server, "GET", path, &[])
}

fn get_with(server: &Server, path: &str, headers: &[(&str, &str)]) -> Reply {
    ask(server, "GET", path, headers)
}

fn header<'a>(reply: &'a Reply, name: &str, what: &str) -> &'a str {
    reply
        .header(name)
        .unwrap_or_else(|| panic!("{what}: no {name} header in {:?}", reply.headers))
}

fn etag<'a>(reply: &'a Reply, what: &str) -> &'a str {
    header(reply, "etag", what)
}

/// The body's length must be what `Content-Length` says.
fn assert_whole(reply: &Reply, what: &str) {
    let length: usize = header(reply, "content-length", what)
        .parse()
        .expect("a numeric Content-Length");
    assert_eq!(reply.bytes.len(), length, "{what}: body length");
}

/// The headers every response carries.
fn assert_secure(reply: &Reply, what: &str) {
    let csp = header(reply, "content-security-policy", what);
    for directive in ["script-src 'self'", "frame-ancestors 'none'"] {
        assert!(
            csp.contains(directive),
            "{what}: CSP without {directive}: {csp}"
        );
    }
    assert_eq!(
        reply.header("x-content-type-options"),
        Some("nosniff"),
        "{what}"
    );
    assert_eq!(reply.header("x-frame-options"), Some("DENY"), "{what}");
    assert!(
        !header(reply, "referrer-policy", what).is_empty(),
        "{what}: an empty Referrer-Policy"
    );
    assert_eq!(
        reply.header("cross-origin-opener-policy"),
        Some("same-origin"),
        "{what}"
    );
}

/// A `Location` may only lead to a path on this site: one slash, then
/// something that is neither a slash nor a backslash (which browsers read
/// as a slash).
fn assert_same_site(location: &str, what: &str) {
    assert!(location.starts_with('/'), "{what}: Location {location:?}");
    assert!(
        !location.starts_with("//") && !location.starts_with("/\\"),
        "{what}: Location {location:?} leaves the site"
    );
    assert!(
        !location.contains("://"),
        "{what}: Location {location:?} names another origin"
    );
}

/// The fingerprinted stylesheet the home page links, such as
/// `/assets/style.0123456789abcdef.css`.
fn stylesheet(server: &Server) -> String {
    let home = get(server, "/");
    let start = home
        .body
        .find("/assets/style.")
        .expect("the home page links its stylesheet");
    let name = &home.body[start..];
    let name = &name[..name.find('"').expect("a quoted href")];
    let hash = name
        .strip_prefix("/assets/style.")
        .and_then(|rest| rest.strip_suffix(".css"))
        .unwrap_or_else(|| panic!("unexpected stylesheet path {name}"));
    assert!(
        hash.len() == 16 && hash.bytes().all(|b| b.is_ascii_hexdigit()),
        "{name}: not a 16-digit hex fingerprint"
    );
    name.to_owned()
}

fn gunzip(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(bytes)
        .read_to_end(&mut out)
        .expect("a valid gzip stream");
    out
}

fn unbrotli(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    brotli::BrotliDecompress(&mut &bytes[..], &mut out).expect("a valid brotli stream");
    out
}

/// Polls `done` every 20 ms until it holds or `limit` passes.
fn eventually(limit: Duration, mut done: impl FnMut() -> bool) -> bool {
    let deadline = Instant::now() + limit;
    loop {
        if done() {
            return true;
        }
        if Instant::now() >= deadline {
            return false;
        }
        thread::sleep(Duration::from_millis(20));
    }
}

// 1. The response cache follows the store and the clock.

#[test]
fn a_change_by_the_blog_command_shows_on_the_very_next_request() {
    let site = Site::reader();
    site.blog(&["new", "Fresh Thoughts", "--category", "rust"]);
    let server = site.serve(&[]);

    // Unchanged content: the same representation, from the same moment,
    // however much later it is asked for.
    let first = get(&server, "/articles/pinning/");
    thread::sleep(Duration::from_millis(1100));
    let again = get(&server, "/articles/pinning/");
    assert_eq!(first.status, 200);
    assert_eq!(etag(&again, "again"), etag(&first, "first"));
    assert_eq!(again.header("last-modified"), first.header("last-modified"));
    assert_eq!(again.body, first.body);
    let home = get(&server, "/");
    assert!(!home.body.contains("Fresh Thoughts"));

    // Another process publishes: the next request shows it, and the copy
    // a client holds is stale.
    site.blog(&["publish", "fresh-thoughts"]);
    let after = get_with(&server, "/", &[("If-None-Match", etag(&home, "home"))]);
    assert_eq!(after.status, 200, "a stale tag gets the new page");
    assert!(after.body.contains("Fresh Thoughts"));
    assert_ne!(etag(&after, "after"), etag(&home, "home"));
    assert_eq!(get(&server, "/articles/fresh-thoughts/").status, 200);
    // A page the change did not touch keeps its tag.
    assert_eq!(
        etag(&get(&server, "/articles/pinning/"), "pinning"),
        etag(&first, "first")
    );

    // A rename, a deletion and an import, each seen at once.
    site.blog(&["rename", "fresh-thoughts", "second-thoughts"]);
    let moved = get(&server, "/articles/fresh-thoughts/");
    assert_eq!(moved.status, 301);
    assert_eq!(moved.header("location"), Some("/articles/second-thoughts/"));
    site.blog(&["delete", "second-thoughts", "--yes"]);
    assert_eq!(get(&server, "/articles/second-thoughts/").status, 410);
    assert!(!get(&server, "/").body.contains("Fresh Thoughts"));
    assert_eq!(get(&server, "/articles/zola-toml/").status, 404);
    site.blog(&["import", path_str(&fixture("site"))]);
    assert_eq!(get(&server, "/articles/zola-toml/").status, 200);
}

#[test]
fn a_scheduled_article_appears_at_its_time_without_a_restart() {
    let site = Site::reader();
    site.blog(&["new", "Timely Piece", "--category", "rust"]);
    let server = site.serve(&[]);
    let at = chrono::Utc::now() + chrono::Duration::seconds(3);
    let at_text = at.to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
    site.blog(&["schedule", "timely-piece", "--at", &at_text]);

    // Before its time, on every page that will show it; these pages are
    // now cached. A response received before its time was built before it.
    let mut primed = 0;
    for path in ["/", "/feed.xml", "/articles/timely-piece/"] {
        let reply = get(&server, path);
        if chrono::Utc::now() < at {
            primed += 1;
            assert!(!reply.body.contains("Timely Piece"), "{path}");
            assert_eq!(
                reply.status,
                if path == "/" || path == "/feed.xml" {
                    200
                } else {
                    404
                }
            );
        }
    }
    assert!(
        primed > 0,
        "the machine is too slow for this test: the first checks took past the scheduled time"
    );

    // A request sent at or after its time shows it; none before does.
    let deadline = at + chrono::Duration::seconds(15);
    loop {
        let sent = chrono::Utc::now();
        let article = get(&server, "/articles/timely-piece/");
        let received = chrono::Utc::now();
        if article.status == 200 {
            assert!(received >= at, "shown before its time ({received} < {at})");
            break;
        }
        assert_eq!(article.status, 404);
        assert!(sent < at, "still hidden at {sent}, after its time {at}");
        assert!(sent < deadline, "never shown");
        thread::sleep(Duration::from_millis(100));
    }
    assert!(get(&server, "/").body.contains("Timely Piece"));
    assert!(get(&server, "/feed.xml").body.contains("Timely Piece"));
    assert!(
        get(&server, "/api/v1/articles")
            .body
            .contains("\"timely-piece\"")
    );
}

#[test]
fn without_a_cache_a_scheduled_article_still_changes_last_modified() {
    let site = Site::reader();
    site.blog(&["new", "Timely Piece", "--category", "rust"]);
    let server = site.serve(&["--cache-budget", "0"]);
    let at = chrono::Utc::now() + chrono::Duration::seconds(2);
    let at_text = at.to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
    site.blog(&["schedule", "timely-piece", "--at", &at_text]);
    let before = get(&server, "/");
    assert!(!before.body.contains("Timely Piece"));
    let modified = header(&before, "last-modified", "before").to_owned();
    // Past its time, and in a later second than the page's Last-Modified.
    assert!(eventually(Duration::from_secs(15), || {
        get(&server, "/articles/timely-piece/").status == 200
    }));
    thread::sleep(Duration::from_millis(1100));
    assert!(get(&server, "/").body.contains("Timely Piece"));
    let after = get_with(&server, "/", &[("If-Modified-Since", &modified)]);
    assert_eq!(
        after.status, 200,
        "the home page changed, yet it is \"not modified\" since {modified}"
    );
}

// 2. Validators.

#[test]
fn etags_and_last_modified_answer_304_and_stale_ones_200() {
    let site = Site::reader();
    let server = site.serve(&[]);
    let page = get(&server, "/articles/pinning/");
    assert_eq!(page.status, 200);
    let tag = etag(&page, "page").to_owned();
    let hex = tag
        .strip_prefix('"')
        .and_then(|t| t.strip_suffix('"'))
        .expect("a strong, quoted tag");
    assert!(
        hex.len() == 16 && hex.bytes().all(|b| b.is_ascii_hexdigit()),
        "{tag}"
    );
    let modified = header(&page, "last-modified", "page").to_owned();
    let since = httpdate::parse_http_date(&modified).expect("an HTTP date");
    let day = Duration::from_secs(86_400);
    let earlier = httpdate::fmt_http_date(since - day);

    let weak = format!("W/{tag}");
    let listed = format!("\"0000000000000000\", {tag}");
    let fresh: [&[(&str, &str)]; 5] = [
        &[("If-None-Match", &tag)],
        &[("If-None-Match", &weak)],
        &[("If-None-Match", &listed)],
        &[("If-None-Match", "*")],
        &[("If-Modified-Since", &modified)],
    ];
    for headers in fresh {
        for method in ["GET", "HEAD"] {
            let what = format!("{method} with {headers:?}");
            let reply = ask(&server, method, "/articles/pinning/", headers);
            assert_eq!(reply.status, 304, "{what}");
            assert!(reply.bytes.is_empty(), "{what}: a body on a 304");
            assert_eq!(reply.header("etag"), Some(tag.as_str()), "{what}");
            assert_eq!(reply.header("last-modified"), Some(modified.as_str()));
            assert_eq!(reply.header("cache-control"), Some("public, no-cache"));
        }
    }
    let stale: [&[(&str, &str)]; 3] = [
        &[("If-None-Match", "\"0000000000000000\"")],
        &[("If-Modified-Since", &earlier)],
        // A tag that does not match is not rescued by a recent date.
        &[
            ("If-None-Match", "\"0000000000000000\""),
            ("If-Modified-Since", &modified),
        ],
    ];
    for headers in stale {
        let reply = get_with(&server, "/articles/pinning/", headers);
        assert_eq!(reply.status, 200, "{headers:?}");
        assert_eq!(reply.body, page.body, "{headers:?}");
    }

    // Each coding is its own representation with its own strong tag.
    let gz_tag = format!("\"{hex}-gz\"");
    let br_tag = format!("\"{hex}-br\"");
    let gzip = get_with(
        &server,
        "/articles/pinning/",
        &[("Accept-Encoding", "gzip")],
    );
    assert_eq!(gzip.header("etag"), Some(gz_tag.as_str()));
    let br = get_with(&server, "/articles/pinning/", &[("Accept-Encoding", "br")]);
    assert_eq!(br.header("etag"), Some(br_tag.as_str()));
    let cases = [
        ("gzip", &gz_tag, 304),
        ("br", &br_tag, 304),
        ("br", &gz_tag, 200),
        ("gzip", &tag, 200),
        ("identity", &gz_tag, 200),
    ];
    for (coding, held, status) in cases {
        let reply = get_with(
            &server,
            "/articles/pinning/",
            &[("Accept-Encoding", coding), ("If-None-Match", held)],
        );
        assert_eq!(reply.status, status, "{coding} holding {held}");
    }
}

#[test]
fn if_modified_since_sees_two_changes_within_one_second() {
    let site = Site::reader();
    site.blog(&["new", "Quick Change"]);
    let server = site.serve(&[]);
    for _ in 0..3 {
        // A change, then the first request after it, early in a second:
        // the page's new Last-Modified is that second.
        site.blog(&["unpublish", "quick-change"]);
        let now = SystemTime::now()
            .duration_since(SystemTime::UNIX_EPOCH)
            .expect("after 1970");
        thread::sleep(
            Duration::from_millis(1020) - Duration::from_nanos(now.subsec_nanos().into()),
        );
        let before = get(&server, "/");
        assert!(!before.body.contains("Quick Change"));
        let modified = header(&before, "last-modified", "before").to_owned();
        // Another change, most likely within the same second.
        site.blog(&["publish", "quick-change"]);
        let after = get_with(&server, "/", &[("If-Modified-Since", &modified)]);
        assert_eq!(
            after.status, 200,
            "the page changed after {modified}, yet it is \"not modified\" since then"
        );
        assert!(after.body.contains("Quick Change"));
    }
}

// 3. HEAD.

#[test]
fn head_answers_as_get_without_a_body_on_every_kind_of_route() {
    let site = Site::reader();
    site.blog(&["delete", "sqlite-wal", "--yes"]);
    let server = site.serve(&[]);
    let css = stylesheet(&server);
    let paths = [
        "/",
        "/articles/pinning/",
        "/categories/",
        "/search/?q=pinning",
        "/feed.xml",
        "/feed.json",
        "/sitemap.xml",
        "/robots.txt",
        css.as_str(),
        "/assets/style.css",
        "/api/v1/articles?per_page=2",
        "/api/v1/articles/no-such-article",
        "/nothing/here/",
        "/articles/pinning",
        "/articles/sqlite-wal/",
        "/healthz",
    ];
    for path in paths {
        for coding in ["identity", "gzip, br"] {
            let what = format!("{path} ({coding})");
            let headers = [("Accept-Encoding", coding)];
            let full = ask(&server, "GET", path, &headers);
            let head = ask(&server, "HEAD", path, &headers);
            assert_whole(&full, &what);
            assert_eq!(head.status, full.status, "{what}");
            assert_eq!(
                head.header("content-length"),
                full.header("content-length"),
                "{what}"
            );
            assert_eq!(head.header("content-type"), full.header("content-type"));
            assert_eq!(
                head.header("content-encoding"),
                full.header("content-encoding")
            );
            assert_eq!(head.header("etag"), full.header("etag"), "{what}");
            assert_eq!(head.header("location"), full.header("location"), "{what}");
            assert!(head.bytes.is_empty(), "{what}: HEAD sent body bytes");
        }
    }

    // On a kept-alive connection, the next response starts right after a
    // HEAD's head: no body bytes in between.
    let mut conn = server.connect();
    for path in ["/", "/nothing/here/", "/articles/pinning"] {
        let head = conn.fetch("HEAD", path, &[]);
        let full = conn.fetch("GET", path, &[]);
        assert_eq!(head.status, full.status, "{path}");
        assert!(head.bytes.is_empty());
        assert_whole(&full, path);
    }
}

// 4. Content codings.

#[test]
fn gzip_and_brotli_bodies_decode_to_the_identity_body() {
    let site = Site::reader();
    let server = site.serve(&[]);
    let css = stylesheet(&server);
    for path in [
        "/",
        "/articles/pinning/",
        "/feed.xml",
        "/sitemap.xml",
        css.as_str(),
        "/api/v1/articles?per_page=2",
        "/nothing/here/",
    ] {
        let plain = get(&server, path);
        assert!(plain.bytes.len() > 512, "{path}: too small to compress");
        assert_eq!(plain.header("content-encoding"), None, "{path}");
        assert_eq!(plain.header("vary"), Some("accept-encoding"), "{path}");
        let cases: [(&str, Option<&str>); 7] = [
            ("gzip", Some("gzip")),
            ("br", Some("br")),
            ("gzip, deflate, br", Some("br")),
            ("br;q=0, gzip", Some("gzip")),
            ("*", Some("br")),
            ("gzip;q=0", None),
            ("deflate", None),
        ];
        for (accept, coding) in cases {
            let what = format!("{path} with Accept-Encoding: {accept}");
            let reply = get_with(&server, path, &[("Accept-Encoding", accept)]);
            assert_eq!(reply.status, plain.status, "{what}");
            assert_eq!(reply.header("content-encoding"), coding, "{what}");
            assert_eq!(reply.header("vary"), Some("accept-encoding"), "{what}");
            assert_eq!(reply.header("content-type"), plain.header("content-type"));
            assert_whole(&reply, &what);
            let decoded = match coding {
                Some("gzip") => gunzip(&reply.bytes),
                Some("br") => unbrotli(&reply.bytes),
                _ => reply.bytes.clone(),
            };
            assert_eq!(decoded, plain.bytes, "{what}: decodes to another body");
            if coding.is_some() {
                assert!(
                    reply.bytes.len() < plain.bytes.len() / 2,
                    "{what}: barely smaller"
                );
            }
        }
    }
    // A body too small to gain from it is sent as it is, and still varies.
    let robots = get_with(&server, "/robots.txt", &[("Accept-Encoding", "gzip, br")]);
    assert_eq!(robots.status, 200);
    assert_eq!(robots.header("content-encoding"), None);
    assert_eq!(robots.header("vary"), Some("accept-encoding"));
}

// 5. Cache-Control.

#[test]
fn cache_control_fits_each_kind_of_response() {
    let site = Site::reader();
    site.blog(&["delete", "sqlite-wal", "--yes"]);
    let server = site.serve(&[]);
    let css = stylesheet(&server);
    const REVALIDATE: &str = "public, no-cache";
    const FEED: &str = "public, max-age=300";
    const HOUR: &str = "public, max-age=3600";
    const NO_STORE: &str = "no-store";
    let long = "/x".repeat(2600);
    let cases: [(&str, &str, u16, &str); 22] = [
        ("GET", "/", 200, REVALIDATE),
        ("GET", "/page/2/", 200, REVALIDATE),
        ("GET", "/articles/pinning/", 200, REVALIDATE),
        ("GET", "/tags/", 200, REVALIDATE),
        ("GET", "/search/?q=pinning", 200, REVALIDATE),
        ("GET", "/api/v1/articles", 200, REVALIDATE),
        ("GET", "/api/v1/categories", 200, REVALIDATE),
        ("GET", "/feed.xml", 200, FEED),
        ("GET", "/rss.xml", 200, FEED),
        ("GET", "/feed.json", 200, FEED),
        ("GET", "/categories/rust/feed.xml", 200, FEED),
        ("GET", "/sitemap.xml", 200, FEED),
        ("GET", "/robots.txt", 200, FEED),
        ("GET", "/assets/style.css", 200, REVALIDATE),
        ("GET", "/articles/pinning", 301, HOUR),
        ("GET", "/api/v1/articles/", 301, HOUR),
        ("GET", "/articles/sqlite-wal/", 410, HOUR),
        ("GET", "/api/v1/articles/nope", 404, NO_STORE),
        ("GET", "/healthz", 200, NO_STORE),
        ("POST", "/", 405, NO_STORE),
        ("DELETE", "/articles/pinning/", 405, NO_STORE),
        ("GET", long.as_str(), 414, NO_STORE),
    ];
    for (method, path, status, policy) in cases {
        let what = format!("{method} {}", &path[..path.len().min(40)]);
        let reply = ask(&server, method, path, &[]);
        assert_eq!(reply.status, status, "{what}");
        assert_eq!(reply.header("cache-control"), Some(policy), "{what}");
    }

    // A fingerprinted asset never changes: kept for a year, never
    // revalidated; the same bytes as under its plain name.
    let immutable = get(&server, &css);
    assert_eq!(immutable.status, 200);
    assert_eq!(
        immutable.header("cache-control"),
        Some("public, max-age=31536000, immutable")
    );
    assert_eq!(
        immutable.header("content-type"),
        Some("text/css; charset=utf-8")
    );
    assert_eq!(immutable.bytes, get(&server, "/assets/style.css").bytes);
    // A 304 carries the policy of the response it stands for.
    let not_modified = get_with(&server, &css, &[("If-None-Match", etag(&immutable, "css"))]);
    assert_eq!(not_modified.status, 304);
    assert_eq!(
        not_modified.header("cache-control"),
        immutable.header("cache-control")
    );
    // A 413 is an error too.
    let refused = get_with(&server, "/", &[("Content-Length", "2")]);
    assert_eq!(refused.status, 413);
    assert_eq!(refused.header("cache-control"), Some(NO_STORE));
}

#[test]
fn the_not_found_page_is_not_stored() {
    let site = Site::reader();
    let server = site.serve(&[]);
    for path in [
        "/nothing/here/",
        "/articles/no-such-article/",
        "/assets/nope.css",
    ] {
        let reply = get(&server, path);
        assert_eq!(reply.status, 404, "{path}");
        assert_eq!(reply.header("cache-control"), Some("no-store"), "{path}");
    }
}

// 6. Redirects.

#[test]
fn redirects_lead_only_to_paths_on_this_site() {
    let site = Site::reader();
    let server = site.serve(&[]);
    let moves = [
        ("/articles/pinning", "/articles/pinning/"),
        ("/categories", "/categories/"),
        ("/page/1/", "/"),
        ("/search?q=a%20b", "/search/?q=a%20b"),
        (
            "/articles/pinning?next=//evil.example/",
            "/articles/pinning/?next=//evil.example/",
        ),
        ("/api/v1/articles/", "/api/v1/articles"),
        (
            "/api/v1/articles/?per_page=2",
            "/api/v1/articles?per_page=2",
        ),
    ];
    for (path, location) in moves {
        let reply = get(&server, path);
        assert_eq!(reply.status, 301, "{path}");
        assert_eq!(reply.header("location"), Some(location), "{path}");
    }

    // An old slug moves to the new one; a deleted article is gone.
    site.blog(&["rename", "pinning", "pinned"]);
    let old = get(&server, "/articles/pinning/");
    assert_eq!(old.status, 301);
    assert_eq!(old.header("location"), Some("/articles/pinned/"));
    let old_api = get(&server, "/api/v1/articles/pinning");
    assert_eq!(old_api.status, 301);
    assert_eq!(old_api.header("location"), Some("/api/v1/articles/pinned"));
    assert_eq!(get(&server, "/articles/pinned/").status, 200);
    site.blog(&["delete", "pinned", "--yes"]);
    for path in [
        "/articles/pinned/",
        "/articles/pinning/",
        "/api/v1/articles/pinned",
    ] {
        assert_eq!(get(&server, path).status, 410, "{path}");
    }

    // Whatever a path holds, a redirect stays on this site.
    let hostile = [
        "//evil.example/",
        "//evil.example",
        "///evil.example/",
        "/%2F%2Fevil.example/",
        "/%2F%2Fevil.example",
        "/%2f%2fevil.example",
        "/\\evil.example/",
        "/\\evil.example",
        "/\\\\evil.example",
        "/%5C%5Cevil.example",
        "/articles//x/",
        "/articles//x",
        "//articles/pinned",
        "/.//evil.example",
        "/./evil.example",
        "/api/v1//evil.example/",
        "/api/v1/articles//",
        "/categories//evil.example",
        "/page/1//evil.example",
        "/%09/evil.example",
    ];
    for path in hostile {
        let reply = get(&server, path);
        match reply.status {
            301 => assert_same_site(header(&reply, "location", path), path),
            400 | 404 => assert_eq!(reply.header("location"), None, "{path}"),
            other => panic!("{path}: unexpected {other}"),
        }
    }
}

// 7. Methods and bodies.

#[test]
fn other_methods_get_405_with_allow() {
    let site = Site::reader();
    let server = site.serve(&[]);
    for method in ["POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE"] {
        for path in [
            "/",
            "/articles/pinning/",
            "/api/v1/articles",
            "/nothing/",
            "/healthz",
        ] {
            let what = format!("{method} {path}");
            let reply = ask(&server, method, path, &[]);
            assert_eq!(reply.status, 405, "{what}");
            assert_eq!(reply.header("allow"), Some("GET, HEAD"), "{what}");
            assert_secure(&reply, &what);
        }
    }
    // A POST with a form: refused all the same, and the unread body ends
    // the connection.
    let mut conn = server.connect();
    conn.send(b"POST /search/ HTTP/1.1\r\nHost: x\r\nContent-Length: 7\r\n\r\nq=rust\n")
        .expect("sends");
    let reply = conn
        .read_reply("POST", Duration::from_secs(30))
        .expect("a response");
    assert_eq!(reply.status, 405);
    assert_eq!(reply.header("allow"), Some("GET, HEAD"));
}

#[test]
fn request_bodies_are_refused_with_413_and_the_connection_closed() {
    let site = Site::reader();
    // A long idle limit: a close within seconds comes from the refusal.
    let server = site.serve(&["--header-timeout", "60s"]);
    let requests: [&[u8]; 4] = [
        b"GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello",
        b"GET /articles/pinning/ HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n",
        b"HEAD / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello",
        // The body is refused before it is sent.
        b"GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n",
    ];
    for request in requests {
        let what = String::from_utf8_lossy(&request[..request.len().min(40)]).into_owned();
        let method = if request.starts_with(b"HEAD") {
            "HEAD"
        } else {
            "GET"
        };
        let mut conn = server.connect();
        conn.send(request).expect("sends");
        let reply = conn
            .read_reply(method, Duration::from_secs(30))
            .unwrap_or_else(|cut| panic!("{what}: {cut:?}"));
        assert_eq!(reply.status, 413, "{what}");
        assert_eq!(reply.header("connection"), Some("close"), "{what}");
        assert_eq!(reply.header("cache-control"), Some("no-store"), "{what}");
        let started = Instant::now();
        let (rest, ended) = conn.read_until_closed(Duration::from_secs(20));
        assert_ne!(ended, io::ErrorKind::TimedOut, "{what}: left open");
        assert!(rest.is_empty(), "{what}: more after the 413");
        assert!(started.elapsed() < Duration::from_secs(20), "{what}");
    }
    // An empty body is no body.
    let empty = get_with(&server, "/", &[("Content-Length", "0")]);
    assert_eq!(empty.status, 200);
}

// 8. Security headers.

#[test]
fn every_kind_of_response_carries_the_security_headers() {
    let site = Site::reader();
    site.blog(&["delete", "sqlite-wal", "--yes"]);
    let server = site.serve(&[]);
    let css = stylesheet(&server);
    let page = get(&server, "/");
    let long = format!("/{}", "a".repeat(5000));
    let mut replies = vec![
        ("200 page", page.status, get(&server, "/")),
        ("200 asset", 200, get(&server, &css)),
        ("200 feed", 200, get(&server, "/feed.xml")),
        ("200 API", 200, get(&server, "/api/v1/articles")),
        ("200 health", 200, get(&server, "/healthz")),
        (
            "200 gzip",
            200,
            get_with(&server, "/", &[("Accept-Encoding", "gzip")]),
        ),
        ("301", 301, get(&server, "/articles/pinning")),
        (
            "304",
            304,
            get_with(&server, "/", &[("If-None-Match", etag(&page, "home"))]),
        ),
        (
            "400 API",
            400,
            get(&server, "/api/v1/articles?per_page=500"),
        ),
        ("404 page", 404, get(&server, "/nothing/here/")),
        ("404 API", 404, get(&server, "/api/v1/nothing")),
        ("405", 405, ask(&server, "PUT", "/", &[])),
        ("410", 410, get(&server, "/articles/sqlite-wal/")),
        (
            "413",
            413,
            get_with(&server, "/", &[("Content-Length", "3")]),
        ),
        ("414", 414, get(&server, &long)),
    ];
    replies.push(("HEAD 200", 200, ask(&server, "HEAD", "/", &[])));
    for (what, status, reply) in &replies {
        assert_eq!(reply.status, *status, "{what}");
        assert_secure(reply, what);
    }
}

// 9. Slow clients.

#[test]
fn a_request_head_sent_byte_by_byte_is_cut_off() {
    let site = Site::reader();
    let server = site.serve(&["--header-timeout", "1s"]);
    let addr = server.addr.clone();
    let dribbler = thread::spawn(move || {
        let mut stream = TcpStream::connect(&addr).expect("connects");
        let started = Instant::now();
        stream
            .set_read_timeout(Some(Duration::from_millis(300)))
            .expect("sets a timeout");
        let head = format!(
            "GET / HTTP/1.1\r\nHost: x\r\nX-Padding: {}\r\n\r\n",
            "a".repeat(200)
        );
        let mut buf = [0; 1024];
        for byte in head.as_bytes() {
            if stream.write_all(std::slice::from_ref(byte)).is_err() {
                return started.elapsed();
            }
            // Waits 300 ms for the server to close, then sends the next byte.
            match stream.read(&mut buf) {
                Ok(_) => return started.elapsed(),
                Err(e)
                    if matches!(
                        e.kind(),
                        io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
                    ) => {}
                Err(_) => return started.elapsed(),
            }
        }
        panic!("the whole head was sent, one byte every 300 ms, without being cut off");
    });
    // Meanwhile, others are served at once.
    while !dribbler.is_finished() {
        let started = Instant::now();
        let reply = get(&server, "/articles/pinning/");
        assert_eq!(reply.status, 200);
        assert!(
            started.elapsed() < Duration::from_secs(5),
            "a page took {:?} while a slow client was connected",
            started.elapsed()
        );
        thread::sleep(Duration::from_millis(100));
    }
    let cut_after = dribbler.join().expect("the slow client ends");
    assert!(
        cut_after >= Duration::from_millis(900),
        "cut off after {cut_after:?}, before the 1 s limit"
    );
    assert!(
        cut_after < Duration::from_secs(6),
        "cut off only after {cut_after:?}, with a 1 s limit"
    );
    assert_eq!(get(&server, "/").status, 200);
}

#[test]
fn a_client_that_never_reads_is_disconnected() {
    let site = Site::reader();
    let server = site.serve(&["--header-timeout", "1s"]);
    let feed = get(&server, "/feed.xml");
    assert_eq!(feed.status, 200);
    // Far more than every buffer on the way can hold.
    let count = 300;
    let whole = count * feed.bytes.len();
    assert!(whole > 8 << 20, "{whole} bytes");

    let stream = connect_with_receive_buffer(&server.addr, 4096);
    stream
        .set_write_timeout(Some(Duration::from_secs(10)))
        .expect("sets a timeout");
    let mut conn = Conn::new(stream);
    let mut requests = Vec::new();
    for _ in 0..count {
        requests.extend_from_slice(b"GET /feed.xml HTTP/1.1\r\nHost: x\r\n\r\n");
    }
    conn.send(&requests).expect("sends the requests");

    // While it holds its responses unread, others are served; once the
    // server gave up on it (the socket reports the reset), it still is.
    let started = Instant::now();
    let socket = socket2::SockRef::from(conn.stream());
    let mut reset = None;
    while started.elapsed() < Duration::from_secs(6) {
        let reply = get(&server, "/");
        assert_eq!(reply.status, 200);
        if let Some(error) = socket.take_error().expect("reads the socket's error") {
            reset = Some((started.elapsed(), error));
            break;
        }
        thread::sleep(Duration::from_millis(100));
    }
    // Reading now gets what was buffered, then the end: never everything.
    let (received, ended) = conn.read_until_closed(Duration::from_secs(30));
    assert!(
        received.len() < whole / 2,
        "received {} of {whole} bytes: the server kept writing to a client that did not read \
         (reset: {reset:?}, then {ended:?})",
        received.len()
    );
    assert_ne!(
        ended,
        io::ErrorKind::TimedOut,
        "the connection was left open"
    );
    assert_eq!(get(&server, "/").status, 200);
}

#[test]
fn connections_beyond_the_cap_wait_for_a_free_slot() {
    let site = Site::reader();

    // Two idle connections fill the slots; a third waits until one closes.
    let server = site.serve(&["--max-connections", "2", "--header-timeout", "30s"]);
    let mut first = server.connect();
    let mut second = server.connect();
    assert_eq!(first.fetch("GET", "/healthz", &[]).status, 200);
    assert_eq!(second.fetch("GET", "/healthz", &[]).status, 200);
    let mut third = server.connect();
    third
        .send_request("GET", "/healthz", &[("Host", "x")])
        .expect("sends");
    let waiting = third.read_reply("GET", Duration::from_secs(1));
    assert!(
        matches!(
            waiting,
            Err(Cut {
                received: 0,
                kind: io::ErrorKind::TimedOut
            })
        ),
        "a third connection was served past the cap of 2: {waiting:?}"
    );
    drop(first);
    let closed = Instant::now();
    let reply = third
        .read_reply("GET", Duration::from_secs(20))
        .expect("served once a slot is free");
    assert_eq!(reply.status, 200);
    assert!(
        closed.elapsed() < Duration::from_secs(10),
        "served {:?} after a slot was freed",
        closed.elapsed()
    );
    assert_eq!(second.fetch("GET", "/", &[]).status, 200);
    drop(server);

    // An idle connection holds its slot only until the idle limit.
    let server = site.serve(&["--max-connections", "1", "--header-timeout", "1s"]);
    let mut idle = server.connect();
    assert_eq!(idle.fetch("GET", "/healthz", &[]).status, 200);
    let idle_since = Instant::now();
    let mut next = server.connect();
    next.send_request("GET", "/healthz", &[("Host", "x")])
        .expect("sends");
    let reply = next
        .read_reply("GET", Duration::from_secs(20))
        .expect("served once the idle one is closed");
    assert_eq!(reply.status, 200);
    let waited = idle_since.elapsed();
    // (The server's idle clock started a little before this one.)
    assert!(
        waited >= Duration::from_millis(500),
        "served after {waited:?}, long before the idle connection's 1 s limit"
    );
    let (_, ended) = idle.read_until_closed(Duration::from_secs(5));
    assert_ne!(
        ended,
        io::ErrorKind::TimedOut,
        "the idle connection is still open"
    );
}

// 11. Limits of a request's head and target.

#[test]
fn oversized_heads_and_targets_are_refused() {
    let site = Site::reader();
    let server = site.serve(&[]);
    let names: Vec<String> = (0..100).map(|n| format!("X-Filler-{n}")).collect();
    let many: Vec<(&str, &str)> = names.iter().map(|n| (n.as_str(), "v")).collect();
    assert_eq!(get_with(&server, "/", &many).status, 431, "100 headers");
    let big = "v".repeat(9 * 1024);
    assert_eq!(
        get_with(&server, "/", &[("X-Big", &big)]).status,
        431,
        "a 9 KiB header"
    );

    let path = format!("/{}", "a".repeat(4999));
    let reply = get(&server, &path);
    assert_eq!(reply.status, 414, "a 5000-byte path");
    assert_eq!(reply.header("cache-control"), Some("no-store"));
    let query = format!("/search/?q={}", "a".repeat(4100));
    assert_eq!(get(&server, &query).status, 414, "a 4111-byte target");
    // At the limit: an ordinary 404.
    let path = format!("/{}", "a".repeat(4095));
    assert_eq!(get(&server, &path).status, 404, "a 4096-byte path");
    // Within the limits, all is well.
    let few: Vec<(&str, &str)> = many[..50].to_vec();
    assert_eq!(get_with(&server, "/", &few).status, 200, "50 headers");
}

// 12. Path traversal.

#[test]
fn asset_paths_never_leave_the_asset_set() {
    let site = Site::reader();
    // Files a traversal would reach: in the working folder, its parent and
    // beside a theme's assets.
    let secret = "TOP-SECRET-NOT-AN-ASSET";
    let dir = site.dir.path();
    std::fs::write(dir.join("Cargo.toml"), format!("[package] # {secret}\n")).expect("writes");
    std::fs::write(dir.join("secret.txt"), secret).expect("writes");
    let theme = dir.join("theme");
    std::fs::create_dir_all(theme.join("assets")).expect("a theme folder");
    std::fs::write(theme.join("secret.txt"), secret).expect("writes");
    std::fs::write(theme.join("assets/extra.css"), "p { color: red }\n").expect("writes");

    for extra in [&[][..], &["--theme", path_str(&theme)][..]] {
        let server = site.serve(extra);
        assert_eq!(get(&server, "/assets/style.css").status, 200);
        let paths = [
            "/assets/../Cargo.toml",
            "/assets/../secret.txt",
            "/assets/%2e%2e/Cargo.toml",
            "/assets/%2E%2E/secret.txt",
            "/assets/%2e%2e%2fCargo.toml",
            "/assets/..%2fsecret.txt",
            "/assets/..%2F..%2Fetc%2Fpasswd",
            "/assets/%252e%252e/Cargo.toml",
            "/assets/%252e%252e%252fsecret.txt",
            "/assets/..%5cCargo.toml",
            "/assets/..%5c..%5csecret.txt",
            "/assets/..\\Cargo.toml",
            "/assets/..\\..\\secret.txt",
            "/assets/style.css%00.txt",
            "/assets/style.css%00",
            "/assets/.%2e/secret.txt",
            "/assets/....//secret.txt",
            "/assets//etc/passwd",
            "/assets/%2fetc%2fpasswd",
            "/assets/extra.css/../../secret.txt",
            "/..%2f..%2fetc/passwd",
            "/../../etc/passwd",
            "/%2e%2e/%2e%2e/etc/passwd",
            "/..\\..\\etc\\passwd",
            "/secret.txt",
            "/Cargo.toml",
            "/assets/secret.txt",
            "/assets/Cargo.toml",
        ];
        for path in paths {
            let reply = get(&server, path);
            assert!(
                matches!(reply.status, 400 | 404),
                "{path}: {} with {extra:?}",
                reply.status
            );
            assert!(!reply.body.contains(secret), "{path}: served a secret file");
            assert!(
                !reply.body.contains("root:x:0:0"),
                "{path}: served /etc/passwd"
            );
            assert!(
                !reply.body.contains("[package]"),
                "{path}: served Cargo.toml"
            );
        }
        // A NUL byte itself never gets this far.
        let mut conn = server.connect();
        conn.send(b"GET /assets/style.css\0.txt HTTP/1.1\r\nHost: x\r\n\r\n")
            .expect("sends");
        let (raw, _) = conn.read_until_closed(Duration::from_secs(30));
        let text = String::from_utf8_lossy(&raw);
        assert!(
            text.starts_with("HTTP/1.1 400") || text.starts_with("HTTP/1.1 404"),
            "{text}"
        );
    }
}

// 13. Graceful shutdown.

/// One client of the load: keep-alive requests in a loop until the server
/// refuses to connect. Returns how many responses it got and what was
/// wrong with any of them.
fn load(addr: &str, n: usize, stop: &AtomicBool, served: &AtomicUsize) -> Vec<String> {
    let paths = [
        "/",
        "/articles/pinning/",
        "/api/v1/articles?per_page=2",
        "/archive/",
        "/robots.txt",
        "/categories/",
    ];
    let mut failures = Vec::new();
    let mut turn = n;
    'connect: while !stop.load(Ordering::Relaxed) {
        let stream = match TcpStream::connect(addr) {
            Ok(stream) => stream,
            Err(e) if e.kind() == io::ErrorKind::ConnectionRefused => break,
            Err(e) => {
                failures.push(format!("connect: {e}"));
                break;
            }
        };
        let mut conn = Conn::new(stream);
        loop {
            turn += 1;
            let path = paths[turn % paths.len()];
            if conn
                .send_request("GET", path, &[("Host", "load.example")])
                .is_err()
            {
                continue 'connect;
            }
            match conn.read_reply("GET", Duration::from_secs(20)) {
                Ok(reply) if reply.status == 200 => {
                    served.fetch_add(1, Ordering::Relaxed);
                }
                Ok(reply) => failures.push(format!("{path}: {}", reply.status)),
                // Closed between responses: a kept-alive connection ends.
                Err(Cut { received: 0, kind }) if kind != io::ErrorKind::TimedOut => {
                    continue 'connect;
                }
                Err(cut) => {
                    failures.push(format!("{path}: cut short: {cut:?}"));
                    continue 'connect;
                }
            }
        }
    }
    failures
}

#[test]
fn sigterm_under_load_finishes_every_response_then_closes_the_database() {
    let site = Site::reader();
    site.import_long_read();
    let grace = Duration::from_secs(5);
    let mut server = site.serve(&[
        "--shutdown-grace",
        "5s",
        "--header-timeout",
        "5s",
        "--log",
        "warn",
    ]);
    let wal = site.dir.path().join("blog.db-wal");
    assert!(
        wal.exists(),
        "SQLite keeps a -wal file while the server runs"
    );
    let addr = server.addr.clone();

    let stop = Arc::new(AtomicBool::new(false));
    let served = Arc::new(AtomicUsize::new(0));
    let clients: Vec<_> = (0..16)
        .map(|n| {
            let (addr, stop, served) = (addr.clone(), Arc::clone(&stop), Arc::clone(&served));
            thread::spawn(move || load(&addr, n, &stop, &served))
        })
        .collect();

    // A slow reader of large pages, pipelined: far more than the kernel's
    // buffers hold, so that once it has read a whole one, the server is
    // still writing when the signal comes. The response being written
    // must arrive whole; then the connection ends.
    let (in_flight, started) = mpsc::channel();
    let slow_addr = addr.clone();
    let slow = thread::spawn(move || {
        let mut conn = Conn::new(connect_with_receive_buffer(&slow_addr, 4096));
        conn.pace(4096, Duration::from_millis(1));
        let request = b"GET /articles/long-read/ HTTP/1.1\r\nHost: x\r\n\r\n";
        conn.send(&request.repeat(PIPELINED)).expect("sends");
        let mut replies = Vec::new();
        loop {
            match conn.read_reply("GET", Duration::from_secs(60)) {
                Ok(reply) => replies.push(reply),
                Err(Cut {
                    received: 0,
                    kind: io::ErrorKind::UnexpectedEof,
                }) => return Ok(replies),
                Err(cut) => return Err((replies.len(), cut)),
            }
            if replies.len() == 1 {
                in_flight.send(()).expect("the test waits");
            }
        }
    });
    started
        .recv_timeout(Duration::from_secs(60))
        .expect("the large page arrives");
    assert!(
        eventually(Duration::from_secs(30), || served.load(Ordering::Relaxed)
            >= 100),
        "the load did not get going"
    );

    let signalled = Instant::now();
    server.terminate();
    // No new connection is taken once shutdown has begun.
    let refused = eventually(
        Duration::from_secs(10),
        || matches!(TcpStream::connect(&addr), Err(e) if e.kind() == io::ErrorKind::ConnectionRefused),
    );
    assert!(refused, "still taking connections after SIGTERM");
    let status = server
        .wait_for_exit(grace + Duration::from_secs(10))
        .expect("the server exits");
    let took = signalled.elapsed();
    stop.store(true, Ordering::Relaxed);
    assert!(status.success(), "exit status {status}");
    assert!(
        took < grace + Duration::from_secs(2),
        "exited {took:?} after SIGTERM, with a grace of {grace:?}"
    );
    let mut failures = Vec::new();
    for client in clients {
        failures.extend(client.join().expect("a load client ends"));
    }
    assert!(failures.is_empty(), "{failures:#?}");
    assert!(served.load(Ordering::Relaxed) >= 100);

    let slow = slow
        .join()
        .expect("the slow reader ends")
        .unwrap_or_else(|(whole, cut)| panic!("after {whole} whole responses: {cut:?}"));
    // The server stopped after the response it was writing, long before
    // the last one asked for.
    assert!(
        (2..PIPELINED).contains(&slow.len()),
        "{} of {PIPELINED} responses",
        slow.len()
    );
    for reply in &slow {
        assert_eq!(reply.status, 200);
        assert!(reply.body.contains(LONG_READ_END));
    }

    assert!(
        matches!(TcpStream::connect(&addr), Err(e) if e.kind() == io::ErrorKind::ConnectionRefused)
    );
    assert!(
        !wal.exists(),
        "the database was not closed: {} is left",
        wal.display()
    );
}

#[test]
fn sigint_stops_it_too_even_while_a_page_renders_for_a_client_that_left() {
    let site = Site::reader();
    site.import_long_read();
    let mut server = site.serve(&["--shutdown-grace", "5s"]);
    assert_eq!(get(&server, "/").status, 200);
    let wal = site.dir.path().join("blog.db-wal");
    assert!(
        wal.exists(),
        "SQLite keeps a -wal file while the server runs"
    );
    // The long page takes a while to render; its client leaves meanwhile,
    // and the render goes on, holding the database, when the signal comes.
    let mut conn = server.connect();
    conn.send_request("GET", "/articles/long-read/", &[("Host", "x")])
        .expect("sends");
    thread::sleep(Duration::from_millis(30));
    drop(conn);
    server.signal("INT");
    let status = server
        .wait_for_exit(Duration::from_secs(15))
        .expect("the server exits");
    assert!(status.success(), "exit status {status}");
    assert!(
        !wal.exists(),
        "the database was not closed: {} is left",
        wal.display()
    );
}

// 14. Health and the log.

#[test]
fn healthz_answers_ok_and_each_request_logs_one_line() {
    let site = Site::reader();
    let server = site.serve_logged(&["--log", "info"]);
    let health = get(&server, "/healthz");
    assert_eq!(health.status, 200);
    assert_eq!(health.body, "ok\n");
    assert_eq!(
        health.header("content-type"),
        Some("text/plain; charset=utf-8")
    );
    assert_eq!(health.header("cache-control"), Some("no-store"));

    let requests = [
        ("GET", "/", 200),
        ("GET", "/articles/pinning/", 200),
        ("HEAD", "/feed.xml", 200),
        ("GET", "/articles/pinning", 301),
        ("GET", "/nothing/", 404),
        ("POST", "/", 405),
        ("GET", "/search/?q=pinning", 200),
        ("GET", "/healthz", 200),
    ];
    let mut conn = server.connect();
    for (method, path, status) in requests {
        assert_eq!(
            conn.fetch(method, path, &[]).status,
            status,
            "{method} {path}"
        );
    }
    let is_request = |line: &&String| line.contains(" method=") && line.contains(" status=");
    let expected = requests.len() + 1;
    server.wait_for_log(Duration::from_secs(10), |lines| {
        lines.iter().filter(is_request).count() >= expected
    });
    // Nothing more comes.
    thread::sleep(Duration::from_millis(200));
    let log = server.log();
    let lines: Vec<&String> = log.iter().filter(is_request).collect();
    assert_eq!(lines.len(), expected, "{log:#?}");
    let logged = std::iter::once(("GET", "/healthz", 200)).chain(requests);
    for (line, (method, path, status)) in lines.iter().zip(logged) {
        let path = path.split('?').next().unwrap_or(path);
        for part in [
            format!("method={method}"),
            format!("path=\"{path}\""),
            format!("status={status}"),
        ] {
            assert!(line.contains(&part), "{line:?} lacks {part}");
        }
        assert!(
            line.contains(" bytes=") && line.contains(" micros="),
            "{line}"
        );
    }

    // Below info, no line per request.
    let quiet = site.serve_logged(&["--log", "warn"]);
    for _ in 0..3 {
        assert_eq!(get(&quiet, "/").status, 200);
    }
    thread::sleep(Duration::from_millis(200));
    assert!(
        quiet.log().iter().all(|l| !l.contains(" method=")),
        "{:?}",
        quiet.log()
    );
}

// 15. Start-up checks.

/// Runs the server on `db` and expects it to refuse to start: a non-zero
/// exit, nothing served, and a message on stderr naming the file.
fn assert_refused(db: &Path, what: &str) {
    let before = std::fs::read(db).expect("reads the database");
    let mut command = Server::command(&["--db", path_str(db), "--no-demo"]);
    command
        .current_dir(db.parent().expect("a file in a folder"))
        .stderr(Stdio::piped());
    let mut child = command.spawn().expect("blog-server starts");
    let deadline = Instant::now() + Duration::from_secs(30);
    let status = loop {
        if let Some(status) = child.try_wait().expect("can wait") {
            break status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{what}: the server kept running");
        }
        thread::sleep(Duration::from_millis(20));
    };
    let mut out = String::new();
    let mut err = String::new();
    child
        .stdout
        .take()
        .expect("piped")
        .read_to_string(&mut out)
        .expect("reads stdout");
    child
        .stderr
        .take()
        .expect("piped")
        .read_to_string(&mut err)
        .expect("reads stderr");
    assert!(!status.success(), "{what}: exited with {status}");
    assert!(!out.contains("listening"), "{what}: it listened: {out}");
    assert!(
        err.contains(path_str(db)),
        "{what}: the message does not name {}: {err}",
        db.display()
    );
    assert_eq!(
        std::fs::read(db).expect("reads the database"),
        before,
        "{what}: the file was changed"
    );
}

#[test]
fn start_up_refuses_a_file_that_is_not_a_sound_database() {
    let dir = tempfile::tempdir().expect("a temporary folder");

    let text = dir.path().join("notes.db");
    std::fs::write(&text, "Shopping list: eggs, milk, bread.\n".repeat(200)).expect("writes");
    assert_refused(&text, "a text file");

    // A real blog database, damaged in the middle.
    let site = Site::reader();
    let corrupt = site.db.clone();
    let mut bytes = std::fs::read(&corrupt).expect("reads the database");
    assert!(
        !site.dir.path().join("blog.db-wal").exists(),
        "the blog command left its log"
    );
    let page = 4096;
    let pages = bytes.len() / page;
    assert!(pages >= 8, "{pages} pages");
    let middle = (pages / 3 * page)..(pages * 2 / 3 * page);
    for (n, byte) in bytes[middle].iter_mut().enumerate() {
        *byte = 0xA5 ^ (n as u8);
    }
    std::fs::write(&corrupt, &bytes).expect("writes");
    assert_refused(&corrupt, "a damaged database");

    // A database from a newer version: its schema version (PRAGMA
    // user_version, at offset 60 of the header, big-endian) is past what
    // this server knows.
    let site = Site::reader();
    let newer = site.db.clone();
    let mut bytes = std::fs::read(&newer).expect("reads the database");
    bytes[60..64].copy_from_slice(&999_u32.to_be_bytes());
    std::fs::write(&newer, &bytes).expect("writes");
    assert_refused(&newer, "a newer schema");
}

// 16. Configuration.

#[test]
fn blog_toml_in_the_working_folder_is_read_and_flags_override_it() {
    let site = Site::reader();
    std::fs::write(
        site.dir.path().join("blog.toml"),
        "title = \"Notes From The File\"\nper_page = 3\nno_demo = true\n",
    )
    .expect("writes blog.toml");
    // The database comes from the command line, the rest from the file.
    let from_file = site.serve(&[]);
    let home = get(&from_file, "/");
    assert!(
        home.body.contains("Notes From The File"),
        "the file's title"
    );
    let api = get(&from_file, "/api/v1/articles");
    let json: serde_json::Value = serde_json::from_str(&api.body).expect("JSON");
    assert_eq!(json["per_page"], 3, "the file's page size");
    drop(from_file);

    let flagged = site.serve(&["--title", "Notes From The Flag"]);
    let home = get(&flagged, "/");
    assert!(home.body.contains("Notes From The Flag"));
    assert!(!home.body.contains("Notes From The File"));
    let api = get(&flagged, "/api/v1/articles");
    let json: serde_json::Value = serde_json::from_str(&api.body).expect("JSON");
    assert_eq!(
        json["per_page"], 3,
        "what no flag sets still comes from the file"
    );
    drop(flagged);

    // A variable beats the file, a flag beats the variable.
    let mut command = site.command(&[]);
    command.env("BLOG_TITLE", "Notes From The Variable");
    let server = Server::spawn(command);
    assert!(get(&server, "/").body.contains("Notes From The Variable"));
    drop(server);
    let mut command = site.command(&["--title", "Notes From The Flag"]);
    command.env("BLOG_TITLE", "Notes From The Variable");
    let server = Server::spawn(command);
    let home = get(&server, "/");
    assert!(home.body.contains("Notes From The Flag"));
    assert!(!home.body.contains("Notes From The Variable"));
}

// 17. The API over the socket.

#[test]
fn the_api_answers_over_the_socket_compressed() {
    let site = Site::reader();
    let server = site.serve(&[]);
    let path = "/api/v1/articles?per_page=2";
    let plain = get(&server, path);
    let reply = get_with(
        &server,
        path,
        &[("Accept-Encoding", "gzip"), ("Accept", "application/json")],
    );
    assert_eq!(reply.status, 200);
    assert_eq!(reply.header("content-type"), Some("application/json"));
    assert_eq!(reply.header("content-encoding"), Some("gzip"));
    assert_eq!(reply.header("vary"), Some("accept-encoding"));
    assert_eq!(reply.header("cache-control"), Some("public, no-cache"));
    assert!(reply.header("etag").is_some_and(|t| t.ends_with("-gz\"")));
    assert_secure(&reply, path);
    let body = gunzip(&reply.bytes);
    assert_eq!(body, plain.bytes);
    let json: serde_json::Value = serde_json::from_slice(&body).expect("JSON");
    assert_eq!(json["page"], 1);
    assert_eq!(json["per_page"], 2);
    assert_eq!(json["total_items"], 13);
    assert_eq!(json["total_pages"], 7);
    let items = json["items"].as_array().expect("a list of items");
    assert_eq!(items.len(), 2);
    for item in items {
        let url = item["url"].as_str().expect("a URL");
        assert!(
            url.starts_with(&format!("http://{}/articles/", server.addr)),
            "{url}"
        );
    }
}

// The request timeout.

/// The first response that took longer than `--request-timeout 1ms`.
fn timed_out(server: &Server) -> Reply {
    // Each search is built anew, on the blocking pool, and takes more than
    // a millisecond in a debug build; one of several surely does.
    for n in 0..20 {
        let reply = get(server, &format!("/search/?q=pinning+{n}"));
        if reply.status == 503 {
            return reply;
        }
        assert_eq!(reply.status, 200);
    }
    panic!("no search took more than 1 ms");
}

#[test]
fn a_request_over_the_time_limit_gets_503() {
    let site = Site::reader();
    let server = site.serve(&["--request-timeout", "1ms"]);
    let reply = timed_out(&server);
    assert_eq!(reply.body, "503 Service Unavailable\n");
    assert_eq!(reply.header("cache-control"), Some("no-store"));
    assert_eq!(reply.header("connection"), Some("close"));
    assert_eq!(get(&server, "/healthz").status, 200);
}

#[test]
fn a_timed_out_request_still_gets_the_security_headers() {
    let site = Site::reader();
    let server = site.serve(&["--request-timeout", "1ms"]);
    assert_secure(&timed_out(&server), "503");
}
