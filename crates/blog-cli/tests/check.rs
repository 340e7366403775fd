//! `blog check` end to end: a database made by `blog import` of
//! `tests/fixtures/check/`, every kind of finding in one pinned report,
//! the exit statuses, and `--external` against a local HTTP server that
//! answers 200, 404, 405 and slowly.

use std::io::{BufRead as _, BufReader, Write as _};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

mod support;

use support::Blog;

/// The path of this crate's fixture folder `check`, as an argument.
fn check_fixture() -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/check")
        .to_str()
        .expect("utf-8 path")
        .to_owned()
}

/// A database with the check fixture imported and `doomed` deleted.
fn fixture_blog() -> Blog {
    let blog = Blog::new();
    blog.ok(&["import", &check_fixture()]);
    blog.ok(&["delete", "doomed", "--yes"]);
    blog
}

#[test]
fn help() {
    insta::assert_snapshot!("check_help", Blog::new().ok(&["check", "--help"]));
}

#[test]
fn every_kind_of_finding() {
    let blog = fixture_blog();
    let out = blog.run(&["check"]);
    assert!(out.starts_with("exit: 1\n"), "{out}");
    insta::assert_snapshot!("check", out);
    let json = blog.run(&["check", "--json"]);
    insta::assert_snapshot!("check_json", json);
}

#[test]
fn a_base_url_makes_absolute_links_the_sites_own() {
    let blog = Blog::new();
    let content = tempfile::tempdir().expect("a temporary folder");
    std::fs::write(
        content.path().join("a.md"),
        "+++\ntitle = \"A\"\ndate = 2025-01-01\n+++\n\n\
         [me](https://blog.example.org/articles/a/) [no](https://blog.example.org/articles/b/)\n",
    )
    .expect("writes");
    blog.ok(&["import", content.path().to_str().expect("utf-8 path")]);
    let out = blog.run(&["check", "--base-url", "https://blog.example.org"]);
    assert_eq!(
        out,
        "exit: 1\n--- stdout\n\
         a: error: broken link https://blog.example.org/articles/b/ (no article has this slug)\n\
         checked 2 links in 1 public article: 1 error, 0 warnings\n\
         --- stderr\nthe check found 1 error and 0 warnings\n"
    );
    // Without it, both are other sites' (not asked without --external).
    let out = blog.ok(&["check"]);
    assert!(
        out.contains("checked 2 links in 1 public article (not the 2 addresses of other sites: pass --external): 0 errors, 0 warnings"),
        "{out}"
    );
}

#[test]
fn warnings_alone_pass_unless_strict() {
    let blog = Blog::new();
    let content = tempfile::tempdir().expect("a temporary folder");
    std::fs::write(
        content.path().join("a.md"),
        "+++\ntitle = \"A\"\ndate = 2025-01-01\ncategories = [\"Misc\"]\n+++\n\n\
         [me](/articles/a)\n",
    )
    .expect("writes");
    blog.ok(&["import", content.path().to_str().expect("utf-8 path")]);
    let out = blog.ok(&["check"]);
    assert!(out.contains("0 errors, 2 warnings"), "{out}");
    let strict = blog.run(&["check", "--strict"]);
    assert!(strict.starts_with("exit: 1\n"), "{strict}");
}

#[test]
fn a_clean_site_exits_zero() {
    let blog = Blog::new();
    assert!(
        blog.ok(&["check"])
            .contains("checked 0 links in 0 public articles")
    );
    let content = tempfile::tempdir().expect("a temporary folder");
    std::fs::write(
        content.path().join("_categories.toml"),
        "[[category]]\nslug = \"rust\"\nname = \"Rust\"\ndescription = \"The language.\"\n",
    )
    .expect("writes");
    for (name, text) in [
        (
            "a.md",
            "## Top\n\n[b](../b/#end) [up](#top) [rust](/categories/rust/) [feed](/feed.xml)",
        ),
        (
            "b.md",
            "[a](/articles/a/) [mail](mailto:me@example.org)\n\n## End",
        ),
    ] {
        std::fs::write(
            content.path().join(name),
            format!("+++\ntitle = \"{name}\"\ndate = 2025-01-01\ncategories = [\"rust\"]\n+++\n\n{text}\n"),
        )
        .expect("writes");
    }
    blog.ok(&["import", content.path().to_str().expect("utf-8 path")]);
    let out = blog.ok(&["check"]);
    insta::assert_snapshot!("check_clean", out);
}

