//! `analyse codebook check` and `analyse codebook export`: a codebook on its own, without a
//! run. Check validates the files (and, given a project, applies the rules to its transcripts
//! and lists rules that are too broad); export writes the codebook for a thesis appendix,
//! a spreadsheet, another QDA tool or a grep-like tool.

use std::path::{Path, PathBuf};

use crate::codebook::{load_codebooks, Codebook, CompiledCodebook, Diacritics};
use crate::coding::rule_stats;
use crate::error::Result;
use crate::project::Plan;

/// Formats of `codebook export`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Markdown, for a thesis appendix.
    Md,
    /// LaTeX, for a thesis appendix.
    Tex,
    /// One row per code, for a spreadsheet.
    Csv,
    /// A REFI-QDA codebook for ATLAS.ti, MAXQDA, NVivo or QualCoder.
    Qdc,
    /// The rules' patterns, one per line, for grep-like tools.
    Patterns,
}

/// The codebooks in `files`, named in messages as the user wrote them.
fn load(files: &[PathBuf]) -> Result<Codebook> {
    let shown: Vec<(PathBuf, String)> = files.iter().map(|p| (p.clone(), p.display().to_string())).collect();
    Ok(load_codebooks(&shown)?)
}

/// Validates the codebooks and compiles their rules; with a project, also lists the rules that
/// fire in more than half of its units.
pub fn check(files: &[PathBuf], project: Option<&Path>) -> Result<()> {
    let codebook = load(files)?;
    let matcher = CompiledCodebook::compile(&codebook, Diacritics::Ignore)?;
    let mut text = String::new();
    for book in &codebook.books {
        let codes = codebook.codes.iter().filter(|c| c.codebook == book.id).count();
        text.push_str(&format!("{}: codebook '{}' with {codes} codes is valid\n", book.source, book.id));
    }
    text.push_str(&format!("{} rules compiled\n", matcher.rule_count()));
    super::print(text)?;
    match project {
        Some(dir) => super::print(broad_rules(&codebook, dir)?),
        None => Ok(()),
    }
}

/// The rules that fire in more than half of the units of the project in `dir`, as a table.
fn broad_rules(codebook: &Codebook, dir: &Path) -> Result<String> {
    let plan = Plan::load(dir, None)?;
    let matcher = CompiledCodebook::compile(codebook, plan.settings.coding.diacritics)?;
    let corpus = crate::corpus::read_sources(
        &plan.transcript_files(),
        &plan.document_files(),
        &plan.sources.respondents,
        &plan.settings.ingest,
    )?;
    let (counts, units) = rule_stats::rule_counts(&corpus, codebook, &matcher, &plan.settings.coding);
    let mut report = rule_stats::rule_report(codebook, &counts, units);
    report.rows.retain(|r| !r[5].render().is_empty());
    Ok(if report.rows.is_empty() {
        // `--project .` would read "of ."; name the folder itself.
        let name = std::path::absolute(dir)
            .ok()
            .and_then(|p| {
                p.components()
                    .rfind(|c| matches!(c, std::path::Component::Normal(_)))
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
            })
            .unwrap_or_else(|| dir.display().to_string());
        format!("no rule fires in more than half of the {units} units of the project '{name}'\n")
    } else {
        format!("\n{}", crate::render::to_markdown(&report))
    })
}

/// Writes the codebooks in `format` to `output`, or to standard output. The output file is
/// never one of the codebooks read, and an existing file is replaced only with `force`.
pub fn export(files: &[PathBuf], format: Format, output: Option<&Path>, force: bool) -> Result<()> {
    if let Some(path) = output {
        crate::run::guard::check_single_target(path, files, force)?;
    }
    let codebook = load(files)?;
    let bytes = match format {
        Format::Md => crate::render::codebook::to_markdown(&codebook).into_bytes(),
        Format::Tex => crate::render::codebook::to_latex(&codebook).into_bytes(),
        Format::Csv => crate::render::codebook::to_csv(&codebook)?,
        Format::Qdc => crate::interop::qdc::to_qdc(&codebook),
        Format::Patterns => {
            let matcher = CompiledCodebook::compile(&codebook, Diacritics::Ignore)?;
            matcher.trigger_patterns().iter().map(|p| format!("{p}\n")).collect::<String>().into_bytes()
        }
    };
    match output {
        Some(path) => Ok(crate::run::output::write_atomically(path, &bytes)?),
        None => super::print(bytes),
    }
}
