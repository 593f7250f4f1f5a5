//! The neutral table model between the analyses and the writers.
//!
//! Every result that ends up in a thesis is a [`Table`]: a name (its file stem), a caption, the
//! column names (part of the output contract) and rows of typed cells. The writers in
//! [`crate::render`] turn a table into CSV, Markdown or Parquet without knowing what it means.

use serde::Serialize;

/// One value of a table.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Cell {
    Text(String),
    Int(i64),
    /// A fraction or mean; written with a fixed number of decimals so outputs are stable.
    Float(f64),
    /// A percentage, written with one decimal as reports print them (33.3).
    Percent(f64),
    Empty,
}

impl Cell {
    /// The value as written in CSV and Markdown: floats with four decimals.
    pub fn render(&self) -> String {
        match self {
            Cell::Text(s) => s.clone(),
            Cell::Int(i) => i.to_string(),
            Cell::Float(f) => format!("{f:.4}"),
            Cell::Percent(p) => format!("{p:.1}"),
            Cell::Empty => String::new(),
        }
    }

    pub fn is_numeric(&self) -> bool {
        matches!(self, Cell::Int(_) | Cell::Float(_) | Cell::Percent(_))
    }
}

impl From<&str> for Cell {
    fn from(s: &str) -> Self {
        Cell::Text(s.to_string())
    }
}

impl From<String> for Cell {
    fn from(s: String) -> Self {
        Cell::Text(s)
    }
}

impl From<usize> for Cell {
    fn from(n: usize) -> Self {
        Cell::Int(n as i64)
    }
}

impl From<f64> for Cell {
    fn from(f: f64) -> Self {
        Cell::Float(f)
    }
}

/// A table ready to be written in every format.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Table {
    /// File stem: `code_frequencies` becomes `tables/code_frequencies.csv`.
    pub name: String,
    /// Caption in the project language; states the definition where tools disagree.
    pub caption: String,
    pub columns: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
    /// Rows of the whole table that this copy does not hold: a row-level table of a large
    /// study is kept in memory only as its first rows (for the report and the workbook), and
    /// its CSV is written from the codings row by row (`render::tables::coded_segments`).
    pub left_out: usize,
}

impl Table {
    pub fn new(name: &str, caption: impl Into<String>, columns: &[&str]) -> Self {
        Self {
            name: name.into(),
            caption: caption.into(),
            columns: columns.iter().map(|c| c.to_string()).collect(),
            rows: Vec::new(),
            left_out: 0,
        }
    }

    /// Rows of the whole table, those left out of this copy included.
    pub fn total_rows(&self) -> usize {
        self.rows.len() + self.left_out
    }

    /// Appends a row; it must have one cell per column.
    pub fn push(&mut self, row: Vec<Cell>) {
        debug_assert_eq!(row.len(), self.columns.len(), "row width of table {}", self.name);
        self.rows.push(row);
    }

    /// The cell in `row` under the column named `column`, for tests and lookups.
    pub fn get(&self, row: usize, column: &str) -> Option<&Cell> {
        let c = self.columns.iter().position(|n| n == column)?;
        self.rows.get(row).and_then(|r| r.get(c))
    }

    /// The first row whose cell in `column` renders as `value`.
    pub fn find_row(&self, column: &str, value: &str) -> Option<usize> {
        let c = self.columns.iter().position(|n| n == column)?;
        self.rows.iter().position(|r| r[c].render() == value)
    }
}
