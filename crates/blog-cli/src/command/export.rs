//! `blog export DIR`: every article, category and series as files.
//!
//! DIR ends up mirroring the database: one `SLUG.md` per article (whatever
//! its state), `_categories.toml` and `_series.toml`; the `.md` files of
//! articles no longer in the database are removed. Each file is written to a
//! temporary file in DIR and renamed over the old one, so that a reader (or
//! an interrupted export) never sees a half-written file. A file whose
//! content is already right is left untouched.

use std::collections::BTreeSet;
use std::ffi::OsStr;
use std::io::Write as _;
use std::path::Path;

use anyhow::Context as _;
use blog_cli::export::{CATEGORIES_FILE, SERIES_FILE, article_file, categories_file, series_file};

use super::progress;
use super::{Context, plural};
use crate::cli::ExportArgs;

/// The prefix of the temporary files an export writes before renaming them.
const TEMPORARY: &str = ".blog-export-";

/// Writes the whole content under `args.dir`.
pub fn run(ctx: &mut Context<'_>, args: &ExportArgs) -> anyhow::Result<()> {
    let dir = args.dir.as_path();
    let store = ctx.store;
    let previous = previous_export(dir)?;
    let articles = super::every_article(store, ctx.now)?;
    let categories = store.categories()?;
    let series = store.all_series()?;
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;

    // The definitions first: a folder holding them is an export's, should
    // this one be interrupted and run again.
    write_file(dir, CATEGORIES_FILE, &categories_file(&categories))?;
    write_file(dir, SERIES_FILE, &series_file(&series))?;
    let bar = progress::bar(articles.len(), "writing");
    let mut names = BTreeSet::new();
    for article in &articles {
        let name = format!("{}.md", article.slug);
        write_file(dir, &name, &article_file(article))?;
        names.insert(name);
        bar.inc(1);
    }
    bar.finish_and_clear();
    for old in previous.articles {
        if !names.contains(&old) {
            let path = dir.join(&old);
            std::fs::remove_file(&path)
                .with_context(|| format!("cannot remove {}", path.display()))?;
        }
    }
    writeln!(
        ctx.out,
        "exported {}, {}, {} series to {}",
        plural(articles.len(), "article", "articles"),
        plural(categories.len(), "category", "categories"),
        series.len(),
        dir.display()
    )?;
    Ok(())
}

/// What `dir` holds of an earlier export.
#[derive(Debug, Default)]
struct PreviousExport {
    /// The names of its article files.
    articles: Vec<String>,
}

/// Checks that `dir` is missing, empty, or an earlier export: its
/// `_categories.toml` and `_series.toml`, `.md` files and nothing else (the
/// temporary files of an interrupted export are removed). Anything else is
/// refused, so that an export never deletes files it did not write.
fn previous_export(dir: &Path) -> anyhow::Result<PreviousExport> {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Ok(PreviousExport::default());
        }
        Err(e) => {
            return Err(e).with_context(|| format!("cannot read the folder {}", dir.display()));
        }
    };
    let refuse = |what: String| {
        anyhow::anyhow!(
            "{} is not an earlier export ({what}): export into a new or empty folder, \
             or into one that `blog export` wrote",
            dir.display()
        )
    };
    let mut previous = PreviousExport::default();
    let mut definitions = 0;
    let mut temporary = Vec::new();
    for entry in entries {
        let entry = entry.with_context(|| format!("cannot read the folder {}", dir.display()))?;
        let name = entry.file_name();
        let Some(name) = name.to_str() else {
            return Err(refuse(format!("it holds {}", entry.path().display())));
        };
        let kind = entry
            .file_type()
            .with_context(|| format!("cannot read {}", entry.path().display()))?;
        if !kind.is_file() {
            return Err(refuse(format!("it holds the folder or link {name}")));
        }
        if name == CATEGORIES_FILE || name == SERIES_FILE {
            definitions += 1;
        } else if name.starts_with(TEMPORARY) {
            temporary.push(entry.path());
        } else if Path::new(name).extension() == Some(OsStr::new("md")) {
            previous.articles.push(name.to_owned());
        } else {
            return Err(refuse(format!("it holds {name}")));
        }
    }
    if !previous.articles.is_empty() && definitions < 2 {
        return Err(refuse(format!(
            "it has Markdown files but no {CATEGORIES_FILE} and {SERIES_FILE}"
        )));
    }
    for path in temporary {
        std::fs::remove_file(&path).with_context(|| format!("cannot remove {}", path.display()))?;
    }
    Ok(previous)
}

