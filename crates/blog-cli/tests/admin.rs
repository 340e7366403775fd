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
    let far = blog.run(&[
        "schedule",
        "hello-async-world",
        "--at",
        "2201-01-01T00:00:00Z",
    ]);
    assert!(
        far.contains("dates from 1900 to 2200 are accepted"),
        "the importer's range, so that an export imports again: {far}"
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
        blog.ok(&["list", "--status", "public"]),
        blog.ok(&["list", "--status", "published"]),
        "the state is spelled as `list` shows it, too"
    );
    let no_slug = blog.run(&["new", "+++"]);
    assert!(
        no_slug.contains("error: cannot make a slug from \"+++\": ") && no_slug.contains("--slug"),
        "{no_slug}"
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
        &["backup"],
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

/// An "editor" for tests: a script that runs `commands` on the file it is
/// given as `$1`.
fn editor_script(blog: &Blog, name: &str, commands: &str) -> String {
    let path = blog.path(name);
    std::fs::write(&path, format!("#!/bin/sh\nset -e\n{commands}\n")).expect("writes");
    let mut permissions = std::fs::metadata(&path).expect("exists").permissions();
    std::os::unix::fs::PermissionsExt::set_mode(&mut permissions, 0o755);
    std::fs::set_permissions(&path, permissions).expect("executable");
    path
}

#[test]
fn new_and_edit_in_the_editor() {
    let blog = blog_with_taxonomies();
    let tmp = blog.path("");
    let write = editor_script(
        &blog,
        "write.sh",
        r#"sed -i 's/^title = .*/title = "Written in an editor"/' "$1"
printf 'categories = ["web"]\n' > "$1.extra"
sed -i '/^draft = true$/r '"$1.extra" "$1"
printf 'The text, written.\n' >> "$1""#,
    );
    let env = |editor: &str| [("EDITOR", editor.to_owned()), ("TMPDIR", tmp.clone())];
    let with = |editor: &str, args: &[&str]| {
        let env = env(editor);
        let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
        blog.run_with(args, &env)
    };
    insta::assert_snapshot!("new_in_editor", with(&write, &["new", "Draft Title"]));
    insta::assert_snapshot!("show_after_editor", blog.ok(&["show", "draft-title"]));

    let unchanged = with("true", &["edit", "draft-title"]);
    assert!(
        unchanged.contains("no change to 'draft-title'"),
        "{unchanged}"
    );

    let rename = editor_script(
        &blog,
        "rename.sh",
        r#"sed -i 's/^slug = .*/slug = "final-title"/' "$1""#,
    );
    insta::assert_snapshot!("edit_rename", with(&rename, &["edit", "draft-title"]));
    let json = blog.ok(&["show", "final-title", "--json"]);
    assert!(
        json.contains("\"previous_slugs\": [\n    \"draft-title\"\n  ]"),
        "{json}"
    );

    // A file that no longer parses: nothing stored, the text kept.
    let breaks = editor_script(
        &blog,
        "break.sh",
        r#"sed -i 's/^title = .*/title = /' "$1"; printf 'Precious words.\n' >> "$1""#,
    );
    let before = blog.ok(&["show", "final-title"]);
    let failed = with(&breaks, &["edit", "final-title"]);
    assert!(failed.starts_with("exit: 1\n"), "{failed}");
    assert!(failed.contains(":2: invalid TOML front matter"), "{failed}");
    let kept = failed
        .lines()
        .find_map(|l| l.strip_prefix("nothing was stored; your text is kept in [TMP]"))
        .unwrap_or_else(|| panic!("names the kept file: {failed}"));
    let kept = blog.path(kept.trim_start_matches('/'));
    let mode = std::os::unix::fs::PermissionsExt::mode(
        &std::fs::metadata(&kept).expect("kept").permissions(),
    );
    assert_eq!(mode & 0o777, 0o600, "a draft is private to its writer");
    let kept = std::fs::read_to_string(kept).expect("kept");
    assert!(kept.contains("Precious words."), "{kept}");
    assert_eq!(blog.ok(&["show", "final-title"]), before, "nothing stored");

    let fails = with("false", &["edit", "final-title"]);
    assert!(fails.contains("the editor \"false\" failed"), "{fails}");
    insta::assert_snapshot!("edit_without_editor", blog.run(&["edit", "final-title"]));
}

#[test]
fn the_editor_never_overwrites_another_article() {
    let blog = blog_with_taxonomies();
    let tmp = blog.path("");
    let run = |editor: &str, args: &[&str]| {
        blog.run_with(args, &[("EDITOR", editor), ("TMPDIR", tmp.as_str())])
    };
    // A new article may take the old slug of a renamed one; the renamed
    // article keeps its text.
    blog.ok(&["new", "Intro"]);
    blog.ok(&["rename", "intro", "introduction-to-rust"]);
    let retitle = editor_script(
        &blog,
        "retitle.sh",
        r#"sed -i 's/^title = .*/title = "Brand new post"/' "$1""#,
    );
    let out = run(&retitle, &["new", "Intro"]);
    assert!(out.starts_with("exit: 0\n"), "{out}");
    assert!(
        blog.ok(&["show", "intro"])
            .contains("title = \"Brand new post\"")
    );
    assert!(
        blog.ok(&["show", "introduction-to-rust"])
            .contains("title = \"Intro\"")
    );

    // Editing a slug into another article's old slug renames the edited
    // article only.
    blog.ok(&["new", "Article C", "--slug", "old"]);
    blog.ok(&["rename", "old", "c"]);
    blog.ok(&["new", "Article X", "--slug", "x"]);
    let to_old = editor_script(
        &blog,
        "to-old.sh",
        r#"sed -i 's/^slug = .*/slug = "old"/; s/^title = .*/title = "Article X edited"/' "$1""#,
    );
    let out = run(&to_old, &["edit", "x"]);
    assert!(out.contains("saved 'old', renamed from 'x'"), "{out}");
    assert!(blog.ok(&["show", "c"]).contains("title = \"Article C\""));
    assert!(
        blog.ok(&["show", "old"])
            .contains("title = \"Article X edited\"")
    );
}

#[test]
fn an_edit_never_undoes_a_change_made_meanwhile() {
    let blog = blog_with_taxonomies();
    blog.ok(&["new", "Racing"]);
    // The "editor" publishes the article from another process, then edits.
    let script = editor_script(
        &blog,
        "race.sh",
        &format!(
            "BLOG_DB='{}' '{}' publish racing >/dev/null\nprintf 'My edit.\\n' >> \"$1\"",
            blog.path("blog.db"),
            env!("CARGO_BIN_EXE_blog")
        ),
    );
    let tmp = blog.path("");
    let out = blog.run_with(
        &["edit", "racing"],
        &[("EDITOR", &script), ("TMPDIR", &tmp)],
    );
    assert!(out.starts_with("exit: 1\n"), "{out}");
    assert!(
        out.contains("'racing' changed while you were editing it"),
        "{out}"
    );
    assert!(
        out.contains("nothing was stored; your text is kept in [TMP]"),
        "{out}"
    );
    assert!(
        blog.ok(&["list", "--status", "published"])
            .contains("racing"),
        "the publication stands"
    );
}
