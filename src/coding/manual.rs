//! Manual codings from a CSV file: what a human coder marked, with character offsets.
//!
//! The documented generic format (`data-sample/coded/README.md`) has the header
//! `document,start,end,code,coder` and an optional `text` column repeating the fragment.
//! Offsets count characters in the document's text as `analyse` reads it (see
//! [`crate::corpus::text`]). Every row is checked against the corpus and codebook: the
//! document and code must exist, the span must lie inside the text, and `text`, when given,
//! must equal the text at the span — so that shifted offsets are caught, not silently counted.
//!
//! Nobody can see offsets in a Word transcript, so a row may leave `start` and `end` empty (or
//! the file may have no such columns) and give the fragment in `text`: it is then found in the
//! document as `analyse import` finds an exported fragment ([`crate::corpus::locate`]: white
//! space ignored, everything else exact), and must occur exactly once. The file may be
//! separated by commas or by semicolons (Dutch Excel's "CSV"), told from its header line.

use std::path::{Path, PathBuf};

use crate::codebook::Codebook;
use crate::corpus::text::CharIndex;
use crate::corpus::Corpus;

/// One fragment a coder marked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ManualCoding {
    /// Index into `Corpus::documents`.
    pub document: usize,
    /// Character offsets, end exclusive.
    pub start: usize,
    pub end: usize,
    /// Index into `Codebook::codes`.
    pub code: usize,
    pub coder: String,
    /// File and line the coding came from, for listings.
    pub origin: String,
}

/// A row of a manual coding file that cannot be used. `line` is 0 when the problem is not on
/// one line (the file cannot be read) or the message already says where.
#[derive(Debug, thiserror::Error)]
pub struct ManualCodingError {
    pub path: PathBuf,
    pub line: usize,
    pub message: String,
}

impl std::fmt::Display for ManualCodingError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.line {
            0 => write!(f, "{}: {}", self.path.display(), self.message),
            line => write!(f, "{}: line {line}: {}", self.path.display(), self.message),
        }
    }
}

/// A CSV reading error in words a researcher can act on.
fn csv_problem(error: &csv::Error) -> String {
    match error.kind() {
        csv::ErrorKind::UnequalLengths { expected_len, len, .. } => format!(
            "this row has {len} fields where the header has {expected_len}; check the commas and quotes of this row (a fragment with a comma must be in double quotes)"
        ),
        _ => error.to_string(),
    }
}

const REQUIRED: [&str; 3] = ["document", "code", "coder"];

/// The separator of a CSV file, from its header line: a semicolon when the header has more
/// semicolons than commas (as Excel writes "CSV" in a Dutch locale), else a comma.
pub fn separator(content: &str) -> u8 {
    let header = content.lines().next().unwrap_or("");
    if header.matches(';').count() > header.matches(',').count() {
        b';'
    } else {
        b','
    }
}

/// Reads one manual coding CSV and checks every row against the corpus and codebook.
/// `shown` names the file in messages and in every coding's origin, as the user knows it
/// (relative to the project): the origins reach the evaluation tables, which must not depend
/// on the folder the run was started from or name a reader's home folder.
pub fn read_manual_codings(
    path: &Path,
    shown: &str,
    corpus: &Corpus,
    codebook: &Codebook,
) -> Result<Vec<ManualCoding>, ManualCodingError> {
    let bytes = std::fs::read(path).map_err(|e| ManualCodingError {
        path: PathBuf::from(shown),
        line: 0,
        message: format!("cannot read the file: {e}"),
    })?;
    manual_codings_from_bytes(Path::new(shown), &bytes, corpus, codebook)
}

