//! `tables/coded_segments`: every coding with its evidence and the segment's text.
//!
//! A turn with five codes is five rows. Writing its text on each of them is what a researcher
//! filtering by code in a spreadsheet wants, and what makes the table grow faster than the
//! corpus: at 100 MB of transcripts with the shipped codebooks the text column alone was 7.7×
//! the corpus (issue 15). So the text is written in full only while all of it together stays
//! within [`FULL_TEXT_BUDGET`]; past it (a large study, never a thesis study of a few dozen
//! interviews) only the first row of each segment carries text, its first [`EXCERPT_CHARS`]
//! characters cut at a word end and followed by ` …` ([`excerpt`]), and the rows after it,
//! which follow it directly (codings are sorted by document, segment and code), leave the
//! cell empty: once per segment the whole text was still 92 MB at 100 MB. `start` and `end`
//! locate the whole text in the transcript; the quote book quotes it, and the Parquet copy,
//! whose columns compress a repeated value to almost nothing, has it on every row
//! ([`coded_segments_full`]). The caption says which applies.

use crate::codebook::Codebook;
use crate::coding::Coding;
use crate::corpus::{Corpus, Speaker};
use crate::render::csv_table::rows_to_csv_into;
use crate::render::pseudonymise::Pseudonyms;
use crate::render::tables::excerpt::excerpt;
use crate::render::{Language, RenderError};
use crate::table::{Cell, Table};

/// Bytes of segment text (UTF-8, counted once per row) up to which every row of
/// `coded_segments` carries its segment's text. 20 MB is some 40 times the coded text of a
/// large thesis study (the sample writes 0.4 MB), and a CSV a spreadsheet still opens.
pub const FULL_TEXT_BUDGET: usize = 20_000_000;

/// Characters of a segment's text that `coded_segments.csv` shows past [`FULL_TEXT_BUDGET`]:
/// about three lines of a spreadsheet cell, enough to recognise the turn.
pub const EXCERPT_CHARS: usize = 200;

const COLUMNS: [&str; 9] = ["document", "respondent", "segment", "start", "end", "code", "source", "evidence", "text"];

/// One row per coding, in coding order (document, segment, code); the text as `budget`
/// allows ([`FULL_TEXT_BUDGET`] in a run; tests pass a small one to work a case by hand).
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
    let capacity = csv_capacity(corpus, codings, once);
    coded_segments_csv_into(corpus, codebook, codings, once, pseudonyms, Vec::with_capacity(capacity))
}

/// [`coded_segments_csv`] written into `out` (a spill file in a run, see
/// [`crate::render::Spill`]), handed back flushed.
pub fn coded_segments_csv_to<W: std::io::Write>(
    corpus: &Corpus,
    codebook: &Codebook,
    codings: &[Coding],
    budget: usize,
    pseudonyms: &Pseudonyms,
    out: W,
) -> Result<W, RenderError> {
    let once = text_once(corpus, codings, budget);
    coded_segments_csv_into(corpus, codebook, codings, once, pseudonyms, out)
}

fn coded_segments_csv_into<W: std::io::Write>(
    corpus: &Corpus,
    codebook: &Codebook,
    codings: &[Coding],
    once: bool,
    pseudonyms: &Pseudonyms,
    out: W,
) -> Result<W, RenderError> {
    let rows = rows(corpus, codebook, codings, once).map(|mut row| {
        for cell in &mut row {
            if let Cell::Text(s) = cell {
                *s = pseudonyms.apply(s);
            }
        }
        row
    });
    let columns: Vec<String> = COLUMNS.iter().map(|c| c.to_string()).collect();
    rows_to_csv_into("coded_segments", &columns, rows, out)
}

