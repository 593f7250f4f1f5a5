//! The four stages of a run as functions of the inputs, the plan's options for that stage and
//! the previous stage's value — and [`run_stages`], the one place that says their order.

use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use super::inputs::{InputRole, Inputs};
use super::manifest::Manifest;
use super::progress::Progress;
use super::stage_keys::Stage;
use super::timings::Timings;
use crate::analysis::{analyse, Analyses, AnalysisInput};
use crate::codebook::{load_codebooks_with, Codebook, CompiledCodebook};
use crate::coding::manual::ManualCoding;
use crate::coding::{match_corpus, Coding};
use crate::corpus::{read_sources_with, Corpus};
use crate::error::{Error, Result};
use crate::project::{Plan, ProjectError};
use crate::render::pseudonymise::Pseudonyms;
use crate::render::quotes::Attribution;
use crate::render::{OutputFile, RenderInput, RestInput};

/// The first three stages done: the corpus, the codebook and the codings.
pub struct CodedProject {
    pub corpus: Corpus,
    pub codebook: Codebook,
    pub codings: Vec<Coding>,
}

/// The value of the coding stage: the codebook it coded with and the codings.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Coded {
    pub codebook: Codebook,
    pub codings: Vec<Coding>,
}

/// [`Coded`] by reference, for writing it to the cache without a copy (same serialised form).
#[derive(Serialize)]
pub struct CodedRef<'a> {
    pub codebook: &'a Codebook,
    pub codings: &'a [Coding],
}

/// Where a stage's value may come from instead of being computed: the incremental cache, or
/// nothing ([`NoCache`]). Told which stages were computed, so that it can say so.
pub trait StageSource {
    /// The stage's value from an earlier run, if it can be trusted.
    fn cached<T: DeserializeOwned>(&mut self, stage: Stage) -> Option<T>;
    /// Records whether a stage was taken from the cache.
    fn used(&mut self, stage: Stage, from_cache: bool);
    /// Whether the stage's key is the one the last run recorded: its value would be the same.
    fn unchanged(&self, stage: Stage) -> bool;
    /// Where the render stage may spill its largest output instead of holding it (see
    /// [`crate::render::Spill`]) and pass the workbook's sheets through temporary files;
    /// `None` when there is no such folder.
    fn spill_dir(&self) -> Option<&Path> {
        None
    }
}

/// Every stage computed; the render stage spills into `spill_dir` (see
/// [`StageSource::spill_dir`]), which `run --check` sets as a run does, so that it computes
/// the same bytes in as little memory (the temporary files it makes there have no name and
/// leave nothing behind).
pub struct NoCache {
    pub spill_dir: Option<PathBuf>,
}

impl StageSource for NoCache {
    fn cached<T: DeserializeOwned>(&mut self, _: Stage) -> Option<T> {
        None
    }
    fn used(&mut self, _: Stage, _: bool) {}
    fn unchanged(&self, _: Stage) -> bool {
        false
    }
    fn spill_dir(&self) -> Option<&Path> {
        self.spill_dir.as_deref()
    }
}

/// Every stage done: the values and the output files, manifest last. The corpus has let its
/// texts go (see [`rendering`]); `text_bytes` is their size, for the summary's throughput.
pub struct Done {
    pub project: CodedProject,
    pub analyses: Analyses,
    pub files: Vec<OutputFile>,
    pub text_bytes: usize,
}

/// A stage's value from `source`, noting whether it came from there.
fn cached<T: DeserializeOwned>(source: &mut impl StageSource, stage: Stage) -> Option<T> {
    let value = source.cached(stage);
    source.used(stage, value.is_some());
    value
}

