//! Markdown source files with front matter, as Zola, Hugo and Jekyll write
//! them: TOML between `+++` lines or YAML between `---` lines.
//!
//! [`parse`] turns one file's text into an [`Article`] and the categories and
//! series it names, or a [`SourceError`] with the line and the reason.
//!
//! The fields it reads, under each generator's name (the first is the one
//! `blog export` writes):
//!
//! | field | meaning |
//! |---|---|
//! | `title` | required; without front matter, the first `# Heading` |
//! | `slug` | else from the file name, else from the title |
//! | `date` | publication time; else a `YYYY-MM-DD-` file-name prefix; a draft may omit it |
//! | `created` | when the article was first stored |
//! | `updated`, `lastmod`, `last_modified_at` | when it last changed |
//! | `expires`, `expiryDate` | when it stops being public |
//! | `draft` | `true` keeps it private |
//! | `summary`, `description` | the card's summary |
//! | `categories`, `[taxonomies] categories` | category names: a list, or a space-separated string |
//! | `tags`, `[taxonomies] tags` | tag names: a list, or a space-separated string |
//! | `aliases`, `redirect_from` | old URLs or slugs; each gives a previous slug |
//! | `series`, `[taxonomies] series` | a series name, alone or in a one-element list |
//! | `series_part`, `part` | the part number in the series (`part` only beside a series) |
//!
//! Every other field is kept, as it is, in [`Article::extra`]. Times are
//! TOML dates and times, RFC 3339, `2024-05-01 09:30:00 +0200`, or plain
//! dates (midnight UTC).

use std::collections::BTreeMap;

use blog_core::{Article, Markdown, PartNumber, SeriesMembership, Slug, Status, Tag, Title, Value};
use chrono::{DateTime, Datelike as _, NaiveDate, NaiveDateTime, Utc};

use crate::front_matter::{self, Fields, kind};

/// One parsed source file.
#[derive(Debug, Clone, PartialEq)]
pub struct Parsed {
    /// The article. Its `created_at` and `updated_at` are the file's
    /// `created` and `updated` if it gives them, else the `now` given to
    /// [`parse`]; the importer adjusts them against what is stored.
    pub article: Article,
    /// Each category the front matter names, as slug and display name, in the
    /// order given. `article.categories` holds the same slugs.
    pub categories: Vec<(Slug, Title)>,
    /// The series the front matter names, as slug and title (its name).
    /// `article.series` holds the same slug, with the part number.
    pub series: Option<(Slug, Title)>,
    /// Whether the file gives a date (in front matter or its name); a draft
    /// without one is dated `now`, which an importer may replace by the
    /// stored date.
    pub dated: bool,
    /// The file's `created` time, if it gives one.
    pub created: Option<DateTime<Utc>>,
    /// The file's `updated` time (or `lastmod`, `last_modified_at`), if it
    /// gives one.
    pub updated: Option<DateTime<Utc>>,
}

