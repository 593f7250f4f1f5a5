#!/usr/bin/env bash
# Two builds of analyse side by side on the `codebook` and `coding` stages (issue 15): the
# sample study and a generated corpus of MEGABYTES, both coded with the shipped codebooks on
# one thread (--jobs 1, so the number is the matcher's and not the core count's), the two
# binaries taking turns RUNS times each, so that load on this shared machine falls on both.
# Prints each run's stage times and the median of each binary, and the ratio AFTER / BEFORE.
#
#   bash benches/coding_stage.sh BEFORE_BINARY AFTER_BINARY [MEGABYTES] [RUNS]   (5 MB, 3 runs)
#
# Build the two binaries with `cargo build --release` on the two commits and copy each away
# (see BENCHMARKS.md). Everything is written to a scratch folder, never to the repository.
set -euo pipefail
cd "$(dirname "$0")/.."
before="${1:?usage: coding_stage.sh BEFORE_BINARY AFTER_BINARY [MEGABYTES] [RUNS]}"
after="${2:?usage: coding_stage.sh BEFORE_BINARY AFTER_BINARY [MEGABYTES] [RUNS]}"
for binary in "$before" "$after"; do
    [ -x "$binary" ] || { echo "coding_stage.sh: $binary is not an executable analyse binary" >&2; exit 1; }
done
megabytes="${3:-5}"
runs="${4:-3}"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/sample" "$work/big"
cp -r analyse.toml data-sample codebooks "$work/sample/"
cp -r codebooks "$work/big/codebooks"
# The study of benches/plain with both shipped codebooks, as compare.sh and profile.sh run it.
sed -e 's#codebooks/plain.yaml#codebooks/*.yaml#' benches/plain/analyse.toml > "$work/big/analyse.toml"
size=$(python3 benches/make_corpus.py data-sample/transcripts "$work/big/transcripts" "$megabytes")
echo "coding stage, --jobs 1: the sample and $((size / 1000 / 1000)) MB, $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"

# Seconds of the codebook and coding stages of one cold run, as `--timings` prints them.
stages() {
    local binary="$1" project="$2"
    rm -rf "$project/out" "$project/notebooks-out"
    "$binary" run --project "$project" --jobs 1 --quiet --timings 2> "$work/timings" > /dev/null \
        || { cat "$work/timings" >&2; exit 1; }
    awk '$2 == "codebook" { cb = $3 } $2 == "coding" { cd = $3 } END { print cb, cd }' "$work/timings"
}

median() { sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

# "codebook coding" medians of a file of "codebook coding" lines.
medians() { echo "$(cut -d' ' -f1 "$1" | median) $(cut -d' ' -f2 "$1" | median)"; }

for project in sample big; do
    : > "$work/before.$project"
    : > "$work/after.$project"
    for run in $(seq "$runs"); do
        stages "$before" "$work/$project" >> "$work/before.$project"
        stages "$after" "$work/$project" >> "$work/after.$project"
    done
    read -r before_codebook before_coding < <(medians "$work/before.$project")
    read -r after_codebook after_coding < <(medians "$work/after.$project")
    for which in before after; do
        echo "  $project, $which: runs (codebook coding, s): $(tr '\n' ';' < "$work/$which.$project")"
    done
    awk -v p="$project" -v runs="$runs" -v cb="$before_codebook" -v cd="$before_coding" \
        -v ca="$after_codebook" -v da="$after_coding" 'BEGIN {
        printf "  %s, median of %d: codebook %.3f -> %.3f s (%.2fx), coding %.3f -> %.3f s (%.2fx)\n",
            p, runs, cb, ca, ca / cb, cd, da, da / cd }'
done
echo "load $(cut -d' ' -f1-3 /proc/loadavg) after"
