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
    Gzip(Box<Gzip<'a>>),
}

/// A gzip body, read as the HTTP stack reads one spelt `gzip`: one member, the bytes
/// after it ignored; not gzip at all when its first two bytes say so (the inflater would
/// wait for ten before it looked).
struct Gzip<'a> {
    z: flate2::write::GzDecoder<Sink<'a>>,
    /// The body's bytes as they came, bounded as the inflated ones are: bytes after the
    /// member, or a member that inflates to nothing, would never reach the bound.
    wire: u64,
    head: Vec<u8>,
    ended: bool,
}

impl Gzip<'_> {
    fn write(&mut self, mut bytes: &[u8]) -> Result<(), FeedError> {
        self.wire += bytes.len() as u64;
        if self.wire > self.z.get_ref().limit {
            return Err(FeedError::TooLarge);
        }
        if self.head.len() < 2 {
            let n = bytes.len().min(2 - self.head.len());
            self.head.extend_from_slice(&bytes[..n]);
            if self.head.len() == 2 && self.head != [0x1f, 0x8b] {
                return Err(not_as_labelled("not gzip"));
            }
        }
        while !bytes.is_empty() && !self.ended {
            match self.z.write(bytes) {
                Ok(0) => self.ended = true,
                Ok(n) => bytes = &bytes[n..],
                Err(e) => return Err(inflate_error(self.z.get_mut(), &e)),
            }
        }
        Ok(())
    }

    /// The body has ended, its HTTP framing complete: a member that has not is cut
    /// (its end or its checksum missing), as the HTTP stack takes a cut gzip body; a
    /// whole member whose checksum is wrong is a bad body, as the stack says too.
    fn finish(mut self) -> Result<(), FeedError> {
        match self.head[..] {
            // Nothing at all: the decoder says the body is empty.
            [] => return Ok(()),
            [b] if b != 0x1f => return Err(not_as_labelled("not gzip")),
            _ => {}
        }
        // One byte more is taken into an unfinished member (as data or as its checksum)
        // and refused by a whole one: that tells the two apart, which the inflater's
        // error (the same for a short checksum and a wrong one) does not.
        let whole = self.ended || matches!(self.z.write(&[0]), Ok(0));
        if !whole {
            return Err(FeedError::Cut);
        }
        self.z
            .try_finish()
            .map_err(|e| inflate_error(self.z.get_mut(), &e))
    }
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
            [c] if c.eq_ignore_ascii_case(b"gzip") || c.eq_ignore_ascii_case(b"x-gzip") => {
                Ok(Feed(Coding::Gzip(Box::new(Gzip {
                    z: flate2::write::GzDecoder::new(sink),
                    wire: 0,
                    head: Vec::with_capacity(2),
                    ended: false,
                }))))
            }
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
            Coding::Gzip(z) => z.write(bytes),
        }
    }

    /// The body has ended: a gzip member must have ended too.
    pub(super) fn finish(self) -> Result<(), FeedError> {
        match self.0 {
            Coding::Plain(_) => Ok(()),
            Coding::Gzip(z) => z.finish(),
        }
    }
}

/// A body that is not what its coding says, in the words `why`.
fn not_as_labelled(why: &str) -> FeedError {
    FeedError::Coding(format!(
        "the body does not decompress as its Content-Encoding says ({})",
        crate::sanitize::one_line(why)
    ))
}

