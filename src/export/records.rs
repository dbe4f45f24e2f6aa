//! The records of each grouping, in their stable order: rows by date, product and email
//! (a saved file's rows, written as the file is read again, keep its order instead); users
//! and products by prompts (most first, `crate::order`), then name; days, weeks and
//! months by date, every one of the range present (zero-filled).

use std::io;

use chrono::NaiveDate;

use super::{Field, GroupBy, Options};
use crate::analytics::{Comparison, Grain, PersonChange, buckets, teams};
use crate::model::{Product, Usage, User};
use crate::order;
use crate::teams::Teams;

pub(super) type Sink<'s> = &'s mut dyn FnMut(&[Field<'_>]) -> io::Result<()>;

/// Calls `f` with each record of `usage` as `opts` say, in the order above.
pub fn for_each_record(usage: &Usage, opts: &Options<'_>, f: Sink<'_>) -> io::Result<()> {
    match (opts.group, opts.previous) {
        (GroupBy::Day | GroupBy::Week | GroupBy::Month, _) if opts.no_span => Ok(()),
        (GroupBy::Row, _) => rows(usage, f),
        (GroupBy::User, Some(prev)) => users_compared(usage, prev, opts, f),
        (GroupBy::User, None) => {
            for line in user_lines(usage, opts).iter().flatten() {
                user_record(usage, line, f)?;
            }
            Ok(())
        }
        (GroupBy::Product, Some(prev)) => products_compared(usage, prev, f),
        (GroupBy::Product, None) => products(usage, f),
        (GroupBy::Day, _) => days(usage, f),
        (GroupBy::Week, _) => periods(usage, Grain::Week(opts.week_start), opts.today, f),
        (GroupBy::Month, _) => periods(usage, Grain::Month, opts.today, f),
        (GroupBy::Team, _) => {
            let none = Teams::default();
            let teams = opts.teams.unwrap_or(&none);
            groups(teams::by_team(usage, teams, opts.team_keep), f)
        }
        (GroupBy::Domain, _) => {
            let people = kept_people(usage, opts);
            groups(teams::by_domain(usage, people.as_deref()), f)
        }
    }
}

fn day(d: Option<NaiveDate>) -> Field<'static> {
    d.map_or(Field::Empty, Field::Date)
}

fn rows(usage: &Usage, f: Sink<'_>) -> io::Result<()> {
    let mut rows: Vec<_> = usage.rows().collect();
    rows.sort_by(|a, b| (a.2, &a.0.name, &a.1.email).cmp(&(b.2, &b.0.name, &b.1.email)));
    for (p, u, date, n) in rows {
        row_record(p, u, date, n, f)?;
    }
    Ok(())
}

/// The `--group-by row` record of one row.
pub(super) fn row_record(
    p: &Product,
    u: &User,
    date: NaiveDate,
    n: u64,
    f: Sink<'_>,
) -> io::Result<()> {
    f(&[
        Field::Id(p.id),
        Field::Text(&p.name),
        Field::Id(u.id),
        Field::Text(&u.email),
        Field::Date(date),
        Field::Int(n),
    ])
}

/// The people of `--group-by user` without a comparison, in their order: `None` for any
/// other grouping (a CSV writer makes their lines in parallel: [`user_record`] each).
pub(super) fn user_lines(usage: &Usage, opts: &Options<'_>) -> Option<Vec<UserFigures>> {
    let people = match (opts.group, opts.previous) {
        (GroupBy::User, None) => kept_people(usage, opts),
        _ => return None,
    };
    Some(by_total(usage, |i| people.as_ref().is_none_or(|p| p[i])))
}

/// The people `keep` keeps, most prompts first, then by email, then by id (as the
/// comparison and the report end their orders: one rule whatever the reading). Their
/// figures are gathered in index order and sorted with them: read in total order, the
/// arrays by person each missed the cache at 166k people (a tenth of an export's time),
/// and only ties read the emails.
fn by_total(usage: &Usage, keep: impl Fn(usize) -> bool) -> Vec<UserFigures> {
    let mut lines: Vec<UserFigures> = (0..usage.users().len())
        .filter(|&i| keep(i))
        .map(|i| UserFigures::of(usage, i))
        .collect();
    let email = |u: u32| usage.users()[u as usize].email.as_str();
    let id = |u: u32| usage.users()[u as usize].id;
    lines.sort_unstable_by(|a, b| {
        order::people_led((a.total, a.lead), (b.total, b.lead), || {
            (email(a.user), email(b.user))
        })
        .then_with(|| id(a.user).cmp(&id(b.user)))
    });
    lines
}

/// Which people `--team` keeps, by index, when the model was not narrowed to them (a
/// folded one: the per-person exports then leave the others out as they write).
fn kept_people(usage: &Usage, opts: &Options<'_>) -> Option<Vec<bool>> {
    // A model narrowed by its rows holds only the kept people already.
    if !usage.is_folded() {
        return None;
    }
    let (keep, teams) = (opts.team_keep?, opts.teams?);
    let assigned = crate::analytics::teams::assigned(usage, teams);
    Some(assigned.into_iter().map(|t| keep[t]).collect())
}

/// What the `--group-by user` record of one person shows besides their id and email.
pub(super) struct UserFigures {
    user: u32,
    total: u64,
    /// The email's [`order::email_lead`], for the sort.
    lead: u64,
    days: u32,
    first: Option<NaiveDate>,
    last: Option<NaiveDate>,
}

impl UserFigures {
    pub(super) fn of(usage: &Usage, i: usize) -> Self {
        UserFigures {
            user: i as u32,
            total: usage.user_total(i),
            lead: order::email_lead(&usage.users()[i].email),
            days: usage.user_active_days(i),
            first: usage.user_first_day(i),
            last: usage.user_last_day(i),
        }
    }
}

/// The `--group-by user` record of one person.
pub(super) fn user_record(usage: &Usage, u: &UserFigures, f: Sink<'_>) -> io::Result<()> {
    let user = &usage.users()[u.user as usize];
    f(&[
        Field::Id(user.id),
        Field::Text(&user.email),
        Field::Int(u.total),
        Field::Int(u64::from(u.days)),
        day(u.first),
        day(u.last),
    ])
}

/// People active in either period; a dormant person has no first day now and their last
/// active day (in the previous period) as `last_date`.
fn users_compared(usage: &Usage, prev: &Usage, opts: &Options<'_>, f: Sink<'_>) -> io::Result<()> {
    let cmp = Comparison::new(usage, prev);
    let mut people: Vec<_> = cmp
        .people
        .iter()
        .filter(|p| opts.status.is_none_or(|s| s.keeps(p)))
        .collect();
    people.sort_by(|a, b| {
        let (ua, ub) = (a.user(usage, prev), b.user(usage, prev));
        order::people_by_id(
            (a.change.now, &ua.email, ua.id),
            (b.change.now, &ub.email, ub.id),
        )
    });
    for p in people {
        person_record(usage, prev, p, f)?;
    }
    Ok(())
}

/// One person of a comparison: the user columns, then the change columns.
pub(super) fn person_record(
    usage: &Usage,
    prev: &Usage,
    p: &PersonChange,
    f: Sink<'_>,
) -> io::Result<()> {
    let u = p.user(usage, prev);
    let (days, first) = p.current.map_or((0, None), |i| {
        let i = i as usize;
        (usage.user_active_days(i), usage.user_first_day(i))
    });
    f(&[
        Field::Id(u.id),
        Field::Text(&u.email),
        Field::Int(p.change.now),
        Field::Int(u64::from(days)),
        day(first),
        day(p.last_active),
        Field::Int(p.change.previous),
        Field::Signed(p.change.delta()),
        p.change.pct().map_or(Field::Empty, Field::Pct),
        Field::Text(p.status.as_str()),
    ])
}

fn products(usage: &Usage, f: Sink<'_>) -> io::Result<()> {
    let mut idx: Vec<usize> = (0..usage.products().len()).collect();
    idx.sort_by(|&a, &b| {
        let key = |p: usize| {
            let prod = &usage.products()[p];
            (usage.product_total(p), prod.name.as_str(), prod.id)
        };
        order::products_by_id(key(a), key(b))
    });
    for p in idx {
        let prod = &usage.products()[p];
        f(&[
            Field::Id(prod.id),
            Field::Text(&prod.name),
            Field::Int(usage.product_total(p)),
            Field::Int(u64::from(usage.product_users(p))),
        ])?;
    }
    Ok(())
}

fn products_compared(usage: &Usage, prev: &Usage, f: Sink<'_>) -> io::Result<()> {
    let mut list = Comparison::new(usage, prev).products;
    list.sort_by(|a, b| {
        let (pa, pb) = (a.product(usage, prev), b.product(usage, prev));
        order::products_by_id(
            (a.change.now, &pa.name, pa.id),
            (b.change.now, &pb.name, pb.id),
        )
    });
    for p in list {
        let prod = p.product(usage, prev);
        let users = p.current.map_or(0, |i| usage.product_users(usize::from(i)));
        f(&[
            Field::Id(prod.id),
            Field::Text(&prod.name),
            Field::Int(p.change.now),
            Field::Int(u64::from(users)),
            Field::Int(p.change.previous),
            Field::Signed(p.change.delta()),
            p.change.pct().map_or(Field::Empty, Field::Pct),
        ])?;
    }
    Ok(())
}

fn days(usage: &Usage, f: Sink<'_>) -> io::Result<()> {
    for (i, (&n, &users)) in usage.day_totals().iter().zip(usage.day_users()).enumerate() {
        f(&[
            Field::Date(usage.range().day(i)),
            Field::Int(n),
            Field::Int(u64::from(users)),
        ])?;
    }
    Ok(())
}

/// Teams and domains: rolled up from the people (`analytics::teams`).
fn groups(list: Vec<teams::Group>, f: Sink<'_>) -> io::Result<()> {
    for g in list {
        f(&[
            Field::Text(&g.name),
            Field::Int(g.prompt_count),
            Field::Int(g.active_users),
        ])?;
    }
    Ok(())
}

fn periods(usage: &Usage, grain: Grain, today: NaiveDate, f: Sink<'_>) -> io::Result<()> {
    for b in buckets(usage, grain, today) {
        f(&[
            Field::Text(&b.period),
            Field::Date(b.start),
            Field::Date(b.end),
            Field::Int(b.prompt_count),
            Field::Int(u64::from(b.active_users)),
            Field::Bool(b.partial),
        ])?;
    }
    Ok(())
}

/// User indexes by total prompts, most first, then by email.
pub fn users_by_total(usage: &Usage) -> Vec<usize> {
    let lines = by_total(usage, |_| true);
    lines.iter().map(|l| l.user as usize).collect()
}
