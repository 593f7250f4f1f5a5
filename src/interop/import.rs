//! Bringing another tool's coded data into the project: matching its sources to the
//! project's transcripts and its codes to the project's codebooks, placing every segment, and
//! writing the result as new files.
//!
//! `analyse import FILE --project DIR` writes, for an input `<name>.<ext>`:
//! - `coded/imported/<name>.csv`: the codings in the generic format
//!   (`document,start,end,code,coder,text`), ready for `[sources] coded` or `[coding] gold`;
//! - `coded/imported/<name>.problems.csv`: segments that could not be placed (document not in
//!   the project, text not found or found more than once), so that nothing is dropped silently;
//! - `codebooks/imported/<name>.yaml`: codes the project's codebooks lack (no rules);
//! - `coded/imported/<name>.respondents.csv`: cases and their variables;
//! - `coded/imported/<name>.notes.md`: project notes and memos;
//! - `transcripts/imported/<id>.txt`: texts of sources the project lacks (REFI-QDA only).
//!
//! It never overwrites: if any of these files exists the import stops, names it, and writes
//! nothing.

use std::path::{Path, PathBuf};

use super::model::{ImportedProject, ImportedSegment, InteropError};
use super::place::{place_segments, DocumentMatch, Placement};
use super::slug::slug;
use crate::codebook::Codebook;
use crate::coding::manual::ManualCoding;
use crate::corpus::Corpus;

/// Reads any supported file by its extension.
pub fn read_imported(path: &Path) -> Result<ImportedProject, InteropError> {
    let bytes = std::fs::read(path).map_err(|e| InteropError::new(path, "file", format!("cannot be read ({e})")))?;
    let extension = path.extension().map(|e| e.to_string_lossy().to_lowercase()).unwrap_or_default();
    match extension.as_str() {
        "qdpx" => super::qdpx_read::read_qdpx(path, &bytes),
        "qdc" => super::qdpx_read::read_qdc(path, &bytes),
        "csv" | "tsv" | "txt" | "xlsx" => {
            let sheet = crate::corpus::sheet::read_sheet(path, &bytes)?;
            super::formats::from_sheet(path, &sheet)
        }
        _ => Err(InteropError::new(
            path,
            "file",
            format!("'.{extension}' files cannot be imported; use .qdpx, .qdc, or a CSV/XLSX export of MAXQDA, ATLAS.ti or Taguette"),
        )),
    }
}

/// One placed coding, by document and code id.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct PlacedCoding {
    pub document: String,
    pub start: usize,
    pub end: usize,
    pub code: String,
    pub coder: String,
    pub text: String,
    /// Where it stood in the imported file.
    pub place: String,
}

/// A segment that could not be placed, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub place: String,
    pub document: String,
    pub code: String,
    pub coder: String,
    pub reason: String,
    pub text: String,
}

/// A code the project's codebooks lack.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewCode {
    pub id: String,
    pub label: String,
    pub parent: Option<String>,
    pub description: String,
    pub colour: Option<String>,
}

/// The imported data matched to the project.
#[derive(Debug, Clone, Default)]
pub struct Matched {
    pub codings: Vec<PlacedCoding>,
    pub problems: Vec<Problem>,
    pub new_codes: Vec<NewCode>,
    /// Sources the project lacks, with their text: (document id, text).
    pub new_transcripts: Vec<(String, String)>,
    /// Segments placed by their offsets, and by locating their text.
    pub by_offset: usize,
    pub located: usize,
    pub ambiguous: usize,
    pub not_found: usize,
    pub missing_document: usize,
}

/// Extensions a source name may carry that are not part of the document id.
const SOURCE_EXTENSIONS: [&str; 10] = ["txt", "docx", "doc", "rtf", "odt", "pdf", "md", "vtt", "srt", "text"];

/// The document id a source name stands for: its file name without a source extension.
pub fn source_document_id(name: &str) -> String {
    document_candidates(name).remove(0)
}

