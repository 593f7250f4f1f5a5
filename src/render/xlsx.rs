//! All tables of a run in one workbook, `tables.xlsx`, one sheet per table.
//!
//! A sheet holds the table's header in row 1 (bold, frozen) and its rows below, numbers as
//! numbers (percentages with one decimal, fractions with four, as in the CSV files), so that a
//! researcher can sort and filter in Excel. Sheet names are the table names, cut to Excel's 31
//! characters and made unique. The bytes are deterministic: the document's creation time is
//! fixed (rust_xlsxwriter would otherwise stamp the current time) and the zip entries carry
//! rust_xlsxwriter's constant date.

use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook, XlsxError};

use crate::render::RenderError;
use crate::table::{Cell, Table};

/// Excel's limit on a sheet name.
const SHEET_NAME_MAX: usize = 31;
/// Excel's limit on the characters in a cell.
const CELL_MAX: usize = 32_767;

/// Sheet names for the tables: invalid characters replaced, at most 31 characters, unique
/// (a clash gets `~2`, `~3` … within the limit).
pub fn sheet_names(tables: &[Table]) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for table in tables {
        let clean: String = table
            .name
            .chars()
            .map(|c| if matches!(c, '[' | ']' | ':' | '*' | '?' | '/' | '\\') { '_' } else { c })
            .collect();
        let clean = clean.trim_matches('\'').to_string();
        let clean = if clean.is_empty() { "table".to_string() } else { clean };
        let base: String = clean.chars().take(SHEET_NAME_MAX).collect();
        let mut name = base.clone();
        let mut k = 2;
        while names.iter().any(|n| n.to_lowercase() == name.to_lowercase()) {
            let suffix = format!("~{k}");
            let keep = SHEET_NAME_MAX - suffix.chars().count();
            name = format!("{}{suffix}", base.chars().take(keep).collect::<String>());
            k += 1;
        }
        names.push(name);
    }
    names
}

/// The workbook as bytes.
pub fn to_xlsx(tables: &[Table]) -> Result<Vec<u8>, RenderError> {
    let fail = |e: XlsxError| RenderError::new("tables.xlsx", e);
    let mut workbook = Workbook::new();
    let created = ExcelDateTime::from_ymd(2000, 1, 1).map_err(fail)?;
    workbook.set_properties(&DocProperties::new().set_creation_datetime(&created));
    let bold = Format::new().set_bold();
    let percent = Format::new().set_num_format("0.0");
    let fraction = Format::new().set_num_format("0.0000");
    for (table, name) in tables.iter().zip(sheet_names(tables)) {
        let sheet = workbook.add_worksheet();
        sheet.set_name(name).map_err(fail)?;
        for (c, column) in table.columns.iter().enumerate() {
            sheet.write_string_with_format(0, c as u16, column, &bold).map_err(fail)?;
        }
        // Row-level tables: the first rows; the CSV has them all (see `READER_ROWS`).
        for (r, row) in table.rows.iter().take(super::READER_ROWS).enumerate() {
            let r = r as u32 + 1;
            for (c, cell) in row.iter().enumerate() {
                let c = c as u16;
                match cell {
                    Cell::Text(s) => {
                        sheet.write_string(r, c, truncate(s)).map_err(fail)?;
                    }
                    Cell::Int(i) => {
                        sheet.write_number(r, c, *i as f64).map_err(fail)?;
                    }
                    Cell::Float(f) if f.is_finite() => {
                        sheet.write_number_with_format(r, c, *f, &fraction).map_err(fail)?;
                    }
                    Cell::Percent(p) if p.is_finite() => {
                        sheet.write_number_with_format(r, c, *p, &percent).map_err(fail)?;
                    }
                    Cell::Float(_) | Cell::Percent(_) | Cell::Empty => {}
                }
            }
        }
        sheet.set_freeze_panes(1, 0).map_err(fail)?;
        sheet.set_autofit_max_width(400).autofit();
    }
    workbook.save_to_buffer().map_err(fail)
}

