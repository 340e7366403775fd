//! Categories, tags and a series, at the top of the front matter or under
//! Zola's `[taxonomies]`.

use std::collections::BTreeMap;

use blog_core::{PartNumber, Slug, Tag, Title, Value};

use super::SourceError;
use crate::front_matter::{Fields, kind};

/// The article's categories, tags and series, from top-level fields or
/// Zola's `[taxonomies]` table.
pub(super) struct Taxonomies {
    pub(super) categories: Vec<(Slug, Title)>,
    pub(super) tags: Vec<Tag>,
    pub(super) series: Option<(Slug, Title)>,
    pub(super) part: Option<PartNumber>,
}

impl Taxonomies {
    pub(super) fn take(fields: &mut Fields<'_>) -> Result<Self, SourceError> {
        let mut table = match fields.take("taxonomies") {
            Some(Value::Table(table)) => table,
            // Not Zola's table: an extra field like any other, kept as it is.
            Some(other) => {
                fields.keep("taxonomies", other);
                BTreeMap::new()
            }
            None => BTreeMap::new(),
        };
        // A field at the top, and the same under [taxonomies].
        fn both(
            fields: &mut Fields<'_>,
            table: &mut BTreeMap<String, Value>,
            key: &str,
        ) -> [Option<Value>; 2] {
            [fields.take(key), table.remove(key)]
        }

        let mut categories: Vec<(Slug, Title)> = Vec::new();
        // Jekyll's singular `category` is one name, spaces and all.
        let category = fields.take("category").map(|value| match value {
            Value::String(name) => ("category", Value::List(vec![Value::String(name)])),
            other => ("category", other),
        });
        let plural = both(fields, &mut table, "categories");
        let given = category
            .into_iter()
            .chain(plural.into_iter().flatten().map(|v| ("categories", v)));
        for (key, value) in given {
            for n in names(fields, key, value)? {
                let title = Title::parse(&n)
                    .map_err(|e| fields.error(key, format!("category name {n:?} {e}")))?;
                let slug = Slug::from_text(&n)
                    .map_err(|e| fields.error(key, format!("category {n:?}: {e}")))?;
                if !categories.iter().any(|(s, _)| *s == slug) {
                    categories.push((slug, title));
                }
            }
        }

        let mut tags: Vec<Tag> = Vec::new();
        for value in both(fields, &mut table, "tags").into_iter().flatten() {
            for n in names(fields, "tags", value)? {
                let tag =
                    Tag::parse(&n).map_err(|e| fields.error("tags", format!("`tags`: {e}")))?;
                if !tags.iter().any(|t| t.slug() == tag.slug()) {
                    tags.push(tag);
                }
            }
        }

        let series = match both(fields, &mut table, "series") {
            [Some(_), Some(_)] => {
                return Err(fields.error(
                    "series",
                    "`series` is given both at the top and under [taxonomies]: keep one",
                ));
            }
            [top, zola] => top
                .or(zola)
                .map(|v| series(fields, v))
                .transpose()?
                .flatten(),
        };
        if !table.is_empty() {
            fields.keep("taxonomies", Value::Table(table));
        }

        // `part` alone may mean something else to its author; beside a
        // series it is the part number.
        let part = match fields.take("series_part") {
            Some(value) => Some(("series_part", value)),
            None if series.is_some() => fields.take("part").map(|v| ("part", v)),
            None => None,
        };
        let part = match part {
            Some(("series_part", _)) if series.is_none() => {
                return Err(fields.error(
                    "series_part",
                    "`series_part` needs a `series`: name the series the article is a part of",
                ));
            }
            Some((key, value)) => Some(part_number(fields, key, value)?),
            None => None,
        };
        Ok(Self {
            categories,
            tags,
            series,
            part,
        })
    }
}

/// The names a taxonomy field `key` holds: a list, or (as Jekyll writes
/// them) a space-separated string.
fn names(fields: &Fields<'_>, key: &str, value: Value) -> Result<Vec<String>, SourceError> {
    match value {
        Value::String(s) => Ok(s.split_whitespace().map(str::to_owned).collect()),
        Value::List(items) => items
            .into_iter()
            .map(|item| match item {
                Value::String(s) => Ok(s),
                other => Err(fields.error(
                    key,
                    format!("`{key}` must hold names, found {}", kind(&other)),
                )),
            })
            .collect(),
        other => Err(fields.error(
            key,
            format!("`{key}` must be a list of names, found {}", kind(&other)),
        )),
    }
}

