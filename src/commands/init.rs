//! `analyse init DIR`: a new project folder with a small working example, so that a first run
//! succeeds and shows every output before the researcher adds their own material.

use std::path::Path;

use crate::corpus::CorpusOptions;
use crate::interop::new_project::{new_project, Layout};
use crate::project::{ProjectError, PROJECT_FILE};
use crate::run::output::{write_all, OutputError, OutputFile};

const PROJECT: &str = r##"[project]
title = "Mijn interviewstudie"
language = "nl"                      # labels in figures and tables: nl | en

[sources]
transcripts = ["transcripts/*.txt"]
respondents = "respondents.csv"

[coding]
codebooks = ["codebooks/*.yaml"]
unit = "turn"                        # turn | paragraph | sentence
speakers = "respondent"              # respondent | all

[analysis]
groups = ["role"]
order = "interview_date"
permutations = 200
seed = 1

[output]
dir = "out"
"##;

const RESPONDENTS: &str = "id,role,interview_date\nR1,professional,2024-01-10\nR2,professional,2024-01-17\n";

const CODEBOOK: &str = r##"codebook:
  id: voorbeeld
  label: Voorbeeldcodeboek
codes:
  - id: samenwerking
    label: Samenwerking
    colour: "#0072B2"
    definition: Samenwerken met andere organisaties rond een cliënt.
    rules:
      - terms: ["samenwerk*", "samen optrekken", "overleg*"]
  - id: verantwoordelijkheid
    label: Verantwoordelijkheid
    colour: "#E69F00"
    definition: Wie verantwoordelijk is voor een cliënt of casus.
    rules:
      - terms: ["*verantwoordelijk*", "regie"]
"##;

const R1: &str = "I: Hoe verloopt de samenwerking met de ggz?\n\nR: Eerlijk gezegd moeizaam. We overleggen wel, maar niemand voelt zich echt verantwoordelijk.\n";
const R2: &str = "I: Wie heeft de regie?\n\nR: Meestal wij. We werken goed samen met het wijkteam, maar de eindverantwoordelijkheid ligt bij ons.\n";

/// `analyse init DIR`: writes the example project and says how to run it.
pub fn init(dir: &Path) -> Result<(), crate::error::Error> {
    create_project(dir)?;
    super::print(format!("created a project in {}; try: analyse run --project {}\n", dir.display(), dir.display()))
}

/// Writes the example project into `dir`; refuses to touch a folder that already has a project.
pub fn create_project(dir: &Path) -> Result<(), crate::error::Error> {
    check_empty(dir)?;
    write_all(
        dir,
        &[
            OutputFile::new(PROJECT_FILE, PROJECT),
            OutputFile::new("respondents.csv", RESPONDENTS),
            OutputFile::new("codebooks/voorbeeld.yaml", CODEBOOK),
            OutputFile::new("transcripts/R1.txt", R1),
            OutputFile::new("transcripts/R2.txt", R2),
        ],
    )?;
    Ok(())
}

/// `analyse init DIR --from FILE...`: a project made from other tools' exports and folders
/// of sources (see [`crate::interop::new_project`]), ready for `analyse run`. Everything is
/// read and checked before the folder is created.
pub fn init_from(dir: &Path, from: &[std::path::PathBuf]) -> Result<(), crate::error::Error> {
    check_empty(dir)?;
    let made = new_project(from, &CorpusOptions::default())?;
    let mut files = made.files;
    files.push(OutputFile::new(PROJECT_FILE, project_toml(&made.layout, &made.attributes)));
    write_all(dir, &files)?;
    let mut lines = vec![format!(
        "created a project in {} from {}: {} interview(s), {} document(s) without speakers, {} codes, {} codings",
        dir.display(),
        if made.origin.is_empty() { "the sources".to_string() } else { made.origin.clone() },
        made.interviews.len(),
        made.documents.len(),
        made.codes,
        made.codings
    )];
    lines.extend(made.skipped.iter().map(|s| format!("skipped {s}: not a source text this version reads")));
    if made.layout.respondents.is_some() && made.attributes.is_empty() {
        lines.push(format!("respondents.csv has one row per interview ({}) and no attributes: add columns such as role, interview_date, organisation_type and profession, and name them in [analysis] groups, for the group tables and the saturation order", made.interviews.len()));
    } else if !made.attributes.is_empty() {
        lines.push(format!(
            "respondents.csv holds the export's variables ({}), one row per interview",
            made.attributes.join(", ")
        ));
    }
    if made.codings == 0 {
        let what =
            if made.codes == 0 { "has no codes yet: write codes" } else { "has codes without rules: give them rules" };
        lines.push(format!(
            "{} {what} (docs/codebook.md), and the run codes every source with them",
            made.layout.codebooks.join(", ")
        ));
    }
    lines.push(format!("next: analyse run --project {}", dir.display()));
    super::print(lines.iter().map(|l| format!("{l}\n")).collect::<String>())
}

/// `analyse.toml` of a project made by [`init_from`]: every path it wrote, the export's
/// variables as groups, and the interview order from a date variable when there is one.
fn project_toml(layout: &Layout, attributes: &[String]) -> String {
    let q = |s: &str| serde_json::to_string(s).expect("a string serialises");
    let list = |items: &[String]| format!("[{}]", items.iter().map(|s| q(s)).collect::<Vec<_>>().join(", "));
    let mut out = String::from("# Made by `analyse init --from`; every key is described in the README.\n[project]\ntitle = \"Study\"\nlanguage = \"en\"                    # labels in figures and tables: nl | en\n\n[sources]\n");
    out.push_str(&format!("transcripts = {}             # sources with speaker turns\n", list(&layout.transcripts)));
    out.push_str(&format!(
        "documents = {}               # sources without speakers: coded by paragraph\n",
        list(&layout.documents)
    ));
    if let Some(r) = &layout.respondents {
        out.push_str(&format!("respondents = {}\n", q(r)));
    }
    out.push_str(&format!(
        "coded = {}                   # the export's codings, counted in every table\n",
        list(&layout.coded)
    ));
    out.push_str(&format!(
        "\n[coding]\ncodebooks = {}             # the export's code tree, without rules\n",
        list(&layout.codebooks)
    ));
    let order = attributes.iter().find(|a| {
        let a = a.to_lowercase();
        a.contains("date") || a.contains("datum")
    });
    let groups: Vec<String> = attributes.iter().filter(|a| Some(*a) != order).cloned().collect();
    out.push_str(&format!("\n[analysis]\ngroups = {}\n", list(&groups)));
    out.push_str(&format!(
        "order = {}\npermutations = 1000\nseed = 1\n\n[output]\ndir = \"out\"\n",
        q(order.map_or("interview_date", String::as_str))
    ));
    out
}

/// Refuses a folder that holds a project or any other file.
fn check_empty(dir: &Path) -> Result<(), crate::error::Error> {
    if dir.join(PROJECT_FILE).exists() {
        return Err(ProjectError::Invalid {
            path: dir.join(PROJECT_FILE),
            message: "a project already exists here; init never overwrites files".into(),
        }
        .into());
    }
    if dir.exists() && std::fs::read_dir(dir).map(|mut d| d.next().is_some()).unwrap_or(true) {
        return Err(OutputError::Write {
            path: dir.to_path_buf(),
            source: std::io::Error::new(
                std::io::ErrorKind::AlreadyExists,
                "the folder is not empty; choose a new folder",
            ),
        }
        .into());
    }
    Ok(())
}
