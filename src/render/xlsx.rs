//! All tables of a run in one workbook, `tables.xlsx`, one sheet per table.
//!
//! A sheet holds the table's header in row 1 (bold, frozen) and its rows below, numbers as
//! numbers (percentages with one decimal, fractions with four, as in the CSV files), so that a
//! researcher can sort and filter in Excel. Sheet names are the table names, cut to Excel's 31
//! characters and made unique. The bytes are deterministic: the document's creation time is
//! fixed (rust_xlsxwriter would otherwise stamp the current time) and the zip entries carry
//! rust_xlsxwriter's constant date.
//!
//! Sheets are written row by row (rust_xlsxwriter's "low memory" mode): each row goes to an
//! unnamed temporary file as soon as the next begins, and only the shared strings stay in
//! memory. Held whole, the sheets of a 100 MB study (330,000 cells, most of them the code ×
//! document matrix) took 77 MB for a 1.4 MB file and were the run's peak memory (issue 15).
//! The temporary files are made with no name, so nothing is left behind even when the process
//! is killed. Column widths are fitted here, the way rust_xlsxwriter's `autofit` does, since
//! in this mode it would see only the last row. The mode is the same at every size, so the
//! bytes of a workbook never depend on where it was made.

use std::path::Path;

use rust_xlsxwriter::{cell_autofit_width, DocProperties, ExcelDateTime, Format, Workbook, Worksheet, XlsxError};

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

/// The widest a column is fitted to, in pixels (rust_xlsxwriter's `set_autofit_max_width`):
/// a column of quotes would otherwise be as wide as its longest quote.
const FIT_MAX_PIXELS: u32 = 400;

/// The workbook as bytes, its sheets written through unnamed temporary files in
/// `temp_folder` (see the module documentation): the folder the run builds its outputs in,
/// or the system's temporary folder when there is none.
pub fn to_xlsx(tables: &[Table], temp_folder: Option<&Path>) -> Result<Vec<u8>, RenderError> {
    let fail = |e: XlsxError| RenderError::new("tables.xlsx", e);
    let mut workbook = Workbook::new();
    let folder = temp_folder.map(Path::to_path_buf).unwrap_or_else(std::env::temp_dir);
    workbook
        .set_tempdir(&folder)
        .map_err(|e| RenderError::new(format!("tables.xlsx (a temporary file in {})", folder.display()), e))?;
    let created = ExcelDateTime::from_ymd(2000, 1, 1).map_err(fail)?;
    workbook.set_properties(&DocProperties::new().set_creation_datetime(&created));
    let formats = Formats {
        bold: Format::new().set_bold(),
        percent: Format::new().set_num_format("0.0"),
        fraction: Format::new().set_num_format("0.0000"),
    };
    for (table, name) in tables.iter().zip(sheet_names(tables)) {
        let sheet = workbook.add_worksheet_with_low_memory().map_err(fail)?;
        sheet.set_name(name).map_err(fail)?;
        write_sheet(sheet, table, &formats).map_err(fail)?;
    }
    workbook.save_to_buffer().map_err(fail)
}

/// The number formats of a sheet.
struct Formats {
    bold: Format,
    percent: Format,
    fraction: Format,
}

/// One table on its sheet, row by row, its columns fitted.
fn write_sheet(sheet: &mut Worksheet, table: &Table, formats: &Formats) -> Result<(), XlsxError> {
    let mut widths = ColumnWidths::default();
    for (c, column) in table.columns.iter().enumerate() {
        sheet.write_string_with_format(0, c as u16, column, &formats.bold)?;
        widths.text(c, column);
    }
    // Row-level tables: the first rows; the CSV has them all (see `READER_ROWS`).
    for (r, row) in table.rows.iter().take(super::READER_ROWS).enumerate() {
        let r = r as u32 + 1;
        for (c, cell) in row.iter().enumerate() {
            let col = c as u16;
            match cell {
                Cell::Text(s) => {
                    let text = truncate(s);
                    widths.text(c, &text);
                    sheet.write_string(r, col, text)?;
                }
                Cell::Int(i) => {
                    widths.number(c, *i as f64);
                    sheet.write_number(r, col, *i as f64)?;
                }
                Cell::Float(f) if f.is_finite() => {
                    widths.number(c, *f);
                    sheet.write_number_with_format(r, col, *f, &formats.fraction)?;
                }
                Cell::Percent(p) if p.is_finite() => {
                    widths.number(c, *p);
                    sheet.write_number_with_format(r, col, *p, &formats.percent)?;
                }
                Cell::Float(_) | Cell::Percent(_) | Cell::Empty => {}
            }
        }
    }
    for (c, &pixels) in widths.pixels.iter().enumerate() {
        if pixels > 0 {
            sheet.set_column_autofit_width(c as u16, pixels)?;
        }
    }
    sheet.set_freeze_panes(1, 0)?;
    Ok(())
}

/// The fitted width of each column in pixels, as rust_xlsxwriter's `autofit` measures a
/// cell: a text by its widest line in Excel's character widths, a number by 7 pixels a
/// character of its shortest form, each plus 7 pixels of padding, at most [`FIT_MAX_PIXELS`].
#[derive(Default)]
struct ColumnWidths {
    pixels: Vec<u32>,
}

