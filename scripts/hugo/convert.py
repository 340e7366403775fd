#!/usr/bin/env python3
"""Turns a folder of articles for `blog import` into a Hugo site that renders the same pages.

    scripts/hugo/convert.py CORPUS SITE [--base-url URL] [--title TITLE] [--per-page N]
                            [--hugo-version X.Y.Z]

CORPUS is what scripts/gen-corpus.py writes (Zola files with TOML front
matter, Hugo and Jekyll files with YAML, `_categories.toml`, `_series.toml`).
SITE, which must not exist or be empty, gets:

- `hugo.toml`: taxonomies category, tag and series; pagination by N (10);
  RSS for the home page and each term (category, tag, series), the 20 newest
  articles with their full text as our feeds; highlighting with CSS classes;
  a sitemap and robots.txt; related articles by shared categories and tags;
  no section page (`/articles/` lists nothing in our site either);
- `content/articles/SLUG.md` per article, with TOML front matter: title,
  date, lastmod, summary, draft, categories, tags, series, series_part. Each
  category's parents are added to its articles, since our category pages
  list the articles of their subcategories too;
- `content/categories/SLUG/_index.md` and `content/series/SLUG/_index.md`:
  names and descriptions; `_index.md` of each taxonomy: its title;
  `content/archive.md`: the archive page (out of the lists of articles);
- `layouts/` and `static/` copied from beside this script (the layouts are
  named for Hugo 0.146 and later; renamed for an older Hugo).

Only the front matter that gen-corpus.py writes is understood: TOML (`+++`),
and YAML (`---`) of one `key: value` per line whose value is a string, a
number, a boolean or a flow list of quoted strings.
"""

import argparse
import datetime as dt
import json
import os
import re
import shutil
import sys
import tomllib

HERE = os.path.dirname(os.path.abspath(__file__))
JEKYLL_NAME = re.compile(r"^(\d{4}-\d{2}-\d{2})-(.+)\.(md|markdown)$")


class Invalid(Exception):
    """A file this converter cannot read, with the reason."""


def slugify(name):
    """The slug gen-corpus.py and Hugo's urlize agree on for its names."""
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def split_front_matter(text, path):
    """(format, front matter, body) of a Markdown file."""
    for fence, kind in (("+++", "toml"), ("---", "yaml")):
        if text.startswith(fence + "\n"):
            end = text.find("\n" + fence + "\n", len(fence))
            if end < 0:
                raise Invalid(f"{path}: the front matter has no closing {fence}")
            return kind, text[len(fence) + 1:end + 1], text[end + len(fence) + 2:]
    return None, "", text


def yaml_value(raw):
    """A YAML scalar or flow list as gen-corpus.py writes them."""
    raw = raw.strip()
    if raw.startswith("[") or raw.startswith('"'):
        return json.loads(raw)
    if raw in ("true", "false"):
        return raw == "true"
    if re.fullmatch(r"-?\d+", raw):
        return int(raw)
    return raw


def parse_yaml(text, path):
    fields = {}
    for number, line in enumerate(text.splitlines(), 2):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        key, colon, value = line.partition(":")
        if not colon or key != key.strip():
            raise Invalid(f"{path}:{number}: not a `key: value` line")
        try:
            fields[key] = yaml_value(value)
        except json.JSONDecodeError as e:
            raise Invalid(f"{path}:{number}: {e}") from e
    return fields


def names(value):
    """A list of names from a list or a space-separated string."""
    if value is None:
        return []
    if isinstance(value, str):
        return value.split()
    return [str(v) for v in value]


def iso(value):
    if isinstance(value, (dt.datetime, dt.date)):
        return value.isoformat().replace("+00:00", "Z")
    return str(value)


class Definitions:
    """Categories (slug, name, description, parent) and series of the corpus."""

    def __init__(self, corpus):
        self.categories = {}
        self.series = {}
        path = os.path.join(corpus, "_categories.toml")
        if os.path.exists(path):
            with open(path, "rb") as f:
                for c in tomllib.load(f).get("category", []):
                    self.categories[c["slug"]] = c
        path = os.path.join(corpus, "_series.toml")
        if os.path.exists(path):
            with open(path, "rb") as f:
                for s in tomllib.load(f).get("series", []):
                    self.series[s["slug"]] = s

    def category_names(self, given):
        """The names of the given categories and of their parents, once each."""
        out = []
        for name in given:
            slug = slugify(name)
            seen = set()
            while slug and slug not in seen:
                seen.add(slug)
                known = self.categories.get(slug)
                out.append(known["name"] if known else name)
                slug = known.get("parent") if known else None
                name = None
        return list(dict.fromkeys(out))


