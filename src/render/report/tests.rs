use super::*;
use crate::analysis::testkit::study_parts;
use crate::render::quotes::Quote;
use crate::table::Cell;

fn render(language: Language, pseudonyms: &Pseudonyms) -> String {
    render_with(language, pseudonyms, Vec::new())
}

/// The report of `render` with `more` tables after its own.
fn render_with(language: Language, pseudonyms: &Pseudonyms, more: Vec<Table>) -> String {
    let (_, mut book, _) = study_parts(&[], &[("regie", None), ("casus", Some("regie"))], &[], &[]);
    book.codes[0].definition = "Wie de regie heeft, volgens Jansen".into();
    let mut sample = Table::new("respondents", "Steekproef", &["attribute", "value", "respondents"]);
    sample.push(vec!["role".into(), "<script>alert(1)</script>".into(), Cell::Int(3)]);
    let mut long = Table::new("coded_segments", "Segmenten", &["n"]);
    for i in 0..45 {
        long.push(vec![Cell::Int(i)]);
    }
    let mut tables = vec![sample.clone(), long];
    tables.extend(more);
    let quotes = vec![CodeQuotes {
        code: "regie".into(),
        label: "Regie".into(),
        quotes: vec![Quote {
            document: "D1".into(),
            segment: 2,
            respondent: "D1".into(),
            text: "Ik & jij".into(),
            attribution: "(D1- expert)".into(),
        }],
    }];
    let input = ReportInput {
        title: "Studie",
        language,
        summary: "2 documenten".into(),
        sample: Some(&sample),
        codebook: &book,
        figures: vec![(
            "saturation_curve".into(),
            "<svg width=\"10\" height=\"10\" viewBox=\"0 0 10 10\" xmlns=\"http://www.w3.org/2000/svg\"><rect/></svg>"
                .into(),
        )],
        verdict: "Saturatie bereikt".into(),
        tables: &tables,
        attribute_labels: &crate::render::attribute_labels::NO_LABELS,
        quotes: &quotes,
        settings: vec![("analysis.seed".into(), "7".into())],
        tool: "analyse".into(),
        version: "0.1.0".into(),
        inputs: vec![("analyse.toml".into(), "abc".into())],
        outputs: vec![("tables/respondents.csv".into(), "def".into())],
    };
    report_html(&input, pseudonyms).unwrap()
}

#[test]
fn one_self_contained_page() {
    let html = render(Language::Nl, &Pseudonyms::none());
    assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"nl\">"));
    // Nothing to fetch: no URL, no script, no external stylesheet, font or image.
    for forbidden in ["http:", "https:", "<script", "<link", "src=", "@import", "url("] {
        assert!(!html.contains(forbidden), "report contains {forbidden}");
    }
    // Texts are escaped, the SVG is inline.
    assert!(
        html.contains("&lt;script&gt;alert(1)&lt;&#x2f;script&gt;")
            || html.contains("&lt;script&gt;alert(1)&lt;/script&gt;")
    );
    assert!(html.contains("<svg width=\"10\" height=\"10\" viewBox=\"0 0 10 10\"><rect/></svg>"));
    assert!(html.contains("Ik &amp; jij") && html.contains("(D1- expert)"));
    // Codebook numbered in tree order, Dutch headings.
    assert!(html.contains("<td class=\"num\">1.1</td>"));
    assert!(html.contains("Beschrijving van de steekproef") && html.contains("Codeboek"));
    // Column headers in Dutch, the contract name (CSV header) as the tooltip.
    assert!(html.contains("<th title=\"attribute\">kenmerk</th>"));
    assert!(html.contains("<th title=\"respondents\" class=\"num\">respondenten</th>"));
    // The 45-row table is folded, the 1-row table is not.
    assert!(html.contains("Toon alle 45 rijen"));
    assert_eq!(html.matches("<details>").count(), 1);
    assert!(html.contains("Saturatie bereikt") && html.contains("analysis.seed"));
}

