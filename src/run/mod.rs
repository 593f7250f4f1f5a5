//! `analyse run`: the stages in order, then every output written at once.
//!
//! The run is four stages, each a function of the previous stage's value and of the inputs
//! and settings it depends on (see [`crate::run::stage_keys`]):
//!
//! | stage | function | value |
//! |---|---|---|
//! | ingest | [`ingest`] | [`Corpus`] |
//! | coding | [`code`] | [`Coded`] (codebook and codings) |
//! | analysis | [`analyse`] | [`Analyses`] |
//! | rendering | [`render`] | the output files |
//!
//! [`compute`] runs them all in memory from scratch (what `run --check` compares with);
//! [`crate::run::incremental`] runs only the stages whose inputs changed and reuses the others'
//! values from the cache. Nothing is written until every stage has succeeded, so bad input
//! leaves the output folder as it was. A new analysis goes into [`Analyses`] (its type must
//! derive `Serialize` and `Deserialize` so that the cache can keep it) and [`analyse`]; a new
//! output file into [`render`] — the manifest, `--check` and the cache pick it up from there.

pub mod cache;
pub mod incremental;
pub mod inputs;
pub mod manifest;
pub mod output;
pub mod progress;
pub mod stage_keys;
pub mod stale;
pub mod timings;

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use crate::analysis::cooccurrence::Cooccurrence;
use crate::analysis::frequencies::CodeCount;
use crate::analysis::saturation::Saturation;
use crate::analysis::{frequencies, sample, Study};
use crate::codebook::{load_codebooks_with, Codebook, CompiledCodebook};
use crate::coding::{code_corpus_observed, Coding};
use crate::corpus::{read_corpus_with, Corpus};
use crate::error::{Error, Result};
use crate::run::inputs::{InputRole, Inputs};
use crate::run::manifest::Manifest;
use crate::run::output::OutputFile;
use crate::run::progress::Progress;
use crate::project::Plan;
use crate::render::Language;
use crate::render::figures::cluster_order::{cluster_order, reorder, HeatmapOrder};
use crate::render::figures::{self, heatmap};
use crate::render::labels::Label;
use crate::render::publish::Publish;
use crate::render::table_files;
use crate::table::{Cell, Table};
use crate::run::timings::Timings;

/// What a finished run reports to the user.
#[derive(Debug, Clone)]
pub struct RunSummary {
    pub out_dir: PathBuf,
    pub documents: usize,
    pub segments: usize,
    pub codings: usize,
    pub codes_used: usize,
    pub codes: usize,
    pub files: usize,
    /// Size of all document texts in bytes (UTF-8), for throughput figures.
    pub text_bytes: usize,
    pub timings: Timings,
}

impl RunSummary {
    pub(crate) fn new(
        plan: &Plan,
        project: &CodedProject,
        analyses: &Analyses,
        files: usize,
        timings: Timings,
    ) -> Self {
        let CodedProject { corpus, codebook, codings } = project;
        Self {
            out_dir: plan.out_dir.clone(),
            documents: corpus.documents.len(),
            segments: corpus.documents.iter().map(|d| d.segments.len()).sum(),
            codings: codings.len(),
            codes_used: analyses.cooccurrence.codes.len(),
            codes: codebook.codes.len(),
            files,
            text_bytes: corpus.documents.iter().map(|d| d.text.len()).sum(),
            timings,
        }
    }
}

/// Runs the whole pipeline on a plan, redoing only what changed since the last run, and
/// writes the outputs (see [`crate::run::incremental`]).
pub fn run(plan: &Plan) -> Result<RunSummary> {
    let outcome = crate::run::incremental::run(plan, &Progress::hidden())?;
    outcome.summary.ok_or_else(|| Error::Internal("a run that did nothing has no summary".into()))
}

/// The first three stages done: the corpus, the codebook and the rule codings.
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

/// The value of the analysis stage: every number the renderer draws or tabulates.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Analyses {
    pub counts: Vec<CodeCount>,
    pub cooccurrence: Cooccurrence,
    pub saturation: Saturation,
}

/// Reads the sources and codebooks of a plan and codes the corpus.
pub fn code_project(plan: &Plan) -> Result<CodedProject> {
    code_project_timed(plan, &mut Timings::default())
}

/// [`code_project`], recording the time of ingest, codebook compilation and coding.
pub fn code_project_timed(plan: &Plan, timings: &mut Timings) -> Result<CodedProject> {
    let inputs = Inputs::read(plan)?;
    let corpus = ingest(plan, &inputs, timings)?;
    let Coded { codebook, codings } = code(plan, &inputs, &corpus, timings)?;
    Ok(CodedProject { corpus, codebook, codings })
}

/// Stage 1: transcripts and respondents into a corpus, parsed from the bytes in `inputs`.
pub fn ingest(plan: &Plan, inputs: &Inputs, timings: &mut Timings) -> Result<Corpus> {
    ingest_shown(plan, inputs, timings, &Progress::hidden())
}

