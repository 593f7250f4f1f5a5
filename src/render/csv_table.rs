//! Tables as CSV: comma-separated, a header row, fields quoted only where needed, `\n` line
//! ends — what R's `read.csv`, pandas and Excel read without options.

use crate::render::RenderError;
use crate::table::Table;

pub fn to_csv(table: &Table) -> Result<Vec<u8>, RenderError> {
    let fail = |e: csv::Error| RenderError { what: format!("table {}", table.name), message: e.to_string() };
    let mut writer = csv::WriterBuilder::new().terminator(csv::Terminator::Any(b'\n')).from_writer(Vec::new());
    writer.write_record(&table.columns).map_err(fail)?;
    for row in &table.rows {
        writer.write_record(row.iter().map(|c| c.render())).map_err(fail)?;
    }
    writer.into_inner().map_err(|e| RenderError { what: format!("table {}", table.name), message: e.to_string() })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::table::Cell;

    #[test]
    fn quotes_only_where_needed() {
        let mut t = Table::new("t", "T", &["code", "text", "n"]);
        t.push(vec!["a".into(), Cell::Text("zei: \"ja, nee\"\nen toen".into()), Cell::Int(3)]);
        t.push(vec!["b".into(), Cell::Empty, Cell::Float(0.5)]);
        let csv = String::from_utf8(to_csv(&t).unwrap()).unwrap();
        assert_eq!(csv, "code,text,n\na,\"zei: \"\"ja, nee\"\"\nen toen\",3\nb,,0.5000\n");
    }
}
