//! The reader's site over HTTP, from the real binaries: every page type,
//! feed and file for crawlers, checked for what readers and crawlers rely
//! on, then validated by the Nu HTML Checker and parsed by a real feed
//! reader library.

mod support;

use support::checkers::{html_errors, parse_feeds};
use support::{Reply, Server, blog, fixture, stderr};

/// The base URL the server is told; every absolute URL must use it. (The
/// site's pages link root-relative paths, so a base URL is an origin: a
/// path in it would show in absolute URLs but not in links.)
const BASE: &str = "https://blog.example";

/// A server over the `reader` fixture: 13 public articles over two years,
/// twelve categories (nested three deep), tags, and a series in three parts.
fn reader_site(extra: &[&str]) -> (tempfile::TempDir, Server) {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let db = dir.path().join("blog.db");
    let import = blog(
        &db,
        &["import", fixture("reader").to_str().expect("utf-8 path")],
    );
    assert!(import.status.success(), "import: {}", stderr(&import));
    let mut args = vec![
        "--db",
        db.to_str().expect("utf-8 path"),
        "--no-demo",
        "--base-url",
        BASE,
    ];
    args.extend_from_slice(extra);
    let server = Server::start(&args, &[]);
    (dir, server)
}

fn ok(server: &Server, path: &str, content_type: &str) -> Reply {
    let reply = server.get(path);
    assert_eq!(reply.status, 200, "GET {path}: {}", reply.body);
    assert_eq!(reply.header("content-type"), Some(content_type), "{path}");
    reply
}

fn page(server: &Server, path: &str) -> Reply {
    ok(server, path, "text/html; charset=utf-8")
}

/// The positions of `needles` in `haystack`, each required to be there.
fn positions(haystack: &str, needles: &[&str]) -> Vec<usize> {
    needles
        .iter()
        .map(|n| {
            haystack
                .find(n)
                .unwrap_or_else(|| panic!("{n:?} missing from {haystack}"))
        })
        .collect()
}

/// The pagination of a page: its `<nav aria-label="Pagination">`.
fn pagination(html: &str) -> &str {
    let start = html
        .find("aria-label=\"Pagination\"")
        .unwrap_or_else(|| panic!("no pagination in {html}"));
    let end = start + html[start..].find("</nav>").expect("the nav ends");
    &html[start..end]
}

/// A link to category `slug`'s page.
fn link(slug: &str) -> String {
    format!("href=\"/categories/{slug}/\"")
}

/// The heading of category `slug` in the list of categories.
fn entry(slug: &str) -> String {
    format!("<h2><a href=\"/categories/{slug}/\">")
}

fn in_order(haystack: &str, needles: &[&str]) {
    let at = positions(haystack, needles);
    assert!(at.is_sorted(), "not in order {needles:?}: {at:?}");
}

/// Every page type, and what each must show.
const PAGES: &[&str] = &[
    "/",
    "/page/2/",
    "/articles/engine-2-storage/",
    "/articles/pinning/",
    "/categories/",
    "/categories/page/2/",
    "/categories/sort/count/",
    "/categories/sort/latest/",
    "/categories/async/",
    "/categories/languages/",
    "/tags/",
    "/tags/architecture/",
    "/series/engine/",
    "/archive/",
    "/search/",
    "/search/?q=introduction",
    "/search/?q=introduction&page=2",
    "/search/?q=introduction&category=async&tag=futures",
    "/search/?q=nothing-matches-this",
    // Characters HTML forbids, typed into the search box.
    "/search/?q=%00x%01y%0Bz%7F%C2%80%EF%BF%BE%EF%B7%90+%3Cb%3E",
    // A category with no article yet.
    "/categories/empty/",
];

#[test]
fn every_page_type_is_served_and_valid() {
    let (dir, server) = reader_site(&[]);
    // A category with no article, and a deleted article (410).
    let db = dir.path().join("blog.db");
    for args in [
        &[
            "category",
            "add",
            "Empty",
            "--description",
            "Nothing *yet*.",
        ][..],
        &["delete", "--yes", "python-glue"][..],
    ] {
        let done = blog(&db, args);
        assert!(done.status.success(), "{args:?}: {}", stderr(&done));
    }
    let mut pages = Vec::new();
    for path in PAGES {
        let reply = page(&server, path);
        // Discovery of the site's feeds, a canonical URL from the configured
        // base, never from the request.
        for feed in ["/feed.xml", "/rss.xml", "/feed.json"] {
            assert!(
                reply.body.contains(&format!("href=\"{BASE}{feed}\""))
                    || reply.body.contains(&format!("href=\"{feed}\"")),
                "{path} does not link {feed}"
            );
        }
        assert!(reply.body.contains("rel=\"alternate\""), "{path}");
        pages.push((path.to_string(), reply.body));
    }
    for (path, status) in [
        ("/nope/", 404),
        ("/articles/nope/", 404),
        ("/articles/python-glue/", 410),
    ] {
        let reply = server.get(path);
        assert_eq!(reply.status, status, "{path}");
        pages.push((path.to_string(), reply.body));
    }
    if let Some(errors) = html_errors(&pages) {
        assert!(
            errors.is_empty(),
            "the Nu HTML Checker found errors:\n{errors}"
        );
    }
}

