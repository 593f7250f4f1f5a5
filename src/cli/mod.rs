//! The command line: the flags (clap derive), one dispatch line per command, exit codes.
//!
//! Each command is one function in [`crate::commands`]; this file only says which flags there
//! are, and turns the outcome into an exit code: 0 success, 1 the user's input is wrong (the
//! message names the file, the place and the fix), 2 `run --check` found stale outputs, 3 an
//! internal error. Errors are printed once, here, as one sentence on standard error.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

use crate::commands::{self, codebook::Format, run::RunOptions};
use crate::error::Error;

/// Reproducible analysis of qualitative interview studies: transcripts and codebooks in,
/// thesis-ready tables and figures out.
#[derive(Debug, Parser)]
#[command(name = "analyse", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

/// `--project DIR`, the one definition of the flag, flattened into every command that reads a
/// project.
#[derive(Debug, Clone, Default, Args)]
pub struct ProjectArg {
    /// Project folder, the one holding analyse.toml; the current folder by default
    /// (e.g. --project my-study).
    #[arg(long, value_name = "DIR")]
    pub project: Option<PathBuf>,
}

impl ProjectArg {
    /// The folder named, or the current folder.
    pub fn dir(&self) -> &Path {
        self.project.as_deref().unwrap_or(Path::new("."))
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the whole pipeline on a project folder (the one holding analyse.toml).
    ///
    /// Example: analyse run --project my-study
    Run(RunArgs),
    /// Create a new project folder with a small working example.
    ///
    /// Example: analyse init my-study && analyse run --project my-study
    Init {
        /// Folder to create (or an empty existing one).
        dir: PathBuf,
        /// Make the project from other tools' data instead of the example: .qdpx, .qdc,
        /// MAXQDA, ATLAS.ti or Taguette exports (one per coder, say), and folders of source texts.
        ///
        /// Example: analyse init studie --from project.qdpx && analyse run --project studie
        #[arg(long = "from", num_args = 1.., value_name = "FILE")]
        from: Vec<PathBuf>,
    },
    /// Compare the rule coding with a manual coding: precision, recall, F1 and Cohen's kappa
    /// per code at unit level, and every missed and spurious unit.
    ///
    /// Example: analyse evaluate --gold data-sample/coded
    Evaluate(EvaluateArgs),
    /// Propose codes for the units nobody coded yet, learned from your own manual coding
    /// ([coding] gold and [sources] coded): a review file with a score and the words behind each
    /// proposal, and precision and recall per code by cross-validation over documents.
    /// Accepted rows come back with analyse import; nothing reaches the tables before that.
    ///
    /// Example: analyse suggest -o review.csv && analyse import review.csv
    Suggest(SuggestArgs),
    /// Every occurrence of a term (codebook term syntax: whole words, `*` at either end) or of
    /// a code's rules in the transcripts, with its context, the speaker and the codes rules
    /// already give that unit — while writing rules.
    ///
    /// Example: analyse kwic 'regie*' --project my-study --out regie.csv
    Kwic(KwicArgs),
    /// Work with codebooks.
    #[command(subcommand)]
    Codebook(CodebookCommand),
    /// Compare two versions of a codebook: codes added, removed, renamed or changed, and per
    /// code the coded segments and respondents in the project with each version.
    ///
    /// Example: analyse diff HEAD~1:codebooks/concepts.yaml codebooks/concepts.yaml --project .
    Diff(DiffArgs),
    /// Import coded data from other tools into the project: REFI-QDA projects (.qdpx) and
    /// codebooks (.qdc), MAXQDA coded segments, ATLAS.ti quotations, Taguette highlights
    /// (CSV or XLSX). Writes new files under coded/imported/ (and codebooks/imported/,
    /// transcripts/imported/); never overwrites.
    ///
    /// Example: analyse import maxqda-segments.xlsx --project my-study
    Import {
        /// Files exported by another tool: .qdpx, .qdc, or a CSV/XLSX export of MAXQDA, ATLAS.ti or Taguette.
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
        #[command(flatten)]
        project: ProjectArg,
        /// Leave analyse.toml alone: only write the new files and say what to add.
        #[arg(long)]
        no_edit: bool,
    },
    /// Export the project for other tools.
    #[command(subcommand)]
    Export(ExportCommand),
}

#[derive(Debug, Args)]
pub struct RunArgs {
    #[command(flatten)]
    pub project: ProjectArg,
    /// Output folder; overrides [output] dir of analyse.toml.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Number of threads, 1 to 256; all cores by default.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..=256))]
    pub jobs: Option<u16>,
    /// Print nothing but errors.
    #[arg(long)]
    pub quiet: bool,
    /// Print the time each stage took, the peak memory after it and the memory still held at
    /// its end (to standard error).
    #[arg(long)]
    pub timings: bool,
    /// Replace outputs that were edited since the last run wrote them (a file that analyse did
    /// not write is never replaced).
    #[arg(long)]
    pub force: bool,
    /// Write nothing; exit with 2 and list the outputs that are stale, missing or extra when
    /// the output folder is not what the current inputs produce, 0 when it is (for CI).
    #[arg(long)]
    pub check: bool,
}

#[derive(Debug, Args)]
pub struct EvaluateArgs {
    #[command(flatten)]
    pub project: ProjectArg,
    /// Manual coding CSV files, or folders of them (header document,start,end,code,coder[,text]);
    /// [coding] gold of analyse.toml by default.
    #[arg(long, value_name = "FILE")]
    pub gold: Vec<PathBuf>,
    /// A held-out manual coding (files or folders) of other documents, which the rules were not
    /// written against: its figures go next to --gold's in evaluation/agreement_dev_test. Its
    /// missed and spurious units are not listed, so that rules are not tuned on it.
    ///
    /// Example: --gold gold/dev --test gold/test
    #[arg(long, value_name = "FILE")]
    pub test: Vec<PathBuf>,
    /// Folder that gets evaluation/ with agreement, disagreements, agreement_coders,
    /// agreement_characters and krippendorff_alpha (CSV, Markdown and LaTeX); the project folder by default. Not the run's
    /// output folder: a run with [coding] gold writes its own evaluation there.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct SuggestArgs {
    #[command(flatten)]
    pub project: ProjectArg,
    /// The review file to write (never over an existing one); its cross-validation goes next to
    /// it as NAME.cv.csv. Default: suggestions.csv in the project folder.
    #[arg(short, long, value_name = "FILE.csv")]
    pub output: Option<PathBuf>,
    /// Propose a code when its score (the classifier's probability, 0–1) is at least this.
    #[arg(long, value_name = "P", default_value_t = 0.5)]
    pub min_score: f64,
}

#[derive(Debug, Args)]
pub struct KwicArgs {
    /// The term to search, as in a codebook's `terms` (e.g. 'eigen regie', 'samenwerk*').
    #[arg(value_name = "TERM")]
    pub term: Option<String>,
    #[command(flatten)]
    pub project: ProjectArg,
    /// Search the rules of this code (its id) instead of a term.
    #[arg(long, value_name = "CODE")]
    pub rule: Option<String>,
    /// Also write the occurrences to this new CSV file (never over an existing file).
    #[arg(long, value_name = "FILE.csv")]
    pub out: Option<PathBuf>,
    /// Characters of context shown on each side of a match.
    #[arg(long, value_name = "N", default_value_t = 40)]
    pub width: usize,
}

#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The old version: a codebook file, or REV:path for the file at a git revision.
    pub old: String,
    /// The new version: a codebook file, or REV:path.
    pub new: String,
    #[command(flatten)]
    pub project: ProjectArg,
    /// Also write the table as CSV to this file (every code).
    #[arg(short, long, value_name = "FILE.csv")]
    pub output: Option<PathBuf>,
    /// List every code, also those that did not change.
    #[arg(long)]
    pub all: bool,
    /// Replace FILE.csv when it exists (never a file the project reads).
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Subcommand)]
pub enum ExportCommand {
    /// The whole project as a REFI-QDA project for ATLAS.ti, MAXQDA, NVivo or QualCoder:
    /// sources, codebook, respondents as cases, manual codings under their coders' names and
    /// rule codings under the coder `analyse:<codebook ids>`.
    ///
    /// Example: analyse export qdpx --project my-study -o my-study.qdpx
    Qdpx {
        #[command(flatten)]
        project: ProjectArg,
        /// The .qdpx file to write.
        #[arg(short, long, value_name = "FILE")]
        output: PathBuf,
        /// Export although the project has an `[output] pseudonyms` mapping: a .qdpx carries the
        /// transcripts as they are, real names included, for your own QDA tool.
        #[arg(long)]
        real_names: bool,
        /// Replace FILE when it exists (never a file the project reads).
        #[arg(long)]
        force: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum CodebookCommand {
    /// Check codebook files: structure, tree, rules. Errors name file, line and code.
    ///
    /// Example: analyse codebook check codebooks/*.yaml
    #[command(mut_arg("project", |arg| arg.help(
        "Also apply the rules to the transcripts of this project folder and list rules that match \
         nothing and rules that fire in more than half of all units (e.g. --project my-study)"
    )))]
    Check {
        /// Codebook files (YAML), e.g. codebooks/*.yaml.
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
        #[command(flatten)]
        project: ProjectArg,
    },
    /// Export codebooks as a thesis appendix (md, tex), a spreadsheet (csv), a REFI-QDA
    /// codebook for ATLAS.ti, MAXQDA, NVivo or QualCoder (qdc), or the rules' patterns, one per
    /// line, for grep-like tools (patterns).
    ///
    /// Example: analyse codebook export codebooks/sensitizing-concepts.yaml --to tex -o bijlage.tex
    Export {
        /// Codebook files (YAML), e.g. codebooks/*.yaml.
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
        /// The format to write.
        #[arg(long, value_enum)]
        to: Format,
        /// Output file; standard output by default.
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
        /// Replace the output file when it exists (never one of the codebooks read).
        #[arg(long)]
        force: bool,
    },
}

