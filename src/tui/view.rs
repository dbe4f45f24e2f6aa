//! What the screen shows, derived from the model in `update` (never in draw): the users'
//! sorted order, the KPIs, series bucketed to the width they are drawn at, and the rows
//! visible right now with their sparklines. Work per frame is O(visible rows).

use chrono::NaiveDate;
use uuid::Uuid;

use crate::dates::DateRange;

use super::calendar::Calendar;
use super::chart::{Bucketing, Chart};
use super::columns::{self, Column, DETAIL_LINE, ORIGIN_LINE, PRODUCT_LINE};
use super::layout::Screen;
use super::orders::Orders;
pub use super::origins::Origins;
use super::people::{Derived, Lens, People, Person};
pub use super::series::{SeriesLine, bucket, fit_series, spark_text};
use crate::analytics::WeekStart;
use crate::api::Origin;
use crate::model::Usage;
use std::sync::Arc;

/// The headline figures.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Kpis {
    pub total: u64,
    pub active_users: usize,
    /// Prompts per active user per day of the range; none with no active user (a search
    /// that matches no one read 0.0, where the report says n/a).
    pub per_user_day: Option<f64>,
    pub busiest: Option<(NaiveDate, u64)>,
    /// Change of the total against the previous period, in percent (None until fetched,
    /// or when the previous period had no prompts).
    pub change: Option<f64>,
    pub previous_total: Option<u64>,
    /// The dates of the period the change is computed against (once it is fetched).
    pub previous_range: Option<DateRange>,
    /// The previous period lies wholly outside the saved file read: its zero says nothing.
    pub previous_outside: bool,
    /// Days of the previous period outside the saved file, when some of it is in: its
    /// total is of the rest ("+3529.0%" against 9 days of 337 said nothing of them).
    pub previous_missing: u64,
    /// The range's days, which the previous period's are said beside when they differ (a
    /// 31-day October against November, as the reports say it).
    pub range_days: usize,
    /// People with prompts now and none before, and the reverse (None until fetched).
    pub new: Option<usize>,
    pub dormant: Option<usize>,
    /// Mean distinct people a day, and DAU/MAU for ranges of 28 days or more.
    pub average_daily_users: f64,
    pub stickiness: Option<f64>,
    /// The answer's warnings (the KPI strip says them as a sentence, or tersely).
    pub warnings: crate::model::Warnings,
}

pub use super::columns::UserLine;

/// The prompts of each product in the view on screen (its range, origin, team and search),
/// as its Products block counts them: the picker shows them beside the names. A product
/// the answer does not hold had none, unless the product filter left it out: then its
/// figure is unknown, not zero.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ProductPrompts {
    /// The answer's products and their prompts, by id.
    by_id: Vec<(Uuid, u64)>,
    /// The products the answer was asked for; empty for all of them.
    asked: Vec<Uuid>,
}

impl ProductPrompts {
    /// The figures of `u`, an answer for the products `asked` (empty: all).
    pub fn of(u: &Usage, asked: &[Uuid]) -> ProductPrompts {
        let mut by_id: Vec<(Uuid, u64)> = (u.products().iter().enumerate())
            .map(|(p, product)| (product.id, u.product_total(p)))
            .collect();
        by_id.sort_unstable();
        ProductPrompts {
            by_id,
            asked: asked.to_vec(),
        }
    }

    /// Product `id`'s prompts; `None` when the product filter left it out of the answer.
    pub fn get(&self, id: &Uuid) -> Option<u64> {
        match self.by_id.binary_search_by(|(p, _)| p.cmp(id)) {
            Ok(i) => Some(self.by_id[i].1),
            Err(_) if self.asked.is_empty() || self.asked.contains(id) => Some(0),
            Err(_) => None,
        }
    }
}

/// The user detail: the person's days, by product and by origin.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DetailView {
    pub email: String,
    pub total: u64,
    pub active_days: u32,
    pub first: Option<NaiveDate>,
    pub last: Option<NaiveDate>,
    /// The person's chart, drawn as the organization's is (set by the app, which knows
    /// today and the bars asked for).
    pub chart: Chart,
    pub by_product: Vec<SeriesLine>,
    /// One line per origin; `None` while that origin's request runs.
    pub by_origin: Vec<(Origin, Option<SeriesLine>)>,
    /// Day by day, newest first (with origins once their answers are in).
    pub rows: Vec<super::person::PersonRow>,
    /// The person's calendar, for ranges of 8 weeks or more (set by the app, which
    /// knows today).
    pub calendar: Option<Calendar>,
}