/// The stages in order, each from `source` when it has the value, else computed.
pub fn run_stages(
    plan: &Plan,
    inputs: &Inputs,
    source: &mut impl StageSource,
    progress: &Progress,
    timings: &mut Timings,
) -> Result<Done> {
    progress.set_stages(Stage::ALL.len());
    // The cache keeps no copy of the corpus (it would be as large as the transcripts, and
    // reading them again is linear and cheap): ingest always runs, and counts as reused when
    // its inputs are those of the last run.
    let unchanged = source.unchanged(Stage::Ingest);
    source.used(Stage::Ingest, unchanged);
    let label = if unchanged { "ingest (unchanged, read again)" } else { "ingest" };
    let corpus = progress.stage(label, || ingest(plan, inputs, timings, progress))?;
    let coded = match cached::<Coded>(source, Stage::Coding) {
        Some(coded) => progress.stage("coding (from cache)", || coded),
        None => progress.stage("coding", || code(plan, inputs, &corpus, timings, progress))?,
    };
    let mut project = CodedProject { corpus, codebook: coded.codebook, codings: coded.codings };
    let text_bytes = project.corpus.text_bytes();
    let analyses = match cached::<Analyses>(source, Stage::Analysis) {
        Some(analyses) => progress.stage("analysis (from cache)", || analyses),
        None => progress.stage("analysis", || timings.time("analysis", || analysis(plan, inputs, &project)))?,
    };
    source.used(Stage::Rendering, false);
    let mut files = progress.stage("rendering", || {
        timings.time("render", || rendering(plan, inputs, &mut project, &analyses, source.spill_dir()))
    })?;
    files.push(Manifest::new(plan, inputs, &files).to_file());
    // No mapped real name may leave the program, the manifest included; checked before
    // anything is written.
    pseudonyms(plan, inputs)?.check(&files)?;
    progress.finish();
    Ok(Done { project, analyses, files, text_bytes })
}

/// Stage 1: transcripts and respondents into a corpus, parsed from the bytes in `inputs`,
/// counting files on the progress display.
pub fn ingest(plan: &Plan, inputs: &Inputs, timings: &mut Timings, progress: &Progress) -> Result<Corpus> {
    let files = plan.sources.transcripts.len() + plan.sources.documents.len() + plan.sources.respondents.len();
    let file_read = progress.counter("ingest", files, "files");
    let reader = inputs.reader();
    let read = |path: &std::path::Path| {
        file_read();
        reader(path)
    };
    let (transcripts, documents) = (plan.transcript_files(), plan.document_files());
    let respondents = &plan.sources.respondents;
    let options = &plan.settings.ingest;
    Ok(timings.time("ingest", || read_sources_with(&transcripts, &documents, respondents, options, &read))?)
}

/// Stage 2: the codebooks loaded and compiled, the corpus coded with them (documents counted
/// on the progress display), and the codings of `[sources] coded` merged in.
pub fn code(
    plan: &Plan,
    inputs: &Inputs,
    corpus: &Corpus,
    timings: &mut Timings,
    progress: &Progress,
) -> Result<Coded> {
    let sources: Vec<(PathBuf, String)> =
        inputs.of_role(InputRole::Codebook).map(|f| (f.path.clone(), f.shown.clone())).collect();
    let (codebook, matcher) = timings.time("codebook", || -> Result<_> {
        let codebook = load_codebooks_with(&sources, &inputs.reader())?;
        let matcher = CompiledCodebook::compile(&codebook, plan.settings.coding.diacritics)?;
        Ok((codebook, matcher))
    })?;
    let document_done = progress.counter("coding", corpus.documents.len(), "documents");
    let mut codings = timings.time("coding", || {
        let hits = match_corpus(corpus, &matcher, &plan.settings.coding, &document_done);
        // The matcher's caches (about 100 MB at 100 MB) go back before the codings are made,
        // and so do the memos each thread kept for it.
        drop(matcher);
        crate::codebook::release_thread_memory();
        super::freed_memory::memory_freed();
        let codings = hits.into_codings();
        super::freed_memory::memory_freed();
        codings
    });
    if !plan.sources.coded.is_empty() {
        let manual = read_coded(plan, corpus, &codebook)?;
        codings.extend(crate::coding::merge::manual_to_codings(corpus, &manual));
        codings.sort_by_key(|c| (c.document, c.segment, c.code));
    }
    Ok(Coded { codebook, codings })
}

/// The manual codings of `[sources] coded` (see [`crate::interop::import::read_coded_file`]).
/// These files are hashed with the other inputs (role `Coded`, part of the coding stage's
/// key) but parsed from disk here, since a `.qdpx` is read as a zip archive.
pub fn read_coded(plan: &Plan, corpus: &Corpus, codebook: &Codebook) -> Result<Vec<ManualCoding>> {
    let mut manual = Vec::new();
    for path in &plan.sources.coded {
        let shown = plan.display_path(path);
        let shown = shown.trim_start_matches("./");
        manual.extend(crate::interop::import::read_coded_file(path, shown, corpus, codebook)?);
    }
    Ok(manual)
}

/// The corpus, codebook and codings of a plan, without a cache and without outputs (for
/// commands that need the coded project itself).
pub fn code_project(plan: &Plan) -> Result<CodedProject> {
    let (mut timings, progress) = (Timings::default(), Progress::hidden());
    let inputs = Inputs::read(plan)?;
    let corpus = ingest(plan, &inputs, &mut timings, &progress)?;
    let Coded { codebook, codings } = code(plan, &inputs, &corpus, &mut timings, &progress)?;
    Ok(CodedProject { corpus, codebook, codings })
}

