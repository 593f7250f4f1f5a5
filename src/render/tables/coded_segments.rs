//! `tables/coded_segments`: every coding with its evidence and the segment's text.
//!
//! A turn with five codes is five rows. Writing its text on each of them is what a researcher
//! filtering by code in a spreadsheet wants, and what makes the table grow faster than the
//! corpus: at 100 MB of transcripts with the shipped codebooks the text column alone was 7.7×
//! the corpus (issue 15). So the text is written in full only while all of it together stays
//! within [`FULL_TEXT_BUDGET`]; past it (a large study, never a thesis study of a few dozen
//! interviews) only the first row of each segment carries the text and the rows after it,
//! which follow it directly (codings are sorted by document, segment and code), leave the
//! cell empty. The caption says which applies. The Parquet copy, whose columns compress a
//! repeated value to almost nothing, gets the text on every row again ([`text_on_every_row`]).

use std::borrow::Cow;

use crate::codebook::Codebook;
use crate::coding::Coding;
use crate::corpus::{Corpus, Speaker};
use crate::render::csv_table::rows_to_csv;
use crate::render::pseudonymise::Pseudonyms;
use crate::render::{Language, RenderError};
use crate::table::{Cell, Table};

/// Bytes of segment text (UTF-8, counted once per row) up to which every row of
/// `coded_segments` carries its segment's text. 20 MB is some 40 times the coded text of a
/// large thesis study (the sample writes 0.4 MB), and a CSV a spreadsheet still opens.
pub const FULL_TEXT_BUDGET: usize = 20_000_000;

const COLUMNS: [&str; 9] = ["document", "respondent", "segment", "start", "end", "code", "source", "evidence", "text"];

/// One row per coding, in coding order (document, segment, code); the text as
/// [`FULL_TEXT_BUDGET`] allows.
pub fn coded_segments_table(corpus: &Corpus, codebook: &Codebook, codings: &[Coding], language: Language) -> Table {
    coded_segments_table_within(corpus, codebook, codings, language, FULL_TEXT_BUDGET)
}

/// [`coded_segments_table`] with another budget, so tests can work a case by hand.
pub fn coded_segments_table_within(
    corpus: &Corpus,
    codebook: &Codebook,
    codings: &[Coding],
    language: Language,
    budget: usize,
) -> Table {
    coded_segments_head(corpus, codebook, codings, language, budget, codings.len())
}

/// The table's first `keep` rows, the others counted in [`Table::left_out`]; its CSV, with
/// every row, comes from [`coded_segments_csv`]. A large study's table is never held whole.
pub fn coded_segments_head(
    corpus: &Corpus,
    codebook: &Codebook,
    codings: &[Coding],
    language: Language,
    budget: usize,
    keep: usize,
) -> Table {
    let once = text_once(corpus, codings, budget);
    let mut table = Table::new("coded_segments", caption(language, once), &COLUMNS);
    let keep = keep.min(codings.len());
    table.rows = rows(corpus, codebook, &codings[..keep], once).collect();
    table.left_out = codings.len() - keep;
    table
}

/// `tables/coded_segments.csv`, every row, written one row at a time with the pseudonyms
/// applied to every text cell (as [`Pseudonyms::apply_table`] does to a table).
pub fn coded_segments_csv(
    corpus: &Corpus,
    codebook: &Codebook,
    codings: &[Coding],
    budget: usize,
    pseudonyms: &Pseudonyms,
) -> Result<Vec<u8>, RenderError> {
    let once = text_once(corpus, codings, budget);
    let rows = rows(corpus, codebook, codings, once).map(|mut row| {
        for cell in &mut row {
            if let Cell::Text(s) = cell {
                *s = pseudonyms.apply(s);
            }
        }
        row
    });
    let columns: Vec<String> = COLUMNS.iter().map(|c| c.to_string()).collect();
    rows_to_csv("coded_segments", &columns, rows)
}

/// Whether the text of every row together exceeds `budget`: then each segment's text is on
/// its first row only.
fn text_once(corpus: &Corpus, codings: &[Coding], budget: usize) -> bool {
    let full: usize = codings.iter().map(|c| text_of(corpus, c).len()).sum();
    full > budget
}

fn text_of<'a>(corpus: &'a Corpus, c: &Coding) -> &'a str {
    let doc = &corpus.documents[c.document];
    doc.segment_text(&doc.segments[c.segment])
}

/// The rows of `codings`, one at a time; with `once`, a row that follows a row of the same
/// segment leaves the text empty.
fn rows<'a>(
    corpus: &'a Corpus,
    codebook: &'a Codebook,
    codings: &'a [Coding],
    once: bool,
) -> impl Iterator<Item = Vec<Cell>> + 'a {
    codings.iter().enumerate().map(move |(i, c)| {
        let doc = &corpus.documents[c.document];
        let segment = &doc.segments[c.segment];
        let code = &codebook.codes[c.code];
        let respondent = match &segment.speaker {
            Speaker::Respondent(r) => Cell::Text(r.clone()),
            Speaker::Interviewer | Speaker::Document => Cell::Empty,
        };
        let repeat = once && i > 0 && (codings[i - 1].document, codings[i - 1].segment) == (c.document, c.segment);
        let text = if repeat { Cell::Empty } else { text_of(corpus, c).into() };
        let (source, evidence) = (c.source.kind(), c.evidence(codebook));
        vec![
            doc.id.as_str().into(),
            respondent,
            segment.ordinal.into(),
            segment.start.into(),
            segment.end.into(),
            code.id.as_str().into(),
            source.into(),
            evidence.into(),
            text,
        ]
    })
}

