//! Sources → corpus: documents cut into segments, and the respondents who speak in them.
//!
//! This stage reads transcripts and respondent attributes and knows nothing of codes. Every
//! segment carries its character offsets into its document's text (see [`text`]) and the
//! respondent who speaks, so that later stages can count per respondent and group.

pub mod dates;
pub mod docx;
mod error;
mod file_error;
pub mod headers;
pub mod locate;
mod options;
pub mod pdf_text;
pub mod respondents;
pub mod safe_zip;
mod segment;
pub mod sheet;
pub mod subtitles;
pub mod text;
pub mod transcript;
mod xlsx_extent;

use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

pub use error::CorpusError;
pub use file_error::FileError;
pub use headers::HeaderLine;
pub use options::{default_interviewer_labels, CorpusOptions, Unit};
pub use respondents::{Respondent, Respondents};
pub use segment::segment_turns;

/// What kind of source a document is; decides wording in reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DocumentKind {
    /// One respondent (and an interviewer).
    Interview,
    /// Several respondents in one conversation.
    FocusGroup,
}

/// Who speaks in a segment.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Speaker {
    Interviewer,
    /// A respondent, by id.
    Respondent(String),
}

/// A span of a document's text: one unit that codes are applied to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Segment {
    /// Position of the segment in its document, from 1.
    pub ordinal: usize,
    /// Character offsets into the document's text, end exclusive.
    pub start: usize,
    pub end: usize,
    /// Byte offsets of the same span; internal, never written out.
    pub byte_start: usize,
    pub byte_end: usize,
    pub unit: Unit,
    pub speaker: Speaker,
    /// The speaker label as written in the transcript.
    pub label: String,
    pub timestamp: Option<String>,
}

/// One transcript.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Document {
    /// Stable id: the file name without extension (`D7` for `D7.txt`).
    pub id: String,
    /// Path relative to the project folder, for messages and the manifest.
    pub source: String,
    pub kind: DocumentKind,
    /// Respondents who speak in the document, sorted.
    pub respondents: Vec<String>,
    /// Full normalised text; offsets of segments refer to it.
    pub text: String,
    pub segments: Vec<Segment>,
    /// Labelled header lines above the first turn (`Datum: …`), which are not turns.
    #[serde(default)]
    pub headers: Vec<HeaderLine>,
}

impl Document {
    /// The text of a segment.
    pub fn segment_text(&self, segment: &Segment) -> &str {
        &self.text[segment.byte_start..segment.byte_end]
    }
}

/// All documents of a study, in the order of [`document_order`], plus the respondents.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Corpus {
    pub documents: Vec<Document>,
    pub respondents: Respondents,
}

/// A transcript to read: its path, and the path as the user sees it (relative to the project).
pub type SourceFile = (PathBuf, String);

/// Reads the respondents and every transcript from disk (transcripts in parallel).
pub fn read_corpus(
    transcripts: &[SourceFile],
    respondents: Option<&Path>,
    options: &CorpusOptions,
) -> Result<Corpus, CorpusError> {
    read_corpus_with(transcripts, respondents, options, &|path: &Path| std::fs::read(path))
}

/// [`read_corpus`] with the file bytes supplied by `read`: a run reads and hashes its inputs
/// once (`crate::run::inputs`) and parses those same bytes here.
pub fn read_corpus_with(
    transcripts: &[SourceFile],
    respondents: Option<&Path>,
    options: &CorpusOptions,
    read: &(dyn Fn(&Path) -> std::io::Result<Vec<u8>> + Sync),
) -> Result<Corpus, CorpusError> {
    let read_bytes = |path: &Path| read(path).map_err(|source| CorpusError::Read { path: path.to_path_buf(), source });
    let respondents = match respondents {
        Some(path) => Some(respondents::respondents_from_bytes(path, &read_bytes(path)?)?),
        None => None,
    };
    let documents: Vec<Document> = transcripts
        .par_iter()
        .map(|(path, shown)| {
            let bytes = read_bytes(path)?;
            transcript_from_bytes(path, shown, &bytes, respondents.as_ref(), options)
        })
        .collect::<Result<_, _>>()?;
    build_corpus(documents, respondents.unwrap_or_default())
}

/// Checks document ids for clashes and sorts documents naturally (D2 before D10).
pub fn build_corpus(mut documents: Vec<Document>, respondents: Respondents) -> Result<Corpus, CorpusError> {
    documents.sort_by(|a, b| natural_cmp(&a.id, &b.id).then_with(|| a.source.cmp(&b.source)));
    for pair in documents.windows(2) {
        if pair[0].id == pair[1].id {
            return Err(CorpusError::DuplicateDocument {
                id: pair[0].id.clone(),
                first: pair[0].source.clone(),
                second: pair[1].source.clone(),
            });
        }
    }
    Ok(Corpus { documents, respondents })
}

