//! Whether and when the article is public: `draft` and Jekyll's `published`
//! flag, `date` or Hugo's `publishDate`, and the date of the file's name.

use blog_core::Value;
use chrono::{DateTime, NaiveDate, NaiveTime, Utc};

use super::dates::{in_range, take_time};
use super::{SourceError, SourcePath};
use crate::front_matter::{Fields, kind};

/// Hugo's names of the publication time, beside `date`: Hugo reads keys
/// whatever their case, and these are the spellings found in the wild.
/// (`published` is one too when it holds a date, not a flag.)
const PUBLISH_DATE: [&str; 5] = [
    "publishDate",
    "publishdate",
    "pubDate",
    "pubdate",
    "published",
];

/// Whether and when the article is public, and when it was created, as the
/// front matter and the file's name say.
pub(super) struct Publication {
    /// `draft = true`, Jekyll's `published: false`, or a `_drafts` folder.
    pub(super) draft: bool,
    /// The publication time the file gives, if any: `publishDate`, else
    /// `date`, else the date of the file's name.
    pub(super) at: Option<DateTime<Utc>>,
    /// The creation time the file gives, if any: `created`, else (beside a
    /// `publishDate`) `date`.
    pub(super) created: Option<DateTime<Utc>>,
}

impl Publication {
    /// Takes the fields that say whether and when the article is public.
    pub(super) fn take(fields: &mut Fields<'_>, path: &SourcePath) -> Result<Self, SourceError> {
        let draft = match fields.take("draft") {
            None => None,
            Some(Value::Bool(b)) => Some(b),
            Some(other) => {
                return Err(fields.error(
                    "draft",
                    format!("`draft` must be true or false, found {}", kind(&other)),
                ));
            }
        };
        // Jekyll's `published` is a flag; Hugo's, a date like `publishDate`.
        let published = match fields.take("published") {
            None => None,
            Some(Value::Bool(b)) => Some(b),
            Some(date @ Value::String(_)) => {
                fields.keep("published", date);
                None
            }
            Some(other) => {
                return Err(fields.error(
                    "published",
                    format!(
                        "`published` must be true or false (or a date), found {}",
                        kind(&other)
                    ),
                ));
            }
        };
        if let (Some(draft), Some(published)) = (draft, published)
            && draft == published
        {
            return Err(fields.error(
                "published",
                format!("`draft: {draft}` and `published: {published}` disagree: keep one"),
            ));
        }
        let draft = path.in_drafts || draft == Some(true) || published == Some(false);

        let date = take_time(fields, &["date"])?;
        let publish_date = take_time(fields, &PUBLISH_DATE)?;
        let created = take_time(fields, &["created"])?;
        let (at, created) = match (publish_date, date, created) {
            (Some(_), Some(_), Some(_)) => {
                return Err(fields.error(
                    "date",
                    "`date` means nothing beside both a publication date (`publishDate`) \
                     and `created`: remove one of the three",
                ));
            }
            (Some(at), date, created) => (Some(at), created.or(date)),
            (None, Some(at), created) => (Some(at), created),
            (None, None, created) => {
                let midnight = |day: NaiveDate| day.and_time(NaiveTime::MIN).and_utc();
                let at = path.name.date.map(midnight);
                let at = at.map(|at| in_range(fields, "date", at)).transpose()?;
                (at, created)
            }
        };
        Ok(Self { draft, at, created })
    }
}

#[cfg(test)]
mod tests {
    use crate::source::tests::{check, check_err, check_more, now};
    use crate::source::{FileName, SourcePath, parse_at};

    #[test]
    fn jekyll_drafts_folder() {
        let in_drafts = |stem: &str, text: &str| {
            let path = SourcePath {
                name: FileName::from_stem(stem),
                in_drafts: true,
            };
            let parsed = parse_at(text, &path, now()).expect("parses");
            let a = parsed.article;
            format!(
                "{} {} {} dated={}",
                a.slug,
                a.status.as_str(),
                a.published_at.to_rfc3339(),
                parsed.dated
            )
        };
        // No date needed: the draft is dated now (and an import keeps the
        // stored date).
        assert_eq!(
            in_drafts("wip", "---\ntitle: Work in progress\n---\nB"),
            "wip draft 2026-01-02T03:04:05+00:00 dated=false"
        );
        // The folder wins over the front matter.
        assert_eq!(
            in_drafts(
                "wip",
                "---\ntitle: T\npublished: true\ndate: 2024-01-01\n---\n"
            ),
            "wip draft 2024-01-01T00:00:00+00:00 dated=true"
        );
        assert_eq!(
            in_drafts("2024-03-01-wip", "+++\ntitle = \"T\"\ndraft = false\n+++\n"),
            "wip draft 2024-03-01T00:00:00+00:00 dated=true"
        );
    }

