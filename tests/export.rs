//! `blog build`, the static export, against the real `blog-server`: every
//! file it writes holds what the server answers at its path, every page the
//! sitemap lists and every page links to is there; a second build writes
//! nothing, a change rewrites only what depends on it, and a failed build
//! leaves the folder as it was.

mod support;

use std::collections::{BTreeMap, BTreeSet};
use std::os::unix::fs::MetadataExt as _;
use std::path::{Path, PathBuf};
use std::process::Output;

use support::{Server, blog, fixture, stderr, stdout};

/// The base URL both the build and the server are given.
const BASE: &str = "https://export.example";

/// The settings both read, from one `blog.toml`: a small page size, so that
/// every listing has several pages, and a key only the server reads.
const CONFIG: &str = "\
title = \"Export & Co\"
description = \"Every page, as files.\"
base_url = \"https://export.example\"
per_page = 3
feed_items = 4
cache_budget = \"1MiB\"
";

/// A database made from the `reader` fixture (13 public articles, nested
/// categories, tags, a series), then changed as an author would: an empty
/// category, a renamed article (an old slug), a deleted one, a draft, a
/// renamed draft (an old slug that leads nowhere public) and a scheduled
/// article; and its `blog.toml`.
struct Site {
    dir: tempfile::TempDir,
}

impl Site {
    fn new() -> Site {
        let site = Site {
            dir: tempfile::tempdir().expect("a temporary folder"),
        };
        std::fs::write(site.config(), CONFIG).expect("writes blog.toml");
        site.ok(&["import", path_arg(&fixture("reader"))]);
        for args in [
            &["category", "add", "Empty", "--description", "Nothing yet."][..],
            &["rename", "pinning", "pinning-without-tears"],
            &["delete", "--yes", "python-glue"],
            &["new", "A Draft", "--category", "rust", "--tag", "Secret"],
            &["new", "Hidden Draft"],
            &["rename", "hidden-draft", "hidden-draft-renamed"],
            &["new", "Coming Later", "--tag", "Future"],
            &["schedule", "coming-later", "--at", "2099-01-01T00:00:00Z"],
        ] {
            site.ok(args);
        }
        site
    }

    fn db(&self) -> PathBuf {
        self.dir.path().join("blog.db")
    }

    fn config(&self) -> PathBuf {
        self.dir.path().join("blog.toml")
    }

    /// The output folder of the tests.
    fn out(&self) -> PathBuf {
        self.dir.path().join("public")
    }

    fn ok(&self, args: &[&str]) -> String {
        let output = blog(&self.db(), args);
        assert!(output.status.success(), "{args:?}: {}", stderr(&output));
        stdout(&output)
    }

    /// `blog build` into the output folder with the config file and `extra`.
    fn build(&self, extra: &[&str]) -> Output {
        let out = self.out();
        let config = self.config();
        let mut args = vec!["build", path_arg(&out), "--config", path_arg(&config)];
        args.extend_from_slice(extra);
        blog(&self.db(), &args)
    }

    /// `blog build`, which must succeed; its summary.
    fn build_ok(&self) -> String {
        let output = self.build(&[]);
        assert!(output.status.success(), "build: {}", stderr(&output));
        assert_eq!(stderr(&output), "", "nothing on stderr without a terminal");
        stdout(&output)
    }

    /// The server over the same database and config file.
    fn server(&self) -> Server {
        let db = self.db();
        let config = self.config();
        Server::start(
            &[
                "--db",
                path_arg(&db),
                "--no-demo",
                "--config",
                path_arg(&config),
                "--log",
                "warn",
            ],
            &[],
        )
    }

    /// What the temporary folder holds besides the output folder, the
    /// database and the config file: a staging folder left behind, say.
    fn strays(&self) -> Vec<String> {
        std::fs::read_dir(self.dir.path())
            .expect("reads the folder")
            .map(|e| {
                e.expect("an entry")
                    .file_name()
                    .to_string_lossy()
                    .into_owned()
            })
            .filter(|name| {
                !matches!(name.as_str(), "public" | "blog.toml" | "content" | "theme")
                    && !name.starts_with("blog.db")
            })
            .collect()
    }
}

