//! Respondent attributes from a CSV file, as Excel (comma or semicolon) or R writes it.
//!
//! The file needs a column `id` (also accepted: `respondent`, `respondent_id`); every other
//! column is a free attribute whose name is the user's. Values are trimmed. A duplicate or
//! empty id is an error naming the line.

use std::collections::BTreeMap;
use std::path::Path;

use super::{text, CorpusError};

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

const ID_COLUMNS: [&str; 3] = ["id", "respondent", "respondent_id"];

/// Reads and checks a respondents CSV.
pub fn read_respondents(path: &Path) -> Result<Respondents, CorpusError> {
    let bytes = std::fs::read(path).map_err(|source| CorpusError::Read { path: path.to_path_buf(), source })?;
    respondents_from_bytes(path, &bytes)
}

/// [`read_respondents`] on bytes already read.
pub fn respondents_from_bytes(path: &Path, bytes: &[u8]) -> Result<Respondents, CorpusError> {
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
    let id_col = headers.iter().position(|h| ID_COLUMNS.contains(&h.to_lowercase().as_str())).ok_or_else(|| {
        invalid(1, format!("no `id` column (found: {}); name the respondent id column `id`", headers.join(", ")))
    })?;
    let columns: Vec<String> =
        headers.iter().enumerate().filter(|(i, _)| *i != id_col).map(|(_, h)| h.clone()).collect();
    let mut by_id = BTreeMap::new();
    for record in reader.records() {
        let record = record.map_err(|e| {
            let line = e.position().map(|p| p.line() as usize).unwrap_or(0);
            invalid(line, format!("{e}; every row needs {} fields separated by '{}'", headers.len(), delimiter as char))
        })?;
        let line = record.position().map(|p| p.line() as usize).unwrap_or(0);
        if record.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        let id = record.get(id_col).unwrap_or("").trim().to_string();
        if id.is_empty() {
            return Err(invalid(line, "empty respondent id".into()));
        }
        let attributes = headers
            .iter()
            .zip(record.iter())
            .enumerate()
            .filter(|(i, _)| *i != id_col)
            .map(|(_, (h, v))| (h.clone(), v.trim().to_string()))
            .collect();
        if by_id.insert(id.clone(), Respondent { id: id.clone(), attributes }).is_some() {
            return Err(invalid(line, format!("respondent id '{id}' appears twice; ids must be unique")));
        }
    }
    Ok(Respondents { columns, by_id })
}

#[cfg(test)]
mod tests {
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
