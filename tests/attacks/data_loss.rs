//! Data loss: no command writes over a file the project reads or a file it did not write;
//! the output folder is replaced whole; a failed run says what it left.

use super::{attack, out_files, ran, study, CODEBOOK};

#[test]
fn export_qdpx_over_the_respondents_file_is_refused() {
    let p = study();
    attack(&p, &["export", "qdpx", "-o", "respondents.csv"], 1, &["respondents.csv", "a file the project reads"], &[]);
    assert!(!p.exists("out"));
}

#[test]
fn export_qdpx_over_an_input_is_refused_even_with_force() {
    let p = study();
    attack(&p, &["export", "qdpx", "-o", "respondents.csv", "--force"], 1, &["a file the project reads"], &[]);
}

#[test]
fn export_qdpx_over_the_project_file_is_refused() {
    let p = study();
    attack(&p, &["export", "qdpx", "-o", "analyse.toml", "--force"], 1, &["analyse.toml", "the project reads"], &[]);
}

#[test]
fn export_qdpx_over_a_transcript_is_refused() {
    let p = study();
    attack(&p, &["export", "qdpx", "-o", "transcripts/R1.txt"], 1, &["R1.txt", "the project reads"], &[]);
}

#[test]
fn export_qdpx_over_an_input_spelled_another_way_is_refused() {
    let p = study();
    attack(&p, &["export", "qdpx", "-o", "transcripts/../respondents.csv", "--force"], 1, &["the project reads"], &[]);
}

#[test]
fn export_qdpx_over_a_file_it_did_not_write_needs_force() {
    let p = study();
    p.write("thesis.qdpx", "my own work");
    attack(&p, &["export", "qdpx", "-o", "thesis.qdpx"], 1, &["thesis.qdpx", "exists", "--force"], &[]);
    assert_eq!(p.read("thesis.qdpx"), "my own work");
    attack(&p, &["export", "qdpx", "-o", "thesis.qdpx", "--force"], 0, &[], &["thesis.qdpx"]);
    assert!(std::fs::read(p.path().join("thesis.qdpx")).unwrap().starts_with(b"PK"));
}

#[test]
fn export_qdpx_to_a_folder_is_refused() {
    let p = study();
    attack(&p, &["export", "qdpx", "-o", "transcripts", "--force"], 1, &["transcripts", "is a folder"], &[]);
}

#[test]
fn codebook_export_over_its_own_codebook_is_refused_even_with_force() {
    let p = study();
    for force in [false, true] {
        let mut args = vec!["codebook", "export", "codebooks/mini.yaml", "--to", "csv", "-o", "codebooks/mini.yaml"];
        if force {
            args.push("--force");
        }
        attack(&p, &args, 1, &["codebooks/mini.yaml", "the project reads"], &[]);
    }
    assert_eq!(p.read("codebooks/mini.yaml"), CODEBOOK);
}

#[test]
fn codebook_export_over_an_existing_file_needs_force() {
    let p = study();
    p.write("bijlage.md", "handwerk");
    attack(&p, &["codebook", "export", "codebooks/mini.yaml", "--to", "md", "-o", "bijlage.md"], 1, &["exists"], &[]);
    assert_eq!(p.read("bijlage.md"), "handwerk");
}

#[test]
fn diff_over_the_respondents_file_is_refused() {
    let p = study();
    p.write("new.yaml", CODEBOOK.replace("regie\"]", "regie*\"]"));
    let args = ["diff", "codebooks/mini.yaml", "new.yaml", "-o", "respondents.csv", "--force"];
    attack(&p, &args, 1, &["respondents.csv", "the project reads"], &[]);
}

#[test]
fn diff_over_one_of_the_two_codebooks_is_refused() {
    let p = study();
    p.write("new.yaml", CODEBOOK.replace("regie\"]", "regie*\"]"));
    let args = ["diff", "codebooks/mini.yaml", "new.yaml", "-o", "new.yaml", "--force"];
    attack(&p, &args, 1, &["new.yaml", "the project reads"], &[]);
}

#[test]
fn diff_writes_its_csv_once_and_again_only_with_force() {
    let p = study();
    p.write("new.yaml", CODEBOOK.replace("regie\"]", "regie*\"]"));
    let args = ["diff", "codebooks/mini.yaml", "new.yaml", "-o", "diff.csv"];
    attack(&p, &args, 0, &[], &["diff.csv"]);
    attack(&p, &args, 1, &["diff.csv", "exists"], &[]);
    attack(&p, &[&args[..], &["--force"]].concat(), 0, &[], &["diff.csv"]);
    assert!(p.read("diff.csv").starts_with("status,"));
}

