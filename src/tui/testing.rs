//! Test support: the one clock reading the tests of `update` start from. `update` itself
//! reads no clock; its tests hand it moments measured from this one.

use std::sync::OnceLock;
use std::time::Instant;

/// A fixed moment of this test process.
pub fn t0() -> Instant {
    static T0: OnceLock<Instant> = OnceLock::new();
    *T0.get_or_init(Instant::now)
}
