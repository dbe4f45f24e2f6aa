//! Every way a request can fail, as one typed error whose `Display` is the one line a user
//! sees: what happened, and what to do. No URL, query string or key ever goes into it.

use std::time::Duration;
use thiserror::Error;

use crate::model::DecodeError;

#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum ApiError {
    #[error(
        "the API key was refused (401{}): check the key in {key_source}",
        detail_suffix(detail)
    )]
    Unauthorized {
        detail: Option<String>,
        key_source: String,
    },

    #[error(
        "the API key in {key_source} holds characters an HTTP header cannot carry (nothing was sent): copy the key again"
    )]
    KeyNotSendable { key_source: String },

    #[error(
        "the certificate of {host} was refused ({why}): check base_url, or the clock, or a proxy that intercepts HTTPS"
    )]
    Certificate { host: String, why: String },

    #[error(
        "{host} did not answer in TLS: base_url says https, but the server there speaks something else (plain http?): check base_url's scheme and port"
    )]
    NotTls { host: String },

    #[error(
        "access denied (403): {}: ask a ClarityQ admin to enable usage tracking or grant the key access",
        detail.as_deref().unwrap_or("this key may not read prompt usage")
    )]
    Forbidden { detail: Option<String> },

    // A base_url with a wrong path is a 404 too, with the same FastAPI "Not Found":
    // naming the product alone sent people to the wrong setting.
    #[error(
        "not found (404{}): check product_id, and base_url (the address /api/v1 follows)",
        detail_suffix(detail)
    )]
    NotFound { detail: Option<String> },

    #[error("the server rejected the request (422): {}", problems.join("; "))]
    Invalid { problems: Vec<String> },

    #[error("rate limited (429) after {}{}: try again later", tries(*attempts), wait_hint(*retry_after))]
    RateLimited {
        retry_after: Option<Duration>,
        attempts: u32,
    },

    #[error(
        "server error ({status}{}) after {}: try again later",
        detail_suffix(detail),
        tries(*attempts)
    )]
    Server {
        status: u16,
        detail: Option<String>,
        attempts: u32,
    },

    #[error(
        "unexpected HTTP status {status}{}: check base_url and product_id, or update clarityq-usage if the API has changed",
        detail_suffix(detail)
    )]
    Status { status: u16, detail: Option<String> },

    #[error(
        "the server redirected ({status}) elsewhere; not followed so the key stays safe: check base_url"
    )]
    Redirect { status: u16 },

    #[error("unexpected response (HTTP {status}): {what}")]
    UnexpectedBody { status: u16, what: String },

    #[error("malformed response: {0}")]
    Malformed(DecodeError),

    #[error(
        "malformed response: the response is larger than {} MiB once decompressed: narrow the range or the products, or raise max_response_mb",
        limit >> 20
    )]
    TooLarge { limit: u64 },

    #[error(
        "the server did not answer in time ({what}) after {}: {}",
        tries(*attempts),
        timeout_hint(what)
    )]
    Timeout { what: String, attempts: u32 },

    #[error("cannot connect to {host} after {}: check base_url and the network", tries(*attempts))]
    Connect { host: String, attempts: u32 },

    #[error(
        "network error talking to {host} after {}: {what}: check the network, or a proxy on the way",
        tries(*attempts)
    )]
    Network {
        host: String,
        what: String,
        attempts: u32,
    },

    #[error(
        "refusing to send the API key over plain http to {host}: use https (plain http is allowed for loopback only)"
    )]
    InsecureUrl { host: String },

    #[error("base_url '{0}' is not a usable URL: use https://host[:port]")]
    BadUrl(String),

    /// Named by host only: the URL may hold a password.
    #[error(
        "base_url for {0} carries a query or a user name and password: give https://host[:port][/path] alone (the key goes in api_key)"
    )]
    UrlExtras(String),

    #[error("cannot set up HTTPS: {0}")]
    Tls(String),

    /// A task of the program's own that failed (a panic off the UI thread).
    #[error(
        "an internal error stopped the request (details in the log): try again; if it comes back, report it with the log"
    )]
    Internal,
}

/// What to do about a timeout: a body that went silent is not helped by a longer
/// `timeout_secs` (the silence bound is its own), an answer slow to come is.
fn timeout_hint(what: &str) -> &'static str {
    match what.starts_with("the response stalled") {
        true => "check the network, or a proxy on the way",
        false => "check the network or raise timeout_secs",
    }
}

/// "1 attempt", "4 attempts" (`retries = 0` in the config makes one).
fn tries(n: u32) -> String {
    crate::numbers::count_of(u64::from(n), "attempt", "attempts")
}

fn detail_suffix(d: &Option<String>) -> String {
    d.as_deref().map(|d| format!(": {d}")).unwrap_or_default()
}

fn wait_hint(d: Option<Duration>) -> String {
    d.map(|d| format!("; the server asks to wait {} s", d.as_secs()))
        .unwrap_or_default()
}

impl ApiError {
    /// A short cause, for "attempt 1 of 4 failed (...)" while retrying.
    pub fn cause(&self) -> String {
        match self {
            ApiError::RateLimited { .. } => "rate limited (429)".into(),
            ApiError::Server { status, .. } => format!("server error {status}"),
            ApiError::Timeout { what, .. } => format!("timed out: {what}"),
            ApiError::Connect { host, .. } => format!("cannot connect to {host}"),
            ApiError::Network { what, .. } => what.clone(),
            other => other.to_string(),
        }
    }

