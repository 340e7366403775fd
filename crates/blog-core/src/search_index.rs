//! The static search: an index of the public articles, written as small
//! JSON files, that blog-render's `search.js` searches in a browser where
//! the site is served as plain files. The script finds what the server's
//! search finds, in the same order: SQLite FTS5's `bm25` with the weights
//! 8, 4 and 1 for the title, the given summary and the text, best first,
//! ties newest first, then by slug. This index holds what that takes.
//!
//! The files (see [`SearchIndex::files`]):
//!
//! - [`urls::SEARCH_INDEX`], `/search/index.json`, read by every search:
//!   the format, the stamp of this build of the index, the page size, the
//!   two statistics bm25 takes over every row of the full-text table, that
//!   is over every article the store holds, drafts and scheduled ones too
//!   (`rows`, `tokens`), the number of term files (`shards`) and of
//!   articles per article file (`block`), and `lengths`, the length in
//!   tokens of each public article in listing order (newest first, then by
//!   slug). A public article is known by its position in that order, which
//!   is also the order of ties, so the script needs no date or slug to rank.
//! - `/search/index/{stamp}/t{n}.json`: the terms whose [`shard`] is `n`,
//!   each with its idf (computed here, so that the script takes no
//!   logarithm and does only the arithmetic bm25 does after it, in the same
//!   order: the same IEEE operations give the same bits) and its postings:
//!   the public articles that hold it, each with the weighted count of its
//!   hits (8 per hit in the title, 4 in the summary, 1 in the text). Only
//!   the terms of the query are loaded.
//! - `/search/index/{stamp}/d{n}.json`: what a result shows (slug, title,
//!   date, summary) of `block` articles ([`Layout`]) from the
//!   `n * block`th: only those of the page shown are loaded.
//! - `/search/index/{stamp}/filters.json`: the public articles of each
//!   category (and those below it) and of each tag, with its name, loaded
//!   only for a search that names one.
//!
//! The stamp is a hash of every other file: a new build puts its files
//! under a new folder, so a browser never mixes files of two builds.
//! Lists of integers are strings of [`encode`]d numbers: article positions
//! as gaps from the previous one (minus one, so that neighbours cost one
//! character), lengths and counts as they are.
//!
//! Words are found by [`tokens`], a port of FTS5's `unicode61` tokenizer
//! with `remove_diacritics 0` (see there for where it differs).

mod numbers;
mod terms;
mod tokens;

use std::collections::BTreeMap;

use chrono::{DateTime, SecondsFormat, Utc};
use serde::Serialize;

use crate::{
    Article, Category, CategoryTree, Headline, PerPage, Summary, index_text, tag_counts, urls,
};
use numbers::{Gaps, encode_all};
use terms::Terms;

pub use numbers::{decode, encode};
pub use terms::{idf, shard};
pub use tokens::{fold, markdown_tokens, tokens};

/// The version of the layout of the files, which the script checks.
pub const FORMAT: u32 = 1;

/// The content type of every file of the index.
pub const CONTENT_TYPE: &str = "application/json";

/// How the index is cut into files.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Layout {
    /// About how many postings a term file holds: the number of term files
    /// is the number of postings over this, at least one.
    pub postings_per_shard: usize,
    /// How many articles an article file describes.
    pub block: usize,
}

impl Layout {
    /// Term files of some 50 kB, article files of 20 articles (some 7 kB):
    /// a search reads a file per term and one per result at most.
    pub const DEFAULT: Layout = Layout {
        postings_per_shard: 20_000,
        block: 20,
    };
}

impl Default for Layout {
    fn default() -> Self {
        Self::DEFAULT
    }
}

/// The most words of a summary a result shows; a longer one is cut, with `…`.
pub const SUMMARY_WORDS: usize = 40;

