//! Feeds, the sitemap and robots.txt rendered from fixed domain values,
//! pinned by snapshots, plus what every feed must be whatever its snapshot
//! says: well-formed, free of characters XML forbids, with absolute URLs.

use blog_core::urls::{FeedFormat, FeedOf};
use blog_core::{
    Article, BaseUrl, Category, CategorySort, FeedView, Headline, Markdown, PageNumber, PartNumber,
    Renderer, SITEMAP_URLS, Series, SeriesMembership, Site, SitemapFile, SitemapView, Slug, Tag,
    Title, category_stats, tag_counts,
};
use blog_render::HtmlRenderer;
use chrono::{DateTime, Duration, TimeZone, Utc};

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

/// A site below a path, so that a URL built any other way than by joining
/// the base URL shows.
fn site() -> Site {
    Site {
        title: "Ferrous Notes".to_owned(),
        description: "Writing about Rust, the web & the tools we build with.".to_owned(),
        base_url: BaseUrl::parse("https://example.org/blog/").expect("valid URL"),
    }
}

fn renderer() -> HtmlRenderer {
    HtmlRenderer::new(site()).expect("the built-in templates load")
}

fn categories() -> Vec<Category> {
    let mut rust = Category::new(slug("rust"), title("Rust"), Markdown::new("The language."));
    rust.parent = Some(slug("languages"));
    vec![
        Category::new(slug("languages"), title("Languages"), Markdown::default()),
        rust,
        Category::new(slug("web"), title("Web & <HTTP>"), Markdown::default()),
    ]
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

/// Updated after publication; a summary excerpt with markup; a category that
/// no longer exists.
fn ownership() -> Article {
    let mut a = article(
        "ownership-explained",
        "Ownership, Explained",
        day(1, 31),
        "Moves and **borrows**, in `five` minutes.\n\n## Moves\n\nA value has [one owner](/articles/moves/).",
    );
    a.updated_at = day(2, 3) + Duration::minutes(30);
    a.categories = vec![slug("rust"), slug("retired")];
    a.tags = tags(&["Borrow Checker", "memory"]);
    a
}

/// Everything a feed must survive: markup and quotes in the title, control
/// characters and non-characters in the summary and body, `]]>`, entities,
/// raw HTML, scripts, relative links, right-to-left text. Written before it
/// was published, as a scheduled article is.
fn hostile() -> Article {
    let mut a = article(
        "hostile",
        "<script>alert(\"x\")</script> & 'quotes' ]]> \u{FFFF}日本語 🦀",
        day(1, 20),
        "Entities: &copy; &amp; &#x41; &lt;b&gt; and <em>raw</em> HTML.\n\n\
         Controls: NUL\u{0} BEL\u{7} VT\u{B} FF\u{C} ESC\u{1B} non-characters \u{FFFE}\u{FFFF}.\n\n\
         ```\n]]> <![CDATA[ x ]]>\n```\n\n\
         <script>alert(1)</script>\n\n\
         [relative](../other/) ![image](/img/a.png \"a & b\")\n\n\
         RTL: שלום.",
    );
    a.summary = Some("A \u{1}summary\u{B} with <tags> & ]]> \"quotes\"".to_owned());
    a.updated_at = day(1, 10);
    a.categories = vec![slug("web")];
    a.tags = tags(&["C++ & <Rust>", "naïve"]);
    a
}

fn series() -> Series {
    Series {
        slug: slug("engine"),
        title: title("Building an Engine"),
        description: Markdown::default(),
    }
}

fn part(s: &str, t: &str, published: DateTime<Utc>, n: u32) -> Article {
    let mut a = article(
        s,
        t,
        published,
        "One part of the series.\n\n| a | b |\n|---|---|\n| 1 | 2 |",
    );
    a.categories = vec![slug("rust")];
    a.series = Some(SeriesMembership {
        series: slug("engine"),
        part: PartNumber::new(n),
    });
    a
}

/// Newest first, as feeds list them.
fn parts() -> Vec<Article> {
    vec![
        part("engine-storage", "Engine #02: Storage", day(1, 8), 2),
        part("engine-domain", "Engine #01: The Domain", day(1, 1), 1),
    ]
}

fn site_articles() -> Vec<Article> {
    vec![ownership(), hostile()]
}

fn feed(of: FeedOf<'_>, name: &str, articles: &[Article], format: FeedFormat) -> String {
    renderer()
        .feed(
            &FeedView {
                of,
                title: name,
                articles,
                categories: &categories(),
            },
            format,
        )
        .expect("the feed renders")
}

fn site_feed(format: FeedFormat) -> String {
    feed(FeedOf::Site, "Ferrous Notes", &site_articles(), format)
}

fn empty_feed(format: FeedFormat) -> String {
    feed(FeedOf::Site, "Ferrous Notes", &[], format)
}

fn atom_site() -> String {
    site_feed(FeedFormat::Atom)
}
fn rss_site() -> String {
    site_feed(FeedFormat::Rss)
}
fn json_site() -> String {
    site_feed(FeedFormat::Json)
}
fn atom_empty() -> String {
    empty_feed(FeedFormat::Atom)
}
fn rss_empty() -> String {
    empty_feed(FeedFormat::Rss)
}
fn json_empty() -> String {
    empty_feed(FeedFormat::Json)
}

fn atom_category() -> String {
    let mut articles = vec![ownership()];
    articles.extend(parts());
    feed(
        FeedOf::Category(&slug("rust")),
        "Rust",
        &articles,
        FeedFormat::Atom,
    )
}

fn atom_tag() -> String {
    let tag = Tag::parse("C++ & <Rust>").expect("valid tag");
    feed(
        FeedOf::Tag(tag.slug()),
        tag.name(),
        &[hostile()],
        FeedFormat::Atom,
    )
}

fn atom_series() -> String {
    feed(
        FeedOf::Series(&slug("engine")),
        "Building an Engine",
        &parts(),
        FeedFormat::Atom,
    )
}

/// File `file` of the sitemap of `articles`, `per_file` pages to a file.
fn sitemap_file(
    articles: &[Article],
    per_file: usize,
    file: SitemapFile,
) -> Result<String, blog_core::RenderError> {
    let headlines: Vec<Headline> = articles.iter().map(Headline::from).collect();
    let stats = category_stats(&categories(), &headlines, CategorySort::Name);
    renderer().sitemap(&SitemapView {
        headlines: &headlines,
        categories: &stats,
        tags: &tag_counts(&headlines),
        series: &[series()],
        per_file,
        file,
    })
}

/// The site's articles and the series' parts, newest first.
fn sitemap_articles() -> Vec<Article> {
    let mut articles = site_articles();
    articles.extend(parts());
    articles.sort_by(blog_core::newest_first);
    articles
}

/// What the site's sitemap is split into, `per_file` pages to a file.
fn sitemap_split(per_file: usize, file: SitemapFile) -> String {
    sitemap_file(&sitemap_articles(), per_file, file).expect("the sitemap renders")
}

fn sitemap() -> String {
    sitemap_split(SITEMAP_URLS, SitemapFile::Main)
}

fn sitemap_empty() -> String {
    sitemap_file(&[], SITEMAP_URLS, SitemapFile::Main).expect("the sitemap renders")
}

/// The sitemap's 16 pages split five to a file: an index of four parts.
fn sitemap_index() -> String {
    sitemap_split(5, SitemapFile::Main)
}

/// The last part of the sitemap split five pages to a file: the one page
/// left.
fn sitemap_last_part() -> String {
    let parts = sitemap_index().matches("<sitemap>").count();
    let last = PageNumber::new(u32::try_from(parts).expect("a few")).expect("some parts");
    sitemap_split(5, SitemapFile::Part(last))
}

fn robots() -> String {
    renderer().robots().expect("robots.txt renders")
}

/// Every XML document, by snapshot name.
fn xml_documents() -> Vec<(&'static str, String)> {
    vec![
        ("atom_site", atom_site()),
        ("rss_site", rss_site()),
        ("atom_empty", atom_empty()),
        ("rss_empty", rss_empty()),
        ("atom_category", atom_category()),
        ("atom_tag", atom_tag()),
        ("atom_series", atom_series()),
        ("sitemap", sitemap()),
        ("sitemap_empty", sitemap_empty()),
        ("sitemap_index", sitemap_index()),
        ("sitemap_last_part", sitemap_last_part()),
    ]
}

/// One snapshot test per document: `name => function`.
macro_rules! snapshots {
    ($($name:ident),* $(,)?) => {
        mod snapshot {
            $(
                #[test]
                fn $name() {
                    insta::assert_snapshot!(stringify!($name), super::$name());
                }
            )*
        }
    };
}

snapshots! {
    atom_site, rss_site, json_site, atom_empty, rss_empty, json_empty,
    atom_category, atom_tag, atom_series, sitemap, sitemap_empty, sitemap_index, sitemap_last_part,
    robots,
}

/// The `<url>` elements of a `<urlset>`, in order.
fn url_elements(xml: &str) -> Vec<&str> {
    xml.split("<url>")
        .skip(1)
        .map(|url| &url[..url.find("</url>").expect("a closed url")])
        .collect()
}

#[test]
fn the_parts_of_a_split_sitemap_list_every_page_once_in_order() {
    let whole = sitemap();
    let pages = url_elements(&whole);
    assert!(pages.len() > 10, "{whole}");
    for per_file in 1..=pages.len() + 1 {
        let main = sitemap_split(per_file, SitemapFile::Main);
        if per_file >= pages.len() {
            // Every page fits in one file: `sitemap.xml` is that file.
            assert_eq!(main, whole, "{per_file} to a file");
            assert!(
                sitemap_file(
                    &sitemap_articles(),
                    per_file,
                    SitemapFile::Part(PageNumber::FIRST)
                )
                .is_err(),
                "a sitemap in one file has no parts"
            );
            continue;
        }
        let locs: Vec<&str> = main
            .split("<loc>")
            .skip(1)
            .map(|loc| &loc[..loc.find("</loc>").expect("a closed loc")])
            .collect();
        assert_eq!(locs.len(), pages.len().div_ceil(per_file), "{main}");
        let mut listed = Vec::new();
        for (i, loc) in locs.iter().enumerate() {
            let n = PageNumber::new(u32::try_from(i + 1).expect("a few")).expect("nonzero");
            assert_eq!(
                *loc,
                format!(
                    "https://example.org/blog{}",
                    blog_core::urls::sitemap_part(n)
                )
            );
            let part = sitemap_split(per_file, SitemapFile::Part(n));
            let urls = url_elements(&part);
            assert!(!urls.is_empty() && urls.len() <= per_file, "{part}");
            listed.extend(urls.into_iter().map(str::to_owned));
        }
        assert_eq!(listed, pages, "{per_file} to a file");
        let past = PageNumber::new(u32::try_from(locs.len() + 1).expect("a few")).expect("nonzero");
        assert!(
            sitemap_file(&sitemap_articles(), per_file, SitemapFile::Part(past)).is_err(),
            "no part past the last"
        );
    }
}

/// Checks that `xml` is well-formed as far as feeds need: one declaration
/// first, tags that nest and close, attribute values quoted, `&` only in the
/// five predefined entities, no `<` or `]]>` in text, no character XML 1.0
/// forbids. Returns the names of the elements in document order.
fn elements(xml: &str) -> Vec<String> {
    for c in xml.chars() {
        let allowed =
            matches!(c, '\t' | '\n' | '\r') || (c >= ' ' && c != '\u{FFFE}' && c != '\u{FFFF}');
        assert!(allowed, "forbidden character {c:?}");
    }
    let rest = xml
        .strip_prefix(r#"<?xml version="1.0" encoding="#)
        .expect("an XML declaration comes first");
    let rest = &rest[rest.find("?>").expect("the declaration ends") + 2..];
    let mut open: Vec<String> = Vec::new();
    let mut seen = Vec::new();
    let mut rest = rest;
    loop {
        let text_end = rest.find('<').unwrap_or(rest.len());
        check_text(&rest[..text_end]);
        if text_end == rest.len() {
            break;
        }
        let end = rest[text_end..].find('>').expect("every tag is closed") + text_end;
        let tag = &rest[text_end + 1..end];
        rest = &rest[end + 1..];
        assert!(!tag.contains('<'), "`<` inside tag <{tag}>");
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == ':')
            .collect();
        assert!(!name.is_empty(), "a tag without a name: <{tag}>");
        if tag.starts_with('/') {
            assert_eq!(open.pop().as_deref(), Some(name.as_str()), "</{name}>");
            continue;
        }
        check_attributes(tag[name.len()..].trim_end_matches('/'));
        seen.push(name.clone());
        if !tag.ends_with('/') {
            open.push(name);
        }
    }
    assert!(open.is_empty(), "left open: {open:?}");
    assert_eq!(
        seen.iter()
            .filter(|n| open.is_empty() && n.is_empty())
            .count(),
        0
    );
    seen
}

fn check_text(text: &str) {
    assert!(!text.contains("]]>"), "`]]>` in text: {text:?}");
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        rest = &rest[at..];
        let known = ["&amp;", "&lt;", "&gt;", "&quot;", "&apos;"]
            .iter()
            .any(|e| rest.starts_with(e));
        assert!(
            known,
            "a bare or unknown entity: {:?}",
            &rest[..rest.len().min(12)]
        );
        rest = &rest[1..];
    }
}

