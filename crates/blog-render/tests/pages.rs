//! Every page type rendered from fixed domain values, pinned by snapshots,
//! plus the properties every page must have whatever its snapshot says.

use blog_core::{
    Article, ArticleView, BaseUrl, CategoriesView, Category, CategoryView, ListingView, Markdown,
    NotFoundView, Page, PageNumber, PartNumber, PerPage, Renderer, Series, SeriesMembership,
    SeriesOutline, Site, Slug, Tag, Title, View,
};
use blog_render::HtmlRenderer;
use chrono::{DateTime, TimeZone, Utc};

const HOSTILE: &str = r#"<script>alert("x")</script> & "quotes""#;

fn slug(s: &str) -> Slug {
    Slug::parse(s).expect("valid slug")
}

fn title(s: &str) -> Title {
    Title::parse(s).expect("valid title")
}

fn day(month: u32, day: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2025, month, day, 12, 0, 0)
        .single()
        .expect("valid date")
}

fn site() -> Site {
    Site {
        title: "Ferrous Notes".to_owned(),
        description: "Writing about Rust, the web and the tools we build with.".to_owned(),
        base_url: BaseUrl::parse("https://blog.example.org").expect("valid URL"),
    }
}

fn renderer() -> HtmlRenderer {
    HtmlRenderer::new(site()).expect("the built-in templates load")
}

/// A category with a parent.
fn nested(s: &str, name: &str, parent: &str, description: &str) -> Category {
    let mut c = Category::new(slug(s), title(name), Markdown::new(description));
    c.parent = Some(slug(parent));
    c
}

/// Every category, by name as stores list them: Languages > Rust > Async
/// Rust, and Tooling and Web at the top.
fn categories() -> Vec<Category> {
    vec![
        nested(
            "async",
            "Async Rust",
            "rust",
            "Futures, executors and `Pin`.",
        ),
        Category::new(
            slug("languages"),
            title("Languages"),
            Markdown::new("Programming languages."),
        ),
        nested(
            "rust",
            "Rust",
            "languages",
            "The language, its *idioms*, and the crates that make it productive.",
        ),
        Category::new(slug("tooling"), title("Tooling"), Markdown::default()),
        Category::new(
            slug("web"),
            title("Web"),
            Markdown::new("HTTP, servers & caching. <script>alert(1)</script>"),
        ),
    ]
}

/// The category `s` of [`categories`].
fn category(s: &str) -> Category {
    categories()
        .into_iter()
        .find(|c| c.slug.as_str() == s)
        .expect("a fixture category")
}

fn tags(names: &[&str]) -> Vec<Tag> {
    names
        .iter()
        .map(|n| Tag::parse(n).expect("valid tag"))
        .collect()
}

fn article(s: &str, t: &str, published: DateTime<Utc>, body: &str) -> Article {
    Article::new(slug(s), title(t), Markdown::new(body), published)
}

/// Several categories (one unknown), an excerpt summary with markup.
fn ownership() -> Article {
    let mut a = article(
        "ownership-explained",
        "Ownership, Explained",
        day(1, 31),
        "Moves and **borrows**, in `five` minutes.\n\n## Moves\n\nA value has one owner.",
    );
    a.categories = vec![slug("rust"), slug("web"), slug("retired")];
    a.tags = tags(&["Borrow Checker", "memory"]);
    a
}

/// A hostile title and given summary.
fn hostile() -> Article {
    let mut a = article("hostile", HOSTILE, day(1, 20), "Body.");
    a.summary = Some(HOSTILE.to_owned());
    a.categories = vec![slug("web")];
    a.tags = tags(&[HOSTILE]);
    a
}

fn series() -> Series {
    Series {
        slug: slug("engine"),
        title: title("Building an Engine"),
        description: Markdown::new(
            "One crate at a time, *from the domain up*. <script>alert(1)</script>",
        ),
    }
}

