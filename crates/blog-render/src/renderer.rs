//! `HtmlRenderer`: the site's pages from built-in templates.

use blog_core::urls::FeedFormat;
use blog_core::{FeedView, Html, RenderError, Renderer, Site, SitemapView, View};
use minijinja::syntax::SyntaxConfig;
use minijinja::value::Serde;
use minijinja::{AutoEscape, Environment, Output, State, UndefinedBehavior, Value};
use serde::Serialize;

use crate::assets::{self, Asset};
use crate::context::{self, Document, SiteContext};

/// The built-in templates, by name. `.html` templates escape what they print.
const TEMPLATES: &[(&str, &str)] = &[
    ("base.html", include_str!("../templates/base.html")),
    ("card.html", include_str!("../templates/card.html")),
    ("listing.html", include_str!("../templates/listing.html")),
    (
        "pagination.html",
        include_str!("../templates/pagination.html"),
    ),
    ("home.html", include_str!("../templates/home.html")),
    ("article.html", include_str!("../templates/article.html")),
    (
        "categories.html",
        include_str!("../templates/categories.html"),
    ),
    ("category.html", include_str!("../templates/category.html")),
    (
        "not_found.html",
        include_str!("../templates/not_found.html"),
    ),
    ("gone.html", include_str!("../templates/gone.html")),
    ("series.html", include_str!("../templates/series.html")),
    ("tags.html", include_str!("../templates/tags.html")),
    ("tag.html", include_str!("../templates/tag.html")),
    ("archive.html", include_str!("../templates/archive.html")),
    ("search.html", include_str!("../templates/search.html")),
];

/// Renders the site's pages to HTML from built-in templates.
///
/// The templates are parsed once, by [`HtmlRenderer::new`]; rendering a page
/// only fills them in. Every value a template prints is escaped, except HTML
/// rendered from Markdown by [`markdown_to_html`](crate::markdown_to_html).
#[derive(Debug)]
pub struct HtmlRenderer {
    templates: Environment<'static>,
    site: Site,
}

impl HtmlRenderer {
    /// A renderer for `site`, with the built-in templates loaded.
    pub fn new(site: Site) -> Result<HtmlRenderer, RenderError> {
        let templates = environment(&site).map_err(|e| template_error("(environment)", &e))?;
        Ok(Self { templates, site })
    }

    /// A built-in static asset by its path under the site root, e.g.
    /// `/assets/style.css`.
    pub fn asset(&self, path: &str) -> Option<Asset> {
        assets::asset(path)
    }

    /// Renders template `name` with `document`.
    pub(crate) fn page<T: Serialize>(
        &self,
        name: &str,
        document: &Document<T>,
    ) -> Result<Html, RenderError> {
        self.templates
            .get_template(name)
            .and_then(|template| template.render(Value::from(Serde(document))))
            .map(Html::from_trusted)
            .map_err(|e| template_error(name, &e))
    }
}

impl Renderer for HtmlRenderer {
    fn render(&self, view: &View<'_>) -> Result<Html, RenderError> {
        let site = &self.site;
        match view {
            View::Home(v) => self.page("home.html", &context::home(site, v)),
            View::Article(v) => self.page("article.html", &context::article(site, v)),
            View::Categories(v) => self.page("categories.html", &context::categories(site, v)),
            View::Category(v) => self.page("category.html", &context::category(site, v)),
            View::Tags(v) => self.page("tags.html", &context::tags(site, v)),
            View::Tag(v) => self.page("tag.html", &context::tag(site, v)),
            View::Archive(v) => self.page("archive.html", &context::archive(site, v)),
            View::Search(v) => self.page("search.html", &context::search(site, v)),
            View::NotFound(v) => self.page("not_found.html", &context::not_found(site, v)),
            View::Series { outline } => self.page("series.html", &context::series(site, outline)),
            View::Gone { path } => self.page("gone.html", &context::gone(site, path)),
            _ => Err(RenderError::Template {
                name: "(none)".to_owned(),
                line: None,
                reason: "no template renders this kind of page".to_owned(),
            }),
        }
    }

    // PLACEHOLDER until the feed templates land.
    fn feed(&self, _view: &FeedView<'_>, _format: FeedFormat) -> Result<String, RenderError> {
        Err(RenderError::Template {
            name: "(feed)".to_owned(),
            line: None,
            reason: "not yet".to_owned(),
        })
    }