fn document_candidates(name: &str) -> Vec<String> {
    let mut stem = name.trim().to_string();
    if let Some((base, ext)) = stem.rsplit_once('.') {
        if SOURCE_EXTENSIONS.contains(&ext.to_lowercase().as_str()) {
            stem = base.to_string();
        }
    }
    if let Some((_, base)) = stem.rsplit_once(['/', '\\']) {
        stem = base.to_string();
    }
    vec![stem]
}

/// Matches an imported project to the corpus and codebook (see the module documentation).
pub fn match_to_project(imported: &ImportedProject, corpus: &Corpus, codebook: &Codebook) -> Matched {
    let mut matched = Matched::default();
    let code_ids = match_codes(imported, codebook, &mut matched.new_codes);
    let documents = match_sources(imported, corpus, &mut matched.new_transcripts);
    let placements = place_segments(imported, &documents);
    for (segment, placement) in imported.segments.iter().zip(placements) {
        let document = documents[segment.source].as_ref().map(|d| d.id.as_str()).unwrap_or("");
        matched.record(imported, segment, document, code_ids[segment.code].clone(), placement);
    }
    // A coding the file holds twice (same document, span, code and coder) counts once.
    matched.codings.sort();
    matched.codings.dedup_by(|a, b| {
        (&a.document, a.start, a.end, &a.code, &a.coder) == (&b.document, b.start, b.end, &b.code, &b.coder)
    });
    matched
}

/// The project's code id for every imported code, in order: the code with the same id, with
/// its slug as id, or with the same label (case-insensitive); else a new code, added to
/// `new_codes`.
fn match_codes(imported: &ImportedProject, codebook: &Codebook, new_codes: &mut Vec<NewCode>) -> Vec<String> {
    let mut taken: Vec<String> = codebook.codes.iter().map(|c| c.id.clone()).collect();
    let mut code_ids: Vec<String> = Vec::with_capacity(imported.codes.len());
    for (i, code) in imported.codes.iter().enumerate() {
        let name = code.name.trim();
        let existing = codebook
            .index_of(name)
            .or_else(|| codebook.index_of(&slug(name)))
            .or_else(|| codebook.codes.iter().position(|c| c.label.trim().eq_ignore_ascii_case(name)));
        if let Some(e) = existing {
            code_ids.push(codebook.codes[e].id.clone());
            continue;
        }
        let id = free_code_id(imported, i, name, &taken);
        taken.push(id.clone());
        new_codes.push(NewCode {
            id: id.clone(),
            label: name.to_string(),
            parent: code.parent.map(|p| code_ids[p].clone()),
            description: code.description.clone(),
            colour: code.colour.clone(),
        });
        code_ids.push(id);
    }
    code_ids
}

/// An id for a new code that no code has yet: the slug of its name (`code` when that is
/// empty); when taken, the slug of its whole path (a child named like another code);
/// numbered `-2`, `-3`, … while still taken.
fn free_code_id(imported: &ImportedProject, code: usize, name: &str, taken: &[String]) -> String {
    // A name without Latin letters or digits (协力, Ответственность, an emoji) has no slug;
    // its id is then `code-<n>` after its place among the imported codes, which is stable
    // for the same file and always a valid codebook id.
    let numbered = || format!("code-{}", code + 1);
    let mut id = Some(slug(name)).filter(|s| !s.is_empty()).unwrap_or_else(numbered);
    if taken.contains(&id) {
        id = Some(slug(&imported.code_path(code).join(" "))).filter(|s| !s.is_empty()).unwrap_or_else(numbered);
    }
    let base = id.clone();
    let mut n = 2;
    while taken.contains(&id) {
        id = format!("{base}-{n}");
        n += 1;
    }
    id
}

