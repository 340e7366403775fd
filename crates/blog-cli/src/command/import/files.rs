//! Finding and reading the files of an import.

use std::io::Read as _;
use std::path::{Path, PathBuf};

use anyhow::Context as _;
use blog_cli::source::{self, FileName, Parsed, SourceError, SourcePath};
use chrono::{DateTime, Utc};

use super::Rejection;
use crate::command::progress;

/// Reads and parses every file under `dir`, in order, with a progress bar;
/// on every core, each thread taking one contiguous share of the files.
pub(super) fn read_all(
    dir: &Path,
    files: &[PathBuf],
    now: DateTime<Utc>,
) -> Vec<Result<Parsed, Rejection>> {
    let bar = progress::bar(files.len(), "reading");
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let share = files.len().div_ceil(threads).max(1);
    let parsed = std::thread::scope(|scope| {
        let workers: Vec<_> = files
            .chunks(share)
            .map(|chunk| {
                let bar = &bar;
                scope.spawn(move || {
                    chunk
                        .iter()
                        .map(|path| {
                            let result = read(dir, path, now);
                            bar.inc(1);
                            result
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|worker| match worker.join() {
                Ok(results) => results,
                // Parsing does not panic; if it did, say so rather than
                // lose the files.
                Err(panic) => std::panic::resume_unwind(panic),
            })
            .collect()
    });
    bar.finish_and_clear();
    parsed
}

fn read(dir: &Path, path: &Path, now: DateTime<Utc>) -> Result<Parsed, Rejection> {
    let text = read_text(path)?;
    // Only folders inside the import count: a `_drafts` folder above it
    // says nothing about these files.
    let inside = path.strip_prefix(dir).unwrap_or(path);
    source::parse_at(&text, &source_path(path, inside), now).map_err(|e| Rejection::new(path, e))
}

/// The text of the file at `path`, which must be a regular file (or a
/// link to one) of UTF-8 text, at most [`source::MAX_FILE_BYTES`] long.
/// Never more than that is read, whatever the file claims (a link to
/// `/dev/zero`, a file that grows).
fn read_text(path: &Path) -> Result<String, Rejection> {
    let reject = |line, reason| Rejection {
        path: path.to_owned(),
        line,
        reason,
    };
    let cannot_read = |e: std::io::Error| reject(None, format!("cannot read: {e}"));
    let too_long = |bytes: u64| {
        reject(
            None,
            format!(
                "is {bytes} bytes long; a file may be at most {} bytes (1 MiB): \
                 split it into a series",
                source::MAX_FILE_BYTES
            ),
        )
    };
    let metadata = std::fs::metadata(path).map_err(cannot_read)?;
    if !metadata.is_file() {
        return Err(reject(None, "is not a regular file".to_owned()));
    }
    if metadata.len() > source::MAX_FILE_BYTES {
        return Err(too_long(metadata.len()));
    }
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .and_then(|file| {
            file.take(source::MAX_FILE_BYTES + 1)
                .read_to_end(&mut bytes)
        })
        .map_err(cannot_read)?;
    if bytes.len() as u64 > source::MAX_FILE_BYTES {
        return Err(too_long(bytes.len() as u64));
    }
    String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        let line = 1 + e.as_bytes()[..at].iter().filter(|&&b| b == b'\n').count();
        reject(Some(line), format!("not valid UTF-8 (byte {at})"))
    })
}

/// The definitions in `dir`'s file `name`, if there is one; a file that is
/// unreadable or invalid joins `rejections` and defines nothing.
pub(super) fn definitions<T>(
    dir: &Path,
    name: &str,
    parse: fn(&str) -> Result<Vec<T>, SourceError>,
    rejections: &mut Vec<Rejection>,
) -> Option<Vec<T>> {
    let path = dir.join(name);
    if !path.is_file() {
        return None;
    }
    let parsed =
        read_text(&path).and_then(|text| parse(&text).map_err(|e| Rejection::new(&path, e)));
    match parsed {
        Ok(items) => Some(items),
        Err(rejection) => {
            rejections.push(rejection);
            Some(Vec::new())
        }
    }
}

/// What `path` says about its article: the slug and date of a file's stem,
/// or for a page bundle's `index.md` (Hugo), of its folder's name; and
/// whether a folder on `inside` (the path within the imported folder) is a
/// Jekyll `_drafts` folder.
fn source_path(path: &Path, inside: &Path) -> SourcePath {
    let stem = path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or_default();
    let stem = if stem == "index" {
        path.parent()
            .and_then(Path::file_name)
            .and_then(|s| s.to_str())
            .unwrap_or(stem)
    } else {
        stem
    };
    let in_drafts = inside
        .parent()
        .is_some_and(|folder| folder.components().any(|c| c.as_os_str() == "_drafts"));
    SourcePath {
        name: FileName::from_stem(stem),
        in_drafts,
    }
}

/// Every Markdown file under `dir`, sorted, skipping hidden entries and
/// section index files (`_index.md`), which describe folders, not articles.
pub(super) fn markdown_files(dir: &Path) -> anyhow::Result<Vec<PathBuf>> {
    let mut found = Vec::new();
    let mut pending = vec![dir.to_owned()];
    while let Some(folder) = pending.pop() {
        let entries = std::fs::read_dir(&folder)
            .with_context(|| format!("cannot read the folder {}", folder.display()))?;
        for entry in entries {
            let entry =
                entry.with_context(|| format!("cannot read the folder {}", folder.display()))?;
            let path = entry.path();
            let name = entry.file_name();
            let name = name.to_string_lossy();
            if name.starts_with('.') || name.starts_with("_index.") {
                continue;
            }
            let kind = entry
                .file_type()
                .with_context(|| format!("cannot read {}", path.display()))?;
            if kind.is_dir() {
                pending.push(path);
            } else if matches!(
                path.extension().and_then(|e| e.to_str()),
                Some("md" | "markdown")
            ) {
                found.push(path);
            }
        }
    }
    found.sort();
    Ok(found)
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::source_path;

    #[test]
    fn what_paths_say() {
        let check = |path: &str, expected: &str| {
            let path = Path::new(path);
            let p = source_path(path, path.strip_prefix("site").unwrap_or(path));
            let slug = p.name.slug.as_ref().map_or("-", |s| s.as_str());
            let date = p.name.date.map_or("-".to_owned(), |d| d.to_string());
            let drafts = if p.in_drafts { " in drafts" } else { "" };
            assert_eq!(
                format!("{slug} {date}{drafts}"),
                expected,
                "{}",
                path.display()
            );
        };
        check("site/_posts/2024-05-01-hello.md", "hello 2024-05-01");
        check("site/content/2024-05-01_zola.md", "zola 2024-05-01");
        check("site/posts/bundle/index.md", "bundle -");
        check("site/_drafts/wip.md", "wip - in drafts");
        check("site/rust/_drafts/deeper/wip.markdown", "wip - in drafts");
        check("_drafts/wip.md", "wip - in drafts");
        check("site/_drafts/bundle/index.md", "bundle - in drafts");
        check("site/_drafts.md", "drafts -");
        check("site/not_drafts/x.md", "x -");
        check("site/_Drafts/x.md", "x -");
        // Importing a folder inside a _drafts folder: not drafts for that.
        let p = source_path(Path::new("_drafts/site/x.md"), Path::new("x.md"));
        assert!(!p.in_drafts);
    }
}
