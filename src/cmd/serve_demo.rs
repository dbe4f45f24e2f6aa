//! `serve-demo`: the contract server with the demo organization, in the foreground, until
//! Ctrl-C or SIGTERM. It prints the `export` lines that point the program at it.

use crate::cli::ServeDemoArgs;
use crate::dates::today_utc;
use crate::demo::{DemoOptions, DemoServer, OrgSpec, RequestLog};

use super::AppError;

/// The most users `--users` may ask for: the organization is made in memory (about 100
/// bytes a person, before the rows), so a typo of a few more digits must not take the
/// machine's memory; a million is ten times the largest organization the bench measures.
pub const MAX_USERS: usize = 1_000_000;

/// Runs `serve-demo`; `quiet` leaves out the line per request.
pub async fn run(args: &ServeDemoArgs, quiet: bool) -> Result<(), AppError> {
    // Days past the longest range a command reads are of no use, and far past it the
    // first day falls before the calendar's start (it panicked).
    let days = 1..=crate::dates::MAX_DAYS as u32;
    if !(1..=MAX_USERS).contains(&args.users) || !days.contains(&args.days) {
        return Err(AppError::Usage(format!(
            "--users {} --days {}: the demo organization has 1 to {} users and 1 to {} days",
            args.users,
            args.days,
            crate::numbers::thousands(MAX_USERS as u64),
            crate::numbers::thousands(*days.end() as u64)
        )));
    }
    if !args.addr.ip().is_loopback() {
        return Err(AppError::Usage(format!(
            "--addr {}: the demo server listens on loopback only (127.0.0.1 or ::1)",
            args.addr
        )));
    }
    let org = OrgSpec {
        seed: args.seed,
        users: args.users,
        days: args.days,
        today: today_utc(),
    };
    let log: Option<RequestLog> = (!quiet).then(|| -> RequestLog {
        Box::new(|r, status| {
            let q: Vec<String> = r.query.iter().map(|(k, v)| format!("{k}={v}")).collect();
            super::console::log(&format!("{status} GET {} {}", r.path, q.join("&")));
        })
    });
    let options = DemoOptions {
        org,
        addr: Some(args.addr),
    };
    let server = DemoServer::start_with_log(options, log)
        .await
        .map_err(|e| {
            let hint = if e.kind() == std::io::ErrorKind::AddrInUse {
                "; another program listens there: pick another port with --addr 127.0.0.1:PORT"
            } else {
                ""
            };
            AppError::Failed(format!("cannot listen on {}: {e}{hint}", args.addr))
        })?;
    announce(&server)?;
    let mut term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        .map_err(|e| AppError::Failed(format!("cannot watch signals: {e}")))?;
    tokio::select! {
        _ = tokio::signal::ctrl_c() => {},
        _ = term.recv() => {},
    }
    super::console::log("stopped");
    Ok(())
}

/// The shell lines on stdout (for `eval`), what is served on stderr. Lines that could not
/// be written (a full disk) stop the server: nobody could point the program at it.
fn announce(server: &DemoServer) -> Result<(), AppError> {
    super::console::print(&format!(
        "export CLARITYQ_BASE_URL={}\nexport CLARITYQ_PRODUCT_ID={}\nexport CLARITYQ_API_KEY={}\n",
        server.base_url(),
        server.product_id(),
        server.api_key()
    ))?;
    super::console::log(&format!(
        "serving the demo organization ({} users, {} products, {} days) on {}; Ctrl-C stops it",
        server.org().users.len(),
        server.org().products.len(),
        server.org().spec.days,
        server.base_url()
    ));
    Ok(())
}
