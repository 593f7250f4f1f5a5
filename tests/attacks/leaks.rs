//! Leaks and injection: real names in the forms a Dutch reader recognises, every written byte
//! checked; CSV cells that a spreadsheet would run; control characters that would break out of
//! a comment or an XML document; a git option smuggled in as a revision.

use super::{attack, out_files, study, Project, TOML};

/// The study with a pseudonym mapping and R1's coded turn rewritten to hold `turn`.
fn with_names(turn: &str, mapping: &str) -> Project {
    let p = study();
    p.write("pseudoniemen.csv", mapping);
    p.write("analyse.toml", TOML.replace("dir = \"out\"\n", "dir = \"out\"\npseudonyms = \"pseudoniemen.csv\"\n"));
    p.write("transcripts/R1.txt", format!("I: Hoe gaat de samenwerking?\nR: {turn}\n"));
    p
}

/// Every output file (PNG and the cache aside) as text, for a search.
fn every_output_text(p: &Project) -> String {
    p.snapshot(false)
        .into_iter()
        .filter(|(path, _)| !path.ends_with(".png"))
        .map(|(path, bytes)| {
            if path.ends_with(".xlsx") {
                return format!("{path}: (xlsx)\n");
            }
            format!("{path}: {}\n", String::from_utf8_lossy(&bytes))
        })
        .collect()
}

#[test]
fn a_name_with_a_typographic_apostrophe_is_pseudonymised() {
    let p = with_names("De samenwerking met mevrouw O\u{2019}Brien is goed.", "real,pseudonym\nO'Brien,Collega A\n");
    attack(&p, &["run"], 0, &[], &[]);
    let text = every_output_text(&p);
    assert!(!text.contains("Brien"), "a real name leaked");
    assert!(p.read_out("tables/coded_segments.csv").contains("mevrouw Collega A is goed"));
}

#[test]
fn a_dutch_genitive_is_pseudonymised() {
    let p = with_names("De samenwerking met Patricks team is goed.", "real,pseudonym\nPatrick,Collega B\n");
    attack(&p, &["run"], 0, &[], &[]);
    assert!(!every_output_text(&p).contains("Patrick"));
    assert!(p.read_out("tables/coded_segments.csv").contains("Collega Bs team"));
}

#[test]
fn a_dutch_plural_of_a_surname_is_pseudonymised() {
    let p = with_names("De samenwerking met de Jansens loopt.", "real,pseudonym\nJansen,Familie C\n");
    attack(&p, &["run"], 0, &[], &[]);
    assert!(!every_output_text(&p).contains("Jansen"));
}

#[test]
fn a_real_name_in_the_title_stops_the_run_before_anything_is_written() {
    let p = with_names("De samenwerking is goed.", "real,pseudonym\nJansen,Familie C\n");
    p.write("analyse.toml", p.read("analyse.toml").replace("title = \"Studie\"", "title = \"Studie bij Jansen\""));
    attack(&p, &["run"], 1, &["Jansen", "pseudoniemen.csv:2"], &[]);
    assert!(!p.exists("out"));
}

#[test]
fn a_real_name_among_the_interviewer_labels_stops_the_run() {
    let p = with_names("De samenwerking is goed.", "real,pseudonym\nAnja Bakker,Interviewer A\n");
    let toml = p.read("analyse.toml");
    p.write("analyse.toml", toml.replace("[coding]", "interviewer_labels = [\"I\", \"Anja Bakker\"]\n\n[coding]"));
    attack(&p, &["run"], 1, &["Anja Bakker", "pseudoniemen.csv:2"], &[]);
    assert!(!p.exists("out"));
}

#[test]
fn a_code_label_that_is_a_formula_is_neutralised_in_the_csv_but_exact_in_xlsx() {
    let p = study();
    let codebook = super::CODEBOOK.replace("label: Regie", "label: \"=HYPERLINK(\\\"http://x\\\")\"");
    p.write("codebooks/mini.yaml", codebook);
    attack(&p, &["run"], 0, &[], &[]);
    let csv = p.read_out("tables/code_frequencies.csv");
    assert!(csv.contains("\"'=HYPERLINK(\"\"http://x\"\")\""), "{csv}");
    assert!(!csv.lines().any(|l| l.starts_with("=") || l.contains(",=")), "{csv}");
    assert!(p.exists("out/tables.xlsx"));
}

#[test]
fn transcript_text_that_is_a_formula_is_neutralised_in_coded_segments() {
    let p = study();
    p.write("transcripts/R1.txt", "I: Vraag?\nR: =cmd|' /C calc'!A0 over de samenwerking\n");
    attack(&p, &["run"], 0, &[], &[]);
    let csv = p.read_out("tables/coded_segments.csv");
    assert!(csv.contains("'=cmd|"), "{csv}");
    assert!(!csv.contains(",=cmd") && !csv.contains("\"=cmd"), "{csv}");
}

#[test]
fn an_attribute_that_is_a_formula_is_neutralised_in_the_sample_table() {
    let p = study();
    p.write("respondents.csv", "id,role,interview_date\nR1,@SUM(1+1),2024-01-10\nR2,+expert,2024-01-03\n");
    attack(&p, &["run"], 0, &[], &[]);
    let csv = p.read_out("tables/respondents.csv");
    assert!(csv.contains("'@SUM(1+1)") && csv.contains("'+expert"), "{csv}");
}

#[test]
fn a_line_break_in_a_transcript_file_name_is_refused() {
    let p = study();
    p.write("transcripts/R1\n\\input{geheim}.txt", super::R1);
    attack(&p, &["run"], 1, &["control character", "rename the file"], &[]);
    assert!(!p.exists("out"));
}

#[test]
fn a_line_break_in_a_respondent_id_is_refused_with_its_line() {
    let p = study();
    p.write("respondents.csv", "id,role\nR1,a\n\"R2\n-->\",b\n");
    attack(&p, &["run"], 1, &["respondents.csv", "line 3", "`id`", "U+000A"], &[]);
    assert!(!p.exists("out"));
}

#[test]
fn a_control_character_in_an_attribute_is_a_user_error_not_an_internal_one() {
    let p = study();
    p.write("respondents.csv", "id,role,interview_date\nR1,pro\u{1}fessional,2024-01-10\nR2,expert,2024-01-03\n");
    attack(&p, &["run"], 1, &["respondents.csv", "line 2", "`role`", "U+0001"], &[]);
    assert!(!p.exists("out"));
}

#[test]
fn a_git_option_passed_as_a_revision_is_refused() {
    let p = study();
    let args = ["diff", "--project", ".", "--", "--output=gestolen.txt:codebooks/mini.yaml", "codebooks/mini.yaml"];
    attack(&p, &args, 1, &["cannot start with '-'"], &[]);
    assert!(!p.exists("gestolen.txt"));
    assert!(out_files(&p).is_empty());
}

#[test]
fn any_option_like_revision_is_refused_before_git_runs() {
    let p = study();
    for revision in ["-p:codebooks/mini.yaml", "--exec=touch gestolen.txt:x"] {
        attack(&p, &["diff", "--", revision, "codebooks/mini.yaml"], 1, &["cannot start with '-'"], &[]);
    }
    assert!(!p.exists("gestolen.txt"));
}
