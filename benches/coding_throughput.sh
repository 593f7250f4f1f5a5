#!/usr/bin/env bash
# Coding throughput of the full codebook over a generated corpus of at least 100 MB, with
# ripgrep scanning the same patterns as the reference for raw scanning speed.
#
#   bash benches/coding_throughput.sh [MEGABYTES]      (default 100)
#
# The corpus is made deterministically from the sample transcripts (data-sample/transcripts/
# *.txt, copied under new ids until the size is reached) in a scratch folder, never in the
# repository. Needs: cargo, rg (Debian: ripgrep), hyperfine (Debian: hyperfine).
set -euo pipefail
cd "$(dirname "$0")/.."
megabytes="${1:-100}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/analyse-target}"
cargo build --release --quiet
analyse="$CARGO_TARGET_DIR/release/analyse"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/transcripts" "$work/codebooks"
cp codebooks/*.yaml "$work/codebooks/"
size=$(python3 benches/make_corpus.py data-sample/transcripts "$work/transcripts" "$megabytes")
cat > "$work/analyse.toml" <<TOML
[sources]
transcripts = ["transcripts/*.txt"]

[coding]
codebooks = ["codebooks/*.yaml"]

[analysis]
permutations = 100

[output]
dir = "out"
TOML
files=$(ls "$work/transcripts" | wc -l)
echo "corpus: $files transcripts, $((size / 1000 / 1000)) MB ($size bytes), $(nproc) cores"
"$analyse" codebook export "$work"/codebooks/*.yaml --to patterns > "$work/patterns.txt"
echo "patterns: $(wc -l < "$work/patterns.txt") rules"
echo
echo "== analyse run (all stages; coding throughput from --timings)"
/usr/bin/time -f "wall %e s, max RSS %M KB" "$analyse" run --project "$work" --timings 2>&1 | grep -E "timing:|wall|coded"
echo
echo "== ripgrep on the first 5 MB of the corpus: the same patterns, case-insensitive"
# rg needs larger automata limits for this pattern set, and scans it so slowly (Unicode word
# boundaries on non-ASCII text) that 100 MB would take most of an hour: it gets a 5 MB slice.
mkdir -p "$work/slice"
python3 benches/make_corpus.py data-sample/transcripts "$work/slice" 5 > "$work/slice_size"
slice_size=$(cat "$work/slice_size")
hyperfine --runs 1 --style basic --export-markdown "$work/rg.md" \
    "rg --count --ignore-case --regex-size-limit 2G --dfa-size-limit 2G --file $work/patterns.txt $work/slice" > /dev/null
sed -n 3p "$work/rg.md" | awk -F'|' -v bytes="$slice_size" '{ gsub(/ /, "", $3); split($3, t, "±"); printf "rg: %.1f s for %.1f MB, %.2f MB/s\n", t[1], bytes / 1e6, bytes / 1e6 / t[1] }'
echo
echo "== analyse on the same 5 MB slice"
mkdir -p "$work/sliceproject" && mv "$work/slice" "$work/sliceproject/transcripts" && cp -r "$work/codebooks" "$work/sliceproject/" && cp "$work/analyse.toml" "$work/sliceproject/"
"$analyse" run --project "$work/sliceproject" --timings 2>&1 | grep -E "timing: coded"
