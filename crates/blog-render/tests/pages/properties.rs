//! What every page must have, and what each kind of page must do, whatever
//! its snapshot says.

use blog_core::Renderer;

use super::*;

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

/// The text of the page's JSON-LD script, parsed.
fn json_ld(html: &str) -> serde_json::Value {
    const OPEN: &str = "<script type=\"application/ld+json\">";
    let start = html.find(OPEN).expect("a JSON-LD script") + OPEN.len();
    let end = start + html[start..].find("</script>").expect("closed");
    serde_json::from_str(&html[start..end]).expect("JSON")
}

/// The `@type` of each node of the page's JSON-LD.
fn json_ld_types(html: &str) -> Vec<String> {
    let document = json_ld(html);
    let nodes = match document.get("@graph") {
        Some(graph) => graph.as_array().expect("a graph").clone(),
        None => vec![document],
    };
    nodes
        .iter()
        .map(|n| n["@type"].as_str().expect("a type").to_owned())
        .collect()
}

fn is_noindex(name: &str) -> bool {
    name.starts_with("search")
        || name == "not_found"
        || name == "gone"
        // The list of categories in another order than by name.
        || name == "categories_by_count"
        || name == "categories_by_latest"
}

#[test]
fn every_page_is_well_formed() {
    let renderer = renderer();
    for (name, html) in pages() {
        assert!(
            html.starts_with("<!DOCTYPE html>\n<html lang=\"en\">"),
            "{name}"
        );
        assert!(html.ends_with("</html>"), "{name}");
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
        // The stylesheets, linked by the paths that name their bytes.
        let stylesheets: Vec<&str> = html
            .split("<link rel=\"stylesheet\" href=\"")
            .skip(1)
            .filter_map(|rest| rest.split('"').next())
            .collect();
        assert_eq!(stylesheets.len(), 2, "{name}: {stylesheets:?}");
        for (href, plain) in stylesheets
            .into_iter()
            .zip(["/assets/style.css", "/assets/highlight.css"])
        {
            let linked = renderer.asset(href).expect("a served asset");
            assert!(linked.immutable, "{name}: {href}");
            let plain = renderer.asset(plain).expect("a served asset");
            assert_eq!(linked.body, plain.body, "{name}: {href}");
        }
        // No inline script: a script element holds JSON-LD, data, or is
        // the static search's file, which only the bare search page runs.
        let scripts = html.to_ascii_lowercase().matches("<script").count();
        let data = html
            .matches("<script type=\"application/ld+json\">")
            .count();
        let files: Vec<&str> = html
            .split("<script src=\"")
            .skip(1)
            .filter_map(|rest| {
                let (src, after) = rest.split_once('"')?;
                after.starts_with(" defer></script>").then_some(src)
            })
            .collect();
        assert_eq!(scripts, data + files.len(), "{name}: a script");
        assert!(data <= 1, "{name}");
        assert_eq!(files.len(), usize::from(name == "search_form"), "{name}");
        for src in files {
            let linked = renderer.asset(src).expect("a served asset");
            assert!(linked.immutable, "{name}: {src}");
            let plain = renderer.asset("/assets/search.js").expect("a served asset");
            assert_eq!(linked.body, plain.body, "{name}: {src}");
        }
        // No inline style (a CSP forbids them), but the alignment of table
        // cells that the Markdown renderer writes until it uses classes.
        assert_eq!(
            html.matches(" style=\"").count(),
            html.matches(" style=\"text-align: ").count(),
            "{name}: an inline style"
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
        for landmark in ["<nav", "<aside", "<section"] {
            for tag in html.split(landmark).skip(1) {
                let tag = &tag[..tag.find('>').expect("a closed tag")];
                assert!(
                    tag.contains(" aria-label=\"") || tag.contains(" aria-labelledby=\""),
                    "{name}: {landmark}{tag}>"
                );
            }
        }
        for current in ["Articles", "Categories", "Tags", "Archive", "Search"] {
            assert!(html.contains(&format!("\">{current}</a></li>")), "{name}");
        }
    }
}

#[test]
fn every_page_finds_the_site_feeds() {
    for (name, html) in pages() {
        for link in [
            "<link rel=\"alternate\" type=\"application/atom+xml\" title=\"Ferrous Notes (Atom)\" href=\"/feed.xml\">",
            "<link rel=\"alternate\" type=\"application/rss+xml\" title=\"Ferrous Notes (RSS)\" href=\"/rss.xml\">",
            "<link rel=\"alternate\" type=\"application/feed+json\" title=\"Ferrous Notes (JSON Feed)\" href=\"/feed.json\">",
        ] {
            assert!(html.contains(link), "{name}: {link}");
        }
        assert!(html.contains("<a href=\"/feed.xml\">Atom</a>"), "{name}");
    }
    let check = |html: String, title: &str, href: &str| {
        let link = format!(
            "<link rel=\"alternate\" type=\"application/atom+xml\" title=\"{title}\" href=\"{href}\">"
        );
        assert!(html.contains(&link), "{link}");
    };
    check(
        category_page(),
        "Ferrous Notes — Web",
        "/categories/web/feed.xml",
    );
    check(
        tag_page(),
        "Ferrous Notes — memory",
        "/tags/memory/feed.xml",
    );
    check(
        series_page(),
        "Ferrous Notes — Building an Engine",
        "/series/engine/feed.xml",
    );
}

#[test]
fn indexable_pages_name_their_canonical_url_and_others_ask_not_to_be_indexed() {
    for (name, html) in pages() {
        let canonical = html.contains("<link rel=\"canonical\" href=\"https://blog.example.org/");
        let og_url = html.contains("<meta property=\"og:url\" content=\"https://blog.example.org/");
        let noindex = html.contains("<meta name=\"robots\" content=\"noindex\">");
        assert_eq!(
            (canonical, og_url, noindex),
            (!is_noindex(name), !is_noindex(name), is_noindex(name)),
            "{name}"
        );
        for meta in [
            "<meta property=\"og:title\" content=\"",
            "<meta property=\"og:description\" content=\"",
            "<meta property=\"og:site_name\" content=\"Ferrous Notes\">",
            "<meta name=\"twitter:card\" content=\"summary\">",
            "<meta name=\"twitter:title\" content=\"",
            "<meta name=\"twitter:description\" content=\"",
        ] {
            assert!(html.contains(meta), "{name}: {meta}");
        }
    }
    let check = |html: String, url: &str| {
        assert!(
            html.contains(&format!(
                "<link rel=\"canonical\" href=\"https://blog.example.org{url}\">"
            )),
            "{url}"
        );
    };
    check(home_first_of_two(), "/");
    check(home_middle(), "/page/6/");
    check(article_alone(), "/articles/ownership-explained/");
    check(
        categories_page(CategorySort::Name, 2),
        "/categories/page/2/",
    );
    check(category_page(), "/categories/web/page/2/");
    check(tag_page(), "/tags/memory/");
    check(archive(), "/archive/");
}

#[test]
fn articles_are_described_for_open_graph() {
    let html = article_in_series();
    for meta in [
        "<meta property=\"og:type\" content=\"article\">",
        "<meta property=\"og:title\" content=\"Engine #02: Storage\">",
        "<meta property=\"article:published_time\" content=\"2025-01-08T12:00:00Z\">",
        "<meta property=\"article:modified_time\" content=\"2025-02-03T12:00:00Z\">",
        "<meta property=\"article:section\" content=\"Async Rust\">",
        "<meta property=\"article:tag\" content=\"SQLite\">",
        "<meta property=\"article:tag\" content=\"Storage Engines\">",
    ] {
        assert!(html.contains(meta), "{meta}");
    }
    assert!(home_first_of_two().contains("<meta property=\"og:type\" content=\"website\">"));
}

#[test]
fn json_ld_says_what_each_page_is() {
    assert_eq!(json_ld_types(&home_first_of_two()), ["Blog", "WebSite"]);
    assert!(!home_middle().contains("ld+json"), "only the front page");
    assert_eq!(
        json_ld_types(&article_alone()),
        ["BlogPosting", "BreadcrumbList"]
    );
    assert_eq!(json_ld_types(&category_nested()), ["BreadcrumbList"]);
    for name in ["not_found", "gone", "search_results", "tags", "archive"] {
        let (_, html) = pages()
            .into_iter()
            .find(|(n, _)| *n == name)
            .expect("a page");
        assert!(!html.contains("ld+json"), "{name}");
    }

    let posting = &json_ld(&article_in_series())["@graph"][0];
    assert_eq!(posting["headline"], "Engine #02: Storage");
    assert_eq!(
        posting["url"],
        "https://blog.example.org/articles/engine-storage/"
    );
    assert_eq!(posting["mainEntityOfPage"]["@id"], posting["url"]);
    assert_eq!(posting["datePublished"], "2025-01-08T12:00:00Z");
    assert_eq!(posting["dateModified"], "2025-02-03T12:00:00Z");
    assert_eq!(posting["author"]["@type"], "Organization");
    assert_eq!(posting["publisher"]["url"], "https://blog.example.org/");
    assert_eq!(
        posting["keywords"],
        serde_json::json!(["SQLite", "Storage Engines"])
    );
    assert_eq!(posting["articleSection"], serde_json::json!(["Async Rust"]));
    assert_eq!(posting["isPartOf"]["@type"], "CreativeWorkSeries");
    assert_eq!(
        posting["isPartOf"]["url"],
        "https://blog.example.org/series/engine/"
    );
    assert_eq!(posting["position"], 2);

    let crumbs = &json_ld(&category_nested())["itemListElement"];
    let names: Vec<&str> = crumbs
        .as_array()
        .expect("a list")
        .iter()
        .map(|c| c["name"].as_str().expect("a name"))
        .collect();
    assert_eq!(names, ["Categories", "Languages", "Rust"]);
    assert_eq!(
        crumbs[2]["item"],
        "https://blog.example.org/categories/rust/"
    );
    assert_eq!(crumbs[2]["position"], 3);
}

#[test]
fn json_ld_text_cannot_end_its_script_element() {
    let html = script_breaker_article();
    let start = html
        .find("<script type=\"application/ld+json\">")
        .expect("JSON-LD");
    let script = &html[start..];
    let body =
        &script[script.find('>').expect("open") + 1..script.find("</script>").expect("closed")];
    assert!(!body.contains(['<', '>', '&', '\u{2028}']), "{body}");
    assert_eq!(
        html.matches("</script>").count(),
        1,
        "only the JSON-LD's own"
    );
    let posting = &json_ld(&html)["@graph"][0];
    assert_eq!(posting["headline"], SCRIPT_BREAKER);
    assert_eq!(posting["keywords"][0], SCRIPT_BREAKER);
    assert!(
        posting["description"]
            .as_str()
            .is_some_and(|d| d.starts_with(SCRIPT_BREAKER) && d.contains('\u{2028}'))
    );
}

#[test]
fn hostile_text_is_escaped_everywhere() {
    let escaped = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &quot;quotes&quot;";
    for (name, html) in [
        ("home", home_first_of_two()),
        ("category", category_page()),
        ("article", hostile_article()),
        ("search", search_hostile()),
        ("tags", tags_page()),
        ("archive", archive()),
    ] {
        assert!(!html.contains(HOSTILE), "{name} has the raw text");
        assert!(
            !html.contains("<script>alert(\"x\")"),
            "{name} has the raw script"
        );
        assert!(html.matches(escaped).count() >= 1, "{name}: {html}");
    }
    let search = search_hostile();
    assert!(search.contains(&format!("value=\"{escaped}\"")));
    assert!(search.contains(&format!("<mark>{escaped}</mark>")));
    assert!(search.contains("&lt;img src=x onerror=alert(1)&gt; "));
    assert!(!search.contains("<img"));
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
        .render(&View::Home(ListingView {
            articles: &page(Vec::new(), 1, 10, 0),
            categories: &[],
        }))
        .expect("the page renders")
        .into_string();
    assert!(html.contains("<title>&lt;b&gt;Bold&lt;/b&gt; &amp; Co</title>"));
    assert!(!html.contains("<b>Bold"));
    assert_eq!(json_ld(&html)["@graph"][0]["name"], "<b>Bold</b> & Co");
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
    check(
        categories_page(CategorySort::Name, 1),
        "Categories · Ferrous Notes",
    );
    check(
        categories_page(CategorySort::Latest, 1),
        "Categories by latest article · Ferrous Notes",
    );
    check(
        categories_page(CategorySort::Name, 2),
        "Categories, page 2 · Ferrous Notes",
    );
    check(category_page(), "Web, page 2 · Ferrous Notes");
    check(tags_page(), "Tags · Ferrous Notes");
    check(tag_page(), "Tagged “memory” · Ferrous Notes");
    check(archive(), "Archive · Ferrous Notes");
    check(search_form(), "Search · Ferrous Notes");
    check(
        search_results(),
        "Search: borrow  Value, page 2 · Ferrous Notes",
    );
    check(not_found(), "Page not found · Ferrous Notes");
    check(gone(), "Article removed · Ferrous Notes");
    check(series_page(), "Building an Engine · Ferrous Notes");
}

#[test]
fn pagination_links_a_window_of_pages() {
    let middle = home_middle();
    let nav = &middle[middle.find("<nav class=\"pagination\"").expect("a pager")..];
    let nav = &nav[..nav.find("</nav>").expect("closed")];
    let shown: Vec<&str> = nav
        .split("<li")
        .skip(1)
        .map(|li| {
            let text = &li[..li.find("</li>").expect("closed")];
            if text.contains("aria-current=\"page\"") {
                "[6]"
            } else if text.contains("rel=\"prev\"") {
                "prev"
            } else if text.contains("rel=\"next\"") {
                "next"
            } else if text.contains('…') {
                "…"
            } else {
                text.rsplit("</span>")
                    .next()
                    .and_then(|t| t.split('<').next())
                    .expect("a number")
            }
        })
        .collect();
    assert_eq!(shown.join(" "), "prev 1 … 4 5 [6] 7 8 … 12 next");
    assert!(nav.contains("<a rel=\"prev\" href=\"/page/5/\">Newer</a>"));
    assert!(nav.contains("<a rel=\"next\" href=\"/page/7/\">Older</a>"));
    assert!(
        nav.contains("<li><a href=\"/\"><span class=\"visually-hidden\">Page </span>1</a></li>")
    );
    assert!(nav.contains(
        "<span aria-current=\"page\"><span class=\"visually-hidden\">Page </span>6</span>"
    ));
    assert!(middle.contains("<link rel=\"prev\" href=\"/page/5/\">"));
    assert!(middle.contains("<link rel=\"next\" href=\"/page/7/\">"));

    let first = home_first_of_two();
    assert!(first.contains("<a rel=\"next\" href=\"/page/2/\">Older</a>"));
    assert!(first.contains("<link rel=\"next\" href=\"/page/2/\">"));
    assert!(!first.contains("rel=\"prev\""));
    let last = home_last_of_three();
    assert!(last.contains("<a rel=\"prev\" href=\"/page/2/\">Newer</a>"));
    assert!(!last.contains("rel=\"next\""));
    let category = category_page();
    assert!(category.contains("<a rel=\"prev\" href=\"/categories/web/\">Newer</a>"));
    assert!(category.contains("<a rel=\"next\" href=\"/categories/web/page/3/\">Older</a>"));
    assert!(!home_empty().contains("class=\"pagination\""));
    let sorted = categories_page(CategorySort::Name, 2);
    assert!(sorted.contains("<a rel=\"prev\" href=\"/categories/\">Previous</a>"));
}

#[test]
fn the_series_box_marks_the_current_part_and_links_its_neighbours() {
    let html = article_in_series();
    assert!(html.contains(
        "<p id=\"series-title\">Part 2 of 3 in <a href=\"/series/engine/\">Building an Engine</a></p>"
    ));
    assert!(html.contains("<a rel=\"prev\" href=\"/articles/engine-domain/\">"));
    assert!(html.contains("<a rel=\"next\" href=\"/articles/engine-serving/\">"));
    assert!(html.contains("<link rel=\"prev\" href=\"/articles/engine-domain/\">"));
    assert!(html.contains("<li><span aria-current=\"page\">Engine #02: Storage</span></li>"));
    assert!(
        !html.contains("href=\"/articles/engine-storage/\""),
        "the current part is not linked"
    );
    assert!(!article_alone().contains("class=\"series\""));
}

#[test]
fn articles_link_related_and_neighbouring_articles_without_claiming_a_sequence() {
    let html = article_in_series();
    let related = &html[html.find("<aside class=\"related\"").expect("related")..];
    assert!(related.contains("<h2 id=\"related-title\">Related articles</h2>"));
    assert!(related.contains("<a href=\"/articles/http-caching/\">HTTP Caching for Blogs</a>"));
    // Its neighbours are its previous and next parts, which the series box
    // links already.
    assert!(!html.contains("class=\"neighbours\""));
    let hostile = hostile_article();
    let neighbours = &hostile[hostile
        .find("<nav class=\"neighbours\"")
        .expect("neighbours")..];
    let neighbours = &neighbours[..neighbours.find("</nav>").expect("closed")];
    assert!(
        neighbours.contains("href=\"/articles/engine-serving/\""),
        "older"
    );
    assert!(
        neighbours.contains("href=\"/articles/ownership-explained/\""),
        "newer"
    );
    assert!(
        !neighbours.contains("rel="),
        "publication order is no sequence"
    );
    assert!(!hostile.contains("rel=\"prev\""));
    let alone = article_alone();
    assert!(!alone.contains("class=\"related\""));
    assert!(!alone.contains("class=\"neighbours\""));
}

#[test]
fn articles_show_where_they_stand_among_categories() {
    let html = article_in_series();
    assert!(html.contains(
        "<nav class=\"breadcrumbs\" aria-label=\"Breadcrumb\">\n<ol>\n\
         \x20 <li><a href=\"/categories/\">Categories</a></li>\n\
         \x20 <li><a href=\"/categories/languages/\">Languages</a></li>\n\
         \x20 <li><a href=\"/categories/rust/\">Rust</a></li>\n\
         \x20 <li><a href=\"/categories/async/\">Async Rust</a></li>\n</ol>\n</nav>"
    ));
}

#[test]
fn tags_link_to_their_pages() {
    let tags = "<ul class=\"tags\" aria-label=\"Tags\">\n\
                \x20 <li><a href=\"/tags/borrow-checker/\">Borrow Checker</a></li>\n\
                \x20 <li><a href=\"/tags/memory/\">memory</a></li>\n</ul>";
    for (name, html) in [("article", article_alone()), ("card", home_first_of_two())] {
        assert!(html.contains(tags), "{name}: {html}");
    }
    let list = tags_page();
    assert!(list.contains(
        "<li><a href=\"/tags/memory/\">memory</a> <span class=\"count\">2 articles</span></li>"
    ));
    assert!(list.contains(
        "<li><a href=\"/tags/sqlite/\">SQLite</a> <span class=\"count\">3 articles</span></li>"
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
fn the_list_of_categories_sorts_three_ways() {
    let by_count = categories_page(CategorySort::Count, 1);
    assert!(
        by_count.contains("<a href=\"/categories/sort/count/\" aria-current=\"page\">Count</a>")
    );
    assert!(by_count.contains("<a href=\"/categories/\">Name</a>"));
    assert!(by_count.contains("<a href=\"/categories/sort/latest/\">Latest</a>"));
    let at = |html: &str, text: &str| html.find(text).unwrap_or_else(|| panic!("{text}"));
    assert!(at(&by_count, ">Languages</a></h2>") < at(&by_count, ">Async Rust</a></h2>"));
    let by_name = categories_page(CategorySort::Name, 1);
    assert!(by_name.contains(
        "<h2><a href=\"/categories/async/\">Async Rust</a></h2>\n\
         <p class=\"trail\">In <a href=\"/categories/languages/\">Languages</a> \
         <span aria-hidden=\"true\">›</span> <a href=\"/categories/rust/\">Rust</a></p>"
    ));
    assert!(by_name.contains("<p class=\"meta\">3 articles · latest <time datetime=\"2025-01-15T12:00:00Z\">15 January 2025</time></p>"));
    let second = categories_page(CategorySort::Name, 2);
    assert!(second.contains("<a href=\"/categories/\" aria-current=\"true\">Name</a>"));
    assert!(second.contains(">Web</a></h2>"));
    assert!(!second.contains(">Async Rust</a></h2>"));
}

#[test]
fn the_archive_groups_by_year_and_month() {
    let html = archive();
    let at = |text: &str| html.find(text).unwrap_or_else(|| panic!("{text}"));
    assert!(at("<h2 id=\"year-2025\">2025") < at("<h3>January 2025</h3>"));
    assert!(at("<h3>January 2025</h3>") < at("<h2 id=\"year-2024\">2024"));
    assert!(at("<h2 id=\"year-2024\">2024") < at("<h3>November 2024</h3>"));
    assert!(html.contains("<p class=\"meta\">7 articles, newest first.</p>"));
    assert!(html.contains(
        "<li><time datetime=\"2024-11-28T12:00:00Z\">28 November</time> <a href=\"/articles/cargo-workspaces/\">Cargo Workspaces</a></li>"
    ));
}

#[test]
fn search_works_without_javascript() {
    let form = search_form();
    assert!(form.contains(
        "<form class=\"search-form\" action=\"/search/\" method=\"get\" role=\"search\">"
    ));
    assert!(form.contains("<label for=\"search-q\">Search for</label>\n<input id=\"search-q\" type=\"search\" name=\"q\" value=\"\">"));
    assert!(form.contains(
        "<select id=\"search-category\" name=\"category\">\n  <option value=\"\">All</option>"
    ));
    assert!(form.contains("<option value=\"async\">Languages › Rust › Async Rust</option>"));
    assert!(
        form.contains("<select id=\"search-tag\" name=\"tag\">\n  <option value=\"\">All</option>")
    );
    assert!(
        !form.contains("class=\"results\""),
        "no results before a query"
    );
    assert!(!form.contains(" selected"));

    let results = search_results();
    assert!(results.contains("value=\"borrow  Value\""));
    assert!(results.contains("<option value=\"rust\" selected>Languages › Rust</option>"));
    assert!(results.contains("<option value=\"memory\" selected>memory</option>"));
    assert_eq!(results.matches(" selected").count(), 2);
    assert!(results.contains("5 results for “borrow  Value” in Rust, tagged memory</h2>"));
    assert!(results.contains(
        "<p class=\"snippet\">… a <mark>value</mark> &amp; a &lt;b&gt;tag&lt;/b&gt; …</p>"
    ));
    assert!(results.contains("<mark>borrows</mark>") || results.contains("<mark>value</mark>"));
    assert!(results.contains(
        "<a rel=\"prev\" href=\"/search/?q=borrow%20%20Value&amp;category=rust&amp;tag=memory\">Previous</a>"
    ));
    assert!(results.contains(
        "<a rel=\"next\" href=\"/search/?q=borrow%20%20Value&amp;category=rust&amp;tag=memory&amp;page=3\">Next</a>"
    ));

    let none = search_no_results();
    assert!(none.contains("No results for “haskell” in Web</h2>\n<p class=\"hint\">"));
    assert!(none.contains("search all categories and tags"));
    assert!(!none.contains("class=\"pagination\""));
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
