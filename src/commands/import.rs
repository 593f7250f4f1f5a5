//! `analyse import FILE... --project DIR`: coded data of other QDA tools (REFI-QDA projects and
//! codebooks, MAXQDA, ATLAS.ti and Taguette exports) brought into the project as new files.
//!
//! Every file is read ([`crate::interop`]) and matched to the project's documents and codes
//! before anything is written; the new files land under `coded/imported/`,
//! `codebooks/imported/` and `transcripts/imported/`, never over an existing file, and the
//! report says how to add them to `analyse.toml`.

use std::path::{Path, PathBuf};

use crate::error::Result;
use crate::interop::import::{match_to_project, read_imported};
use crate::interop::project_files::{check_new, import_files, import_name};
use crate::project::Plan;

/// Imports every file into the project; all files are read and checked before any is written.
pub fn import(project: &Path, files: &[PathBuf]) -> Result<()> {
    let plan = Plan::load(project, None)?;
    let corpus = crate::corpus::read_sources(
        &plan.transcript_files(),
        &plan.document_files(),
        plan.sources.respondents.as_deref(),
        &plan.settings.ingest,
    )?;
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
    super::print(lines.iter().map(|l| format!("{l}\n")).collect::<String>())
}
