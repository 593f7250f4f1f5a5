//! `analyse evaluate`: how well the rule coding agrees with a manual coding — per code
//! precision, recall, F1 and Cohen's kappa at unit level, and every missed and spurious unit
//! (see [`crate::analysis::evaluation`]).

use std::path::{Path, PathBuf};

use crate::analysis::evaluation::{evaluate as compare, Evaluation};
use crate::error::{Error, Result};
use crate::project::Plan;
use crate::render::tables::evaluation_tables;
use crate::render::{table_files, OutputFile};
use crate::run::gold::read_manual_files;
use crate::run::{code_project, CodedProject};
use crate::table::Table;

/// The evaluation of a project against manual coding files, worded in the project language.
pub struct EvaluationReport {
    pub evaluation: Evaluation,
    /// Agreement, disagreements, coder pairs and Krippendorff's alpha, pseudonymised.
    pub tables: [Table; 4],
}

impl EvaluationReport {
    /// The tables as files under `evaluation/`.
    pub fn files(&self, plan: &Plan) -> Result<Vec<OutputFile>> {
        let mut files = Vec::new();
        for table in &self.tables {
            for mut f in table_files(table, plan.settings.rendering.language)? {
                f.path = f.path.replacen("tables/", "evaluation/", 1);
                files.push(f);
            }
        }
        Ok(files)
    }
}

/// `analyse evaluate`: evaluates against `gold` (or `[coding] gold`), writes the four tables to
/// `evaluation/` in the output folder, prints the agreement table and a summary.
pub fn run(project: &Path, gold: Vec<PathBuf>, out: Option<&Path>) -> Result<()> {
    let plan = Plan::load(project, out)?;
    let gold = if gold.is_empty() { plan.sources.gold.clone() } else { gold };
    if gold.is_empty() {
        return Err(Error::Usage(
            "name the manual coding with --gold FILE (or set [coding] gold in analyse.toml)".into(),
        ));
    }
    crate::run::guard::check_out_dir(&plan)?;
    let report = evaluate(&plan, &gold)?;
    let files = report.files(&plan)?;
    let mut inputs = crate::run::guard::project_inputs(&plan);
    inputs.extend(crate::run::gold::gold_files(&gold)?);
    for file in &files {
        // evaluation/ is this command's own folder: its earlier tables are replaced.
        crate::run::guard::check_single_target(&plan.out_dir.join(&file.path), &inputs, true)?;
    }
    crate::run::stages::pseudonyms_from_disk(&plan)?.check(&files)?;
    crate::run::output::write_all(&plan.out_dir, &files)?;
    super::print(crate::render::to_markdown(&report.tables[0]))?;
    eprintln!(
        "compared {} units in {} documents; {} disagreements listed in {}",
        report.evaluation.units,
        report.evaluation.documents,
        report.evaluation.disagreements.len(),
        plan.out_dir.join("evaluation/disagreements.csv").display()
    );
    Ok(())
}

/// Codes the project and compares it with the manual codings in `gold` (files or folders).
pub fn evaluate(plan: &Plan, gold: &[PathBuf]) -> Result<EvaluationReport> {
    let CodedProject { corpus, codebook, codings } = code_project(plan)?;
    let manual = read_manual_files(plan, gold, &corpus, &codebook)?;
    let evaluation = compare(&corpus, &codebook, &codings, &manual, plan.settings.coding.speakers);
    let mut tables = evaluation_tables(&evaluation, &corpus, &codebook, plan.settings.rendering.language);
    // The disagreements quote segment texts: they leave the program pseudonymised.
    let pseudonyms = crate::run::stages::pseudonyms_from_disk(plan)?;
    tables.iter_mut().for_each(|t| pseudonyms.apply_table(t));
    Ok(EvaluationReport { evaluation, tables })
}
