//! The `analyse` binary: parse the command line, run, turn the outcome into an exit code.

/// mimalloc (its version 2) instead of the system allocator. Coding allocates many small
/// pattern caches on rayon's worker threads and frees them before rendering; glibc keeps such
/// memory in per-thread arenas, mimalloc 2 hands freed pages back to the system after 10 ms.
/// Measured on the 100 MB study with both shipped codebooks (BENCHMARKS.md, "allocator"):
/// a fifth less CPU and a little less peak memory; on the sample, less of both. Version 3's
/// default waits a second before handing memory back and peaked higher in the same runs.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    analyse::cli::main()
}
