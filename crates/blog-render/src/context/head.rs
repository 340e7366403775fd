//! The `<head>` of every page: title, description, canonical URL, Open
//! Graph and Twitter card values, `rel=prev`/`next`, feed discovery and
//! JSON-LD.

use blog_core::Site;
use blog_core::urls::{self, FeedFormat, FeedOf};
use serde::Serialize;

use super::json_ld::JsonLd;
use super::pager::Pager;

/// What a page says about itself in its `<head>`.
#[derive(Debug, Serialize)]
pub(crate) struct Head {
    /// The `<title>`: "{page} · {site}", or the site's title alone.
    title: String,
    /// The page's own title, for Open Graph and Twitter cards.
    page_title: String,
    description: String,
    /// The absolute URL of the page; none on pages search engines skip.
    canonical: Option<String>,
    /// `noindex` on pages search engines should skip.
    robots: Option<&'static str>,
    /// `og:type`: `website`, or `article` with [`Head::article`].
    kind: &'static str,
    article: Option<ArticleMeta>,
    /// The previous and next pages of a sequence (a listing, a series).
    prev: Option<String>,
    next: Option<String>,
    /// Feed discovery: the site's feeds, then the page's own.
    feeds: Vec<Alternate>,
    json_ld: Option<JsonLd>,
}

/// Open Graph's `article:*` values.
#[derive(Debug, Serialize)]
pub(crate) struct ArticleMeta {
    pub(crate) published: String,
    pub(crate) modified: String,
    pub(crate) section: Option<String>,
    pub(crate) tags: Vec<String>,
}

impl Head {
    /// The head of the page at `path`, which search engines may index:
    /// titled `page` (the site's title alone for `None`), with the site's
    /// feeds.
    pub(crate) fn new(site: &Site, page: Option<&str>, description: String, path: &str) -> Self {
        let (title, page_title) = match page {
            Some(page) => (format!("{page} · {}", site.title), page.to_owned()),
            None => (site.title.clone(), site.title.clone()),
        };
        Self {
            title,
            page_title,
            description,
            canonical: Some(site.base_url.join(path)),
            robots: None,
            kind: "website",
            article: None,
            prev: None,
            next: None,
            feeds: SiteFeeds::alternates(site),
            json_ld: None,
        }
    }

    /// Asks search engines not to index the page, which then names no
    /// canonical URL.
    pub(crate) fn noindex(mut self) -> Self {
        self.canonical = None;
        self.robots = Some("noindex");
        self
    }

    /// Links the previous and next pages of `pager`, if any.
    pub(crate) fn pager(self, pager: Option<&Pager>) -> Self {
        match pager {
            Some(pager) => self.sequence(pager.prev().cloned(), pager.next().cloned()),
            None => self,
        }
    }

    /// Links the previous and next pages of a sequence.
    pub(crate) fn sequence(mut self, prev: Option<String>, next: Option<String>) -> Self {
        self.prev = prev;
        self.next = next;
        self
    }

    /// Adds the Atom feed of `of`, the page's own, named `name`.
    pub(crate) fn feed(mut self, site: &Site, of: FeedOf<'_>, name: &str) -> Self {
        if let Some(href) = urls::feed(of, FeedFormat::Atom) {
            self.feeds.push(Alternate {
                title: format!("{} — {name}", site.title),
                href,
                kind: media_type(FeedFormat::Atom),
            });
        }
        self
    }

    /// Makes the page an article for Open Graph.
    pub(crate) fn article(mut self, meta: ArticleMeta) -> Self {
        self.kind = "article";
        self.article = Some(meta);
        self
    }

    /// Describes the page to search engines in JSON-LD.
    pub(crate) fn json_ld(mut self, json_ld: JsonLd) -> Self {
        self.json_ld = Some(json_ld);
        self
    }

    #[cfg(test)]
    pub(crate) fn canonical(&self) -> Option<&str> {
        self.canonical.as_deref()
    }
}

/// A `<link rel="alternate">` to a feed.
#[derive(Debug, Serialize)]
struct Alternate {
    title: String,
    href: String,
    /// Its media type, for the link's `type`.
    kind: &'static str,
}

/// The media type of a feed format, without parameters.
fn media_type(format: FeedFormat) -> &'static str {
    let content_type = format.content_type();
    content_type
        .split_once(';')
        .map_or(content_type, |(media_type, _)| media_type)
}

/// The site's own feeds, linked from every page's footer.
#[derive(Debug, Serialize)]
pub(crate) struct SiteFeeds(Vec<FeedLink>);

/// A link to one of the site's feeds.
#[derive(Debug, Serialize)]
struct FeedLink {
    name: &'static str,
    url: String,
}

/// The site's feed formats, with the name each is known by.
const SITE_FORMATS: [(FeedFormat, &str); 3] = [
    (FeedFormat::Atom, "Atom"),
    (FeedFormat::Rss, "RSS"),
    (FeedFormat::Json, "JSON Feed"),
];

impl SiteFeeds {
    pub(crate) fn new() -> Self {
        Self(
            SITE_FORMATS
                .into_iter()
                .filter_map(|(format, name)| {
                    Some(FeedLink {
                        name,
                        url: urls::feed(FeedOf::Site, format)?,
                    })
                })
                .collect(),
        )
    }

    /// Discovery links to the site's feeds: "{site} (Atom)", ...
    fn alternates(site: &Site) -> Vec<Alternate> {
        SITE_FORMATS
            .into_iter()
            .filter_map(|(format, name)| {
                Some(Alternate {
                    title: format!("{} ({name})", site.title),
                    href: urls::feed(FeedOf::Site, format)?,
                    kind: media_type(format),
                })
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use blog_core::Slug;

    use super::*;

    #[test]
    fn media_types_drop_the_charset() {
        assert_eq!(media_type(FeedFormat::Atom), "application/atom+xml");
        assert_eq!(media_type(FeedFormat::Rss), "application/rss+xml");
        assert_eq!(media_type(FeedFormat::Json), "application/feed+json");
    }

    #[test]
    fn every_page_finds_the_site_feeds_and_its_own() {
        let site = Site::default();
        let slug = Slug::parse("rust").expect("valid slug");
        let head = Head::new(&site, Some("Rust"), String::new(), "/x/").feed(
            &site,
            FeedOf::Category(&slug),
            "Rust",
        );
        let feeds: Vec<(&str, &str)> = head
            .feeds
            .iter()
            .map(|f| (f.title.as_str(), f.href.as_str()))
            .collect();
        assert_eq!(
            feeds,
            [
                ("Ferrous Notes (Atom)", "/feed.xml"),
                ("Ferrous Notes (RSS)", "/rss.xml"),
                ("Ferrous Notes (JSON Feed)", "/feed.json"),
                ("Ferrous Notes — Rust", "/categories/rust/feed.xml"),
            ]
        );
    }

    #[test]
    fn noindex_pages_name_no_canonical_url() {
        let site = Site::default();
        let head = Head::new(&site, None, String::new(), "/tags/");
        assert_eq!(head.canonical(), Some("http://127.0.0.1:3000/tags/"));
        let head = head.noindex();
        assert_eq!((head.canonical(), head.robots), (None, Some("noindex")));
    }
}
