//! `analyse suggest`: codes proposed for the units nobody coded yet, learned from the
//! researcher's own manual coding, written as a review file (see [`crate::coding::suggest`]),
//! with precision and recall per code by cross-validation over documents
//! ([`crate::analysis::suggestion_cv`]).
//!
//! Suggestions never reach the tables by themselves: the review file lies outside the
//! project's inputs until `analyse import` reads the accepted rows back as a manual coding.

use std::path::{Path, PathBuf};

use crate::analysis::suggestion_cv::cross_validate;
use crate::coding::suggest::{suggest, units};
use crate::error::{Error, Result};
use crate::project::Plan;
use crate::render::tables::suggestions::{cv_table, review_table};
use crate::run::gold::read_manual_files;
use crate::run::{code_project, CodedProject};

/// `analyse suggest`: writes the review file (`output`, or `suggestions.csv` in the project
/// folder) and its cross-validation next to it (`<name>.cv.csv`), never over an existing file:
/// a review file may hold a person's work.
pub fn run(project: &Path, output: Option<&Path>, threshold: f64) -> Result<()> {
    if !(0.0..=1.0).contains(&threshold) {
        return Err(Error::Usage(format!(
            "--min-score {threshold} is not a probability; give a number from 0 to 1, such as 0.5"
        )));
    }
    let plan = Plan::load(project, None)?;
    let review_path = output.map(Path::to_path_buf).unwrap_or_else(|| plan.root.join("suggestions.csv"));
    let cv_path = cv_path(&review_path);
    for path in [&review_path, &cv_path] {
        if path.exists() {
            return Err(Error::Usage(format!(
                "{} exists and may hold a review; move it away or name another file with -o FILE.csv",
                path.display()
            )));
        }
    }
    let CodedProject { corpus, codebook, codings } = code_project(&plan)?;
    let manual = read_manual_files(&plan, &plan.sources.gold, &corpus, &codebook)?;
    let units = units(&corpus, &manual, &codings, plan.settings.coding.speakers);
    if units.coded.iter().all(|u| u.codes.is_empty()) {
        return Err(Error::Usage(
            "there is no manual coding to learn from; list your own coding in [coding] gold or [sources] coded of analyse.toml (analyse import brings it in from other tools)".into(),
        ));
    }
    let n_codes = codebook.codes.len();
    let suggestions = suggest(&units, n_codes, threshold);
    let cv = cross_validate(&units, n_codes, threshold, plan.settings.analysis.seed);
    let language = plan.settings.rendering.language;
    let mut review = review_table(&suggestions, &corpus, &codebook, language);
    let cv = cv_table(&cv, &codebook, threshold, language);
    // The review file quotes the units' text: pseudonymised like every output.
    let pseudonyms = crate::run::stages::pseudonyms_from_disk(&plan)?;
    pseudonyms.apply_table(&mut review);
    let cv_csv = crate::render::to_csv(&cv)?;
    crate::run::output::write_atomically(&review_path, &crate::render::to_csv(&review)?)?;
    crate::run::output::write_atomically(&cv_path, &cv_csv)?;
    super::print(crate::render::to_markdown(&cv))?;
    eprintln!(
        "{} suggestions for {} uncoded units (learned from {} coded units) written to {}; write yes in the accept column of those that hold, then: analyse import {}",
        suggestions.len(),
        units.uncoded.len(),
        units.coded.len(),
        review_path.display(),
        review_path.display()
    );
    Ok(())
}

/// `suggestions.csv` → `suggestions.cv.csv`, in the same folder.
fn cv_path(review: &Path) -> PathBuf {
    let stem = review.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_else(|| "suggestions".into());
    review.with_file_name(format!("{stem}.cv.csv"))
}
