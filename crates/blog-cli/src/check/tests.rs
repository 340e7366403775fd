//! Each kind of finding, over a small site in a `MemoryStore`.

use blog_core::{
    Article, BaseUrl, Category, Change, ChangeSet, Markdown, PerPage, Series, Slug, Status, Store,
    Tag, Title,
};
use blog_store::MemoryStore;
use chrono::{DateTime, TimeZone, Utc};

use super::*;

fn at(day: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2025, 1, day, 12, 0, 0)
        .single()
        .expect("valid test date")
}

/// The moment every check here runs at.
fn now() -> DateTime<Utc> {
    at(20)
}

fn slug(s: &str) -> Slug {
    Slug::parse(s).expect("valid test slug")
}

fn article(s: &str, body: &str) -> Article {
    Article::new(
        slug(s),
        Title::parse(s).expect("valid test title"),
        Markdown::new(body),
        at(1),
    )
}

/// A site whose every article links with `body`'s links, beside:
/// `target` (public, with headings and a footnote), `draft`, `later`
/// (scheduled for day 25), `gone` (expired on day 10), `renamed` (once
/// `old-name`), a deleted `deleted`, categories `rust` (described), `rustt`
/// (not) and `web`, tag `async` on `target` and `drafty` on the draft only,
/// and series `engine`.
fn site(body: &str) -> MemoryStore {
    let store = MemoryStore::new();
    let category = |s: &str, description: &str| {
        Change::PutCategory(Category::new(
            slug(s),
            Title::parse(s).expect("valid"),
            Markdown::new(description),
        ))
    };
    let mut target = article(
        "target",
        "## Intro\n\nText.[^n]\n\n## Part two\n\n[^n]: A note.",
    );
    target.categories = vec![slug("rust"), slug("rustt")];
    target.tags = vec![Tag::parse("async").expect("valid")];
    let mut draft = article("draft", "## Draft heading");
    draft.status = Status::Draft;
    draft.tags = vec![Tag::parse("drafty").expect("valid")];
    let later = Article {
        published_at: at(25),
        ..article("later", "")
    };
    let gone = Article {
        expires_at: Some(at(10)),
        ..article("expired", "")
    };
    let mut linking = article("linking", body);
    linking.categories = vec![slug("web")];
    let changes: ChangeSet = [
        category("rust", "The language."),
        category("rustt", ""),
        category("web", "  "),
        Change::PutSeries(Series {
            slug: slug("engine"),
            title: Title::parse("Engine").expect("valid"),
            description: Markdown::default(),
        }),
        Change::PutArticle(target),
        Change::PutArticle(draft),
        Change::PutArticle(later),
        Change::PutArticle(gone),
        Change::PutArticle(linking),
        Change::PutArticle(article("old-name", "## Moved heading")),
        Change::RenameArticle {
            from: slug("old-name"),
            to: slug("renamed"),
        },
        Change::PutArticle(article("deleted", "")),
        Change::DeleteArticle(slug("deleted")),
    ]
    .into_iter()
    .collect();
    store.apply(&changes).expect("applies");
    store
}

fn settings(base: Option<&str>) -> Settings {
    Settings {
        base_url: base.map(|b| BaseUrl::parse(b).expect("valid base")),
        per_page: PerPage::new(2).expect("nonzero"),
        assets: ["/assets/style.css".to_owned()].into_iter().collect(),
    }
}

fn report(body: &str, base: Option<&str>) -> Report {
    let store = site(body);
    let snapshot = Snapshot::load(&store, now(), settings(base)).expect("loads");
    check(&snapshot).expect("checks")
}

/// The findings on article `linking` for a body holding `link` alone.
fn findings(link: &str) -> Vec<String> {
    report(&format!("[x]({link})"), None)
        .findings
        .iter()
        .filter(|f| f.article.as_str() == "linking")
        .filter(|f| f.problem.kind() != "undescribed-category")
        .map(ToString::to_string)
        .collect()
}

/// Asserts that `link` in article `linking` is fine.
fn fine(link: &str) {
    assert_eq!(findings(link), Vec::<String>::new(), "{link}");
}

/// Asserts that `link` in article `linking` gives one finding, `expected`.
fn found(link: &str, expected: &str) {
    assert_eq!(findings(link), [expected], "{link}");
}

