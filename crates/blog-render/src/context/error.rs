//! The pages of paths that name nothing, or nothing any more.

use blog_core::{NotFoundView, Site};
use serde::Serialize;

use super::head::Head;
use super::{Document, Nav};

/// The path that was asked for.
#[derive(Debug, Serialize)]
pub(crate) struct ErrorPage {
    path: String,
}

/// The head of an error page: nothing for search engines to index.
fn head(site: &Site, title: &str, path: &str) -> Head {
    Head::new(site, Some(title), site.description.clone(), path).noindex()
}

/// `View::NotFound`.
pub(crate) fn not_found(site: &Site, view: &NotFoundView<'_>) -> Document<ErrorPage> {
    Document {
        head: head(site, "Page not found", view.path),
        nav: Nav::default(),
        page: ErrorPage {
            path: view.path.to_owned(),
        },
    }
}

/// `View::Gone`: an article that was deleted.
pub(crate) fn gone(site: &Site, path: &str) -> Document<ErrorPage> {
    Document {
        head: head(site, "Article removed", path),
        nav: Nav::default(),
        page: ErrorPage {
            path: path.to_owned(),
        },
    }
}
