//! `analyse export qdpx --project DIR -o FILE.qdpx`: the whole project as a REFI-QDA project
//! for ATLAS.ti, MAXQDA, NVivo or QualCoder — sources, codebook, respondents as cases, manual
//! codings under their coders' names and rule codings under the coder `analyse:<codebooks>`.

use std::path::Path;

use crate::error::{Error, Result};
use crate::interop::qdpx_write::{to_qdpx, ExportInput};
use crate::project::Plan;

/// Writes the project as a `.qdpx` file.
///
/// A `.qdpx` holds the transcripts themselves, and its selections point into them by offset,
/// so it cannot be pseudonymised by replacing names in place. A project with an `[output]
/// pseudonyms` mapping is therefore exported only when `real_names` says the researcher knows
/// the file carries real names (for their own QDA tool, not for sharing).
///
/// The file never replaces one the project reads, and an existing file only with `force`.
pub fn qdpx(project: &Path, output: &Path, real_names: bool, force: bool) -> Result<()> {
    let plan = Plan::load(project, None)?;
    crate::run::guard::check_single_target(output, &crate::run::guard::project_inputs(&plan), force)?;
    if let (Some(mapping), false) = (&plan.sources.pseudonyms, real_names) {
        return Err(Error::Usage(format!(
            "{} maps real names to pseudonyms ([output] pseudonyms = {}), but a .qdpx carries the transcripts with their real names; pass --real-names to export it for your own QDA tool, or share the pseudonymised report and tables instead",
            plan.display_path(&plan.project_file),
            plan.display_path(mapping)
        )));
    }
    let coded = crate::run::code_project(&plan)?;
    let mut manual = crate::run::gold::read_manual_files(&plan, &plan.sources.gold, &coded.corpus, &coded.codebook)?;
    manual.extend(crate::run::stages::read_coded(&plan, &coded.corpus, &coded.codebook)?);
    let bytes = to_qdpx(&ExportInput {
        title: &plan.settings.rendering.title,
        corpus: &coded.corpus,
        codebook: &coded.codebook,
        codings: &coded.codings,
        manual: &manual,
    });
    crate::run::output::write_atomically(output, &bytes).map_err(Error::from)?;
    let rules = coded.codings.iter().filter(|c| c.source.kind() == "rule").count();
    super::print(format!(
        "wrote {}: {} sources, {} codes, {} rule codings, {} manual codings\n",
        output.display(),
        coded.corpus.documents.len(),
        coded.codebook.codes.len(),
        rules,
        manual.len()
    ))
}
