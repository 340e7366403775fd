// The static search. Where the blog's server runs, it answers /search/?q=…
// with the results and this script does nothing. Where the site is served
// as plain files (`blog build`), every /search/?q=… is the bare search page,
// which holds an empty div.static-search; this script then searches the index
// that the build wrote (its format: blog-core's search_index.rs) and shows
// the results in the order the server's search gives them: SQLite FTS5's
// bm25, whose arithmetic it repeats operation for operation, best first,
// ties newest first, then by slug (the order of the index's articles).
//
// In Node (no `document`), it only defines `globalThis.blogStaticSearch`,
// for the tests that hold its order to the server's.
(function () {
  "use strict";

  const FORMAT = 1;
  /** blog_core::MAX_TERMS. */
  const MAX_TERMS = 8;
  /** The server's longest query text, in characters. */
  const MAX_TEXT = 200;
  /** FTS5's bm25 constants. */
  const K1 = 1.2;
  const B = 0.75;
  /** A word as blog_core::words finds it: a run of letters and digits. */
  const WORD = /[\p{Alphabetic}\p{N}]+/gu;
  /** White space as Rust's str::trim sees it. */
  const EDGE_SPACE = /^\p{White_Space}+|\p{White_Space}+$/gu;
  const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
  const PAGE = /^[1-9][0-9]*$/;
  const DIGITS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  const MONTHS = ["January", "February", "March", "April", "May", "June", "July",
    "August", "September", "October", "November", "December"];
  /** How many page numbers the pager shows either side of the current one. */
  const RADIUS = 2;

  /**
   * What the query string asks, read as the server reads it: the first of a
   * repeated parameter counts; the text trimmed and cut to MAX_TEXT
   * characters; an invalid slug is no filter; `page` null when it is not a
   * page number (the server answers "not found").
   */
  function request(params) {
    const slug = (value) => (value !== null && value.length <= 100 && SLUG.test(value) ? value : null);
    const page = params.get("page");
    let number = 1;
    if (page !== null && page !== "") {
      number = PAGE.test(page) && Number(page) <= 4294967295 ? Number(page) : null;
    }
    const text = Array.from((params.get("q") || "").replace(EDGE_SPACE, ""))
      .slice(0, MAX_TEXT)
      .join("");
    return { text, category: slug(params.get("category")), tag: slug(params.get("tag")), page: number };
  }

  /** SearchTerms::parse: the words of `text`, lowercased, each once, at most MAX_TERMS. */
  function terms(text) {
    const found = [];
    for (const [word] of text.matchAll(WORD)) {
      if (found.length === MAX_TERMS) break;
      const term = word.toLowerCase();
      if (!found.includes(term)) found.push(term);
    }
    return found;
  }

  /** The numbers of a string written by search_index::encode. */
  function decode(text) {
    const numbers = [];
    let n = 0;
    let scale = 1;
    for (let i = 0; i < text.length; i++) {
      const digit = DIGITS.indexOf(text[i]);
      if (digit < 0) throw new Error("bad index data");
      if (digit < 32) {
        numbers.push(n + digit * scale);
        n = 0;
        scale = 1;
      } else {
        n += (digit - 32) * scale;
        scale *= 32;
      }
    }
    return numbers;
  }

  /** Article positions, written as gaps (search_index::Gaps). */
  function positions(numbers, step) {
    const found = [];
    let previous = -1;
    for (let i = 0; i < numbers.length; i += step) {
      previous += numbers[i] + 1;
      found.push(previous);
    }
    return found;
  }

  /**
   * What the full-text index makes of a term: each character folded as
   * SQLite folds it (search_index::fold). A term is lowercase already; these
   * are the lowercase letters that fold to another.
   */
  const FOLD = new Map([["µ", "μ"], ["ſ", "s"], ["ς", "σ"], ["ϐ", "β"], ["ϑ", "θ"], ["ϕ", "φ"],
    ["ϖ", "π"], ["ϰ", "κ"], ["ϱ", "ρ"], ["ϵ", "ε"], ["ẛ", "ṡ"], ["\u1fbe", "ι"]]);

  function fold(term) {
    return Array.from(term, (c) => FOLD.get(c) || c).join("");
  }

  /** The term file of `term` (search_index::shard): FNV-1a of its UTF-8 bytes. */
  function shard(term, count) {
    let hash = 0x811c9dc5;
    for (const byte of new TextEncoder().encode(term)) {
      hash = Math.imul(hash ^ byte, 0x01000193) >>> 0;
    }
    return hash % count;
  }

  function own(object, key) {
    return Object.prototype.hasOwnProperty.call(object, key) ? object[key] : undefined;
  }

  /**
   * The page of results for `asked` (from `request`), from the index at
   * `index` (/search/index.json, whose other files are in /search/index/),
   * whose files `load(path)` reads (a promise of parsed JSON): `{ total,
   * pages, perPage, page, hits: [{ slug, title, date, summary }],
   * outOfRange, category, tag }`, where category and tag are the filters'
   * names.
   */
  async function find(load, index, asked) {
    const files = new Map();
    const get = (path) => {
      if (!files.has(path)) files.set(path, load(path));
      return files.get(path);
    };
    const meta = await get(index);
    if (meta.format !== FORMAT) throw new Error("unknown index format " + meta.format);
    const folder = index.replace(/\.json$/, "/") + meta.stamp + "/";
    const wanted = terms(asked.text).map(fold);
    const filtered = asked.category !== null || asked.tag !== null;
    const [entries, filters] = await Promise.all([
      Promise.all(wanted.map((term) =>
        get(folder + "t" + shard(term, meta.shards) + ".json").then((terms) => own(terms, term)))),
      filtered ? get(folder + "filters.json") : null,
    ]);
    let allowed = null;
    const names = {};
    for (const kind of ["category", "tag"]) {
      const slug = asked[kind];
      if (slug === null) continue;
      const entry = own(filters[kind === "category" ? "categories" : "tags"], slug);
      names[kind] = entry ? entry[0] : slug;
      const docs = new Set(entry ? positions(decode(entry[1]), 1) : []);
      allowed = allowed === null ? docs : new Set([...allowed].filter((d) => docs.has(d)));
    }
    const ranked = wanted.length > 0 && entries.every((e) => e !== undefined)
      ? rank(meta, entries, allowed)
      : [];
    const perPage = meta.per_page;
    const pages = Math.max(1, Math.ceil(ranked.length / perPage));
    const found = {
      total: ranked.length, pages, perPage, page: asked.page, hits: [],
      outOfRange: asked.page > pages, category: names.category, tag: names.tag,
    };
    if (found.outOfRange) return found;
    const shown = ranked.slice((asked.page - 1) * perPage, asked.page * perPage);
    const blocks = await Promise.all(shown.map((hit) =>
      get(folder + "d" + Math.floor(hit.doc / meta.block) + ".json")));
    found.hits = shown.map((hit, i) => {
      const [slug, title, date, summary] = blocks[i][hit.doc % meta.block];
      return { slug, title, date, summary };
    });
    return found;
  }

  /**
   * The articles holding every term of `entries` (each [idf, postings], in
   * the query's order) and in `allowed` (if not null), best first: FTS5's
   * bm25 (fts5Bm25Function), the same operations in the same order, then
   * by position.
   */
  function rank(meta, entries, allowed) {
    const lengths = decode(meta.lengths);
    const avgdl = meta.tokens / meta.rows;
    const idfs = entries.map((entry) => entry[0]);
    const postings = entries.map((entry) => {
      const numbers = decode(entry[1]);
      const docs = positions(numbers, 2);
      const weighted = new Map();
      docs.forEach((doc, i) => weighted.set(doc, numbers[2 * i + 1]));
      return weighted;
    });
    const shortest = postings.reduce((a, b) => (b.size < a.size ? b : a));
    const ranked = [];
    for (const doc of shortest.keys()) {
      if (allowed !== null && !allowed.has(doc)) continue;
      const freqs = postings.map((weighted) => weighted.get(doc));
      if (freqs.includes(undefined)) continue;
      const D = lengths[doc];
      let score = 0.0;
      for (let i = 0; i < freqs.length; i++) {
        const f = freqs[i];
        score += idfs[i] * ((f * (K1 + 1.0)) / (f + K1 * (1 - B + B * D / avgdl)));
      }
      ranked.push({ doc, score: -1.0 * score });
    }
    ranked.sort((a, b) => (a.score < b.score ? -1 : a.score > b.score ? 1 : a.doc - b.doc));
    return ranked;
  }

  if (typeof document === "undefined") {
    globalThis.blogStaticSearch = { request, terms, fold, find, shard, decode };
    return;
  }

  const place = document.querySelector("div.static-search[data-index]");
  const form = document.querySelector("form.search-form");
  if (place === null || form === null) return;
  const index = place.dataset.index;
  const asked = request(new URLSearchParams(window.location.search));
  fill(form, asked);
  if (asked.text === "") return;
  place.replaceChildren(element("p", { class: "hint" }, "Searching…"));
  const fetchJson = (mode) => (path) =>
    fetch(path, { cache: mode }).then((response) => {
      if (!response.ok) throw new Error(path + ": " + response.status);
      return response.json();
    });
  const shown = asked.page === null
    ? Promise.resolve(null)
    // A page loaded while the site was rebuilt names files that are gone:
    // once more, past the browser's cache.
    : find(fetchJson("default"), index, asked)
      .catch(() => find(fetchJson("reload"), index, asked));
  shown.then(
    (found) => place.replaceChildren(results(asked, found)),
    () => place.replaceChildren(element("p", { class: "hint" },
      "The search index could not be loaded. Try again later, or find articles through the archive, categories and tags.")),
  );

  /** Puts what was asked back in the form, as the server's page does. */
  function fill(form, asked) {
    const set = (name, value) => {
      const field = form.elements.namedItem(name);
      if (field !== null && value !== null) field.value = value;
    };
    set("q", asked.text);
    set("category", asked.category);
    set("tag", asked.tag);
    if (asked.text !== "") {
      const title = "Search: " + asked.text + (asked.page > 1 ? ", page " + asked.page : "");
      document.title = document.title.replace(/^Search/, title);
    }
  }

  /** An element with attributes and children (text or elements). */
  function element(name, attributes, ...children) {
    const made = document.createElement(name);
    for (const [key, value] of Object.entries(attributes)) made.setAttribute(key, value);
    made.append(...children);
    return made;
  }

  /** The results section, as the server's search page draws it. */
  function results(asked, found) {
    const section = element("section", { class: "results", "aria-labelledby": "results-title" });
    if (found === null || found.outOfRange) {
      section.append(
        element("h2", { id: "results-title" }, "No such page"),
        element("p", { class: "hint" }, "These results have no such page: see ",
          element("a", { href: url(asked, 1) }, "the first page"), "."));
      return section;
    }
    section.append(element("h2", { id: "results-title" }, summary(asked, found)));
    if (found.hits.length === 0) {
      const filtered = asked.category !== null || asked.tag !== null;
      section.append(element("p", { class: "hint" },
        "Check the spelling, or try fewer or more general words: an article matches when it has every word you typed."
        + (filtered ? " You can also search all categories and tags." : "")));
      return section;
    }
    const list = element("ul", { class: "cards", role: "list" });
    for (const hit of found.hits) {
      list.append(element("li", {}, element("article", { class: "card hit" },
        element("h3", {}, element("a", { href: "/articles/" + hit.slug + "/" }, hit.title)),
        element("p", { class: "meta" }, element("time", { datetime: hit.date }, human(hit.date))),
        ...(hit.summary === "" ? [] : [element("p", { class: "summary" }, hit.summary)]))));
    }
    section.append(list);
    if (found.pages > 1) section.append(pager(asked, found));
    return section;
  }

  /** "3 results for “words” in Rust, tagged async". */
  function summary(asked, found) {
    let text = found.total === 0 ? "No results"
      : found.total === 1 ? "1 result" : found.total + " results";
    text += " for “" + asked.text + "”";
    if (asked.category !== null) text += " in " + found.category;
    if (asked.tag !== null) text += (asked.category !== null ? "," : "") + " tagged " + found.tag;
    return text;
  }

  /** "31 January 2025", from "2025-01-31T12:00:00Z" (UTC, as the server shows it). */
  function human(date) {
    const [year, month, day] = date.slice(0, 10).split("-");
    return Number(day) + " " + MONTHS[Number(month) - 1] + " " + year;
  }

  /** The URL of page `page` of these results, as the server writes it. */
  function url(asked, page) {
    const encode = (text) => encodeURIComponent(text)
      .replace(/[!'()*]/g, (c) => "%" + c.charCodeAt(0).toString(16).toUpperCase());
    let query = "q=" + encode(asked.text);
    if (asked.category !== null) query += "&category=" + encode(asked.category);
    if (asked.tag !== null) query += "&tag=" + encode(asked.tag);
    if (page !== 1) query += "&page=" + page;
    return "/search/?" + query;
  }

  /** The pagination of the server's pages: previous, numbers with gaps, next. */
  function pager(asked, found) {
    const current = found.page;
    const total = found.pages;
    const list = element("ul", {});
    const page = (n, text, attributes) => element("a", { href: url(asked, n), ...attributes }, ...text);
    const numbered = (n) => [element("span", { class: "visually-hidden" }, "Page "), String(n)];
    if (current > 1) {
      list.append(element("li", { class: "pagination-prev" }, page(current - 1, ["Previous"], { rel: "prev" })));
    }
    const shown = [1];
    for (let n = Math.max(1, current - RADIUS); n <= Math.min(total, current + RADIUS); n++) shown.push(n);
    shown.push(total);
    let last = 0;
    for (const n of shown) {
      if (n <= last) continue;
      if (n - last === 2) list.append(element("li", {}, page(n - 1, numbered(n - 1), {})));
      if (n - last > 2) list.append(element("li", { class: "pagination-gap" }, "…"));
      list.append(n === current
        ? element("li", {}, element("span", { "aria-current": "page" }, ...numbered(n)))
        : element("li", {}, page(n, numbered(n), {})));
      last = n;
    }
    if (current < total) {
      list.append(element("li", { class: "pagination-next" }, page(current + 1, ["Next"], { rel: "next" })));
    }
    return element("nav", { class: "pagination", "aria-label": "Pagination" }, list);
  }
})();
