//! The table's orders of people, kept for the people on screen: each sort (column and
//! direction) is computed once per pair of answers, ties broken by a precomputed email
//! rank, so a re-sort back to a column, a lens or a chart change costs a filter of the
//! kept order, not a sort of 166k people by strings. Filled inside `update`, never in draw.
//! The Team column's order needs the config's teams: the orders hold them, and take each
//! row's team from the teams already matched for its answer (the dashboard's, shared
//! with its Teams block), else match the row's email, once per people, only when that
//! sort is asked for (off the UI thread for a large answer, as any first order is).

use std::sync::{Arc, Weak};

use super::columns::{Column, Sort};
use super::people::{Lens, People, Person};
use crate::model::Usage;
use crate::order::{by_key_then_rank, by_team_then_rank, email_ranks};
use crate::teams::{TeamId, Teams};

/// An answer (weakly: these must not keep an old answer's people in memory) and each of
/// its people's team, by person index.
pub type Assigned = (Weak<Usage>, Arc<Vec<TeamId>>);

/// A sort of the table: its column, and whether descending.
type SortBy = (Column, bool);

/// The kept orders of one `People` (by identity: a new answer is new people).
#[derive(Clone, Debug, Default)]
pub struct Orders {
    people: Option<Arc<People>>,
    rank: Vec<u32>,
    /// The config's teams, and each row's team id (filled when the Team sort is asked).
    teams: Arc<Teams>,
    /// Answers whose people's teams are matched already (see [`Orders::know_teams`]).
    known: Vec<Assigned>,
    team: Vec<u32>,
    sorted: Vec<(SortBy, Arc<Vec<u32>>)>,
}

impl Orders {
    /// No order kept yet, for the config's `teams`.
    pub fn with_teams(teams: Arc<Teams>) -> Orders {
        Orders {
            teams,
            ..Orders::default()
        }
    }

    /// These orders, for `teams`: kept whole when they are the teams they were made for
    /// (an order prepared off the UI thread, adopted), else without the team's orders.
    pub fn for_teams(mut self, teams: &Arc<Teams>) -> Orders {
        if !Arc::ptr_eq(&self.teams, teams) {
            self.teams = teams.clone();
            self.known.clear();
            self.team.clear();
            self.sorted.retain(|((c, _), _)| *c != Column::Team);
        }
        self
    }

    /// The answers on screen whose people's teams are matched already, for the Team
    /// sort to read instead of matching every email again on the UI thread.
    pub fn know_teams(&mut self, known: Vec<Assigned>) {
        self.known = known;
    }

    /// Tests: how many answers' teams are known.
    #[cfg(test)]
    pub fn known_answers(&self) -> usize {
        self.known.len()
    }

    /// Rows of `people` the lens keeps, in table order: the column's key, ties by email
    /// whatever the direction. `now` and `before` are the answers `people` came from.
    pub fn order(
        &mut self,
        (now, before): (&Usage, Option<&Usage>),
        people: &Arc<People>,
        sort: (Column, bool),
        lens: Lens,
    ) -> Vec<u32> {
        if lens != Lens::All && !people.compared {
            return Vec::new();
        }
        if !self.people.as_ref().is_some_and(|p| Arc::ptr_eq(p, people)) {
            *self = Orders {
                people: Some(people.clone()),
                teams: self.teams.clone(),
                known: std::mem::take(&mut self.known),
                ..Orders::default()
            };
        }
        let full = self.sorted((now, before), people, sort);
        match lens {
            Lens::All => full.to_vec(),
            _ => full
                .iter()
                .copied()
                .filter(|&r| lens.keeps(&people.rows[r as usize]))
                .collect(),
        }
    }

    /// Every row in the order of `sort`, computed once.
    fn sorted(
        &mut self,
        (now, before): (&Usage, Option<&Usage>),
        people: &People,
        sort: (Column, bool),
    ) -> Arc<Vec<u32>> {
        if let Some((_, o)) = self.sorted.iter().find(|(s, _)| *s == sort) {
            return o.clone();
        }
        let person = |r: usize| Person {
            now,
            before,
            row: &people.rows[r],
            compared: people.compared,
        };
        if self.rank.is_empty() && !people.rows.is_empty() {
            self.rank = row_ranks((now, before), people);
        }
        let mut order: Vec<u32> = (0..people.rows.len() as u32).collect();
        let (col, desc) = sort;
        match col.spec().sort {
            Some(Sort::Text(key)) => {
                let keys: Vec<String> = (0..order.len()).map(|r| key(&person(r))).collect();
                by_key_then_rank(&mut order, |r| keys[r].as_str(), &self.rank, desc);
            }
            Some(Sort::Num(key)) => {
                by_key_then_rank(&mut order, |r| key(&person(r)), &self.rank, desc)
            }
            Some(Sort::Team) => {
                if self.team.len() != order.len() {
                    self.team = self.row_teams((now, before), people);
                }
                let (team, no_team) = (&self.team, self.teams.len());
                by_team_then_rank(&mut order, |r| team[r] as usize, no_team, &self.rank, desc)
            }
            None => {}
        }
        let order = Arc::new(order);
        self.sorted.push((sort, order.clone()));
        order
    }
}

