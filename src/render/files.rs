//! What the render stage produces: files in memory, by their path in the output folder, and
//! the one way drawing or encoding them can fail. Writing them is the run's job
//! ([`crate::run::output`]), so a failed run has written nothing.

/// One file of the output, by its path relative to the output folder (`tables/x.csv`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    pub path: String,
    pub bytes: Vec<u8>,
}

impl OutputFile {
    pub fn new(path: impl Into<String>, bytes: impl Into<Vec<u8>>) -> Self {
        Self { path: path.into(), bytes: bytes.into() }
    }
}

/// A table, figure or page that could not be drawn or encoded: a fault of the program, not of
/// the user's input (whose mistakes are found before anything is drawn).
#[derive(Debug, thiserror::Error)]
#[error("rendering {what} failed: {message}")]
pub struct RenderError {
    pub what: String,
    pub message: String,
}

impl RenderError {
    pub fn new(what: impl Into<String>, message: impl std::fmt::Display) -> Self {
        Self { what: what.into(), message: message.to_string() }
    }
}
