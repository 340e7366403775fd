//! The fixed domain values the page tests render.

use blog_core::{
    Article, BaseUrl, Category, Headline, Markdown, Page, PageNumber, PartNumber, PerPage,
    Renderer, Series, SeriesMembership, Site, Slug, Tag, Title, View,
};
use blog_render::HtmlRenderer;
use chrono::{DateTime, TimeZone, Utc};

pub const HOSTILE: &str = r#"<script>alert("x")</script> & "quotes""#;

/// Text that tries to end a `<script>` element early.
pub const SCRIPT_BREAKER: &str = "</script><script>alert(1)</script>";

pub fn slug(s: &str) -> Slug {
    Slug::parse(s).expect("valid slug")
}

pub fn title(s: &str) -> Title {
    Title::parse(s).expect("valid title")
}

/// Noon on a day of 2025.
pub fn day(month: u32, day: u32) -> DateTime<Utc> {
    on(2025, month, day)
}

pub fn on(year: i32, month: u32, day: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(year, month, day, 12, 0, 0)
        .single()
        .expect("valid date")
}

pub fn site() -> Site {
    Site {
        title: "Ferrous Notes".to_owned(),
        description: "Writing about Rust, the web and the tools we build with.".to_owned(),
        base_url: BaseUrl::parse("https://blog.example.org").expect("valid URL"),
    }
}

pub fn renderer() -> HtmlRenderer {
    HtmlRenderer::new(site()).expect("the built-in templates load")
}

pub fn render(view: View<'_>) -> String {
    renderer()
        .render(&view)
        .expect("the page renders")
        .into_string()
}

/// A category with a parent.
fn nested(s: &str, name: &str, parent: &str, description: &str) -> Category {
    let mut c = Category::new(slug(s), title(name), Markdown::new(description));
    c.parent = Some(slug(parent));
    c
}

/// Every category, by name as stores list them: Languages > Rust > Async
/// Rust, and Tooling and Web at the top.
pub fn categories() -> Vec<Category> {
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
pub fn category(s: &str) -> Category {
    categories()
        .into_iter()
        .find(|c| c.slug.as_str() == s)
        .expect("a fixture category")
}

pub fn tags(names: &[&str]) -> Vec<Tag> {
    names
        .iter()
        .map(|n| Tag::parse(n).expect("valid tag"))
        .collect()
}

pub fn article(s: &str, t: &str, published: DateTime<Utc>, body: &str) -> Article {
    Article::new(slug(s), title(t), Markdown::new(body), published)
}

/// Several categories (one unknown), an excerpt summary with markup.
pub fn ownership() -> Article {
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
pub fn hostile() -> Article {
    let mut a = article("hostile", HOSTILE, day(1, 20), "Body.");
    a.summary = Some(HOSTILE.to_owned());
    a.categories = vec![slug("web")];
    a.tags = tags(&[HOSTILE]);
    a
}

/// A title that tries to break out of the JSON-LD script element.
pub fn script_breaker() -> Article {
    let mut a = article("breaker", SCRIPT_BREAKER, day(1, 21), "Body.");
    a.summary = Some(format!("{SCRIPT_BREAKER} \u{2028} <!-- & -->"));
    a.categories = vec![slug("web")];
    a.tags = tags(&[SCRIPT_BREAKER]);
    a
}

pub fn series() -> Series {
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
         ### Schema\n\nTables.\n\n## Testing\n\n\
         - [x] trait\n- [ ] ~~globals~~\n\nA footnote.[^1]\n\n[^1]: Noted.\n\n\
         ```rust\nfn main() {}\n```\n\n<script>alert(1)</script>",
    );
    a.categories = vec![slug("async")];
    a.series = Some(SeriesMembership {
        series: slug("engine"),
        part: PartNumber::new(n),
    });
    a
}

/// Three parts; the middle one has tags and was updated later.
pub fn parts() -> [Article; 3] {
    let mut storage = part("engine-storage", "Engine #02: Storage", day(1, 8), 2);
    storage.tags = tags(&["SQLite", "Storage Engines"]);
    storage.updated_at = day(2, 3);
    [
        part("engine-domain", "Engine #01: The Domain", day(1, 1), 1),
        storage,
        part("engine-serving", "Engine #03: Serving", day(1, 15), 3),
    ]
}

/// Two older articles, from 2024.
pub fn older() -> [Article; 2] {
    let mut caching = article(
        "http-caching",
        "HTTP Caching for Blogs",
        on(2024, 11, 3),
        "ETags and `Cache-Control`.",
    );
    caching.categories = vec![slug("web")];
    caching.tags = tags(&["HTTP", "memory", "SQLite"]);
    let mut cargo = article(
        "cargo-workspaces",
        "Cargo Workspaces",
        on(2024, 11, 28),
        "One lock file.",
    );
    cargo.categories = vec![slug("tooling")];
    cargo.tags = tags(&["SQLite"]);
    [caching, cargo]
}

/// Every public article, newest first, as the archive lists them.
pub fn headlines() -> Vec<Headline> {
    let mut all: Vec<Article> = vec![ownership(), hostile()];
    all.extend(parts());
    all.extend(older());
    let mut headlines: Vec<Headline> = all.iter().map(Headline::from).collect();
    headlines.sort_by(Headline::newest_first);
    headlines
}

/// The headline of article `s` of [`headlines`].
pub fn headline(s: &str) -> Headline {
    headlines()
        .into_iter()
        .find(|h| h.slug.as_str() == s)
        .expect("a fixture article")
}

pub fn page<T>(items: Vec<T>, number: u32, per_page: u32, total: u64) -> Page<T> {
    Page {
        items,
        number: PageNumber::new(number).expect("nonzero"),
        per_page: PerPage::new(per_page).expect("valid page size"),
        total,
    }
}
