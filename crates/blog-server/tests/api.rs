//! The JSON API through `route` and `respond`, without a socket: an
//! in-memory store, the real renderer, and fixed clocks.

mod support;

use std::sync::Arc;

use blog_core::{
    Article, BaseUrl, Category, Change, Markdown, PartNumber, PerPage, Series, SeriesMembership,
    Site, Status, Store, Tag, Title,
};
use blog_render::HtmlRenderer;
use blog_server::State;
use blog_store::MemoryStore;
use chrono::{DateTime, Utc};
use hyper::StatusCode;
use serde_json::{Value, json};
use support::{apply, day, day_10, day_20, get, slug};

fn title(s: &str) -> Title {
    Title::parse(s).expect("valid title")
}

fn tag(name: &str) -> Tag {
    Tag::parse(name).expect("valid tag")
}

fn article(s: &str, published: u32, category: &str) -> Article {
    let mut a = Article::new(
        slug(s),
        title(&format!("Title of {s}")),
        Markdown::new(format!("Body of {s}.")),
        day(published),
    );
    a.categories = vec![slug(category)];
    a
}

fn part(s: &str, published: u32, n: u32) -> Article {
    let mut a = article(s, published, "rust");
    a.series = Some(SeriesMembership {
        series: slug("engine"),
        part: PartNumber::new(n),
    });
    a
}

/// Categories `rust`, `async` (below `rust`) and `go` (empty); series
/// `engine`; on day 10, five public articles (newest first: `futures`,
/// `published`, `given`, `engine-domain`, `engine-serving`), and a draft,
/// a scheduled, an expired article and a scheduled part that are not.
fn store() -> MemoryStore {
    let store = MemoryStore::new();
    let mut async_rust = Category::new(
        slug("async"),
        title("Async Rust"),
        Markdown::new("Futures *and* executors. <img src=x onerror=alert(1)>"),
    );
    async_rust.parent = Some(slug("rust"));

    let mut published = article("published", 5, "rust");
    published.body = Markdown::new(
        "Intro with *emphasis* and [a link](https://example.com).\n\n\
         ## A heading\n\n\
         Text <script>alert(1)</script> after a script.\n\n\
         ```rust\nfn main() {}\n```\n",
    );
    published.tags = vec![tag("Web Dev"), tag("Rust")];
    published.updated_at = day(7);
    published.categories = vec![slug("rust"), slug("go")];

    let mut futures = article("futures", 6, "async");
    futures.tags = vec![tag("Rust")];

    let mut given = article("given", 4, "rust");
    given.summary = Some("Plain <b>text</b> & more".into());

    let mut draft = article("draft", 1, "rust");
    draft.status = Status::Draft;
    let mut expired = article("expired", 1, "async");
    expired.expires_at = Some(day(8));

    apply(
        &store,
        [
            Change::AddCategory(Category::new(
                slug("rust"),
                title("Rust"),
                Markdown::new("About *Rust*."),
            )),
            Change::AddCategory(Category::new(slug("go"), title("Go"), Markdown::new(""))),
            Change::PutCategory(async_rust),
            Change::PutSeries(Series {
                slug: slug("engine"),
                title: title("Building an Engine"),
                description: Markdown::new("From *the domain* up. <script>alert(1)</script>"),
            }),
            Change::PutSeries(Series {
                slug: slug("later"),
                title: title("Coming Later"),
                description: Markdown::new(""),
            }),
            Change::PutArticle(published),
            Change::PutArticle(futures),
            Change::PutArticle(given),
            Change::PutArticle(draft),
            Change::PutArticle(expired),
            Change::PutArticle(article("scheduled", 15, "rust")),
            // Numbered by the author against publication order; the
            // scheduled part 2 leaves a gap until day 15.
            Change::PutArticle(part("engine-serving", 2, 3)),
            Change::PutArticle(part("engine-storage", 15, 2)),
            Change::PutArticle(part("engine-domain", 3, 1)),
        ],
    );
    let mut later = article("later-part", 15, "rust");
    later.series = Some(SeriesMembership {
        series: slug("later"),
        part: None,
    });
    apply(&store, [Change::PutArticle(later)]);
    store
}

