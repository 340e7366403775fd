//! End-to-end: `blog export` and `blog import` give back the same content,
//! and a rejected import leaves the database as it was. The real `blog`
//! binary against temporary SQLite files.

mod support;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Output;

use support::{blog, fixture, stderr, stdout};

/// Runs `blog --db DB args...`, asserting that it succeeded.
fn ok(db: &Path, args: &[&str]) -> String {
    let output = blog(db, args);
    assert!(
        output.status.success(),
        "{args:?} failed: {}{}",
        stdout(&output),
        stderr(&output)
    );
    stdout(&output)
}

fn arg(path: &Path) -> &str {
    path.to_str().expect("utf-8 path")
}

/// Every file under `dir`, by path relative to it, with its bytes.
fn tree(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut pending = vec![dir.to_owned()];
    while let Some(folder) = pending.pop() {
        for entry in std::fs::read_dir(&folder).expect("reads the folder") {
            let path = entry.expect("reads the folder").path();
            if path.is_dir() {
                pending.push(path);
            } else {
                let relative = path.strip_prefix(dir).expect("below dir").to_owned();
                files.insert(relative, std::fs::read(&path).expect("reads the file"));
            }
        }
    }
    files
}

/// Asserts that the folders `a` and `b` hold the same files, byte for byte.
fn assert_same_tree(a: &Path, b: &Path) {
    let (a, b) = (tree(a), tree(b));
    assert_eq!(
        a.keys().collect::<Vec<_>>(),
        b.keys().collect::<Vec<_>>(),
        "the same files"
    );
    for (path, bytes) in &a {
        assert!(
            b[path] == *bytes,
            "{} differs:\n--- first\n{}\n--- second\n{}",
            path.display(),
            String::from_utf8_lossy(bytes),
            String::from_utf8_lossy(&b[path])
        );
    }
}

#[test]
fn export_import_export_gives_the_same_files() {
    let tmp = tempfile::tempdir().expect("a temporary folder");
    let (one, two) = (tmp.path().join("one.db"), tmp.path().join("two.db"));
    let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));

    let imported = ok(&one, &["import", arg(&fixture("generators"))]);
    assert!(imported.contains("8 added"), "{imported}");
    ok(&one, &["export", arg(&a)]);
    let again = ok(&two, &["import", arg(&a)]);
    assert!(
        again.contains("imported 10 files") && again.contains("8 added"),
        "{again}"
    );
    ok(&two, &["export", arg(&b)]);
    assert_same_tree(&a, &b);

    // What the files must carry for that to mean anything.
    let files = tree(&a);
    assert_eq!(files.len(), 10, "8 articles and 2 definitions files");
    let text = |name: &str| String::from_utf8_lossy(&files[Path::new(name)]).into_owned();
    let hugo = text("serving-with-hyper.md");
    for line in [
        "date = 2024-06-01T08:00:00Z",
        "updated = 2024-06-15T09:00:00Z",
        "expires = 2030-01-01T00:00:00Z",
        "categories = [\"rust\", \"web-development\"]",
        "aliases = [\"serving-pages\", \"serving\"]",
        "series = \"building-a-blog-engine\"",
        "series_part = 2",
        "weight = 10",
    ] {
        assert!(hugo.lines().any(|l| l == line), "{line:?} missing:\n{hugo}");
    }
    assert!(text("draft-ideas.md").contains("\ndraft = true\n"));
    assert!(text("plain-markdown.md").contains("+++\n\n    $ cargo new blog\n"));
    assert!(text("_categories.toml").contains("parent = \"rust\""));
    assert!(text("_series.toml").contains("title = \"Building a Blog Engine\""));
}

/// Tags pass through the database with their spelling.
#[test]
fn tags_survive_the_round_trip() {
    let tmp = tempfile::tempdir().expect("a temporary folder");
    let db = tmp.path().join("blog.db");
    let out = tmp.path().join("out");
    ok(&db, &["import", arg(&fixture("generators"))]);
    ok(&db, &["export", arg(&out)]);
    let hugo = std::fs::read_to_string(out.join("serving-with-hyper.md")).expect("exported");
    assert!(
        hugo.contains("\ntags = [\"hyper\", \"http\", \"Rust\"]\n"),
        "{hugo}"
    );
    let jekyll = std::fs::read_to_string(out.join("liquid-templates.md")).expect("exported");
    assert!(
        jekyll.contains("\ntags = [\"jekyll\", \"liquid\", \"templates\"]\n"),
        "{jekyll}"
    );
}

#[test]
fn a_rejected_import_changes_nothing() {
    let tmp = tempfile::tempdir().expect("a temporary folder");
    let db = tmp.path().join("blog.db");
    ok(&db, &["import", arg(&fixture("generators"))]);
    let before = tmp.path().join("before");
    ok(&db, &["export", arg(&before)]);

    // A folder with a new article, a change to a stored one, a new
    // category, and one bad file.
    let incoming = tmp.path().join("incoming");
    std::fs::create_dir(&incoming).expect("creates a folder");
    let write = |name: &str, text: &str| {
        std::fs::write(incoming.join(name), text).expect("writes a file");
    };
    write(
        "new-article.md",
        "+++\ntitle = \"New\"\ndate = 2025-01-01\ncategories = [\"Brand New\"]\n+++\n\nNew.\n",
    );
    write(
        "async-rust.md",
        "+++\ntitle = \"Async Rust, Rewritten\"\ndate = 2024-03-05\n+++\n\nChanged.\n",
    );
    write(
        "broken.md",
        "---\ntitle: Broken\ndate: 2025-01-02\nseries_part: 0\nseries: S\n---\n\nText.\n",
    );
    let output: Output = blog(&db, &["import", arg(&incoming)]);
    assert_eq!(output.status.code(), Some(1), "{}", stdout(&output));
    assert_eq!(stdout(&output), "", "no report: nothing was imported");
    let err = stderr(&output);
    assert!(
        err.starts_with("error: nothing was imported: 1 of 3 files rejected\n"),
        "{err}"
    );
    let broken = format!(
        "{}:4: `series_part` must be",
        arg(&incoming.join("broken.md"))
    );
    assert!(err.contains(&broken), "{broken:?} missing from {err}");

    let after = tmp.path().join("after");
    ok(&db, &["export", arg(&after)]);
    assert_same_tree(&before, &after);
}