fn check_attributes(attributes: &str) {
    let mut rest = attributes.trim();
    while !rest.is_empty() {
        let (name, value) = rest.split_once("=\"").expect("attribute=\"value\"");
        assert!(
            !name.trim().is_empty() && !name.contains(char::is_whitespace),
            "{name:?}"
        );
        let end = value.find('"').expect("the value's quote closes");
        check_text(&value[..end]);
        rest = value[end + 1..].trim_start();
    }
}

#[test]
fn every_xml_document_is_well_formed() {
    for (name, xml) in xml_documents() {
        let elements = std::panic::catch_unwind(|| elements(&xml));
        assert!(elements.is_ok(), "{name} is not well-formed:\n{xml}");
    }
}

#[test]
fn the_well_formedness_check_catches_broken_xml() {
    let declaration = r#"<?xml version="1.0" encoding="utf-8"?>"#;
    for broken in [
        "<a><b></a></b>",
        "<a>x &amp y</a>",
        "<a>x & y</a>",
        "<a>]]></a>",
        "<a>\u{1}</a>",
        "<a x=\"<\"/>",
        "<a>",
    ] {
        let xml = format!("{declaration}{broken}");
        assert!(
            std::panic::catch_unwind(|| elements(&xml)).is_err(),
            "{broken:?} passed"
        );
    }
    assert_eq!(
        elements(&format!("{declaration}<a x=\"&quot;\"><b/>&lt;</a>")),
        ["a", "b"]
    );
}

