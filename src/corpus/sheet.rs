//! Tables from other tools' exports, as CSV or XLSX, read into one shape: a header and rows
//! of text cells, each with the line (CSV) or row number (XLSX) a message can point at.
//!
//! CSV files may be in any encoding [`crate::corpus::text`] reads and separated by commas,
//! semicolons (Dutch Excel) or tabs (MAXQDA's "text" export); the header line decides. XLSX
//! archives are checked like `.qdpx` archives ([`super::safe_zip`]) before calamine opens them;
//! the first worksheet is read, once its cell references are checked ([`super::xlsx_extent`]).

use std::path::Path;

use calamine::{Data, Reader};

use super::file_error::FileError as InteropError;
use super::safe_zip::SafeZip;
use crate::corpus::text;

/// A table read from a file.
#[derive(Debug, Clone, Default)]
pub struct Sheet {
    /// Header cells, trimmed, as written.
    pub headers: Vec<String>,
    /// Row number (1-based, as a spreadsheet or editor shows it) and cells.
    pub rows: Vec<(usize, Vec<String>)>,
    /// What the numbers count: `line` (CSV) or `row` (XLSX).
    pub unit: &'static str,
}

impl Sheet {
    /// Index of the first column whose header (case-insensitive) is one of `names`.
    pub fn column(&self, names: &[&str]) -> Option<usize> {
        names.iter().find_map(|n| self.headers.iter().position(|h| h.eq_ignore_ascii_case(n)))
    }
}

/// Reads a CSV, TSV or XLSX file by its extension.
pub fn read_sheet(path: &Path, bytes: &[u8]) -> Result<Sheet, InteropError> {
    let extension = path.extension().map(|e| e.to_string_lossy().to_lowercase()).unwrap_or_default();
    if extension == "xlsx" || bytes.starts_with(b"PK\x03\x04") {
        read_xlsx(path, bytes)
    } else {
        let content = text::decode(bytes).map_err(|p| InteropError::new(path, "file", p.to_string()))?;
        read_csv(path, &content)
    }
}

/// Parses CSV text; the separator is whichever of tab, semicolon and comma the header uses most
/// (on a tie: tab, then semicolon).
pub fn read_csv(path: &Path, content: &str) -> Result<Sheet, InteropError> {
    let header = content.lines().next().unwrap_or("");
    if header.trim().is_empty() {
        return Err(InteropError::new(path, "line 1", "the file is empty; the first line must name the columns"));
    }
    let delimiter = [b',', b';', b'\t'].into_iter().max_by_key(|d| header.matches(*d as char).count()).unwrap_or(b',');
    let mut reader = csv::ReaderBuilder::new().delimiter(delimiter).flexible(true).from_reader(content.as_bytes());
    let headers = reader
        .headers()
        .map_err(|e| InteropError::new(path, "line 1", e.to_string()))?
        .iter()
        .map(|h| h.trim().trim_start_matches('\u{FEFF}').to_string())
        .collect();
    let mut sheet = Sheet { headers, rows: Vec::new(), unit: "line" };
    for record in reader.records() {
        let record = record.map_err(|e| {
            let line = e.position().map(|p| p.line() as usize).unwrap_or(0);
            InteropError::new(path, format!("line {line}"), e.to_string())
        })?;
        let line = record.position().map(|p| p.line() as usize).unwrap_or(0);
        if record.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        sheet.rows.push((line, record.iter().map(str::to_string).collect()));
    }
    Ok(sheet)
}

/// Reads the first worksheet of an XLSX file.
pub fn read_xlsx(path: &Path, bytes: &[u8]) -> Result<Sheet, InteropError> {
    let mut zip = SafeZip::open(bytes, path)?;
    for name in zip.names() {
        zip.check(&name)?;
    }
    // calamine allocates the whole rectangle a worksheet's references span: check them first.
    super::xlsx_extent::check_worksheets(&mut zip, path)?;
    let mut book: calamine::Xlsx<_> = calamine::open_workbook_from_rs(std::io::Cursor::new(bytes))
        .map_err(|e| InteropError::new(path, "workbook", format!("is not a readable XLSX file ({e})")))?;
    let range = book
        .worksheet_range_at(0)
        .ok_or_else(|| InteropError::new(path, "workbook", "has no worksheet"))?
        .map_err(|e| InteropError::new(path, "first worksheet", format!("cannot be read ({e})")))?;
    let first_row = range.start().map(|(r, _)| r as usize + 1).unwrap_or(1);
    let mut rows = range.rows().enumerate();
    let headers = match rows.next() {
        Some((_, cells)) => cells.iter().map(|c| cell_text(c).trim().to_string()).collect(),
        None => {
            return Err(InteropError::new(path, "first worksheet", "is empty; the first row must name the columns"))
        }
    };
    let mut sheet = Sheet { headers, rows: Vec::new(), unit: "row" };
    for (i, cells) in rows {
        let cells: Vec<String> = cells.iter().map(cell_text).collect();
        if cells.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        sheet.rows.push((first_row + i, cells));
    }
    Ok(sheet)
}

