//! `route` and `respond` together, without a socket: an in-memory store, the
//! real renderer, and fixed clocks.

mod support;

use std::sync::Arc;

use blog_core::{
    Article, Category, Change, ChangeSet, ListQuery, Markdown, Page, PartNumber, Series,
    SeriesMembership, Site, Slug, Status, Store, StoreError, Title,
};
use blog_render::HtmlRenderer;
use blog_server::State;
use blog_store::MemoryStore;
use chrono::{DateTime, Utc};
use hyper::{Method, StatusCode};
use support::{apply, day, day_10, day_20, get, request, slug};

fn article(s: &str, published: u32) -> Article {
    let mut a = Article::new(
        slug(s),
        Title::parse(&format!("Title of {s}")).expect("valid title"),
        Markdown::new(format!("Body of {s}.")),
        day(published),
    );
    a.categories = vec![slug("rust")];
    a
}

fn store() -> MemoryStore {
    let store = MemoryStore::new();
    let mut draft = article("draft", 1);
    draft.status = Status::Draft;
    let changes: ChangeSet = [
        Change::AddCategory(Category::new(
            slug("rust"),
            Title::parse("Rust").expect("valid"),
            Markdown::new("About Rust."),
        )),
        Change::PutArticle(article("published", 5)),
        Change::PutArticle(article("scheduled", 15)),
        Change::PutArticle(draft),
    ]
    .into_iter()
    .collect();
    store.apply(&changes).expect("the fixture applies");
    store
}

fn state(store: impl Store + 'static, clock: fn() -> DateTime<Utc>) -> State {
    let renderer = HtmlRenderer::new(Site::default()).expect("templates load");
    State {
        clock,
        ..State::new(Arc::new(store), Arc::new(renderer))
    }
}

#[tokio::test]
async fn pages_show_only_public_articles() {
    let state = state(store(), day_10);
    let (status, headers, body) = get(&state, "/").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers["content-type"], "text/html; charset=utf-8");
    assert_eq!(headers["x-content-type-options"], "nosniff");
    assert!(body.contains("Title of published"));
    assert!(!body.contains("Title of scheduled"));
    assert!(!body.contains("Title of draft"));

    assert_eq!(get(&state, "/articles/published/").await.0, StatusCode::OK);
    assert_eq!(
        get(&state, "/articles/draft/").await.0,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        get(&state, "/articles/scheduled/").await.0,
        StatusCode::NOT_FOUND
    );
    let (status, _, body) = get(&state, "/categories/rust/").await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("Title of published") && !body.contains("Title of draft"));
    let (status, _, body) = get(&state, "/categories/").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        body.contains("<p class=\"meta\">1 article · latest"),
        "counts only the public article"
    );
}

#[tokio::test]
async fn a_scheduled_article_appears_at_its_time() {
    let later = state(store(), day_20);
    let (status, _, body) = get(&later, "/").await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("Title of scheduled"));
    assert_eq!(get(&later, "/articles/scheduled/").await.0, StatusCode::OK);
}

#[tokio::test]
async fn not_found_pages_are_real_pages() {
    let state = state(store(), day_10);
    for path in [
        "/nope/",
        "/categories/nope/",
        "/page/2/",
        "/categories/rust/page/2/",
        "/assets/nope.css",
    ] {
        let (status, headers, body) = get(&state, path).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
        assert_eq!(
            headers["content-type"], "text/html; charset=utf-8",
            "{path}"
        );
        assert!(body.contains("Page not found"), "{path}");
    }
}

#[tokio::test]
async fn redirects_methods_and_assets() {
    let state = state(store(), day_10);
    let (status, headers, _) = get(&state, "/articles/published").await;
    assert_eq!(status, StatusCode::MOVED_PERMANENTLY);
    assert_eq!(headers["location"], "/articles/published/");
    // The query string survives a redirect: a search typed without the slash.
    let (status, headers, _) = get(&state, "/search?q=rust+tips&page=2").await;
    assert_eq!(status, StatusCode::MOVED_PERMANENTLY);
    assert_eq!(headers["location"], "/search/?q=rust+tips&page=2");

    let (status, headers, _) = request(&state, Method::POST, "/").await;
    assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(headers["allow"], "GET, HEAD");

    let (status, headers, body) = get(&state, "/assets/style.css").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers["content-type"], "text/css; charset=utf-8");
    assert!(!body.is_empty());
}