/// What the index is built from.
#[derive(Debug, Clone, Copy)]
pub struct IndexSource<'a> {
    /// Every article the store holds, whatever its visibility: bm25's
    /// statistics count them all.
    pub articles: &'a [Article],
    /// Every category, for the category filter.
    pub categories: &'a [Category],
    /// The moment that decides which articles are public.
    pub now: DateTime<Utc>,
    /// How many results a page shows.
    pub per_page: PerPage,
    /// How the index is cut into files.
    pub layout: Layout,
}

/// One file of the index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexFile {
    /// Its path on the site.
    pub path: String,
    /// Its JSON text.
    pub body: String,
}

/// The static search's files for one state of the content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchIndex {
    files: Vec<IndexFile>,
}

impl SearchIndex {
    /// The index of `source`'s articles public at `source.now`.
    pub fn build(source: &IndexSource<'_>) -> Self {
        let mut public: Vec<&Article> = source
            .articles
            .iter()
            .filter(|a| a.is_public(source.now))
            .collect();
        public.sort_by(|a, b| crate::newest_first(a, b));
        let terms = Terms::count(&public, source.articles);
        let layout = source.layout;
        let block = layout.block.max(1);
        let shards = terms
            .postings
            .div_ceil(layout.postings_per_shard.max(1))
            .max(1);
        let mut named: Vec<(String, String)> = Vec::new();
        for (n, shard) in terms.shards(shards).into_iter().enumerate() {
            named.push((format!("t{n}"), json(&shard)));
        }
        for (n, articles) in public.chunks(block).enumerate() {
            let docs: Vec<Doc<'_>> = articles.iter().map(|a| Doc::of(a)).collect();
            named.push((format!("d{n}"), json(&docs)));
        }
        named.push((
            "filters".to_owned(),
            json(&Filters::of(&public, source.categories)),
        ));
        let mut meta = Meta {
            format: FORMAT,
            stamp: String::new(),
            per_page: source.per_page.get(),
            rows: source.articles.len() as u64,
            tokens: terms.tokens,
            shards,
            block,
            lengths: encode_all(terms.lengths.iter().map(|&n| u64::from(n))),
        };
        meta.stamp = format!("{:016x}", stamp(&json(&meta), &named));
        let mut files = vec![IndexFile {
            path: urls::SEARCH_INDEX.to_owned(),
            body: json(&meta),
        }];
        files.extend(named.into_iter().map(|(name, body)| IndexFile {
            path: file_path(&meta.stamp, &name),
            body,
        }));
        Self { files }
    }

    /// Every file: [`urls::SEARCH_INDEX`] first, then the terms, the
    /// articles and the filters.
    pub fn files(&self) -> &[IndexFile] {
        &self.files
    }

    /// The files, owned.
    pub fn into_files(self) -> Vec<IndexFile> {
        self.files
    }

    /// The file at `path`, if the index has one there.
    pub fn file(&self, path: &str) -> Option<&IndexFile> {
        self.files.iter().find(|f| f.path == path)
    }
}

/// Whether `path` has the shape of a path of the index:
/// [`urls::SEARCH_INDEX`], or `/search/index/{stamp}/{name}.json` with a
/// stamp of 16 lowercase hex digits and a name of lowercase ASCII letters
/// and digits. Whether a file is there depends on the content.
pub fn is_index_path(path: &str) -> bool {
    if path == urls::SEARCH_INDEX {
        return true;
    }
    let Some(rest) = path.strip_prefix(urls::SEARCH_INDEX_FILES) else {
        return false;
    };
    let Some((stamp, file)) = rest.split_once('/') else {
        return false;
    };
    let Some(name) = file.strip_suffix(".json") else {
        return false;
    };
    stamp.len() == 16
        && stamp
            .bytes()
            .all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
        && !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
}

/// The path of file `name` of the index stamped `stamp`.
fn file_path(stamp: &str, name: &str) -> String {
    format!("{}{stamp}/{name}.json", urls::SEARCH_INDEX_FILES)
}

/// `value` as JSON. Floats are written with the fewest digits that read
/// back to the same bits.
fn json<T: Serialize>(value: &T) -> String {
    serde_json::to_string(value).expect("strings, numbers and maps with string keys serialize")
}

