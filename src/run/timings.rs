//! Wall-clock time per stage and the process's peak and resident memory after it, printed
//! with `--timings` (to standard error, never into an output, which must not depend on the
//! clock).

use std::time::{Duration, Instant};

/// Stages in the order they ran, with their duration.
#[derive(Debug, Clone, Default)]
pub struct Timings {
    pub stages: Vec<(&'static str, Duration)>,
    /// Per stage, the peak resident memory of the process so far, in KB (Linux's `VmHWM`), so
    /// that a run shows which stage raised it; `None` where the system does not say.
    pub peak_kb: Vec<Option<u64>>,
    /// Per stage, the resident memory when it ended, in KB (Linux's `VmRSS`): what the stage
    /// left behind, as against the peak it reached, so that memory a stage should have handed
    /// back shows (issue 15).
    pub resident_kb: Vec<Option<u64>>,
}

impl Timings {
    /// Runs `f`, recording its duration under `stage`.
    pub fn time<T>(&mut self, stage: &'static str, f: impl FnOnce() -> T) -> T {
        let start = Instant::now();
        let value = f();
        self.stages.push((stage, start.elapsed()));
        let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
        self.peak_kb.push(status_kb(&status, "VmHWM:"));
        self.resident_kb.push(status_kb(&status, "VmRSS:"));
        value
    }

    /// Duration of a stage, if it ran.
    pub fn of(&self, stage: &str) -> Option<Duration> {
        self.stages.iter().find(|(s, _)| *s == stage).map(|(_, d)| *d)
    }
}

/// A memory figure in KB from the text of `/proc/self/status` (Linux): `VmHWM:` the peak
/// resident set, `VmRSS:` the resident set now. Both come from one reading, in which the
/// kernel never reports the peak below the resident set.
fn status_kb(status: &str, field: &str) -> Option<u64> {
    let line = status.lines().find(|l| l.starts_with(field))?;
    line.trim_start_matches(field).trim().trim_end_matches("kB").trim().parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The two lines of a `/proc/self/status` as Linux writes them (tab, padding, " kB").
    #[test]
    fn peak_and_resident_are_read_from_the_status_text() {
        let status = "Name:\tanalyse\nVmPeak:\t  900000 kB\nVmHWM:\t   424000 kB\nVmRSS:\t   353000 kB\n";
        assert_eq!(status_kb(status, "VmHWM:"), Some(424_000));
        assert_eq!(status_kb(status, "VmRSS:"), Some(353_000));
        assert_eq!(status_kb("Name:\tanalyse\n", "VmRSS:"), None);
        assert_eq!(status_kb("VmRSS:\t  many kB\n", "VmRSS:"), None);
    }

    #[test]
    fn each_stage_has_a_time_and_a_peak_that_never_falls() {
        let mut timings = Timings::default();
        timings.time("a", || ());
        // 64 MB touched: the peak after "b" is at least the peak after "a" (it never falls),
        // and, where the system reports it, at least 64 MB above nothing.
        timings.time("b", || std::hint::black_box(vec![1u8; 64 << 20]).len());
        assert_eq!(timings.stages.len(), 2);
        assert_eq!(timings.peak_kb.len(), 2);
        assert_eq!(timings.resident_kb.len(), 2);
        if let (Some(a), Some(b)) = (timings.peak_kb[0], timings.peak_kb[1]) {
            assert!(b >= a && b >= 64 * 1024, "{a} KB then {b} KB");
        }
        // What is resident at a stage's end is never more than the peak so far.
        for (now, peak) in timings.resident_kb.iter().zip(&timings.peak_kb) {
            if let (Some(now), Some(peak)) = (now, peak) {
                assert!(now <= peak, "{now} KB resident above the peak {peak} KB");
            }
        }
        assert!(timings.of("b").is_some() && timings.of("c").is_none());
    }
}