fn path_arg(path: &Path) -> &str {
    path.to_str().expect("a UTF-8 path")
}

/// Every file under `dir`, by its path relative to it with `/` separators.
fn files(dir: &Path) -> BTreeMap<String, PathBuf> {
    let mut found = BTreeMap::new();
    let mut pending = vec![dir.to_owned()];
    while let Some(folder) = pending.pop() {
        for entry in std::fs::read_dir(&folder).expect("reads a folder") {
            let path = entry.expect("an entry").path();
            if path.is_dir() {
                pending.push(path);
            } else {
                let rel = path.strip_prefix(dir).expect("below the folder");
                found.insert(path_arg(rel).to_owned(), path);
            }
        }
    }
    found
}

/// The path on the site that file `rel` serves: `x/index.html` is `/x/`.
fn url_of(rel: &str) -> String {
    match rel.strip_suffix("index.html") {
        Some(folder) if folder.is_empty() || folder.ends_with('/') => format!("/{folder}"),
        _ => format!("/{rel}"),
    }
}

/// The file that serves path `url` of the site, the inverse of [`url_of`].
fn file_of(url: &str) -> String {
    let inner = url.trim_start_matches('/');
    if inner.is_empty() || inner.ends_with('/') {
        format!("{inner}index.html")
    } else {
        inner.to_owned()
    }
}

/// Each file's bytes, inode and modification time, and the folder's own.
#[derive(Debug, PartialEq)]
struct Snapshot {
    folder: (u64, i64, i64),
    files: BTreeMap<String, (Vec<u8>, u64, i64, i64)>,
}

fn snapshot(dir: &Path) -> Snapshot {
    let meta = |path: &Path| std::fs::metadata(path).expect("metadata");
    let stamp = |m: &std::fs::Metadata| (m.ino(), m.mtime(), m.mtime_nsec());
    Snapshot {
        folder: stamp(&meta(dir)),
        files: files(dir)
            .into_iter()
            .map(|(rel, path)| {
                let (ino, secs, nanos) = stamp(&meta(&path));
                let bytes = std::fs::read(&path).expect("reads a file");
                (rel, (bytes, ino, secs, nanos))
            })
            .collect(),
    }
}

/// Every `href` and `src` that is a path on this site, without its query
/// or fragment.
fn local_links(html: &str) -> Vec<String> {
    let mut links = Vec::new();
    for attribute in ["href=\"", "src=\""] {
        for (at, _) in html.match_indices(attribute) {
            let value = &html[at + attribute.len()..];
            let value = &value[..value.find('"').expect("a closed attribute")];
            let value = value.replace("&amp;", "&");
            let path = value.split(['?', '#']).next().unwrap_or_default();
            let path = path.strip_prefix(BASE).unwrap_or(path);
            if path.starts_with('/') && !path.starts_with("//") {
                links.push(path.to_owned());
            }
        }
    }
    links
}

