//! The report of one range, computed once from the usage of the range and of its previous
//! period: every format (Markdown, HTML, JSON) and `check` read this one value, so they
//! cannot disagree. Emails are masked here, when asked, so no format can leak one.

use chrono::NaiveDate;
use serde::Serialize;

use crate::analytics::{Change, Comparison, PersonChange, Status, WeekStart};
use crate::api::Origin;
use crate::model::Usage;
use crate::order;

pub use super::series::{DAILY_MAX_DAYS, Point, Series};

/// How many people the top, the movers and the new and dormant lists show.
pub const LIST_LEN: usize = 10;

/// What the report says about where it came from; none of it is read inside the model.
#[derive(Clone, Debug, Default)]
pub struct Context {
    /// The organization as the dashboard's header names it (host and product, the demo).
    pub source: String,
    pub origin: Option<Origin>,
    pub products: Vec<String>,
    pub search: Option<String>,
    /// `--team`: the teams whose people the report counts (empty: everyone).
    pub teams: Vec<String>,
    /// When the report was made, RFC 3339 (passed in: the model reads no clock).
    pub generated_at: String,
    pub today: Option<NaiveDate>,
    pub mask: bool,
    /// Prompts of each origin over the range, when fetched (the origin filter off).
    pub origins: Option<Vec<(Origin, u64)>>,
    /// Why there is no origin share, when there is none.
    pub origins_note: Option<String>,
    /// What the data read left uncertain, as stderr said it (days a saved file lacks).
    pub warnings: Vec<String>,
    /// The first day of the weekly series' weeks (the config's `week_start`).
    pub week_start: WeekStart,
    /// A saved file's rows start after the previous period ends: it holds none of it,
    /// though the period read over the file says nothing of that itself.
    pub previous_before_file: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Report {
    pub title: String,
    pub source: String,
    pub range: Span,
    pub previous_range: Span,
    pub filters: Filters,
    pub generated_at: String,
    pub masked: bool,
    /// What the data read left uncertain (empty: nothing).
    pub warnings: Vec<String>,
    pub kpis: Kpis,
    pub series: Series,
    pub origins: Option<Vec<OriginShare>>,
    pub origins_note: Option<String>,
    pub products: Vec<ProductLine>,
    pub top_people: Vec<PersonLine>,
    pub movers_up: Vec<PersonLine>,
    pub movers_down: Vec<PersonLine>,
    pub new_people: Group,
    pub dormant_people: Group,
}

#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Span {
    pub start: NaiveDate,
    pub end: NaiveDate,
    pub days: usize,
    /// Ends today, a day not over (in JSON only when true).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub today_so_far: bool,
    /// A saved file holds none of its days: its zeros are no figures (in JSON only when
    /// true). A previous period so read made everyone "new" in the headline.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub outside_file: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Filters {
    /// `APP`, `SLACK`, `API_KEY`, or null for all.
    pub origin: Option<&'static str>,
    pub products: Vec<String>,
    pub search: Option<String>,
    /// Only these teams' people (empty when everyone is counted: present, as `products`
    /// is, so a script reads the same shape either way).
    pub teams: Vec<String>,
}

/// A count now, in the previous period, and the change (as `export --compare` has it).
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Count {
    pub value: u64,
    pub previous: u64,
    pub change: i64,
    /// Percent of the previous count; null when that was 0.
    #[serde(serialize_with = "crate::numbers::pct_opt_json")]
    pub change_pct: Option<f64>,
}

impl Count {
    fn new(value: u64, previous: u64) -> Count {
        let c = Change {
            now: value,
            previous,
        };
        Count {
            value,
            previous,
            change: c.delta().clamp(i64::MIN.into(), i64::MAX.into()) as i64,
            change_pct: c.pct(),
        }
    }
}

/// A rate now, in the previous period, and the change; null (`None`) where a period
/// has no one to divide by: a rate of nobody is not 0.00, nor a change from it.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Kpi {
    pub value: Option<f64>,
    pub previous: Option<f64>,
    pub change: Option<f64>,
    /// Percent of the previous figure; null when that was 0 or none.
    #[serde(serialize_with = "crate::numbers::pct_opt_json")]
    pub change_pct: Option<f64>,
}