#[test]
fn robots_txt_ends_its_last_line() {
    assert!(robots().ends_with(".xml\n"), "{:?}", robots());
}

#[test]
fn every_url_is_absolute_under_the_base_url() {
    for (name, xml) in xml_documents() {
        for attribute in [
            "href=\"",
            "<id>",
            "<loc>",
            "<link>",
            "<guid isPermaLink=\"true\">",
            "<uri>",
        ] {
            for (at, _) in xml.match_indices(attribute) {
                let url = &xml[at + attribute.len()..];
                assert!(
                    url.starts_with("https://example.org/blog/"),
                    "{name}: {attribute}{}",
                    &url[..url.len().min(40)]
                );
            }
        }
    }
}

#[test]
fn feeds_have_their_entries() {
    let count = |xml: &str, tag: &str| xml.matches(tag).count();
    assert_eq!(count(&atom_site(), "<entry>"), 2);
    assert_eq!(count(&rss_site(), "<item>"), 2);
    assert_eq!(count(&atom_category(), "<entry>"), 3);
    assert_eq!(count(&atom_empty(), "<entry>"), 0);
    let json: serde_json::Value = serde_json::from_str(&json_site()).expect("valid JSON");
    assert_eq!(json["version"], "https://jsonfeed.org/version/1.1");
    assert_eq!(json["items"].as_array().map(Vec::len), Some(2));
    let empty: serde_json::Value = serde_json::from_str(&json_empty()).expect("valid JSON");
    assert_eq!(empty["items"], serde_json::json!([]));
}

