//! The one error type the library's entry points return, and how it maps to exit codes.
//!
//! Each stage has its own error enum with the fields a user needs to fix the problem (file,
//! line, code id). They are wrapped here so that the command line can tell a mistake in the
//! user's input (exit code 1) from a fault of the program or the machine (exit code 3).

use std::path::PathBuf;

use crate::{codebook::CodebookError, corpus::CorpusError, project::ProjectError};

/// Anything that stops a run.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    Project(#[from] ProjectError),
    #[error(transparent)]
    Corpus(#[from] CorpusError),
    #[error(transparent)]
    Codebook(#[from] CodebookError),
    #[error(transparent)]
    Output(#[from] OutputError),
    /// A table, figure or page that could not be drawn: a fault of the program.
    #[error(transparent)]
    Render(#[from] crate::render::RenderError),
    #[error(transparent)]
    Gold(#[from] crate::coding::manual::ManualCodingError),
    #[error(transparent)]
    Pseudonyms(#[from] crate::render::pseudonymise::PseudonymError),
    /// A file of another QDA tool that cannot be imported.
    #[error(transparent)]
    Interop(#[from] crate::interop::InteropError),
    /// A `[sources] coded` file that cannot be merged.
    #[error(transparent)]
    Coded(#[from] crate::interop::import::CodedFileError),
    /// A command line that lacks what the command needs.
    #[error("{0}")]
    Usage(String),
    /// `run --check` found outputs that the current inputs would not produce as they are.
    #[error("{0}")]
    Stale(String),
    /// A fault of the program itself (a bug) or of the machine, not of the user's input.
    #[error("internal error: {0}")]
    Internal(String),
}

impl Error {
    /// Exit code of the command line: 1 for input the user can fix, 3 for everything else.
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Project(_)
            | Error::Corpus(_)
            | Error::Codebook(_)
            | Error::Gold(_)
            | Error::Pseudonyms(_)
            | Error::Interop(_)
            | Error::Coded(_)
            | Error::Usage(_) => 1,
            Error::Output(e) if e.is_user_error() => 1,
            Error::Stale(_) => 2,
            Error::Output(_) | Error::Render(_) | Error::Internal(_) => 3,
        }
    }
}

/// Writing an output file failed, or an output path would leave the output folder.
#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    #[error("cannot write {path}: {source}; check that the output folder is writable (set another with --out DIR)")]
    Write { path: PathBuf, source: std::io::Error },
    #[error("the output folder {path} is a file, not a folder; move the file away, or name another folder with --out DIR ([output] dir in analyse.toml)")]
    NotAFolder { path: PathBuf },
    #[error("cannot read {path} in the output folder: {source}; make it readable (or remove it and run `analyse run`), or name another folder with --out DIR")]
    Read { path: PathBuf, source: std::io::Error },
    #[error("refusing to write '{path}': it would land outside the output folder")]
    Escapes { path: String },
    #[error("refusing to write {path}: it is {input}, a file the project reads; name another output file")]
    IsInput { path: PathBuf, input: PathBuf },
    #[error("refusing to write {path}: the file exists; name another output file, or pass --force to replace an earlier output of this command")]
    Exists { path: PathBuf },
    #[error("refusing to write {path}: it is a folder; name an output file")]
    NotAFile { path: PathBuf },
    #[error("refusing to use {out_dir} as the output folder: it holds {input}, which the project reads; name a folder of its own with --out DIR ([output] dir in analyse.toml)")]
    HoldsProject { out_dir: PathBuf, input: PathBuf },
    #[error("refusing to write into {out_dir}: {paths} exist but the last run did not write them; move them out of the output folder, or name another folder with --out DIR (nothing was written)")]
    Foreign { out_dir: PathBuf, paths: String },
    #[error("refusing to write into {out_dir}: {paths} were edited since the last run wrote them; copy your edits elsewhere, or pass --force to replace them (nothing was written)")]
    Edited { out_dir: PathBuf, paths: String },
    #[error("{cause}; {out_dir} was left as it was, with the complete outputs of the last run")]
    LeftAsItWas { out_dir: PathBuf, cause: Box<OutputError> },
    #[error("the new outputs are complete in {staged}, but could not be moved to {out_dir} ({source}); the last run's outputs are in {old}; move them by hand")]
    Swap { out_dir: PathBuf, staged: PathBuf, old: PathBuf, source: std::io::Error },
}

impl OutputError {
    /// A folder the user pointed at that cannot be written or read is theirs to fix; a path
    /// that would leave the output folder is ours.
    pub fn is_user_error(&self) -> bool {
        match self {
            OutputError::Escapes { .. } => false,
            OutputError::LeftAsItWas { cause, .. } => cause.is_user_error(),
            _ => true,
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
