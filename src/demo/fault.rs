//! The ways the contract server can misbehave, for the fault tests: an error status, a
//! redirect, a delay, a body that is cut, stalls or is not what the contract says.

use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::Response;
use futures_util::StreamExt;
use serde_json::json;

/// A way for the server to misbehave on one request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Fault {
    /// Answer with this status, body and content type; `retry_after` sets that header.
    Status {
        status: u16,
        body: String,
        content_type: &'static str,
        retry_after: Option<String>,
    },
    /// A 307 to this URL (another origin, in tests: a key must never follow it).
    Redirect(String),
    /// Answer normally after a delay.
    Delay(Duration),
    /// A 200 whose body is cut in the middle of a row (the HTTP framing itself is fine).
    Truncated,
    /// A 200 that announces more bytes than it sends, then closes the connection.
    CutConnection,
    /// Half of a body truly compressed as this `Content-Encoding` says (`gzip` or
    /// `deflate`), then a clean end: the body was cut, not misdescribed.
    CutCompressed(&'static str),
    /// [`Fault::CutConnection`] inside a body truly gzip-compressed: the network's error
    /// comes through the decoder.
    CutGzip,
    /// A 200 that sends the start of the body and then nothing, forever.
    Stall,
    /// A 200 with exactly this body, as JSON (malformed rows, duplicates, bad dates...).
    Body(String),
    /// A 200 whose body repeats the data's first row, quickly and forever: a body with no
    /// end, as from a broken proxy (the client must bound what it takes in).
    Endless,
    /// A 200 sent with this `Content-Encoding` (a spelling of gzip) whose few hundred
    /// kilobytes inflate to [`BOMB_BYTES`] of rows: a compression bomb (the bound is on
    /// what is inflated).
    GzipBomb(&'static str),
    /// A 200 truly gzip-compressed, labelled with this spelling of it (`GZIP`, `x-gzip`:
    /// codings are case-insensitive, and x-gzip is gzip), or with a coding that is not
    /// gzip at all.
    Compressed(&'static str),
    /// A 200 that says this `Content-Encoding` (`gzip`, `br`, `zstd`, `deflate`) over a
    /// plain JSON body: a proxy or server that labels what it did not compress.
    Mislabelled(&'static str),
    /// A 200 with every origin's rows whatever `origin` asks for, as a server that reads
    /// `prompt_count` as "across all origins" would send: the per-origin answers then
    /// add up to three times the whole.
    IgnoreOrigin,
}

impl Fault {
    pub fn status_json(status: u16, detail: &str) -> Fault {
        Fault::Status {
            status,
            body: json!({ "detail": detail }).to_string(),
            content_type: "application/json",
            retry_after: None,
        }
    }
    /// A proxy's HTML error page.
    pub fn html(status: u16) -> Fault {
        Fault::Status {
            status,
            body: format!(
                "<html><head><title>{status}</title></head><body><h1>{status} Bad Gateway</h1><p>nginx</p></body></html>"
            ),
            content_type: "text/html",
            retry_after: None,
        }
    }
    /// 429 with a `Retry-After` value (seconds or an HTTP date).
    pub fn rate_limited(retry_after: &str) -> Fault {
        Fault::Status {
            status: 429,
            body: json!({ "detail": "Too many requests" }).to_string(),
            content_type: "application/json",
            retry_after: Some(retry_after.to_string()),
        }
    }
    /// 403: usage tracking is off for the organization.
    pub fn tracking_disabled() -> Fault {
        Fault::status_json(
            403,
            "Prompt usage tracking is not enabled for this organization",
        )
    }
    /// A 200 with a body that is not JSON at all.
    pub fn malformed() -> Fault {
        Fault::Body("[{\"product_id\": oops}]".into())
    }

    /// The answer of a fault that replaces the data, or waits before it; `None` when the
    /// data is to be served (and then shaped by [`Fault::with_data`]).
    pub(super) async fn before_data(&self) -> Option<Response> {
        match self {
            Fault::Status {
                status,
                body,
                content_type,
                retry_after,
            } => {
                let mut r = Response::new(Body::from(body.clone()));
                *r.status_mut() =
                    StatusCode::from_u16(*status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
                r.headers_mut()
                    .insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
                if let Some(ra) = retry_after
                    .as_deref()
                    .and_then(|v| HeaderValue::from_str(v).ok())
                {
                    r.headers_mut().insert(header::RETRY_AFTER, ra);
                }
                Some(r)
            }
            Fault::Redirect(to) => {
                let mut r = Response::new(Body::empty());
                *r.status_mut() = StatusCode::TEMPORARY_REDIRECT;
                if let Ok(v) = HeaderValue::from_str(to) {
                    r.headers_mut().insert(header::LOCATION, v);
                }
                Some(r)
            }
            Fault::Delay(d) => {
                tokio::time::sleep(*d).await;
                None
            }
            Fault::Body(b) => Some(json_body(Body::from(b.clone()), None)),
            _ => None,
        }
    }

    /// The data's JSON `body`, served the way this fault spoils it.
    pub(super) fn with_data(self, body: Vec<u8>) -> Response {
        match self {
            Fault::Truncated => {
                let cut = body.len().saturating_sub(1).min(body.len() / 2 + 17);
                json_body(Body::from(body[..cut].to_vec()), None)
            }
            Fault::CutConnection => {
                let half = body[..body.len() / 2].to_vec();
                let stream =
                    futures_util::stream::iter([Ok::<_, std::io::Error>(Bytes::from(half))])
                        .chain_err_after();
                json_body(Body::from_stream(stream), Some(body.len() + 100))
            }
            Fault::CutGzip => {
                let zipped = compressed("gzip", &body);
                let half = zipped[..zipped.len() / 2].to_vec();
                let stream =
                    futures_util::stream::iter([Ok::<_, std::io::Error>(Bytes::from(half))])
                        .chain_err_after();
                labelled(
                    json_body(Body::from_stream(stream), Some(zipped.len() + 100)),
                    "gzip",
                )
            }
            Fault::CutCompressed(encoding) => {
                let zipped = compressed(encoding, &body);
                let half = zipped[..zipped.len() / 2].to_vec();
                labelled(json_body(Body::from(half), None), encoding)
            }
            Fault::Stall => {
                let first = body[..body.len().min(64)].to_vec();
                let stream =
                    futures_util::stream::iter([Ok::<_, std::io::Error>(Bytes::from(first))])
                        .chain(futures_util::stream::pending());
                json_body(Body::from_stream(stream), None)
            }
            Fault::Endless => {
                let row = first_row(&body);
                let stream =
                    futures_util::stream::iter([Ok::<_, std::io::Error>(Bytes::from_static(b"["))])
                        .chain(futures_util::stream::repeat_with(move || {
                            Ok(Bytes::from(row.repeat(256)))
                        }));
                json_body(Body::from_stream(stream), None)
            }
            Fault::GzipBomb(encoding) => labelled(
                json_body(Body::from(gzip_bomb(&first_row(&body))), None),
                encoding,
            ),
            Fault::Compressed(encoding) => labelled(
                json_body(Body::from(compressed("gzip", &body)), None),
                encoding,
            ),
            Fault::Mislabelled(encoding) => labelled(json_body(Body::from(body), None), encoding),
            _ => json_body(Body::from(body), None),
        }
    }
}

/// `r` with a `Content-Encoding` of `encoding`.
fn labelled(mut r: Response, encoding: &'static str) -> Response {
    r.headers_mut()
        .insert(header::CONTENT_ENCODING, HeaderValue::from_static(encoding));
    r
}

/// `body` compressed as `encoding` says: `deflate` (zlib), else gzip.
fn compressed(encoding: &str, body: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut out = Vec::new();
    let _ = match encoding {
        "deflate" => {
            let mut z = flate2::write::ZlibEncoder::new(&mut out, Default::default());
            z.write_all(body).and_then(|()| z.finish().map(drop))
        }
        _ => {
            let mut z = flate2::write::GzEncoder::new(&mut out, Default::default());
            z.write_all(body).and_then(|()| z.finish().map(drop))
        }
    };
    out
}

/// What [`Fault::GzipBomb`] inflates to: 256 MiB, far past any bound a test sets.
pub const BOMB_BYTES: usize = 256 << 20;

/// `[` and `row` repeated to [`BOMB_BYTES`], gzip-compressed (about 1,000 to 1).
fn gzip_bomb(row: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    let block = row.repeat((1 << 20) / row.len().max(1));
    let _ = gz.write_all(b"[");
    let mut written = 1;
    while written < BOMB_BYTES {
        let _ = gz.write_all(&block);
        written += block.len();
    }
    gz.finish().unwrap_or_default()
}

/// The first row of a JSON array body with a trailing comma (`{...},`), or a made-up one
/// when the data is empty.
fn first_row(body: &[u8]) -> Vec<u8> {
    let end = body.iter().position(|&b| b == b'}').map_or(0, |i| i + 1);
    let mut row = if end > 1 {
        body[1..end].to_vec()
    } else {
        br#"{"product_id":"00000000-0000-0000-0000-000000000001","product_name":"P","user_id":"00000000-0000-0000-0000-000000000002","user_email":"a@x.io","date":"2000-01-01","prompt_count":1}"#.to_vec()
    };
    row.push(b',');
    row
}

/// Ends a stream with an I/O error, which makes hyper drop the connection mid-body.
trait ChainErr: futures_util::Stream<Item = Result<Bytes, std::io::Error>> + Sized {
    fn chain_err_after(self) -> impl futures_util::Stream<Item = Result<Bytes, std::io::Error>> {
        use futures_util::StreamExt;
        self.chain(futures_util::stream::once(async {
            tokio::time::sleep(Duration::from_millis(20)).await;
            Err(std::io::Error::other("connection cut"))
        }))
    }
}
impl<S: futures_util::Stream<Item = Result<Bytes, std::io::Error>>> ChainErr for S {}

/// A JSON response around `body` (the server's normal answers use it too); a
/// `content_length` that differs from the body is how a cut connection is announced.
pub(super) fn json_body(body: Body, content_length: Option<usize>) -> Response {
    let mut r = Response::new(body);
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    if let Some(n) = content_length {
        r.headers_mut()
            .insert(header::CONTENT_LENGTH, HeaderValue::from(n));
    }
    r
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_bomb_is_small_on_the_wire_and_large_inflated() {
        let row = super::first_row(b"[]");
        let gz = super::gzip_bomb(&row);
        assert!(gz.len() < 1 << 20, "{} bytes compressed", gz.len());
        let mut inflated = Vec::new();
        let mut d = flate2::read::GzDecoder::new(&gz[..]);
        std::io::Read::read_to_end(&mut d, &mut inflated).unwrap();
        assert!(inflated.len() >= super::BOMB_BYTES && inflated.starts_with(b"[{"));
    }
}
