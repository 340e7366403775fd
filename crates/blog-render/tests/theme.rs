//! Themes: a folder's templates and assets replace or add to the built-in
//! ones, and a broken theme is refused when it is loaded, naming the file,
//! template and line at fault.

use std::fs;
use std::path::Path;

use blog_core::urls::{FeedFormat, FeedOf};
use blog_core::{
    Article, ArticleView, BaseUrl, FeedView, ListingView, Markdown, NotFoundView, Page, PageNumber,
    PerPage, RenderError, Renderer, Site, Slug, Title, View,
};
use blog_render::{HtmlRenderer, Theme, ThemeError};
use chrono::{TimeZone, Utc};
use tempfile::TempDir;

fn site() -> Site {
    Site {
        title: "Ferrous & Notes".to_owned(),
        description: "A blog.".to_owned(),
        base_url: BaseUrl::parse("https://example.org").expect("valid URL"),
    }
}

/// A theme folder holding `files`, by path below it.
fn folder(files: &[(&str, &[u8])]) -> TempDir {
    let dir = tempfile::tempdir().expect("a temporary folder");
    for (path, bytes) in files {
        let path = dir.path().join(path);
        fs::create_dir_all(path.parent().expect("below the folder")).expect("mkdir");
        fs::write(path, bytes).expect("write");
    }
    dir
}

fn load(dir: &Path) -> Theme {
    Theme::load(dir).expect("the theme loads")
}

fn themed(files: &[(&str, &[u8])]) -> Result<HtmlRenderer, RenderError> {
    let dir = folder(files);
    HtmlRenderer::with_theme(site(), &load(dir.path()))
}

fn article() -> Article {
    let published = Utc
        .with_ymd_and_hms(2025, 1, 31, 12, 0, 0)
        .single()
        .expect("valid date");
    Article::new(
        Slug::parse("hello").expect("valid slug"),
        Title::parse("Hello <World> & \"friends\"").expect("valid title"),
        Markdown::new("Some *text*."),
        published,
    )
}

fn article_page(renderer: &HtmlRenderer) -> String {
    let article = article();
    renderer
        .render(&View::Article(ArticleView {
            article: &article,
            categories: &[],
            series: None,
            related: &[],
            neighbours: blog_core::Neighbours::default(),
        }))
        .expect("the page renders")
        .into_string()
}

fn site_feed(renderer: &HtmlRenderer, format: FeedFormat) -> String {
    renderer
        .feed(
            &FeedView {
                of: FeedOf::Site,
                title: "Ferrous & Notes",
                articles: &[article()],
                categories: &[],
            },
            format,
        )
        .expect("the feed renders")
}

/// The fingerprinted path of the asset served at `plain`: the one path
/// served as immutable with its bytes, its stem and its extension.
fn fingerprinted(renderer: &HtmlRenderer, plain: &str) -> String {
    let body = renderer.asset(plain).expect("served").body;
    let (stem, extension) = plain.rsplit_once('.').expect("an extension");
    let found: Vec<&str> = renderer
        .assets()
        .filter(|(path, asset)| {
            asset.immutable
                && asset.body == body
                && path.starts_with(&format!("{stem}."))
                && path.ends_with(&format!(".{extension}"))
        })
        .map(|(path, _)| path)
        .collect();
    assert_eq!(found.len(), 1, "{plain}: {found:?}");
    found[0].to_owned()
}

/// `(name, line)` of a template error, and its message.
fn template_error(result: Result<HtmlRenderer, RenderError>) -> (String, Option<usize>, String) {
    match result {
        Ok(_) => panic!("the theme was accepted"),
        Err(err) => {
            let message = err.to_string();
            let RenderError::Template { name, line, .. } = err else {
                panic!("not a template error: {err}");
            };
            (name, line, message)
        }
    }
}

const ARTICLE: &str = "{% extends \"base.html\" %}\n{% block content %}\n\
    <p class=\"themed\">{{ page.title }}</p>\n{% include \"byline.html\" %}\n{% endblock %}\n";

