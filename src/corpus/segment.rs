//! Cutting turns into the units that codes are applied to: whole turns, paragraphs or sentences.

use unicode_segmentation::UnicodeSegmentation;

use super::text::CharCounter;
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
    // The vector grew by doubling: a third of its slots stood empty, 7 MB of a 100 MB study's
    // corpus, which every stage holds (issue 15: the 3x memory target).
    segments.shrink_to_fit();
    segments
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
