//! Respondent attributes from a CSV file, as Excel (comma or semicolon) or R writes it, or
//! from the first worksheet of an XLSX file (header in the first row; a number such as 3.0
//! reads as `3`).
//!
//! The file needs a column `id` (also accepted: `respondent`, `respondent_id`); every other
//! column is a free attribute whose name is the user's. Values are trimmed. A duplicate or
//! empty id is an error naming the line.

use std::collections::BTreeMap;
use std::path::Path;

use super::{dates, text, CorpusError};

/// One respondent: an id such as `D12` and the attributes of its row.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Respondent {
    pub id: String,
    /// Attribute name → value, in the order of the file's columns.
    pub attributes: Vec<(String, String)>,
}

impl Respondent {
    /// The value of an attribute, if the file has that column.
    pub fn attribute(&self, name: &str) -> Option<&str> {
        self.attributes.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }
}

/// All respondents of a study, by id, plus the attribute names in file order.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct Respondents {
    pub columns: Vec<String>,
    pub by_id: BTreeMap<String, Respondent>,
}

impl Respondents {
    /// A respondent's non-empty value of an attribute; `None` for an unknown respondent, a
    /// missing column or an empty cell alike (the "unknown" group of the tables).
    pub fn value_of(&self, id: &str, attribute: &str) -> Option<String> {
        self.by_id.get(id)?.attribute(attribute).filter(|v| !v.is_empty()).map(str::to_string)
    }
}

const ID_COLUMNS: [&str; 3] = ["id", "respondent", "respondent_id"];

/// Reads and checks a respondents CSV.
pub fn read_respondents(path: &Path) -> Result<Respondents, CorpusError> {
    let bytes = std::fs::read(path).map_err(|source| CorpusError::Read { path: path.to_path_buf(), source })?;
    respondents_from_bytes(path, &bytes)
}

/// [`read_respondents`] on bytes already read; `.xlsx` files are read as spreadsheets.
pub fn respondents_from_bytes(path: &Path, bytes: &[u8]) -> Result<Respondents, CorpusError> {
    if path.extension().is_some_and(|e| e.eq_ignore_ascii_case("xlsx")) {
        return read_respondents_xlsx(path, bytes);
    }
    let content = text::decode(bytes).map_err(|problem| CorpusError::Encoding { path: path.to_path_buf(), problem })?;
    parse_respondents(path, &content)
}

/// Parses the text of a respondents CSV; `path` is only used in messages.
pub fn parse_respondents(path: &Path, content: &str) -> Result<Respondents, CorpusError> {
    let invalid = |line: usize, message: String| CorpusError::Respondents { path: path.to_path_buf(), line, message };
    let header_line = content.lines().next().unwrap_or("");
    if header_line.trim().is_empty() {
        return Err(invalid(1, "the file is empty; the first line must name the columns, starting with `id`".into()));
    }
    // Dutch Excel writes `;`. The header decides: whichever separator it uses more.
    let delimiter = if header_line.matches(';').count() > header_line.matches(',').count() { b';' } else { b',' };
    let mut reader = csv::ReaderBuilder::new().delimiter(delimiter).flexible(false).from_reader(content.as_bytes());
    let headers: Vec<String> =
        reader.headers().map_err(|e| invalid(1, e.to_string()))?.iter().map(|h| h.trim().to_string()).collect();
    let rows = reader.records().map(|record| {
        let record = record.map_err(|e| {
            let line = e.position().map(|p| p.line() as usize).unwrap_or(0);
            invalid(line, format!("{e}; every row needs {} fields separated by '{}'", headers.len(), delimiter as char))
        })?;
        let line = record.position().map(|p| p.line() as usize).unwrap_or(0);
        Ok((line, record.iter().map(str::to_string).collect()))
    });
    from_rows(path, &headers, rows, "line")
}