/// [`ingest`], counting files on the progress display.
pub fn ingest_shown(plan: &Plan, inputs: &Inputs, timings: &mut Timings, progress: &Progress) -> Result<Corpus> {
    let files = plan.sources.transcripts.len() + usize::from(plan.sources.respondents.is_some());
    let file_read = progress.counter("ingest", files, "files");
    let reader = inputs.reader();
    let read = |path: &std::path::Path| {
        file_read();
        reader(path)
    };
    let transcripts = plan.transcript_files();
    let respondents = plan.sources.respondents.as_deref();
    Ok(timings.time("ingest", || read_corpus_with(&transcripts, respondents, &plan.settings.ingest, &read))?)
}

/// Stage 2: the codebooks loaded and compiled, and the corpus coded with them.
pub fn code(plan: &Plan, inputs: &Inputs, corpus: &Corpus, timings: &mut Timings) -> Result<Coded> {
    code_shown(plan, inputs, corpus, timings, &Progress::hidden())
}

/// [`code`], counting documents on the progress display.
pub fn code_shown(
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
    let mut codings =
        timings.time("coding", || code_corpus_observed(corpus, &matcher, &plan.settings.coding, &document_done));
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
pub fn read_coded(
    plan: &Plan,
    corpus: &Corpus,
    codebook: &Codebook,
) -> Result<Vec<crate::coding::manual::ManualCoding>> {
    let mut manual = Vec::new();
    for path in &plan.sources.coded {
        let shown = plan.display_path(path);
        let shown = shown.trim_start_matches("./");
        manual.extend(crate::interop::import::read_coded_file(path, shown, corpus, codebook)?);
    }
    Ok(manual)
}

/// Stage 3: the analyses of the coded project.
pub fn analyse(plan: &Plan, project: &CodedProject, timings: &mut Timings) -> Analyses {
    let study = Study::new(&project.corpus, &project.codebook, &project.codings, &plan.settings.analysis.order);
    let counts = timings.time("frequencies", || frequencies::code_counts(&study));
    let cooccurrence = timings.time("cooccurrence", || Cooccurrence::compute(&study));
    let saturation = timings.time("saturation", || Saturation::compute(&study, plan.settings.analysis.permutations, plan.settings.analysis.seed));
    Analyses { counts, cooccurrence, saturation }
}

/// Stage 4: every output file but the manifest, in memory.
pub fn render(
    plan: &Plan,
    inputs: &Inputs,
    project: &CodedProject,
    analyses: &Analyses,
    timings: &mut Timings,
) -> Result<Vec<OutputFile>> {
    let render_start = std::time::Instant::now();
    let CodedProject { corpus, codebook, codings } = project;
    let Analyses { counts, cooccurrence, saturation } = analyses;
    let pseudonyms = crate::render::publish::pseudonyms_of_inputs(plan, inputs)?;
    // A wrong placeholder in [output] quote_attribution is reported before anything is drawn.
    let attribution =
        crate::render::quotes::Attribution::parse(&plan.settings.rendering.quote_attribution, &corpus.respondents, &plan.project_file)?;
    let study = Study::new(corpus, codebook, codings, &plan.settings.analysis.order);
    let manual = if plan.sources.gold.is_empty() { Vec::new() } else { crate::commands::evaluate::read_gold(plan, project, &plan.sources.gold)? };
    // The tables of the complete analysis are cheap next to coding; they are computed here, in
    // the rendering stage, because their captions and headers follow the project language.
    let study_tables = crate::analysis::study_tables::study_tables(&study, plan, &manual, timings)?;
    let mut tables = vec![
        sample::respondents_table(corpus, &plan.settings.analysis.groups, plan.settings.rendering.language),
        coded_segments_table(corpus, codebook, codings, plan.settings.rendering.language),
        frequencies::frequency_table(&study, counts, plan.settings.rendering.language),
        cooccurrence.table(&study, plan.settings.rendering.language),
        saturation.table(plan.settings.rendering.language),
    ];
    tables.extend(study_tables);
    tables.iter_mut().for_each(|t| pseudonyms.apply_table(t));

    let mut files = Vec::new();
    for table in &tables {
        files.extend(table_files(table, plan.settings.rendering.language)?);
    }
    let labels: Vec<String> = cooccurrence.codes.iter().map(|&c| pseudonyms.apply(&codebook.codes[c].label)).collect();
    let (title, note) = heatmap_texts(plan.settings.rendering.language);
    let (order, order_note) = match plan.settings.rendering.heatmap_order {
        HeatmapOrder::Codebook => ((0..labels.len()).collect(), Label::HeatmapOrderCodebook),
        HeatmapOrder::Clustered => (cluster_order(&cooccurrence.segments), Label::HeatmapOrderClustered),
    };
    let (labels, matrix) = reorder(&labels, &cooccurrence.segments, &order);
    let note = format!("{note} {}", order_note.text(plan.settings.rendering.language));
    let heatmap_svg =
        heatmap::heatmap_svg(&heatmap::HeatmapData { labels: &labels, matrix: &matrix, title, note: &note })
            .map_err(|m| Error::Internal(format!("drawing the co-occurrence heatmap: {m}")))?;
    files.extend(figures::figure_files("cooccurrence_heatmap", heatmap_svg)?);
    let marker = crate::render::publish::saturation_marker(saturation, &plan.settings.analysis.saturation(), plan.settings.rendering.language);
    let saturation_svg = figures::saturation_curve::saturation_svg_marked(saturation, plan.settings.rendering.language, marker.as_ref())
        .map_err(|m| Error::Internal(format!("drawing the saturation curve: {m}")))?;
    files.extend(figures::figure_files("saturation_curve", saturation_svg)?);

    if !plan.sources.gold.is_empty() {
        let mut evaluation = crate::commands::evaluate::compare(project, &manual, plan.settings.coding.speakers, plan.settings.rendering.language);
        pseudonyms.apply_table(&mut evaluation.agreement);
        pseudonyms.apply_table(&mut evaluation.disagreements);
        files.extend(evaluation.files()?);
        tables.push(evaluation.agreement);
        tables.push(evaluation.disagreements);
    }
    let input_hashes: Vec<(String, String)> = inputs.files.iter().map(|f| (f.shown.clone(), f.hash.clone())).collect();
    let all_tables: Vec<&Table> = tables.iter().collect();
    let publish = Publish {
        plan,
        study: &study,
        tables: &all_tables,
        saturation,
        inputs: &input_hashes,
        pseudonyms: &pseudonyms,
        attribution: &attribution,
    };
    let published = crate::render::publish::publish(&publish, &files)?;
    files.extend(published);
    // No mapped real name may leave the program; checked before anything is written.
    pseudonyms.check(&files)?;
    timings.stages.push(("render", render_start.elapsed()));
    Ok(files)
}

/// `manifest.json` for the files of a run; it goes last so that it lists them all.
pub fn manifest_file(plan: &Plan, inputs: &Inputs, files: &[OutputFile]) -> OutputFile {
    Manifest::new(plan, inputs, files).to_file()
}

/// Every stage from scratch, in memory, ignoring any cache: the output files (manifest last)
/// and a summary. `run --check` compares these with the output folder.
pub fn compute(plan: &Plan) -> Result<(Vec<OutputFile>, RunSummary)> {
    let mut timings = Timings::default();
    let inputs = Inputs::read(plan)?;
    let corpus = ingest(plan, &inputs, &mut timings)?;
    let Coded { codebook, codings } = code(plan, &inputs, &corpus, &mut timings)?;
    let project = CodedProject { corpus, codebook, codings };
    let analyses = analyse(plan, &project, &mut timings);
    let mut files = render(plan, &inputs, &project, &analyses, &mut timings)?;
    files.push(manifest_file(plan, &inputs, &files));
    let summary = RunSummary::new(plan, &project, &analyses, files.len(), timings);
    Ok((files, summary))
}

fn heatmap_texts(language: Language) -> (&'static str, &'static str) {
    match language {
        Language::Nl => (
            "Co-occurrence van codes in hetzelfde segment",
            "Getal in een cel: aantal segmenten (sprekersbeurten) met beide codes; diagonaal (grijs): segmenten met de code zelf. Kolommen volgen de nummers van de rijen.",
        ),
        Language::En => (
            "Co-occurrence of codes in the same segment",
            "Number in a cell: segments (speaker turns) coded with both codes; diagonal (grey): segments with the code itself. Columns follow the row numbers.",
        ),
    }
}

/// `tables/coded_segments`: every coding with its evidence and the segment's text.
pub fn coded_segments_table(corpus: &Corpus, codebook: &Codebook, codings: &[Coding], language: Language) -> Table {
    let caption = match language {
        Language::Nl => {
            "Gecodeerde segmenten: elke codering met de regel en de gevonden tekst als bewijs (offsets in tekens)"
        }
        Language::En => {
            "Coded segments: every coding with the rule and the matched text as evidence (offsets in characters)"
        }
    };
    let mut table = Table::new(
        "coded_segments",
        caption,
        &["document", "respondent", "segment", "start", "end", "code", "source", "evidence", "text"],
    );
    for c in codings {
        let doc = &corpus.documents[c.document];
        let segment = &doc.segments[c.segment];
        let code = &codebook.codes[c.code];
        let respondent = match &segment.speaker {
            crate::corpus::Speaker::Respondent(r) => Cell::Text(r.clone()),
            crate::corpus::Speaker::Interviewer => Cell::Empty,
        };
        let (source, evidence) = (c.source.kind(), c.evidence(codebook));
        table.push(vec![
            doc.id.as_str().into(),
            respondent,
            segment.ordinal.into(),
            segment.start.into(),
            segment.end.into(),
            code.id.as_str().into(),
            source.into(),
            evidence.into(),
            doc.segment_text(segment).into(),
        ]);
    }
    table
}