#[test]
fn every_file_is_what_the_server_answers() {
    let site = Site::new();
    let summary = site.build_ok();
    let server = site.server();
    let out = site.out();
    let built = files(&out);
    let mut statuses: BTreeMap<u16, usize> = BTreeMap::new();
    for (rel, path) in &built {
        let bytes = std::fs::read(path).expect("reads the file");
        let url = url_of(rel);
        let reply = server.get(&url);
        *statuses.entry(reply.status).or_default() += 1;
        match reply.status {
            200 | 410 => assert!(
                reply.bytes == bytes,
                "{rel} differs from GET {url}:\n--- file\n{}\n--- server\n{}",
                String::from_utf8_lossy(&bytes),
                reply.body
            ),
            404 => {
                assert_eq!(rel, "404.html", "the server has no {url}");
                assert!(reply.bytes == bytes, "404.html differs from GET /404.html");
            }
            301 => {
                let to = reply.header("location").expect("a Location");
                let page = String::from_utf8(bytes).expect("UTF-8");
                for expected in [
                    format!("<meta http-equiv=\"refresh\" content=\"0; url={to}\">"),
                    format!("<link rel=\"canonical\" href=\"{BASE}{to}\">"),
                    format!("<a href=\"{to}\">"),
                ] {
                    assert!(page.contains(&expected), "{rel} lacks {expected}:\n{page}");
                }
                assert!(
                    built.contains_key(&file_of(to)),
                    "{rel} leads to {to}, not built"
                );
            }
            other => panic!("GET {url}: {other}"),
        }
    }
    // One of each: the old slug redirects, the deleted article is gone.
    assert_eq!(statuses.get(&301), Some(&1), "{statuses:?}");
    assert_eq!(statuses.get(&410), Some(&1), "{statuses:?}");
    assert!(built.contains_key("articles/pinning/index.html"));
    assert!(built.contains_key("articles/python-glue/index.html"));
    // Nothing that is not public: a draft, a scheduled article, the old
    // slug of a draft, a tag only they have.
    for hidden in [
        "/articles/a-draft/",
        "/articles/coming-later/",
        "/articles/hidden-draft/",
        "/tags/secret/",
        "/tags/future/",
    ] {
        assert!(!built.contains_key(&file_of(hidden)), "{hidden} was built");
        assert_eq!(server.get(hidden).status, 404, "{hidden}");
    }
    // The empty category has its page, and the listings their last page
    // and no more.
    assert!(built.contains_key("categories/empty/index.html"));
    let home_pages = built.keys().filter(|f| f.starts_with("page/")).count();
    assert_eq!(home_pages, 3, "12 public articles, 3 a page: / and 3 more");
    assert_eq!(server.get("/page/5/").status, 404);
    // Every page the sitemap lists, and every page links to, is there.
    let sitemap = std::fs::read_to_string(out.join("sitemap.xml")).expect("a sitemap");
    let listed: Vec<&str> = sitemap
        .split("<loc>")
        .skip(1)
        .map(|rest| &rest[..rest.find("</loc>").expect("a closed loc")])
        .collect();
    assert!(listed.len() > 20, "{sitemap}");
    for url in listed {
        let path = url.strip_prefix(BASE).expect("an absolute URL of the site");
        assert!(
            built.contains_key(&file_of(path)),
            "the sitemap lists {url}, not built"
        );
    }
    let mut linked = BTreeSet::new();
    let mut html_files = 0;
    for (rel, path) in &built {
        if rel.ends_with(".html") {
            html_files += 1;
            let html = std::fs::read_to_string(path).expect("UTF-8");
            linked.extend(local_links(&html));
        }
    }
    for link in &linked {
        // What an author links to that the site does not have (an image
        // never imported) is missing from both: `blog check` finds it.
        if !built.contains_key(&file_of(link)) {
            assert_eq!(server.get(link).status, 404, "{link} is linked, not built");
        }
    }
    assert!(
        summary.contains(&format!("{html_files} pages")),
        "{summary}"
    );
}