/// A cell as text; whole numbers without a decimal point (`3`, not `3.0`).
fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Empty => String::new(),
        // An Excel date is a number of days shown as a date: read it as the date (ISO 8601),
        // not as the serial number (45363).
        Data::DateTime(d) if d.is_datetime() => {
            let (y, m, day, h, min, sec, _) = d.to_ymd_hms_milli();
            if (h, min, sec) == (0, 0, 0) {
                format!("{y:04}-{m:02}-{day:02}")
            } else {
                format!("{y:04}-{m:02}-{day:02}T{h:02}:{min:02}:{sec:02}")
            }
        }
        other => other.to_string(),
    }
}

/// A minimal XLSX workbook for tests, built by hand from the SpreadsheetML parts Excel needs
/// (rust_xlsxwriter is not a dependency of this crate); cells that parse as numbers are
/// written as numbers, others as inline strings.
#[cfg(test)]
pub(crate) fn tiny_xlsx(rows: &[&[&str]]) -> Vec<u8> {
    use std::io::Write;
    let mut sheet = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?><worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>");
    for (r, row) in rows.iter().enumerate() {
        sheet.push_str(&format!("<row r=\"{}\">", r + 1));
        for (c, cell) in row.iter().enumerate() {
            let col = (b'A' + c as u8) as char;
            if cell.parse::<f64>().is_ok() {
                sheet.push_str(&format!("<c r=\"{col}{}\"><v>{cell}.0</v></c>", r + 1));
            } else {
                sheet.push_str(&format!("<c r=\"{col}{}\" t=\"inlineStr\"><is><t>{cell}</t></is></c>", r + 1));
            }
        }
        sheet.push_str("</row>");
    }
    sheet.push_str("</sheetData></worksheet>");
    let parts = [
            ("[Content_Types].xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Default Extension=\"xml\" ContentType=\"application/xml\"/><Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/><Override PartName=\"/xl/worksheets/sheet1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/></Types>".to_string()),
            ("_rels/.rels", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>".to_string()),
            ("xl/workbook.xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><sheets><sheet name=\"Blad1\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>".to_string()),
            ("xl/_rels/workbook.xml.rels", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet1.xml\"/></Relationships>".to_string()),
            ("xl/worksheets/sheet1.xml", sheet),
        ];
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, content) in parts {
        w.start_file(name, zip::write::SimpleFileOptions::default()).unwrap();
        w.write_all(content.as_bytes()).unwrap();
    }
    w.finish().unwrap().into_inner()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn separators_follow_the_header() {
        let sheet = read_csv(Path::new("x.csv"), "a;b\n1;\"2;3\"\n;\n4;5\n").unwrap();
        assert_eq!(sheet.headers, vec!["a", "b"]);
        assert_eq!(sheet.rows, vec![(2, vec!["1".to_string(), "2;3".to_string()]), (4, vec!["4".into(), "5".into()])]);
        let tabs = read_csv(Path::new("x.txt"), "a\tb,c\n1\t2,3\n").unwrap();
        assert_eq!(tabs.headers, vec!["a", "b,c"]);
        assert_eq!(tabs.column(&["B,C"]), Some(1));
    }

    #[test]
    fn maxqda_xlsx_export() {
        let bytes = tiny_xlsx(&[
            &["Document group", "Document name", "Code", "Beginning", "End", "Segment", "Created by"],
            &["Zorg", "D7", "Samenwerking\\Regie", "3", "4", "Wij hebben de regie", "sanne"],
        ]);
        let sheet = read_sheet(Path::new("m.xlsx"), &bytes).unwrap();
        assert_eq!(
            sheet.rows,
            vec![(
                2,
                ["Zorg", "D7", "Samenwerking\\Regie", "3", "4", "Wij hebben de regie", "sanne"]
                    .map(String::from)
                    .to_vec()
            )]
        );
        let p = crate::interop::formats::from_sheet(Path::new("m.xlsx"), &sheet).unwrap();
        assert_eq!(p.code_path(p.segments[0].code), vec!["Samenwerking", "Regie"]);
        assert_eq!(p.segments[0].place, "row 2");
    }

    #[test]
    fn empty_and_broken_files() {
        assert!(read_csv(Path::new("e.csv"), "").unwrap_err().to_string().contains("e.csv: line 1"));
        let err = read_sheet(Path::new("b.xlsx"), b"PK\x03\x04not really").unwrap_err().to_string();
        assert!(err.contains("b.xlsx"), "{err}");
        // Windows-1252 CSV: "é" as 0xE9.
        let sheet = read_sheet(Path::new("w.csv"), b"code\ncaf\xe9\n").unwrap();
        assert_eq!(sheet.rows[0].1[0], "café");
    }
}
