//! Turning what went wrong on the wire into one typed, one-line error, and whether it is
//! worth another attempt. Messages are built here, never from reqwest's `Display`, which
//! embeds the URL and its query (emails are personal data).

use std::time::{Duration, Instant};

use reqwest::StatusCode;

use super::{ApiError, Client, one_line};

/// The outcome of one attempt.
pub(super) enum Failure {
    Retry {
        err: ApiError,
        retry_after: Option<Duration>,
    },
    Fatal(ApiError),
}

impl Client {
    /// Classifies a transport error. The message is built here, never from reqwest's
    /// `Display`, which embeds the URL and its query (emails are personal data).
    pub(super) fn transport(&self, e: &reqwest::Error, started: Instant) -> Failure {
        let host = self.host.clone();
        let err = if e.is_timeout() {
            ApiError::Timeout {
                what: self.which_timeout(e, started.elapsed()),
                attempts: 1,
            }
        } else if let Some(why) = certificate_problem(e) {
            // Retrying cannot mend a certificate: say so at once.
            return Failure::Fatal(ApiError::Certificate { host, why });
        } else if e.is_connect() && not_tls(e) {
            // The same server would answer the same way: no retries.
            return Failure::Fatal(ApiError::NotTls { host });
        } else if e.is_connect() {
            ApiError::Connect { host, attempts: 1 }
        } else if let Some(what) = not_decompressible(e) {
            // The same bytes would come again: retrying cannot mend them.
            let status = e.status().map_or(200, |s| s.as_u16());
            return Failure::Fatal(ApiError::UnexpectedBody { status, what });
        } else if e.is_body() || e.is_decode() {
            ApiError::Network {
                host,
                what: "the connection dropped mid-response".into(),
                attempts: 1,
            }
        } else if e.is_redirect() {
            return Failure::Fatal(ApiError::Redirect { status: 0 });
        } else {
            ApiError::Network {
                host,
                what: root_cause(e),
                attempts: 1,
            }
        };
        Failure::Retry {
            err,
            retry_after: None,
        }
    }

    /// A body that went silent for the silence bound: tried again.
    pub(super) fn stalled(&self) -> Failure {
        let what = format!(
            "the response stalled: no data for {} s",
            self.opts.read_timeout.as_secs()
        );
        Failure::Retry {
            err: ApiError::Timeout { what, attempts: 1 },
            retry_after: None,
        }
    }

    /// Which limit ended a request: the connection's, or the whole request's (an answer
    /// slow to come, or a body that was flowing but too slowly or for too long). A body's
    /// silence is timed by the reader ([`Client::stalled`]).
    fn which_timeout(&self, e: &reqwest::Error, elapsed: Duration) -> String {
        let o = &self.opts;
        if e.is_connect() {
            return format!("no connection within {} s", o.connect_timeout.as_secs());
        }
        // The total bound fired when the elapsed time reached it (less a little scheduling).
        match elapsed + Duration::from_millis(250) >= o.total_timeout {
            true => format!(
                "the whole request took longer than {} s",
                o.total_timeout.as_secs()
            ),
            false => format!("no response within {} s", o.total_timeout.as_secs()),
        }
    }
}

pub(super) fn reason(s: StatusCode) -> Option<String> {
    s.canonical_reason().map(str::to_string)
}

/// An error and each of its causes, outermost first.
fn causes(e: &reqwest::Error) -> impl Iterator<Item = &dyn std::error::Error> {
    std::iter::successors(Some(e as &dyn std::error::Error), |s| s.source())
}

/// The reason a TLS certificate was refused, if that is what ended the connection.
fn certificate_problem(e: &reqwest::Error) -> Option<String> {
    causes(e).map(|s| s.to_string()).find_map(|text| {
        let ours = text.to_ascii_lowercase().contains("certificate") && !text.contains("://");
        ours.then(|| certificate_words(&text))
    })
}

/// A handshake answered with bytes that are not TLS (rustls: "received corrupt message of
/// type InvalidContentType"): most often an `https://` base_url pointed at a plain-http
/// port, which retrying cannot mend and "cannot connect" misnamed.
fn not_tls(e: &reqwest::Error) -> bool {
    causes(e).any(|s| s.to_string().contains("InvalidContentType"))
}

