//! The static search finds what the server's search finds, in the same
//! order, page by page: a varied corpus in a SQLite store (drafts,
//! scheduled and expired articles, repeated words, words in titles,
//! summaries or only in text, ties, accented, Greek and CJK words, words
//! hidden in markup) searched through `Store::search` (FTS5, bm25) and
//! through the static index with `search.js`, run by Node.
//!
//! Node comes from `BLOG_NODE` or the `PATH`; `.ci/run` installs it. Without
//! it the test is skipped with a note, unless `CI` is set: then it fails.

use std::path::{Path, PathBuf};
use std::process::Command;

use blog_core::search_index::{IndexSource, Layout, SearchIndex};
use blog_core::{
    Article, Category, Change, ChangeSet, ListQuery, Markdown, PerPage, Scope, SearchQuery,
    SearchTerms, Slug, Status, Store, Tag, Title,
};
use blog_store::SqliteStore;
use chrono::{DateTime, Duration, Utc};

/// The moment of the search: 2025-06-15, noon.
fn now() -> DateTime<Utc> {
    DateTime::from_timestamp(1_749_988_800, 0).expect("a valid time")
}

/// A small page, so that the order is compared across pages.
fn per_page() -> PerPage {
    PerPage::new(4).expect("a valid page size")
}

fn slug(s: &str) -> Slug {
    Slug::parse(s).expect("a valid slug")
}

/// Words of every kind the tokenizers must agree on.
const WORDS: &[&str] = &[
    "rust",
    "async",
    "borrow",
    "trait",
    "sqlite",
    "index",
    "query",
    "cache",
    "server",
    "tokio",
    "Rust",
    "ASYNC",
    "café",
    "Café",
    "naïve",
    "ÉCOLE",
    "école",
    "straße",
    "über",
    "ΟΔΟΣ",
    "οδός",
    "東京タワー",
    "日本語",
    "москва",
    "Москва",
    "2024",
    "x86",
    "v2",
    "cafe\u{301}",
    "e\u{301}t\u{e9}",
    "ΣΟΦΟΣ",
    "σοφος",
    "ϐ",
    "ſtraße",
    "µs",
    "İstanbul",
    "istanbul",
    "ᲡᲐᲥᲐᲠᲗᲕᲔᲚᲝ",
    "საქართველო",
    "ᏣᎳᎩ",
    "ꮳꮃꭹ",
];

/// A deterministic generator (an LCG): the same corpus every run.
struct Dice(u64);

impl Dice {
    fn roll(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((self.0 >> 33) % n as u64) as usize
    }

    /// Between `least` and `least + spread - 1` words, the first of
    /// `WORDS` far more often than the last, as in real text: some words
    /// are in most articles (their idf is bm25's floor), others in few.
    fn words(&mut self, least: usize, spread: usize) -> Vec<&'static str> {
        let count = least + self.roll(spread);
        (0..count)
            .map(|_| {
                let below = self.roll(WORDS.len()) + 1;
                WORDS[self.roll(below)]
            })
            .collect()
    }
}

/// Text of `words`, with some of them in Markdown that keeps them (emphasis,
/// code, headings) or hides them (link targets, HTML tags).
fn markdown(dice: &mut Dice, words: &[&str]) -> String {
    let mut text = String::new();
    for (i, word) in words.iter().enumerate() {
        let piece = match dice.roll(12) {
            0 => format!("**{word}**"),
            1 => format!("[{word}](https://hidden.example/{word})"),
            2 => format!("<span class=\"secret\">{word}</span>"),
            3 => format!("`{word}`"),
            4 => format!("\n\n## {word}\n\n"),
            5 => format!("{word}, {word}."),
            _ => (*word).to_owned(),
        };
        if i > 0 {
            text.push(' ');
        }
        text.push_str(&piece);
    }
    text
}

fn categories() -> Vec<Category> {
    let category = |s: &str, name: &str, parent: Option<&str>| Category {
        parent: parent.map(slug),
        ..Category::new(
            slug(s),
            Title::parse(name).expect("a valid name"),
            Markdown::new(""),
        )
    };
    vec![
        category("lang", "Languages", None),
        category("rust", "Rust", Some("lang")),
        category("async-rust", "Async Rust", Some("rust")),
        category("web", "Web", None),
    ]
}