#[test]
fn run_into_the_project_folder_is_refused_and_writes_nothing() {
    let p = study();
    attack(&p, &["run", "--out", "."], 1, &["refusing to use", "holds", "--out DIR"], &[]);
    assert!(!p.exists("manifest.json") && !p.exists("tables") && !p.exists("out"));
}

#[test]
fn run_into_a_folder_holding_the_respondents_is_refused() {
    let p = study();
    p.write("tables/respondents.csv", super::RESPONDENTS);
    p.write(
        "analyse.toml",
        super::TOML.replace("respondents = \"respondents.csv\"", "respondents = \"tables/respondents.csv\""),
    );
    attack(&p, &["run", "--out", "."], 1, &["analyse.toml", "which the project reads"], &[]);
    attack(&p, &["run", "--out", "tables"], 1, &["tables/respondents.csv", "which the project reads"], &[]);
    assert_eq!(p.read("tables/respondents.csv"), super::RESPONDENTS);
}

#[test]
fn run_into_the_transcripts_folder_is_refused() {
    let p = study();
    attack(&p, &["run", "--out", "transcripts"], 1, &["transcripts", "which the project reads"], &[]);
    assert!(!p.exists("transcripts/manifest.json"));
}

#[test]
fn run_over_a_file_it_did_not_write_is_refused_with_or_without_force() {
    let p = study();
    p.write("out/tables/code_frequencies.csv", "mijn eigen tabel");
    for args in [&["run"][..], &["run", "--force"][..]] {
        attack(&p, args, 1, &["tables/code_frequencies.csv", "did not write", "nothing was written"], &[]);
    }
    assert_eq!(out_files(&p), vec!["tables/code_frequencies.csv"]);
    assert_eq!(p.read_out("tables/code_frequencies.csv"), "mijn eigen tabel");
}

#[test]
fn run_over_a_manifest_it_did_not_write_is_refused() {
    let p = study();
    p.write("out/manifest.json", "{\"mine\": true}");
    attack(&p, &["run"], 1, &["manifest.json", "did not write"], &[]);
    assert_eq!(out_files(&p), vec!["manifest.json"]);
}

#[test]
fn an_output_edited_since_the_last_run_is_replaced_only_with_force() {
    let p = study();
    ran(&p);
    p.write("out/tables/code_frequencies.csv", "met de hand bijgewerkt");
    attack(&p, &["run"], 1, &["tables/code_frequencies.csv", "edited since the last run", "--force"], &[]);
    assert_eq!(p.read_out("tables/code_frequencies.csv"), "met de hand bijgewerkt");
    attack(&p, &["run", "--force"], 0, &[], &[]);
    assert!(p.read_out("tables/code_frequencies.csv").starts_with("code,"));
}

#[test]
fn an_edited_output_the_run_no_longer_makes_is_kept_with_a_note() {
    let p = study();
    ran(&p);
    assert!(p.exists("out/tables/code_by_role.csv"));
    p.write("out/tables/code_by_role.csv", "mijn aantekeningen");
    p.write("analyse.toml", super::TOML.replace("groups = [\"role\"]", "groups = []"));
    attack(&p, &["run"], 0, &["kept tables/code_by_role.csv", "edited"], &[]);
    assert_eq!(p.read_out("tables/code_by_role.csv"), "mijn aantekeningen");
}

#[test]
fn an_unedited_output_the_run_no_longer_makes_is_removed() {
    let p = study();
    ran(&p);
    p.write("analyse.toml", super::TOML.replace("groups = [\"role\"]", "groups = []"));
    attack(&p, &["run"], 0, &["removed tables/code_by_role.csv"], &[]);
    assert!(!p.exists("out/tables/code_by_role.csv") && p.exists("out/manifest.json"));
}

#[test]
fn the_users_own_files_in_the_output_folder_survive_a_run() {
    let p = study();
    p.write("out/LEESMIJ.txt", "van mij");
    p.write("out/notities/a.md", "ook van mij");
    attack(&p, &["run"], 0, &[], &[]);
    assert_eq!(p.read_out("LEESMIJ.txt"), "van mij");
    assert_eq!(p.read_out("notities/a.md"), "ook van mij");
    assert!(p.exists("out/manifest.json"));
}

