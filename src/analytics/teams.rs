//! Per-team and per-domain figures, rolled up from per-person ones: each person is in
//! exactly one team (and one domain), so a group's prompts are the sum of its people's
//! and its active users the count of its people with a prompt. That holds for a model
//! folded from a stream too, which keeps per-person aggregates only.

use crate::model::Usage;
use crate::teams::{TeamId, Teams, domain};

/// One team's or domain's figures over the range.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Group {
    pub name: String,
    pub prompt_count: u64,
    /// Distinct people with a prompt in the range.
    pub active_users: u64,
}

/// Every team in file order, then the people in no team; with `keep` (from
/// `Teams::select`), only the teams kept. Teams with nobody active are listed with zeros.
pub fn by_team(usage: &Usage, teams: &Teams, keep: Option<&[bool]>) -> Vec<Group> {
    by_team_assigned(usage, teams, &assigned(usage, teams), keep)
}

/// Each of `usage`'s people's team, by person index (by their email, the team rule).
pub fn assigned(usage: &Usage, teams: &Teams) -> Vec<TeamId> {
    teams.assign_all(usage.users().iter().map(|u| u.email.as_str()))
}

/// [`by_team`] with each person's team already matched (`assigned`, by person index):
/// the dashboard matches an answer's people once for its block and its Team sort.
pub fn by_team_assigned(
    usage: &Usage,
    teams: &Teams,
    assigned: &[TeamId],
    keep: Option<&[bool]>,
) -> Vec<Group> {
    let mut groups: Vec<Group> = teams
        .row_names()
        .map(|n| Group {
            name: n.to_string(),
            prompt_count: 0,
            active_users: 0,
        })
        .collect();
    for (u, &t) in assigned.iter().enumerate() {
        add(&mut groups[t], usage, u);
    }
    groups
        .into_iter()
        .enumerate()
        .filter(|(id, _)| keep.is_none_or(|k| k[*id]))
        .map(|(_, g)| g)
        .collect()
}

/// Every email domain with people in the model, most prompts first, then by name.
/// `people`, when given, says which people count (by index: `--team`'s narrowing of a
/// folded model, which keeps no rows to narrow).
pub fn by_domain(usage: &Usage, people: Option<&[bool]>) -> Vec<Group> {
    let mut map: std::collections::HashMap<String, Group> = std::collections::HashMap::new();
    let counts = |u: usize| people.is_none_or(|p| p.get(u).copied().unwrap_or(false));
    for (u, user) in usage.users().iter().enumerate().filter(|(u, _)| counts(*u)) {
        let d = domain(&user.email);
        let g = map.entry(d.clone()).or_insert_with(|| Group {
            name: d,
            prompt_count: 0,
            active_users: 0,
        });
        add(g, usage, u);
    }
    let mut list: Vec<Group> = map.into_values().collect();
    list.sort_by(|a, b| crate::order::products(a.prompt_count, &a.name, b.prompt_count, &b.name));
    list
}

fn add(g: &mut Group, usage: &Usage, u: usize) {
    g.prompt_count += usage.user_total(u);
    g.active_users += u64::from(usage.user_active_days(u) > 0);
}

/// Each team's figures ([`by_team_assigned`], every team) and its days
/// ([`daily_by_team`]), in the same order: the dashboard's team block before it is
/// fitted to a width.
pub type TeamSums = (Vec<Group>, Vec<TeamDaily>);

/// The [`TeamSums`] of `usage`, given each person's team.
pub fn team_sums(usage: &Usage, teams: &Teams, assigned: &[TeamId]) -> TeamSums {
    let groups = by_team_assigned(usage, teams, assigned, None);
    (groups, daily_by_team(usage, assigned, teams.len() + 1))
}

/// One team's prompts and active users per day of the range (zero-filled).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TeamDaily {
    pub prompts: Vec<u64>,
    pub users: Vec<u32>,
}

