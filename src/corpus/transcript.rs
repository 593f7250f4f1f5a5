//! Plain-text transcripts: finding speaker turns by their labels.
//!
//! A turn starts at the beginning of a line with a speaker label and a colon — `I:`, `R:`,
//! `Interviewer:`, `D7:`, `Anja:`, `Mark de Wit:` — optionally preceded by a timestamp as
//! transcription services write it (`[00:12:31] R: …`). It runs until the next label. Lines
//! before the first label (a title) belong to no turn; labelled header lines above the first
//! speaker turn (`Datum: …`) are told apart in [`super::headers`]. A label alone on its line
//! with a timestamp after it (`Naam 00:01:12`, as Word's and Teams' transcription write it)
//! starts a turn too, the text beginning on the next line. A label is one to three capitalised words
//! (name particles such as `de`, `van`, `der` allowed between them), so that an ordinary sentence
//! with a colon ("Dus ja: ...") is not mistaken for a new speaker.

use std::sync::OnceLock;

use regex::Regex;

/// One speaker turn as found in the text, before speakers are resolved to respondents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawTurn {
    /// The speaker label as written, without the colon.
    pub label: String,
    /// The timestamp before the label, if any (`00:12:31`).
    pub timestamp: Option<String>,
    /// Byte range of the spoken text (label and surrounding white space excluded).
    pub start: usize,
    pub end: usize,
    /// 1-based line of the label.
    pub line: usize,
}

fn label_pattern() -> &'static Regex {
    static PATTERN: OnceLock<Regex> = OnceLock::new();
    PATTERN.get_or_init(|| {
        let word = r"\p{Lu}[\p{L}\p{N}'’.\-]*";
        let particle = r"(?:de|van|der|den|het|te|ten|ter|op|in|la|le|du|da|von|zu)";
        let label = format!(r"{word}(?:[ \t]+(?:{particle}[ \t]+)*{word}){{0,2}}");
        let time = r"\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d+)?";
        Regex::new(&format!(
            r"(?m)^[ \t]*(?:(?:\[(?P<ts>{time})\][ \t]*)?(?P<label>{label})[ \t]*:(?:[ \t]+|$)|(?P<above>{label})[ \t]+\[?(?P<above_ts>{time})\]?[ \t]*$)"
        ))
        .expect("speaker label pattern is valid")
    })
}

/// Whether a line begins with a speaker label (and so starts a new turn).
pub fn starts_with_label(line: &str) -> bool {
    label_pattern().find(line).is_some_and(|m| m.start() == 0)
}

/// Whether `text` as a whole is a speaker label (`Anja`, `Mark de Wit`, `D7`), so that a Word
/// paragraph holding only a bold name can be read as the label of the paragraphs after it.
pub fn is_label(text: &str) -> bool {
    let line = format!("{text}: x");
    label_pattern()
        .captures(&line)
        .and_then(|c| c.name("label"))
        .is_some_and(|m| m.start() == 0 && m.end() == text.len())
}