#[test]
fn a_failure_to_check_exits_two() {
    let blog = Blog::new();
    let out = blog.run(&["check", "--theme", &blog.path("no-such-theme")]);
    assert!(out.starts_with("exit: 2\n"), "{out}");
    assert!(
        out.contains("error: cannot load the theme [TMP]/no-such-theme"),
        "{out}"
    );
    // A folder is no database.
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_blog"))
        .args(["--db", &blog.path(""), "check"])
        .output()
        .expect("blog runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.starts_with("error: cannot open ") && stderr.contains("it is a folder"),
        "{stderr}"
    );
}

// --- --external, against a local server.

/// How long the test server takes over each answer, so that requests
/// overlap.
const DELAY: Duration = Duration::from_millis(150);

/// A local HTTP/1.1 server that answers each request on its own thread,
/// after [`DELAY`], by its path: `/ok/...` 200, `/missing` 404,
/// `/get-only` 405 to HEAD and 200 to GET, `/moved` 301 to `/ok/moved`,
/// `/loop` 301 to itself, `/slow` after 5 s. It counts the requests under
/// way (from the end of the request's head to the start of the answer)
/// and the most there ever were.
struct TestServer {
    port: u16,
    in_flight: Arc<AtomicUsize>,
    most: Arc<AtomicUsize>,
    requests: Arc<Mutex<Vec<String>>>,
}

impl TestServer {
    fn start() -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").expect("binds");
        let port = listener.local_addr().expect("has an address").port();
        let server = Self {
            port,
            in_flight: Arc::default(),
            most: Arc::default(),
            requests: Arc::default(),
        };
        let (in_flight, most, requests) = (
            server.in_flight.clone(),
            server.most.clone(),
            server.requests.clone(),
        );
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let (in_flight, most, requests) =
                    (in_flight.clone(), most.clone(), requests.clone());
                std::thread::spawn(move || answer(stream, &in_flight, &most, &requests));
            }
        });
        server
    }

    fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }
}

/// Answers the one request on `stream` (the server closes every
/// connection after its answer).
fn answer(
    mut stream: TcpStream,
    in_flight: &AtomicUsize,
    most: &AtomicUsize,
    requests: &Mutex<Vec<String>>,
) {
    let mut reader = BufReader::new(stream.try_clone().expect("clones"));
    let mut request_line = String::new();
    if reader.read_line(&mut request_line).is_err() {
        return;
    }
    loop {
        let mut header = String::new();
        match reader.read_line(&mut header) {
            Ok(0) | Err(_) => return,
            Ok(_) if header == "\r\n" => break,
            Ok(_) => {}
        }
    }
    let now = in_flight.fetch_add(1, Ordering::SeqCst) + 1;
    most.fetch_max(now, Ordering::SeqCst);
    let mut words = request_line.split_whitespace();
    let method = words.next().unwrap_or_default().to_owned();
    let path = words.next().unwrap_or_default().to_owned();
    requests
        .lock()
        .expect("not poisoned")
        .push(format!("{method} {path}"));
    std::thread::sleep(DELAY);
    let (status, location) = match (method.as_str(), path.as_str()) {
        (_, p) if p.starts_with("/ok/") => ("200 OK", None),
        ("HEAD", "/get-only") => ("405 Method Not Allowed", None),
        (_, "/get-only") => ("200 OK", None),
        (_, "/moved") => ("301 Moved Permanently", Some("/ok/moved")),
        (_, "/loop") => ("301 Moved Permanently", Some("/loop")),
        (_, "/slow") => {
            std::thread::sleep(Duration::from_secs(5));
            ("200 OK", None)
        }
        _ => ("404 Not Found", None),
    };
    let location = location.map_or(String::new(), |l| format!("location: {l}\r\n"));
    // Done before the answer leaves: once the client has it, it may start
    // its next request at once.
    in_flight.fetch_sub(1, Ordering::SeqCst);
    let _ = write!(
        stream,
        "HTTP/1.1 {status}\r\n{location}content-length: 0\r\nconnection: close\r\n\r\n"
    );
}

/// A database with one article linking to each of `urls`.
fn blog_linking_to(urls: &[String]) -> Blog {
    let blog = Blog::new();
    let content = tempfile::tempdir().expect("a temporary folder");
    let links: String = urls.iter().map(|u| format!("- <{u}>\n")).collect();
    std::fs::write(
        content.path().join("links.md"),
        format!("+++\ntitle = \"Links\"\ndate = 2025-01-01\n+++\n\n{links}"),
    )
    .expect("writes");
    blog.ok(&["import", content.path().to_str().expect("utf-8 path")]);
    blog
}

/// `blog check --external` with `args`, never through a proxy.
fn check_external(blog: &Blog, server: &TestServer, args: &[&str]) -> String {
    let out = blog.run_with(
        &[&["check", "--external"], args].concat(),
        &[("NO_PROXY", "127.0.0.1"), ("no_proxy", "127.0.0.1")],
    );
    out.replace(&server.port.to_string(), "PORT")
}

