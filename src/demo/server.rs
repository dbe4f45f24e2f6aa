//! The contract server: the prompt-usage endpoint exactly as `docs/api-contract.md` reads,
//! FastAPI-shaped errors included, over the synthetic organization. It listens on loopback.
//! Parameter validation is in `validate`, the ways it can misbehave in `fault`.
//!
//! Tests make it misbehave through [`DemoServer::push_fault`] (one fault per request, in
//! order) or [`DemoServer::set_fault`] (every request): a Rust API only, nothing reachable
//! from outside the process.

use std::collections::VecDeque;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use axum::Router;
use axum::body::Body;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde_json::json;
use tokio::net::TcpListener;
use tokio::task::JoinHandle;
use uuid::Uuid;

pub use super::fault::Fault;
use super::fault::json_body;
use super::org::{Org, OrgSpec, RowFilter};
use super::validate::{Parsed, validate};

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
    if let Some(f) = &fault
        && let Some(r) = f.before_data().await
    {
        return r;
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
        origin: origin.filter(|_| fault != Some(Fault::IgnoreOrigin)),
    });
    let body = serde_json::to_vec(&rows).expect("rows serialize");
    match fault {
        Some(f) => f.with_data(body),
        None => json_body(Body::from(body), None),
    }
}
