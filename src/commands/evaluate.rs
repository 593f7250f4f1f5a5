//! `analyse evaluate`: how well the rule coding agrees with a manual coding — per code
//! precision, recall, F1 and Cohen's kappa at unit level, and every missed and spurious unit
//! (see [`crate::analysis::evaluation`]). With `--test`, the same figures on a held-out manual
//! coding next to them, so that a figure the rules were tuned on is never read alone.
//!
//! Where it writes: a run with `[coding] gold` puts the same five tables in its own output
//! folder (`evaluation/`, listed in the manifest and checked by `run --check`). This command
//! is the ad-hoc comparison — any `--gold` — and so writes outside the run's output folder:
//! to `evaluation/` in `--out DIR`, by default beside `analyse.toml`. A folder inside
//! the run's output folder is refused, since `run --check` would report its files as extra
//! and `run` would never remove them.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use crate::analysis::evaluation::{evaluate as compare, Evaluation};
use crate::coding::manual::ManualCoding;
use crate::error::{Error, Result};
use crate::project::Plan;
use crate::render::tables::evaluation_sets::agreement_sets_table;
use crate::render::tables::evaluation_tables;
use crate::render::{table_files, OutputFile};
use crate::run::gold::read_manual_files;
use crate::run::{code_project, CodedProject};
use crate::table::Table;

/// The evaluation of a project against manual coding files, worded in the project language.
pub struct EvaluationReport {
    pub evaluation: Evaluation,
    /// Agreement, disagreements, coder pairs per unit and per character and Krippendorff's
    /// alpha, pseudonymised.
    pub tables: Vec<Table>,
}

/// Tables as files under `evaluation/`.
fn evaluation_files(tables: &[Table], plan: &Plan) -> Result<Vec<OutputFile>> {
    let mut files = Vec::new();
    for table in tables {
        for mut f in table_files(table, plan.settings.rendering.language)? {
            f.path = f.path.replacen("tables/", "evaluation/", 1);
            files.push(f);
        }
    }
    Ok(files)
}

/// `analyse evaluate`: evaluates against `gold` (or `[coding] gold`), writes the five tables to
/// `evaluation/` in `out` (by default the project folder), prints the agreement table and a
/// summary. With `test`, also evaluates against that held-out coding and writes and prints the
/// two side by side.
pub fn run(project: &Path, gold: Vec<PathBuf>, test: Vec<PathBuf>, out: Option<&Path>) -> Result<()> {
    let plan = Plan::load(project, None)?;
    let target = out.map(Path::to_path_buf).unwrap_or_else(|| plan.root.clone());
    refuse_inside_output(&target.join("evaluation"), &plan.out_dir)?;
    let gold = if gold.is_empty() { plan.sources.gold.clone() } else { gold };
    if gold.is_empty() {
        return Err(Error::Usage(
            "name the manual coding with --gold FILE (or set [coding] gold in analyse.toml)".into(),
        ));
    }
    let coded = code_project(&plan)?;
    let report = evaluate_coded(&plan, &coded, &gold)?;
    let mut tables = report.tables.clone();
    let mut shown = report.tables[0].clone();
    if !test.is_empty() {
        let held_out = evaluate_test(&plan, &coded, &gold, &test)?;
        let side_by_side =
            agreement_sets_table(&report.evaluation, &held_out, &coded.codebook, plan.settings.rendering.language);
        tables.push(side_by_side.clone());
        shown = side_by_side;
    }
    let files = evaluation_files(&tables, &plan)?;
    let mut inputs = crate::run::guard::project_inputs(&plan);
    inputs.extend(crate::run::gold::gold_files(&gold)?);
    inputs.extend(crate::run::gold::gold_files(&test)?);
    for file in &files {
        // evaluation/ is this command's own folder: its earlier tables are replaced.
        crate::run::guard::check_single_target(&target.join(&file.path), &inputs, true)?;
    }
    crate::run::stages::pseudonyms_from_disk(&plan)?.check(&files)?;
    crate::run::output::write_all(&target, &files)?;
    super::print(crate::render::to_markdown(&shown))?;
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
    evaluate_coded(plan, &code_project(plan)?, gold)
}

fn evaluate_coded(plan: &Plan, coded: &CodedProject, gold: &[PathBuf]) -> Result<EvaluationReport> {
    let CodedProject { corpus, codebook, codings } = coded;
    let manual = read_manual_files(plan, gold, corpus, codebook)?;
    let bootstrap = plan.settings.analysis.bootstrap();
    let evaluation = compare(corpus, codebook, codings, &manual, plan.settings.coding.speakers, bootstrap);
    let mut tables = evaluation_tables(&evaluation, corpus, codebook, plan.settings.rendering.language).to_vec();
    // The disagreements quote segment texts: they leave the program pseudonymised.
    let pseudonyms = crate::run::stages::pseudonyms_from_disk(plan)?;
    tables.iter_mut().for_each(|t| pseudonyms.apply_table(t));
    Ok(EvaluationReport { evaluation, tables })
}

/// The held-out coding's evaluation. A test set that codes a document of the development set
/// is refused: its figures would not be unseen.
fn evaluate_test(plan: &Plan, coded: &CodedProject, gold: &[PathBuf], test: &[PathBuf]) -> Result<Evaluation> {
    let CodedProject { corpus, codebook, codings } = coded;
    let dev = read_manual_files(plan, gold, corpus, codebook)?;
    let held_out = read_manual_files(plan, test, corpus, codebook)?;
    let documents = |m: &[ManualCoding]| m.iter().map(|c| c.document).collect::<BTreeSet<usize>>();
    if let Some(&shared) = documents(&dev).intersection(&documents(&held_out)).next() {
        return Err(Error::Usage(format!(
            "the --test coding and the --gold coding both code document {}: a held-out test set must cover other documents than the set the rules were written against; give --test only the held-out files",
            corpus.documents[shared].id
        )));
    }
    if held_out.is_empty() {
        return Err(Error::Usage(
            "the --test coding has no fragments in this project's documents; check the files and the document column"
                .into(),
        ));
    }
    let bootstrap = plan.settings.analysis.bootstrap();
    Ok(compare(corpus, codebook, codings, &held_out, plan.settings.coding.speakers, bootstrap))
}
