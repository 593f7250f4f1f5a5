//! `report.html`: one self-contained page with everything a run made — sample description,
//! codebook, figures, saturation verdict, tables, quotes, settings and the input and output
//! hashes.
//!
//! The page is rendered from a minijinja template compiled into the binary, with the CSS
//! inline and every figure as inline SVG, so it opens from a USB stick or an e-mail attachment
//! and fetches nothing: no script, no external font, stylesheet or image, no URL at all. Texts
//! are HTML-escaped by the template; the figures' SVG is inserted as it is. Its words follow
//! `[project] language`.

mod verdict;

pub use verdict::{left_out_note, saturation_verdict};

use minijinja::value::Serde;
use minijinja::{Environment, UndefinedBehavior, Value};
use serde::Serialize;

use super::attribute_labels::AttributeLabels;
use super::labels::Label;
use super::quotes::CodeQuotes;
use crate::codebook::Codebook;
use crate::render::pseudonymise::Pseudonyms;
use crate::render::Language;
use crate::render::RenderError;
use crate::table::Table;

const TEMPLATE: &str = include_str!("report.html");
const CSS: &str = include_str!("report.css");
/// Tables longer than this are folded away behind a "show all rows" line.
const FOLD_ROWS: usize = 40;

/// What the report shows; tables and quotes already pseudonymised.
pub struct ReportInput<'a> {
    pub title: &'a str,
    pub language: Language,
    /// One line under the title: documents, respondents, segments, codes.
    pub summary: String,
    /// The sample description (`tables/respondents`).
    pub sample: Option<&'a Table>,
    pub codebook: &'a Codebook,
    /// (file stem, SVG document), in the order they are shown.
    pub figures: Vec<(String, String)>,
    pub verdict: String,
    pub tables: &'a [Table],
    /// `[labels]`: attribute names in the tables' headers and `attribute` cells.
    pub attribute_labels: &'a std::collections::BTreeMap<String, String>,
    pub quotes: &'a [CodeQuotes],
    /// (key as in `analyse.toml`, value).
    pub settings: Vec<(String, String)>,
    pub tool: String,
    pub version: String,
    /// (path, BLAKE3 hex).
    pub inputs: Vec<(String, String)>,
    pub outputs: Vec<(String, String)>,
}

#[derive(Serialize)]
struct CellView {
    text: String,
    num: bool,
    long: bool,
}

#[derive(Serialize)]
struct TableView {
    name: String,
    caption: String,
    /// (contract name, shown name) per column.
    columns: Vec<(String, String)>,
    /// Per column: every value a number (or empty), so the header aligns right with them.
    numeric: Vec<bool>,
    rows: Vec<Vec<CellView>>,
    collapsed: bool,
    show: String,
}

#[derive(Serialize)]
struct CodeView {
    number: String,
    id: String,
    label: String,
    definition: String,
    include: String,
    exclude: String,
    rules: String,
}

#[derive(Serialize)]
struct FigureView {
    name: String,
    svg: String,
}

#[derive(Serialize)]
struct KeyValue {
    key: String,
    value: String,
}

#[derive(Serialize)]
struct FileView {
    path: String,
    hash: String,
}

#[derive(Serialize)]
struct Context<'a> {
    lang: &'static str,
    title: String,
    summary: String,
    tool: &'a str,
    version: &'a str,
    css: &'static str,
    t: std::collections::BTreeMap<&'static str, &'static str>,
    sample: Option<TableView>,
    codebook: Vec<CodeView>,
    figures: Vec<FigureView>,
    verdict: &'a str,
    tables: Vec<TableView>,
    quotes: &'a [CodeQuotes],
    settings: Vec<KeyValue>,
    inputs: Vec<FileView>,
    outputs: Vec<FileView>,
}

fn table_view(table: &Table, labels: AttributeLabels) -> TableView {
    let language = labels.language;
    let shown = labels.readable(table);
    let rows = shown
        .rows
        .iter()
        .take(super::READER_ROWS)
        .map(|row| {
            row.iter()
                .map(|cell| {
                    let text = cell.render();
                    CellView { num: cell.is_numeric(), long: text.chars().count() > 80, text }
                })
                .collect()
        })
        .collect();
    let numeric = (0..table.columns.len())
        .map(|c| !table.rows.is_empty() && table.rows.iter().all(|r| r[c].is_numeric() || r[c].render().is_empty()))
        .collect();
    TableView {
        numeric,
        name: table.name.clone(),
        caption: table.caption.clone(),
        columns: table.columns.iter().cloned().zip(shown.columns).collect(),
        rows,
        collapsed: table.rows.len() > FOLD_ROWS,
        show: if table.rows.len() > super::READER_ROWS {
            Label::ReportFirstRows
                .text(language)
                .replace("{shown}", &super::READER_ROWS.to_string())
                .replace("{file}", &format!("tables/{}.csv", table.name))
        } else {
            Label::ReportShowRows.text(language).to_string()
        }
        .replace("{n}", &table.rows.len().to_string()),
    }
}

