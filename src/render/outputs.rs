//! The render stage: every output file but the manifest, in memory (or spilled, see
//! [`super::Spill`]), from the analyses' numbers, in two parts. [`render_from_text`] makes all
//! that reads the transcripts: the tables, the figures drawn as SVG, `coded_segments` whole and
//! the quotes. The caller may then let the texts go; [`render_rest`] rasterises the figures and
//! writes the tables' files, the workbook and last what gathers them all ([`super::publish`]),
//! from an input that holds no corpus ([`RestInput`]).
//!
//! Every text passes through the pseudonym mapping before it becomes a file; checking that no
//! real name is left is the caller's last step before writing (it sees the manifest too).

use super::figures::cluster_order::{cluster_order, reorder, HeatmapOrder};
use super::figures::{self, heatmap};
use super::labels::Label;
use super::pseudonymise::Pseudonyms;
use super::quotes::Attribution;
use super::tables::{evaluation_tables, study_tables, TableInput};
use super::{table_files, Language, OutputFile, RenderError, RenderOptions};
use crate::analysis::Analyses;
use crate::codebook::Codebook;
use crate::coding::Coding;
use crate::corpus::Corpus;
use crate::table::Table;

/// What the render stage draws from: the corpus and the codings, which only
/// [`render_from_text`] reads, and the rest ([`RestInput`]), which both parts read. The corpus
/// and the codings have their own lifetime (`'t`), so that the caller can let the texts go
/// once [`render_from_text`] is done while `rest` (lifetime `'a`) is still in use.
pub struct RenderInput<'a, 't> {
    pub corpus: &'t Corpus,
    pub codings: &'t [Coding],
    /// The checked `[output] quote_attribution` (see [`Attribution::parse`]).
    pub attribution: &'a Attribution,
    pub rest: RestInput<'a>,
}

/// What a render input holds but the transcripts: all the second part of the render stage
/// may read ([`render_rest`]), so that it cannot read a text the caller has let go.
pub struct RestInput<'a> {
    pub codebook: &'a Codebook,
    pub analyses: &'a Analyses,
    pub options: &'a RenderOptions,
    pub pseudonyms: &'a Pseudonyms,
    /// The run's settings as (key, value), for the report.
    pub settings: Vec<(String, String)>,
    /// (path relative to the project, BLAKE3 hash) of every input, for the report.
    pub inputs: Vec<(String, String)>,
    /// Where a large study's `coded_segments.csv` is written while it is made instead of held
    /// (see [`super::Spill`]), and where the workbook's sheets pass through unnamed temporary
    /// files ([`super::xlsx`]): the folder the run builds its new output folder in (see
    /// [`crate::run::swap::spill_folder`]). `None` when no folder on the output folder's path
    /// takes a file, and for a caller without an output folder (a test): the table is then
    /// held, and the sheets use the system's temporary folder.
    pub spill_dir: Option<&'a std::path::Path>,
}

/// Everything the render stage makes from the transcripts' text, made first so that the
/// caller can let the text go before the rest (issue 15: the text of a 100 MB study is 95 MB,
/// and the rasterising, the workbook and the report were the run's peak beside it).
pub struct FromText {
    /// Every table (pseudonymised), the study's first, then the evaluation's.
    tables: Vec<Table>,
    study_count: usize,
    /// Every figure drawn as SVG, and how many come before the report's group and matrix
    /// figures.
    figures: Vec<figures::Figure>,
    first_report_figure: usize,
    /// The files of `coded_segments` with every row, which replace those made from its
    /// first rows (see [`coded_segments_whole`]).
    coded_segments: Vec<OutputFile>,
    quotes: Vec<super::quotes::CodeQuotes>,
    /// The report's one-line summary of the study.
    summary: String,
}

/// The first part of the render stage: the tables, the figures drawn as SVG, `coded_segments`
/// whole, the quotes and the summary — all that reads the corpus.
pub fn render_from_text(input: &RenderInput) -> Result<FromText, RenderError> {
    let language = input.rest.options.language;
    // The quotes and the summary come first, while nothing else of this stage is held: their
    // index of the codings (some 20 MB at its peak in a 100 MB study) was the run's peak
    // memory when it was made on top of the tables and figures (issue 15, session 27).
    let (quotes, summary) = {
        let study = crate::analysis::Study::unordered(input.corpus, input.rest.codebook, input.codings);
        let quotes = super::quotes::select_quotes(
            &study,
            input.rest.options.quotes_per_code,
            input.attribution,
            input.rest.pseudonyms,
        );
        (quotes, super::publish::summary(&study, language))
    };
    let table_input = TableInput {
        corpus: input.corpus,
        codebook: input.rest.codebook,
        codings: input.codings,
        analyses: input.rest.analyses,
        language,
        attribute_labels: &input.rest.options.labels,
    };
    let mut tables = study_tables(&table_input);
    tables.iter_mut().for_each(|t| input.rest.pseudonyms.apply_table(t));
    // The report and the workbook show every evaluation table with the other tables; their
    // files go under `evaluation/`.
    let study_count = tables.len();
    if let Some(evaluation) = &input.rest.analyses.evaluation {
        let mut evaluated = evaluation_tables(evaluation, input.corpus, input.rest.codebook, language);
        evaluated.iter_mut().for_each(|t| input.rest.pseudonyms.apply_table(t));
        tables.extend(evaluated);
    }
    let coded_segments = match tables.iter().find(|t| t.name == "coded_segments") {
        Some(table) => coded_segments_whole(input, table)?,
        None => Vec::new(),
    };
    let (figures, first_report_figure) = all_figures(input)?;
    Ok(FromText { tables, study_count, figures, first_report_figure, coded_segments, quotes, summary })
}

