//! Benchmarks anyone can rerun (`cargo run --release --bin clarityq-bench -- ...`):
//!
//! - `gen --rows N --out FILE`: a saved API response of N rows (8 products, N/60 users,
//!   365 days, one CJK name and one escaped quote), deterministic.
//! - `ingest FILE`: decode + intern + aggregate, in MB/s and rows/s, with peak memory.
//! - `render --users N`: frame time of the dashboard at 200x60 with N users.
//! - `loadgap --rows N`: the longest gap between frames while N rows load in the background.
//! - `dashboard --rows N`: the dashboard on a saved response of N rows: frame gaps while
//!   loading, peak memory, and the redraw after a sort, lens or chart change.
//! - `reopen --users N`: a 365-day view opened again with its months in the disk cache.
//! - `decode FILE`: the rows framed and decoded on one thread from memory, nothing added.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use clap::{Parser, Subcommand};

use clarityq_usage::api::UsageQuery;
use clarityq_usage::bench;
use clarityq_usage::cmd::AppError;
use clarityq_usage::dates::{DateRange, parse_date};
use clarityq_usage::model::{Ingest, RangeSpec, ReadError, Usage};
use clarityq_usage::tui::app::{App, Msg, Slot, SourceKind};

/// The command line. Errors are one line and exit 2, as the main binary's.
#[derive(Debug, Parser)]
#[command(
    name = "clarityq-bench",
    about = "Benchmarks of clarityq-usage: generate a response, ingest it, time frames."
)]
struct Bench {
    #[command(subcommand)]
    command: Run,
}

#[derive(Debug, Subcommand)]
enum Run {
    /// Write a saved API response of N rows (deterministic).
    Gen {
        #[arg(long, value_name = "N", default_value_t = 1_000_000)]
        rows: u64,
        #[arg(long, value_name = "FILE", default_value = "usage-1m.json")]
        out: PathBuf,
    },
    /// Decode + intern + aggregate FILE: MB/s, rows/s, peak memory.
    Ingest {
        #[arg(value_name = "FILE")]
        file: PathBuf,
    },
    /// Frame time of the dashboard at 200x60 with N users.
    Render {
        #[arg(long, value_name = "N", default_value_t = 100_000)]
        users: u64,
    },
    /// The longest gap between frames while N rows load in the background.
    Loadgap {
        #[arg(long, value_name = "N", default_value_t = 1_000_000)]
        rows: u64,
    },
    /// The dashboard on N rows: frame gaps, peak memory, redraw after client-side changes.
    Dashboard {
        #[arg(long, value_name = "N", default_value_t = 1_000_000)]
        rows: u64,
        #[arg(long, value_name = "K", default_value_t = 7)]
        repeats: usize,
        /// Configure T teams (by email domain) and time the team filter (`t`) too.
        #[arg(long, value_name = "T", default_value_t = 0)]
        teams: usize,
    },
    /// Frame and decode FILE's rows on one thread from memory: MB/s, ns a row.
    Decode {
        #[arg(value_name = "FILE")]
        file: PathBuf,
        #[arg(long, value_name = "K", default_value_t = 5)]
        repeats: usize,
    },
    /// Time to the first frame with data of a 365-day view with its months on disk.
    Reopen {
        #[arg(long, value_name = "N", default_value_t = 3000)]
        users: usize,
        #[arg(long, value_name = "K", default_value_t = 7)]
        repeats: usize,
    },
}