/// Bytes to reserve for `coded_segments.csv` held in memory (see [`crate::render::csv_table::rows_to_csv`]): [`ROW_BYTES`] a row for the
/// ids, offsets and evidence, and the text cells at twice their length in characters (room for
/// two-byte letters or doubled quotes). An estimate, not a bound: a study whose rows are
/// longer on average grows the buffer as before.
fn csv_capacity(corpus: &Corpus, codings: &[Coding], once: bool) -> usize {
    let text = if once {
        // Each segment's excerpt, once, of at most EXCERPT_CHARS characters.
        let segments = codings.windows(2).filter(|w| (w[0].document, w[0].segment) != (w[1].document, w[1].segment));
        (segments.count() + 1) * EXCERPT_CHARS
    } else {
        codings.iter().map(|c| text_of(corpus, c).len()).sum()
    };
    codings.len() * ROW_BYTES + 2 * text
}

/// Bytes reserved per row of `coded_segments.csv` besides its text: measured at 100 MB with the
/// shipped codebooks, the rows average about 160 bytes with their excerpts.
const ROW_BYTES: usize = 256;

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

/// The rows of `codings`, one at a time; with `once`, a segment's first row carries the
/// start of its text ([`excerpt`]) and a row that follows a row of the same segment leaves the
/// text empty.
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
        let text = match (once, repeat) {
            (true, true) => Cell::Empty,
            (true, false) => excerpt(text_of(corpus, c), EXCERPT_CHARS).into_owned().into(),
            (false, _) => text_of(corpus, c).into(),
        };
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
                "; de tekst van een segment staat alleen in zijn eerste rij, ingekort tot de eerste {EXCERPT_CHARS} tekens en ' …' (alle tekst op elke rij zou meer dan {mb} MB zijn; start en end wijzen de hele tekst aan in het transcript)"
            ),
            Language::En => {
                format!("; a segment's text is on its first row only, cut to its first {EXCERPT_CHARS} characters and ' …' (the text on every row would exceed {mb} MB; start and end locate the whole text in the transcript)")
            }
        });
    }
    caption
}

