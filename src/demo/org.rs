//! The demo organization: synthetic, deterministic from a seed, and computed on demand (a
//! count is a pure function of seed, origin, product, user and day), so a 10x-bigger
//! organization costs no memory, only time per request.
//!
//! Its shape is a real organization's: a few heavy users and a long tail (Pareto activity),
//! quiet weekends, people joining over time (growth) and about one in five leaving at
//! some point after they joined (churn), each person on one to three products, and channels mixed per person, so that APP + SLACK + API_KEY add up to the
//! all-origins figure by construction.

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use uuid::Uuid;

use crate::api::{Origin, UsageRow};

const PRODUCTS: [&str; 5] = [
    "Analytics Copilot",
    "Sales Assistant",
    "Support Desk",
    "数据洞察 Insights",
    "Marketing Studio ✨",
];
const FIRST: [&str; 24] = [
    "Ada",
    "Grace",
    "Alan",
    "Linus",
    "Margaret",
    "Ken",
    "Barbara",
    "Dennis",
    "Frances",
    "Edsger",
    "Radia",
    "Tim",
    "Hedy",
    "John",
    "Katherine",
    "Donald",
    "Sophie",
    "José",
    "Zoë",
    "Mei",
    "Aarav",
    "Olu",
    "Ingrid",
    "Yuki",
];
const LAST: [&str; 24] = [
    "Lovelace",
    "Hopper",
    "Turing",
    "Torvalds",
    "Hamilton",
    "Thompson",
    "Liskov",
    "Ritchie",
    "Allen",
    "Dijkstra",
    "Perlman",
    "Berners-Lee",
    "Lamarr",
    "McCarthy",
    "Johnson",
    "Knuth",
    "Wilson",
    "García",
    "Müller",
    "Chen",
    "Sharma",
    "Adeyemi",
    "Larsen",
    "Tanaka",
];

/// How big and which organization.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OrgSpec {
    pub seed: u64,
    pub users: usize,
    /// Days of history ending today.
    pub days: u32,
    pub today: NaiveDate,
}

impl Default for OrgSpec {
    fn default() -> Self {
        Self {
            seed: 42,
            users: 400,
            days: 730,
            today: crate::dates::today_utc(),
        }
    }
}

#[derive(Clone, Debug)]
pub struct DemoProduct {
    pub id: Uuid,
    pub name: String,
}

#[derive(Clone, Debug)]
pub struct DemoUser {
    pub id: Uuid,
    pub email: String,
    pub full_name: String,
    /// Mean prompts on an active weekday.
    activity: f64,
    /// Chance of being active on a weekday.
    presence: f64,
    joined: NaiveDate,
    /// The first day they no longer use it (None: still here).
    left: Option<NaiveDate>,
    /// Bit p set when the user works with product p.
    products: u8,
    /// Share of prompts per origin (APP, SLACK, API_KEY), summing to 1.
    mix: [f64; 3],
}

/// The synthetic organization.
#[derive(Clone, Debug)]
pub struct Org {
    pub spec: OrgSpec,
    pub products: Vec<DemoProduct>,
    pub users: Vec<DemoUser>,
    first_day: NaiveDate,
}

/// splitmix64: a tiny, good, dependency-free mixer.
fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

fn h(parts: &[u64]) -> u64 {
    parts.iter().fold(0x5EED, |acc, p| {
        mix(acc ^ p.wrapping_mul(0x2545_F491_4F6C_DD1D))
    })
}

/// A uniform number in [0, 1) from a hash.
fn unit(x: u64) -> f64 {
    (x >> 11) as f64 / (1u64 << 53) as f64
}

fn uuid_from(x: u64, y: u64) -> Uuid {
    let mut b = [0u8; 16];
    b[..8].copy_from_slice(&mix(x).to_le_bytes());
    b[8..].copy_from_slice(&mix(y).to_le_bytes());
    uuid::Builder::from_random_bytes(b).into_uuid()
}

fn ascii_fold(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            'á' | 'à' | 'ä' => 'a',
            'é' | 'è' | 'ë' => 'e',
            'í' => 'i',
            'ó' | 'ö' => 'o',
            'ú' | 'ü' => 'u',
            c => c,
        })
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect::<String>()
        .to_lowercase()
}

/// Person `u` of the organization: name, email, activity, when they joined and left, and
/// which products and channels they use, all drawn from the seed.
fn demo_user(spec: &OrgSpec, first_day: NaiveDate, u: usize) -> DemoUser {
    let s = spec.seed;
    let span = i64::from(spec.days.max(1));

    let r = |k: u64| unit(h(&[s, 2, u as u64, k]));
    let first = FIRST[(h(&[s, 3, u as u64]) % FIRST.len() as u64) as usize];
    let last = LAST[(h(&[s, 4, u as u64]) % LAST.len() as u64) as usize];
    let full_name = format!("{first} {last}");
    // Unique by construction: the index is part of every address.
    let email = if u % 97 == 13 {
        format!(
            "{}.{}{u}@acme.example",
            first.to_lowercase(),
            last.to_lowercase()
        )
    } else {
        format!("{}.{}{u}@acme.example", ascii_fold(first), ascii_fold(last))
    };
    // Pareto(alpha 1.2): most people send a few prompts, a few send hundreds.
    let activity = (1.5 / (1.0 - r(5)).max(1e-6).powf(1.0 / 1.2)).min(400.0);
    let presence = 0.15 + 0.75 * r(6);
    // A third were here from the start; the rest joined along the way (growth).
    let joined = if r(7) < 0.35 {
        first_day
    } else {
        first_day + Duration::days((r(8) * span as f64) as i64)
    };
    // About one in five stop at some point after joining: the dormant people
    // of a later period.
    let left = (r(24) < 0.2)
        .then(|| {
            let stay = (spec.today - joined).num_days().max(1) as f64;
            joined + Duration::days(1 + (r(25) * stay) as i64)
        })
        .filter(|d| *d <= spec.today);
    let mut products = 1u8 << (h(&[s, 9, u as u64]) % 3); // the first three are the big ones
    for p in 0..PRODUCTS.len() {
        if r(10 + p as u64) < 0.18 {
            products |= 1 << p;
        }
    }
    let (a, b, c) = (
        r(20) + 0.6,
        r(21) * 0.8,
        if r(22) < 0.2 { r(23) * 2.0 } else { 0.0 },
    );
    let t = a + b + c;
    DemoUser {
        id: uuid_from(h(&[s, 11, u as u64]), u as u64),
        email,
        full_name,
        activity,
        presence,
        joined,
        left,
        products,
        mix: [a / t, b / t, c / t],
    }
}

