//! Front matter: finding it between `+++` (TOML) or `---` (YAML) fences,
//! reading it into format-neutral [`Value`]s, with the line of every error,
//! handing its fields out one by one ([`Fields`]); and writing TOML front
//! matter back ([`field`], [`time_field`], [`table`]).

use std::collections::BTreeMap;
use std::fmt::Write as _;

use blog_core::Value;
use chrono::{DateTime, Datelike as _, SecondsFormat, Utc};

use crate::source::SourceError;

/// The front matter of a file, still unparsed.
pub(crate) enum FrontMatter<'a> {
    Toml(&'a str),
    Yaml(&'a str),
}

/// A file cut into its front matter and its body.
pub(crate) struct Split<'a> {
    pub(crate) front: Option<FrontMatter<'a>>,
    /// The line of the first front-matter line (after the opening fence).
    pub(crate) front_line: usize,
    pub(crate) body: &'a str,
}

impl Split<'_> {
    /// The line where front-matter key `key` is written, for error messages.
    pub(crate) fn line_of(&self, key: &str) -> Option<usize> {
        let src = match self.front.as_ref()? {
            FrontMatter::Toml(s) | FrontMatter::Yaml(s) => s,
        };
        src.lines()
            .position(|line| {
                let rest = line.trim_start().strip_prefix(key).unwrap_or_default();
                let rest = rest.trim_start();
                line.trim_start().starts_with(key)
                    && (rest.starts_with('=') || rest.starts_with(':'))
            })
            .map(|i| i + self.front_line)
    }
}

/// Cuts `text` (with `\n` line ends) into front matter and body.
pub(crate) fn split(text: &str) -> Result<Split<'_>, SourceError> {
    let first_line = text.lines().next().unwrap_or_default();
    let fence = match first_line.trim_end() {
        "+++" => "+++",
        "---" => "---",
        _ => {
            return Ok(Split {
                front: None,
                front_line: 1,
                body: text,
            });
        }
    };
    // Past the whole first line, with whatever trails the fence: the front
    // matter starts on line 2.
    let start = first_line.len() + 1;
    let rest = text.get(start..).unwrap_or_default();
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        let trimmed = line.trim_end();
        if trimmed == fence || (fence == "---" && trimmed == "...") {
            let src = &rest[..offset];
            let front = if fence == "+++" {
                FrontMatter::Toml(src)
            } else {
                FrontMatter::Yaml(src)
            };
            return Ok(Split {
                front: Some(front),
                front_line: 2,
                body: &rest[offset + line.len()..],
            });
        }
        offset += line.len();
    }
    Err(SourceError::at(
        Some(1),
        format!(
            "the front matter opened with `{fence}` is never closed: end it with a `{fence}` line"
        ),
    ))
}

/// The line of byte `byte` of `src`, whose first line is numbered `first_line`.
pub(crate) fn line_at(src: &str, byte: usize, first_line: usize) -> usize {
    let before = &src.as_bytes()[..byte.min(src.len())];
    first_line + before.iter().filter(|&&b| b == b'\n').count()
}

/// Reads TOML front matter; `first_line` numbers its first line.
fn from_toml(src: &str, first_line: usize) -> Result<BTreeMap<String, Value>, SourceError> {
    let table: toml::Table = src.parse().map_err(|e: toml::de::Error| {
        let line = e.span().map(|s| line_at(src, s.start, first_line));
        SourceError::at(line, format!("invalid TOML front matter: {}", e.message()))
    })?;
    Ok(table.into_iter().map(|(k, v)| (k, toml_value(v))).collect())
}

fn toml_value(value: toml::Value) -> Value {
    match value {
        toml::Value::String(s) => Value::String(s),
        toml::Value::Integer(i) => Value::Integer(i),
        toml::Value::Float(f) => Value::Float(f),
        toml::Value::Boolean(b) => Value::Bool(b),
        toml::Value::Datetime(dt) => Value::String(dt.to_string()),
        toml::Value::Array(items) => Value::List(items.into_iter().map(toml_value).collect()),
        toml::Value::Table(t) => {
            Value::Table(t.into_iter().map(|(k, v)| (k, toml_value(v))).collect())
        }
    }
}

