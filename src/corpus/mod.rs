//! Sources → corpus: documents cut into segments, and the respondents who speak in them.
//!
//! This stage reads transcripts and respondent attributes and knows nothing of codes. Every
//! segment carries its character offsets into its document's text (see [`text`]) and the
//! respondent who speaks, so that later stages can count per respondent and group.

pub mod dates;
mod document;
pub mod docx;
mod error;
mod file_error;
pub mod headers;
pub mod locate;
mod options;
pub mod pdf;
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

pub use document::turnless_document;
pub use error::CorpusError;
pub use file_error::FileError;
pub use headers::HeaderLine;
pub use options::{default_interviewer_labels, CorpusOptions, DocumentUnit, Unit};
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
    /// A text without speakers: a policy text, field notes, a memo (see [`document`]).
    Document,
}

/// Who speaks in a segment.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Speaker {
    Interviewer,
    /// A respondent, by id.
    Respondent(String),
    /// Nobody: the text of a document without speaker turns. Coded like a respondent's
    /// words, counted for no respondent.
    Document,
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
    /// Pages (from 1) of a PDF that had no extractable text, to tell the user (scans).
    /// Always serialised: the stage cache is bincode, which cannot skip fields.
    pub empty_pages: Vec<usize>,
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

impl Corpus {
    /// The size of every document's text in bytes (UTF-8).
    pub fn text_bytes(&self) -> usize {
        self.documents.iter().map(|d| d.text.len()).sum()
    }