/// `/search/index.json`, as serialized (the field order is the format's).
#[derive(Debug, Serialize)]
struct Meta {
    format: u32,
    stamp: String,
    per_page: u32,
    rows: u64,
    tokens: u64,
    shards: usize,
    block: usize,
    lengths: String,
}

/// What a result shows of an article: slug, title, date (RFC 3339, to the
/// second, UTC), summary.
#[derive(Debug, Serialize)]
struct Doc<'a>(&'a str, &'a str, String, String);

impl<'a> Doc<'a> {
    fn of(article: &'a Article) -> Self {
        Self(
            article.slug.as_str(),
            article.title.as_str(),
            article
                .published_at
                .to_rfc3339_opts(SecondsFormat::Secs, true),
            summary(article),
        )
    }
}

/// The summary a result shows: the given one, else the text of the
/// excerpt as an index keeps it ([`index_text`]), whitespace collapsed, at
/// most [`SUMMARY_WORDS`] words.
fn summary(article: &Article) -> String {
    let text = match article.summary() {
        Summary::Given(given) => given.to_owned(),
        Summary::Excerpt(markdown) => index_text(markdown),
    };
    let words: Vec<&str> = text.split_whitespace().collect();
    if words.len() > SUMMARY_WORDS {
        format!("{}…", words[..SUMMARY_WORDS].join(" "))
    } else {
        words.join(" ")
    }
}

/// The filters file: each category's and tag's name and public articles.
#[derive(Debug, Serialize)]
struct Filters<'a> {
    categories: BTreeMap<&'a str, (&'a str, String)>,
    tags: BTreeMap<String, (String, String)>,
}

impl<'a> Filters<'a> {
    /// The filters of `public` (in listing order). A category holds the
    /// articles of every category below it, as the server's filter does; a
    /// tag is named as on its newest article, as the search page names it.
    fn of(public: &[&Article], categories: &'a [Category]) -> Self {
        let tree = CategoryTree::new(categories);
        let categories = categories
            .iter()
            .map(|category| {
                let covered = tree.subtree(&category.slug);
                let docs = positions(public, |a| a.categories.iter().any(|c| covered.contains(c)));
                (category.slug.as_str(), (category.name.as_str(), docs))
            })
            .collect();
        let headlines: Vec<Headline> = public.iter().map(|a| Headline::from(*a)).collect();
        let tags = tag_counts(&headlines)
            .into_iter()
            .map(|count| {
                let slug = count.tag.slug();
                let docs = positions(public, |a| a.has_tag(slug));
                (slug.to_string(), (count.tag.name().to_owned(), docs))
            })
            .collect();
        Self { categories, tags }
    }
}

/// The positions in `public` of the articles that pass `keep`, encoded as
/// gaps.
fn positions(public: &[&Article], keep: impl Fn(&Article) -> bool) -> String {
    let mut out = String::new();
    let mut gaps = Gaps::default();
    for (doc, article) in public.iter().enumerate() {
        if keep(article) {
            encode(gaps.next(doc as u64), &mut out);
        }
    }
    out
}

/// The stamp of an index: the 64-bit FNV-1a hash of its meta file (without
/// a stamp) and of every other file's name and text.
fn stamp(meta: &str, files: &[(String, String)]) -> u64 {
    let mut hash = 0xcbf2_9ce4_8422_2325_u64;
    let mut feed = |bytes: &[u8]| {
        for &byte in bytes {
            hash = (hash ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01b3);
        }
    };
    feed(meta.as_bytes());
    for (name, body) in files {
        feed(b"\0");
        feed(name.as_bytes());
        feed(b"\0");
        feed(body.as_bytes());
    }
    hash
}

#[cfg(test)]
mod tests {
    use serde_json::Value;

    use super::*;
    use crate::article::tests::{article, at};
    use crate::{Markdown, Slug, Status, Tag, Title};

