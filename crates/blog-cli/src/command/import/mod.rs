//! `blog import DIR`: a folder of Markdown files, all of it or nothing.
//!
//! The folder's `_categories.toml` and `_series.toml`, if present, define
//! categories and series (as `blog export` writes them); then every `.md`
//! and `.markdown` file below it is an article. Everything is compared with
//! the store and applied in one change set, so an import is atomic and a
//! re-import of the same folder changes nothing.

mod files;
mod plan;

use std::fmt;
use std::path::{Path, PathBuf};

use anyhow::Context as _;
use blog_core::{Article, Change, ChangeSet, Store};

use blog_cli::export::{CATEGORIES_FILE, SERIES_FILE, parse_categories_file, parse_series_file};
use blog_cli::source::{Parsed, SourceError};

use self::files::{definitions, markdown_files, read_all};
use self::plan::{Defined, Incoming, Plan, Report, ensure_named};
use super::{Context, plural};
use crate::cli::ImportArgs;

/// Imports the folder `args.dir` in one transaction.
///
/// If a file is rejected, nothing is stored and the error lists every
/// rejected file; with `keep_going`, the valid files are stored and the
/// error (hence a non-zero exit) says so, after the report line. With
/// `dry_run`, the same report and errors, and nothing is stored.
pub fn run(ctx: &mut Context<'_>, args: &ImportArgs) -> anyhow::Result<()> {
    let (dir, keep_going, dry_run) = (args.dir.as_path(), args.keep_going, args.dry_run);
    let (store, now) = (ctx.store, ctx.now);
    let files = markdown_files(dir)?;
    let mut rejections = Vec::new();
    let categories = definitions(dir, CATEGORIES_FILE, parse_categories_file, &mut rejections);
    let series = definitions(dir, SERIES_FILE, parse_series_file, &mut rejections);
    let read = files.len() + usize::from(categories.is_some()) + usize::from(series.is_some());
    if read == 0 {
        anyhow::bail!("{} holds no .md or .markdown file", dir.display());
    }
    let parsed = read_all(dir, &files, now);
    let mut articles = Vec::new();
    for (path, result) in files.into_iter().zip(parsed) {
        match result {
            Ok(parsed) => articles.push((path, parsed)),
            Err(rejection) => rejections.push(rejection),
        }
    }
    let incoming = Incoming {
        categories: categories.map(|c| (dir.join(CATEGORIES_FILE), c)),
        series: series.unwrap_or_default(),
        articles,
    };
    let (plan, refused) = Plan::new(store, now, incoming)?;
    rejections.extend(refused);
    rejections.sort_by(|a, b| a.path.cmp(&b.path));
    let rejected = Rejected {
        files: read,
        rejections,
        dry_run,
        kept: keep_going,
    };
    if !rejected.rejections.is_empty() && !keep_going {
        return Err(rejected.into());
    }
    if !dry_run && !plan.changes.is_empty() {
        store
            .apply(&plan.changes)
            .with_context(|| format!("cannot store the import of {}", dir.display()))?;
    }
    writeln!(
        ctx.out,
        "{} {} from {}: {}",
        if dry_run {
            "dry run: would import"
        } else {
            "imported"
        },
        plural(read - rejected.rejections.len(), "file", "files"),
        dir.display(),
        plan.report
    )?;
    if rejected.rejections.is_empty() {
        Ok(())
    } else {
        Err(rejected.into())
    }
}

/// The changes that store `article`, edited from the file `parsed`: the
/// categories and series the file names that do not exist yet, then the
/// article itself, as an import would create them.
pub(super) fn changes_for(
    store: &dyn Store,
    parsed: &Parsed,
    article: Article,
) -> anyhow::Result<ChangeSet> {
    let mut changes = ChangeSet::new();
    ensure_named(
        store,
        std::iter::once(parsed),
        &Defined::default(),
        &mut changes,
        &mut Report::default(),
    )?;
    changes.push(Change::PutArticle(article));
    Ok(changes)
}

