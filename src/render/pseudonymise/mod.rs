//! Pseudonymisation: real names of persons, organisations and places replaced by pseudonyms in
//! every text that leaves the program, and a last check that none slipped through.
//!
//! The mapping is a CSV file named by `[output] pseudonyms` in `analyse.toml`, with a header
//! `real,pseudonym` and an optional third column `kind` (person, organisation, place; Dutch
//! persoon, organisatie, plaats also accepted). Matching is whole-word and case-insensitive
//! (Unicode), longest name first, so "Stichting De Brug" is replaced before "De Brug".
//!
//! Names and texts are compared in one folded form (see [`fold`]): every run of whitespace as
//! one space and every character as one representative of its Unicode simple case-folding
//! class, so "Janſen" (long s) is "Jansen". All names are searched at once with an
//! Aho-Corasick automaton over the folded text, and a match carries the index of its name, so
//! what is found is always what is replaced and reported; the automaton has no size limit that
//! a long mapping could reach the way one large regular expression can.
//!
//! [`Pseudonyms::apply`] is called on the texts the render stage writes (table cells, quotes,
//! figure labels, the report); [`Pseudonyms::check`] then scans every output file in memory,
//! before anything is written, and fails naming the mapping file and line of a real name that
//! still appears — so a run either writes pseudonymised outputs or nothing.

mod fold;
mod matcher;
mod unescape;

