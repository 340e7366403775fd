//! What every test of the `blog` binary needs: a fresh database and the
//! binary to run against it, with its output made stable for snapshots.

#![allow(dead_code)] // Each test file uses a different part.

use std::path::{Path, PathBuf};
use std::process::Command;

/// A fresh temporary database and the `blog` binary to run against it.
pub struct Blog {
    _dir: tempfile::TempDir,
    db: PathBuf,
}

impl Blog {
    /// A fresh, empty database in a temporary folder.
    pub fn new() -> Self {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let db = dir.path().join("blog.db");
        Self { _dir: dir, db }
    }

    /// Runs `blog --db DB args...` and renders what it printed and how it
    /// exited, as a snapshot shows it.
    pub fn run(&self, args: &[&str]) -> String {
        let output = Command::new(env!("CARGO_BIN_EXE_blog"))
            .arg("--db")
            .arg(&self.db)
            .args(args)
            .env_remove("BLOG_DB")
            .env("COLUMNS", "100")
            .output()
            .expect("blog runs");
        let code = output
            .status
            .code()
            .map_or("signal".to_owned(), |c| c.to_string());
        let text = format!(
            "exit: {code}\n--- stdout\n{}--- stderr\n{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
        let text = text
            .replace(fixtures().to_str().expect("utf-8 path"), "[FIXTURES]")
            .replace(self.db.to_str().expect("utf-8 path"), "[DB]")
            .replace(self.dir().to_str().expect("utf-8 path"), "[TMP]");
        recent_times(&text)
    }

    /// The temporary folder the database is in, which tests may use for
    /// other files too; output shows it as `[TMP]`.
    pub fn dir(&self) -> &Path {
        self._dir.path()
    }

    /// `name` in [`Blog::dir`], as an argument.
    pub fn path(&self, name: &str) -> String {
        self.dir()
            .join(name)
            .to_str()
            .expect("utf-8 path")
            .to_owned()
    }

    /// Runs `blog`, asserting that it succeeded.
    pub fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(out.starts_with("exit: 0\n"), "{args:?} failed:\n{out}");
        out
    }
}

/// `text` with the `created = TIME` and `updated = TIME` front-matter lines
/// whose time is of this test run (the "now" of an import) shown as
/// `[NOW]`; times that files give stay as they are.
fn recent_times(text: &str) -> String {
    let run_started = chrono::Utc::now() - chrono::Duration::hours(1);
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        let (content, end) = match line.strip_suffix('\n') {
            Some(content) => (content, "\n"),
            None => (line, ""),
        };
        let recent = ["created = ", "updated = "].iter().find_map(|key| {
            let time = content.strip_prefix(key)?;
            let time = chrono::DateTime::parse_from_rfc3339(time).ok()?;
            (time > run_started).then_some(key)
        });
        match recent {
            Some(key) => {
                out.push_str(key);
                out.push_str("[NOW]");
                out.push_str(end);
            }
            None => out.push_str(line),
        }
    }
    out
}

/// The repository's `tests/fixtures` folder.
pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures")
        .canonicalize()
        .expect("the fixtures exist")
}

/// The path of fixture folder `name`, as an argument.
pub fn fixture(name: &str) -> String {
    fixtures()
        .join(name)
        .to_str()
        .expect("utf-8 path")
        .to_owned()
}