fn words(language: Language) -> std::collections::BTreeMap<&'static str, &'static str> {
    use Label::*;
    [
        ("generated", ReportGenerated),
        ("contents", ReportContents),
        ("sample", ReportSample),
        ("codebook", ReportCodebook),
        ("figures", ReportFigures),
        ("saturation", ReportSaturation),
        ("tables", ReportTables),
        ("quotes", ReportQuotes),
        ("quotes_intro", QuotesIntro),
        ("quotes_none", QuotesNone),
        ("settings", ReportSettings),
        ("manifest", ReportManifest),
        ("manifest_note", ReportManifestNote),
        ("label", ReportLabel),
        ("definition", ReportDefinition),
        ("include", ReportInclude),
        ("exclude", ReportExclude),
        ("rules", ReportRules),
        ("setting", ReportSetting),
        ("value", ReportValue),
        ("inputs", ReportInputs),
        ("outputs", ReportOutputs),
        ("file", ReportFile),
        ("hash", ReportHash),
    ]
    .into_iter()
    .map(|(k, l)| (k, l.text(language)))
    .collect()
}

/// Numbers codes in tree order: 1, 1.1, 1.2, 2 …
fn numbered(codebook: &Codebook) -> Vec<(usize, String)> {
    let mut counters: Vec<usize> = Vec::new();
    codebook
        .tree_order()
        .into_iter()
        .map(|c| {
            let depth = codebook.depth(c);
            counters.truncate(depth + 1);
            counters.resize(depth + 1, 0);
            counters[depth] += 1;
            (c, counters.iter().map(|n| n.to_string()).collect::<Vec<_>>().join("."))
        })
        .collect()
}

/// An SVG drawn by plotters, ready to sit inside HTML: the namespace attribute (an URL, and
/// not needed for inline SVG in HTML5) removed.
fn inline_svg(svg: &str) -> String {
    svg.replacen(" xmlns=\"http://www.w3.org/2000/svg\"", "", 1)
}

/// The report as HTML.
pub fn report_html(input: &ReportInput, pseudonyms: &Pseudonyms) -> Result<String, RenderError> {
    let fail = |e: minijinja::Error| RenderError { what: "report.html".into(), message: format!("{e:#}") };
    let p = |s: &str| pseudonyms.apply(s.trim());
    let codebook = numbered(input.codebook)
        .into_iter()
        .map(|(c, number)| {
            let code = &input.codebook.codes[c];
            CodeView {
                number,
                id: code.id.clone(),
                label: p(&code.label),
                definition: p(&code.definition),
                include: p(&code.include),
                exclude: p(&code.exclude),
                rules: code.rules.len().to_string(),
            }
        })
        .collect();
    let labels = AttributeLabels::new(input.language, input.attribute_labels);
    let context = Context {
        lang: match input.language {
            Language::Nl => "nl",
            Language::En => "en",
        },
        title: p(input.title),
        summary: input.summary.clone(),
        tool: &input.tool,
        version: &input.version,
        css: CSS,
        t: words(input.language),
        sample: input.sample.map(|t| table_view(t, labels)),
        codebook,
        figures: input
            .figures
            .iter()
            .map(|(name, svg)| FigureView { name: name.clone(), svg: inline_svg(svg) })
            .collect(),
        verdict: &input.verdict,
        tables: input.tables.iter().map(|t| table_view(t, labels)).collect(),
        quotes: input.quotes,
        settings: input.settings.iter().map(|(k, v)| KeyValue { key: k.clone(), value: p(v) }).collect(),
        inputs: input.inputs.iter().map(|(path, hash)| FileView { path: path.clone(), hash: hash.clone() }).collect(),
        outputs: input.outputs.iter().map(|(path, hash)| FileView { path: path.clone(), hash: hash.clone() }).collect(),
    };
    let mut env = Environment::new();
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    env.add_template("report.html", TEMPLATE).map_err(fail)?;
    let template = env.get_template("report.html").map_err(fail)?;
    let mut html = template.render(Value::from(Serde(&context))).map_err(fail)?;
    if !html.ends_with('\n') {
        html.push('\n');
    }
    Ok(html)
}

#[cfg(test)]
mod tests;
