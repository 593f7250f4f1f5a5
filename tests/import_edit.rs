//! `analyse import` finishing the job: analyse.toml edited to use what was written (comments
//! kept), an imported code under a parent of the project's own codebook, and a run that works
//! straight after; `--no-edit` leaves analyse.toml byte for byte.

mod common;

use common::Project;

const TOML: &str = "# my study\n[sources]\ntranscripts = [\"transcripts/*.txt\"]  # the interviews\n\n[coding]\ncodebooks = [\"codebooks/concepts.yaml\"]\n\n[analysis]\npermutations = 10\n\n[output]\ndir = \"out\"\n";
const CONCEPTS: &str = "codebook:\n  id: concepts\ncodes:\n  - id: verantwoordelijkheid\n    label: Verantwoordelijkheid\n    rules:\n      - terms: [\"*verantwoordelijk*\"]\n";
// The other tool's project: the same code with a child, and two sources (D2 new to the project).
const OTHER: &str = "codebook:\n  id: other\ncodes:\n  - id: verantwoordelijkheid\n    label: Verantwoordelijkheid\n    rules:\n      - terms: [\"*verantwoordelijk*\"]\n  - id: schuld\n    label: Schuld\n    parent: verantwoordelijkheid\n    rules:\n      - terms: [\"schuld\"]\n";
const D1: &str = "I: Wie is verantwoordelijk?\nR: Niemand voelt zich verantwoordelijk.\n";
const D2: &str = "I: En dan?\nR: Dan krijgt de gemeente de schuld.\n";

/// The other tool's export: a project with both sources, exported as REFI-QDA.
fn other_export(p: &Project) -> String {
    p.write("other/analyse.toml", TOML.replace("concepts.yaml", "other.yaml"));
    p.write("other/codebooks/other.yaml", OTHER);
    p.write("other/transcripts/D1.txt", D1);
    p.write("other/transcripts/D2.txt", D2);
    p.analyse(&["export", "qdpx", "--project", "other", "-o", "other.qdpx"]).expect_code(0);
    "other.qdpx".into()
}

fn project() -> Project {
    let p = Project::new(&[
        ("study/analyse.toml", TOML),
        ("study/codebooks/concepts.yaml", CONCEPTS),
        ("study/transcripts/D1.txt", D1),
    ]);
    other_export(&p);
    p
}

#[test]
fn import_edits_the_project_file_and_the_run_works_at_once() {
    let p = project();
    let import = p.analyse(&["import", "other.qdpx", "--project", "study"]);
    import.expect_code(0);
    for change in [
        "analyse.toml: added \"coded/imported/other.csv\" to [sources] coded",
        "analyse.toml: added \"codebooks/imported/other.yaml\" to [coding] codebooks",
        "analyse.toml: added \"transcripts/imported/*.txt\" to [sources] transcripts",
    ] {
        assert!(import.stdout.contains(change), "{change}\n{}", import.stdout);
    }
    let toml = p.read("study/analyse.toml");
    assert!(toml.starts_with("# my study\n") && toml.contains("# the interviews"), "comments kept:\n{toml}");
    assert!(p.read("study/codebooks/imported/other.yaml").contains("parent: \"verantwoordelijkheid\""));
    // The project's run: verantwoordelijkheid by rule in D1 and D2? No: D2 says "schuld" only.
    // Rule codings: verantwoordelijkheid in D1 R (1 segment). Imported manual codings: the
    // other project's rules coded verantwoordelijkheid in D1 R and schuld in D2 R. So
    // verantwoordelijkheid with its child counts D1 R and D2 R: 2 segments in 2 documents.
    p.analyse(&["run", "--project", "study"]).expect_code(0);
    let freq = p.read("study/out/tables/code_frequencies.csv");
    assert!(freq.contains("\nverantwoordelijkheid,Verantwoordelijkheid,,2,2,2\n"), "{freq}");
    assert!(freq.contains("\nschuld,Schuld,verantwoordelijkheid,1,1,1\n"), "{freq}");
}

#[test]
fn no_edit_leaves_the_project_file_alone() {
    let p = project();
    let import = p.analyse(&["import", "other.qdpx", "--project", "study", "--no-edit"]);
    import.expect_code(0);
    assert_eq!(p.read("study/analyse.toml"), TOML);
    assert!(import.stdout.contains("add the .csv files to [sources] coded"), "{}", import.stdout);
}

#[test]
fn imported_interviews_get_respondent_rows_in_a_new_file() {
    let p = project();
    let toml = TOML.replace("[sources]\n", "[sources]\nrespondents = \"respondents.csv\"  # who is who\n");
    p.write("study/analyse.toml", &toml);
    p.write("study/respondents.csv", "id,role\nD1,expert\n");
    let import = p.analyse(&["import", "other.qdpx", "--project", "study"]);
    import.expect_code(0);
    assert!(
        import.stdout.contains("added \"coded/imported/other.respondents-added.csv\" to [sources] respondents"),
        "{}",
        import.stdout
    );
    assert_eq!(p.read("study/coded/imported/other.respondents-added.csv"), "id\nD2\n");
    assert_eq!(p.read("study/respondents.csv"), "id,role\nD1,expert\n", "the user's file untouched");
    assert!(
        p.read("study/analyse.toml").contains(
            "respondents = [\"respondents.csv\", \"coded/imported/other.respondents-added.csv\"]  # who is who"
        ),
        "{}",
        p.read("study/analyse.toml")
    );
    p.analyse(&["run", "--project", "study"]).expect_code(0);
    // Both interviews' respondents are counted: D1 (expert) and D2 (no role yet).
    let freq = p.read("study/out/tables/code_frequencies.csv");
    assert!(freq.contains("\nverantwoordelijkheid,Verantwoordelijkheid,,2,2,2\n"), "{freq}");
}
