//! Header lines above the first turn (`Datum: 5 maart 2024.`, `Onderwerp: samenwerking`): told
//! apart from speaker turns so that they are never coded as something a respondent said.
//!
//! The rule, also in the README: before the first *speaker turn*, a labelled line is a header
//! line — kept in the document's text, part of no turn, listed in `tables/speakers.csv` — when
//! its label is one of [`HEADER_LABELS`] (case-insensitive), or when that label is used only
//! once in the whole document. The first speaker turn is the first labelled line whose label is
//! an interviewer label, a respondent id, looks like one (`D7`, `F2`), or is used more than once
//! and is not a header word. After the first speaker turn every label starts a turn; the
//! speakers table warns about a label used once or one that looks like a header.

use serde::{Deserialize, Serialize};

use super::transcript::RawTurn;

/// Labels that name a property of the interview, not a person (Dutch and English).
pub const HEADER_LABELS: [&str; 30] = [
    "Datum",
    "Date",
    "Duur",
    "Duration",
    "Lengte",
    "Onderwerp",
    "Subject",
    "Topic",
    "Thema",
    "Locatie",
    "Location",
    "Plaats",
    "Plek",
    "Tijd",
    "Time",
    "Tijdstip",
    "Titel",
    "Title",
    "Transcript",
    "Transcriptie",
    "Transcribent",
    "Opname",
    "Recording",
    "Project",
    "Interviewnummer",
    "Notitie",
    "Notities",
    "Opmerking",
    "Opmerkingen",
    "Aanwezig",
];

/// A labelled line above the first speaker turn that is not a turn.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HeaderLine {
    /// The label as written (`Datum`).
    pub label: String,
    /// 1-based line of the label.
    pub line: usize,
}

/// Whether a label is one of the header words.
pub fn is_header_label(label: &str) -> bool {
    HEADER_LABELS.iter().any(|h| h.eq_ignore_ascii_case(label))
}

/// Splits the header lines off the front of `turns`. `is_speaker` says whether a label surely
/// names a speaker (an interviewer label or a respondent id).
pub fn split_headers(turns: Vec<RawTurn>, is_speaker: &dyn Fn(&str) -> bool) -> (Vec<HeaderLine>, Vec<RawTurn>) {
    let mut counts: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for turn in &turns {
        *counts.entry(turn.label.as_str()).or_default() += 1;
    }
    let uses = |label: &str| counts.get(label).copied().unwrap_or(0);
    let first_speaker = turns
        .iter()
        .position(|t| is_speaker(&t.label) || (!is_header_label(&t.label) && uses(&t.label) > 1))
        .unwrap_or(turns.len());
    let headers: Vec<HeaderLine> = turns[..first_speaker]
        .iter()
        .take_while(|t| is_header_label(&t.label) || uses(&t.label) == 1)
        .map(|t| HeaderLine { label: t.label.clone(), line: t.line })
        .collect();
    drop(counts);
    let rest = turns.into_iter().skip(headers.len()).collect();
    (headers, rest)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::transcript::parse_turns;

    fn split(text: &str) -> (Vec<String>, Vec<String>) {
        let speaker = |l: &str| l == "I" || l == "Interviewer";
        let (headers, turns) = split_headers(parse_turns(text), &speaker);
        (headers.into_iter().map(|h| h.label).collect(), turns.into_iter().map(|t| t.label).collect())
    }

    #[test]
    fn header_lines_before_the_first_turn_are_not_turns() {
        let text = "Datum: 5 maart 2024. Duur: 42 minuten.\nOnderwerp: samenwerking met de ggz\n\nI: Wat doet u?\nR: Ik werk in de VG.\nI: En verder?\nR: Niets.\n";
        assert_eq!(
            split(text),
            (
                vec!["Datum".into(), "Onderwerp".into()],
                vec!["I", "R", "I", "R"].into_iter().map(String::from).collect()
            )
        );
    }

    #[test]
    fn a_label_used_once_above_a_repeated_speaker_is_a_header() {
        // `Respondent` once above the talk, then `Anja` twice before the interviewer speaks.
        let text = "Respondent: Anja, verpleegkundige\nAnja: Ik begin maar.\nI: Graag.\nAnja: Goed.\n";
        let (headers, turns) = split(text);
        assert_eq!(headers, vec!["Respondent".to_string()]);
        assert_eq!(turns, vec!["Anja", "I", "Anja"]);
    }

    #[test]
    fn after_the_first_speaker_every_label_is_a_turn() {
        let text = "I: Vraag\nDatum: een turn die op een kop lijkt\nR: Antwoord\n";
        assert_eq!(split(text).0, Vec::<String>::new());
        assert_eq!(split(text).1.len(), 3);
    }

    #[test]
    fn no_headers_and_only_headers() {
        assert_eq!(split("I: a\nR: b\n").0.len(), 0);
        let (headers, turns) = split("Datum: 1 mei\nOnderwerp: ggz\n");
        assert_eq!((headers.len(), turns.len()), (2, 0));
        assert_eq!(split(""), (vec![], vec![]));
    }

    #[test]
    fn many_labels_each_used_once_are_split_in_linear_time() {
        // 50,000 distinct labels and no speaker: all are header lines, found without comparing
        // every label with every other.
        let text: String = (0..50_000).map(|i| format!("Naam{i}: tekst\n")).collect();
        let (headers, turns) = split(&text);
        assert_eq!((headers.len(), turns.len()), (50_000, 0));
    }
}
