//! `analyse import` and `analyse export qdpx`: the stages wired for the command line.

use std::path::{Path, PathBuf};

use crate::interop::import::{match_to_project, read_imported};
use crate::interop::project_files::{check_new, import_files, import_name};
use crate::interop::qdpx_write::{to_qdpx, ExportInput};
use crate::error::{Error, Result};
use crate::project::Plan;

/// Imports every file into the project; all files are read and checked before any is written.
pub fn import(project: &Path, files: &[PathBuf]) -> Result<()> {
    let plan = Plan::load(project, None)?;
    let corpus = crate::corpus::read_corpus(&plan.transcript_files(), plan.sources.respondents.as_deref(), &plan.settings.ingest)?;
    let codebook = crate::codebook::load_codebooks(&plan.codebook_files())?;
    let mut outputs = Vec::new();
    let mut reports = Vec::new();
    for file in files {
        let imported = read_imported(file)?;
        let matched = match_to_project(&imported, &corpus, &codebook);
        let name = import_name(file);
        let written = import_files(&name, &imported, &matched)?;
        reports.push(format!(
            "{}: {} ({}): {} codes ({} new), {} sources ({} new), {} segments: {} placed by offsets, {} located by their text, {} ambiguous, {} not found, {} in documents the project lacks; {} cases, {} notes",
            file.display(),
            name,
            if imported.origin.is_empty() { "REFI-QDA" } else { &imported.origin },
            imported.codes.len(),
            matched.new_codes.len(),
            imported.sources.len(),
            matched.new_transcripts.len(),
            imported.segments.len(),
            matched.by_offset,
            matched.located,
            matched.ambiguous,
            matched.not_found,
            matched.missing_document,
            imported.cases.len(),
            imported.notes.len(),
        ));
        if !imported.skipped.is_empty() {
            reports.push(format!(
                "{}: not imported (only text sources can be): {}",
                file.display(),
                imported.skipped.join(", ")
            ));
        }
        outputs.extend(written);
    }
    check_new(&plan.root, &outputs)?;
    crate::run::output::write_all(&plan.root, &outputs)?;
    let mut lines = reports;
    lines.extend(outputs.iter().map(|f| format!("wrote {}", plan.root.join(&f.path).display())));
    let mut hint = |prefix: &str, what: &str| {
        if outputs.iter().any(|f| f.path.starts_with(prefix)) {
            lines.push(what.to_string());
        }
    };
    hint("coded/imported/", "to count these codings in the tables, add the .csv files to [sources] coded in analyse.toml (or to [coding] gold to evaluate the rules against them)");
    hint(
        "codebooks/imported/",
        "codes the codebooks lacked are in codebooks/imported/: add that file to [coding] codebooks",
    );
    hint("transcripts/imported/", "sources the project lacked are in transcripts/imported/: add \"transcripts/imported/*.txt\" to [sources] transcripts");
    print_lines(&lines);
    Ok(())
}

/// Prints to standard output; a closed pipe (`| head`) is not an error.
fn print_lines(lines: &[String]) {
    use std::io::Write;
    let mut stdout = std::io::stdout().lock();
    for line in lines {
        if writeln!(stdout, "{line}").is_err() {
            return;
        }
    }
}

/// Writes the project as a `.qdpx` file.
///
/// A `.qdpx` holds the transcripts themselves, and its selections point into them by offset,
/// so it cannot be pseudonymised by replacing names in place. A project with an `[output]
/// pseudonyms` mapping is therefore exported only when `real_names` says the researcher knows
/// the file carries real names (for their own QDA tool, not for sharing).
pub fn export_qdpx(project: &Path, output: &Path, real_names: bool) -> Result<()> {
    let plan = Plan::load(project, None)?;
    if let (Some(mapping), false) = (&plan.sources.pseudonyms, real_names) {
        return Err(Error::Usage(format!(
            "{} maps real names to pseudonyms ([output] pseudonyms = {}), but a .qdpx carries the transcripts with their real names; pass --real-names to export it for your own QDA tool, or share the pseudonymised report and tables instead",
            plan.display_path(&plan.project_file),
            plan.display_path(mapping)
        )));
    }
    let coded = crate::run::code_project(&plan)?;
    let mut manual =
        crate::run::gold::read_manual_files(&plan, &plan.sources.gold, &coded.corpus, &coded.codebook)?;
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
    print_lines(&[format!(
        "wrote {}: {} sources, {} codes, {} rule codings, {} manual codings",
        output.display(),
        coded.corpus.documents.len(),
        coded.codebook.codes.len(),
        rules,
        manual.len()
    )]);
    Ok(())
}
