//! The contract server: the prompt-usage endpoint exactly as `shared/api-contract.md` reads,
//! FastAPI-shaped errors included, over the synthetic organization. It listens on loopback.
//!
//! Tests make it misbehave through [`DemoServer::push_fault`] (one fault per request, in
//! order) or [`DemoServer::set_fault`] (every request): a Rust API only, nothing reachable
//! from outside the process.

use std::collections::VecDeque;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use chrono::NaiveDate;
use serde_json::json;
use tokio::net::TcpListener;
use tokio::task::JoinHandle;
use uuid::Uuid;

use super::org::{Org, OrgSpec, RowFilter};
use crate::api::Origin;
use crate::dates::parse_ymd;

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
    /// A 200 that sends the start of the body and then nothing, forever.
    Stall,
    /// A 200 with exactly this body, as JSON (malformed rows, duplicates, bad dates...).
    Body(String),
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
}

/// One request as the server saw it (never the key itself).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SeenRequest {
    pub path: String,
    pub query: Vec<(String, String)>,
    /// Whether a key was sent, and whether it was the right one.
    pub key: KeySeen,
    pub user_agent: Option<String>,
    pub at: Instant,
}

impl SeenRequest {
    /// Values of one query parameter, in order.
    pub fn param(&self, name: &str) -> Vec<&str> {
        self.query
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .collect()
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeySeen {
    Missing,
    Wrong,
    Valid,
}

/// Called with each request and the status answered (`serve-demo` logs with it).
pub type RequestLog = Box<dyn Fn(&SeenRequest, u16) + Send + Sync>;

/// Settings of a contract server.
#[derive(Clone, Debug, Default)]
pub struct DemoOptions {
    pub org: OrgSpec,
    /// `127.0.0.1:0` (any free port) when `None`.
    pub addr: Option<SocketAddr>,
}

struct Shared {
    org: Org,
    key: String,
    faults: Mutex<VecDeque<Fault>>,
    sticky: Mutex<Option<Fault>>,
    seen: Mutex<Vec<SeenRequest>>,
    /// Optional hook called with each request, for `serve-demo`'s log.
    log: Option<RequestLog>,
}

/// A running contract server. Dropping it stops it.
pub struct DemoServer {
    addr: SocketAddr,
    shared: Arc<Shared>,
    task: JoinHandle<()>,
}

impl Drop for DemoServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl DemoServer {
    /// Starts the server on loopback.
    pub async fn start(opts: DemoOptions) -> std::io::Result<DemoServer> {
        Self::start_with_log(opts, None).await
    }

    /// Starts the server, calling `log` for every request.
    pub async fn start_with_log(
        opts: DemoOptions,
        log: Option<RequestLog>,
    ) -> std::io::Result<DemoServer> {
        let addr = opts
            .addr
            .unwrap_or_else(|| SocketAddr::from(([127, 0, 0, 1], 0)));
        let listener = TcpListener::bind(addr).await?;
        let addr = listener.local_addr()?;
        let org = Org::new(opts.org);
        let shared = Arc::new(Shared {
            key: org.api_key(),
            org,
            faults: Mutex::new(VecDeque::new()),
            sticky: Mutex::new(None),
            seen: Mutex::new(Vec::new()),
            log,
        });
        let app = Router::new()
            .route("/api/v1/products/{product_id}/usage/prompts", get(prompts))
            .fallback(|| async {
                (
                    StatusCode::NOT_FOUND,
                    axum::Json(json!({"detail": "Not Found"})),
                )
            })
            .with_state(shared.clone());
        let task = tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        Ok(DemoServer { addr, shared, task })
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }
    /// `http://127.0.0.1:PORT`
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }
    pub fn api_key(&self) -> &str {
        &self.shared.key
    }
    pub fn product_id(&self) -> Uuid {
        self.shared.org.product_id()
    }
    pub fn org(&self) -> &Org {
        &self.shared.org
    }
    /// The next request (after those already queued) gets this fault.
    pub fn push_fault(&self, f: Fault) {
        self.shared.faults.lock().expect("lock").push_back(f);
    }
    /// Every request gets this fault (after the queued ones), until cleared with `None`.
    pub fn set_fault(&self, f: Option<Fault>) {
        *self.shared.sticky.lock().expect("lock") = f;
    }
    /// The requests seen so far.
    pub fn requests(&self) -> Vec<SeenRequest> {
        self.shared.seen.lock().expect("lock").clone()
    }
    pub fn clear_requests(&self) {
        self.shared.seen.lock().expect("lock").clear();
    }
}

fn validation(items: Vec<serde_json::Value>) -> Response {
    (
        StatusCode::UNPROCESSABLE_ENTITY,
        axum::Json(json!({ "detail": items })),
    )
        .into_response()
}

fn problem(kind: &str, loc: &[&str], msg: &str, input: serde_json::Value) -> serde_json::Value {
    json!({ "type": kind, "loc": loc, "msg": msg, "input": input })
}

fn detail(status: StatusCode, msg: &str) -> Response {
    (status, axum::Json(json!({ "detail": msg }))).into_response()
}

async fn prompts(
    State(sh): State<Arc<Shared>>,
    Path(product_id): Path<String>,
    RawQuery(raw): RawQuery,
    headers: HeaderMap,
) -> Response {
    let query: Vec<(String, String)> =
        url::form_urlencoded::parse(raw.as_deref().unwrap_or("").as_bytes())
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
    let key = match headers.get("x-api-key").and_then(|v| v.to_str().ok()) {
        None => KeySeen::Missing,
        Some(k) if k == sh.key => KeySeen::Valid,
        Some(_) => KeySeen::Wrong,
    };
    let seen = SeenRequest {
        path: format!("/api/v1/products/{product_id}/usage/prompts"),
        query: query.clone(),
        key,
        user_agent: headers
            .get(header::USER_AGENT)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string),
        at: Instant::now(),
    };
    sh.seen.lock().expect("lock").push(seen.clone());
    let fault = sh
        .faults
        .lock()
        .expect("lock")
        .pop_front()
        .or_else(|| sh.sticky.lock().expect("lock").clone());
    let resp = answer(&sh, &product_id, &query, key, fault).await;
    if let Some(log) = &sh.log {
        log(&seen, resp.status().as_u16());
    }
    resp
}