#[derive(Clone, Debug, Default)]
pub struct View {
    /// The people of the table (this period's and the dormant ones), shared with the
    /// derivation cache.
    pub people: Arc<People>,
    /// Indexes into `people.rows` the lens keeps, in table order.
    pub order: Vec<u32>,
    pub lens: Lens,
    pub kpis: Kpis,
    pub chart: Chart,
    /// The calendar heatmap, for ranges of 8 weeks or more (set by the app, which knows
    /// today).
    pub calendar: Option<Calendar>,
    pub products: Vec<SeriesLine>,
    /// Each product's share of the prompts, in `products`' order, adding up to 100.0.
    pub product_shares: Vec<Option<f64>>,
    /// Each product's id, in `products`' order (Enter on the pane filters by it).
    pub product_ids: Vec<uuid::Uuid>,
    /// Each product's prompts, for the picker's figures.
    pub product_prompts: ProductPrompts,
    /// The Origins block: in the all-origins view only.
    pub origins: Option<Origins>,
    pub visible: Vec<UserLine>,
    pub detail: Option<DetailView>,
}

impl Kpis {
    /// The headline figures of `u`, against `previous` when it has been fetched.
    fn of(u: &Usage, previous: Option<&Usage>, derived: &Derived) -> Kpis {
        let total = u.total();
        let active = u.active_users();
        let days = u.range().len_days();
        let busiest = u
            .day_totals()
            .iter()
            .enumerate()
            .max_by_key(|(i, v)| (**v, std::cmp::Reverse(*i)))
            .filter(|(_, v)| **v > 0)
            .map(|(i, v)| (u.range().day(i), *v));
        let previous_total = previous.map(Usage::total);
        let change = previous_total
            .filter(|p| *p > 0)
            .map(|p| (total as f64 - p as f64) * 100.0 / p as f64);
        Kpis {
            total,
            active_users: active,
            per_user_day: (active > 0).then(|| total as f64 / active as f64 / days as f64),
            busiest,
            change,
            previous_total,
            previous_range: previous.map(Usage::range),
            previous_outside: previous.is_some_and(Usage::wholly_outside_file),
            previous_missing: previous
                .filter(|p| !p.wholly_outside_file())
                .map_or(0, |p| p.warnings().days_outside),
            range_days: u.range().len_days(),
            new: derived.people.count(Lens::New),
            dormant: derived.people.count(Lens::Dormant),
            average_daily_users: derived.activity.average_daily_users,
            stickiness: derived.activity.stickiness,
            warnings: u.warnings(),
        }
    }
}

impl View {
    /// Everything that depends on the data, the previous period and the sort.
    pub fn build(
        usage: Option<&Usage>,
        previous: Option<&Usage>,
        (derived, orders): (&mut Derived, &mut Orders),
        (sort, lens, bucketing): ((Column, bool), Lens, (Bucketing, WeekStart)),
        screen: &Screen,
        // Each origin's answer, in the all-origins view only.
        origins: Option<[Option<&Usage>; 3]>,
        // The products the answer was asked for (empty: all).
        products_asked: &[Uuid],
    ) -> View {
        let Some(u) = usage else {
            return View::default();
        };
        let areas = &screen.main;
        let kpis = Kpis::of(u, previous, derived);
        let people = derived.people.clone();
        let before = derived.before().cloned();
        let chart = Chart::build(derived, bucketing, areas.chart.width);
        let products_area = areas.products_area(origins.is_some());
        let spark_w = PRODUCT_LINE.spark_width(products_area.width);
        let origins =
            origins.map(|o| Origins::of(u, o, ORIGIN_LINE.spark_width(areas.origins.width)));
        let mut products: Vec<(SeriesLine, uuid::Uuid)> = (0..u.products().len())
            .map(|p| {
                let line = SeriesLine {
                    name: u.products()[p].name.clone(),
                    total: u.product_total(p),
                    series: fit_series(u.product_daily(p), spark_w),
                };
                (line, u.products()[p].id)
            })
            .collect();
        products
            .sort_by(|(a, _), (b, _)| crate::order::products(a.total, &a.name, b.total, &b.name));
        let (products, product_ids): (Vec<SeriesLine>, Vec<uuid::Uuid>) =
            products.into_iter().unzip();
        let product_shares =
            crate::numbers::shares(&products.iter().map(|p| p.total).collect::<Vec<_>>());
        let product_prompts = ProductPrompts::of(u, products_asked);
        View {
            // The rows index into the answers they were derived from: while a large
            // comparison is made off the UI thread, without `previous`.
            order: orders.order((u, before.as_deref()), &people, sort, lens),
            people,
            lens,
            kpis,
            chart,
            calendar: None,
            products,
            product_shares,
            product_ids,
            product_prompts,
            origins,
            visible: Vec::new(),
            detail: None,
        }
    }