#[test]
fn external_links_fail_by_status_and_redirects_are_followed() {
    let server = TestServer::start();
    let urls: Vec<String> = ["/ok/a", "/missing", "/get-only", "/moved", "/loop"]
        .iter()
        .map(|p| server.url(p))
        .collect();
    let blog = blog_linking_to(&urls);
    let out = check_external(&blog, &server, &[]);
    insta::assert_snapshot!("check_external", out);
    // HEAD first, GET only where HEAD is refused.
    let requests = server.requests.lock().expect("not poisoned").clone();
    assert!(
        requests.contains(&"GET /get-only".to_owned()),
        "{requests:?}"
    );
    assert!(!requests.contains(&"GET /ok/a".to_owned()), "{requests:?}");
}

#[test]
fn a_slow_site_times_out() {
    let server = TestServer::start();
    let blog = blog_linking_to(&[server.url("/slow"), server.url("/ok/fast")]);
    let started = Instant::now();
    let out = check_external(&blog, &server, &["--timeout", "1"]);
    let took = started.elapsed();
    assert!(out.starts_with("exit: 1\n"), "{out}");
    assert!(
        out.contains(
            "links: error: broken external link http://127.0.0.1:PORT/slow (timed out after 1 s)"
        ),
        "{out}"
    );
    assert!(!out.contains("/ok/fast ("), "{out}");
    assert!(took < Duration::from_secs(4), "took {took:?}, not ~1 s");
}

#[test]
fn concurrency_never_exceeds_the_bound() {
    let server = TestServer::start();
    let urls: Vec<String> = (0..12).map(|i| server.url(&format!("/ok/{i}"))).collect();
    // Each URL twice in the text: asked once.
    let blog = blog_linking_to(&[urls.clone(), urls].concat());
    let out = check_external(&blog, &server, &["--concurrency", "3"]);
    assert!(out.starts_with("exit: 0\n"), "{out}");
    assert!(out.contains("and 12 addresses of other sites"), "{out}");
    let requests = server.requests.lock().expect("not poisoned").clone();
    assert_eq!(requests.len(), 12, "each URL once: {requests:?}\n{out}");
    let most = server.most.load(Ordering::SeqCst);
    assert!(most <= 3, "{most} requests at once, over the bound of 3");
    assert!(most >= 2, "requests never overlapped: {most} at most");
    // One at a time when asked.
    let server = TestServer::start();
    let urls: Vec<String> = (0..4).map(|i| server.url(&format!("/ok/{i}"))).collect();
    let blog = blog_linking_to(&urls);
    check_external(&blog, &server, &["--concurrency", "1"]);
    assert_eq!(server.most.load(Ordering::SeqCst), 1);
}

// --- The check's router and the server's agree.

/// What the server's route means for a link, in the check's terms.
fn server_target(path: &str) -> String {
    use blog_server::{Feed, Route};
    let route = blog_server::route(&hyper::Method::GET, path);
    match route {
        Route::Home(n) => format!("Home({n})"),
        Route::Article(s) => format!("Article({s})"),
        Route::Categories(sort, n) => format!("Categories({sort:?}, {n})"),
        Route::Category(s, n) => format!("Category({s}, {n})"),
        Route::Tags => "Tags".into(),
        Route::Tag(s, n) => format!("Tag({s}, {n})"),
        Route::Series(s) => format!("Series({s})"),
        Route::Archive => "Archive".into(),
        Route::Search => "Search".into(),
        Route::Feed(Feed::Site(_)) | Route::Sitemap | Route::Robots => "SiteFile".into(),
        Route::SitemapPart(n) => format!("SitemapPart({n})"),
        Route::Feed(Feed::Category(s)) => format!("CategoryFeed({s})"),
        Route::Feed(Feed::Tag(s)) => format!("TagFeed({s})"),
        Route::Feed(Feed::Series(s)) => format!("SeriesFeed({s})"),
        Route::Asset(p) => format!("Asset({p})"),
        Route::Api(blog_server::ApiRoute::NotFound) => "NotFound".into(),
        Route::Health | Route::Api(_) => "Service".into(),
        Route::Redirect(to) => format!("Redirect({to})"),
        Route::NotFound => "NotFound".into(),
        other => format!("unexpected {other:?}"),
    }
}

