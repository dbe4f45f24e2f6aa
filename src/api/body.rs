//! A 200's body into the decoder, bounded, whatever coding the HTTP stack left on it.
//! The stack inflates `gzip`, `br`, `zstd` and `deflate` when they are spelt so, and
//! leaves the others with their `Content-Encoding` in place. Codings are case-insensitive
//! and `x-gzip` is gzip (RFC 9110), so `GZIP` from a proxy is inflated here; `identity`
//! is the body itself; any other is one line, not a JSON error about compressed bytes.

use std::io::Write;

use reqwest::header::{CONTENT_ENCODING, HeaderMap};

use super::transport::Failure;
use super::{ApiError, Client};
use crate::model::{DecodeError, Ingest};

/// Why a body could not be fed.
#[derive(Debug)]
pub(super) enum FeedError {
    /// More than the limit, counted after inflating (a small body may inflate to a bomb).
    TooLarge,
    Decode(DecodeError),
    /// The body is not what its coding says, or is in a coding this client does not read.
    Coding(String),
    /// A compressed body that ended before its end: cut on the way, as the network cuts.
    Cut,
}

/// The bytes fed so far and the decoder they go to.
struct Sink<'a> {
    ingest: &'a mut Ingest,
    read: u64,
    limit: u64,
    /// Why the last write was refused: the inflater only passes on an `io::Error`.
    refused: Option<FeedError>,
}

impl Sink<'_> {
    fn take(&mut self, bytes: &[u8]) -> Result<(), FeedError> {
        self.read += bytes.len() as u64;
        if self.read > self.limit {
            return Err(FeedError::TooLarge);
        }
        self.ingest.feed(bytes).map_err(FeedError::Decode)
    }
}

impl Write for Sink<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match self.take(buf) {
            Ok(()) => Ok(buf.len()),
            Err(e) => {
                self.refused = Some(e);
                Err(std::io::Error::other("refused"))
            }
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// A body being fed.
pub(super) struct Feed<'a>(Coding<'a>);

/// As the body comes, or through a gzip inflater.
enum Coding<'a> {
    Plain(Sink<'a>),
    Gzip(Box<flate2::write::GzDecoder<Sink<'a>>>),
}

impl<'a> Feed<'a> {
    /// The feed for a body with `headers`, into `ingest`, at most `limit` bytes.
    pub(super) fn new(
        headers: &HeaderMap,
        ingest: &'a mut Ingest,
        limit: u64,
    ) -> Result<Self, FeedError> {
        let sink = Sink {
            ingest,
            read: 0,
            limit,
            refused: None,
        };
        let codings: Vec<&[u8]> = headers
            .get_all(CONTENT_ENCODING)
            .iter()
            .flat_map(|v| v.as_bytes().split(|&b| b == b','))
            .map(<[u8]>::trim_ascii)
            .filter(|c| !c.is_empty() && !c.eq_ignore_ascii_case(b"identity"))
            .collect();
        match codings[..] {
            [] => Ok(Feed(Coding::Plain(sink))),
            [c] if c.eq_ignore_ascii_case(b"gzip") || c.eq_ignore_ascii_case(b"x-gzip") => Ok(
                Feed(Coding::Gzip(Box::new(flate2::write::GzDecoder::new(sink)))),
            ),
            _ => {
                let said = String::from_utf8_lossy(&codings.join(&b", "[..])).into_owned();
                Err(FeedError::Coding(format!(
                    "the body is in a Content-Encoding this client does not read ({})",
                    crate::sanitize::one_line(&said)
                )))
            }
        }
    }

    /// Feeds the next bytes of the body as they came.
    pub(super) fn write(&mut self, bytes: &[u8]) -> Result<(), FeedError> {
        match &mut self.0 {
            Coding::Plain(sink) => sink.take(bytes),
            Coding::Gzip(z) => z
                .write_all(bytes)
                .map_err(|e| inflate_error(z.get_mut(), &e)),
        }
    }

    /// The body has ended: a gzip stream must have ended too.
    pub(super) fn finish(self) -> Result<(), FeedError> {
        match self.0 {
            Coding::Plain(_) => Ok(()),
            Coding::Gzip(mut z) => match z.try_finish() {
                Ok(()) => Ok(()),
                Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => Err(FeedError::Cut),
                Err(e) => Err(inflate_error(z.get_mut(), &e)),
            },
        }
    }
}

/// The sink's own refusal, else the inflater's word on the bytes.
fn inflate_error(sink: &mut Sink<'_>, e: &std::io::Error) -> FeedError {
    sink.refused.take().unwrap_or_else(|| {
        FeedError::Coding(format!(
            "the body does not decompress as its Content-Encoding says ({})",
            crate::sanitize::one_line(&e.to_string())
        ))
    })
}

impl Client {
    /// Why a 200's body could not be fed, and whether to try again.
    pub(super) fn feed_failure(&self, e: FeedError, status: u16) -> Failure {
        match e {
            FeedError::TooLarge => Failure::Fatal(ApiError::TooLarge {
                limit: self.opts.max_body_bytes,
            }),
            FeedError::Decode(e) => self.malformed(e),
            FeedError::Coding(what) => Failure::Fatal(ApiError::UnexpectedBody {
                status,
                what: self.key.scrub(&what),
            }),
            // As a compressed body the HTTP stack inflates and finds cut: the network's.
            FeedError::Cut => Failure::Retry {
                err: ApiError::Network {
                    host: self.host.clone(),
                    what: "the connection dropped mid-response".into(),
                },
                retry_after: None,
            },
        }
    }
}
