//! Themes: a folder whose templates and assets replace the built-in ones of
//! the same name, or add to them, loaded when the program starts.
//!
//! A theme folder holds `templates/` and `assets/`, each flat (no
//! subfolders). `templates/article.html` replaces the built-in article page,
//! `templates/feed.atom.xml` the Atom feeds, and a template with a new name
//! can be included by the others; `assets/style.css` replaces the built-in
//! stylesheet at `/assets/style.css`, and any other file is served at
//! `/assets/NAME`, and at its fingerprinted path too, which templates link
//! with `{{ asset_url("NAME") }}`. Files whose names start with a dot are
//! skipped, and so are files beside the two folders (a README, a licence).

use std::collections::BTreeMap;
use std::ffi::OsStr;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::assets;

mod samples;

pub(crate) use samples::check;

/// The templates and assets of a theme folder, read into memory.
///
/// `Theme::default()` is the theme that overrides nothing.
#[derive(Debug, Clone, Default)]
pub struct Theme {
    templates: BTreeMap<String, String>,
    assets: BTreeMap<String, Arc<[u8]>>,
}

/// Why a theme folder could not be loaded. Each error names the file or
/// folder at fault.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ThemeError {
    /// The theme folder, or one of its folders, is missing or unreadable.
    #[error("cannot read theme folder {}", path.display())]
    Folder {
        /// The folder.
        path: PathBuf,
        /// Why it could not be read.
        source: io::Error,
    },
    /// A file of the theme could not be read.
    #[error("cannot read theme file {}", path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// Why it could not be read.
        source: io::Error,
    },
    /// A template is not UTF-8 text.
    #[error("theme template {} is not UTF-8 text", path.display())]
    NotUtf8 {
        /// The template's file.
        path: PathBuf,
    },
    /// A file or folder the theme cannot have: a subfolder, a name the site
    /// cannot use, something that is not a file.
    #[error("theme file {}: {reason}", path.display())]
    Unexpected {
        /// The file or folder.
        path: PathBuf,
        /// What is wrong with it.
        reason: &'static str,
    },
}

/// The folder of a theme's templates.
const TEMPLATES: &str = "templates";
/// The folder of a theme's assets.
const ASSETS: &str = "assets";

impl Theme {
    /// Reads the theme in folder `dir`: every file of `dir/templates/` and
    /// `dir/assets/`, either of which may be missing.
    ///
    /// Fails if `dir` is not a readable folder, if a file cannot be read, if
    /// a template is not UTF-8, if a template's name does not end in
    /// `.html`, `.xml` or `.txt` (which decides how it escapes what it
    /// prints), if an asset's name is not one the site can serve (ASCII
    /// letters, digits, `.` and `-`), or if either folder has a subfolder,
    /// or `dir` a folder other than these two (a misspelt `template/` would
    /// otherwise do nothing, silently). Templates are checked for syntax by
    /// [`HtmlRenderer::with_theme`](crate::HtmlRenderer::with_theme).
    pub fn load(dir: &Path) -> Result<Theme, ThemeError> {
        let mut theme = Theme::default();
        for entry in entries(dir)? {
            let Entry { path, name, kind } = entry;
            match (kind, name.as_deref()) {
                (Kind::Folder, Some(TEMPLATES)) => {
                    for file in files(&path, &TEMPLATE_NAMES)? {
                        let source = String::from_utf8(file.bytes)
                            .map_err(|_| ThemeError::NotUtf8 { path: file.path })?;
                        theme.templates.insert(file.name, source);
                    }
                }
                (Kind::Folder, Some(ASSETS)) => {
                    for file in files(&path, &ASSET_NAMES)? {
                        theme.assets.insert(file.name, Arc::from(file.bytes));
                    }
                }
                (Kind::Folder, _) => {
                    return Err(ThemeError::Unexpected {
                        path,
                        reason: "a theme folder holds only templates/ and assets/",
                    });
                }
                (Kind::File, _) => {}
            }
        }
        Ok(theme)
    }

    /// The names of its templates, such as `article.html`.
    pub fn template_names(&self) -> impl Iterator<Item = &str> {
        self.templates.keys().map(String::as_str)
    }

    /// The names of its assets, such as `style.css`.
    pub fn asset_names(&self) -> impl Iterator<Item = &str> {
        self.assets.keys().map(String::as_str)
    }