    // PLACEHOLDER until the sitemap template lands.
    fn sitemap(&self, _view: &SitemapView<'_>) -> Result<String, RenderError> {
        Err(RenderError::Template {
            name: "(sitemap)".to_owned(),
            line: None,
            reason: "not yet".to_owned(),
        })
    }

    // PLACEHOLDER until the robots template lands.
    fn robots(&self) -> Result<String, RenderError> {
        Err(RenderError::Template {
            name: "(robots)".to_owned(),
            line: None,
            reason: "not yet".to_owned(),
        })
    }
}

/// The template environment: strict about undefined values, so that a typo
/// in a template fails instead of printing nothing.
fn environment(site: &Site) -> Result<Environment<'static>, minijinja::Error> {
    let mut env = Environment::new();
    env.set_syntax(
        SyntaxConfig::builder()
            .trim_blocks(true)
            .lstrip_blocks(true)
            .build()?,
    );
    env.set_auto_escape_callback(|name| {
        if name.ends_with(".html") {
            AutoEscape::Html
        } else {
            AutoEscape::None
        }
    });
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    env.set_formatter(format);
    env.add_global("site", Value::from(Serde(SiteContext::new(site))));
    for &(name, source) in TEMPLATES {
        env.add_template(name, source)?;
    }
    Ok(env)
}

/// Prints a value into a template. In HTML, text is escaped as minijinja
/// does, except that `/` stays as it is: escaping it protects nothing inside
/// quoted attributes and text, and makes every URL unreadable.
fn format(
    out: &mut Output<'_>,
    state: &mut State<'_, '_>,
    value: &Value,
) -> Result<(), minijinja::Error> {
    match value.as_str() {
        Some(text) if *state.auto_escape() == AutoEscape::Html && !value.is_safe() => {
            out.write_str(&escape(text)).map_err(minijinja::Error::from)
        }
        _ => minijinja::escape_formatter(out, state, value),
    }
}

/// `text` with `&`, `<`, `>`, `"` and `'` escaped, for HTML text and quoted
/// attribute values.
fn escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&#39;"),
            c => escaped.push(c),
        }
    }
    escaped
}

/// The one conversion of a template engine error: `fallback` names the
/// template when the error does not.
fn template_error(fallback: &str, err: &minijinja::Error) -> RenderError {
    let mut reason = match err.detail() {
        Some(detail) => format!("{}: {detail}", err.kind()),
        None => err.kind().to_string(),
    };
    let mut source = std::error::Error::source(err);
    while let Some(cause) = source {
        reason.push_str(&format!(": {cause}"));
        source = cause.source();
    }
    RenderError::Template {
        name: err.name().unwrap_or(fallback).to_owned(),
        line: err.line(),
        reason,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renderer_is_send_and_sync() {
        fn shareable<T: Send + Sync>() {}
        shareable::<HtmlRenderer>();
    }

    #[test]
    fn built_in_templates_load() {
        assert!(HtmlRenderer::new(Site::default()).is_ok());
    }

    #[test]
    fn templates_never_mark_text_safe() {
        // The only unescaped markup is `Markup`, safe by type, from Markdown.
        for (name, source) in TEMPLATES {
            assert!(!source.contains("safe"), "{name} uses |safe");
            assert!(!source.contains("autoescape"), "{name} turns escaping off");
        }
    }

    fn check_escape(text: &str, expected: &str) {
        assert_eq!(escape(text), expected, "{text:?}");
    }

    #[test]
    fn escaping() {
        check_escape("plain /path/", "plain /path/");
        check_escape(
            r#"<script>alert("x")</script> & 'q'"#,
            "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;q&#39;",
        );
        check_escape("", "");
    }

    #[test]
    fn template_errors_name_the_template_and_line() {
        let mut env = Environment::new();
        let err = env
            .add_template("broken.html", "<p>\n{{ oops(</p>")
            .expect_err("the template is broken");
        let RenderError::Template { name, line, reason } = template_error("fallback", &err) else {
            panic!("not a template error");
        };
        assert_eq!(name, "broken.html");
        assert_eq!(line, Some(2));
        assert!(reason.starts_with("syntax error"), "{reason}");
    }
}
