//! The contract server's parameter validation, FastAPI-style: every problem found, each
//! with its `loc`, in one 422 (as `docs/api-contract.md` describes).

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use chrono::NaiveDate;
use serde_json::json;
use uuid::Uuid;

use crate::api::Origin;
use crate::dates::parse_ymd;

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

pub(super) struct Parsed {
    pub(super) start: NaiveDate,
    pub(super) end: NaiveDate,
    pub(super) product_ids: Vec<Uuid>,
    pub(super) search: Option<String>,
    pub(super) origin: Option<Origin>,
    pub(super) path_product: Uuid,
}

/// FastAPI-style validation: every problem found, each with its `loc`.
pub(super) fn validate(product_id: &str, q: &[(String, String)]) -> Result<Parsed, Box<Response>> {
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
    let get = |k: &str| last(q, k);
    let start = date(get("start_date"), "start_date", &mut problems);
    let end = date(get("end_date"), "end_date", &mut problems);
    let product_ids = product_ids(q, &mut problems);
    let origin = origin(get("origin"), &mut problems);
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

/// The last value of a parameter given more than once (as FastAPI takes it).
fn last<'a>(q: &'a [(String, String)], k: &str) -> Option<&'a str> {
    q.iter()
        .rev()
        .find(|(n, _)| n == k)
        .map(|(_, v)| v.as_str())
}

/// A required `YYYY-MM-DD` parameter.
fn date(
    v: Option<&str>,
    k: &'static str,
    problems: &mut Vec<serde_json::Value>,
) -> Option<NaiveDate> {
    let Some(v) = v else {
        problems.push(problem(
            "missing",
            &["query", k],
            "Field required",
            serde_json::Value::Null,
        ));
        return None;
    };
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

/// Every `product_ids` value, each bad one a problem with its index.
fn product_ids(q: &[(String, String)], problems: &mut Vec<serde_json::Value>) -> Vec<Uuid> {
    let mut ids = Vec::new();
    for (i, (_, v)) in q.iter().filter(|(k, _)| k == "product_ids").enumerate() {
        match Uuid::parse_str(v) {
            Ok(u) => ids.push(u),
            Err(_) => problems.push(json!({"type": "uuid_parsing", "loc": ["query", "product_ids", i], "msg": "Input should be a valid UUID", "input": v})),
        }
    }
    ids
}

/// The optional `origin` enum.
fn origin(v: Option<&str>, problems: &mut Vec<serde_json::Value>) -> Option<Origin> {
    let v = v?;
    let o = Origin::ALL.into_iter().find(|o| o.as_str() == v);
    if o.is_none() {
        problems.push(problem(
            "enum",
            &["query", "origin"],
            "Input should be 'APP', 'SLACK' or 'API_KEY'",
            json!(v),
        ));
    }
    o
}
