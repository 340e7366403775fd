//! `Headline`: an article without its text, for the pages that only link to
//! articles (archive, sitemap, related and neighbouring articles, tag and
//! category statistics), and the rules those pages share.

use std::cmp::Ordering;
use std::collections::HashMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::{Article, Category, CategoryTree, SeriesMembership, Slug, Tag, Title};

/// What a link to an article needs: everything but its summary and text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Headline {
    /// The article's slug.
    pub slug: Slug,
    /// Its title.
    pub title: Title,
    /// When it was (or will be) published.
    pub published_at: DateTime<Utc>,
    /// When it was last changed.
    pub updated_at: DateTime<Utc>,
    /// Its categories, in the author's order.
    pub categories: Vec<Slug>,
    /// Its tags, in the author's order.
    pub tags: Vec<Tag>,
    /// Its series, if any.
    pub series: Option<SeriesMembership>,
}

impl From<&Article> for Headline {
    fn from(article: &Article) -> Self {
        Self {
            slug: article.slug.clone(),
            title: article.title.clone(),
            published_at: article.published_at,
            updated_at: article.updated_at,
            categories: article.categories.clone(),
            tags: article.tags.clone(),
            series: article.series.clone(),
        }
    }
}

impl Headline {
    /// The listing order of [`crate::newest_first`], for headlines.
    pub fn newest_first(a: &Headline, b: &Headline) -> Ordering {
        b.published_at
            .cmp(&a.published_at)
            .then_with(|| a.slug.cmp(&b.slug))
    }
}

/// The articles published just before and just after one article.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Neighbours<'a> {
    /// The next older article.
    pub older: Option<&'a Headline>,
    /// The next newer article.
    pub newer: Option<&'a Headline>,
}

/// The neighbours of article `slug` in `headlines`, which are in listing
/// order ([`Headline::newest_first`]); none if `slug` is not among them.
pub fn neighbours<'a>(headlines: &'a [Headline], slug: &Slug) -> Neighbours<'a> {
    let Some(at) = headlines.iter().position(|h| &h.slug == slug) else {
        return Neighbours::default();
    };
    Neighbours {
        older: headlines.get(at + 1),
        newer: at.checked_sub(1).and_then(|i| headlines.get(i)),
    }
}

/// How much a shared category weighs against a shared tag when ranking
/// related articles: a category is the author's main grouping.
const CATEGORY_WEIGHT: usize = 2;

/// Up to `limit` articles of `headlines` related to `article`: those sharing
/// a category or a tag with it, the most shared first (a category counts
/// twice as much as a tag), then newest first. The article itself and the
/// other parts of its series (which its series box lists already) are left out.
pub fn related<'a>(
    article: &Article,
    headlines: &'a [Headline],
    limit: usize,
) -> Vec<&'a Headline> {
    let series = article.series.as_ref().map(|m| &m.series);
    let scored: Vec<(usize, &Headline)> = headlines
        .iter()
        .filter(|h| h.slug != article.slug)
        .filter(|h| series.is_none() || h.series.as_ref().map(|m| &m.series) != series)
        .filter_map(|h| {
            let categories = h
                .categories
                .iter()
                .filter(|c| article.categories.contains(c))
                .count();
            let tags = h.tags.iter().filter(|t| article.has_tag(t.slug())).count();
            let score = categories * CATEGORY_WEIGHT + tags;
            (score > 0).then_some((score, h))
        })
        .collect();
    best(scored, limit)
}

/// Which of a list of headlines carry each category and each tag: what
/// [`Related::of`] reads instead of every headline, so that the related
/// articles of every article of a site cost what the articles share, not
/// the square of their number.
#[derive(Debug, Default)]
pub struct Related {
    /// For each category, the positions of the headlines in it.
    by_category: HashMap<Slug, Vec<u32>>,
    /// For each tag, by slug, the positions of the headlines carrying it.
    by_tag: HashMap<Slug, Vec<u32>>,
}

impl Related {
    /// The index of `headlines`.
    pub fn new(headlines: &[Headline]) -> Self {
        let mut index = Self::default();
        for (at, headline) in headlines.iter().enumerate() {
            let Ok(at) = u32::try_from(at) else { break };
            for category in &headline.categories {
                index
                    .by_category
                    .entry(category.clone())
                    .or_default()
                    .push(at);
            }
            for tag in &headline.tags {
                index.by_tag.entry(tag.slug().clone()).or_default().push(at);
            }
        }
        index
    }

