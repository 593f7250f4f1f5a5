//! Documents without speaker turns: policy texts, field notes, memos, open survey answers.
//!
//! Such a source has no respondent and no interviewer. It is one [`super::DocumentKind::Document`]
//! whose text is cut into paragraphs (or sentences, `[coding] document_unit`), each a segment
//! spoken by [`super::Speaker::Document`]. Its codings count in frequencies, code × document
//! and co-occurrence like an interview's; it has no row in the respondents file, counts for no
//! respondent, and is left out of saturation, which is a property of interviews.

use super::segment::segment_turns;
use super::transcript::RawTurn;
use super::{CorpusError, CorpusOptions, Document, DocumentKind, Speaker};

/// The document made of `text` as a whole; an error when the text holds nothing to code.
pub fn turnless_document(
    id: String,
    shown: &str,
    text: String,
    options: &CorpusOptions,
) -> Result<Document, CorpusError> {
    let start = text.len() - text.trim_start().len();
    let end = text.trim_end().len();
    if end <= start {
        return Err(CorpusError::Empty { path: shown.into() });
    }
    let whole = RawTurn { label: String::new(), timestamp: None, start, end, line: 1 };
    let segments = segment_turns(&text, &[whole], &[Speaker::Document], options.document_unit.unit());
    Ok(Document {
        id,
        source: shown.to_string(),
        kind: DocumentKind::Document,
        respondents: Vec::new(),
        text,
        segments,
        headers: Vec::new(),
        empty_pages: Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::super::{DocumentUnit, Unit};
    use super::*;

    #[test]
    fn paragraphs_with_character_offsets() {
        // "Artikel één.\n\nDe gemeente en de zorg.\n": "Artikel één." is 12 characters, two
        // newlines, so the second paragraph starts at 14 and is 23 characters long.
        let text = "Artikel één.\n\nDe gemeente en de zorg.\n".to_string();
        let doc = turnless_document("beleid".into(), "beleid.txt", text, &CorpusOptions::default()).unwrap();
        assert_eq!(doc.kind, DocumentKind::Document);
        assert!(doc.respondents.is_empty());
        let spans: Vec<(usize, usize, &str)> =
            doc.segments.iter().map(|s| (s.start, s.end, doc.segment_text(s))).collect();
        assert_eq!(spans, vec![(0, 12, "Artikel één."), (14, 37, "De gemeente en de zorg.")]);
        assert!(doc.segments.iter().all(|s| s.speaker == Speaker::Document && s.unit == Unit::Paragraph));
        assert_eq!(doc.segments.iter().map(|s| s.ordinal).collect::<Vec<_>>(), vec![1, 2]);
    }

    #[test]
    fn sentences_when_asked() {
        let options = CorpusOptions { document_unit: DocumentUnit::Sentence, ..CorpusOptions::default() };
        let doc = turnless_document("m".into(), "m.txt", "Een. Twee!\n\nDrie?".into(), &options).unwrap();
        let texts: Vec<&str> = doc.segments.iter().map(|s| doc.segment_text(s)).collect();
        assert_eq!(texts, vec!["Een.", "Twee!", "Drie?"]);
    }

    #[test]
    fn nothing_to_code_is_an_error_naming_the_file() {
        let err = turnless_document("x".into(), "docs/x.txt", " \n\n\t".into(), &CorpusOptions::default()).unwrap_err();
        assert!(err.to_string().contains("docs/x.txt"), "{err}");
    }
}
