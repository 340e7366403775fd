//! The pagination of every paginated page: previous and next links, and
//! numbered links to the first page, the last, and a window around the
//! current one.

use blog_core::{Page, PageNumber};
use serde::Serialize;

/// How many pages either side of the current one are linked by number.
const RADIUS: u32 = 2;

/// What the previous and next links say.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Labels {
    prev: &'static str,
    next: &'static str,
}

impl Labels {
    /// For articles listed newest first.
    pub(crate) const ARTICLES: Self = Self {
        prev: "Newer",
        next: "Older",
    };
    /// For anything else.
    pub(crate) const PAGES: Self = Self {
        prev: "Previous",
        next: "Next",
    };
}

/// The links between the pages of a listing.
#[derive(Debug, Serialize)]
pub(crate) struct Pager {
    prev: Option<String>,
    next: Option<String>,
    prev_label: &'static str,
    next_label: &'static str,
    /// The numbered links in order, with gaps.
    pages: Vec<PagerItem>,
}

/// A numbered page, or a gap (no number) where pages are left out.
#[derive(Debug, Serialize)]
struct PagerItem {
    number: Option<u32>,
    /// None for the current page and for gaps.
    url: Option<String>,
    current: bool,
}

impl Pager {
    /// The pager of `page`, whose page `n` is at `url(n)`; none if the
    /// listing fits on one page (and `page` is that page).
    pub(crate) fn of<T>(
        page: &Page<T>,
        labels: Labels,
        url: impl Fn(PageNumber) -> String,
    ) -> Option<Self> {
        let current = page.number.get();
        let total = page.total_pages().max(current);
        if total == 1 {
            return None;
        }
        let pages = window(current, total)
            .into_iter()
            .map(|number| PagerItem {
                number,
                url: number
                    .filter(|&n| n != current)
                    .and_then(PageNumber::new)
                    .map(&url),
                current: number == Some(current),
            })
            .collect();
        Some(Self {
            prev: page.prev().map(&url),
            next: page.next().map(&url),
            prev_label: labels.prev,
            next_label: labels.next,
            pages,
        })
    }

    /// The previous page's URL, if there is one.
    pub(crate) fn prev(&self) -> Option<&String> {
        self.prev.as_ref()
    }

    /// The next page's URL, if there is one.
    pub(crate) fn next(&self) -> Option<&String> {
        self.next.as_ref()
    }
}

/// The page numbers to show on page `current` of `total`: the first, the
/// last, and [`RADIUS`] either side of `current`, in order; `None` stands
/// for a gap of several pages. A gap of a single page shows that page
/// instead, which takes no more room than an ellipsis.
fn window(current: u32, total: u32) -> Vec<Option<u32>> {
    let near = current.saturating_sub(RADIUS).max(1)..=current.saturating_add(RADIUS).min(total);
    let mut shown: Vec<u32> = std::iter::once(1)
        .chain(near)
        .chain(std::iter::once(total))
        .collect();
    shown.dedup();
    let mut items = Vec::with_capacity(shown.len() + 2);
    let mut last = 0;
    for n in shown {
        if n <= last {
            continue;
        }
        match n - last {
            1 => {}
            2 => items.push(Some(n - 1)),
            _ => items.push(None),
        }
        items.push(Some(n));
        last = n;
    }
    items
}

#[cfg(test)]
mod tests {
    use blog_core::PerPage;

    use super::*;

    /// `expected` writes the window as numbers, `[7]` for the current page
    /// and `…` for a gap.
    fn check(current: u32, total: u32, expected: &str) {
        let got: Vec<String> = window(current, total)
            .into_iter()
            .map(|n| match n {
                None => "…".to_owned(),
                Some(n) if n == current => format!("[{n}]"),
                Some(n) => n.to_string(),
            })
            .collect();
        assert_eq!(got.join(" "), expected, "page {current} of {total}");
    }

    #[test]
    fn windows() {
        check(1, 1, "[1]");
        check(1, 2, "[1] 2");
        check(2, 2, "1 [2]");
        check(1, 5, "[1] 2 3 4 5");
        check(3, 5, "1 2 [3] 4 5");
        check(1, 10, "[1] 2 3 … 10");
        check(4, 10, "1 2 3 [4] 5 6 … 10");
        check(5, 10, "1 2 3 4 [5] 6 7 … 10");
        check(6, 12, "1 … 4 5 [6] 7 8 … 12");
        check(10, 10, "1 … 8 9 [10]");
        check(8, 10, "1 … 6 7 [8] 9 10");
        check(
            u32::MAX,
            u32::MAX,
            format!("1 … {} {} [{}]", u32::MAX - 2, u32::MAX - 1, u32::MAX).as_str(),
        );
    }

    fn page(number: u32, total: u64) -> Page<()> {
        Page {
            items: Vec::new(),
            number: PageNumber::new(number).expect("nonzero"),
            per_page: PerPage::new(1).expect("valid"),
            total,
        }
    }

    fn url(n: PageNumber) -> String {
        format!("/p/{n}/")
    }

    #[test]
    fn one_page_needs_no_pager() {
        assert!(Pager::of(&page(1, 1), Labels::PAGES, url).is_none());
        assert!(Pager::of(&page(1, 0), Labels::PAGES, url).is_none());
    }

    #[test]
    fn links_previous_next_and_numbers_but_not_the_current_page() {
        let pager = Pager::of(&page(2, 3), Labels::ARTICLES, url).expect("three pages");
        assert_eq!(pager.prev().map(String::as_str), Some("/p/1/"));
        assert_eq!(pager.next().map(String::as_str), Some("/p/3/"));
        let urls: Vec<Option<&str>> = pager.pages.iter().map(|p| p.url.as_deref()).collect();
        assert_eq!(urls, [Some("/p/1/"), None, Some("/p/3/")]);
        assert!(pager.pages[1].current);
        let last = Pager::of(&page(3, 3), Labels::ARTICLES, url).expect("three pages");
        assert_eq!((last.prev().is_some(), last.next()), (true, None));
    }

    #[test]
    fn a_page_past_the_end_still_shows_where_it_is() {
        let pager = Pager::of(&page(4, 2), Labels::PAGES, url).expect("past the end");
        assert_eq!(pager.next(), None);
        assert_eq!(pager.prev().map(String::as_str), Some("/p/3/"));
        assert!(pager.pages.iter().any(|p| p.current && p.number == Some(4)));
    }
}
