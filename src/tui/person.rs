//! One person's rows, day by day: date, product, origin (once the per-origin answers are
//! in) and count, newest first. The detail's table and `e` in the detail both read them,
//! so the file holds what the screen shows.

use chrono::NaiveDate;
use uuid::Uuid;

use crate::api::Origin;
use crate::model::Usage;

/// One of the person's rows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PersonRow {
    pub date: NaiveDate,
    pub product: String,
    /// `None` until every origin's answer is in (then each row has one).
    pub origin: Option<Origin>,
    pub count: u64,
}

/// Person `id`'s rows in `u`, split by origin when all three origins' answers are given
/// (the origins add up to the whole, so either way the counts sum to the person's total).
/// With an origin filter (`only`), `u` holds that origin's rows alone: they are the rows.
/// Newest first, then by product name and origin.
pub fn rows(
    u: &Usage,
    id: Uuid,
    origins: [Option<&Usage>; 3],
    only: Option<Origin>,
) -> Vec<PersonRow> {
    let mut out = Vec::new();
    if only.is_some() {
        push_cells(u, id, only, &mut out);
    } else if origins.iter().all(Option::is_some) {
        for (o, ou) in Origin::ALL.into_iter().zip(origins.into_iter().flatten()) {
            push_cells(ou, id, Some(o), &mut out);
        }
    } else {
        push_cells(u, id, None, &mut out);
    }
    out.sort_by(|a, b| {
        b.date
            .cmp(&a.date)
            .then_with(|| a.product.cmp(&b.product))
            .then_with(|| {
                a.origin
                    .map(Origin::as_str)
                    .cmp(&b.origin.map(Origin::as_str))
            })
    });
    out
}

fn push_cells(u: &Usage, id: Uuid, origin: Option<Origin>, out: &mut Vec<PersonRow>) {
    let Some(i) = u.user_index(id) else {
        return;
    };
    for c in u.user_cells(i) {
        out.push(PersonRow {
            date: u.range().day(usize::from(c.day)),
            product: u.products()[usize::from(c.product)].name.clone(),
            origin,
            count: u64::from(c.count),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::UsageQuery;
    use crate::dates::DateRange;
    use crate::tui::app::tests::{answer_for, org, today};

    #[test]
    fn rows_are_the_persons_cells_and_split_by_origin_when_known() {
        let org = org();
        let q = UsageQuery::new(DateRange::last_days(today(), 30));
        let u = answer_for(&org, &q);
        let i = (0..u.users().len())
            .max_by_key(|&i| u.user_total(i))
            .unwrap();
        let id = u.users()[i].id;
        let plain = rows(&u, id, [None, None, None], None);
        assert!(plain.iter().all(|r| r.origin.is_none()));
        assert_eq!(plain.iter().map(|r| r.count).sum::<u64>(), u.user_total(i));
        assert!(
            plain.windows(2).all(|w| w[0].date >= w[1].date),
            "newest first"
        );
        // Independently: the demo's raw rows for this person.
        let raw: u64 = u
            .rows()
            .filter(|(_, who, ..)| who.id == id)
            .map(|r| r.3)
            .sum();
        assert_eq!(raw, u.user_total(i));
        let by_o: Vec<_> = Origin::ALL
            .iter()
            .map(|o| answer_for(&org, &q.with_origin(Some(*o))))
            .collect();
        let split = rows(
            &u,
            id,
            [Some(&by_o[0]), Some(&by_o[1]), Some(&by_o[2])],
            None,
        );
        assert!(split.iter().all(|r| r.origin.is_some()));
        assert_eq!(split.iter().map(|r| r.count).sum::<u64>(), u.user_total(i));
        // Until all three are in, no row claims an origin.
        let part = rows(&u, id, [Some(&by_o[0]), None, None], None);
        assert_eq!(part, plain);
        // A view of one origin: its rows only, whatever the other answers hold.
        let slack = &by_o[1];
        let j = slack.user_index(id).unwrap();
        let only = rows(
            slack,
            id,
            [Some(&by_o[0]), Some(&by_o[1]), Some(&by_o[2])],
            Some(Origin::Slack),
        );
        assert!(only.iter().all(|r| r.origin == Some(Origin::Slack)));
        assert_eq!(
            only.iter().map(|r| r.count).sum::<u64>(),
            slack.user_total(j)
        );
    }
}