/// `coded_segments` whole, with the whole text on every row, for a columnar copy (Parquet),
/// where a repeated value costs next to nothing and a query should not have to fill it in or
/// cut it out of the transcript.
pub fn coded_segments_full(corpus: &Corpus, codebook: &Codebook, codings: &[Coding], language: Language) -> Table {
    coded_segments_table_within(corpus, codebook, codings, language, usize::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::testkit::study_parts;

    /// A study of two turns: the first is 230 characters long with three codings, the second
    /// "kort" with one. Its coded text, on every row, is 3·230 + 4 = 694 bytes (ASCII).
    fn long_turn_study() -> (Corpus, Codebook, Vec<Coding>) {
        let codes = [("a", None), ("b", None), ("c", None)];
        let (mut corpus, codebook, mut codings) =
            study_parts(&[("D1", &["R1", "R2"])], &codes, &[(0, 0, 0), (0, 0, 1), (0, 0, 2), (0, 1, 0)], &[]);
        // 23 words of ten characters ("woord0001 " … "woord0023 "): 230 characters, the
        // 200th the space after the 20th word.
        let long: String = (1..=23).map(|i| format!("woord{i:04} ")).collect();
        assert_eq!(long.len(), 230);
        let doc = &mut corpus.documents[0];
        doc.text = format!("{long}kort");
        let (first, second) = doc.segments.split_at_mut(1);
        (first[0].start, first[0].end, first[0].byte_start, first[0].byte_end) = (0, 230, 0, 230);
        (second[0].start, second[0].end, second[0].byte_start, second[0].byte_end) = (230, 234, 230, 234);
        for c in &mut codings {
            c.source = crate::coding::Source::manual("Jansen", "a.csv");
        }
        (corpus, codebook, codings)
    }

    fn texts(table: &Table) -> Vec<String> {
        let k = table.columns.iter().position(|c| c == "text").unwrap();
        table.rows.iter().map(|r| r[k].render()).collect()
    }

    /// Worked by hand on the study above (four codings, two segments): every text on its row
    /// is 694 bytes, reserved twice, with 256 bytes a row: 4·256 + 2·694 = 2412; one excerpt a
    /// segment instead: 4·256 + 2·(2·200) = 1824.
    #[test]
    fn the_csv_buffer_is_reserved_from_rows_and_text() {
        let (corpus, _, codings) = long_turn_study();
        assert_eq!(csv_capacity(&corpus, &codings, false), 2412);
        assert_eq!(csv_capacity(&corpus, &codings, true), 1824);
        assert_eq!(csv_capacity(&corpus, &[], true), 2 * EXCERPT_CHARS, "an empty table reserves one excerpt");
    }

    /// Worked by hand: within the budget every row has the whole text; one byte over it, a
    /// segment's first row has its first 200 characters — the 200th is the space after
    /// "woord0020", so the cut falls at that word's end — and " …", the rows after it nothing,
    /// and a text of 4 characters is not cut.
    #[test]
    fn over_the_budget_a_segment_has_its_first_200_characters_on_its_first_row_only() {
        let (corpus, codebook, codings) = long_turn_study();
        let long: String = (1..=23).map(|i| format!("woord{i:04} ")).collect();
        let full = 3 * 230 + 4;
        let within = coded_segments_table_within(&corpus, &codebook, &codings, Language::En, full);
        assert_eq!(texts(&within), [long.as_str(), &long, &long, "kort"]);
        assert!(!within.caption.contains("first row"), "{}", within.caption);
        let over = coded_segments_table_within(&corpus, &codebook, &codings, Language::En, full - 1);
        let first_20_words = (1..=20).map(|i| format!("woord{i:04}")).collect::<Vec<_>>().join(" ");
        assert_eq!(texts(&over), [format!("{first_20_words} …").as_str(), "", "", "kort"]);
        assert!(over.caption.contains("first row only, cut to its first 200 characters"), "{}", over.caption);
        // Everything else is the same in both tables; start and end locate the whole text.
        let without_text = |t: &Table| t.rows.iter().map(|r| r[..8].to_vec()).collect::<Vec<_>>();
        assert_eq!(without_text(&within), without_text(&over));
        assert_eq!((over.rows[0][3].render(), over.rows[0][4].render()), ("0".into(), "230".into()));
        // The columnar copy has the whole text on every row, whatever the budget.
        assert_eq!(coded_segments_full(&corpus, &codebook, &codings, Language::En).rows, within.rows);
    }

    /// The head holds the first rows and counts the others; the CSV written row by row is the
    /// whole table's, pseudonyms applied, excerpt included.
    #[test]
    fn the_streamed_csv_is_the_whole_table_with_pseudonyms() {
        let (corpus, codebook, codings) = long_turn_study();
        let budget = 3 * 230 + 4 - 1;
        let table = coded_segments_table_within(&corpus, &codebook, &codings, Language::En, budget);
        let head = coded_segments_head(&corpus, &codebook, &codings, Language::En, budget, 2);
        assert_eq!((head.rows.as_slice(), head.left_out, head.total_rows()), (&table.rows[..2], 2, 4));
        let pseudonyms = Pseudonyms::parse(std::path::Path::new("p.csv"), "real,pseudonym\nJansen,[coder]\n").unwrap();
        let mut named = table.clone();
        pseudonyms.apply_table(&mut named);
        let streamed = coded_segments_csv(&corpus, &codebook, &codings, budget, &pseudonyms).unwrap();
        assert_eq!(streamed, crate::render::to_csv(&named).unwrap());
        let streamed = String::from_utf8(streamed).unwrap();
        assert!(streamed.contains("coded by [coder] (a.csv)"));
        assert!(streamed.contains("woord0020 …\n"), "{streamed}");
    }

    /// No codings: the header alone, and an empty head.
    #[test]
    fn no_codings_give_the_header_alone() {
        let (corpus, codebook, _) = long_turn_study();
        let csv = coded_segments_csv(&corpus, &codebook, &[], 0, &Pseudonyms::none()).unwrap();
        assert_eq!(
            String::from_utf8(csv).unwrap(),
            "document,respondent,segment,start,end,code,source,evidence,text\n"
        );
        let head = coded_segments_head(&corpus, &codebook, &[], Language::Nl, 0, 5);
        assert_eq!((head.rows.len(), head.left_out), (0, 0));
    }
}
