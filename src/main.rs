//! The `analyse` binary: parse the command line, run, turn the outcome into an exit code.
fn main() -> std::process::ExitCode {
    analyse::cli::main()
}