#[test]
fn an_overridden_page_shows_and_can_include_a_partial_of_its_own() {
    let renderer = themed(&[
        ("templates/article.html", ARTICLE.as_bytes()),
        (
            "templates/byline.html",
            b"<p class=\"byline\">by {{ site.title }}</p>\n",
        ),
    ])
    .expect("the theme is accepted");
    let page = article_page(&renderer);
    assert!(
        page.contains("<p class=\"themed\">Hello &lt;World&gt; &amp; &quot;friends&quot;</p>"),
        "{page}"
    );
    assert!(
        page.contains("<p class=\"byline\">by Ferrous &amp; Notes</p>"),
        "{page}"
    );
    // The built-in base template is still used around it.
    let stylesheet = fingerprinted(&renderer, "/assets/style.css");
    assert!(page.contains(&format!("<link rel=\"stylesheet\" href=\"{stylesheet}\">")));
}

#[test]
fn a_text_partial_in_a_page_escapes_for_html_too() {
    // Only robots.txt prints unescaped: a partial named `.txt` included in
    // a page might print what a reader typed.
    let renderer = themed(&[
        (
            "templates/article.html",
            b"{% extends \"base.html\" %}{% block content %}{% include \"title.txt\" %}{% endblock %}",
        ),
        ("templates/title.txt", b"[{{ page.title }}]"),
    ])
    .expect("the theme is accepted");
    let page = article_page(&renderer);
    assert!(
        page.contains("[Hello &lt;World&gt; &amp; &quot;friends&quot;]"),
        "{page}"
    );
}

#[test]
fn overridden_and_added_assets_are_served() {
    let renderer = themed(&[
        ("assets/style.css", b"body { color: red }"),
        ("assets/logo.svg", b"<svg/>"),
        ("assets/font.woff2", &[0, 159, 146, 150]),
    ])
    .expect("the theme is accepted");
    let css = renderer.asset("/assets/style.css").expect("served");
    assert_eq!(&*css.body, b"body { color: red }");
    assert_eq!(css.content_type, "text/css; charset=utf-8");
    let svg = renderer.asset("/assets/logo.svg").expect("served");
    assert_eq!(svg.content_type, "image/svg+xml");
    let font = renderer.asset("/assets/font.woff2").expect("served");
    assert_eq!(
        (font.content_type, &*font.body),
        ("font/woff2", &[0, 159, 146, 150][..])
    );
    // A built-in asset the theme leaves alone stays.
    assert!(renderer.asset("/assets/highlight.css").is_some());
    assert!(renderer.asset("/assets/missing.css").is_none());
    // Each is served at its plain path and at its fingerprinted one too.
    let paths: Vec<&str> = renderer.assets().map(|(path, _)| path).collect();
    assert_eq!(paths.len(), 10, "{paths:?}");
    for plain in [
        "/assets/style.css",
        "/assets/logo.svg",
        "/assets/font.woff2",
        "/assets/highlight.css",
        "/assets/search.js",
    ] {
        assert!(paths.contains(&plain), "{plain}");
        assert!(!renderer.asset(plain).expect("served").immutable, "{plain}");
        let path = fingerprinted(&renderer, plain);
        assert!(paths.contains(&path.as_str()), "{path}");
    }
}

#[test]
fn pages_link_the_stylesheet_a_theme_overrides_by_its_bytes() {
    let built_in = HtmlRenderer::new(site()).expect("built-ins load");
    let renderer = themed(&[("assets/style.css", b"body { color: red }")]).expect("accepted");
    let theirs = fingerprinted(&renderer, "/assets/style.css");
    let ours = fingerprinted(&built_in, "/assets/style.css");
    assert_ne!(theirs, ours);
    let page = article_page(&renderer);
    assert!(
        page.contains(&format!("<link rel=\"stylesheet\" href=\"{theirs}\">")),
        "{page}"
    );
    assert!(!page.contains(&ours), "{page}");
    // The highlight stylesheet, left alone, keeps its name.
    assert_eq!(
        fingerprinted(&renderer, "/assets/highlight.css"),
        fingerprinted(&built_in, "/assets/highlight.css")
    );
}

