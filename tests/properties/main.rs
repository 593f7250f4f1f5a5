//! Property tests of every parser: whatever bytes or text a user (or a damaged file) brings,
//! a parser returns `Ok` or `Err` — it never panics, and never allocates without bound — and
//! where it returns `Ok`, what it returns is consistent (offsets inside the text and in order,
//! character and byte offsets that agree, what was written read back unchanged).
//!
//! Each property runs 64 cases by default, from a fixed seed, so that `cargo test` is quick and
//! gives the same result on every machine. `ANALYSE_PROPTEST_CASES=20000` runs more, and
//! `ANALYSE_PROPTEST_SEED=random` (or a number) other inputs: `benches/fuzz_long.sh` does both.
//!
//! The whole binary runs under a global allocator with a ceiling ([`MEMORY_CEILING`]). The
//! inputs are at most a few kilobytes, so a parser that reserves memory for a size its input
//! merely claims (a zip entry of 4 GB, a header that promises a billion rows) makes the
//! allocation fail, which aborts the test binary with "memory allocation of … bytes failed".

mod codebook;
mod coding;
mod corpus;
mod interop;
mod refi_xml;
mod roundtrip;
mod support;

/// Far above what any of these tests needs (a few megabytes per thread), far below what the
/// machine has: 1 GiB for the whole test binary.
const MEMORY_CEILING: usize = 1 << 30;

#[global_allocator]
static ALLOCATOR: cap::Cap<std::alloc::System> = cap::Cap::new(std::alloc::System, MEMORY_CEILING);