fn part(s: &str, t: &str, published: DateTime<Utc>, n: u32) -> Article {
    let mut a = article(
        s,
        t,
        published,
        "Parts of a series.\n\n## Storage\n\n| backend | file |\n|:--|:-:|\n| SQLite | yes |\n\n\
         - [x] trait\n- [ ] ~~globals~~\n\nA footnote.[^1]\n\n[^1]: Noted.\n\n\
         ```rust\nfn main() {}\n```\n\n<script>alert(1)</script>",
    );
    a.categories = vec![slug("rust")];
    a.series = Some(SeriesMembership {
        series: slug("engine"),
        part: PartNumber::new(n),
    });
    a
}

/// Three parts; the middle one has tags.
fn parts() -> [Article; 3] {
    let mut storage = part("engine-storage", "Engine #02: Storage", day(1, 8), 2);
    storage.tags = tags(&["SQLite", "Storage Engines"]);
    [
        part("engine-domain", "Engine #01: The Domain", day(1, 1), 1),
        storage,
        part("engine-serving", "Engine #03: Serving", day(1, 15), 3),
    ]
}

fn page(items: Vec<Article>, number: u32, per_page: u32, total: u64) -> Page<Article> {
    Page {
        items,
        number: PageNumber::new(number).expect("nonzero"),
        per_page: PerPage::new(per_page).expect("valid page size"),
        total,
    }
}

fn render(view: View<'_>) -> String {
    renderer()
        .render(&view)
        .expect("the page renders")
        .into_string()
}

fn home_first_of_two() -> String {
    let articles = page(vec![ownership(), hostile()], 1, 2, 3);
    let categories = categories();
    render(View::Home(ListingView {
        articles: &articles,
        categories: &categories,
    }))
}

fn home_empty() -> String {
    let articles = page(Vec::new(), 1, 10, 0);
    render(View::Home(ListingView {
        articles: &articles,
        categories: &[],
    }))
}

fn home_last_of_three() -> String {
    let articles = page(vec![ownership()], 3, 1, 3);
    let categories = categories();
    render(View::Home(ListingView {
        articles: &articles,
        categories: &categories,
    }))
}

fn article_in_series() -> String {
    let parts = parts();
    let outline = SeriesOutline::new(series(), &parts);
    let categories = categories();
    render(View::Article(ArticleView {
        article: &parts[1],
        categories: &categories,
        series: Some(&outline),
        related: &[],
        neighbours: blog_core::Neighbours::default(),
    }))
}

fn article_alone() -> String {
    let categories = categories();
    render(View::Article(ArticleView {
        article: &ownership(),
        categories: &categories,
        series: None,
        related: &[],
        neighbours: blog_core::Neighbours::default(),
    }))
}

fn hostile_article() -> String {
    let categories = categories();
    render(View::Article(ArticleView {
        article: &hostile(),
        categories: &categories,
        series: None,
        related: &[],
        neighbours: blog_core::Neighbours::default(),
    }))
}

fn categories_page() -> String {
    let counts: Vec<blog_core::CategoryStats> = categories()
        .into_iter()
        .map(|category| {
            let articles = match category.slug.as_str() {
                "async" => 1,
                "languages" => 4,
                "rust" => 3,
                "web" => 1,
                _ => 0,
            };
            blog_core::CategoryStats {
                category,
                ancestors: vec![],
                articles,
                latest: None,
            }
        })
        .collect();
    let counts = blog_core::Page::from_all(counts, PageNumber::FIRST, blog_core::PerPage::LARGEST);
    render(View::Categories(CategoriesView {
        categories: &counts,
        sort: blog_core::CategorySort::Name,
    }))
}

/// A top-level category without children, on its second page.
fn category_page() -> String {
    let categories = categories();
    let articles = page(vec![ownership(), hostile()], 2, 2, 5);
    render(View::Category(CategoryView {
        category: &category("web"),
        ancestors: &[],
        children: &[],
        listing: ListingView {
            articles: &articles,
            categories: &categories,
        },
    }))
}

