#!/usr/bin/env python3
"""Writes a realistic folder of Markdown articles for `blog import` and benchmarks.

    scripts/gen-corpus.py OUT_DIR [COUNT]

COUNT (default 1200) articles, the same every run (fixed seed), named
`post-00000` onwards: TOML and YAML front matter in Zola, Hugo and Jekyll
styles, 300 to 2,500 words each with headings, paragraphs with inline code and
emphasis, bulleted, numbered, nested and task lists, fenced code blocks in
several languages, block quotes, the odd table, links to other articles of the
corpus (`/articles/post-NNNNN/`) and to outside sites. 20 categories (a small
tree: some have a parent) of uneven sizes, 1 to 3 per article; 0 to 5 tags out
of 60; one article in eight in a series of 3 to 8 parts; 3 in 100 drafts.
`_categories.toml` and `_series.toml` give the categories and series their
names and descriptions, as `blog export` writes them.

Fast enough for 100,000 articles (text is drawn from pools built once).
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

# (name, parent name or None, weight: how often it is an article's first category)
CATEGORIES = [
    ("Rust", None, 9), ("Async", "Rust", 6), ("Embedded", "Rust", 2), ("Macros", "Rust", 2),
    ("Web Development", None, 8), ("Databases", None, 6), ("DevOps", None, 4),
    ("Containers", "DevOps", 3), ("CI Pipelines", "DevOps", 2), ("Testing", None, 5),
    ("Performance", None, 5), ("Tooling", None, 4), ("Security", None, 3),
    ("Career", None, 1), ("Linux", None, 3), ("Networking", None, 3), ("Design", None, 2),
    ("Compilers", None, 2), ("Data Engineering", None, 2), ("Open Source", None, 1),
]
TAGS = WORDS[20:80]
SERIES_TOPICS = ["Borrowing Deep Dive", "Zero to Prod", "SQLite Internals",
                 "Async From Scratch", "Embedded Adventures", "Testing Patterns",
                 "Compiler Notes", "Ops Diary", "Type Tricks", "Building a Search Engine",
                 "Networking Basics", "Profiling in Practice"]
EXTERNAL = [
    ("the Rust book", "https://doc.rust-lang.org/book/"),
    ("the standard library docs", "https://doc.rust-lang.org/std/"),
    ("the Tokio tutorial", "https://tokio.rs/tokio/tutorial"),
    ("the SQLite documentation", "https://www.sqlite.org/docs.html"),
    ("the Cargo book", "https://doc.rust-lang.org/cargo/"),
    ("this issue", "https://github.com/rust-lang/rust/issues/12345"),
    ("MDN", "https://developer.mozilla.org/en-US/docs/Web/HTTP"),
    ("the RFC", "https://www.rfc-editor.org/rfc/rfc9110"),
    ("Wikipedia", "https://en.wikipedia.org/wiki/B-tree"),
    ("crates.io", "https://crates.io/crates/serde"),
]
INLINE_CODE = ["`Result<T, E>`", "`Option<&str>`", "`Arc<Mutex<T>>`", "`cargo build --release`",
               "`impl Trait`", "`&mut self`", "`SELECT * FROM articles`", "`Vec::with_capacity`",
               "`tokio::spawn`", "`#[derive(Debug)]`", "`?`", "`unsafe`"]


def sentence(rng):
    words = [rng.choice(WORDS) for _ in range(rng.randint(6, 18))]
    return " ".join(words).capitalize() + "."


def code_pool(rng):
    """A few hundred code lines per language, built once."""
    w = lambda: rng.choice(WORDS[20:])  # noqa: E731
    rust = [rng.choice([
        f"    let {w()} = {w()}.{w()}()?;",
        f"    let mut {w()} = Vec::with_capacity({rng.randint(1, 1024)});",
        f"    for {w()} in {w()}.iter() {{ {w()}.push({w()}.clone()); }}",
        f"    if let Some({w()}) = {w()}.get(&key) {{ return Ok({w()}); }}",
        f"    // {sentence(rng)}",
        f"    {w()}.{w()}(\"{w()}\", {rng.randint(0, 99)}).await?;",
        f"    match {w()} {{ Ok(v) => v, Err(e) => return Err(e.into()) }};",
    ]) for _ in range(400)]
    toml = [rng.choice([f'{w()} = "{w()}"', f"{w()} = {rng.randint(0, 100)}",
                        f'{w()} = {{ version = "1.{rng.randint(0, 40)}", features = ["{w()}"] }}'])
            for _ in range(200)]
    shell = [rng.choice([f"cargo {w()} --{w()}", f"ls -la {w()}/{w()}", f"export {w().upper()}={w()}",
                         f"grep -rn {w()} src/ | wc -l", f"# {sentence(rng)}"]) for _ in range(200)]
    sql = [rng.choice([f"SELECT {w()}, {w()} FROM {w()} WHERE {w()} = ?;",
                       f"CREATE INDEX idx_{w()} ON {w()} ({w()}, {w()});",
                       f"UPDATE {w()} SET {w()} = {w()} + 1 WHERE id = {rng.randint(1, 999)};",
                       f"-- {sentence(rng)}"]) for _ in range(200)]
    python = [rng.choice([f"{w()} = {w()}.{w()}({w()})", f"for {w()} in {w()}:",
                          f"    print(f\"{{{w()}}}\")", f"# {sentence(rng)}",
                          f"def {w()}_{w()}({w()}, {w()}):", f"    return {w()}[{rng.randint(0, 9)}]"])
              for _ in range(200)]
    return {"rust": rust, "toml": toml, "sh": shell, "sql": sql, "python": python}


LANGS = ["rust"] * 6 + ["toml", "sh", "sh", "sql", "python"]


class Pools:
    """Sentences and code built once, so that each article only picks from them."""

    def __init__(self, rng):
        self.sentences = [sentence(rng) for _ in range(6000)]
        self.lengths = [len(s.split()) for s in self.sentences]
        self.code = code_pool(rng)


def paragraph(rng, pools, links):
    picks = rng.choices(range(len(pools.sentences)), k=rng.randint(2, 6))
    parts = [pools.sentences[i] for i in picks]
    words = sum(pools.lengths[i] for i in picks)
    r = rng.random()
    if r < 0.25:
        parts.insert(rng.randrange(len(parts) + 1), f"Use {rng.choice(INLINE_CODE)} here.")
    elif r < 0.35:
        parts.insert(rng.randrange(len(parts) + 1), f"This is *{rng.choice(WORDS[20:])}*, not **{rng.choice(WORDS[20:])}**.")
    if links and rng.random() < 0.3:
        parts.insert(rng.randrange(len(parts) + 1), links.pop())
    return " ".join(parts), words


def code_block(rng, pools):
    lang = rng.choice(LANGS)
    lines = rng.choices(pools.code[lang], k=rng.randint(3, 15))
    if lang == "rust":
        return "```rust\nfn main() -> Result<(), Error> {\n" + "\n".join(lines) + "\n    Ok(())\n}\n```"
    return f"```{lang}\n" + "\n".join(lines) + "\n```"


def a_list(rng, pools):
    n = rng.randint(2, 6)
    items = [pools.sentences[i] for i in rng.choices(range(len(pools.sentences)), k=n)]
    kind = rng.random()
    if kind < 0.45:
        lines = ["- " + s for s in items]
        if rng.random() < 0.3:  # a nested item
            lines.insert(1, "  - " + rng.choice(pools.sentences))
    elif kind < 0.85:
        lines = [f"{k}. {s}" for k, s in enumerate(items, 1)]
    else:
        lines = [f"- [{'x' if rng.random() < 0.5 else ' '}] {s}" for s in items]
    return "\n".join(lines)


def table(rng):
    rows = ["| name | value | notes |", "|---|---:|---|"]
    for _ in range(rng.randint(2, 6)):
        rows.append(f"| `{rng.choice(WORDS[20:])}` | {rng.randint(1, 10000)} | {rng.choice(WORDS[20:])} |")
    return "\n".join(rows)


def link_sentences(rng, n, count):
    """Sentences linking to other articles of the corpus and to outside sites."""
    out = []
    for _ in range(rng.randint(1, 4)):
        other = rng.randrange(count)
        if other != n:
            out.append(f"See [{rng.choice(WORDS[20:])} {rng.choice(WORDS[20:])}](/articles/post-{other:05}/) for the details.")
    for _ in range(rng.randint(0, 3)):
        label, url = rng.choice(EXTERNAL)
        out.append(f"The background is in [{label}]({url}).")
    rng.shuffle(out)
    return out


def body(rng, pools, n, count):
    links = link_sentences(rng, n, count)
    parts = []
    target = rng.randint(300, 2500)
    words = 0
    first = True
    while words < target:
        kind = rng.random()
        if first:
            kind = 1.0  # the first block is a paragraph: the card's summary
            first = False
        if kind < 0.08:
            parts.append("## " + rng.choice(pools.sentences).rstrip("."))
        elif kind < 0.11:
            parts.append("### " + rng.choice(pools.sentences).rstrip("."))
        elif kind < 0.24:
            parts.append(code_block(rng, pools))
        elif kind < 0.33:
            parts.append(a_list(rng, pools))
        elif kind < 0.35:
            parts.append("> " + rng.choice(pools.sentences))
        elif kind < 0.36:
            parts.append(table(rng))
        else:
            p, w = paragraph(rng, pools, links)
            words += w
            parts.append(p)
    if links:
        parts.append("## Further reading\n\n" + "\n".join("- " + s for s in links))
    return "\n\n".join(parts) + "\n"


def toml_list(items):
    return "[" + ", ".join(f'"{i}"' for i in items) + "]"


def slugify(name):
    return name.lower().replace(" ", "-")


def toml_string(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def write_definitions(out, rng, pools, series):
    lines = ["# Categories of the generated corpus (scripts/gen-corpus.py).\n"]
    for name, parent, _ in CATEGORIES:  # parents come first in the list
        lines += ["[[category]]", f"slug = {toml_string(slugify(name))}", f"name = {toml_string(name)}",
                  f"description = {toml_string('Articles about ' + name + '. ' + rng.choice(pools.sentences))}"]
        if parent:
            lines.append(f"parent = {toml_string(slugify(parent))}")
        lines.append("")
    with open(os.path.join(out, "_categories.toml"), "w", encoding="utf-8") as f:
        f.write("\n".join(lines))
    lines = ["# Series of the generated corpus (scripts/gen-corpus.py).\n"]
    for title in series:
        lines += ["[[series]]", f"slug = {toml_string(slugify(title))}", f"title = {toml_string(title)}",
                  f"description = {toml_string(rng.choice(pools.sentences))}", ""]
    with open(os.path.join(out, "_series.toml"), "w", encoding="utf-8") as f:
        f.write("\n".join(lines))


def main():
    if len(sys.argv) < 2 or sys.argv[1] in ("-h", "--help"):
        print(__doc__.strip())
        sys.exit(0 if len(sys.argv) > 1 else 2)
    out = sys.argv[1]
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 1200
    rng = random.Random(1200)
    pools = Pools(rng)
    names = [c[0] for c in CATEGORIES]
    weights = [c[2] for c in CATEGORIES]
    all_series = []
    open_series = []  # [title, parts so far, parts planned]
    for d in ("zola", "hugo", "jekyll/_posts"):
        os.makedirs(os.path.join(out, d), exist_ok=True)
    for n in range(count):
        title = rng.choice(pools.sentences).rstrip(".")[:80]
        year, month, day = rng.randint(2015, 2025), rng.randint(1, 12), rng.randint(1, 28)
        date = f"{year}-{month:02}-{day:02}"
        cats = list(dict.fromkeys(rng.choices(names, weights) + rng.sample(names, rng.randint(0, 2))))
        tags = rng.sample(TAGS, rng.randint(0, 5))
        series = part = None
        if rng.random() < 1 / 8:
            if not open_series or rng.random() < 0.2:
                title_s = f"{rng.choice(SERIES_TOPICS)} {len(all_series) + 1}"
                all_series.append(title_s)
                open_series.append([title_s, 0, rng.randint(3, 8)])
            entry = rng.choice(open_series)
            entry[1] += 1
            series, part = entry[0], entry[1]
            if entry[1] == entry[2]:
                open_series.remove(entry)
        draft = rng.random() < 0.03
        style = n % 3
        slug = f"post-{n:05}"
        text = body(rng, pools, n, count)
        if style == 0:  # Zola: TOML, taxonomies
            front = [f'title = "{title}"', f"date = {date}T{rng.randint(0, 23):02}:00:00Z"]
            if rng.random() < 0.25:
                front.append(f'description = "{rng.choice(pools.sentences)}"')
            if draft:
                front.append("draft = true")
            if part:
                front.append(f"series_part = {part}")
            front += ["", "[taxonomies]", f"categories = {toml_list(cats)}",
                      f"tags = {toml_list(tags)}"]
            if series:
                front.append(f'series = ["{series}"]')
            text = "+++\n" + "\n".join(front) + "\n+++\n\n" + text
            name = f"zola/{slug}.md"
        elif style == 1:  # Hugo: YAML, lists
            front = [f'title: "{title}"', f"date: {date}T09:30:00+02:00",
                     f"categories: {toml_list(cats)}", f"tags: {toml_list(tags)}",
                     f"lastmod: {date}T18:00:00Z"]
            if draft:
                front.append("draft: true")
            if series:
                front += [f'series: ["{series}"]', f"part: {part}"]
            text = "---\n" + "\n".join(front) + "\n---\n\n" + text
            name = f"hugo/{slug}/index.md"
            os.makedirs(os.path.join(out, "hugo", slug), exist_ok=True)
        else:  # Jekyll: YAML, space-separated strings, date in the file name
            front = ["layout: post", f'title: "{title}"',
                     "categories: " + " ".join(c.replace(" ", "-") for c in cats),
                     "tags: " + " ".join(tags)]
            if series:
                front += [f"series: {series}", f"series_part: {part}"]
            text = "---\n" + "\n".join(front) + "\n---\n\n" + text
            name = f"jekyll/_posts/{date}-{slug}.md"
        with open(os.path.join(out, name), "w", encoding="utf-8") as f:
            f.write(text)
    write_definitions(out, rng, pools, all_series)


if __name__ == "__main__":
    main()
