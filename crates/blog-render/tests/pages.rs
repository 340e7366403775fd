//! Every page type rendered from fixed domain values, pinned by snapshots,
//! plus the properties every page must have whatever its snapshot says.

#[path = "pages/fixtures.rs"]
mod fixtures;

use blog_core::{
    ArchiveView, ArticleView, CategoriesView, CategorySort, CategoryView, Fragment, Headline,
    ListingView, NotFoundView, Page, PageNumber, PerPage, SearchHit, SearchQuery, SearchView,
    SeriesOutline, Snippet, TagView, TagsView, View, category_stats, index_text, neighbours,
    related, tag_counts,
};
use blog_render::HtmlRenderer;
use fixtures::*;

fn home(articles: &Page<blog_core::Article>) -> String {
    let categories = categories();
    render(View::Home(ListingView {
        articles,
        categories: &categories,
    }))
}

fn home_first_of_two() -> String {
    home(&page(vec![ownership(), hostile()], 1, 2, 3))
}

fn home_middle() -> String {
    home(&page(vec![ownership()], 6, 1, 12))
}

fn home_last_of_three() -> String {
    home(&page(vec![ownership()], 3, 1, 3))
}

fn home_empty() -> String {
    render(View::Home(ListingView {
        articles: &page(Vec::new(), 1, 10, 0),
        categories: &[],
    }))
}

/// An article with no series, nothing related and no neighbours.
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

/// The middle part of a series, with related and neighbouring articles,
/// and a body with headings.
fn article_in_series() -> String {
    let parts = parts();
    let outline = SeriesOutline::new(series(), &parts);
    let categories = categories();
    let headlines = headlines();
    let related = related(&parts[1], &headlines, 3);
    render(View::Article(ArticleView {
        article: &parts[1],
        categories: &categories,
        series: Some(&outline),
        related: &related,
        neighbours: neighbours(&headlines, &parts[1].slug),
    }))
}

fn hostile_article() -> String {
    let categories = categories();
    let headlines = headlines();
    render(View::Article(ArticleView {
        article: &hostile(),
        categories: &categories,
        series: None,
        related: &[],
        neighbours: neighbours(&headlines, &hostile().slug),
    }))
}

fn script_breaker_article() -> String {
    let categories = categories();
    render(View::Article(ArticleView {
        article: &script_breaker(),
        categories: &categories,
        series: None,
        related: &[],
        neighbours: blog_core::Neighbours::default(),
    }))
}

