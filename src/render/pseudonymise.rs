//! Pseudonymisation: real names of persons, organisations and places replaced by pseudonyms in
//! every text that leaves the program, and a last check that none slipped through.
//!
//! The mapping is a CSV file named by `[output] pseudonyms` in `analyse.toml`, with a header
//! `real,pseudonym` and an optional third column `kind` (person, organisation, place; Dutch
//! persoon, organisatie, plaats also accepted). Matching is whole-word and case-insensitive
//! (Unicode), longest name first, so "Stichting De Brug" is replaced before "De Brug".
//!
//! [`Pseudonyms::apply`] is called on the texts the render stage writes (table cells, quotes,
//! figure labels, the report); [`Pseudonyms::check`] then scans every output file in memory,
//! before anything is written, and fails naming the mapping file and line of a real name that
//! still appears — so a run either writes pseudonymised outputs or nothing.

use std::io::Read;
use std::path::{Path, PathBuf};

use regex::Regex;

use crate::render::OutputFile;

/// Mistakes in the mapping file, and real names found in an output.
#[derive(Debug, thiserror::Error)]
pub enum PseudonymError {
    #[error("cannot read the pseudonym file {path}: {source}")]
    Read { path: PathBuf, source: std::io::Error },
    #[error("{path}:{line}: {message}")]
    Invalid { path: PathBuf, line: usize, message: String },
    #[error(
        "{output} (line {output_line}) contains the real name '{real}' that {path}:{line} maps to a pseudonym; the text comes from an input the mapping was not applied to (e.g. the project title or a file name): change that input, or fix the mapping"
    )]
    Leak { path: PathBuf, line: usize, real: String, output: String, output_line: usize },
}

/// One line of the mapping.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mapping {
    pub real: String,
    pub pseudonym: String,
    pub kind: Option<String>,
    /// 1-based line in the mapping file.
    pub line: usize,
}

/// The mapping of a project (empty when it has none: then nothing changes).
#[derive(Debug, Clone, Default)]
pub struct Pseudonyms {
    /// Path as shown in messages (relative to the project).
    pub path: PathBuf,
    pub mappings: Vec<Mapping>,
    /// All real names as one case-insensitive alternation, longest first.
    matcher: Option<Regex>,
}

const KINDS: [&str; 6] = ["person", "organisation", "place", "persoon", "organisatie", "plaats"];

impl Pseudonyms {
    /// No mapping: [`apply`](Self::apply) returns its input and [`check`](Self::check) passes.
    pub fn none() -> Self {
        Self::default()
    }

    /// Reads a mapping file; `shown` is its path as messages name it.
    pub fn load(path: &Path, shown: &Path) -> Result<Self, PseudonymError> {
        let bytes = std::fs::read(path).map_err(|source| PseudonymError::Read { path: shown.to_path_buf(), source })?;
        Self::from_bytes(&bytes, shown)
    }

    /// A mapping from the bytes of its file (read once with the run's other inputs).
    pub fn from_bytes(bytes: &[u8], shown: &Path) -> Result<Self, PseudonymError> {
        let text = crate::corpus::text::decode(bytes).map_err(|problem| {
            let line = match problem {
                crate::corpus::text::DecodeProblem::NotUtf8 { line } => line,
                crate::corpus::text::DecodeProblem::NotText { line, .. } => line,
                crate::corpus::text::DecodeProblem::Utf16 => 1,
            };
            PseudonymError::Invalid { path: shown.to_path_buf(), line, message: problem.to_string() }
        })?;
        Self::parse(shown, &text)
    }

