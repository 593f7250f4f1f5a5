//! Wall-clock time per stage, printed with `--timings` (to standard error, never into an
//! output, which must not depend on the clock).

use std::time::{Duration, Instant};

/// Stages in the order they ran, with their duration.
#[derive(Debug, Clone, Default)]
pub struct Timings {
    pub stages: Vec<(&'static str, Duration)>,
}

impl Timings {
    /// Runs `f`, recording its duration under `stage`.
    pub fn time<T>(&mut self, stage: &'static str, f: impl FnOnce() -> T) -> T {
        let start = Instant::now();
        let value = f();
        self.stages.push((stage, start.elapsed()));
        value
    }

    /// Duration of a stage, if it ran.
    pub fn of(&self, stage: &str) -> Option<Duration> {
        self.stages.iter().find(|(s, _)| *s == stage).map(|(_, d)| *d)
    }
}
