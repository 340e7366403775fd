//! The `blog` binary's output, pinned with insta snapshots.
//!
//! Each test runs the real binary against a fresh temporary database; paths
//! are replaced by placeholders so that snapshots do not depend on where the
//! repository or the temporary folder lives.

use std::process::Command;

mod support;

use support::{Blog, fixture};

#[test]
fn import_list_show() {
    let blog = Blog::new();
    insta::assert_snapshot!("import", blog.ok(&["import", &fixture("site")]));
    insta::assert_snapshot!(
        "reimport_changes_nothing",
        blog.ok(&["import", &fixture("site")])
    );
    insta::assert_snapshot!("list", blog.ok(&["list"]));
    insta::assert_snapshot!("list_drafts", blog.ok(&["list", "--status", "draft"]));
    insta::assert_snapshot!("list_category", blog.ok(&["list", "--category", "rust"]));
    insta::assert_snapshot!("show", blog.ok(&["show", "zola-toml"]));
    insta::assert_snapshot!("show_yaml_extra", blog.ok(&["show", "hugo-yaml"]));
}

#[test]
fn an_undated_draft_keeps_its_first_date() {
    let blog = Blog::new();
    let content = tempfile::tempdir().expect("a temporary folder");
    std::fs::write(
        content.path().join("idea.md"),
        "+++\ntitle = \"An Idea\"\ndraft = true\n+++\n\nLater.\n",
    )
    .expect("writes");
    let dir = content.path().to_str().expect("utf-8 path");
    assert!(blog.ok(&["import", dir]).contains("1 added"));
    let first = blog.ok(&["show", "idea"]);
    let again = blog.ok(&["import", dir]);
    assert!(again.contains("0 updated, 1 unchanged"), "{again}");
    assert_eq!(blog.ok(&["show", "idea"]), first, "the date did not move");
}

#[test]
fn a_rejected_import_lists_every_bad_file() {
    let blog = Blog::new();
    let out = blog.run(&["import", &fixture("bad")]);
    assert!(out.starts_with("exit: 1\n"), "{out}");
    insta::assert_snapshot!("import_rejected", out);
    assert!(blog.ok(&["list"]).contains("no articles"));
}

#[test]
fn categories() {
    let blog = Blog::new();
    insta::assert_snapshot!(
        "category_add",
        blog.ok(&[
            "category",
            "add",
            "Web Development",
            "--description",
            "Servers, browsers.\nSecond line."
        ])
    );
    blog.ok(&["category", "add", "Rust", "--slug", "rust-lang"]);
    blog.ok(&["category", "add", "Async", "--parent", "rust-lang"]);
    insta::assert_snapshot!("category_list", blog.ok(&["category", "list"]));
    insta::assert_snapshot!(
        "category_add_duplicate",
        blog.run(&["category", "add", "Web Development"])
    );
    insta::assert_snapshot!(
        "category_add_bad_slug",
        blog.run(&["category", "add", "X", "--slug", "Not OK"])
    );
    insta::assert_snapshot!(
        "category_add_unknown_parent",
        blog.run(&["category", "add", "X", "--parent", "nope"])
    );
}

#[test]
fn errors_say_what_to_do() {
    let blog = Blog::new();
    insta::assert_snapshot!("show_unknown", blog.run(&["show", "nope"]));
    insta::assert_snapshot!(
        "list_unknown_category",
        blog.run(&["list", "--category", "nope"])
    );
    insta::assert_snapshot!(
        "import_missing_folder",
        blog.run(&["import", "/nonexistent/folder"])
    );
    let empty = tempfile::tempdir().expect("a temporary folder");
    let out = blog.run(&["import", empty.path().to_str().expect("utf-8 path")]);
    assert!(
        out.starts_with("exit: 1\n") && out.contains("holds no .md or .markdown file"),
        "{out}"
    );
}

#[test]
fn an_unusable_database_is_named() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let not_a_db = dir.path().join("notes.txt");
    std::fs::write(&not_a_db, "plain text, not SQLite ".repeat(100)).expect("writes");
    let output = Command::new(env!("CARGO_BIN_EXE_blog"))
        .arg("--db")
        .arg(&not_a_db)
        .arg("list")
        .output()
        .expect("blog runs");
    assert_eq!(output.status.code(), Some(1));
    let err = String::from_utf8_lossy(&output.stderr);
    let path = not_a_db.to_str().expect("utf-8 path");
    assert_eq!(
        err,
        format!("error: cannot open {path} as a blog database: file is not a database\n")
    );
    assert_eq!(err.lines().count(), 1, "one message: {err}");
}

#[test]
fn help_explains_each_command() {
    let blog = Blog::new();
    insta::assert_snapshot!("help", blog.ok(&["--help"]));
    insta::assert_snapshot!("help_import", blog.ok(&["import", "--help"]));
    insta::assert_snapshot!("help_category_add", blog.ok(&["category", "add", "--help"]));
}
