//! Markdown source files with front matter, as Zola, Hugo and Jekyll write
//! them: TOML between `+++` lines or YAML between `---` lines.
//!
//! [`parse`] turns one file's text into an [`Article`] and the categories and
//! series it names, or a [`SourceError`] with the line and the reason;
//! [`parse_at`] does the same knowing the file's folder ([`SourcePath`]).
//!
//! The fields it reads, under each generator's name (the first is the one
//! `blog export` writes):
//!
//! | field | meaning |
//! |---|---|
//! | `title` | required; without front matter, the first `# Heading` |
//! | `slug` | else from the file name, else from the title |
//! | `date` | publication time (beside a `publishDate`, the creation time); else a `YYYY-MM-DD-` (or Zola's `YYYY-MM-DD_`) file-name prefix; a draft may omit it |
//! | `publishDate`, `publishdate`, `pubDate`, `pubdate`, `published` (a date) | Hugo's publication time, over `date` and the file name (`blog export` writes it as `date`) |
//! | `created` | when the article was first stored; else, beside a `publishDate`, the `date` (giving all three is refused) |
//! | `updated`, `lastmod`, `last_modified_at` | when it last changed |
//! | `expires`, `expiryDate` | when it stops being public |
//! | `draft`, `published` (a flag) | `draft: true` or Jekyll's `published: false` keeps it private (the two must not disagree); so does a Jekyll `_drafts` folder ([`SourcePath::in_drafts`]), whatever they say |
//! | `summary`, `description` | the card's summary; given both, `summary` (and `description` stays an extra field) |
//! | `categories`, `[taxonomies] categories`, `category` | category names: a list, or a space-separated string (Jekyll's singular `category` is one name, spaces and all); all that are given count |
//! | `tags`, `[taxonomies] tags` | tag names: a list, or a space-separated string |
//! | `aliases`, `redirect_from` | old URLs or slugs; each gives a previous slug |
//! | `series`, `[taxonomies] series` | a series name, alone or in a one-element list |
//! | `series_part`, `part` | the part number in the series (`part` only beside a series) |
//!
//! Every other field is kept, as it is, in [`Article::extra`]. Times are
//! TOML dates and times, RFC 3339, `2024-05-01 09:30:00 +0200`, or plain
//! dates (midnight UTC); every one of them, file-name dates too, must pass
//! [`check_time`]: a year from 1900 to 2200, and no leap second.

mod aliases;
mod dates;
mod publication;
mod taxonomies;

use blog_core::{Article, Markdown, SeriesMembership, Slug, Status, Title, Value};
use chrono::{DateTime, NaiveDate, Utc};

pub use self::dates::check_time;

use self::aliases::previous_slugs;
use self::dates::take_time;
use self::publication::Publication;
use self::taxonomies::Taxonomies;
use crate::front_matter::{self, Fields};

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
    /// The file's `created` time, if it gives one (or, beside a
    /// `publishDate`, its `date`).
    pub created: Option<DateTime<Utc>>,
    /// The file's `updated` time (or `lastmod`, `last_modified_at`), if it
    /// gives one.
    pub updated: Option<DateTime<Utc>>,
}

/// The largest source file read, in bytes (1 MiB): ten times the longest
/// articles, and small enough that rendering one takes well under a second.
/// A longer file is refused before it is read; split it into a series.
pub const MAX_FILE_BYTES: u64 = 1024 * 1024;

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
    /// The date of a `YYYY-MM-DD-` or `YYYY-MM-DD_` prefix, if any.
    pub date: Option<NaiveDate>,
}

