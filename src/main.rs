//! The `clarityq-usage` binary: parse the command line, run, map the outcome to an exit code.

use std::process::ExitCode;

use clap::Parser;
use clarityq_usage::cli::Cli;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let _log = clarityq_usage::logging::init();
    let rt = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("clarityq-usage: cannot start: {e}");
            return ExitCode::from(1);
        }
    };
    let result = rt.block_on(clarityq_usage::run::run(cli));
    // The demo server and any fetch still running end with the runtime; do not wait on them.
    rt.shutdown_timeout(std::time::Duration::from_millis(200));
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            tracing::warn!(code = e.exit_code(), "exit: {e}");
            eprintln!("clarityq-usage: {e}");
            ExitCode::from(e.exit_code())
        }
    }
}
