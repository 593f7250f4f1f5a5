//! A hook the binary sets to hand memory freed at the end of the coding stage back to the
//! system before the analyses allocate their own.
//!
//! The coding stage's matcher keeps a cache per pattern and per rayon worker (~120 MB for a
//! 100 MB study with the shipped codebooks). It is dropped on the main thread when coding ends,
//! but the allocator (mimalloc, set in `src/main.rs`) reclaims a block freed by another thread
//! only when the thread that allocated it next collects, so the analyses peaked up to 40 MB
//! above coding's own peak (BENCHMARKS.md, session 13). The collecting itself is the
//! allocator's business and needs an `unsafe` call, so it lives in the binary; the library
//! only says when. Tests and other users of the library set no hook and lose nothing.

use std::sync::OnceLock;

static HOOK: OnceLock<fn()> = OnceLock::new();

/// Sets the function called once a stage has freed much memory (the first call wins).
pub fn set_hook(hook: fn()) {
    let _ = HOOK.set(hook);
}

/// Calls the hook, if the binary set one.
pub(crate) fn memory_freed() {
    if let Some(hook) = HOOK.get() {
        hook();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    static CALLS: AtomicUsize = AtomicUsize::new(0);

    fn count() {
        CALLS.fetch_add(1, Ordering::SeqCst);
    }

    fn other() {
        CALLS.fetch_add(100, Ordering::SeqCst);
    }

    /// The hook set first is called each time memory is freed; a second hook is ignored. (No
    /// other test of the library sets one, so this is the first.)
    #[test]
    fn the_first_hook_set_is_called_each_time() {
        set_hook(count);
        set_hook(other);
        memory_freed();
        memory_freed();
        assert_eq!(CALLS.load(Ordering::SeqCst), 2);
    }
}
