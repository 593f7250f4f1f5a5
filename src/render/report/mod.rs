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
/// Rows of a table the report shows at most; the CSV has them all. A row of
/// `coded_segments` carries a whole turn (about 1.5 kB in the sample), so 1,000 rows keep the
/// report at a few MB whatever the corpus size (5,000 made it 7–13 MB on 5 MB of
/// transcripts). The sample's largest table has 917 rows and is shown whole.
pub const REPORT_ROWS: usize = 1_000;
/// A figure's SVG larger than this is not inlined: the page names its files instead. The
/// code × document figure of 2,000 documents and 500 codes is 10 MB of SVG; the sample's
/// largest figure is 0.4 MB.
pub const REPORT_FIGURE_BYTES: usize = 2_000_000;

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
    let (n_rows, n_columns) = (table.rows.len().min(REPORT_ROWS), table.columns.len().min(super::READER_COLUMNS));
    // Only the part shown is copied: a row-level table can be hundreds of MB.
    let head = Table {
        name: table.name.clone(),
        caption: table.caption.clone(),
        columns: table.columns[..n_columns].to_vec(),
        rows: table.rows[..n_rows].iter().map(|r| r[..n_columns].to_vec()).collect(),
        left_out: 0,
    };
    let shown = labels.readable(&head);
    let rows = shown
        .rows
        .iter()
        .map(|row| {
            row.iter()
                .map(|cell| {
                    let text = cell.render();
                    CellView { num: cell.is_numeric(), long: text.chars().count() > 80, text }
                })
                .collect()
        })
        .collect();
    let numeric = (0..n_columns)
        .map(|c| !head.rows.is_empty() && head.rows.iter().all(|r| r[c].is_numeric() || r[c].render().is_empty()))
        .collect();
    TableView {
        numeric,
        name: table.name.clone(),
        caption: table.caption.clone(),
        columns: head.columns.iter().cloned().zip(shown.columns).collect(),
        rows,
        collapsed: table.total_rows() > FOLD_ROWS || n_columns < table.columns.len(),
        show: shown_part(table, n_rows, n_columns, language),
    }
}

/// The line that unfolds a long table: "Show all 45 rows", or what part is shown and where
/// the rest is ("First 1000 of 5003 rows; all in tables/coded_segments.csv").
fn shown_part(table: &Table, n_rows: usize, n_columns: usize, language: Language) -> String {
    let (rows, columns) = (table.total_rows(), table.columns.len());
    if n_rows == rows && n_columns == columns {
        return Label::ReportShowRows.text(language).replace("{n}", &rows.to_string());
    }
    let part = |label: Label, shown: usize, n: usize| {
        label.text(language).replace("{shown}", &shown.to_string()).replace("{n}", &n.to_string())
    };
    let mut parts = Vec::new();
    if n_rows < rows {
        parts.push(part(Label::ReportFirstRows, n_rows, rows));
    }
    if n_columns < columns {
        parts.push(part(Label::ReportFirstColumns, n_columns, columns));
    }
    parts.push(Label::ReportAllIn.text(language).replace("{file}", &format!("tables/{}.csv", table.name)));
    let line = parts.join("; ");
    let mut chars = line.chars();
    chars.next().map(|first| first.to_uppercase().chain(chars).collect()).unwrap_or_default()
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

/// A figure as the page shows it: its SVG inline, or, past [`REPORT_FIGURE_BYTES`], a line
/// naming its files.
fn figure_view(name: &str, svg: &str, language: Language) -> FigureView {
    if svg.len() <= REPORT_FIGURE_BYTES {
        return FigureView { name: name.to_string(), svg: inline_svg(svg) };
    }
    let line = Label::ReportFigureTooLarge
        .text(language)
        .replace("{mb}", &format!("{:.1}", svg.len() as f64 / 1e6))
        .replace("{file}", &format!("figures/{name}"));
    let escaped = line.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;");
    FigureView { name: name.to_string(), svg: format!("<p>{escaped}</p>") }
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
        figures: input.figures.iter().map(|(name, svg)| figure_view(name, svg, input.language)).collect(),
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
