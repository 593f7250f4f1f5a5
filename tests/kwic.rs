//! `analyse kwic`: a term or a code's rules in context, on a tiny project whose occurrences
//! are counted by hand below.

mod common;

use common::Project;

const TOML: &str = r#"[project]
title = "Kwic"
language = "nl"

[sources]
transcripts = ["transcripts/*.txt"]
respondents = "respondents.csv"

[coding]
codebooks = ["codebooks/kwic.yaml"]

[output]
dir = "out"
"#;

const CODEBOOK: &str = r#"codebook:
  id: kwic
codes:
  - id: samenwerking
    label: Samenwerking
    rules:
      - terms: ["samenwerk*"]
  - id: overleg
    label: Overleg
    rules:
      - all: ["overleg", "gemeente"]
  - id: gevoel
    label: Gevoel
    rules:
      - similar: []
        threshold: 0.5
    example: "Ik voel me gehoord door de gemeente"
"#;

// Segments are the turns, numbered from 1; only respondents' turns are coded.
// "samenwerk*": T1 turn 1 (interviewer), T1 turn 2, T1 turn 4 ("samenwerkingsafspraken"),
// T2 turn 2 ("Samenwerken"); not "werken samen", not "ketensamenwerking" (no leading *): 4.
// The `all` rule of overleg fires in T1 turn 2 only (overleg and gemeente); its words stand in
// T1 turn 2 (gemeente, overleg), T1 turn 3 (Overleg, interviewer), T1 turn 4 (overleg) and T2
// turn 2 (gemeente): 5.
const T1: &str = "I: Hoe gaat de samenwerking?\nR: De samenwerking met de gemeente is goed. We werken samen in een overleg.\nI: En het Overleg met de wijk?\nR: Dat overleg loopt; de samenwerkingsafspraken zijn helder.\n";
const T2: &str = "I: Vertel eens.\nR: Samenwerken is lastig, zeker ketensamenwerking met de gemeente.\n";

fn project() -> Project {
    Project::new(&[
        ("analyse.toml", TOML),
        ("codebooks/kwic.yaml", CODEBOOK),
        ("transcripts/T1.txt", T1),
        ("transcripts/T2.txt", T2),
        ("respondents.csv", "id;role\nT1;professional\nT2;expert\n"),
    ])
}

#[test]
fn a_term_in_context_with_the_codes_rules_give_its_unit() {
    let p = project();
    let outcome = p.analyse(&["kwic", "samenwerk*", "--width", "10", "--out", "samen.csv"]);
    outcome.expect_code(0).expect_stderr(&["4 occurrence(s)", "2 document(s)", "3 in units a rule already codes"]);
    let lines: Vec<&str> = outcome.stdout.lines().collect();
    assert_eq!(lines.len(), 4, "{}", outcome.stdout);
    // Places padded to the widest, "[T1:1 interviewer]" (18); left contexts right-aligned to
    // 10; matches padded to the longest, "samenwerkingsafspraken" (22). The last 10
    // characters before T1's second "samenwerking" (line breaks as spaces) and the first 10
    // after it.
    let line = |place: &str, left: &str, matched: &str, right: &str, codes: &str| {
        format!("{place:<18} {left:>10} | {matched:<22} | {right:<10}  {codes}")
    };
    assert_eq!(lines[0], line("[T1:1 interviewer]", "oe gaat de", "samenwerking", "? R: De sa", "-"));
    assert_eq!(lines[1], line("[T1:2 T1]", "ing? R: De", "samenwerking", "met de gem", "samenwerking; overleg"));
    assert_eq!(lines[2], line("[T1:4 T1]", " loopt; de", "samenwerkingsafspraken", "zijn helde", "samenwerking"));
    assert_eq!(lines[3], line("[T2:2 T2]", "l eens. R:", "Samenwerken", "is lastig,", "samenwerking"));
    // The matches stand in one column.
    let bars: Vec<usize> = lines.iter().map(|l| l.find(" | ").unwrap()).collect();
    assert!(bars.iter().all(|&b| b == bars[0]), "{bars:?}");
    let csv = p.read("samen.csv");
    let rows: Vec<&str> = csv.lines().collect();
    assert_eq!(rows[0], "document,segment,speaker,start,end,left,match,right,coded_by");
    // "I: Hoe gaat de samenwerking?\n" is 29 characters, "R: De " 6 more: the second match
    // starts at 35 and is 12 characters long.
    assert_eq!(rows[2], "T1,2,T1,35,47,ing? R: De,samenwerking,met de gem,samenwerking; overleg");
    assert_eq!(rows.len(), 5);
}

#[test]
fn a_codes_rules_show_each_term_and_whether_the_rule_fired() {
    let p = project();
    let outcome = p.analyse(&["kwic", "--rule", "overleg"]);
    // All but the interviewer's "Overleg" stand in coded turns (T1 turn 4 and T2 turn 2 by
    // samenwerking); only T1 turn 2's two are coded by overleg itself.
    outcome.expect_code(0).expect_stderr(&["5 occurrence(s)", "4 in units a rule already codes"]);
    let coded: Vec<&str> = outcome.stdout.lines().filter(|l| l.ends_with("overleg")).collect();
    assert_eq!(coded.len(), 2, "{}", outcome.stdout);
    assert!(coded.iter().all(|l| l.starts_with("[T1:2 T1]")));
}

#[test]
fn bad_arguments_exit_1_with_what_to_do_and_write_nothing() {
    let p = project();
    p.write("old.csv", "mine");
    for (args, message) in [
        (vec!["kwic"], "give a TERM"),
        (vec!["kwic", "overleg", "--rule", "overleg"], "not both"),
        (vec!["kwic", "sam*en"], "`*` may stand only at the start or end"),
        (vec!["kwic", "--rule", "onbekend"], "the ids are: samenwerking, overleg, gevoel"),
        (vec!["kwic", "--rule", "gevoel"], "no rule with words"),
        (vec!["kwic", "overleg", "--out", "old.csv"], "old.csv"),
        (vec!["kwic", "overleg", "--out", "respondents.csv"], "respondents.csv"),
        (vec!["kwic", "overleg", "--out", "out/kwic.csv"], "output folder"),
        (vec!["kwic", "overleg", "--out", "kwic.txt"], "ending in .csv"),
        (vec!["kwic", "overleg", "--width", "0"], "--width"),
    ] {
        let outcome = p.analyse(&args);
        outcome.expect_code(1).expect_stderr(&[message]);
    }
    assert_eq!(p.read("old.csv"), "mine");
    assert!(!p.exists("kwic.txt") && !p.exists("out/kwic.csv"));
    assert!(p.read("respondents.csv").starts_with("id;role"));
}
