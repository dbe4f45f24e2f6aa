//! A server whose certificate the client cannot trust (self-signed, as a misconfigured
//! proxy or an interception box presents): one line that names the host and says it is
//! the certificate, exit 3, and no retry, since asking again cannot mend a certificate; and
//! `https://` aimed at a plain-HTTP port, said as such.

use std::process::Command;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use tokio::net::TcpListener;
use tokio_rustls::TlsAcceptor;
use tokio_rustls::rustls::ServerConfig;
use tokio_rustls::rustls::pki_types::pem::PemObject;
use tokio_rustls::rustls::pki_types::{CertificateDer, PrivateKeyDer};

const CERT: &[u8] = include_bytes!("fixtures/self-signed.pem");
const KEY: &[u8] = include_bytes!("fixtures/self-signed.key");

/// Serves TLS on loopback with the self-signed certificate; counts the handshakes begun.
fn serve(rt: &tokio::runtime::Runtime) -> (u16, Arc<AtomicUsize>) {
    let cert = CertificateDer::from_pem_slice(CERT).unwrap();
    let key = PrivateKeyDer::from_pem_slice(KEY).unwrap();
    let provider = Arc::new(tokio_rustls::rustls::crypto::aws_lc_rs::default_provider());
    let config = ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(vec![cert], key)
        .unwrap();
    let acceptor = TlsAcceptor::from(Arc::new(config));
    let listener = rt.block_on(TcpListener::bind("127.0.0.1:0")).unwrap();
    let port = listener.local_addr().unwrap().port();
    let seen = Arc::new(AtomicUsize::new(0));
    let count = seen.clone();
    rt.spawn(async move {
        while let Ok((tcp, _)) = listener.accept().await {
            count.fetch_add(1, Ordering::SeqCst);
            let acceptor = acceptor.clone();
            // The client walks away mid-handshake: that error is the point.
            tokio::spawn(async move { drop(acceptor.accept(tcp).await) });
        }
    });
    (port, seen)
}

/// `export --last 7d` of `https://127.0.0.1:PORT`, with `more` flags, from a home of its
/// own and a canary for a key.
fn export_from(port: u16, more: &[&str]) -> std::process::Output {
    let home = tempfile::tempdir().unwrap();
    Command::new(env!("CARGO_BIN_EXE_clarityq-usage"))
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("HOME", home.path())
        .env("XDG_CONFIG_HOME", home.path().join("config"))
        .env("XDG_CACHE_HOME", home.path().join("cache"))
        .env("XDG_STATE_HOME", home.path().join("state"))
        .env("CLARITYQ_BASE_URL", format!("https://127.0.0.1:{port}"))
        .env(
            "CLARITYQ_PRODUCT_ID",
            "6f1c2d3e-4a5b-4c6d-8e7f-9a0b1c2d3e4f",
        )
        .env("CLARITYQ_API_KEY", "sk-CANARY-not-a-real-key")
        .args(["export", "--last", "7d", "--no-cache"])
        .args(more)
        .output()
        .unwrap()
}

#[test]
fn an_untrusted_certificate_is_one_line_exit_3_and_not_retried() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let (port, seen) = serve(&rt);
    let out = export_from(port, &["-q"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(3), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
    let lower = err.to_lowercase();
    assert!(lower.contains("certificate"), "{err}");
    assert!(
        err.contains("no authority this machine trusts"),
        "the reason in words, not the TLS library's enums: {err}"
    );
    assert!(err.contains("127.0.0.1"), "names the host: {err}");
    assert!(!err.contains("CANARY"), "the key never shows: {err}");
    assert!(out.stdout.is_empty());
    assert_eq!(
        seen.load(Ordering::SeqCst),
        1,
        "a certificate is not retried"
    );
}

/// `https://` pointed at a port that answers plain HTTP: one line that says the server
/// does not speak TLS (it said "cannot connect" four times), exit 3, not retried.
#[test]
fn https_to_a_plain_http_port_says_so_once() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let listener = rt.block_on(TcpListener::bind("127.0.0.1:0")).unwrap();
    let port = listener.local_addr().unwrap().port();
    let seen = Arc::new(AtomicUsize::new(0));
    let count = seen.clone();
    rt.spawn(async move {
        use tokio::io::AsyncWriteExt;
        while let Ok((mut tcp, _)) = listener.accept().await {
            count.fetch_add(1, Ordering::SeqCst);
            // What a plain HTTP server answers to bytes it cannot parse.
            let _ = tcp.write_all(b"HTTP/1.1 400 Bad Request\r\n\r\n").await;
        }
    });
    let out = export_from(port, &[]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(3), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.contains("127.0.0.1") && err.contains("did not answer in TLS"),
        "{err}"
    );
    assert!(!err.contains("CANARY"), "{err}");
    assert_eq!(seen.load(Ordering::SeqCst), 1, "not retried");
}
