//! Tables as Parquet (feature `parquet`), and as polars DataFrames for library users.
//!
//! A column is typed by its cells: integers if every non-empty cell is an integer, floats if
//! every one is numeric, text otherwise; empty cells become nulls.

use polars::prelude::*;

use crate::render::RenderError;
use crate::table::{Cell, Table};

/// The table as a DataFrame, one typed column per table column.
pub fn to_dataframe(table: &Table) -> PolarsResult<DataFrame> {
    let columns = table
        .columns
        .iter()
        .enumerate()
        .map(|(c, name)| {
            let cells: Vec<&Cell> = table.rows.iter().map(|r| &r[c]).collect();
            let name = PlSmallStr::from(name.as_str());
            if cells.iter().all(|x| matches!(x, Cell::Int(_) | Cell::Empty)) {
                let values: Vec<Option<i64>> =
                    cells.iter().map(|x| if let Cell::Int(i) = x { Some(*i) } else { None }).collect();
                Column::new(name, values)
            } else if cells.iter().all(|x| matches!(x, Cell::Int(_) | Cell::Float(_) | Cell::Percent(_) | Cell::Empty))
            {
                let values: Vec<Option<f64>> = cells
                    .iter()
                    .map(|x| match x {
                        Cell::Int(i) => Some(*i as f64),
                        Cell::Float(f) | Cell::Percent(f) => Some(*f),
                        _ => None,
                    })
                    .collect();
                Column::new(name, values)
            } else {
                let values: Vec<Option<String>> =
                    cells.iter().map(|x| if let Cell::Empty = x { None } else { Some(x.render()) }).collect();
                Column::new(name, values)
            }
        })
        .collect();
    DataFrame::new(table.rows.len(), columns)
}

/// The table as the bytes of a Parquet file.
pub fn to_parquet(table: &Table) -> Result<Vec<u8>, RenderError> {
    let fail =
        |e: PolarsError| RenderError { what: format!("table {} as Parquet", table.name), message: e.to_string() };
    let mut frame = to_dataframe(table).map_err(fail)?;
    let mut bytes = Vec::new();
    ParquetWriter::new(&mut bytes).finish(&mut frame).map_err(fail)?;
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_types_and_round_trip() {
        let mut t = Table::new("t", "T", &["code", "n", "share"]);
        t.push(vec!["a".into(), Cell::Int(3), Cell::Float(0.5)]);
        t.push(vec![Cell::Empty, Cell::Int(1), Cell::Int(1)]);
        let frame = to_dataframe(&t).unwrap();
        assert_eq!(frame.shape(), (2, 3));
        assert_eq!(frame.column("n").unwrap().dtype(), &DataType::Int64);
        assert_eq!(frame.column("share").unwrap().dtype(), &DataType::Float64);
        assert_eq!(frame.column("code").unwrap().dtype(), &DataType::String);
        let bytes = to_parquet(&t).unwrap();
        let back = ParquetReader::new(std::io::Cursor::new(bytes)).finish().unwrap();
        assert!(back.equals_missing(&frame));
    }
}