/// A category between a parent and a child, listing its child's article too.
fn category_nested() -> String {
    let categories = categories();
    let mut async_part = parts()[2].clone();
    async_part.categories = vec![slug("async")];
    let articles = page(vec![ownership(), async_part], 1, 10, 2);
    render(View::Category(CategoryView {
        category: &category("rust"),
        ancestors: &[category("languages")],
        children: &[category("async")],
        listing: ListingView {
            articles: &articles,
            categories: &categories,
        },
    }))
}

fn not_found() -> String {
    render(View::NotFound(NotFoundView {
        path: "/no/<b>such</b>/page/?q=\"x\"&y=1",
    }))
}

fn series_page() -> String {
    let parts = parts();
    render(View::Series {
        outline: &SeriesOutline::new(series(), &parts),
    })
}

fn series_empty() -> String {
    render(View::Series {
        outline: &SeriesOutline::new(series(), &[]),
    })
}

fn gone() -> String {
    render(View::Gone {
        path: "/articles/<b>old</b>/",
    })
}

/// Every page, by snapshot name.
fn pages() -> Vec<(&'static str, String)> {
    vec![
        ("home_first_of_two", home_first_of_two()),
        ("home_empty", home_empty()),
        ("home_last_of_three", home_last_of_three()),
        ("article_in_series", article_in_series()),
        ("article_alone", article_alone()),
        ("article_hostile", hostile_article()),
        ("categories", categories_page()),
        ("category_second_page", category_page()),
        ("category_nested", category_nested()),
        ("not_found", not_found()),
        ("gone", gone()),
        ("series", series_page()),
        ("series_empty", series_empty()),
    ]
}

/// One snapshot test per page: `name => page`.
macro_rules! snapshots {
    ($($name:ident => $page:ident),* $(,)?) => {
        mod snapshot {
            $(
                #[test]
                fn $name() {
                    insta::assert_snapshot!(stringify!($name), super::$page());
                }
            )*
        }
    };
}

snapshots! {
    home_first_of_two => home_first_of_two,
    home_empty => home_empty,
    home_last_of_three => home_last_of_three,
    article_in_series => article_in_series,
    article_alone => article_alone,
    article_hostile => hostile_article,
    categories => categories_page,
    category_second_page => category_page,
    category_nested => category_nested,
    not_found => not_found,
    gone => gone,
    series => series_page,
}

/// Checks that the tags of `html` nest and close properly, and returns the
/// names of the elements in document order.
fn elements(html: &str) -> Vec<String> {
    const VOID: &[&str] = &["br", "hr", "img", "input", "link", "meta"];
    let mut open: Vec<String> = Vec::new();
    let mut seen = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        let end = rest[start..].find('>').expect("every tag is closed") + start;
        let tag = &rest[start + 1..end];
        rest = &rest[end + 1..];
        if tag.starts_with('!') {
            continue;
        }
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(char::is_ascii_alphanumeric)
            .collect();
        assert!(!name.is_empty(), "a tag without a name: <{tag}>");
        if tag.starts_with('/') {
            assert_eq!(
                open.pop().as_deref(),
                Some(name.as_str()),
                "</{name}> closes nothing open"
            );
        } else {
            seen.push(name.clone());
            if !VOID.contains(&name.as_str()) {
                open.push(name);
            }
        }
    }
    assert!(open.is_empty(), "left open: {open:?}");
    seen
}

