//! `analyse init DIR`: a new project folder with a small working example, so that a first run
//! succeeds and shows every output before the researcher adds their own material.

use std::path::Path;

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
