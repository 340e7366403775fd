#!/usr/bin/env python3
"""Counts the files of a built site by kind of page, for scripts/bench-build.

    scripts/hugo/kinds.py OUT

Prints one `kind<TAB>count` line per kind (0 when none), in a fixed order, then
`pages<TAB>N` (every page, feed and sitemap: what pages per second counts),
`redirects<TAB>N`, `files<TAB>N` and `bytes<TAB>N` (everything in OUT). The
kinds follow the URL scheme of `blog build`, which Hugo's site for the
benchmark shares: `/`, `/page/N/`, `/articles/SLUG/`, `/categories/...`,
`/tags/...`, `/series/...`, `/archive/`, `/search/`, feeds (`*.xml` other
than the sitemap, `feed.json`), the sitemap, robots.txt. A small HTML file
that only sends the reader elsewhere (`http-equiv="refresh"`) is a redirect,
not a page: Hugo writes one for each `page/1/`, `blog build` one per old slug.
"""

import os
import re
import sys

KINDS = [
    # (kind, counts as a page, pattern of the path relative to OUT)
    ("home page (`/`)", True, r"index\.html"),
    ("home listing pages (`/page/N/`)", True, r"page/\d+/index\.html"),
    ("articles (`/articles/SLUG/`)", True, r"articles/[^/]+/index\.html"),
    ("list of categories (`/categories/`, its pages and orders)", True,
     r"categories/(page/\d+/|sort/[^/]+/(page/\d+/)?)?index\.html"),
    ("category pages (`/categories/SLUG/`, `.../page/N/`)", True,
     r"categories/[^/]+/(page/\d+/)?index\.html"),
    ("list of tags (`/tags/`)", True, r"tags/(page/\d+/)?index\.html"),
    ("tag pages (`/tags/SLUG/`, `.../page/N/`)", True, r"tags/[^/]+/(page/\d+/)?index\.html"),
    ("list of series (`/series/`)", True, r"series/index\.html"),
    ("series pages (`/series/SLUG/`)", True, r"series/[^/]+/(page/\d+/)?index\.html"),
    ("archive (`/archive/`)", True, r"archive/index\.html"),
    ("search page (`/search/`)", True, r"search/index\.html"),
    ("not found page (`404.html`)", True, r"404(/index)?\.html"),
    ("other HTML pages", True, r".*\.html"),
    ("site feeds (`/feed.xml`, `/rss.xml`, `/feed.json`, `/index.xml`)", True,
     r"(feed|rss|atom|index)\.xml|feed\.json"),
    ("category feeds", True, r"categories/[^/]+/(feed|rss|atom|index)\.xml"),
    ("tag feeds", True, r"tags/[^/]+/(feed|rss|atom|index)\.xml"),
    ("series feeds", True, r"series/[^/]+/(feed|rss|atom|index)\.xml"),
    ("sitemap", True, r"sitemap[^/]*\.xml"),
    ("other feeds (`*.xml`)", True, r".*\.xml"),
    ("robots.txt", False, r"robots\.txt"),
    ("other files (assets, search index)", False, r".*"),
]
PATTERNS = [(kind, page, re.compile(pattern)) for kind, page, pattern in KINDS]
REFRESH = re.compile(rb"http-equiv=[\"']?refresh", re.IGNORECASE)


def is_redirect(path, size):
    """A small HTML file whose head sends the reader elsewhere."""
    if size > 4096:
        return False
    with open(path, "rb") as f:
        return REFRESH.search(f.read(2048)) is not None


def count(out):
    counts = {kind: 0 for kind, _, _ in KINDS}
    totals = {"pages": 0, "redirects": 0, "files": 0, "bytes": 0}
    for root, _, files in os.walk(out):
        for name in files:
            path = os.path.join(root, name)
            rel = os.path.relpath(path, out).replace(os.sep, "/")
            size = os.path.getsize(path)
            totals["files"] += 1
            totals["bytes"] += size
            if rel.endswith(".html") and is_redirect(path, size):
                totals["redirects"] += 1
                continue
            for kind, page, pattern in PATTERNS:
                if pattern.fullmatch(rel):
                    counts[kind] += 1
                    totals["pages"] += page
                    break
    return counts, totals


def main():
    if len(sys.argv) != 2 or sys.argv[1] in ("-h", "--help"):
        print(__doc__.strip())
        sys.exit(0 if len(sys.argv) == 2 else 2)
    if not os.path.isdir(sys.argv[1]):
        print(f"kinds.py: {sys.argv[1]}: not a folder", file=sys.stderr)
        sys.exit(1)
    counts, totals = count(sys.argv[1])
    for kind, n in counts.items():
        print(f"{kind}\t{n}")
    for name, n in totals.items():
        print(f"{name}\t{n}")


if __name__ == "__main__":
    main()