#[tokio::test]
async fn an_old_slug_redirects_to_the_new_one() {
    let store = store();
    apply(
        &store,
        [Change::RenameArticle {
            from: slug("published"),
            to: slug("renamed"),
        }],
    );
    let state = state(store, day_10);
    let (status, headers, _) = get(&state, "/articles/published/").await;
    assert_eq!(status, StatusCode::MOVED_PERMANENTLY);
    assert_eq!(headers["location"], "/articles/renamed/");
    let (status, _, body) = get(&state, "/articles/renamed/").await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("<h1>Title of published</h1>"));
}

#[tokio::test]
async fn an_old_slug_of_an_article_not_public_is_not_found() {
    let renamed = || {
        let store = store();
        apply(
            &store,
            [
                Change::RenameArticle {
                    from: slug("scheduled"),
                    to: slug("scheduled-renamed"),
                },
                Change::RenameArticle {
                    from: slug("draft"),
                    to: slug("draft-renamed"),
                },
            ],
        );
        store
    };
    // Before its time, the scheduled article's new slug is not revealed...
    let early = state(renamed(), day_10);
    for path in ["/articles/scheduled/", "/articles/draft/"] {
        let (status, headers, body) = get(&early, path).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
        assert!(headers.get("location").is_none(), "{path}");
        assert!(body.contains("Page not found"), "{path}");
    }
    // ...and once it is public, the old URL leads to it.
    let later = state(renamed(), day_20);
    let (status, headers, _) = get(&later, "/articles/scheduled/").await;
    assert_eq!(status, StatusCode::MOVED_PERMANENTLY);
    assert_eq!(headers["location"], "/articles/scheduled-renamed/");
}

#[tokio::test]
async fn a_deleted_article_is_gone_under_every_slug_it_had() {
    let store = store();
    apply(
        &store,
        [Change::RenameArticle {
            from: slug("published"),
            to: slug("renamed"),
        }],
    );
    apply(&store, [Change::DeleteArticle(slug("renamed"))]);
    let state = state(store, day_10);
    for path in ["/articles/renamed/", "/articles/published/"] {
        let (status, headers, body) = get(&state, path).await;
        assert_eq!(status, StatusCode::GONE, "{path}");
        assert_eq!(
            headers["content-type"], "text/html; charset=utf-8",
            "{path}"
        );
        assert!(headers.get("location").is_none(), "{path}");
        assert!(body.contains("<h1>Article removed</h1>"), "{path}");
        assert!(body.contains(&format!("<code>{path}</code>")), "{path}");
    }
    let (status, _, body) = get(&state, "/articles/never-was/").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(body.contains("Page not found"));
}

#[tokio::test]
async fn a_category_lists_its_children_and_their_articles() {
    let store = store();
    let mut child = Category::new(
        slug("async"),
        Title::parse("Async Rust").expect("valid"),
        Markdown::new("Futures *and* executors. <img src=x onerror=alert(1)>"),
    );
    child.parent = Some(slug("rust"));
    let mut nested = article("futures", 6);
    nested.categories = vec![slug("async")];
    apply(
        &store,
        [Change::PutCategory(child), Change::PutArticle(nested)],
    );
    let state = state(store, day_10);

    let (status, _, body) = get(&state, "/categories/rust/").await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("Title of futures"), "the child's article");
    assert!(body.contains("Title of published"), "its own article");
    assert!(body.contains("<li><a href=\"/categories/async/\">Async Rust</a></li>"));

    // The list: the child shows where it is, and is counted in its parent.
    let (status, _, body) = get(&state, "/categories/").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        body.contains(
            "<h2><a href=\"/categories/async/\">Async Rust</a></h2>\n\
         <p class=\"trail\">In <a href=\"/categories/rust/\">Rust</a></p>"
        ),
        "{body}"
    );
    assert!(body.contains(
        "<h2><a href=\"/categories/rust/\">Rust</a></h2>\n<div class=\"prose\">\n<p>About Rust.</p>\n</div>\n\
         <p class=\"meta\">2 articles · latest"
    ), "{body}");

    let (status, _, body) = get(&state, "/categories/async/").await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("Title of futures"));
    assert!(!body.contains("Title of published"), "not the parent's own");
    assert!(body.contains("<li><a href=\"/categories/rust/\">Rust</a></li>\n  <li><span aria-current=\"page\">Async Rust</span></li>"));
    assert!(
        body.contains("<p>Futures <em>and</em> executors. <img src=\"x\" loading=\"lazy\"></p>"),
        "{body}"
    );
}

