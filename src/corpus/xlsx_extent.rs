//! Checking the cell references of an XLSX file's worksheets before calamine reads it.
//!
//! calamine turns a worksheet into one dense rectangle, from its first cell to its last, and
//! finds those by the cells' references (`r="B7"`). A file of two kilobytes with values at
//! `A1` and `XFD1048576` therefore asks for seventeen billion cells (hundreds of gigabytes) and
//! the program is killed; a reference beyond Excel's last column overflows calamine's
//! arithmetic. Excel writes neither, so every reference is checked against Excel's sheet
//! (`A1:XFD1048576`), and the rectangle against [`MAX_CELLS`], before calamine is called.
//!
//! Positions of cells without a reference are counted as calamine counts them (the row from
//! the last `<row r>` or the row after the previous one; the column after the previous cell),
//! and only cells with content (a value, inline string or formula) make the rectangle, as only
//! they take a place in calamine's.

use std::path::Path;

use quick_xml::events::{BytesStart, Event};
use quick_xml::reader::Reader;

use super::file_error::FileError as InteropError;
use super::safe_zip::{SafeZip, MAX_ENTRY_BYTES};

/// Excel's last column (`XFD`) and row.
const MAX_COLUMNS: u64 = 16_384;
const MAX_ROWS: u64 = 1_048_576;

/// Most cells a worksheet may span: a coded-segment export of 200,000 segments in 15 columns,
/// with room to spare (calamine keeps some 32 bytes per cell, empty or not).
pub const MAX_CELLS: u64 = 4_000_000;

/// Checks every worksheet of an XLSX archive (every XML part whose root is `worksheet`).
pub fn check_worksheets(zip: &mut SafeZip, path: &Path) -> Result<(), InteropError> {
    for name in zip.names().into_iter().filter(|n| n.to_lowercase().ends_with(".xml")) {
        let xml = zip.read(&name, MAX_ENTRY_BYTES)?;
        check_worksheet(path, &name, &xml)?;
    }
    Ok(())
}

/// Checks one XML part: nothing to check unless its root element is a `worksheet`.
fn check_worksheet(path: &Path, entry: &str, xml: &[u8]) -> Result<(), InteropError> {
    let mut reader = Reader::from_reader(xml);
    // As calamine reads it, so that what passes here is what calamine sees.
    reader.config_mut().check_end_names = false;
    reader.config_mut().check_comments = false;
    let mut buf = Vec::new();
    let mut extent = Extent::default();
    let mut root_seen = false;
    loop {
        buf.clear();
        let event = reader.read_event_into(&mut buf).map_err(|e| {
            InteropError::new(path, format!("zip entry '{entry}'"), format!("is not well-formed XML ({e})"))
        })?;
        let (element, empty) = match event {
            Event::Start(e) => (e, false),
            Event::Empty(e) => (e, true),
            Event::End(e) => {
                extent.close(e.local_name().into_inner());
                continue;
            }
            Event::Eof => break,
            _ => continue,
        };
        if !root_seen {
            root_seen = true;
            if element.local_name().into_inner() != "worksheet" {
                return Ok(());
            }
        }
        extent.open(&element).map_err(|reference| {
            InteropError::new(
                path,
                format!("worksheet '{entry}'"),
                format!("has the cell reference '{reference}', which is no cell of an Excel sheet (A1 to XFD1048576); the file is damaged"),
            )
        })?;
        if empty {
            extent.close(element.local_name().into_inner());
        }
    }
    extent.check(path, entry)
}

/// Where calamine would put the cells read so far, and the rectangle they span (0-based).
#[derive(Default)]
struct Extent {
    row: u64,
    column: u64,
    /// The open cell's position, and whether it has content yet.
    cell: Option<((u64, u64), bool)>,
    rows: Option<(u64, u64)>,
    columns: Option<(u64, u64)>,
}

impl Extent {
    /// An opening element; the error is a reference that is no cell of a sheet.
    fn open(&mut self, e: &BytesStart) -> Result<(), String> {
        let reference = |key: &str| {
            e.attributes().flatten().find(|a| a.key.local_name().into_inner() == key).map(|a| a.value.to_string())
        };
        match e.local_name().into_inner() {
            "dimension" => {
                if let Some(range) = reference("ref") {
                    for cell in range.split(':') {
                        parse_cell(cell).ok_or_else(|| range.clone())?;
                    }
                }
            }
            "row" => {
                if let Some(r) = reference("r") {
                    self.row = parse_row(&r).ok_or(r)?;
                }
            }
            "c" => {
                let position = match reference("r") {
                    Some(r) => parse_cell(&r).ok_or(r)?,
                    None => (self.row, self.column),
                };
                self.column = position.1;
                self.cell = Some((position, false));
            }
            _ => {
                if let Some((_, content)) = self.cell.as_mut() {
                    *content = true;
                }
            }
        }
        Ok(())
    }

    /// A closing element: the end of a cell or a row moves the counters on.
    fn close(&mut self, name: &str) {
        match name {
            "c" => {
                if let Some(((row, column), true)) = self.cell.take() {
                    let widen = |span: Option<(u64, u64)>, at: u64| {
                        Some(span.map_or((at, at), |(low, high)| (low.min(at), high.max(at))))
                    };
                    self.rows = widen(self.rows, row);
                    self.columns = widen(self.columns, column);
                }
                self.cell = None;
                self.column += 1;
            }
            "row" => {
                self.row += 1;
                self.column = 0;
            }
            _ => {}
        }
    }