#[test]
fn every_page_is_well_formed() {
    for (name, html) in pages() {
        assert!(
            html.starts_with("<!DOCTYPE html>\n<html lang=\"en\">"),
            "{name}"
        );
        assert!(
            html.ends_with("</html>\n") || html.ends_with("</html>"),
            "{name}"
        );
        let elements = elements(&html);
        let count = |element: &str| elements.iter().filter(|e| *e == element).count();
        assert_eq!(count("h1"), 1, "{name}: one <h1>");
        assert_eq!(count("main"), 1, "{name}: one <main>");
        assert_eq!(count("title"), 1, "{name}: one <title>");
        assert_eq!(html.matches("<main id=\"main\">").count(), 1, "{name}");
        assert!(
            html.contains("<a class=\"skip-link\" href=\"#main\">Skip to content</a>"),
            "{name}"
        );
        assert!(
            html.contains("<link rel=\"stylesheet\" href=\"/assets/style.css\">"),
            "{name}"
        );
        assert!(
            !html.to_ascii_lowercase().contains("<script"),
            "{name}: a script"
        );
        assert!(!html.contains("&#x2f;"), "{name}: URLs are written plainly");
        let mut ids: Vec<&str> = html
            .split(" id=\"")
            .skip(1)
            .filter_map(|rest| rest.split('"').next())
            .collect();
        let all = ids.len();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), all, "{name}: an id used twice");
        // Several navigation landmarks: each one says what it is.
        for landmark in ["<nav", "<aside"] {
            for tag in html.split(landmark).skip(1) {
                let tag = &tag[..tag.find('>').expect("a closed tag")];
                assert!(tag.contains(" aria-label=\""), "{name}: {landmark}{tag}>");
            }
        }
    }
}

#[test]
fn hostile_text_is_escaped_everywhere() {
    let escaped = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &quot;quotes&quot;";
    for (name, html) in [
        ("home", home_first_of_two()),
        ("category", category_page()),
        ("article", hostile_article()),
    ] {
        assert!(!html.contains(HOSTILE), "{name} has the raw text");
        assert!(
            !html.contains("<script>alert(\"x\")"),
            "{name} has the raw script"
        );
        // Title and summary on cards, title and description on the article.
        assert!(html.matches(escaped).count() >= 2, "{name}: {html}");
    }
    let not_found = not_found();
    assert!(
        not_found
            .contains("<code>/no/&lt;b&gt;such&lt;/b&gt;/page/?q=&quot;x&quot;&amp;y=1</code>")
    );
    assert!(!not_found.contains("<b>such"));
    let gone = gone();
    assert!(gone.contains("<code>/articles/&lt;b&gt;old&lt;/b&gt;/</code>"));
    assert!(!gone.contains("<b>old"));
}

#[test]
fn site_values_are_escaped_too() {
    let mut site = site();
    site.title = "<b>Bold</b> & Co".to_owned();
    let renderer = HtmlRenderer::new(site).expect("the built-in templates load");
    let html = renderer
        .render(&View::NotFound(NotFoundView { path: "/" }))
        .expect("the page renders")
        .into_string();
    assert!(html.contains("<title>Page not found · &lt;b&gt;Bold&lt;/b&gt; &amp; Co</title>"));
    assert!(!html.contains("<b>Bold"));
}

#[test]
fn cards_link_the_article_with_an_accessible_read_link() {
    let html = home_first_of_two();
    assert!(html.contains(
        "<a href=\"/articles/ownership-explained/\">Read<span class=\"visually-hidden\">: Ownership, Explained</span></a>"
    ));
    assert!(html.contains("<time datetime=\"2025-01-31T12:00:00Z\">31 January 2025</time>"));
    assert!(
        html.contains("<a href=\"/categories/retired/\">retired</a>"),
        "unknown slug shown as itself"
    );
}

#[test]
fn titles_name_the_page_and_the_site() {
    let check = |html: String, expected: &str| {
        assert!(
            html.contains(&format!("<title>{expected}</title>")),
            "{expected}: {html}"
        );
    };
    check(home_first_of_two(), "Ferrous Notes");
    check(home_last_of_three(), "Articles, page 3 · Ferrous Notes");
    check(article_alone(), "Ownership, Explained · Ferrous Notes");
    check(categories_page(), "Categories · Ferrous Notes");
    check(category_page(), "Web, page 2 · Ferrous Notes");
    check(not_found(), "Page not found · Ferrous Notes");
    check(gone(), "Article removed · Ferrous Notes");
    check(series_page(), "Building an Engine · Ferrous Notes");
}

