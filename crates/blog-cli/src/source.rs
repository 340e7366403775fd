//! Markdown source files with front matter, as Zola, Hugo and Jekyll write
//! them: TOML between `+++` lines or YAML between `---` lines.
//!
//! [`parse`] turns one file's text into an [`Article`] and the categories it
//! names, or a [`SourceError`] with the line and the reason.

use std::collections::BTreeMap;

use blog_core::{Article, Markdown, Slug, Status, Title, Value};
use chrono::{DateTime, Datelike as _, NaiveDate, NaiveDateTime, Utc};

use crate::front_matter::{self, FrontMatter};

/// One parsed source file.
#[derive(Debug, Clone, PartialEq)]
pub struct Parsed {
    /// The article, with `created_at` and `updated_at` set to the `now` given
    /// to [`parse`]; the importer adjusts them against what is stored.
    pub article: Article,
    /// Each category the front matter names, as slug and display name, in the
    /// order given. `article.categories` holds the same slugs.
    pub categories: Vec<(Slug, Title)>,
    /// Whether the file gives a date (in front matter or its name); a draft
    /// without one is dated `now`, which an importer may replace by the
    /// stored date.
    pub dated: bool,
}

/// The earliest publication year accepted.
pub const EARLIEST_YEAR: i32 = 1900;
/// The latest publication year accepted.
pub const LATEST_YEAR: i32 = 2200;

/// Why a source file was rejected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}{reason}", line.map(|l| format!("line {l}: ")).unwrap_or_default())]
pub struct SourceError {
    /// The 1-based line the problem is on, when known.
    pub line: Option<usize>,
    /// What is wrong, and how to fix it where that is not obvious.
    pub reason: String,
}

impl SourceError {
    pub(crate) fn at(line: Option<usize>, reason: impl Into<String>) -> Self {
        Self {
            line,
            reason: reason.into(),
        }
    }
}

/// What a source file's name says about its article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileName {
    /// The slug taken from the name, if it makes one.
    pub slug: Option<Slug>,
    /// The date of a `YYYY-MM-DD-` prefix, if any.
    pub date: Option<NaiveDate>,
}

impl FileName {
    /// Reads a file stem such as `2024-05-01-hello-world`: the date prefix is
    /// removed from the slug, as Jekyll and Zola do.
    pub fn from_stem(stem: &str) -> Self {
        let (date, rest) = match stem.get(..11) {
            Some(prefix) if prefix.ends_with('-') => {
                match NaiveDate::parse_from_str(&prefix[..10], "%Y-%m-%d") {
                    Ok(date) => (Some(date), &stem[11..]),
                    Err(_) => (None, stem),
                }
            }
            _ => (None, stem),
        };
        Self {
            slug: Slug::from_text(rest).ok(),
            date,
        }
    }
}

