//! The times of the front matter: the forms the generators write, and the
//! years accepted.

use blog_core::Value;
use chrono::{DateTime, Datelike as _, NaiveDate, NaiveDateTime, Utc};

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

pub(super) fn not_a_date(key: &str, text: &str) -> String {
    format!(
        "`{key}` {text:?} is not a date: write 2024-05-01, 2024-05-01T09:30:00Z \
         or 2024-05-01 09:30:00 +02:00"
    )
}

/// `time`, if its year is accepted.
pub(super) fn in_range(
    fields: &Fields<'_>,
    key: &str,
    time: DateTime<Utc>,
) -> Result<DateTime<Utc>, SourceError> {
    if (EARLIEST_YEAR..=LATEST_YEAR).contains(&time.year()) {
        Ok(time)
    } else {
        Err(fields.error(
            key,
            format!(
                "the date {} is out of range: dates from {EARLIEST_YEAR} to {LATEST_YEAR} are accepted",
                time.format("%Y-%m-%d")
            ),
        ))
    }
}

/// Parses the date forms the three generators write.
pub(super) fn parse_date(text: &str) -> Option<DateTime<Utc>> {
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
    use crate::source::tests::{check_err, check_more};

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