    /// Parses the text of a mapping file; `path` is only used in messages.
    pub fn parse(path: &Path, text: &str) -> Result<Self, PseudonymError> {
        let invalid =
            |line: usize, message: String| PseudonymError::Invalid { path: path.to_path_buf(), line, message };
        let header = text.lines().next().unwrap_or("");
        if header.trim().is_empty() {
            return Err(invalid(
                1,
                "the file is empty; the first line must be `real,pseudonym` (optionally `,kind`)".into(),
            ));
        }
        let delimiter = if header.matches(';').count() > header.matches(',').count() { b';' } else { b',' };
        let mut reader = csv::ReaderBuilder::new().delimiter(delimiter).flexible(true).from_reader(text.as_bytes());
        let columns: Vec<String> =
            reader.headers().map_err(|e| invalid(1, e.to_string()))?.iter().map(|h| h.trim().to_lowercase()).collect();
        let position = |name: &str| columns.iter().position(|c| c == name);
        let (Some(real_col), Some(pseudo_col)) = (position("real"), position("pseudonym")) else {
            return Err(invalid(
                1,
                format!("the header must name the columns `real` and `pseudonym` (found: {})", columns.join(", ")),
            ));
        };
        let kind_col = position("kind");
        let mut mappings: Vec<Mapping> = Vec::new();
        for record in reader.records() {
            let record = record.map_err(|e| {
                let line = e.position().map(|p| line_at(text, p.byte() as usize)).unwrap_or(0);
                invalid(line, e.to_string())
            })?;
            // The byte offset, not the csv crate's line count, which skips blank lines.
            let line = record.position().map(|p| line_at(text, p.byte() as usize)).unwrap_or(0);
            if record.iter().all(|f| f.trim().is_empty()) {
                continue;
            }
            let field = |c: usize| record.get(c).unwrap_or("").trim().to_string();
            let (real, pseudonym) = (field(real_col), field(pseudo_col));
            if real.is_empty() {
                return Err(invalid(line, "empty real name; fill it in or delete the line".into()));
            }
            if !real.chars().any(char::is_alphanumeric) {
                return Err(invalid(
                    line,
                    format!("'{real}' has no letter or digit, so it cannot be matched as a word"),
                ));
            }
            if pseudonym.is_empty() {
                return Err(invalid(line, format!("no pseudonym for '{real}'")));
            }
            let kind = kind_col.map(field).filter(|k| !k.is_empty());
            if let Some(k) = &kind {
                if !KINDS.contains(&k.to_lowercase().as_str()) {
                    return Err(invalid(
                        line,
                        format!("kind '{k}' is not one of person, organisation, place (persoon, organisatie, plaats)"),
                    ));
                }
            }
            if let Some(earlier) = mappings.iter().find(|m| m.real.to_lowercase() == real.to_lowercase()) {
                return Err(invalid(line, format!("'{real}' is already mapped on line {}", earlier.line)));
            }
            mappings.push(Mapping { real, pseudonym, kind, line });
        }
        let mut pseudonyms = Self { path: path.to_path_buf(), mappings, matcher: None };
        pseudonyms.matcher = pseudonyms.build_matcher();
        // A pseudonym that contains a real name would be caught by the final check on every
        // run; say so here, where the fix is.
        for m in &pseudonyms.mappings {
            if let Some(found) = pseudonyms.find(&m.pseudonym) {
                return Err(invalid(
                    m.line,
                    format!(
                        "the pseudonym '{}' contains the real name '{}' (line {})",
                        m.pseudonym, found.real, found.line
                    ),
                ));
            }
        }
        Ok(pseudonyms)
    }

    fn build_matcher(&self) -> Option<Regex> {
        if self.mappings.is_empty() {
            return None;
        }
        let mut names: Vec<&str> = self.mappings.iter().map(|m| m.real.as_str()).collect();
        names.sort_by(|a, b| b.chars().count().cmp(&a.chars().count()).then(a.cmp(b)));
        let word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
        let alternatives: Vec<String> = names
            .iter()
            .map(|n| {
                // \b only where the name starts or ends with a word character ("B.V." ends in '.').
                let start = if word(n.chars().next()) { r"\b" } else { "" };
                let end = if word(n.chars().last()) { r"\b" } else { "" };
                // Any run of whitespace in the text matches a space in the name.
                let body: Vec<String> = n.split_whitespace().map(regex::escape).collect();
                format!("{start}{}{end}", body.join(r"\s+"))
            })
            .collect();
        Some(Regex::new(&format!("(?i)(?:{})", alternatives.join("|"))).expect("escaped names form a valid regex"))
    }

    /// Whether there is a mapping at all.
    pub fn is_empty(&self) -> bool {
        self.mappings.is_empty()
    }

    /// The mapping of the first real name found in `text`.
    fn find(&self, text: &str) -> Option<&Mapping> {
        let m = self.matcher.as_ref()?.find(text)?;
        self.mapping_of(m.as_str())
    }

    fn mapping_of(&self, found: &str) -> Option<&Mapping> {
        let key = found.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase();
        self.mappings.iter().find(|m| m.real.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase() == key)
    }

    /// `text` with every real name replaced by its pseudonym.
    pub fn apply(&self, text: &str) -> String {
        let Some(matcher) = &self.matcher else {
            return text.to_string();
        };
        matcher
            .replace_all(text, |caps: &regex::Captures| {
                self.mapping_of(&caps[0]).map(|m| m.pseudonym.clone()).unwrap_or_else(|| caps[0].to_string())
            })
            .into_owned()
    }

