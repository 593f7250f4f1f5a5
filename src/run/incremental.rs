//! An `analyse run` that redoes only what changed since the last run, and says what and why.
//!
//! Every input is read and hashed first; each stage's key ([`crate::run::stage_keys`]) is compared
//! with the record of the last run in the cache ([`crate::run::cache`]). A stage whose key is
//! unchanged takes its value from the cache; the others are computed. When every key is
//! unchanged and every output on disk still has the bytes the last run wrote, nothing is done.
//! The outputs are the same bytes as those of a run from scratch (each cached value is the
//! exact value the stage computed, and rendering is always done from values).
//!
//! Outputs that the last run wrote and this run no longer makes (a table of a group that was
//! removed from `analyse.toml`) are deleted; files the program did not write are never touched.

use std::collections::BTreeSet;
use std::path::{Component, Path};

use crate::run::cache::{build_fingerprint, Cache};
use crate::error::{Error, Result};
use crate::run::inputs::Inputs;
use crate::run::manifest::{hash, Manifest};
use crate::run::output::{write_all, OutputError};
use crate::run::progress::Progress;
use crate::project::Plan;
use crate::run::{analyse, code_shown, ingest_shown, manifest_file, render, Analyses, Coded, CodedProject, RunSummary};
use crate::run::stage_keys::{describe_changes, Stage, StageKeys};
use crate::run::timings::Timings;

/// What an incremental run did.
#[derive(Debug)]
pub struct Outcome {
    /// `None` when nothing had to be done.
    pub summary: Option<RunSummary>,
    /// Stages computed, in order.
    pub redone: Vec<Stage>,
    /// Stages whose value came from the cache.
    pub reused: Vec<Stage>,
    /// What changed since the last run, in words.
    pub reasons: Vec<String>,
    /// Parts of the cache that could not be used, and why.
    pub notes: Vec<String>,
    /// Outputs of the last run that this run no longer makes, deleted.
    pub removed: Vec<String>,
    /// No usable record of an earlier run: everything was computed.
    pub first_run: bool,
}

impl Outcome {
    /// One line for the user: `codebook changed: codebooks/x.yaml → coding, analysis, rendering
    /// redone (ingest reused)` or `nothing changed since the last run: nothing to do`.
    pub fn message(&self) -> String {
        if self.redone.is_empty() {
            return "nothing changed since the last run: nothing to do".into();
        }
        let names = |stages: &[Stage]| stages.iter().map(|s| s.name()).collect::<Vec<_>>().join(", ");
        let why = if self.reasons.is_empty() { "the cache could not be used".into() } else { self.reasons.join("; ") };
        if self.first_run {
            return format!("{why}: every stage run");
        }
        let mut line = format!("{why} → {} redone", names(&self.redone));
        if !self.reused.is_empty() {
            line.push_str(&format!(" ({} reused)", names(&self.reused)));
        }
        line
    }
}