    /// Lets every document's text go, keeping ids, speakers and segments. The render stage
    /// calls it once all that reads text is made: the text of a 100 MB study is 95 MB, which
    /// the rasterising, the workbook and the report no longer need (issue 15). Afterwards a
    /// segment's text cannot be read: [`Document::segment_text`] panics (its span lies past the
    /// end of an empty text) instead of giving an empty text, so a reader added later in the
    /// wrong place fails loudly in every test rather than misquoting in silence.
    pub fn release_texts(&mut self) {
        for document in &mut self.documents {
            document.text = String::new();
        }
    }
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

/// [`read_corpus`] with the documents of `[sources] documents` (see [`read_sources_with`]).
pub fn read_sources(
    transcripts: &[SourceFile],
    documents: &[SourceFile],
    respondents: &[PathBuf],
    options: &CorpusOptions,
) -> Result<Corpus, CorpusError> {
    read_sources_with(transcripts, documents, respondents, options, &|path: &Path| std::fs::read(path))
}

/// [`read_corpus`] with the file bytes supplied by `read`: a run reads and hashes its inputs
/// once (`crate::run::inputs`) and parses those same bytes here.
pub fn read_corpus_with(
    transcripts: &[SourceFile],
    respondents: Option<&Path>,
    options: &CorpusOptions,
    read: &(dyn Fn(&Path) -> std::io::Result<Vec<u8>> + Sync),
) -> Result<Corpus, CorpusError> {
    let respondents: Vec<PathBuf> = respondents.into_iter().map(Path::to_path_buf).collect();
    read_sources_with(transcripts, &[], &respondents, options, read)
}

/// [`read_corpus_with`] plus `documents`: files read as documents without speaker turns
/// whatever their lines look like (`[sources] documents`), so that a line such as
/// `Artikel 3: ...` in a policy text is not taken for a speaker; and any number of
/// respondents files, merged (rows added by `analyse import` live in a file of their own).
pub fn read_sources_with(
    transcripts: &[SourceFile],
    documents: &[SourceFile],
    respondents: &[PathBuf],
    options: &CorpusOptions,
    read: &(dyn Fn(&Path) -> std::io::Result<Vec<u8>> + Sync),
) -> Result<Corpus, CorpusError> {
    let read_bytes = |path: &Path| read(path).map_err(|source| CorpusError::Read { path: path.to_path_buf(), source });
    let mut merged: Option<(Respondents, &Path)> = None;
    for path in respondents {
        let file = respondents::respondents_from_bytes(path, &read_bytes(path)?)?;
        merged = Some(match merged {
            None => (file, path),
            Some((earlier, first)) => (respondents::merge(earlier, first, file, path)?, first),
        });
    }
    let respondents = merged.map(|(r, _)| r);
    let tagged: Vec<(&SourceFile, bool)> =
        transcripts.iter().map(|f| (f, false)).chain(documents.iter().map(|f| (f, true))).collect();
    let documents: Vec<Document> = tagged
        .par_iter()
        .map(|&((path, shown), as_document)| {
            let bytes = read_bytes(path)?;
            source_from_owned(path, shown, bytes, respondents.as_ref(), options, as_document)
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
pub const TRANSCRIPT_EXTENSIONS: [&str; 7] = ["txt", "md", "text", "vtt", "srt", "docx", "pdf"];

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
    source_from_bytes(path, shown, bytes, respondents, options, false)
}

/// A source file into a document: a transcript (a document when it has no turns), or with
/// `as_document` a document whatever its lines look like.
pub fn source_from_bytes(
    path: &Path,
    shown: &str,
    bytes: &[u8],
    respondents: Option<&Respondents>,
    options: &CorpusOptions,
    as_document: bool,
) -> Result<Document, CorpusError> {
    source_from_owned(path, shown, bytes.to_vec(), respondents, options, as_document)
}

/// [`source_from_bytes`] taking the bytes: a UTF-8 text file becomes the document's text in
/// the same buffer ([`text::decode_owned`]), so ingest holds one copy of a transcript.
fn source_from_owned(
    path: &Path,
    shown: &str,
    bytes: Vec<u8>,
    respondents: Option<&Respondents>,
    options: &CorpusOptions,
    as_document: bool,
) -> Result<Document, CorpusError> {
    let SourceText { id, text, turns, empty_pages, subtitles } = source_text(path, shown, bytes, options)?;
    let mut document = if as_document || turns.is_empty() {
        turnless_document(id, shown, text, options)?
    } else if subtitles {
        // Subtitle cues have no header lines: every voice is a speaker.
        finish_document(id, shown, text, Vec::new(), turns, respondents, options)?
    } else {
        build_document(id, shown, text, turns, respondents, options)?
    };
    document.empty_pages = empty_pages;
    Ok(document)
}

/// A source file read: its id, text and turns, the pages of a PDF without text, and whether it
/// came from subtitles (whose cues are all turns, never header lines).
struct SourceText {
    id: String,
    text: String,
    turns: Vec<transcript::RawTurn>,
    empty_pages: Vec<usize>,
    subtitles: bool,
}

/// Decodes a source file by its extension and finds its turns.
fn source_text(path: &Path, shown: &str, bytes: Vec<u8>, options: &CorpusOptions) -> Result<SourceText, CorpusError> {
    let encoding = options.encoding;
    let extension = path.extension().map(|e| e.to_string_lossy().to_lowercase()).unwrap_or_default();
    let id = document_id(path);
    let shown_path = PathBuf::from(shown);
    if let Some(c) = id.chars().find(|c| c.is_control()) {
        return Err(CorpusError::ControlInName { path: shown_path, code: format!("U+{:04X}", c as u32) });
    }
    let not_text = |problem| CorpusError::Encoding { path: shown_path.clone(), problem };
    let decode = |bytes: &[u8]| text::decode_with(bytes, encoding).map_err(not_text);
    let format_error = |line: usize, message: String| CorpusError::Format { path: shown_path.clone(), line, message };
    let mut empty_pages = Vec::new();
    let (text, turns) = match extension.as_str() {
        "pdf" => {
            let extracted =
                pdf::pdf_text(&bytes).map_err(|problem| CorpusError::Pdf { path: shown_path.clone(), problem })?;
            empty_pages = extracted.empty_pages;
            let turns = transcript::parse_turns(&extracted.text);
            (extracted.text, turns)
        }
        "txt" if pdf_text::is_pdf_text(&path.to_string_lossy()) => {
            let text = pdf_text::clean_pdf_text(&decode(&bytes)?);
            let turns = transcript::parse_turns(&text);
            (text, turns)
        }
        "txt" | "md" | "text" => {
            let text = text::decode_owned(bytes, encoding).map_err(not_text)?;
            let turns = transcript::parse_turns(&text);
            (text, turns)
        }
        "vtt" | "srt" => {
            let rebuilt = subtitles::parse_subtitles(&decode(&bytes)?, extension == "vtt")
                .map_err(|p| format_error(p.line, p.message))?;
            return Ok(SourceText { id, text: rebuilt.text, turns: rebuilt.turns, empty_pages, subtitles: true });
        }
        "docx" => {
            let text = text::normalise_owned(
                docx::docx_text(&bytes).map_err(|m| CorpusError::Docx { path: shown_path.clone(), message: m })?,
            );
            let turns = transcript::parse_turns(&text);
            (text, turns)
        }
        _ => return Err(CorpusError::UnsupportedFormat { path: shown_path, extension }),
    };
    Ok(SourceText { id, text, turns, empty_pages, subtitles: false })
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
    if turns.is_empty() {
        return turnless_document(id, shown, text, options);
    }
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
        // Only header lines above where turns would start: a document, as a file without
        // any label is (see `turnless_document`).
        return turnless_document(id, shown, text, options);
    }
    let mut speakers = Vec::with_capacity(turns.len());
    for turn in &turns {
        speakers.push(resolve_speaker(&id, &path, turn, respondents, options)?);
    }
    let mut ids: Vec<String> = speakers
        .iter()
        .filter_map(|s| match s {
            Speaker::Respondent(r) => Some(r.clone()),
            Speaker::Interviewer | Speaker::Document => None,
        })
        .collect();
    ids.sort_by(|a, b| natural_cmp(a, b));
    ids.dedup();
    let kind = if ids.len() > 1 { DocumentKind::FocusGroup } else { DocumentKind::Interview };
    let segments = segment_turns(&text, &turns, &speakers, options.unit);
    Ok(Document {
        id,
        source: shown.to_string(),
        kind,
        respondents: ids,
        text,
        segments,
        headers,
        empty_pages: Vec::new(),
    })
}

/// What the turn parser looked for, in the words of the file's format: the note for a
/// transcript that had no speaker turns and so was read as a document says it, so that a
/// Word file with unrecognised speaker names is noticed.
pub fn turn_labels_looked_for(path: &Path) -> &'static str {
    if path.extension().is_some_and(|e| e.eq_ignore_ascii_case("docx")) {
        "in this Word file, looked for paragraphs that start with a speaker label and a colon \
         (`Interviewer: …`, `R: …`), a bold name at the start of a paragraph or alone on its line \
         (**Anja**), or a name with a timestamp on its own line (`Anja 00:01:12`)"
    } else {
        "looked for lines that start with a speaker label and a colon (`I:`, `R:`, `Interviewer:`, \
         `Anja:`, optionally after `[00:12:31]`) or a name with a timestamp on its own line \
         (`Anja 00:01:12`)"
    }
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

/// `D7`, `F12`, `R3`: letters then digits, the usual shape of anonymised respondent ids. With a
/// respondents file, a turn with such a label is that respondent's (and must have a row).
pub fn looks_like_respondent_id(label: &str) -> bool {
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
    fn released_texts_keep_the_segments_and_refuse_to_be_read() {
        let text = "I: Vraag?\nR1: Over de regie.".to_string();
        let doc = parse_document("D1".into(), "D1.txt", text, None, &CorpusOptions::default()).unwrap();
        let mut corpus = Corpus { documents: vec![doc], respondents: Default::default() };
        // "I: Vraag?\n" is 10 bytes, "R1: Over de regie." 18: 28 bytes of text.
        assert_eq!(corpus.text_bytes(), 28);
        assert_eq!(corpus.documents[0].segment_text(&corpus.documents[0].segments[1]), "Over de regie.");
        corpus.release_texts();
        assert_eq!((corpus.text_bytes(), corpus.documents[0].segments.len()), (0, 2));
        let doc = &corpus.documents[0];
        let read = std::panic::catch_unwind(|| doc.segment_text(&doc.segments[1]).to_string());
        assert!(read.is_err(), "a released text must not read as empty");
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
    fn a_text_with_only_header_lines_or_no_labels_is_a_document() {
        let doc = parse_document("D1".into(), "D1.docx", "Gewoon een verslag.\n".into(), None, &options()).unwrap();
        assert_eq!(doc.kind, DocumentKind::Document);
        let doc = parse_document("D2".into(), "D2.txt", "Datum: 1 mei\n".into(), None, &options()).unwrap();
        assert_eq!((doc.kind, doc.segments.len()), (DocumentKind::Document, 1));
        assert!(turn_labels_looked_for(Path::new("D1.docx")).contains("bold name"));
    }

    #[test]
    fn an_empty_transcript_is_an_error() {
        let err = parse_document("D1".into(), "D1.txt", "\n\n".into(), None, &options()).unwrap_err();
        assert!(err.to_string().contains("D1.txt"), "{err}");
    }

    #[test]
    fn a_transcript_without_turns_becomes_a_document() {
        let text = "Nota over samenwerking.\n\nDe gemeente en de zorg maken één plan.\n";
        let doc = transcript_from_bytes(Path::new("nota.txt"), "nota.txt", text.as_bytes(), None, &options()).unwrap();
        assert_eq!((doc.kind, doc.segments.len()), (DocumentKind::Document, 2));
        assert!(doc.respondents.is_empty());
        // Listed under [sources] documents, a text with a speaker label stays a document.
        let text = "I: Doel: de gemeente voert regie.\n\nTweede alinea.";
        let as_transcript =
            source_from_bytes(Path::new("a.txt"), "a.txt", text.as_bytes(), None, &options(), false).unwrap();
        assert_eq!(as_transcript.kind, DocumentKind::Interview);
        let as_document =
            source_from_bytes(Path::new("a.txt"), "a.txt", text.as_bytes(), None, &options(), true).unwrap();
        assert_eq!((as_document.kind, as_document.segments.len()), (DocumentKind::Document, 2));
    }
}
