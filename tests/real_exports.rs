//! Exports made by real QDA tools (tests/fixtures/make_real_exports.sh, versions in
//! tests/fixtures/real-exports/VERSIONS) through `analyse init --from` and `analyse run`: every
//! count must equal the count taken from the export itself, here with a plain CSV reader and
//! none of the program's importers, and the tool's own count in its codebook export.
//!
//! A missing fixture fails the test (it never passes silently): run the script to make it.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use common::Project;

fn fixture(path: &str) -> PathBuf {
    let full = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/real-exports").join(path);
    assert!(full.exists(), "fixture missing: {}; make it with tests/fixtures/make_real_exports.sh", full.display());
    full
}

fn rows(text: &str) -> Vec<Vec<String>> {
    let mut reader = csv::ReaderBuilder::new().has_headers(false).from_reader(text.as_bytes());
    reader.records().map(|r| r.unwrap().iter().map(str::to_string).collect()).collect()
}

/// Taguette's highlights: per highlight id, its document and its tags (one row per tag).
fn highlights(path: &Path) -> BTreeMap<String, (String, BTreeSet<String>)> {
    let text = std::fs::read_to_string(path).unwrap();
    let mut out: BTreeMap<String, (String, BTreeSet<String>)> = BTreeMap::new();
    for row in rows(&text).into_iter().skip(1) {
        let entry = out.entry(row[0].clone()).or_insert_with(|| (row[1].clone(), BTreeSet::new()));
        entry.1.insert(row[2].clone());
    }
    out
}

#[test]
fn taguette_highlights_give_the_counts_of_the_export() {
    let export = fixture("taguette/highlights.csv");
    let sources = fixture("taguette/sources");
    let taken = highlights(&export);
    let tags: BTreeSet<&String> = taken.values().flat_map(|(_, t)| t).collect();
    let documents_without_speakers = ["nota"];

    let p = Project::new::<&str>(&[]);
    p.analyse(&["init", "study", "--from", export.to_str().unwrap(), sources.to_str().unwrap()]).expect_code(0);
    p.analyse(&["run", "--project", "study"]).expect_code(0);

    // Frequencies: a highlight is one coded segment (each covers one respondent turn or one
    // paragraph); documents and respondents (interviews only) are those of its highlights.
    let freq = rows(&p.read("study/out/tables/code_frequencies.csv"));
    for tag in &tags {
        let with: Vec<&String> = taken.values().filter(|(_, t)| t.contains(*tag)).map(|(d, _)| d).collect();
        let docs: BTreeSet<&String> = with.iter().copied().collect();
        let respondents = docs.iter().filter(|d| !documents_without_speakers.contains(&d.as_str())).count();
        let row = freq.iter().find(|r| &r[0] == *tag).unwrap_or_else(|| panic!("no row for {tag}"));
        assert_eq!(row[3..], [with.len().to_string(), docs.len().to_string(), respondents.to_string()], "{tag}");
    }
    // Taguette's own codebook export counts highlights and documents per tag too.
    for row in rows(&std::fs::read_to_string(fixture("taguette/codebook.csv")).unwrap()).into_iter().skip(1) {
        let ours = freq.iter().find(|r| r[0] == row[0]).unwrap();
        assert_eq!((&ours[3], &ours[4]), (&row[2], &row[3]), "Taguette's count of {}", row[0]);
    }

    // Code × document: highlights per tag and document.
    let matrix = rows(&p.read("study/out/tables/code_by_document.csv"));
    for row in &matrix[1..] {
        for (column, value) in matrix[0].iter().zip(row).skip(3) {
            let expected = if column == "total" {
                taken.values().filter(|(_, t)| t.contains(&row[0])).count()
            } else {
                taken.values().filter(|(d, t)| d == column && t.contains(&row[0])).count()
            };
            assert_eq!(value, &expected.to_string(), "{} × {column}", row[0]);
        }
    }

    // Co-occurrence: highlights carrying both tags, and documents holding both.
    let cooc = rows(&p.read("study/out/tables/cooccurrence.csv"));
    assert_eq!(cooc.len() - 1, tags.len() * (tags.len() - 1) / 2, "every pair of tags");
    for row in &cooc[1..] {
        let (a, b) = (&row[0], &row[1]);
        let both = taken.values().filter(|(_, t)| t.contains(a) && t.contains(b)).count();
        let docs_of = |tag: &String| -> BTreeSet<&String> {
            taken.values().filter(|(_, t)| t.contains(tag)).map(|(d, _)| d).collect()
        };
        let docs_both = docs_of(a).intersection(&docs_of(b)).count();
        assert_eq!((row[2].clone(), row[3].clone()), (both.to_string(), docs_both.to_string()), "{a} × {b}");
    }

    // Every coded text of the export is a coded segment's text.
    let coded = p.read("study/out/tables/coded_segments.csv");
    let export_text = std::fs::read_to_string(&export).unwrap();
    for row in rows(&export_text).into_iter().skip(1) {
        let squeezed: String = row[3].split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(coded.contains(&squeezed), "highlight {} not among the coded segments", row[0]);
    }
}
