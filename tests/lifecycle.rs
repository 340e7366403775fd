//! An article's life as readers see it: the `blog` command changes the
//! database while `blog-server` runs on it, and every change shows on the
//! next request, with nothing to restart or rebuild.

mod support;

use std::time::Duration;

use support::{Server, blog, fixture, stderr, stdout};

fn ok(db: &std::path::Path, args: &[&str]) -> String {
    let output = blog(db, args);
    assert!(
        output.status.success(),
        "blog {args:?} failed: {}",
        stderr(&output)
    );
    stdout(&output)
}

/// The article "Fresh Thoughts" is on its page, the home page and its
/// category's page.
fn assert_shown_everywhere(server: &Server) {
    assert_eq!(server.get("/articles/fresh-thoughts/").status, 200);
    assert!(server.get("/").body.contains("Fresh Thoughts"));
    assert!(
        server
            .get("/categories/rust/")
            .body
            .contains("Fresh Thoughts")
    );
}

#[test]
fn publish_schedule_rename_delete_as_readers_see_them() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let db = dir.path().join("blog.db");
    ok(
        &db,
        &["import", fixture("site").to_str().expect("utf-8 path")],
    );
    let server = Server::start(
        &["--db", db.to_str().expect("utf-8 path"), "--no-demo"],
        &[],
    );

    // A draft is invisible until published.
    ok(&db, &["new", "Fresh Thoughts", "--category", "rust"]);
    assert_eq!(server.get("/articles/fresh-thoughts/").status, 404);
    ok(&db, &["publish", "fresh-thoughts"]);
    assert_shown_everywhere(&server);

    // Scheduled a few seconds ahead: hidden everywhere, then shown
    // everywhere at once when the time comes.
    let at = chrono::Utc::now() + chrono::Duration::seconds(3);
    let at_text = at.to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
    ok(&db, &["schedule", "fresh-thoughts", "--at", &at_text]);
    let article = server.get("/articles/fresh-thoughts/");
    let home = server.get("/");
    let category = server.get("/categories/rust/");
    assert!(
        chrono::Utc::now() < at,
        "the machine is too slow for this test: the checks took past the scheduled time"
    );
    assert_eq!(article.status, 404);
    assert!(!home.body.contains("Fresh Thoughts"));
    assert!(!category.body.contains("Fresh Thoughts"));
    let wait = (at - chrono::Utc::now()).to_std().unwrap_or(Duration::ZERO);
    std::thread::sleep(wait + Duration::from_millis(200));
    assert_shown_everywhere(&server);

    // A rename keeps the old URL working, as a permanent redirect.
    ok(&db, &["rename", "fresh-thoughts", "second-thoughts"]);
    let moved = server.get("/articles/fresh-thoughts/");
    assert_eq!(moved.status, 301);
    assert_eq!(moved.header("location"), Some("/articles/second-thoughts/"));
    assert_eq!(server.get("/articles/second-thoughts/").status, 200);

    // A deleted article is gone, under its old slug too; an unknown slug
    // is still only "not found".
    ok(&db, &["delete", "second-thoughts", "--yes"]);
    assert_eq!(server.get("/articles/second-thoughts/").status, 410);
    assert_eq!(server.get("/articles/fresh-thoughts/").status, 410);
    assert_eq!(server.get("/articles/never-existed/").status, 404);
    assert!(!server.get("/").body.contains("Thoughts"));
}

#[test]
fn series_and_category_tree_on_the_site() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let db = dir.path().join("blog.db");
    ok(&db, &["category", "add", "Languages", "--slug", "lang"]);
    ok(&db, &["category", "add", "Rust", "--parent", "lang"]);
    ok(
        &db,
        &["series", "add", "Engine", "--description", "In *order*."],
    );
    for (title, part) in [("Step Two", "2"), ("Step One", "1")] {
        ok(
            &db,
            &[
                "new",
                title,
                "--category",
                "rust",
                "--series",
                "engine",
                "--part",
                part,
            ],
        );
        let slug = title.to_lowercase().replace(' ', "-");
        ok(&db, &["publish", &slug]);
    }
    let server = Server::start(
        &["--db", db.to_str().expect("utf-8 path"), "--no-demo"],
        &[],
    );
    let series = server.get("/series/engine/");
    assert_eq!(series.status, 200);
    let one = series.body.find("Step One").expect("part one listed");
    let two = series.body.find("Step Two").expect("part two listed");
    assert!(one < two, "parts in reading order");
    assert!(
        series.body.contains("<em>order</em>"),
        "Markdown description"
    );
    let part = server.get("/articles/step-two/");
    assert!(part.body.contains("Part 2 of 2"), "{}", part.body);
    // The parent category lists its child's articles.
    let parent = server.get("/categories/lang/");
    assert!(parent.body.contains("Step One") && parent.body.contains("Step Two"));
}
