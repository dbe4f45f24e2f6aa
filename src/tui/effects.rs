//! The effect runner: spawns and aborts fetch tasks, writes exports, copies text. It owns
//! no dashboard state and never writes into `App`: whatever it learns goes back to
//! `update` as a message over the loop's channel.

use std::path::{Path, PathBuf};

use chrono::{DateTime, NaiveDate, Utc};
use tokio::sync::mpsc::UnboundedSender;

use super::Source;
use super::app::{Effect, Msg};
use super::{export, fetch, terminal};

pub(super) struct Runner<'a> {
    pub source: &'a Source,
    pub export_dir: &'a Path,
    /// "Today" in UTC, fixed for the run: where a long range's windows settle.
    pub today: NaiveDate,
    pub tx: UnboundedSender<Msg>,
    pub fetches: &'a mut fetch::Fetches,
}

impl Runner<'_> {
    pub fn run_all(&mut self, effects: Vec<Effect>) {
        for e in effects {
            self.run(e);
        }
    }

    /// Runs one effect; `Suspend` and `Quit` belong to the loop.
    pub fn run(&mut self, effect: Effect) {
        let background = (self.source, self.today);
        let Some(effect) = self.fetches.run(effect, background, &self.tx) else {
            return;
        };
        match effect {
            Effect::Export(job) => {
                let what = match &job.person {
                    // Whose they are is in the file's name, just before.
                    Some(p) => format!("{} rows", p.rows.len()),
                    None => crate::numbers::count_of(
                        job.compared.as_ref().map_or(job.order.len(), |c| c.1.len()) as u64,
                        "person",
                        "people",
                    ),
                };
                self.write_off_thread("export", move |dir, stamp| {
                    export::write_view(&job, dir, stamp).map(|p| (p, what))
                });
            }
            Effect::Report(job) => self.write_off_thread("report", move |dir, stamp| {
                export::write_report(&job, dir, stamp).map(|p| (p, "the view's report".into()))
            }),
            Effect::Copy(text) => {
                if let Err(e) = terminal::copy_osc52(&text) {
                    let _ = self.tx.send(Msg::Failed(format!("copy failed: {e}")));
                }
            }
            // The loop's own; background work went to `Fetches::run` above.
            Effect::Suspend | Effect::Quit => {}
            Effect::Fetch { .. } | Effect::Abort(_) | Effect::Prepare(_) | Effect::Narrow(_) => {}
        }
    }

    /// Writes a file into `export_dir` on a blocking thread; the outcome comes back as a
    /// message. The file's name says when it was written: the one clock read for it.
    fn write_off_thread(
        &self,
        kind: &'static str,
        write: impl FnOnce(&Path, DateTime<Utc>) -> std::io::Result<(PathBuf, String)> + Send + 'static,
    ) {
        let dir = self.export_dir.to_path_buf();
        let tx = self.tx.clone();
        let stamp = Utc::now();
        tokio::task::spawn_blocking(move || {
            let _ = tx.send(match write(&dir, stamp) {
                // The path first: at 80 columns it is what must not be cut. Within the
                // folder the dashboard runs in (export_dir's default), the file's name is
                // enough: a long folder left the name itself cut.
                Ok((path, what)) => Msg::Toast(format!("wrote {}: {what}", shown(&path).display())),
                Err(e) => Msg::Failed(format!(
                    "{kind} failed: cannot write in {}: {e} (export_dir)",
                    dir.display()
                )),
            });
        });
    }
}

/// `path` as the status line names it: `./` and the path from the current folder when
/// inside it (a bare file name did not say where it went), else whole.
fn shown(path: &Path) -> PathBuf {
    let here = std::env::current_dir().ok();
    let inside = here.and_then(|h| path.strip_prefix(h).ok().map(|p| Path::new(".").join(p)));
    inside.unwrap_or_else(|| path.to_path_buf())
}