/// Transcript formats this version reads, by file extension.
pub const TRANSCRIPT_EXTENSIONS: [&str; 6] = ["txt", "md", "text", "vtt", "srt", "docx"];

/// Reads one transcript file into a document; the format follows the file extension and the
/// encoding is `options.encoding` (detected by default).
pub fn read_transcript(
    path: &Path,
    shown: &str,
    respondents: Option<&Respondents>,
    options: &CorpusOptions,
) -> Result<Document, CorpusError> {
    let bytes = std::fs::read(path).map_err(|source| CorpusError::Read { path: path.to_path_buf(), source })?;
    transcript_from_bytes(path, shown, &bytes, respondents, options)
}

/// [`read_transcript`] on bytes already read; `path` decides the format and the id.
pub fn transcript_from_bytes(
    path: &Path,
    shown: &str,
    bytes: &[u8],
    respondents: Option<&Respondents>,
    options: &CorpusOptions,
) -> Result<Document, CorpusError> {
    let encoding = options.encoding;
    let extension = path.extension().map(|e| e.to_string_lossy().to_lowercase()).unwrap_or_default();
    let id = document_id(path);
    let shown_path = PathBuf::from(shown);
    if let Some(c) = id.chars().find(|c| c.is_control()) {
        return Err(CorpusError::ControlInName { path: shown_path, code: format!("U+{:04X}", c as u32) });
    }
    let decode = |bytes: &[u8]| {
        text::decode_with(bytes, encoding)
            .map_err(|problem| CorpusError::Encoding { path: shown_path.clone(), problem })
    };
    let format_error = |line: usize, message: String| CorpusError::Format { path: shown_path.clone(), line, message };
    let (text, turns) = match extension.as_str() {
        "txt" if pdf_text::is_pdf_text(&path.to_string_lossy()) => {
            let text = pdf_text::clean_pdf_text(&decode(bytes)?);
            let turns = transcript::parse_turns(&text);
            (text, turns)
        }
        "txt" | "md" | "text" => {
            let text = decode(bytes)?;
            let turns = transcript::parse_turns(&text);
            (text, turns)
        }
        "vtt" | "srt" => {
            let rebuilt = subtitles::parse_subtitles(&decode(bytes)?, extension == "vtt")
                .map_err(|p| format_error(p.line, p.message))?;
            // Subtitle cues have no header lines: every voice is a speaker.
            return finish_document(id, shown, rebuilt.text, Vec::new(), rebuilt.turns, respondents, options);
        }
        "docx" => {
            let text = text::normalise(
                &docx::docx_text(bytes).map_err(|m| CorpusError::Docx { path: shown_path.clone(), message: m })?,
            );
            let turns = transcript::parse_turns(&text);
            (text, turns)
        }
        _ => return Err(CorpusError::UnsupportedFormat { path: shown_path, extension }),
    };
    build_document(id, shown, text, turns, respondents, options)
}

/// Builds a document from a plain-text transcript: finds the turns, resolves speakers, cuts
/// segments.
pub fn parse_document(
    id: String,
    shown: &str,
    text: String,
    respondents: Option<&Respondents>,
    options: &CorpusOptions,
) -> Result<Document, CorpusError> {
    let turns = transcript::parse_turns(&text);
    build_document(id, shown, text, turns, respondents, options)
}

/// Builds a document from its text and the turns found in it, whatever the source format.
fn build_document(
    id: String,
    shown: &str,
    text: String,
    turns: Vec<transcript::RawTurn>,
    respondents: Option<&Respondents>,
    options: &CorpusOptions,
) -> Result<Document, CorpusError> {
    let is_speaker = |label: &str| {
        options.interviewer_labels.iter().any(|l| l.eq_ignore_ascii_case(label))
            || looks_like_respondent_id(label)
            || respondents.is_some_and(|r| r.by_id.contains_key(label))
    };
    let (headers, turns) = headers::split_headers(turns, &is_speaker);
    finish_document(id, shown, text, headers, turns, respondents, options)
}