/// Reads respondents from the first worksheet of an XLSX file (header in the first row).
pub fn read_respondents_xlsx(path: &Path, bytes: &[u8]) -> Result<Respondents, CorpusError> {
    let sheet = crate::corpus::sheet::read_xlsx(path, bytes).map_err(|e| CorpusError::Respondents {
        path: path.to_path_buf(),
        line: 1,
        message: format!("{}: {}", e.place, e.message),
    })?;
    let headers: Vec<String> = sheet.headers.clone();
    from_rows(path, &headers, sheet.rows.into_iter().map(Ok), "row")
}

/// Respondents from a header and numbered rows, whatever file they came from; `unit` says
/// what the numbers count in messages (`line` or `row`).
fn from_rows(
    path: &Path,
    headers: &[String],
    rows: impl Iterator<Item = Result<(usize, Vec<String>), CorpusError>>,
    unit: &str,
) -> Result<Respondents, CorpusError> {
    let invalid = |line: usize, message: String| CorpusError::Respondents { path: path.to_path_buf(), line, message };
    let id_col = headers.iter().position(|h| ID_COLUMNS.contains(&h.to_lowercase().as_str())).ok_or_else(|| {
        invalid(1, format!("no `id` column (found: {}); name the respondent id column `id`", headers.join(", ")))
    })?;
    if let Some(h) = headers.iter().find(|h| h.chars().any(char::is_control)) {
        return Err(invalid(1, format!("the column name '{}' holds a control character; remove it", h.escape_debug())));
    }
    let columns: Vec<String> =
        headers.iter().enumerate().filter(|(i, _)| *i != id_col).map(|(_, h)| h.clone()).collect();
    let mut by_id = BTreeMap::new();
    let mut lines = BTreeMap::new();
    for row in rows {
        let (line, record) = row?;
        if record.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        // An id stands in comments of quotes.md and quotes.tex: no control character at all.
        // A value may hold a tab or a line break (XML and every table format allow them), but
        // no other control character, which no SVG or XLSX can hold.
        let forbidden = |i: usize, c: char| c.is_control() && (i == id_col || !matches!(c, '\t' | '\n' | '\r'));
        let found = headers
            .iter()
            .zip(&record)
            .enumerate()
            .find_map(|(i, (h, v))| Some((h, v.chars().find(|&c| forbidden(i, c))?)));
        if let Some((column, c)) = found {
            return Err(invalid(
                line,
                format!("column `{column}` holds a control character (U+{:04X}), which no table or figure can show; remove it", c as u32),
            ));
        }
        let id = record.get(id_col).map(|s| s.trim()).unwrap_or("").to_string();
        if id.is_empty() {
            return Err(invalid(line, format!("empty respondent id (in {unit} {line})")));
        }
        let attributes = headers
            .iter()
            .enumerate()
            .filter(|(i, _)| *i != id_col)
            .map(|(i, h)| (h.clone(), record.get(i).map(|v| v.trim()).unwrap_or("").to_string()))
            .collect();
        if by_id.contains_key(&id) {
            return Err(invalid(line, format!("respondent id '{id}' appears twice; ids must be unique")));
        }
        lines.insert(id.clone(), line);
        by_id.insert(id.clone(), Respondent { id, attributes });
    }
    normalise_dates(&columns, &mut by_id, &lines, unit).map_err(|(line, message)| invalid(line, message))?;
    Ok(Respondents { columns, by_id })
}

/// Every date column as ISO 8601 dates, or the line and value that is not a date (see
/// [`super::dates`]).
fn normalise_dates(
    columns: &[String],
    by_id: &mut BTreeMap<String, Respondent>,
    lines: &BTreeMap<String, usize>,
    unit: &str,
) -> Result<(), (usize, String)> {
    for column in columns {
        let values = || by_id.values().filter_map(|r| r.attribute(column)).filter(|v| !v.is_empty());
        let shaped = values().next().is_some() && values().all(dates::has_date_shape);
        if !(dates::is_date_name(column) || shaped) {
            continue;
        }
        for respondent in by_id.values_mut() {
            let line = lines.get(&respondent.id).copied().unwrap_or(0);
            for (name, value) in respondent.attributes.iter_mut().filter(|(n, v)| n == column && !v.is_empty()) {
                let date = dates::parse_date(value)
                    .map_err(|why| (line, format!("{unit} {line}, column `{name}`: {why}; {}", dates::advice())))?;
                *value = date.iso();
            }
        }
    }
    Ok(())
}