const TAGS: &[&str] = &["Databases", "Async", "tools", "Écriture"];

/// Sixty articles, a few of them copies of another under a new slug (the
/// same score: ties), one in eight a draft, some scheduled or expired.
fn corpus() -> Vec<Article> {
    let mut dice = Dice(7);
    let category_slugs = ["lang", "rust", "async-rust", "web"];
    let mut articles: Vec<Article> = Vec::new();
    for n in 0..60 {
        let title_words = dice.words(1, 4);
        let body_words = dice.words(5, 120);
        let day = Duration::days(dice.roll(30) as i64);
        let mut article = Article::new(
            slug(&format!("post-{n:02}")),
            Title::parse(&title_words.join(" ")).expect("a valid title"),
            Markdown::new(markdown(&mut dice, &body_words)),
            now() - Duration::days(40) + day,
        );
        if dice.roll(3) == 0 {
            article.summary = Some(dice.words(2, 6).join(" "));
        }
        match dice.roll(16) {
            0 | 1 => article.status = Status::Draft,
            2 => article.published_at = now() + Duration::days(3),
            3 => article.expires_at = Some(now() - Duration::days(1)),
            _ => {}
        }
        article.categories = vec![slug(category_slugs[dice.roll(4)])];
        article.tags = (0..dice.roll(3))
            .map(|_| Tag::parse(TAGS[dice.roll(TAGS.len())]).expect("a valid tag"))
            .collect();
        article.tags.dedup();
        if n % 10 == 9 {
            // A copy of an earlier article, at the same moment: a tie.
            let original = &articles[n - 5];
            article = Article {
                slug: article.slug,
                ..original.clone()
            };
        }
        articles.push(article);
    }
    // One article with every word, so that each is found at least once.
    articles.push(Article::new(
        slug("every-word"),
        Title::parse("Every word").expect("a valid title"),
        Markdown::new(WORDS.join(" ")),
        now() - Duration::days(1),
    ));
    // Long articles no reader sees, full of a few words: they weigh on
    // bm25's statistics (rows, average length, rows per term) all the same.
    for n in 0..12 {
        let mut hidden = Article::new(
            slug(&format!("hidden-{n:02}")),
            Title::parse("rust cache").expect("a valid title"),
            Markdown::new(["rust café naïve straße über "; 80].concat()),
            now() - Duration::days(n),
        );
        match n % 3 {
            0 => hidden.status = Status::Draft,
            1 => hidden.published_at = now() + Duration::days(n + 1),
            _ => hidden.expires_at = Some(now() - Duration::hours(1)),
        }
        articles.push(hidden);
    }
    // Words only drafts and scheduled articles hold count in bm25's
    // statistics, and are never found.
    let mut draft = Article::new(
        slug("draft-only"),
        Title::parse("Unpublished rust").expect("a valid title"),
        Markdown::new("zyzzyva rust rust async"),
        now() - Duration::days(2),
    );
    draft.status = Status::Draft;
    articles.push(draft);
    articles
}

fn store(articles: &[Article]) -> SqliteStore {
    let store = SqliteStore::open_in_memory().expect("opens");
    let changes: ChangeSet = categories()
        .into_iter()
        .map(Change::AddCategory)
        .chain(articles.iter().cloned().map(Change::PutArticle))
        .collect();
    store.apply(&changes).expect("the corpus applies");
    store
}

/// One search: its text and filters.
#[derive(Debug, Clone)]
struct Search {
    text: String,
    category: Option<&'static str>,
    tag: Option<&'static str>,
}

impl Search {
    fn text(text: impl Into<String>) -> Self {
        Self {
            text: text.into(),
            category: None,
            tag: None,
        }
    }

    /// The query string the search page's form sends.
    fn query_string(&self) -> String {
        let encode = |s: &str| -> String {
            s.bytes()
                .map(|b| {
                    if b.is_ascii_alphanumeric() {
                        char::from(b).to_string()
                    } else {
                        format!("%{b:02X}")
                    }
                })
                .collect()
        };
        format!(
            "q={}&category={}&tag={}",
            encode(&self.text),
            self.category.unwrap_or(""),
            self.tag.unwrap_or("")
        )
    }
}

