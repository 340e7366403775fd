//! The terms of every article, counted for bm25: how many rows hold each
//! term, and the postings of the public articles.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

use super::numbers::{Gaps, encode};
use super::tokens::{Text, each_token};
use crate::Article;

/// bm25's weight of a hit in each column of the full-text table: title,
/// given summary, text (the server's `bm25(article_search, 8.0, 4.0, 1.0)`).
const WEIGHTS: [u32; 3] = [8, 4, 1];

/// The terms of every article: how many rows hold each, and the postings
/// of the public ones.
pub(super) struct Terms {
    /// Each term's text, by id.
    text: Vec<String>,
    /// How many articles (rows of the full-text table) hold each term.
    rows: Vec<u64>,
    /// The public articles holding each term, ascending, each with the
    /// weighted count of its hits.
    postings_of: Vec<Vec<(u32, u32)>>,
    /// How many postings there are in all.
    pub(super) postings: usize,
    /// The length in tokens of each public article.
    pub(super) lengths: Vec<u32>,
    /// How many tokens every article holds together.
    pub(super) tokens: u64,
    /// How many articles there are.
    articles: u64,
}

/// The hits of the article being counted, by term id.
#[derive(Default)]
struct Hits {
    /// The weighted count of each term's hits, valid where `seen` is the
    /// article's number.
    weighted: Vec<u32>,
    /// The number (from 1) of the last article each term was seen in.
    seen: Vec<u32>,
    /// The terms of this article, in order of appearance.
    terms: Vec<u32>,
}

impl Terms {
    /// Counts the terms of `public` (in listing order: the position of an
    /// article there is its number) and of every one of `all`.
    pub(super) fn count(public: &[&Article], all: &[Article]) -> Self {
        let mut terms = Self {
            text: Vec::new(),
            rows: Vec::new(),
            postings_of: Vec::new(),
            postings: 0,
            lengths: Vec::with_capacity(public.len()),
            tokens: 0,
            articles: 0,
        };
        let mut ids: HashMap<String, u32, BuildHasherDefault<Fx>> = HashMap::default();
        let mut hits = Hits::default();
        let public_slugs: HashSet<&str> = public.iter().map(|a| a.slug.as_str()).collect();
        // Public articles first, in order, so that postings come out sorted.
        let order = public
            .iter()
            .copied()
            .enumerate()
            .map(|(doc, a)| (Some(doc as u32), a))
            .chain(
                all.iter()
                    .filter(|a| !public_slugs.contains(a.slug.as_str()))
                    .map(|a| (None, a)),
            );
        for (article, (doc, row)) in (1..).zip(order) {
            hits.terms.clear();
            let mut length: u32 = 0;
            let mut hit = |token: &str, weight: u32| {
                let id = match ids.get(token) {
                    Some(&id) => id,
                    None => {
                        let id = terms.text.len() as u32;
                        ids.insert(token.to_owned(), id);
                        terms.text.push(token.to_owned());
                        terms.rows.push(0);
                        terms.postings_of.push(Vec::new());
                        hits.weighted.push(0);
                        hits.seen.push(0);
                        id
                    }
                };
                let at = id as usize;
                if hits.seen[at] != article {
                    hits.seen[at] = article;
                    hits.weighted[at] = 0;
                    hits.terms.push(id);
                }
                hits.weighted[at] += weight;
                length = length.saturating_add(1);
            };
            each_token(row.title.as_str(), Text::Plain, |t| hit(t, WEIGHTS[0]));
            let summary = row.summary.as_deref().unwrap_or("");
            each_token(summary, Text::Plain, |t| hit(t, WEIGHTS[1]));
            each_token(row.body.as_str(), Text::Markdown, |t| hit(t, WEIGHTS[2]));
            for &id in &hits.terms {
                let at = id as usize;
                terms.rows[at] += 1;
                if let Some(doc) = doc {
                    terms.postings_of[at].push((doc, hits.weighted[at]));
                    terms.postings += 1;
                }
            }
            if doc.is_some() {
                terms.lengths.push(length);
            }
            terms.tokens += u64::from(length);
            terms.articles += 1;
        }
        terms
    }

    /// The terms of public articles in `count` shards, by [`shard`]: each
    /// term with its idf and its postings.
    pub(super) fn shards(&self, count: usize) -> Vec<BTreeMap<&str, (f64, String)>> {
        let mut shards = vec![BTreeMap::new(); count];
        for (id, text) in self.text.iter().enumerate() {
            let postings = &self.postings_of[id];
            if postings.is_empty() {
                continue;
            }
            let mut encoded = String::new();
            let mut gaps = Gaps::default();
            for &(doc, weighted) in postings {
                encode(gaps.next(u64::from(doc)), &mut encoded);
                encode(u64::from(weighted), &mut encoded);
            }
            let idf = idf(self.articles, self.rows[id]);
            shards[shard(text, count)].insert(text.as_str(), (idf, encoded));
        }
        shards
    }
}

/// FxHash (rustc's): a fast hash for the terms, which are the authors'
/// words, not an attacker's.
#[derive(Debug, Default, Clone, Copy)]
struct Fx(u64);

impl Fx {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
}

impl Hasher for Fx {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
        let mut word = [0u8; 8];
        let rest = chunks.remainder();
        word[..rest.len()].copy_from_slice(rest);
        self.add(u64::from_le_bytes(word));
    }

    fn write_u8(&mut self, byte: u8) {
        self.add(u64::from(byte));
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// bm25's inverse document frequency of a term that `hits` of `rows` rows
/// hold, as FTS5 computes it (`fts5Bm25GetData`):
/// `ln((rows - hits + 0.5) / (hits + 0.5))`, or 1e-6 when that is not
/// positive (a term in half the rows or more).
pub fn idf(rows: u64, hits: u64) -> f64 {
    let idf = (((rows - hits.min(rows)) as f64 + 0.5) / (hits as f64 + 0.5)).ln();
    if idf <= 0.0 { 1e-6 } else { idf }
}

/// The term file that holds `term`, of `count`: the 32-bit FNV-1a hash of
/// its UTF-8 bytes, modulo `count`.
pub fn shard(term: &str, count: usize) -> usize {
    let hash = term.bytes().fold(0x811c_9dc5_u32, |hash, byte| {
        (hash ^ u32::from(byte)).wrapping_mul(0x0100_0193)
    });
    hash as usize % count.max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn idf_is_that_of_fts5() {
        assert_eq!(idf(10, 1), (9.5_f64 / 1.5).ln());
        assert_eq!(idf(1000, 3), (997.5_f64 / 3.5).ln());
        // In half the rows or more: the floor.
        assert_eq!(idf(10, 5), 1e-6);
        assert_eq!(idf(10, 10), 1e-6);
    }

    #[test]
    fn terms_are_sharded_by_fnv_1a() {
        assert_eq!(shard("", 1000), 0x811c_9dc5 % 1000);
        assert_eq!(shard("a", 1000), 0xe40c_292c % 1000);
        assert_eq!(shard("é", 1000), 0x1e9d_e8c1 % 1000);
        assert_eq!(shard("rust", 1), 0);
        assert_eq!(shard("rust", 0), 0);
    }
}
