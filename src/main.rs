//! The `clarityq-usage` binary: parse the command line, run the subcommand asked for, map
//! the outcome to an exit code. This is the one place the process's status is decided.

use std::process::ExitCode;

use clarityq_usage::cli::{Cli, Command};
use clarityq_usage::cmd::{self, AppError};
use clarityq_usage::tui::Exit;

fn main() -> ExitCode {
    let cli = match Cli::parse_checked() {
        Ok(cli) => cli,
        Err(line) => {
            // The words are the user's own, echoed: made safe as every error line is.
            cmd::console::say(&clarityq_usage::sanitize::for_terminal(&line));
            return ExitCode::from(2);
        }
    };
    let _log = clarityq_usage::logging::init();
    let quiet = cli.global.quiet;
    let rt = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            cmd::console::say(&format!("cannot start: {e}"));
            return ExitCode::from(1);
        }
    };
    let result = rt.block_on(dispatch(cli));
    // The demo server and any fetch still running end with the runtime; do not wait on them.
    rt.shutdown_timeout(std::time::Duration::from_millis(200));
    match result {
        Ok(Exit::Quit) => ExitCode::SUCCESS,
        // The conventional status of a process ended by a signal: 128 + its number.
        Ok(Exit::Signal(n)) => {
            // Files a dashboard's export was writing on a thread of its own.
            clarityq_usage::private_file::remove_unfinished();
            ExitCode::from(clarityq_usage::signals::status(n))
        }
        Err(e) => {
            tracing::warn!(code = e.exit_code(), "exit: {e}");
            // Every error line goes through the one sanitiser: parts of it came from the
            // server (a serde message quotes the bad input).
            let line = clarityq_usage::sanitize::for_terminal(&e.to_string());
            // A breach is on stdout already, line by line, and in the exit status: the
            // summary is for a person reading stderr, which -q asks to spare.
            if !(quiet && matches!(e, AppError::Breached(_))) {
                cmd::console::say(&line);
            }
            ExitCode::from(e.exit_code())
        }
    }
}

/// Runs the subcommand (the dashboard when there is none).
async fn dispatch(cli: Cli) -> Result<Exit, AppError> {
    let g = &cli.global;
    // The dashboard and the demo server watch signals in their own loops; any other
    // command is ended by one, its unfinished files removed first.
    if !matches!(&cli.command, None | Some(Command::ServeDemo(_))) {
        clarityq_usage::signals::end_cleanly_on_signal()
            .map_err(|e| AppError::Failed(format!("cannot watch signals: {e}")))?;
    }
    let done = match &cli.command {
        None => return cmd::dashboard::run(g, &cli.filters).await,
        Some(Command::Export(args)) => cmd::export::run(g, &cli.filters, args).await,
        Some(Command::Report(args)) => cmd::report::run(g, &cli.filters, args).await,
        Some(Command::Check(args)) => cmd::check::run(g, &cli.filters, args).await,
        Some(Command::ServeDemo(args)) => cmd::serve_demo::run(args, g.quiet).await,
        Some(Command::Config(c)) => cmd::config::run(g, c).await,
        Some(Command::Completions(a)) => cmd::shell::completions(a.shell),
        Some(Command::Man(a)) => cmd::shell::man(&a.subcommand),
    };
    done.map(|()| Exit::Quit)
}
