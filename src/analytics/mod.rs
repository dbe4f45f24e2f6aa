//! Adoption analytics over the usage model: who is new, who stopped, who moved, and how
//! usage goes day by day, week by week, month by month. Pure functions of one or two
//! models (and of `today`, always passed in): the dashboard and `export` show the same
//! numbers from here.
//!
//! Definitions (also in the README):
//! - previous period: [`period::previous_period`] (the same length just before a rolling
//!   range; the same span of the previous unit for a calendar range);
//! - status: `new` (no prompt before, some now), `dormant` (some before, none now; listed
//!   with their last active day), `retained` (both); people with neither are not listed;
//! - buckets: days, weeks (ISO, Monday start, or Sunday start) or calendar months, clipped
//!   to the range; `partial` when clipped or holding today;
//! - active users of a bucket: distinct people with a prompt in it;
//! - stickiness: DAU/MAU over the range's last 30 days, for ranges of 28 days or more.

pub mod activity;
pub mod buckets;
pub mod compare;
pub mod origins;
pub mod period;
pub mod teams;
#[cfg(test)]
pub(crate) mod testing;

pub use activity::{Activity, activity};
pub use buckets::{Bucket, Grain, buckets, series_buckets};
pub use compare::{Change, Comparison, PersonChange, ProductChange, Status, StatusCounts};
pub use period::{Span, WeekStart, previous_period, step_period};
