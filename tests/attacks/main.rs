//! The attack suite of issue 14: the binary run as a hostile or careless user would, grouped
//! as the issue groups its findings — data loss, leaks and injection, silently wrong data,
//! crashes and hangs. Every case asserts the exit code, the message, that no input of the
//! project changed, and what the output folder holds afterwards.
//!
//! The study is tiny (two interviews, three codes, 10 permutations) so that each case runs in
//! a second or two; the numbers asserted were worked out by hand from its text.

#[path = "../common/mod.rs"]
mod common;

mod data_loss;
mod hangs;
mod leaks;
mod misread;

use std::collections::BTreeMap;

pub use common::{Outcome, Project};

pub const TOML: &str = r#"[project]
title = "Studie"
language = "nl"

[sources]
transcripts = ["transcripts/*.txt"]
respondents = "respondents.csv"

[coding]
codebooks = ["codebooks/mini.yaml"]

[analysis]
groups = ["role"]
permutations = 10
seed = 7

[output]
dir = "out"
"#;

pub const CODEBOOK: &str = r#"codebook:
  id: mini
codes:
  - id: samenwerking
    label: Samenwerking
    rules:
      - terms: ["samenwerk*"]
  - id: overleg
    parent: samenwerking
    label: Overleg
    rules:
      - terms: ["overleg*"]
  - id: regie
    label: Regie
    rules:
      - terms: ["regie"]
"#;

pub const R1: &str = "I: Hoe gaat de samenwerking?\nR: De samenwerking is goed. We hebben elke week overleg.\n";
pub const R2: &str = "I: Vertel eens.\nR: De regie ligt bij niemand.\n";
pub const RESPONDENTS: &str = "id,role,interview_date\nR1,professional,2024-01-10\nR2,expert,2024-01-03\n";

/// The tiny study: R1 is coded samenwerking and overleg, R2 regie.
pub fn study() -> Project {
    Project::new(&[
        ("analyse.toml", TOML),
        ("codebooks/mini.yaml", CODEBOOK),
        ("transcripts/R1.txt", R1),
        ("transcripts/R2.txt", R2),
        ("respondents.csv", RESPONDENTS),
    ])
}

/// Every file of the project outside the output folder `out/`, with its bytes.
pub fn inputs(project: &Project) -> BTreeMap<String, Vec<u8>> {
    project.snapshot_of(".", true).into_iter().filter(|(path, _)| !path.starts_with("out/")).collect()
}

/// Runs `analyse ARGS` in the project and checks the exit code, that stderr holds every part
/// of `message`, and that no file outside `out/` changed, appeared or went (`allowed` lists
/// files the command was asked to write).
#[track_caller]
pub fn attack(project: &Project, args: &[&str], code: i32, message: &[&str], allowed: &[&str]) -> Outcome {
    let before = inputs(project);
    let outcome = project.analyse(args);
    outcome.expect_code(code).expect_stderr(message);
    let mut after = inputs(project);
    for path in allowed {
        after.remove(*path);
    }
    let mut before = before;
    for path in allowed {
        before.remove(*path);
    }
    let changed: Vec<&String> = before.keys().chain(after.keys()).filter(|k| before.get(*k) != after.get(*k)).collect();
    assert!(changed.is_empty(), "inputs changed: {changed:?}\nstderr: {}", outcome.stderr);
    outcome
}

/// The files under `out/` (the cache left out).
pub fn out_files(project: &Project) -> Vec<String> {
    project.snapshot(false).into_keys().collect()
}

/// Runs the study once and returns the output folder as it then is (cache included).
pub fn ran(project: &Project) -> BTreeMap<String, Vec<u8>> {
    project.analyse(&["run"]).expect_code(0);
    project.snapshot(true)
}