/// The most `[` and `{` that YAML front matter may hold, quoted or not.
///
/// The YAML parser's work grows with the number of tokens times how deep
/// `[` and `{` nest (100,000 `[` took minutes); deeper than 128 is refused
/// anyway, after all that work. Counting them bounds the depth at once, and
/// no front matter needs hundreds of inline lists.
const MAX_YAML_BRACKETS: usize = 256;

/// Reads YAML front matter; `first_line` numbers its first line.
fn from_yaml(src: &str, first_line: usize) -> Result<BTreeMap<String, Value>, SourceError> {
    if src.trim().is_empty() {
        return Ok(BTreeMap::new());
    }
    let mut brackets = src.match_indices(['[', '{']);
    if let Some((at, _)) = brackets.nth(MAX_YAML_BRACKETS) {
        return Err(SourceError::at(
            Some(line_at(src, at, first_line)),
            format!(
                "YAML front matter may hold at most {MAX_YAML_BRACKETS} `[` and `{{`: \
                 write long lists one `- item` per line"
            ),
        ));
    }
    let value: serde_norway::Value = serde_norway::from_str(src).map_err(|e| {
        let line = e.location().map(|l| yaml_line(src, l.line(), first_line));
        SourceError::at(line, format!("invalid YAML front matter: {e}"))
    })?;
    match yaml_value(value) {
        Ok(Some(Value::Table(t))) => Ok(t),
        Ok(None) => Ok(BTreeMap::new()),
        Ok(Some(_)) => Err(SourceError::at(
            Some(first_line),
            "the YAML front matter must be a mapping of `key: value` lines",
        )),
        Err(reason) => Err(SourceError::at(None, reason)),
    }
}

/// The line of the file on which line `line` (from 1) of the YAML `src`
/// starts, `src`'s first line being the file's `first_line`. YAML also ends
/// a line at NEL, LS and PS, which the file does not (nor editors).
fn yaml_line(src: &str, line: usize, first_line: usize) -> usize {
    let start = match line.checked_sub(2) {
        None => 0,
        Some(breaks) => src
            .char_indices()
            .filter(|&(_, c)| matches!(c, '\n' | '\u{85}' | '\u{2028}' | '\u{2029}'))
            .nth(breaks)
            .map_or(src.len(), |(at, c)| at + c.len_utf8()),
    };
    line_at(src, start, first_line)
}

/// Converts YAML to a [`Value`]; `null` becomes `None` (the key is dropped).
fn yaml_value(value: serde_norway::Value) -> Result<Option<Value>, String> {
    use serde_norway::Value as Y;
    Ok(Some(match value {
        Y::Null => return Ok(None),
        Y::Bool(b) => Value::Bool(b),
        Y::Number(n) => match n.as_i64() {
            Some(i) => Value::Integer(i),
            None => Value::Float(n.as_f64().unwrap_or(f64::NAN)),
        },
        Y::String(s) => Value::String(s),
        Y::Sequence(items) => Value::List(
            items
                .into_iter()
                .map(yaml_value)
                .filter_map(Result::transpose)
                .collect::<Result<_, _>>()?,
        ),
        Y::Mapping(map) => {
            let mut table = BTreeMap::new();
            for (k, v) in map {
                let key = match k {
                    Y::String(s) => s,
                    Y::Number(n) => n.to_string(),
                    Y::Bool(b) => b.to_string(),
                    _ => return Err("front-matter keys must be text".to_owned()),
                };
                if let Some(v) = yaml_value(v)? {
                    table.insert(key, v);
                }
            }
            Value::Table(table)
        }
        Y::Tagged(tagged) => return yaml_value(tagged.value),
    }))
}

