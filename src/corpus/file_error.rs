//! A file that cannot be read as what it claims to be: the file, the place in it (an element,
//! a row, a line) and why. Used by the tabular and archive readers here and by every importer
//! of other tools' files ([`crate::interop`]).

use std::path::PathBuf;

/// A file that cannot be read: the file, the element or row, and why.
#[derive(Debug, thiserror::Error)]
#[error("{path}: {place}: {message}")]
pub struct FileError {
    pub path: PathBuf,
    pub place: String,
    pub message: String,
}

impl FileError {
    pub fn new(path: impl Into<PathBuf>, place: impl Into<String>, message: impl Into<String>) -> Self {
        Self { path: path.into(), place: place.into(), message: message.into() }
    }
}