#[test]
fn feed_titles_name_what_they_follow() {
    assert!(atom_site().contains("<title>Ferrous Notes</title>"));
    assert!(atom_category().contains("<title>Ferrous Notes — Rust</title>"));
    assert!(atom_tag().contains("<title>Ferrous Notes — C++ &amp; &lt;Rust&gt;</title>"));
    assert!(atom_series().contains("<title>Ferrous Notes — Building an Engine</title>"));
}

#[test]
fn the_feed_is_as_new_as_its_latest_change() {
    // ownership() was updated on 3 February, after both publications.
    assert!(atom_site().contains("  <updated>2025-02-03T12:30:00Z</updated>"));
    assert!(rss_site().contains("<lastBuildDate>Mon, 3 Feb 2025 12:30:00 +0000</lastBuildDate>"));
    // A scheduled article's update precedes its publication: it counts as
    // updated when it appeared.
    assert!(atom_tag().contains("<updated>2025-01-20T12:00:00Z</updated>"));
    // No entry, no change: the epoch.
    assert!(atom_empty().contains("<updated>1970-01-01T00:00:00Z</updated>"));
    assert!(!rss_empty().contains("lastBuildDate"));
}

#[test]
fn below_the_site_only_atom_is_served() {
    let rust = slug("rust");
    for of in [
        FeedOf::Category(&rust),
        FeedOf::Tag(&rust),
        FeedOf::Series(&rust),
    ] {
        for format in [FeedFormat::Rss, FeedFormat::Json] {
            let view = FeedView {
                of,
                title: "Rust",
                articles: &[],
                categories: &[],
            };
            assert!(renderer().feed(&view, format).is_err(), "{of:?} {format:?}");
        }
    }
}

#[test]
fn a_hostile_site_title_is_escaped() {
    let renderer = HtmlRenderer::new(Site {
        title: "A <b>&</b> \"site\"\u{1}".to_owned(),
        description: String::new(),
        base_url: BaseUrl::parse("https://example.org/a&b'").expect("valid URL"),
    })
    .expect("the built-in templates load");
    let view = FeedView {
        of: FeedOf::Site,
        title: "",
        articles: &[],
        categories: &[],
    };
    for format in [FeedFormat::Atom, FeedFormat::Rss] {
        let xml = renderer.feed(&view, format).expect("the feed renders");
        elements(&xml);
        assert!(
            xml.contains("A &lt;b&gt;&amp;&lt;/b&gt; &quot;site&quot;"),
            "{xml}"
        );
        assert!(xml.contains("https://example.org/a&amp;b&apos;/"), "{xml}");
    }
    let json = renderer
        .feed(&view, FeedFormat::Json)
        .expect("the feed renders");
    let json: serde_json::Value = serde_json::from_str(&json).expect("valid JSON");
    assert_eq!(json["title"], "A <b>&</b> \"site\"");
}