/// Entry point of the binary.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            // --help and --version are not errors; their output into a closed pipe is ignored.
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

/// One function of [`crate::commands`] per command.
fn dispatch(command: Command) -> Result<(), Error> {
    match command {
        Command::Run(a) if a.check => commands::check::check(a.project.dir(), a.out.as_deref(), a.jobs, a.quiet),
        Command::Run(a) => commands::run::run(a.project.dir(), a.out.as_deref(), a.options()),
        Command::Init { dir, from } if from.is_empty() => commands::init::init(&dir),
        Command::Init { dir, from } => commands::init::init_from(&dir, &from),
        Command::Evaluate(a) => commands::evaluate::run(a.project.dir(), a.gold, a.test, a.out.as_deref()),
        Command::Suggest(a) => commands::suggest::run(a.project.dir(), a.output.as_deref(), a.min_score),
        Command::Kwic(a) => {
            let request = commands::kwic::KwicRequest {
                term: a.term.as_deref(),
                rule: a.rule.as_deref(),
                out: a.out.as_deref(),
                width: a.width,
            };
            commands::kwic::run(a.project.dir(), &request)
        }
        Command::Codebook(CodebookCommand::Check { files, project }) => {
            commands::codebook::check(&files, project.project.as_deref())
        }
        Command::Codebook(CodebookCommand::Export { files, to, output, force }) => {
            commands::codebook::export(&files, to, output.as_deref(), force)
        }
        Command::Diff(a) => commands::diff::run(&a.old, &a.new, a.project.dir(), a.output.as_deref(), a.all, a.force),
        Command::Import { files, project, no_edit } => commands::import::import(project.dir(), &files, no_edit),
        Command::Export(ExportCommand::Qdpx { project, output, real_names, force }) => {
            commands::export::qdpx(project.dir(), &output, real_names, force)
        }
    }
}

impl RunArgs {
    fn options(&self) -> RunOptions {
        RunOptions { jobs: self.jobs, quiet: self.quiet, timings: self.timings, force: self.force }
    }
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    use super::*;

    #[test]
    fn the_flags_are_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn project_is_the_current_folder_unless_named() {
        let parse = |args: &[&str]| match Cli::try_parse_from(args).unwrap().command {
            Command::Run(a) => a.project.dir().to_path_buf(),
            other => panic!("{other:?}"),
        };
        assert_eq!(parse(&["analyse", "run"]), Path::new("."));
        assert_eq!(parse(&["analyse", "run", "--project", "study"]), Path::new("study"));
        // codebook check reads a project only when one is named.
        match Cli::try_parse_from(["analyse", "codebook", "check", "a.yaml"]).unwrap().command {
            Command::Codebook(CodebookCommand::Check { project, .. }) => assert_eq!(project.project, None),
            other => panic!("{other:?}"),
        }
    }
}