    #[test]
    fn paths() {
        assert!(is_index_path("/search/index.json"));
        assert!(is_index_path("/search/index/0123456789abcdef/t0.json"));
        assert!(is_index_path("/search/index/0123456789abcdef/filters.json"));
        for bad in [
            "/search/index.JSON",
            "/search/index/",
            "/search/index/0123456789abcdef/",
            "/search/index/0123456789abcdef/.json",
            "/search/index/0123456789abcdef/T0.json",
            "/search/index/0123456789abcdef/t-0.json",
            "/search/index/0123456789abcdeg/t0.json",
            "/search/index/0123456789abcdef0/t0.json",
            "/search/index/0123456789abcdef/x/t0.json",
            "/search/",
        ] {
            assert!(!is_index_path(bad), "{bad}");
        }
    }

    fn slug(s: &str) -> Slug {
        Slug::parse(s).expect("a valid slug")
    }

    /// Three public articles (two at the same moment) and a draft.
    fn articles() -> Vec<Article> {
        let mut a = article("a", 3);
        a.title = Title::parse("Rust async").expect("a valid title");
        a.body = Markdown::new("Rust, *rust* and [tokio](https://tokio.rs).");
        a.categories = vec![slug("child")];
        a.tags = vec![Tag::parse("Async").expect("a valid tag")];
        let mut b = article("b", 2);
        b.title = Title::parse("Tokio").expect("a valid title");
        b.summary = Some("All about rust".to_owned());
        b.body = Markdown::new("Tokio runs async code.");
        b.categories = vec![slug("top")];
        let mut ab = article("ab", 2);
        ab.body = Markdown::new("First paragraph.\n\nSecond paragraph, with rust.");
        let mut draft = article("draft", 4);
        draft.status = Status::Draft;
        draft.body = Markdown::new("Secret rust.");
        vec![draft, b, ab, a]
    }

    fn categories() -> Vec<Category> {
        let top = Category::new(
            slug("top"),
            Title::parse("Top").expect("a valid name"),
            Markdown::new(""),
        );
        let child = Category {
            parent: Some(slug("top")),
            ..Category::new(
                slug("child"),
                Title::parse("Child").expect("a valid name"),
                Markdown::new(""),
            )
        };
        vec![child, top]
    }

    fn build(articles: &[Article]) -> SearchIndex {
        SearchIndex::build(&IndexSource {
            articles,
            categories: &categories(),
            now: at(10),
            per_page: PerPage::DEFAULT,
            layout: Layout {
                postings_per_shard: 1,
                block: 2,
            },
        })
    }

    fn json_of(index: &SearchIndex, name: &str) -> Value {
        let file = index
            .files()
            .iter()
            .find(|f| f.path.ends_with(&format!("/{name}.json")) || f.path.ends_with(name))
            .unwrap_or_else(|| panic!("no file {name}"));
        serde_json::from_str(&file.body).expect("JSON")
    }

    /// The term `term` of `index`: its idf and its postings, decoded.
    fn term(index: &SearchIndex, term: &str) -> Option<(f64, Vec<u64>)> {
        let shards = json_of(index, "index.json")["shards"]
            .as_u64()
            .expect("shards");
        let shard = json_of(index, &format!("t{}", shard(term, shards as usize)));
        let entry = shard.get(term)?;
        Some((
            entry[0].as_f64().expect("an idf"),
            decode(entry[1].as_str().expect("postings")).expect("numbers"),
        ))
    }

    fn length(text: &str) -> u64 {
        tokens(text).len() as u64
    }

