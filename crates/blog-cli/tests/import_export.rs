//! `blog import` and `blog export` on realistic folders, pinned with insta
//! snapshots: what they print, how they exit, and what they leave behind.
//!
//! `tests/fixtures/generators` holds Zola, Hugo and Jekyll files using every
//! front-matter form the importer reads (BOM, CRLF, no front matter,
//! template shortcodes, aliases, series with parts, tags as a list and as a
//! string, expiry, lastmod), plus a `_categories.toml`.

mod support;

use support::{Blog, fixture};

#[test]
fn import_then_export_the_generators_folder() {
    let blog = Blog::new();
    insta::assert_snapshot!(
        "generators_import",
        blog.ok(&["import", &fixture("generators")])
    );
    let export = blog.path("export");
    insta::assert_snapshot!("generators_export", blog.ok(&["export", &export]));
    let mut files: Vec<String> = std::fs::read_dir(&export)
        .expect("the export folder exists")
        .map(|e| e.expect("reads").file_name().to_string_lossy().into_owned())
        .collect();
    files.sort();
    insta::assert_snapshot!("generators_export_files", files.join("\n"));
    // Exporting again into the same folder is fine, and changes nothing.
    let again = blog.ok(&["export", &export]);
    assert!(again.contains("exported 8 articles"), "{again}");
}

/// Every field an article has must read back from the store as the file
/// gave it, or the re-import would count it as updated.
#[test]
fn reimporting_the_generators_folder_changes_nothing() {
    let blog = Blog::new();
    blog.ok(&["import", &fixture("generators")]);
    let before = blog.ok(&["list", "--json"]);
    insta::assert_snapshot!(
        "generators_reimport",
        blog.ok(&["import", &fixture("generators")])
    );
    // Not even the update times moved.
    assert_eq!(blog.ok(&["list", "--json"]), before);
}

#[test]
fn a_dry_run_reports_and_stores_nothing() {
    let blog = Blog::new();
    insta::assert_snapshot!(
        "generators_dry_run",
        blog.ok(&["import", "--dry-run", &fixture("generators")])
    );
    let list = blog.ok(&["list"]);
    assert!(list.contains("no articles"), "{list}");
    let export = blog.ok(&["export", &blog.path("export")]);
    assert!(
        export.contains("exported 0 articles, 0 categories, 0 series"),
        "no category or series either: {export}"
    );
}

#[test]
fn keep_going_stores_the_valid_files_and_still_fails() {
    let blog = Blog::new();
    let out = blog.run(&["import", "--keep-going", &fixture("bad")]);
    assert!(out.starts_with("exit: 1\n"), "{out}");
    insta::assert_snapshot!("keep_going", out);
    let list = blog.ok(&["list"]);
    assert!(list.contains("Error Handling with thiserror"), "{list}");
    assert!(
        !list.contains("Bad Date") && !list.contains("Latin-1"),
        "only the valid file: {list}"
    );
}

#[test]
fn export_refuses_a_folder_it_did_not_write() {
    let blog = Blog::new();
    blog.ok(&["import", &fixture("site")]);
    let notes = blog.dir().join("notes");
    std::fs::create_dir(&notes).expect("creates a folder");
    std::fs::write(notes.join("todo.txt"), "buy milk").expect("writes");
    std::fs::write(notes.join("draft.md"), "# Mine").expect("writes");
    insta::assert_snapshot!("export_refused", blog.run(&["export", &blog.path("notes")]));
    let mut left: Vec<String> = std::fs::read_dir(&notes)
        .expect("reads")
        .map(|e| e.expect("reads").file_name().to_string_lossy().into_owned())
        .collect();
    left.sort();
    assert_eq!(left, ["draft.md", "todo.txt"], "nothing written or removed");
}
