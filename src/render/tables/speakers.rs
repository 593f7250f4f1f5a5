//! `tables/speakers`: per document the speaker labels the ingest read, what each was read as
//! (interviewer, respondent, or a header line that is not coded), its turns and words, and a
//! warning where a label looks misread — and the same as a few lines for the terminal.

use crate::analysis::speakers::{DocumentSpeakers, LabelUse, Role};
use crate::render::Language;
use crate::table::Table;

/// One row per document and label.
pub fn speakers_table(speakers: &[DocumentSpeakers], language: Language) -> Table {
    let caption = match language {
        Language::Nl => "Sprekers per document zoals ingelezen: rol, beurten, woorden en waarschuwingen",
        Language::En => "Speakers per document as read: role, turns, words and warnings",
    };
    let mut table =
        Table::new("speakers", caption, &["document", "label", "role", "respondent", "turns", "words", "warning"]);
    for document in speakers {
        for label in &document.labels {
            let respondent = match &label.role {
                Role::Respondent(id) => id.as_str(),
                _ => "",
            };
            table.push(vec![
                document.document.as_str().into(),
                label.label.as_str().into(),
                role_name(&label.role, language).into(),
                respondent.into(),
                label.turns.into(),
                label.words.into(),
                warnings(label, language).join("; ").into(),
            ]);
        }
    }
    table
}

/// The role as the table and the terminal name it.
pub fn role_name(role: &Role, language: Language) -> &'static str {
    match (role, language) {
        (Role::Header { .. }, Language::Nl) => "kopregel",
        (Role::Header { .. }, Language::En) => "header",
        (Role::Interviewer, Language::Nl) => "interviewer",
        (Role::Interviewer, Language::En) => "interviewer",
        (Role::Respondent(_), Language::Nl) => "respondent",
        (Role::Respondent(_), Language::En) => "respondent",
    }
}

/// What a researcher should check about a label, if anything.
pub fn warnings(label: &LabelUse, language: Language) -> Vec<String> {
    let mut out = Vec::new();
    if let Role::Header { line } = label.role {
        out.push(match language {
            Language::Nl => format!("kopregel op regel {line}, niet gecodeerd"),
            Language::En => format!("header line on line {line}, not coded"),
        });
    }
    if label.looks_like_header() {
        out.push(
            match language {
                Language::Nl => "beurt lijkt een kopregel; staat die onder de eerste beurt?",
                Language::En => "turn looks like a header; is it below the first turn?",
            }
            .to_string(),
        );
    }
    if label.used_once() {
        out.push(
            match language {
                Language::Nl => "label maar één keer gebruikt; een kopregel of verkeerd gelezen label?",
                Language::En => "label used only once; a header line or a misread label?",
            }
            .to_string(),
        );
    }
    out
}

/// Lines for the terminal after a run: the documents with header lines or warnings, each with
/// its labels, and one line of totals. Every document is listed when there are at most
/// `all_up_to` of them.
pub fn terminal_lines(speakers: &[DocumentSpeakers], all_up_to: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let (mut interviewer, mut respondent, mut headers, mut warned) = (0, 0, 0, 0);
    for document in speakers {
        let mut parts = Vec::new();
        let mut notes = Vec::new();
        for label in &document.labels {
            match &label.role {
                Role::Header { .. } => headers += 1,
                Role::Interviewer => interviewer += label.turns,
                Role::Respondent(_) => respondent += label.turns,
            }
            parts.push(match &label.role {
                Role::Header { line } => format!("{} (header line {line}, not coded)", label.label),
                Role::Interviewer => {
                    format!("{} (interviewer, {} turns, {} words)", label.label, label.turns, label.words)
                }
                Role::Respondent(id) => {
                    format!("{} (respondent {id}, {} turns, {} words)", label.label, label.turns, label.words)
                }
            });
            let label_warnings = warnings(label, Language::En);
            if !matches!(label.role, Role::Header { .. }) && !label_warnings.is_empty() {
                notes.push(format!("  warning: {} {}: {}", document.document, label.label, label_warnings.join("; ")));
            }
        }
        warned += notes.len();
        let has_headers = document.labels.iter().any(|l| matches!(l.role, Role::Header { .. }));
        if document.labels.is_empty() {
            // A document without speaker turns: the run's own note says so.
            continue;
        }
        if speakers.len() <= all_up_to || has_headers || !notes.is_empty() {
            lines.push(format!("{}: {}", document.document, parts.join(", ")));
            lines.extend(notes);
        }
    }
    lines.push(format!(
        "speakers: {} documents, {interviewer} interviewer turns, {respondent} respondent turns, {headers} header lines, {warned} warnings (tables/speakers.csv)",
        speakers.len()
    ));
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Vec<DocumentSpeakers> {
        let label = |label: &str, role: Role, turns, words| LabelUse { label: label.into(), role, turns, words };
        vec![DocumentSpeakers {
            document: "D1".into(),
            labels: vec![
                label("Datum", Role::Header { line: 1 }, 0, 0),
                label("I", Role::Interviewer, 2, 5),
                label("R", Role::Respondent("D1".into()), 2, 6),
                label("Onderwerp", Role::Respondent("D1".into()), 1, 3),
            ],
        }]
    }

    #[test]
    fn rows_with_roles_and_warnings() {
        let table = speakers_table(&sample(), Language::Nl);
        let rows: Vec<Vec<String>> = table.rows.iter().map(|r| r.iter().map(|c| c.render()).collect()).collect();
        assert_eq!(rows[0], vec!["D1", "Datum", "kopregel", "", "0", "0", "kopregel op regel 1, niet gecodeerd"]);
        assert_eq!(rows[1], vec!["D1", "I", "interviewer", "", "2", "5", ""]);
        assert_eq!(rows[2][6], "");
        assert_eq!(
            rows[3][6],
            "beurt lijkt een kopregel; staat die onder de eerste beurt?; label maar één keer gebruikt; een kopregel of verkeerd gelezen label?"
        );
    }

    #[test]
    fn terminal_summary_names_labels_and_totals() {
        let lines = terminal_lines(&sample(), 0);
        assert_eq!(lines[0], "D1: Datum (header line 1, not coded), I (interviewer, 2 turns, 5 words), R (respondent D1, 2 turns, 6 words), Onderwerp (respondent D1, 1 turns, 3 words)");
        assert!(lines[1].starts_with("  warning: D1 Onderwerp: turn looks like a header"), "{lines:?}");
        assert_eq!(
            lines[2],
            "speakers: 1 documents, 2 interviewer turns, 3 respondent turns, 1 header lines, 1 warnings (tables/speakers.csv)"
        );
    }
}
