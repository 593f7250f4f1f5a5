//! The tables of `analyse suggest`: the review file (one proposed code per row, an empty
//! `accept` column for the researcher) and the cross-validated precision and recall per code.
//!
//! The review file's columns are those `analyse import` reads back (`accept, document, start,
//! end, code, coder`); the rest is there to decide by: the score, the words that carried it and
//! the unit's text.

use crate::analysis::suggestion_cv::SuggestionCv;
use crate::codebook::Codebook;
use crate::coding::suggest::Suggestion;
use crate::corpus::Corpus;
use crate::render::Language;
use crate::table::{Cell, Table};

/// The coder a suggestion carries until a reviewer writes their own name.
pub const SUGGEST_CODER: &str = "analyse-suggest";

/// One row per suggestion, `accept` empty.
pub fn review_table(suggestions: &[Suggestion], corpus: &Corpus, codebook: &Codebook, language: Language) -> Table {
    let caption = match language {
        Language::Nl => "Voorgestelde codes voor ongecodeerde eenheden, geleerd van de eigen handmatige codering; zet ja in de kolom accept bij elk voorstel dat klopt en lees het bestand in met analyse import",
        Language::En => "Codes proposed for uncoded units, learned from the project's own manual coding; write yes in the accept column of every proposal that holds and read the file back with analyse import",
    };
    let mut table = Table::new(
        "suggestions",
        caption,
        &["accept", "document", "segment", "start", "end", "code", "label", "score", "evidence", "coder", "text"],
    );
    for s in suggestions {
        let doc = &corpus.documents[s.document];
        let segment = &doc.segments[s.segment];
        let info = &codebook.codes[s.proposal.code];
        let evidence: Vec<String> = s.proposal.evidence.iter().map(|(w, x)| format!("{w} ({x:+.2})")).collect();
        table.push(vec![
            Cell::Empty,
            doc.id.as_str().into(),
            segment.ordinal.into(),
            segment.start.into(),
            segment.end.into(),
            info.id.as_str().into(),
            info.label.as_str().into(),
            Cell::Float(s.proposal.score),
            evidence.join("; ").into(),
            SUGGEST_CODER.into(),
            doc.segment_text(segment).into(),
        ]);
    }
    table
}

fn optional(x: Option<f64>) -> Cell {
    x.map(Cell::Float).unwrap_or(Cell::Empty)
}

/// Per code the coder used: coded units, and over the held-out folds the units suggested,
/// both, missed, precision, recall and F1.
pub fn cv_table(cv: &SuggestionCv, codebook: &Codebook, threshold: f64, language: Language) -> Table {
    let caption = match language {
        Language::Nl => format!(
            "Voorstellen getoetst door kruisvalidatie over documenten: {} groepen van de {} handmatig gecodeerde documenten, elk een keer achtergehouden; drempel {threshold}",
            cv.folds, cv.documents
        ),
        Language::En => format!(
            "Suggestions tested by cross-validation over documents: {} folds of the {} manually coded documents, each held out once; threshold {threshold}",
            cv.folds, cv.documents
        ),
    };
    let mut table = Table::new(
        "suggestions_cv",
        caption,
        &["code", "label", "manual_units", "suggested", "both", "missed", "precision", "recall", "f1"],
    );
    for c in &cv.per_code {
        let info = &codebook.codes[c.code];
        let m = c.confusion;
        table.push(vec![
            info.id.as_str().into(),
            info.label.as_str().into(),
            c.manual_units.into(),
            (m.tp + m.fp).into(),
            m.tp.into(),
            m.fn_.into(),
            optional(m.precision()),
            optional(m.recall()),
            optional(m.f1()),
        ]);
    }
    table
}
