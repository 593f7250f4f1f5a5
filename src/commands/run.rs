//! `analyse run`: the whole pipeline on a project folder, redoing only the stages whose inputs
//! changed, and a summary of what it did on standard error.
//!
//! The pipeline itself (stage order, cache, atomic output folder) is [`crate::run`]; this file
//! only loads the plan, shows progress and words the outcome.

use std::path::Path;

use crate::error::Result;
use crate::project::Plan;
use crate::run::incremental::Outcome;
use crate::run::progress::Progress;
use crate::run::RunSummary;

/// How `run` works and what it tells.
#[derive(Debug, Clone, Copy, Default)]
pub struct RunOptions {
    /// Threads for the parallel stages; all cores when `None`.
    pub jobs: Option<u16>,
    /// Print nothing but errors.
    pub quiet: bool,
    /// Print the time each stage took.
    pub timings: bool,
    /// Replace outputs the user edited since the last run wrote them.
    pub force: bool,
}

/// Runs the project in `project`, writing to `out` (or its `[output] dir`).
pub fn run(project: &Path, out: Option<&Path>, options: RunOptions) -> Result<()> {
    super::use_threads(options.jobs)?;
    let plan = Plan::load(project, out)?;
    let progress = Progress::for_stderr(options.quiet);
    let outcome = crate::run::incremental::run(&plan, &progress, options.force)?;
    drop(progress);
    if !options.quiet {
        tell_outcome(&outcome);
    }
    if let Some(summary) = &outcome.summary {
        if !options.quiet {
            tell_summary(summary);
        }
        if options.timings {
            tell_timings(summary);
        }
    }
    Ok(())
}

fn tell_outcome(outcome: &Outcome) {
    for note in &outcome.notes {
        eprintln!("note: {note}");
    }
    eprintln!("{}", outcome.message());
    for path in &outcome.removed {
        eprintln!("removed {path}: the run no longer makes it");
    }
}

/// Every document's speakers are listed up to this many documents; beyond it only those
/// with header lines or warnings (the rest are in `tables/speakers.csv`).
const LIST_ALL_SPEAKERS_UP_TO: usize = 10;

fn tell_summary(summary: &RunSummary) {
    for line in crate::render::tables::speakers::terminal_lines(&summary.speakers, LIST_ALL_SPEAKERS_UP_TO) {
        eprintln!("{line}");
    }
    for path in &summary.turnless_transcripts {
        let looked_for = crate::corpus::turn_labels_looked_for(std::path::Path::new(path));
        eprintln!("note: {path} has no speaker turns ({looked_for}), so it was read as a document (not an interview): coded by [coding] document_unit, without respondent, left out of saturation; list it under [sources] documents to say so, or add speaker labels (`I:`, `R:`) to make it an interview");
    }
    for (path, pages) in &summary.pages_without_text {
        let pages: Vec<String> = pages.iter().map(usize::to_string).collect();
        eprintln!("note: {path}: page(s) {} have no extractable text (scanned?); their content is not in the analysis: run OCR on the PDF to include it", pages.join(", "));
    }
    eprintln!(
        "coded {} segments in {} documents: {} codings, {} of {} codes used",
        summary.segments, summary.documents, summary.codings, summary.codes_used, summary.codes
    );
    eprintln!("wrote {} files to {}", summary.files, summary.out_dir.display());
}

fn tell_timings(summary: &RunSummary) {
    let t = &summary.timings;
    let peaks = t.peak_kb.iter().copied().chain(std::iter::repeat(None));
    let resident = t.resident_kb.iter().copied().chain(std::iter::repeat(None));
    for (((stage, duration), peak), now) in t.stages.iter().zip(peaks).zip(resident) {
        let peak = peak.map(|kb| format!("   peak memory {:>5} MB", kb / 1024)).unwrap_or_default();
        let now = now.map(|kb| format!(", {:>5} MB at its end", kb / 1024)).unwrap_or_default();
        eprintln!("timing: {stage:<13} {:>9.3} s{peak}{now}", duration.as_secs_f64());
    }
    if let Some(coding) = summary.timings.of("coding") {
        let mb = summary.text_bytes as f64 / 1e6;
        eprintln!("timing: coded {mb:.1} MB of text at {:.1} MB/s", mb / coding.as_secs_f64());
    }
}
