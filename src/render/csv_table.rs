//! Tables as CSV: comma-separated, a header row, fields quoted only where needed, `\n` line
//! ends — what R's `read.csv`, pandas and Excel read without options.
//!
//! A spreadsheet runs a cell that starts with `=`, `+`, `-` or `@` (or a tab or carriage
//! return before one) as a formula: `=HYPERLINK(…)` from a code label or `=cmd|…` from a
//! transcript would run when a supervisor opens the table. As OWASP's "CSV Injection" page
//! advises, every text cell (and column name) that starts with one of those characters gets
//! a single quote in front (`'=HYPERLINK(…)`), which a spreadsheet shows and does not run.
//! Numbers are written as numbers and never changed. A program that needs the exact text
//! drops a leading `'` that stands before one of `= + - @ TAB CR` (docs/guarantees.md), or
//! reads `tables.xlsx`, whose cells are typed and safe as they are.

use std::borrow::Cow;

use crate::render::RenderError;
use crate::table::{Cell, Table};

/// The characters that make a spreadsheet read a cell as a formula (OWASP).
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// A text field as a spreadsheet may open it: with a `'` in front when it starts like a
/// formula, unchanged otherwise.
///
/// A signed number written as text (`+1`, `-2`, `-0.5`, the changes of `analyse diff`) is a
/// number to a spreadsheet, not a formula that can do harm, and stays as it is.
pub fn neutralise(text: &str) -> Cow<'_, str> {
    let number = text.len() > 1
        && text.chars().all(|c| c.is_ascii_digit() || matches!(c, '+' | '-' | '.' | 'e' | 'E'))
        && text.parse::<f64>().is_ok_and(f64::is_finite);
    if text.starts_with(FORMULA_STARTS) && !number {
        Cow::Owned(format!("'{text}"))
    } else {
        Cow::Borrowed(text)
    }
}

pub fn to_csv(table: &Table) -> Result<Vec<u8>, RenderError> {
    rows_to_csv(&table.name, &table.columns, table.rows.iter().map(|row| row.as_slice()), 0)
}

/// A table's CSV from its rows one at a time, so that a table of millions of rows never has
/// to be held as cells (`coded_segments` of a large study). `capacity` is reserved up front:
/// a buffer that grows by doubling holds its old and new copies at once when it passes half
/// its size (64 + 64 MB for an 83 MB CSV, the render stage's peak at 100 MB). Reserving more
/// than is written costs address space only: pages never written are never resident.
pub fn rows_to_csv<R: AsRef<[Cell]>>(
    name: &str,
    columns: &[String],
    rows: impl Iterator<Item = R>,
    capacity: usize,
) -> Result<Vec<u8>, RenderError> {
    rows_to_csv_into(name, columns, rows, Vec::with_capacity(capacity))
}

/// [`rows_to_csv`] into any writer (a large study's `coded_segments.csv` goes to a spill file,
/// see [`crate::render::Spill`]), which is handed back flushed.
pub fn rows_to_csv_into<R: AsRef<[Cell]>, W: std::io::Write>(
    name: &str,
    columns: &[String],
    rows: impl Iterator<Item = R>,
    out: W,
) -> Result<W, RenderError> {
    let fail = |e: csv::Error| RenderError { what: format!("table {name}"), message: e.to_string() };
    let mut writer = csv::WriterBuilder::new().terminator(csv::Terminator::Any(b'\n')).from_writer(out);
    writer.write_record(columns.iter().map(|c| neutralise(c).into_owned())).map_err(fail)?;
    for row in rows {
        let fields = row.as_ref().iter().map(|c| match c {
            Cell::Text(s) => neutralise(s).into_owned(),
            other => other.render(),
        });
        writer.write_record(fields).map_err(fail)?;
    }
    writer.into_inner().map_err(|e| RenderError { what: format!("table {name}"), message: e.to_string() })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Regression (issue 14): OWASP's formula starts are neutralised in text, not in numbers.
    #[test]
    fn cells_that_start_like_a_formula_get_a_quote_and_numbers_do_not() {
        let mut t = Table::new("t", "T", &["=kolom", "text", "n"]);
        t.push(vec!["=HYPERLINK(\"http://x\")".into(), Cell::Text("@SUM(A1)".into()), Cell::Int(-3)]);
        t.push(vec!["+31 6".into(), Cell::Text("-cmd|' /C calc'!A0".into()), Cell::Float(-0.5)]);
        t.push(vec!["\t=1".into(), Cell::Text("gewoon = tekst".into()), Cell::Int(1)]);
        t.push(vec!["+1".into(), Cell::Text("-2.5".into()), Cell::Int(0)]);
        t.push(vec!["-".into(), Cell::Text("-1+1".into()), Cell::Int(0)]);
        let csv = String::from_utf8(to_csv(&t).unwrap()).unwrap();
        assert_eq!(
            csv,
            "'=kolom,text,n\n\"'=HYPERLINK(\"\"http://x\"\")\",'@SUM(A1),-3\n'+31 6,'-cmd|' /C calc'!A0,-0.5000\n'\t=1,gewoon = tekst,1\n+1,-2.5,0\n'-,'-1+1,0\n"
        );
    }

    #[test]
    fn quotes_only_where_needed() {
        let mut t = Table::new("t", "T", &["code", "text", "n"]);
        t.push(vec!["a".into(), Cell::Text("zei: \"ja, nee\"\nen toen".into()), Cell::Int(3)]);
        t.push(vec!["b".into(), Cell::Empty, Cell::Float(0.5)]);
        let csv = String::from_utf8(to_csv(&t).unwrap()).unwrap();
        assert_eq!(csv, "code,text,n\na,\"zei: \"\"ja, nee\"\"\nen toen\",3\nb,,0.5000\n");
    }
}