/// The sink's own refusal, else the inflater's word on the bytes.
fn inflate_error(sink: &mut Sink<'_>, e: &std::io::Error) -> FeedError {
    (sink.refused.take()).unwrap_or_else(|| not_as_labelled(&e.to_string()))
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
                    attempts: 1,
                },
                retry_after: None,
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use reqwest::header::{CONTENT_ENCODING, HeaderMap, HeaderValue};

    use super::{Feed, FeedError};
    use crate::dates::{DateRange, parse_date};
    use crate::model::{Ingest, RangeSpec};

    fn gzip(bytes: &[u8]) -> Vec<u8> {
        let mut z = flate2::write::GzEncoder::new(Vec::new(), Default::default());
        z.write_all(bytes).unwrap();
        z.finish().unwrap()
    }

    fn row(user: u128) -> String {
        format!(
            r#"{{"product_id":"{}","product_name":"P","user_id":"{}","user_email":"u@x.io","date":"2026-10-02","prompt_count":2}}"#,
            uuid::Uuid::from_u128(1),
            uuid::Uuid::from_u128(user)
        )
    }

    /// Feeds `body` labelled `coding` in chunks of 7 bytes: the total, or the error.
    fn feed(coding: &'static str, body: &[u8], limit: u64) -> Result<u64, FeedError> {
        let range = DateRange::new(
            parse_date("2026-10-01").unwrap(),
            parse_date("2026-10-05").unwrap(),
        );
        let mut ingest = Ingest::new(RangeSpec::Fixed(range.unwrap()));
        let mut headers = HeaderMap::new();
        headers.insert(CONTENT_ENCODING, HeaderValue::from_static(coding));
        let mut f = Feed::new(&headers, &mut ingest, limit)?;
        for chunk in body.chunks(7) {
            f.write(chunk)?;
        }
        f.finish()?;
        Ok(ingest.finish().map_err(FeedError::Decode)?.total())
    }

    #[test]
    fn gzip_of_any_spelling_is_read_as_the_http_stack_reads_gzip() {
        let plain = format!("[{},{}]", row(1), row(2));
        let zipped = gzip(plain.as_bytes());
        for coding in ["GZIP", "x-gzip", "identity, Gzip"] {
            assert_eq!(feed(coding, &zipped, 1 << 20).ok(), Some(4), "{coding}");
        }
        assert_eq!(feed("identity", plain.as_bytes(), 1 << 20).ok(), Some(4));
        // One member, and bytes after it left alone, as the stack does: a body in two
        // members is cut at the first one's end.
        let (a, b) = plain.split_at(plain.len() / 2);
        let two = [gzip(a.as_bytes()), gzip(b.as_bytes())].concat();
        let cut = feed("GZIP", &two, 1 << 20);
        assert!(matches!(cut, Err(FeedError::Decode(_))), "{cut:?}");
        let trailing = [&zipped[..], b"\n"].concat();
        assert_eq!(feed("GZIP", &trailing, 1 << 20).ok(), Some(4));
    }

    #[test]
    fn what_cannot_be_read_is_told_apart() {
        let plain = format!("[{}]", row(1));
        let zipped = gzip(plain.as_bytes());
        // Cut inside, or in its checksum: the network's, as the stack says of gzip.
        for end in [zipped.len() / 2, zipped.len() - 3, 5] {
            let cut = feed("GZIP", &zipped[..end], 1 << 20);
            assert!(matches!(cut, Err(FeedError::Cut)), "{end}: {cut:?}");
        }
        // Not gzip, however short: the body's, at its first two bytes.
        for body in [plain.as_bytes(), b"[]", b"{}"] {
            let not = feed("GZIP", body, 1 << 20);
            assert!(matches!(not, Err(FeedError::Coding(_))), "{not:?}");
        }
        // A whole member whose checksum or length is wrong, with or without bytes after
        // it: the body's, not retried.
        for at in [zipped.len() - 8, zipped.len() - 1] {
            let mut bad = zipped.clone();
            bad[at] ^= 0x55;
            for body in [bad.clone(), [&bad[..], b"\n"].concat()] {
                let e = feed("GZIP", &body, 1 << 20);
                assert!(matches!(e, Err(FeedError::Coding(_))), "{at}: {e:?}");
            }
        }
        let one = feed("GZIP", b"[", 1 << 20);
        assert!(matches!(one, Err(FeedError::Coding(_))), "{one:?}");
        // Nothing at all: the decoder's "empty".
        assert!(matches!(
            feed("GZIP", b"", 1 << 20),
            Err(FeedError::Decode(_))
        ));
        let other = feed("compress", &zipped, 1 << 20);
        assert!(matches!(other, Err(FeedError::Coding(ref s)) if s.contains("compress")));
    }

    #[test]
    fn the_bound_holds_inflated_and_as_sent() {
        // A kilobyte that inflates to 1 MiB is refused at the bound.
        let bomb = gzip(&vec![b' '; 1 << 20]);
        assert!(bomb.len() < 2048, "{}", bomb.len());
        let big = feed("x-gzip", &bomb, 64 << 10);
        assert!(matches!(big, Err(FeedError::TooLarge)), "{big:?}");
        let plain_big = feed("identity", &vec![b' '; 70 << 10], 64 << 10);
        assert!(
            matches!(plain_big, Err(FeedError::TooLarge)),
            "{plain_big:?}"
        );
        // Members that inflate to nothing, or bytes after the member, without end: the
        // bytes as sent reach the bound.
        let empty = gzip(b"");
        let endless = empty.repeat((70 << 10) / empty.len());
        let none = feed("GZIP", &endless, 64 << 10);
        assert!(matches!(none, Err(FeedError::TooLarge)), "{none:?}");
        let after = [gzip(format!("[{}]", row(1)).as_bytes()), vec![0; 70 << 10]].concat();
        let after = feed("GZIP", &after, 64 << 10);
        assert!(matches!(after, Err(FeedError::TooLarge)), "{after:?}");
    }
}
