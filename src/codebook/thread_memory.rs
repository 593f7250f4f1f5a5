//! What coding keeps on each thread from one batch of units to the next: the prefilter's
//! working memory with its memo of words, and a batch's lists of candidates. Kept, they are
//! built once per thread rather than per batch; [`release_thread_memory`] lets them go when
//! coding is done.

use super::prefilter::Scratch;

thread_local! {
    /// Each thread's working memory of the prefilter, kept from one batch of units to the next
    /// so that its memo of words ([`super::word_literals`]) is built once per thread, not per
    /// batch; it knows which prefilter it was made for.
    pub(super) static SCRATCH: std::cell::RefCell<Scratch> = std::cell::RefCell::default();
    /// Each thread's lists of a batch's candidates and their stretches (the matcher's
    /// `batch`), kept from one batch to the next: made afresh, they grew by doubling to a few
    /// MB in every batch, and their new pages were some 4 % of the coding stage's time (issue
    /// 15, session 27).
    pub(super) static BATCH_LISTS: std::cell::Cell<BatchLists> = std::cell::Cell::default();
}

/// Lets go of what coding keeps per thread between batches — the prefilter's memo of words,
/// the memo of stems, the batch lists — on every thread of rayon's pool and on this one. Held
/// on after the coding stage, they were some 10 MB a thread on top of the analyses' and the
/// render stage's peaks (issue 15, session 27). Coding after this builds them again.
pub fn release_thread_memory() {
    fn release() {
        SCRATCH.take();
        BATCH_LISTS.take();
        super::stem::release_memo();
    }
    rayon::broadcast(|_| release());
    release();
}

/// A batch's rule candidates, `(rule, unit, from, to)` with `from..to` their stretches in
/// `spans` (the byte ranges the matcher searches a rule in): all of them, then those that
/// read a unit's words moved to `by_words`.
#[derive(Default)]
pub(super) struct BatchLists {
    pub pending: Vec<(usize, usize, usize, usize)>,
    pub spans: Vec<(usize, usize)>,
    pub by_words: Vec<(usize, usize, usize, usize)>,
}
