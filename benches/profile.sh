#!/usr/bin/env bash
# Where the time of a run with both shipped codebooks goes (issue 15): builds the release binary
# with symbols (`--profile profiling`, the same code as release), generates the seeded study of
# benches/make_study.py, runs `analyse run --timings` under `perf record`, and prints the
# stage timings and the profile's top entries (the table kept in BENCHMARKS.md).
#
#   bash benches/profile.sh [MEGABYTES] [ANALYSE_BINARY]     (default 5; binary: built here)
#
# Needs: cargo, python3, perf (Debian: apt-get install linux-perf), GNU time. Everything is
# written to a scratch folder, never to the repository.
set -euo pipefail
cd "$(dirname "$0")/.."
megabytes="${1:-5}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/analyse-target}"
if [ -n "${2:-}" ]; then
    analyse="$2"
else
    cargo build --profile profiling --quiet
    analyse="$CARGO_TARGET_DIR/profiling/analyse"
fi
command -v perf > /dev/null || { echo "profile.sh: perf is not installed; apt-get install linux-perf" >&2; exit 1; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/shipped"
size=$(python3 benches/make_study.py data-sample/transcripts "$work/shipped/transcripts" "$megabytes")
cp -r codebooks "$work/shipped/codebooks"
sed -e 's#codebooks/plain.yaml#codebooks/*.yaml#' benches/plain/analyse.toml > "$work/shipped/analyse.toml"
echo "corpus: $(ls "$work/shipped/transcripts" | wc -l) transcripts, $size bytes, $(nproc) cores, load $(cut -d' ' -f1 /proc/loadavg)"

/usr/bin/time -f "%e s wall, %U s user, %S s system, %M KB max RSS" -o "$work/time" \
    perf record -q -F 499 -g -o "$work/perf.data" "$analyse" run --project "$work/shipped" --timings --quiet \
    2> "$work/timings" > /dev/null
grep -E "timing" "$work/timings" | sed 's/^/  /'
echo "  whole run under perf: $(cat "$work/time")"
perf report -i "$work/perf.data" --no-children --sort symbol --stdio 2> /dev/null |
    grep -E '^ +[0-9.]+%' | head -15