    /// The rectangle must fit in [`MAX_CELLS`].
    fn check(&self, path: &Path, entry: &str) -> Result<(), InteropError> {
        let (Some((top, bottom)), Some((left, right))) = (self.rows, self.columns) else {
            return Ok(());
        };
        let (rows, columns) = (bottom - top + 1, right - left + 1);
        if rows.saturating_mul(columns) > MAX_CELLS {
            return Err(InteropError::new(
                path,
                format!("worksheet '{entry}'"),
                format!(
                    "spans {rows} rows × {columns} columns, more than the {MAX_CELLS} cells this version reads; delete the cells far outside the table (or save the table as CSV)"
                ),
            ));
        }
        Ok(())
    }
}

/// A cell reference (`B7`, `xfd1048576`) as a 0-based (row, column), if it is a cell of a sheet.
fn parse_cell(reference: &str) -> Option<(u64, u64)> {
    let letters = reference.bytes().take_while(u8::is_ascii_alphabetic).count();
    if !(1..=3).contains(&letters) {
        return None;
    }
    let column =
        reference.bytes().take(letters).fold(0u64, |c, b| c * 26 + u64::from(b.to_ascii_uppercase() - b'A') + 1);
    let row = parse_row(&reference[letters..])?;
    (column <= MAX_COLUMNS).then_some((row, column - 1))
}

/// A row number (`7`) as a 0-based row, if it is a row of a sheet.
fn parse_row(number: &str) -> Option<u64> {
    if number.is_empty() || number.len() > 7 || !number.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let row: u64 = number.parse().ok()?;
    (1..=MAX_ROWS).contains(&row).then(|| row - 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(cells: &str) -> Result<(), String> {
        let xml = format!("<worksheet><sheetData>{cells}</sheetData></worksheet>");
        check_worksheet(Path::new("x.xlsx"), "sheet1.xml", xml.as_bytes()).map_err(|e| e.to_string())
    }

    #[test]
    fn references_are_cells_of_a_sheet() {
        assert_eq!(parse_cell("A1"), Some((0, 0)));
        // XFD is 24·26² + 6·26 + 4 = 16,384: Excel's last column.
        assert_eq!(parse_cell("xfd1048576"), Some((1_048_575, 16_383)));
        assert_eq!(parse_cell("XFE1"), None);
        assert_eq!(parse_cell("AAAA1"), None);
        assert_eq!(parse_cell("A0"), None);
        assert_eq!(parse_cell("A1048577"), None);
        assert_eq!(parse_cell("A99999999999"), None);
        assert_eq!(parse_cell("7"), None);
        assert_eq!(parse_cell("A1B"), None);
    }

    /// Regression: two cells far apart (A1 and XFD1048576) made calamine allocate 17 billion
    /// cells and the program die; a reference past XFD overflowed calamine's column count.
    #[test]
    fn a_rectangle_too_large_or_a_reference_off_the_sheet_is_refused() {
        let far = r#"<row r="1"><c r="A1" t="inlineStr"><is><t>id</t></is></c></row><row r="1048576"><c r="XFD1048576"><v>1</v></c></row>"#;
        let err = check(far).unwrap_err();
        assert!(err.contains("1048576 rows × 16384 columns"), "{err}");
        let err = check(r#"<row r="1"><c r="AAAAAAAAAAAAA1"><v>1</v></c></row>"#).unwrap_err();
        assert!(err.contains("'AAAAAAAAAAAAA1'") && err.contains("sheet1.xml"), "{err}");
        let err = check(r#"<row r="99999999999"><c><v>1</v></c></row>"#).unwrap_err();
        assert!(err.contains("'99999999999'"), "{err}");
    }

    #[test]
    fn cells_without_content_or_reference_count_as_calamine_counts_them() {
        // A formatted but empty cell far away takes no place.
        assert!(check(r#"<row r="1"><c r="A1"><v>1</v></c><c r="XFD1048576" s="1"/></row>"#).is_ok());
        // Cells without references follow the previous cell and row: rows 1..=3, columns A..C.
        let mut e = Extent::default();
        let xml = r#"<worksheet><sheetData><row><c><v>1</v></c><c><v>2</v></c></row><row/><row><c r="C3"><v>3</v></c></row></sheetData></worksheet>"#;
        let mut reader = Reader::from_reader(xml.as_bytes());
        loop {
            match reader.read_event().unwrap() {
                Event::Start(s) => e.open(&s).unwrap(),
                Event::Empty(s) => {
                    e.open(&s).unwrap();
                    e.close(s.local_name().into_inner());
                }
                Event::End(s) => e.close(s.local_name().into_inner()),
                Event::Eof => break,
                _ => {}
            }
        }
        assert_eq!((e.rows, e.columns), (Some((0, 2)), Some((0, 2))));
        // A part that is no worksheet is not looked at.
        assert!(check_worksheet(Path::new("x.xlsx"), "s.xml", b"<sst><c r=\"ZZZZ0\"/></sst>").is_ok());
    }
}