#[test]
fn pages_that_exist_are_fine() {
    for link in [
        "/",
        "/articles/target/",
        "../target/",
        "/categories/",
        "/categories/rust/",
        "/categories/rust/feed.xml",
        "/categories/web/",
        "/tags/",
        "/tags/async/",
        "/tags/async/feed.xml",
        "/series/engine/",
        "/series/engine/feed.xml",
        "/archive/",
        "/search/?q=rust",
        "/feed.xml",
        "/sitemap.xml",
        "/assets/style.css",
        "/api/v1/articles",
        "/page/2/",
        "mailto:me@example.org",
        "",
    ] {
        fine(link);
    }
}

#[test]
fn broken_links() {
    found(
        "/articles/no-such-thing/",
        "linking: error: broken link /articles/no-such-thing/ (no article has this slug)",
    );
    found(
        "../no-such-thing/",
        "linking: error: broken link ../no-such-thing/ (no article has this slug)",
    );
    found(
        "/articles/deleted/",
        "linking: error: broken link /articles/deleted/ (the article was deleted: 410 Gone)",
    );
    found(
        "/nowhere/",
        "linking: error: broken link /nowhere/ (no page has this path)",
    );
    found(
        "sub/page/",
        "linking: error: broken link sub/page/ (no page has this path)",
    );
    found(
        "/assets/missing.css",
        "linking: error: broken link /assets/missing.css (no such asset)",
    );
    // Three public articles, two a page.
    found(
        "/page/3/",
        "linking: error: broken link /page/3/ (page 3 is past the end: the home page has 2 pages)",
    );
    found(
        "/categories/rust/page/2/",
        "linking: error: broken link /categories/rust/page/2/ (page 2 is past the end: the category has 1 page)",
    );
    // A small site's sitemap is one file.
    found(
        "/sitemap-1.xml",
        "linking: error: broken link /sitemap-1.xml (the sitemap is one file, with no parts)",
    );
}

#[test]
fn redirects_are_warnings_that_name_the_new_url() {
    found(
        "/articles/old-name/",
        "linking: warning: old link /articles/old-name/ (the article moved: link to /articles/renamed/)",
    );
    found(
        "/articles/old-name/#moved-heading",
        "linking: warning: old link /articles/old-name/#moved-heading \
         (the article moved: link to /articles/renamed/#moved-heading)",
    );
    found(
        "/articles/target",
        "linking: warning: link /articles/target redirects (link to /articles/target/)",
    );
    found(
        "/page/1/",
        "linking: warning: link /page/1/ redirects (link to /)",
    );
    // A redirect to nothing is what it leads to.
    found(
        "/articles/nope",
        "linking: error: broken link /articles/nope (no article has this slug)",
    );
}

#[test]
fn missing_anchors() {
    fine("/articles/target/#part-two");
    fine("../target/#fn-1");
    fine("/articles/target/#");
    // Browsers scroll to the top for `#top` without an element.
    fine("#top");
    fine("/articles/target/#TOP");
    found(
        "/articles/target/#outro",
        "linking: error: missing anchor /articles/target/#outro \
         (/articles/target/ has no heading or footnote with the id 'outro')",
    );
    found(
        "#nothing-here",
        "linking: error: missing anchor #nothing-here \
         (/articles/linking/ has no heading or footnote with the id 'nothing-here')",
    );
    found(
        "/articles/old-name/#gone",
        "linking: error: missing anchor /articles/old-name/#gone \
         (/articles/renamed/ has no heading or footnote with the id 'gone')",
    );
    // Fragments of other pages are not checked.
    fine("/archive/#anything");
}

#[test]
fn an_anchor_in_the_same_article_counts() {
    let report = report("## Here\n\n[up](#here) [down](#there)", None);
    let lines: Vec<String> = report.findings.iter().map(ToString::to_string).collect();
    assert!(
        lines.contains(
            &"linking: error: missing anchor #there \
              (/articles/linking/ has no heading or footnote with the id 'there')"
                .to_owned()
        ),
        "{lines:#?}"
    );
    assert!(!lines.iter().any(|l| l.contains("#here")), "{lines:#?}");
}

#[test]
fn links_to_articles_readers_cannot_see() {
    found(
        "/articles/draft/",
        "linking: error: link to a non-public article /articles/draft/ \
         ('draft' is a draft: readers get a 404)",
    );
    found(
        "/articles/later/",
        "linking: error: link to a non-public article /articles/later/ \
         ('later' is scheduled for 2025-01-25 12:00 UTC: readers get a 404)",
    );
    found(
        "/articles/expired/",
        "linking: error: link to a non-public article /articles/expired/ \
         ('expired' is expired: readers get a 404)",
    );
    // Whatever the fragment: the page is not there.
    found(
        "/articles/draft/#draft-heading",
        "linking: error: link to a non-public article /articles/draft/#draft-heading \
         ('draft' is a draft: readers get a 404)",
    );
}

