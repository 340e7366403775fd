//! `Series`: articles meant to be read in order, and the rule of that order.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::{Article, Headline, Markdown, SeriesMembership, Slug, Title};

/// A series of articles read in order ("... #01", "#02", ...).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Series {
    /// Its identifier, used in its URL.
    pub slug: Slug,
    /// The title shown to readers.
    pub title: Title,
    /// What the series is about, in Markdown.
    pub description: Markdown,
}

/// One part of a series, as listed in its outline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartEntry {
    /// The part's position, counted from 1.
    pub number: u32,
    /// The article's slug.
    pub slug: Slug,
    /// The article's title.
    pub title: Title,
    /// When it was published.
    pub published_at: DateTime<Utc>,
}

/// A series with its parts in reading order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SeriesOutline {
    /// The series.
    pub series: Series,
    /// Its parts, first part first.
    pub parts: Vec<PartEntry>,
}

impl SeriesOutline {
    /// Puts the parts of `series` in reading order.
    ///
    /// A part the author numbered takes that number as its sort key; a part
    /// without a number takes its position in publication order. Ties fall to
    /// publication time, then slug. Parts are then numbered 1, 2, 3, ...
    ///
    /// The caller passes the articles to show (usually only the public ones),
    /// whole or as their headlines; articles of other series are ignored.
    pub fn new<'a, P: SeriesPart + 'a>(
        series: Series,
        articles: impl IntoIterator<Item = &'a P>,
    ) -> Self {
        let mut members: Vec<&P> = articles
            .into_iter()
            .filter(|a| a.membership().is_some_and(|m| m.series == series.slug))
            .collect();
        members.sort_by(|a, b| (a.published_at(), a.slug()).cmp(&(b.published_at(), b.slug())));
        let mut keyed: Vec<(u32, &P)> = members
            .into_iter()
            .zip(1u32..)
            .map(|(a, position)| {
                let key = a
                    .membership()
                    .and_then(|m| m.part)
                    .map_or(position, |p| p.get());
                (key, a)
            })
            .collect();
        // Stable: equal keys keep publication order.
        keyed.sort_by_key(|&(key, _)| key);
        let parts = keyed
            .into_iter()
            .zip(1u32..)
            .map(|((_, a), number)| PartEntry {
                number,
                slug: a.slug().clone(),
                title: a.title().clone(),
                published_at: a.published_at(),
            })
            .collect();
        Self { series, parts }
    }

    /// The part showing article `slug`, if it is in this outline.
    pub fn part(&self, slug: &Slug) -> Option<&PartEntry> {
        self.parts.iter().find(|p| &p.slug == slug)
    }

    /// The parts before and after article `slug`.
    pub fn neighbours(&self, slug: &Slug) -> (Option<&PartEntry>, Option<&PartEntry>) {
        match self.parts.iter().position(|p| &p.slug == slug) {
            Some(i) => (
                i.checked_sub(1).and_then(|j| self.parts.get(j)),
                self.parts.get(i + 1),
            ),
            None => (None, None),
        }
    }
}

/// What an outline reads of a part: an [`Article`], or its [`Headline`],
/// which holds all of that without the text.
pub trait SeriesPart {
    /// The article's slug.
    fn slug(&self) -> &Slug;
    /// Its title.
    fn title(&self) -> &Title;
    /// When it was published.
    fn published_at(&self) -> DateTime<Utc>;
    /// Its series, if any.
    fn membership(&self) -> Option<&SeriesMembership>;
}

/// Both hold what an outline reads, under the same names.
macro_rules! series_part {
    ($($part:ty),*) => {$(
        impl SeriesPart for $part {
            fn slug(&self) -> &Slug {
                &self.slug
            }
            fn title(&self) -> &Title {
                &self.title
            }
            fn published_at(&self) -> DateTime<Utc> {
                self.published_at
            }
            fn membership(&self) -> Option<&SeriesMembership> {
                self.series.as_ref()
            }
        }
    )*};
}

series_part!(Article, Headline);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::PartNumber;
    use crate::article::tests::article;

    fn series() -> Series {
        Series {
            slug: Slug::parse("s").expect("valid"),
            title: Title::parse("S").expect("valid"),
            description: Markdown::default(),
        }
    }

    fn part(slug: &str, day: u32, number: Option<u32>) -> Article {
        let mut a = article(slug, day);
        a.series = Some(SeriesMembership {
            series: Slug::parse("s").expect("valid"),
            part: number.and_then(PartNumber::new),
        });
        a
    }

    fn check(articles: &[Article], expected: &[&str]) {
        let outline = SeriesOutline::new(series(), articles);
        let got: Vec<(u32, &str)> = outline
            .parts
            .iter()
            .map(|p| (p.number, p.slug.as_str()))
            .collect();
        let want: Vec<(u32, &str)> = expected
            .iter()
            .copied()
            .zip(1..)
            .map(|(s, n)| (n, s))
            .collect();
        assert_eq!(got, want);
        // Headlines hold all an outline reads: theirs is the same.
        let headlines: Vec<Headline> = articles.iter().map(Headline::from).collect();
        assert_eq!(SeriesOutline::new(series(), &headlines), outline);
    }

    #[test]
    fn order_of_parts() {
        // Publication order without part numbers.
        check(
            &[part("c", 3, None), part("a", 1, None), part("b", 2, None)],
            &["a", "b", "c"],
        );
        // Explicit numbers win over publication order.
        check(
            &[
                part("x", 1, Some(3)),
                part("y", 2, Some(1)),
                part("z", 3, Some(2)),
            ],
            &["y", "z", "x"],
        );
        // Other series and no series are ignored.
        let mut other = part("o", 1, None);
        other.series = Some(SeriesMembership {
            series: Slug::parse("t").expect("valid"),
            part: None,
        });
        check(&[other, article("n", 1), part("p", 2, None)], &["p"]);
        // Same time: slug breaks the tie.
        check(&[part("b", 1, None), part("a", 1, None)], &["a", "b"]);
    }

    #[test]
    fn neighbours() {
        let parts = [part("a", 1, None), part("b", 2, None), part("c", 3, None)];
        let outline = SeriesOutline::new(series(), &parts);
        let slug = |s: &str| Slug::parse(s).expect("valid");
        let names = |(p, n): (Option<&PartEntry>, Option<&PartEntry>)| {
            (
                p.map(|e| e.slug.as_str().to_owned()),
                n.map(|e| e.slug.as_str().to_owned()),
            )
        };
        assert_eq!(
            names(outline.neighbours(&slug("a"))),
            (None, Some("b".into()))
        );
        assert_eq!(
            names(outline.neighbours(&slug("b"))),
            (Some("a".into()), Some("c".into()))
        );
        assert_eq!(
            names(outline.neighbours(&slug("c"))),
            (Some("b".into()), None)
        );
        assert_eq!(names(outline.neighbours(&slug("zz"))), (None, None));
        assert_eq!(outline.part(&slug("b")).map(|p| p.number), Some(2));
    }
}