/// Per-day series of each team id (`0..=teams.len()`, the last being no team), from the
/// rows, given each user's team. An empty list for a folded model (no rows).
pub fn daily_by_team(usage: &Usage, assigned: &[TeamId], n_rows: usize) -> Vec<TeamDaily> {
    let days = usage.range().len_days();
    let mut out = vec![
        TeamDaily {
            prompts: vec![0; days],
            users: vec![0; days],
        };
        n_rows
    ];
    // Cells are sorted by user, then product, then day: one person's day may come once per
    // product, so a mark of the last person counted per (team, day) keeps users distinct.
    let mut seen = vec![u32::MAX; n_rows * days];
    for c in usage.cells() {
        let t = assigned[c.user as usize];
        let d = usize::from(c.day);
        out[t].prompts[d] += u64::from(c.count);
        if c.count > 0 && seen[t * days + d] != c.user {
            seen[t * days + d] = c.user;
            out[t].users[d] += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dates::{DateRange, parse_date};
    use crate::model::{Ingest, RangeSpec};

    /// A model of 2026-01-01..=03 from (email, product, day offset, count) rows, through
    /// the real ingest.
    fn usage_of(rows: &[(&str, &str, u32, u64)]) -> Usage {
        let start = parse_date("2026-01-01").unwrap();
        let rows: Vec<String> = rows
            .iter()
            .map(|(e, p, d, n)| {
                let id = |s: &str| uuid::Uuid::from_u128(s.bytes().map(u128::from).sum());
                format!(
                    r#"{{"product_id":"{}","product_name":"{p}","user_id":"{}","user_email":"{e}","date":"{}","prompt_count":{n}}}"#,
                    id(p),
                    id(e),
                    start + chrono::Duration::days(i64::from(*d))
                )
            })
            .collect();
        let r = DateRange::new(start, parse_date("2026-01-03").unwrap()).unwrap();
        let mut i = Ingest::new(RangeSpec::Fixed(r));
        i.feed(format!("[{}]", rows.join(",")).as_bytes()).unwrap();
        i.finish().unwrap()
    }

    fn teams() -> Teams {
        let t: toml::Table = "b = [\"b*\"]\na = [\"a*\"]\n".parse().unwrap();
        Teams::from_table(&t).unwrap()
    }

    #[test]
    fn teams_roll_up_people_in_file_order_with_no_team_last() {
        let u = usage_of(&[
            ("ann@x.org", "P", 0, 3),
            ("ann@x.org", "Q", 0, 2),
            ("amy@y.org", "P", 1, 4),
            ("bob@x.org", "P", 1, 0),
            ("cy@z.org", "P", 2, 7),
        ]);
        let g = by_team(&u, &teams(), None);
        let flat: Vec<_> = g
            .iter()
            .map(|g| (g.name.as_str(), g.prompt_count, g.active_users))
            .collect();
        assert_eq!(flat, [("b", 0, 0), ("a", 9, 2), ("(no team)", 7, 1)]);
        let kept = by_team(&u, &teams(), Some(&[false, true, false]));
        assert_eq!(kept.len(), 1);
        assert_eq!(kept[0].name, "a");
        let d = by_domain(&u, None);
        let flat: Vec<_> = d
            .iter()
            .map(|g| (g.name.as_str(), g.prompt_count, g.active_users))
            .collect();
        assert_eq!(flat, [("z.org", 7, 1), ("x.org", 5, 1), ("y.org", 4, 1)]);
    }

    #[test]
    fn daily_series_count_a_person_once_a_day_across_products() {
        let u = usage_of(&[
            ("ann@x.org", "P", 0, 3),
            ("ann@x.org", "Q", 0, 2),
            ("amy@y.org", "P", 0, 1),
            ("amy@y.org", "P", 2, 4),
        ]);
        let t = teams();
        let assigned = t.assign_all(u.users().iter().map(|u| u.email.as_str()));
        let s = daily_by_team(&u, &assigned, t.len() + 1);
        assert_eq!(s[1].prompts[..3], [6, 0, 4]);
        assert_eq!(s[1].users[..3], [2, 0, 1]);
        assert!(s[0].prompts.iter().all(|&n| n == 0));
    }
}