    /// Its templates by name.
    pub(crate) fn templates(&self) -> impl Iterator<Item = (&str, &str)> {
        self.templates.iter().map(|(n, s)| (n.as_str(), s.as_str()))
    }

    /// Its assets by name.
    pub(crate) fn assets(&self) -> impl Iterator<Item = (&str, &Arc<[u8]>)> {
        self.assets.iter().map(|(n, b)| (n.as_str(), b))
    }

    /// Whether it overrides or adds no template.
    pub(crate) fn has_templates(&self) -> bool {
        !self.templates.is_empty()
    }
}

/// What the files of a theme's folder may be called.
struct Names {
    valid: fn(&str) -> bool,
    /// The rule, to explain a refusal.
    rule: &'static str,
}

const TEMPLATE_NAMES: Names = Names {
    valid: is_template_name,
    rule: "a template's name is ASCII letters, digits, '_', '.' and '-', \
           ending in .html, .xml or .txt",
};

const ASSET_NAMES: Names = Names {
    valid: assets::is_valid_name,
    rule: "an asset's name is ASCII letters, digits, '.' and '-' \
           (the only names served under /assets/)",
};

/// Whether `name` can name a theme's template: a safe file name whose
/// extension gives its escaping (HTML, XML, or none for `.txt`).
fn is_template_name(name: &str) -> bool {
    !name.starts_with('.')
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-'))
        && [".html", ".xml", ".txt"]
            .iter()
            .any(|ext| name.len() > ext.len() && name.ends_with(ext))
}

#[derive(Debug, PartialEq, Eq)]
enum Kind {
    File,
    Folder,
}

/// An entry of a folder, hidden ones left out.
struct Entry {
    path: PathBuf,
    /// Its name, if it is UTF-8.
    name: Option<String>,
    kind: Kind,
}

/// The entries of folder `dir`, but those whose names start with a dot, in
/// name order. Links are followed; anything but a file or a folder is refused.
fn entries(dir: &Path) -> Result<Vec<Entry>, ThemeError> {
    let folder_error = |source| ThemeError::Folder {
        path: dir.to_owned(),
        source,
    };
    let mut entries = Vec::new();
    for entry in fs::read_dir(dir).map_err(folder_error)? {
        let path = entry.map_err(folder_error)?.path();
        let name = path.file_name().and_then(OsStr::to_str).map(str::to_owned);
        if name.as_deref().is_some_and(|n| n.starts_with('.')) {
            continue;
        }
        let metadata = fs::metadata(&path).map_err(|source| ThemeError::Read {
            path: path.clone(),
            source,
        })?;
        let kind = if metadata.is_dir() {
            Kind::Folder
        } else if metadata.is_file() {
            Kind::File
        } else {
            return Err(ThemeError::Unexpected {
                path,
                reason: "not a file or a folder",
            });
        };
        entries.push(Entry { path, name, kind });
    }
    entries.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(entries)
}

/// A file of a theme, read.
struct File {
    path: PathBuf,
    name: String,
    bytes: Vec<u8>,
}

/// Every file of `dir`, read; a subfolder or a name that breaks `names` is
/// an error.
fn files(dir: &Path, names: &Names) -> Result<Vec<File>, ThemeError> {
    entries(dir)?
        .into_iter()
        .map(|Entry { path, name, kind }| {
            if kind == Kind::Folder {
                return Err(ThemeError::Unexpected {
                    path,
                    reason: "themes have no subfolders: put it beside the others",
                });
            }
            let Some(name) = name.filter(|n| (names.valid)(n)) else {
                return Err(ThemeError::Unexpected {
                    path,
                    reason: names.rule,
                });
            };
            match fs::read(&path) {
                Ok(bytes) => Ok(File { path, name, bytes }),
                Err(source) => Err(ThemeError::Read { path, source }),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn template_names() {
        for good in [
            "article.html",
            "not_found.html",
            "feed.atom.xml",
            "robots.txt",
            "x-y.html",
        ] {
            assert!(is_template_name(good), "{good}");
        }
        for bad in [
            ".html",
            ".hidden.html",
            "article",
            "article.jinja",
            "a b.html",
            "a/b.html",
            "é.html",
            "../x.html",
        ] {
            assert!(!is_template_name(bad), "{bad}");
        }
    }
}
