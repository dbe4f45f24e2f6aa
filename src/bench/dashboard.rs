//! `clarityq-bench dashboard`: a saved response of many rows opened the dashboard's way
//! (`--input`: read on a blocking thread, then the view's fetch task cuts it to the range
//! and `update` builds the view), with frames drawn all along; then the changes made on
//! the client alone (sort, lens, chart buckets, and with `--teams` the team filter),
//! each timed from its key to its frame.

use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use crossterm::event::KeyCode;

use super::driver::Driver;
use super::{median_max, peak_mib, runtime};
use crate::api::UsageQuery;
use crate::dates::DateRange;
use crate::model::{Ingest, RangeSpec, Usage};
use crate::source::Source;
use crate::teams::Teams;
use crate::tui::app::{App, SourceKind};

/// Long enough for any load this bench is meant for; a stuck one ends the run.
const LIMIT: Duration = Duration::from_secs(600);

/// Runs the bench on `path` with `repeats` rounds of client-side changes; the line to
/// print, or what went wrong.
pub fn dashboard(path: &Path, repeats: usize, teams: usize) -> Result<String, String> {
    let rt = runtime()?;
    rt.block_on(async {
        let started = Instant::now();
        let (usage, read_gap) = read_while_drawing(path).await?;
        let rows = usage.row_count();
        let today = usage.range().end();
        let mut d = open(usage, today, bench_teams(teams)?).await;
        let show_gap = d.worst_gap;
        let (show_update, show_draw) = (d.worst_update, d.worst_draw);
        let slow: Vec<String> = d
            .slow
            .iter()
            .map(|(w, t)| format!("{w} {:.1} ms", t.as_secs_f64() * 1000.0))
            .collect();
        let loaded = started.elapsed();
        let people = d.app.view().order.len();
        // The people and order shown (the default sort), before the keys change them.
        let shown = (d.app.view().people.clone(), d.app.view().order.clone());
        let mut kinds = vec![
            ("sort (s)", KeyCode::Char('s')),
            ("sort flip (S)", KeyCode::Char('S')),
            ("chart buckets (b)", KeyCode::Char('b')),
        ];
        if teams > 0 {
            kinds.push(("team filter (t)", KeyCode::Char('t')));
        }
        let changes = client_changes(&mut d, repeats, &kinds).await;
        let peak = peak_mib();
        // The previous period as the table pairs it: one wholly outside the file is not
        // compared with (the bench's own file is a year with nothing before it).
        let before = d.app.previous().cloned();
        let paired = before.clone().filter(|p| !p.wholly_outside_file());
        let year = d.app.usage().cloned();
        let ranges = range_changes(&mut d).await;
        // The lens last: after it the table may hold few people, which would flatter
        // what follows.
        let lens = client_changes(&mut d, repeats, &[("lens (v)", KeyCode::Char('v'))]).await;
        // Before the steps below, which are the bench's own work.
        let (in_use, resident) = (peak_mib(), super::resident_mib());
        let stages = year.map(|u| {
            super::stages::stages(&u, (before, paired), today, (&shown.0, &shown.1))
        });
        Ok(format!(
            "dashboard: {rows} rows, {people} people, shown in {:.2} s; longest frame gap {:.1} ms (reading {:.1} ms, building the view {:.1} ms: longest update {:.1} ms, draw {:.1} ms; updates over 10 ms: {}); peak RSS {peak:.0} MiB; {changes}; {ranges}; {lens}; then peak RSS {in_use:.0} MiB, resident {resident:.0} MiB; steps alone: {}",
            loaded.as_secs_f64(),
            read_gap.max(show_gap).as_secs_f64() * 1000.0,
            read_gap.as_secs_f64() * 1000.0,
            show_gap.as_secs_f64() * 1000.0,
            show_update.as_secs_f64() * 1000.0,
            show_draw.as_secs_f64() * 1000.0,
            slow.join(", "),
            stages.unwrap_or_default(),
        ))
    })
}