/// Runs the stages that changed and writes the outputs, the cache and the manifest.
pub fn run(plan: &Plan, progress: &Progress) -> Result<Outcome> {
    let mut timings = Timings::default();
    let inputs = timings.time("inputs", || Inputs::read(plan))?;
    let build = build_fingerprint();
    let mut cache = Cache::open(&plan.out_dir, build.clone());
    let build = build.unwrap_or_else(|| "unknown build".into());
    let keys = StageKeys::compute(plan, &inputs, &build);

    let mut reasons = Vec::new();
    let first_run = cache.state.is_none();
    match &cache.state {
        None => {
            let usable =
                if cache.notes.is_empty() { "no earlier run recorded" } else { "no usable record of an earlier run" };
            reasons.push(format!("{usable} in {}", plan.out_dir.join(crate::run::cache::CACHE_DIR).display()))
        }
        Some(state) => {
            for stage in Stage::ALL {
                match state.stage(stage) {
                    Some(record) if record.key == keys.key(stage) => {}
                    Some(record) => reasons.extend(describe_changes(&record.components, keys.components(stage))),
                    None => reasons.push(format!("no record of {} in the cache", stage.name())),
                }
            }
            let rendering_unchanged =
                state.stage(Stage::Rendering).is_some_and(|r| r.key == keys.key(Stage::Rendering));
            if rendering_unchanged {
                let changed = changed_outputs(&plan.out_dir, &state.outputs);
                if changed.is_empty() {
                    return Ok(Outcome {
                        summary: None,
                        redone: Vec::new(),
                        reused: Stage::ALL.to_vec(),
                        reasons,
                        notes: cache.notes,
                        removed: Vec::new(),
                        first_run,
                    });
                }
                reasons.push(format!("outputs changed since the last run: {}", shorten(&changed)));
            }
        }
    }

    let mut redone = Vec::new();
    let mut reused = Vec::new();
    let mut note_use =
        |stage: Stage, from_cache: bool| if from_cache { reused.push(stage) } else { redone.push(stage) };
    // Which stages still have to run is known only as the cache is read; the bar counts at most all.
    progress.set_stages(Stage::ALL.len());

    let corpus = match cache.load(Stage::Ingest, keys.key(Stage::Ingest)) {
        Some(corpus) => {
            note_use(Stage::Ingest, true);
            progress.stage("ingest (from cache)", || corpus)
        }
        None => {
            note_use(Stage::Ingest, false);
            progress.stage("ingest", || ingest_shown(plan, &inputs, &mut timings, progress))?
        }
    };
    let coded: Coded = match cache.load(Stage::Coding, keys.key(Stage::Coding)) {
        Some(coded) => {
            note_use(Stage::Coding, true);
            progress.stage("coding (from cache)", || coded)
        }
        None => {
            note_use(Stage::Coding, false);
            progress.stage("coding", || code_shown(plan, &inputs, &corpus, &mut timings, progress))?
        }
    };
    let project = CodedProject { corpus, codebook: coded.codebook, codings: coded.codings };
    let analyses: Analyses = match cache.load(Stage::Analysis, keys.key(Stage::Analysis)) {
        Some(analyses) => {
            note_use(Stage::Analysis, true);
            progress.stage("analysis (from cache)", || analyses)
        }
        None => {
            note_use(Stage::Analysis, false);
            progress.stage("analysis", || analyse(plan, &project, &mut timings))
        }
    };
    note_use(Stage::Rendering, false);
    let mut files = progress.stage("rendering", || render(plan, &inputs, &project, &analyses, &mut timings))?;
    files.push(manifest_file(plan, &inputs, &files));
    progress.finish();

    // The last run's outputs that this run does not make; only paths the program wrote.
    let made: BTreeSet<&str> = files.iter().map(|f| f.path.as_str()).collect();
    let obsolete: Vec<String> =
        previous_outputs(&plan.out_dir, &cache).into_iter().filter(|p| !made.contains(p.as_str())).collect();

    let mut cache_files = Vec::new();
    for stage in &redone {
        let key = keys.key(*stage);
        let entry = match stage {
            Stage::Ingest => cache.entry_file(*stage, key, &project.corpus),
            Stage::Coding => cache.entry_file(
                *stage,
                key,
                &(crate::run::CodedRef { codebook: &project.codebook, codings: &project.codings }),
            ),
            Stage::Analysis => cache.entry_file(*stage, key, &analyses),
            Stage::Rendering => None,
        };
        cache_files.extend(entry);
    }
    cache_files.extend(cache.state_files(&keys, &files));

    write_all(&plan.out_dir, &files)?;
    let removed = remove_outputs(&plan.out_dir, &obsolete)?;
    write_all(&plan.out_dir, &cache_files)?;

    let summary = RunSummary::new(plan, &project, &analyses, files.len(), timings);
    Ok(Outcome { summary: Some(summary), redone, reused, reasons, notes: cache.notes, removed, first_run })
}

/// Outputs whose bytes on disk are not those the last run wrote (or that are gone).
fn changed_outputs(out_dir: &Path, recorded: &std::collections::BTreeMap<String, String>) -> Vec<String> {
    recorded
        .iter()
        .filter(|(path, digest)| std::fs::read(out_dir.join(path)).map_or(true, |bytes| &hash(&bytes) != *digest))
        .map(|(path, _)| path.clone())
        .collect()
}

/// The outputs the last run wrote: from the cache's record, or else from the manifest in the
/// output folder (a fresh clone of a repository that commits its outputs has no cache).
fn previous_outputs(out_dir: &Path, cache: &Cache) -> Vec<String> {
    if let Some(state) = &cache.state {
        return state.outputs.keys().cloned().collect();
    }
    std::fs::read(out_dir.join("manifest.json")).ok().and_then(|b| Manifest::output_paths(&b)).unwrap_or_default()
}

/// Deletes outputs of an earlier run; a path that would leave the output folder is skipped.
fn remove_outputs(out_dir: &Path, paths: &[String]) -> Result<Vec<String>> {
    let mut removed = Vec::new();
    for path in paths {
        let relative = Path::new(path);
        if path.is_empty() || relative.components().any(|c| !matches!(c, Component::Normal(_))) {
            continue;
        }
        let full = out_dir.join(relative);
        match std::fs::remove_file(&full) {
            Ok(()) => {
                removed.push(path.clone());
                // An emptied sub-folder goes too; one that still holds files stays.
                if let Some(parent) = full.parent().filter(|p| *p != out_dir) {
                    let _ = std::fs::remove_dir(parent);
                }
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(source) => return Err(Error::Output(OutputError::Write { path: full, source })),
        }
    }
    Ok(removed)
}

/// At most five paths, then a count.
fn shorten(paths: &[String]) -> String {
    let mut shown = paths.iter().take(5).cloned().collect::<Vec<_>>().join(", ");
    if paths.len() > 5 {
        shown.push_str(&format!(" and {} more", paths.len() - 5));
    }
    shown
}
