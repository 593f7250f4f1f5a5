//! What a run shows while it works: a progress bar on a terminal, plain lines in a CI log,
//! nothing with `--quiet`.
//!
//! The bar (indicatif) counts the stages a run has to do and names the one running, with the
//! time it has taken so far; it is drawn on standard error only when standard error is a
//! terminal, so logs and pipes get one plain line per stage instead of control characters.

use std::io::IsTerminal;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// How progress is shown.
pub struct Progress {
    mode: Mode,
}

enum Mode {
    Hidden,
    Lines,
    Bar(ProgressBar),
}

impl Progress {
    /// The display a command line run gets: a bar on a terminal, lines otherwise, nothing when
    /// `quiet`.
    pub fn for_stderr(quiet: bool) -> Self {
        let mode = if quiet {
            Mode::Hidden
        } else if std::io::stderr().is_terminal() {
            let bar = ProgressBar::with_draw_target(Some(0), ProgressDrawTarget::stderr());
            let style = ProgressStyle::with_template("{spinner} [{pos}/{len}] {msg} {elapsed}")
                .expect("a valid template")
                .tick_chars("⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏ ");
            bar.set_style(style);
            bar.enable_steady_tick(Duration::from_millis(120));
            Mode::Bar(bar)
        } else {
            Mode::Lines
        };
        Self { mode }
    }

    /// No display at all (library use, tests).
    pub fn hidden() -> Self {
        Self { mode: Mode::Hidden }
    }

    /// Announces how many stages the run will do.
    pub fn set_stages(&self, count: usize) {
        if let Mode::Bar(bar) = &self.mode {
            bar.set_length(count as u64);
        }
    }

    /// Runs one stage under the display.
    pub fn stage<T>(&self, name: &str, f: impl FnOnce() -> T) -> T {
        match &self.mode {
            Mode::Hidden => f(),
            Mode::Lines => {
                eprintln!("{name} …");
                f()
            }
            Mode::Bar(bar) => {
                bar.set_message(name.to_string());
                let value = f();
                bar.inc(1);
                value
            }
        }
    }

    /// A counter for the items of a long stage (`coding: 120/1911 documents` on the bar); call
    /// it once per item, from any thread. Lines and hidden displays ignore it.
    pub fn counter<'a>(&'a self, stage: &'a str, total: usize, items: &'a str) -> impl Fn() + Sync + 'a {
        let done = AtomicUsize::new(0);
        move || {
            let n = done.fetch_add(1, Ordering::Relaxed) + 1;
            if let Mode::Bar(bar) = &self.mode {
                bar.set_message(format!("{stage}: {n}/{total} {items}"));
            }
        }
    }

    /// Removes the bar before the run's summary is printed.
    pub fn finish(&self) {
        if let Mode::Bar(bar) = &self.mode {
            bar.finish_and_clear();
        }
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        self.finish();
    }
}