/// The check's target for a link, written as [`server_target`] writes it.
fn check_target(path: &str) -> String {
    use blog_cli::check::Target;
    match blog_cli::check::target(path) {
        Target::Home(n) => format!("Home({n})"),
        Target::Article(s) => format!("Article({s})"),
        Target::Categories(sort, n) => format!("Categories({sort:?}, {n})"),
        Target::Category(s, n) => format!("Category({s}, {n})"),
        Target::Tags => "Tags".into(),
        Target::Tag(s, n) => format!("Tag({s}, {n})"),
        Target::Series(s) => format!("Series({s})"),
        Target::Archive => "Archive".into(),
        Target::Search => "Search".into(),
        Target::SiteFile => "SiteFile".into(),
        Target::SitemapPart(n) => format!("SitemapPart({n})"),
        Target::CategoryFeed(s) => format!("CategoryFeed({s})"),
        Target::TagFeed(s) => format!("TagFeed({s})"),
        Target::SeriesFeed(s) => format!("SeriesFeed({s})"),
        Target::Asset(p) => format!("Asset({p})"),
        Target::Service => "Service".into(),
        Target::Redirect(to) => format!("Redirect({to})"),
        Target::NotFound => "NotFound".into(),
        other => format!("unexpected {other:?}"),
    }
}

#[test]
fn the_checks_router_is_the_servers() {
    let mut paths: Vec<String> = [
        "",
        "/",
        "/page/2/",
        "/page/1/",
        "/page/1",
        "/page/0/",
        "/page/01/",
        "/page/x/",
        "/page/",
        "/page/2",
        "/articles/",
        "/articles/a/",
        "/articles/a",
        "/articles/A/",
        "/articles/a/b/",
        "/articles/../etc/passwd",
        "/articles/%2e%2e/",
        "//articles/a/",
        "/articles//",
        "/articles/a/feed.xml",
        "/categories",
        "/categories/",
        "/categories/page/2/",
        "/categories/page/1/",
        "/categories/page/",
        "/categories/page/page/2/",
        "/categories/sort/",
        "/categories/sort/count/",
        "/categories/sort/name/",
        "/categories/sort/size/",
        "/categories/sort/latest/page/3/",
        "/categories/sort/name/page/2/",
        "/categories/sort/count/page/1/",
        "/categories/sort/count/page/0/",
        "/categories/rust/",
        "/categories/rust",
        "/categories/rust/page/1/",
        "/categories/rust/page/2/",
        "/categories/rust/page/2",
        "/categories/rust/page/",
        "/categories/rust/extra/",
        "/categories/Rust/",
        "/categories/feed.xml",
        "/categories/rust/feed.xml",
        "/categories/Rust/feed.xml",
        "/categories/rust/page/2/feed.xml",
        "/tags",
        "/tags/",
        "/tags/a/",
        "/tags/a/b/",
        "/tags/a/page/1/",
        "/tags/a/page/3/",
        "/tags/a/feed.xml",
        "/tags/Rust/",
        "/series",
        "/series/",
        "/series/s/",
        "/series/s",
        "/series/S/",
        "/series/s/page/2/",
        "/series/s/feed.xml",
        "/archive",
        "/archive/",
        "/archive/2025/",
        "/search",
        "/search/",
        "/search/x/",
        "/feed.xml",
        "/feed.xml/",
        "/rss.xml",
        "/feed.json",
        "/feed.json/",
        "/Feed.xml",
        "/sitemap.xml",
        "/sitemap.xml/",
        "/sitemap-1.xml",
        "/sitemap-12.xml",
        "/sitemap-0.xml",
        "/sitemap-01.xml",
        "/sitemap-x.xml",
        "/sitemap-1.xml/",
        "/robots.txt",
        "/assets/",
        "/assets/style.css",
        "/assets/style.0123456789abcdef.css",
        "/assets/../Cargo.toml",
        "/assets/.hidden",
        "/assets/a/b.css",
        "/assets/a%2fb.css",
        "/healthz",
        "/healthz/",
        "/api/v1",
        "/api/v1/",
        "/api/v1x",
        "/api/v1/articles",
        "/api/v1/articles/",
        "/api/v1/articles/a",
        "/api/v1/nope",
        "/nothing",
        "/nope/",
        "nothing",
        "/images/a.png",
        "/index.html",
    ]
    .iter()
    .map(|p| (*p).to_owned())
    .collect();
    // And every path the URL scheme writes.
    let slug = blog_core::Slug::parse("rust").expect("valid");
    let two = blog_core::PageNumber::new(2).expect("nonzero");
    for page in [blog_core::PageNumber::FIRST, two] {
        paths.push(blog_core::urls::home(page));
        paths.push(blog_core::urls::category(&slug, page));
        paths.push(blog_core::urls::tag(&slug, page));
        for sort in blog_core::CategorySort::ALL {
            paths.push(blog_core::urls::categories(sort, page));
        }
    }
    for path in paths {
        assert_eq!(check_target(&path), server_target(&path), "{path:?}");
    }
}
