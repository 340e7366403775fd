//! The times of the front matter: the forms the generators write, and the
//! times accepted ([`check_time`]).

use blog_core::Value;
use chrono::{
    DateTime, Datelike as _, NaiveDate, NaiveDateTime, SecondsFormat, Timelike as _, Utc,
};

use super::{EARLIEST_YEAR, LATEST_YEAR, SourceError};
use crate::front_matter::{Fields, kind};

/// Takes out the time one of `keys` gives, if any.
pub(super) fn take_time(
    fields: &mut Fields<'_>,
    keys: &[&'static str],
) -> Result<Option<DateTime<Utc>>, SourceError> {
    let Some((key, value)) = fields.take_one_of(keys)? else {
        return Ok(None);
    };
    let Value::String(text) = value else {
        return Err(fields.error(
            key,
            format!("`{key}` must be a date, found {}", kind(&value)),
        ));
    };
    let time = parse_date(&text).ok_or_else(|| fields.error(key, not_a_date(key, &text)))?;
    in_range(fields, key, time).map(Some)
}

fn not_a_date(key: &str, text: &str) -> String {
    format!(
        "`{key}` {text:?} is not a date: write 2024-05-01, 2024-05-01T09:30:00Z \
         or 2024-05-01 09:30:00 +02:00"
    )
}

/// `time`, if [`check_time`] accepts it; else an error at `key`'s line.
pub(super) fn in_range(
    fields: &Fields<'_>,
    key: &str,
    time: DateTime<Utc>,
) -> Result<DateTime<Utc>, SourceError> {
    check_time(time).map_err(|reason| fields.error(key, reason))?;
    Ok(time)
}

/// Whether a time can be stored: its year from [`EARLIEST_YEAR`] to
/// [`LATEST_YEAR`], and not a leap second (`23:59:60`), which chrono reads
/// but the store cannot keep. The error says why, and what is accepted.
///
/// Every time an import reads goes through it; so should every time typed
/// on the command line, for one rule everywhere.
pub fn check_time(time: DateTime<Utc>) -> Result<(), String> {
    if !(EARLIEST_YEAR..=LATEST_YEAR).contains(&time.year()) {
        return Err(format!(
            "the date {} is out of range: dates from {EARLIEST_YEAR} to {LATEST_YEAR} are accepted",
            time.format("%Y-%m-%d")
        ));
    }
    // chrono keeps a leap second as a nanosecond count past 999_999_999.
    if time.nanosecond() >= 1_000_000_000 {
        return Err(format!(
            "{} is a leap second, which cannot be stored: write {} instead",
            time.to_rfc3339_opts(SecondsFormat::AutoSi, true),
            time.format("%H:%M:59"),
        ));
    }
    Ok(())
}

/// Parses the date forms the three generators write.
fn parse_date(text: &str) -> Option<DateTime<Utc>> {
    let text = text.trim();
    if let Ok(dt) = DateTime::parse_from_rfc3339(text) {
        return Some(dt.with_timezone(&Utc));
    }
    for format in [
        "%Y-%m-%d %H:%M:%S%.f %z",
        "%Y-%m-%d %H:%M:%S %:z",
        "%Y-%m-%d %H:%M %z",
    ] {
        if let Ok(dt) = DateTime::parse_from_str(text, format) {
            return Some(dt.with_timezone(&Utc));
        }
    }
    for format in [
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y-%m-%d %H:%M",
    ] {
        if let Ok(dt) = NaiveDateTime::parse_from_str(text, format) {
            return Some(dt.and_utc());
        }
    }
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .ok()
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .map(|dt| dt.and_utc())
}

#[cfg(test)]
mod tests {
    use chrono::{DateTime, Utc};

    use super::check_time;
    use crate::source::tests::{check_err, check_more};

    #[test]
    fn accepted_times() {
        let check = |text: &str, expected: Result<(), &str>| {
            let time = DateTime::parse_from_rfc3339(text)
                .expect("chrono reads it")
                .with_timezone(&Utc);
            assert_eq!(check_time(time), expected.map_err(str::to_owned), "{text}");
        };
        check("1900-01-01T00:00:00Z", Ok(()));
        check("2200-12-31T23:59:59.999999999Z", Ok(()));
        check(
            "1899-12-31T23:59:59Z",
            Err("the date 1899-12-31 is out of range: dates from 1900 to 2200 are accepted"),
        );
        check(
            "2201-01-01T00:00:00Z",
            Err("the date 2201-01-01 is out of range: dates from 1900 to 2200 are accepted"),
        );
        check(
            "2016-12-31T23:59:60Z",
            Err(
                "2016-12-31T23:59:60Z is a leap second, which cannot be stored: write 23:59:59 instead",
            ),
        );
        check(
            "2017-01-01T00:59:60.5+01:00",
            Err(
                "2016-12-31T23:59:60.500Z is a leap second, which cannot be stored: write 23:59:59 instead",
            ),
        );
    }

    #[test]
    fn leap_seconds_are_refused_in_every_time() {
        for (text, line) in [
            ("+++\ntitle = \"T\"\ndate = 2016-12-31T23:59:60Z\n+++\n", 3),
            ("---\ntitle: T\ndate: 2016-12-31T23:59:60Z\n---\n", 3),
            ("---\ntitle: T\ndate: 2016-12-31 23:59:60 +0000\n---\n", 3),
            (
                "+++\ntitle = \"T\"\ndate = 2024-01-01\ncreated = 2016-12-31T23:59:60Z\n+++\n",
                4,
            ),
            (
                "---\ntitle: T\ndate: 2024-01-01\nlastmod: 2016-12-31T23:59:60Z\n---\n",
                4,
            ),
            (
                "---\ntitle: T\ndate: 2024-01-01\n\nexpires: 2016-12-31T23:59:60Z\n---\n",
                5,
            ),
        ] {
            check_err(
                "x",
                text,
                Some(line),
                "2016-12-31T23:59:60Z is a leap second",
            );
        }
    }

    #[test]
    fn creation_update_and_expiry_times() {
        check_more(
            "x",
            "+++\ntitle = \"T\"\ndate = 2024-01-01\ncreated = 2023-12-31T23:59:59.123456789Z\n\
             updated = 2024-02-01T10:00:00+01:00\nexpires = 2030-01-01\n+++\n",
            "tags=[] series=- previous=[] created=2023-12-31T23:59:59.123456789Z \
             updated=2024-02-01T09:00:00Z expires=2030-01-01T00:00:00Z extra=[]",
        );
        check_more(
            "x",
            "---\ntitle: T\ndate: 2024-01-01\nlastmod: 2024-03-01T08:00:00Z\nexpiryDate: 2025-01-01\n---\n",
            "tags=[] series=- previous=[] created=- updated=2024-03-01T08:00:00Z \
             expires=2025-01-01T00:00:00Z extra=[]",
        );
        check_more(
            "x",
            "---\ntitle: T\ndate: 2024-01-01\nlast_modified_at: 2024-04-01 10:00:00 +0200\n---\n",
            "tags=[] series=- previous=[] created=- updated=2024-04-01T08:00:00Z expires=- \
             extra=[]",
        );
    }

    #[test]
    fn time_errors() {
        check_err(
            "x",
            "+++\ntitle = \"T\"\ndate = 2024-01-01\nupdated = 2024-02-01\nlastmod = 2024-02-02\n+++\n",
            Some(5),
            "`updated` and `lastmod` say the same thing: keep only one",
        );
        check_err(
            "x",
            "---\ntitle: T\ndate: 2024-01-01\nexpiryDate: soon\n---\n",
            Some(4),
            "`expiryDate` \"soon\" is not a date",
        );
        check_err(
            "x",
            "+++\ntitle = \"T\"\ndate = 2024-01-01\ncreated = 1850-01-01\n+++\n",
            Some(4),
            "the date 1850-01-01 is out of range",
        );
        check_err(
            "x",
            "+++\ntitle = \"T\"\ndate = 2024-01-01\n\nexpires = true\n+++\n",
            Some(5),
            "`expires` must be a date, found a boolean",
        );
        check_err(
            "x",
            "+++\ntitle = \"T\"\ndate = 2300-01-01\n+++\n",
            Some(3),
            "the date 2300-01-01 is out of range",
        );
    }
}