#[test]
fn a_second_build_writes_nothing_and_a_change_rewrites_only_what_it_touches() {
    let site = Site::new();
    site.build_ok();
    let first = snapshot(&site.out());
    // Nothing changed: not one file, not the folder, not a staging folder.
    let again = site.build_ok();
    assert!(again.contains("\n0 written (0 B)"), "{again}");
    assert!(again.contains("0 removed: nothing to write"), "{again}");
    assert_eq!(snapshot(&site.out()), first);
    assert_eq!(site.strays(), Vec::<String>::new());

    // One article's text changes.
    let content = site.dir.path().join("content");
    std::fs::create_dir(&content).expect("creates a folder");
    // Alone: the rest of the fixture would bring back what was deleted.
    let changed = content.join("css-grid.md");
    let mut text = std::fs::read_to_string(fixture("reader").join("css-grid.md")).expect("reads");
    text.push_str("\nOne more paragraph, at the end.\n");
    std::fs::write(&changed, text).expect("writes");
    let import = site.ok(&["import", path_arg(&content)]);
    assert!(import.contains("1 updated"), "{import}");
    let summary = site.build_ok();
    let second = snapshot(&site.out());
    assert_ne!(
        second.folder.0, first.folder.0,
        "a new folder took its place"
    );
    assert_eq!(site.strays(), Vec::<String>::new());
    let mut rewritten = Vec::new();
    // The search index's files live in a folder named by a hash of them
    // all: a change of text moves them to a new folder, written anew.
    let stamped = |rel: &str| rel.starts_with("search/index/");
    for (rel, (bytes, ino, ..)) in &second.files {
        let Some(before) = first.files.get(rel) else {
            assert!(stamped(rel), "{rel} appeared");
            rewritten.push(rel.as_str());
            continue;
        };
        if &before.0 == bytes {
            assert_eq!(&before.1, ino, "{rel} is unchanged, yet was rewritten");
        } else {
            assert_ne!(&before.1, ino, "{rel} changed in place");
            rewritten.push(rel.as_str());
        }
    }
    let unstamped = |files: &std::collections::BTreeMap<String, _>| {
        files.keys().filter(|rel| !stamped(rel)).count()
    };
    assert_eq!(unstamped(&second.files), unstamped(&first.files));
    assert!(
        first.files.keys().any(|rel| stamped(rel))
            && !first
                .files
                .keys()
                .any(|rel| stamped(rel) && second.files.contains_key(rel)),
        "the search index moved to a new folder"
    );
    assert!(rewritten.contains(&"search/index.json"), "{rewritten:?}");
    assert!(
        rewritten.contains(&"articles/css-grid/index.html"),
        "{rewritten:?}"
    );
    assert!(
        summary.contains(&format!("\n{} written", rewritten.len())),
        "{summary}\n{rewritten:?}"
    );
    // Other articles' pages, the assets and robots.txt do not depend on it.
    for untouched in [
        "articles/tokio-tasks/index.html",
        "assets/style.css",
        "robots.txt",
        "404.html",
    ] {
        assert!(
            !rewritten.contains(&untouched),
            "{untouched}: {rewritten:?}"
        );
    }
    assert!(
        rewritten.len() * 4 < second.files.len(),
        "{} of {} files rewritten: {rewritten:?}",
        rewritten.len(),
        second.files.len()
    );
}

#[test]
fn a_failed_build_leaves_the_folder_as_it_was() {
    let site = Site::new();
    site.build_ok();
    let before = snapshot(&site.out());
    // A theme whose article page fails for one article only: it passes the
    // check at start, and every article page it draws differs from the
    // built ones, so the build has written files when it fails.
    let theme = site.dir.path().join("theme");
    std::fs::create_dir_all(theme.join("templates")).expect("creates a folder");
    std::fs::write(
        theme.join("templates/article.html"),
        "{% extends \"base.html\" %}{% block content %}\
         {% if page.title == \"Tasks, Threads and tokio\" %}{{ no_such_function() }}{% endif %}\
         <h1>{{ page.title }}</h1>{% endblock %}",
    )
    .expect("writes the template");
    let failed = site.build(&["--theme", path_arg(&theme)]);
    assert!(!failed.status.success(), "{}", stdout(&failed));
    let message = stderr(&failed);
    assert!(
        message.starts_with("error: cannot build /articles/tokio-tasks/: render: template"),
        "{message}"
    );
    assert_eq!(snapshot(&site.out()), before);
    assert_eq!(site.strays(), Vec::<String>::new());

    // A folder that holds something else, the database here, is refused.
    let refused = blog(
        &site.db(),
        &["build", path_arg(site.dir.path()), "--base-url", BASE],
    );
    assert!(!refused.status.success());
    assert!(
        stderr(&refused).contains("holds no earlier build"),
        "{}",
        stderr(&refused)
    );
    assert_eq!(snapshot(&site.out()), before);
    assert_eq!(site.strays(), Vec::<String>::new());
}

/// A folder of `count` articles, each with a highlighted code block: enough
/// pages for a debug build to take a few seconds.
fn many_articles(dir: &Path, count: usize) {
    std::fs::create_dir_all(dir).expect("creates a folder");
    for i in 0..count {
        let text = format!(
            "+++\ntitle = \"Article {i}\"\ndate = 2024-01-01T00:00:00Z\n\
             categories = [\"Cat {}\"]\ntags = [\"Tag {}\"]\n+++\n\n\
             Paragraph {i}.\n\n```rust\nfn main() {{ println!(\"{i}\"); }}\n```\n",
            i % 7,
            i % 11
        );
        std::fs::write(dir.join(format!("article-{i:04}.md")), text).expect("writes");
    }
}

