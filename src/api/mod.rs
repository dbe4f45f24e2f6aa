//! The HTTP client of the prompt-usage endpoint.
//!
//! One `reqwest::Client`, built once: rustls, compressed bodies, connect/read/total
//! timeouts, a `User-Agent`, and no redirects (reqwest would carry `X-API-Key` to another
//! origin). Plain `http://` is refused before any connection unless the host is loopback.
//! Bodies are decoded as they arrive, straight into the model (`model::Ingest`).

mod body;
mod error;
mod key;
mod retry;
mod transport;
mod types;
mod url_policy;

pub use error::{ApiError, Detail, fastapi_detail, one_line};
pub use key::{ApiKey, KeySource};
pub use retry::{RetryPolicy, parse_retry_after};
pub use types::{Origin, UsageQuery, UsageRow, parse_origin_filter};
pub use url_policy::{check_base_url, is_loopback};

use body::Feed;
use transport::{Failure, read_capped, reason, with_attempts};

use std::time::{Duration, Instant, SystemTime};

use reqwest::header::{ACCEPT, CONTENT_TYPE, HeaderValue, RETRY_AFTER};
use reqwest::{StatusCode, Url};
use uuid::Uuid;

use crate::model::{DecodeError, Ingest, RangeSpec, Usage};

/// The default API address.
pub const DEFAULT_BASE_URL: &str = "https://api.clarityq.ai";
/// Error bodies are read up to this size; the rest is not needed to say what went wrong.
const MAX_ERROR_BODY: usize = 64 * 1024;

/// Timeouts and retry settings.
#[derive(Clone, Debug)]
pub struct ClientOptions {
    pub connect_timeout: Duration,
    /// Longest silence in the middle of a body; a stalled body ends here. The wait for the
    /// answer's head is bounded by `total_timeout` alone: a server may think a while
    /// before a large answer, and a 20 s wait failed whatever `timeout_secs` said.
    pub read_timeout: Duration,
    /// Whole request, first byte to last (`timeout_secs`).
    pub total_timeout: Duration,
    /// The most bytes one response body may hold once decompressed; a larger one (an
    /// endless body, a gzip bomb) is refused as malformed instead of grown into memory.
    pub max_body_bytes: u64,
    pub retry: RetryPolicy,
}

/// The default bound on one decompressed response body: a 100,000-person organization's
/// 31-day window is about a quarter of this.
pub const DEFAULT_MAX_BODY_BYTES: u64 = 4 << 30;

impl Default for ClientOptions {
    fn default() -> Self {
        Self {
            connect_timeout: Duration::from_secs(5),
            read_timeout: Duration::from_secs(15),
            total_timeout: Duration::from_secs(120),
            max_body_bytes: DEFAULT_MAX_BODY_BYTES,
            retry: RetryPolicy::default(),
        }
    }
}

/// Something worth telling the user while a fetch runs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FetchEvent {
    /// Attempt `attempt` failed with `reason`; the next starts after `delay`.
    Retrying {
        attempt: u32,
        delay: Duration,
        reason: String,
    },
    /// `done` of `total` windows of a chunked fetch are in.
    Progress { done: usize, total: usize },
    /// The windows already on disk, merged, while the others are still asked for: data to
    /// show at once, not the answer (it lacks the windows still coming).
    Partial(std::sync::Arc<Usage>),
}

/// The prompt-usage client. Cheap to clone.
#[derive(Clone)]
pub struct Client {
    http: reqwest::Client,
    endpoint: Url,
    host: String,
    product: Uuid,
    key: ApiKey,
    key_source: KeySource,
    opts: ClientOptions,
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client")
            .field("host", &self.host)
            .field("key", &self.key)
            .field("key_source", &self.key_source)
            .finish_non_exhaustive()
    }
}

impl Client {
    pub fn new(
        base_url: &str,
        product_id: Uuid,
        key: ApiKey,
        key_source: KeySource,
        opts: ClientOptions,
    ) -> Result<Self, ApiError> {
        let (base, host) = check_base_url(base_url)?;
        let mut endpoint = base.clone();
        endpoint
            .path_segments_mut()
            .map_err(|()| ApiError::BadUrl(host.clone()))?
            .pop_if_empty()
            .extend([
                "api",
                "v1",
                "products",
                &product_id.to_string(),
                "usage",
                "prompts",
            ]);
        let http = http_client(&base, &opts)?;
        Ok(Self {
            http,
            endpoint,
            host,
            product: product_id,
            key,
            key_source,
            opts,
        })
    }