impl Org {
    pub fn new(spec: OrgSpec) -> Self {
        let s = spec.seed;
        let products = PRODUCTS
            .iter()
            .enumerate()
            .map(|(i, name)| DemoProduct {
                id: uuid_from(h(&[s, 1, i as u64]), h(&[s, 1, i as u64, 7])),
                name: (*name).to_string(),
            })
            .collect();
        let first_day = spec.today - Duration::days(i64::from(spec.days.max(1)) - 1);
        let users = (0..spec.users)
            .map(|u| demo_user(&spec, first_day, u))
            .collect();
        Org {
            spec,
            products,
            users,
            first_day,
        }
    }

    /// The product the demo key belongs to.
    pub fn product_id(&self) -> Uuid {
        self.products[0].id
    }

    /// The demo organization's API key.
    pub fn api_key(&self) -> String {
        format!("cq_demo_{:016x}", h(&[self.spec.seed, 99]))
    }

    /// Prompts sent by user `u` to product `p` on `day` through `origin`.
    pub fn count(&self, origin: Origin, p: usize, u: usize, day: NaiveDate) -> u64 {
        let user = &self.users[u];
        if user.products & (1 << p) == 0
            || day < user.joined
            || user.left.is_some_and(|l| day >= l)
            || day < self.first_day
            || day > self.spec.today
        {
            return 0;
        }
        let dn = u64::from(day.num_days_from_ce() as u32);
        let s = self.spec.seed;
        let weekend = matches!(day.weekday(), Weekday::Sat | Weekday::Sun);
        let presence = if weekend {
            user.presence * 0.15
        } else {
            user.presence
        };
        if unit(h(&[s, 30, u as u64, p as u64, dn])) >= presence {
            return 0;
        }
        // The organization grows into the tool: usage per person rises over the history.
        let age = (day - self.first_day).num_days() as f64 / f64::from(self.spec.days.max(1));
        let mean = user.activity * (0.6 + 0.8 * age) * if p < 3 { 1.0 } else { 0.5 };
        let o = origin as usize;
        let share = mean * user.mix[o];
        if share < 0.05 {
            return 0;
        }
        // An exponential draw around the mean: bursty like real days.
        let x = -(1.0 - unit(h(&[s, 31, u as u64, p as u64, dn, o as u64]))).ln();
        (share * x).round() as u64
    }

    /// The rows the endpoint returns for these filters, in a deliberately unsorted order.
    pub fn rows(&self, q: &RowFilter<'_>) -> Vec<UsageRow> {
        let start = q.start.max(self.first_day);
        let end = q.end.min(self.spec.today);
        let needle = q.search.map(str::to_lowercase).filter(|s| !s.is_empty());
        let mut out = Vec::new();
        if start > end {
            return out;
        }
        let origins: Vec<Origin> = q.origin.map_or(Origin::ALL.to_vec(), |o| vec![o]);
        for (u, user) in self.users.iter().enumerate() {
            if let Some(n) = &needle
                && !user.email.to_lowercase().contains(n)
                && !user.full_name.to_lowercase().contains(n)
            {
                continue;
            }
            for (p, prod) in self.products.iter().enumerate() {
                if !q.product_ids.is_empty() && !q.product_ids.contains(&prod.id) {
                    continue;
                }
                if user.products & (1 << p) == 0 {
                    continue;
                }
                let mut day = start.max(user.joined);
                let last = user.left.map_or(end, |l| end.min(l - Duration::days(1)));
                while day <= last {
                    let n: u64 = origins.iter().map(|o| self.count(*o, p, u, day)).sum();
                    if n > 0 {
                        out.push(UsageRow {
                            product_id: prod.id,
                            product_name: prod.name.clone(),
                            user_id: user.id,
                            user_email: user.email.clone(),
                            date: day,
                            prompt_count: n,
                        });
                    }
                    day += Duration::days(1);
                }
            }
        }
        // The contract says order is not specified: make sure nobody relies on it.
        let len = out.len();
        for i in (1..len).rev() {
            out.swap(
                i,
                (h(&[self.spec.seed, 50, i as u64]) % (i as u64 + 1)) as usize,
            );
        }
        out
    }
}

/// The filters of one request, as the server sees them.
#[derive(Clone, Debug)]
pub struct RowFilter<'a> {
    pub start: NaiveDate,
    pub end: NaiveDate,
    pub product_ids: &'a [Uuid],
    pub search: Option<&'a str>,
    pub origin: Option<Origin>,
}

#[cfg(test)]
#[path = "org_tests.rs"]
mod tests;
