//! The outputs that gather everything a run made: the group and matrix figures,
//! `tables.xlsx`, the quote book and `report.html`; plus the pseudonym mapping they and the
//! other outputs pass through.
//!
//! [`crate::run`] calls [`load_pseudonyms`] before it renders anything and [`publish`] after
//! the tables and the other figures exist, so that the report can show them all.

use std::collections::BTreeSet;

use super::figures::saturation_curve::SaturationMarker;
use super::figures::{self, from_study};
use super::labels::Label;
use super::quotes::{self, Attribution};
use super::report::{report_html, saturation_verdict, ReportInput};
use super::xlsx;
use crate::analysis::saturation::Saturation;
use crate::analysis::saturation_criteria::{francis_point, SaturationSettings};
use crate::analysis::Study;
use crate::error::{Error, Result};
use crate::run::manifest::hash;
use crate::run::output::OutputFile;
use crate::project::Plan;
use crate::render::Language;
use crate::render::pseudonymise::Pseudonyms;
use crate::table::Table;

/// The saturation criterion the figure marks and the report states: Francis et al. (2010),
/// an initial sample of 10 interviews, then a run of 3 without new codes. Swap
/// [`saturation_point`] for another criterion to change both at once.
/// The saturation point of the curve's interview order (1-based), by Francis et al.'s rule
/// with the `[analysis] francis_initial` and `francis_stop` settings — the same criterion
/// `tables/saturation_criteria` reports.
pub fn saturation_point(sat: &Saturation, settings: &SaturationSettings) -> Option<usize> {
    francis_point(&sat.new_codes, settings.francis_initial, settings.francis_stop).map(|p| p.after)
}

/// The marker of the saturation figure, naming its criterion.
pub fn saturation_marker(
    sat: &Saturation,
    settings: &SaturationSettings,
    language: Language,
) -> Option<SaturationMarker> {
    saturation_point(sat, settings).map(|p| SaturationMarker {
        position: p,
        label: format!(
            "{} ({p}; Francis {}+{})",
            Label::SaturationPoint.text(language),
            settings.francis_initial,
            settings.francis_stop
        ),
    })
}

/// The mapping of `[output] pseudonyms`, or none.
pub fn load_pseudonyms(plan: &Plan) -> Result<Pseudonyms> {
    match &plan.sources.pseudonyms {
        Some(path) => Ok(Pseudonyms::load(path, std::path::Path::new(&plan.display_path(path)))?),
        None => Ok(Pseudonyms::none()),
    }
}

/// [`load_pseudonyms`] from the bytes a run read with its other inputs.
pub fn pseudonyms_of_inputs(plan: &Plan, inputs: &crate::run::inputs::Inputs) -> Result<Pseudonyms> {
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

/// What [`publish`] gathers.
pub struct Publish<'a> {
    pub plan: &'a Plan,
    pub study: &'a Study<'a>,
    /// Every table of the run, already pseudonymised, in the order the report shows them.
    pub tables: &'a [&'a Table],
    pub saturation: &'a Saturation,
    /// (path relative to the project, BLAKE3 hash) of every input.
    pub inputs: &'a [(String, String)],
    pub pseudonyms: &'a Pseudonyms,
    /// The checked `[output] quote_attribution` (see [`Attribution::parse`]).
    pub attribution: &'a Attribution,
}