#[test]
fn a_theme_template_links_assets_by_their_fingerprinted_paths() {
    let renderer = themed(&[
        ("assets/logo.svg", b"<svg/>"),
        (
            "templates/article.html",
            b"{% extends \"base.html\" %}\n{% block content %}\n\
              <img src=\"{{ asset_url(\"logo.svg\") }}\" alt=\"\">\n\
              <a href=\"{{ asset_url(\"highlight.css\") }}\">CSS</a>\n{% endblock %}\n",
        ),
    ])
    .expect("the theme is accepted");
    let page = article_page(&renderer);
    let logo = fingerprinted(&renderer, "/assets/logo.svg");
    assert!(logo.starts_with("/assets/logo."), "{logo}");
    assert!(
        page.contains(&format!("<img src=\"{logo}\" alt=\"\">")),
        "{page}"
    );
    let highlight = fingerprinted(&renderer, "/assets/highlight.css");
    assert!(
        page.contains(&format!("<a href=\"{highlight}\">CSS</a>")),
        "{page}"
    );
    let served = renderer.asset(&logo).expect("served");
    assert_eq!((&*served.body, served.immutable), (&b"<svg/>"[..], true));
}

#[test]
fn an_unknown_asset_is_caught_when_the_renderer_is_made() {
    let (name, line, message) = template_error(themed(&[
        ("assets/logo.svg", b"<svg/>"),
        (
            "templates/base.html",
            b"<!DOCTYPE html>\n<title>{{ site.title }}</title>\n\
              <link rel=\"icon\" href=\"{{ asset_url(\"logo.png\") }}\">\n",
        ),
    ]));
    assert_eq!((name.as_str(), line), ("base.html", Some(3)), "{message}");
    assert!(message.contains("asset_url"), "{message}");
    assert!(message.contains("\"logo.png\""), "{message}");
}

#[test]
fn a_feed_template_can_be_overridden_and_escapes_for_xml() {
    let renderer = themed(&[(
        "templates/feed.atom.xml",
        b"<?xml version=\"1.0\"?>\n<feed><title>{{ feed.title }}</title></feed>\n",
    )])
    .expect("the theme is accepted");
    assert_eq!(
        site_feed(&renderer, FeedFormat::Atom),
        // minijinja drops the template's last newline.
        "<?xml version=\"1.0\"?>\n<feed><title>Ferrous &amp; Notes</title></feed>"
    );
}

#[test]
fn a_syntax_error_names_the_template_and_line() {
    let (name, line, message) = template_error(themed(&[(
        "templates/base.html",
        b"<html>\n<body>\n{{ oops(</body>\n",
    )]));
    assert_eq!((name.as_str(), line), ("base.html", Some(3)), "{message}");
    assert!(message.contains("syntax error"), "{message}");
}

#[test]
fn an_undefined_variable_is_caught_when_the_renderer_is_made() {
    let (name, line, message) = template_error(themed(&[(
        "templates/article.html",
        b"{% extends \"base.html\" %}\n{% block content %}\n{{ page.titel }}\n{% endblock %}\n",
    )]));
    assert_eq!(
        (name.as_str(), line),
        ("article.html", Some(3)),
        "{message}"
    );
    assert!(message.contains("undefined"), "{message}");
}

#[test]
fn an_undefined_variable_in_a_partial_or_a_feed_is_caught_too() {
    let (name, line, message) = template_error(themed(&[
        ("templates/article.html", ARTICLE.as_bytes()),
        ("templates/byline.html", b"<p>\nby {{ author.name }}</p>\n"),
    ]));
    assert_eq!((name.as_str(), line), ("byline.html", Some(2)), "{message}");
    let (name, line, message) = template_error(themed(&[(
        "templates/feed.rss.xml",
        b"<rss>\n{% for entry in feed.entries %}{{ entry.pubdate }}{% endfor %}\n</rss>\n",
    )]));
    assert_eq!(
        (name.as_str(), line),
        ("feed.rss.xml", Some(2)),
        "{message}"
    );
}

/// The message of `Theme::load`'s error for `files`.
fn load_error(files: &[(&str, &[u8])]) -> (ThemeError, String) {
    let dir = folder(files);
    let err = Theme::load(dir.path()).expect_err("the theme is refused");
    let message = err.to_string();
    (err, message)
}

