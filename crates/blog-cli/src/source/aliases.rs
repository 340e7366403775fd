//! Old URLs the front matter lists (`aliases`, `redirect_from`), read as
//! the article's previous slugs.

use blog_core::{Slug, Value};

use super::SourceError;
use crate::front_matter::{Fields, kind};

/// The previous slugs that aliases (`aliases` of Hugo and Zola, `redirect_from`
/// of Jekyll) give, each once, in order, without the article's own `slug`.
pub(super) fn previous_slugs(
    fields: &Fields<'_>,
    key: &str,
    value: Value,
    slug: &Slug,
) -> Result<Vec<Slug>, SourceError> {
    let aliases = match value {
        Value::String(s) => vec![Value::String(s)],
        Value::List(items) => items,
        other => {
            return Err(fields.error(
                key,
                format!("`{key}` must be a list of paths, found {}", kind(&other)),
            ));
        }
    };
    let mut slugs: Vec<Slug> = Vec::new();
    for alias in aliases {
        let Value::String(alias) = alias else {
            return Err(fields.error(
                key,
                format!("`{key}` must hold paths, found {}", kind(&alias)),
            ));
        };
        let found = alias_slug(&alias).ok_or_else(|| {
            fields.error(
                key,
                format!(
                    "alias {alias:?} holds no slug: write an old path such as \
                     /posts/old-name/ or old-name.html"
                ),
            )
        })?;
        if found != *slug && !slugs.contains(&found) {
            slugs.push(found);
        }
    }
    Ok(slugs)
}

/// The slug an alias path stands for: its last non-empty segment, without a
/// `.html` or `.htm` extension (the folder's name for an `index.html`).
fn alias_slug(alias: &str) -> Option<Slug> {
    let path = alias.split(['?', '#']).next().unwrap_or_default();
    let mut segments = path.split('/').rev().filter(|s| !s.is_empty());
    let stem = |segment: &'_ str| -> String {
        let lower = segment.to_ascii_lowercase();
        let cut = [".html", ".htm"]
            .iter()
            .find_map(|ext| lower.strip_suffix(ext).map(str::len))
            .unwrap_or(segment.len());
        segment[..cut].to_owned()
    };
    let mut name = stem(segments.next()?);
    if name == "index" {
        name = stem(segments.next()?);
    }
    Slug::parse(&name).or_else(|_| Slug::from_text(&name)).ok()
}

#[cfg(test)]
mod tests {
    use crate::source::tests::{check_err, check_more};

    #[test]
    fn aliases_become_previous_slugs() {
        check_more(
            "new-name",
            "+++\ntitle = \"T\"\ndate = 2024-01-01\naliases = [\"/posts/old-name/\", \
             \"old-name.html\", \"/2019/01/Older Post.HTM\", \"/blog/third/index.html\", \
             \"/posts/new-name/\", \"https://example.org/fourth?x=1#top\"]\n+++\n",
            "tags=[] series=- previous=[old-name,older-post,third,fourth] created=- updated=- \
             expires=- extra=[]",
        );
        check_more(
            "x",
            "---\ntitle: T\ndate: 2024-01-01\nredirect_from: /2019/01/01/jekyll-old.html\n---\n",
            "tags=[] series=- previous=[jekyll-old] created=- updated=- expires=- extra=[]",
        );
        check_more(
            "x",
            "---\ntitle: T\ndate: 2024-01-01\nredirect_from:\n  - /a/\n  - /b/\n---\n",
            "tags=[] series=- previous=[a,b] created=- updated=- expires=- extra=[]",
        );
    }

    #[test]
    fn alias_errors() {
        check_err(
            "x",
            "+++\ntitle = \"T\"\ndate = 2024-01-01\naliases = [\"/ok/\", \"/\"]\n+++\n",
            Some(4),
            "alias \"/\" holds no slug",
        );
        check_err(
            "x",
            "+++\ntitle = \"T\"\ndate = 2024-01-01\naliases = [\"/index.html\"]\n+++\n",
            Some(4),
            "holds no slug",
        );
        check_err(
            "x",
            "+++\ntitle = \"T\"\ndate = 2024-01-01\naliases = [\"/!!!/\"]\n+++\n",
            Some(4),
            "holds no slug",
        );
        check_err(
            "x",
            "+++\ntitle = \"T\"\ndate = 2024-01-01\naliases = [2]\n+++\n",
            Some(4),
            "`aliases` must hold paths, found an integer",
        );
        check_err(
            "x",
            "---\ntitle: T\ndate: 2024-01-01\nredirect_from: true\n---\n",
            Some(4),
            "`redirect_from` must be a list of paths",
        );
        check_err(
            "x",
            "---\ntitle: T\naliases: [a]\ndate: 2024-01-01\nredirect_from: [b]\n---\n",
            Some(5),
            "`aliases` and `redirect_from` say the same thing",
        );
    }
}