#[test]
fn listings_are_paginated_with_current_and_neighbours() {
    let (_dir, server) = reader_site(&[]);
    let first = page(&server, "/");
    let pager = pagination(&first.body);
    assert!(pager.contains("rel=\"next\" href=\"/page/2/\""), "{pager}");
    assert!(!pager.contains("rel=\"prev\""));
    let current = |n: u32| {
        format!(
            "<span aria-current=\"page\"><span class=\"visually-hidden\">Page </span>{n}</span>"
        )
    };
    assert!(pager.contains(&current(1)), "{pager}");
    assert!(first.body.contains("<link rel=\"next\" href=\"/page/2/\">"));
    let second = page(&server, "/page/2/");
    let pager = pagination(&second.body);
    assert!(pager.contains("rel=\"prev\" href=\"/\""), "{pager}");
    assert!(!pager.contains("rel=\"next\""));
    assert!(pager.contains(&current(2)), "{pager}");
    // 13 articles, 10 a page: the oldest three on page 2.
    in_order(
        &second.body,
        &[
            "Building a Blog Engine #03",
            "Building a Blog Engine #02",
            "Building a Blog Engine #01",
        ],
    );
    assert_eq!(server.get("/page/3/").status, 404);
    assert_eq!(server.get("/page/1/").status, 301);
}

#[test]
fn categories_list_sorts_three_ways_over_two_pages() {
    let (_dir, server) = reader_site(&[]);
    // By name: A to Z, ten to a page.
    let by_name = page(&server, "/categories/");
    in_order(
        &by_name.body,
        &[
            &entry("async"),
            &entry("css"),
            &entry("databases"),
            &entry("languages"),
        ],
    );
    assert!(
        !by_name.body.contains(&entry("tooling")),
        "Tooling is on page 2"
    );
    let second = page(&server, "/categories/page/2/");
    assert!(second.body.contains(&entry("tooling")));
    assert!(second.body.contains("rel=\"prev\""));
    assert_eq!(server.get("/categories/page/3/").status, 404);
    // By count: Languages covers Rust and Async below it (8 articles), then
    // Rust (7).
    let by_count = page(&server, "/categories/sort/count/");
    in_order(
        &by_count.body,
        &[&entry("languages"), &entry("rust"), &entry("async")],
    );
    // By latest article: Operations (April 2025) first.
    let by_latest = page(&server, "/categories/sort/latest/");
    in_order(
        &by_latest.body,
        &[&entry("operations"), &entry("security"), &entry("web")],
    );
    // The sort links, the active one current.
    for sort in ["/categories/sort/count/", "/categories/sort/latest/"] {
        assert!(by_name.body.contains(sort), "no link to {sort}");
    }
    assert_eq!(server.get("/categories/sort/name/").status, 301);
    assert_eq!(server.get("/categories/sort/size/").status, 404);
}

#[test]
fn nested_categories_tags_series_and_archive() {
    let (_dir, server) = reader_site(&[]);
    // A category deep in the tree: breadcrumbs to the top, its articles.
    let async_rust = page(&server, "/categories/async/");
    in_order(&async_rust.body, &[&link("languages"), &link("rust")]);
    assert!(async_rust.body.contains("Tasks, Threads and tokio"));
    assert!(async_rust.body.contains("BreadcrumbList"));
    assert!(async_rust.body.contains("/categories/async/feed.xml"));
    // A parent lists its subtree's articles.
    let languages = page(&server, "/categories/languages/");
    assert!(languages.body.contains("Pinning Without Tears"));
    assert!(languages.body.contains("Python as Glue"));

    // Tags: listed with counts, a page per tag named as written.
    let tags = page(&server, "/tags/");
    assert!(tags.body.contains("/tags/domain-design/"));
    let tag = page(&server, "/tags/domain-design/");
    assert!(tag.body.contains("Domain Design"));
    assert!(tag.body.contains("Building a Blog Engine #01"));
    assert!(!tag.body.contains("Building a Blog Engine #02"));
    assert!(tag.body.contains("/tags/domain-design/feed.xml"));
    assert_eq!(server.get("/tags/no-such-tag/").status, 404);
    assert_eq!(server.get("/tags/architecture/page/2/").status, 404);

    // The series page in reading order.
    let series = page(&server, "/series/engine/");
    in_order(
        &series.body,
        &[
            "Building a Blog Engine #01",
            "Building a Blog Engine #02",
            "Building a Blog Engine #03",
        ],
    );

    // The archive: newest year first, months within it.
    let archive = page(&server, "/archive/");
    in_order(
        &archive.body,
        &[
            "<h2 id=\"year-2025\">",
            "April 2025",
            "January 2025",
            "<h2 id=\"year-2024\">",
            "March 2024",
        ],
    );
    in_order(
        &archive.body,
        &["Deploys Without Downtime", "Building a Blog Engine #01"],
    );
}

