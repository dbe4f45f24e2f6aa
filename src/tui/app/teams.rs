//! The dashboard's teams: the team filter (`t`, or h/l on the filter pane's team row) and
//! the per-team block. The filter is applied on the client: the models on screen are
//! narrowed to the team's people in the derive step (the server's `search` still narrows
//! what is fetched), so KPIs, chart, products, origins and table all count that team.
//! Narrowed models and the block are computed once per answer (and width) and kept, so a
//! redraw, a scroll or a re-sort does none of this work again.

use std::sync::{Arc, Weak};

use crate::analytics::teams::{TeamSums, team_sums};
use crate::model::Usage;
use crate::teams::{TeamId, Teams};
use crate::tui::orders::Assigned;
use crate::tui::prepare::TeamWork;
use crate::tui::series::fit_series;
use crate::tui::view::UserLine;

/// How many narrowed models are kept: a view, its previous period and three origins, and
/// room for the one before while a new answer comes in.
const KEEP: usize = 8;

/// One line of the per-team block.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TeamLine {
    pub name: String,
    pub prompts: u64,
    /// Distinct people with a prompt in the range.
    pub users: u64,
    /// Prompts per day, fitted to the block's sparkline width.
    pub series: Vec<u64>,
}

type Block = (Arc<Usage>, usize, Arc<Vec<TeamLine>>);

/// The teams of the config, the filter, and what is derived from them.
#[derive(Debug, Default)]
pub struct TeamsState {
    teams: Arc<Teams>,
    filter: Option<TeamId>,
    /// (answer, team, the answer narrowed to the team), newest last. Weakly: an answer
    /// gone from the view and the cache is not kept alive by its narrowings (they go
    /// with it).
    narrowed: Vec<(Weak<Usage>, TeamId, Arc<Usage>)>,
    /// (answer, each of its people's team), newest last: matched once per answer for
    /// the block and the Team sort. Weakly: an old answer's people are not kept.
    assigned: Vec<Assigned>,
    /// (answer, its team sums): the block's work for the last answer, before fitting.
    sums: Option<(Weak<Usage>, Arc<TeamSums>)>,
    block: Option<Block>,
    /// Narrowings of large answers asked of the loop.
    narrowing: narrowing::Narrowing,
}

impl TeamsState {
    pub fn new(teams: Teams, filter: Option<TeamId>) -> TeamsState {
        TeamsState {
            teams: Arc::new(teams),
            filter,
            ..TeamsState::default()
        }
    }

    /// Whether `[teams]` is configured: without it there is no column, row or block.
    pub fn configured(&self) -> bool {
        !self.teams.is_empty()
    }

    pub fn teams(&self) -> &Teams {
        &self.teams
    }

    /// The teams, shared with the table's orders and the work made off the UI thread
    /// (one `Arc`: orders made for it are recognised as made for these teams).
    pub fn shared(&self) -> Arc<Teams> {
        self.teams.clone()
    }

    /// The team shown, `None` for everyone.
    pub fn filter(&self) -> Option<TeamId> {
        self.filter
    }

    /// The filter's name for the filter pane (`all` for everyone).
    pub fn filter_label(&self) -> String {
        self.filter
            .map_or("all".into(), |t| self.teams.name(t).to_string())
    }

    /// The next (or previous) team: everyone, each team in file order, no team, everyone.
    pub fn cycle(&mut self, forward: bool) {
        let n = self.teams.len() + 2; // everyone, the teams, no team
        let at = self.filter.map_or(0, |t| t + 1);
        let next = if forward {
            (at + 1) % n
        } else {
            (at + n - 1) % n
        };
        self.filter = next.checked_sub(1);
    }

    /// `u` narrowed to the team shown (as it is with no filter).
    pub fn narrow(&mut self, u: Option<&Arc<Usage>>) -> Option<Arc<Usage>> {
        let (Some(u), Some(team)) = (u, self.filter) else {
            return u.cloned();
        };
        if u.is_folded() {
            return Some(u.clone());
        }
        self.keep_team_only(team);
        if let Some(n) = self.cached(u, team) {
            return Some(n);
        }
        // The people's teams as matched once for the answer (the block's), not each
        // email matched again on every change of team.
        let ids = self.assigned(u);
        let n = Arc::new(crate::tui::narrow::team_part(u, &ids, team));
        self.keep_narrowed(u.clone(), team, n.clone());
        Some(n)
    }

