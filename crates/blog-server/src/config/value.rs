//! One parser per kind of setting value, shared by flags, environment
//! variables and the file, so a value means the same wherever it is written.
//!
//! Each takes the text as written and returns the value or the reason it is
//! wrong; the caller adds where the text came from (a flag, a variable, a
//! file and line). The signature suits clap's `value_parser` too.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use blog_core::{BaseUrl, PerPage};
use tracing::level_filters::LevelFilter;

/// The longest duration a setting may take: longer ones are surely a typo,
/// and a timer that far away is where `Instant + Duration` starts to overflow.
const MAX_DURATION: Duration = Duration::from_secs(24 * 60 * 60);

/// `IP:PORT`.
pub(super) fn addr(text: &str) -> Result<SocketAddr, String> {
    text.trim()
        .parse()
        .map_err(|_| "expected IP:PORT, such as 127.0.0.1:3000 or [::1]:3000".to_owned())
}

/// A file or folder path: any non-empty text.
pub(super) fn path(text: &str) -> Result<PathBuf, String> {
    if text.is_empty() {
        return Err("the path is empty".to_owned());
    }
    Ok(PathBuf::from(text))
}

/// Any text, kept as it is.
pub(super) fn text(text: &str) -> Result<String, String> {
    Ok(text.to_owned())
}

/// `true`/`false`, `1`/`0`, `yes`/`no`, `on`/`off`, in any case.
pub(super) fn boolean(text: &str) -> Result<bool, String> {
    match text.trim().to_ascii_lowercase().as_str() {
        "true" | "1" | "yes" | "on" => Ok(true),
        "false" | "0" | "no" | "off" => Ok(false),
        _ => Err("expected true or false (or 1/0, yes/no, on/off)".to_owned()),
    }
}

/// An absolute `http` or `https` URL, as [`BaseUrl`] checks it.
pub(super) fn base_url(text: &str) -> Result<BaseUrl, String> {
    BaseUrl::parse(text.trim()).map_err(|error| error.to_string())
}

/// A page size: a whole number from 1 to [`PerPage::MAX`].
pub(super) fn per_page(text: &str) -> Result<PerPage, String> {
    let out_of_range = || format!("expected a whole number from 1 to {}", PerPage::MAX);
    let n: u32 = text.trim().parse().map_err(|_| out_of_range())?;
    PerPage::new(n).ok_or_else(out_of_range)
}

/// A count of at least 1.
pub(super) fn positive(text: &str) -> Result<usize, String> {
    match text.trim().parse::<usize>() {
        Ok(n) if n >= 1 => Ok(n),
        _ => Err("expected a whole number, at least 1".to_owned()),
    }
}

/// `off`, `error`, `warn`, `info`, `debug` or `trace`, in any case.
pub(super) fn log_level(text: &str) -> Result<LevelFilter, String> {
    match text.trim().to_ascii_lowercase().as_str() {
        "off" => Ok(LevelFilter::OFF),
        "error" => Ok(LevelFilter::ERROR),
        "warn" => Ok(LevelFilter::WARN),
        "info" => Ok(LevelFilter::INFO),
        "debug" => Ok(LevelFilter::DEBUG),
        "trace" => Ok(LevelFilter::TRACE),
        _ => Err("expected off, error, warn, info, debug or trace".to_owned()),
    }
}

/// A whole number followed by an optional unit, with optional spaces between.
struct Quantity<'a> {
    number: u64,
    unit: &'a str,
}

impl<'a> Quantity<'a> {
    /// `example` shows a valid value in errors.
    fn parse(text: &'a str, example: &str) -> Result<Self, String> {
        let text = text.trim();
        if text.is_empty() {
            return Err(format!("the value is empty; expected, say, {example}"));
        }
        if text.starts_with('-') {
            return Err("the value is negative".to_owned());
        }
        let digits = text
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(text.len());
        let (number, unit) = text.split_at(digits);
        if number.is_empty() {
            return Err(format!(
                "{text:?} does not start with a number; expected, say, {example}"
            ));
        }
        if unit.starts_with(['.', ',']) {
            return Err(format!("expected a whole number, such as {example}"));
        }
        let number = number
            .parse()
            .map_err(|_| format!("{number} is too large"))?;
        Ok(Self {
            number,
            unit: unit.trim_start(),
        })
    }
}