/// Stage 3: every analysis of the coded project, with the manual codings of `[coding] gold`.
pub fn analysis(plan: &Plan, inputs: &Inputs, project: &CodedProject) -> Result<Analyses> {
    check_trimbos_columns(plan, &project.corpus)?;
    let gold = match plan.sources.gold.is_empty() {
        true => None,
        false => Some(super::gold::read_gold(plan, inputs, &project.corpus, &project.codebook)?),
    };
    let input = AnalysisInput {
        corpus: &project.corpus,
        codebook: &project.codebook,
        codings: &project.codings,
        gold: gold.as_deref(),
        speakers: plan.settings.coding.speakers,
    };
    Ok(analyse(&input, &plan.settings.analysis))
}

/// Columns the user named for the Trimbos tables must exist; a project whose respondents
/// file has no such columns and that kept the default names just has no Trimbos tables.
fn check_trimbos_columns(plan: &Plan, corpus: &Corpus) -> Result<()> {
    let options = &plan.settings.analysis;
    let (org, profession) = (options.organisation_type.as_str(), options.profession.as_str());
    let columns = &corpus.respondents.columns;
    let has = |name: &str| columns.iter().any(|c| c == name);
    if (has(org) && has(profession)) || (org == "organisation_type" && profession == "profession") {
        return Ok(());
    }
    let missing: Vec<&str> = [org, profession].into_iter().filter(|a| !columns.iter().any(|c| c == a)).collect();
    Err(Error::Usage(format!(
        "{}: [analysis] organisation_type / profession name respondent column(s) {} that the respondents file does not have; use one of its columns: {}",
        plan.display_path(&plan.project_file),
        missing.join(", "),
        columns.join(", ")
    )))
}

/// The pseudonym mapping of `[output] pseudonyms`, parsed from the bytes the run read.
pub fn pseudonyms(plan: &Plan, inputs: &Inputs) -> Result<Pseudonyms> {
    match &plan.sources.pseudonyms {
        Some(path) => {
            let bytes = inputs
                .bytes_of(path)
                .ok_or_else(|| Error::Internal(format!("{} was not read with the other inputs", path.display())))?;
            Ok(Pseudonyms::from_bytes(bytes, std::path::Path::new(&plan.display_path(path)))?)
        }
        None => Ok(Pseudonyms::none()),
    }
}

/// The pseudonym mapping of `[output] pseudonyms` read from disk, for commands that write
/// outside a run.
pub fn pseudonyms_from_disk(plan: &Plan) -> Result<Pseudonyms> {
    match &plan.sources.pseudonyms {
        Some(path) => Ok(Pseudonyms::load(path, std::path::Path::new(&plan.display_path(path)))?),
        None => Ok(Pseudonyms::none()),
    }
}

/// Stage 4: every output file but the manifest, in memory. What reads the transcripts' text
/// is made first; then the corpus lets its texts go ([`Corpus::release_texts`]) and the rest
/// is made from what cannot read them ([`RestInput`]).
pub fn rendering(
    plan: &Plan,
    inputs: &Inputs,
    project: &mut CodedProject,
    analyses: &Analyses,
    spill_dir: Option<&Path>,
) -> Result<Vec<OutputFile>> {
    let pseudonyms = pseudonyms(plan, inputs)?;
    let options = &plan.settings.rendering;
    let CodedProject { corpus, codebook, codings } = project;
    // A wrong placeholder in [output] quote_attribution is reported before anything is drawn.
    let attribution = Attribution::parse(&options.quote_attribution, &corpus.respondents).map_err(|message| {
        ProjectError::Invalid {
            path: plan.project_file.clone(),
            message: format!("[output] quote_attribution = \"{}\": {message}", options.quote_attribution),
        }
    })?;
    let rest = RestInput {
        codebook,
        analyses,
        options,
        pseudonyms: &pseudonyms,
        settings: plan.settings_listing(),
        inputs: inputs.files.iter().map(|f| (f.shown.clone(), f.hash.clone())).collect(),
        spill_dir,
    };
    let input = RenderInput { corpus, codings, attribution: &attribution, rest };
    let from_text = crate::render::render_from_text(&input)?;
    let rest = input.rest;
    corpus.release_texts();
    super::freed_memory::memory_freed();
    Ok(crate::render::render_rest(&rest, from_text)?)
}
