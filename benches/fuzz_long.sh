#!/usr/bin/env bash
# The property tests of tests/properties with many more cases than `cargo test` runs (64 per
# property, fixed seed): a longer hunt for input that makes a parser panic, allocate without
# bound, or return something inconsistent.
#
#   bash benches/fuzz_long.sh [CASES] [SEED]      # defaults: 20000 cases, a random seed
#
# Built optimised, but with overflow checks and debug assertions on as in a debug build (an
# arithmetic overflow still panics), in a target folder of its own so that the release build
# is left alone. The seed is printed first: run again with it to repeat a failure. A failure
# ends with the smallest failing input proptest found; keep it as a named unit test next to
# the parser it broke.
set -euo pipefail
cd "$(dirname "$0")/.."
cases="${1:-20000}"
seed="${2:-random}"
if [ "$seed" = random ]; then
    seed=$(od -An -N4 -tu4 /dev/urandom | tr -d ' ')
fi
export CARGO_TARGET_DIR="${ANALYSE_FUZZ_TARGET_DIR:-$HOME/.cache/analyse-target-fuzz}"
export CARGO_PROFILE_RELEASE_OVERFLOW_CHECKS=true
export CARGO_PROFILE_RELEASE_DEBUG_ASSERTIONS=true
export CARGO_PROFILE_RELEASE_LTO=false
export CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16
export CARGO_PROFILE_RELEASE_STRIP=false
export ANALYSE_PROPTEST_CASES="$cases"
export ANALYSE_PROPTEST_SEED="$seed"
echo "fuzz_long: $cases cases per property, seed $seed (repeat: bash benches/fuzz_long.sh $cases $seed)"
cargo test --release --test properties -- --test-threads "${FUZZ_THREADS:-2}"
