//! The HTTP client against the contract server, row by row of the contract's error table
//! and the hostile world beyond it: each fault gives the outcome the contract names, a
//! one-line message, the documented exit code, and never the key.

mod common;

use std::time::{Duration, Instant};

use clarityq_usage::api::{
    ApiError, ApiKey, Client, ClientOptions, KeySource, Origin, RetryPolicy, UsageQuery,
};
use clarityq_usage::dates::DateRange;
use clarityq_usage::demo::{DemoServer, Fault, KeySeen};
use uuid::Uuid;

const CANARY_SAFE: &str = "cq_demo_"; // every demo key starts so; checked absent below

fn fast() -> ClientOptions {
    ClientOptions {
        connect_timeout: Duration::from_secs(2),
        read_timeout: Duration::from_millis(800),
        total_timeout: Duration::from_secs(5),
        retry: RetryPolicy {
            base_delay: Duration::from_millis(10),
            max_delay: Duration::from_millis(40),
            ..RetryPolicy::default()
        },
        ..ClientOptions::default()
    }
}

fn client_with(server: &DemoServer, key: &str, product: Uuid, opts: ClientOptions) -> Client {
    Client::new(
        &server.base_url(),
        product,
        ApiKey::new(key).unwrap(),
        KeySource::Env("CLARITYQ_API_KEY"),
        opts,
    )
    .unwrap()
}

fn client(server: &DemoServer) -> Client {
    client_with(server, server.api_key(), server.product_id(), fast())
}

fn query() -> UsageQuery {
    UsageQuery::new(DateRange::last_days(common::today(), 30))
}

/// The error, checked for the things every error must be: one line, no key, no URL query.
fn fails(demo: &common::Demo, c: &Client, q: &UsageQuery) -> ApiError {
    let e = demo.rt.block_on(c.fetch(q)).expect_err("an error");
    let text = format!("{e} {e:?}");
    assert!(!text.contains('\n'), "one line: {text}");
    assert!(
        !text.contains(CANARY_SAFE) && !text.contains(demo.server.api_key()),
        "no key: {text}"
    );
    assert!(!text.contains("start_date="), "no query string: {text}");
    e
}

#[test]
fn the_error_table() {
    let demo = common::demo(41, 30, 90);
    let s = &demo.server;
    let q = query();
    // 401: a wrong key, named by where it came from.
    let e = fails(&demo, &client_with(s, "wrong", s.product_id(), fast()), &q);
    assert!(
        matches!(e, ApiError::Unauthorized { .. }) && e.to_string().contains("$CLARITYQ_API_KEY"),
        "{e}"
    );
    assert_eq!(e.exit_code(), 3);
    assert_eq!(s.requests().last().unwrap().key, KeySeen::Wrong);
    // 403: tracking disabled, the server's detail shown.
    s.push_fault(Fault::tracking_disabled());
    let e = fails(&demo, &client(s), &q);
    assert!(e.to_string().contains("not enabled"), "{e}");
    assert_eq!(e.exit_code(), 3);
    // 404: an unknown product.
    let e = fails(
        &demo,
        &client_with(s, s.api_key(), Uuid::from_u128(9), fast()),
        &q,
    );
    assert!(matches!(e, ApiError::NotFound { .. }), "{e}");
    // A wrong path in base_url is a 404 too: the line names both settings.
    assert!(
        e.to_string().contains("check product_id, and base_url"),
        "{e}"
    );
    // 422: the parameter and the reason, from loc and msg.
    s.push_fault(Fault::Status {
        status: 422,
        body: r#"{"detail":[{"type":"value_error","loc":["query","end_date"],"msg":"end_date must be on or after start_date","input":"x"}]}"#.into(),
        content_type: "application/json",
        retry_after: None,
    });
    let e = fails(&demo, &client(s), &q);
    assert_eq!(
        e.to_string(),
        "the server rejected the request (422): end_date: end_date must be on or after start_date"
    );
    assert_eq!(e.exit_code(), 2);
    // Any other refusal (a 400 page from a proxy): its status, no HTML, what to do.
    s.push_fault(Fault::html(400));
    let e = fails(&demo, &client(s), &q);
    let text = e.to_string();
    assert!(text.starts_with("unexpected HTTP status 400"), "{text}");
    assert!(
        text.contains("check base_url") && !text.contains('<'),
        "{text}"
    );
    // Not retried and not the network's: it would come again (exit 3, not 4).
    assert_eq!(e.exit_code(), 3);
    // 5xx with JSON, and HTML from a proxy: retried, then one line, no HTML.
    s.clear_requests();
    s.set_fault(Some(Fault::status_json(503, "maintenance")));
    let e = fails(&demo, &client(s), &q);
    assert_eq!(s.requests().len(), 4, "bounded retries");
    assert!(e.to_string().contains("503: maintenance"), "{e}");
    s.set_fault(Some(Fault::html(502)));
    let e = fails(&demo, &client(s), &q);
    assert!(!e.to_string().contains('<'), "{e}");
    assert_eq!(e.exit_code(), 4);
    s.set_fault(None);
}

