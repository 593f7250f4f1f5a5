//! Wall-clock time per stage and the process's peak memory after it, printed with `--timings`
//! (to standard error, never into an output, which must not depend on the clock).

use std::time::{Duration, Instant};

/// Stages in the order they ran, with their duration.
#[derive(Debug, Clone, Default)]
pub struct Timings {
    pub stages: Vec<(&'static str, Duration)>,
    /// Per stage, the peak resident memory of the process so far, in KB (Linux's `VmHWM`), so
    /// that a run shows which stage raised it; `None` where the system does not say.
    pub peak_kb: Vec<Option<u64>>,
}

impl Timings {
    /// Runs `f`, recording its duration under `stage`.
    pub fn time<T>(&mut self, stage: &'static str, f: impl FnOnce() -> T) -> T {
        let start = Instant::now();
        let value = f();
        self.stages.push((stage, start.elapsed()));
        self.peak_kb.push(peak_resident_kb());
        value
    }

    /// Duration of a stage, if it ran.
    pub fn of(&self, stage: &str) -> Option<Duration> {
        self.stages.iter().find(|(s, _)| *s == stage).map(|(_, d)| *d)
    }
}

/// The peak resident set of this process in KB, from `/proc/self/status` (Linux).
fn peak_resident_kb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.trim_start_matches("VmHWM:").trim().trim_end_matches("kB").trim().parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_stage_has_a_time_and_a_peak_that_never_falls() {
        let mut timings = Timings::default();
        timings.time("a", || ());
        // 64 MB touched: the peak after "b" is at least the peak after "a" (it never falls),
        // and, where the system reports it, at least 64 MB above nothing.
        timings.time("b", || std::hint::black_box(vec![1u8; 64 << 20]).len());
        assert_eq!(timings.stages.len(), 2);
        assert_eq!(timings.peak_kb.len(), 2);
        if let (Some(a), Some(b)) = (timings.peak_kb[0], timings.peak_kb[1]) {
            assert!(b >= a && b >= 64 * 1024, "{a} KB then {b} KB");
        }
        assert!(timings.of("b").is_some() && timings.of("c").is_none());
    }
}
