//! `analyse run`: the stages in order, then every output written at once.
//!
//! [`compute`] does all the work in memory and returns the files of the run; nothing is
//! written until every stage has succeeded, so bad input leaves the output folder as it was.
//! [`run`] then writes the files atomically and the manifest last.

use std::path::PathBuf;

use crate::analysis::cooccurrence::Cooccurrence;
use crate::analysis::saturation::Saturation;
use crate::analysis::{frequencies, sample, Study};
use crate::codebook::{load_codebooks, Codebook, CompiledCodebook};
use crate::coding::{code_corpus, Coding};
use crate::corpus::{read_corpus, Corpus};
use crate::error::{Error, Result};
use crate::manifest::Manifest;
use crate::output::{write_all, OutputFile};
use crate::project::{Language, Plan};
use crate::render::figures::{self, heatmap};
use crate::render::table_files;
use crate::table::{Cell, Table};
use crate::timings::Timings;

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

/// Runs the whole pipeline on a plan and writes the outputs.
pub fn run(plan: &Plan) -> Result<RunSummary> {
    let (files, mut summary) = compute(plan)?;
    write_all(&plan.out_dir, &files)?;
    summary.files = files.len();
    Ok(summary)
}

/// The first three stages done: the corpus, the codebook and the rule codings.
pub struct CodedProject {
    pub corpus: Corpus,
    pub codebook: Codebook,
    pub codings: Vec<Coding>,
}

/// Reads the sources and codebooks of a plan and codes the corpus.
pub fn code_project(plan: &Plan) -> Result<CodedProject> {
    code_project_timed(plan, &mut Timings::default())
}

/// [`code_project`], recording the time of ingest, codebook compilation and coding.
pub fn code_project_timed(plan: &Plan, timings: &mut Timings) -> Result<CodedProject> {
    let corpus = timings.time("ingest", || read_corpus(plan))?;
    let sources: Vec<(PathBuf, String)> = plan.codebooks.iter().map(|p| (p.clone(), plan.display_path(p))).collect();
    let (codebook, matcher) = timings.time("codebook", || -> Result<_> {
        let codebook = load_codebooks(&sources)?;
        let matcher = CompiledCodebook::compile(&codebook, plan.diacritics)?;
        Ok((codebook, matcher))
    })?;
    let mut codings = timings.time("coding", || code_corpus(&corpus, &matcher, &plan.coding_options()));
    if !plan.coded.is_empty() {
        let manual = read_coded(plan, &corpus, &codebook)?;
        codings.extend(crate::coding::merge::manual_to_codings(&corpus, &manual));
        codings.sort_by_key(|c| (c.document, c.segment, c.code));
    }
    Ok(CodedProject { corpus, codebook, codings })
}

/// The manual codings of `[sources] coded` (see [`crate::interop::import::read_coded_file`]).
pub fn read_coded(
    plan: &Plan,
    corpus: &Corpus,
    codebook: &Codebook,
) -> Result<Vec<crate::coding::manual::ManualCoding>> {
    let mut manual = Vec::new();
    for path in &plan.coded {
        let shown = plan.display_path(path);
        let shown = shown.trim_start_matches("./");
        manual.extend(crate::interop::import::read_coded_file(path, shown, corpus, codebook)?);
    }
    Ok(manual)
}

/// Every stage, in memory: the output files (manifest last) and a summary.
pub fn compute(plan: &Plan) -> Result<(Vec<OutputFile>, RunSummary)> {
    let mut timings = Timings::default();
    let project = code_project_timed(plan, &mut timings)?;
    let CodedProject { corpus, codebook, codings } = &project;
    let study = Study::new(corpus, codebook, codings, &plan.order);

    let counts = timings.time("frequencies", || frequencies::code_counts(&study));
    let cooccurrence = timings.time("cooccurrence", || Cooccurrence::compute(&study));
    let saturation = timings.time("saturation", || Saturation::compute(&study, plan.permutations, plan.seed));
    let render_start = std::time::Instant::now();
    let tables = vec![
        sample::respondents_table(&corpus, &plan.groups, plan.language),
        coded_segments_table(&corpus, &codebook, &codings, plan.language),
        frequencies::frequency_table(&study, &counts, plan.language),
        cooccurrence.table(&study, plan.language),
        saturation.table(plan.language),
    ];

    let mut files = Vec::new();
    for table in &tables {
        files.extend(table_files(table)?);
    }
    let labels: Vec<String> = cooccurrence.codes.iter().map(|&c| codebook.codes[c].label.clone()).collect();
    let (title, note) = heatmap_texts(plan.language);
    let heatmap_svg =
        heatmap::heatmap_svg(&heatmap::HeatmapData { labels: &labels, matrix: &cooccurrence.segments, title, note })
            .map_err(|m| Error::Internal(format!("drawing the co-occurrence heatmap: {m}")))?;
    files.extend(figures::figure_files("cooccurrence_heatmap", heatmap_svg)?);
    let saturation_svg = figures::saturation_curve::saturation_svg(&saturation, plan.language)
        .map_err(|m| Error::Internal(format!("drawing the saturation curve: {m}")))?;
    files.extend(figures::figure_files("saturation_curve", saturation_svg)?);

    if !plan.gold.is_empty() {
        let manual = crate::evaluate::read_gold(plan, &project, &plan.gold)?;
        files.extend(crate::evaluate::compare(&project, &manual, plan.speakers, plan.language).files()?);
    }
    timings.stages.push(("render", render_start.elapsed()));
    let inputs = read_inputs(plan)?;
    files.push(Manifest::new(plan, &inputs, &files).to_file());

    let summary = RunSummary {
        out_dir: plan.out_dir.clone(),
        documents: corpus.documents.len(),
        segments: corpus.documents.iter().map(|d| d.segments.len()).sum(),
        codings: codings.len(),
        codes_used: cooccurrence.codes.len(),
        codes: codebook.codes.len(),
        files: files.len(),
        text_bytes: corpus.documents.iter().map(|d| d.text.len()).sum(),
        timings,
    };
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

/// The bytes of every input, for the manifest: project file, respondents, codebooks,
/// transcripts, by path relative to the project.
fn read_inputs(plan: &Plan) -> Result<Vec<(String, Vec<u8>)>> {
    let mut paths = vec![plan.project_file.clone()];
    paths.extend(plan.respondents.iter().cloned());
    paths.extend(plan.codebooks.iter().cloned());
    paths.extend(plan.transcripts.iter().cloned());
    paths.extend(crate::evaluate::gold_files(&plan.gold)?);
    paths.extend(plan.coded.iter().cloned());
    let mut inputs = Vec::with_capacity(paths.len());
    for path in paths {
        let bytes = std::fs::read(&path)
            .map_err(|e| Error::Internal(format!("{} could not be read again: {e}", path.display())))?;
        inputs.push((plan.display_path(&path), bytes));
    }
    inputs.sort();
    Ok(inputs)
}