/// The TLS library's reason in words a user can act on; its own text names internal
/// enums and, for some reasons, dumps object identifiers as byte lists.
fn certificate_words(text: &str) -> String {
    const WORDS: [(&str, &str); 7] = [
        ("Expired", "it has expired"),
        ("NotValidYet", "it is not valid yet"),
        ("NotValidForName", "it was issued for another name"),
        ("Revoked", "it was revoked"),
        (
            "UnknownIssuer",
            "no authority this machine trusts issued it",
        ),
        ("BadSignature", "no authority this machine trusts signed it"),
        ("CaUsedAsEndEntity", "it is an authority's own certificate"),
    ];
    match WORDS.iter().find(|(k, _)| text.contains(k)) {
        Some((_, words)) => (*words).to_string(),
        None if text.len() > 120 || text.contains('[') => {
            "it is not one this machine trusts".to_string()
        }
        None => one_line(text),
    }
}

/// A body its `Content-Encoding` does not describe (a plain body labelled gzip, br, zstd
/// or deflate): the decoder's own error, an `io::Error` right under the request's own
/// errors, that carries no cause of its own (gzip and deflate say invalid data, brotli
/// and zstd "other"). An error of the connection (TLS, chunked framing) comes with
/// hyper's error between, or as the cause of the `io::Error`, and a cut mid-body is an
/// end-of-file (deflate's "unexpected BufError"): those are retried as the network.
fn not_decompressible(e: &reqwest::Error) -> Option<String> {
    use std::error::Error;
    use std::io::ErrorKind;
    if !e.is_decode() {
        return None;
    }
    let mut src: &dyn Error = e;
    while src.downcast_ref::<reqwest::Error>().is_some() {
        src = src.source()?;
    }
    let io = src.downcast_ref::<std::io::Error>()?;
    let decoder = match io.kind() {
        ErrorKind::InvalidData | ErrorKind::InvalidInput => true,
        // The decoder's own message, not a body error passed through it, nor flate2's
        // word for a deflate stream that ended early (a cut body: the network's).
        ErrorKind::Other => io.get_ref().is_some_and(|inner| {
            inner.downcast_ref::<reqwest::Error>().is_none()
                && inner.source().is_none()
                && inner.to_string() != "unexpected BufError"
        }),
        _ => false,
    };
    (decoder && src.source().is_none()).then(|| {
        format!(
            "the body does not decompress as its Content-Encoding says ({})",
            one_line(&io.to_string())
        )
    })
}

fn root_cause(e: &reqwest::Error) -> String {
    let mut src: &dyn std::error::Error = e;
    while let Some(next) = src.source() {
        src = next;
    }
    let s = src.to_string();
    if s.contains("http") && s.contains("://") {
        "request failed".into()
    } else {
        one_line(&s)
    }
}

pub(super) fn with_attempts(err: ApiError, n: u32, retry_after: Option<Duration>) -> ApiError {
    match err {
        ApiError::RateLimited { .. } => ApiError::RateLimited {
            retry_after,
            attempts: n,
        },
        ApiError::Server { status, detail, .. } => ApiError::Server {
            status,
            detail,
            attempts: n,
        },
        ApiError::Timeout { what, .. } => ApiError::Timeout { what, attempts: n },
        ApiError::Connect { host, .. } => ApiError::Connect { host, attempts: n },
        ApiError::Network { host, what, .. } => ApiError::Network {
            host,
            what,
            attempts: n,
        },
        other => other,
    }
}

/// An error's body, at most `cap` bytes, read until it ends or is silent for `silence`
/// (what came until then is kept: the status already says what happened).
pub(super) async fn read_capped(
    mut resp: reqwest::Response,
    cap: usize,
    silence: Duration,
) -> Vec<u8> {
    let mut out = Vec::new();
    while let Ok(Ok(Some(chunk))) = tokio::time::timeout(silence, resp.chunk()).await {
        let room = cap.saturating_sub(out.len());
        out.extend_from_slice(&chunk[..chunk.len().min(room)]);
        if out.len() >= cap {
            break;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::certificate_words;

    #[test]
    fn certificate_reasons_are_words() {
        assert_eq!(
            certificate_words("invalid peer certificate: Expired"),
            "it has expired"
        );
        let dump = "invalid peer certificate: UnsupportedSignatureAlgorithmForPublicKeyContext { signature_algorithm_id: [6, 8, 42, 134, 72, 206, 61, 4, 3, 2] }";
        assert_eq!(certificate_words(dump), "it is not one this machine trusts");
        assert_eq!(
            certificate_words("certificate refused"),
            "certificate refused"
        );
    }
}
