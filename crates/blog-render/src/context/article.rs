//! The article page: its text and table of contents, its series box, its
//! related and neighbouring articles, and where it stands among categories.

use blog_core::{
    ArticleView, Headline, PartEntry, ReadingTime, SeriesOutline, Site, Slug, urls, word_count,
};
use serde::Serialize;

use super::head::{ArticleMeta, Head};
use super::json_ld::{self, JsonLd, Posting, SeriesPart};
use super::toc::{TocItem, toc};
use super::{Date, Document, Label, Markup, Nav, Section, iso, labels, tag_labels, trail};
use crate::markdown::{render_markdown, summary_text};

#[derive(Debug, Serialize)]
pub(crate) struct ArticlePage {
    title: String,
    date: Date,
    /// When it was last changed, if on a later day than its publication.
    updated: Option<Date>,
    reading_minutes: u32,
    /// Its first category with the categories above it, top-level first.
    breadcrumbs: Vec<Label>,
    categories: Vec<Label>,
    tags: Vec<Label>,
    toc: Option<Vec<TocItem>>,
    body: Markup,
    series: Option<SeriesBox>,
    related: Vec<Link>,
    /// The articles published just before and after it.
    older: Option<Link>,
    newer: Option<Link>,
}

/// A link to another article, with its date.
#[derive(Debug, Serialize)]
struct Link {
    title: String,
    url: String,
    date: Date,
}

impl Link {
    fn of(headline: &Headline) -> Self {
        Self {
            title: headline.title.to_string(),
            url: urls::article(&headline.slug),
            date: Date::of(headline.published_at),
        }
    }
}

/// Where an article stands in its series.
#[derive(Debug, Serialize)]
struct SeriesBox {
    title: String,
    url: String,
    part: u32,
    total: usize,
    parts: Vec<Part>,
    previous: Option<Part>,
    next: Option<Part>,
}

#[derive(Debug, Serialize)]
struct Part {
    number: u32,
    title: String,
    url: String,
    current: bool,
}

impl Part {
    fn of(entry: &PartEntry, current: &Slug) -> Self {
        Self {
            number: entry.number,
            title: entry.title.to_string(),
            url: urls::article(&entry.slug),
            current: &entry.slug == current,
        }
    }
}

impl SeriesBox {
    /// The box for article `slug`; none if the outline does not list it.
    fn of(outline: &SeriesOutline, slug: &Slug) -> Option<Self> {
        let current = outline.part(slug)?;
        let (previous, next) = outline.neighbours(slug);
        Some(Self {
            title: outline.series.title.to_string(),
            url: urls::series(&outline.series.slug),
            part: current.number,
            total: outline.parts.len(),
            parts: outline.parts.iter().map(|p| Part::of(p, slug)).collect(),
            previous: previous.map(|p| Part::of(p, slug)),
            next: next.map(|p| Part::of(p, slug)),
        })
    }
}

/// The link to a neighbouring article, unless the series box links it
/// already as the previous or next part.
fn neighbour(headline: Option<&Headline>, series: Option<&SeriesBox>) -> Option<Link> {
    let link = Link::of(headline?);
    let in_series = series.is_some_and(|s| {
        [&s.previous, &s.next]
            .into_iter()
            .flatten()
            .any(|part| part.url == link.url)
    });
    (!in_series).then_some(link)
}