async fn answer(
    sh: &Shared,
    product_id: &str,
    query: &[(String, String)],
    key: KeySeen,
    fault: Option<Fault>,
) -> Response {
    match &fault {
        Some(Fault::Status {
            status,
            body,
            content_type,
            retry_after,
        }) => {
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
            return r;
        }
        Some(Fault::Redirect(to)) => {
            let mut r = Response::new(Body::empty());
            *r.status_mut() = StatusCode::TEMPORARY_REDIRECT;
            if let Ok(v) = HeaderValue::from_str(to) {
                r.headers_mut().insert(header::LOCATION, v);
            }
            return r;
        }
        Some(Fault::Delay(d)) => tokio::time::sleep(*d).await,
        Some(Fault::Body(b)) => return json_body(Body::from(b.clone()), None),
        _ => {}
    }
    // FastAPI checks the key before validating parameters.
    match key {
        KeySeen::Missing => return detail(StatusCode::UNAUTHORIZED, "Not authenticated"),
        KeySeen::Wrong => return detail(StatusCode::UNAUTHORIZED, "Invalid API key"),
        KeySeen::Valid => {}
    }
    let filter = match validate(product_id, query) {
        Ok(f) => f,
        Err(resp) => return *resp,
    };
    let Parsed {
        start,
        end,
        product_ids,
        search,
        origin,
        path_product,
    } = filter;
    if !sh.org.products.iter().any(|p| p.id == path_product) {
        return detail(StatusCode::NOT_FOUND, "Product not found");
    }
    let rows = sh.org.rows(&RowFilter {
        start,
        end,
        product_ids: &product_ids,
        search: search.as_deref(),
        origin,
    });
    let body = serde_json::to_vec(&rows).expect("rows serialize");
    match fault {
        Some(Fault::Truncated) => {
            let cut = body.len().saturating_sub(1).min(body.len() / 2 + 17);
            json_body(Body::from(body[..cut].to_vec()), None)
        }
        Some(Fault::CutConnection) => {
            let half = body[..body.len() / 2].to_vec();
            let stream = futures_util::stream::iter([Ok::<_, std::io::Error>(Bytes::from(half))])
                .chain_err_after();
            json_body(Body::from_stream(stream), Some(body.len() + 100))
        }
        Some(Fault::Stall) => {
            let first = body[..body.len().min(64)].to_vec();
            let stream = futures_util::stream::iter([Ok::<_, std::io::Error>(Bytes::from(first))])
                .chain(futures_util::stream::pending());
            json_body(Body::from_stream(stream), None)
        }
        _ => json_body(Body::from(body), None),
    }
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

use futures_util::StreamExt;

fn json_body(body: Body, content_length: Option<usize>) -> Response {
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

struct Parsed {
    start: NaiveDate,
    end: NaiveDate,
    product_ids: Vec<Uuid>,
    search: Option<String>,
    origin: Option<Origin>,
    path_product: Uuid,
}

/// FastAPI-style validation: every problem found, each with its `loc`.
fn validate(product_id: &str, q: &[(String, String)]) -> Result<Parsed, Box<Response>> {
    let mut problems = Vec::new();
    let path_product = Uuid::parse_str(product_id).ok();
    if path_product.is_none() {
        problems.push(problem(
            "uuid_parsing",
            &["path", "product_id"],
            "Input should be a valid UUID",
            json!(product_id),
        ));
    }
    let get = |k: &str| {
        q.iter()
            .rev()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.as_str())
    };
    let mut date = |k: &'static str| match get(k) {
        None => {
            problems.push(problem(
                "missing",
                &["query", k],
                "Field required",
                serde_json::Value::Null,
            ));
            None
        }
        Some(v) => {
            let d = parse_ymd(v.as_bytes());
            if d.is_none() {
                problems.push(problem(
                    "date_parsing",
                    &["query", k],
                    "Input should be a valid date in the format YYYY-MM-DD",
                    json!(v),
                ));
            }
            d
        }
    };
    let start = date("start_date");
    let end = date("end_date");
    let mut product_ids = Vec::new();
    for (i, (_, v)) in q.iter().filter(|(k, _)| k == "product_ids").enumerate() {
        match Uuid::parse_str(v) {
            Ok(u) => product_ids.push(u),
            Err(_) => problems.push(json!({"type": "uuid_parsing", "loc": ["query", "product_ids", i], "msg": "Input should be a valid UUID", "input": v})),
        }
    }
    let origin = match get("origin") {
        None => None,
        Some(v) => match Origin::ALL.into_iter().find(|o| o.as_str() == v) {
            Some(o) => Some(o),
            None => {
                problems.push(problem(
                    "enum",
                    &["query", "origin"],
                    "Input should be 'APP', 'SLACK' or 'API_KEY'",
                    json!(v),
                ));
                None
            }
        },
    };
    if let (Some(s), Some(e)) = (start, end)
        && s > e
    {
        problems.push(problem(
            "value_error",
            &["query", "end_date"],
            "Value error, end_date must be on or after start_date",
            json!(e.to_string()),
        ));
    }
    if !problems.is_empty() {
        return Err(Box::new(validation(problems)));
    }
    Ok(Parsed {
        start: start.expect("validated"),
        end: end.expect("validated"),
        product_ids,
        search: get("search").map(str::to_string),
        origin,
        path_product: path_product.expect("validated"),
    })
}
