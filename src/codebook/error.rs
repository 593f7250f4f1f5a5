//! Codebook mistakes, each naming the file, the line and (where there is one) the code.

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum CodebookError {
    #[error("cannot read {path}: {source}")]
    Read { path: PathBuf, source: std::io::Error },
    #[error("{path}: line {line}: {message}")]
    Syntax { path: PathBuf, line: usize, message: String },
    #[error("{path}: line {line}: code '{code}': {message}")]
    Invalid { path: PathBuf, line: usize, code: String, message: String },
}