/// Resolves the speakers of the turns and cuts the segments.
fn finish_document(
    id: String,
    shown: &str,
    text: String,
    headers: Vec<HeaderLine>,
    turns: Vec<transcript::RawTurn>,
    respondents: Option<&Respondents>,
    options: &CorpusOptions,
) -> Result<Document, CorpusError> {
    let path = PathBuf::from(shown);
    if turns.is_empty() {
        return Err(CorpusError::NoTurns { hint: no_turns_hint(&path, &headers), path });
    }
    let mut speakers = Vec::with_capacity(turns.len());
    for turn in &turns {
        speakers.push(resolve_speaker(&id, &path, turn, respondents, options)?);
    }
    let mut ids: Vec<String> = speakers
        .iter()
        .filter_map(|s| match s {
            Speaker::Respondent(r) => Some(r.clone()),
            Speaker::Interviewer => None,
        })
        .collect();
    ids.sort_by(|a, b| natural_cmp(a, b));
    ids.dedup();
    let kind = if ids.len() > 1 { DocumentKind::FocusGroup } else { DocumentKind::Interview };
    let segments = segment_turns(&text, &turns, &speakers, options.unit);
    Ok(Document { id, source: shown.to_string(), kind, respondents: ids, text, segments, headers })
}

/// What the turn parser looked for, in the words of the file's format, for the "no speaker
/// turns" message.
fn no_turns_hint(path: &Path, headers: &[HeaderLine]) -> String {
    let docx = path.extension().is_some_and(|e| e.eq_ignore_ascii_case("docx"));
    let mut hint = if docx {
        "in this Word file, looked for paragraphs that start with a speaker label and a colon \
         (`Interviewer: …`, `R: …`), a bold name at the start of a paragraph or alone on its line \
         (**Anja**), or a name with a timestamp on its own line (`Anja 00:01:12`)"
            .to_string()
    } else {
        "looked for lines that start with a speaker label and a colon (`I:`, `R:`, `Interviewer:`, \
         `Anja:`, optionally after `[00:12:31]`) or a name with a timestamp on its own line \
         (`Anja 00:01:12`)"
            .to_string()
    };
    if !headers.is_empty() {
        let labels: Vec<String> = headers.iter().map(|h| format!("`{}:` (line {})", h.label, h.line)).collect();
        hint.push_str(&format!("; only header lines were found ({}), which are not turns", labels.join(", ")));
    }
    hint
}

/// A turn's speaker: the interviewer, a respondent named by the label (`D7:`, `F2:`), or else
/// the document's own respondent, whose id is the file name.
fn resolve_speaker(
    doc_id: &str,
    path: &Path,
    turn: &transcript::RawTurn,
    respondents: Option<&Respondents>,
    options: &CorpusOptions,
) -> Result<Speaker, CorpusError> {
    if options.interviewer_labels.iter().any(|l| l.eq_ignore_ascii_case(&turn.label)) {
        return Ok(Speaker::Interviewer);
    }
    let Some(respondents) = respondents else {
        // Without a respondents file every non-interviewer turn belongs to the document.
        return Ok(Speaker::Respondent(doc_id.to_string()));
    };
    if respondents.by_id.contains_key(&turn.label) {
        return Ok(Speaker::Respondent(turn.label.clone()));
    }
    if looks_like_respondent_id(&turn.label) {
        return Err(CorpusError::UnknownRespondent {
            path: path.to_path_buf(),
            line: turn.line,
            id: turn.label.clone(),
        });
    }
    if respondents.by_id.contains_key(doc_id) {
        return Ok(Speaker::Respondent(doc_id.to_string()));
    }
    Err(CorpusError::UnknownRespondent { path: path.to_path_buf(), line: turn.line, id: doc_id.to_string() })
}

/// `D7`, `F12`, `R3`: letters then digits, the usual shape of anonymised respondent ids.
fn looks_like_respondent_id(label: &str) -> bool {
    let letters = label.chars().take_while(|c| c.is_ascii_uppercase()).count();
    let rest = &label[letters..];
    (1..=3).contains(&letters) && !rest.is_empty() && rest.chars().all(|c| c.is_ascii_digit())
}

/// The document id of a file: its name without the extension.
pub fn document_id(path: &Path) -> String {
    let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    // `D3.pdf.txt` (PDF-extracted text) is document D3.
    match stem.len().checked_sub(4) {
        Some(cut) if pdf_text::is_pdf_text(&path.to_string_lossy()) && cut > 0 => stem[..cut].to_string(),
        _ => stem,
    }
}