fn searches() -> Vec<Search> {
    let mut searches: Vec<Search> = WORDS.iter().map(|w| Search::text(*w)).collect();
    let mut dice = Dice(11);
    for n in 0..60 {
        searches.push(Search::text(dice.words(2 + n % 3, 1).join(" ")));
    }
    for category in ["lang", "rust", "async-rust", "web", "unknown"] {
        for text in ["rust", "café async", "sqlite index query"] {
            searches.push(Search {
                category: Some(category),
                ..Search::text(text)
            });
        }
    }
    for (tag, category) in [
        ("databases", None),
        ("async", Some("rust")),
        ("ecriture", None),
        ("missing", None),
    ] {
        searches.push(Search {
            category,
            tag: Some(tag),
            ..Search::text("rust cache")
        });
    }
    for text in [
        "zyzzyva",
        "unpublished",
        "hidden",
        "secret span class",
        "nothing-here",
        "!!!",
        "rust rust RUST",
        "  rust,   async!  ",
        "rust async borrow trait sqlite index query cache server tokio",
        "cafe",
        "e",
        "東京",
    ] {
        searches.push(Search::text(text));
    }
    searches
}

/// What the server's search gives for `search`: the total, then each page
/// of results as (slug, title, date).
fn server(store: &SqliteStore, search: &Search) -> (u64, Vec<Vec<[String; 3]>>) {
    let mut query = SearchQuery {
        terms: SearchTerms::parse(search.text.trim()),
        category: search.category.map(slug),
        tag: search.tag.map(slug),
        per_page: per_page(),
        ..SearchQuery::new("", now())
    };
    let mut pages = Vec::new();
    loop {
        let page = store.search(&query).expect("searches");
        let total = page.total;
        pages.push(
            page.items
                .iter()
                .map(|hit| {
                    let h = &hit.headline;
                    [
                        h.slug.to_string(),
                        h.title.to_string(),
                        h.published_at
                            .to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
                    ]
                })
                .collect(),
        );
        match page.next() {
            Some(next) => query.page = next,
            None => return (total, pages),
        }
    }
}

