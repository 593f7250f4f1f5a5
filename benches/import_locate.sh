#!/usr/bin/env bash
# Speed of `analyse import` on a MAXQDA coded-segments export whose fragments must all be
# located by their text (white space ignored) in a generated corpus.
#
#   bash benches/import_locate.sh [MEGABYTES] [FRAGMENTS_PER_TRANSCRIPT]   (default 20, 20)
#
# Corpus and export are made deterministically in a scratch folder (benches/make_corpus.py,
# benches/make_segments.py), never in the repository. Needs: cargo, hyperfine.
set -euo pipefail
cd "$(dirname "$0")/.."
megabytes="${1:-20}"
per_doc="${2:-20}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/analyse-target}"
cargo build --release --quiet
analyse="$CARGO_TARGET_DIR/release/analyse"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/transcripts" "$work/codebooks"
cp codebooks/sensitizing-concepts.yaml "$work/codebooks/"
size=$(python3 benches/make_corpus.py data-sample/transcripts "$work/transcripts" "$megabytes")
python3 benches/make_segments.py "$work/transcripts" "$per_doc" "$work/segments.csv"
printf '[sources]\ntranscripts = ["transcripts/*.txt"]\n\n[coding]\ncodebooks = ["codebooks/*.yaml"]\n' > "$work/analyse.toml"
segments=$(($(wc -l < "$work/segments.csv") - 1))
echo "corpus: $(ls "$work/transcripts" | wc -l) transcripts, $((size / 1000 / 1000)) MB; $segments fragments to locate; $(nproc) cores"
cd "$work"
"$analyse" import segments.csv | head -n 1
hyperfine --runs 5 --style basic --prepare "rm -rf $work/coded $work/codebooks/imported" "$analyse import segments.csv"
