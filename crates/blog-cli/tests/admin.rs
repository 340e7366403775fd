//! The administration commands: writing, publishing, renaming and deleting
//! articles, and managing categories and series. Output is pinned with insta
//! snapshots; each test also checks the state the commands left behind.

mod support;

use support::Blog;

/// A blog with categories `lang` > `rust` > `async` and `web`, and a series.
fn blog_with_taxonomies() -> Blog {
    let blog = Blog::new();
    blog.ok(&["category", "add", "Languages", "--slug", "lang"]);
    blog.ok(&["category", "add", "Rust", "--parent", "lang"]);
    blog.ok(&["category", "add", "Async", "--parent", "rust"]);
    blog.ok(&["category", "add", "Web"]);
    blog.ok(&["series", "add", "Building an engine", "--slug", "engine"]);
    blog
}

#[test]
fn an_article_from_draft_to_gone() {
    let blog = blog_with_taxonomies();
    insta::assert_snapshot!(
        "new",
        blog.ok(&[
            "new",
            "Hello, Async World",
            "--category",
            "async",
            "--tag",
            "Async Rust",
            "--tag",
            "async-rust",
            "--tag",
            "Tokio",
        ])
    );
    insta::assert_snapshot!("new_duplicate", blog.run(&["new", "Hello, Async World"]));
    insta::assert_snapshot!(
        "new_unknown_category",
        blog.run(&["new", "Other", "--category", "nope"])
    );
    insta::assert_snapshot!("list_new_draft", blog.ok(&["list"]));
    insta::assert_snapshot!(
        "show_json",
        blog.ok(&["show", "hello-async-world", "--json"])
    );

    insta::assert_snapshot!("publish", blog.ok(&["publish", "hello-async-world"]));
    let again = blog.ok(&["publish", "hello-async-world"]);
    assert!(again.contains("is already public, since [NOW]"), "{again}");
    assert!(
        blog.ok(&["list", "--status", "published"])
            .contains("hello-async-world")
    );

    insta::assert_snapshot!("unpublish", blog.ok(&["unpublish", "hello-async-world"]));
    assert!(
        blog.ok(&["list", "--status", "draft"])
            .contains("hello-async-world")
    );

    insta::assert_snapshot!(
        "schedule_past",
        blog.run(&[
            "schedule",
            "hello-async-world",
            "--at",
            "2001-01-01T00:00:00Z"
        ])
    );
    insta::assert_snapshot!(
        "schedule_bad_time",
        blog.run(&["schedule", "hello-async-world", "--at", "next tuesday"])
    );
    insta::assert_snapshot!(
        "schedule",
        blog.ok(&[
            "schedule",
            "hello-async-world",
            "--at",
            "2099-06-01T09:30:00+02:00"
        ])
    );
    insta::assert_snapshot!(
        "list_scheduled",
        blog.ok(&["list", "--status", "scheduled"])
    );

    insta::assert_snapshot!(
        "rename",
        blog.ok(&["rename", "hello-async-world", "hello-async"])
    );
    insta::assert_snapshot!(
        "rename_bad",
        blog.run(&["rename", "hello-async", "Bad Slug"])
    );
    blog.ok(&["new", "Taken"]);
    insta::assert_snapshot!(
        "rename_taken",
        blog.run(&["rename", "hello-async", "taken"])
    );
    let shown = blog.run(&["show", "hello-async-world"]);
    assert!(
        shown.starts_with("exit: 1\n") && shown.contains("no article has the slug"),
        "{shown}"
    );
    let json = blog.ok(&["show", "hello-async", "--json"]);
    assert!(
        json.contains("\"previous_slugs\": [\n    \"hello-async-world\"\n  ]"),
        "{json}"
    );

    // Without a terminal to ask on, nothing is deleted without --yes.
    insta::assert_snapshot!("delete_unconfirmed", blog.run(&["delete", "hello-async"]));
    assert!(blog.ok(&["list"]).contains("hello-async"));
    insta::assert_snapshot!("delete", blog.ok(&["delete", "hello-async", "--yes"]));
    assert!(!blog.ok(&["list"]).contains("hello-async"));
    insta::assert_snapshot!(
        "delete_unknown",
        blog.run(&["delete", "hello-async", "--yes"])
    );
}

#[test]
fn list_filters_sorts_and_prints_json() {
    let blog = blog_with_taxonomies();
    let publish = |title: &str, args: &[&str]| {
        let mut all = vec!["new", title];
        all.extend_from_slice(args);
        blog.ok(&all);
        let slug = title.to_lowercase().replace(' ', "-");
        blog.ok(&["schedule", &slug, "--at", "2099-01-01T00:00:00Z"]);
    };
    publish("Zebra Crossing", &["--category", "web", "--tag", "Design"]);
    publish(
        "Async Traits",
        &["--category", "async", "--series", "engine", "--part", "2"],
    );
    publish(
        "Borrowing",
        &[
            "--category",
            "rust",
            "--tag",
            "design",
            "--series",
            "engine",
        ],
    );
    // The tag is found by name or slug; a category covers those below it.
    insta::assert_snapshot!("list_tag", blog.ok(&["list", "--tag", "Design"]));
    insta::assert_snapshot!(
        "list_parent_category",
        blog.ok(&["list", "--category", "lang"])
    );
    insta::assert_snapshot!("list_series", blog.ok(&["list", "--series", "engine"]));
    insta::assert_snapshot!(
        "list_by_title_reversed",
        blog.ok(&["list", "--sort", "title", "--reverse"])
    );
    insta::assert_snapshot!(
        "list_json",
        blog.ok(&["list", "--category", "rust", "--json"])
    );
    insta::assert_snapshot!(
        "list_unknown_series",
        blog.run(&["list", "--series", "nope"])
    );
    assert_eq!(
        blog.ok(&["list", "--tag", "nope", "--json"]),
        "exit: 0\n--- stdout\n[]\n--- stderr\n",
        "an empty list is an empty JSON array"
    );
}

