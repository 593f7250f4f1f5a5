//! The search for real names: one Aho-Corasick automaton over the folded names, run over
//! the folded text, its matches mapped back to the original text and kept where they stand
//! as whole words.

use std::path::Path;

use aho_corasick::{AhoCorasick, MatchKind};

use super::fold::{fold, OriginalOffsets};
use super::{Mapping, PseudonymError};

/// The automaton over the folded real names; pattern `i` is `mappings[i]`.
#[derive(Debug, Clone)]
pub(super) struct Matcher {
    automaton: AhoCorasick,
    /// Per name: whether it starts and ends with a word character, and so needs a word
    /// boundary there ("B.V." ends in '.' and needs none after it).
    bounds: Vec<(bool, bool)>,
}

/// A real name found in a text: its byte span there and the index of its mapping.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Found {
    pub(super) start: usize,
    pub(super) end: usize,
    pub(super) mapping: usize,
}

impl Matcher {
    /// The automaton of the folded names; `None` for an empty mapping.
    pub(super) fn new(mappings: &[Mapping], path: &Path) -> Result<Option<Self>, PseudonymError> {
        if mappings.is_empty() {
            return Ok(None);
        }
        let patterns: Vec<String> = mappings.iter().map(|m| fold(&m.real)).collect();
        // Standard semantics report every (overlapping) occurrence; `find_all` picks among
        // them once word boundaries are known.
        let automaton = AhoCorasick::builder().match_kind(MatchKind::Standard).build(&patterns).map_err(|e| {
            PseudonymError::TooLarge { path: path.to_path_buf(), names: mappings.len(), message: e.to_string() }
        })?;
        let word = |c: Option<char>| c.is_some_and(is_word);
        let bounds = mappings.iter().map(|m| (word(m.real.chars().next()), word(m.real.chars().next_back()))).collect();
        Ok(Some(Self { automaton, bounds }))
    }

    /// Every real name in `text` that stands as a whole word, left to right, the longest where
    /// several start at the same place, none overlapping: what one regular expression
    /// `\b(?:longest|…|shortest)\b` would match.
    pub(super) fn find_all(&self, text: &str) -> Vec<Found> {
        let folded = fold(text);
        let word = |c: Option<char>| c.is_some_and(is_word);
        let matches: Vec<(usize, usize, usize)> = self
            .automaton
            .find_overlapping_iter(&folded)
            .map(|m| (m.start(), m.end(), m.pattern().as_usize()))
            .collect();
        drop(folded);
        let original = OriginalOffsets::of(text, matches.iter().flat_map(|&(start, end, _)| [start, end]));
        let mut candidates: Vec<Found> = matches
            .into_iter()
            .map(|(start, end, mapping)| Found {
                start: original.of_folded(start),
                end: original.of_folded(end),
                mapping,
            })
            .filter(|f| {
                let (at_start, at_end) = self.bounds.get(f.mapping).copied().unwrap_or((false, false));
                // Glued to a word before or after: part of another word ("Brugge" is not
                // "Brug"), except the Dutch genitive and plural -s ("Patricks", "de Jansens").
                let glued_before = at_start && word(text[..f.start].chars().next_back());
                let glued_after = at_end && word(text[f.end..].chars().next()) && !dutch_s(&text[f.end..]);
                !(glued_before || glued_after)
            })
            .collect();
        candidates.sort_by(|a, b| a.start.cmp(&b.start).then(b.end.cmp(&a.end)).then(a.mapping.cmp(&b.mapping)));
        let mut chosen: Vec<Found> = Vec::new();
        for candidate in candidates {
            if chosen.last().is_none_or(|last| candidate.start >= last.end) {
                chosen.push(candidate);
            }
        }
        chosen
    }
}

/// Whether the text after a name is the Dutch genitive or plural ending `-s` and then the end
/// of the word: "Patricks fiets", "de Jansens". (Names ending in a sibilant take `'`, and
/// `'s` follows vowels: both already leave the name a whole word.)
fn dutch_s(after: &str) -> bool {
    let mut chars = after.chars();
    matches!(chars.next(), Some('s' | 'S')) && !chars.next().is_some_and(is_word)
}

/// A word character as `\b` of a regular expression sees it (Unicode `\w`).
fn is_word(c: char) -> bool {
    regex_syntax::try_is_word_character(c).unwrap_or_else(|_| c.is_alphanumeric() || c == '_')
}