    #[test]
    fn the_index_of_a_small_blog() {
        let index = build(&articles());
        let meta = json_of(&index, "index.json");
        let files = index.files();
        assert_eq!(files[0].path, "/search/index.json");
        let stamp = meta["stamp"].as_str().expect("a stamp");
        for file in files {
            assert!(is_index_path(&file.path), "{}", file.path);
            if file.path != "/search/index.json" {
                assert!(file.path.starts_with(&format!("/search/index/{stamp}/")));
            }
            assert_eq!(index.file(&file.path), Some(file));
        }
        assert_eq!(meta["format"], 1);
        assert_eq!(meta["per_page"], 10);
        assert_eq!(meta["block"], 2);
        // Every row counts, the draft's too: 4 rows, and their tokens.
        assert_eq!(meta["rows"], 4);
        let (a, ab, b) = (
            length("Rust async") + length("Rust, rust and tokio."),
            length("ab") + length("First paragraph. Second paragraph, with rust."),
            length("Tokio") + length("All about rust") + length("Tokio runs async code."),
        );
        let draft = length("draft") + length("Secret rust.");
        assert_eq!(meta["tokens"].as_u64(), Some(a + ab + b + draft));
        // Public articles newest first, ties by slug: a, ab, b.
        let lengths = decode(meta["lengths"].as_str().expect("lengths")).expect("numbers");
        assert_eq!(lengths, [a, ab, b]);
        // "rust": in every row (idf at its floor); 8 per hit in a title, 4
        // in a given summary, 1 in the text: a (8 + 2), ab (1), b (4).
        assert_eq!(term(&index, "rust"), Some((1e-6, vec![0, 10, 0, 1, 0, 4])));
        assert_eq!(term(&index, "tokio"), Some((idf(4, 2), vec![0, 1, 1, 9])));
        // A link target is not text; a draft's words are in no posting.
        assert_eq!(term(&index, "tokio.rs"), None);
        assert_eq!(term(&index, "rs"), None);
        assert_eq!(term(&index, "secret"), None);
        assert_eq!(term(&index, "draft"), None);
        // What results show, two articles a file.
        assert_eq!(
            json_of(&index, "d0"),
            serde_json::json!([
                // The text of the excerpt, as the server's snippets show it.
                [
                    "a",
                    "Rust async",
                    "2025-01-03T12:00:00Z",
                    "Rust, rust and tokio ."
                ],
                ["ab", "ab", "2025-01-02T12:00:00Z", "First paragraph."],
            ])
        );
        assert_eq!(
            json_of(&index, "d1"),
            serde_json::json!([["b", "Tokio", "2025-01-02T12:00:00Z", "All about rust"]])
        );
        // A category holds those below it; a tag is named as written.
        let filters = json_of(&index, "filters");
        let docs = |v: &Value| decode(v[1].as_str().expect("positions")).expect("numbers");
        assert_eq!(filters["categories"]["top"][0], "Top");
        assert_eq!(docs(&filters["categories"]["top"]), [0, 1]);
        assert_eq!(docs(&filters["categories"]["child"]), [0]);
        assert_eq!(filters["tags"]["async"][0], "Async");
        assert_eq!(docs(&filters["tags"]["async"]), [0]);
    }

    #[test]
    fn the_stamp_names_the_content() {
        let first = build(&articles());
        assert_eq!(build(&articles()), first);
        // A draft no reader sees still changes bm25's statistics.
        let mut changed = articles();
        changed[0].body = Markdown::new("Secret rust, longer now.");
        let second = build(&changed);
        let stamp = |index: &SearchIndex| json_of(index, "index.json")["stamp"].clone();
        assert_ne!(stamp(&second), stamp(&first));
        assert!(
            second
                .files()
                .iter()
                .skip(1)
                .all(|f| first.file(&f.path).is_none())
        );
    }

    #[test]
    fn a_long_summary_is_cut() {
        let mut long = article("long", 1);
        long.summary = Some(vec!["word"; SUMMARY_WORDS + 5].join("  "));
        let expected = format!("{}…", vec!["word"; SUMMARY_WORDS].join(" "));
        assert_eq!(summary(&long), expected);
        long.summary = Some(" a\n b ".to_owned());
        assert_eq!(summary(&long), "a b");
    }

    #[test]
    fn an_empty_blog_has_an_index() {
        let index = build(&[]);
        let meta = json_of(&index, "index.json");
        assert_eq!(meta["rows"], 0);
        assert_eq!(meta["lengths"], "");
        assert_eq!(meta["shards"], 1);
        assert_eq!(term(&index, "rust"), None);
    }
}