#[test]
fn an_interrupted_build_leaves_the_folder_as_it_was() {
    let site = Site {
        dir: tempfile::tempdir().expect("a temporary folder"),
    };
    let content = site.dir.path().join("content");
    many_articles(&content, 120);
    site.ok(&["import", path_arg(&content)]);
    std::fs::write(site.config(), CONFIG).expect("writes blog.toml");
    site.build_ok();
    let before = snapshot(&site.out());
    // Another title changes every page: the build writes from the start.
    let out = site.out();
    let config = site.config();
    let mut child = std::process::Command::new(support::blog_bin())
        .args(["--db", path_arg(&site.db()), "build", path_arg(&out)])
        .args(["--config", path_arg(&config), "--title", "Another"])
        .env_remove("BLOG_DB")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("blog runs");
    // Interrupt it once it is writing: when its staging folder exists.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(120);
    while site.strays().is_empty() {
        assert!(
            child.try_wait().expect("can wait").is_none(),
            "the build ended before it was interrupted"
        );
        assert!(std::time::Instant::now() < deadline, "no staging folder");
        std::thread::sleep(std::time::Duration::from_millis(2));
    }
    let kill = std::process::Command::new("kill")
        .args(["-s", "INT", &child.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(kill.success());
    let output = child.wait_with_output().expect("the build ends");
    assert!(!output.status.success(), "{}", stdout(&output));
    assert_eq!(
        stderr(&output),
        "error: interrupted; the output folder is as it was\n"
    );
    assert_eq!(snapshot(&site.out()), before);
    assert_eq!(site.strays(), Vec::<String>::new());
}

/// The namespace of every sitemap file (sitemaps.org 0.9).
const SITEMAP_NS: &str = "http://www.sitemaps.org/schemas/sitemap/0.9";

/// The `<loc>` of each entry of sitemap file `xml`, checked against the
/// sitemaps.org schema on the way: an XML declaration, then one `root`
/// element in the protocol's namespace holding only `entry` elements, each
/// with one `<loc>` (an absolute URL of the site) and, in a `<url>`, at most
/// one `<lastmod>` (an RFC 3339 time), and no other element or text.
/// quick-xml checks that it is well-formed (end tags match their start).
fn sitemap_locs(xml: &str, root: &str, entry: &str) -> Vec<String> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(xml);
    reader.config_mut().trim_text(true);
    let mut open: Vec<String> = Vec::new();
    let mut fields: Vec<String> = Vec::new();
    let (mut declared, mut roots, mut locs) = (false, 0, Vec::new());
    loop {
        let event = reader
            .read_event()
            .unwrap_or_else(|e| panic!("not well-formed: {e}\n{xml}"));
        match event {
            Event::Decl(_) => {
                assert!(!declared && roots == 0, "a declaration first, once");
                declared = true;
            }
            Event::Start(start) => {
                let name = start.name().as_ref().to_owned();
                match open.len() {
                    0 => {
                        assert!(declared, "no XML declaration");
                        assert_eq!(name, root);
                        roots += 1;
                        let ns = start
                            .try_get_attribute("xmlns")
                            .expect("attributes")
                            .expect("a namespace");
                        let ns = ns
                            .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                            .expect("a value");
                        assert_eq!(ns, SITEMAP_NS);
                    }
                    1 => {
                        assert_eq!(name, entry);
                        fields.clear();
                    }
                    2 => {
                        let known = name == "loc" || (entry == "url" && name == "lastmod");
                        assert!(known && !fields.contains(&name), "<{name}> in <{entry}>");
                        fields.push(name.clone());
                    }
                    _ => panic!("<{name}> inside <{}>", open.join("><")),
                }
                open.push(name);
            }
            Event::End(_) => {
                open.pop();
                if open.len() == 1 {
                    assert!(fields.iter().any(|f| f == "loc"), "an entry without <loc>");
                }
            }
            Event::Text(text) => {
                let text = text.xml10_content().into_owned();
                match open.last().map(String::as_str) {
                    Some("loc") => {
                        assert!(text.starts_with(&format!("{BASE}/")), "{text}");
                        locs.push(text);
                    }
                    Some("lastmod") => {
                        chrono::DateTime::parse_from_rfc3339(&text)
                            .unwrap_or_else(|e| panic!("lastmod {text}: {e}"));
                    }
                    other => panic!("text {text:?} in {other:?}"),
                }
            }
            Event::Eof => break,
            other => panic!("unexpected {other:?} in a sitemap"),
        }
    }
    assert_eq!(roots, 1, "one root element");
    locs
}

#[test]
fn a_large_sitemap_is_an_index_of_parts_that_the_server_and_the_build_both_have() {
    let per_file = blog_core::SITEMAP_URLS;
    let site = Site {
        dir: tempfile::tempdir().expect("a temporary folder"),
    };
    // As many articles as one sitemap file lists, plus the home page, the
    // archive, categories and tags: a sitemap of two parts.
    let content = site.dir.path().join("content");
    std::fs::create_dir_all(&content).expect("creates a folder");
    for i in 0..per_file {
        let text = format!(
            "+++\ntitle = \"Article {i}\"\ndate = 2024-01-01T00:00:00Z\n\
             categories = [\"Cat {}\"]\ntags = [\"Tag {}\"]\n+++\n\nParagraph {i}.\n",
            i % 7,
            i % 11
        );
        std::fs::write(content.join(format!("article-{i:04}.md")), text).expect("writes");
    }
    site.ok(&["import", path_arg(&content)]);
    // The largest page size: few listing pages to build.
    std::fs::write(
        site.config(),
        format!("base_url = \"{BASE}\"\nper_page = 100\n"),
    )
    .expect("writes blog.toml");
    site.build_ok();
    let server = site.server();
    let built = files(&site.out());
    let read = |rel: &str| std::fs::read(site.out().join(rel)).expect("a built file");

    let index = server.get("/sitemap.xml");
    assert_eq!(index.status, 200);
    assert_eq!(
        index.header("content-type"),
        Some("application/xml; charset=utf-8")
    );
    assert!(index.bytes == read("sitemap.xml"), "sitemap.xml differs");
    let parts = sitemap_locs(&index.body, "sitemapindex", "sitemap");
    assert_eq!(parts.len(), 2, "{}", index.body);
    let mut listed: Vec<String> = Vec::new();
    for (i, loc) in parts.iter().enumerate() {
        let path = loc.strip_prefix(BASE).expect("under the base URL");
        assert_eq!(path, format!("/sitemap-{}.xml", i + 1));
        let part = server.get(path);
        assert_eq!(part.status, 200, "{path}");
        assert_eq!(
            part.header("content-type"),
            Some("application/xml; charset=utf-8")
        );
        assert!(part.bytes == read(&file_of(path)), "{path} differs");
        let urls = sitemap_locs(&part.body, "urlset", "url");
        // Every part but the last is full.
        if i + 1 < parts.len() {
            assert_eq!(urls.len(), per_file, "{path}");
        }
        assert!(!urls.is_empty() && urls.len() <= per_file, "{path}");
        listed.extend(urls);
    }
    // Every page once, each of them built; every article among them.
    let unique: BTreeSet<&String> = listed.iter().collect();
    assert_eq!(unique.len(), listed.len(), "a page listed twice");
    for url in &listed {
        let path = url.strip_prefix(BASE).expect("under the base URL");
        assert!(
            built.contains_key(&file_of(path)),
            "{url} is listed, not built"
        );
    }
    let articles = listed.iter().filter(|u| u.contains("/articles/")).count();
    assert_eq!(articles, per_file);
    // No part past the last, on the server or in the build.
    assert_eq!(server.get("/sitemap-3.xml").status, 404);
    let sitemaps: Vec<&String> = built.keys().filter(|f| f.starts_with("sitemap")).collect();
    assert_eq!(sitemaps, ["sitemap-1.xml", "sitemap-2.xml", "sitemap.xml"]);
}