#[test]
fn english_words_and_pseudonyms() {
    let p = Pseudonyms::parse(std::path::Path::new("p.csv"), "real,pseudonym\nJansen,Respondent A\n").unwrap();
    let html = render(Language::En, &p);
    assert!(html.contains("<html lang=\"en\">") && html.contains("Sample description") && html.contains("Input files"));
    assert!(!html.contains("Beschrijving van de steekproef"));
    assert!(html.contains("volgens Respondent A") && !html.contains("Jansen"));
}

#[test]
fn same_input_same_bytes() {
    assert_eq!(render(Language::Nl, &Pseudonyms::none()), render(Language::Nl, &Pseudonyms::none()));
}

#[test]
fn row_level_tables_show_their_first_rows_and_where_the_rest_is() {
    let mut table = Table::new("coded_segments", "Segmenten", &["n"]);
    for i in 0..1_003 {
        table.push(vec![Cell::Int(i as i64)]);
    }
    let view = table_view(&table, AttributeLabels::new(Language::En, &crate::render::attribute_labels::NO_LABELS));
    assert_eq!(view.rows.len(), 1_000);
    assert_eq!(view.show, "First 1000 of 1003 rows; all in tables/coded_segments.csv");
    table.rows.truncate(45);
    let short = table_view(&table, AttributeLabels::new(Language::En, &crate::render::attribute_labels::NO_LABELS));
    assert_eq!((short.rows.len(), short.show.as_str()), (45, "Show all 45 rows"));
}

/// A large study's row-level tables: 20,000 coded segments with a turn of 1,000 characters
/// each (20 MB of text) and a code × document matrix of 400 codes × 2,000 documents
/// (800,000 cells). In full the report would be over 20 MB; it shows 1,000 rows of the one
/// (≈ 1,000 × 1.1 kB with the markup) and 50 columns of the other (400 × 50 cells of
/// ≈ 25 bytes ≈ 0.5 MB), so it stays under 3 MB and says where the rest is.
#[test]
fn the_report_stays_a_few_mb_whatever_the_study_size() {
    let turn = "woord ".repeat(166) + "eind";
    let mut segments = Table::new("coded_segments", "Segmenten", &["document", "segment", "code", "text"]);
    for i in 0..20_000 {
        segments.push(vec![format!("D{}", i / 10).into(), Cell::Int(i % 10), "regie".into(), turn.as_str().into()]);
    }
    let mut columns = vec!["code".to_string()];
    columns.extend((1..=2_000).map(|d| format!("D{d}")));
    let columns: Vec<&str> = columns.iter().map(String::as_str).collect();
    let mut matrix = Table::new("code_by_document", "Codes per document", &columns);
    for c in 0..400 {
        let mut row = vec![Cell::Text(format!("code{c}"))];
        row.extend((0..2_000).map(|d| Cell::Int((c * d % 7) as i64)));
        matrix.push(row);
    }
    let html = render_with(Language::En, &Pseudonyms::none(), vec![segments, matrix]);
    assert!(html.len() < 3_000_000, "report.html is {} bytes", html.len());
    assert_eq!(html.matches(turn.as_str()).count(), REPORT_ROWS);
    // (minijinja writes `/` as `&#x2f;`.)
    assert!(html.contains("First 1000 of 20000 rows; all in tables&#x2f;coded_segments.csv"));
    assert!(html.contains("First 50 of 2001 columns; all in tables&#x2f;code_by_document.csv"));
    assert!(html.contains(">D49</th>") && !html.contains(">D50</th>"), "the code column and 49 documents");
}

/// A figure of 3 MB (the code × document figure of a study of thousands of documents) is
/// named, not inlined; one at the limit is inlined.
#[test]
fn a_figure_too_large_for_the_page_is_named_not_inlined() {
    let svg = |bytes: usize| format!("<svg><text>{}</text></svg>", "x".repeat(bytes - 24));
    let large = figure_view("code_by_document", &svg(3_000_000), Language::En);
    assert_eq!(
        large.svg,
        "<p>This figure is too large for this page (3.0 MB); see figures/code_by_document.svg and .png.</p>"
    );
    let at_limit = figure_view("code_by_document", &svg(REPORT_FIGURE_BYTES), Language::Nl);
    assert_eq!(at_limit.svg.len(), REPORT_FIGURE_BYTES);
}
