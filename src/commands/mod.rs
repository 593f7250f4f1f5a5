//! One file per subcommand: each reads the plan, calls the stages, and prints the result.
//! No stage logic lives here; [`crate::cli`] parses the flags and calls these functions.

pub mod diff;
pub mod evaluate;
pub mod import;
pub mod init;