#[test]
fn unknown_categories_tags_and_series() {
    found(
        "/categories/python/",
        "linking: error: unknown category /categories/python/ (no category has the slug 'python')",
    );
    found(
        "/categories/python/feed.xml",
        "linking: error: unknown category /categories/python/feed.xml (no category has the slug 'python')",
    );
    found(
        "/tags/drafty/",
        "linking: error: unknown tag /tags/drafty/ (no public article has the tag 'drafty')",
    );
    found(
        "/tags/nope/feed.xml",
        "linking: error: unknown tag /tags/nope/feed.xml (no public article has the tag 'nope')",
    );
    found(
        "/series/nope/",
        "linking: error: unknown series /series/nope/ (no series has the slug 'nope')",
    );
}

#[test]
fn undescribed_categories_are_warnings_on_the_first_article_naming_them() {
    let report = report("", None);
    let lines: Vec<String> = report.findings.iter().map(ToString::to_string).collect();
    assert_eq!(
        lines,
        [
            "linking: warning: undescribed category /categories/web/ \
             (named by 1 public article, never described: \
             describe it with `blog category describe web`)",
            "target: warning: undescribed category /categories/rustt/ \
             (named by 1 public article, never described: a typo of 'rust'?)",
        ]
    );
    assert_eq!((report.errors(), report.warnings()), (0, 2));
}

#[test]
fn absolute_urls_under_the_base_are_checked_as_the_site() {
    let base = Some("https://blog.example.org");
    let body = "[a](https://blog.example.org/articles/nope/) [b](https://other.example/x) \
                [c](https://other.example/x) [d](http://BLOG.example.org/articles/target/#intro)";
    let report = report(body, base);
    let lines: Vec<String> = report
        .findings
        .iter()
        .filter(|f| f.article.as_str() == "linking")
        .filter(|f| f.problem.kind() != "undescribed-category")
        .map(ToString::to_string)
        .collect();
    assert_eq!(
        lines,
        [
            "linking: error: broken link https://blog.example.org/articles/nope/ (no article has this slug)"
        ]
    );
    assert_eq!(
        report.external.keys().collect::<Vec<_>>(),
        ["https://other.example/x"]
    );
    // The same URL twice in an article counts once.
    assert_eq!(
        report.links,
        3 + 1,
        "three of `linking`, a footnote of `target`"
    );
}

#[test]
fn external_failures_join_the_findings_in_article_order() {
    let mut report = report(
        "[a](https://other.example/a) [b](/nope/) [c](https://other.example/c)",
        None,
    );
    report.external_failed("https://other.example/c", "404 Not Found");
    report.external_failed("https://other.example/a", "timed out");
    report.external_failed("https://not-linked.example/", "ignored");
    let lines: Vec<String> = report.findings.iter().map(ToString::to_string).collect();
    assert_eq!(
        lines,
        [
            "linking: error: broken link /nope/ (no page has this path)",
            "linking: warning: undescribed category /categories/web/ \
             (named by 1 public article, never described: \
             describe it with `blog category describe web`)",
            "linking: error: broken external link https://other.example/c (404 Not Found)",
            "linking: error: broken external link https://other.example/a (timed out)",
            "target: warning: undescribed category /categories/rustt/ \
             (named by 1 public article, never described: a typo of 'rust'?)",
        ]
    );
    assert_eq!((report.errors(), report.warnings()), (3, 2));
}

#[test]
fn findings_serialise_with_their_kind_and_message() {
    let report = report("[x](/articles/draft/)", None);
    let json = serde_json::to_value(&report).expect("serialises");
    assert_eq!(
        json["findings"][0],
        serde_json::json!({
            "article": "linking",
            "link": "/articles/draft/",
            "severity": "error",
            "kind": "not-public",
            "message": "link to a non-public article /articles/draft/ ('draft' is a draft: readers get a 404)",
        })
    );
    assert_eq!(json["articles"], 3);
    assert_eq!((&json["errors"], &json["warnings"]), (&1.into(), &2.into()));
}