/// Parses one source file. `name` comes from the file's path; `now` dates a
/// draft that gives no date.
pub fn parse(text: &str, name: &FileName, now: DateTime<Utc>) -> Result<Parsed, SourceError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let text = text.replace("\r\n", "\n");
    let split = front_matter::split(&text)?;
    let mut fields = match &split.front {
        Some(FrontMatter::Toml(src)) => front_matter::from_toml(src, split.front_line)?,
        Some(FrontMatter::Yaml(src)) => front_matter::from_yaml(src, split.front_line)?,
        None => BTreeMap::new(),
    };
    let line_of = |key: &str| split.line_of(key);
    let mut take_string = |key: &str| take_text(&mut fields, key, "text", &line_of);
    let mut body = split.body;
    let title = match take_string("title")? {
        Some(t) => Title::parse(&t)
            .map_err(|e| SourceError::at(line_of("title"), format!("`title` {e}")))?,
        None => {
            // The heading becomes the title, so it leaves the body: the page
            // shows the title once.
            let (title, rest) = first_heading(body).ok_or_else(|| {
                SourceError::at(
                    split.front.as_ref().map(|_| 1),
                    "no title: add `title` to the front matter, or start the text with a `# Heading`",
                )
            })?;
            body = rest;
            title
        }
    };
    let slug = match take_string("slug")? {
        Some(s) => parse_slug("`slug`", &s).map_err(|e| SourceError::at(line_of("slug"), e))?,
        None => match &name.slug {
            Some(slug) => slug.clone(),
            None => Slug::from_text(title.as_str()).map_err(|e| {
                SourceError::at(
                    None,
                    format!("cannot make a slug from the file name or title: {e}"),
                )
            })?,
        },
    };
    let summary = take_string("summary")?;
    let description = take_string("description")?;
    let date_text = take_text(&mut fields, "date", "a date", &line_of)?;
    let draft = match fields.remove("draft") {
        None => false,
        Some(Value::Bool(b)) => b,
        Some(other) => {
            return Err(SourceError::at(
                line_of("draft"),
                format!("`draft` must be true or false, found {}", kind(&other)),
            ));
        }
    };
    let mut names = match fields.remove("categories") {
        Some(value) => category_names(value, line_of("categories"))?,
        None => Vec::new(),
    };
    match fields.remove("taxonomies") {
        Some(Value::Table(mut taxonomies)) => {
            if let Some(value) = taxonomies.remove("categories") {
                names.extend(category_names(value, line_of("categories"))?);
            }
            if !taxonomies.is_empty() {
                fields.insert("taxonomies".to_owned(), Value::Table(taxonomies));
            }
        }
        // Not Zola's table: an extra field like any other, kept as it is.
        Some(other) => {
            fields.insert("taxonomies".to_owned(), other);
        }
        None => {}
    }
    if let Some((key, _)) = fields.iter().find(|(_, v)| !is_finite(v)) {
        return Err(SourceError::at(
            line_of(key),
            format!("`{key}` holds a number that is not finite (nan or inf): write it as text"),
        ));
    }
    let mut categories: Vec<(Slug, Title)> = Vec::new();
    for n in names {
        let title = Title::parse(&n).map_err(|e| {
            SourceError::at(line_of("categories"), format!("category name {n:?} {e}"))
        })?;
        let slug = Slug::from_text(&n)
            .map_err(|e| SourceError::at(line_of("categories"), format!("category {n:?}: {e}")))?;
        if !categories.iter().any(|(s, _)| *s == slug) {
            categories.push((slug, title));
        }
    }

    let published_at = match (&date_text, name.date) {
        (Some(text), _) => parse_date(text).ok_or_else(|| {
            SourceError::at(
                line_of("date"),
                format!(
                    "`date` {text:?} is not a date: write 2024-05-01, 2024-05-01T09:30:00Z \
                     or 2024-05-01 09:30:00 +02:00"
                ),
            )
        })?,
        (None, Some(date)) => date.and_hms_opt(0, 0, 0).unwrap_or_default().and_utc(),
        (None, None) if draft => now,
        (None, None) => {
            return Err(SourceError::at(
                split.front.as_ref().map(|_| 1),
                "no date: add `date` to the front matter (e.g. date = 2024-05-01), \
                 start the file name with YYYY-MM-DD-, or mark it `draft`",
            ));
        }
    };

    if !(EARLIEST_YEAR..=LATEST_YEAR).contains(&published_at.year()) {
        return Err(SourceError::at(
            line_of("date"),
            format!(
                "the date {} is out of range: dates from {EARLIEST_YEAR} to {LATEST_YEAR} are accepted",
                published_at.format("%Y-%m-%d")
            ),
        ));
    }

    let mut article = Article::new(slug, title, Markdown::new(body.trim_start()), published_at);
    article.summary = summary.or(description);
    article.status = if draft {
        Status::Draft
    } else {
        Status::Published
    };
    article.categories = categories.iter().map(|(s, _)| s.clone()).collect();
    article.created_at = now;
    article.updated_at = now;
    article.extra = fields;
    Ok(Parsed {
        article,
        categories,
        dated: date_text.is_some() || name.date.is_some(),
    })
}

/// Parses a slug someone typed (`what` names where), explaining a refusal
/// with the slug the text would make: "`slug` \"My Post\" is not a valid
/// slug: ... (try \"my-post\")".
pub fn parse_slug(what: &str, text: &str) -> Result<Slug, String> {
    Slug::parse(text).map_err(|e| {
        let hint = Slug::from_text(text)
            .map(|ok| format!(" (try \"{ok}\")"))
            .unwrap_or_default();
        format!("{what} {text:?} is not a valid slug: {e}{hint}")
    })
}

/// Removes `key` from `fields`, which must be text if present.
fn take_text(
    fields: &mut BTreeMap<String, Value>,
    key: &str,
    expected: &str,
    line_of: &dyn Fn(&str) -> Option<usize>,
) -> Result<Option<String>, SourceError> {
    match fields.remove(key) {
        None => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(other) => Err(SourceError::at(
            line_of(key),
            format!("`{key}` must be {expected}, found {}", kind(&other)),
        )),
    }
}

fn category_names(value: Value, line: Option<usize>) -> Result<Vec<String>, SourceError> {
    match value {
        // Jekyll: a space-separated string.
        Value::String(s) => Ok(s.split_whitespace().map(str::to_owned).collect()),
        Value::List(items) => items
            .into_iter()
            .map(|item| match item {
                Value::String(s) => Ok(s),
                other => Err(SourceError::at(
                    line,
                    format!("`categories` must hold names, found {}", kind(&other)),
                )),
            })
            .collect(),
        other => Err(SourceError::at(
            line,
            format!(
                "`categories` must be a list of names, found {}",
                kind(&other)
            ),
        )),
    }
}