/// The series named by `value`: a name, or a list of at most one (as a Hugo
/// or Zola taxonomy). An empty list names none.
fn series(fields: &Fields<'_>, value: Value) -> Result<Option<(Slug, Title)>, SourceError> {
    let name = match value {
        Value::String(s) => s,
        Value::List(items) => match <[Value; 1]>::try_from(items) {
            Ok([Value::String(s)]) => s,
            Ok([other]) => {
                return Err(fields.error(
                    "series",
                    format!("`series` must hold a name, found {}", kind(&other)),
                ));
            }
            Err(items) if items.is_empty() => return Ok(None),
            Err(items) => {
                return Err(fields.error(
                    "series",
                    format!(
                        "`series` names {} series: an article is a part of one at most",
                        items.len()
                    ),
                ));
            }
        },
        other => {
            return Err(fields.error(
                "series",
                format!("`series` must be a name, found {}", kind(&other)),
            ));
        }
    };
    let title =
        Title::parse(&name).map_err(|e| fields.error("series", format!("series name {e}")))?;
    let slug = Slug::from_text(&name)
        .map_err(|e| fields.error("series", format!("series {name:?}: {e}")))?;
    Ok(Some((slug, title)))
}

/// A part number: a whole number from 1.
fn part_number(fields: &Fields<'_>, key: &str, value: Value) -> Result<PartNumber, SourceError> {
    let number = match &value {
        Value::Integer(n) => u32::try_from(*n).ok().and_then(PartNumber::new),
        _ => None,
    };
    number.ok_or_else(|| {
        let found = match &value {
            Value::Integer(n) => n.to_string(),
            other => kind(other).to_owned(),
        };
        fields.error(
            key,
            format!("`{key}` must be a whole number from 1 (part 1, 2, ...), found {found}"),
        )
    })
}

#[cfg(test)]
mod tests {
    use crate::source::tests::{check, check_err, check_more};

    #[test]
    fn taxonomies_that_are_not_a_table_are_kept() {
        check(
            "x",
            "+++\ntitle = \"T\"\ndate = 2024-01-01\ntaxonomies = \"rust\"\n+++\nB",
            "slug=x title=\"T\" date=2024-01-01T00:00:00+00:00 status=published summary=None \
             categories=[] extra=[\"taxonomies\"] body=\"B\"",
        );
    }

    #[test]
    fn jekyll_singular_category() {
        check(
            "x",
            "---\ntitle: T\ndate: 2024-01-01\ncategory: Web Development\n---\nB",
            "slug=x title=\"T\" date=2024-01-01T00:00:00+00:00 status=published summary=None \
             categories=[web-development=Web Development] extra=[] body=\"B\"",
        );
        check(
            "x",
            "---\ntitle: T\ndate: 2024-01-01\ncategory: [Rust, Go]\ncategories: rust web\n---\nB",
            "slug=x title=\"T\" date=2024-01-01T00:00:00+00:00 status=published summary=None \
             categories=[rust=Rust,go=Go,web=web] extra=[] body=\"B\"",
        );
        check_err(
            "x",
            "---\ntitle: T\ndate: 2024-01-01\ncategory: 3\n---\n",
            Some(4),
            "`category` must be a list of names, found an integer",
        );
        check_err(
            "x",
            "---\ntitle: T\ndate: 2024-01-01\ncategories: [a]\ncategory: \"!!!\"\n---\n",
            Some(5),
            "category \"!!!\"",
        );
    }

    #[test]
    fn tags_as_list_string_or_taxonomy() {
        check_more(
            "x",
            "+++\ntitle = \"T\"\ndate = 2024-01-01\ntags = [\"Rust\", \"Async IO\", \"rust\"]\n+++\n",
            "tags=[rust=Rust,async-io=Async IO] series=- previous=[] created=- updated=- \
             expires=- extra=[]",
        );
        check_more(
            "x",
            "---\ntitle: T\ndate: 2024-01-01\ntags: rust  web rust\n---\n",
            "tags=[rust=rust,web=web] series=- previous=[] created=- updated=- expires=- extra=[]",
        );
        check_more(
            "x",
            "+++\ntitle = \"T\"\ndate = 2024-01-01\ntags = [\"top\"]\n[taxonomies]\n\
             tags = [\"Zola\", \"top\"]\nauthors = [\"me\"]\n+++\n",
            "tags=[top=top,zola=Zola] series=- previous=[] created=- updated=- expires=- \
             extra=[\"taxonomies\"]",
        );
        check_more(
            "x",
            "+++\ntitle = \"T\"\ndate = 2024-01-01\ntags = []\n+++\n",
            "tags=[] series=- previous=[] created=- updated=- expires=- extra=[]",
        );
    }

