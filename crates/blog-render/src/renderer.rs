//! `HtmlRenderer`: the site's pages, feeds and crawler files from built-in
//! templates, or a theme's.

use std::collections::BTreeMap;
use std::sync::Arc;

use blog_core::urls::FeedFormat;
use blog_core::{FeedView, Html, RenderError, Renderer, Site, SitemapFile, SitemapView, View};
use minijinja::syntax::SyntaxConfig;
use minijinja::value::Serde;
use minijinja::{AutoEscape, Environment, ErrorKind, Output, State, UndefinedBehavior, Value};
use serde::Serialize;

use crate::assets::{Asset, Assets};
use crate::context::{self, Document, SiteContext};
use crate::feed::{self, Feed, Robots, Sitemap, SitemapIndex, xml};
use crate::theme::{self, Theme};

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

/// Renders the site's pages to HTML, and its feeds, sitemap and
/// `robots.txt`, from built-in templates or a [`Theme`]'s.
///
/// The templates are parsed once, when the renderer is made; rendering a
/// page only fills them in. Every value a template prints is escaped (for
/// HTML in `.html` templates, for XML in `.xml` ones), except HTML rendered
/// from Markdown by [`markdown_to_html`](crate::markdown_to_html) in pages.
#[derive(Debug)]
pub struct HtmlRenderer {
    templates: Environment<'static>,
    /// Shared with the templates' `asset_url` function.
    assets: Arc<Assets>,
    site: Site,
}

impl HtmlRenderer {
    /// A renderer for `site`, with the built-in templates and assets.
    pub fn new(site: Site) -> Result<HtmlRenderer, RenderError> {
        Self::build(site, &Theme::default())
    }

    /// The site this renderer draws.
    pub fn site(&self) -> &Site {
        &self.site
    }

    /// A renderer for `site` whose templates and assets are `theme`'s where
    /// it has them, and the built-in ones elsewhere.
    ///
    /// Fails, naming the template and line, if a template of the theme has a
    /// syntax error, or if rendering sample content for every page type,
    /// feed and crawler file fails (an undefined variable, say), so that a
    /// broken theme stops the program at start rather than a reader's page.
    pub fn with_theme(site: Site, theme: &Theme) -> Result<HtmlRenderer, RenderError> {
        let renderer = Self::build(site, theme)?;
        if theme.has_templates() {
            theme::check(&renderer, &renderer.site)?;
        }
        Ok(renderer)
    }

    fn build(site: Site, theme: &Theme) -> Result<HtmlRenderer, RenderError> {
        let assets = Arc::new(Assets::new(theme.assets()));
        let templates = environment(&site, theme, &assets)?;
        Ok(Self {
            templates,
            assets,
            site,
        })
    }

    /// A static asset by its path under the site root: the theme's, else
    /// the built-in one. Each asset answers at its plain path,
    /// `/assets/style.css`, and at its fingerprinted one, which pages link
    /// to: the hash of its bytes before its last extension,
    /// `/assets/style.0123456789abcdef.css` (see [`Asset::immutable`]).
    pub fn asset(&self, path: &str) -> Option<Asset> {
        self.assets.get(path)
    }

    /// Every path an asset is served at, with the asset, sorted by path:
    /// each asset comes twice, at its plain path and at its fingerprinted
    /// one (see [`asset`](Self::asset)). What a static export writes.
    pub fn assets(&self) -> impl Iterator<Item = (&str, &Asset)> {
        self.assets.iter()
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

    /// Renders the text template `name` with `value` as `key`.
    fn text<T: Serialize>(&self, name: &str, key: &str, value: &T) -> Result<String, RenderError> {
        self.templates
            .get_template(name)
            .and_then(|template| {
                let context = BTreeMap::from([(key, Value::from(Serde(value)))]);
                template.render(Value::from(context))
            })
            .map_err(|e| template_error(name, &e))
    }
}

impl Renderer for HtmlRenderer {
    fn site(&self) -> &Site {
        &self.site
    }

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

    fn feed(&self, view: &FeedView<'_>, format: FeedFormat) -> Result<String, RenderError> {
        let fail = |name: &str, reason: String| RenderError::Template {
            name: name.to_owned(),
            line: None,
            reason,
        };
        let feed = Feed::new(&self.site, view, format).map_err(|_| {
            fail(
                "(feed)",
                format!("no {format:?} feed of {:?}: only the site has one", view.of),
            )
        })?;
        match format {
            FeedFormat::Atom => self.text(feed::ATOM, "feed", &feed),
            FeedFormat::Rss => self.text(feed::RSS, "feed", &feed),
            FeedFormat::Json => feed::json(&feed).map_err(|e| fail("(json feed)", e.to_string())),
        }
    }

    fn sitemap(&self, view: &SitemapView<'_>) -> Result<String, RenderError> {
        let urlset = |range| {
            let sitemap = Sitemap::new(&self.site, view, range);
            self.text(feed::SITEMAP, "sitemap", &sitemap)
        };
        match view.file {
            SitemapFile::Main => match view.parts() {
                0 => urlset(0..view.page_count()),
                parts => {
                    let index = SitemapIndex::new(&self.site, parts);
                    self.text(feed::SITEMAP_INDEX, "index", &index)
                }
            },
            SitemapFile::Part(n) => match view.part(n) {
                Some(range) => urlset(range),
                None => Err(RenderError::Template {
                    name: feed::SITEMAP.to_owned(),
                    line: None,
                    reason: format!("the sitemap has no part {n}"),
                }),
            },
        }
    }

