//! `analyse run --check`: are the outputs on disk what the current inputs produce? For CI and
//! before handing in a thesis chapter.
//!
//! The pipeline computes every output in memory and [`crate::run::stale::compare`] holds them
//! against the output folder byte for byte; nothing is written. The differing files are listed
//! on standard output, a summary goes to standard error, and a folder that is not current ends
//! the command with [`Error::Stale`] (exit code 2).

use std::path::Path;

use crate::error::{Error, Result};
use crate::project::Plan;
use crate::run::progress::Progress;
use crate::run::stale::{compare, CheckReport};

/// Checks the output folder of the project in `project` (or `out`) against its inputs.
pub fn check(project: &Path, out: Option<&Path>, jobs: Option<u16>, quiet: bool) -> Result<()> {
    super::use_threads(jobs)?;
    let plan = Plan::load(project, out)?;
    let progress = Progress::for_stderr(quiet);
    progress.set_stages(1);
    let (files, _) = progress.stage("computing every output to compare", || crate::run::compute(&plan))?;
    progress.finish();
    let report = compare(&plan.out_dir, &files)?;
    let shown = plan.out_dir.display();
    if report.is_current() {
        if !quiet {
            eprintln!("{shown} is current: {} outputs match the inputs", report.current);
        }
        return Ok(());
    }
    super::print(report.listing())?;
    Err(stale(&shown.to_string(), &report))
}

/// What to do about a folder that is not current.
fn stale(shown: &str, report: &CheckReport) -> Error {
    Error::Stale(format!(
        "{shown} is not what the current inputs produce ({} stale, {} missing, {} extra); run `analyse run` to update it{}",
        report.stale.len(),
        report.missing.len(),
        report.extra.len(),
        if report.extra.is_empty() { "" } else { " and delete the extra files it does not remove" }
    ))
}