    /// Applies the mapping to every text cell of a table (captions and column names included).
    pub fn apply_table(&self, table: &mut crate::table::Table) {
        if self.is_empty() {
            return;
        }
        table.caption = self.apply(&table.caption);
        for row in &mut table.rows {
            for cell in row {
                if let crate::table::Cell::Text(s) = cell {
                    *s = self.apply(s);
                }
            }
        }
    }

    /// Fails if any output still contains a real name. Text files are searched as they are;
    /// `.xlsx` files entry by entry after unzipping; PNG and Parquet files are drawn or
    /// written from texts that are checked in their SVG and CSV siblings.
    pub fn check(&self, files: &[OutputFile]) -> Result<(), PseudonymError> {
        if self.is_empty() {
            return Ok(());
        }
        for file in files {
            if file.path.ends_with(".png") || file.path.ends_with(".parquet") {
                continue;
            }
            if file.path.ends_with(".xlsx") {
                for (entry, text) in zip_texts(&file.bytes) {
                    self.check_text(&format!("{} ({entry})", file.path), &unescape_xml(&text))?;
                }
                continue;
            }
            let text = String::from_utf8_lossy(&file.bytes);
            self.check_text(&file.path, &text)?;
            // Markup escapes "&" and quotes, so "Zorg & Co" would not be found as written.
            if [".html", ".svg"].iter().any(|ext| file.path.ends_with(ext)) {
                self.check_text(&file.path, &unescape_xml(&text))?;
            }
        }
        Ok(())
    }

    fn check_text(&self, output: &str, text: &str) -> Result<(), PseudonymError> {
        let Some(matcher) = &self.matcher else {
            return Ok(());
        };
        if let Some(m) = matcher.find(text) {
            let mapping = self.mapping_of(m.as_str()).expect("every match is a mapped name");
            return Err(PseudonymError::Leak {
                path: self.path.clone(),
                line: mapping.line,
                real: mapping.real.clone(),
                output: output.to_string(),
                output_line: text[..m.start()].matches('\n').count() + 1,
            });
        }
        Ok(())
    }
}

/// 1-based line of the record that starts at a byte offset. The csv crate reports a record
/// as starting before the blank lines it skipped, so those are stepped over first.
fn line_at(text: &str, byte: usize) -> usize {
    let bytes = text.as_bytes();
    let mut start = byte.min(bytes.len());
    while start < bytes.len() && matches!(bytes[start], b'\n' | b'\r') {
        start += 1;
    }
    bytes[..start].iter().filter(|&&b| b == b'\n').count() + 1
}

/// The text entries of a zip archive (an `.xlsx`), by name; unreadable entries are skipped.
fn zip_texts(bytes: &[u8]) -> Vec<(String, String)> {
    let Ok(mut archive) = zip::ZipArchive::new(std::io::Cursor::new(bytes)) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for i in 0..archive.len() {
        let Ok(mut entry) = archive.by_index(i) else { continue };
        let mut text = String::new();
        if entry.read_to_string(&mut text).is_ok() {
            out.push((entry.name().map(|n| n.to_string()).unwrap_or_default(), text));
        }
    }
    out
}