/// Finds the speaker turns of a transcript. Turns with no text are left out.
pub fn parse_turns(text: &str) -> Vec<RawTurn> {
    let labels: Vec<_> = label_pattern().captures_iter(text).collect();
    let mut turns = Vec::with_capacity(labels.len());
    // Lines are counted from the previous label on, so that a long transcript is read in
    // linear time (counting from the start for every turn made 4,000 turns take seconds).
    let (mut line, mut counted_to) = (1, 0);
    for (i, caps) in labels.iter().enumerate() {
        let whole = caps.get(0).expect("match");
        line += text[counted_to..whole.start()].matches('\n').count();
        counted_to = whole.start();
        let next = labels.get(i + 1).map(|c| c.get(0).expect("match").start()).unwrap_or(text.len());
        let body = &text[whole.end()..next];
        let trimmed_start = whole.end() + (body.len() - body.trim_start().len());
        let trimmed_end = whole.end() + body.trim_end().len();
        if trimmed_end <= trimmed_start {
            continue;
        }
        let label = caps.name("label").or_else(|| caps.name("above")).expect("one form matches");
        turns.push(RawTurn {
            label: label.as_str().to_string(),
            timestamp: caps.name("ts").or_else(|| caps.name("above_ts")).map(|m| m.as_str().to_string()),
            start: trimmed_start,
            end: trimmed_end,
            line,
        });
    }
    turns
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(text: &str) -> Vec<(String, String)> {
        parse_turns(text).into_iter().map(|t| (t.label, text[t.start..t.end].to_string())).collect()
    }

    #[test]
    fn interviewer_and_respondent_turns() {
        let text = "Transcript interview D4\n\nI: Wat doe je?\n\nR: Ik werk in de VG.\nAl tien jaar.\n\nI: Dank je.\n";
        assert_eq!(
            labels(text),
            vec![
                ("I".to_string(), "Wat doe je?".to_string()),
                ("R".to_string(), "Ik werk in de VG.\nAl tien jaar.".to_string()),
                ("I".to_string(), "Dank je.".to_string()),
            ]
        );
    }

    #[test]
    fn offsets_point_at_the_spoken_text() {
        let text = "I: Vraag?\nR: Antwoord.";
        let turns = parse_turns(text);
        assert_eq!((turns[1].start, turns[1].end), (13, 22));
        assert_eq!(turns[1].line, 2);
    }

    #[test]
    fn timestamps_ids_and_names() {
        let text = "[00:12:31] I: Ja?\n[00:12:40] D7: Nou.\nMark de Wit: Precies.\nAnja: Klopt.";
        let turns = parse_turns(text);
        let got: Vec<_> = turns.iter().map(|t| (t.label.as_str(), t.timestamp.as_deref())).collect();
        assert_eq!(got, vec![("I", Some("00:12:31")), ("D7", Some("00:12:40")), ("Mark de Wit", None), ("Anja", None)]);
    }

    #[test]
    fn a_sentence_with_a_colon_is_not_a_label() {
        let text = "R: Het punt is dit\ndus ja: niemand belt.\nWat ik bedoel is dit: niemand belt.";
        let turns = parse_turns(text);
        assert_eq!(turns.len(), 1);
        assert!(text[turns[0].start..turns[0].end].ends_with("niemand belt."));
    }

    #[test]
    fn empty_turns_and_text_without_labels() {
        assert!(parse_turns("").is_empty());
        assert!(parse_turns("gewoon tekst zonder sprekers\n").is_empty());
        assert_eq!(labels("I:\nR: ja"), vec![("R".to_string(), "ja".to_string())]);
    }

    #[test]
    fn a_name_with_a_timestamp_above_the_turn() {
        let text =
            "Interviewer 00:00:03\nWat doet u?\n\nAnja de Vries 0:01:12\n\nIk werk in de VG.\nOm 10:30 begin ik.\n";
        let turns = parse_turns(text);
        let got: Vec<_> =
            turns.iter().map(|t| (t.label.as_str(), t.timestamp.as_deref(), &text[t.start..t.end], t.line)).collect();
        assert_eq!(
            got,
            vec![
                ("Interviewer", Some("00:00:03"), "Wat doet u?", 1),
                ("Anja de Vries", Some("0:01:12"), "Ik werk in de VG.\nOm 10:30 begin ik.", 4),
            ]
        );
    }

    #[test]
    fn label_lines_are_counted_past_empty_turns() {
        // Line 1 title, 2 blank, 3 `I: a`, 4 `R: b`, 5 `c`, 6 `I:` (empty, left out), 7 `R: d`.
        let turns = parse_turns("Titel\n\nI: a\nR: b\nc\nI:\nR: d\n");
        let lines: Vec<(String, usize)> = turns.into_iter().map(|t| (t.label, t.line)).collect();
        assert_eq!(lines, vec![("I".into(), 3), ("R".into(), 4), ("R".into(), 7)]);
    }
}