def article(path, rel, definitions):
    """(slug, TOML front matter lines, body) of one corpus file."""
    with open(path, encoding="utf-8-sig") as f:
        text = f.read().replace("\r\n", "\n")
    kind, front, body = split_front_matter(text, rel)
    if kind == "toml":
        try:
            fields = tomllib.loads(front)
        except tomllib.TOMLDecodeError as e:
            raise Invalid(f"{rel}: {e}") from e
        fields.update(fields.pop("taxonomies", {}))
    elif kind == "yaml":
        fields = parse_yaml(front, rel)
    else:
        raise Invalid(f"{rel}: no front matter")
    base = os.path.basename(path)
    jekyll = JEKYLL_NAME.match(base)
    if base == "index.md":
        slug = os.path.basename(os.path.dirname(path))
    elif jekyll:
        slug = jekyll.group(2)
    else:
        slug = os.path.splitext(base)[0]
    slug = fields.get("slug", slug)
    date = fields.get("date") or (jekyll.group(1) if jekyll else None)
    if "title" not in fields:
        raise Invalid(f"{rel}: no title")

    out = [f"title = {json.dumps(str(fields['title']), ensure_ascii=False)}"]
    if date:
        out.append(f"date = {iso(date)}")
    for key in ("lastmod", "updated", "last_modified_at"):
        if key in fields:
            out.append(f"lastmod = {iso(fields[key])}")
            break
    summary = fields.get("summary", fields.get("description"))
    if summary:
        out.append(f"summary = {json.dumps(str(summary), ensure_ascii=False)}")
    if fields.get("draft") is True or fields.get("published") is False:
        out.append("draft = true")
    categories = definitions.category_names(names(fields.get("categories", fields.get("category"))))
    out.append(f"categories = {json.dumps(categories, ensure_ascii=False)}")
    out.append(f"tags = {json.dumps(names(fields.get('tags')), ensure_ascii=False)}")
    series = fields.get("series")
    if series:
        title = series[0] if isinstance(series, list) else str(series)
        out.append(f"series = {json.dumps([title], ensure_ascii=False)}")
        part = fields.get("series_part", fields.get("part"))
        if part is not None:
            out.append(f"series_part = {int(part)}")
    return slug, out, body


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def toml_front(lines, body=""):
    return "+++\n" + "\n".join(lines) + "\n+++\n" + body


def version(text):
    """(major, minor, patch) of a Hugo version such as `0.168.0` or `v0.111.3-1`."""
    numbers = [int(n) for n in re.findall(r"\d+", text)[:3]]
    return tuple(numbers + [0] * (3 - len(numbers)))


def config(args):
    """hugo.toml for the version given: before 0.128 the page size is
    `paginate`, before 0.158 the language is `languageCode`."""
    v = version(args.hugo_version)
    pagination = (f"[pagination]\npagerSize = {args.per_page}" if v >= (0, 128, 0)
                  else f"paginate = {args.per_page}")
    language = 'locale = "en"' if v >= (0, 158, 0) else 'languageCode = "en"'
    return f"""# Written by scripts/hugo/convert.py: the pages of `blog build`, drawn by Hugo {args.hugo_version}.
baseURL = {json.dumps(args.base_url.rstrip("/") + "/")}
title = {json.dumps(args.title, ensure_ascii=False)}
{language}
capitalizeListTitles = false
enableRobotsTXT = true
disableKinds = ["section"]
summaryLength = 70

{pagination}

[taxonomies]
category = "categories"
tag = "tags"
series = "series"

[outputs]
home = ["html", "rss"]
taxonomy = ["html"]
term = ["html", "rss"]

[services.rss]
limit = 20

[markup.highlight]
codeFences = true
noClasses = false
guessSyntax = false

[markup.tableOfContents]
startLevel = 2
endLevel = 3

[markup.goldmark.renderer]
unsafe = true

[related]
includeNewer = true
threshold = 0
toLower = false

[[related.indices]]
name = "categories"
weight = 200

[[related.indices]]
name = "tags"
weight = 100
"""