/// Page `number` of the categories in order `sort`, three a page.
fn categories_page(sort: CategorySort, number: u32) -> String {
    let stats = category_stats(&categories(), &headlines(), sort);
    let page = Page::from_all(
        stats,
        PageNumber::new(number).expect("nonzero"),
        PerPage::new(3).expect("valid"),
    );
    render(View::Categories(CategoriesView {
        categories: &page,
        sort,
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
    let articles = page(vec![ownership(), parts()[2].clone()], 1, 10, 2);
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

fn tags_page() -> String {
    render(View::Tags(TagsView {
        tags: &tag_counts(&headlines()),
    }))
}

/// The first of two pages of a tag.
fn tag_page() -> String {
    let categories = categories();
    let [caching, _] = older();
    let articles = page(vec![ownership(), caching], 1, 2, 3);
    render(View::Tag(TagView {
        tag: &tags(&["memory"])[0],
        listing: ListingView {
            articles: &articles,
            categories: &categories,
        },
    }))
}

fn archive() -> String {
    render(View::Archive(ArchiveView {
        headlines: &std::sync::Arc::new(headlines()),
    }))
}

/// The search page for `text` with `query`'s filters and `results`.
fn search(text: &str, query: &SearchQuery, results: Option<&Page<SearchHit>>) -> String {
    render(View::Search(SearchView {
        text,
        query,
        results,
        categories: &categories(),
        tags: &tag_counts(&headlines()),
    }))
}

fn hit(headline: Headline, snippet: &[(&str, bool)]) -> SearchHit {
    SearchHit {
        headline,
        snippet: Snippet(
            snippet
                .iter()
                .map(|&(text, matched)| Fragment {
                    text: text.to_owned(),
                    matched,
                })
                .collect(),
        ),
    }
}

fn search_form() -> String {
    search("", &SearchQuery::new("", day(3, 1)), None)
}

/// Page 2 of the results of two words in a category with a tag.
fn search_results() -> String {
    let text = "borrow  Value";
    let mut query = SearchQuery::new(text, day(3, 1));
    query.category = Some(slug("rust"));
    query.tag = Some(slug("memory"));
    query.page = PageNumber::new(2).expect("nonzero");
    query.per_page = PerPage::new(2).expect("valid");
    let owner = ownership();
    let snippet = Snippet::around(&index_text(owner.body.as_str()), &query.terms, 12);
    let results = page(
        vec![
            SearchHit {
                headline: Headline::from(&owner),
                snippet,
            },
            hit(
                headline("http-caching"),
                &[
                    ("… a ", false),
                    ("value", true),
                    (" & a <b>tag</b> …", false),
                ],
            ),
        ],
        2,
        2,
        5,
    );
    search(text, &query, Some(&results))
}

fn search_no_results() -> String {
    let mut query = SearchQuery::new("haskell", day(3, 1));
    query.category = Some(slug("web"));
    search("haskell", &query, Some(&page(Vec::new(), 1, 10, 0)))
}

/// A hostile query, and a hit whose snippet is hostile text.
fn search_hostile() -> String {
    let query = SearchQuery::new(HOSTILE, day(3, 1));
    let results = page(
        vec![hit(
            Headline::from(&hostile()),
            &[("<img src=x onerror=alert(1)> ", false), (HOSTILE, true)],
        )],
        1,
        10,
        1,
    );
    search(HOSTILE, &query, Some(&results))
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
        outline: &SeriesOutline::new(series(), &[] as &[blog_core::Article]),
    })
}

fn gone() -> String {
    render(View::Gone {
        path: "/articles/<b>old</b>/",
    })
}

/// One snapshot test per page, and the list of every page: `name => page`.
macro_rules! pages {
    ($($name:ident => $page:expr),* $(,)?) => {
        mod snapshot {
            $(
                #[test]
                fn $name() {
                    let name = stringify!($name);
                    insta::assert_snapshot!(name, super::named(name));
                }
            )*
        }

        /// The page named `name`.
        fn named(name: &str) -> String {
            match name {
                $(stringify!($name) => $page,)*
                _ => unreachable!("no page is named {name}"),
            }
        }

        /// Every page, by snapshot name.
        fn pages() -> Vec<(&'static str, String)> {
            vec![$((stringify!($name), $page)),*]
        }
    };
}

pages! {
    home_first_of_two => home_first_of_two(),
    home_middle => home_middle(),
    home_last_of_three => home_last_of_three(),
    home_empty => home_empty(),
    article_alone => article_alone(),
    article_in_series => article_in_series(),
    article_hostile => hostile_article(),
    article_script_breaker => script_breaker_article(),
    categories_by_name => categories_page(CategorySort::Name, 1),
    categories_by_count => categories_page(CategorySort::Count, 1),
    categories_by_latest => categories_page(CategorySort::Latest, 1),
    categories_page_two => categories_page(CategorySort::Name, 2),
    category_second_page => category_page(),
    category_nested => category_nested(),
    tags => tags_page(),
    tag => tag_page(),
    archive => archive(),
    search_form => search_form(),
    search_results => search_results(),
    search_no_results => search_no_results(),
    search_hostile => search_hostile(),
    not_found => not_found(),
    gone => gone(),
    series => series_page(),
    series_empty => series_empty(),
}

#[path = "pages/properties.rs"]
mod properties;