/// The fields of one front matter, which the parser takes out one by one,
/// with the line of each for its errors. What is left at the end are the
/// article's extra fields.
pub(crate) struct Fields<'s> {
    values: BTreeMap<String, Value>,
    split: &'s Split<'s>,
}

impl<'s> Fields<'s> {
    /// The fields of `split`'s front matter (none without one).
    pub(crate) fn read(split: &'s Split<'s>) -> Result<Self, SourceError> {
        let values = match &split.front {
            Some(FrontMatter::Toml(src)) => from_toml(src, split.front_line)?,
            Some(FrontMatter::Yaml(src)) => from_yaml(src, split.front_line)?,
            None => BTreeMap::new(),
        };
        Ok(Self { values, split })
    }

    /// The line where `key` is written, for error messages.
    pub(crate) fn line_of(&self, key: &str) -> Option<usize> {
        self.split.line_of(key)
    }

    /// An error about field `key`, at its line.
    pub(crate) fn error(&self, key: &str, reason: impl Into<String>) -> SourceError {
        SourceError::at(self.line_of(key), reason)
    }

    /// Takes field `key` out, whatever its value.
    pub(crate) fn take(&mut self, key: &str) -> Option<Value> {
        self.values.remove(key)
    }

    /// Puts field `key` back among the extra fields.
    pub(crate) fn keep(&mut self, key: &str, value: Value) {
        self.values.insert(key.to_owned(), value);
    }

    /// Takes field `key` out; it must be text (`expected` says what kind).
    pub(crate) fn take_text(
        &mut self,
        key: &str,
        expected: &str,
    ) -> Result<Option<String>, SourceError> {
        match self.take(key) {
            None => Ok(None),
            Some(Value::String(s)) => Ok(Some(s)),
            Some(other) => Err(self.error(
                key,
                format!("`{key}` must be {expected}, found {}", kind(&other)),
            )),
        }
    }

    /// Takes out the one field of `keys` that is given, all of which mean the
    /// same (`updated` and Hugo's `lastmod`): giving two is an error.
    pub(crate) fn take_one_of(
        &mut self,
        keys: &[&'static str],
    ) -> Result<Option<(&'static str, Value)>, SourceError> {
        let mut found: Option<(&'static str, Value)> = None;
        for &key in keys {
            if let Some(value) = self.take(key) {
                if let Some((first, _)) = &found {
                    return Err(self.error(
                        key,
                        format!("`{first}` and `{key}` say the same thing: keep only one"),
                    ));
                }
                found = Some((key, value));
            }
        }
        Ok(found)
    }

    /// What is left: the extra fields, every number in them finite.
    pub(crate) fn into_extra(self) -> Result<BTreeMap<String, Value>, SourceError> {
        if let Some((key, _)) = self.values.iter().find(|(_, v)| !is_finite(v)) {
            return Err(self.error(
                key,
                format!("`{key}` holds a number that is not finite (nan or inf): write it as text"),
            ));
        }
        Ok(self.values)
    }
}

/// Whether every number in `value` is finite.
fn is_finite(value: &Value) -> bool {
    match value {
        Value::Float(f) => f.is_finite(),
        Value::List(items) => items.iter().all(is_finite),
        Value::Table(t) => t.values().all(is_finite),
        Value::Bool(_) | Value::Integer(_) | Value::String(_) => true,
    }
}

/// What kind of value `value` is, for error messages ("found a list").
pub(crate) fn kind(value: &Value) -> &'static str {
    match value {
        Value::Bool(_) => "a boolean",
        Value::Integer(_) => "an integer",
        Value::Float(_) => "a number",
        Value::String(_) => "text",
        Value::List(_) => "a list",
        Value::Table(_) => "a table",
    }
}

// Writing: strings always on one line (escaped), tables as `[a.b]`
// sections after the plain values, lists inline; so that no line of the
// front matter can read as its closing `+++`.

/// `key = value` on its own line.
pub(crate) fn field(out: &mut String, name: &str, value: &Value) {
    key(out, name);
    out.push_str(" = ");
    inline(out, value);
    out.push('\n');
}

/// `key = time`, a TOML date-time in UTC, to the nanosecond when it has
/// one. Years outside 0 to 9999 have no TOML form and are written as
/// text (the parser refuses them anyway).
pub(crate) fn time_field(out: &mut String, name: &str, t: DateTime<Utc>) {
    let text = t.to_rfc3339_opts(SecondsFormat::AutoSi, true);
    if (0..=9999).contains(&t.year()) {
        key(out, name);
        let _ = writeln!(out, " = {text}");
    } else {
        field(out, name, &Value::String(text));
    }
}

/// The plain values of `values`, then each table in it as a section
/// named by `path` and its key.
pub(crate) fn table(out: &mut String, path: &mut Vec<String>, values: &BTreeMap<String, Value>) {
    for (name, value) in values {
        if !matches!(value, Value::Table(_)) {
            field(out, name, value);
        }
    }
    for (name, value) in values {
        if let Value::Table(inner) = value {
            path.push(name.clone());
            // A table of tables needs no header of its own: theirs make it.
            let only_tables =
                !inner.is_empty() && inner.values().all(|v| matches!(v, Value::Table(_)));
            if !only_tables {
                out.push_str("\n[");
                for (i, part) in path.iter().enumerate() {
                    if i > 0 {
                        out.push('.');
                    }
                    key(out, part);
                }
                out.push_str("]\n");
            }
            table(out, path, inner);
            path.pop();
        }
    }
}

fn inline(out: &mut String, value: &Value) {
    match value {
        Value::Bool(b) => {
            let _ = write!(out, "{b}");
        }
        Value::Integer(i) => {
            let _ = write!(out, "{i}");
        }
        Value::Float(f) => float(out, *f),
        Value::String(s) => string(out, s),
        Value::List(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                inline(out, item);
            }
            out.push(']');
        }
        Value::Table(t) if t.is_empty() => out.push_str("{}"),
        Value::Table(t) => {
            out.push_str("{ ");
            for (i, (name, item)) in t.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                key(out, name);
                out.push_str(" = ");
                inline(out, item);
            }
            out.push_str(" }");
        }
    }
}