impl Orders {
    /// Each row's team: from its answer's teams when they are known, else matched.
    fn row_teams(&self, (now, before): (&Usage, Option<&Usage>), people: &People) -> Vec<u32> {
        let known = |u: &Usage| {
            // A live `Weak` keeps its answer's address from being reused: the same
            // address is the same answer.
            let found = self.known.iter().find(|(k, _)| std::ptr::eq(k.as_ptr(), u));
            found.map(|(_, ids)| ids.as_slice())
        };
        let (of_now, of_before) = (known(now), before.and_then(known));
        let mut folded = Vec::new();
        let rows = people.rows.iter().map(|row| {
            let id = match (row.current, row.previous) {
                (Some(i), _) => of_now.map(|v| v[i as usize]),
                (None, Some(i)) => of_before.map(|v| v[i as usize]),
                _ => None,
            };
            let person = Person {
                now,
                before,
                row,
                compared: people.compared,
            };
            id.unwrap_or_else(|| self.teams.assign_into(&person.user().email, &mut folded))
        });
        rows.map(|t| t as u32).collect()
    }
}

/// Each row's place in ascending email order, equal emails by id: [`email_ranks`] of the
/// rows' emails, read off each answer's own email order ([`Usage::users_by_email`], kept
/// with the answer and computed by the fetch task) instead of a sort of 166k emails here.
pub fn row_ranks((now, before): (&Usage, Option<&Usage>), people: &People) -> Vec<u32> {
    let n = people.rows.len();
    // The rows of this period's people and of the dormant ones, each in its answer's
    // email order: two lists, each in (email, id) order, merged.
    let mut of_now = vec![u32::MAX; now.users().len()];
    let mut of_before = vec![u32::MAX; before.map_or(0, |b| b.users().len())];
    for (r, row) in people.rows.iter().enumerate() {
        match (row.current, row.previous) {
            (Some(i), _) => of_now[i as usize] = r as u32,
            (None, Some(i)) if before.is_some() => of_before[i as usize] = r as u32,
            _ => {}
        }
    }
    let walk = |u: &Usage, of: &[u32]| -> Vec<u32> {
        let rows = u.users_by_email().iter().map(|&i| of[i as usize]);
        rows.filter(|&r| r != u32::MAX).collect()
    };
    let a = walk(now, &of_now);
    let b = before.map_or_else(Vec::new, |u| walk(u, &of_before));
    let email = |r: u32| {
        let p = Person {
            now,
            before,
            row: &people.rows[r as usize],
            compared: people.compared,
        };
        let user = p.user();
        (user.email.as_str(), user.id)
    };
    let sorted = |l: &[u32]| l.is_sorted_by_key(|&r| email(r));
    if a.len() + b.len() != n || !sorted(&a) || !sorted(&b) {
        // Rows listed in another order than their answers' people: sort their emails.
        return email_ranks(n, |r| email(r as u32));
    }
    let mut rank = vec![0u32; n];
    let (mut i, mut j) = (0, 0);
    for place in 0..n as u32 {
        let take_a = j == b.len() || (i < a.len() && email(a[i]) < email(b[j]));
        let r = if take_a { &mut i } else { &mut j };
        let row = if take_a { a[*r] } else { b[*r] };
        *r += 1;
        rank[row as usize] = place;
    }
    rank
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::UsageQuery;
    use crate::order::by_key_then_email;
    use crate::tui::app::tests::{answer_for, org, today};
    use crate::tui::columns::USERS;

    /// The order as it was computed before orders were kept: a sort by the key and the
    /// email strings, for the lens's rows.
    fn plain(
        (now, before): (&Usage, Option<&Usage>),
        people: &People,
        (col, desc): (Column, bool),
        lens: Lens,
    ) -> Vec<u32> {
        if lens != Lens::All && !people.compared {
            return Vec::new();
        }
        let person = |r: usize| Person {
            now,
            before,
            row: &people.rows[r],
            compared: people.compared,
        };
        let mut order: Vec<u32> = (0..people.rows.len() as u32)
            .filter(|&r| lens.keeps(&people.rows[r as usize]))
            .collect();
        let email = |r: usize| {
            let user = person(r).user();
            (user.email.as_str(), user.id)
        };
        match col.spec().sort {
            Some(Sort::Text(k)) => by_key_then_email(&mut order, |r| k(&person(r)), email, desc),
            Some(Sort::Num(k)) => by_key_then_email(&mut order, |r| k(&person(r)), email, desc),
            // Without `[teams]` (these tests' orders) everyone is in no team: email order.
            // The Team order with teams is tested against the raw rows in `tests_team_sort`.
            Some(Sort::Team) => by_key_then_email(&mut order, |_| 0, email, desc),
            None => {}
        }
        order
    }

    #[test]
    fn kept_orders_are_the_plain_sorts_for_every_column_direction_and_lens() {
        let q = UsageQuery::new(crate::dates::DateRange::last_days(today(), 30));
        let prev = q.with_range(q.range.previous());
        let (now, before) = (answer_for(&org(), &q), answer_for(&org(), &prev));
        for compared in [false, true] {
            let b = compared.then_some(&*before);
            let people = Arc::new(People::of(&now, b));
            let mut orders = Orders::default();
            // Twice round: the second answers from what was kept.
            for _ in 0..2 {
                for c in USERS {
                    for desc in [false, true] {
                        for lens in Lens::ALL {
                            let s = (c.column, desc);
                            let got = orders.order((&now, b), &people, s, lens);
                            let want = plain((&now, b), &people, s, lens);
                            assert_eq!(got, want, "{:?} desc {desc} {lens:?}", c.column);
                        }
                    }
                }
            }
            assert!(
                people.rows.len() > 30,
                "enough people to sort: {}",
                people.rows.len()
            );
        }
    }

    #[test]
    fn new_people_are_sorted_anew() {
        let q = UsageQuery::new(crate::dates::DateRange::last_days(today(), 30));
        let q7 = UsageQuery::new(crate::dates::DateRange::last_days(today(), 7));
        let (a, b) = (answer_for(&org(), &q), answer_for(&org(), &q7));
        let mut orders = Orders::default();
        let s = (Column::Total, true);
        let pa = Arc::new(People::of(&a, None));
        orders.order((&a, None), &pa, s, Lens::All);
        let pb = Arc::new(People::of(&b, None));
        let got = orders.order((&b, None), &pb, s, Lens::All);
        assert_eq!(got, plain((&b, None), &pb, s, Lens::All));
    }

    /// Two people of one email, read in the order opposite to their ids' order, with
    /// equal figures: the table lists the lower id first, as every export and the report
    /// do, in either direction of the sort.
    #[test]
    fn people_of_one_email_are_in_id_order_as_in_the_exports() {
        let row = |user: &str| {
            format!(
                r#"{{"product_id":"00000000-0000-0000-0000-000000000001","product_name":"P","user_id":"{user}","user_email":"same@x.io","date":"2026-10-02","prompt_count":3}}"#
            )
        };
        let (low, high) = (
            "00000000-0000-0000-0000-00000000000a",
            "00000000-0000-0000-0000-00000000000b",
        );
        let range = crate::dates::DateRange::new(
            crate::dates::parse_date("2026-10-01").unwrap(),
            crate::dates::parse_date("2026-10-05").unwrap(),
        )
        .unwrap();
        let mut i = crate::model::Ingest::new(crate::model::RangeSpec::Fixed(range));
        i.feed(format!("[{},{}]", row(high), row(low)).as_bytes())
            .unwrap();
        let now = i.finish().unwrap();
        assert_eq!(now.users()[0].id.to_string(), high, "read first");
        let people = Arc::new(People::of(&now, None));
        let mut orders = Orders::default();
        for desc in [false, true] {
            let got = orders.order((&now, None), &people, (Column::Total, desc), Lens::All);
            let ids: Vec<String> = (got.iter())
                .map(|&r| now.users()[people.rows[r as usize].current.unwrap() as usize].id)
                .map(|id| id.to_string())
                .collect();
            assert_eq!(ids, [low, high], "desc {desc}");
        }
    }

    #[test]
    fn row_ranks_are_the_ranks_of_the_rows_emails() {
        let q = UsageQuery::new(crate::dates::DateRange::last_days(today(), 30));
        let prev = q.with_range(q.range.previous());
        let (now, before) = (answer_for(&org(), &q), answer_for(&org(), &prev));
        for b in [None, Some(&*before)] {
            let people = People::of(&now, b);
            let emails: Vec<(&str, uuid::Uuid)> = (0..people.rows.len())
                .map(|r| {
                    let p = Person {
                        now: &now,
                        before: b,
                        row: &people.rows[r],
                        compared: people.compared,
                    };
                    (p.user().email.as_str(), p.user().id)
                })
                .collect();
            let want = email_ranks(emails.len(), |r| emails[r]);
            assert_eq!(
                row_ranks((&now, b), &people),
                want,
                "compared {}",
                b.is_some()
            );
            if b.is_some() {
                assert!(
                    people.rows.iter().any(|r| r.current.is_none()),
                    "dormant too"
                );
            }
        }
    }
}
