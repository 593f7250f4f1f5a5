//! `analyse kwic` as a reader sees it: the occurrences as a table (for `--out FILE.csv`) and
//! as aligned terminal lines, left context right-aligned against the match, as quanteda's
//! `kwic` prints them.
//!
//! The table keeps the wide context of [`crate::coding::kwic`] so that the caller can apply
//! the pseudonyms to whole names first; [`narrow`] then cuts it to the width shown.

use crate::codebook::Codebook;
use crate::coding::kwic::{head, tail, Occurrence};
use crate::corpus::{Corpus, Speaker};
use crate::table::{Cell, Table};

/// The CSV columns (part of the output contract, like every table's).
pub const COLUMNS: [&str; 9] = ["document", "segment", "speaker", "start", "end", "left", "match", "right", "coded_by"];

/// One row per occurrence. `segment` is the segment's ordinal in its document (empty for a
/// header line), `speaker` the respondent's id (`interviewer` for the interviewer's turns),
/// `coded_by` the ids of the codes whose rules code that segment, separated by "; ".
pub fn table(occurrences: &[Occurrence], corpus: &Corpus, codebook: &Codebook) -> Table {
    let mut table = Table::new("kwic", "Keyword in context", &COLUMNS);
    for o in occurrences {
        let doc = &corpus.documents[o.document];
        let segment = o.segment.map(|s| &doc.segments[s]);
        let speaker = match segment.map(|s| &s.speaker) {
            Some(Speaker::Respondent(id)) => id.clone(),
            Some(Speaker::Interviewer) => "interviewer".to_string(),
            Some(Speaker::Document) | None => String::new(),
        };
        let codes: Vec<&str> = o.coded_by.iter().map(|&c| codebook.codes[c].id.as_str()).collect();
        table.push(vec![
            doc.id.as_str().into(),
            segment.map_or(Cell::Empty, |s| Cell::Int(s.ordinal as i64)),
            speaker.into(),
            o.start.into(),
            o.end.into(),
            o.left.as_str().into(),
            o.matched.as_str().into(),
            o.right.as_str().into(),
            codes.join("; ").into(),
        ]);
    }
    table
}

/// The table with its contexts cut to `width` characters on each side.
pub fn narrow(table: &mut Table, width: usize) {
    for row in &mut table.rows {
        row[5] = tail(&row[5].render(), width).into();
        row[7] = head(&row[7].render(), width).into();
    }
}

/// Terminal lines: `[D3:12 D3] … left | match | right   coded by: regie; overleg`, the
/// bracketed places padded to one width and the left contexts right-aligned, so the matches
/// stand in one column.
pub fn to_terminal(table: &Table, width: usize) -> String {
    let place = |row: &[Cell]| {
        let segment = row[1].render();
        let speaker = row[2].render();
        let at = if segment.is_empty() { row[0].render() } else { format!("{}:{segment}", row[0].render()) };
        if speaker.is_empty() {
            format!("[{at}]")
        } else {
            format!("[{at} {speaker}]")
        }
    };
    let places: Vec<String> = table.rows.iter().map(|r| place(r)).collect();
    let place_width = places.iter().map(|p| p.chars().count()).max().unwrap_or(0);
    let match_width = table.rows.iter().map(|r| r[6].render().chars().count()).max().unwrap_or(0);
    let mut out = String::new();
    for (row, place) in table.rows.iter().zip(&places) {
        let codes = row[8].render();
        let codes = if codes.is_empty() { "-".to_string() } else { codes };
        let line = format!(
            "{place:<place_width$} {:>width$} | {:<match_width$} | {:<width$}  {codes}",
            row[5].render(),
            row[6].render(),
            row[7].render(),
        );
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}