#[test]
fn an_article_page_has_everything_around_it() {
    let (_dir, server) = reader_site(&[]);
    let article = page(&server, "/articles/engine-2-storage/");
    let body = &article.body;
    // The series box: part 2 of 3, links to the others, previous and next.
    assert!(body.contains("Part 2 of 3"), "{body}");
    assert!(body.contains("/articles/engine-1-domain/"));
    assert!(body.contains("/articles/engine-3-server/"));
    assert!(body.contains("aria-current=\"page\""));
    // A table of contents linking heading ids, which exist.
    assert!(body.contains("href=\"#why-it-matters\""), "{body}");
    assert!(body.contains("id=\"why-it-matters\""));
    assert!(body.contains("href=\"#how-it-works\""));
    // Highlighted code, with classes, not inline styles.
    assert!(body.contains("language-rust"));
    assert!(body.contains("<span class="), "no highlighting: {body}");
    assert!(!body.contains("style=\""), "inline styles: {body}");
    // Images lazy-loaded.
    assert!(body.contains("loading=\"lazy\""));
    // Related articles share categories or tags: SQLite in WAL mode shares
    // the databases category and the sqlite tag; the other parts are in the
    // series box, not here.
    assert!(body.contains("SQLite in WAL Mode"));
    // Previous and next articles by date.
    assert!(body.contains("/articles/engine-1-domain/"));
    assert!(body.contains("/articles/engine-3-server/"));
    // Metadata, absolute from the configured base URL.
    let url = format!("{BASE}/articles/engine-2-storage/");
    assert!(body.contains(&format!("<link rel=\"canonical\" href=\"{url}\"")));
    assert!(body.contains(&format!("content=\"{url}\"")), "og:url");
    assert!(body.contains("og:title"));
    assert!(body.contains("twitter:card"));
    assert!(body.contains("application/ld+json"));
    assert!(body.contains("BlogPosting"));
    assert!(body.contains("isPartOf"));
}

#[test]
fn search_ranks_highlights_filters_and_pages() {
    let (_dir, server) = reader_site(&[]);
    let flame = page(&server, "/search/?q=Flame+Graphs");
    assert!(flame.body.contains("/articles/flamegraphs/"));
    assert!(flame.body.contains("<mark>"), "{}", flame.body);
    assert!(flame.body.contains("noindex"));
    // Every article has the word: 13 results over two pages.
    let all = page(&server, "/search/?q=introduction");
    assert!(all.body.contains("13 results"), "{}", all.body);
    assert!(all.body.contains("rel=\"next\""));
    let second = page(&server, "/search/?q=introduction&page=2");
    assert!(second.body.contains("rel=\"prev\""));
    assert_eq!(server.get("/search/?q=introduction&page=3").status, 404);
    // Filters: Async Rust holds three articles, the sqlite tag two.
    let filtered = page(&server, "/search/?q=introduction&category=async");
    assert!(filtered.body.contains("3 results"), "{}", filtered.body);
    assert!(filtered.body.contains("/articles/engine-3-server/"));
    assert!(filtered.body.contains("/articles/pinning/\""));
    assert!(!filtered.body.contains("/articles/engine-1-domain/\""));
    let tagged = page(&server, "/search/?q=introduction&tag=sqlite");
    assert!(tagged.body.contains("2 results"), "{}", tagged.body);
    // Nothing found, and a form to try again.
    let none = page(&server, "/search/?q=nothing-matches-this");
    assert!(none.body.contains("name=\"q\""));
    assert!(!none.body.contains("<mark>"));
    // FTS syntax in a query is text, never an error.
    for q in [
        "%22",
        "*",
        "NEAR(a+b)",
        "a+OR+b",
        "-x",
        "title:x",
        "%00",
        "%FF",
    ] {
        let reply = server.get(&format!("/search/?q={q}"));
        assert_eq!(reply.status, 200, "q={q}: {}", reply.body);
    }
}