    /// What [`related`] gives for `article` among `headlines`, the list
    /// this index was made of.
    pub fn of<'a>(
        &self,
        article: &Article,
        headlines: &'a [Headline],
        limit: usize,
    ) -> Vec<&'a Headline> {
        // A score per headline, and the headlines scored, in the order first
        // scored: indexing beats hashing the thousand headlines a category
        // can hold, for every article of a site.
        let mut scores = vec![0usize; headlines.len()];
        let mut scored_at: Vec<usize> = Vec::new();
        let mut add = |carriers: Option<&Vec<u32>>, weight: usize| {
            let carriers = carriers.into_iter().flatten();
            for at in carriers.filter_map(|&at| usize::try_from(at).ok()) {
                let Some(score) = scores.get_mut(at) else {
                    continue;
                };
                if *score == 0 {
                    scored_at.push(at);
                }
                *score += weight;
            }
        };
        let mut seen: Vec<&Slug> = Vec::new();
        for category in &article.categories {
            if !seen.contains(&category) {
                seen.push(category);
                add(self.by_category.get(category), CATEGORY_WEIGHT);
            }
        }
        seen.clear();
        for tag in &article.tags {
            if !seen.contains(&tag.slug()) {
                seen.push(tag.slug());
                add(self.by_tag.get(tag.slug()), 1);
            }
        }
        let series = article.series.as_ref().map(|m| &m.series);
        let scored: Vec<(usize, &Headline)> = scored_at
            .into_iter()
            .filter_map(|at| Some((*scores.get(at)?, headlines.get(at)?)))
            .filter(|(_, h)| h.slug != article.slug)
            .filter(|(_, h)| series.is_none() || h.series.as_ref().map(|m| &m.series) != series)
            .collect();
        best(scored, limit)
    }
}

/// The `limit` best of `scored`: the highest scores first, then newest
/// first (a total order, so the result does not depend on `scored`'s order).
fn best(mut scored: Vec<(usize, &Headline)>, limit: usize) -> Vec<&Headline> {
    let order = |(sa, a): &(usize, &Headline), (sb, b): &(usize, &Headline)| {
        sb.cmp(sa).then_with(|| Headline::newest_first(a, b))
    };
    if scored.len() > limit && limit > 0 {
        scored.select_nth_unstable_by(limit - 1, order);
        scored.truncate(limit);
    }
    scored.sort_unstable_by(order);
    scored.into_iter().take(limit).map(|(_, h)| h).collect()
}

/// A tag with the number of public articles that carry it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TagCount {
    /// The tag, spelled as on its newest article.
    pub tag: Tag,
    /// How many articles carry it.
    pub articles: u64,
}

/// Every tag on `headlines` with its count, ordered by slug. A tag spelled
/// differently on different articles is one tag, named as on the first
/// article of `headlines` that carries it (the newest, in listing order).
pub fn tag_counts(headlines: &[Headline]) -> Vec<TagCount> {
    let mut counts: HashMap<&Slug, TagCount> = HashMap::new();
    for headline in headlines {
        for tag in &headline.tags {
            counts
                .entry(tag.slug())
                .or_insert_with(|| TagCount {
                    tag: tag.clone(),
                    articles: 0,
                })
                .articles += 1;
        }
    }
    let mut counts: Vec<TagCount> = counts.into_values().collect();
    counts.sort_unstable_by(|a, b| a.tag.slug().cmp(b.tag.slug()));
    counts
}

/// A category as the list of categories shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CategoryStats {
    /// The category.
    pub category: Category,
    /// The categories above it, top-level first (empty at the top level).
    pub ancestors: Vec<Category>,
    /// How many public articles it lists, those of its subcategories
    /// included, each article once (as [`crate::category_counts`]).
    pub articles: u64,
    /// When its newest public article was published, if it has one.
    pub latest: Option<DateTime<Utc>>,
}

/// How the list of categories is ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CategorySort {
    /// By name, A to Z (the default).
    #[default]
    Name,
    /// Most articles first.
    Count,
    /// The category with the most recent article first.
    Latest,
}

impl CategorySort {
    /// Every order, the default first.
    pub const ALL: [CategorySort; 3] = [Self::Name, Self::Count, Self::Latest];

