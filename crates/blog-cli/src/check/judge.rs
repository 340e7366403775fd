//! What one link of an article leads to, as the server would answer it.

use blog_core::{Lookup, PageNumber, PerPage, Slug, StoreError, Visibility, urls};

use super::link::Link;
use super::site::Snapshot;
use super::target::{Target, target};
use super::{Problem, Taxonomy};

/// How many redirects a link may go through before it counts as a loop
/// (the router's own redirects never chain more than twice).
const MAX_HOPS: usize = 4;

/// What a link leads to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Verdict {
    /// A page readers can see.
    Fine,
    /// Something wrong.
    Problem(Problem),
    /// Another site's URL, to check over the network.
    External(String),
    /// Nothing to check.
    Unchecked,
}

/// Judges `url`, written in public article `from`.
pub(super) fn judge(
    snapshot: &Snapshot<'_>,
    from: &Slug,
    url: &str,
) -> Result<Verdict, StoreError> {
    let page = urls::article(from);
    let link = Link::resolve(url, &page, snapshot.settings().base_url.as_ref());
    Ok(match link {
        Link::Unchecked => Verdict::Unchecked,
        Link::External(url) => Verdict::External(url),
        Link::Here { fragment } => verdict(anchor(snapshot, from, &fragment)),
        Link::Site { path, fragment } => {
            verdict(path_problem(snapshot, &path, fragment.as_deref(), 0)?)
        }
    })
}

fn verdict(problem: Option<Problem>) -> Verdict {
    problem.map_or(Verdict::Fine, Verdict::Problem)
}

/// The problem with site path `path` and its `fragment`, reached after
/// `hops` redirects.
fn path_problem(
    snapshot: &Snapshot<'_>,
    path: &str,
    fragment: Option<&str>,
    hops: usize,
) -> Result<Option<Problem>, StoreError> {
    let per_page = snapshot.settings().per_page;
    let problem = match target(path) {
        Target::Redirect(to) if hops < MAX_HOPS => {
            match path_problem(snapshot, &to, fragment, hops + 1)? {
                // Where the redirect leads is fine: link there.
                None => Some(Problem::Redirects {
                    to: with_fragment(&to, fragment),
                    moved: false,
                }),
                other => other,
            }
        }
        Target::Redirect(_) => Some(Problem::Broken("too many redirects".to_owned())),
        Target::Article(slug) => article_problem(snapshot, &slug, fragment)?,
        Target::Home(n) => beyond("the home page", n, snapshot.public_count(), per_page),
        Target::Categories(_, n) => beyond(
            "the list of categories",
            n,
            snapshot.categories().len() as u64,
            // The list of categories has a fixed page size on the server.
            PerPage::DEFAULT,
        ),
        Target::Category(slug, n) => match snapshot.listed(&slug) {
            Some(count) => beyond("the category", n, count, per_page),
            None => Some(Problem::Unknown(Taxonomy::Category, slug)),
        },
        Target::CategoryFeed(slug) => match snapshot.listed(&slug) {
            Some(_) => None,
            None => Some(Problem::Unknown(Taxonomy::Category, slug)),
        },
        Target::Tag(slug, n) => match snapshot.tagged(&slug) {
            Some(count) => beyond("the tag", n, count, per_page),
            None => Some(Problem::Unknown(Taxonomy::Tag, slug)),
        },
        Target::TagFeed(slug) => match snapshot.tagged(&slug) {
            Some(_) => None,
            None => Some(Problem::Unknown(Taxonomy::Tag, slug)),
        },
        Target::Series(slug) | Target::SeriesFeed(slug) => {
            (!snapshot.has_series(&slug)).then_some(Problem::Unknown(Taxonomy::Series, slug))
        }
        Target::SitemapPart(n) => match snapshot.sitemap_parts() {
            0 => Some(Problem::Broken(
                "the sitemap is one file, with no parts".to_owned(),
            )),
            parts if n.get() > parts => Some(Problem::Broken(format!(
                "part {n} is past the end: the sitemap has {parts} parts"
            ))),
            _ => None,
        },
        Target::Asset(path) => (!snapshot.settings().assets.contains(&path))
            .then(|| Problem::Broken("no such asset".to_owned())),
        Target::NotFound => Some(Problem::Broken("no page has this path".to_owned())),
        Target::Tags | Target::Archive | Target::Search | Target::SiteFile | Target::Service => {
            None
        }
    };
    Ok(problem)
}

/// The problem with a link to the article page of `slug`.
fn article_problem(
    snapshot: &Snapshot<'_>,
    slug: &Slug,
    fragment: Option<&str>,
) -> Result<Option<Problem>, StoreError> {
    if let Some(article) = snapshot.article(slug) {
        return Ok(readable(snapshot, slug)
            .or_else(|| fragment.and_then(|f| anchor(snapshot, &article.slug, f))));
    }
    Ok(match snapshot.lookup(slug)? {
        // As the server: the old URL answers what the new one would.
        Lookup::Moved(to) => readable(snapshot, &to)
            .or_else(|| fragment.and_then(|f| anchor(snapshot, &to, f)))
            .or_else(|| {
                Some(Problem::Redirects {
                    to: with_fragment(&urls::article(&to), fragment),
                    moved: true,
                })
            }),
        Lookup::Gone => Some(Problem::Broken(
            "the article was deleted: 410 Gone".to_owned(),
        )),
        Lookup::Found(_) | Lookup::Unknown => {
            Some(Problem::Broken("no article has this slug".to_owned()))
        }
    })
}

/// Why readers cannot see article `slug`, if they cannot: it is not
/// public (or, for a moved slug, its article no longer exists).
fn readable(snapshot: &Snapshot<'_>, slug: &Slug) -> Option<Problem> {
    let Some(article) = snapshot.article(slug) else {
        return Some(Problem::Broken("no article has this slug".to_owned()));
    };
    match article.visibility(snapshot.now()) {
        Visibility::Public => None,
        visibility => Some(Problem::NotPublic {
            article: slug.clone(),
            visibility,
            from: (visibility == Visibility::Scheduled).then_some(article.published_at),
        }),
    }
}

/// The problem with `#fragment` on public article `slug`'s page, if it has
/// no such id. `#top` needs none: browsers scroll to the top for it.
fn anchor(snapshot: &Snapshot<'_>, slug: &Slug, fragment: &str) -> Option<Problem> {
    let ids = &snapshot.references(slug).ids;
    let found = fragment.eq_ignore_ascii_case("top") || ids.iter().any(|id| id == fragment);
    (!found).then(|| Problem::MissingAnchor {
        page: urls::article(slug),
        fragment: fragment.to_owned(),
    })
}

/// The problem with page `n` of a listing of `count` items, `per_page` at
/// a time, if it lies past the end: an empty listing has one page.
fn beyond(what: &str, n: PageNumber, count: u64, per_page: PerPage) -> Option<Problem> {
    let pages = count.div_ceil(u64::from(per_page.get())).max(1);
    (u64::from(n.get()) > pages).then(|| {
        let has = if pages == 1 {
            "1 page".to_owned()
        } else {
            format!("{pages} pages")
        };
        Problem::Broken(format!("page {n} is past the end: {what} has {has}"))
    })
}

/// `path` with `#fragment`, if there is one.
fn with_fragment(path: &str, fragment: Option<&str>) -> String {
    match fragment {
        Some(fragment) => format!("{path}#{fragment}"),
        None => path.to_owned(),
    }
}