/// Compares ids so that numbers inside them sort by value: D2 < D10 < F1.
pub fn natural_cmp(a: &str, b: &str) -> std::cmp::Ordering {
    fn chunks(s: &str) -> Vec<(bool, &str)> {
        let mut out = Vec::new();
        let mut start = 0;
        let mut chars = s.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            let digit = c.is_ascii_digit();
            let next_differs = chars.peek().map(|&(_, n)| n.is_ascii_digit() != digit).unwrap_or(true);
            if next_differs {
                let end = i + c.len_utf8();
                out.push((digit, &s[start..end]));
                start = end;
            }
        }
        out
    }
    let (ca, cb) = (chunks(a), chunks(b));
    for ((da, sa), (db, sb)) in ca.iter().zip(cb.iter()) {
        let ord = if *da && *db {
            let (ta, tb) = (sa.trim_start_matches('0'), sb.trim_start_matches('0'));
            ta.len().cmp(&tb.len()).then_with(|| ta.cmp(tb))
        } else {
            sa.cmp(sb)
        };
        if ord != std::cmp::Ordering::Equal {
            return ord;
        }
    }
    ca.len().cmp(&cb.len()).then_with(|| a.cmp(b))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn respondents(csv: &str) -> Respondents {
        respondents::parse_respondents(Path::new("r.csv"), csv).unwrap()
    }

    fn options() -> CorpusOptions {
        CorpusOptions::default()
    }

    #[test]
    fn natural_order_of_ids() {
        let mut ids = vec!["D10", "D2", "C1", "D1", "FG1", "D20"];
        ids.sort_by(|a, b| natural_cmp(a, b));
        assert_eq!(ids, vec!["C1", "D1", "D2", "D10", "D20", "FG1"]);
    }

    #[test]
    fn interview_segments_with_character_offsets() {
        let text = "I: Hoe gaat het?\nR: Goed, de cliënt belt.\n".to_string();
        let doc = parse_document("D1".into(), "D1.txt", text, Some(&respondents("id\nD1\n")), &options()).unwrap();
        assert_eq!(doc.kind, DocumentKind::Interview);
        assert_eq!(doc.respondents, vec!["D1"]);
        assert_eq!(doc.segments.len(), 2);
        let r = &doc.segments[1];
        assert_eq!(r.speaker, Speaker::Respondent("D1".into()));
        // "I: Hoe gaat het?\n" is 17 characters, "R: " three more: the turn starts at 20.
        // "Goed, de cliënt belt." is 21 characters (ë is one).
        assert_eq!((r.start, r.end), (20, 41));
        assert_eq!(doc.segment_text(r), "Goed, de cliënt belt.");
    }

    #[test]
    fn focus_group_turns_by_respondent_id() {
        let text = "I: Wie begint?\nF1: Ik.\nF2: Dan ik.\nF1: Nog iets.".to_string();
        let doc =
            parse_document("FG1".into(), "FG1.txt", text, Some(&respondents("id\nF1\nF2\n")), &options()).unwrap();
        assert_eq!(doc.kind, DocumentKind::FocusGroup);
        assert_eq!(doc.respondents, vec!["F1", "F2"]);
    }

    #[test]
    fn unknown_respondent_is_named_with_line() {
        let text = "I: Vraag\nD9: Antwoord".to_string();
        let err = parse_document("X".into(), "X.txt", text, Some(&respondents("id\nD1\n")), &options()).unwrap_err();
        let msg = err.to_string();
        assert!(msg.contains("X.txt") && msg.contains("line 2") && msg.contains("'D9'"), "{msg}");
        let text = "I: Vraag\nR: Antwoord".to_string();
        let err =
            parse_document("D99".into(), "D99.txt", text, Some(&respondents("id\nD1\n")), &options()).unwrap_err();
        assert!(err.to_string().contains("'D99'"), "{err}");
    }

    #[test]
    fn header_lines_are_not_coded_turns() {
        let text =
            "Datum: 5 maart 2024. Duur: 42 minuten.\nOnderwerp: samenwerking met de ggz\n\nI: Vraag?\nR: Antwoord.\n";
        let doc =
            parse_document("D1".into(), "D1.txt", text.into(), Some(&respondents("id\nD1\n")), &options()).unwrap();
        let labels: Vec<&str> = doc.segments.iter().map(|s| s.label.as_str()).collect();
        assert_eq!(labels, vec!["I", "R"]);
        let headers: Vec<(&str, usize)> = doc.headers.iter().map(|h| (h.label.as_str(), h.line)).collect();
        assert_eq!(headers, vec![("Datum", 1), ("Onderwerp", 2)]);
    }

    #[test]
    fn a_docx_without_turns_says_what_was_looked_for() {
        let err = parse_document("D1".into(), "D1.docx", "Gewoon een verslag.\n".into(), None, &options()).unwrap_err();
        let msg = err.to_string();
        assert!(msg.contains("D1.docx") && msg.contains("Word file") && msg.contains("bold name"), "{msg}");
        let err = parse_document("D2".into(), "D2.txt", "Datum: 1 mei\n".into(), None, &options()).unwrap_err();
        assert!(err.to_string().contains("only header lines were found (`Datum:` (line 1))"), "{err}");
    }

    #[test]
    fn transcript_without_turns_is_an_error() {
        let err = parse_document("D1".into(), "D1.txt", "\n\n".into(), None, &options()).unwrap_err();
        assert!(err.to_string().contains("D1.txt"), "{err}");
    }
}