/// The fixture plus series `engine`: parts 1 and 3 public on day 10, part 2
/// scheduled for day 15, numbered by the author against publication order.
fn store_with_series() -> MemoryStore {
    let store = store();
    let part = |s: &str, published: u32, n: u32| {
        let mut a = article(s, published);
        a.series = Some(SeriesMembership {
            series: slug("engine"),
            part: PartNumber::new(n),
        });
        Change::PutArticle(a)
    };
    apply(
        &store,
        [
            Change::PutSeries(Series {
                slug: slug("engine"),
                title: Title::parse("Building an Engine").expect("valid"),
                description: Markdown::new("From *the domain* up. <script>alert(1)</script>"),
            }),
            part("engine-serving", 2, 3),
            part("engine-storage", 15, 2),
            part("engine-domain", 3, 1),
        ],
    );
    store
}

#[tokio::test]
async fn a_series_page_lists_its_public_parts_in_order() {
    let state = state(store_with_series(), day_10);
    let (status, _, body) = get(&state, "/series/engine/").await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("<h1>Building an Engine</h1>"));
    assert!(
        body.contains("<p>From <em>the domain</em> up. </p>"),
        "{body}"
    );
    let domain = body
        .find("Part 1</span> <a href=\"/articles/engine-domain/\">Title of engine-domain</a>")
        .expect("part 1 is the domain");
    let serving = body
        .find("Part 2</span> <a href=\"/articles/engine-serving/\">Title of engine-serving</a>")
        .expect("part 2 is serving while storage is scheduled");
    assert!(domain < serving);
    assert!(
        !body.contains("engine-storage"),
        "the scheduled part is hidden"
    );
}

#[tokio::test]
async fn a_part_links_its_series_and_its_neighbours() {
    let early = state(store_with_series(), day_10);
    let (status, _, body) = get(&early, "/articles/engine-domain/").await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("Part 1 of 2 in <a href=\"/series/engine/\">Building an Engine</a>"));
    assert!(body.contains("<a rel=\"next\" href=\"/articles/engine-serving/\">"));
    // Once the scheduled part is public, it takes its place as part 2.
    let later = state(store_with_series(), day_20);
    let (status, _, body) = get(&later, "/articles/engine-domain/").await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("Part 1 of 3 in <a href=\"/series/engine/\">"));
    assert!(body.contains("<a rel=\"next\" href=\"/articles/engine-storage/\">"));
}

#[tokio::test]
async fn series_pages_answer_like_the_others() {
    let state = state(store_with_series(), day_10);
    let (status, _, body) = get(&state, "/series/nope/").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(body.contains("Page not found"));
    let (status, headers, _) = get(&state, "/series/engine").await;
    assert_eq!(status, StatusCode::MOVED_PERMANENTLY);
    assert_eq!(headers["location"], "/series/engine/");
    assert_eq!(get(&state, "/series/").await.0, StatusCode::NOT_FOUND);
}

/// A store whose every call fails, as a locked or vanished database would.
struct Broken;

impl Broken {
    fn fail<T>() -> Result<T, StoreError> {
        Err(StoreError::Backend {
            context: "secret path /var/db/blog.db is gone".into(),
            source: "disk I/O error".into(),
        })
    }
}

impl Store for Broken {
    fn article(&self, _: &Slug) -> Result<Option<Article>, StoreError> {
        Self::fail()
    }
    fn lookup(&self, _: &Slug) -> Result<blog_core::Lookup, StoreError> {
        Self::fail()
    }
    fn old_slugs(&self) -> Result<Vec<(Slug, blog_core::Lookup)>, StoreError> {
        Self::fail()
    }
    fn articles(&self, _: &ListQuery) -> Result<Page<Article>, StoreError> {
        Self::fail()
    }
    fn headlines(&self, _: DateTime<Utc>) -> Result<Vec<blog_core::Headline>, StoreError> {
        Self::fail()
    }
    fn search(&self, _: &blog_core::SearchQuery) -> Result<Page<blog_core::SearchHit>, StoreError> {
        Self::fail()
    }
    fn category(&self, _: &Slug) -> Result<Option<Category>, StoreError> {
        Self::fail()
    }
    fn categories(&self) -> Result<Vec<Category>, StoreError> {
        Self::fail()
    }
    fn category_counts(
        &self,
        _: DateTime<Utc>,
    ) -> Result<Vec<blog_core::CategoryCount>, StoreError> {
        Self::fail()
    }
    fn series(&self, _: &Slug) -> Result<Option<Series>, StoreError> {
        Self::fail()
    }
    fn all_series(&self) -> Result<Vec<Series>, StoreError> {
        Self::fail()
    }
    fn apply(&self, _: &ChangeSet) -> Result<(), StoreError> {
        Self::fail()
    }
    fn is_empty(&self) -> Result<bool, StoreError> {
        Self::fail()
    }
    fn revision(&self) -> Result<blog_core::Revision, StoreError> {
        Self::fail()
    }
    fn next_visibility_change(
        &self,
        _: DateTime<Utc>,
    ) -> Result<Option<DateTime<Utc>>, StoreError> {
        Self::fail()
    }
}