/// Writes `text` to `dir/name` through a temporary file renamed over it,
/// unless the file already holds exactly `text`.
fn write_file(dir: &Path, name: &str, text: &str) -> anyhow::Result<()> {
    let path = dir.join(name);
    if std::fs::read(&path).is_ok_and(|old| old == text.as_bytes()) {
        return Ok(());
    }
    let context = || format!("cannot write {}", path.display());
    let mut builder = tempfile::Builder::new();
    builder.prefix(TEMPORARY);
    // A temporary file is private (0600); an exported one is an ordinary
    // file, readable as the umask allows.
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o666));
    let mut file = builder.tempfile_in(dir).with_context(context)?;
    file.write_all(text.as_bytes()).with_context(context)?;
    // On disk before it takes the old file's place: a crash leaves the old
    // file or the new one, never an empty one.
    file.as_file().sync_all().with_context(context)?;
    file.persist(&path)
        .map_err(|e| e.error)
        .with_context(context)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use blog_core::{Article, Change, Markdown, Slug, Store, Title};
    use blog_store::MemoryStore;
    use chrono::{TimeZone, Utc};

    use super::*;
    use crate::cli::ImportArgs;

    fn export(store: &MemoryStore, dir: &Path) -> Result<String, String> {
        let mut out = Vec::new();
        let mut ctx = Context {
            store,
            now: Utc
                .with_ymd_and_hms(2025, 6, 1, 0, 0, 0)
                .single()
                .expect("valid"),
            out: &mut out,
        };
        let result = run(
            &mut ctx,
            &ExportArgs {
                dir: dir.to_owned(),
            },
        );
        let dir = dir.to_str().expect("utf-8 path");
        match result {
            Ok(()) => Ok(String::from_utf8(out).expect("utf-8").replace(dir, "DIR")),
            Err(e) => Err(format!("{e:#}").replace(dir, "DIR")),
        }
    }

    fn put(store: &MemoryStore, slug: &str) {
        let article = Article::new(
            Slug::parse(slug).expect("valid"),
            Title::parse(slug).expect("valid"),
            Markdown::new("Text.\n"),
            Utc.with_ymd_and_hms(2025, 1, 1, 0, 0, 0)
                .single()
                .expect("valid"),
        );
        store
            .apply(&[Change::PutArticle(article)].into_iter().collect())
            .expect("stores");
    }

    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .expect("reads")
            .map(|e| e.expect("reads").file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn a_second_export_mirrors_the_store() {
        let store = MemoryStore::new();
        for i in 0..150 {
            put(&store, &format!("a-{i:03}"));
        }
        let tmp = tempfile::tempdir().expect("a temporary folder");
        let dir = tmp.path().join("out");
        assert_eq!(
            export(&store, &dir),
            Ok("exported 150 articles, 0 categories, 0 series to DIR\n".to_owned())
        );
        assert_eq!(
            names(&dir).len(),
            152,
            "every page, and the two definitions"
        );

        let delete = Change::DeleteArticle(Slug::parse("a-007").expect("valid"));
        store
            .apply(&[delete].into_iter().collect())
            .expect("deletes");
        // Leftovers of an interrupted export go too.
        std::fs::write(dir.join(format!("{TEMPORARY}x1y2")), "half").expect("writes");
        assert_eq!(
            export(&store, &dir),
            Ok("exported 149 articles, 0 categories, 0 series to DIR\n".to_owned())
        );
        let after = names(&dir);
        assert_eq!(after.len(), 151);
        assert!(!after.contains(&"a-007.md".to_owned()));
        assert!(after.iter().all(|n| !n.starts_with(TEMPORARY)));
    }

    #[test]
    fn only_an_earlier_export_is_written_over() {
        let store = MemoryStore::new();
        put(&store, "post");
        let tmp = tempfile::tempdir().expect("a temporary folder");
        let check = |files: &[&str], expected: Result<(), &str>| {
            let dir = tempfile::tempdir_in(tmp.path()).expect("a temporary folder");
            for name in files {
                std::fs::write(dir.path().join(name), "x").expect("writes");
            }
            let got = export(&store, dir.path()).map(|_| ());
            let expected = expected.map_err(|e| {
                format!(
                    "DIR is not an earlier export ({e}): export into a new or empty folder, \
                     or into one that `blog export` wrote"
                )
            });
            assert_eq!(got, expected, "{files:?}");
        };
        check(&[], Ok(()));
        check(&["_categories.toml", "_series.toml", "old.md"], Ok(()));
        check(&["_categories.toml"], Ok(()));
        check(&["notes.txt"], Err("it holds notes.txt"));
        check(
            &["mine.md"],
            Err("it has Markdown files but no _categories.toml and _series.toml"),
        );
        let dir = tempfile::tempdir_in(tmp.path()).expect("a temporary folder");
        std::fs::create_dir(dir.path().join("sub")).expect("creates");
        assert_eq!(
            export(&store, dir.path()),
            Err(
                "DIR is not an earlier export (it holds the folder or link sub): export into \
                 a new or empty folder, or into one that `blog export` wrote"
                    .to_owned()
            )
        );
    }

    /// The round trip of the end-to-end test, on the memory store, which
    /// already keeps everything (tags included): import the generators
    /// fixture, export A, import A into an empty store, export B: A and B
    /// are the same, and re-importing changes nothing.
    #[test]
    fn the_generators_fixture_round_trips_in_memory() {
        let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/generators");
        let now = Utc
            .with_ymd_and_hms(2025, 6, 1, 0, 0, 0)
            .single()
            .expect("valid");
        let import = |store: &MemoryStore, dir: &Path| {
            let mut out = Vec::new();
            let mut ctx = Context {
                store,
                now,
                out: &mut out,
            };
            let args = ImportArgs {
                dir: dir.to_owned(),
                ..ImportArgs::default()
            };
            super::super::import::run(&mut ctx, &args).expect("imports");
            String::from_utf8(out).expect("utf-8")
        };
        let tmp = tempfile::tempdir().expect("a temporary folder");
        let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
        let first = MemoryStore::new();
        import(&first, &fixture);
        assert!(import(&first, &fixture).contains("0 added, 0 updated, 8 unchanged"));
        export(&first, &a).expect("exports");
        let second = MemoryStore::new();
        import(&second, &a);
        export(&second, &b).expect("exports");
        let names = names(&a);
        assert_eq!(names, self::names(&b));
        for name in &names {
            let read = |dir: &Path| std::fs::read_to_string(dir.join(name)).expect("reads");
            assert_eq!(read(&a), read(&b), "{name}");
        }
        let hugo = std::fs::read_to_string(a.join("serving-with-hyper.md")).expect("reads");
        assert!(
            hugo.contains("tags = [\"hyper\", \"http\", \"Rust\"]"),
            "{hugo}"
        );
    }
}