#[test]
fn categories_form_a_tree() {
    let blog = blog_with_taxonomies();
    blog.ok(&["new", "Pinning", "--category", "async"]);
    blog.ok(&["publish", "pinning"]);
    insta::assert_snapshot!("category_tree", blog.ok(&["category", "list"]));
    insta::assert_snapshot!(
        "category_rename",
        blog.ok(&["category", "rename", "lang", "Programming Languages"])
    );
    insta::assert_snapshot!(
        "category_describe",
        blog.ok(&["category", "describe", "web", "Servers and *browsers*."])
    );
    insta::assert_snapshot!(
        "category_move_cycle",
        blog.run(&["category", "move", "lang", "async"])
    );
    insta::assert_snapshot!(
        "category_move_unknown",
        blog.run(&["category", "move", "async", "nope"])
    );
    insta::assert_snapshot!(
        "category_move_root",
        blog.ok(&["category", "move", "async", "--root"])
    );
    insta::assert_snapshot!(
        "category_move",
        blog.ok(&["category", "move", "web", "lang"])
    );
    insta::assert_snapshot!(
        "category_delete",
        blog.ok(&["category", "delete", "lang", "--yes"])
    );
    insta::assert_snapshot!(
        "category_list_json",
        blog.ok(&["category", "list", "--json"])
    );
    let pinning = blog.ok(&["show", "pinning", "--json"]);
    assert!(
        pinning.contains("\"categories\": [\n    \"async\"\n  ]"),
        "{pinning}"
    );
}

#[test]
fn series_are_managed_and_shown_in_order() {
    let blog = blog_with_taxonomies();
    insta::assert_snapshot!(
        "series_add_duplicate",
        blog.run(&["series", "add", "Anything", "--slug", "engine"])
    );
    for (title, part) in [
        ("Third Step", "3"),
        ("First Step", "1"),
        ("Second Step", "2"),
    ] {
        blog.ok(&["new", title, "--series", "engine", "--part", part]);
    }
    blog.ok(&["publish", "first-step"]);
    insta::assert_snapshot!("series_show", blog.ok(&["series", "show", "engine"]));
    insta::assert_snapshot!(
        "series_show_json",
        blog.ok(&["series", "show", "engine", "--json"])
    );
    insta::assert_snapshot!(
        "series_rename",
        blog.ok(&["series", "rename", "engine", "Writing an engine"])
    );
    blog.ok(&["series", "describe", "engine", "Three steps."]);
    insta::assert_snapshot!("series_list", blog.ok(&["series", "list"]));
    insta::assert_snapshot!("series_list_json", blog.ok(&["series", "list", "--json"]));
    insta::assert_snapshot!(
        "series_delete",
        blog.ok(&["series", "delete", "engine", "--yes"])
    );
    let step = blog.ok(&["show", "second-step", "--json"]);
    assert!(step.contains("\"series\": null"), "{step}");
    insta::assert_snapshot!(
        "series_show_unknown",
        blog.run(&["series", "show", "engine"])
    );
}

#[test]
fn completions_cover_every_command() {
    let blog = Blog::new();
    for shell in ["bash", "zsh", "fish"] {
        let script = blog.ok(&["completions", shell]);
        for command in [
            "publish", "schedule", "rename", "export", "series", "category",
        ] {
            assert!(script.contains(command), "{shell} lacks {command}");
        }
    }
}

#[test]
fn every_command_explains_itself_with_an_example() {
    let blog = Blog::new();
    let commands: &[&[&str]] = &[
        &["new"],
        &["edit"],
        &["publish"],
        &["unpublish"],
        &["schedule"],
        &["rename"],
        &["delete"],
        &["list"],
        &["show"],
        &["import"],
        &["export"],
        &["completions"],
        &["category", "add"],
        &["category", "rename"],
        &["category", "describe"],
        &["category", "move"],
        &["category", "delete"],
        &["category", "list"],
        &["series", "add"],
        &["series", "rename"],
        &["series", "describe"],
        &["series", "delete"],
        &["series", "list"],
        &["series", "show"],
    ];
    for command in commands {
        let mut args = command.to_vec();
        args.push("--help");
        let help = blog.ok(&args);
        assert!(help.contains("Example: blog "), "{command:?}:\n{help}");
    }
    insta::assert_snapshot!("help_schedule", blog.ok(&["schedule", "--help"]));
    insta::assert_snapshot!(
        "help_category_move",
        blog.ok(&["category", "move", "--help"])
    );
}