/// The document of every imported source, in order: the document whose id is the source's
/// name (without extension), else the one with the same text, else — when the source carries
/// its text — a new transcript, added to `new_transcripts`; None when there is none.
fn match_sources<'a>(
    imported: &'a ImportedProject,
    corpus: &'a Corpus,
    new_transcripts: &mut Vec<(String, String)>,
) -> Vec<Option<DocumentMatch<'a>>> {
    let mut documents = Vec::with_capacity(imported.sources.len());
    for source in &imported.sources {
        let by_name = document_candidates(&source.name)
            .into_iter()
            .find_map(|c| corpus.documents.iter().find(|d| d.id == c || d.id.eq_ignore_ascii_case(&c)));
        let by_text = || source.text.as_ref().and_then(|t| corpus.documents.iter().find(|d| &d.text == t));
        documents.push(match (by_name.or_else(by_text), &source.text) {
            (Some(doc), text) => Some(DocumentMatch {
                id: doc.id.clone(),
                text: doc.text.as_str(),
                offsets_usable: text.as_ref().is_none_or(|t| *t == doc.text),
            }),
            (None, Some(text)) => {
                let id = new_document_id(&source.name, corpus, new_transcripts);
                new_transcripts.push((id.clone(), text.clone()));
                Some(DocumentMatch { id, text: text.as_str(), offsets_usable: true })
            }
            (None, None) => None,
        });
    }
    documents
}

/// An id for a source the project lacks: its name without extension, with every character
/// that is not a letter, digit, `-` or `_` replaced (it becomes a file name), numbered `-2`,
/// `-3`, … while a document or an earlier new source has it.
fn new_document_id(name: &str, corpus: &Corpus, new_transcripts: &[(String, String)]) -> String {
    let base =
        document_candidates(name).remove(0).replace(|c: char| !(c.is_alphanumeric() || c == '-' || c == '_'), "_");
    let base = if base.is_empty() { "imported".to_string() } else { base };
    let mut id = base.clone();
    let mut n = 2;
    while corpus.documents.iter().any(|d| d.id == id) || new_transcripts.iter().any(|(t, _)| *t == id) {
        id = format!("{base}-{n}");
        n += 1;
    }
    id
}

impl Matched {
    /// Counts one segment's placement and keeps it as a coding of `document`, or as a problem
    /// that says why it could not be placed.
    fn record(
        &mut self,
        imported: &ImportedProject,
        segment: &ImportedSegment,
        document: &str,
        code: String,
        placement: Placement,
    ) {
        let (start, end, text) = match placement {
            Placement::Missing => {
                self.missing_document += 1;
                let reason = "the document is not among the project's transcripts; add it to [sources] transcripts (named after the document) and import again";
                return self.problem(imported, segment, code, reason.into(), segment.text.as_deref().unwrap_or(""));
            }
            Placement::Ambiguous(n, fragment) => {
                self.ambiguous += 1;
                let reason =
                    format!("the text occurs {n} times in document '{document}'; which one is meant is unknown");
                return self.problem(imported, segment, code, reason, &fragment);
            }
            Placement::NotFound(fragment) => {
                self.not_found += 1;
                let reason = format!("the text is not in document '{document}' (white space ignored)");
                return self.problem(imported, segment, code, reason, &fragment);
            }
            Placement::Offsets(s, e, text) => {
                self.by_offset += 1;
                (s, e, text)
            }
            Placement::Located(s, e, text) => {
                self.located += 1;
                (s, e, text)
            }
        };
        self.codings.push(PlacedCoding {
            document: document.to_string(),
            start,
            end,
            code,
            coder: segment.coder.clone(),
            text,
            place: segment.place.clone(),
        });
    }

    /// A segment that could not be placed, under its source's name in the imported file.
    fn problem(
        &mut self,
        imported: &ImportedProject,
        segment: &ImportedSegment,
        code: String,
        reason: String,
        text: &str,
    ) {
        self.problems.push(Problem {
            place: segment.place.clone(),
            document: imported.sources[segment.source].name.clone(),
            code,
            coder: segment.coder.clone(),
            reason,
            text: text.to_string(),
        });
    }
}

