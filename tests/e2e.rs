//! End-to-end tests: the real `blog` and `blog-server` binaries against a
//! temporary SQLite file and a free local port.

mod support;

use support::{Server, blog, fixture, stderr, stdout};

fn temp_db() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let db = dir.path().join("blog.db");
    (dir, db)
}

#[test]
fn import_then_browse_every_page_type() {
    let (_dir, db) = temp_db();
    let import = blog(
        &db,
        &["import", fixture("site").to_str().expect("utf-8 path")],
    );
    assert!(
        import.status.success(),
        "import failed: {}",
        stderr(&import)
    );
    assert!(stdout(&import).contains("6 files"), "{}", stdout(&import));

    let server = Server::start(
        &["--db", db.to_str().expect("utf-8 path"), "--no-demo"],
        &[],
    );

    // Home: newest first, published only, as cards with a "Read" link.
    let home = server.get("/");
    assert_eq!(home.status, 200);
    assert_eq!(
        home.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    let order: Vec<usize> = [
        "Error Handling with thiserror",
        "Serving Pages with hyper",
        "A Page Bundle",
        "&amp; Friends",
        "Caching at the Edge",
    ]
    .iter()
    .map(|title| {
        home.body
            .find(title)
            .unwrap_or_else(|| panic!("{title} missing from the home page"))
    })
    .collect();
    assert!(order.is_sorted(), "not newest first: {order:?}");
    assert!(home.body.contains(">Read"), "cards have a Read link");
    assert!(
        home.body
            .contains("Typed errors for libraries, anyhow for binaries.")
    );
    assert!(
        home.body
            .contains("An accept loop, a service function and a router.")
    );
    assert!(
        !home.body.contains("after the fold"),
        "summary stops at <!-- more -->"
    );

    // The draft is invisible everywhere.
    assert!(!home.body.contains("An Unfinished Draft"));
    assert_eq!(server.get("/articles/draft/").status, 404);

    // Nothing hostile reaches the browser unescaped: the title and summary
    // show as text, the body's script and javascript: link are removed.
    for page in ["/", "/articles/hostile/", "/categories/web/"] {
        let reply = server.get(page);
        assert_eq!(reply.status, 200, "{page}");
        let body = reply.body.to_ascii_lowercase();
        assert!(
            body.contains("&lt;script&gt;alert("),
            "{page} shows the title as text"
        );
        // The theme's only script elements hold JSON-LD data, never code.
        assert_eq!(
            body.matches("<script").count(),
            body.matches("<script type=\"application/ld+json\">")
                .count(),
            "{page} has a script element"
        );
        assert!(!body.contains("<img src=x"), "{page} has the hostile image");
        assert!(
            !body.contains("javascript:"),
            "{page} has a javascript: URL"
        );
    }

    // One article, rendered from Markdown.
    let article = server.get("/articles/zola-toml/");
    assert_eq!(article.status, 200);
    assert!(article.body.contains("<table>"), "tables render");
    assert!(
        article.body.contains("<del>strings</del>"),
        "strikethrough renders"
    );
    assert!(
        article.body.contains("type=\"checkbox\""),
        "task lists render"
    );
    assert!(
        article.body.contains("class=\"footnote-reference\""),
        "footnotes render"
    );
    assert!(
        article
            .body
            .contains("<h1>Error Handling with thiserror</h1>")
    );
    assert_eq!(
        server.get("/articles/bundle-post/").status,
        200,
        "bundle slug from folder"
    );

    // Browse by category, with counts that leave out the draft.
    let categories = server.get("/categories/");
    assert_eq!(categories.status, 200);
    assert!(categories.body.contains("Browse by category"));
    assert!(categories.body.contains("/categories/rust/"));
    assert!(
        categories.body.contains("2 articles"),
        "Rust: two public articles"
    );
    assert!(
        categories.body.contains("3 articles"),
        "Web: three public articles"
    );

    let rust = server.get("/categories/rust/");
    assert_eq!(rust.status, 200);
    assert!(rust.body.contains("Error Handling with thiserror"));
    assert!(rust.body.contains("Serving Pages with hyper"));
    assert!(
        !rust.body.contains("Caching at the Edge"),
        "only the category's articles"
    );
    assert!(!rust.body.contains("An Unfinished Draft"));

    // A real 404 page, and the other HTTP answers.
    let missing = server.get("/no/such/page/");
    assert_eq!(missing.status, 404);
    assert!(missing.body.contains("Page not found"));
    assert_eq!(server.get("/categories/nope/").status, 404);
    assert_eq!(server.get("/page/9/").status, 404);
    let moved = server.get("/articles/zola-toml");
    assert_eq!(moved.status, 301);
    assert_eq!(moved.header("location"), Some("/articles/zola-toml/"));
    let post = server.request("POST", "/");
    assert_eq!(post.status, 405);
    assert_eq!(post.header("allow"), Some("GET, HEAD"));
    let head = server.request("HEAD", "/");
    assert_eq!(head.status, 200);
    assert!(head.body.is_empty(), "HEAD has no body");
    let css = server.get("/assets/style.css");
    assert_eq!(css.status, 200);
    assert!(
        css.header("content-type")
            .is_some_and(|t| t.starts_with("text/css"))
    );
}

#[test]
fn an_import_with_a_bad_file_stores_nothing() {
    let (_dir, db) = temp_db();
    let bad = fixture("bad");
    let import = blog(&db, &["import", bad.to_str().expect("utf-8 path")]);
    assert!(!import.status.success(), "a bad import must fail");
    let err = stderr(&import);
    assert!(err.contains("3 of 4 files rejected"), "{err}");
    for (file, line) in [
        ("bad-date.md", ":3: "),
        ("unclosed.md", ":1: "),
        ("latin1.md", ":6: "),
    ] {
        let path = bad.join(file);
        let named = format!("{}{line}", path.display());
        assert!(err.contains(&named), "{named} missing from:\n{err}");
    }
    assert!(!err.contains("good.md"), "the good file is not a rejection");

    let list = blog(&db, &["list"]);
    assert!(list.status.success(), "{}", stderr(&list));
    assert_eq!(stdout(&list), "no articles\n", "nothing was stored");
}

#[test]
fn a_new_database_starts_with_demo_content() {
    let (_dir, db) = temp_db();
    let server = Server::start(&[], &[("BLOG_DB", &db)]);
    let home = server.get("/");
    assert_eq!(home.status, 200);
    assert!(
        home.body
            .contains("Building a Blog Engine in Rust #03: Serving")
    );
    assert!(
        !home.body.contains("Async Functions in Traits"),
        "the demo draft stays hidden"
    );
    let categories = server.get("/categories/");
    for (slug, name) in [
        ("rust", "Rust"),
        ("web", "Web"),
        ("databases", "Databases"),
        ("tooling", "Tooling"),
    ] {
        let link = format!("<a href=\"/categories/{slug}/\">{name}</a>");
        assert!(categories.body.contains(&link), "demo category {name}");
    }
    let part = server.get("/articles/building-a-blog-engine-storage/");
    assert_eq!(part.status, 200);
    assert!(part.body.contains("Part 2 of 3"), "series box on a part");
    drop(server);

    // The CLI sees the same database through BLOG_DB as well.
    let list = std::process::Command::new(support::blog_bin())
        .arg("list")
        .env("BLOG_DB", &db)
        .output()
        .expect("blog runs");
    assert!(stdout(&list).contains("building-a-blog-engine-the-domain"));
    assert!(stdout(&list).contains("draft"));
}

#[test]
fn no_demo_leaves_a_new_database_empty() {
    let (_dir, db) = temp_db();
    let server = Server::start(
        &["--db", db.to_str().expect("utf-8 path"), "--no-demo"],
        &[],
    );
    let home = server.get("/");
    assert_eq!(home.status, 200);
    assert!(home.body.contains("No articles yet"), "{}", home.body);
}

#[test]
fn categories_added_by_the_cli_show_on_the_site() {
    let (_dir, db) = temp_db();
    let add = blog(
        &db,
        &[
            "category",
            "add",
            "Systems Programming",
            "--description",
            "Close to the *metal*.",
        ],
    );
    assert!(add.status.success(), "{}", stderr(&add));
    let again = blog(&db, &["category", "add", "Systems Programming"]);
    assert_eq!(again.status.code(), Some(1), "a duplicate is an error");
    assert!(
        stderr(&again).contains("already exists"),
        "{}",
        stderr(&again)
    );

    let server = Server::start(
        &["--db", db.to_str().expect("utf-8 path"), "--no-demo"],
        &[],
    );
    let categories = server.get("/categories/");
    assert!(categories.body.contains("Systems Programming"));
    assert!(
        categories.body.contains("<em>metal</em>"),
        "descriptions are Markdown"
    );
    assert!(categories.body.contains("<p class=\"meta\">0 articles</p>"));
    assert_eq!(server.get("/categories/systems-programming/").status, 200);
}