#[test]
fn a_missing_folder_is_an_error_naming_it() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let missing = dir.path().join("no-such-theme");
    let err = Theme::load(&missing).expect_err("refused");
    assert!(matches!(err, ThemeError::Folder { .. }), "{err:?}");
    assert!(err.to_string().contains("no-such-theme"), "{err}");
}

#[test]
fn a_template_that_is_not_utf8_is_an_error_naming_it() {
    let (err, message) = load_error(&[("templates/article.html", b"caf\xe9")]);
    assert!(matches!(err, ThemeError::NotUtf8 { .. }), "{err:?}");
    assert!(message.contains("templates/article.html"), "{message}");
}

#[cfg(unix)]
#[test]
fn an_unreadable_file_is_an_error_naming_it() {
    // A link to nothing: unreadable even by root, who can read any mode.
    let dir = folder(&[("templates/base.html", b"")]);
    std::os::unix::fs::symlink(
        dir.path().join("nowhere.html"),
        dir.path().join("templates/article.html"),
    )
    .expect("symlink");
    let err = Theme::load(dir.path()).expect_err("refused");
    assert!(matches!(err, ThemeError::Read { .. }), "{err:?}");
    assert!(err.to_string().contains("templates/article.html"), "{err}");
}

#[test]
fn odd_names_are_errors_naming_the_file() {
    let check = |path: &str, named: &str| {
        let (err, message) = load_error(&[(path, b"x")]);
        assert!(
            matches!(err, ThemeError::Unexpected { .. }),
            "{path}: {err:?}"
        );
        assert!(message.contains(named), "{path}: {message}");
    };
    check("templates/article.jinja", "templates/article.jinja");
    check("templates/my page.html", "templates/my page.html");
    check("templates/partials/a.html", "templates/partials");
    check("assets/my_logo.png", "assets/my_logo.png");
    check("assets/img/a.png", "assets/img");
    check("template/article.html", "template");
}

#[test]
fn hidden_files_and_files_beside_the_folders_are_skipped() {
    let dir = folder(&[
        ("README.md", b"My theme."),
        (".git/HEAD", b"ref"),
        ("templates/.article.html.swp", b"\xff\xfe"),
        ("assets/.DS_Store", b"\0"),
    ]);
    let theme = load(dir.path());
    assert_eq!(theme.template_names().count(), 0);
    assert_eq!(theme.asset_names().count(), 0);
}

#[test]
fn a_theme_that_overrides_nothing_changes_nothing() {
    let dir = folder(&[("README.md", b"Nothing here.")]);
    let themed = HtmlRenderer::with_theme(site(), &load(dir.path())).expect("accepted");
    let built_in = HtmlRenderer::new(site()).expect("built-ins load");
    assert_eq!(article_page(&themed), article_page(&built_in));
    for format in [FeedFormat::Atom, FeedFormat::Rss, FeedFormat::Json] {
        assert_eq!(site_feed(&themed, format), site_feed(&built_in, format));
    }
    let not_found = View::NotFound(NotFoundView { path: "/x/" });
    assert_eq!(
        themed.render(&not_found).map(|h| h.into_string()),
        built_in.render(&not_found).map(|h| h.into_string())
    );
    for path in ["/assets/style.css", "/assets/highlight.css"] {
        assert_eq!(themed.asset(path), built_in.asset(path), "{path}");
    }
    assert_eq!(themed.robots(), built_in.robots());
}

#[test]
fn a_theme_only_changes_what_it_overrides() {
    let renderer = themed(&[
        ("templates/article.html", ARTICLE.as_bytes()),
        ("templates/byline.html", b""),
    ])
    .expect("accepted");
    let built_in = HtmlRenderer::new(site()).expect("built-ins load");
    let articles = Page::from_all(vec![article()], PageNumber::FIRST, PerPage::DEFAULT);
    let home = View::Home(ListingView {
        articles: &articles,
        categories: &[],
    });
    assert_eq!(
        renderer.render(&home).map(|h| h.into_string()),
        built_in.render(&home).map(|h| h.into_string())
    );
}
