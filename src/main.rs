//! The `analyse` binary: parse the command line, run, turn the outcome into an exit code.

/// mimalloc (its version 2) instead of the system allocator, handing freed memory back at once
/// ([`hand_back_freed_memory_at_once`]). A run frees much of what a stage built before the
/// next stage allocates its own: the transcripts' raw bytes at ingest, the pattern caches of
/// rayon's worker threads after coding. glibc keeps such memory in per-thread arenas, so a
/// large study peaked at the sum of the stages. Measured on the 100 MB study (BENCHMARKS.md,
/// "allocator"): with both shipped codebooks less CPU and a sixth less peak memory; with
/// plain patterns the same.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// `mi_option_purge_delay` in mimalloc 2's `mi_option_t` (`include/mimalloc.h` of
/// libmimalloc-sys 0.1.49, pinned in Cargo.toml; `libmimalloc_sys` names no constant for it).
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

fn main() -> std::process::ExitCode {
    hand_back_freed_memory_at_once();
    analyse::run::freed_memory::set_hook(collect_freed_memory_on_every_thread);
    analyse::cli::main()
}

/// Makes every rayon worker reclaim the blocks other threads freed for it, so that their pages
/// go back to the system now rather than when the worker next allocates (see
/// `analyse::run::freed_memory`). Measured at 100 MB with the shipped codebooks: the analyses'
/// peak fell from 391–416 MB to coding's own 376 MB.
#[allow(unsafe_code)]
fn collect_freed_memory_on_every_thread() {
    // SAFETY: `mi_collect` takes no pointer: it frees the calling thread's empty pages in
    // mimalloc's own bookkeeping, and `force = false` leaves every block in use alone.
    rayon::broadcast(|_| unsafe { libmimalloc_sys::mi_collect(false) });
}

/// mimalloc 2 waits 10 ms before it returns freed pages to the system; a stage allocates
/// faster than that, so the freed pages of the stage before still count when it peaks
/// (ingest peaked 40 MB higher at 100 MB than with glibc). A delay of 0 returns them at once.
#[allow(unsafe_code)]
fn hand_back_freed_memory_at_once() {
    // SAFETY: `mi_option_set` stores a number in mimalloc's option table (documented as safe to
    // call at any time); the option's number is checked by the test below.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, 0) }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Option 15 must be the purge delay: mimalloc reads `MIMALLOC_PURGE_DELAY` from the
    /// environment when the process starts, so a child test process started with it set to
    /// 777 sees 777 at option 15 (and the default, 10 ms, without it).
    #[test]
    fn the_option_set_is_the_purge_delay() {
        #[allow(unsafe_code)]
        // SAFETY: reads a number from mimalloc's option table.
        let value = unsafe { libmimalloc_sys::mi_option_get(MI_OPTION_PURGE_DELAY) };
        match std::env::var("MIMALLOC_PURGE_DELAY") {
            Ok(set) => assert_eq!(value.to_string(), set),
            Err(_) => {
                assert_eq!(value, 10, "mimalloc 2's default purge delay");
                let child = std::process::Command::new(std::env::current_exe().unwrap())
                    .args(["--exact", "tests::the_option_set_is_the_purge_delay", "--quiet"])
                    .env("MIMALLOC_PURGE_DELAY", "777")
                    .output()
                    .unwrap();
                assert!(child.status.success(), "{}", String::from_utf8_lossy(&child.stdout));
            }
        }
    }
}