/// The rows of two respondents files together (`[sources] respondents` may list several): the
/// columns of both, in order; an id in both is an error naming the two files.
pub fn merge(
    mut first: Respondents,
    first_path: &Path,
    second: Respondents,
    path: &Path,
) -> Result<Respondents, CorpusError> {
    for column in &second.columns {
        if !first.columns.contains(column) {
            first.columns.push(column.clone());
        }
    }
    for (id, row) in second.by_id {
        if first.by_id.contains_key(&id) {
            return Err(CorpusError::Respondents {
                path: path.to_path_buf(),
                line: 1,
                message: format!(
                    "respondent '{id}' also has a row in {}; keep one of the two rows",
                    first_path.display()
                ),
            });
        }
        first.by_id.insert(id, row);
    }
    Ok(first)
}

#[cfg(test)]
mod tests {
    #[test]
    fn two_files_merge_and_a_shared_id_is_named() {
        let a = parse_respondents(Path::new("a.csv"), "id,role\nD1,expert\n").unwrap();
        let b = parse_respondents(Path::new("b.csv"), "id,date\nD2,2024-01-01\n").unwrap();
        let both = merge(a, Path::new("a.csv"), b, Path::new("b.csv")).unwrap();
        assert_eq!(both.columns, vec!["role", "date"]);
        assert_eq!(both.by_id.keys().collect::<Vec<_>>(), vec!["D1", "D2"]);
        let a = parse_respondents(Path::new("a.csv"), "id\nD1\n").unwrap();
        let again = parse_respondents(Path::new("b.csv"), "id\nD1\n").unwrap();
        let err = merge(a, Path::new("a.csv"), again, Path::new("b.csv")).unwrap_err().to_string();
        assert!(err.contains("b.csv") && err.contains("'D1'") && err.contains("a.csv"), "{err}");
    }

    use super::*;

    fn parse(content: &str) -> Result<Respondents, CorpusError> {
        parse_respondents(Path::new("respondents.csv"), content)
    }

    #[test]
    fn semicolons_as_dutch_excel_writes_them() {
        let r = parse("id;rol;domein\nD1;expert;zorg\nD2 ; professional ; buiten de zorg\n").unwrap();
        assert_eq!(r.columns, vec!["rol", "domein"]);
        assert_eq!(r.by_id["D2"].attribute("domein"), Some("buiten de zorg"));
    }

    #[test]
    fn commas_with_quoted_fields() {
        let r = parse("ID,organisation\nD1,\"Zorg, Welzijn en Wonen\"\n").unwrap();
        assert_eq!(r.by_id["D1"].attribute("organisation"), Some("Zorg, Welzijn en Wonen"));
    }

    #[test]
    fn duplicate_id_names_the_line() {
        let err = parse("id,role\nD1,a\nD1,b\n").unwrap_err().to_string();
        assert!(err.contains("line 3"), "{err}");
        assert!(err.contains("'D1' appears twice"), "{err}");
    }

    #[test]
    fn missing_id_column_and_ragged_rows() {
        let err = parse("naam,rol\nD1,a\n").unwrap_err().to_string();
        assert!(err.contains("no `id` column"), "{err}");
        let err = parse("id,role\nD1,a,extra\n").unwrap_err().to_string();
        assert!(err.contains("line 2"), "{err}");
    }

