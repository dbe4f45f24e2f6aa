//! Fetch tracking: the generation that tags every request (so a late answer is never
//! shown for a newer filter), whether the view is loading and since when, its retries and
//! its progress, and the one-shot "past the disk cache" of `R`.

use std::time::{Duration, Instant};

use super::{Slot, When};

#[derive(Debug, Default)]
pub struct Fetch {
    generation: u64,
    /// A fetch of the view is running, since when (by the UI clock).
    loading: Option<When>,
    retry_note: Option<String>,
    /// Windows in of a chunked fetch of the view: "fetching 5/12".
    progress: Option<(usize, usize)>,
    /// The next request skips the disk cache (`R`).
    bypass_disk: bool,
    /// The auto-refresh interval: a view in memory fetched longer ago than this is shown
    /// and fetched again (the timer refreshes only the view on screen).
    stale_after: Option<Duration>,
}

impl Fetch {
    /// The tag of the requests for the current filters.
    pub fn generation(&self) -> u64 {
        self.generation
    }

    pub fn is_loading(&self) -> bool {
        self.loading.is_some()
    }

    pub fn loading_since(&self) -> Option<When> {
        self.loading
    }

    pub fn retry_note(&self) -> Option<&str> {
        self.retry_note.as_deref()
    }

    pub fn progress(&self) -> Option<(usize, usize)> {
        self.progress
    }

    /// Whether an answer for `slot` tagged `generation` is for the view asked for now.
    pub fn is_current_view(&self, slot: Slot, generation: u64) -> bool {
        slot == Slot::Main && generation == self.generation
    }

    /// A new request for new filters (or a refresh): answers to the old one are stale.
    /// Whether it must skip the disk cache (`R` asked for it once).
    pub fn begin(&mut self) -> bool {
        self.generation += 1;
        self.retry_note = None;
        self.progress = None;
        std::mem::take(&mut self.bypass_disk)
    }

    /// Answers still on their way are stale (the filters went back).
    pub fn invalidate(&mut self) {
        self.generation += 1;
    }

    /// The view is being fetched, from `now` (or the first tick).
    pub fn loading(&mut self, now: Option<Instant>) {
        self.loading = Some(When::after(now, Duration::ZERO));
    }

    /// The view's answer arrived (or failed, or was in memory).
    pub fn done(&mut self) {
        self.loading = None;
        self.retry_note = None;
    }

    /// Views in memory older than `every` are fetched again when shown (`refresh_secs`).
    pub fn refresh_every(&mut self, every: Option<Duration>) {
        self.stale_after = every;
    }

    /// Whether a view fetched at `fetched` is older, at `wall`, than the refresh interval.
    pub fn is_stale(
        &self,
        fetched: chrono::DateTime<chrono::Utc>,
        wall: chrono::DateTime<chrono::Utc>,
    ) -> bool {
        let age = (wall - fetched).to_std().unwrap_or_default();
        self.stale_after.is_some_and(|every| age > every)
    }

    /// `R`: the next request goes past the disk cache.
    pub fn bypass_disk_once(&mut self) {
        self.bypass_disk = true;
    }

    pub fn on_tick(&mut self, now: Instant) {
        if let Some(When::FirstTick) = self.loading {
            self.loading = Some(When::At(now));
        }
    }

    pub fn on_retrying(
        &mut self,
        slot: Slot,
        generation: u64,
        attempt: u32,
        delay: Duration,
        reason: &str,
    ) {
        if self.is_current_view(slot, generation) {
            self.retry_note = Some(format!(
                "attempt {attempt} failed ({reason}); retrying in {:.0} s",
                delay.as_secs_f64().ceil()
            ));
        }
    }

    pub fn on_progress(&mut self, slot: Slot, generation: u64, done: usize, total: usize) {
        if self.is_current_view(slot, generation) {
            self.progress = Some((done, total));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_current_request_reports() {
        let mut f = Fetch::default();
        f.bypass_disk_once();
        assert!(f.begin(), "R skips the disk once");
        assert!(!f.begin());
        let g = f.generation();
        f.on_progress(Slot::Main, g - 1, 1, 9);
        f.on_progress(Slot::Previous, g, 1, 9);
        assert_eq!(f.progress(), None);
        f.on_progress(Slot::Main, g, 2, 9);
        assert_eq!(f.progress(), Some((2, 9)));
        f.loading(None);
        assert_eq!(f.loading_since(), Some(When::FirstTick));
        let t = super::super::testing::t0();
        f.on_tick(t);
        assert_eq!(f.loading_since(), Some(When::At(t)));
        f.done();
        assert!(!f.is_loading());
    }
}