/// The second part of the render stage, which reads no transcript: the figures rasterised,
/// the tables' files, the workbook and the report.
pub fn render_rest(input: &RestInput, from_text: FromText) -> Result<Vec<OutputFile>, RenderError> {
    let FromText { tables, study_count, figures, first_report_figure, coded_segments, quotes, summary } = from_text;
    let language = input.options.language;
    let labels = super::attribute_labels::AttributeLabels::new(language, &input.options.labels);
    // The figures (rasterised in parallel), the tables' files and the workbook do not depend
    // on each other: they are made side by side, so the tables and the workbook are written
    // while the figures are rasterised instead of before or after (issue 15: rasterising is
    // most of the stage; made after it, the workbook was 0.15-0.18 s of a 100 MB run on one
    // core while the other waited). The files keep their order: tables, then figures.
    let (study, evaluated) = tables.split_at(study_count);
    let (figure_files, table_files) = rayon::join(
        || figures::figure_files_all(figures),
        || -> Result<_, RenderError> {
            let files = all_table_files(study, labels)?;
            let workbook = OutputFile::new("tables.xlsx", super::xlsx::to_xlsx(&tables, input.spill_dir)?);
            Ok((files, workbook))
        },
    );
    let (mut files, workbook) = table_files?;
    let mut figure_files = figure_files?;
    let published_figures = figure_files.split_off(2 * first_report_figure);
    files.extend(figure_files);
    files.extend(evaluation_files(evaluated, language)?);
    for whole in coded_segments {
        if let Some(file) = files.iter_mut().find(|f| f.path == whole.path) {
            *file = whole;
        }
    }
    let made = super::publish::Made { tables: &tables, earlier: &files, quotes: &quotes, summary };
    let published = super::publish::publish(input, made, published_figures, workbook)?;
    files.extend(published);
    Ok(files)
}

/// Every figure drawn as SVG, and how many of them come before the report's group and matrix
/// figures (which [`super::publish`] shows, but which are rasterised with the others).
fn all_figures(input: &RenderInput) -> Result<(Vec<figures::Figure>, usize), RenderError> {
    let mut figures = vec![heatmap_figure(input)?, super::map_and_portraits::code_map_figure(input)?];
    figures.extend(super::map_and_portraits::portrait_figures(input)?);
    figures.push(saturation_figure(input)?);
    figures.extend(group_saturation_figures(input)?);
    let first = figures.len();
    figures.extend(super::publish::group_and_matrix_figures(input)?);
    Ok((figures, first))
}

/// Every study table in every format (`coded_segments` as its first rows only, see
/// [`coded_segments_whole`]).
fn all_table_files(
    tables: &[Table],
    labels: super::attribute_labels::AttributeLabels,
) -> Result<Vec<OutputFile>, RenderError> {
    let mut files = Vec::new();
    for table in tables {
        files.extend(super::labelled_table_files(table, labels)?);
    }
    Ok(files)
}

/// `coded_segments` is held as its first rows only (for the report and the workbook); its
/// files with every row are made here: the CSV from the codings one row at a time (when the
/// table was cut), and its Parquet copy (feature `parquet`) from the whole table with the
/// whole text on every row.
fn coded_segments_whole(input: &RenderInput, table: &Table) -> Result<Vec<OutputFile>, RenderError> {
    #[allow(unused_mut)] // extended with Parquet when the feature is on
    let mut files = Vec::new();
    if table.left_out > 0 {
        files.push(coded_segments_csv_file(input, &format!("tables/{}.csv", table.name))?);
    }
    #[cfg(feature = "parquet")]
    {
        use super::tables::coded_segments;
        let language = input.rest.options.language;
        let mut full = coded_segments::coded_segments_full(input.corpus, input.rest.codebook, input.codings, language);
        input.rest.pseudonyms.apply_table(&mut full);
        let parquet = super::parquet::to_parquet(&full)?;
        files.push(OutputFile::new(format!("tables/{}.parquet", table.name), parquet));
    }
    Ok(files)
}