    /// The endpoint's URL, without query (and never the key): names a cache scope.
    pub fn endpoint(&self) -> &Url {
        &self.endpoint
    }

    /// `host[:port]` of the API, for headers and messages.
    pub fn host(&self) -> &str {
        &self.host
    }

    /// The product the requests are addressed to.
    pub fn product_id(&self) -> Uuid {
        self.product
    }

    pub fn key_source(&self) -> &KeySource {
        &self.key_source
    }

    /// The request URL for `q` (no key in it: the key travels in a header).
    pub fn url_for(&self, q: &UsageQuery) -> Url {
        let mut u = self.endpoint.clone();
        u.query_pairs_mut().extend_pairs(q.pairs());
        u
    }

    /// Fetches `q` with retries and decodes it into a `Usage` over `q.range`.
    pub async fn fetch(&self, q: &UsageQuery) -> Result<Usage, ApiError> {
        self.fetch_with(q, &|_| {}).await
    }

    /// As [`Client::fetch`], telling `on_event` about retries.
    pub async fn fetch_with(
        &self,
        q: &UsageQuery,
        on_event: &(dyn Fn(FetchEvent) + Send + Sync),
    ) -> Result<Usage, ApiError> {
        let policy = &self.opts.retry;
        let started = Instant::now();
        let mut attempt = 1;
        loop {
            let (err, retry_after) = match self.attempt(q).await {
                Ok(u) => return Ok(u),
                Err(Failure::Fatal(e)) => return Err(e),
                Err(Failure::Retry { err, retry_after }) => (err, retry_after),
            };
            let err = with_attempts(err, attempt, retry_after);
            if attempt >= policy.max_attempts {
                return Err(err);
            }
            let Some(delay) = policy.delay(attempt, retry_after) else {
                return Err(err);
            };
            if started.elapsed() + delay > policy.budget {
                return Err(err);
            }
            tracing::info!(attempt, delay_ms = delay.as_millis() as u64, reason = %err, "retrying");
            on_event(FetchEvent::Retrying {
                attempt,
                delay,
                reason: err.cause(),
            });
            tokio::time::sleep(delay).await;
            attempt += 1;
        }
    }

    async fn attempt(&self, q: &UsageQuery) -> Result<Usage, Failure> {
        let mut key = HeaderValue::from_str(self.key.expose()).map_err(|_| {
            Failure::Fatal(ApiError::KeyNotSendable {
                key_source: self.key_source.to_string(),
            })
        })?;
        key.set_sensitive(true);
        let started = Instant::now();
        let resp = self
            .http
            .get(self.url_for(q))
            .header("X-API-Key", key)
            .header(ACCEPT, "application/json")
            .send()
            .await
            .map_err(|e| self.transport(&e, started))?;
        let status = resp.status();
        tracing::debug!(status = status.as_u16(), host = %self.host, "response");
        if status.is_success() {
            return self.read_rows(resp, q, started).await;
        }
        Err(self.refusal(resp).await)
    }