    #[test]
    fn xlsx_first_worksheet() {
        let bytes = crate::corpus::sheet::tiny_xlsx(&[
            &["id", "rol", "volgorde"],
            &["D1", "expert", "3"],
            &["D2", "cliënt", "1"],
        ]);
        let r = read_respondents_xlsx(Path::new("r.xlsx"), &bytes).unwrap();
        assert_eq!(r.columns, vec!["rol", "volgorde"]);
        assert_eq!(r.by_id["D2"].attribute("rol"), Some("cliënt"));
        assert_eq!(r.by_id["D1"].attribute("volgorde"), Some("3"));
        let bad = crate::corpus::sheet::tiny_xlsx(&[&["naam", "rol"], &["D1", "x"]]);
        let err = read_respondents_xlsx(Path::new("r.xlsx"), &bad).unwrap_err().to_string();
        assert!(err.contains("r.xlsx") && err.contains("no `id` column"), "{err}");
        let err = read_respondents_xlsx(Path::new("r.xlsx"), b"PK\x03\x04broken").unwrap_err().to_string();
        assert!(err.contains("r.xlsx"), "{err}");
    }

    /// Regression (issue 14): dates are parsed, kept as ISO 8601 and refused when impossible.
    #[test]
    fn dates_are_read_in_dutch_forms_and_impossible_ones_name_the_line() {
        let r = parse("id,interview_date,volgorde\nD1,10-02-2024,2\nD2,5 maart 2024,10\nD3,,1\n").unwrap();
        assert_eq!(r.by_id["D1"].attribute("interview_date"), Some("2024-02-10"));
        assert_eq!(r.by_id["D2"].attribute("interview_date"), Some("2024-03-05"));
        assert_eq!(r.by_id["D3"].attribute("interview_date"), Some(""));
        assert_eq!(r.by_id["D2"].attribute("volgorde"), Some("10"));
        for (bad, line) in [("D1,2024-02-01\nD2,2024-13-45\n", 3), ("D1,gisteren\n", 2)] {
            let err = parse(&format!("id,interview_date\n{bad}")).unwrap_err().to_string();
            assert!(err.contains(&format!("line {line}")) && err.contains("interview_date"), "{err}");
            assert!(err.contains("respondents.csv") && err.contains("2024-03-05"), "{err}");
        }
        // A column of date-shaped values is a date column whatever its name.
        let err = parse("id,gesprek\nD1,31-02-2024\n").unwrap_err().to_string();
        assert!(err.contains("gesprek") && err.contains("not a date that exists"), "{err}");
    }

    /// Regression (issue 14): an Excel date cell is a date, not the serial number 45363.
    #[test]
    fn xlsx_date_cells_are_dates() {
        let mut book = rust_xlsxwriter::Workbook::new();
        let sheet = book.add_worksheet();
        let date = rust_xlsxwriter::Format::new().set_num_format("dd-mm-yyyy");
        sheet.write(0, 0, "id").unwrap();
        sheet.write(0, 1, "gesprek").unwrap();
        sheet.write(1, 0, "D1").unwrap();
        // Serial 45363 counts days from 1899-12-30: 2024-03-12.
        sheet.write_with_format(1, 1, 45363.0, &date).unwrap();
        let bytes = book.save_to_buffer().unwrap();
        let r = read_respondents_xlsx(Path::new("r.xlsx"), &bytes).unwrap();
        assert_eq!(r.by_id["D1"].attribute("gesprek"), Some("2024-03-12"));
    }

    /// Regression (issue 14): a control character in an attribute crashed the figure drawing.
    #[test]
    fn control_characters_in_ids_and_attributes_name_the_line_and_column() {
        let err = parse("id,role\nD1,a\nD2,ex\u{1}pert\n").unwrap_err().to_string();
        assert!(err.contains("line 3") && err.contains("`role`") && err.contains("U+0001"), "{err}");
        let err = parse("id,role\n\"D1\nD2\",a\n").unwrap_err().to_string();
        assert!(err.contains("`id`") && err.contains("U+000A"), "{err}");
    }

    #[test]
    fn empty_file() {
        assert!(parse("").unwrap_err().to_string().contains("empty"));
    }

    #[test]
    fn many_rows() {
        let mut content = String::from("id,group\n");
        for i in 0..20_000 {
            content.push_str(&format!("R{i},g{}\n", i % 7));
        }
        let r = parse(&content).unwrap();
        assert_eq!(r.by_id.len(), 20_000);
        // 19999 = 7 × 2857, so its group is g0.
        assert_eq!(r.by_id["R19999"].attribute("group"), Some("g0"));
    }
}