#[tokio::test]
async fn a_failing_store_gives_500_without_details() {
    let state = state(Broken, day_10);
    for path in [
        "/",
        "/articles/x/",
        "/categories/",
        "/categories/x/",
        "/series/x/",
    ] {
        let (status, _, body) = get(&state, path).await;
        assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR, "{path}");
        assert!(!body.contains("secret"), "{path} leaks the error: {body}");
    }
}

#[tokio::test]
async fn a_long_series_keeps_its_first_parts() {
    let store = store_with_series();
    // 120 more parts, all published before the first three: more than one
    // listing page (100) of parts, so the oldest must come from page two.
    let parts = (0..120).map(|i| {
        let mut a = article(&format!("early-{i:03}"), 1);
        a.published_at -= chrono::Duration::minutes(200 - i64::from(i));
        a.series = Some(SeriesMembership {
            series: slug("engine"),
            part: None,
        });
        Change::PutArticle(a)
    });
    apply(&store, parts);
    let state = state(store, day_10);
    let (status, _, body) = get(&state, "/series/engine/").await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("A series in 122 parts"), "{body}");
    assert!(
        body.contains("/articles/early-000/"),
        "the oldest part is listed"
    );
}

#[tokio::test]
async fn the_static_search_files_are_served_as_built() {
    let state = state(store(), day_10);
    let renderer = HtmlRenderer::new(Site::default()).expect("templates load");
    let pages = blog_core::Pages::new(
        state.store.as_ref(),
        &renderer,
        day_10(),
        state.per_page,
        state.feed_items,
    );
    let files = pages.search_index().expect("the index builds");
    assert!(files.len() >= 4, "{files:?}");
    for (path, content_type, body) in &files {
        let (status, headers, served) = get(&state, path).await;
        assert_eq!(status, StatusCode::OK, "{path}");
        assert_eq!(headers["content-type"], *content_type, "{path}");
        assert_eq!(&served, body, "{path}");
    }
    // Only the published article is in the index; the draft counts in its
    // statistics (3 rows).
    let (_, _, meta) = get(&state, "/search/index.json").await;
    assert!(meta.contains("\"rows\":3,"), "{meta}");
    let docs = files
        .iter()
        .find(|(path, _, _)| path.ends_with("/d0.json"))
        .expect("a file of articles");
    let (_, _, docs) = get(&state, &docs.0).await;
    assert!(
        docs.contains("\"published\"") && !docs.contains("draft"),
        "{docs}"
    );
    // The files of another build of the index are gone.
    for path in [
        "/search/index/0123456789abcdef/t0.json",
        "/search/index/0123456789abcdef/filters.json",
    ] {
        assert_eq!(get(&state, path).await.0, StatusCode::NOT_FOUND, "{path}");
    }
}

#[tokio::test]
async fn only_the_bare_search_page_runs_the_static_search() {
    let state = state(store(), day_10);
    let (status, headers, bare) = get(&state, "/search/").await;
    assert_eq!(status, StatusCode::OK);
    let script = bare
        .split("<script src=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("the bare page links a script");
    let (status, headers_of_script, body) = get(&state, script).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        headers_of_script["content-type"],
        "text/javascript; charset=utf-8"
    );
    assert!(body.contains("blogStaticSearch"));
    // The policy still allows no inline script, only the site's own.
    let policy = headers["content-security-policy"].to_str().expect("ASCII");
    assert!(policy.contains("script-src 'self';"), "{policy}");
    assert!(!policy.contains("unsafe-inline"), "{policy}");
    // A page of results was answered by the server: no script.
    let (status, _, results) = get(&state, "/search/?q=published").await;
    assert_eq!(status, StatusCode::OK);
    assert!(results.contains("Title of published"));
    assert!(!results.contains("<script src="));
}