/// A file the import refused, and why.
#[derive(Debug)]
struct Rejection {
    path: PathBuf,
    line: Option<usize>,
    reason: String,
}

impl Rejection {
    fn new(path: &Path, error: SourceError) -> Self {
        Self {
            path: path.to_owned(),
            line: error.line,
            reason: error.reason,
        }
    }
}

impl fmt::Display for Rejection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.path.display())?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        write!(f, ": {}", self.reason)
    }
}

/// The error of an import in which some files were rejected: one line that
/// says what was stored, then one line per rejected file.
#[derive(Debug)]
struct Rejected {
    rejections: Vec<Rejection>,
    /// How many files were read.
    files: usize,
    dry_run: bool,
    /// Whether the other files were stored (`--keep-going`).
    kept: bool,
}

impl fmt::Display for Rejected {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (rejected, files) = (self.rejections.len(), self.files);
        let valid = files - rejected;
        let (valid, verb) = (
            plural(valid, "valid file", "valid files"),
            if valid == 1 { "was" } else { "were" },
        );
        match (self.dry_run, self.kept) {
            (false, false) => write!(
                f,
                "nothing was imported: {rejected} of {files} files rejected"
            )?,
            (true, false) => write!(
                f,
                "dry run: nothing would be imported: {rejected} of {files} files rejected"
            )?,
            (false, true) => write!(
                f,
                "{rejected} of {files} files rejected; {valid} {verb} imported all the same"
            )?,
            (true, true) => write!(
                f,
                "dry run: {rejected} of {files} files would be rejected; \
                 {valid} would be imported all the same"
            )?,
        }
        for r in &self.rejections {
            write!(f, "\n  {r}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Rejected {}

#[cfg(test)]
mod tests {
    use blog_core::{Change, Slug, Tag};
    use blog_store::MemoryStore;
    use chrono::{DateTime, TimeZone, Utc};

    use super::*;

    fn at(day: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2025, 1, day, 12, 0, 0)
            .single()
            .expect("valid")
    }

    fn slug(s: &str) -> Slug {
        Slug::parse(s).expect("valid slug")
    }

    /// A folder of files, imported into a store.
    struct Site {
        dir: tempfile::TempDir,
        store: MemoryStore,
    }

    impl Site {
        fn new(files: &[(&str, &str)]) -> Self {
            let site = Self {
                dir: tempfile::tempdir().expect("a temporary folder"),
                store: MemoryStore::new(),
            };
            site.write(files);
            site
        }

        fn write(&self, files: &[(&str, &str)]) {
            for (name, text) in files {
                std::fs::write(self.dir.path().join(name), text).expect("writes");
            }
        }

        /// Imports the site's folder at `now`, as `args` says (whatever its
        /// `dir`): the report line, or the error.
        fn import(&self, now: DateTime<Utc>, args: ImportArgs) -> Result<String, String> {
            let mut out = Vec::new();
            let mut ctx = Context {
                store: &self.store,
                now,
                out: &mut out,
            };
            let args = ImportArgs {
                dir: self.dir.path().to_owned(),
                ..args
            };
            let result = run(&mut ctx, &args);
            let out = String::from_utf8(out).expect("utf-8");
            let dir = self.dir.path().to_str().expect("utf-8 path");
            let report = out.replace(dir, "DIR").trim_end().to_owned();
            match result {
                Ok(()) => Ok(report),
                Err(e) => Err(format!("{report}|{e:#}").replace(dir, "DIR")),
            }
        }

        fn ok(&self, now: DateTime<Utc>) -> String {
            self.import(now, ImportArgs::default()).expect("imports")
        }

        fn article(&self, s: &str) -> Article {
            self.store
                .article(&slug(s))
                .expect("reads")
                .unwrap_or_else(|| panic!("no article {s}"))
        }

        /// Renames article `from` in the store, as `blog rename` does.
        fn rename(&self, from: &str, to: &str) {
            let rename = Change::RenameArticle {
                from: slug(from),
                to: slug(to),
            };
            self.store
                .apply(&[rename].into_iter().collect())
                .expect("renames");
        }
    }

    const POST: &str = "+++\ntitle = \"Post\"\ndate = 2024-05-01\ntags = [\"Rust\"]\n\
                        aliases = [\"/old/\"]\n+++\n\nText.\n";

    #[test]
    fn reimport_changes_nothing_and_a_change_updates() {
        let site = Site::new(&[("post.md", POST)]);
        assert_eq!(
            site.ok(at(1)),
            "imported 1 file from DIR: 1 added, 0 updated, 0 unchanged; 0 new categories, 0 new series"
        );
        let first = site.article("post");
        assert_eq!((first.created_at, first.updated_at), (at(1), at(1)));
        assert_eq!(first.tags, [Tag::parse("Rust").expect("valid")]);
        assert!(site.ok(at(2)).contains("0 added, 0 updated, 1 unchanged"));
        assert_eq!(site.article("post"), first, "untouched");

        site.write(&[("post.md", &POST.replace("Text.", "New text."))]);
        assert!(site.ok(at(3)).contains("0 added, 1 updated, 0 unchanged"));
        let changed = site.article("post");
        assert_eq!(changed.body.as_str(), "New text.\n");
        assert_eq!((changed.created_at, changed.updated_at), (at(1), at(3)));
    }

    #[test]
    fn the_file_s_times_win() {
        let site = Site::new(&[("post.md", POST)]);
        site.ok(at(1));
        let dated = POST.replace(
            "+++\n\nText.",
            "created = 2020-01-01\nupdated = 2020-02-02\n+++\n\nText.",
        );
        site.write(&[("post.md", &dated)]);
        assert!(site.ok(at(5)).contains("1 updated"));
        let a = site.article("post");
        assert_eq!(a.created_at.to_rfc3339(), "2020-01-01T00:00:00+00:00");
        assert_eq!(a.updated_at.to_rfc3339(), "2020-02-02T00:00:00+00:00");
        assert!(site.ok(at(6)).contains("1 unchanged"));
    }

    /// [`POST`] as `blog export` writes it: with its creation time, which
    /// proves which stored article it is.
    const EXPORTED: &str = "+++\ntitle = \"Post\"\ndate = 2024-05-01\n\
                            created = 2025-01-01T12:00:00Z\ntags = [\"Rust\"]\n\
                            aliases = [\"/old/\"]\n+++\n\nText.\n";

    #[test]
    fn an_unrelated_file_never_takes_over_a_renamed_article() {
        let site = Site::new(&[("post.md", POST)]);
        site.ok(at(1));
        site.rename("post", "renamed");
        // Another file with the old slug and no proof of identity: a new
        // article, and the renamed one is untouched.
        let other = POST.replace("Text.", "Another article.");
        site.write(&[("post.md", &other)]);
        assert!(site.ok(at(2)).contains("1 added, 0 updated"));
        assert_eq!(site.article("post").body.as_str(), "Another article.\n");
        assert_eq!(site.article("renamed").body.as_str(), "Text.\n");
    }

    #[test]
    fn stored_previous_slugs_follow_the_file_s_aliases() {
        let site = Site::new(&[("post.md", EXPORTED)]);
        site.ok(at(1));
        // Renamed in the database: post -> renamed, with "old" and "post"
        // as previous slugs.
        site.rename("post", "renamed");
        assert_eq!(
            site.article("renamed").previous_slugs,
            [slug("old"), slug("post")]
        );

        // Re-importing the old file finds the renamed article: the rename
        // survives, nothing is added.
        assert!(site.ok(at(2)).contains("0 added, 0 updated, 1 unchanged"));
        assert!(site.store.article(&slug("post")).expect("reads").is_none());

        // A change to the old file updates the renamed article; the file's
        // aliases come first, then the stored ones.
        let changed = EXPORTED
            .replace("\"/old/\"", "\"/older/\"")
            .replace("Text.", "Changed.");
        site.write(&[("post.md", &changed)]);
        assert!(site.ok(at(3)).contains("0 added, 1 updated"));
        let a = site.article("renamed");
        assert_eq!(a.body.as_str(), "Changed.\n");
        assert_eq!(a.previous_slugs, [slug("older"), slug("old"), slug("post")]);

        // A second file claiming the same article is refused.
        site.write(&[("renamed.md", &EXPORTED.replace("Post", "Renamed"))]);
        let err = site
            .import(at(4), ImportArgs::default())
            .expect_err("refused");
        assert!(
            err.contains("was renamed 'renamed' in the database"),
            "{err}"
        );
    }

    #[test]
    fn definitions_come_first_and_are_compared() {
        let site = Site::new(&[
            (
                "_categories.toml",
                "[[category]]\nslug = \"async\"\nname = \"Async\"\nparent = \"rust\"\n\n\
                 [[category]]\nslug = \"rust\"\nname = \"Rust\"\n",
            ),
            (
                "_series.toml",
                "[[series]]\nslug = \"engine\"\ntitle = \"The Engine\"\n",
            ),
            (
                "post.md",
                "+++\ntitle = \"P\"\ndate = 2024-01-01\ncategories = [\"async\", \"Web\"]\n\
                 series = \"engine\"\nseries_part = 1\n+++\n",
            ),
            (
                "other.md",
                "+++\ntitle = \"O\"\ndate = 2024-01-01\nseries = \"Side Notes\"\n+++\n",
            ),
        ]);
        assert_eq!(
            site.ok(at(1)),
            "imported 4 files from DIR: 2 added, 0 updated, 0 unchanged; 3 new categories, 2 new series"
        );
        let async_ = site.store.category(&slug("async")).expect("reads");
        assert_eq!(async_.and_then(|c| c.parent), Some(slug("rust")));
        let engine = site.store.series(&slug("engine")).expect("reads");
        assert_eq!(
            engine.map(|s| s.title.to_string()).as_deref(),
            Some("The Engine")
        );
        let side = site.store.series(&slug("side-notes")).expect("reads");
        assert_eq!(
            side.map(|s| s.title.to_string()).as_deref(),
            Some("Side Notes")
        );
        assert!(site.ok(at(2)).contains("0 new categories, 0 new series"));

        // A changed definition replaces the stored one.
        site.write(&[(
            "_series.toml",
            "[[series]]\nslug = \"engine\"\ntitle = \"The Engine\"\ndescription = \"More.\"\n",
        )]);
        assert!(
            site.ok(at(3))
                .ends_with("0 new series, 1 changed category or series"),
            "the report counts changed definitions"
        );
        let engine = site.store.series(&slug("engine")).expect("reads");
        assert_eq!(
            engine.map(|s| s.description.to_string()).as_deref(),
            Some("More.")
        );
    }

    #[test]
    fn a_category_tree_the_store_cannot_take_is_a_rejected_file() {
        let check = |definitions: &str, reason: &str| {
            let site = Site::new(&[("post.md", POST)]);
            site.ok(at(1));
            let category = |s: &str, parent: Option<&str>| {
                Change::AddCategory(blog_core::Category {
                    parent: parent.map(slug),
                    ..blog_core::Category::new(
                        slug(s),
                        blog_core::Title::parse(s).expect("valid"),
                        blog_core::Markdown::default(),
                    )
                })
            };
            let stored = [category("stored", None), category("child", Some("stored"))];
            site.store
                .apply(&stored.into_iter().collect())
                .expect("adds");
            site.write(&[("_categories.toml", definitions)]);
            let err = site
                .import(at(2), ImportArgs::default())
                .expect_err("refused");
            assert!(err.contains("DIR/_categories.toml: "), "{err}");
            assert!(err.contains(reason), "{err}");
            let stored = site.store.category(&slug("stored")).expect("reads");
            assert_eq!(stored.and_then(|c| c.parent), None, "nothing stored");
        };
        check(
            "[[category]]\nslug = \"a\"\nname = \"A\"\nparent = \"nope\"\n",
            "category 'a' is nested in 'nope', which is defined nowhere",
        );
        // A cycle through the store: "child" is below "stored" there.
        check(
            "[[category]]\nslug = \"stored\"\nname = \"Stored\"\nparent = \"child\"\n",
            "category 'stored' would be nested below itself through 'child'",
        );
    }

    #[test]
    fn rejections_dry_runs_and_keeping_going() {
        let site = Site::new(&[
            ("good.md", POST),
            ("bad.md", "+++\ntitle = \"Bad\"\ndate = \"never\"\n+++\n"),
            (
                "_series.toml",
                "[[series]]\nslug = \"Bad Slug\"\ntitle = \"T\"\n",
            ),
        ]);
        let all_or_nothing = site.import(at(1), ImportArgs::default());
        assert_eq!(
            all_or_nothing,
            Err("|nothing was imported: 2 of 3 files rejected\n  \
                 DIR/_series.toml:2: series slug \"Bad Slug\" is not a valid slug: \
                 'B' at byte 0 is not allowed: use lowercase letters, digits and hyphens \
                 (try \"bad-slug\")\n  \
                 DIR/bad.md:3: `date` \"never\" is not a date: write 2024-05-01, \
                 2024-05-01T09:30:00Z or 2024-05-01 09:30:00 +02:00"
                .to_owned())
        );
        assert!(site.store.is_empty().expect("reads"));

        let dry = ImportArgs {
            dry_run: true,
            keep_going: true,
            ..ImportArgs::default()
        };
        let err = site.import(at(1), dry).expect_err("still rejected");
        assert!(
            err.starts_with(
                "dry run: would import 1 file from DIR: 1 added, 0 updated, 0 unchanged; \
                 0 new categories, 0 new series|dry run: 2 of 3 files would be rejected; \
                 1 valid file would be imported all the same\n"
            ),
            "{err}"
        );
        assert!(
            site.store.is_empty().expect("reads"),
            "a dry run stores nothing"
        );

        let keep_going = ImportArgs {
            keep_going: true,
            ..ImportArgs::default()
        };
        let err = site.import(at(1), keep_going).expect_err("still an error");
        assert!(
            err.starts_with(
                "imported 1 file from DIR: 1 added, 0 updated, 0 unchanged; \
                 0 new categories, 0 new series|2 of 3 files rejected; \
                 1 valid file was imported all the same\n"
            ),
            "{err}"
        );
        assert_eq!(site.article("good").title.as_str(), "Post");
    }

    #[test]
    fn undated_drafts_keep_their_date_and_duplicates_are_refused() {
        let draft = "+++\ntitle = \"Idea\"\ndraft = true\n+++\n";
        let site = Site::new(&[("idea.md", draft)]);
        site.ok(at(1));
        assert!(site.ok(at(2)).contains("1 unchanged"));
        assert_eq!(site.article("idea").published_at, at(1));

        site.write(&[(
            "copy.md",
            &draft.replace("+++\n\n", "slug = \"idea\"\n+++\n"),
        )]);
        site.write(&[(
            "copy.md",
            "+++\ntitle = \"Idea\"\nslug = \"idea\"\ndraft = true\n+++\n",
        )]);
        let err = site
            .import(at(3), ImportArgs::default())
            .expect_err("refused");
        assert!(
            err.contains("DIR/idea.md: slug 'idea' is already used by DIR/copy.md"),
            "{err}"
        );
    }
}
