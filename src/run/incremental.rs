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
//! removed from `analyse.toml`) are deleted, unless the user edited them since (then they stay,
//! with a note); files the program did not write are never touched, and a run that would have
//! to replace one stops before writing anything ([`super::guard`]).

use std::collections::BTreeSet;
use std::path::{Component, Path, PathBuf};

use super::cache::{build_fingerprint, Cache};
use super::inputs::Inputs;
use super::manifest::{hash_file, Manifest};
use super::progress::Progress;
use super::stage_keys::{describe_changes, Stage, StageKeys};
use super::stages::{run_stages, CodedRef, StageSource};
use super::timings::Timings;
use super::RunSummary;
use super::{guard, swap};
use crate::error::Result;
use crate::project::Plan;

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

/// The cache as a [`StageSource`]: a stage's value is used when its key is the recorded one.
struct CacheSource<'a> {
    cache: &'a mut Cache,
    keys: &'a StageKeys,
    redone: Vec<Stage>,
    reused: Vec<Stage>,
    /// See [`StageSource::spill_dir`]: the folder the new outputs are built in.
    spill_dir: Option<PathBuf>,
}

impl StageSource for CacheSource<'_> {
    fn cached<T: serde::de::DeserializeOwned>(&mut self, stage: Stage) -> Option<T> {
        self.cache.load(stage, self.keys.key(stage))
    }

    fn unchanged(&self, stage: Stage) -> bool {
        let recorded = self.cache.state.as_ref().and_then(|s| s.stage(stage));
        recorded.is_some_and(|record| record.key == self.keys.key(stage))
    }

    fn spill_dir(&self) -> Option<&Path> {
        self.spill_dir.as_deref()
    }

    fn used(&mut self, stage: Stage, from_cache: bool) {
        if from_cache {
            self.reused.push(stage)
        } else {
            self.redone.push(stage)
        }
    }
}

/// Why the stages must run, in words; `None` when nothing changed and every output on disk
/// still has the bytes the last run wrote.
fn reasons(plan: &Plan, cache: &Cache, keys: &StageKeys) -> Option<Vec<String>> {
    let Some(state) = &cache.state else {
        let usable =
            if cache.notes.is_empty() { "no earlier run recorded" } else { "no usable record of an earlier run" };
        return Some(vec![format!("{usable} in {}", plan.out_dir.join(super::cache::CACHE_DIR).display())]);
    };
    let mut reasons = Vec::new();
    for stage in Stage::ALL {
        match state.stage(stage) {
            Some(record) if record.key == keys.key(stage) => {}
            Some(record) => reasons.extend(describe_changes(&record.components, keys.components(stage))),
            None => reasons.push(format!("no record of {} in the cache", stage.name())),
        }
    }
    if state.stage(Stage::Rendering).is_some_and(|r| r.key == keys.key(Stage::Rendering)) {
        let changed = changed_outputs(&plan.out_dir, &state.outputs);
        if changed.is_empty() {
            return None;
        }
        reasons.push(format!("outputs changed since the last run: {}", shorten(&changed)));
    }
    Some(reasons)
}