fn caption(language: Language, once: bool) -> String {
    let mut caption = match language {
        Language::Nl => {
            "Gecodeerde segmenten: elke codering met de regel en de gevonden tekst als bewijs (offsets in tekens)"
        }
        Language::En => {
            "Coded segments: every coding with the rule and the matched text as evidence (offsets in characters)"
        }
    }
    .to_string();
    if once {
        let mb = FULL_TEXT_BUDGET / 1_000_000;
        caption.push_str(&match language {
            Language::Nl => format!(
                "; de tekst van een segment staat alleen in zijn eerste rij (alle tekst op elke rij zou meer dan {mb} MB zijn)"
            ),
            Language::En => {
                format!("; a segment's text is on its first row only (the text on every row would exceed {mb} MB)")
            }
        });
    }
    caption
}

/// `coded_segments` with its text on every row, for a columnar copy (Parquet), where a
/// repeated value costs next to nothing and a query should not have to fill it in. Any other
/// table, or one with text on every row already, is returned as it is.
pub fn text_on_every_row(table: &Table) -> Cow<'_, Table> {
    let columns = ["document", "segment", "text"].map(|name| table.columns.iter().position(|c| c == name));
    let [Some(document), Some(segment), Some(text)] = columns else { return Cow::Borrowed(table) };
    let elided = |r: &Vec<Cell>| r[text] == Cell::Empty;
    if table.name != "coded_segments" || !table.rows.iter().any(elided) {
        return Cow::Borrowed(table);
    }
    let mut filled = table.clone();
    for r in 1..filled.rows.len() {
        let (before, after) = filled.rows.split_at_mut(r);
        let (previous, row) = (&before[r - 1], &mut after[0]);
        if row[text] == Cell::Empty && row[document] == previous[document] && row[segment] == previous[segment] {
            row[text] = previous[text].clone();
        }
    }
    Cow::Owned(filled)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::testkit::study_parts;

    /// Three codings on the first turn, one on the second: worked by hand. The turn texts are
    /// those `study_parts` writes, so the first turn's text counts `t1` bytes and the second's
    /// `t2`; with every row in full the table holds 3·t1 + t2 bytes of text.
    #[test]
    fn over_the_budget_a_segment_has_its_text_on_its_first_row_only() {
        let codes = [("a", None), ("b", None), ("c", None)];
        let (mut corpus, codebook, mut codings) =
            study_parts(&[("D1", &["R1", "R2"])], &codes, &[(0, 0, 0), (0, 0, 1), (0, 0, 2), (0, 1, 0)], &[]);
        // One character per turn: "p" is the first turn, "q" the second.
        corpus.documents[0].text = "pq".into();
        for c in &mut codings {
            c.source = crate::coding::Source::Manual { coder: "Jansen".into(), origin: "a.csv".into() };
        }
        let (t1, t2) = ("p", "q");
        let full = 3 + 1;
        let texts = |budget: usize| {
            let table = coded_segments_table_within(&corpus, &codebook, &codings, Language::En, budget);
            let k = table.columns.iter().position(|c| c == "text").unwrap();
            (table.rows.iter().map(|r| r[k].render()).collect::<Vec<_>>(), table)
        };
        // Exactly at the budget: every row in full, and the caption says nothing.
        let (within, table) = texts(full);
        assert_eq!(within, [t1, t1, t1, t2]);
        assert!(!table.caption.contains("first row"), "{}", table.caption);
        // One byte over: the text once per segment, the second segment's first row included.
        let (over, table) = texts(full - 1);
        assert_eq!(over, [t1, "", "", t2]);
        assert!(table.caption.ends_with("first row only (the text on every row would exceed 20 MB)"));
        // Everything else is the same in both tables.
        let (_, a) = texts(full);
        let without_text = |t: &Table| t.rows.iter().map(|r| r[..8].to_vec()).collect::<Vec<_>>();
        assert_eq!(without_text(&a), without_text(&table));
        // The columnar copy gets the text back on every row.
        let filled = text_on_every_row(&table);
        assert_eq!(filled.rows, a.rows);
        assert!(matches!(text_on_every_row(&a), Cow::Borrowed(_)));
        // The head holds the first rows and counts the others; the CSV written row by row is
        // the whole table's, pseudonyms applied.
        let head = coded_segments_head(&corpus, &codebook, &codings, Language::En, full - 1, 2);
        assert_eq!((head.rows.as_slice(), head.left_out, head.total_rows()), (&table.rows[..2], 2, 4));
        let pseudonyms = Pseudonyms::parse(std::path::Path::new("p.csv"), "real,pseudonym\nJansen,[coder]\n").unwrap();
        let mut named = table.clone();
        pseudonyms.apply_table(&mut named);
        let streamed = coded_segments_csv(&corpus, &codebook, &codings, full - 1, &pseudonyms).unwrap();
        assert_eq!(streamed, crate::render::to_csv(&named).unwrap());
        assert!(String::from_utf8(streamed).unwrap().contains("coded by [coder] (a.csv)"));
    }
}
