//! The benchmarks behind `clarityq-bench dashboard`, `reopen` and `decode`. The dashboard's:
//! the real fetch tasks and `update`, driven by a loop shaped like the dashboard's, drawing
//! into an off-screen terminal. Each prints one line of figures; none asserts a time.

mod dashboard;
mod decode;
mod driver;
mod reopen;
mod stages;

pub use dashboard::dashboard;
pub use decode::decode;
pub use reopen::reopen;

use std::time::Duration;

/// Peak resident memory of this process so far (VmHWM), in MiB.
pub fn peak_mib() -> f64 {
    status_kib("VmHWM:") / 1024.0
}

/// Resident memory of this process now (VmRSS), in MiB.
pub fn resident_mib() -> f64 {
    status_kib("VmRSS:") / 1024.0
}

fn status_kib(field: &str) -> f64 {
    let s = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    s.lines()
        .find(|l| l.starts_with(field))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|k| k.parse::<f64>().ok())
        .unwrap_or(0.0)
}

/// Median and maximum of some durations, in milliseconds ("median m ms, max x ms").
fn median_max(times: &mut [Duration]) -> String {
    if times.is_empty() {
        return "none".into();
    }
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    format!(
        "median {:.1} ms, max {:.1} ms",
        ms(times[times.len() / 2]),
        ms(times[times.len() - 1])
    )
}

fn runtime() -> Result<tokio::runtime::Runtime, String> {
    // Two workers, as the dashboard has on this machine's two cores.
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the runtime: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn median_and_max_of_a_few() {
        let mut t = [3, 1, 2].map(Duration::from_millis);
        assert_eq!(median_max(&mut t), "median 2.0 ms, max 3.0 ms");
        assert_eq!(median_max(&mut []), "none");
    }
}
