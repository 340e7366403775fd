//! How model values are kept in SQLite columns, and read back.
//!
//! Writing checks that a value can be kept exactly; reading re-validates it,
//! so a hand-edited database gives [`StoreError::Invalid`], never a panic.

use blog_core::{Extra, PartNumber, Slug, Status, StoreError, Tag, Title, Value};
use chrono::{DateTime, Utc};

use super::error::invalid;

/// Nanoseconds in a second.
const NANOS: i128 = 1_000_000_000;

/// A time as kept in a column: nanoseconds since the Unix epoch, so that
/// integer order is time order and the time reads back exactly.
///
/// Times outside about 1678 to 2262, and times inside a leap second, have no
/// such number and are refused. `i64::MIN` is refused too, so that every
/// stored time is strictly greater than [`query_time`] of any earlier "now".
pub(super) fn time_to_sql(field: &'static str, time: DateTime<Utc>) -> Result<i64, StoreError> {
    if i128::from(time.timestamp_subsec_nanos()) >= NANOS {
        return Err(invalid(
            field,
            format!("{time} falls inside a leap second, which the SQLite store cannot keep"),
        ));
    }
    match time.timestamp_nanos_opt() {
        Some(nanos) if nanos != i64::MIN => Ok(nanos),
        _ => Err(invalid(
            field,
            format!(
                "{time} is outside the times the SQLite store keeps ({} to {})",
                time_from_sql(i64::MIN + 1),
                time_from_sql(i64::MAX)
            ),
        )),
    }
}

/// Reads a time written by [`time_to_sql`].
pub(super) fn time_from_sql(nanos: i64) -> DateTime<Utc> {
    DateTime::from_timestamp_nanos(nanos)
}

/// A "now" to compare stored times with: any time at all, clamped to the
/// stored range, so that comparisons with stored times keep their meaning.
///
/// A "now" inside a leap second counts as the last nanosecond before it ends:
/// every stored time (never inside a leap second) compares the same way with
/// both.
pub(super) fn query_time(now: DateTime<Utc>) -> i64 {
    let subsec = i128::from(now.timestamp_subsec_nanos()).min(NANOS - 1);
    let nanos = i128::from(now.timestamp()) * NANOS + subsec;
    i64::try_from(nanos).unwrap_or(if nanos < 0 { i64::MIN } else { i64::MAX })
}

/// Reads a status written as [`Status::as_str`].
pub(super) fn status_from_sql(s: &str) -> Result<Status, StoreError> {
    match s {
        "draft" => Ok(Status::Draft),
        "published" => Ok(Status::Published),
        other => Err(invalid("status", format!("unknown status {other:?}"))),
    }
}

/// Extra front-matter fields as JSON text. Floats that JSON cannot write
/// (infinities, NaN) are refused rather than silently turned into `null`.
pub(super) fn extra_to_sql(extra: &Extra) -> Result<String, StoreError> {
    for (name, value) in extra {
        check_finite(name, value)?;
    }
    serde_json::to_string(extra).map_err(|e| invalid("extra", e))
}

fn check_finite(name: &str, value: &Value) -> Result<(), StoreError> {
    match value {
        Value::Float(f) if !f.is_finite() => Err(invalid(
            "extra",
            format!("field {name:?} holds {f}, which the SQLite store cannot keep"),
        )),
        Value::List(items) => items.iter().try_for_each(|v| check_finite(name, v)),
        Value::Table(table) => table.values().try_for_each(|v| check_finite(name, v)),
        _ => Ok(()),
    }
}

/// Reads extra fields written by [`extra_to_sql`].
pub(super) fn extra_from_sql(json: &str) -> Result<Extra, StoreError> {
    serde_json::from_str(json).map_err(|e| invalid("extra", e))
}

/// Re-validates a stored slug.
pub(super) fn slug(field: &'static str, s: &str) -> Result<Slug, StoreError> {
    Slug::parse(s).map_err(|e| invalid(field, format!("{s:?}: {e}")))
}

/// Re-validates a stored title or name.
pub(super) fn title(field: &'static str, s: &str) -> Result<Title, StoreError> {
    match Title::parse(s) {
        // A stored title was valid, hence already trimmed: reading must not
        // change it.
        Ok(title) if title.as_str() == s => Ok(title),
        Ok(_) => Err(invalid(field, format!("{s:?}: surrounding whitespace"))),
        Err(e) => Err(invalid(field, format!("{s:?}: {e}"))),
    }
}

