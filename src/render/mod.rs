//! Render: tables, figures and files from the analyses' results; no statistics here.
//!
//! Each table format has its own writer (one file per format); [`table_files`] writes a table
//! in every format the build supports. Figures are drawn as SVG (the master copy) and
//! rasterised to PNG from it with the same embedded font.

pub mod attribute_labels;
pub mod codebook;
mod csv_table;
pub mod figures;
mod files;
pub mod kwic;
pub mod labels;
pub mod latex;
mod map_and_portraits;
mod markdown;
mod options;
pub mod outputs;
#[cfg(feature = "parquet")]
pub mod parquet;
pub mod pseudonymise;
pub mod publish;
pub mod quotes;
pub mod report;
pub mod tables;
pub mod xlsx;

pub use csv_table::to_csv;
pub use files::{OutputFile, RenderError, Spill, SpillWriter};
pub use markdown::to_markdown;
pub use options::{Language, RenderOptions};
pub use outputs::{render_from_text, render_rest, RenderInput, RestInput};

use crate::table::Table;

/// A table as `tables/<name>.csv`, `.md` and `.tex` (and `.parquet` with the `parquet` feature).
///
/// The CSV (and Parquet) columns keep their names, which are part of the output contract;
/// the Markdown and LaTeX tables, which go into a thesis as they are, carry the column
/// headers in the project language ([`labels::column_label`]).
/// Tables longer than this are row-level data (coded segments, the code × document matrix of a
/// large study): written as CSV (and Parquet), not as Markdown or LaTeX, which nobody reads at
/// that length; report.html and tables.xlsx show their first `READER_ROWS` rows and say where
/// the rest is. So what a run writes grows with what a reader needs, not with the corpus
/// (issue 15: 96 MB per format for a 100 MB corpus). The sample's largest table has 917 rows.
pub const READER_ROWS: usize = 5_000;

/// Tables wider than this are row-level data too (the code × document matrix of a study with
/// hundreds of documents): CSV (and Parquet) only, and the report shows their first
/// `READER_COLUMNS` columns. The sample's widest table has 27 columns (26 documents).
pub const READER_COLUMNS: usize = 50;

/// Whether a table is too long or too wide to be read as a table: written as CSV (and
/// Parquet) only, and shown in part in the report and the workbook.
pub fn is_row_level(table: &Table) -> bool {
    table.total_rows() > READER_ROWS || table.columns.len() > READER_COLUMNS
}

pub fn table_files(table: &Table, language: crate::render::Language) -> Result<Vec<OutputFile>, RenderError> {
    labelled_table_files(table, attribute_labels::AttributeLabels::new(language, &attribute_labels::NO_LABELS))
}

/// [`table_files`] with the run's attribute labels in the readable copies.
pub fn labelled_table_files(
    table: &Table,
    labels: attribute_labels::AttributeLabels,
) -> Result<Vec<OutputFile>, RenderError> {
    #[allow(unused_mut)] // extended with Parquet when the feature is on
    let mut files = vec![OutputFile::new(format!("tables/{}.csv", table.name), to_csv(table)?)];
    // The readable copy is made only for a table short enough to be read (a row-level table
    // of a large study is hundreds of MB of cells).
    if !is_row_level(table) {
        let readable = labels.readable(table);
        files.push(OutputFile::new(format!("tables/{}.md", table.name), to_markdown(&readable)));
        files.push(OutputFile::new(format!("tables/{}.tex", table.name), latex::to_latex(&readable)));
    }
    #[cfg(feature = "parquet")]
    files.push(OutputFile::new(format!("tables/{}.parquet", table.name), parquet::to_parquet(table)?));
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::Language;

    #[test]
    fn csv_keeps_column_names_and_thesis_formats_speak_the_language() {
        let mut table = Table::new("t", "Tabel", &["code", "segments"]);
        table.push(vec!["regie".into(), 2usize.into()]);
        let files = table_files(&table, Language::Nl).unwrap();
        let text = |suffix: &str| {
            let f = files.iter().find(|f| f.path.ends_with(suffix)).unwrap();
            String::from_utf8(f.bytes().to_vec()).unwrap()
        };
        assert!(text(".csv").starts_with("code,segments\n"));
        assert!(text(".md").contains("| code | segmenten |"), "{}", text(".md"));
        assert!(text(".tex").contains("segmenten"), "{}", text(".tex"));
        let english = table_files(&table, Language::En).unwrap();
        assert!(String::from_utf8(english[1].bytes().to_vec()).unwrap().contains("| code | segments |"));
    }

    #[test]
    fn row_level_tables_are_csv_only() {
        let mut table = Table::new("t", "Tabel", &["segment"]);
        for i in 0..READER_ROWS {
            table.push(vec![i.into()]);
        }
        assert_eq!(table_files(&table, Language::Nl).unwrap().len(), 3 + usize::from(cfg!(feature = "parquet")));
        table.push(vec![READER_ROWS.into()]);
        let files = table_files(&table, Language::Nl).unwrap();
        let names: Vec<&str> = files.iter().map(|f| f.path.as_str()).collect();
        assert!(names.contains(&"tables/t.csv") && !names.iter().any(|n| n.ends_with(".md") || n.ends_with(".tex")));
        // The CSV keeps every row (and the header).
        assert_eq!(String::from_utf8(files[0].bytes().to_vec()).unwrap().lines().count(), READER_ROWS + 2);
    }
}