fn state_at(store: impl Store + 'static, clock: fn() -> DateTime<Utc>) -> State {
    let site = Site {
        base_url: BaseUrl::parse("https://example.com/blog").expect("valid base URL"),
        ..Site::default()
    };
    let renderer = HtmlRenderer::new(site).expect("templates load");
    State {
        clock,
        ..State::new(Arc::new(store), Arc::new(renderer))
    }
}

/// GETs `path` and reads the body as JSON, which every API answer is.
async fn get_json(state: &State, path: &str) -> (StatusCode, Value) {
    let (status, headers, body) = get(state, path).await;
    assert_eq!(headers["content-type"], "application/json", "{path}");
    let value = serde_json::from_str(&body).unwrap_or_else(|e| panic!("{path}: {e}: {body}"));
    (status, value)
}

/// The JSON document of a successful GET of `path`.
async fn document(state: &State, path: &str) -> Value {
    let (status, value) = get_json(state, path).await;
    assert_eq!(status, StatusCode::OK, "{path}: {value}");
    value
}

/// Checks that `path` answers the error document with `status` and a
/// message that contains `message`.
async fn check_error(state: &State, path: &str, status: StatusCode, message: &str) {
    let (got, value) = get_json(state, path).await;
    assert_eq!(got, status, "{path}: {value}");
    let error = &value["error"];
    assert_eq!(error["status"], json!(status.as_u16()), "{path}: {value}");
    let text = error["message"].as_str().unwrap_or_default();
    assert!(text.contains(message), "{path}: {text:?} lacks {message:?}");
    assert_eq!(
        value.as_object().map(|o| o.len()),
        Some(1),
        "{path}: only the error: {value}"
    );
}

/// The slugs of a listing document's items, in order.
fn slugs(listing: &Value) -> Vec<String> {
    listing["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|item| item["slug"].as_str().expect("a slug").to_owned())
        .collect()
}

/// The slugs of the article cards of an HTML listing page, in order.
fn card_slugs(html: &str) -> Vec<String> {
    html.split("<article class=\"card\">\n<h2><a href=\"/articles/")
        .skip(1)
        .map(|card| card.split('/').next().unwrap_or_default().to_owned())
        .collect()
}

#[tokio::test]
async fn the_list_shows_public_articles_newest_first() {
    let state = state_at(store(), day_10);
    let (status, headers, _) = get(&state, "/api/v1/articles").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers["content-type"], "application/json");
    assert_eq!(headers["x-content-type-options"], "nosniff");
    let listing = document(&state, "/api/v1/articles").await;
    assert_eq!(
        slugs(&listing),
        [
            "futures",
            "published",
            "given",
            "engine-domain",
            "engine-serving"
        ]
    );
    assert_eq!(listing["page"], 1);
    assert_eq!(listing["per_page"], 10, "the server's page size");
    assert_eq!(listing["total_items"], 5);
    assert_eq!(listing["total_pages"], 1);
    // The fields in their documented order.
    let (_, _, body) = get(&state, "/api/v1/articles").await;
    assert!(
        body.starts_with(
            "{\n  \"page\": 1,\n  \"per_page\": 10,\n  \"total_items\": 5,\n  \"total_pages\": 1,\n  \"items\": [\n    {\n      \"slug\": \"futures\",\n      \"title\""
        ),
        "{body}"
    );
}