/// Whether every number in `value` is finite.
fn is_finite(value: &Value) -> bool {
    match value {
        Value::Float(f) => f.is_finite(),
        Value::List(items) => items.iter().all(is_finite),
        Value::Table(t) => t.values().all(is_finite),
        Value::Bool(_) | Value::Integer(_) | Value::String(_) => true,
    }
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Bool(_) => "a boolean",
        Value::Integer(_) => "an integer",
        Value::Float(_) => "a number",
        Value::String(_) => "text",
        Value::List(_) => "a list",
        Value::Table(_) => "a table",
    }
}

/// Parses the date forms the three generators write.
fn parse_date(text: &str) -> Option<DateTime<Utc>> {
    let text = text.trim();
    if let Ok(dt) = DateTime::parse_from_rfc3339(text) {
        return Some(dt.with_timezone(&Utc));
    }
    for format in [
        "%Y-%m-%d %H:%M:%S%.f %z",
        "%Y-%m-%d %H:%M:%S %:z",
        "%Y-%m-%d %H:%M %z",
    ] {
        if let Ok(dt) = DateTime::parse_from_str(text, format) {
            return Some(dt.with_timezone(&Utc));
        }
    }
    for format in [
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y-%m-%d %H:%M",
    ] {
        if let Ok(dt) = NaiveDateTime::parse_from_str(text, format) {
            return Some(dt.and_utc());
        }
    }
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .ok()
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .map(|dt| dt.and_utc())
}