/// A number of bytes: `0`, `65536`, `512KiB`, `64MiB`, `1GiB`; `B`, `KB`,
/// `MB`, `GB`, `TB` count in powers of 1000, `KiB`, `MiB`, `GiB`, `TiB` in
/// powers of 1024; units in any case.
pub(super) fn byte_size(text: &str) -> Result<u64, String> {
    const UNITS: &str = "B, KB, MB, GB, TB (powers of 1000) or KiB, MiB, GiB, TiB (powers of 1024)";
    let Quantity { number, unit } = Quantity::parse(text, "65536 or 64MiB")?;
    let scale: u64 = match unit.to_ascii_lowercase().as_str() {
        "" | "b" => 1,
        "kb" => 1000,
        "mb" => 1000_u64.pow(2),
        "gb" => 1000_u64.pow(3),
        "tb" => 1000_u64.pow(4),
        "kib" => 1 << 10,
        "mib" => 1 << 20,
        "gib" => 1 << 30,
        "tib" => 1 << 40,
        _ => return Err(format!("unknown unit {unit:?}; use {UNITS}")),
    };
    number
        .checked_mul(scale)
        .ok_or_else(|| format!("{} is more bytes than fit in 64 bits", text.trim()))
}

/// A duration: a whole number and a unit, `ms`, `s`, `m` or `h` (`500ms`,
/// `10s`, `2m`), more than zero and at most a day.
pub(super) fn duration(text: &str) -> Result<Duration, String> {
    let Quantity { number, unit } = Quantity::parse(text, "10s")?;
    let millis_per_unit: u64 = match unit {
        "ms" => 1,
        "s" => 1000,
        "m" => 60 * 1000,
        "h" => 60 * 60 * 1000,
        "" => {
            return Err(format!(
                "{number} has no unit; write, say, {number}s or {number}ms"
            ));
        }
        _ => return Err(format!("unknown unit {unit:?}; use ms, s, m or h")),
    };
    let too_long = || "longer than the most, 24h".to_owned();
    let millis = number.checked_mul(millis_per_unit).ok_or_else(too_long)?;
    let duration = Duration::from_millis(millis);
    if duration.is_zero() {
        return Err("must be more than zero".to_owned());
    }
    if duration > MAX_DURATION {
        return Err(too_long());
    }
    Ok(duration)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check<T: PartialEq + std::fmt::Debug>(
        parse: fn(&str) -> Result<T, String>,
        input: &str,
        expected: Result<T, &str>,
    ) {
        assert_eq!(
            parse(input),
            expected.map_err(str::to_owned),
            "input {input:?}"
        );
    }

    #[test]
    fn byte_sizes() {
        let ok = |input, n| check(byte_size, input, Ok(n));
        ok("0", 0);
        ok("65536", 65536);
        ok("512KiB", 512 * 1024);
        ok("64MiB", 64 << 20);
        ok("64 MiB", 64 << 20);
        ok(" 1GiB ", 1 << 30);
        ok("2TiB", 2 << 40);
        ok("10B", 10);
        ok("3KB", 3000);
        ok("3kb", 3000);
        ok("5MB", 5_000_000);
        ok("1GB", 1_000_000_000);
        ok("0GiB", 0);
        ok("18446744073709551615", u64::MAX);
        ok("16777215TiB", 16_777_215 << 40);
    }

    #[test]
    fn byte_size_errors() {
        let err = |input, reason| check(byte_size, input, Err(reason));
        err("", "the value is empty; expected, say, 65536 or 64MiB");
        err("  ", "the value is empty; expected, say, 65536 or 64MiB");
        err("-1", "the value is negative");
        err("-1MiB", "the value is negative");
        err(
            "MiB",
            "\"MiB\" does not start with a number; expected, say, 65536 or 64MiB",
        );
        err("1.5GiB", "expected a whole number, such as 65536 or 64MiB");
        err(
            "64MB/s",
            "unknown unit \"MB/s\"; use B, KB, MB, GB, TB (powers of 1000) or KiB, MiB, GiB, TiB (powers of 1024)",
        );
        err(
            "64M",
            "unknown unit \"M\"; use B, KB, MB, GB, TB (powers of 1000) or KiB, MiB, GiB, TiB (powers of 1024)",
        );
        err("18446744073709551616", "18446744073709551616 is too large");
        err(
            "16777216TiB",
            "16777216TiB is more bytes than fit in 64 bits",
        );
        err(
            "99999999999GB",
            "99999999999GB is more bytes than fit in 64 bits",
        );
    }

    #[test]
    fn durations() {
        let ok = |input, d| check(duration, input, Ok(d));
        ok("500ms", Duration::from_millis(500));
        ok("1ms", Duration::from_millis(1));
        ok("10s", Duration::from_secs(10));
        ok("10 s", Duration::from_secs(10));
        ok("2m", Duration::from_secs(120));
        ok("1h", Duration::from_secs(3600));
        ok("24h", Duration::from_secs(86_400));
        ok("86400000ms", Duration::from_secs(86_400));
    }

    #[test]
    fn duration_errors() {
        let err = |input, reason| check(duration, input, Err(reason));
        err("", "the value is empty; expected, say, 10s");
        err("-5s", "the value is negative");
        err("0s", "must be more than zero");
        err("0ms", "must be more than zero");
        err("10", "10 has no unit; write, say, 10s or 10ms");
        err("10S", "unknown unit \"S\"; use ms, s, m or h");
        err("10sec", "unknown unit \"sec\"; use ms, s, m or h");
        err("1d", "unknown unit \"d\"; use ms, s, m or h");
        err("1.5s", "expected a whole number, such as 10s");
        err(
            "s",
            "\"s\" does not start with a number; expected, say, 10s",
        );
        err("25h", "longer than the most, 24h");
        err("86400001ms", "longer than the most, 24h");
        err("18446744073709551615h", "longer than the most, 24h");
        err("99999999999999999999s", "99999999999999999999 is too large");
    }

    #[test]
    fn page_sizes_and_counts() {
        check(per_page, "1", Ok(PerPage::new(1).expect("in range")));
        check(per_page, "100", Ok(PerPage::LARGEST));
        let range = "expected a whole number from 1 to 100";
        for bad in ["0", "101", "-1", "ten", "", "4294967296"] {
            check(per_page, bad, Err(range));
        }
        check(positive, "1", Ok(1));
        check(positive, "1024", Ok(1024));
        for bad in ["0", "-3", "many", "", "99999999999999999999"] {
            check(positive, bad, Err("expected a whole number, at least 1"));
        }
    }

    #[test]
    fn other_values() {
        check(
            addr,
            "127.0.0.1:3000",
            Ok(SocketAddr::from(([127, 0, 0, 1], 3000))),
        );
        check(
            addr,
            "[::1]:0",
            Ok(SocketAddr::from((std::net::Ipv6Addr::LOCALHOST, 0))),
        );
        check(
            addr,
            "localhost:3000",
            Err("expected IP:PORT, such as 127.0.0.1:3000 or [::1]:3000"),
        );
        check(boolean, "TRUE", Ok(true));
        check(boolean, "off", Ok(false));
        check(
            boolean,
            "maybe",
            Err("expected true or false (or 1/0, yes/no, on/off)"),
        );
        check(log_level, "Debug", Ok(LevelFilter::DEBUG));
        check(log_level, "off", Ok(LevelFilter::OFF));
        check(
            log_level,
            "verbose",
            Err("expected off, error, warn, info, debug or trace"),
        );
        check(
            base_url,
            "https://blog.example.org/",
            Ok(BaseUrl::parse("https://blog.example.org").expect("valid")),
        );
        check(
            base_url,
            "blog.example.org",
            Err("base URL \"blog.example.org\" is invalid: it must start with http:// or https://"),
        );
        check(path, "", Err("the path is empty"));
    }
}
