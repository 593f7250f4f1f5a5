//! The command line: flags (clap derive), dispatch, messages and exit codes.
//!
//! Exit codes: 0 success, 1 the user's input is wrong (the message names the file, the place
//! and the fix), 2 reserved for `run --check` finding stale outputs, 3 an internal error.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::codebook::{load_codebooks, CompiledCodebook};
use crate::coding::rule_stats;
use crate::error::Error;
use crate::project::Plan;

/// Reproducible analysis of qualitative interview studies: transcripts and codebooks in,
/// thesis-ready tables and figures out.
#[derive(Debug, Parser)]
#[command(name = "analyse", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the whole pipeline on a project folder (the one holding analyse.toml).
    ///
    /// Example: analyse run --project my-study
    Run {
        /// Project folder; the current folder by default.
        #[arg(long, value_name = "DIR", default_value = ".")]
        project: PathBuf,
        /// Output folder; overrides [output] dir of analyse.toml.
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
        /// Number of threads; all cores by default.
        #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
        jobs: Option<u16>,
        /// Print nothing but errors.
        #[arg(long)]
        quiet: bool,
        /// Print the time each stage took (to standard error).
        #[arg(long)]
        timings: bool,
        /// Write nothing; exit with 2 and list the outputs that are stale, missing or extra when
        /// the output folder is not what the current inputs produce, 0 when it is (for CI).
        #[arg(long)]
        check: bool,
    },
    /// Create a new project folder with a small working example.
    ///
    /// Example: analyse init my-study && analyse run --project my-study
    Init {
        /// Folder to create (or an empty existing one).
        dir: PathBuf,
    },
    /// Compare the rule coding with a manual coding: precision, recall, F1 and Cohen's kappa
    /// per code at unit level, and every missed and spurious unit.
    ///
    /// Example: analyse evaluate --gold data-sample/coded
    Evaluate {
        /// Project folder; the current folder by default.
        #[arg(long, value_name = "DIR", default_value = ".")]
        project: PathBuf,
        /// Manual coding CSV files, or folders of them (header document,start,end,code,coder[,text]);
        /// [coding] gold of analyse.toml by default.
        #[arg(long, value_name = "FILE")]
        gold: Vec<PathBuf>,
        /// Output folder for evaluation/agreement and evaluation/disagreements.
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
    },
    /// Work with codebooks.
    #[command(subcommand)]
    Codebook(CodebookCommand),
    /// Compare two versions of a codebook: codes added, removed, renamed or changed, and per
    /// code the coded segments and respondents in the project with each version.
    ///
    /// Example: analyse diff HEAD~1:codebooks/concepts.yaml codebooks/concepts.yaml --project .
    Diff {
        /// The old version: a codebook file, or REV:path for the file at a git revision.
        old: String,
        /// The new version: a codebook file, or REV:path.
        new: String,
        /// Project folder whose transcripts are coded with both versions.
        #[arg(long, value_name = "DIR", default_value = ".")]
        project: PathBuf,
        /// Also write the table as CSV to this file (every code).
        #[arg(short, long, value_name = "FILE.csv")]
        output: Option<PathBuf>,
        /// List every code, also those that did not change.
        #[arg(long)]
        all: bool,
    },
    /// Import coded data from other tools into the project: REFI-QDA projects (.qdpx) and
    /// codebooks (.qdc), MAXQDA coded segments, ATLAS.ti quotations, Taguette highlights
    /// (CSV or XLSX). Writes new files under coded/imported/ (and codebooks/imported/,
    /// transcripts/imported/); never overwrites.
    ///
    /// Example: analyse import maxqda-segments.xlsx --project my-study
    Import {
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
        /// Project folder; the current folder by default.
        #[arg(long, value_name = "DIR", default_value = ".")]
        project: PathBuf,
    },
    /// Export the project for other tools.
    #[command(subcommand)]
    Export(ExportCommand),
}

#[derive(Debug, Subcommand)]
pub enum ExportCommand {
    /// The whole project as a REFI-QDA project for ATLAS.ti, MAXQDA, NVivo or QualCoder:
    /// sources, codebook, respondents as cases, manual codings under their coders' names and
    /// rule codings under the coder `analyse:<codebook ids>`.
    ///
    /// Example: analyse export qdpx --project my-study -o my-study.qdpx
    Qdpx {
        /// Project folder; the current folder by default.
        #[arg(long, value_name = "DIR", default_value = ".")]
        project: PathBuf,
        /// The .qdpx file to write.
        #[arg(short, long, value_name = "FILE")]
        output: PathBuf,
        /// Export although the project has an `[output] pseudonyms` mapping: a .qdpx carries the
        /// transcripts as they are, real names included, for your own QDA tool.
        #[arg(long)]
        real_names: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum CodebookCommand {
    /// Check codebook files: structure, tree, rules. Errors name file, line and code.
    ///
    /// Example: analyse codebook check codebooks/*.yaml
    Check {
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
        /// Also apply the rules to this project's transcripts and list rules that match nothing
        /// and rules that fire in more than half of all units.
        #[arg(long, value_name = "DIR")]
        project: Option<PathBuf>,
    },
    /// Export codebooks as a thesis appendix (md, tex), a spreadsheet (csv), a REFI-QDA
    /// codebook for ATLAS.ti, MAXQDA, NVivo or QualCoder (qdc), or the rules' patterns, one per
    /// line, for grep-like tools (patterns).
    ///
    /// Example: analyse codebook export codebooks/sensitizing-concepts.yaml --to tex -o bijlage.tex
    Export {
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
        #[arg(long, value_enum)]
        to: ExportFormat,
        /// Output file; standard output by default.
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
}

/// Formats of `codebook export`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    Md,
    Tex,
    Csv,
    Qdc,
    Patterns,
}

fn shown_paths(files: &[PathBuf]) -> Vec<(PathBuf, String)> {
    files.iter().map(|p| (p.clone(), p.display().to_string())).collect()
}

/// Entry point of the binary.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { 1 } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    match dispatch(cli.command) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(e.exit_code())
        }
    }
}