    #[test]
    fn tag_errors() {
        check_err(
            "x",
            "+++\ntitle = \"T\"\ndate = 2024-01-01\ntags = [\"ok\", 1]\n+++\n",
            Some(4),
            "`tags` must hold names, found an integer",
        );
        check_err(
            "x",
            "---\ntitle: T\ndate: 2024-01-01\n\ntags: 3\n---\n",
            Some(5),
            "`tags` must be a list of names",
        );
        check_err(
            "x",
            "+++\ntitle = \"T\"\ndate = 2024-01-01\n[taxonomies]\ntags = [\"+++\"]\n+++\n",
            Some(5),
            "makes no valid slug",
        );
        check_err(
            "x",
            "+++\ntitle = \"T\"\ndate = 2024-01-01\ntags = [\" \"]\n+++\n",
            Some(4),
            "`tags`: tag cannot be empty",
        );
    }

    #[test]
    fn series_and_parts() {
        check_more(
            "x",
            "+++\ntitle = \"T\"\ndate = 2024-01-01\nseries = \"Building a Blog\"\nseries_part = 2\n+++\n",
            "tags=[] series=building-a-blog=Building a Blog#2 previous=[] created=- updated=- \
             expires=- extra=[]",
        );
        check_more(
            "x",
            "---\ntitle: T\ndate: 2024-01-01\nseries: [\"Rust Tips\"]\npart: 3\n---\n",
            "tags=[] series=rust-tips=Rust Tips#3 previous=[] created=- updated=- expires=- \
             extra=[]",
        );
        check_more(
            "x",
            "+++\ntitle = \"T\"\ndate = 2024-01-01\n[taxonomies]\nseries = [\"Zola Way\"]\n+++\n",
            "tags=[] series=zola-way=Zola Way#- previous=[] created=- updated=- expires=- \
             extra=[]",
        );
        // `part` without a series is someone else's field; beside
        // `series_part`, too.
        check_more(
            "x",
            "+++\ntitle = \"T\"\ndate = 2024-01-01\npart = 4\n+++\n",
            "tags=[] series=- previous=[] created=- updated=- expires=- extra=[\"part\"]",
        );
        check_more(
            "x",
            "+++\ntitle = \"T\"\ndate = 2024-01-01\nseries = \"S\"\nseries_part = 1\npart = \"b\"\n+++\n",
            "tags=[] series=s=S#1 previous=[] created=- updated=- expires=- extra=[\"part\"]",
        );
        check_more(
            "x",
            "+++\ntitle = \"T\"\ndate = 2024-01-01\nseries = []\n+++\n",
            "tags=[] series=- previous=[] created=- updated=- expires=- extra=[]",
        );
    }

    #[test]
    fn series_errors() {
        let front = "+++\ntitle = \"T\"\ndate = 2024-01-01\n";
        let check_series = |rest: &str, line: usize, reason: &str| {
            check_err("x", &format!("{front}{rest}+++\n"), Some(line), reason);
        };
        check_series("series = [\"A\", \"B\"]\n", 4, "names 2 series");
        check_series(
            "series = 1\n",
            4,
            "`series` must be a name, found an integer",
        );
        check_series("series = [1]\n", 4, "`series` must hold a name");
        check_series("series = \"!!!\"\n", 4, "series \"!!!\"");
        check_series("series = \"S\"\nseries_part = 0\n", 5, "found 0");
        check_series(
            "series = \"S\"\npart = -2\n",
            5,
            "`part` must be a whole number",
        );
        check_series("series = \"S\"\nseries_part = \"2\"\n", 5, "found text");
        check_series("series = \"S\"\nseries_part = 1.5\n", 5, "found a number");
        check_series(
            "series = \"S\"\nseries_part = 4294967296\n",
            5,
            "found 4294967296",
        );
        check_series("series_part = 2\n", 4, "`series_part` needs a `series`");
        check_series(
            "series = \"S\"\n[taxonomies]\nseries = [\"S\"]\n",
            4,
            "both at the top and under [taxonomies]",
        );
    }
}