#[tokio::test]
async fn the_list_is_the_home_page_in_the_same_order() {
    let state = State {
        per_page: PerPage::new(2).expect("a valid page size"),
        ..state_at(store(), day_10)
    };
    for (n, api, page) in [
        (1, "/api/v1/articles", "/"),
        (2, "/api/v1/articles?page=2", "/page/2/"),
        (3, "/api/v1/articles?page=3", "/page/3/"),
    ] {
        let listing = document(&state, api).await;
        let (status, _, html) = get(&state, page).await;
        assert_eq!(status, StatusCode::OK, "{page}");
        assert_eq!(slugs(&listing), card_slugs(&html), "{api} against {page}");
        assert_eq!(listing["page"], n);
        assert_eq!(listing["per_page"], 2);
        assert_eq!(listing["total_pages"], 3);
    }
    check_error(
        &state,
        "/api/v1/articles?page=4",
        StatusCode::NOT_FOUND,
        "page 4 is past the last page, 3",
    )
    .await;
    assert_eq!(get(&state, "/page/4/").await.0, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn filters_select_as_the_pages_do() {
    let state = state_at(store(), day_10);
    let check = |query: &'static str, expected: &'static [&'static str]| {
        let state = &state;
        async move {
            let listing = document(state, &format!("/api/v1/articles?{query}")).await;
            assert_eq!(slugs(&listing), expected, "{query}");
            assert_eq!(listing["total_items"], expected.len(), "{query}");
        }
    };
    // A category includes those below it; the expired article is not public.
    check(
        "category=rust",
        &[
            "futures",
            "published",
            "given",
            "engine-domain",
            "engine-serving",
        ],
    )
    .await;
    check("category=async", &["futures"]).await;
    check("category=go", &["published"]).await;
    check("tag=rust", &["futures", "published"]).await;
    check("tag=web-dev", &["published"]).await;
    check("tag=nothing", &[]).await;
    check("series=engine", &["engine-domain", "engine-serving"]).await;
    let second = document(&state, "/api/v1/articles?tag=rust&per_page=1&page=2").await;
    assert_eq!(slugs(&second), ["published"]);
    assert_eq!(second["total_items"], 2);
    check("series=later", &[]).await;
    check("category=rust&tag=web-dev", &["published"]).await;
    check("category=async&tag=web-dev", &[]).await;

    // Each filter is the listing of a page of the site.
    for (api, page) in [
        ("/api/v1/articles?category=rust", "/categories/rust/"),
        ("/api/v1/articles?category=async", "/categories/async/"),
        ("/api/v1/articles?tag=rust", "/tags/rust/"),
    ] {
        let (status, _, html) = get(&state, page).await;
        assert_eq!(status, StatusCode::OK, "{page}");
        assert_eq!(slugs(&document(&state, api).await), card_slugs(&html));
    }

    // Categories and series exist on their own; tags by being used.
    check_error(
        &state,
        "/api/v1/articles?category=nope",
        StatusCode::NOT_FOUND,
        "no category \"nope\"",
    )
    .await;
    check_error(
        &state,
        "/api/v1/articles?series=nope",
        StatusCode::NOT_FOUND,
        "no series \"nope\"",
    )
    .await;
}

#[tokio::test]
async fn pagination_edges() {
    let state = state_at(store(), day_10);
    let listing = document(&state, "/api/v1/articles?per_page=2&page=3").await;
    assert_eq!(slugs(&listing), ["engine-serving"], "a last page not full");
    assert_eq!(listing["total_pages"], 3);
    let listing = document(&state, "/api/v1/articles?per_page=100").await;
    assert_eq!(listing["per_page"], 100);
    assert_eq!(listing["total_pages"], 1);
    let listing = document(&state, "/api/v1/articles?per_page=5").await;
    assert_eq!(listing["total_pages"], 1, "exactly one full page");
    check_error(
        &state,
        "/api/v1/articles?per_page=5&page=2",
        StatusCode::NOT_FOUND,
        "page 2 is past the last page, 1",
    )
    .await;
    // An empty listing has one page, empty.
    let listing = document(&state, "/api/v1/articles?tag=nothing").await;
    assert_eq!(listing["items"], json!([]));
    assert_eq!(listing["total_items"], 0);
    assert_eq!(listing["total_pages"], 1);
    check_error(
        &state,
        "/api/v1/articles?tag=nothing&page=2",
        StatusCode::NOT_FOUND,
        "past the last page",
    )
    .await;
    // The largest page number is a 404, not an overflow.
    check_error(
        &state,
        "/api/v1/articles?page=4294967295&per_page=100",
        StatusCode::NOT_FOUND,
        "past the last page",
    )
    .await;
}

#[tokio::test]
async fn invalid_requests_are_400s_that_name_the_parameter() {
    let state = state_at(store(), day_10);
    for (query, message) in [
        ("page=0", "parameter \"page\" must be a whole number from 1"),
        ("page=x", "parameter \"page\""),
        ("page=", "parameter \"page\""),
        ("page=4294967296", "parameter \"page\""),
        (
            "per_page=500",
            "parameter \"per_page\" must be a whole number from 1 to 100",
        ),
        ("per_page=0", "parameter \"per_page\""),
        (
            "category=NOT%20A%20SLUG",
            "parameter \"category\" is not a slug",
        ),
        (
            "category=NOT+A+SLUG",
            "parameter \"category\" is not a slug",
        ),
        ("tag=-x", "parameter \"tag\" is not a slug"),
        ("series=", "parameter \"series\" is not a slug"),
        (
            "q=rust",
            "unknown parameter \"q\": this endpoint takes page, per_page, category, tag and series",
        ),
        (
            "page=1&page=2",
            "parameter \"page\" is given more than once",
        ),
    ] {
        check_error(
            &state,
            &format!("/api/v1/articles?{query}"),
            StatusCode::BAD_REQUEST,
            message,
        )
        .await;
    }
    for path in [
        "/api/v1/articles/published?page=1",
        "/api/v1/categories?sort=count",
        "/api/v1/series?x",
        "/api/v1/series/engine?page=2",
    ] {
        check_error(
            &state,
            path,
            StatusCode::BAD_REQUEST,
            "this endpoint takes no parameters",
        )
        .await;
    }
    // A lone `?` or empty pairs ask for nothing.
    assert_eq!(get(&state, "/api/v1/articles?").await.0, StatusCode::OK);
    assert_eq!(get(&state, "/api/v1/categories?&").await.0, StatusCode::OK);
}

#[tokio::test]
async fn summaries_say_what_cards_and_links_need() {
    let state = state_at(store(), day_10);
    let listing = document(&state, "/api/v1/articles?per_page=100").await;
    let item = |s: &str| {
        listing["items"]
            .as_array()
            .and_then(|items| items.iter().find(|i| i["slug"] == s))
            .cloned()
            .unwrap_or_else(|| panic!("{s} is listed"))
    };
    let futures = item("futures");
    assert_eq!(futures["url"], "https://example.com/blog/articles/futures/");
    assert_eq!(futures["published"], "2025-06-06T12:00:00Z");
    assert_eq!(futures["updated"], "2025-06-06T12:00:00Z");
    assert_eq!(
        futures["categories"],
        json!([{"slug": "async", "name": "Async Rust"}])
    );
    assert_eq!(futures["tags"], json!([{"slug": "rust", "name": "Rust"}]));
    assert_eq!(futures["series"], Value::Null);
    assert_eq!(futures["summary"], "Body of futures.");
    assert_eq!(futures["summary_html"], "<p>Body of futures.</p>\n");
    assert_eq!(futures["word_count"], 3);
    assert_eq!(futures["reading_minutes"], 1);
    assert!(
        futures.get("html").is_none(),
        "the text is not in a summary"
    );

    let given = item("given");
    assert_eq!(given["summary"], "Plain <b>text</b> & more");
    assert_eq!(
        given["summary_html"],
        "<p>Plain &lt;b&gt;text&lt;/b&gt; &amp; more</p>\n"
    );

    // A part is numbered as its series page numbers it: part 3 by the
    // author, the second public part on day 10.
    let serving = item("engine-serving");
    assert_eq!(
        serving["series"],
        json!({
            "slug": "engine",
            "title": "Building an Engine",
            "url": "https://example.com/blog/series/engine/",
            "part": 2,
            "part_count": 2,
        })
    );
    let later = listing_on_day_20().await;
    let serving = later["items"]
        .as_array()
        .and_then(|items| items.iter().find(|i| i["slug"] == "engine-serving"))
        .cloned()
        .expect("listed");
    assert_eq!(serving["series"]["part"], 3);
    assert_eq!(serving["series"]["part_count"], 3);
}

/// Every public article on day 20, when the scheduled ones are out.
async fn listing_on_day_20() -> Value {
    let later = state_at(store(), day_20);
    document(&later, "/api/v1/articles?per_page=100").await
}

#[tokio::test]
async fn an_article_is_its_summary_and_its_page_s_html() {
    let state = state_at(store(), day_10);
    let (status, _, body) = get(&state, "/api/v1/articles/published").await;
    assert_eq!(status, StatusCode::OK);
    insta::assert_snapshot!("article", body);

    let article: Value = serde_json::from_str(&body).expect("JSON");
    let listing = document(&state, "/api/v1/articles").await;
    let summary = listing["items"]
        .as_array()
        .and_then(|items| items.iter().find(|i| i["slug"] == "published"))
        .expect("listed");
    let mut without_html = article.clone();
    without_html
        .as_object_mut()
        .and_then(|o| o.remove("html"))
        .expect("the article has its html");
    assert_eq!(&without_html, summary, "the summary fields, the same");

    let html = article["html"].as_str().expect("html");
    let (_, _, page) = get(&state, "/articles/published/").await;
    assert!(
        page.contains(&format!("<div class=\"prose\">\n{html}</div>")),
        "the article page shows the same HTML: {html}"
    );
    assert!(!html.contains("<script"), "sanitized: {html}");
}

#[tokio::test]
async fn articles_not_public_are_not_found() {
    let state = state_at(store(), day_10);
    for slug in [
        "draft",
        "scheduled",
        "expired",
        "engine-storage",
        "never-was",
    ] {
        check_error(
            &state,
            &format!("/api/v1/articles/{slug}"),
            StatusCode::NOT_FOUND,
            &format!("no article \"{slug}\""),
        )
        .await;
    }
    let listing = document(&state, "/api/v1/articles?per_page=100").await;
    for hidden in ["draft", "scheduled", "expired", "engine-storage"] {
        assert!(!slugs(&listing).contains(&hidden.to_owned()), "{hidden}");
    }
    // At its time, a scheduled article appears.
    let later = listing_on_day_20().await;
    assert_eq!(
        slugs(&later)[..3],
        ["engine-storage", "later-part", "scheduled"]
    );
    assert!(!slugs(&later).contains(&"expired".to_owned()));
    let later = state_at(store(), day_20);
    document(&later, "/api/v1/articles/scheduled").await;
}

#[tokio::test]
async fn an_old_slug_moves_to_the_new_api_path() {
    let store = store();
    apply(
        &store,
        [
            Change::RenameArticle {
                from: slug("published"),
                to: slug("renamed"),
            },
            Change::RenameArticle {
                from: slug("scheduled"),
                to: slug("scheduled-renamed"),
            },
        ],
    );
    let state = state_at(store, day_10);
    let (status, headers, _) = get(&state, "/api/v1/articles/published").await;
    assert_eq!(status, StatusCode::MOVED_PERMANENTLY);
    assert_eq!(headers["location"], "/api/v1/articles/renamed");
    let renamed = document(&state, "/api/v1/articles/renamed").await;
    assert_eq!(renamed["title"], "Title of published");
    // A scheduled article's new slug stays unknown until it is public.
    let (status, headers, _) = get(&state, "/api/v1/articles/scheduled").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(headers.get("location").is_none());
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
    let state = state_at(store, day_10);
    for slug in ["renamed", "published"] {
        check_error(
            &state,
            &format!("/api/v1/articles/{slug}"),
            StatusCode::GONE,
            &format!("article \"{slug}\" was deleted"),
        )
        .await;
    }
}

#[tokio::test]
async fn categories_are_counted_as_their_page_counts_them() {
    let state = state_at(store(), day_10);
    let categories = document(&state, "/api/v1/categories").await;
    assert_eq!(
        categories,
        json!({"items": [
            {
                "slug": "async",
                "name": "Async Rust",
                "parent": "rust",
                "description_html": "<p>Futures <em>and</em> executors. <img src=\"x\" loading=\"lazy\"></p>\n",
                "article_count": 1,
                "latest": "2025-06-06T12:00:00Z",
                "url": "https://example.com/blog/categories/async/",
                "feed_url": "https://example.com/blog/categories/async/feed.xml",
            },
            {
                "slug": "go",
                "name": "Go",
                "parent": null,
                "description_html": null,
                "article_count": 1,
                "latest": "2025-06-05T12:00:00Z",
                "url": "https://example.com/blog/categories/go/",
                "feed_url": "https://example.com/blog/categories/go/feed.xml",
            },
            {
                "slug": "rust",
                "name": "Rust",
                "parent": null,
                "description_html": "<p>About <em>Rust</em>.</p>\n",
                "article_count": 5,
                "latest": "2025-06-06T12:00:00Z",
                "url": "https://example.com/blog/categories/rust/",
                "feed_url": "https://example.com/blog/categories/rust/feed.xml",
            },
        ]})
    );
    let (_, _, page) = get(&state, "/categories/").await;
    assert!(
        page.contains("<p class=\"meta\">5 articles · latest"),
        "{page}"
    );
    // The scheduled article counts once it is public.
    let later = state_at(store(), day_20);
    let categories = document(&later, "/api/v1/categories").await;
    assert_eq!(categories["items"][2]["article_count"], 8);
}

#[tokio::test]
async fn series_count_and_list_their_public_parts_in_order() {
    let state = state_at(store(), day_10);
    let all = document(&state, "/api/v1/series").await;
    let counts: Vec<(&str, &Value)> = all["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|s| (s["slug"].as_str().unwrap_or_default(), &s["part_count"]))
        .collect();
    assert_eq!(counts, [("engine", &json!(2)), ("later", &json!(0))]);
    assert_eq!(all["items"][1]["description_html"], Value::Null);

    let (status, _, body) = get(&state, "/api/v1/series/engine").await;
    assert_eq!(status, StatusCode::OK);
    insta::assert_snapshot!("series", body);
    let series: Value = serde_json::from_str(&body).expect("JSON");
    assert_eq!(series["slug"], all["items"][0]["slug"]);
    assert_eq!(series["part_count"], 2);

    let later = state_at(store(), day_20);
    let series = document(&later, "/api/v1/series/engine").await;
    let parts: Vec<(&Value, &Value)> = series["parts"]
        .as_array()
        .expect("parts")
        .iter()
        .map(|p| (&p["part"], &p["slug"]))
        .collect();
    assert_eq!(
        parts,
        [
            (&json!(1), &json!("engine-domain")),
            (&json!(2), &json!("engine-storage")),
            (&json!(3), &json!("engine-serving")),
        ]
    );
    let later = document(&later, "/api/v1/series").await;
    assert_eq!(later["items"][1]["part_count"], 1);

    check_error(
        &state,
        "/api/v1/series/nope",
        StatusCode::NOT_FOUND,
        "no series \"nope\"",
    )
    .await;
}

#[tokio::test]
async fn paths_are_canonical_without_a_trailing_slash() {
    let state = state_at(store(), day_10);
    for (path, location) in [
        ("/api/v1/articles/", "/api/v1/articles"),
        (
            "/api/v1/articles/?category=rust&page=1",
            "/api/v1/articles?category=rust&page=1",
        ),
        ("/api/v1/articles/published/", "/api/v1/articles/published"),
        ("/api/v1/categories/", "/api/v1/categories"),
        ("/api/v1/series/", "/api/v1/series"),
        ("/api/v1/series/engine/", "/api/v1/series/engine"),
    ] {
        let (status, headers, _) = get(&state, path).await;
        assert_eq!(status, StatusCode::MOVED_PERMANENTLY, "{path}");
        assert_eq!(headers["location"], location, "{path}");
    }
}

#[tokio::test]
async fn unknown_api_paths_are_json_404s() {
    let state = state_at(store(), day_10);
    for path in [
        "/api/v1",
        "/api/v1/",
        "/api/v1/nope",
        "/api/v1/nope/",
        "/api/v1/articles/Published",
        "/api/v1/articles/a/b",
        "/api/v1/categories/rust",
        "/api/v1/tags",
    ] {
        check_error(
            &state,
            path,
            StatusCode::NOT_FOUND,
            "no API endpoint at this path",
        )
        .await;
    }
    // Not under the prefix: the site's own page.
    let (status, headers, body) = get(&state, "/api/v1x").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(headers["content-type"], "text/html; charset=utf-8");
    assert!(body.contains("Page not found"));
}