#[test]
fn pagers_link_newer_and_older_pages() {
    let first = home_first_of_two();
    assert!(first.contains("<a rel=\"next\" href=\"/page/2/\">Older</a>"));
    assert!(!first.contains("rel=\"prev\""));
    let last = home_last_of_three();
    assert!(last.contains("<a rel=\"prev\" href=\"/page/2/\">Newer</a>"));
    assert!(!last.contains("rel=\"next\""));
    let category = category_page();
    assert!(category.contains("<a rel=\"prev\" href=\"/categories/web/\">Newer</a>"));
    assert!(category.contains("<a rel=\"next\" href=\"/categories/web/page/3/\">Older</a>"));
    assert!(!home_empty().contains("class=\"pager\""));
}

#[test]
fn series_box_marks_the_current_part() {
    let html = article_in_series();
    assert!(
        html.contains("<p>Part 2 of 3 in <a href=\"/series/engine/\">Building an Engine</a></p>")
    );
    assert!(html.contains("<a rel=\"prev\" href=\"/articles/engine-domain/\">"));
    assert!(html.contains("<a rel=\"next\" href=\"/articles/engine-serving/\">"));
    assert!(html.contains("<li><span aria-current=\"page\">Engine #02: Storage</span></li>"));
    assert!(
        !html.contains("href=\"/articles/engine-storage/\""),
        "the current part is not linked"
    );
    assert!(!article_alone().contains("class=\"series\""));
}

#[test]
fn tags_are_plain_labels_apart_from_categories() {
    let tags = "<ul class=\"tags\" aria-label=\"Tags\">\n\
                \x20 <li>Borrow Checker</li>\n  <li>memory</li>\n</ul>";
    for (name, html) in [("article", article_alone()), ("card", home_first_of_two())] {
        assert!(html.contains(tags), "{name}: {html}");
    }
    let in_series = article_in_series();
    assert!(in_series.contains("<li>SQLite</li>\n  <li>Storage Engines</li>"));
    assert!(!in_series.contains("Borrow Checker"));
    assert!(
        !article_in_series().contains("href=\"/tags/"),
        "no links to tag pages that do not exist"
    );
    let hostile = hostile_article();
    assert!(hostile.contains(
        "<li>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &quot;quotes&quot;</li>"
    ));
}

#[test]
fn category_pages_show_where_they_are_and_what_is_below() {
    let html = category_nested();
    assert!(html.contains(
        "<nav class=\"breadcrumbs\" aria-label=\"Breadcrumb\">\n<ol>\n\
         \x20 <li><a href=\"/categories/\">Categories</a></li>\n\
         \x20 <li><a href=\"/categories/languages/\">Languages</a></li>\n\
         \x20 <li><span aria-current=\"page\">Rust</span></li>\n</ol>\n</nav>"
    ));
    assert!(html.contains("<li><a href=\"/categories/async/\">Async Rust</a></li>"));
    assert!(html.contains("<p>The language, its <em>idioms</em>, and"));
    let top = category_page();
    assert!(top.contains("<li><span aria-current=\"page\">Web</span></li>"));
    assert!(!top.contains("class=\"subcategories\""));
}

#[test]
fn a_series_page_lists_its_parts_in_order() {
    let html = series_page();
    let at = |text: &str| {
        html.find(text)
            .unwrap_or_else(|| panic!("{text} in {html}"))
    };
    assert!(at("Part 1</span> <a href=\"/articles/engine-domain/\">") < at("Part 2</span>"));
    assert!(at("Part 2</span> <a href=\"/articles/engine-storage/\">") < at("Part 3</span>"));
    assert!(html.contains("<p>One crate at a time, <em>from the domain up</em>. </p>"));
    assert!(html.contains("A series in 3 parts"));
    let empty = series_empty();
    assert!(empty.contains("No parts published yet."));
    assert!(!empty.contains("class=\"parts\""));
}

#[test]
fn the_stylesheet_is_served() {
    let renderer = renderer();
    let css = renderer
        .asset("/assets/style.css")
        .expect("the stylesheet exists");
    assert_eq!(css.content_type, "text/css; charset=utf-8");
    let text = std::str::from_utf8(&css.body).expect("CSS is UTF-8");
    assert!(text.contains("prefers-color-scheme: dark"));
    assert!(text.contains(":focus-visible"));
    assert!(renderer.asset("/assets/missing.css").is_none());
}
