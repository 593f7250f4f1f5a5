#!/usr/bin/env bash
# The sample study, cold (issue 15: < 0.5 s wall, < 100 MB max RSS): builds the release binary,
# copies the sample project (analyse.toml, data-sample, codebooks) to a scratch folder and runs
# `analyse run` there five times, each time into an empty output folder (no cache, no earlier
# outputs), printing the wall time and max RSS of each run and the best of five, with the load
# average (the machine may be shared) and the stage timings of the best run.
#
#   bash benches/sample_cold.sh [ANALYSE_BINARY]     (default: built here, release)
#
# Needs: cargo, GNU time (/usr/bin/time). Everything is written to a scratch folder, never to
# the repository.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/analyse-target}"
if [ -n "${1:-}" ]; then
    analyse="$1"
else
    cargo build --release --quiet
    analyse="$CARGO_TARGET_DIR/release/analyse"
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/sample"
cp -r analyse.toml data-sample codebooks "$work/sample/"
echo "the sample, cold: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg) before"

best_wall="" best_rss=""
for run in 1 2 3 4 5; do
    rm -rf "$work/sample/notebooks-out"
    /usr/bin/time -f "%e %M" -o "$work/time" "$analyse" run --project "$work/sample" --quiet --timings \
        > /dev/null 2> "$work/timings.$run" || { cat "$work/timings.$run" >&2; exit 1; }
    read -r wall rss < "$work/time"
    echo "  run $run: $wall s wall, $((rss / 1024)) MB max RSS"
    if [ -z "$best_wall" ] || awk "BEGIN { exit !($wall < $best_wall) }"; then
        best_wall=$wall best_run=$run
    fi
    if [ -z "$best_rss" ] || [ "$rss" -lt "$best_rss" ]; then best_rss=$rss; fi
done
echo "best of 5: $best_wall s wall, $((best_rss / 1024)) MB max RSS (load $(cut -d' ' -f1-3 /proc/loadavg) after)"
echo "stage timings of the fastest run:"
grep -E "timing" "$work/timings.$best_run" | sed 's/^/  /'