    /// The visible rows (and the detail, when open): the only per-user work on a scroll.
    pub fn fill_visible(
        &mut self,
        usage: Option<&Usage>,
        // The answers the people were derived from.
        (people_now, previous): (Option<&Usage>, Option<&Usage>),
        (offset, rows): (usize, usize),
        screen: &Screen,
        detail: Option<usize>,
        // Each origin's answer (for the detail's split), and the view's origin filter.
        (origins, only): ([Option<&Usage>; 3], Option<Origin>),
    ) {
        let Some(u) = usage else {
            self.visible.clear();
            self.detail = None;
            return;
        };
        let total = u.total().max(1) as f64;
        let spark_cols = columns::users_spark_for(screen.main.users.width, screen.teams);
        let people = self.people.clone();
        let now = people_now.unwrap_or(u);
        self.visible = self
            .order
            .iter()
            .skip(offset)
            .take(rows)
            .map(|&r| {
                let row = &people.rows[r as usize];
                let p = Person {
                    now,
                    before: previous,
                    row,
                    compared: people.compared,
                };
                UserLine {
                    email: p.user().email.clone(),
                    total: p.total(),
                    share: p.total() as f64 * 100.0 / total,
                    active_days: p.active_days(),
                    last: p.last(),
                    spark: row
                        .current
                        .map(|i| spark_text(&now.user_daily(i as usize), spark_cols))
                        .unwrap_or_default(),
                    previous: p.previous(),
                    delta: p.delta(),
                    pct: p.pct(),
                    status: p.status(),
                    not_in_file: self.kpis.previous_outside && !people.compared,
                    // Filled after, for the visible rows only (`TeamsState::label`).
                    team: String::new(),
                }
            })
            .collect();
        self.detail = detail.map(|i| DetailView::of(u, i, (origins, only), screen));
    }
}

impl DetailView {
    /// How many day-by-day rows a pane `height` rows high holds below the person's lines:
    /// "By product", a line each, a blank, "By origin", a line each (one that says a saved
    /// response has none: `fixed`), a blank, the rows' head. A page of PgDn is this many.
    pub fn day_rows_fit(&self, height: u16, fixed: bool) -> usize {
        let origins = if fixed { 1 } else { self.by_origin.len() };
        let gaps = 2 * usize::from(Self::gap(height));
        usize::from(height).saturating_sub(3 + gaps + self.by_product.len() + origins)
    }

    /// The blank rows between the blocks of a pane `height` rows high: none when it is
    /// short (at 80x24 the day table kept 3 rows for a year of days).
    pub fn gap(height: u16) -> u16 {
        u16::from(height >= 16)
    }

    /// Person `i` of `u`: their days, by product, and by origin from each origin's answer.
    fn of(
        u: &Usage,
        i: usize,
        (origins, only): ([Option<&Usage>; 3], Option<Origin>),
        screen: &Screen,
    ) -> DetailView {
        let line_w = DETAIL_LINE.spark_width(screen.detail.products.width);
        let id = u.users()[i].id;
        // Under an origin filter, that origin's line only: the others' figures are not
        // the view's (its total is the filter's, and the three lines summed to more).
        let by_origin = Origin::ALL
            .iter()
            .zip(origins)
            .filter(|(o, _)| only.is_none_or(|only| only == **o))
            .map(|(o, ou)| {
                let line = ou.map(|ou| match ou.user_index(id) {
                    Some(j) => SeriesLine {
                        name: o.as_str().into(),
                        total: ou.user_total(j),
                        series: fit_series(&ou.user_daily(j), line_w),
                    },
                    None => SeriesLine {
                        name: o.as_str().into(),
                        total: 0,
                        series: Vec::new(),
                    },
                });
                (*o, line)
            })
            .collect();
        DetailView {
            email: u.users()[i].email.clone(),
            total: u.user_total(i),
            active_days: u.user_active_days(i),
            first: u.user_first_day(i),
            last: u.user_last_day(i),
            chart: Chart::default(),
            by_product: by_product(u, i, line_w),
            by_origin,
            rows: super::person::rows(u, id, origins, only),
            calendar: None,
        }
    }
}

/// Person `i`'s prompts per product, most first (ties by name), as the Products block
/// orders the organization's: by index they read as no order at all.
fn by_product(u: &Usage, i: usize, width: usize) -> Vec<SeriesLine> {
    let mut lines: Vec<SeriesLine> = u
        .user_daily_by_product(i)
        .into_iter()
        .map(|(p, s)| SeriesLine {
            name: u.products()[p].name.clone(),
            total: s.iter().sum(),
            series: fit_series(&s, width),
        })
        .collect();
    lines.sort_by(|a, b| crate::order::products(a.total, &a.name, b.total, &b.name));
    lines
}