/// Re-validates a stored tag: its name must be a tag name as it is, and
/// make the slug stored beside it.
pub(super) fn tag(name: &str, slug: &str) -> Result<Tag, StoreError> {
    let field = "article tag";
    let tag = Tag::parse(name).map_err(|e| invalid(field, format!("{name:?}: {e}")))?;
    if tag.name() != name {
        return Err(invalid(field, format!("{name:?}: surrounding whitespace")));
    }
    if tag.slug().as_str() != slug {
        return Err(invalid(
            field,
            format!(
                "{name:?} makes the slug '{}', not the stored {slug:?}",
                tag.slug()
            ),
        ));
    }
    Ok(tag)
}

/// Re-validates a stored part number.
pub(super) fn part(n: i64) -> Result<PartNumber, StoreError> {
    u32::try_from(n)
        .ok()
        .and_then(PartNumber::new)
        .ok_or_else(|| invalid("series part", format!("{n} is not a part number")))
}

#[cfg(test)]
mod tests {
    use chrono::{NaiveDate, TimeZone};

    use super::*;

    fn time(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s)
            .expect("valid test time")
            .with_timezone(&Utc)
    }

    fn check(input: &str, expected: Option<i64>) {
        let got = time_to_sql("published_at", time(input));
        assert_eq!(got.as_ref().ok().copied(), expected, "{input}");
        if let Ok(nanos) = got {
            assert_eq!(time_from_sql(nanos), time(input), "round trip of {input}");
        }
    }

    #[test]
    fn times_round_trip_within_range() {
        check("1970-01-01T00:00:00Z", Some(0));
        check("1970-01-01T00:00:00.000000001Z", Some(1));
        check("1969-12-31T23:59:59.999999999Z", Some(-1));
        check(
            "2025-06-01T12:34:56.123456789+02:00",
            Some(1_748_774_096_123_456_789),
        );
        check("2262-04-11T23:47:16.854775807Z", Some(i64::MAX));
        check("1677-09-21T00:12:43.145224193Z", Some(i64::MIN + 1));
        // i64::MIN itself is kept free for "now" before every stored time.
        check("1677-09-21T00:12:43.145224192Z", None);
        check("2262-04-11T23:47:16.854775808Z", None);
        check("9999-12-31T23:59:59Z", None);
        check("1000-01-01T00:00:00Z", None);
    }

    #[test]
    fn leap_seconds_are_refused_but_usable_as_now() {
        let leap = NaiveDate::from_ymd_opt(2016, 12, 31)
            .and_then(|d| d.and_hms_nano_opt(23, 59, 59, 1_500_000_000))
            .map(|t| Utc.from_utc_datetime(&t))
            .expect("valid leap second");
        assert!(time_to_sql("published_at", leap).is_err());
        let before = time("2016-12-31T23:59:59.999999999Z");
        let after = time("2017-01-01T00:00:00Z");
        assert!(before < leap && leap < after);
        let key = query_time(leap);
        assert!(time_to_sql("t", before).expect("in range") <= key);
        assert!(time_to_sql("t", after).expect("in range") > key);
    }

    #[test]
    fn query_times_clamp_but_keep_order() {
        assert_eq!(query_time(time("9999-01-01T00:00:00Z")), i64::MAX);
        assert_eq!(query_time(time("1000-01-01T00:00:00Z")), i64::MIN);
        assert_eq!(query_time(time("1970-01-01T00:00:01Z")), 1_000_000_000);
    }

    #[test]
    fn extra_refuses_non_finite_floats_anywhere() {
        let nested = |v: Value| {
            Extra::from([(
                "x".to_owned(),
                Value::List(vec![Value::Table([("y".to_owned(), v)].into())]),
            )])
        };
        assert!(extra_to_sql(&nested(Value::Float(1.5))).is_ok());
        for bad in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
            assert!(matches!(
                extra_to_sql(&nested(Value::Float(bad))),
                Err(StoreError::Invalid { field: "extra", .. })
            ));
        }
    }

    #[test]
    fn stored_values_are_revalidated() {
        assert!(status_from_sql("published").is_ok());
        assert!(status_from_sql("Published").is_err());
        assert!(slug("slug", "Not a slug").is_err());
        assert!(title("title", "").is_err());
        assert!(title("title", " padded ").is_err());
        assert!(title("title", "Fine").is_ok());
        assert_eq!(
            tag("Async Rust", "async-rust").ok(),
            Tag::parse("Async Rust").ok()
        );
        assert!(tag("Async Rust", "rust").is_err());
        assert!(tag(" Rust", "rust").is_err());
        assert!(tag("+++", "").is_err());
        assert!(tag("", "").is_err());
        assert!(part(0).is_err());
        assert!(part(-1).is_err());
        assert!(part(i64::from(u32::MAX) + 1).is_err());
        assert_eq!(part(3).map(PartNumber::get).ok(), Some(3));
        assert!(extra_from_sql("not json").is_err());
        assert!(extra_from_sql("[1]").is_err());
    }
}
