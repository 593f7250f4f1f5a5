//! `analyse evaluate`: how well the rule coding agrees with a manual coding — per code
//! precision, recall, F1 and Cohen's kappa at unit level, and every missed and spurious unit
//! (see [`crate::analysis::evaluation`]).
//!
//! Where it writes: a run with `[coding] gold` puts the same four tables in its own output
//! folder (`evaluation/`, listed in the manifest and checked by `run --check`). This command
//! is the ad-hoc comparison — any `--gold` — and so writes outside the run's output folder:
//! to `evaluation/` in `--out DIR`, by default beside `analyse.toml`. A folder inside
//! the run's output folder is refused, since `run --check` would report its files as extra
//! and `run` would never remove them.

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
/// `evaluation/` in `out` (by default the project folder), prints the agreement table and a
/// summary.
pub fn run(project: &Path, gold: Vec<PathBuf>, out: Option<&Path>) -> Result<()> {
    let plan = Plan::load(project, None)?;
    let target = out.map(Path::to_path_buf).unwrap_or_else(|| plan.root.clone());
    refuse_inside_output(&target.join("evaluation"), &plan.out_dir)?;
    let gold = if gold.is_empty() { plan.sources.gold.clone() } else { gold };
    if gold.is_empty() {
        return Err(Error::Usage(
            "name the manual coding with --gold FILE (or set [coding] gold in analyse.toml)".into(),
        ));
    }
    let report = evaluate(&plan, &gold)?;
    let files = report.files(&plan)?;
    crate::run::stages::pseudonyms_from_disk(&plan)?.check(&files)?;
    crate::run::output::write_all(&target, &files)?;
    super::print(crate::render::to_markdown(&report.tables[0]))?;
    eprintln!(
        "compared {} units in {} documents; {} disagreements listed in {}",
        report.evaluation.units,
        report.evaluation.documents,
        report.evaluation.disagreements.len(),
        target.join("evaluation/disagreements.csv").display()
    );
    Ok(())
}

/// A folder inside the run's output folder would hold files the run does not know.
fn refuse_inside_output(target: &Path, out_dir: &Path) -> Result<()> {
    let absolute = |p: &Path| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    let (target_abs, out_abs) = (absolute(target), absolute(out_dir));
    let normal = |p: &Path| -> PathBuf { p.components().collect() };
    if normal(&target_abs).starts_with(normal(&out_abs)) {
        return Err(Error::Usage(format!(
            "analyse evaluate would write to {}, inside the run's output folder {}, where `run --check` would report its files as extra; name another folder with --out, or set [coding] gold in analyse.toml to make the evaluation part of the run",
            target.display(),
            out_dir.display()
        )));
    }
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
