//! The page of a series.

use blog_core::{SeriesOutline, Site, urls};
use serde::Serialize;

use super::{Date, Document, Head, Markup, Nav};
use crate::markdown::plain_text;

#[derive(Debug, Serialize)]
pub(crate) struct SeriesPage {
    title: String,
    description: Option<Markup>,
    count: String,
    parts: Vec<SeriesPart>,
}

/// One part on a series' page.
#[derive(Debug, Serialize)]
struct SeriesPart {
    number: u32,
    title: String,
    url: String,
    date: Date,
}

/// "1 part", "3 parts".
fn part_count(n: usize) -> String {
    if n == 1 {
        "1 part".to_owned()
    } else {
        format!("{n} parts")
    }
}

/// `View::Series`: one series in reading order.
pub(crate) fn series(site: &Site, outline: &SeriesOutline) -> Document<SeriesPage> {
    let series = &outline.series;
    let description = match plain_text(series.description.as_str()) {
        text if text.is_empty() => site.description.clone(),
        text => text,
    };
    Document {
        head: Head::new(site, Some(series.title.as_str()), description),
        nav: Nav::default(),
        page: SeriesPage {
            title: series.title.to_string(),
            description: Markup::of(&series.description),
            count: part_count(outline.parts.len()),
            parts: outline
                .parts
                .iter()
                .map(|p| SeriesPart {
                    number: p.number,
                    title: p.title.to_string(),
                    url: urls::article(&p.slug),
                    date: Date::of(p.published_at),
                })
                .collect(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts() {
        assert_eq!(part_count(0), "0 parts");
        assert_eq!(part_count(1), "1 part");
        assert_eq!(part_count(5), "5 parts");
    }
}
