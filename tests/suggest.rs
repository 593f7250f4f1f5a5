//! `analyse suggest` end to end: proposals learned from the project's manual coding for the
//! documents nobody coded, a review file that is never overwritten, and only the accepted rows
//! coming back through `analyse import`.

mod common;

use common::Project;

const TOML: &str = r#"[project]
title = "Suggest"
language = "en"

[sources]
transcripts = ["transcripts/*.txt"]

[coding]
codebooks = ["codebooks/c.yaml"]
gold = ["gold"]

[analysis]
seed = 3

[output]
dir = "out"
"#;

// No rules: every coding in this project is a person's.
const CODEBOOK: &str = "codebook:\n  id: c\ncodes:\n  - id: regie\n    label: Regie\n  - id: geld\n    label: Geld\n";

const A: &str = "I: Vraag\nR: Wie heeft de regie over de cliënt, wie neemt de regie?\nI: En?\nR: Het geld van de gemeente is op, het budget is weg.\nI: Nog?\nR: We drinken koffie en praten over het weer.\n";
const B: &str = "I: Vraag\nR: De regie ligt nergens, niemand neemt de regie over de cliënt.\nI: En?\nR: Het budget en het geld zijn altijd een probleem.\nI: Nog?\nR: Koffie drinken we buiten, lekker weer.\n";
// Nobody coded these.
const C: &str =
    "I: Vraag\nR: Niemand neemt de regie over deze cliënt.\nI: En?\nR: We praten over het weer bij de koffie.\n";
const D: &str = "I: Vraag\nR: Het geld en het budget zijn op.\n";

fn span(text: &str, needle: &str) -> (usize, usize) {
    let start = text[..text.find(needle).unwrap()].chars().count();
    (start, start + needle.chars().count())
}

fn project() -> Project {
    let mut gold = String::from("document,start,end,code,coder\n");
    for (doc, text, needle, code) in [
        ("A", A, "Wie heeft de regie", "regie"),
        ("A", A, "Het geld van de gemeente", "geld"),
        ("B", B, "De regie ligt nergens", "regie"),
        ("B", B, "Het budget en het geld", "geld"),
    ] {
        let (s, e) = span(text, needle);
        gold.push_str(&format!("{doc},{s},{e},{code},sanne\n"));
    }
    Project::new(&[
        ("analyse.toml", TOML),
        ("codebooks/c.yaml", CODEBOOK),
        ("transcripts/A.txt", A),
        ("transcripts/B.txt", B),
        ("transcripts/C.txt", C),
        ("transcripts/D.txt", D),
        ("gold/ab.csv", gold.as_str()),
    ])
}

fn rows(text: &str) -> Vec<Vec<String>> {
    let mut reader = csv::ReaderBuilder::new().has_headers(false).from_reader(text.as_bytes());
    reader.records().map(|r| r.unwrap().iter().map(str::to_string).collect()).collect()
}

#[test]
fn suggestions_for_uncoded_documents_reviewed_and_imported() {
    let project = project();
    let out = project.analyse(&["suggest"]);
    out.expect_code(0);
    let review = project.read("suggestions.csv");
    let table = rows(&review);
    assert_eq!(table[0][..6], ["accept", "document", "segment", "start", "end", "code"]);
    // (document, turn, code) of every proposal: C's regie turn and D's money turn, nothing for
    // the coffee talk, and nothing in A or B (coded by a person).
    let proposed: Vec<(&str, &str, &str)> =
        table[1..].iter().map(|r| (r[1].as_str(), r[2].as_str(), r[5].as_str())).collect();
    assert_eq!(proposed, vec![("C", "2", "regie"), ("D", "2", "geld")], "{review}");
    // The evidence names words of the unit, as written.
    assert!(table[1][8].contains("regie ("), "{review}");
    assert!(out.stdout.contains("| regie |"), "the cross-validation is printed: {}", out.stdout);
    assert!(project.exists("suggestions.cv.csv"));
    // Suggestions are not codings: the tables know nothing of them.
    project.analyse(&["run"]).expect_code(0);
    assert!(!project.read("out/tables/coded_segments.csv").contains(",C,"));

    // A second run never overwrites a review.
    let accepted = review.replacen("\n,C,", "\nja,C,", 1);
    project.write("suggestions.csv", &accepted);
    project.analyse(&["suggest"]).expect(1, &["suggestions.csv exists", "-o"]);
    assert_eq!(project.read("suggestions.csv"), accepted);

    // Only the accepted row comes back.
    project.analyse(&["import", "suggestions.csv"]).expect_code(0);
    let imported = rows(&project.read("coded/imported/suggestions.csv"));
    // The unit is the respondent's whole turn, in characters (ë is one).
    let (s, e) = span(C, "Niemand neemt de regie over deze cliënt.");
    assert_eq!(imported.len(), 2, "{imported:?}");
    assert_eq!(imported[1][..5], ["C", &s.to_string(), &e.to_string(), "regie", "analyse-suggest"]);
}

#[test]
fn nothing_to_learn_from_and_a_bad_threshold_are_the_users_to_fix() {
    let project = project();
    project.analyse(&["suggest", "--min-score", "1.5"]).expect(1, &["--min-score", "0 to 1"]);
    project.write("analyse.toml", TOML.replace("gold = [\"gold\"]\n", ""));
    project.analyse(&["suggest"]).expect(1, &["no manual coding", "[coding] gold"]);
    assert!(!project.exists("suggestions.csv"));
}
