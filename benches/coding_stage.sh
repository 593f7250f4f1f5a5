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
mkdir -p "$work/sample" "$work/big/transcripts" "$work/big/codebooks"
cp -r analyse.toml data-sample codebooks "$work/sample/"
cp codebooks/*.yaml "$work/big/codebooks/"
size=$(python3 benches/make_corpus.py data-sample/transcripts "$work/big/transcripts" "$megabytes")
cat > "$work/big/analyse.toml" <<TOML
[sources]
transcripts = ["transcripts/*.txt"]

[coding]
codebooks = ["codebooks/*.yaml"]

[analysis]
permutations = 10

[output]
dir = "out"
TOML
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

for project in sample big; do
    : > "$work/before.$project"
    : > "$work/after.$project"
    for run in $(seq "$runs"); do
        stages "$before" "$work/$project" >> "$work/before.$project"
        stages "$after" "$work/$project" >> "$work/after.$project"
    done
    for which in before after; do
        cb=$(cut -d' ' -f1 "$work/$which.$project" | median)
        cd_=$(cut -d' ' -f2 "$work/$which.$project" | median)
        echo "  $project, $which: codebook $cb s, coding $cd_ s (median of $runs; runs: $(tr '\n' ';' < "$work/$which.$project"))"
        eval "${which}_coding=$cd_ ${which}_codebook=$cb"
    done
    awk -v a="$after_coding" -v b="$before_coding" -v ca="$after_codebook" -v cb="$before_codebook" \
        'BEGIN { printf "  %s: coding after/before %.2fx, codebook after/before %.2fx\n", "'"$project"'", a / b, ca / cb }'
done
echo "load $(cut -d' ' -f1-3 /proc/loadavg) after"