    #[test]
    fn jekyll_published_flag() {
        check(
            "2024-01-01-x",
            "---\ntitle: T\npublished: false\nlayout: post\n---\nB",
            "slug=x title=\"T\" date=2024-01-01T00:00:00+00:00 status=draft summary=None \
             categories=[] extra=[\"layout\"] body=\"B\"",
        );
        check(
            "x",
            "---\ntitle: T\ndate: 2024-01-01\npublished: true\n---\nB",
            "slug=x title=\"T\" date=2024-01-01T00:00:00+00:00 status=published summary=None \
             categories=[] extra=[] body=\"B\"",
        );
        // Unpublished, it is a draft, which needs no date.
        check(
            "x",
            "---\ntitle: T\npublished: false\n---\nB",
            "slug=x title=\"T\" date=2026-01-02T03:04:05+00:00 status=draft summary=None \
             categories=[] extra=[] body=\"B\"",
        );
        check(
            "x",
            "---\ntitle: T\ndraft: true\npublished: false\n---\nB",
            "slug=x title=\"T\" date=2026-01-02T03:04:05+00:00 status=draft summary=None \
             categories=[] extra=[] body=\"B\"",
        );
    }

    #[test]
    fn hugo_publish_date() {
        // The publication time; `date` beside it is the creation time.
        check_more(
            "x",
            "---\ntitle: T\ndate: 2024-01-01\npublishDate: 2024-02-01T10:00:00Z\n---\n",
            "tags=[] series=- previous=[] created=2024-01-01T00:00:00Z updated=- expires=- \
             extra=[]",
        );
        check(
            "x",
            "---\ntitle: T\ndate: 2024-01-01\npublishDate: 2024-02-01T10:00:00Z\n---\n",
            "slug=x title=\"T\" date=2024-02-01T10:00:00+00:00 status=published summary=None \
             categories=[] extra=[] body=\"\"",
        );
        // `created`, when given, is the creation time.
        check_more(
            "x",
            "+++\ntitle = \"T\"\npublishdate = 2024-02-01\ncreated = 2023-12-01\n+++\n",
            "tags=[] series=- previous=[] created=2023-12-01T00:00:00Z updated=- expires=- \
             extra=[]",
        );
        // Over the file name's date, too.
        for front in [
            "pubDate: 2024-02-01",
            "pubdate: 2024-02-01",
            "published: 2024-02-01",
            "publishDate: 2024-02-01",
        ] {
            check(
                "2020-01-01-x",
                &format!("---\ntitle: T\n{front}\n---\n"),
                "slug=x title=\"T\" date=2024-02-01T00:00:00+00:00 status=published \
                 summary=None categories=[] extra=[] body=\"\"",
            );
        }
    }

    #[test]
    fn publication_errors() {
        check_err(
            "x",
            "---\ntitle: T\ndate: 2024-01-01\npublished: 1\n---\n",
            Some(4),
            "`published` must be true or false (or a date), found an integer",
        );
        check_err(
            "x",
            "---\ntitle: T\ndate: 2024-01-01\npublished: soon\n---\n",
            Some(4),
            "`published` \"soon\" is not a date",
        );
        check_err(
            "x",
            "---\ntitle: T\ndate: 2024-01-01\ndraft: true\npublished: true\n---\n",
            Some(5),
            "`draft: true` and `published: true` disagree: keep one",
        );
        check_err(
            "x",
            "---\ntitle: T\ndate: 2024-01-01\ndraft: false\npublished: false\n---\n",
            Some(5),
            "disagree",
        );
        check_err(
            "x",
            "---\ntitle: T\ndate: 2024-01-01\npublishDate: 2024-01-02\npubDate: 2024-01-03\n---\n",
            Some(5),
            "`publishDate` and `pubDate` say the same thing",
        );
        check_err(
            "x",
            "---\ntitle: T\npublishDate: 2024-01-02\ncreated: 2024-01-01\ndate: 2024-01-01\n---\n",
            Some(5),
            "`date` means nothing beside both",
        );
        check_err(
            "x",
            "---\ntitle: T\npublishDate: 1800-01-02\n---\n",
            Some(3),
            "the date 1800-01-02 is out of range",
        );
        check_err(
            "1800-01-01-x",
            "---\ntitle: T\n---\n",
            None,
            "the date 1800-01-01 is out of range",
        );
    }
}
