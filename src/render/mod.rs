//! Render: tables, figures and files from the analyses' results; no statistics here.
//!
//! Each table format has its own writer (one file per format); [`table_files`] writes a table
//! in every format the build supports. Figures are drawn as SVG (the master copy) and
//! rasterised to PNG from it with the same embedded font.

pub mod codebook;
mod csv_table;
pub mod figures;
pub mod labels;
pub mod latex;
mod markdown;
#[cfg(feature = "parquet")]
pub mod parquet;
pub mod publish;
pub mod quotes;
pub mod report;
pub mod xlsx;

pub use csv_table::to_csv;
pub use markdown::to_markdown;

use crate::output::{OutputError, OutputFile};
use crate::table::Table;

/// A table as `tables/<name>.csv`, `.md` and `.tex` (and `.parquet` with the `parquet` feature).
pub fn table_files(table: &Table) -> Result<Vec<OutputFile>, OutputError> {
    #[allow(unused_mut)] // extended with Parquet when the feature is on
    let mut files = vec![
        OutputFile::new(format!("tables/{}.csv", table.name), to_csv(table)?),
        OutputFile::new(format!("tables/{}.md", table.name), to_markdown(table)),
        OutputFile::new(format!("tables/{}.tex", table.name), latex::to_latex(table)),
    ];
    #[cfg(feature = "parquet")]
    files.push(OutputFile::new(format!("tables/{}.parquet", table.name), parquet::to_parquet(table)?));
    Ok(files)
}