impl FileName {
    /// Reads a file stem such as `2024-05-01-hello-world` (Jekyll, Zola) or
    /// `2024-05-01_hello-world` (Zola): the date prefix is removed from the
    /// slug, as they do.
    pub fn from_stem(stem: &str) -> Self {
        let (date, rest) = match stem.get(..11) {
            Some(prefix) if prefix.ends_with(['-', '_']) => {
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

/// What a source file's path says about its article: what its name says,
/// and whether it is in a drafts folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourcePath {
    /// What the file's name says.
    pub name: FileName,
    /// Whether the file is in a Jekyll `_drafts` folder: then its article
    /// is a draft, whatever the front matter says, and needs no date.
    pub in_drafts: bool,
}

/// Parses one source file, outside a drafts folder. `name` comes from the
/// file's path; `now` dates a draft that gives no date, and stands for the
/// creation and update times the file does not give.
pub fn parse(text: &str, name: &FileName, now: DateTime<Utc>) -> Result<Parsed, SourceError> {
    let path = SourcePath {
        name: name.clone(),
        in_drafts: false,
    };
    parse_at(text, &path, now)
}

/// Parses one source file, as [`parse`] does, knowing its folder too.
pub fn parse_at(text: &str, path: &SourcePath, now: DateTime<Utc>) -> Result<Parsed, SourceError> {
    let name = &path.name;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    // CRLF, and a lone CR (as CommonMark and YAML read it), end a line: no
    // CR is left in the body for an export's final newline to pair with.
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
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
                    fields.line_of("title"),
                    format!(
                        "cannot make a slug from the file name or the title {:?} ({e}): \
                         add a `slug`",
                        title.as_str()
                    ),
                )
            })?,
        },
    };
    let summary = match (
        fields.take_text("summary", "text")?,
        fields.take_text("description", "text")?,
    ) {
        // Two texts: the summary is the card's, and the description (often
        // a page's meta description) stays an extra field.
        (Some(summary), Some(description)) => {
            fields.keep("description", Value::String(description));
            Some(summary)
        }
        (summary, description) => summary.or(description),
    };
    let publication = Publication::take(&mut fields, path)?;
    let taxonomies = Taxonomies::take(&mut fields)?;
    let previous_slugs = match fields.take_one_of(&["aliases", "redirect_from"])? {
        Some((key, value)) => previous_slugs(&fields, key, value, &slug)?,
        None => Vec::new(),
    };
    let updated = take_time(&mut fields, &["updated", "lastmod", "last_modified_at"])?;
    let expires_at = take_time(&mut fields, &["expires", "expiryDate"])?;

    let published_at = match publication.at {
        Some(at) => at,
        None if publication.draft => now,
        None => {
            return Err(SourceError::at(
                front_line,
                "no date: add `date` to the front matter (e.g. date = 2024-05-01), \
                 start the file name with YYYY-MM-DD-, or mark it `draft`",
            ));
        }
    };

    let mut article = Article::new(
        slug,
        title,
        Markdown::new(without_leading_blank_lines(body)),
        published_at,
    );
    article.summary = summary;
    article.status = if publication.draft {
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
    article.created_at = publication.created.unwrap_or(now);
    article.updated_at = updated.unwrap_or(now);
    article.extra = fields.into_extra()?;
    Ok(Parsed {
        article,
        categories: taxonomies.categories,
        series: taxonomies.series,
        dated: publication.at.is_some(),
        created: publication.created,
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
pub(crate) mod tests {
    use chrono::TimeZone;

    use super::*;

    pub(super) fn now() -> DateTime<Utc> {
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

    pub(super) fn check(stem: &str, text: &str, expected: &str) {
        match parse_as(stem, text) {
            Ok(p) => assert_eq!(summary_of(&p), expected, "{stem}: {text:?}"),
            Err(e) => panic!("{stem}: unexpected error {e}"),
        }
    }

    pub(super) fn check_err(stem: &str, text: &str, line: Option<usize>, reason_contains: &str) {
        match parse_as(stem, text) {
            Ok(p) => panic!("{stem}: expected an error, got {}", summary_of(&p)),
            Err(e) => {
                assert_eq!(e.line, line, "{stem}: {e}");
                assert!(
                    e.reason.contains(reason_contains),
                    "{stem}: {e:?} lacks {reason_contains:?}"
                );
                assert_no_debug_form(&e.reason);
            }
        }
    }

    /// Fails if `message` shows a value as Rust's Debug writes it
    /// (`Title("+++")`, `Some(..)`, `String(..)`), not as people read it.
    pub(crate) fn assert_no_debug_form(message: &str) {
        for form in [
            "Title(",
            "Slug(",
            "Tag {",
            "Markdown(",
            "Some(",
            "String(",
            "Integer(",
            "Float(",
            "Bool(",
            "List(",
            "Table(",
            "Value::",
            "PartNumber(",
        ] {
            assert!(
                !message.contains(form),
                "a Debug form {form:?} in {message:?}"
            );
        }
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

    pub(super) fn check_more(stem: &str, text: &str, expected: &str) {
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
    fn a_lone_carriage_return_ends_a_line() {
        // Found by the `front_matter` fuzz target: a body ending in a CR was
        // exported with a CRLF, which read back as LF, so an export of the
        // import differed from the first.
        check(
            "x",
            "+++\ntitle = \"T\"\ndate = 2024-01-01\n+++\nbody ends with CR\r",
            "slug=x title=\"T\" date=2024-01-01T00:00:00+00:00 status=published summary=None \
             categories=[] extra=[] body=\"body ends with CR\\n\"",
        );
        check(
            "x",
            "---\rtitle: T\rdate: 2024-01-01\r---\ra\r\r\nb\r",
            "slug=x title=\"T\" date=2024-01-01T00:00:00+00:00 status=published summary=None \
             categories=[] extra=[] body=\"a\\n\\nb\\n\"",
        );
    }

    #[test]
    fn summary_and_description() {
        check(
            "x",
            "---\ntitle: T\ndate: 2024-01-01\ndescription: D\n---\n",
            "slug=x title=\"T\" date=2024-01-01T00:00:00+00:00 status=published \
             summary=Some(\"D\") categories=[] extra=[] body=\"\"",
        );
        check(
            "x",
            "---\ntitle: T\ndate: 2024-01-01\nsummary: S\ndescription: D\n---\n",
            "slug=x title=\"T\" date=2024-01-01T00:00:00+00:00 status=published \
             summary=Some(\"S\") categories=[] extra=[\"description\"] body=\"\"",
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
        // Spaces after the opening fence do not shift the lines.
        check_err(
            "x",
            "+++  \ntitle = \"T\"\ndate = \"never\"\n+++\n",
            Some(3),
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
        check_err(
            "!!!",
            "+++\ndate = 2024-01-01\ntitle = \"+++\"\n+++\n",
            Some(3),
            "cannot make a slug from the file name or the title \"+++\" (a slug cannot be empty): \
             add a `slug`",
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
        check_name("2024-05-01_zola-way", Some("zola-way"), Some("2024-05-01"));
        check_name("2024-05-01_", None, Some("2024-05-01"));
        check_name("2024-05-01+x", Some("2024-05-01-x"), None);
        check_name("2024-05-01", Some("2024-05-01"), None);
        check_name("2024-13-01-bad-date", Some("2024-13-01-bad-date"), None);
        check_name("Snake_Case", Some("snake-case"), None);
        check_name("2024", Some("2024"), None);
        check_name("!!!", None, None);
    }
}