/// The predefined XML entities and the numeric ones HTML templates write for quotes and
/// slashes, so that "Zorg &amp; Co" is searched as "Zorg & Co".
fn unescape_xml(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&#x27;", "'")
        .replace("&#39;", "'")
        .replace("&#x2f;", "/")
        .replace("&amp;", "&")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Pseudonyms, PseudonymError> {
        Pseudonyms::parse(Path::new("pseudoniemen.csv"), text)
    }

    #[test]
    fn whole_words_case_insensitive_longest_first() {
        let p = parse(
            "real,pseudonym,kind\nJansen,Respondent A,person\nDe Brug,Organisatie X,organisation\nStichting De Brug,Zorgaanbieder Y,organisation\nÉmile,Persoon B,person\n",
        )
        .unwrap();
        assert_eq!(
            p.apply("Mevrouw JANSEN werkt bij Stichting De Brug."),
            "Mevrouw Respondent A werkt bij Zorgaanbieder Y."
        );
        // Not inside other words: "Jansens" and "Brugge" stay.
        assert_eq!(p.apply("Jansens uit Brugge"), "Jansens uit Brugge");
        assert_eq!(p.apply("de brug\nen émile"), "Organisatie X\nen Persoon B");
        assert_eq!(p.apply("geen namen"), "geen namen");
    }

    #[test]
    fn semicolons_and_names_ending_in_a_dot() {
        let p = parse("real;pseudonym\nZorg B.V.;Aanbieder Z\n").unwrap();
        assert_eq!(p.apply("bij Zorg B.V. gewerkt"), "bij Aanbieder Z gewerkt");
    }

    #[test]
    fn broken_mapping_files_name_the_line() {
        let line_of = |text: &str| match parse(text) {
            Err(PseudonymError::Invalid { line, .. }) => line,
            other => panic!("expected an invalid-file error, got {other:?}"),
        };
        assert_eq!(line_of(""), 1);
        assert_eq!(line_of("naam,alias\nJansen,A\n"), 1);
        assert_eq!(line_of("real,pseudonym\nJansen,\n"), 2);
        assert_eq!(line_of("real,pseudonym\n,A\n"), 2);
        assert_eq!(line_of("real,pseudonym\nJansen,A\n\njansen,B\n"), 4);
        assert_eq!(line_of("real,pseudonym,kind\nJansen,A,hond\n"), 2);
        assert_eq!(line_of("real,pseudonym\nJansen,A\nPietersen,Jansen junior\n"), 3);
        assert_eq!(line_of("real,pseudonym\n---,A\n"), 2);
    }

    #[test]
    fn check_names_mapping_line_and_output() {
        let p = parse("real,pseudonym\nAmsterdam,Stad A\nJansen,R1\n").unwrap();
        let files = vec![
            OutputFile::new("quotes/quotes.md", "R1 zegt\nniets"),
            OutputFile::new("figures/x.png", "Jansen in pixels"),
            OutputFile::new("report.html", "<p>Titel</p>\n<p>in jansen-stijl</p>"),
        ];
        match p.check(&files) {
            Err(PseudonymError::Leak { line, output, output_line, real, .. }) => {
                assert_eq!((line, output.as_str(), output_line, real.as_str()), (3, "report.html", 2, "Jansen"));
            }
            other => panic!("expected a leak, got {other:?}"),
        }
        assert!(p.check(&files[..2]).is_ok());
        // Escaped in markup, still found.
        let p = parse("real,pseudonym\nZorg & Co,Z\n").unwrap();
        assert!(p.check(&[OutputFile::new("report.html", "<td>bij Zorg &amp; Co</td>")]).is_err());
        assert!(Pseudonyms::none().check(&files).is_ok());
    }

    #[test]
    fn utf16_windows_1252_and_bom_utf8_are_read_and_binary_is_an_error_with_a_line() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p.csv");
        let mut bytes = vec![0xFF, 0xFE];
        for unit in "real;pseudonym\r\nCliënt Éva;[cliënt]\r\n".encode_utf16() {
            bytes.extend_from_slice(&unit.to_le_bytes());
        }
        std::fs::write(&path, bytes).unwrap();
        let p = Pseudonyms::load(&path, Path::new("p.csv")).unwrap();
        assert_eq!(p.apply("zei cliënt éva gisteren"), "zei [cliënt] gisteren");
        // Windows-1252 "é" (0xE9), as Excel on Windows saves a CSV.
        std::fs::write(&path, b"real,pseudonym\nRen\xe9,X\n").unwrap();
        assert_eq!(Pseudonyms::load(&path, Path::new("p.csv")).unwrap().apply("René zei"), "X zei");
        // 0x81 on line 2: not UTF-8, and undefined in Windows-1252.
        std::fs::write(&path, b"real,pseudonym\nCli\x81nt,X\n").unwrap();
        let err = Pseudonyms::load(&path, Path::new("p.csv")).unwrap_err();
        assert!(matches!(err, PseudonymError::Invalid { line: 2, .. }), "{err}");
        std::fs::write(&path, "\u{feff}real;pseudonym\r\nCliënt Éva;[cliënt]\r\n").unwrap();
        let p = Pseudonyms::load(&path, Path::new("p.csv")).unwrap();
        assert_eq!(p.apply("zei cliënt éva gisteren"), "zei [cliënt] gisteren");
    }

    #[test]
    fn unreadable_file_is_named() {
        let err = Pseudonyms::load(Path::new("/nonexistent/p.csv"), Path::new("p.csv")).unwrap_err();
        assert!(err.to_string().contains("p.csv"), "{err}");
    }

    #[test]
    fn huge_mapping_files_load() {
        let mut text = String::from("real,pseudonym\n");
        for i in 0..5000 {
            text.push_str(&format!("Naam{i},P{i}\n"));
        }
        let p = parse(&text).unwrap();
        assert_eq!(p.apply("Naam4999 en Naam12"), "P4999 en P12");
    }
}
