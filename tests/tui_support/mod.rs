//! A headless dashboard for tests: an `App` driven through `update`, whose fetches are
//! answered from the demo organization (seed 42, 60 users, 120 days up to 2026-11-25) at a
//! fixed clock, and a renderer onto ratatui's `TestBackend`.
#![allow(dead_code)] // each test file uses a different part

use std::sync::Arc;

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use clarityq_usage::api::{ApiError, UsageQuery};
use clarityq_usage::dates::{Preset, parse_date};
use clarityq_usage::demo::{Org, OrgSpec, RowFilter};
use clarityq_usage::model::{Ingest, RangeSpec, Usage};
use clarityq_usage::tui::app::{App, Effect, Msg, SourceKind};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

pub const SIZES: [(u16, u16); 2] = [(80, 24), (160, 48)];

pub fn today() -> NaiveDate {
    parse_date("2026-11-25").unwrap()
}

/// The fixed wall clock: fetched 5 s before "now".
pub fn fetched_at() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 25, 9, 30, 0).unwrap()
}

pub fn now() -> DateTime<Utc> {
    fetched_at() + chrono::Duration::seconds(5)
}

pub fn org() -> Org {
    Org::new(OrgSpec {
        seed: 42,
        users: 60,
        days: 120,
        today: today(),
    })
}

/// What the contract server would answer for `q`, decoded as the client decodes it.
pub fn usage_for(org: &Org, q: &UsageQuery) -> Usage {
    let rows = org.rows(&RowFilter {
        start: q.range.start(),
        end: q.range.end(),
        product_ids: &q.product_ids,
        search: q.search.as_deref(),
        origin: q.origin,
    });
    let body = serde_json::to_vec(&rows).unwrap();
    let mut ingest = Ingest::new(RangeSpec::Fixed(q.range));
    ingest.feed(&body).unwrap();
    ingest.finish().unwrap()
}

pub struct Harness {
    pub app: App,
    pub org: Org,
    /// Every fetch asked for, in order.
    pub fetched: Vec<UsageQuery>,
}

impl Harness {
    /// A dashboard on the last 30 days, before its first fetch.
    pub fn new(source: SourceKind) -> Self {
        let q = UsageQuery::new(Preset::Last30.range(today()).unwrap());
        let mut app = App::new(
            q,
            today(),
            "demo organization".into(),
            source,
            vec!["clarityq-usage".into(), "--demo".into()],
            now(),
        );
        app.color = false;
        app.update(Msg::Resize(80, 24));
        Harness {
            app,
            org: org(),
            fetched: Vec::new(),
        }
    }

    /// A dashboard with its first view (and the previous period) fetched.
    pub fn loaded() -> Self {
        let mut h = Harness::new(SourceKind::Api);
        let fx = h.app.start();
        h.serve(fx);
        h
    }

    /// Answers every fetch in `fx` (and any fetch those answers lead to) from the org.
    pub fn serve(&mut self, fx: Vec<Effect>) {
        let mut queue = fx;
        while !queue.is_empty() {
            let mut next = Vec::new();
            for e in queue {
                if let Effect::Fetch {
                    slot,
                    generation,
                    query,
                } = e
                {
                    self.fetched.push(query.clone());
                    let usage = usage_for(&self.org, &query);
                    next.extend(self.app.update(Msg::Fetched {
                        slot,
                        generation,
                        query,
                        result: Ok(Arc::new(usage)),
                        wall: fetched_at(),
                    }));
                }
            }
            queue = next;
        }
    }

    /// Presses a key (no modifiers unless upper-case) and answers the fetches it starts.
    pub fn key(&mut self, code: KeyCode) -> Vec<Effect> {
        let fx = self.press(code);
        self.serve(fx.clone());
        fx
    }

    /// Presses a key without answering anything.
    pub fn press(&mut self, code: KeyCode) -> Vec<Effect> {
        let mods = match code {
            KeyCode::Char(c) if c.is_ascii_uppercase() => KeyModifiers::SHIFT,
            KeyCode::BackTab => KeyModifiers::SHIFT,
            _ => KeyModifiers::NONE,
        };
        self.app.update(Msg::Key(KeyEvent::new(code, mods)))
    }

    /// Presses a key with Ctrl held.
    pub fn ctrl(&mut self, c: char) -> Vec<Effect> {
        self.app.update(Msg::Key(KeyEvent::new(
            KeyCode::Char(c),
            KeyModifiers::CONTROL,
        )))
    }

    /// Types text into whatever field is open.
    pub fn type_text(&mut self, s: &str) {
        for c in s.chars() {
            self.press(KeyCode::Char(c));
        }
    }

    /// Presses a key and answers its main fetch with `err`.
    pub fn key_then_fail(&mut self, code: KeyCode, err: ApiError) {
        for e in self.press(code) {
            if let Effect::Fetch {
                slot,
                generation,
                query,
            } = e
            {
                self.app.update(Msg::Fetched {
                    slot,
                    generation,
                    query,
                    result: Err(err.clone()),
                    wall: fetched_at(),
                });
            }
        }
    }

    pub fn resize(&mut self, w: u16, h: u16) {
        self.app.update(Msg::Resize(w, h));
    }

    /// The screen as text: one line per row, wide characters once, trailing blanks cut.
    pub fn render(&self, w: u16, h: u16) -> String {
        let mut term = Terminal::new(TestBackend::new(w, h)).unwrap();
        term.draw(|f| f.render_widget(&self.app, f.area())).unwrap();
        let buf = term.backend().buffer();
        let mut out = String::new();
        for y in 0..h {
            let mut line = String::new();
            let mut skip = 0usize;
            for x in 0..w {
                let cell = &buf[(x, y)];
                let sym = cell.symbol();
                if skip == 0 {
                    line.push_str(sym);
                }
                skip = skip
                    .max(unicode_width::UnicodeWidthStr::width(sym))
                    .saturating_sub(1);
            }
            out.push_str(line.trim_end());
            out.push('\n');
        }
        out
    }

    /// The total on screen's data, as the screen writes it.
    pub fn total_text(&self) -> String {
        clarityq_usage::export::thousands(self.app.usage().expect("loaded").total())
    }

    pub fn selected_email(&self) -> String {
        let id = self.app.selected_user().expect("a selected user");
        let u = self.app.usage().unwrap();
        u.users()[u.user_index(id).unwrap()].email.clone()
    }
}