impl Kpi {
    fn new(value: Option<f64>, previous: Option<f64>) -> Kpi {
        let change = value.zip(previous).map(|(v, p)| v - p);
        Kpi {
            value,
            previous,
            change,
            change_pct: (change.zip(previous)).and_then(|(c, p)| (p != 0.0).then(|| c * 100.0 / p)),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Kpis {
    pub prompts: Count,
    pub active_users: Count,
    /// People with prompts now and none in the previous period.
    pub new_users: usize,
    /// People with prompts in the previous period and none now.
    pub dormant_users: usize,
    pub prompts_per_active_user_per_day: Kpi,
}

#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct OriginShare {
    pub origin: &'static str,
    pub prompts: u64,
    /// Percent of the origins' sum; `None` (JSON null) when no origin has a prompt: a
    /// share of nothing is not 0%.
    #[serde(serialize_with = "crate::numbers::pct_opt_json")]
    pub share_pct: Option<f64>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ProductLine {
    pub id: String,
    pub name: String,
    pub prompts: u64,
    pub active_users: u32,
    pub previous_prompts: u64,
    pub change: i128,
    #[serde(serialize_with = "crate::numbers::pct_opt_json")]
    pub change_pct: Option<f64>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PersonLine {
    pub id: String,
    pub email: String,
    pub prompts: u64,
    pub previous_prompts: u64,
    pub change: i128,
    #[serde(serialize_with = "crate::numbers::pct_opt_json")]
    pub change_pct: Option<f64>,
    pub status: &'static str,
    pub last_active: Option<NaiveDate>,
}

impl PersonLine {
    /// The last column of a people table, and its heading: the last active day in the
    /// list of dormant people (they have no status worth a column), else the status.
    pub fn last_column(&self, dormant: bool) -> String {
        match dormant {
            true => self.last_active.map_or(String::new(), |d| d.to_string()),
            false => self.status.to_string(),
        }
    }

    /// The heading of [`PersonLine::last_column`].
    pub fn last_heading(dormant: bool) -> &'static str {
        if dormant { "Last active" } else { "Status" }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Group {
    pub count: usize,
    /// The first ten: new people by prompts now, dormant ones by prompts before.
    pub first: Vec<PersonLine>,
}

/// The report's title: the organization, and the teams when it counts only theirs (a
/// team's report and the organization's had the same title; the teams were said only in
/// the line of filters).
fn title(source: &str, teams: &[String]) -> String {
    match teams {
        [] => format!("ClarityQ usage: {source}"),
        [one] => format!("ClarityQ usage: {source} · team {one}"),
        many => format!("ClarityQ usage: {source} · teams {}", many.join(", ")),
    }
}

impl Report {
    /// The report of `current` against `previous` (the same filters, the period before).
    pub fn build(current: &Usage, previous: &Usage, ctx: &Context) -> Report {
        let cmp = Comparison::new(current, previous);
        let counts = cmp.counts();
        let r = current.range();
        let span = |u: &Usage| Span {
            start: u.range().start(),
            end: u.range().end(),
            days: u.range().len_days(),
            today_so_far: ctx.today == Some(u.range().end()),
            outside_file: u.wholly_outside_file(),
        };
        let mut previous_range = span(previous);
        previous_range.outside_file |= ctx.previous_before_file;
        let days = |u: &Usage| u.active_users() as f64 * u.range().len_days() as f64;
        let per_day = |u: &Usage| (days(u) > 0.0).then(|| u.total() as f64 / days(u));
        let people = People::new(current, previous, &cmp, ctx.mask);
        Report {
            title: title(&ctx.source, &ctx.teams),
            source: ctx.source.clone(),
            range: span(current),
            previous_range,
            filters: Filters {
                origin: ctx.origin.map(|o| o.as_str()),
                products: ctx.products.clone(),
                // Often the email of the one person asked about: masked as the lists are.
                search: match ctx.mask {
                    true => ctx.search.as_deref().map(crate::mask::mask_email),
                    false => ctx.search.clone(),
                },
                teams: ctx.teams.clone(),
            },
            generated_at: ctx.generated_at.clone(),
            masked: ctx.mask,
            warnings: ctx.warnings.clone(),
            kpis: Kpis {
                prompts: Count::new(current.total(), previous.total()),
                active_users: Count::new(
                    current.active_users() as u64,
                    previous.active_users() as u64,
                ),
                new_users: counts.new,
                dormant_users: counts.dormant,
                prompts_per_active_user_per_day: Kpi::new(per_day(current), per_day(previous)),
            },
            series: super::series::series(current, ctx.today.unwrap_or(r.end()), ctx.week_start),
            origins: ctx.origins.as_ref().map(|o| origin_shares(o)),
            origins_note: ctx.origins_note.clone(),
            products: products(current, previous, &cmp),
            top_people: people.top(),
            movers_up: people.movers(true),
            movers_down: people.movers(false),
            new_people: people.group(Status::New),
            dormant_people: people.group(Status::Dormant),
        }
    }
}

fn origin_shares(o: &[(Origin, u64)]) -> Vec<OriginShare> {
    let shares = crate::numbers::shares(&o.iter().map(|(_, n)| *n).collect::<Vec<_>>());
    (o.iter().zip(shares))
        .map(|(&(origin, prompts), share_pct)| OriginShare {
            origin: origin.as_str(),
            prompts,
            share_pct,
        })
        .collect()
}

fn products(cur: &Usage, prev: &Usage, cmp: &Comparison) -> Vec<ProductLine> {
    let mut list: Vec<ProductLine> = cmp
        .products
        .iter()
        .map(|p| {
            let prod = p.product(cur, prev);
            ProductLine {
                id: prod.id.to_string(),
                name: prod.name.clone(),
                prompts: p.change.now,
                active_users: p.current.map_or(0, |i| cur.product_users(usize::from(i))),
                previous_prompts: p.change.previous,
                change: p.change.delta(),
                change_pct: p.change.pct(),
            }
        })
        .collect();
    // The hyphenated id orders as the id does.
    list.sort_by(|a, b| {
        order::products_by_id((a.prompts, &a.name, &a.id), (b.prompts, &b.name, &b.id))
    });
    list
}

/// Every person of either period as a line, built once; the lists are cut from it.
struct People {
    lines: Vec<PersonLine>,
}

impl People {
    fn new(cur: &Usage, prev: &Usage, cmp: &Comparison, mask: bool) -> People {
        let line = |p: &PersonChange| {
            let u = p.user(cur, prev);
            PersonLine {
                id: u.id.to_string(),
                email: match mask {
                    true => crate::mask::mask_email(&u.email),
                    false => u.email.clone(),
                },
                prompts: p.change.now,
                previous_prompts: p.change.previous,
                change: p.change.delta(),
                change_pct: p.change.pct(),
                status: p.status.as_str(),
                last_active: p.last_active,
            }
        };
        // Ordered on the real email, so a masked report lists the same people in the
        // same order as an unmasked one.
        let mut keyed: Vec<(&str, PersonLine)> = cmp
            .people
            .iter()
            .map(|p| (p.user(cur, prev).email.as_str(), line(p)))
            .collect();
        keyed.sort_by(|a, b| {
            order::people_by_id((a.1.prompts, a.0, &a.1.id), (b.1.prompts, b.0, &b.1.id))
        });
        People {
            lines: keyed.into_iter().map(|(_, l)| l).collect(),
        }
    }

    fn top(&self) -> Vec<PersonLine> {
        let now = self.lines.iter().filter(|l| l.prompts > 0);
        now.take(LIST_LEN).cloned().collect()
    }

    /// The largest rises (`up`) or falls; ties keep the order by prompts now.
    fn movers(&self, up: bool) -> Vec<PersonLine> {
        let mut m: Vec<&PersonLine> = self
            .lines
            .iter()
            .filter(|l| if up { l.change > 0 } else { l.change < 0 })
            .collect();
        m.sort_by_key(|l| std::cmp::Reverse(l.change.abs()));
        m.into_iter().take(LIST_LEN).cloned().collect()
    }

    fn group(&self, status: Status) -> Group {
        let mut all: Vec<&PersonLine> = self
            .lines
            .iter()
            .filter(|l| l.status == status.as_str())
            .collect();
        if status == Status::Dormant {
            all.sort_by_key(|l| std::cmp::Reverse(l.previous_prompts));
        }
        Group {
            count: all.len(),
            first: all.into_iter().take(LIST_LEN).cloned().collect(),
        }
    }
}
