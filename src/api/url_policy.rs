//! Where the key may be sent: https anywhere, plain http to loopback only, and never a URL
//! that carries credentials or a query of its own.

use std::net::IpAddr;

use reqwest::Url;

use super::{ApiError, one_line};

/// Checks a base URL before anything is sent: https anywhere, plain http to loopback only.
/// Returns the URL and a `host[:port]` label for messages.
pub fn check_base_url(base_url: &str) -> Result<(Url, String), ApiError> {
    let url = Url::parse(base_url.trim()).map_err(|_| ApiError::BadUrl(one_line(base_url)))?;
    let host = url
        .host_str()
        .ok_or_else(|| ApiError::BadUrl(one_line(base_url)))?
        .to_string();
    let label = match url.port() {
        Some(p) => format!("{host}:{p}"),
        None => host.clone(),
    };
    match url.scheme() {
        "https" => {}
        "http" if is_loopback(&url) => {}
        "http" => return Err(ApiError::InsecureUrl { host: label }),
        _ => return Err(ApiError::BadUrl(one_line(base_url))),
    }
    if url.query().is_some() || !url.username().is_empty() || url.password().is_some() {
        return Err(ApiError::UrlExtras(label));
    }
    Ok((url, label))
}

/// True for `localhost`, 127.0.0.0/8 and ::1, compared as whole hosts (so
/// `localhost.example.com` and `127.0.0.1.nip.io` are not loopback).
pub fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(ip)) => IpAddr::V4(ip).is_loopback(),
        Some(url::Host::Ipv6(ip)) => IpAddr::V6(ip).is_loopback(),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_policy() {
        for ok in [
            "https://api.clarityq.ai",
            "http://127.0.0.1:8787",
            "http://127.9.9.9",
            "http://localhost:1",
            "http://[::1]:80",
            "https://example.com/prefix/",
        ] {
            assert!(check_base_url(ok).is_ok(), "{ok}");
        }
        for bad in [
            "http://example.com",
            "http://localhost.example.com",
            "http://127.0.0.1.nip.io",
            "http://10.0.0.1",
            "http://[::2]",
        ] {
            assert!(
                matches!(check_base_url(bad), Err(ApiError::InsecureUrl { .. })),
                "{bad}"
            );
        }
        for extra in [
            "https://u:p@host",
            "https://host/?a=b",
            "http://u@127.0.0.1",
        ] {
            let e = check_base_url(extra).unwrap_err();
            assert!(matches!(e, ApiError::UrlExtras(_)), "{extra}");
            assert!(!e.to_string().contains("p@") && e.to_string().contains("query or a user"));
        }
        for bad in ["ftp://x", "not a url"] {
            assert!(
                matches!(check_base_url(bad), Err(ApiError::BadUrl(_))),
                "{bad}"
            );
        }
    }
}
