//! `blog import` of the forms found at the edges of Zola, Hugo and Jekyll
//! sites, pinned with insta snapshots.
//!
//! `tests/fixtures/edge-sources` holds a Jekyll `_drafts/` file without a
//! date, a post with `published: false`, a Hugo post whose `publishDate` is
//! still to come, Jekyll's singular `category`, Zola's `YYYY-MM-DD_` file
//! name, and a post with both a `summary` and a `description`.
//! `tests/fixtures/leap-second` holds times the store cannot keep.

mod support;

use support::{Blog, fixture};

#[test]
fn edge_sources_import_as_their_generators_mean() {
    let blog = Blog::new();
    insta::assert_snapshot!(
        "edge_import",
        blog.ok(&["import", &fixture("edge-sources")])
    );
    // The draft folder and `published: false` make drafts; a publication
    // still to come is scheduled.
    insta::assert_snapshot!("edge_list", blog.ok(&["list"]));
    // `published: false` is read, not kept as an extra field.
    insta::assert_snapshot!("edge_show_unpublished", blog.ok(&["show", "not-for-now"]));
    // `date` beside `publishDate` is the creation time.
    insta::assert_snapshot!(
        "edge_show_scheduled",
        blog.ok(&["show", "scheduled-launch"])
    );
    insta::assert_snapshot!(
        "edge_list_category",
        blog.ok(&["list", "--category", "web-development"])
    );
    insta::assert_snapshot!(
        "edge_reimport_changes_nothing",
        blog.ok(&["import", &fixture("edge-sources")])
    );
}

#[test]
fn an_export_keeps_summary_and_description() {
    let blog = Blog::new();
    blog.ok(&["import", &fixture("edge-sources")]);
    let export = blog.path("export");
    blog.ok(&["export", &export]);
    let file = std::fs::read_to_string(blog.dir().join("export/described.md"))
        .expect("the export holds the article");
    // Imported without them, the article was created and updated "now".
    insta::with_settings!({filters => vec![(r"(?m)^(created|updated) = .*$", "$1 = [NOW]")]}, {
        insta::assert_snapshot!("edge_export_described", file);
    });

    // And an import of the export reads both back.
    let copy = Blog::new();
    copy.ok(&["import", &export]);
    let shown = copy.ok(&["show", "described"]);
    assert!(
        shown.contains("summary = \"The card's summary.\"")
            && shown.contains("description = \"The page's meta description.\""),
        "{shown}"
    );
}

#[test]
fn a_leap_second_is_refused_with_its_file_and_line() {
    let blog = Blog::new();
    let out = blog.run(&["import", &fixture("leap-second")]);
    assert!(out.starts_with("exit: 1\n"), "{out}");
    insta::assert_snapshot!("leap_second", out);
    assert!(blog.ok(&["list"]).contains("no articles"));
}
