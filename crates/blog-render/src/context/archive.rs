//! The archive: every article by year and month.
//!
//! A site of 100,000 articles has a page of 100,000 entries. The years and
//! months are made up front, but a month's entries are drawn one at a time
//! as the template reaches them ([`Entries`]), from the shared headlines:
//! the page never holds every title, URL and date at once besides its own
//! text.

use std::ops::Range;
use std::sync::Arc;

use blog_core::{ArchiveView, Headline, Site, urls};
use chrono::Datelike;
use minijinja::value::{Enumerator, Object, ObjectRepr, Serde, Value};
use serde::Serialize;

use super::head::Head;
use super::{Date, Document, Nav, Section, count};

#[derive(Debug, Serialize)]
pub(crate) struct ArchivePage {
    count: String,
    years: Vec<Year>,
}

#[derive(Debug, Serialize)]
struct Year {
    year: i32,
    count: String,
    months: Vec<Month>,
}

#[derive(Debug, Serialize)]
struct Month {
    /// "January 2025".
    name: String,
    /// Its [`Entry`]s, newest first: an [`Entries`].
    entries: Value,
}

#[derive(Debug, Serialize)]
struct Entry {
    title: String,
    url: String,
    /// "31 January": the month and year are in the headings above.
    date: Date,
}

impl Entry {
    fn of(headline: &Headline) -> Self {
        Self {
            title: headline.title.to_string(),
            url: urls::article(&headline.slug),
            date: Date::formatted(headline.published_at, "%-d %B"),
        }
    }
}

/// A month's entries, as a sequence a template reads like a list: each
/// [`Entry`] is made when it is asked for, and dropped once printed.
#[derive(Debug)]
struct Entries {
    headlines: Arc<Vec<Headline>>,
    /// Positions in `headlines`, newest first; every month shares them.
    order: Arc<[usize]>,
    /// This month's stretch of `order`.
    range: Range<usize>,
}

impl Entries {
    /// The headline at `index` of this month.
    fn headline(&self, index: usize) -> Option<&Headline> {
        let at = self.order.get(self.range.clone())?.get(index)?;
        self.headlines.get(*at)
    }
}

impl Object for Entries {
    fn repr(self: &Arc<Self>) -> ObjectRepr {
        ObjectRepr::Seq
    }

    fn get_value(self: &Arc<Self>, key: &Value) -> Option<Value> {
        let headline = self.headline(key.as_usize()?)?;
        Some(Value::from(Serde(Entry::of(headline))))
    }

    fn enumerate(self: &Arc<Self>) -> Enumerator {
        Enumerator::Seq(self.range.len())
    }
}

/// `headlines` by year, then month, newest first; within a month, newest
/// first.
fn years(headlines: &Arc<Vec<Headline>>) -> Vec<Year> {
    let mut order: Vec<usize> = (0..headlines.len()).collect();
    order.sort_by(|&a, &b| Headline::newest_first(&headlines[a], &headlines[b]));
    let order: Arc<[usize]> = order.into();
    let month = |at: usize| {
        let published = headlines[at].published_at;
        (published.year(), published.month())
    };
    let mut years: Vec<Year> = Vec::new();
    let mut counts: Vec<usize> = Vec::new();
    let mut start = 0;
    for chunk in order.chunk_by(|&a, &b| month(a) == month(b)) {
        let range = start..start + chunk.len();
        start = range.end;
        let Some(published) = chunk.first().map(|&at| headlines[at].published_at) else {
            continue;
        };
        if years.last().is_none_or(|y| y.year != published.year()) {
            years.push(Year {
                year: published.year(),
                count: String::new(),
                months: Vec::new(),
            });
            counts.push(0);
        }
        if let (Some(year), Some(n)) = (years.last_mut(), counts.last_mut()) {
            *n += chunk.len();
            year.months.push(Month {
                name: published.format("%B %Y").to_string(),
                entries: Value::from_object(Entries {
                    headlines: Arc::clone(headlines),
                    order: Arc::clone(&order),
                    range,
                }),
            });
        }
    }
    for (year, n) in years.iter_mut().zip(counts) {
        year.count = count(n as u64, "article");
    }
    years
}

/// `View::Archive`: every article by year and month.
pub(crate) fn archive(site: &Site, view: &ArchiveView<'_>) -> Document<ArchivePage> {
    Document {
        head: Head::new(
            site,
            Some("Archive"),
            format!("Every article of {}, by year and month.", site.title),
            urls::ARCHIVE,
        ),
        nav: Nav::page(Section::Archive),
        page: ArchivePage {
            count: count(view.headlines.len() as u64, "article"),
            years: years(view.headlines),
        },
    }
}

#[cfg(test)]
mod tests {
    use blog_core::{Slug, Title};
    use chrono::{TimeZone, Utc};

    use super::*;

    fn headline(slug: &str, year: i32, month: u32, day: u32) -> Headline {
        let at = Utc
            .with_ymd_and_hms(year, month, day, 9, 0, 0)
            .single()
            .expect("valid date");
        Headline {
            slug: Slug::parse(slug).expect("valid slug"),
            title: Title::parse(slug).expect("valid title"),
            published_at: at,
            updated_at: at,
            categories: Vec::new(),
            tags: Vec::new(),
            series: None,
        }
    }

    /// The entries of `month`, as a template reads them.
    fn entries(month: &Month) -> Vec<Value> {
        month
            .entries
            .try_iter()
            .expect("a sequence")
            .collect::<Vec<Value>>()
    }

    /// The archive written as `year(n): Month Year[a b] ...; ...`.
    fn check(headlines: &[Headline], expected: &str) {
        let got: Vec<String> = years(&Arc::new(headlines.to_vec()))
            .iter()
            .map(|y| {
                let months: Vec<String> = y
                    .months
                    .iter()
                    .map(|m| {
                        let titles: Vec<String> = entries(m)
                            .iter()
                            .map(|e| e.get_attr("title").expect("a title").to_string())
                            .collect();
                        format!("{}[{}]", m.name, titles.join(" "))
                    })
                    .collect();
                format!("{}({}): {}", y.year, y.count, months.join(" "))
            })
            .collect();
        assert_eq!(got.join("; "), expected);
    }

    #[test]
    fn grouped_by_year_and_month_newest_first() {
        check(&[], "");
        check(
            &[
                headline("old", 2023, 12, 31),
                headline("b", 2025, 1, 2),
                headline("c", 2025, 3, 1),
                headline("a", 2025, 1, 20),
            ],
            "2025(3 articles): March 2025[c] January 2025[a b]; \
             2023(1 article): December 2023[old]",
        );
        let years = years(&Arc::new(vec![headline("x", 2025, 1, 5)]));
        let month = &years[0].months[0];
        let [entry] = &entries(month)[..] else {
            panic!("one entry");
        };
        let human = entry
            .get_attr("date")
            .and_then(|date| date.get_attr("human"))
            .expect("a date");
        assert_eq!(human.as_str(), Some("5 January"));
        assert_eq!(month.entries.len(), Some(1));
        // As a list does: from the end with a negative index, and nothing
        // past either end.
        let last = month.entries.get_item(&Value::from(-1)).expect("an item");
        assert_eq!(
            last.get_attr("url").expect("a URL").as_str(),
            Some("/articles/x/")
        );
        assert!(
            month
                .entries
                .get_item(&Value::from(1))
                .expect("no error")
                .is_undefined()
        );
    }
}