#[test]
fn the_server_validates_like_fastapi() {
    let demo = common::demo(42, 10, 30);
    let s = &demo.server;
    let get = |query: &str| -> (u16, String) {
        demo.rt.block_on(async {
            let url = format!(
                "{}/api/v1/products/{}/usage/prompts?{query}",
                s.base_url(),
                s.product_id()
            );
            let r = reqwest::Client::new()
                .get(url)
                .header("X-API-Key", s.api_key())
                .send()
                .await
                .unwrap();
            (r.status().as_u16(), r.text().await.unwrap())
        })
    };
    let (st, body) = get("end_date=2026-01-02");
    assert_eq!(st, 422);
    assert!(
        body.contains(r#""loc":["query","start_date"]"#) && body.contains("Field required"),
        "{body}"
    );
    let (st, body) = get("start_date=2026-01-05&end_date=2026-01-02");
    assert_eq!(st, 422, "a reversed range");
    assert!(body.contains("end_date"), "{body}");
    let (st, body) = get("start_date=2026-01-01&end_date=2026-01-02&product_ids=nope&origin=EMAIL");
    assert_eq!(st, 422);
    assert!(
        body.contains(r#""product_ids",0"#) && body.contains(r#""origin""#),
        "{body}"
    );
}

#[test]
fn retries_succeed_after_two_500s_and_after_a_429() {
    let demo = common::demo(43, 20, 60);
    let s = &demo.server;
    let q = query();
    let ok = demo.rt.block_on(client(s).fetch(&q)).unwrap();
    s.clear_requests();
    s.push_fault(Fault::status_json(500, "boom"));
    s.push_fault(Fault::status_json(500, "boom"));
    let u = demo.rt.block_on(client(s).fetch(&q)).unwrap();
    assert_eq!(s.requests().len(), 3);
    assert_eq!(u.total(), ok.total());
    // 429 with Retry-After in seconds: the next request waits at least that long.
    s.clear_requests();
    s.push_fault(Fault::rate_limited("1"));
    demo.rt.block_on(client(s).fetch(&q)).unwrap();
    let r = s.requests();
    assert_eq!(r.len(), 2);
    assert!(
        r[1].at - r[0].at >= Duration::from_secs(1),
        "{:?}",
        r[1].at - r[0].at
    );
    // ... and as an HTTP date.
    s.clear_requests();
    let when = chrono::Utc::now() + chrono::Duration::seconds(2);
    s.push_fault(Fault::rate_limited(
        &when.format("%a, %d %b %Y %H:%M:%S GMT").to_string(),
    ));
    demo.rt.block_on(client(s).fetch(&q)).unwrap();
    let r = s.requests();
    assert!(
        r[1].at - r[0].at >= Duration::from_millis(900),
        "{:?}",
        r[1].at - r[0].at
    );
    // A Retry-After longer than we wait for is reported at once.
    s.clear_requests();
    s.push_fault(Fault::rate_limited("86400"));
    let t = Instant::now();
    let e = fails(&demo, &client(s), &q);
    assert!(t.elapsed() < Duration::from_secs(2));
    assert!(e.to_string().contains("86400 s"), "{e}");
    assert_eq!(s.requests().len(), 1);
}

#[test]
fn the_query_string_is_the_contracts() {
    let demo = common::demo(44, 20, 60);
    let s = &demo.server;
    let c = client(s);
    for n in [2usize, 3] {
        let mut q = query();
        q.product_ids = s.org().products.iter().take(n).map(|p| p.id).collect();
        q.search = Some("ada+lovelace & co #1 ✨".into());
        q.origin = Some(Origin::ApiKey);
        s.clear_requests();
        demo.rt.block_on(c.fetch(&q)).unwrap();
        let r = &s.requests()[0];
        let ids = r.param("product_ids");
        assert_eq!(ids.len(), n, "each product once");
        for p in &q.product_ids {
            assert_eq!(ids.iter().filter(|i| **i == p.to_string()).count(), 1);
        }
        assert_eq!(
            r.param("search"),
            ["ada+lovelace & co #1 ✨"],
            "round-trips through the encoding"
        );
        assert_eq!(r.param("origin"), ["API_KEY"]);
        assert_eq!(r.param("start_date"), [q.range.start().to_string()]);
        assert!(
            r.user_agent
                .as_deref()
                .unwrap()
                .starts_with("clarityq-usage/")
        );
    }
    s.clear_requests();
    demo.rt.block_on(c.fetch(&query())).unwrap();
    let r = &s.requests()[0];
    assert!(
        r.param("origin").is_empty()
            && r.param("search").is_empty()
            && r.param("product_ids").is_empty()
    );
}

#[test]
fn bodies_that_are_not_what_the_table_says() {
    let demo = common::demo(45, 20, 60);
    let s = &demo.server;
    let c = client(s);
    let q = query();
    let row = |date: &str, n: &str| {
        format!(
            r#"{{"product_id":"{}","product_name":"P","user_id":"{}","user_email":"a@x.io","date":"{date}","prompt_count":{n}}}"#,
            s.product_id(),
            Uuid::from_u128(5)
        )
    };
    let today = common::today().to_string();
    let cases: Vec<(Fault, &str, u8)> = vec![
        (Fault::malformed(), "malformed response", 5),
        (Fault::Truncated, "truncated", 5),
        (Fault::Body(String::new()), "empty", 5),
        (
            Fault::Status {
                status: 200,
                body: "<html>portal</html>".into(),
                content_type: "text/html",
                retry_after: None,
            },
            "expected JSON, got text/html",
            5,
        ),
        (
            Fault::Body(format!("[{}]", row(&today, "-3"))),
            "row 1: field `prompt_count`",
            5,
        ),
        (
            Fault::Body(format!("[{}]", row(&today, "2.5"))),
            "row 1: field `prompt_count`",
            5,
        ),
        (
            Fault::Body(format!("[{}]", row("2026-02-30", "1"))),
            "row 1: field `date`",
            5,
        ),
        (
            Fault::Body(format!(
                "[{}]",
                row(&today, "1").replace(&Uuid::from_u128(5).to_string(), "not-a-uuid")
            )),
            "row 1: field `user_id`",
            5,
        ),
        (
            Fault::Body(format!(
                "[{}]",
                row(&today, "1").replace(r#","user_email":"a@x.io""#, "")
            )),
            "missing field `user_email`",
            5,
        ),
        // Counts whose sum would wrap around a u64: refused at the row, never summed.
        (
            Fault::Body(format!(
                "[{},{}]",
                row(&today, "18446744073709551615"),
                row(&today, "2")
            )),
            "row 1: prompt_count 18446744073709551615 is above the sanity bound",
            5,
        ),
    ];
    for (fault, needle, code) in cases {
        s.push_fault(fault.clone());
        let e = fails(&demo, &c, &q);
        assert!(e.to_string().contains(needle), "{fault:?}: {e}");
        assert_eq!(e.exit_code(), code, "{fault:?}");
    }
    // Out-of-range and duplicate rows: dropped and counted, never added.
    s.push_fault(Fault::Body(format!(
        "[{},{},{}]",
        row(&today, "4"),
        row("2020-01-01", "100"),
        row(&today, "9")
    )));
    let u = demo.rt.block_on(c.fetch(&q)).unwrap();
    assert_eq!(u.total(), 4);
    assert_eq!((u.warnings().out_of_range, u.warnings().duplicates), (1, 1));
    // A server that ignores product_ids: the other products' rows are dropped and
    // counted, not added to the product asked for (the whole org read as one product).
    let other = row(&today, "50").replace(
        &s.product_id().to_string(),
        &Uuid::from_u128(77).to_string(),
    );
    s.push_fault(Fault::Body(format!("[{},{other}]", row(&today, "4"))));
    let mut one = q.clone();
    one.product_ids = vec![s.product_id()];
    let u = demo.rt.block_on(c.fetch(&one)).unwrap();
    assert_eq!((u.total(), u.products().len()), (4, 1));
    assert_eq!(u.warnings().other_products, 1);
    assert!(
        u.warnings()
            .to_string()
            .contains("1 row of products not asked for dropped")
    );
    // Asked for every product, every product's rows count.
    s.push_fault(Fault::Body(format!("[{},{other}]", row(&today, "4"))));
    assert_eq!(demo.rt.block_on(c.fetch(&q)).unwrap().total(), 54);
}

#[test]
fn transport_faults() {
    let demo = common::demo(46, 20, 60);
    let s = &demo.server;
    let c = client(s);
    let q = query();
    // A body that stalls ends at the read timeout, retried, then a clear error.
    s.set_fault(Some(Fault::Stall));
    let t = Instant::now();
    let e = fails(&demo, &c, &q);
    assert!(matches!(e, ApiError::Timeout { .. }), "{e}");
    assert!(t.elapsed() < Duration::from_secs(8));
    // A connection cut mid-body.
    s.set_fault(Some(Fault::CutConnection));
    let e = fails(&demo, &c, &q);
    assert!(
        matches!(e, ApiError::Network { .. } | ApiError::Timeout { .. }),
        "{e}"
    );
    assert_eq!(e.exit_code(), 4);
    // A connection cut inside a compressed body: the network, tried again.
    s.set_fault(Some(Fault::CutGzip));
    let before = s.requests().len();
    let e = fails(&demo, &c, &q);
    assert!(matches!(e, ApiError::Network { .. }), "{e}");
    assert!(s.requests().len() - before > 1, "{e}");
    // A compressed body cut short: the network, tried again, whatever the encoding
    // (deflate's decoder says "unexpected BufError", which was taken for a bad body).
    for encoding in ["gzip", "deflate", "X-GZIP"] {
        s.set_fault(Some(Fault::CutCompressed(encoding)));
        let before = s.requests().len();
        let e = fails(&demo, &c, &q);
        assert!(matches!(e, ApiError::Network { .. }), "{encoding}: {e}");
        assert!(s.requests().len() - before > 1, "{encoding}: {e}");
    }
    // A body labelled compressed that is not: said at once, as a body, not as the
    // network (brotli and zstd said "the connection dropped" and were retried).
    for encoding in [
        "gzip", "deflate", "br", "zstd", "GZIP", "x-gzip", "compress",
    ] {
        s.set_fault(Some(Fault::Mislabelled(encoding)));
        let before = s.requests().len();
        let e = fails(&demo, &c, &q);
        assert!(
            matches!(e, ApiError::UnexpectedBody { .. }),
            "{encoding}: {e}"
        );
        assert!(
            e.to_string().contains("Content-Encoding"),
            "{encoding}: {e}"
        );
        let tries = s.requests().len() - before;
        assert_eq!((e.exit_code(), tries), (5, 1), "{encoding}: {e}");
    }
    // Gzip spelt otherwise (codings are case-insensitive, x-gzip is gzip) is inflated
    // by the client, to the same answer; a coding it does not read is said at once.
    s.set_fault(None);
    let plain = demo.rt.block_on(c.fetch(&q)).unwrap();
    for encoding in ["GZIP", "x-gzip", "X-Gzip", "identity, GZIP"] {
        s.set_fault(Some(Fault::Compressed(encoding)));
        let got = demo.rt.block_on(c.fetch(&q));
        let got = got.map_err(|e| e.to_string());
        assert_eq!(got.as_ref().ok(), Some(&plain), "{encoding}: {got:?}");
    }
    for encoding in ["compress", "GZIP, br"] {
        s.set_fault(Some(Fault::Compressed(encoding)));
        let before = s.requests().len();
        let e = fails(&demo, &c, &q);
        assert!(e.to_string().contains("does not read"), "{encoding}: {e}");
        let tries = s.requests().len() - before;
        assert_eq!((e.exit_code(), tries), (5, 1), "{encoding}: {e}");
    }
    // A server that answers after the whole-request timeout.
    let slow = ClientOptions {
        total_timeout: Duration::from_millis(500),
        ..fast()
    };
    s.set_fault(Some(Fault::Delay(Duration::from_secs(2))));
    let e = fails(
        &demo,
        &client_with(s, s.api_key(), s.product_id(), slow),
        &q,
    );
    assert!(matches!(e, ApiError::Timeout { .. }), "{e}");
    // One that thinks longer than the silence bound (0.8 s) before it answers, within
    // the whole request's: answered, not timed out whatever the request's bound said.
    s.set_fault(Some(Fault::Delay(Duration::from_millis(1500))));
    let slow_head = demo.rt.block_on(c.fetch(&q));
    assert_eq!(
        slow_head.map_err(|e| e.to_string()).map(|u| u.total()),
        Ok(plain.total())
    );
    s.set_fault(None);
    // Connection refused.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let refused = Client::new(
        &format!("http://127.0.0.1:{port}"),
        s.product_id(),
        ApiKey::new("k").unwrap(),
        KeySource::Demo,
        fast(),
    )
    .unwrap();
    let e = fails(&demo, &refused, &q);
    assert!(matches!(e, ApiError::Connect { attempts: 4, .. }), "{e}");
    // Plain http to a remote host: refused before any connection.
    let e = Client::new(
        "http://api.example.com",
        s.product_id(),
        ApiKey::new("k").unwrap(),
        KeySource::Demo,
        fast(),
    )
    .unwrap_err();
    assert!(matches!(e, ApiError::InsecureUrl { .. }));
}

/// A redirect is not followed: the key never reaches another origin.
#[test]
fn redirects_do_not_carry_the_key_away() {
    let demo = common::demo(47, 10, 30);
    let (seen_tx, seen_rx) = std::sync::mpsc::channel::<bool>();
    let other = demo.rt.block_on(async {
        let l = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = l.local_addr().unwrap();
        tokio::spawn(async move {
            while let Ok((mut sock, _)) = l.accept().await {
                use tokio::io::{AsyncReadExt, AsyncWriteExt};
                let mut buf = vec![0u8; 4096];
                let n = sock.read(&mut buf).await.unwrap_or(0);
                let _ = seen_tx.send(
                    String::from_utf8_lossy(&buf[..n])
                        .to_lowercase()
                        .contains("x-api-key"),
                );
                let _ = sock
                    .write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\n[]")
                    .await;
            }
        });
        addr
    });
    let s = &demo.server;
    s.push_fault(Fault::Redirect(format!(
        "http://{other}/api/v1/products/x/usage/prompts"
    )));
    let e = fails(&demo, &client(s), &query());
    assert!(matches!(e, ApiError::Redirect { status: 307 }), "{e}");
    assert!(
        seen_rx.recv_timeout(Duration::from_millis(300)).is_err(),
        "nothing reached {other}"
    );
}

#[test]
fn a_body_without_end_is_cut_at_the_bound() {
    let demo = common::demo(47, 20, 60);
    let s = &demo.server;
    let opts = ClientOptions {
        max_body_bytes: 2 << 20,
        ..fast()
    };
    let c = client_with(s, s.api_key(), s.product_id(), opts);
    s.set_fault(Some(Fault::Endless));
    let started = Instant::now();
    let e = fails(&demo, &c, &query());
    assert!(matches!(e, ApiError::TooLarge { .. }), "{e}");
    assert!(
        e.to_string()
            .contains("larger than 2 MiB once decompressed"),
        "{e}"
    );
    assert_eq!(e.exit_code(), 5);
    assert!(
        started.elapsed() < Duration::from_secs(4),
        "not retried, not timed out"
    );
}

#[test]
fn a_stall_and_a_slow_whole_request_are_told_apart() {
    let demo = common::demo(48, 20, 60);
    let s = &demo.server;
    s.set_fault(Some(Fault::Stall));
    let e = fails(&demo, &client(s), &query());
    assert!(
        e.to_string().contains("the response stalled: no data for"),
        "{e}"
    );
    // A longer timeout_secs would not help a stall: the line does not say to raise it.
    assert!(!e.to_string().contains("raise timeout_secs"), "{e}");
    // A body that keeps flowing is ended by the whole-request bound, and says so.
    let opts = ClientOptions {
        total_timeout: Duration::from_millis(1500),
        max_body_bytes: u64::MAX,
        retry: RetryPolicy {
            max_attempts: 1,
            ..RetryPolicy::default()
        },
        ..fast()
    };
    s.set_fault(Some(Fault::Endless));
    let e = fails(
        &demo,
        &client_with(s, s.api_key(), s.product_id(), opts),
        &query(),
    );
    assert!(
        e.to_string().contains("the whole request took longer than"),
        "{e}"
    );
    assert!(e.to_string().contains("raise timeout_secs"), "{e}");
}

#[test]
fn a_key_a_header_cannot_carry_is_never_sent() {
    let demo = common::demo(49, 20, 60);
    let s = &demo.server;
    s.clear_requests();
    let c = client_with(s, "cq_demo_\u{7}bell", s.product_id(), fast());
    let e = fails(&demo, &c, &query());
    assert!(matches!(e, ApiError::KeyNotSendable { .. }), "{e}");
    assert!(e.to_string().contains("nothing was sent"), "{e}");
    assert!(!e.to_string().contains("401"), "{e}");
    assert_eq!(e.exit_code(), 3);
    assert!(s.requests().is_empty(), "no request reached the server");
}