    fn robots(&self) -> Result<String, RenderError> {
        self.text(feed::ROBOTS, "robots", &Robots::new(&self.site))
    }
}

/// The template environment: strict about undefined values, so that a typo
/// in a template fails instead of printing nothing. The built-in templates
/// are loaded, then `theme`'s, which replace those of the same name.
///
/// Templates link to `assets` by their fingerprinted paths: `site.stylesheet`
/// and `site.highlight`, and `asset_url(name)` for any other, such as
/// `{{ asset_url("logo.svg") }}`; an unknown name is an error, which the
/// check of a theme at start reports with the template and line.
fn environment(
    site: &Site,
    theme: &Theme,
    assets: &Arc<Assets>,
) -> Result<Environment<'static>, RenderError> {
    let fail = |e| template_error("(environment)", &e);
    let mut env = Environment::new();
    let syntax = SyntaxConfig::builder()
        .trim_blocks(true)
        .lstrip_blocks(true)
        .build()
        .map_err(fail)?;
    env.set_syntax(syntax);
    // Every template but robots.txt escapes for HTML or XML, including a
    // theme's own partials (`q.txt`), whatever they are called: a partial
    // included in a page could print a reader's search text.
    env.set_auto_escape_callback(|name| {
        if name.ends_with(".xml") {
            AutoEscape::Custom(xml::MODE.into())
        } else if name == "robots.txt" {
            AutoEscape::None
        } else {
            AutoEscape::Html
        }
    });
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    env.set_formatter(format);
    env.add_global("site", Value::from(Serde(SiteContext::new(site, assets))));
    let linked = Arc::clone(assets);
    env.add_function("asset_url", move |name: &str| {
        linked.url(name).map(str::to_owned).ok_or_else(|| {
            minijinja::Error::new(
                ErrorKind::InvalidOperation,
                format!(
                    "asset_url: no asset named {name:?} (it takes the file name of a \
                     built-in or theme asset, such as \"style.css\")"
                ),
            )
        })
    });
    let overridden = |name: &str| theme.template_names().any(|n| n == name);
    for &(name, source) in TEMPLATES.iter().chain(feed::TEMPLATES) {
        if !overridden(name) {
            env.add_template(name, source).map_err(fail)?;
        }
    }
    for (name, source) in theme.templates() {
        env.add_template_owned(name.to_owned(), source.to_owned())
            .map_err(fail)?;
    }
    Ok(env)
}

/// Prints a value into a template. In HTML, text is escaped as minijinja
/// does, except that `/` stays as it is: escaping it protects nothing inside
/// quoted attributes and text, and makes every URL unreadable. In XML, see
/// [`xml::write`].
fn format(
    out: &mut Output<'_>,
    state: &mut State<'_, '_>,
    value: &Value,
) -> Result<(), minijinja::Error> {
    match (state.auto_escape(), value.as_str()) {
        (AutoEscape::Html, Some(text)) if !value.is_safe() => {
            out.write_str(&escape(text)).map_err(minijinja::Error::from)
        }
        (AutoEscape::Custom(mode), _) if mode == xml::MODE => xml::write(out, value),
        _ => minijinja::escape_formatter(out, state, value),
    }
}

/// `text` with `&`, `<`, `>`, `"` and `'` escaped, for HTML text and quoted
/// attribute values, and without the characters HTML forbids.
fn escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars().filter(|&c| crate::sanitize::is_html_char(c)) {
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

/// The one conversion of a template engine error: it names the innermost
/// template at fault (the included one, for an error in an include) and its
/// line; `fallback` names the template when the error does not.
fn template_error(fallback: &str, err: &minijinja::Error) -> RenderError {
    let mut reason = match err.detail() {
        Some(detail) => format!("{}: {detail}", err.kind()),
        None => err.kind().to_string(),
    };
    let mut at = err;
    let mut source = std::error::Error::source(err);
    while let Some(cause) = source {
        reason.push_str(&format!(": {cause}"));
        if let Some(inner) = cause.downcast_ref::<minijinja::Error>()
            && inner.name().is_some()
        {
            at = inner;
        }
        source = cause.source();
    }
    RenderError::Template {
        name: at.name().unwrap_or(fallback).to_owned(),
        line: at.line(),
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
    fn headings_never_take_an_id_the_templates_use() {
        // Every `id="…"` a built-in template writes is reserved, so that a
        // heading in an article can never duplicate it. (`year-…` is the
        // archive's, which shows no article text.)
        for (name, source) in TEMPLATES {
            for (at, _) in source.match_indices("id=\"") {
                let id: String = source[at + 4..]
                    .chars()
                    .take_while(|c| *c != '"' && *c != '{')
                    .collect();
                assert!(
                    crate::markdown::PAGE_IDS.contains(&id.as_str()) || id == "year-",
                    "{name} uses id {id:?}, which headings may take"
                );
            }
        }
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
        check_escape(
            "a\0b\u{1}c\u{B}d\u{7F}e\u{85}f\u{FFFE}g\u{FDD0}h",
            "abcdefgh",
        );
        check_escape("tab\tline\nfeed\x0Cend\r", "tab\tline\nfeed\x0Cend\r");
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

    #[test]
    fn errors_in_an_include_name_the_included_template() {
        let mut env = Environment::new();
        env.set_undefined_behavior(UndefinedBehavior::Strict);
        env.add_template("page.html", "<main>\n{% include \"part.html\" %}</main>")
            .expect("valid");
        env.add_template("part.html", "<p>\n{{ missing }}</p>")
            .expect("valid");
        let err = env
            .get_template("page.html")
            .and_then(|t| t.render(()))
            .expect_err("`missing` is undefined");
        let RenderError::Template { name, line, reason } = template_error("fallback", &err) else {
            panic!("not a template error");
        };
        assert_eq!((name.as_str(), line), ("part.html", Some(2)), "{reason}");
    }
}
