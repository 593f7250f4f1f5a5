//! The outputs that gather everything a run made: the group and matrix figures,
//! `tables.xlsx`, the quote book and `report.html`.
//!
//! [`super::outputs`] calls [`publish`] after the tables and the other figures exist, so that
//! the report can show them all.

use std::collections::BTreeSet;

use super::figures::saturation_curve::SaturationMarker;
use super::figures::{self, from_study};
use super::labels::Label;
use super::outputs::{RenderInput, RestInput};
use super::quotes;
use super::report::{report_html, saturation_verdict, ReportInput};
use super::{OutputFile, RenderError};
use crate::analysis::groups::file_stem;
use crate::analysis::saturation_criteria::SaturationSettings;
use crate::analysis::{Analyses, Study};
use crate::render::Language;
use crate::table::Table;

/// The marker of the saturation figure, naming its criterion: the Francis et al. (2010)
/// point with the `[analysis] francis_initial` and `francis_stop` settings — the same
/// criterion `tables/saturation_criteria` reports.
pub fn saturation_marker(analyses: &Analyses, language: Language) -> Option<SaturationMarker> {
    let settings = francis_settings(analyses);
    analyses.saturation_point().map(|p| SaturationMarker {
        position: p.after,
        label: format!(
            "{} ({}; Francis {}+{})",
            Label::SaturationPoint.text(language),
            p.after,
            settings.francis_initial,
            settings.francis_stop
        ),
    })
}

/// The settings the criteria were computed with.
fn francis_settings(analyses: &Analyses) -> SaturationSettings {
    analyses.criteria.first().map(|(_, c)| c.settings).unwrap_or_default()
}

fn drawing(what: &'static str) -> impl Fn(String) -> RenderError {
    move |m| RenderError::new(format!("the {what}"), m)
}

/// What [`publish`] gathers that the render stage made before it.
pub struct Made<'a> {
    /// Every table of the run, already pseudonymised, in the order the report shows them.
    pub tables: &'a [Table],
    /// The files made so far: their figures go into the report, their hashes into its
    /// manifest section.
    pub earlier: &'a [OutputFile],
    /// The quotes, chosen while the transcripts' text was there (see
    /// [`super::outputs::render_from_text`]).
    pub quotes: &'a [quotes::CodeQuotes],
    /// The report's one-line summary ([`summary`]).
    pub summary: String,
}

/// `tables.xlsx` (made by the caller), the group-bar and matrix figures, `quotes/quotes.md`
/// and `.tex`, and `report.html`. `figure_files` are the files of [`group_and_matrix_figures`],
/// rasterised with the other figures; `workbook` the `tables.xlsx` of the same tables.
pub fn publish(
    input: &RestInput,
    made: Made,
    figure_files: Vec<OutputFile>,
    workbook: OutputFile,
) -> Result<Vec<OutputFile>, RenderError> {
    let (analyses, language, pseudonyms) = (input.analyses, input.options.language, input.pseudonyms);
    let Made { tables, earlier, quotes: book, summary } = made;
    let mut files = figure_files;
    files.push(workbook);
    files.push(OutputFile::new("quotes/quotes.md", quotes::to_markdown(book, language)));
    files.push(OutputFile::new("quotes/quotes.tex", quotes::to_latex(book, language)));

    let all: Vec<&OutputFile> = earlier.iter().chain(files.iter()).collect();
    let figures: Vec<(String, String)> = all
        .iter()
        .filter(|f| f.path.starts_with("figures/") && f.path.ends_with(".svg"))
        .map(|f| {
            let name = f.path.trim_start_matches("figures/").trim_end_matches(".svg").to_string();
            (name, String::from_utf8_lossy(&f.bytes()).into_owned())
        })
        .collect();
    let mut outputs: Vec<(String, String)> = all.iter().map(|f| (f.path.clone(), f.hash())).collect();
    outputs.sort();
    let settings = francis_settings(analyses);
    let point = analyses.saturation_point().map(|p| p.after);
    let report = ReportInput {
        title: &input.options.title,
        language,
        summary,
        sample: tables.iter().find(|t| t.name == "respondents"),
        codebook: input.codebook,
        figures,
        verdict: saturation_verdict(
            &analyses.saturation,
            point,
            settings.francis_initial,
            settings.francis_stop,
            language,
        ),
        tables,
        attribute_labels: &input.options.labels,
        quotes: book,
        settings: input.settings.clone(),
        tool: env!("CARGO_PKG_NAME").into(),
        version: env!("CARGO_PKG_VERSION").into(),
        inputs: input.inputs.clone(),
        outputs,
    };
    files.push(OutputFile::new("report.html", report_html(&report, pseudonyms)?));
    Ok(files)
}

/// A figure per `[analysis] groups` attribute and the code × document squares, their labels
/// pseudonymised, drawn as SVG (rasterised by the caller).
pub fn group_and_matrix_figures(input: &RenderInput) -> Result<Vec<figures::Figure>, RenderError> {
    let (analyses, language, pseudonyms) = (input.rest.analyses, input.rest.options.language, input.rest.pseudonyms);
    let mut files = Vec::new();
    for frequencies in &analyses.groups {
        let mut bars = from_study::group_bars(
            input.rest.codebook,
            &analyses.code_by_document,
            frequencies,
            super::attribute_labels::AttributeLabels::new(language, &input.rest.options.labels),
        );
        bars.codes.iter_mut().for_each(|(_, label)| *label = pseudonyms.apply(label));
        bars.groups.iter_mut().for_each(|g| *g = pseudonyms.apply(g));
        let svg = figures::group_bars::group_bars_svg(&bars).map_err(drawing("group bar chart"))?;
        files.push(figures::Figure::new(format!("code_by_{}", file_stem(&frequencies.attribute)), svg));
    }
    let documents = input.corpus.documents.iter().map(|d| d.id.clone()).collect();
    let mut matrix = from_study::matrix_squares(input.rest.codebook, &analyses.code_by_document, documents, language);
    let total = matrix.documents.len();
    if matrix.keep_first_documents(figures::matrix_squares::MAX_DOCUMENTS) {
        let first = Label::MatrixFirst.text(language);
        let first = first.replace("{n}", &matrix.documents.len().to_string()).replace("{total}", &total.to_string());
        matrix.note = format!("{} {first}", matrix.note);
    }
    matrix.codes.iter_mut().for_each(|(_, label)| *label = pseudonyms.apply(label));
    matrix.documents.iter_mut().for_each(|d| *d = pseudonyms.apply(d));
    let svg = figures::matrix_squares::matrix_squares_svg(&matrix).map_err(drawing("code × document matrix"))?;
    files.push(figures::Figure::new("code_by_document", svg));
    Ok(files)
}

/// The report's one-line summary: documents, respondents, segments, codings and codes.
pub fn summary(study: &Study, language: Language) -> String {
    let respondents: BTreeSet<&str> =
        study.corpus.documents.iter().flat_map(|d| d.respondents.iter().map(String::as_str)).collect();
    let segments: usize = study.corpus.documents.iter().map(|d| d.segments.len()).sum();
    Label::ReportSummary
        .text(language)
        .replace("{documents}", &study.corpus.documents.len().to_string())
        .replace("{respondents}", &respondents.len().to_string())
        .replace("{segments}", &segments.to_string())
        .replace("{codings}", &study.codings.len().to_string())
        .replace("{codes}", &study.used_codes().len().to_string())
        .replace("{all}", &study.codebook.codes.len().to_string())
}