/// The first non-blank line, if it is a `# Heading`: its text as a title,
/// and the body after it.
fn first_heading(body: &str) -> Option<(Title, &str)> {
    let start = body.len() - body.trim_start().len();
    let rest = &body[start..];
    let (line, after) = rest.split_once('\n').unwrap_or((rest, ""));
    let text = line.strip_prefix("# ")?;
    let title = Title::parse(text.trim().trim_end_matches('#')).ok()?;
    Some((title, after))
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 1, 2, 3, 4, 5)
            .single()
            .expect("valid")
    }

    fn parse_as(stem: &str, text: &str) -> Result<Parsed, SourceError> {
        parse(text, &FileName::from_stem(stem), now())
    }

    /// The fields a test looks at, as plain strings.
    fn summary_of(p: &Parsed) -> String {
        let a = &p.article;
        let cats: Vec<String> = p
            .categories
            .iter()
            .map(|(s, n)| format!("{s}={n}"))
            .collect();
        format!(
            "slug={} title={:?} date={} status={} summary={:?} categories=[{}] extra={:?} body={:?}",
            a.slug,
            a.title.as_str(),
            a.published_at.to_rfc3339(),
            a.status.as_str(),
            a.summary,
            cats.join(","),
            a.extra.keys().collect::<Vec<_>>(),
            a.body.as_str(),
        )
    }

    fn check(stem: &str, text: &str, expected: &str) {
        match parse_as(stem, text) {
            Ok(p) => assert_eq!(summary_of(&p), expected, "{stem}: {text:?}"),
            Err(e) => panic!("{stem}: unexpected error {e}"),
        }
    }

    fn check_err(stem: &str, text: &str, line: Option<usize>, reason_contains: &str) {
        match parse_as(stem, text) {
            Ok(p) => panic!("{stem}: expected an error, got {}", summary_of(&p)),
            Err(e) => {
                assert_eq!(e.line, line, "{stem}: {e}");
                assert!(
                    e.reason.contains(reason_contains),
                    "{stem}: {e:?} lacks {reason_contains:?}"
                );
            }
        }
    }

    #[test]
    fn zola_toml() {
        check(
            "hello",
            "+++\ntitle = \"Hello, Zola\"\ndate = 2024-05-01\ndescription = \"Short.\"\n\
             [taxonomies]\ncategories = [\"Rust\", \"Web Development\"]\ntags = [\"x\"]\n+++\n\nBody text.\n",
            "slug=hello title=\"Hello, Zola\" date=2024-05-01T00:00:00+00:00 status=published \
             summary=Some(\"Short.\") categories=[rust=Rust,web-development=Web Development] \
             extra=[\"taxonomies\"] body=\"Body text.\\n\"",
        );
        check(
            "x",
            "+++\ntitle = \"T\"\ndate = 2024-05-01T10:30:00+02:00\nslug = \"custom\"\ndraft = true\n+++\nB",
            "slug=custom title=\"T\" date=2024-05-01T08:30:00+00:00 status=draft summary=None \
             categories=[] extra=[] body=\"B\"",
        );
        check(
            "x",
            "+++\ntitle = \"T\"\ndate = 2024-05-01T10:30:00\n[extra]\nauthor = \"me\"\n+++\nB",
            "slug=x title=\"T\" date=2024-05-01T10:30:00+00:00 status=published summary=None \
             categories=[] extra=[\"extra\"] body=\"B\"",
        );
    }

    #[test]
    fn hugo_and_jekyll_yaml() {
        check(
            "2023-12-24-merry-post",
            "---\ntitle: \"Merry\"\ncategories: [Rust, rust]\nsummary: S\nlayout: post\n---\nText",
            "slug=merry-post title=\"Merry\" date=2023-12-24T00:00:00+00:00 status=published \
             summary=Some(\"S\") categories=[rust=Rust] extra=[\"layout\"] body=\"Text\"",
        );
        check(
            "p",
            "---\ntitle: Jekyll\ndate: 2024-01-15 09:00:00 +0100\ncategories: rust web\n---\nText",
            "slug=p title=\"Jekyll\" date=2024-01-15T08:00:00+00:00 status=published \
             summary=None categories=[rust=rust,web=web] extra=[] body=\"Text\"",
        );
        check(
            "p",
            "\u{feff}---\r\ntitle: CRLF\r\ndate: 2024-01-15T09:00:00Z\r\nempty:\r\n---\r\nLine\r\n",
            "slug=p title=\"CRLF\" date=2024-01-15T09:00:00+00:00 status=published \
             summary=None categories=[] extra=[] body=\"Line\\n\"",
        );
    }

    #[test]
    fn without_front_matter_the_heading_is_the_title() {
        check(
            "2024-02-02-notes",
            "# My Notes\n\nText.",
            "slug=notes title=\"My Notes\" date=2024-02-02T00:00:00+00:00 status=published \
             summary=None categories=[] extra=[] body=\"Text.\"",
        );
    }

    #[test]
    fn taxonomies_that_are_not_a_table_are_kept() {
        check(
            "x",
            "+++\ntitle = \"T\"\ndate = 2024-01-01\ntaxonomies = \"rust\"\n+++\nB",
            "slug=x title=\"T\" date=2024-01-01T00:00:00+00:00 status=published summary=None \
             categories=[] extra=[\"taxonomies\"] body=\"B\"",
        );
    }

    #[test]
    fn drafts_may_omit_the_date() {
        let p = parse_as("d", "+++\ntitle = \"D\"\ndraft = true\n+++\n")
            .expect("a dateless draft is fine");
        assert_eq!(p.article.published_at, now());
    }

    #[test]
    fn rejections_name_the_line_and_reason() {
        check_err("x", "+++\ntitle = \"T\"\n", Some(1), "never closed");
        check_err(
            "x",
            "+++\ntitle = \"T\"\ndate = \n+++\n",
            Some(3),
            "invalid TOML",
        );
        check_err(
            "x",
            "---\ntitle: T\ndate: [\n---\n",
            Some(4),
            "invalid YAML",
        );
        check_err(
            "x",
            "+++\ndate = 2024-01-01\n+++\nno heading",
            Some(1),
            "no title",
        );
        check_err(
            "x",
            "+++\ntitle = \"T\"\n\ndate = \"yesterday\"\n+++\n",
            Some(4),
            "not a date",
        );
        check_err("x", "+++\ntitle = \"T\"\n+++\n", Some(1), "no date");
        check_err(
            "x",
            "+++\ntitle = \"T\"\ndate = 2024-01-01\nslug = \"Bad Slug\"\n+++\n",
            Some(4),
            "try \"bad-slug\"",
        );
        check_err(
            "x",
            "+++\ntitle = 3\n+++\n",
            Some(2),
            "`title` must be text",
        );
        check_err(
            "x",
            "+++\ntitle = \"T\"\ndate = 2024-01-01\ndraft = \"no\"\n+++\n",
            Some(4),
            "true or false",
        );
        check_err(
            "x",
            "+++\ntitle = \"T\"\ndate = 2024-01-01\ncategories = [1]\n+++\n",
            Some(4),
            "must hold names",
        );
        check_err("x", "---\n- a list\n---\n", Some(2), "mapping");
        check_err(
            "x",
            "+++\ntitle = \"\"\ndate = 2024-01-01\n+++\n",
            Some(2),
            "cannot be empty",
        );
    }

    #[test]
    fn file_names() {
        let check_name = |stem: &str, slug: Option<&str>, date: Option<&str>| {
            let name = FileName::from_stem(stem);
            assert_eq!(name.slug.as_ref().map(Slug::as_str), slug, "{stem}");
            assert_eq!(name.date.map(|d| d.to_string()).as_deref(), date, "{stem}");
        };
        check_name("hello-world", Some("hello-world"), None);
        check_name("2024-05-01-hello", Some("hello"), Some("2024-05-01"));
        check_name("2024-13-01-bad-date", Some("2024-13-01-bad-date"), None);
        check_name("Snake_Case", Some("snake-case"), None);
        check_name("2024", Some("2024"), None);
        check_name("!!!", None, None);
    }
}