/// Group-bar and matrix figures, `tables.xlsx`, `quotes/quotes.md` and `.tex`, and
/// `report.html`. `earlier` are the files made so far (their figures go into the report,
/// their hashes into its manifest section).
pub fn publish(p: &Publish, earlier: &[OutputFile]) -> Result<Vec<OutputFile>> {
    let (plan, study, language, pseudonyms) = (p.plan, p.study, p.plan.settings.rendering.language, p.pseudonyms);
    let mut files = Vec::new();
    fn internal(what: &'static str) -> impl Fn(String) -> Error {
        move |m| Error::Internal(format!("drawing {what}: {m}"))
    }
    for attribute in &plan.settings.analysis.groups {
        let frequencies = crate::analysis::groups::GroupFrequencies::compute(study, attribute, language);
        let mut bars = from_study::group_bars(study, &frequencies, language);
        bars.codes.iter_mut().for_each(|(_, label)| *label = pseudonyms.apply(label));
        bars.groups.iter_mut().for_each(|g| *g = pseudonyms.apply(g));
        let svg = figures::group_bars::group_bars_svg(&bars).map_err(internal("the group bar chart"))?;
        files
            .extend(figures::figure_files(&format!("code_by_{}", crate::analysis::groups::file_stem(attribute)), svg)?);
    }
    let mut matrix = from_study::matrix_squares(study, language);
    matrix.codes.iter_mut().for_each(|(_, label)| *label = pseudonyms.apply(label));
    matrix.documents.iter_mut().for_each(|d| *d = pseudonyms.apply(d));
    let svg = figures::matrix_squares::matrix_squares_svg(&matrix).map_err(internal("the code × document matrix"))?;
    files.extend(figures::figure_files("code_by_document", svg)?);

    let owned: Vec<Table> = p.tables.iter().map(|t| (*t).clone()).collect();
    files.push(OutputFile::new("tables.xlsx", xlsx::to_xlsx(&owned)?));

    let book = quotes::select_quotes(study, plan.settings.rendering.quotes_per_code, p.attribution, pseudonyms);
    files.push(OutputFile::new("quotes/quotes.md", quotes::to_markdown(&book, language)));
    files.push(OutputFile::new("quotes/quotes.tex", quotes::to_latex(&book, language)));

    let all: Vec<&OutputFile> = earlier.iter().chain(files.iter()).collect();
    let figures: Vec<(String, String)> = all
        .iter()
        .filter(|f| f.path.starts_with("figures/") && f.path.ends_with(".svg"))
        .map(|f| {
            let name = f.path.trim_start_matches("figures/").trim_end_matches(".svg").to_string();
            (name, String::from_utf8_lossy(&f.bytes).into_owned())
        })
        .collect();
    let mut outputs: Vec<(String, String)> = all.iter().map(|f| (f.path.clone(), hash(&f.bytes))).collect();
    outputs.sort();
    let point = saturation_point(p.saturation, &plan.settings.analysis.saturation());
    let input = ReportInput {
        title: &plan.settings.rendering.title,
        language,
        summary: summary(study, language),
        sample: p.tables.iter().find(|t| t.name == "respondents").copied(),
        codebook: study.codebook,
        figures,
        verdict: saturation_verdict(
            p.saturation,
            point,
            plan.settings.analysis.saturation().francis_initial,
            plan.settings.analysis.saturation().francis_stop,
            language,
        ),
        tables: &owned,
        quotes: &book,
        settings: settings(plan),
        tool: env!("CARGO_PKG_NAME").into(),
        version: env!("CARGO_PKG_VERSION").into(),
        inputs: p.inputs.to_vec(),
        outputs,
    };
    files.push(OutputFile::new("report.html", report_html(&input, pseudonyms)?));
    Ok(files)
}

fn summary(study: &Study, language: Language) -> String {
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

/// The settings of the plan as `section.key = value`, paths relative to the project.
fn settings(plan: &Plan) -> Vec<(String, String)> {
    let word = |v: serde_json::Value| v.as_str().map(str::to_string).unwrap_or_else(|| v.to_string());
    let json = |v: &dyn erased::Json| word(v.json());
    let paths = |ps: &[std::path::PathBuf]| ps.iter().map(|p| plan.display_path(p)).collect::<Vec<_>>().join(", ");
    vec![
        ("project.title".into(), plan.settings.rendering.title.clone()),
        ("project.language".into(), json(&plan.settings.rendering.language)),
        ("sources.transcripts".into(), format!("{} ({})", plan.sources.transcripts.len(), paths(&plan.sources.transcripts))),
        ("sources.respondents".into(), plan.sources.respondents.as_ref().map(|p| plan.display_path(p)).unwrap_or_default()),
        ("sources.interviewer_labels".into(), plan.settings.ingest.interviewer_labels.join(", ")),
        ("coding.codebooks".into(), paths(&plan.sources.codebooks)),
        ("coding.gold".into(), paths(&plan.sources.gold)),
        ("coding.unit".into(), json(&plan.settings.ingest.unit)),
        ("coding.speakers".into(), json(&plan.settings.coding.speakers)),
        ("coding.context".into(), plan.settings.coding.context.to_string()),
        ("coding.diacritics".into(), json(&plan.settings.coding.diacritics)),
        ("analysis.groups".into(), plan.settings.analysis.groups.join(", ")),
        ("analysis.order".into(), plan.settings.analysis.order.clone()),
        ("analysis.permutations".into(), plan.settings.analysis.permutations.to_string()),
        ("analysis.seed".into(), plan.settings.analysis.seed.to_string()),
        ("output.quote_attribution".into(), plan.settings.rendering.quote_attribution.clone()),
        ("output.quotes_per_code".into(), plan.settings.rendering.quotes_per_code.to_string()),
        ("output.pseudonyms".into(), plan.sources.pseudonyms.as_ref().map(|p| plan.display_path(p)).unwrap_or_default()),
        ("output.heatmap_order".into(), json(&plan.settings.rendering.heatmap_order)),
    ]
}

/// Settings values through serde, so enums print as the words `analyse.toml` uses.
mod erased {
    pub trait Json {
        fn json(&self) -> serde_json::Value;
    }
    impl<T: serde::Serialize> Json for T {
        fn json(&self) -> serde_json::Value {
            serde_json::to_value(self).unwrap_or(serde_json::Value::Null)
        }
    }
}