use std::borrow::Cow;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::render::OutputFile;
use fold::fold;
use matcher::Matcher;
use unescape::{json_strings, unescape_backslashes, unescape_xml, zip_texts};

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
    #[error("{path}: the {names} real names cannot be searched for at once ({message}); split the mapping into shorter files or remove names that never occur")]
    TooLarge { path: PathBuf, names: usize, message: String },
    #[error("{output} could not be read back from its temporary file beside the output folder to check it for real names ({message}); check that the disk there is not full or failing and run again")]
    Unreadable { output: String, message: String },
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
    /// All real names, folded, in one automaton; `None` without a mapping.
    matcher: Option<Matcher>,
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
        let text = crate::corpus::text::decode(bytes).map_err(|problem| PseudonymError::Invalid {
            path: shown.to_path_buf(),
            line: problem.line(),
            message: problem.to_string(),
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
        let mut seen: HashMap<String, usize> = HashMap::new();
        let lines = LineIndex::new(text);
        for record in reader.records() {
            let record = record.map_err(|e| {
                let line = e.position().map(|p| lines.line_at(p.byte() as usize)).unwrap_or(0);
                invalid(line, e.to_string())
            })?;
            // The byte offset, not the csv crate's line count, which skips blank lines.
            let line = record.position().map(|p| lines.line_at(p.byte() as usize)).unwrap_or(0);
            if record.iter().all(|f| f.trim().is_empty()) {
                continue;
            }
            let field = |c: usize| record.get(c).unwrap_or("").trim().to_string();
            let (real, pseudonym) = (field(real_col), field(pseudo_col));
            let kind = kind_col.map(field).filter(|k| !k.is_empty());
            check_fields(&real, &pseudonym, kind.as_deref()).map_err(|message| invalid(line, message))?;
            // Two spellings that fold alike are one name: the text cannot tell them apart.
            if let Some(earlier) = seen.insert(fold(&real), line) {
                return Err(invalid(line, format!("'{real}' is already mapped on line {earlier}")));
            }
            mappings.push(Mapping { real, pseudonym, kind, line });
        }
        let matcher = Matcher::new(&mappings, path)?;
        let pseudonyms = Self { path: path.to_path_buf(), mappings, matcher };
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

    /// Whether there is a mapping at all.
    pub fn is_empty(&self) -> bool {
        self.mappings.is_empty()
    }

    /// The mapping of the first real name found in `text`.
    fn find(&self, text: &str) -> Option<&Mapping> {
        let found = self.matcher.as_ref()?.find_all(text).into_iter().next()?;
        self.mappings.get(found.mapping)
    }

    /// `text` with every real name replaced by its pseudonym.
    pub fn apply(&self, text: &str) -> String {
        let Some(matcher) = &self.matcher else {
            return text.to_string();
        };
        let mut out = String::with_capacity(text.len());
        let mut copied = 0;
        for found in matcher.find_all(text) {
            let Some(mapping) = self.mappings.get(found.mapping) else { continue };
            out.push_str(&text[copied..found.start]);
            out.push_str(&mapping.pseudonym);
            copied = found.end;
        }
        out.push_str(&text[copied..]);
        out
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
    ///
    /// The files are searched in parallel (rayon); the error reported is the first file's in
    /// their order, whatever the thread count.
    pub fn check(&self, files: &[OutputFile]) -> Result<(), PseudonymError> {
        use rayon::prelude::*;
        if self.is_empty() {
            return Ok(());
        }
        let results: Vec<Result<(), PseudonymError>> = files.par_iter().map(|f| self.check_file(f)).collect();
        results.into_iter().collect()
    }

    fn check_file(&self, file: &OutputFile) -> Result<(), PseudonymError> {
        if file.path.ends_with(".png") || file.path.ends_with(".parquet") {
            return Ok(());
        }
        if file.path.ends_with(".xlsx") {
            for (entry, text) in zip_texts(&file.bytes()) {
                self.check_text(&format!("{} ({entry})", file.path), &unescape_xml(&text), 0)?;
            }
            return Ok(());
        }
        // A spilled file (a large study's `coded_segments.csv`) comes a few MB at a time, each
        // piece ending at a line end; line numbers count on from the pieces before.
        let (mut leak, mut lines_before) = (None, 0);
        let read = file.for_each_chunk(|chunk| {
            if let Err(e) = self.check_piece(&file.path, chunk, lines_before) {
                leak = Some(e);
                return Err(std::io::Error::other("a real name was found"));
            }
            lines_before += chunk.iter().filter(|&&b| b == b'\n').count();
            Ok(())
        });
        match (leak, read) {
            (Some(leak), _) => Err(leak),
            (None, Err(e)) => Err(PseudonymError::Unreadable { output: file.path.clone(), message: e.to_string() }),
            (None, Ok(())) => Ok(()),
        }
    }

    /// Searches the bytes of an output (or a piece of one that starts after `lines_before`
    /// lines) as they are and as a reader of its format sees them.
    fn check_piece(&self, path: &str, bytes: &[u8], lines_before: usize) -> Result<(), PseudonymError> {
        let text = String::from_utf8_lossy(bytes);
        self.check_text(path, &text, lines_before)?;
        // Every format escapes something, so a name is also searched for in the text as a
        // reader sees it: markup escapes "&" and quotes, LaTeX and Markdown put a
        // backslash before specials, JSON escapes quotes and line breaks.
        if [".html", ".svg", ".xml", ".qde"].iter().any(|ext| path.ends_with(ext)) {
            if let Cow::Owned(unescaped) = unescape_xml(&text) {
                self.check_text(path, &unescaped, lines_before)?;
            }
        }
        if [".tex", ".md"].iter().any(|ext| path.ends_with(ext)) {
            self.check_text(path, &unescape_backslashes(&text), lines_before)?;
        }
        if path.ends_with(".json") {
            self.check_text(path, &json_strings(bytes), lines_before)?;
        }
        Ok(())
    }

    fn check_text(&self, output: &str, text: &str, lines_before: usize) -> Result<(), PseudonymError> {
        let Some(matcher) = &self.matcher else {
            return Ok(());
        };
        let Some(found) = matcher.find_all(text).into_iter().next() else {
            return Ok(());
        };
        let (line, real) = match self.mappings.get(found.mapping) {
            Some(mapping) => (mapping.line, mapping.real.clone()),
            None => (0, text[found.start..found.end].to_string()),
        };
        Err(PseudonymError::Leak {
            path: self.path.clone(),
            line,
            real,
            output: output.to_string(),
            output_line: lines_before + text[..found.start].matches('\n').count() + 1,
        })
    }
}

/// What is wrong with one line of the mapping, if anything.
fn check_fields(real: &str, pseudonym: &str, kind: Option<&str>) -> Result<(), String> {
    if real.is_empty() {
        return Err("empty real name; fill it in or delete the line".into());
    }
    if !real.chars().any(char::is_alphanumeric) {
        return Err(format!("'{real}' has no letter or digit, so it cannot be matched as a word"));
    }
    if pseudonym.is_empty() {
        return Err(format!("no pseudonym for '{real}'"));
    }
    match kind {
        Some(k) if !KINDS.contains(&k.to_lowercase().as_str()) => {
            Err(format!("kind '{k}' is not one of person, organisation, place (persoon, organisatie, plaats)"))
        }
        _ => Ok(()),
    }
}

/// 1-based lines of byte offsets in the mapping file, found by binary search over the
/// positions of its line breaks (counting them anew for each record would take time that
/// grows with the square of the file's length).
struct LineIndex<'a> {
    bytes: &'a [u8],
    newlines: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    fn new(text: &'a str) -> Self {
        let bytes = text.as_bytes();
        Self { bytes, newlines: bytes.iter().enumerate().filter(|(_, &b)| b == b'\n').map(|(i, _)| i).collect() }
    }

    /// The line of the record that starts at `byte`. The csv crate reports a record as
    /// starting before the blank lines it skipped, so those are stepped over first.
    fn line_at(&self, byte: usize) -> usize {
        let mut start = byte.min(self.bytes.len());
        while start < self.bytes.len() && matches!(self.bytes[start], b'\n' | b'\r') {
            start += 1;
        }
        self.newlines.partition_point(|&nl| nl < start) + 1
    }
}

#[cfg(test)]
mod tests;