    /// What an answer other than 2xx means, and whether to try again.
    async fn refusal(&self, resp: reqwest::Response) -> Failure {
        let status = resp.status();
        let retry_after = resp
            .headers()
            .get(RETRY_AFTER)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| parse_retry_after(v, SystemTime::now()));
        let body = read_capped(resp, MAX_ERROR_BODY, self.opts.read_timeout).await;
        let detail = fastapi_detail(&body).map(|d| d.map(|t| self.key.scrub(t)));
        let text = detail.clone().map(Detail::into_text);
        let code = status.as_u16();
        match status {
            StatusCode::UNAUTHORIZED => Failure::Fatal(ApiError::Unauthorized {
                detail: text,
                key_source: self.key_source.to_string(),
            }),
            StatusCode::FORBIDDEN => Failure::Fatal(ApiError::Forbidden { detail: text }),
            StatusCode::NOT_FOUND => Failure::Fatal(ApiError::NotFound { detail: text }),
            StatusCode::UNPROCESSABLE_ENTITY => Failure::Fatal(ApiError::Invalid {
                problems: match detail {
                    Some(Detail::Problems(p)) => p,
                    Some(Detail::Text(t)) => vec![t],
                    None => vec!["no details given".into()],
                },
            }),
            StatusCode::TOO_MANY_REQUESTS => Failure::Retry {
                err: ApiError::RateLimited {
                    retry_after,
                    attempts: 1,
                },
                retry_after,
            },
            s if s.is_server_error() => Failure::Retry {
                err: ApiError::Server {
                    status: code,
                    detail: text.or_else(|| reason(s)),
                    attempts: 1,
                },
                retry_after,
            },
            s if s.is_redirection() => Failure::Fatal(ApiError::Redirect { status: code }),
            s => Failure::Fatal(ApiError::Status {
                status: code,
                detail: text.or_else(|| reason(s)),
            }),
        }
    }

    async fn read_rows(
        &self,
        mut resp: reqwest::Response,
        q: &UsageQuery,
        started: Instant,
    ) -> Result<Usage, Failure> {
        let status = resp.status().as_u16();
        if let Some(ct) = resp
            .headers()
            .get(CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            && !ct.to_ascii_lowercase().contains("json")
        {
            // Scrubbed as sent: lowered first, a key in it no longer matched.
            // A sign-in page or a proxy's answers with a 200 as well as with an error.
            let what = format!(
                "expected JSON, got {}: check base_url (a proxy or a sign-in page may be answering there)",
                self.key
                    .scrub(&one_line(ct.split(';').next().unwrap_or("")))
            );
            return Err(Failure::Fatal(ApiError::UnexpectedBody { status, what }));
        }
        let mut ingest = Ingest::new(RangeSpec::Fixed(q.range)).only_products(&q.product_ids);
        let limit = self.opts.max_body_bytes;
        let failed = |e| self.feed_failure(e, status);
        let mut feed = Feed::new(resp.headers(), &mut ingest, limit).map_err(failed)?;
        loop {
            let next = tokio::time::timeout(self.opts.read_timeout, resp.chunk()).await;
            match next {
                Ok(Ok(Some(bytes))) => feed.write(&bytes).map_err(failed)?,
                Ok(Ok(None)) => break,
                Ok(Err(e)) => return Err(self.transport(&e, started)),
                Err(_) => return Err(self.stalled()),
            }
        }
        feed.finish().map_err(failed)?;
        ingest.finish().map_err(|e| self.malformed(e))
    }

    /// A body that cannot be read, its quoted values without the key (see `refusal`).
    fn malformed(&self, e: DecodeError) -> Failure {
        Failure::Fatal(ApiError::Malformed(e.map_text(|t| self.key.scrub(t))))
    }
}

/// The HTTP client: no redirects, the timeouts, https only away from loopback, no proxy
/// for loopback. The system's CA roots first (corporate CAs work); on a machine without
/// any, the Mozilla roots built into the binary.
fn http_client(base: &Url, opts: &ClientOptions) -> Result<reqwest::Client, ApiError> {
    let builder = |roots: Option<Vec<reqwest::Certificate>>| {
        let mut b = reqwest::Client::builder()
            .user_agent(concat!("clarityq-usage/", env!("CARGO_PKG_VERSION")))
            .redirect(reqwest::redirect::Policy::none())
            .connect_timeout(opts.connect_timeout)
            .timeout(opts.total_timeout)
            .https_only(!is_loopback(base));
        if is_loopback(base) {
            // A proxy must never see loopback traffic (nor the key in it).
            b = b.no_proxy();
        }
        if let Some(r) = roots {
            b = b.tls_certs_only(r);
        }
        b.build()
    };
    match builder(None) {
        Ok(c) => Ok(c),
        Err(_) => {
            tracing::warn!("no system CA roots found; using the built-in Mozilla roots");
            let roots = webpki_root_certs::TLS_SERVER_ROOT_CERTS
                .iter()
                .filter_map(|c| reqwest::Certificate::from_der(c).ok())
                .collect();
            builder(Some(roots)).map_err(|e| ApiError::Tls(one_line(&e.without_url().to_string())))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn endpoint_and_query() {
        let c = Client::new(
            "https://example.com/prefix/",
            Uuid::from_u128(7),
            ApiKey::new("sk-CANARY").unwrap(),
            KeySource::Demo,
            ClientOptions::default(),
        )
        .unwrap();
        let r =
            crate::dates::DateRange::last_days(crate::dates::parse_date("2026-01-31").unwrap(), 31);
        let mut q = UsageQuery::new(r);
        q.search = Some("a&b c@x.io".into());
        q.product_ids = vec![Uuid::from_u128(1), Uuid::from_u128(2)];
        let u = c.url_for(&q).to_string();
        assert!(u.starts_with("https://example.com/prefix/api/v1/products/00000000-0000-0000-0000-000000000007/usage/prompts?start_date=2026-01-01&end_date=2026-01-31&product_ids="), "{u}");
        assert!(u.contains("search=a%26b+c%40x.io"), "{u}");
        assert!(!format!("{c:?}").contains("CANARY"));
    }
}