def convert(args):
    site = args.site
    if not os.path.isdir(args.corpus):
        raise Invalid(f"{args.corpus}: not a folder")
    if os.path.exists(site) and os.listdir(site):
        raise Invalid(f"{site}: not empty")
    definitions = Definitions(args.corpus)
    write(os.path.join(site, "hugo.toml"), config(args))
    count = 0
    slugs = set()
    for root, dirs, files in os.walk(args.corpus):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.endswith((".md", ".markdown")) or name.startswith(("_", ".")):
                continue
            path = os.path.join(root, name)
            rel = os.path.relpath(path, args.corpus)
            slug, front, body = article(path, rel, definitions)
            if slug in slugs:
                raise Invalid(f"{rel}: a second article with the slug {slug}")
            slugs.add(slug)
            write(os.path.join(site, "content", "articles", slug + ".md"), toml_front(front, body))
            count += 1
    if count == 0:
        raise Invalid(f"{args.corpus}: no Markdown files")
    for slug, c in definitions.categories.items():
        lines = [f"title = {json.dumps(c['name'], ensure_ascii=False)}"]
        if c.get("description"):
            lines.append(f"description = {json.dumps(c['description'], ensure_ascii=False)}")
        write(os.path.join(site, "content", "categories", slug, "_index.md"), toml_front(lines))
    for slug, s in definitions.series.items():
        lines = [f"title = {json.dumps(s['title'], ensure_ascii=False)}"]
        if s.get("description"):
            lines.append(f"description = {json.dumps(s['description'], ensure_ascii=False)}")
        write(os.path.join(site, "content", "series", slug, "_index.md"), toml_front(lines))
    for plural in ("categories", "tags", "series"):
        write(os.path.join(site, "content", plural, "_index.md"),
              toml_front([f"title = {json.dumps(plural.capitalize())}"]))
    write(os.path.join(site, "content", "archive.md"),
          toml_front(['title = "Archive"', 'layout = "archive"', 'url = "/archive/"',
                      # Rendered, but no article: not in site.RegularPages
                      # (`_build` before Hugo 0.145).
                      ("build" if version(args.hugo_version) >= (0, 145, 0) else "_build")
                      + ' = { list = "never" }']))
    copy_layouts(os.path.join(site, "layouts"), version(args.hugo_version))
    shutil.copytree(os.path.join(HERE, "static"), os.path.join(site, "static"))
    return count


# Where Hugo before 0.146 (its new template system) looks for each template.
OLD_LAYOUTS = {
    "baseof.html": "_default/baseof.html",
    "home.html": "index.html",
    "page.html": "_default/single.html",
    "taxonomy.html": "_default/terms.html",
    "term.html": "_default/term.html",
    "archive.html": "_default/archive.html",
    "rss.xml": "_default/rss.xml",
}


def copy_layouts(to, v):
    """The layouts beside this script, under the names Hugo `v` looks for."""
    source = os.path.join(HERE, "layouts")
    for root, _, files in os.walk(source):
        for name in files:
            rel = os.path.relpath(os.path.join(root, name), source)
            if v < (0, 146, 0):
                rel = OLD_LAYOUTS.get(rel, rel.replace("_partials" + os.sep, "partials" + os.sep))
            os.makedirs(os.path.dirname(os.path.join(to, rel)), exist_ok=True)
            shutil.copyfile(os.path.join(root, name), os.path.join(to, rel))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus")
    parser.add_argument("site")
    parser.add_argument("--base-url", default="https://blog.example.org")
    parser.add_argument("--title", default="Ferrous benchmark")
    parser.add_argument("--per-page", type=int, default=10)
    parser.add_argument("--hugo-version", default="0.168.0",
                        help="the Hugo that will build the site (the pagination key changed in 0.128)")
    args = parser.parse_args()
    try:
        count = convert(args)
    except Invalid as e:
        print(f"convert.py: {e}", file=sys.stderr)
        sys.exit(1)
    print(f"{count} articles converted into {args.site}")


if __name__ == "__main__":
    main()