/// Peak resident memory of this process, from the kernel.
fn peak_mib() -> f64 {
    let s = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    s.lines()
        .find(|l| l.starts_with("VmHWM:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|k| k.parse::<f64>().ok())
        .unwrap_or(0.0)
        / 1024.0
}

fn uuid(seed: u64, i: u64) -> String {
    let a = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ i.wrapping_mul(0xBF58_476D_1CE4_E5B9);
    let b = a.rotate_left(29).wrapping_mul(0x94D0_49BB_1331_11EB);
    format!(
        "{:08x}-{:04x}-4{:03x}-8{:03x}-{:012x}",
        a >> 32,
        (a >> 16) & 0xffff,
        a & 0xfff,
        b >> 52,
        b & 0xffff_ffff_ffff
    )
}

/// Writes the response; a file that cannot be created is bad usage (exit 2), a failed
/// write a failure (exit 1).
fn generate(rows: u64, out: &Path) -> Result<(), AppError> {
    let file = std::fs::File::create(out)
        .map_err(|e| AppError::Usage(format!("cannot write {}: {e}", out.display())))?;
    let written = write_rows(rows, file)
        .map_err(|e| AppError::Failed(format!("writing {} failed: {e}", out.display())))?;
    // Each person has 60 rows: the rows asked for are rounded down to whole people, and
    // the line says the rows written (it said the rows asked for).
    eprintln!(
        "wrote {written} rows ({rows} asked for, in whole people of 60 rows), {} users, to {}",
        (rows / 60).max(1),
        out.display()
    );
    Ok(())
}

/// Writes about `rows` rows (whole people of 60 each); the rows written.
fn write_rows(rows: u64, file: std::fs::File) -> std::io::Result<u64> {
    const NAMES: [&str; 8] = [
        "Analytics Copilot",
        "Sales Assistant",
        "Support Desk",
        "数据洞察 Insights",
        "Marketing \\\"Studio\\\"",
        "Legal Review",
        "HR Helper",
        "Finance Desk",
    ];
    let users = (rows / 60).max(1);
    let end = parse_date("2026-11-24").unwrap();
    let days: Vec<String> = (0..365)
        .map(|d| (end - chrono::Duration::days(364 - d)).to_string())
        .collect();
    let products: Vec<String> = (0..8).map(|p| uuid(1, p)).collect();
    let user_ids: Vec<String> = (0..users).map(|u| uuid(2, u)).collect();
    let mut w = std::io::BufWriter::with_capacity(1 << 20, file);
    let mut rng = fastrand::Rng::with_seed(42);
    w.write_all(b"[")?;
    let mut n = 0u64;
    // Day-major order: one user's rows are spread over the whole file, as from a server
    // that does not sort.
    'outer: for r in 0..60u64 {
        for u in 0..users {
            if n == rows {
                break 'outer;
            }
            let day = ((r * 6 + u * 7) % 365) as usize;
            let p = ((u + r) % 8) as usize;
            let count = 1 + (rng.f64().powi(3) * 200.0) as u64;
            if n > 0 {
                w.write_all(b",\n")?;
            }
            write!(
                w,
                r#"{{"product_id":"{}","product_name":"{}","user_id":"{}","user_email":"user{u}@org{}.example","date":"{}","prompt_count":{count}}}"#,
                products[p],
                NAMES[p],
                user_ids[u as usize],
                u % 97,
                days[day]
            )?;
            n += 1;
        }
    }
    w.write_all(b"]\n")?;
    w.flush()?;
    Ok(n)
}

fn ingest(path: &Path) -> Result<(), AppError> {
    let bytes = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    let file = std::fs::File::open(path).map_err(|e| ReadError::of_path(path, &e))?;
    let t = Instant::now();
    let u = Ingest::read_from(RangeSpec::Infer, file)?;
    let dt = t.elapsed().as_secs_f64();
    let t2 = Instant::now();
    let order = clarityq_usage::export::users_by_total(&u);
    let sort = t2.elapsed().as_secs_f64();
    println!(
        "ingest: {} rows, {} users, {:.1} MB in {:.3} s = {:.0} MB/s, {:.2} M rows/s; sort {} users by total {:.1} ms; peak {:.0} MiB",
        u.row_count(),
        u.users().len(),
        bytes as f64 / 1e6,
        dt,
        bytes as f64 / 1e6 / dt,
        u.row_count() as f64 / 1e6 / dt,
        order.len(),
        sort * 1000.0,
        peak_mib()
    );
    Ok(())
}

/// A model of `users` people with `per_user` days each, built in memory.
fn model(users: u64, per_user: u64) -> (UsageQuery, Usage) {
    model_until(users, per_user, parse_date("2026-11-24").unwrap())
}

fn model_until(users: u64, per_user: u64, end: chrono::NaiveDate) -> (UsageQuery, Usage) {
    let range = DateRange::last_days(end, 365);
    let mut body = Vec::with_capacity((users * per_user * 220) as usize);
    body.push(b'[');
    for u in 0..users {
        for r in 0..per_user {
            if body.len() > 1 {
                body.push(b',');
            }
            let d = end - chrono::Duration::days(((u * 7 + r * 13) % 365) as i64);
            write!(body, r#"{{"product_id":"{}","product_name":"P{}","user_id":"{}","user_email":"user{u}@org.example","date":"{d}","prompt_count":{}}}"#, uuid(1, r % 8), r % 8, uuid(2, u), 1 + (u + r) % 50).unwrap();
        }
    }
    body.push(b']');
    let u = Ingest::read_from(RangeSpec::Fixed(range), body.as_slice()).unwrap();
    (UsageQuery::new(range), u)
}

fn render(users: u64) {
    let (q, usage) = model(users, 10);
    let mut app = App::new(
        q.clone(),
        parse_date("2026-11-24").unwrap(),
        "bench".into(),
        SourceKind::Api,
        vec![],
        chrono::Utc::now(),
    );
    app.update(Msg::Resize(200, 60));
    let g = app.fetch().generation();
    let previous_range = q.range.previous();
    let t = Instant::now();
    app.update(Msg::Fetched {
        slot: Slot::Main,
        generation: g,
        query: q,
        result: Ok(usage.into()),
        wall: chrono::Utc::now(),
    });
    let build = t.elapsed();
    // The previous period too, so that the change columns and the dormant rows are drawn.
    let (pq, previous) = model_until(users, 10, previous_range.end());
    let t = Instant::now();
    app.update(Msg::Fetched {
        slot: Slot::Previous,
        generation: g,
        query: pq,
        result: Ok(previous.into()),
        wall: chrono::Utc::now(),
    });
    let compare = t.elapsed();
    let mut term = ratatui::Terminal::new(ratatui::backend::TestBackend::new(200, 60)).unwrap();
    let mut times = Vec::new();
    for i in 0..200 {
        // Scrolling keeps the visible rows changing, as a person paging through would.
        if i % 2 == 0 {
            app.update(Msg::Key(crossterm::event::KeyEvent::new(
                crossterm::event::KeyCode::PageDown,
                crossterm::event::KeyModifiers::NONE,
            )));
        }
        let t = Instant::now();
        term.draw(|f| f.render_widget(&app, f.area())).unwrap();
        times.push(t.elapsed());
    }
    times.sort();
    println!(
        "render: {} users at 200x60 with the change columns: view built in {:.1} ms, again with the previous period in {:.1} ms; frame median {:.3} ms, p99 {:.3} ms, max {:.3} ms",
        app.view().order.len(),
        build.as_secs_f64() * 1000.0,
        compare.as_secs_f64() * 1000.0,
        times[times.len() / 2].as_secs_f64() * 1000.0,
        times[times.len() * 99 / 100].as_secs_f64() * 1000.0,
        times[times.len() - 1].as_secs_f64() * 1000.0
    );
}

/// The generated response of `rows` rows in the temporary folder, written once.
fn saved(rows: u64) -> Result<PathBuf, AppError> {
    let path = std::env::temp_dir().join(format!("clarityq-bench-{rows}.json"));
    if !path.exists() {
        generate(rows, &path)?;
    }
    Ok(path)
}

/// Frames keep coming while a big response is decoded on a worker, as in the dashboard
/// (fetches run in tasks on the runtime's workers; the loop draws on its own thread).
fn loadgap(rows: u64) -> Result<(), AppError> {
    let path = saved(rows)?;
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| AppError::Failed(format!("cannot start: {e}")))?;
    let file = std::fs::File::open(&path).map_err(|e| ReadError::of_path(&path, &e))?;
    rt.block_on(async {
        let (q, small) = model(2000, 5);
        let mut app = App::new(q.clone(), parse_date("2026-11-24").unwrap(), "bench".into(), SourceKind::Api, vec![], chrono::Utc::now());
        app.update(Msg::Resize(200, 60));
        let g = app.fetch().generation();
        app.update(Msg::Fetched { slot: Slot::Main, generation: g, query: q, result: Ok(small.into()), wall: chrono::Utc::now() });
        let mut term = ratatui::Terminal::new(ratatui::backend::TestBackend::new(200, 60)).unwrap();
        let load = tokio::spawn(async move { Ingest::read_from(RangeSpec::Infer, file) });
        let mut tick = tokio::time::interval(Duration::from_millis(16));
        let (mut last, mut worst, mut frames) = (Instant::now(), Duration::ZERO, 0u32);
        let started = Instant::now();
        while !load.is_finished() {
            tick.tick().await;
            app.update(Msg::Tick { now: Instant::now(), wall: chrono::Utc::now() });
            term.draw(|f| f.render_widget(&app, f.area())).unwrap();
            worst = worst.max(last.elapsed());
            last = Instant::now();
            frames += 1;
        }
        let u = load.await.map_err(|e| AppError::Failed(format!("the load failed: {e}")))??;
        println!(
            "loadgap: {} rows loaded in {:.2} s while drawing {frames} frames; longest gap between frames {:.1} ms",
            u.row_count(),
            started.elapsed().as_secs_f64(),
            worst.as_secs_f64() * 1000.0
        );
        Ok(())
    })
}

fn main() -> ExitCode {
    let bench = match Bench::try_parse() {
        Ok(b) => b,
        Err(e) => return usage_error(&e),
    };
    let done = match bench.command {
        Run::Gen { rows, out } => generate(rows, &out),
        Run::Ingest { file } => ingest(&file),
        Run::Render { users } => {
            render(users);
            Ok(())
        }
        Run::Loadgap { rows } => loadgap(rows),
        Run::Dashboard {
            rows,
            repeats,
            teams,
        } => saved(rows)
            .and_then(|p| bench::dashboard(&p, repeats, teams).map_err(AppError::Failed))
            .map(|line| println!("{line}")),
        Run::Reopen { users, repeats } => bench::reopen(users, repeats)
            .map_err(AppError::Failed)
            .map(|line| println!("{line}")),
        Run::Decode { file, repeats } => bench::decode(&file, repeats)
            .map_err(AppError::Failed)
            .map(|line| println!("{line}")),
    };
    match done {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("clarityq-bench: {e}");
            ExitCode::from(e.exit_code())
        }
    }
}

/// clap's error as one line (exit 2), as the program says its own; `--help` and
/// `--version` print as usual (exit 0).
fn usage_error(e: &clap::Error) -> ExitCode {
    if !e.use_stderr() {
        let _ = e.print();
        return ExitCode::SUCCESS;
    }
    let args: Vec<_> = std::env::args_os().collect();
    let line = clarityq_usage::cli::error_line::<Bench>(e, &args);
    eprintln!(
        "clarityq-bench: {}",
        clarityq_usage::sanitize::for_terminal(&line)
    );
    ExitCode::from(2)
}