fn float(out: &mut String, f: f64) {
    if f.is_nan() {
        out.push_str("nan");
    } else if f.is_infinite() {
        out.push_str(if f > 0.0 { "inf" } else { "-inf" });
    } else {
        // Debug is the shortest text that reads back to the same number,
        // always with a `.` or an exponent, as TOML floats need.
        let _ = write!(out, "{f:?}");
    }
}

/// A bare key when TOML allows one, else a quoted one.
fn key(out: &mut String, name: &str) {
    let bare = !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
    if bare {
        out.push_str(name);
    } else {
        string(out, name);
    }
}

/// A basic string, with `"`, backslashes and control characters escaped.
fn string(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The fields of `text`, read as the parser reads them.
    fn read(text: &str) -> Result<BTreeMap<String, Value>, SourceError> {
        let split = split(text)?;
        Fields::read(&split).map(|fields| fields.values)
    }

    #[test]
    fn lines_count_from_the_opening_fence_whatever_trails_it() {
        for fence in ["+++", "+++  ", "+++\t", "+++ \t "] {
            let text = format!("{fence}\ntitle = \"T\"\ndate = \n+++\n");
            let e = read(&text).expect_err("invalid TOML");
            assert_eq!(e.line, Some(3), "{text:?}: {e}");
            let text = format!("{fence}\ntitle = \"T\"\ndate = \"never\"\n+++\n");
            let split = split(&text).expect("splits");
            assert_eq!(split.line_of("date"), Some(3), "{text:?}");
        }
        for fence in ["---", "---   "] {
            let text = format!("{fence}\ntitle: T\ndate: [\n---\n");
            let e = read(&text).expect_err("invalid YAML");
            assert_eq!(e.line, Some(4), "{text:?}: {e}");
            let text = format!("{fence}\ntitle: T\ndate: never\n---\n");
            let split = split(&text).expect("splits");
            assert_eq!(split.line_of("date"), Some(3), "{fence:?}");
        }
    }

    #[test]
    fn yaml_with_too_many_brackets_is_refused_before_it_is_parsed() {
        let lists = |n: usize| format!("---\ntitle: T\nx: {}\n---\n", "[1], ".repeat(n));
        let at_most = format!("---\ntitle: T\nx: [{}]\n---\n", "[1], ".repeat(255));
        assert!(read(&at_most).is_ok(), "256 brackets are fine");
        let e = read(&lists(257)).expect_err("too many");
        assert_eq!(e.line, Some(3));
        assert!(e.reason.contains("at most 256 `[` and `{`"), "{e}");
        // 100,000 nested brackets: refused at once, not after minutes.
        let deep = format!("---\ntitle: T\nx: {}\n---\n", "[".repeat(100_000));
        let started = std::time::Instant::now();
        let e = read(&deep).expect_err("too many");
        assert!(e.reason.contains("at most 256"), "{e}");
        assert!(started.elapsed() < std::time::Duration::from_secs(5));
        // TOML's parser is linear; its own depth limit answers.
        let deep = format!("+++\ntitle = \"T\"\nx = {}\n+++\n", "[".repeat(100_000));
        let e = read(&deep).expect_err("too deep");
        assert!(e.reason.contains("recursion"), "{e}");
    }

    #[test]
    fn yaml_errors_name_lines_of_the_file() {
        // Found by the `front_matter` fuzz target: YAML ends a line at NEL
        // (and LS, PS) too, so its line numbers ran past the file's.
        for (text, line) in [
            ("---\nit: \"a\u{85}b\u{2028}c\n---\n", 3),
            ("---\na: \"x\u{85}y\u{2029}\"\nb: [\n---\n", 4),
            ("---\na: \"x\u{85}y\"\nb: c: d\nz: 1\n---\n", 3),
        ] {
            let e = read(text).expect_err("invalid YAML");
            assert_eq!(e.line, Some(line), "{text:?}: {e}");
        }
    }

    /// Whether `a` and `b` are the same, floats bit for bit (so that `-0.0`
    /// differs from `0.0`).
    fn same(a: &Value, b: &Value) -> bool {
        match (a, b) {
            (Value::Float(a), Value::Float(b)) => a.to_bits() == b.to_bits(),
            (Value::List(a), Value::List(b)) => {
                a.len() == b.len() && a.iter().zip(b).all(|(a, b)| same(a, b))
            }
            (Value::Table(a), Value::Table(b)) => {
                a.len() == b.len()
                    && a.iter()
                        .zip(b)
                        .all(|((ka, a), (kb, b))| ka == kb && same(a, b))
            }
            (a, b) => a == b,
        }
    }

    /// Writes `values` as front matter and reads it back.
    fn check_round_trip(values: &BTreeMap<String, Value>) {
        let mut out = String::new();
        table(&mut out, &mut Vec::new(), values);
        let text = format!("+++\n{out}+++\n");
        let back = read(&text).unwrap_or_else(|e| panic!("{e}\n{text}"));
        let (written, back) = (Value::Table(values.clone()), Value::Table(back));
        assert!(same(&written, &back), "{text}\nread back as {back:?}");
    }

    fn one(key: &str, value: Value) -> BTreeMap<String, Value> {
        BTreeMap::from([(key.to_owned(), value)])
    }

    fn text(s: &str) -> Value {
        Value::String(s.to_owned())
    }

    #[test]
    fn strings_read_back_as_written() {
        for s in [
            "",
            "plain",
            "\"quoted\"",
            "'single'",
            "\"\"\"triple\"\"\"",
            "'''triple'''",
            "back\\slash \\n \\u0041",
            "line\nline\r\nline\rend",
            "\ttab",
            "\u{0}\u{1}\u{8}\u{b}\u{c}\u{1b}\u{1f}\u{7f}\u{80}\u{9f}",
            "+++",
            "+++\n+++\n---\n...",
            "# not a comment",
            "[not.a.table]",
            "Ünïcödé — 日本語 🦀 \u{200b}\u{2028}\u{feff}",
        ] {
            check_round_trip(&one("s", text(s)));
            check_round_trip(&one(s, text(s)));
        }
    }

    #[test]
    fn numbers_read_back_as_written() {
        for f in [
            0.0,
            -0.0,
            0.1,
            -2.5,
            1.0,
            1e300,
            -1e300,
            1e-300,
            5e-324,
            f64::MAX,
            f64::MIN,
            f64::MIN_POSITIVE,
            f64::EPSILON,
            1e15,
            1e16,
            123_456_789.123_456_78,
        ] {
            check_round_trip(&one("f", Value::Float(f)));
        }
        for i in [0, 1, -1, i64::MAX, i64::MIN, i64::MAX - 1, i64::MIN + 1] {
            check_round_trip(&one("i", Value::Integer(i)));
        }
        check_round_trip(&one("b", Value::Bool(true)));
        check_round_trip(&one("b", Value::Bool(false)));
    }

    #[test]
    fn keys_that_need_quotes() {
        for key in [
            "",
            " ",
            "x y",
            "a.b",
            "a=b",
            "a:b",
            "#",
            "[x]",
            "+++",
            "\"",
            "\\",
            "new\nline",
            "ключ",
            "日本",
            "1",
            "-",
            "_",
            "true",
            "inf",
            "nan",
            "2024-05-01",
        ] {
            check_round_trip(&one(key, Value::Integer(1)));
            check_round_trip(&one(key, Value::Table(one(key, Value::Integer(1)))));
        }
    }

    #[test]
    fn tables_of_tables_have_no_header_of_their_own() {
        let values = one(
            "a",
            Value::Table(BTreeMap::from([
                ("b".to_owned(), Value::Table(one("x", Value::Integer(1)))),
                ("c".to_owned(), Value::Table(BTreeMap::new())),
            ])),
        );
        let mut out = String::new();
        table(&mut out, &mut Vec::new(), &values);
        assert_eq!(out, "\n[a.b]\nx = 1\n\n[a.c]\n");
        check_round_trip(&values);
    }

    #[test]
    fn lists_and_tables_read_back_as_written() {
        let table_of = |pairs: &[(&str, Value)]| {
            Value::Table(
                pairs
                    .iter()
                    .map(|(k, v)| ((*k).to_owned(), v.clone()))
                    .collect(),
            )
        };
        let deep = table_of(&[
            ("plain", text("p")),
            ("empty", table_of(&[])),
            ("empty list", Value::List(vec![])),
            (
                "inner",
                table_of(&[
                    ("x", Value::Integer(1)),
                    ("innermost", table_of(&[("y", Value::Float(-0.0))])),
                    ("also empty", table_of(&[])),
                ]),
            ),
            (
                "list",
                Value::List(vec![
                    Value::List(vec![]),
                    table_of(&[]),
                    table_of(&[("k", text("+++")), ("t", table_of(&[("z", text("z"))]))]),
                    Value::List(vec![Value::Integer(1), text("mixed"), Value::Bool(true)]),
                ]),
            ),
        ]);
        let Value::Table(deep) = deep else {
            unreachable!("a table")
        };
        check_round_trip(&deep);
        check_round_trip(&one("outer", Value::Table(deep.clone())));
        check_round_trip(&one("empty", Value::Table(BTreeMap::new())));
        check_round_trip(&one("list", Value::List(vec![])));
        check_round_trip(&BTreeMap::new());
        // Tables in a table whose plain values come after them in name
        // order still come after those values.
        check_round_trip(&BTreeMap::from([
            ("a".to_owned(), Value::Table(one("x", Value::Integer(1)))),
            ("b".to_owned(), Value::Integer(2)),
            ("c".to_owned(), Value::Table(BTreeMap::new())),
        ]));
    }
}
