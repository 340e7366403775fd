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
        self.run_with(args, &[])
    }

    /// Runs `blog --db DB args...` with extra environment variables. Today's
    /// date shows as `[TODAY]`, and times of today as `[NOW]`, so that
    /// snapshots of what a command dates "now" stay stable.
    pub fn run_with(&self, args: &[&str], env: &[(&str, &str)]) -> String {
        let output = Command::new(env!("CARGO_BIN_EXE_blog"))
            .arg("--db")
            .arg(&self.db)
            .args(args)
            .env_remove("BLOG_DB")
            .env_remove("EDITOR")
            .env_remove("VISUAL")
            .envs(env.iter().copied())
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
        without_now(&text)
    }

    /// Runs `blog` with extra environment variables, asserting that it
    /// succeeded.
    pub fn ok_with(&self, args: &[&str], env: &[(&str, &str)]) -> String {
        let out = self.run_with(args, env);
        assert!(out.starts_with("exit: 0\n"), "{args:?} failed:\n{out}");
        out
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

/// `text` with today's times as `[NOW]` and today's date as `[TODAY]`.
fn without_now(text: &str) -> String {
    let today = chrono::Utc::now().format("%Y-%m-%d").to_string();
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(&today) {
        out.push_str(&rest[..at]);
        let after = &rest[at + today.len()..];
        // A time of day follows: "T12:34:56.789Z" or "T12:34:56+00:00".
        let time_len = after
            .strip_prefix('T')
            .map(|t| {
                1 + t
                    .find(|c: char| !(c.is_ascii_digit() || ":.+Z".contains(c)))
                    .unwrap_or(t.len())
            })
            .unwrap_or(0);
        out.push_str(if time_len > 0 { "[NOW]" } else { "[TODAY]" });
        rest = &after[time_len..];
    }
    out.push_str(rest);
    out
}