/// The dashboard opened on `usage`, after its answer, its previous period's and the
/// comparison of the two (made off the UI thread, back in a message of its own) are in.
async fn open(usage: Arc<Usage>, today: chrono::NaiveDate, teams: Teams) -> Driver {
    let query = UsageQuery::new(usage.range());
    let app = App::new(
        query,
        today,
        "bench".into(),
        SourceKind::Fixed,
        vec![],
        chrono::Utc::now(),
    );
    let mut app = app;
    app.set_teams(teams, None);
    let mut d = Driver::new(app, Source::Fixed(usage), today);
    d.reset_gap();
    let fx = d.app.start();
    d.run(fx);
    d.until(LIMIT, |a| a.usage().is_some() && !a.is_loading())
        .await;
    // The previous period too (empty for a file of one year; its answer still rebuilds
    // the view), and the people compared with it.
    d.until(Duration::from_secs(5), |a| {
        a.previous().is_some() && a.view().people.compared
    })
    .await;
    d
}

/// `n` teams over the generated organization's 97 email domains: domain `k` goes to
/// team `k mod (n + 1)`, and the last of those is nobody's (the people in no team).
fn bench_teams(n: usize) -> Result<Teams, String> {
    let mut table = toml::Table::new();
    for t in 0..n {
        let patterns = (t..97)
            .step_by(n + 1)
            .map(|k| toml::Value::String(format!("*@org{k}.example")))
            .collect();
        table.insert(format!("team{t}"), toml::Value::Array(patterns));
    }
    Teams::from_table(&table)
}

/// Reads the file on a blocking thread (as `cmd::open` does) while frames keep coming.
async fn read_while_drawing(path: &Path) -> Result<(Arc<Usage>, Duration), String> {
    let placeholder = UsageQuery::new(DateRange::last_days(crate::dates::today_utc(), 30));
    let app = App::new(
        placeholder,
        crate::dates::today_utc(),
        "bench".into(),
        SourceKind::Fixed,
        vec![],
        chrono::Utc::now(),
    );
    let empty = Source::Fixed(Arc::new(Usage::empty(DateRange::last_days(
        crate::dates::today_utc(),
        1,
    ))));
    let mut d = Driver::new(app, empty, crate::dates::today_utc());
    let p = path.to_path_buf();
    let read = tokio::task::spawn_blocking(move || Ingest::read_file(RangeSpec::Infer, &p));
    d.reset_gap();
    while !read.is_finished() {
        d.step().await;
    }
    let usage = read
        .await
        .map_err(|e| format!("the read failed: {e}"))?
        .map_err(|e| e.to_string())?;
    Ok((Arc::new(usage), d.worst_gap))
}

/// The range keys each once, timed from the key to the frame with the range's figures and
/// their comparison with its previous period: each is the file's rows seen through
/// another window, cut off the UI thread. The views are kept as the dashboard keeps them.
async fn range_changes(d: &mut Driver) -> String {
    let mut times = Vec::new();
    // Year to date last: the lens after it is timed on most of the file.
    for k in ['3', '2', '1', '4', '5', '7', '8', '9', '0', '6'] {
        let t = std::time::Instant::now();
        d.key(KeyCode::Char(k));
        d.until(LIMIT, |a| {
            let shown = a.usage().is_some_and(|u| u.range() == a.query().range);
            // A previous period wholly outside the file is not compared with.
            let compared =
                a.view().people.compared || a.previous().is_some_and(|p| p.wholly_outside_file());
            // With the team filter on, the view waits for the team's part of the answer.
            let whole = !a.is_loading() && !a.narrowing();
            shown && whole && a.previous().is_some() && compared
        })
        .await;
        times.push(t.elapsed());
    }
    format!("range keys 1-0 {}", median_max(&mut times))
}

/// Each client-side change `repeats` times, timed from the key to the frame that shows
/// it (for the team filter, the frame with the team's figures: at 10M rows it is
/// narrowed off the UI thread).
async fn client_changes(d: &mut Driver, repeats: usize, kinds: &[(&str, KeyCode)]) -> String {
    let mut out = Vec::new();
    for &(name, key) in kinds {
        let mut times = Vec::new();
        for _ in 0..repeats.max(1) {
            let t = std::time::Instant::now();
            d.key(key);
            d.until(LIMIT, |a| !a.narrowing()).await;
            times.push(t.elapsed());
        }
        out.push(format!("{name} {}", median_max(&mut times)));
    }
    out.join("; ")
}
