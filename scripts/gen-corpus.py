#!/usr/bin/env python3
"""Writes a realistic folder of Markdown articles for timing `blog import`.

    scripts/gen-corpus.py OUT_DIR [COUNT]

COUNT (default 1200) files, the same every run (fixed seed): TOML and YAML
front matter in Zola, Hugo and Jekyll styles, 300 to 2,500 words each with
headings, lists and fenced code blocks, 1 to 3 categories out of 14, 0 to 5
tags out of 60, one article in six in a series, a few drafts. Not a test:
see the import timing notes in the report that introduced it.
"""

import os
import random
import sys

WORDS = """the a of to and in is it that for on with as by this be are from or an at
not ownership borrow lifetime trait generic async await future executor thread
mutex channel slice vector string iterator closure macro crate module workspace
cargo compile error result option match pattern enum struct impl type value
reference pointer heap stack memory allocation performance benchmark cache
request response server client router handler middleware database query index
transaction schema migration sqlite postgres json serde parse serialize test
snapshot fixture coverage deploy release build pipeline container kernel socket
buffer stream file path config environment variable logging tracing metric""".split()

CATEGORIES = ["Rust", "Web Development", "Databases", "DevOps", "Testing", "Performance",
              "Async", "Tooling", "Security", "Career", "Linux", "Networking",
              "Embedded", "Design"]
TAGS = [f"{w}" for w in WORDS[20:80]]
SERIES = [f"Series {name}" for name in ["Alpha", "Borrowing Deep Dive", "Zero to Prod",
          "SQLite Internals", "Async From Scratch", "Embedded Adventures",
          "Testing Patterns", "Compiler Notes", "Ops Diary", "Type Tricks"]]


def sentence(rng):
    words = [rng.choice(WORDS) for _ in range(rng.randint(6, 18))]
    return " ".join(words).capitalize() + "."


def paragraph(rng):
    return " ".join(sentence(rng) for _ in range(rng.randint(2, 6)))


def code_block(rng):
    lines = [f"    let {rng.choice(WORDS)} = {rng.choice(WORDS)}.{rng.choice(WORDS)}()?;"
             for _ in range(rng.randint(3, 15))]
    return "```rust\nfn main() -> Result<(), Error> {\n" + "\n".join(lines) + "\n    Ok(())\n}\n```"


def body(rng):
    parts = []
    target = rng.randint(300, 2500)
    words = 0
    while words < target:
        kind = rng.random()
        if kind < 0.1:
            parts.append("## " + sentence(rng).rstrip("."))
        elif kind < 0.25:
            parts.append(code_block(rng))
        elif kind < 0.32:
            parts.append("\n".join("- " + sentence(rng) for _ in range(rng.randint(2, 5))))
        else:
            p = paragraph(rng)
            words += len(p.split())
            parts.append(p)
    return "\n\n".join(parts) + "\n"


def toml_list(items):
    return "[" + ", ".join(f'"{i}"' for i in items) + "]"


def main():
    out = sys.argv[1]
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 1200
    rng = random.Random(1200)
    series_parts = {s: 0 for s in SERIES}
    for n in range(count):
        title = sentence(rng).rstrip(".")[:80]
        year, month, day = rng.randint(2015, 2025), rng.randint(1, 12), rng.randint(1, 28)
        date = f"{year}-{month:02}-{day:02}"
        cats = rng.sample(CATEGORIES, rng.randint(1, 3))
        tags = rng.sample(TAGS, rng.randint(0, 5))
        series = rng.choice(SERIES) if rng.random() < 1 / 6 else None
        part = None
        if series:
            series_parts[series] += 1
            part = series_parts[series]
        draft = rng.random() < 0.03
        style = n % 3
        slug = f"post-{n:04}"
        if style == 0:  # Zola: TOML, taxonomies
            front = [f'title = "{title}"', f"date = {date}T{rng.randint(0, 23):02}:00:00Z"]
            if draft:
                front.append("draft = true")
            if part:
                front.append(f"series_part = {part}")
            front += ["", "[taxonomies]", f"categories = {toml_list(cats)}",
                      f"tags = {toml_list(tags)}"]
            if series:
                front.append(f'series = ["{series}"]')
            text = "+++\n" + "\n".join(front) + "\n+++\n\n" + body(rng)
            name = f"zola/{slug}.md"
        elif style == 1:  # Hugo: YAML, lists
            front = [f'title: "{title}"', f"date: {date}T09:30:00+02:00",
                     f"categories: {toml_list(cats)}", f"tags: {toml_list(tags)}",
                     f"lastmod: {date}T18:00:00Z"]
            if draft:
                front.append("draft: true")
            if series:
                front += [f'series: ["{series}"]', f"part: {part}"]
            text = "---\n" + "\n".join(front) + "\n---\n\n" + body(rng)
            name = f"hugo/{slug}/index.md"
        else:  # Jekyll: YAML, space-separated strings, date in the file name
            front = ["layout: post", f'title: "{title}"',
                     "categories: " + " ".join(c.replace(" ", "-") for c in cats),
                     "tags: " + " ".join(tags)]
            if series:
                front += [f"series: {series}", f"series_part: {part}"]
            text = "---\n" + "\n".join(front) + "\n---\n\n" + body(rng)
            name = f"jekyll/_posts/{date}-{slug}.md"
        path = os.path.join(out, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)


if __name__ == "__main__":
    main()