    /// `u` narrowed to `team`, if it is kept.
    fn cached(&self, u: &Arc<Usage>, team: TeamId) -> Option<Arc<Usage>> {
        // A live `Weak` keeps its answer's address: the same address is the same answer.
        let same = |src: &Weak<Usage>| src.as_ptr() == Arc::as_ptr(u) && src.strong_count() > 0;
        let found = self
            .narrowed
            .iter()
            .find(|(src, t, _)| same(src) && *t == team);
        found.map(|(_, _, n)| n.clone())
    }

    /// Drops the narrowings of other teams, and of answers gone. Another team's are not
    /// kept: with a large answer each holds its people and their figures (the rows are
    /// the answer's), and going back to a team counts its rows again. Called before a
    /// narrowing is made, so that two teams' are not in memory at once.
    fn keep_team_only(&mut self, team: TeamId) {
        self.narrowed
            .retain(|(src, t, _)| *t == team && src.strong_count() > 0);
    }

    /// Keeps `n`, `u` narrowed to `team`, and no other team's narrowings.
    fn keep_narrowed(&mut self, u: Arc<Usage>, team: TeamId, n: Arc<Usage>) {
        self.keep_team_only(team);
        if self.narrowed.len() == KEEP {
            self.narrowed.remove(0);
        }
        self.narrowed.push((Arc::downgrade(&u), team, n));
    }

    /// Each person's team in `u`, by person index, matched once per answer.
    pub fn assigned(&mut self, u: &Arc<Usage>) -> Arc<Vec<TeamId>> {
        if let Some(ids) = self.matched(u) {
            return ids;
        }
        let ids = Arc::new(crate::analytics::teams::assigned(u, &self.teams));
        self.keep_assigned(u, ids.clone());
        ids
    }

    /// Keeps `ids` as the teams of `u`'s people, unless they are known already (or are
    /// not one per person: matched for another answer).
    fn keep_assigned(&mut self, u: &Arc<Usage>, ids: Arc<Vec<TeamId>>) {
        if self.matched(u).is_some() || ids.len() != u.users().len() {
            return;
        }
        self.assigned.retain(|(src, _)| src.strong_count() > 0);
        if self.assigned.len() >= KEEP {
            self.assigned.remove(0);
        }
        self.assigned.push((Arc::downgrade(u), ids));
    }

    /// Takes the teams' share of an answer made off the UI thread (for these teams), so
    /// that showing the answer matches and sums nothing.
    pub fn know(&mut self, w: &TeamWork) {
        let Some(u) = w.of.upgrade() else { return };
        if !Arc::ptr_eq(&w.teams, &self.teams) {
            return;
        }
        self.keep_assigned(&u, w.assigned.clone());
        if let Some(sums) = &w.sums {
            self.sums = Some((w.of.clone(), sums.clone()));
        }
    }

    /// The team sums of `u`: known, or made here.
    fn sums_of(&mut self, u: &Arc<Usage>) -> Arc<TeamSums> {
        if let Some((src, sums)) = &self.sums
            && src.as_ptr() == Arc::as_ptr(u)
        {
            return sums.clone();
        }
        let assigned = self.assigned(u);
        let sums = Arc::new(team_sums(u, &self.teams, &assigned));
        self.sums = Some((Arc::downgrade(u), sums.clone()));
        sums
    }

    /// Each person's team in `u` if they are matched already (none is matched here).
    pub fn matched(&self, u: &Arc<Usage>) -> Option<Arc<Vec<TeamId>>> {
        // A live `Weak` keeps its answer's address: the same address is the same answer.
        let found = self
            .assigned
            .iter()
            .find(|(src, _)| src.as_ptr() == Arc::as_ptr(u));
        found.map(|(_, ids)| ids.clone())
    }

    /// Brings the block up to `u` (every team, whatever the filter) at `spark_w` columns.
    pub fn update_block(&mut self, u: Option<&Arc<Usage>>, spark_w: usize) {
        let Some(u) = u.filter(|_| self.configured()) else {
            self.block = None;
            return;
        };
        if let Some((src, w, _)) = &self.block
            && Arc::ptr_eq(src, u)
            && *w == spark_w
        {
            return;
        }
        let lines = fit_block(&self.sums_of(u), spark_w);
        self.block = Some((u.clone(), spark_w, Arc::new(lines)));
    }

    /// The per-team block of the answer on screen.
    pub fn block(&self) -> Option<&[TeamLine]> {
        self.block.as_ref().map(|(_, _, l)| l.as_slice())
    }

