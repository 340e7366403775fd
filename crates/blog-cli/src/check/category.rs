//! Categories that public articles name but no one described: what an
//! import creates for a name in front matter that `_categories.toml` and
//! the store lack, so perhaps a typo.

use blog_core::{PageNumber, Slug, urls};

use super::site::Snapshot;
use super::{Finding, Problem};

/// A warning for each category that has no description and that public
/// articles name, on the first of them by slug.
pub(super) fn undescribed(snapshot: &Snapshot<'_>) -> Vec<Finding> {
    let categories = snapshot.categories();
    categories
        .values()
        .filter(|c| c.description.as_str().trim().is_empty())
        .filter_map(|category| {
            let mut naming = snapshot.public().filter(|a| a.in_category(&category.slug));
            let first = naming.next()?;
            Some(Finding {
                article: first.slug.clone(),
                link: urls::category(&category.slug, PageNumber::FIRST),
                problem: Problem::Undescribed {
                    category: category.slug.clone(),
                    articles: 1 + naming.count(),
                    near: nearest(&category.slug, categories.keys()),
                },
            })
        })
        .collect()
}

/// The slug among `others` (not `slug` itself) closest to `slug`, if one is
/// a typo away: one edit for slugs of up to four characters, two for
/// longer ones. Ties go to the first in `others`.
fn nearest<'a>(slug: &Slug, others: impl Iterator<Item = &'a Slug>) -> Option<Slug> {
    let limit = if slug.as_str().chars().count() <= 4 {
        1
    } else {
        2
    };
    others
        .filter(|other| *other != slug)
        .map(|other| (distance(slug.as_str(), other.as_str()), other))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, _)| *d)
        .map(|(_, other)| other.clone())
}

/// The Levenshtein distance between `a` and `b`: how many characters to
/// insert, delete or replace to turn one into the other.
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = (diagonal + usize::from(ca != *cb))
                .min(above + 1)
                .min(row[j] + 1);
            diagonal = above;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distances() {
        for (a, b, d) in [
            ("", "", 0),
            ("rust", "rust", 0),
            ("rust", "rustt", 1),
            ("rust", "rusty", 1),
            ("rust", "trust", 1),
            ("web", "wbe", 2),
            ("kitten", "sitting", 3),
            ("", "abc", 3),
        ] {
            assert_eq!(distance(a, b), d, "{a} {b}");
            assert_eq!(distance(b, a), d, "{b} {a}");
        }
    }

    fn check(slug: &str, others: &[&str], expected: Option<&str>) {
        let parse = |s: &str| Slug::parse(s).expect("valid test slug");
        let others: Vec<Slug> = others.iter().map(|s| parse(s)).collect();
        assert_eq!(
            nearest(&parse(slug), others.iter()),
            expected.map(parse),
            "{slug} among {others:?}"
        );
    }

    #[test]
    fn a_typo_names_its_neighbour() {
        check("rustt", &["rust", "rustt", "web"], Some("rust"));
        check("programing", &["programming", "rust"], Some("programming"));
        check("databse", &["database", "databases"], Some("database"));
        // Short slugs are near only one edit away.
        check("go", &["js"], None);
        check("gp", &["go"], Some("go"));
        check("rustt", &["rustt"], None);
        check("async", &["rust", "web"], None);
    }
}
