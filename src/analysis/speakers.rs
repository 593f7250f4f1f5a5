//! Who speaks in each document, as the ingest read it: per speaker label its role, turns and
//! words, and the signs that a label was misread — so that a researcher sees at once when a
//! header line became a turn or a Word label was not recognised (`tables/speakers.csv`).

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::corpus::headers::is_header_label;
use crate::corpus::{Corpus, Document, Speaker};

/// What a label was read as.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Role {
    /// A header line above the first turn (`Datum: …`), not coded; with its line.
    Header {
        line: usize,
    },
    Interviewer,
    /// A respondent, by id.
    Respondent(String),
}

/// One speaker label of one document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LabelUse {
    pub label: String,
    pub role: Role,
    /// Turns: runs of consecutive segments with this label (and timestamp), so that a turn cut
    /// into paragraphs or sentences counts once.
    pub turns: usize,
    /// Words (Unicode word boundaries) in the label's turns.
    pub words: usize,
}

impl LabelUse {
    /// A speaker label that starts only one turn: often a header line or a misread label.
    pub fn used_once(&self) -> bool {
        self.turns == 1 && !matches!(self.role, Role::Header { .. })
    }

    /// A turn whose label is a header word (`Datum`, `Onderwerp`) below the first turn.
    pub fn looks_like_header(&self) -> bool {
        !matches!(self.role, Role::Header { .. }) && is_header_label(&self.label)
    }
}

/// The labels of one document: header lines first, then speakers in order of first turn.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentSpeakers {
    pub document: String,
    pub labels: Vec<LabelUse>,
}

/// The speakers of every document, in corpus order.
pub fn speakers(corpus: &Corpus) -> Vec<DocumentSpeakers> {
    // Counting words at Unicode boundaries is most of this analysis' time: one document per task.
    corpus.documents.par_iter().map(document_speakers).collect()
}

fn document_speakers(document: &Document) -> DocumentSpeakers {
    let mut labels: Vec<LabelUse> = document
        .headers
        .iter()
        .map(|h| LabelUse { label: h.label.clone(), role: Role::Header { line: h.line }, turns: 0, words: 0 })
        .collect();
    let first_speaker = labels.len();
    let mut previous: Option<(&str, Option<&str>)> = None;
    for segment in &document.segments {
        let role = match &segment.speaker {
            Speaker::Interviewer => Role::Interviewer,
            Speaker::Respondent(id) => Role::Respondent(id.clone()),
            // A document (no speaker turns) has no labels to list.
            Speaker::Document => continue,
        };
        let index = match labels[first_speaker..].iter().position(|l| l.label == segment.label && l.role == role) {
            Some(i) => first_speaker + i,
            None => {
                labels.push(LabelUse { label: segment.label.clone(), role, turns: 0, words: 0 });
                labels.len() - 1
            }
        };
        let key = (segment.label.as_str(), segment.timestamp.as_deref());
        if previous != Some(key) {
            labels[index].turns += 1;
        }
        previous = Some(key);
        labels[index].words += super::word_count::count_words(document.segment_text(segment));
    }
    DocumentSpeakers { document: document.id.clone(), labels }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::{parse_document, CorpusOptions, Unit};

    #[test]
    fn labels_roles_turns_and_words_worked_by_hand() {
        // Header `Datum` (line 1); I asks twice (2 turns, 3 + 2 words); R answers twice in
        // paragraphs (2 turns; "Ik werk hier." 3 words, "Al lang." 2, "Ja." 1 = 6 words);
        // `Onderwerp` below the first turn is a turn that looks like a header, used once.
        let text = "Datum: 1 mei 2024\nI: Wat doet u?\nR: Ik werk hier.\n\nAl lang.\nI: En nu?\nR: Ja.\nOnderwerp: ggz en vg\n";
        let options = CorpusOptions { unit: Unit::Paragraph, ..Default::default() };
        let doc = parse_document("D1".into(), "D1.txt", text.into(), None, &options).unwrap();
        let corpus = Corpus { documents: vec![doc], respondents: Default::default() };
        let got = speakers(&corpus);
        let rows: Vec<(&str, &Role, usize, usize, bool, bool)> = got[0]
            .labels
            .iter()
            .map(|l| (l.label.as_str(), &l.role, l.turns, l.words, l.used_once(), l.looks_like_header()))
            .collect();
        let r = Role::Respondent("D1".into());
        assert_eq!(
            rows,
            vec![
                ("Datum", &Role::Header { line: 1 }, 0, 0, false, false),
                ("I", &Role::Interviewer, 2, 5, false, false),
                ("R", &r, 2, 6, false, false),
                ("Onderwerp", &r, 1, 3, true, true),
            ]
        );
    }
}