/// [`read_manual_codings`] on the bytes of the file (in any encoding [`crate::corpus::text`]
/// reads); `path` names it in messages and in every coding's origin.
pub fn manual_codings_from_bytes(
    path: &Path,
    bytes: &[u8],
    corpus: &Corpus,
    codebook: &Codebook,
) -> Result<Vec<ManualCoding>, ManualCodingError> {
    let fail = |line: usize, message: String| ManualCodingError { path: path.to_path_buf(), line, message };
    let content = crate::corpus::text::decode(bytes).map_err(|p| fail(0, p.to_string()))?;
    let mut reader = csv::ReaderBuilder::new().delimiter(separator(&content)).from_reader(content.as_bytes());
    let headers: Vec<String> =
        reader.headers().map_err(|e| fail(1, e.to_string()))?.iter().map(|h| h.trim().to_lowercase()).collect();
    let column = |name: &str| headers.iter().position(|h| h == name);
    let text_col = column("text");
    let (start_col, end_col) = (column("start"), column("end"));
    let offsets_needed = |c: &str| text_col.is_none() || !matches!(c, "start" | "end");
    let missing: Vec<&str> = ["document", "start", "end", "code", "coder"]
        .into_iter()
        .filter(|&c| offsets_needed(c) && column(c).is_none())
        .collect();
    if !missing.is_empty() {
        return Err(fail(
            1,
            format!(
                "missing column(s) {}; the header must be `document,start,end,code,coder[,text]`, or `document,code,coder,text` to give fragments by their text",
                missing.join(", ")
            ),
        ));
    }
    let [doc_col, code_col, coder_col] = REQUIRED.map(|c| column(c).expect("checked above"));
    let indexes: Vec<CharIndex> = corpus.documents.iter().map(|d| CharIndex::new(&d.text)).collect();
    let shown = path.display().to_string();
    let mut codings = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| fail(e.position().map(|p| p.line() as usize).unwrap_or(0), csv_problem(&e)))?;
        let line = record.position().map(|p| p.line() as usize).unwrap_or(0);
        let field = |i: usize| record.get(i).unwrap_or("").trim();
        let doc_id = field(doc_col);
        let document = corpus
            .documents
            .iter()
            .position(|d| d.id == doc_id)
            .ok_or_else(|| fail(line, format!("document '{doc_id}' is not in the project's transcripts")))?;
        let code_id = field(code_col);
        let code = codebook
            .index_of(code_id)
            .ok_or_else(|| fail(line, format!("code '{code_id}' is not in the codebooks")))?;
        let text = text_col.map(|t| record.get(t).unwrap_or(""));
        let span = Row { doc_id, start: start_col.map(field), end: end_col.map(field), text };
        let (start, end) =
            span.locate(&corpus.documents[document].text, &indexes[document]).map_err(|m| fail(line, m))?;
        codings.push(ManualCoding {
            document,
            start,
            end,
            code,
            coder: field(coder_col).to_string(),
            origin: format!("{shown}:{line}"),
        });
    }
    Ok(codings)
}

/// The place of one row's fragment as the file gives it.
struct Row<'a> {
    doc_id: &'a str,
    start: Option<&'a str>,
    end: Option<&'a str>,
    text: Option<&'a str>,
}

impl Row<'_> {
    /// Character offsets of the fragment: from `start` and `end` (checked against `text`), or,
    /// when both are empty, by finding `text` in the document.
    fn locate(&self, doc_text: &str, index: &CharIndex) -> Result<(usize, usize), String> {
        let (start, end) = (self.start.unwrap_or(""), self.end.unwrap_or(""));
        let text = self.text.unwrap_or("");
        if start.is_empty() && end.is_empty() {
            return self.find(doc_text, text);
        }
        let number = |value: &str, name: &str| -> Result<usize, String> {
            value.parse().map_err(|_| format!("{name} '{value}' is not a whole number of characters"))
        };
        let (start, end) = (number(start, "start")?, number(end, "end")?);
        let (doc_id, length) = (self.doc_id, index.len_chars());
        if start >= end || end > length {
            return Err(format!(
                "the span {start}..{end} is not inside document '{doc_id}' (0..{length}), or is empty"
            ));
        }
        let actual = &doc_text[index.byte_of_char(start)..index.byte_of_char(end)];
        if !text.is_empty() && actual != text {
            return Err(format!("the text at {start}..{end} of '{doc_id}' is \"{}\", not the fragment in the `text` column; the offsets or the transcript changed", shorten(actual, 60)));
        }
        Ok((start, end))
    }

    /// Finds the fragment by its text, which must occur once.
    fn find(&self, doc_text: &str, text: &str) -> Result<(usize, usize), String> {
        use crate::corpus::locate::{Located, Locator};
        let doc_id = self.doc_id;
        if text.is_empty() {
            return Err("give the fragment's start and end, or its text in the `text` column".into());
        }
        match Locator::new(doc_text).find(text) {
            Located::Found(start, end) => Ok((start, end)),
            Located::Ambiguous(n) => Err(format!(
                "the fragment \"{}\" occurs {n} times in '{doc_id}'; quote more of it, or give start and end",
                shorten(text, 60)
            )),
            Located::NotFound => Err(format!(
                "the fragment \"{}\" is not in '{doc_id}' (compared ignoring white space); copy it from the transcript as analyse reads it (docs/import.md, \"Manual codings\")",
                shorten(text, 60)
            )),
        }
    }
}

