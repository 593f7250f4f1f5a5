//! `analyse run`: the one pipeline — the stages in order, their inputs and keys, the cache,
//! the manifest and the output folder.
//!
//! | stage | function | value |
//! |---|---|---|
//! | ingest | [`stages::ingest`] | [`crate::corpus::Corpus`] |
//! | coding | [`stages::code`] | [`stages::Coded`] (codebook and codings) |
//! | analysis | [`stages::analysis`] | [`crate::analysis::Analyses`] |
//! | rendering | [`stages::rendering`] | the output files |
//!
//! The order is written once, in [`stages::run_stages`]; [`compute`] runs every stage from
//! scratch in memory (what `run --check` compares with) and [`incremental::run`] takes the
//! value of each unchanged stage from the cache ([`stage_keys`], [`cache`]). Nothing is
//! written until every stage has succeeded, so bad input leaves the output folder as it was.
//! This module parses nothing and words nothing: the stages do.

pub mod cache;
pub mod freed_memory;
pub mod gold;
pub mod guard;
pub mod incremental;
pub mod inputs;
pub mod manifest;
pub mod output;
pub mod progress;
pub mod stage_keys;
pub mod stages;
pub mod stale;
pub mod swap;
pub mod timings;

use std::path::PathBuf;

use crate::error::Result;
use crate::project::Plan;
use crate::render::OutputFile;

pub use incremental::Outcome;
pub use stages::{code_project, CodedProject};

use inputs::Inputs;
use progress::Progress;
use stages::{run_stages, NoCache};
use timings::Timings;

/// What a finished run reports to the user.
#[derive(Debug, Clone)]
pub struct RunSummary {
    pub out_dir: PathBuf,
    pub documents: usize,
    /// Segments the rules were applied to (`[coding] speakers`): interviewer turns are not
    /// counted unless `speakers = "all"`.
    pub segments: usize,
    pub codings: usize,
    pub codes_used: usize,
    pub codes: usize,
    pub files: usize,
    /// Size of all document texts in bytes (UTF-8), for throughput figures.
    pub text_bytes: usize,
    pub timings: Timings,
    /// Per document the speaker labels read, for the terminal summary.
    pub speakers: Vec<crate::analysis::speakers::DocumentSpeakers>,
    /// Files named by a `[sources] transcripts` pattern that have no speaker turns and were
    /// read as documents, as the user sees their paths.
    pub turnless_transcripts: Vec<String>,
    /// PDF files with pages without extractable text (scans), and those pages.
    pub pages_without_text: Vec<(String, Vec<usize>)>,
}

impl RunSummary {
    pub(crate) fn new(
        plan: &Plan,
        project: &CodedProject,
        analyses: &crate::analysis::Analyses,
        files: usize,
        text_bytes: usize,
        timings: Timings,
    ) -> Self {
        let CodedProject { corpus, codebook, codings } = project;
        let listed: std::collections::BTreeSet<String> =
            plan.sources.documents.iter().map(|p| plan.display_path(p)).collect();
        let turnless_transcripts = corpus
            .documents
            .iter()
            .filter(|d| d.kind == crate::corpus::DocumentKind::Document && !listed.contains(&d.source))
            .map(|d| d.source.clone())
            .collect();
        let pages_without_text = corpus
            .documents
            .iter()
            .filter(|d| !d.empty_pages.is_empty())
            .map(|d| (d.source.clone(), d.empty_pages.clone()))
            .collect();
        Self {
            out_dir: plan.out_dir.clone(),
            documents: corpus.documents.len(),
            segments: corpus
                .documents
                .iter()
                .flat_map(|d| &d.segments)
                .filter(|s| {
                    plan.settings.coding.speakers == crate::coding::Speakers::All
                        || s.speaker != crate::corpus::Speaker::Interviewer
                })
                .count(),
            codings: codings.len(),
            codes_used: analyses.cooccurrence.codes.len(),
            codes: codebook.codes.len(),
            files,
            text_bytes,
            timings,
            speakers: analyses.speakers.clone(),
            turnless_transcripts,
            pages_without_text,
        }
    }
}

/// Runs the whole pipeline on a plan, redoing only what changed since the last run, and
/// writes the outputs (see [`incremental`]). The outcome says what was redone; when nothing
/// changed it has no summary and nothing was written.
pub fn run(plan: &Plan) -> Result<Outcome> {
    incremental::run(plan, &Progress::hidden(), false)
}

/// Every stage from scratch, in memory, ignoring any cache: the output files (manifest last)
/// and a summary. `run --check` compares these with the output folder.
pub fn compute(plan: &Plan) -> Result<(Vec<OutputFile>, RunSummary)> {
    let mut timings = Timings::default();
    let inputs = Inputs::read(plan)?;
    let mut source = NoCache { spill_dir: swap::spill_folder(&plan.out_dir) };
    let done = run_stages(plan, &inputs, &mut source, &Progress::hidden(), &mut timings)?;
    let summary = RunSummary::new(plan, &done.project, &done.analyses, done.files.len(), done.text_bytes, timings);
    Ok((done.files, summary))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Regression: a run with nothing to do is a success, not an internal error.
    #[test]
    fn a_second_run_with_nothing_to_do_succeeds_without_writing() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::write(root.join("analyse.toml"), "[analysis]\npermutations = 10\n").unwrap();
        std::fs::create_dir_all(root.join("transcripts")).unwrap();
        std::fs::write(root.join("transcripts/D1.txt"), "I: Vraag?\nD1: Over de regie.\n").unwrap();
        std::fs::create_dir_all(root.join("codebooks")).unwrap();
        let codebook = "codebook:\n  id: c\ncodes:\n  - id: regie\n    rules:\n      - terms: [regie]\n";
        std::fs::write(root.join("codebooks/c.yaml"), codebook).unwrap();
        let plan = Plan::load(root, None).unwrap();
        let first = run(&plan).unwrap();
        let summary = first.summary.expect("the first run writes");
        assert_eq!((summary.documents, summary.codings), (1, 1));
        let manifest = std::fs::read(plan.out_dir.join("manifest.json")).unwrap();
        let second = run(&plan).unwrap();
        assert!(second.summary.is_none() && second.redone.is_empty(), "{:?}", second.redone);
        assert_eq!(second.message(), "nothing changed since the last run: nothing to do");
        assert_eq!(std::fs::read(plan.out_dir.join("manifest.json")).unwrap(), manifest);
    }
}
