//! The archive: every article by year and month.

use blog_core::{ArchiveView, Headline, Site, urls};
use chrono::Datelike;
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
    entries: Vec<Entry>,
}

#[derive(Debug, Serialize)]
struct Entry {
    title: String,
    url: String,
    /// "31 January": the month and year are in the headings above.
    date: Date,
}

/// `headlines` by year, then month, newest first; within a month, newest
/// first.
fn years(headlines: &[Headline]) -> Vec<Year> {
    let mut sorted: Vec<&Headline> = headlines.iter().collect();
    sorted.sort_by(|a, b| Headline::newest_first(a, b));
    let mut years: Vec<Year> = Vec::new();
    let mut counts: Vec<u64> = Vec::new();
    for headline in sorted {
        let at = headline.published_at;
        if years.last().is_none_or(|y| y.year != at.year()) {
            years.push(Year {
                year: at.year(),
                count: String::new(),
                months: Vec::new(),
            });
            counts.push(0);
        }
        let (Some(year), Some(n)) = (years.last_mut(), counts.last_mut()) else {
            continue;
        };
        *n += 1;
        let name = at.format("%B %Y").to_string();
        if year.months.last().is_none_or(|m| m.name != name) {
            year.months.push(Month {
                name,
                entries: Vec::new(),
            });
        }
        if let Some(month) = year.months.last_mut() {
            month.entries.push(Entry {
                title: headline.title.to_string(),
                url: urls::article(&headline.slug),
                date: Date::formatted(at, "%-d %B"),
            });
        }
    }
    for (year, n) in years.iter_mut().zip(counts) {
        year.count = count(n, "article");
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

    /// The archive written as `year(n): Month Year[a b] ...; ...`.
    fn check(headlines: &[Headline], expected: &str) {
        let got: Vec<String> = years(headlines)
            .iter()
            .map(|y| {
                let months: Vec<String> = y
                    .months
                    .iter()
                    .map(|m| {
                        let titles: Vec<&str> =
                            m.entries.iter().map(|e| e.title.as_str()).collect();
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
        let [entry] = &years(&[headline("x", 2025, 1, 5)])[0].months[0].entries[..] else {
            panic!("one entry");
        };
        assert_eq!(entry.date.human, "5 January");
    }
}