/// `coded_segments.csv`, every row: spilled to a temporary file when the run has a folder
/// for one (83 MB held at 100 MB was the render stage's peak, issue 15), held otherwise, and
/// held too when no temporary file can be made there (a read-only parent folder: the run
/// then writes file by file, see [`crate::run::swap`]).
fn coded_segments_csv_file(input: &RenderInput, path: &str) -> Result<OutputFile, RenderError> {
    use super::tables::coded_segments;
    let (corpus, codebook, codings, pseudonyms) =
        (input.corpus, input.rest.codebook, input.codings, input.rest.pseudonyms);
    let budget = coded_segments::FULL_TEXT_BUDGET;
    let Some(Ok(writer)) = input.rest.spill_dir.map(super::SpillWriter::new_in) else {
        let csv = coded_segments::coded_segments_csv(corpus, codebook, codings, budget, pseudonyms)?;
        return Ok(OutputFile::new(path, csv));
    };
    let writer = coded_segments::coded_segments_csv_to(corpus, codebook, codings, budget, pseudonyms, writer)?;
    let spill = writer.finish().map_err(|e| {
        let folder = input.rest.spill_dir.map(|d| d.display().to_string()).unwrap_or_default();
        RenderError::new(format!("{path} (written to a temporary file in {folder})"), e)
    })?;
    Ok(OutputFile::spilled(path, spill))
}

/// The evaluation tables as files under `evaluation/`.
fn evaluation_files(tables: &[Table], language: Language) -> Result<Vec<OutputFile>, RenderError> {
    let mut files = Vec::new();
    for table in tables {
        for mut f in table_files(table, language)? {
            f.path = f.path.replacen("tables/", "evaluation/", 1);
            files.push(f);
        }
    }
    Ok(files)
}

/// `figures/cooccurrence_heatmap`: segment co-occurrence of the codes in use.
fn heatmap_figure(input: &RenderInput) -> Result<figures::Figure, RenderError> {
    let (co, language) = (&input.rest.analyses.cooccurrence, input.rest.options.language);
    let labels: Vec<String> =
        co.codes.iter().map(|&c| input.rest.pseudonyms.apply(&input.rest.codebook.codes[c].label)).collect();
    let (title, note) = heatmap_texts(language);
    let (order, order_note) = match input.rest.options.heatmap_order {
        HeatmapOrder::Codebook => ((0..labels.len()).collect(), Label::HeatmapOrderCodebook),
        HeatmapOrder::Clustered => (cluster_order(&co.segments), Label::HeatmapOrderClustered),
    };
    let matrix = heatmap::frequency_diagonal(&co.segments, &co.codes, &input.rest.analyses.counts);
    let (labels, matrix) = reorder(&labels, &matrix, &order);
    let note = format!("{note} {}", order_note.text(language));
    let svg = heatmap::heatmap_svg(&heatmap::HeatmapData { labels: &labels, matrix: &matrix, title, note: &note })
        .map_err(|m| RenderError::new("the co-occurrence heatmap", m))?;
    Ok(figures::Figure::new("cooccurrence_heatmap", svg))
}

/// `figures/saturation_curve`, marked where the Francis criterion finds saturation.
fn saturation_figure(input: &RenderInput) -> Result<figures::Figure, RenderError> {
    let language = input.rest.options.language;
    let marker = super::publish::saturation_marker(input.rest.analyses, language);
    let svg =
        figures::saturation_curve::saturation_svg_marked(&input.rest.analyses.saturation, language, marker.as_ref())
            .map_err(|m| RenderError::new("the saturation curve", m))?;
    Ok(figures::Figure::new("saturation_curve", svg))
}

/// `figures/saturation_by_<attribute>`: one small-multiples figure per `[analysis] groups`
/// attribute.
fn group_saturation_figures(input: &RenderInput) -> Result<Vec<figures::Figure>, RenderError> {
    use figures::saturation_groups::{group_saturation_svg, Panel, PanelWords};
    let language = input.rest.options.language;
    let labels = super::attribute_labels::AttributeLabels::new(language, &input.rest.options.labels);
    let curve_words = figures::saturation_curve::axis_words(language);
    let mut figures = Vec::new();
    for g in &input.rest.analyses.group_saturation {
        let panels: Vec<Panel> = g
            .groups
            .iter()
            .map(|c| Panel {
                title: input.rest.pseudonyms.apply(
                    &Label::GroupSaturationPanel
                        .text(language)
                        .replace("{group}", &super::tables::words::group_label(&c.value, language))
                        .replace("{n}", &c.curve.documents.len().to_string()),
                ),
                curve: &c.curve,
                point: c.criteria.francis.map(|p| p.after),
            })
            .collect();
        let words = PanelWords {
            title: Label::GroupSaturationTitle.text(language).replace("{attribute}", &labels.of(&g.attribute)),
            x_desc: curve_words.0.into(),
            y_desc: curve_words.1.into(),
            note: Label::GroupSaturationNote.text(language).into(),
        };
        let stem = crate::analysis::groups::file_stem(&g.attribute);
        let svg = group_saturation_svg(&panels, &words).map_err(|m| RenderError::new("the saturation by group", m))?;
        figures.push(figures::Figure::new(format!("saturation_by_{stem}"), svg));
    }
    Ok(figures)
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
