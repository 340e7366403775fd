//! Content for the reliability tests: a seeded random number generator, a
//! folder of generated articles (the same for the same arguments), what a
//! database holds read back through the store, and folders compared byte
//! for byte.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use blog_core::{Article, Category, ListQuery, Scope, Series, Store};
use blog_store::SqliteStore;

/// SplitMix64: a small, seedable generator, good enough to pick test
/// inputs and moments (and to print a seed that replays a run).
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// A generator that starts from `seed`.
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    /// A seed from the clock, or from the variable `var` when it holds a
    /// number, to replay a run.
    pub fn seed_from_env(var: &str) -> u64 {
        std::env::var(var)
            .ok()
            .and_then(|s| s.trim().parse().ok())
            .unwrap_or_else(|| {
                std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map_or(0, |d| d.as_nanos() as u64)
            })
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n` > 0).
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n
    }

    /// A number in `[0, 1)`.
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// `len` random bytes.
    pub fn bytes(&mut self, len: usize) -> Vec<u8> {
        (0..len).map(|_| self.next_u64() as u8).collect()
    }
}

const WORDS: &[&str] = &[
    "ownership",
    "borrow",
    "lifetime",
    "trait",
    "async",
    "future",
    "thread",
    "channel",
    "iterator",
    "closure",
    "macro",
    "crate",
    "cargo",
    "result",
    "pattern",
    "struct",
    "memory",
    "cache",
    "request",
    "server",
    "database",
    "index",
    "schema",
    "sqlite",
    "parse",
    "snapshot",
    "release",
    "kernel",
    "socket",
    "buffer",
];

/// Writes `count` articles, `post-00000.md` onwards, to `dir` (created if
/// missing): TOML front matter with a title, explicit publication,
/// creation and update times (so that importing them stores the same
/// thing whenever it runs), one of twelve categories and a few tags, then
/// four paragraphs, some code and a list, about 2 KB in all. `version`
/// changes every article's title, text and update time; the same
/// arguments write the same bytes.
pub fn write_articles(dir: &Path, count: usize, version: u32) {
    write_long_articles(dir, count, version, 4);
}

/// Writes articles as [`write_articles`] does, with `paragraphs`
/// paragraphs of about 300 bytes each.
pub fn write_long_articles(dir: &Path, count: usize, version: u32, paragraphs: usize) {
    std::fs::create_dir_all(dir).expect("creates the folder");
    for i in 0..count {
        let path = dir.join(format!("post-{i:05}.md"));
        std::fs::write(&path, article(i, version, paragraphs)).expect("writes an article");
    }
}

/// The text of article `i` in `version`.
fn article(i: usize, version: u32, paragraphs: usize) -> String {
    let mut rng = Rng::new((i as u64) << 16 | u64::from(version));
    let mut word = || WORDS[rng.below(WORDS.len() as u64) as usize];
    let title = format!("Post {i}: {} and {} (v{version})", word(), word());
    let minute = i as u64;
    let (day, hour, min) = (1 + minute / 1440 % 28, minute / 60 % 24, minute % 60);
    let date = format!("2024-01-{day:02}T{hour:02}:{min:02}:00Z");
    let updated = format!("2024-03-{:02}T{hour:02}:{min:02}:00Z", 1 + version % 28);
    let mut text = format!(
        "+++\ntitle = \"{title}\"\ndate = {date}\ncreated = {date}\nupdated = {updated}\n\
         categories = [\"Topic {}\"]\ntags = [\"{}\", \"{}\"]\n+++\n\n",
        i % 12,
        word(),
        word()
    );
    for _ in 0..paragraphs {
        let sentence: Vec<&str> = (0..40).map(|_| word()).collect();
        let _ = writeln!(text, "{}.\n", sentence.join(" "));
    }
    let _ = writeln!(
        text,
        "```rust\nlet {} = {}.{}()?;\n```\n",
        word(),
        word(),
        word()
    );
    for _ in 0..3 {
        let _ = writeln!(text, "- `{}` with {}", word(), word());
    }
    text
}

/// Everything a store holds: every article (its text too), category and
/// series.
#[derive(Debug, PartialEq)]
pub struct Content {
    /// Every article, whatever its state, newest first.
    pub articles: Vec<Article>,
    /// Every category.
    pub categories: Vec<Category>,
    /// Every series.
    pub series: Vec<Series>,
}

impl Content {
    /// What `store` holds.
    pub fn of(store: &dyn Store) -> Content {
        let query = ListQuery {
            scope: Scope::All,
            ..ListQuery::public(chrono::DateTime::UNIX_EPOCH)
        };
        Content {
            articles: blog_core::all_articles(store, &query).expect("lists the articles"),
            categories: store.categories().expect("lists the categories"),
            series: store.all_series().expect("lists the series"),
        }
    }

    /// What the database file `db` holds, after checking that SQLite finds
    /// it sound.
    pub fn checked(db: &Path) -> Content {
        let store = SqliteStore::open(db).expect("the database opens");
        store
            .check_integrity()
            .expect("the database passes SQLite's check");
        let content = Content::of(&store);
        store.close().expect("the database closes");
        content
    }

    /// A line that tells contents apart when a test fails.
    pub fn summary(&self) -> String {
        let titles: Vec<&str> = self
            .articles
            .iter()
            .take(2)
            .map(|a| a.title.as_str())
            .collect();
        format!(
            "{} articles, {} categories, {} series, first titles {titles:?}",
            self.articles.len(),
            self.categories.len(),
            self.series.len()
        )
    }
}

/// Every file under `dir`, by its path relative to `dir`, with its bytes.
pub fn files_under(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut pending = vec![dir.to_owned()];
    while let Some(folder) = pending.pop() {
        for entry in std::fs::read_dir(&folder).expect("reads the folder") {
            let path = entry.expect("reads the folder").path();
            if path.is_dir() {
                pending.push(path);
            } else {
                let relative = path.strip_prefix(dir).expect("below dir").to_owned();
                files.insert(relative, std::fs::read(&path).expect("reads the file"));
            }
        }
    }
    files
}

/// Whether the folders `a` and `b` hold the same files, byte for byte; if
/// not, the first difference.
pub fn same_files(a: &Path, b: &Path) -> Result<(), String> {
    let (a, b) = (files_under(a), files_under(b));
    if a.len() != b.len() {
        return Err(format!("{} files against {}", a.len(), b.len()));
    }
    for (path, bytes) in &a {
        match b.get(path) {
            None => return Err(format!("{} is only in the first", path.display())),
            Some(other) if other != bytes => {
                return Err(format!("{} differs", path.display()));
            }
            Some(_) => {}
        }
    }
    Ok(())
}
