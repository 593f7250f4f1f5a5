//! One file per subcommand: each reads the plan, calls the stages, and prints the result.
//! No stage logic lives here; [`crate::cli`] parses the flags and calls one function of one of
//! these files per command. Nothing under [`crate::run`] or the stages calls back into here.
//!
//! Everything a command prints on standard output goes through [`print`], so that a closed
//! pipe (`analyse diff … | head -1`) is never an error, in any command.

use std::io::Write;

use crate::error::{Error, Result};

pub mod check;
pub mod codebook;
pub mod diff;
pub mod evaluate;
pub mod export;
pub mod import;
pub mod init;
pub mod kwic;
pub mod run;
pub mod suggest;

/// Writes `text` to standard output.
///
/// A closed pipe is not an error: whoever read the output (`head -1`) has what they wanted,
/// so the rest is dropped and the command finishes its work (files it was asked to write are
/// still written) and exits as it would have. Other failures (a full disk behind `> file`)
/// are errors: the output would be incomplete.
pub fn print(text: impl AsRef<[u8]>) -> Result<()> {
    let mut stdout = std::io::stdout().lock();
    match stdout.write_all(text.as_ref()).and_then(|()| stdout.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(Error::Internal(format!("cannot write to standard output: {e}")))
        }
        _ => Ok(()),
    }
}

/// Runs the parallel stages on `jobs` threads (all cores when `None`).
pub fn use_threads(jobs: Option<u16>) -> Result<()> {
    let Some(n) = jobs else { return Ok(()) };
    rayon::ThreadPoolBuilder::new()
        .num_threads(usize::from(n))
        .build_global()
        .map_err(|e| Error::Internal(format!("thread pool: {e}")))
}