impl ColumnWidths {
    fn text(&mut self, column: usize, text: &str) {
        let widest = text.lines().map(|line| cell_autofit_width(line) - 7).max().unwrap_or(0);
        self.fit(column, widest);
    }

    fn number(&mut self, column: usize, number: f64) {
        self.fit(column, 7 * number.to_string().len() as u32);
    }

    fn fit(&mut self, column: usize, content: u32) {
        if content == 0 {
            return;
        }
        if self.pixels.len() <= column {
            self.pixels.resize(column + 1, 0);
        }
        let pixels = (content + 7).min(FIT_MAX_PIXELS);
        self.pixels[column] = self.pixels[column].max(pixels);
    }
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
        let bytes = to_xlsx(&tables(), None).unwrap();
        let workbook = entry(&bytes, "xl/workbook.xml");
        assert_eq!(workbook.matches("<sheet ").count(), 3);
        let strings = entry(&bytes, "xl/sharedStrings.xml");
        assert!(strings.contains("regie &amp; sturing"));
        let sheet = entry(&bytes, "xl/worksheets/sheet1.xml");
        // 12 and 33.333 are stored as numbers, not strings.
        assert!(sheet.contains("<v>12</v>") && sheet.contains("<v>33.333</v>"), "{sheet}");
        // The creation time is fixed, not the clock's.
        assert!(entry(&bytes, "docProps/core.xml").contains("2000-01-01T00:00:00Z"));
        assert_eq!(bytes, to_xlsx(&tables(), None).unwrap());
    }

    /// The `<cols>` element of a sheet: the fitted widths.
    fn cols(sheet: &str) -> &str {
        let start = sheet.find("<cols>").expect("fitted columns");
        &sheet[start..sheet.find("</cols>").unwrap() + 7]
    }

    /// The widths fitted here, row by row, are those rust_xlsxwriter's own `autofit` gives the
    /// same cells held whole: texts of several lines, a text past the 400-pixel cap, numbers
    /// and percentages, an empty column in between.
    #[test]
    fn columns_are_fitted_as_autofit_fits_them() {
        let mut table = Table::new("t", "T", &["code", "n", "", "tekst"]);
        table.push(vec!["regie".into(), Cell::Int(12_345), Cell::Empty, "kort\nveel langere regel".into()]);
        table.push(vec!["samenwerking".into(), Cell::Percent(33.3), Cell::Empty, "x".repeat(300).into()]);
        table.push(vec!["w".into(), Cell::Float(0.1234), Cell::Empty, "WWWWWW".into()]);
        let ours = entry(&to_xlsx(std::slice::from_ref(&table), None).unwrap(), "xl/worksheets/sheet1.xml");

        let mut workbook = Workbook::new();
        let sheet = workbook.add_worksheet();
        let bold = Format::new().set_bold();
        for (c, column) in table.columns.iter().enumerate() {
            sheet.write_string_with_format(0, c as u16, column, &bold).unwrap();
        }
        for (r, row) in table.rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                let (r, c) = (r as u32 + 1, c as u16);
                match cell {
                    Cell::Text(s) => sheet.write_string(r, c, s).map(|_| ()).unwrap(),
                    Cell::Int(i) => sheet.write_number(r, c, *i as f64).map(|_| ()).unwrap(),
                    Cell::Float(f) | Cell::Percent(f) => sheet.write_number(r, c, *f).map(|_| ()).unwrap(),
                    Cell::Empty => {}
                }
            }
        }
        sheet.set_autofit_max_width(FIT_MAX_PIXELS).autofit();
        let held = entry(&workbook.save_to_buffer().unwrap(), "xl/worksheets/sheet1.xml");
        assert_eq!(cols(&ours), cols(&held));
        // The empty column (no header either) keeps Excel's default width: no <col> for it.
        assert!(!cols(&ours).contains("min=\"3\""), "{}", cols(&ours));
    }

    /// The temporary files the sheets pass through have no name: the folder they were made in
    /// is as empty afterwards as before, also when writing fails half-way.
    #[test]
    fn the_temporary_folder_is_left_as_it_was() {
        let folder = tempfile::tempdir().unwrap();
        let bytes = to_xlsx(&tables(), Some(folder.path())).unwrap();
        assert_eq!(entry(&bytes, "xl/workbook.xml").matches("<sheet ").count(), 3);
        assert_eq!(std::fs::read_dir(folder.path()).unwrap().count(), 0);
        // The same bytes whichever folder the sheets passed through.
        assert_eq!(bytes, to_xlsx(&tables(), None).unwrap());
        let missing = folder.path().join("gone");
        let error = to_xlsx(&tables(), Some(&missing)).unwrap_err().to_string();
        assert!(error.contains("tables.xlsx") && error.contains("gone"), "{error}");
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
        let bytes = to_xlsx(std::slice::from_ref(&table), None).unwrap();
        assert!(bytes.len() < 6_000_000, "tables.xlsx is {} bytes", bytes.len());
        let sheet = entry(&bytes, "xl/worksheets/sheet1.xml");
        // The header and the first 5,000 rows: spreadsheet rows 1 to 5001.
        assert_eq!(sheet.matches("<row ").count(), crate::render::READER_ROWS + 1);
        assert!(sheet.contains("<c r=\"A5001\"><v>4999</v>") && !sheet.contains("r=\"A5002\""));
    }
}