/// Why a `[sources] coded` file cannot be merged: the file itself, or a row of a generic CSV.
#[derive(Debug, thiserror::Error)]
pub enum CodedFileError {
    #[error(transparent)]
    Interop(#[from] InteropError),
    #[error(transparent)]
    Manual(#[from] crate::coding::manual::ManualCodingError),
}

/// Codings of a `[sources] coded` entry, checked against the corpus and codebook: a generic
/// CSV is read as it is; any other format must match the project for everything it codes
/// (every coded document and code, every segment placed), else the message points to
/// `analyse import`, which shows what is missing.
pub fn read_coded_file(
    path: &Path,
    shown: &str,
    corpus: &Corpus,
    codebook: &Codebook,
) -> Result<Vec<ManualCoding>, CodedFileError> {
    let imported = read_imported(path).map_err(|mut e| {
        e.path = PathBuf::from(shown);
        e
    })?;
    if imported.origin == "generic CSV" {
        return crate::coding::manual::read_manual_codings(path, shown, corpus, codebook)
            .map_err(CodedFileError::Manual);
    }
    let matched = match_to_project(&imported, corpus, codebook);
    let incomplete = |what: String| {
        InteropError::new(
            shown,
            "[sources] coded",
            format!("{what}; run `analyse import {shown}` to see the details and add what is missing"),
        )
    };
    // Codes and sources nobody coded do not matter here; those that carry codings must exist.
    let new_codes: Vec<&NewCode> =
        matched.new_codes.iter().filter(|n| matched.codings.iter().any(|c| c.code == n.id)).collect();
    if let Some(code) = new_codes.first() {
        return Err(incomplete(format!(
            "{} coded code(s) are not in the codebooks (first: '{}')",
            new_codes.len(),
            code.label
        ))
        .into());
    }
    let new_sources: Vec<&str> = matched
        .new_transcripts
        .iter()
        .map(|(id, _)| id.as_str())
        .filter(|id| matched.codings.iter().any(|c| c.document == *id))
        .collect();
    if let Some(id) = new_sources.first() {
        return Err(incomplete(format!(
            "{} coded source(s) are not among the transcripts (first: '{id}')",
            new_sources.len()
        ))
        .into());
    }
    if let Some(p) = matched.problems.first() {
        return Err(incomplete(format!(
            "{} segment(s) could not be placed (first: {}: {})",
            matched.problems.len(),
            p.place,
            p.reason
        ))
        .into());
    }
    Ok(matched
        .codings
        .iter()
        .map(|c| ManualCoding {
            document: corpus.documents.iter().position(|d| d.id == c.document).expect("matched to a document"),
            start: c.start,
            end: c.end,
            code: codebook.index_of(&c.code).expect("matched to a code"),
            coder: c.coder.clone(),
            origin: format!("{shown}: {}", c.place),
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codebook::parse_codebook;
    use crate::corpus::{parse_document, CorpusOptions};
    use crate::interop::model::{ImportedSegment, ImportedSource};

    #[test]
    fn generic_offsets_are_used_and_checked_by_their_text() {
        let options = CorpusOptions::default();
        // "I: Vraag?\n" is 10 characters, "R: " 3 more: "Wij" 13..16, "regie" 27..32.
        let doc = parse_document("D1".into(), "D1.txt", "I: Vraag?\nR: Wij hebben de regie.\n".into(), None, &options)
            .unwrap();
        let corpus = Corpus { documents: vec![doc], respondents: Default::default() };
        let (info, codes) =
            parse_codebook(Path::new("c.yaml"), "c.yaml", "codebook:\n  id: c\ncodes:\n  - id: regie\n").unwrap();
        let book = Codebook::new(vec![info], codes);
        let mut imported = ImportedProject::default();
        imported.sources.push(ImportedSource { name: "D1".into(), text: None });
        imported.code_by_path(&["regie"]);
        let segment = |span, text: Option<&str>| ImportedSegment {
            source: 0,
            span: Some(span),
            text: text.map(String::from),
            code: 0,
            coder: "s".into(),
            place: "line 2".into(),
        };
        // Right offsets; offsets without text; offsets whose text is elsewhere (located there);
        // offsets beyond the text with no text to look for (not found).
        imported.segments = vec![
            segment((27, 32), Some("regie")),
            segment((13, 16), None),
            segment((0, 5), Some("Wij")),
            segment((50, 60), None),
        ];
        let m = match_to_project(&imported, &corpus, &book);
        assert_eq!((m.by_offset, m.located, m.not_found), (2, 1, 1));
        let spans: Vec<(usize, usize, &str)> = m.codings.iter().map(|c| (c.start, c.end, c.text.as_str())).collect();
        assert_eq!(spans, vec![(13, 16, "Wij"), (27, 32, "regie")]);
    }
}