fn dispatch(command: Command) -> Result<(), Error> {
    match command {
        Command::Run { project, out, jobs, quiet, timings, check } => {
            if let Some(n) = jobs {
                rayon::ThreadPoolBuilder::new()
                    .num_threads(usize::from(n))
                    .build_global()
                    .map_err(|e| Error::Internal(format!("thread pool: {e}")))?;
            }
            let plan = Plan::load(&project, out.as_deref())?;
            if check {
                return crate::run::stale::run_check(&plan, quiet);
            }
            let progress = crate::run::progress::Progress::for_stderr(quiet);
            let outcome = crate::run::incremental::run(&plan, &progress)?;
            drop(progress);
            if !quiet {
                for note in &outcome.notes {
                    eprintln!("note: {note}");
                }
                eprintln!("{}", outcome.message());
                for path in &outcome.removed {
                    eprintln!("removed {path}: the run no longer makes it");
                }
            }
            let Some(summary) = outcome.summary else { return Ok(()) };
            if !quiet {
                eprintln!(
                    "coded {} segments in {} documents: {} codings, {} of {} codes used",
                    summary.segments, summary.documents, summary.codings, summary.codes_used, summary.codes
                );
                eprintln!("wrote {} files to {}", summary.files, summary.out_dir.display());
            }
            if timings {
                for (stage, duration) in &summary.timings.stages {
                    eprintln!("timing: {stage:<13} {:>9.3} s", duration.as_secs_f64());
                }
                if let Some(coding) = summary.timings.of("coding") {
                    let mb = summary.text_bytes as f64 / 1e6;
                    eprintln!("timing: coded {mb:.1} MB of text at {:.1} MB/s", mb / coding.as_secs_f64());
                }
            }
            Ok(())
        }
        Command::Evaluate { project, gold, out } => crate::commands::evaluate::run(&project, gold, out.as_deref()),
        Command::Diff { old, new, project, output, all } => {
            let plan = Plan::load(&project, None)?;
            let old = crate::commands::diff::read_version(&old, &project)?;
            let new = crate::commands::diff::read_version(&new, &project)?;
            let diff = crate::commands::diff::diff(&plan, &old, &new)?;
            print!("{}", crate::render::to_markdown(&diff.table(all)));
            println!("\n{}", diff.summary());
            if let Some(path) = output {
                crate::run::output::write_atomically(&path, &crate::render::to_csv(&diff.table(true))?)?;
                eprintln!("wrote {}", path.display());
            }
            Ok(())
        }
        Command::Import { files, project } => crate::commands::import::import(&project, &files),
        Command::Export(ExportCommand::Qdpx { project, output, real_names }) => {
            crate::commands::import::export_qdpx(&project, &output, real_names)
        }
        Command::Init { dir } => {
            crate::commands::init::create_project(&dir)?;
            println!("created a project in {}; try: analyse run --project {}", dir.display(), dir.display());
            Ok(())
        }
        Command::Codebook(CodebookCommand::Check { files, project }) => {
            let codebook = load_codebooks(&shown_paths(&files))?;
            let matcher = CompiledCodebook::compile(&codebook, crate::codebook::Diacritics::Ignore)?;
            for book in &codebook.books {
                let codes = codebook.codes.iter().filter(|c| c.codebook == book.id).count();
                println!("{}: codebook '{}' with {codes} codes is valid", book.source, book.id);
            }
            println!("{} rules compiled", matcher.rule_count());
            if let Some(dir) = project {
                let plan = Plan::load(&dir, None)?;
                let matcher = CompiledCodebook::compile(&codebook, plan.settings.coding.diacritics)?;
                let corpus = crate::corpus::read_corpus(&plan.transcript_files(), plan.sources.respondents.as_deref(), &plan.settings.ingest)?;
                let (counts, units) = rule_stats::rule_counts(&corpus, &codebook, &matcher, &plan.settings.coding);
                let mut report = rule_stats::rule_report(&codebook, &counts, units);
                report.rows.retain(|r| !r[5].render().is_empty());
                if report.rows.is_empty() {
                    println!("every rule fires in {units} units of {}, none in more than half", dir.display());
                } else {
                    print!("\n{}", crate::render::to_markdown(&report));
                }
            }
            Ok(())
        }
        Command::Codebook(CodebookCommand::Export { files, to, output }) => {
            let codebook = load_codebooks(&shown_paths(&files))?;
            let bytes = match to {
                ExportFormat::Md => crate::render::codebook::to_markdown(&codebook).into_bytes(),
                ExportFormat::Tex => crate::render::codebook::to_latex(&codebook).into_bytes(),
                ExportFormat::Csv => crate::render::codebook::to_csv(&codebook)?,
                ExportFormat::Qdc => crate::interop::qdc::to_qdc(&codebook),
                ExportFormat::Patterns => {
                    let matcher = CompiledCodebook::compile(&codebook, crate::codebook::Diacritics::Ignore)?;
                    matcher.trigger_patterns().iter().map(|p| format!("{p}\n")).collect::<String>().into_bytes()
                }
            };
            match output {
                Some(path) => crate::run::output::write_atomically(&path, &bytes)?,
                None => {
                    use std::io::Write;
                    let mut stdout = std::io::stdout().lock();
                    // A closed pipe (`| head`) is not an error.
                    let _ = stdout.write_all(&bytes).and_then(|_| stdout.flush());
                }
            }
            Ok(())
        }
    }
}