fn shorten(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        format!("{}…", s.chars().take(max).collect::<String>())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codebook::parse_codebook;
    use crate::corpus::{parse_document, CorpusOptions};

    fn setup() -> (Corpus, Codebook) {
        let options = CorpusOptions::default();
        let doc = parse_document("D1".into(), "D1.txt", "I: Vraag?\nR: Wij hebben de regie.\n".into(), None, &options)
            .unwrap();
        let (info, codes) =
            parse_codebook(Path::new("c.yaml"), "c.yaml", "codebook:\n  id: c\ncodes:\n  - id: regie\n").unwrap();
        (Corpus { documents: vec![doc], respondents: Default::default() }, Codebook::new(vec![info], codes))
    }

    fn read(content: &str) -> Result<Vec<ManualCoding>, String> {
        let (corpus, book) = setup();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("gold.csv");
        std::fs::write(&path, content).unwrap();
        read_manual_codings(&path, &path.display().to_string(), &corpus, &book).map_err(|e| e.to_string())
    }

    #[test]
    fn offsets_are_checked_against_the_text() {
        // "I: Vraag?\n" is 10 characters, "R: " 3 more: "Wij" starts at 13, "hebben" at 17,
        // "de" at 24, "regie" at 27..32.
        let ok = read("document,start,end,code,coder,text\nD1,27,32,regie,sanne,regie\n").unwrap();
        assert_eq!((ok[0].start, ok[0].end, ok[0].coder.as_str()), (27, 32, "sanne"));
        let err = read("document,start,end,code,coder,text\nD1,26,31,regie,sanne,regie\n").unwrap_err();
        assert!(err.contains("line 2") && err.contains("\" regi\""), "{err}");
    }

    #[test]
    fn unknown_document_code_and_bad_spans() {
        assert!(read("document,start,end,code,coder\nD9,1,2,regie,s\n").unwrap_err().contains("document 'D9'"));
        assert!(read("document,start,end,code,coder\nD1,1,2,plan,s\n").unwrap_err().contains("code 'plan'"));
        assert!(read("document,start,end,code,coder\nD1,5,5,regie,s\n").unwrap_err().contains("not inside"));
        assert!(read("document,start,end,code,coder\nD1,5,999,regie,s\n").unwrap_err().contains("not inside"));
        assert!(read("document,start,end,code,coder\nD1,x,9,regie,s\n").unwrap_err().contains("not a whole number"));
        assert!(read("document,begin,end,code\n").unwrap_err().contains("missing column(s) start, coder"));
        assert!(read("").unwrap_err().contains("missing column"));
    }

    #[test]
    fn broken_rows_and_odd_encodings_name_the_line_once() {
        let err = read("document,start,end,code,coder\nD1,27,32,\"regie\n").unwrap_err();
        assert!(err.contains("line 2: this row has 4 fields where the header has 5"), "{err}");
        let (corpus, book) = setup();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("gold.csv");
        // 0x81 is not UTF-8 and is undefined in Windows-1252.
        std::fs::write(&path, b"document,start,end,code,coder\nD1,27,32,regie,Ren\x81\n").unwrap();
        let err = read_manual_codings(&path, &path.display().to_string(), &corpus, &book).unwrap_err().to_string();
        assert!(err.contains("gold.csv: line 2") && err.matches("line").count() == 1, "{err}");
    }

    #[test]
    fn fragments_by_text_and_semicolon_files() {
        // Dutch Excel: semicolons, no offsets; "de regie" is found at 24..32 (see above).
        let ok = read("document;code;coder;text\nD1;regie;sanne;de  regie\n").unwrap();
        assert_eq!((ok[0].start, ok[0].end), (24, 32));
        // An empty start and end with a text: found too; a comma inside a semicolon file is text.
        let ok = read("document;start;end;code;coder;text\nD1;;;regie;s;Wij hebben\nD1;27;32;regie;s;regie\n").unwrap();
        assert_eq!(ok.iter().map(|c| (c.start, c.end)).collect::<Vec<_>>(), vec![(13, 23), (27, 32)]);
        // "e" twice in "hebben", once in "de", twice in "regie".
        let err = read("document;code;coder;text\nD1;regie;s;e\n").unwrap_err();
        assert!(err.contains("line 2") && err.contains("occurs 5 times in 'D1'"), "{err}");
        let err = read("document;code;coder;text\nD1;regie;s;de sturing\n").unwrap_err();
        assert!(err.contains("is not in 'D1'") && err.contains("docs/import.md"), "{err}");
        let err = read("document;code;coder;text\nD1;regie;s;\n").unwrap_err();
        assert!(err.contains("give the fragment's start and end, or its text"), "{err}");
        assert!(read("document;code;coder\n").unwrap_err().contains("missing column(s) start, end"));
    }

    #[test]
    fn a_huge_file_is_read_row_by_row() {
        // 100,000 rows of the same valid coding: all are kept, none is dropped.
        let mut content = String::from("document,start,end,code,coder\n");
        for _ in 0..100_000 {
            content.push_str("D1,27,32,regie,sanne\n");
        }
        assert_eq!(read(&content).unwrap().len(), 100_000);
    }
}