    /// Fills the team column of the visible rows (O(visible)).
    pub fn label(&self, lines: &mut [UserLine]) {
        if !self.configured() {
            return;
        }
        for l in lines {
            l.team = self.teams.name(self.teams.assign(&l.email)).to_string();
        }
    }

    /// The team of each email, in order, for `e`'s `team` column; `None` without
    /// `[teams]` (no column at all).
    pub fn names_of<'a>(&self, emails: impl Iterator<Item = &'a str>) -> Option<Vec<String>> {
        self.configured().then(|| {
            let ids = self.teams.assign_all(emails);
            ids.into_iter()
                .map(|t| self.teams.name(t).to_string())
                .collect()
        })
    }
}

/// The teams, as the widgets and the key handlers see them.
impl super::App {
    /// Sets the config's teams and the first team filter (`--team NAME`).
    pub fn set_teams(&mut self, teams: Teams, filter: Option<TeamId>) {
        self.teams = TeamsState::new(teams, filter);
        self.orders = crate::tui::orders::Orders::with_teams(self.teams.shared());
        self.relayout(self.screen.size);
        self.rebuild_view();
    }

    pub fn teams(&self) -> &TeamsState {
        &self.teams
    }

    /// The answers on screen and their previous period, as the table counts them: the
    /// ones the people were derived from (narrowed to the team shown; without a previous
    /// period while a large comparison is still being made off the UI thread).
    pub(super) fn on_screen(&self) -> (Option<&Arc<Usage>>, Option<&Arc<Usage>>) {
        (self.derived.now(), self.derived.before())
    }

    /// The team shown, by name, for the header, `y`, `e` and `E` (none: everyone).
    pub fn team_shown(&self) -> Option<String> {
        self.teams
            .filter
            .map(|t| self.teams.teams.name(t).to_string())
    }

    /// The filter pane's rows: range, origin, products, search, and team with `[teams]`.
    pub fn filter_rows(&self) -> usize {
        4 + usize::from(self.teams.configured())
    }

    /// With `[teams]` and the table sorted by team: the teams of the answers the people
    /// come from, as far as the block has matched them already, so that the Team order
    /// reads them instead of matching every email again here. Nothing is matched here:
    /// an order made off the UI thread needs none, and the rest is matched only if the
    /// order is made here.
    pub(super) fn know_teams(&mut self) {
        if !self.teams.configured() || self.table.sort().0 != super::Column::Team {
            return;
        }
        let answers = [self.derived.now().cloned(), self.derived.before().cloned()];
        let known = answers.into_iter().flatten().filter_map(|u| {
            let ids = self.teams.matched(&u)?;
            Some((Arc::downgrade(&u), ids))
        });
        let known = known.collect();
        self.orders.know_teams(known);
    }

    /// `t`, or h/l on the team row: the next team; nothing to cycle without `[teams]`.
    pub(super) fn cycle_team(&mut self, forward: bool) -> Vec<super::Effect> {
        if !self.teams.configured() {
            return self.note(super::filters::NO_TEAMS, false);
        }
        self.teams.cycle(forward);
        // What was said of the view left is not of this one.
        self.status = None;
        self.table.reset();
        // What was derived is for the team left, and holds its narrowed answers: let them
        // go before the next team's are made, or a large answer has two teams' copies of
        // its rows in memory at once. The next team's people are derived anew anyway.
        self.derived = Default::default();
        self.rebuild_view();
        Vec::new()
    }
}

/// Each team's prompts and active users (rolled up from the people) and its prompts per
/// day (from the rows), in file order, the people in no team last; `assigned`: each
/// person's team. The block itself is made from [`team_sums`] off the UI thread; the
/// tests compare with this.
#[cfg(test)]
pub fn block_lines(
    u: &Usage,
    (teams, assigned): (&Teams, &[TeamId]),
    spark_w: usize,
) -> Vec<TeamLine> {
    fit_block(&team_sums(u, teams, assigned), spark_w)
}

/// The block's lines from its sums, each team's days fitted to `spark_w` columns.
fn fit_block((groups, daily): &TeamSums, spark_w: usize) -> Vec<TeamLine> {
    groups
        .iter()
        .zip(daily)
        .map(|(g, d)| TeamLine {
            name: g.name.clone(),
            prompts: g.prompt_count,
            users: g.active_users,
            series: fit_series(&d.prompts, spark_w),
        })
        .collect()
}

mod narrowing;
#[cfg(test)]
mod tests;
