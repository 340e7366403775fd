//! Other sites' URLs, asked over HTTP: each once, a bounded number at a
//! time, each within a time limit.
//!
//! A blocking client on a few threads: `blog` has no async runtime, and a
//! check asks a few hundred URLs at most, where threads cost nothing that
//! matters. A URL is asked with HEAD, then with GET if the server does not
//! take HEAD (405, 501); redirects are followed up to a limit. A status of
//! 400 or more, a name that does not resolve, a refused connection or a
//! timeout is a failure.

use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use indicatif::ProgressBar;
use ureq::Agent;
use ureq::http::StatusCode;

/// How other sites are asked.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Options {
    /// How many requests may be under way at once.
    pub(crate) concurrency: usize,
    /// How long one URL may take, redirects included.
    pub(crate) timeout: Duration,
    /// How many redirects to follow before giving up.
    pub(crate) max_redirects: u32,
}

/// Asks each of `urls` once; returns the failures, each with its reason,
/// in the order of `urls`. `progress` advances by one per URL.
pub(crate) fn check(
    urls: &[String],
    options: Options,
    progress: &ProgressBar,
) -> Vec<(String, String)> {
    let agent: Agent = Agent::config_builder()
        .timeout_global(Some(options.timeout))
        .max_redirects(options.max_redirects)
        .http_status_as_error(false)
        .user_agent(concat!("blog-check/", env!("CARGO_PKG_VERSION")))
        .build()
        .into();
    let next = AtomicUsize::new(0);
    let failures = Mutex::new(Vec::new());
    let workers = options.concurrency.clamp(1, urls.len().max(1));
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(url) = urls.get(i) else { break };
                    let failure = probe(&agent, url, options);
                    progress.inc(1);
                    if let Some(reason) = failure
                        && let Ok(mut failures) = failures.lock()
                    {
                        failures.push((i, reason));
                    }
                }
            });
        }
    });
    let mut failures = failures.into_inner().unwrap_or_else(|e| e.into_inner());
    failures.sort();
    failures
        .into_iter()
        .map(|(i, reason)| (urls[i].clone(), reason))
        .collect()
}

/// Why `url` fails, if it does.
fn probe(agent: &Agent, url: &str, options: Options) -> Option<String> {
    let answer = match agent.head(url).call() {
        Ok(response)
            if matches!(
                response.status(),
                StatusCode::METHOD_NOT_ALLOWED | StatusCode::NOT_IMPLEMENTED
            ) =>
        {
            agent.get(url).call()
        }
        other => other,
    };
    match answer {
        Ok(response) => status_failure(response.status()),
        Err(error) => Some(reason(&error, options)),
    }
}

/// Why a final status is a failure: 400 and above.
fn status_failure(status: StatusCode) -> Option<String> {
    (status.as_u16() >= 400).then(|| match status.canonical_reason() {
        Some(reason) => format!("{} {reason}", status.as_u16()),
        None => status.as_u16().to_string(),
    })
}

/// A request's error in a few words.
fn reason(error: &ureq::Error, options: Options) -> String {
    match error {
        ureq::Error::Timeout(_) => format!("timed out after {} s", options.timeout.as_secs()),
        ureq::Error::HostNotFound => "host not found".to_owned(),
        ureq::Error::ConnectionFailed => "connection failed".to_owned(),
        ureq::Error::TooManyRedirects => {
            format!("more than {} redirects", options.max_redirects)
        }
        ureq::Error::Io(io) => match io.kind() {
            std::io::ErrorKind::ConnectionRefused => "connection refused".to_owned(),
            std::io::ErrorKind::TimedOut => {
                format!("timed out after {} s", options.timeout.as_secs())
            }
            _ => io.to_string(),
        },
        other => other.to_string(),
    }
}