#[test]
fn a_run_that_fails_on_bad_input_leaves_the_last_outputs_byte_for_byte() {
    let p = study();
    let before = ran(&p);
    p.write("codebooks/mini.yaml", "codebook:\n  id: mini\ncodes:\n  - id: a\n    parent: nergens\n");
    attack(&p, &["run"], 1, &["codebooks/mini.yaml", "nergens"], &[]);
    assert!(p.snapshot(true) == before, "the output folder changed");
}

#[test]
fn a_run_that_fails_while_writing_leaves_the_old_folder_and_says_so() {
    let p = study();
    let before = ran(&p);
    // A file where the new outputs need a folder: writing the new folder fails part-way.
    std::fs::remove_dir_all(p.out("figures")).unwrap();
    p.write("out/figures", "in de weg");
    let mut before = before;
    before.retain(|k, _| !k.starts_with("figures/"));
    before.insert("figures".into(), b"in de weg".to_vec());
    attack(&p, &["run"], 1, &["was left as it was"], &[]);
    assert!(p.snapshot(true) == before, "the output folder changed");
    let siblings: Vec<_> = std::fs::read_dir(p.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert!(!siblings.iter().any(|n| n.to_string_lossy().contains("analyse-new")), "{siblings:?}");
}

#[test]
fn the_half_built_folder_of_an_interrupted_run_is_cleared_by_the_next() {
    let p = study();
    ran(&p);
    p.write(".out.analyse-new.4194999/tables/half.csv", "half");
    attack(
        &p,
        &["run", "--force"],
        0,
        &["unfinished outputs of an interrupted run"],
        &[".out.analyse-new.4194999/tables/half.csv"],
    );
    assert!(!p.exists(".out.analyse-new.4194999"));
    assert!(p.exists("out/manifest.json"));
}

#[test]
fn outputs_of_a_run_killed_between_the_two_renames_are_put_back() {
    let p = study();
    let before = ran(&p);
    std::fs::rename(p.out(""), p.path().join(".out.analyse-old.4194999")).unwrap();
    let outcome = p.analyse(&["run"]);
    outcome.expect_code(0).expect_stderr(&["interrupted", "put back", "nothing changed since the last run"]);
    assert!(p.snapshot(true) == before);
    assert!(!p.exists(".out.analyse-old.4194999"));
}

#[test]
fn evaluate_into_the_run_output_folder_is_refused() {
    // `evaluate` writes beside the project (evaluation/), never inside the run's output folder,
    // whose files `run --check` would report as extra.
    let p = study();
    p.write("gold/R1.csv", "document,start,end,code,coder\nR1,32,60,samenwerking,A\n");
    attack(&p, &["evaluate", "--gold", "gold", "--out", "out"], 1, &["inside the run's output folder"], &[]);
    assert!(!p.exists("out/evaluation") && !p.exists("evaluation"));
}

#[cfg(unix)]
#[test]
fn an_output_folder_behind_a_symbolic_link_is_replaced_where_the_link_points() {
    let p = study();
    let elsewhere = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink(elsewhere.path(), p.path().join("out")).unwrap();
    attack(&p, &["run"], 0, &[], &[]);
    assert!(std::fs::symlink_metadata(p.path().join("out")).unwrap().file_type().is_symlink());
    assert!(elsewhere.path().join("manifest.json").is_file());
    p.write("transcripts/R2.txt", super::R2.replace("niemand", "niemand, zegt de regie"));
    attack(&p, &["run"], 0, &["transcript changed"], &[]);
    assert!(std::fs::symlink_metadata(p.path().join("out")).unwrap().file_type().is_symlink());
    assert!(elsewhere.path().join("manifest.json").is_file());
}

#[test]
fn codebook_export_to_a_new_file_writes_it() {
    let p = study();
    attack(&p, &["codebook", "export", "codebooks/mini.yaml", "--to", "qdc", "-o", "mini.qdc"], 0, &[], &["mini.qdc"]);
    assert!(p.read("mini.qdc").contains("Samenwerking"));
}

#[test]
fn check_after_an_edit_of_an_output_exits_2_and_writes_nothing() {
    let p = study();
    ran(&p);
    p.write("out/tables/code_frequencies.csv", "bewerkt");
    let before = p.snapshot(true);
    let outcome = attack(&p, &["run", "--check"], 2, &["1 stale"], &[]);
    assert!(outcome.stdout.contains("tables/code_frequencies.csv"), "{}", outcome.stdout);
    assert!(p.snapshot(true) == before);
}
