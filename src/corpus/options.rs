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

/// How the corpus stage reads sources.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CorpusOptions {
    /// The unit transcripts are cut into (`[coding] unit`).
    pub unit: Unit,
    /// Speaker labels that mark the interviewer, compared case-insensitively.
    pub interviewer_labels: Vec<String>,
    /// How text files are decoded (`[sources] encoding`).
    pub encoding: Encoding,
}

impl Default for CorpusOptions {
    fn default() -> Self {
        Self { unit: Unit::Turn, interviewer_labels: default_interviewer_labels(), encoding: Encoding::Auto }
    }
}

/// Labels that Dutch and English transcripts commonly use for the person asking the questions.
pub fn default_interviewer_labels() -> Vec<String> {
    ["I", "Int", "Interviewer", "Interviewster", "Onderzoeker", "Moderator", "Gespreksleider", "Q"]
        .iter()
        .map(|s| s.to_string())
        .collect()
}
