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
use crate::render::figures::cluster_order::{cluster_order, reorder, HeatmapOrder};
use crate::render::figures::{self, heatmap};
use crate::render::labels::Label;
use crate::render::publish::Publish;
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
    let codings = timings.time("coding", || code_corpus(&corpus, &matcher, &plan.coding_options()));
    Ok(CodedProject { corpus, codebook, codings })
}

/// Every stage, in memory: the output files (manifest last) and a summary.
pub fn compute(plan: &Plan) -> Result<(Vec<OutputFile>, RunSummary)> {
    let mut timings = Timings::default();
    let pseudonyms = crate::render::publish::load_pseudonyms(plan)?;
    let project = code_project_timed(plan, &mut timings)?;
    let CodedProject { corpus, codebook, codings } = &project;
    // A wrong placeholder in [output] quote_attribution is found before any analysis runs.
    let attribution =
        crate::render::quotes::Attribution::parse(&plan.quote_attribution, &corpus.respondents, &plan.project_file)?;
    let study = Study::new(corpus, codebook, codings, &plan.order);

    let counts = timings.time("frequencies", || frequencies::code_counts(&study));
    let cooccurrence = timings.time("cooccurrence", || Cooccurrence::compute(&study));
    let saturation = timings.time("saturation", || Saturation::compute(&study, plan.permutations, plan.seed));
    let render_start = std::time::Instant::now();
    let mut tables = vec![
        sample::respondents_table(&corpus, &plan.groups, plan.language),
        coded_segments_table(&corpus, &codebook, &codings, plan.language),
        frequencies::frequency_table(&study, &counts, plan.language),
        cooccurrence.table(&study, plan.language),
        saturation.table(plan.language),
    ];
    tables.iter_mut().for_each(|t| pseudonyms.apply_table(t));

    let mut files = Vec::new();
    for table in &tables {
        files.extend(table_files(table)?);
    }
    let labels: Vec<String> = cooccurrence.codes.iter().map(|&c| pseudonyms.apply(&codebook.codes[c].label)).collect();
    let (title, note) = heatmap_texts(plan.language);
    let (order, order_note) = match plan.heatmap_order {
        HeatmapOrder::Codebook => ((0..labels.len()).collect(), Label::HeatmapOrderCodebook),
        HeatmapOrder::Clustered => (cluster_order(&cooccurrence.segments), Label::HeatmapOrderClustered),
    };
    let (labels, matrix) = reorder(&labels, &cooccurrence.segments, &order);
    let note = format!("{note} {}", order_note.text(plan.language));
    let heatmap_svg =
        heatmap::heatmap_svg(&heatmap::HeatmapData { labels: &labels, matrix: &matrix, title, note: &note })
            .map_err(|m| Error::Internal(format!("drawing the co-occurrence heatmap: {m}")))?;
    files.extend(figures::figure_files("cooccurrence_heatmap", heatmap_svg)?);
    let marker = crate::render::publish::saturation_marker(&saturation, plan.language);
    let saturation_svg = figures::saturation_curve::saturation_svg_marked(&saturation, plan.language, marker.as_ref())
        .map_err(|m| Error::Internal(format!("drawing the saturation curve: {m}")))?;
    files.extend(figures::figure_files("saturation_curve", saturation_svg)?);

    if !plan.gold.is_empty() {
        let manual = crate::evaluate::read_gold(plan, &project, &plan.gold)?;
        let mut evaluation = crate::evaluate::compare(&project, &manual, plan.speakers, plan.language);
        pseudonyms.apply_table(&mut evaluation.agreement);
        pseudonyms.apply_table(&mut evaluation.disagreements);
        files.extend(evaluation.files()?);
        tables.push(evaluation.agreement);
        tables.push(evaluation.disagreements);
    }
    let inputs = read_inputs(plan)?;
    let all_tables: Vec<&Table> = tables.iter().collect();
    let publish = Publish {
        plan,
        study: &study,
        tables: &all_tables,
        saturation: &saturation,
        inputs: &inputs,
        pseudonyms: &pseudonyms,
        attribution: &attribution,
    };
    let published = crate::render::publish::publish(&publish, &files)?;
    files.extend(published);
    timings.stages.push(("render", render_start.elapsed()));
    files.push(Manifest::new(plan, &inputs, &files).to_file());
    // Last: no mapped real name may leave the program; checked before anything is written.
    pseudonyms.check(&files)?;

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
        let (source, evidence) = ("rule", c.evidence(codebook));
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
    paths.extend(plan.pseudonyms.iter().cloned());
    paths.extend(crate::evaluate::gold_files(&plan.gold)?);
    let mut inputs = Vec::with_capacity(paths.len());
    for path in paths {
        let bytes = std::fs::read(&path)
            .map_err(|e| Error::Internal(format!("{} could not be read again: {e}", path.display())))?;
        inputs.push((plan.display_path(&path), bytes));
    }
    inputs.sort();
    Ok(inputs)
}