#[test]
fn feeds_parse_and_link_absolutely() {
    let (_dir, server) = reader_site(&["--feed-items", "5"]);
    let feeds = [
        ("/feed.xml", "application/atom+xml; charset=utf-8", "atom10"),
        ("/rss.xml", "application/rss+xml; charset=utf-8", "rss20"),
        (
            "/feed.json",
            "application/feed+json; charset=utf-8",
            "json11",
        ),
        (
            "/categories/rust/feed.xml",
            "application/atom+xml; charset=utf-8",
            "atom10",
        ),
        (
            "/tags/architecture/feed.xml",
            "application/atom+xml; charset=utf-8",
            "atom10",
        ),
        (
            "/series/engine/feed.xml",
            "application/atom+xml; charset=utf-8",
            "atom10",
        ),
    ];
    let mut bodies = Vec::new();
    for (path, content_type, _) in feeds {
        let reply = ok(&server, path, content_type);
        // Links inside content are absolute, from the base URL.
        assert!(
            reply.body.contains(&format!("{BASE}/articles/pinning/")),
            "{path}: relative links stay relative"
        );
        assert!(!reply.body.contains("127.0.0.1"), "{path} names the socket");
        bodies.push((path.to_owned(), reply.body));
    }
    for path in [
        "/categories/nope/feed.xml",
        "/tags/nope/feed.xml",
        "/series/nope/feed.xml",
    ] {
        assert_eq!(server.get(path).status, 404, "{path}");
    }
    let expected_entries = [5, 5, 5, 5, 3, 3];
    // The JSON Feed through feed-rs, a Rust feed reader's parser.
    let json = feed_rs::parser::parse(bodies[2].1.as_bytes()).expect("the JSON Feed parses");
    assert_eq!(json.feed_type, feed_rs::model::FeedType::JSON);
    assert_eq!(json.entries.len(), 5);
    let first_link = format!("{BASE}/articles/zero-downtime/");
    assert_eq!(
        json.entries[0].links.first().map(|l| l.href.as_str()),
        Some(first_link.as_str())
    );
    // The XML feeds through Python's feedparser, which flags any problem.
    let xml: Vec<(String, String)> = bodies
        .iter()
        .filter(|(path, _)| path.ends_with(".xml"))
        .cloned()
        .collect();
    let Some(parsed) = parse_feeds(&xml) else {
        return;
    };
    let xml_feeds = feeds.iter().filter(|(path, _, _)| path.ends_with(".xml"));
    let xml_entries = expected_entries
        .iter()
        .zip(&feeds)
        .filter(|(_, (path, _, _))| path.ends_with(".xml"))
        .map(|(n, _)| *n);
    for (((path, _, version), feed), entries) in xml_feeds.zip(&parsed).zip(xml_entries) {
        assert_eq!(feed.warning, "", "{path}: feedparser warns");
        assert_eq!(&feed.version, version, "{path}");
        assert_eq!(feed.entries, entries, "{path}");
        for link in &feed.links {
            assert!(link.starts_with(BASE), "{path}: entry link {link}");
        }
    }
    // The site feed holds the newest five, newest first.
    assert_eq!(
        parsed[0].links.first().map(String::as_str),
        Some(first_link.as_str())
    );
}

#[test]
fn crawlers_get_a_sitemap_and_robots_from_the_base_url_only() {
    let (_dir, server) = reader_site(&[]);
    let sitemap = ok(&server, "/sitemap.xml", "application/xml; charset=utf-8");
    for path in [
        "/",
        "/articles/engine-1-domain/",
        "/articles/zero-downtime/",
        "/categories/async/",
        "/tags/domain-design/",
        "/series/engine/",
        "/archive/",
    ] {
        assert!(
            sitemap.body.contains(&format!("<loc>{BASE}{path}</loc>")),
            "sitemap lacks {path}: {}",
            sitemap.body
        );
    }
    assert!(sitemap.body.contains("<lastmod>"));
    assert!(!sitemap.body.contains("/search/"));
    let robots = ok(&server, "/robots.txt", "text/plain; charset=utf-8");
    assert!(
        robots
            .body
            .contains(&format!("Sitemap: {BASE}/sitemap.xml"))
    );

    // A forged Host header changes no URL anywhere.
    for path in [
        "/",
        "/articles/pinning/",
        "/feed.xml",
        "/sitemap.xml",
        "/robots.txt",
    ] {
        let reply = server.request_with("GET", path, &[("Host", "evil.example")]);
        assert_eq!(reply.status, 200, "{path}");
        assert!(!reply.body.contains("evil.example"), "{path} trusts Host");
        let reply = server.request_with(
            "GET",
            path,
            &[("Host", "a"), ("X-Forwarded-Host", "evil.example")],
        );
        assert!(
            !reply.body.contains("evil.example"),
            "{path} trusts X-Forwarded-Host"
        );
    }
}
