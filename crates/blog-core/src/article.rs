//! `Article`: the unit of writing, and the rules of its visibility.

use std::num::NonZeroU32;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::{Extra, Markdown, Slug, Summary, Tag, Title, summary};

/// An article: Markdown text with its metadata.
///
/// Every field holds a valid value by construction (slugs are [`Slug`]s, the
/// title is a [`Title`]), so a store or renderer never re-validates them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Article {
    /// The article's identifier, unique among articles, used in its URL.
    pub slug: Slug,
    /// Its title.
    pub title: Title,
    /// The summary the author gave, if any; see [`Article::summary`].
    pub summary: Option<String>,
    /// The text.
    pub body: Markdown,
    /// Draft or published.
    pub status: Status,
    /// When the article becomes public; a future time means scheduled.
    pub published_at: DateTime<Utc>,
    /// When the article stops being public, if ever.
    pub expires_at: Option<DateTime<Utc>>,
    /// When it was first stored.
    pub created_at: DateTime<Utc>,
    /// When it last changed.
    pub updated_at: DateTime<Utc>,
    /// The categories it belongs to, first one first.
    pub categories: Vec<Slug>,
    /// Its tags, first one first, each slug once.
    pub tags: Vec<Tag>,
    /// The series it is a part of, if any.
    pub series: Option<SeriesMembership>,
    /// Slugs the article had before; their URLs redirect to the current one.
    pub previous_slugs: Vec<Slug>,
    /// Front-matter fields the model has no field for, kept as they were.
    pub extra: Extra,
}

/// Whether the author has released an article.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Work in progress: never public.
    Draft,
    /// Released: public from its publication time on.
    Published,
}

impl Status {
    /// The lowercase name, as stored and shown.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Draft => "draft",
            Self::Published => "published",
        }
    }
}

/// What readers can see of an article at a given moment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Visibility {
    /// A draft: visible to nobody.
    Draft,
    /// Published with a publication time still to come.
    Scheduled,
    /// Published, its time has come, and it has not expired.
    Public,
    /// Published, but past its expiry time.
    Expired,
}

impl Visibility {
    /// The lowercase name, as shown.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Draft => "draft",
            Self::Scheduled => "scheduled",
            Self::Public => "public",
            Self::Expired => "expired",
        }
    }
}

/// An article's place in a series.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct SeriesMembership {
    /// The series.
    pub series: Slug,
    /// The part number the author gave; without one, publication order decides.
    pub part: Option<PartNumber>,
}

/// A part number in a series, counted from 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct PartNumber(NonZeroU32);

impl PartNumber {
    /// A part number, or `None` for zero.
    pub fn new(n: u32) -> Option<Self> {
        NonZeroU32::new(n).map(Self)
    }

    /// The number.
    pub fn get(self) -> u32 {
        self.0.get()
    }
}

impl Article {
    /// A published article with the given text, public from `published_at`,
    /// with no categories, series or extra fields.
    pub fn new(slug: Slug, title: Title, body: Markdown, published_at: DateTime<Utc>) -> Self {
        Self {
            slug,
            title,
            summary: None,
            body,
            status: Status::Published,
            published_at,
            expires_at: None,
            created_at: published_at,
            updated_at: published_at,
            categories: Vec::new(),
            tags: Vec::new(),
            series: None,
            previous_slugs: Vec::new(),
            extra: Extra::new(),
        }
    }

    /// What readers can see of this article at `now`.
    pub fn visibility(&self, now: DateTime<Utc>) -> Visibility {
        match self.status {
            Status::Draft => Visibility::Draft,
            Status::Published if self.published_at > now => Visibility::Scheduled,
            Status::Published if self.expires_at.is_some_and(|end| end <= now) => {
                Visibility::Expired
            }
            Status::Published => Visibility::Public,
        }
    }

    /// Whether readers can see this article at `now`.
    pub fn is_public(&self, now: DateTime<Utc>) -> bool {
        self.visibility(now) == Visibility::Public
    }

    /// The summary shown on cards: the one the author gave, else the text
    /// before a `<!-- more -->` marker, else the first paragraph.
    pub fn summary(&self) -> Summary<'_> {
        match self.summary.as_deref().map(str::trim) {
            Some(given) if !given.is_empty() => Summary::Given(given),
            _ => Summary::Excerpt(summary::excerpt(self.body.as_str())),
        }
    }

    /// Whether the article is in category `slug` itself (not counting the
    /// categories below it).
    pub fn in_category(&self, slug: &Slug) -> bool {
        self.categories.contains(slug)
    }

    /// Whether the article has a tag with slug `slug`.
    pub fn has_tag(&self, slug: &Slug) -> bool {
        self.tags.iter().any(|t| t.slug() == slug)
    }

    /// Whether the article is in series `slug`.
    pub fn in_series(&self, slug: &Slug) -> bool {
        self.series.as_ref().is_some_and(|m| &m.series == slug)
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use chrono::TimeZone;

    use super::*;

    pub(crate) fn at(day: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2025, 1, day, 12, 0, 0)
            .single()
            .expect("valid test date")
    }

    pub(crate) fn article(slug: &str, day: u32) -> Article {
        Article::new(
            Slug::parse(slug).expect("valid test slug"),
            Title::parse(slug).expect("valid test title"),
            Markdown::new("Body."),
            at(day),
        )
    }

    fn check(status: Status, published: u32, expires: Option<u32>, now: u32, expected: Visibility) {
        let mut a = article("a", published);
        a.status = status;
        a.expires_at = expires.map(at);
        assert_eq!(
            a.visibility(at(now)),
            expected,
            "{status:?} published day {published}, expires {expires:?}, now day {now}"
        );
    }

    #[test]
    fn visibility_follows_status_and_time() {
        check(Status::Draft, 1, None, 10, Visibility::Draft);
        check(Status::Draft, 20, None, 10, Visibility::Draft);
        check(Status::Published, 20, None, 10, Visibility::Scheduled);
        check(Status::Published, 10, None, 10, Visibility::Public);
        check(Status::Published, 1, None, 10, Visibility::Public);
        check(Status::Published, 1, Some(10), 10, Visibility::Expired);
        check(Status::Published, 1, Some(11), 10, Visibility::Public);
        check(Status::Published, 20, Some(25), 10, Visibility::Scheduled);
    }

    #[test]
    fn given_summary_wins_unless_blank() {
        let mut a = article("a", 1);
        a.body = Markdown::new("First paragraph.\n\nSecond.");
        assert_eq!(a.summary(), Summary::Excerpt("First paragraph."));
        a.summary = Some("  Given.  ".into());
        assert_eq!(a.summary(), Summary::Given("Given."));
        a.summary = Some("   ".into());
        assert_eq!(a.summary(), Summary::Excerpt("First paragraph."));
    }
}
