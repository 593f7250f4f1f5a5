//! Cutting turns into the units that codes are applied to: whole turns, paragraphs or sentences.

use unicode_segmentation::UnicodeSegmentation;

use super::transcript::RawTurn;
use super::Unit;
use super::{Segment, Speaker};

/// Cuts the turns of one text into segments of the chosen unit, numbered from 1.
pub fn segment_turns(text: &str, turns: &[RawTurn], speakers: &[Speaker], unit: Unit) -> Vec<Segment> {
    let mut chars = CharCounter::new(text);
    let mut segments = Vec::new();
    for (turn, speaker) in turns.iter().zip(speakers) {
        for (start, end) in unit_spans(text, turn.start, turn.end, unit) {
            segments.push(Segment {
                ordinal: segments.len() + 1,
                start: chars.char_of_byte(start),
                end: chars.char_of_byte(end),
                byte_start: start,
                byte_end: end,
                unit,
                speaker: speaker.clone(),
                label: turn.label.clone(),
                timestamp: turn.timestamp.clone(),
            });
        }
    }
    segments
}

/// Character offsets of byte offsets asked for mostly in increasing order, as segments come:
/// counts only the characters since the last offset asked for. A table of every character's
/// offset ([`super::text::CharIndex`]) took 8 bytes a character, allocated and freed for every
/// document: 800 MB of allocations for a 100 MB study (BENCHMARKS.md, "allocator").
struct CharCounter<'t> {
    text: &'t str,
    byte: usize,
    chars: usize,
}

impl<'t> CharCounter<'t> {
    fn new(text: &'t str) -> Self {
        Self { text, byte: 0, chars: 0 }
    }

    /// The character offset of `byte`, a character boundary of the text.
    fn char_of_byte(&mut self, byte: usize) -> usize {
        if byte < self.byte {
            (self.byte, self.chars) = (0, 0);
        }
        self.chars += self.text[self.byte..byte].chars().count();
        self.byte = byte;
        self.chars
    }
}

/// Byte spans of the units inside `start..end`, trimmed of white space, empty ones dropped.
fn unit_spans(text: &str, start: usize, end: usize, unit: Unit) -> Vec<(usize, usize)> {
    let body = &text[start..end];
    let pieces: Vec<(usize, &str)> = match unit {
        Unit::Turn => vec![(0, body)],
        Unit::Paragraph => paragraphs(body),
        Unit::Sentence => body.split_sentence_bound_indices().collect(),
    };
    pieces
        .into_iter()
        .filter_map(|(offset, piece)| {
            let lead = piece.len() - piece.trim_start().len();
            let trimmed = piece.trim();
            (!trimmed.is_empty()).then(|| (start + offset + lead, start + offset + lead + trimmed.len()))
        })
        .collect()
}

/// Paragraphs: text separated by a line that is empty or white space only.
fn paragraphs(body: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut para_start = 0;
    let mut pos = 0;
    for line in body.split_inclusive('\n') {
        if line.trim().is_empty() {
            out.push((para_start, &body[para_start..pos]));
            para_start = pos + line.len();
        }
        pos += line.len();
    }
    out.push((para_start, &body[para_start..]));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn character_offsets_count_multi_byte_characters_once_in_any_order() {
        // "één ë" : é and ë are two bytes each. Bytes: é 0-1, é 2-3, n 4, space 5, ë 6-7.
        let text = "één ë";
        let mut chars = CharCounter::new(text);
        assert_eq!(chars.char_of_byte(0), 0);
        assert_eq!(chars.char_of_byte(4), 2); // after "éé"
        assert_eq!(chars.char_of_byte(6), 4); // after "één "
        assert_eq!(chars.char_of_byte(8), 5); // the end
        assert_eq!(chars.char_of_byte(2), 1); // asked for again, earlier: counted from the start
        assert_eq!(chars.char_of_byte(5), 3);
    }

    fn spans(body: &str, unit: Unit) -> Vec<&str> {
        unit_spans(body, 0, body.len(), unit).into_iter().map(|(s, e)| &body[s..e]).collect()
    }

    #[test]
    fn paragraphs_split_at_blank_lines() {
        assert_eq!(spans("Een.\nTwee.\n\n  \nDrie.", Unit::Paragraph), vec!["Een.\nTwee.", "Drie."]);
    }

    #[test]
    fn sentences() {
        assert_eq!(
            spans("Ja. Nou, dat weet ik niet! Echt?", Unit::Sentence),
            vec!["Ja.", "Nou, dat weet ik niet!", "Echt?"]
        );
    }

    #[test]
    fn a_turn_is_one_span() {
        assert_eq!(spans(" Een.\n\nTwee. ", Unit::Turn), vec!["Een.\n\nTwee."]);
    }
}
