//! The site's URL scheme, shared by the server, the static build and every
//! link a renderer writes. Paths are absolute from the site root and end in
//! `/` for pages.

use crate::{PageNumber, Slug};

/// The home page, or page `n` of the newest articles.
pub fn home(page: PageNumber) -> String {
    if page == PageNumber::FIRST {
        "/".to_owned()
    } else {
        format!("/page/{page}/")
    }
}

/// An article's page.
pub fn article(slug: &Slug) -> String {
    format!("/articles/{slug}/")
}

/// The page listing every category.
pub const CATEGORIES: &str = "/categories/";

/// Page `page` of a category's articles.
pub fn category(slug: &Slug, page: PageNumber) -> String {
    if page == PageNumber::FIRST {
        format!("/categories/{slug}/")
    } else {
        format!("/categories/{slug}/page/{page}/")
    }
}

/// A series' page.
pub fn series(slug: &Slug) -> String {
    format!("/series/{slug}/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths() {
        let slug = Slug::parse("rust").expect("valid");
        let two = PageNumber::new(2).expect("nonzero");
        assert_eq!(home(PageNumber::FIRST), "/");
        assert_eq!(home(two), "/page/2/");
        assert_eq!(article(&slug), "/articles/rust/");
        assert_eq!(category(&slug, PageNumber::FIRST), "/categories/rust/");
        assert_eq!(category(&slug, two), "/categories/rust/page/2/");
        assert_eq!(series(&slug), "/series/rust/");
    }
}