    /// Its name in URLs: `name`, `count`, `latest`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Name => "name",
            Self::Count => "count",
            Self::Latest => "latest",
        }
    }

    /// The order named `s`, as [`CategorySort::as_str`] spells it.
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|sort| sort.as_str() == s)
    }
}

/// Every category of `categories` with its statistics over `headlines` (the
/// public articles), in the order `sort`; ties fall to name (ignoring
/// case), then slug.
pub fn category_stats(
    categories: &[Category],
    headlines: &[Headline],
    sort: CategorySort,
) -> Vec<CategoryStats> {
    let tree = CategoryTree::new(categories);
    let by_slug: HashMap<&Slug, (usize, &Category)> = categories
        .iter()
        .enumerate()
        .rev()
        .map(|(at, c)| (&c.slug, (at, c)))
        .collect();
    // The categories an article in each category counts in: that one and
    // those above it. One pass over the articles then counts them all.
    let counted_in: Vec<Vec<usize>> = categories
        .iter()
        .map(|c| {
            std::iter::once(c.slug.clone())
                .chain(tree.ancestors(&c.slug))
                .filter_map(|s| by_slug.get(&s).map(|&(at, _)| at))
                .collect()
        })
        .collect();
    let mut articles = vec![0_u64; categories.len()];
    let mut latest: Vec<Option<DateTime<Utc>>> = vec![None; categories.len()];
    // The last article each category counted: each article counts once.
    let mut last = vec![usize::MAX; categories.len()];
    for (i, h) in headlines.iter().enumerate() {
        for slug in &h.categories {
            let Some(&(at, _)) = by_slug.get(slug) else {
                continue;
            };
            for &c in counted_in.get(at).into_iter().flatten() {
                if last[c] != i {
                    last[c] = i;
                    articles[c] += 1;
                    latest[c] = latest[c].max(Some(h.published_at));
                }
            }
        }
    }
    let mut stats: Vec<CategoryStats> = categories
        .iter()
        .map(|category| {
            let at = by_slug.get(&category.slug).map_or(0, |&(at, _)| at);
            let mut ancestors: Vec<Category> = tree
                .ancestors(&category.slug)
                .iter()
                .filter_map(|s| by_slug.get(s).map(|&(_, c)| c.clone()))
                .collect();
            ancestors.reverse();
            CategoryStats {
                category: category.clone(),
                ancestors,
                articles: articles.get(at).copied().unwrap_or(0),
                latest: latest.get(at).copied().flatten(),
            }
        })
        .collect();
    // By name as readers sort: "async" before "Zebra".
    let by_name = |a: &CategoryStats, b: &CategoryStats| {
        let key = |s: &CategoryStats| {
            (
                s.category.name.as_str().to_lowercase(),
                s.category.slug.clone(),
            )
        };
        key(a).cmp(&key(b))
    };
    stats.sort_by(|a, b| {
        let first = match sort {
            CategorySort::Name => Ordering::Equal,
            CategorySort::Count => b.articles.cmp(&a.articles),
            CategorySort::Latest => b.latest.cmp(&a.latest),
        };
        first.then_with(|| by_name(a, b))
    });
    stats
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::tests::article;
    use crate::{Markdown, PartNumber};

    fn slug(s: &str) -> Slug {
        Slug::parse(s).expect("valid slug")
    }

    fn headline(name: &str, day: u32, categories: &[&str], tags: &[&str]) -> Headline {
        let mut a = article(name, day);
        a.categories = categories.iter().map(|c| slug(c)).collect();
        a.tags = tags
            .iter()
            .map(|t| Tag::parse(t).expect("valid tag"))
            .collect();
        Headline::from(&a)
    }

    fn names<'a>(hs: impl IntoIterator<Item = &'a Headline>) -> Vec<&'a str> {
        hs.into_iter().map(|h| h.slug.as_str()).collect()
    }

    #[test]
    fn neighbours_in_listing_order() {
        let hs = [
            headline("c", 3, &[], &[]),
            headline("b", 2, &[], &[]),
            headline("a", 1, &[], &[]),
        ];
        let n = neighbours(&hs, &slug("b"));
        assert_eq!(n.older.map(|h| h.slug.as_str()), Some("a"));
        assert_eq!(n.newer.map(|h| h.slug.as_str()), Some("c"));
        let first = neighbours(&hs, &slug("c"));
        assert_eq!(
            (first.older.map(|h| h.slug.as_str()), first.newer),
            (Some("b"), None)
        );
        let last = neighbours(&hs, &slug("a"));
        assert_eq!(
            (last.older, last.newer.map(|h| h.slug.as_str())),
            (None, Some("b"))
        );
        assert_eq!(neighbours(&hs, &slug("zz")), Neighbours::default());
    }

    #[test]
    fn related_ranks_shared_categories_over_tags() {
        let mut this = article("this", 10);
        this.categories = vec![slug("rust")];
        this.tags = vec![
            Tag::parse("async").expect("valid"),
            Tag::parse("io").expect("valid"),
        ];
        let hs = [
            headline("this", 10, &["rust"], &["async"]),
            headline("one-tag-new", 9, &[], &["io"]),
            headline("category", 8, &["rust"], &[]),
            headline("cat-and-tag", 7, &["rust"], &["async"]),
            headline("one-tag-old", 6, &[], &["async"]),
            headline("two-tags", 5, &["web"], &["Async", "IO"]),
            headline("unrelated", 4, &["web"], &["css"]),
        ];
        assert_eq!(
            names(related(&this, &hs, 10)),
            [
                "cat-and-tag",
                "category",
                "two-tags",
                "one-tag-new",
                "one-tag-old"
            ]
        );
        assert_eq!(names(related(&this, &hs, 2)), ["cat-and-tag", "category"]);
        assert!(related(&this, &hs, 0).is_empty());
        let index = Related::new(&hs);
        for limit in [0, 2, 10] {
            assert_eq!(index.of(&this, &hs, limit), related(&this, &hs, limit));
        }
    }

    /// The index gives what the reference gives, on a few hundred articles
    /// sharing categories, tags (some spelled twice) and series at random.
    #[test]
    fn the_index_agrees_with_the_reference() {
        let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
        let mut next = |n: u64| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            usize::try_from(seed % n).expect("small")
        };
        let categories = ["rust", "web", "db", "ops", "io"];
        let tags = [
            "async", "Async", "perf", "sql", "css", "unsafe", "net", "wasm",
        ];
        let mut articles = Vec::new();
        for i in 0..300_u32 {
            let mut a = article(&format!("a{i}"), 1 + i % 28);
            a.categories = (0..next(3)).map(|_| slug(categories[next(5)])).collect();
            a.tags = (0..next(4))
                .map(|_| Tag::parse(tags[next(8)]).expect("valid"))
                .collect();
            if next(4) == 0 {
                a.series = Some(SeriesMembership {
                    series: slug(["s1", "s2"][next(2)]),
                    part: PartNumber::new(1),
                });
            }
            articles.push(a);
        }
        let mut hs: Vec<Headline> = articles.iter().map(Headline::from).collect();
        hs.sort_by(Headline::newest_first);
        let index = Related::new(&hs);
        for a in articles.iter().step_by(7) {
            for limit in [1, 5, 400] {
                assert_eq!(
                    names(index.of(a, &hs, limit)),
                    names(related(a, &hs, limit)),
                    "{} {limit}",
                    a.slug
                );
            }
        }
    }

    #[test]
    fn related_leaves_out_the_same_series() {
        let membership = SeriesMembership {
            series: slug("engine"),
            part: PartNumber::new(1),
        };
        let mut this = article("this", 10);
        this.categories = vec![slug("rust")];
        this.series = Some(membership.clone());
        let mut part = headline("part-two", 9, &["rust"], &[]);
        part.series = Some(membership);
        let hs = [part, headline("other", 8, &["rust"], &[])];
        assert_eq!(names(related(&this, &hs, 5)), ["other"]);
        assert_eq!(names(Related::new(&hs).of(&this, &hs, 5)), ["other"]);
    }

    #[test]
    fn tags_are_counted_by_slug_and_named_as_on_the_newest() {
        let hs = [
            headline("b", 2, &[], &["Rust Async", "web"]),
            headline("a", 1, &[], &["rust-async"]),
        ];
        let all = tag_counts(&hs);
        let counts: Vec<(&str, &str, u64)> = all
            .iter()
            .map(|c| (c.tag.slug().as_str(), c.tag.name(), c.articles))
            .collect();
        assert_eq!(counts, [("rust-async", "Rust Async", 2), ("web", "web", 1)]);
        assert!(tag_counts(&[]).is_empty());
    }

    fn category(s: &str, name: &str, parent: Option<&str>) -> Category {
        let mut c = Category::new(
            slug(s),
            Title::parse(name).expect("valid"),
            Markdown::default(),
        );
        c.parent = parent.map(slug);
        c
    }

    #[test]
    fn category_stats_sorted_three_ways() {
        let categories = [
            category("lang", "Languages", None),
            category("rust", "Rust", Some("lang")),
            category("web", "Web", None),
            category("empty", "empty", None),
        ];
        let hs = [
            headline("w2", 9, &["web"], &[]),
            headline("r1", 5, &["rust"], &[]),
            headline("both", 3, &["rust", "lang"], &[]),
            headline("w1", 1, &["web"], &[]),
            headline("w0", 1, &["web"], &[]),
        ];
        let order = |sort| -> Vec<(String, u64)> {
            category_stats(&categories, &hs, sort)
                .into_iter()
                .map(|s| (s.category.slug.to_string(), s.articles))
                .collect()
        };
        let pairs = |v: &[(&str, u64)]| -> Vec<(String, u64)> {
            v.iter().map(|&(s, n)| (s.to_owned(), n)).collect()
        };
        assert_eq!(
            order(CategorySort::Name),
            pairs(&[("empty", 0), ("lang", 2), ("rust", 2), ("web", 3)])
        );
        assert_eq!(
            order(CategorySort::Count),
            pairs(&[("web", 3), ("lang", 2), ("rust", 2), ("empty", 0)])
        );
        assert_eq!(
            order(CategorySort::Latest),
            pairs(&[("web", 3), ("lang", 2), ("rust", 2), ("empty", 0)])
        );
        let stats = category_stats(&categories, &hs, CategorySort::Name);
        let rust = stats
            .iter()
            .find(|s| s.category.slug.as_str() == "rust")
            .expect("rust is listed");
        assert_eq!(names_of(&rust.ancestors), ["lang"]);
        assert_eq!(rust.latest, Some(hs[1].published_at));
        assert_eq!(stats[0].latest, None);
    }

    /// What [`category_stats`] counts, the plain way: for each category,
    /// every article in a category of its subtree.
    fn counted_by_subtree(categories: &[Category], hs: &[Headline]) -> Vec<(u64, Option<i64>)> {
        let tree = CategoryTree::new(categories);
        categories
            .iter()
            .map(|category| {
                let subtree = tree.subtree(&category.slug);
                let listed = hs
                    .iter()
                    .filter(|h| h.categories.iter().any(|c| subtree.contains(c)));
                let latest = listed.clone().map(|h| h.published_at.timestamp()).max();
                (listed.count() as u64, latest)
            })
            .collect()
    }

    #[test]
    fn category_stats_count_each_article_once_in_every_category_above_it() {
        let categories = [
            category("lang", "Languages", None),
            category("rust", "Rust", Some("lang")),
            category("async", "Async", Some("rust")),
            category("web", "Web", Some("nowhere")),
            // A cycle, which stores refuse to make: counted, never looping.
            category("a", "A", Some("b")),
            category("b", "B", Some("a")),
            category("empty", "Empty", Some("lang")),
        ];
        let hs = [
            headline("h1", 9, &["async", "rust"], &[]),
            headline("h2", 8, &["lang", "web"], &[]),
            headline("h3", 7, &["unknown"], &[]),
            headline("h4", 6, &["a"], &[]),
            headline("h5", 5, &["b", "async", "b"], &[]),
            headline("h6", 4, &[], &[]),
        ];
        let by_subtree = counted_by_subtree(&categories, &hs);
        let stats = category_stats(&categories, &hs, CategorySort::Name);
        for (category, expected) in categories.iter().zip(by_subtree) {
            let got = stats
                .iter()
                .find(|s| s.category.slug == category.slug)
                .map(|s| (s.articles, s.latest.map(|t| t.timestamp())));
            assert_eq!(got, Some(expected), "{}", category.slug);
        }
        let lang = stats.iter().find(|s| s.category.slug.as_str() == "lang");
        assert_eq!(lang.map(|s| s.articles), Some(3));
    }

    fn names_of(categories: &[Category]) -> Vec<&str> {
        categories.iter().map(|c| c.slug.as_str()).collect()
    }

    #[test]
    fn sort_names_round_trip() {
        for sort in CategorySort::ALL {
            assert_eq!(CategorySort::parse(sort.as_str()), Some(sort));
        }
        assert_eq!(CategorySort::parse("Name"), None);
        assert_eq!(CategorySort::default(), CategorySort::Name);
    }
}
