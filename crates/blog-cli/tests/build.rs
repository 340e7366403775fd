//! `blog build`'s output, pinned with insta snapshots: its help, its
//! summary (times masked), and its refusals.

mod support;

use support::{Blog, fixture};

/// `blog build` with the summary's time masked.
fn masked(text: &str) -> String {
    let mut out = String::new();
    for line in text.lines() {
        match (line.find(" in "), line.find("s: ")) {
            (Some(start), Some(end)) if line.starts_with("built ") && start < end => {
                out.push_str(&line[..start]);
                out.push_str(" in [TIME]");
                out.push_str(&line[end + 1..]);
            }
            _ => out.push_str(line),
        }
        out.push('\n');
    }
    out
}

#[test]
fn help() {
    let blog = Blog::new();
    insta::assert_snapshot!("help_build", blog.ok(&["build", "--help"]));
}

#[test]
fn build_then_build_again() {
    let blog = Blog::new();
    blog.ok(&["import", &fixture("site")]);
    // A scheduled article: the summary says when to build again.
    blog.ok(&["new", "Later"]);
    blog.ok(&["schedule", "later", "--at", "2099-01-01T09:00:00Z"]);
    let out = blog.path("public");
    let base = ["--base-url", "https://blog.example"];
    let build = |extra: &[&str]| {
        let mut args = vec!["build", out.as_str()];
        args.extend_from_slice(&base);
        args.extend_from_slice(extra);
        masked(&blog.ok(&args))
    };
    insta::assert_snapshot!("build_first", build(&[]));
    insta::assert_snapshot!("build_again", build(&[]));
    // Another title changes every page, and no asset.
    insta::assert_snapshot!("build_retitled", build(&["--title", "Renamed"]));
    // A stray file is removed.
    std::fs::write(blog.dir().join("public/stray.txt"), "stray").expect("writes");
    insta::assert_snapshot!("build_stray", build(&["--title", "Renamed"]));
}

#[test]
fn refusals() {
    let blog = Blog::new();
    blog.ok(&["import", &fixture("site")]);
    let out = blog.path("public");
    insta::assert_snapshot!("build_no_base_url", blog.run(&["build", &out]));
    insta::assert_snapshot!(
        "build_bad_per_page",
        blog.run(&[
            "build",
            &out,
            "--base-url",
            "https://x.example",
            "--per-page",
            "0"
        ])
    );
    let config = blog.path("site.toml");
    std::fs::write(&config, "title = \"T\"\nport = 8080\n").expect("writes");
    insta::assert_snapshot!(
        "build_unknown_key",
        blog.run(&["build", &out, "--config", &config])
    );
    insta::assert_snapshot!(
        "build_missing_config",
        blog.run(&["build", &out, "--config", &blog.path("missing.toml")])
    );
    // Into the folder that holds the database.
    insta::assert_snapshot!(
        "build_into_a_folder_of_other_files",
        blog.run(&["build", &blog.path(""), "--base-url", "https://x.example"])
    );
    assert!(!blog.dir().join("public").exists());
}

#[test]
fn a_missing_database_is_not_created() {
    let blog = Blog::new();
    insta::assert_snapshot!(
        "build_missing_database",
        blog.run(&[
            "build",
            &blog.path("public"),
            "--base-url",
            "https://x.example"
        ])
    );
    assert!(!blog.dir().join("blog.db").exists());
}