/// The Node program that runs `search.js` over the index in a folder: the
/// total and every page of results of each query string.
const RUNNER: &str = r#"
const fs = require("fs");
const path = require("path");
const vm = require("vm");
const [script, root, queries] = process.argv.slice(2);
vm.runInThisContext(fs.readFileSync(script, "utf8"), { filename: script });
const search = globalThis.blogStaticSearch;
const load = async (file) => JSON.parse(fs.readFileSync(path.join(root, file), "utf8"));
(async () => {
  const out = [];
  for (const query of JSON.parse(fs.readFileSync(queries, "utf8"))) {
    const pages = [];
    let total = 0;
    for (let page = 1; ; page++) {
      const asked = search.request(new URLSearchParams(query + "&page=" + page));
      const found = await search.find(load, "/search/index.json", asked);
      total = found.total;
      if (found.outOfRange) throw new Error(query + ": page " + page + " is out of range");
      pages.push(found.hits.map((hit) => [hit.slug, hit.title, hit.date]));
      if (page >= found.pages) break;
    }
    out.push([total, pages]);
  }
  process.stdout.write(JSON.stringify(out));
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
"#;

/// Node, if it runs; `None` (with a note) when it does not and CI is not set.
fn node() -> Option<PathBuf> {
    let node = std::env::var_os("BLOG_NODE").map_or_else(|| PathBuf::from("node"), PathBuf::from);
    if Command::new(&node).arg("--version").output().is_ok() {
        return Some(node);
    }
    let hint = format!(
        "Node not found as {} (set BLOG_NODE, or install nodejs)",
        node.display()
    );
    assert!(std::env::var_os("CI").is_none(), "{hint}");
    eprintln!("skipped: {hint}");
    None
}

/// Writes `index`'s files under `root`, at their paths on the site.
fn write(index: &SearchIndex, root: &Path) {
    for file in index.files() {
        let path = root.join(file.path.trim_start_matches('/'));
        std::fs::create_dir_all(path.parent().expect("a folder")).expect("creates folders");
        std::fs::write(&path, &file.body).expect("writes a file");
    }
}

#[test]
fn the_static_search_finds_what_the_server_finds_in_the_same_order() {
    let Some(node) = node() else {
        return;
    };
    let articles = corpus();
    let store = store(&articles);
    let stored = blog_core::all_articles(
        &store,
        &ListQuery {
            scope: Scope::All,
            ..ListQuery::public(now())
        },
    )
    .expect("reads every article");
    assert_eq!(stored.len(), articles.len());
    let index = SearchIndex::build(&IndexSource {
        articles: &stored,
        categories: &store.categories().expect("reads categories"),
        now: now(),
        per_page: per_page(),
        // Small files, so that a search reads several of each kind.
        layout: Layout {
            postings_per_shard: 40,
            block: 3,
        },
    });
    let dir = tempfile::tempdir().expect("a temporary folder");
    write(&index, dir.path());
    let searches = searches();
    let queries: Vec<String> = searches.iter().map(Search::query_string).collect();
    let queries_file = dir.path().join("queries.json");
    std::fs::write(
        &queries_file,
        serde_json::to_string(&queries).expect("JSON"),
    )
    .expect("writes the queries");
    let runner = dir.path().join("runner.js");
    std::fs::write(&runner, RUNNER).expect("writes the runner");
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("crates/blog-render/assets/search.js");
    let output = Command::new(node)
        .arg(&runner)
        .arg(&script)
        .arg(dir.path())
        .arg(&queries_file)
        .output()
        .expect("node runs");
    assert!(
        output.status.success(),
        "node failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let found: Vec<(u64, Vec<Vec<[String; 3]>>)> =
        serde_json::from_slice(&output.stdout).expect("the runner's JSON");
    assert_eq!(found.len(), searches.len());
    let mut compared = 0;
    for (search, found) in searches.iter().zip(found) {
        let expected = server(&store, search);
        assert_eq!(found, expected, "{search:?}");
        compared += expected.0;
    }
    // The corpus gave the comparison something to compare, over many files.
    assert!(compared > 500, "only {compared} results compared");
    let shards = index
        .files()
        .iter()
        .filter(|f| {
            f.path
                .rsplit('/')
                .next()
                .is_some_and(|n| n.starts_with('t'))
        })
        .count();
    assert!(shards > 10, "{shards} term files");
}

#[test]
fn every_kind_of_word_is_found_as_the_server_finds_it() {
    // Each word of `WORDS`, alone: the server finds it (so the comparison
    // above covers it) exactly where the static search's tokenizer sees it.
    let articles = corpus();
    let store = store(&articles);
    for word in WORDS {
        let query = SearchQuery {
            per_page: PerPage::LARGEST,
            ..SearchQuery::new(word, now())
        };
        let found: Vec<String> = store
            .search(&query)
            .expect("searches")
            .items
            .iter()
            .map(|hit| hit.headline.slug.to_string())
            .collect();
        // What the index makes of the query's terms (FTS5 folds them again).
        let terms: Vec<String> = SearchTerms::parse(word)
            .as_slice()
            .iter()
            .map(|t| t.chars().map(blog_core::search_index::fold).collect())
            .collect();
        let mut expected: Vec<&Article> = articles
            .iter()
            .filter(|a| a.is_public(now()))
            .filter(|a| {
                let body = blog_core::search_index::markdown_tokens(a.body.as_str());
                let title = blog_core::search_index::tokens(a.title.as_str());
                let summary = blog_core::search_index::tokens(a.summary.as_deref().unwrap_or(""));
                terms.iter().all(|t| {
                    [&title, &summary, &body]
                        .iter()
                        .any(|tokens| tokens.contains(t))
                })
            })
            .collect();
        expected.sort_by_key(|a| a.slug.to_string());
        let mut found_sorted = found.clone();
        found_sorted.sort();
        let expected: Vec<String> = expected.iter().map(|a| a.slug.to_string()).collect();
        assert_eq!(found_sorted, expected, "{word:?}");
        // Found, but for the words whose query the server's search never
        // matches: a decomposed accent splits the query (`cafe` + U+0301
        // asks for `cafe`), and `İ` lowercases to `i` + U+0307, which the
        // index does not fold `İ` to.
        let never = word.contains('\u{301}') || word.contains('İ');
        assert_eq!(found.is_empty(), never, "{word:?}");
    }
}