/// `View::Article`: one article.
pub(crate) fn article(site: &Site, view: &ArticleView<'_>) -> Document<ArticlePage> {
    let article = view.article;
    let path = urls::article(&article.slug);
    let description = summary_text(article.summary());
    let body = render_markdown(&article.body);
    let series = view
        .series
        .and_then(|outline| SeriesBox::of(outline, &article.slug));
    let breadcrumbs: Vec<Label> = article
        .categories
        .first()
        .map(|first| trail(first, view.categories))
        .unwrap_or_default()
        .into_iter()
        .map(Label::of)
        .collect();
    // Modified no earlier than published: an article scheduled after its
    // last edit was still not changed before it appeared.
    let modified = article.updated_at.max(article.published_at);
    let categories = labels(&article.categories, view.categories);
    let tags = tag_labels(&article.tags);

    let published = iso(article.published_at);
    let modified_iso = iso(modified);
    let mut nodes = vec![json_ld::posting(
        site,
        &Posting {
            headline: article.title.as_str(),
            description: &description,
            published: &published,
            modified: &modified_iso,
            path: &path,
            keywords: tags.iter().map(|t| t.name.as_str()).collect(),
            sections: categories.iter().map(|c| c.name.as_str()).collect(),
            series: series.as_ref().map(|s| SeriesPart {
                name: &s.title,
                path: &s.url,
                position: s.part,
            }),
        },
    )];
    if !breadcrumbs.is_empty() {
        let mut steps = vec![Label {
            name: "Categories".to_owned(),
            url: urls::CATEGORIES.to_owned(),
        }];
        steps.extend(breadcrumbs.iter().cloned());
        steps.push(Label {
            name: article.title.to_string(),
            url: path.clone(),
        });
        nodes.push(json_ld::breadcrumbs(site, &steps));
    }
    let head = Head::new(site, Some(article.title.as_str()), description, &path)
        .article(ArticleMeta {
            published,
            modified: modified_iso,
            section: categories.first().map(|c| c.name.clone()),
            tags: tags.iter().map(|t| t.name.clone()).collect(),
        })
        .sequence(
            series
                .as_ref()
                .and_then(|s| s.previous.as_ref().map(|p| p.url.clone())),
            series
                .as_ref()
                .and_then(|s| s.next.as_ref().map(|p| p.url.clone())),
        )
        .json_ld(JsonLd::of(nodes));

    let updated =
        (modified.date_naive() > article.published_at.date_naive()).then(|| Date::of(modified));
    Document {
        head,
        nav: Nav::within(Section::Articles),
        page: ArticlePage {
            title: article.title.to_string(),
            date: Date::of(article.published_at),
            updated,
            reading_minutes: ReadingTime::of_words(word_count(article.body.as_str())).minutes(),
            breadcrumbs,
            categories,
            tags,
            toc: toc(&body.toc),
            body: Markup(body.html),
            older: neighbour(view.neighbours.older, series.as_ref()),
            newer: neighbour(view.neighbours.newer, series.as_ref()),
            series,
            related: view.related.iter().map(|h| Link::of(h)).collect(),
        },
    }
}

#[cfg(test)]
mod tests {
    use blog_core::{Article, Markdown, Neighbours, Title};
    use chrono::{TimeZone, Utc};

    use super::*;
    use crate::HtmlRenderer;
    use crate::markdown::TocEntry;

    fn entry(level: u8, id: &str, text: &str) -> TocEntry {
        TocEntry {
            level,
            id: id.to_owned(),
            text: text.to_owned(),
        }
    }

    /// The Markdown renderer lists headings; whatever it finds, the page
    /// nests them under a labelled navigation landmark.
    #[test]
    fn the_table_of_contents_nests_subheadings() {
        let site = Site::default();
        let article = Article::new(
            Slug::parse("a").expect("valid slug"),
            Title::parse("A").expect("valid title"),
            Markdown::new("Text."),
            Utc.with_ymd_and_hms(2025, 1, 1, 0, 0, 0)
                .single()
                .expect("valid date"),
        );
        let view = ArticleView {
            article: &article,
            categories: &[],
            series: None,
            related: &[],
            neighbours: Neighbours::default(),
        };
        let mut document = super::article(&site, &view);
        document.page.toc = toc(&[
            entry(2, "setup", "Set <up>"),
            entry(3, "install", "Install"),
            entry(3, "configure", "Configure"),
            entry(2, "use", "Use"),
        ]);
        let html = HtmlRenderer::new(site)
            .and_then(|r| r.page("article.html", &document))
            .expect("the page renders")
            .into_string();
        let expected = "<nav id=\"toc\" class=\"toc\" aria-labelledby=\"toc-title\">\n\
            <h2 id=\"toc-title\">Contents</h2>\n\
            <ol>\n\
            \x20 <li><a href=\"#setup\">Set &lt;up&gt;</a>\n\
            \x20   <ol>\n\
            \x20     <li><a href=\"#install\">Install</a></li>\n\
            \x20     <li><a href=\"#configure\">Configure</a></li>\n\
            \x20   </ol>\n\
            \x20 </li>\n\
            \x20 <li><a href=\"#use\">Use</a></li>\n\
            </ol>\n\
            </nav>\n\
            <div class=\"prose\">";
        assert!(html.contains(expected), "{html}");
        document.page.toc = toc(&[entry(2, "only", "Only")]);
        let html = HtmlRenderer::new(Site::default())
            .and_then(|r| r.page("article.html", &document))
            .expect("the page renders")
            .into_string();
        assert!(
            !html.contains("id=\"toc\""),
            "one heading needs no contents"
        );
    }
}