/// Runs the stages that changed and writes the outputs, the cache and the manifest.
///
/// `force` replaces outputs the user edited since the last run wrote them; files the run did
/// not write are never replaced ([`super::guard`]). The output folder is swapped as a whole
/// ([`super::swap`]).
pub fn run(plan: &Plan, progress: &Progress, force: bool) -> Result<Outcome> {
    let mut timings = Timings::default();
    let inputs = timings.time("inputs", || Inputs::read(plan))?;
    guard::check_out_dir(plan)?;
    let recovered = swap::recover(&plan.out_dir);
    let build = build_fingerprint();
    let mut cache = Cache::open(&plan.out_dir, build.clone());
    cache.notes.splice(0..0, recovered);
    let keys = StageKeys::compute(plan, &inputs, &build.unwrap_or_else(|| "unknown build".into()));
    let first_run = cache.state.is_none();
    let Some(reasons) = reasons(plan, &cache, &keys) else {
        let (redone, reused, removed) = (Vec::new(), Stage::ALL.to_vec(), Vec::new());
        return Ok(Outcome {
            summary: None,
            redone,
            reused,
            reasons: Vec::new(),
            notes: cache.notes,
            removed,
            first_run,
        });
    };
    let spill_dir = swap::spill_folder(&plan.out_dir);
    let mut source = CacheSource { cache: &mut cache, keys: &keys, redone: Vec::new(), reused: Vec::new(), spill_dir };
    let mut done = run_stages(plan, &inputs, &mut source, progress, &mut timings)?;
    let (redone, reused) = (std::mem::take(&mut source.redone), std::mem::take(&mut source.reused));

    // The last run's outputs that this run does not make; only paths the program wrote.
    let recorded = recorded_outputs(&plan.out_dir, &cache);
    let made: BTreeSet<&str> = done.files.iter().map(|f| f.path.as_str()).collect();
    let obsolete: Vec<String> = recorded.keys().filter(|p| !made.contains(p.as_str())).cloned().collect();
    guard::check_outputs(&plan.out_dir, &recorded, &done.files, force)?;
    let (removed, kept) = guard::split_obsolete(&plan.out_dir, &recorded, &obsolete);
    cache.notes.extend(
        kept.iter()
            .map(|p| format!("kept {p}: the run no longer makes it, but it was edited since the last run wrote it")),
    );
    let mut cache_files = Vec::new();
    for stage in &redone {
        let key = keys.key(*stage);
        let project = &done.project;
        let entry = match stage {
            // Never the corpus: see `run_stages`.
            Stage::Ingest | Stage::Rendering => None,
            Stage::Coding => {
                cache.entry_file(*stage, key, &CodedRef { codebook: &project.codebook, codings: &project.codings })
            }
            Stage::Analysis => cache.entry_file(*stage, key, &done.analyses),
        };
        cache_files.extend(entry);
    }
    cache_files.extend(cache.state_files(&keys, &done.files));

    // The outputs are moved, not copied, into what is written: a large study's outputs are
    // hundreds of MB, and a copy of them all was the run's peak memory (issue 15).
    let outputs = done.files.len();
    cache_files.append(&mut done.files);
    let mut dropped: BTreeSet<String> = removed.iter().cloned().collect();
    // The copy of the corpus that earlier versions kept in the cache is not carried over.
    dropped.insert(format!("{}/ingest.bin", super::cache::CACHE_DIR));
    let swapped = timings.time("write", || swap::publish(&plan.out_dir, &cache_files, &dropped))?;
    drop(cache_files);
    cache.notes.extend(swapped);

    let summary = RunSummary::new(plan, &done.project, &done.analyses, outputs, done.text_bytes, timings);
    Ok(Outcome { summary: Some(summary), redone, reused, reasons, notes: cache.notes, removed, first_run })
}

/// Outputs whose bytes on disk are not those the last run wrote (or that are gone).
fn changed_outputs(out_dir: &Path, recorded: &std::collections::BTreeMap<String, String>) -> Vec<String> {
    recorded
        .iter()
        .filter(|(path, digest)| hash_file(&out_dir.join(path)).map_or(true, |on_disk| &on_disk != *digest))
        .map(|(path, _)| path.clone())
        .collect()
}

/// The outputs earlier runs wrote, with their digests: from the cache's record and from the
/// manifest in the output folder (a fresh clone of a repository that commits its outputs has
/// no cache; after a `git checkout` the manifest describes the files on disk).
fn recorded_outputs(out_dir: &Path, cache: &Cache) -> guard::Recorded {
    let mut recorded = guard::Recorded::new();
    let manifest = std::fs::read(out_dir.join("manifest.json")).ok().and_then(|b| Manifest::output_digests(&b));
    let from_cache = cache.state.iter().flat_map(|s| s.outputs.clone());
    for (path, digest) in from_cache.chain(manifest.into_iter().flatten()) {
        let escapes = Path::new(&path).components().any(|c| !matches!(c, Component::Normal(_)));
        if !path.is_empty() && !escapes {
            recorded.entry(path).or_default().insert(digest);
        }
    }
    recorded
}

/// At most five paths, then a count.
fn shorten(paths: &[String]) -> String {
    let mut shown = paths.iter().take(5).cloned().collect::<Vec<_>>().join(", ");
    if paths.len() > 5 {
        shown.push_str(&format!(" and {} more", paths.len() - 5));
    }
    shown
}