    /// The process exit code for this error (see the README): 2 bad input, 3 config or
    /// auth, 4 API or network, 5 malformed response.
    pub fn exit_code(&self) -> u8 {
        match self {
            ApiError::Invalid { .. } => 2,
            ApiError::Unauthorized { .. }
            | ApiError::Forbidden { .. }
            | ApiError::NotFound { .. }
            | ApiError::InsecureUrl { .. }
            | ApiError::BadUrl(_)
            | ApiError::UrlExtras(_)
            | ApiError::Redirect { .. }
            | ApiError::Tls(_)
            | ApiError::KeyNotSendable { .. }
            | ApiError::Certificate { .. }
            | ApiError::NotTls { .. } => 3,
            // Another 4xx is not retried and would come again: the request is wrong (a
            // base_url that points elsewhere), not the network; a cron wrapper that
            // tries again on 4 would try forever.
            ApiError::Status { status, .. } if (400..500).contains(status) => 3,
            ApiError::RateLimited { .. }
            | ApiError::Server { .. }
            | ApiError::Status { .. }
            | ApiError::Timeout { .. }
            | ApiError::Connect { .. }
            | ApiError::Network { .. } => 4,
            ApiError::Internal => 1,
            ApiError::UnexpectedBody { .. }
            | ApiError::Malformed(_)
            | ApiError::TooLarge { .. } => 5,
        }
    }
}

/// Reads `detail` out of a FastAPI error body: a string, or a list of validation errors
/// rendered as `loc: msg`. Anything else (HTML from a proxy, garbage) gives `None`: such a
/// body is never shown.
pub fn fastapi_detail(body: &[u8]) -> Option<Detail> {
    let v: serde_json::Value = serde_json::from_slice(body).ok()?;
    match v.get("detail")? {
        serde_json::Value::String(s) => Some(Detail::Text(one_line(s))),
        serde_json::Value::Array(items) => {
            let mut out = Vec::new();
            for it in items {
                let loc = it
                    .get("loc")
                    .and_then(|l| l.as_array())
                    .map(|l| {
                        l.iter()
                            // "query"/"path"/"body" say where, not which; the rest names the parameter.
                            .filter(|p| {
                                !matches!(p.as_str(), Some("query" | "path" | "body" | "header"))
                            })
                            .map(|p| {
                                p.as_str()
                                    .map(str::to_string)
                                    .unwrap_or_else(|| p.to_string())
                            })
                            .collect::<Vec<_>>()
                            .join(".")
                    })
                    .unwrap_or_default();
                let msg = it.get("msg").and_then(|m| m.as_str()).unwrap_or("invalid");
                out.push(one_line(&if loc.is_empty() {
                    msg.to_string()
                } else {
                    format!("{loc}: {msg}")
                }));
            }
            (!out.is_empty()).then_some(Detail::Problems(out))
        }
        other => Some(Detail::Text(one_line(&other.to_string()))),
    }
}

/// What a FastAPI error body said.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Detail {
    Text(String),
    Problems(Vec<String>),
}

impl Detail {
    /// Each text of the detail through `f` (the key scrubbed from it).
    pub fn map(self, f: impl Fn(&str) -> String) -> Self {
        match self {
            Detail::Text(t) => Detail::Text(f(&t)),
            Detail::Problems(p) => Detail::Problems(p.iter().map(|t| f(t)).collect()),
        }
    }

    pub fn into_text(self) -> String {
        match self {
            Detail::Text(t) => t,
            Detail::Problems(p) => p.join("; "),
        }
    }
}

pub use crate::sanitize::one_line;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_fastapi_bodies() {
        let b = br#"{"detail":[{"type":"missing","loc":["query","start_date"],"msg":"Field required","input":null}]}"#;
        assert_eq!(
            fastapi_detail(b),
            Some(Detail::Problems(vec!["start_date: Field required".into()]))
        );
        let b = br#"{"detail":"Prompt usage tracking is not enabled"}"#;
        assert_eq!(
            fastapi_detail(b),
            Some(Detail::Text("Prompt usage tracking is not enabled".into()))
        );
        assert_eq!(
            fastapi_detail(b"<html><body>502 Bad Gateway</body></html>"),
            None
        );
        assert_eq!(fastapi_detail(b""), None);
        let b = br#"{"detail":[{"loc":["query","product_ids",0],"msg":"bad uuid"}]}"#;
        assert_eq!(
            fastapi_detail(b),
            Some(Detail::Problems(vec!["product_ids.0: bad uuid".into()]))
        );
    }

    #[test]
    fn one_line_strips_control_and_length() {
        assert_eq!(one_line("a\n\x1b[2Jb\t c"), "a [2Jb c");
        assert_eq!(one_line(&"x".repeat(500)).chars().count(), 200);
    }

    #[test]
    fn messages_are_one_line() {
        let e = ApiError::Forbidden { detail: None };
        assert!(e.to_string().contains("enable usage tracking"));
        let e = ApiError::Server {
            status: 502,
            detail: None,
            attempts: 4,
        };
        assert_eq!(
            e.to_string(),
            "server error (502) after 4 attempts: try again later"
        );
        assert_eq!(e.exit_code(), 4);
        let once = ApiError::Connect {
            host: "h".into(),
            attempts: 1,
        };
        assert_eq!(
            once.to_string(),
            "cannot connect to h after 1 attempt: check base_url and the network"
        );
    }
}
