//! The manual codings of `[coding] gold` (or `evaluate --gold`): which files, and their
//! codings checked against the coded project.

use std::path::{Path, PathBuf};

use super::inputs::Inputs;
use crate::codebook::Codebook;
use crate::coding::manual::{read_manual_codings, ManualCoding, ManualCodingError};
use crate::corpus::Corpus;
use crate::error::{Error, Result};
use crate::project::Plan;

/// The gold files: each path as given, or every `.csv` in a folder, sorted. A folder that
/// cannot be listed is the user's to fix (exit 1).
pub fn gold_files(paths: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for path in paths {
        if path.is_dir() {
            let entries = std::fs::read_dir(path).map_err(|e| {
                Error::Gold(ManualCodingError {
                    path: path.clone(),
                    line: 0,
                    message: format!("cannot list the folder: {e}; check that it exists and is readable"),
                })
            })?;
            let mut csvs: Vec<PathBuf> = entries
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x == "csv"))
                .collect();
            csvs.sort();
            files.extend(csvs);
        } else {
            files.push(path.clone());
        }
    }
    Ok(files)
}

/// Reads every manual coding file of the plan's `[coding] gold`. The files were hashed with the
/// other inputs (role `Gold`); they are small and parsed from disk.
pub fn read_gold(plan: &Plan, _inputs: &Inputs, corpus: &Corpus, codebook: &Codebook) -> Result<Vec<ManualCoding>> {
    read_manual_files(plan, &plan.sources.gold, corpus, codebook)
}

/// Reads every manual coding file named by `gold` (files or folders), messages naming each
/// file relative to the project.
pub fn read_manual_files(
    plan: &Plan,
    gold: &[PathBuf],
    corpus: &Corpus,
    codebook: &Codebook,
) -> Result<Vec<ManualCoding>> {
    let mut manual = Vec::new();
    for path in gold_files(gold)? {
        let shown = plan_relative(plan, &path);
        let mut codings = read_manual_codings(&path, &shown, corpus, codebook).map_err(Error::Gold)?;
        manual.append(&mut codings);
    }
    Ok(manual)
}

/// A path as the user sees it: relative to the project when it lies inside it.
fn plan_relative(plan: &Plan, path: &Path) -> String {
    let absolute =
        if path.is_absolute() { path.to_path_buf() } else { std::env::current_dir().unwrap_or_default().join(path) };
    let root = std::fs::canonicalize(&plan.root).unwrap_or(plan.root.clone());
    let absolute = std::fs::canonicalize(&absolute).unwrap_or(absolute);
    absolute.strip_prefix(&root).map(|p| p.display().to_string()).unwrap_or_else(|_| path.display().to_string())
}