/// A text cut to Excel's cell limit, marked with "[…]" where it was cut.
fn truncate(text: &str) -> String {
    if text.chars().count() <= CELL_MAX {
        return text.to_string();
    }
    let mut cut: String = text.chars().take(CELL_MAX - 4).collect();
    cut.push_str(" […]");
    cut
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    fn entry(bytes: &[u8], name: &str) -> String {
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        let mut text = String::new();
        zip.by_name(name).unwrap().read_to_string(&mut text).unwrap();
        text
    }

    fn tables() -> Vec<Table> {
        let mut a = Table::new("code_frequencies", "Codes", &["code", "segments", "percent"]);
        a.push(vec!["regie & sturing".into(), Cell::Int(12), Cell::Percent(33.333)]);
        let long = Table::new("code_by_organisation_type_and_role_x", "x", &["a"]);
        let long2 = Table::new("code_by_organisation_type_and_role_y", "y", &["a"]);
        vec![a, long, long2]
    }

    #[test]
    fn sheet_names_fit_and_are_unique() {
        let names = sheet_names(&tables());
        assert_eq!(names[0], "code_frequencies");
        // 35 characters: cut to 31; the second clashes after cutting and gets ~2.
        assert_eq!(names[1], "code_by_organisation_type_and_r");
        assert_eq!(names[2], "code_by_organisation_type_and~2");
        assert!(names.iter().all(|n| n.chars().count() <= 31));
        let odd = vec![Table::new("a/b:c", "", &["x"])];
        assert_eq!(sheet_names(&odd), vec!["a_b_c"]);
    }

    #[test]
    fn one_sheet_per_table_values_typed_and_bytes_stable() {
        let bytes = to_xlsx(&tables()).unwrap();
        let workbook = entry(&bytes, "xl/workbook.xml");
        assert_eq!(workbook.matches("<sheet ").count(), 3);
        let strings = entry(&bytes, "xl/sharedStrings.xml");
        assert!(strings.contains("regie &amp; sturing"));
        let sheet = entry(&bytes, "xl/worksheets/sheet1.xml");
        // 12 and 33.333 are stored as numbers, not strings.
        assert!(sheet.contains("<v>12</v>") && sheet.contains("<v>33.333</v>"), "{sheet}");
        // The creation time is fixed, not the clock's.
        assert!(entry(&bytes, "docProps/core.xml").contains("2000-01-01T00:00:00Z"));
        assert_eq!(bytes, to_xlsx(&tables()).unwrap());
    }

    #[test]
    fn texts_beyond_the_cell_limit_are_cut() {
        let huge = "a".repeat(40_000);
        let cut = truncate(&huge);
        assert_eq!(cut.chars().count(), CELL_MAX);
        assert!(cut.ends_with("[…]"));
    }

    /// A large study's coded segments: 20,000 rows, each a different 1,000-character text
    /// of letters drawn from 16 (about 4 bits a character, so deflate keeps some 55 %: all
    /// rows would be over 10 MB). The workbook holds the first `READER_ROWS` rows (5,000 ×
    /// 1 kB, some 3 MB compressed), so it stays under 6 MB at any number of rows.
    #[test]
    fn a_row_level_table_gives_the_workbook_its_first_rows_only() {
        let mut state = 20240501_u64;
        let mut letter = || {
            state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            b"abdeghiklmnorstu"[(state >> 60) as usize] as char
        };
        let mut table = Table::new("coded_segments", "Segmenten", &["segment", "text"]);
        for i in 0..20_000 {
            let text: String = (0..1_000).map(|k| if k % 7 == 6 { ' ' } else { letter() }).collect();
            table.push(vec![Cell::Int(i), text.into()]);
        }
        let bytes = to_xlsx(std::slice::from_ref(&table)).unwrap();
        assert!(bytes.len() < 6_000_000, "tables.xlsx is {} bytes", bytes.len());
        let sheet = entry(&bytes, "xl/worksheets/sheet1.xml");
        // The header and the first 5,000 rows: spreadsheet rows 1 to 5001.
        assert_eq!(sheet.matches("<row ").count(), crate::render::READER_ROWS + 1);
        assert!(sheet.contains("<c r=\"A5001\"><v>4999</v>") && !sheet.contains("r=\"A5002\""));
    }
}
