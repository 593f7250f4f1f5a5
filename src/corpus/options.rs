//! The settings of the ingest stage: how sources are decoded and cut into units.
//!
//! Built by [`crate::project`] from `analyse.toml` (`[sources] encoding` and
//! `interviewer_labels`, `[coding] unit`); the stage never reads the project file itself. The
//! field names are the keys of `analyse.toml`, since the manifest and the run's "what changed"
//! messages show them as they are.

use serde::{Deserialize, Serialize};

use super::text::Encoding;

/// What can be coded: the unit a code is applied to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Unit {
    /// One speaker turn: what one person says until the next person speaks.
    #[default]
    Turn,
    /// A paragraph (text between blank lines) inside a turn.
    Paragraph,
    /// A sentence inside a turn (Unicode sentence boundaries).
    Sentence,
}

/// The unit a document without speaker turns (a policy text, field notes, a memo) is cut
/// into: it has no turns, so `[coding] unit = "turn"` cannot apply to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum DocumentUnit {
    /// Text between blank lines: what a reader of a policy text calls a passage.
    #[default]
    Paragraph,
    /// A sentence (Unicode sentence boundaries).
    Sentence,
}

impl DocumentUnit {
    /// The same unit as the transcripts' [`Unit`].
    pub fn unit(self) -> Unit {
        match self {
            DocumentUnit::Paragraph => Unit::Paragraph,
            DocumentUnit::Sentence => Unit::Sentence,
        }
    }
}

/// How the corpus stage reads sources.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CorpusOptions {
    /// The unit transcripts are cut into (`[coding] unit`).
    pub unit: Unit,
    /// Speaker labels that mark the interviewer, compared case-insensitively.
    pub interviewer_labels: Vec<String>,
    /// How text files are decoded (`[sources] encoding`).
    pub encoding: Encoding,
    /// The unit documents without speaker turns are cut into (`[coding] document_unit`).
    pub document_unit: DocumentUnit,
}

impl Default for CorpusOptions {
    fn default() -> Self {
        Self {
            unit: Unit::Turn,
            interviewer_labels: default_interviewer_labels(),
            encoding: Encoding::Auto,
            document_unit: DocumentUnit::Paragraph,
        }
    }
}

/// Labels that Dutch and English transcripts commonly use for the person asking the questions.
pub fn default_interviewer_labels() -> Vec<String> {
    ["I", "Int", "Interviewer", "Interviewster", "Onderzoeker", "Moderator", "Gespreksleider", "Q"]
        .iter()
        .map(|s| s.to_string())
        .collect()
}