/// The earliest year accepted in a time.
pub const EARLIEST_YEAR: i32 = 1900;
/// The latest year accepted in a time.
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
/// draft that gives no date, and stands for the creation and update times
/// the file does not give.
pub fn parse(text: &str, name: &FileName, now: DateTime<Utc>) -> Result<Parsed, SourceError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let text = text.replace("\r\n", "\n");
    let split = front_matter::split(&text)?;
    // The line blamed for what is missing from the whole front matter.
    let front_line = split.front.as_ref().map(|_| 1);
    let mut fields = Fields::read(&split)?;
    let mut body = split.body;
    let title = match fields.take_text("title", "text")? {
        Some(t) => Title::parse(&t).map_err(|e| fields.error("title", format!("`title` {e}")))?,
        None => {
            // The heading becomes the title, so it leaves the body: the page
            // shows the title once.
            let (title, rest) = first_heading(body).ok_or_else(|| {
                SourceError::at(
                    front_line,
                    "no title: add `title` to the front matter, or start the text with a `# Heading`",
                )
            })?;
            body = rest;
            title
        }
    };
    let slug = match fields.take_text("slug", "text")? {
        Some(s) => parse_slug("`slug`", &s).map_err(|e| fields.error("slug", e))?,
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
    let summary = fields.take_text("summary", "text")?;
    let description = fields.take_text("description", "text")?;
    let date_text = fields.take_text("date", "a date")?;
    let draft = match fields.take("draft") {
        None => false,
        Some(Value::Bool(b)) => b,
        Some(other) => {
            return Err(fields.error(
                "draft",
                format!("`draft` must be true or false, found {}", kind(&other)),
            ));
        }
    };
    let taxonomies = Taxonomies::take(&mut fields)?;
    let previous_slugs = match fields.take_one_of(&["aliases", "redirect_from"])? {
        Some((key, value)) => previous_slugs(&fields, key, value, &slug)?,
        None => Vec::new(),
    };
    let created = take_time(&mut fields, &["created"])?;
    let updated = take_time(&mut fields, &["updated", "lastmod", "last_modified_at"])?;
    let expires_at = take_time(&mut fields, &["expires", "expiryDate"])?;

    let published_at = match (&date_text, name.date) {
        (Some(text), _) => {
            parse_date(text).ok_or_else(|| fields.error("date", not_a_date("date", text)))?
        }
        (None, Some(date)) => date.and_hms_opt(0, 0, 0).unwrap_or_default().and_utc(),
        (None, None) if draft => now,
        (None, None) => {
            return Err(SourceError::at(
                front_line,
                "no date: add `date` to the front matter (e.g. date = 2024-05-01), \
                 start the file name with YYYY-MM-DD-, or mark it `draft`",
            ));
        }
    };
    let published_at = in_range(&fields, "date", published_at)?;

    let mut article = Article::new(
        slug,
        title,
        Markdown::new(without_leading_blank_lines(body)),
        published_at,
    );
    article.summary = summary.or(description);
    article.status = if draft {
        Status::Draft
    } else {
        Status::Published
    };
    article.categories = taxonomies
        .categories
        .iter()
        .map(|(s, _)| s.clone())
        .collect();
    article.tags = taxonomies.tags;
    article.series = taxonomies
        .series
        .as_ref()
        .map(|(series, _)| SeriesMembership {
            series: series.clone(),
            part: taxonomies.part,
        });
    article.previous_slugs = previous_slugs;
    article.expires_at = expires_at;
    article.created_at = created.unwrap_or(now);
    article.updated_at = updated.unwrap_or(now);
    article.extra = fields.into_extra()?;
    Ok(Parsed {
        article,
        categories: taxonomies.categories,
        series: taxonomies.series,
        dated: date_text.is_some() || name.date.is_some(),
        created,
        updated,
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

/// The article's categories, tags and series, from top-level fields or
/// Zola's `[taxonomies]` table.
struct Taxonomies {
    categories: Vec<(Slug, Title)>,
    tags: Vec<Tag>,
    series: Option<(Slug, Title)>,
    part: Option<PartNumber>,
}

impl Taxonomies {
    fn take(fields: &mut Fields<'_>) -> Result<Self, SourceError> {
        let mut table = match fields.take("taxonomies") {
            Some(Value::Table(table)) => table,
            // Not Zola's table: an extra field like any other, kept as it is.
            Some(other) => {
                fields.keep("taxonomies", other);
                BTreeMap::new()
            }
            None => BTreeMap::new(),
        };
        // A field at the top, and the same under [taxonomies].
        fn both(
            fields: &mut Fields<'_>,
            table: &mut BTreeMap<String, Value>,
            key: &str,
        ) -> [Option<Value>; 2] {
            [fields.take(key), table.remove(key)]
        }

        let mut categories: Vec<(Slug, Title)> = Vec::new();
        for value in both(fields, &mut table, "categories").into_iter().flatten() {
            for n in names(fields, "categories", value)? {
                let title = Title::parse(&n)
                    .map_err(|e| fields.error("categories", format!("category name {n:?} {e}")))?;
                let slug = Slug::from_text(&n)
                    .map_err(|e| fields.error("categories", format!("category {n:?}: {e}")))?;
                if !categories.iter().any(|(s, _)| *s == slug) {
                    categories.push((slug, title));
                }
            }
        }

        let mut tags: Vec<Tag> = Vec::new();
        for value in both(fields, &mut table, "tags").into_iter().flatten() {
            for n in names(fields, "tags", value)? {
                let tag =
                    Tag::parse(&n).map_err(|e| fields.error("tags", format!("`tags`: {e}")))?;
                if !tags.iter().any(|t| t.slug() == tag.slug()) {
                    tags.push(tag);
                }
            }
        }

        let series = match both(fields, &mut table, "series") {
            [Some(_), Some(_)] => {
                return Err(fields.error(
                    "series",
                    "`series` is given both at the top and under [taxonomies]: keep one",
                ));
            }
            [top, zola] => top
                .or(zola)
                .map(|v| series(fields, v))
                .transpose()?
                .flatten(),
        };
        if !table.is_empty() {
            fields.keep("taxonomies", Value::Table(table));
        }

        // `part` alone may mean something else to its author; beside a
        // series it is the part number.
        let part = match fields.take("series_part") {
            Some(value) => Some(("series_part", value)),
            None if series.is_some() => fields.take("part").map(|v| ("part", v)),
            None => None,
        };
        let part = match part {
            Some(("series_part", _)) if series.is_none() => {
                return Err(fields.error(
                    "series_part",
                    "`series_part` needs a `series`: name the series the article is a part of",
                ));
            }
            Some((key, value)) => Some(part_number(fields, key, value)?),
            None => None,
        };
        Ok(Self {
            categories,
            tags,
            series,
            part,
        })
    }
}

/// The names a taxonomy field `key` holds: a list, or (as Jekyll writes
/// them) a space-separated string.
fn names(fields: &Fields<'_>, key: &str, value: Value) -> Result<Vec<String>, SourceError> {
    match value {
        Value::String(s) => Ok(s.split_whitespace().map(str::to_owned).collect()),
        Value::List(items) => items
            .into_iter()
            .map(|item| match item {
                Value::String(s) => Ok(s),
                other => Err(fields.error(
                    key,
                    format!("`{key}` must hold names, found {}", kind(&other)),
                )),
            })
            .collect(),
        other => Err(fields.error(
            key,
            format!("`{key}` must be a list of names, found {}", kind(&other)),
        )),
    }
}

/// The series named by `value`: a name, or a list of at most one (as a Hugo
/// or Zola taxonomy). An empty list names none.
fn series(fields: &Fields<'_>, value: Value) -> Result<Option<(Slug, Title)>, SourceError> {
    let name = match value {
        Value::String(s) => s,
        Value::List(items) => match <[Value; 1]>::try_from(items) {
            Ok([Value::String(s)]) => s,
            Ok([other]) => {
                return Err(fields.error(
                    "series",
                    format!("`series` must hold a name, found {}", kind(&other)),
                ));
            }
            Err(items) if items.is_empty() => return Ok(None),
            Err(items) => {
                return Err(fields.error(
                    "series",
                    format!(
                        "`series` names {} series: an article is a part of one at most",
                        items.len()
                    ),
                ));
            }
        },
        other => {
            return Err(fields.error(
                "series",
                format!("`series` must be a name, found {}", kind(&other)),
            ));
        }
    };
    let title =
        Title::parse(&name).map_err(|e| fields.error("series", format!("series name {e}")))?;
    let slug = Slug::from_text(&name)
        .map_err(|e| fields.error("series", format!("series {name:?}: {e}")))?;
    Ok(Some((slug, title)))
}

/// A part number: a whole number from 1.
fn part_number(fields: &Fields<'_>, key: &str, value: Value) -> Result<PartNumber, SourceError> {
    let number = match &value {
        Value::Integer(n) => u32::try_from(*n).ok().and_then(PartNumber::new),
        _ => None,
    };
    number.ok_or_else(|| {
        let found = match &value {
            Value::Integer(n) => n.to_string(),
            other => kind(other).to_owned(),
        };
        fields.error(
            key,
            format!("`{key}` must be a whole number from 1 (part 1, 2, ...), found {found}"),
        )
    })
}

/// The previous slugs that aliases (`aliases` of Hugo and Zola, `redirect_from`
/// of Jekyll) give, each once, in order, without the article's own `slug`.
fn previous_slugs(
    fields: &Fields<'_>,
    key: &str,
    value: Value,
    slug: &Slug,
) -> Result<Vec<Slug>, SourceError> {
    let aliases = match value {
        Value::String(s) => vec![Value::String(s)],
        Value::List(items) => items,
        other => {
            return Err(fields.error(
                key,
                format!("`{key}` must be a list of paths, found {}", kind(&other)),
            ));
        }
    };
    let mut slugs: Vec<Slug> = Vec::new();
    for alias in aliases {
        let Value::String(alias) = alias else {
            return Err(fields.error(
                key,
                format!("`{key}` must hold paths, found {}", kind(&alias)),
            ));
        };
        let found = alias_slug(&alias).ok_or_else(|| {
            fields.error(
                key,
                format!(
                    "alias {alias:?} holds no slug: write an old path such as \
                     /posts/old-name/ or old-name.html"
                ),
            )
        })?;
        if found != *slug && !slugs.contains(&found) {
            slugs.push(found);
        }
    }
    Ok(slugs)
}

/// The slug an alias path stands for: its last non-empty segment, without a
/// `.html` or `.htm` extension (the folder's name for an `index.html`).
fn alias_slug(alias: &str) -> Option<Slug> {
    let path = alias.split(['?', '#']).next().unwrap_or_default();
    let mut segments = path.split('/').rev().filter(|s| !s.is_empty());
    let stem = |segment: &'_ str| -> String {
        let lower = segment.to_ascii_lowercase();
        let cut = [".html", ".htm"]
            .iter()
            .find_map(|ext| lower.strip_suffix(ext).map(str::len))
            .unwrap_or(segment.len());
        segment[..cut].to_owned()
    };
    let mut name = stem(segments.next()?);
    if name == "index" {
        name = stem(segments.next()?);
    }
    Slug::parse(&name).or_else(|_| Slug::from_text(&name)).ok()
}

/// Takes out the time one of `keys` gives, if any.
fn take_time(
    fields: &mut Fields<'_>,
    keys: &[&'static str],
) -> Result<Option<DateTime<Utc>>, SourceError> {
    let Some((key, value)) = fields.take_one_of(keys)? else {
        return Ok(None);
    };
    let Value::String(text) = value else {
        return Err(fields.error(
            key,
            format!("`{key}` must be a date, found {}", kind(&value)),
        ));
    };
    let time = parse_date(&text).ok_or_else(|| fields.error(key, not_a_date(key, &text)))?;
    in_range(fields, key, time).map(Some)
}

fn not_a_date(key: &str, text: &str) -> String {
    format!(
        "`{key}` {text:?} is not a date: write 2024-05-01, 2024-05-01T09:30:00Z \
         or 2024-05-01 09:30:00 +02:00"
    )
}

/// `time`, if its year is accepted.
fn in_range(
    fields: &Fields<'_>,
    key: &str,
    time: DateTime<Utc>,
) -> Result<DateTime<Utc>, SourceError> {
    if (EARLIEST_YEAR..=LATEST_YEAR).contains(&time.year()) {
        Ok(time)
    } else {
        Err(fields.error(
            key,
            format!(
                "the date {} is out of range: dates from {EARLIEST_YEAR} to {LATEST_YEAR} are accepted",
                time.format("%Y-%m-%d")
            ),
        ))
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
    let rest = without_leading_blank_lines(body);
    let (line, after) = rest.split_once('\n').unwrap_or((rest, ""));
    // Four spaces of indentation make a code block, not a heading.
    let text = line.strip_prefix("# ").or_else(|| {
        let unindented = line.trim_start_matches(' ');
        (line.len() - unindented.len() < 4)
            .then(|| unindented.strip_prefix("# "))
            .flatten()
    })?;
    let title = Title::parse(text.trim().trim_end_matches('#')).ok()?;
    Some((title, after))
}

/// `text` without its leading blank lines. Only whole lines go: the first
/// line with text keeps its indentation, which may make it a code block.
fn without_leading_blank_lines(text: &str) -> &str {
    let mut rest = text;
    while let Some((line, after)) = rest.split_once('\n') {
        if !line.trim().is_empty() {
            return rest;
        }
        rest = after;
    }
    if rest.trim().is_empty() { "" } else { rest }
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
             extra=[] body=\"Body text.\\n\"",
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

    /// The fields beyond those of [`summary_of`], as plain strings.
    fn more_of(p: &Parsed) -> String {
        let a = &p.article;
        let time = |t: Option<DateTime<Utc>>| {
            t.map_or("-".to_owned(), |t| {
                t.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true)
            })
        };
        let tags: Vec<String> = a
            .tags
            .iter()
            .map(|t| format!("{}={}", t.slug(), t.name()))
            .collect();
        let previous: Vec<&str> = a.previous_slugs.iter().map(Slug::as_str).collect();
        let series = match (&p.series, &a.series) {
            (Some((slug, title)), Some(m)) => format!(
                "{slug}={title}#{}",
                m.part.map_or("-".to_owned(), |n| n.get().to_string())
            ),
            (None, None) => "-".to_owned(),
            other => panic!("series and membership disagree: {other:?}"),
        };
        format!(
            "tags=[{}] series={series} previous=[{}] created={} updated={} expires={} extra={:?}",
            tags.join(","),
            previous.join(","),
            time(p.created),
            time(p.updated),
            time(a.expires_at),
            a.extra.keys().collect::<Vec<_>>(),
        )
    }

    fn check_more(stem: &str, text: &str, expected: &str) {
        match parse_as(stem, text) {
            Ok(p) => {
                assert_eq!(more_of(&p), expected, "{stem}: {text:?}");
                assert_eq!(p.article.created_at, p.created.unwrap_or(now()));
                assert_eq!(p.article.updated_at, p.updated.unwrap_or(now()));
            }
            Err(e) => panic!("{stem}: unexpected error {e}"),
        }
    }

    #[test]
    fn tags_as_list_string_or_taxonomy() {
        check_more(
            "x",
            "+++\ntitle = \"T\"\ndate = 2024-01-01\ntags = [\"Rust\", \"Async IO\", \"rust\"]\n+++\n",
            "tags=[rust=Rust,async-io=Async IO] series=- previous=[] created=- updated=- \
             expires=- extra=[]",
        );
        check_more(
            "x",
            "---\ntitle: T\ndate: 2024-01-01\ntags: rust  web rust\n---\n",
            "tags=[rust=rust,web=web] series=- previous=[] created=- updated=- expires=- extra=[]",
        );
        check_more(
            "x",
            "+++\ntitle = \"T\"\ndate = 2024-01-01\ntags = [\"top\"]\n[taxonomies]\n\
             tags = [\"Zola\", \"top\"]\nauthors = [\"me\"]\n+++\n",
            "tags=[top=top,zola=Zola] series=- previous=[] created=- updated=- expires=- \
             extra=[\"taxonomies\"]",
        );
        check_more(
            "x",
            "+++\ntitle = \"T\"\ndate = 2024-01-01\ntags = []\n+++\n",
            "tags=[] series=- previous=[] created=- updated=- expires=- extra=[]",
        );
    }

    #[test]
    fn tag_errors() {
        check_err(
            "x",
            "+++\ntitle = \"T\"\ndate = 2024-01-01\ntags = [\"ok\", 1]\n+++\n",
            Some(4),
            "`tags` must hold names, found an integer",
        );
        check_err(
            "x",
            "---\ntitle: T\ndate: 2024-01-01\n\ntags: 3\n---\n",
            Some(5),
            "`tags` must be a list of names",
        );
        check_err(
            "x",
            "+++\ntitle = \"T\"\ndate = 2024-01-01\n[taxonomies]\ntags = [\"+++\"]\n+++\n",
            Some(5),
            "makes no valid slug",
        );
        check_err(
            "x",
            "+++\ntitle = \"T\"\ndate = 2024-01-01\ntags = [\" \"]\n+++\n",
            Some(4),
            "`tags`: tag cannot be empty",
        );
    }

    #[test]
    fn aliases_become_previous_slugs() {
        check_more(
            "new-name",
            "+++\ntitle = \"T\"\ndate = 2024-01-01\naliases = [\"/posts/old-name/\", \
             \"old-name.html\", \"/2019/01/Older Post.HTM\", \"/blog/third/index.html\", \
             \"/posts/new-name/\", \"https://example.org/fourth?x=1#top\"]\n+++\n",
            "tags=[] series=- previous=[old-name,older-post,third,fourth] created=- updated=- \
             expires=- extra=[]",
        );
        check_more(
            "x",
            "---\ntitle: T\ndate: 2024-01-01\nredirect_from: /2019/01/01/jekyll-old.html\n---\n",
            "tags=[] series=- previous=[jekyll-old] created=- updated=- expires=- extra=[]",
        );
        check_more(
            "x",
            "---\ntitle: T\ndate: 2024-01-01\nredirect_from:\n  - /a/\n  - /b/\n---\n",
            "tags=[] series=- previous=[a,b] created=- updated=- expires=- extra=[]",
        );
    }

    #[test]
    fn alias_errors() {
        check_err(
            "x",
            "+++\ntitle = \"T\"\ndate = 2024-01-01\naliases = [\"/ok/\", \"/\"]\n+++\n",
            Some(4),
            "alias \"/\" holds no slug",
        );
        check_err(
            "x",
            "+++\ntitle = \"T\"\ndate = 2024-01-01\naliases = [\"/index.html\"]\n+++\n",
            Some(4),
            "holds no slug",
        );
        check_err(
            "x",
            "+++\ntitle = \"T\"\ndate = 2024-01-01\naliases = [\"/!!!/\"]\n+++\n",
            Some(4),
            "holds no slug",
        );
        check_err(
            "x",
            "+++\ntitle = \"T\"\ndate = 2024-01-01\naliases = [2]\n+++\n",
            Some(4),
            "`aliases` must hold paths, found an integer",
        );
        check_err(
            "x",
            "---\ntitle: T\ndate: 2024-01-01\nredirect_from: true\n---\n",
            Some(4),
            "`redirect_from` must be a list of paths",
        );
        check_err(
            "x",
            "---\ntitle: T\naliases: [a]\ndate: 2024-01-01\nredirect_from: [b]\n---\n",
            Some(5),
            "`aliases` and `redirect_from` say the same thing",
        );
    }

    #[test]
    fn series_and_parts() {
        check_more(
            "x",
            "+++\ntitle = \"T\"\ndate = 2024-01-01\nseries = \"Building a Blog\"\nseries_part = 2\n+++\n",
            "tags=[] series=building-a-blog=Building a Blog#2 previous=[] created=- updated=- \
             expires=- extra=[]",
        );
        check_more(
            "x",
            "---\ntitle: T\ndate: 2024-01-01\nseries: [\"Rust Tips\"]\npart: 3\n---\n",
            "tags=[] series=rust-tips=Rust Tips#3 previous=[] created=- updated=- expires=- \
             extra=[]",
        );
        check_more(
            "x",
            "+++\ntitle = \"T\"\ndate = 2024-01-01\n[taxonomies]\nseries = [\"Zola Way\"]\n+++\n",
            "tags=[] series=zola-way=Zola Way#- previous=[] created=- updated=- expires=- \
             extra=[]",
        );
        // `part` without a series is someone else's field; beside
        // `series_part`, too.
        check_more(
            "x",
            "+++\ntitle = \"T\"\ndate = 2024-01-01\npart = 4\n+++\n",
            "tags=[] series=- previous=[] created=- updated=- expires=- extra=[\"part\"]",
        );
        check_more(
            "x",
            "+++\ntitle = \"T\"\ndate = 2024-01-01\nseries = \"S\"\nseries_part = 1\npart = \"b\"\n+++\n",
            "tags=[] series=s=S#1 previous=[] created=- updated=- expires=- extra=[\"part\"]",
        );
        check_more(
            "x",
            "+++\ntitle = \"T\"\ndate = 2024-01-01\nseries = []\n+++\n",
            "tags=[] series=- previous=[] created=- updated=- expires=- extra=[]",
        );
    }

    #[test]
    fn series_errors() {
        let front = "+++\ntitle = \"T\"\ndate = 2024-01-01\n";
        let check_series = |rest: &str, line: usize, reason: &str| {
            check_err("x", &format!("{front}{rest}+++\n"), Some(line), reason);
        };
        check_series("series = [\"A\", \"B\"]\n", 4, "names 2 series");
        check_series(
            "series = 1\n",
            4,
            "`series` must be a name, found an integer",
        );
        check_series("series = [1]\n", 4, "`series` must hold a name");
        check_series("series = \"!!!\"\n", 4, "series \"!!!\"");
        check_series("series = \"S\"\nseries_part = 0\n", 5, "found 0");
        check_series(
            "series = \"S\"\npart = -2\n",
            5,
            "`part` must be a whole number",
        );
        check_series("series = \"S\"\nseries_part = \"2\"\n", 5, "found text");
        check_series("series = \"S\"\nseries_part = 1.5\n", 5, "found a number");
        check_series(
            "series = \"S\"\nseries_part = 4294967296\n",
            5,
            "found 4294967296",
        );
        check_series("series_part = 2\n", 4, "`series_part` needs a `series`");
        check_series(
            "series = \"S\"\n[taxonomies]\nseries = [\"S\"]\n",
            4,
            "both at the top and under [taxonomies]",
        );
    }

    #[test]
    fn creation_update_and_expiry_times() {
        check_more(
            "x",
            "+++\ntitle = \"T\"\ndate = 2024-01-01\ncreated = 2023-12-31T23:59:59.123456789Z\n\
             updated = 2024-02-01T10:00:00+01:00\nexpires = 2030-01-01\n+++\n",
            "tags=[] series=- previous=[] created=2023-12-31T23:59:59.123456789Z \
             updated=2024-02-01T09:00:00Z expires=2030-01-01T00:00:00Z extra=[]",
        );
        check_more(
            "x",
            "---\ntitle: T\ndate: 2024-01-01\nlastmod: 2024-03-01T08:00:00Z\nexpiryDate: 2025-01-01\n---\n",
            "tags=[] series=- previous=[] created=- updated=2024-03-01T08:00:00Z \
             expires=2025-01-01T00:00:00Z extra=[]",
        );
        check_more(
            "x",
            "---\ntitle: T\ndate: 2024-01-01\nlast_modified_at: 2024-04-01 10:00:00 +0200\n---\n",
            "tags=[] series=- previous=[] created=- updated=2024-04-01T08:00:00Z expires=- \
             extra=[]",
        );
    }

    #[test]
    fn time_errors() {
        check_err(
            "x",
            "+++\ntitle = \"T\"\ndate = 2024-01-01\nupdated = 2024-02-01\nlastmod = 2024-02-02\n+++\n",
            Some(5),
            "`updated` and `lastmod` say the same thing: keep only one",
        );
        check_err(
            "x",
            "---\ntitle: T\ndate: 2024-01-01\nexpiryDate: soon\n---\n",
            Some(4),
            "`expiryDate` \"soon\" is not a date",
        );
        check_err(
            "x",
            "+++\ntitle = \"T\"\ndate = 2024-01-01\ncreated = 1850-01-01\n+++\n",
            Some(4),
            "the date 1850-01-01 is out of range",
        );
        check_err(
            "x",
            "+++\ntitle = \"T\"\ndate = 2024-01-01\n\nexpires = true\n+++\n",
            Some(5),
            "`expires` must be a date, found a boolean",
        );
        check_err(
            "x",
            "+++\ntitle = \"T\"\ndate = 2300-01-01\n+++\n",
            Some(3),
            "the date 2300-01-01 is out of range",
        );
    }

    #[test]
    fn only_blank_lines_leave_the_body() {
        check(
            "x",
            "+++\ntitle = \"T\"\ndate = 2024-01-01\n+++\n\n  \n\t\n    fn main() {}\n\nText\n",
            "slug=x title=\"T\" date=2024-01-01T00:00:00+00:00 status=published summary=None \
             categories=[] extra=[] body=\"    fn main() {}\\n\\nText\\n\"",
        );
        check(
            "2024-01-01-x",
            "\n# Heading\n\n    indented code\n",
            "slug=x title=\"Heading\" date=2024-01-01T00:00:00+00:00 status=published \
             summary=None categories=[] extra=[] body=\"    indented code\\n\"",
        );
        // Indented four spaces, a heading is code: no title there.
        check_err("2024-01-01-x", "    # code\n", None, "no title");
        check(
            "x",
            "+++\ntitle = \"T\"\ndate = 2024-01-01\n+++\n \n ",
            "slug=x title=\"T\" date=2024-01-01T00:00:00+00:00 status=published summary=None \
             categories=[] extra=[] body=\"\"",
        );
    }

    #[test]
    fn template_shortcodes_stay_text() {
        let body = "{{< youtube id=\"x\" >}}\n{% include note.html %}\n{{ page.title }}\n\
                    {{% notice %}}Hi{{% /notice %}}\n";
        for front in [
            "+++\ntitle = \"T\"\ndate = 2024-01-01\n+++\n",
            "---\ntitle: T\ndate: 2024-01-01\n---\n",
        ] {
            let p = parse_as("x", &format!("{front}{body}")).expect("parses");
            assert_eq!(p.article.body.as_str(), body);
        }
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
