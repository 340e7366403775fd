//! The outside checkers the site is held to: the Nu HTML Checker (`vnu.jar`,
//! from the npm package `vnu-jar`, run with Java) and a real feed reader
//! library (Python's `feedparser`).
//!
//! `.ci/run` installs both under `.ci/tools/`. Elsewhere a missing checker
//! skips its check with a note on stderr, unless `CI` is set: then it fails,
//! so CI can never pass without running them.

use std::path::{Path, PathBuf};
use std::process::Command;

/// Where `.ci/run` installs the checkers.
fn tools_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(".ci/tools")
}

/// The checker at `var` (an environment variable) or `default`; `None` (with
/// a note) when neither exists and CI is not set.
fn locate(what: &str, var: &str, default: PathBuf) -> Option<PathBuf> {
    let path = std::env::var_os(var).map_or(default, PathBuf::from);
    if path.exists() {
        return Some(path);
    }
    let hint = format!(
        "{what} not found at {} (set {var}, or run .ci/run once to install it)",
        path.display()
    );
    assert!(std::env::var_os("CI").is_none(), "{hint}");
    eprintln!("skipped: {hint}");
    None
}

/// Checks every `(name, html)` page with the Nu HTML Checker in one run;
/// returns its error report, empty when every page is valid. `None` when the
/// checker is missing outside CI.
pub fn html_errors(pages: &[(String, String)]) -> Option<String> {
    let jar = locate(
        "the Nu HTML Checker",
        "BLOG_VNU_JAR",
        tools_dir().join("node_modules/vnu-jar/build/dist/vnu.jar"),
    )?;
    let dir = tempfile::tempdir().expect("a temporary folder");
    let files: Vec<PathBuf> = pages
        .iter()
        .enumerate()
        .map(|(i, (name, html))| {
            let file = dir.path().join(format!("{i:02}-{}.html", file_name(name)));
            std::fs::write(&file, html).expect("writes the page");
            file
        })
        .collect();
    let output = Command::new("java")
        .arg("-jar")
        .arg(&jar)
        .args(["--errors-only", "--format", "gnu"])
        .args(&files)
        .output()
        .expect("java runs the Nu HTML Checker");
    let report = String::from_utf8_lossy(&output.stderr).into_owned()
        + &String::from_utf8_lossy(&output.stdout);
    Some(if output.status.success() && report.trim().is_empty() {
        String::new()
    } else {
        format!("{report}(exit status {})", output.status)
    })
}

/// A path made into a file name: `/categories/rust/` → `categories-rust`.
fn file_name(path: &str) -> String {
    let name: String = path
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    match name.trim_matches('-') {
        "" => "home".to_owned(),
        name => name.to_owned(),
    }
}

/// What feedparser made of a feed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedFeed {
    /// The format it recognised: `atom10`, `rss20`, `json11`, …
    pub version: String,
    /// Its warning, if any (feedparser's `bozo_exception`); empty if none.
    pub warning: String,
    /// How many entries it read.
    pub entries: usize,
    /// The link of each entry, in order.
    pub links: Vec<String>,
}

/// Parses each `(name, body)` feed with feedparser. `None` when it is
/// missing outside CI.
pub fn parse_feeds(feeds: &[(String, String)]) -> Option<Vec<ParsedFeed>> {
    let python = locate(
        "Python with feedparser",
        "BLOG_FEED_PYTHON",
        tools_dir().join("venv/bin/python"),
    )?;
    let dir = tempfile::tempdir().expect("a temporary folder");
    let mut files = Vec::new();
    for (i, (name, body)) in feeds.iter().enumerate() {
        let file = dir.path().join(format!("{i:02}-{}", file_name(name)));
        std::fs::write(&file, body).expect("writes the feed");
        files.push(file);
    }
    // One line of JSON per feed, in order.
    let script = r#"
import json, sys, feedparser
for path in sys.argv[1:]:
    with open(path, "rb") as f:
        d = feedparser.parse(f.read())
    print(json.dumps({
        "version": d.get("version", ""),
        "warning": repr(d.bozo_exception) if d.bozo else "",
        "entries": len(d.entries),
        "links": [e.get("link", "") for e in d.entries],
    }))
"#;
    let output = Command::new(&python)
        .arg("-c")
        .arg(script)
        .args(&files)
        .output()
        .expect("python runs");
    assert!(
        output.status.success(),
        "feedparser failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let parsed = String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(|line| {
            let v: serde_json::Value = serde_json::from_str(line).expect("the script prints JSON");
            ParsedFeed {
                version: v["version"].as_str().unwrap_or_default().to_owned(),
                warning: v["warning"].as_str().unwrap_or_default().to_owned(),
                entries: v["entries"].as_u64().unwrap_or_default() as usize,
                links: v["links"]
                    .as_array()
                    .map(|links| {
                        links
                            .iter()
                            .map(|l| l.as_str().unwrap_or_default().to_owned())
                            .collect()
                    })
                    .unwrap_or_default(),
            }
        })
        .collect();
    Some(parsed)
}
