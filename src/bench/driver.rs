//! A loop shaped like the dashboard's (`tui::run`): fetch effects go to the real fetch
//! tasks, answers come back over a channel into `update`, and a frame is drawn after each
//! message, into an off-screen terminal. It records the longest gap between frames.

use std::time::{Duration, Instant};

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use tokio::sync::mpsc::{UnboundedReceiver, UnboundedSender, unbounded_channel};

use crate::source::Source;
use crate::tui::app::{App, Effect, Msg};
use crate::tui::fetch;

/// How often the UI clock ticks while something loads (the dashboard's spinner).
const TICK: Duration = Duration::from_millis(16);

pub(super) struct Driver {
    pub app: App,
    source: Source,
    today: chrono::NaiveDate,
    term: Terminal<TestBackend>,
    tx: UnboundedSender<Msg>,
    rx: UnboundedReceiver<Msg>,
    fetches: fetch::Fetches,
    last_frame: Instant,
    /// The longest time between two frames since the last `reset_gap`.
    pub worst_gap: Duration,
    /// The longest `update` (with its effects started) and the longest draw since the
    /// last `reset_gap`: which side of a long gap the time went to.
    pub worst_update: Duration,
    pub worst_draw: Duration,
    /// Each `update` over 10 ms since the last `reset_gap`: what it was for, how long.
    pub slow: Vec<(String, Duration)>,
    pub frames: u32,
}

impl Driver {
    pub fn new(mut app: App, source: Source, today: chrono::NaiveDate) -> Driver {
        app.update(Msg::Resize(200, 60));
        // The app's teams, as the dashboard's loop hands them to its fetches.
        let fetches = fetch::Fetches::default().with_teams(app.teams().shared());
        let (tx, rx) = unbounded_channel();
        let term = Terminal::new(TestBackend::new(200, 60)).expect("an off-screen terminal");
        Driver {
            app,
            source,
            today,
            term,
            tx,
            rx,
            fetches,
            last_frame: Instant::now(),
            worst_gap: Duration::ZERO,
            worst_update: Duration::ZERO,
            worst_draw: Duration::ZERO,
            slow: Vec::new(),
            frames: 0,
        }
    }

    /// Runs effects as the dashboard's runner does (fetches, aborts and prepare jobs; the
    /// rest is not measured here).
    pub fn run(&mut self, effects: Vec<Effect>) {
        for e in effects {
            // Anything but background work (an export, a copy...) is not measured here.
            let _ = self.fetches.run(e, (&self.source, self.today), &self.tx);
        }
    }

    /// Draws a frame and records the gap since the one before.
    pub fn draw(&mut self) {
        let t = Instant::now();
        let app = &self.app;
        self.term
            .draw(|f| f.render_widget(app, f.area()))
            .expect("drawing off screen");
        self.worst_draw = self.worst_draw.max(t.elapsed());
        self.worst_gap = self.worst_gap.max(self.last_frame.elapsed());
        self.last_frame = Instant::now();
        self.frames += 1;
    }

    pub fn reset_gap(&mut self) {
        self.last_frame = Instant::now();
        self.worst_gap = Duration::ZERO;
        self.worst_update = Duration::ZERO;
        self.worst_draw = Duration::ZERO;
        self.slow.clear();
    }

    /// One turn of the loop: the next answer or tick into `update`, then a frame.
    pub async fn step(&mut self) {
        let msg = tokio::select! {
            Some(m) = self.rx.recv() => m,
            _ = tokio::time::sleep(TICK) => Msg::Tick { now: Instant::now(), wall: chrono::Utc::now() },
        };
        let what = match &msg {
            Msg::Fetched { slot, .. } => format!("{slot:?} answer"),
            _ => "other".to_string(),
        };
        let t = Instant::now();
        let fx = self.app.update(msg);
        self.run(fx);
        let took = t.elapsed();
        self.worst_update = self.worst_update.max(took);
        if took > Duration::from_millis(10) {
            self.slow.push((what, took));
        }
        self.draw();
    }

    /// Turns the loop until `done` holds for the app, or `limit` passes; the time taken.
    pub async fn until(&mut self, limit: Duration, done: impl Fn(&App) -> bool) -> Duration {
        let t = Instant::now();
        while !done(&self.app) && t.elapsed() < limit {
            self.step().await;
        }
        t.elapsed()
    }

    /// A key into `update` and the frame after it: the time the user waits.
    pub fn key(&mut self, code: crossterm::event::KeyCode) -> Duration {
        let t = Instant::now();
        let k = crossterm::event::KeyEvent::new(code, crossterm::event::KeyModifiers::NONE);
        let fx = self.app.update(Msg::Key(k));
        self.run(fx);
        self.draw();
        t.elapsed()
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        self.fetches.abort_all();
    }
}

impl Driver {
    /// Whether every fetch task has ended.
    pub fn idle(&self) -> bool {
        self.fetches.all_finished()
    }
}
