//! Where the frame that shows a large answer goes: each step `update` takes for a new
//! answer (and for its previous period), timed alone on the model just read. A breakdown
//! for the dashboard bench's line; the figures of record are the frame gaps.

use std::sync::Arc;
use std::time::Instant;

use chrono::NaiveDate;

use crate::analytics::WeekStart;
use crate::model::Usage;
use crate::order::email_ranks;
use crate::tui::chart::{Bucketing, Chart};
use crate::tui::columns::Column;
use crate::tui::orders::{Orders, row_ranks};
use crate::tui::people::{Derived, Lens, People};

/// "step t ms, ..." for the steps of showing `u` (its own email order already kept, as
/// the fetch task leaves it), then of its comparison with the previous period's answer;
/// and whether the people and first order `shown` (made off the UI thread) are the ones
/// these steps build with the previous period the table pairs (`paired`: none when the
/// period is wholly outside a saved file).
pub(super) fn stages(
    u: &Arc<Usage>,
    (before, paired): (Option<Arc<Usage>>, Option<Arc<Usage>>),
    today: NaiveDate,
    shown: (&People, &[u32]),
) -> String {
    let mut out: Vec<String> = Vec::new();
    let mut time = |name: &str, f: &mut dyn FnMut()| {
        let t = Instant::now();
        f();
        out.push(format!(
            "{name} {:.1} ms",
            t.elapsed().as_secs_f64() * 1000.0
        ));
    };
    let mut derived = Derived::default();
    time("people+activity", &mut || {
        derived.update(Some(u), None, today)
    });
    time("chart", &mut || {
        Chart::build(&mut derived, (Bucketing::Day, WeekStart::Monday), 200);
    });
    let people = derived.people.clone();
    let email = |r: usize| &u.users()[people.rows[r].current.unwrap_or(0) as usize].email;
    time("email sort (as update did)", &mut || {
        email_ranks(people.rows.len(), |r| (email(r).as_str(), r));
    });
    time("email ranks", &mut || {
        row_ranks((u, None), &people);
    });
    time("first order", &mut || {
        let sort = (Column::Total, true);
        Orders::default().order((u, None), &people, sort, Lens::All);
    });
    // The previous period's answer: the one the dashboard got, or an empty one.
    let before = before.unwrap_or_else(|| Arc::new(Usage::empty(u.range().previous())));
    let mut compared = People::default();
    time("comparison people", &mut || {
        compared = People::of(u, Some(&before));
    });
    let compared = Arc::new(compared);
    time("compared ranks", &mut || {
        row_ranks((u, Some(&before)), &compared);
    });
    let mut order = Vec::new();
    time("compared first order", &mut || {
        let sort = (Column::Total, true);
        order = Orders::default().order((u, Some(&before)), &compared, sort, Lens::All);
    });
    // What the table shows is the pairing's: the comparison timed above when there is
    // one, else the people of this period alone.
    let (people, order) = match &paired {
        Some(_) => (compared, order),
        None => {
            let alone = Arc::new(People::of(u, None));
            let sort = (Column::Total, true);
            let order = Orders::default().order((u, None), &alone, sort, Lens::All);
            (alone, order)
        }
    };
    let same = *people == *shown.0 && order == shown.1;
    let same = if same { "yes" } else { "NO" };
    format!(
        "{}; people and order shown = built here: {same}",
        out.join(", ")
    )
}
