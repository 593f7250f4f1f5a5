//! The settings of the coding stage: which units the rules see and how they compare letters.
//!
//! Built by [`crate::project`] from `[coding]` of `analyse.toml`; the field names are its keys.

use serde::{Deserialize, Serialize};

use crate::codebook::Diacritics;

/// Whose turns the rules are applied to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Speakers {
    /// Only respondents' turns; an interviewer's question is not evidence of a theme.
    #[default]
    Respondent,
    /// Every turn, interviewer included.
    All,
}

/// How units are coded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct CodingOptions {
    /// Whether `cliënt` in a rule also matches `client`.
    pub diacritics: Diacritics,
    /// Units on each side that are matched together with the unit (0: the unit alone). A rule
    /// such as `near` can then find its terms in neighbouring sentences; the coding still goes
    /// to the unit in the middle. Only coded speakers' units count as neighbours.
    pub context: usize,
    /// Whose units are coded.
    pub speakers: Speakers,
}

impl CodingOptions {
    /// The defaults of `analyse.toml` with the given speakers.
    pub fn new(speakers: Speakers) -> Self {
        Self { diacritics: Diacritics::Ignore, context: 0, speakers }
    }
}

impl Default for CodingOptions {
    fn default() -> Self {
        Self::new(Speakers::Respondent)
    }
}
