#!/usr/bin/env bash
# What incremental runs save: `analyse run` from scratch, after no change, after a
# rendering-only change, after a codebook edit, and `run --check`, on a corpus made from the
# sample transcripts (default 20 MB; the sample itself is 0.2 MB).
#
#   bash benches/incremental.sh [MEGABYTES]
#
# Everything happens in a scratch folder, never in the repository. Needs: cargo, python3,
# hyperfine (Debian: hyperfine).
set -euo pipefail
cd "$(dirname "$0")/.."
megabytes="${1:-20}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/analyse-target}"
cargo build --release --quiet
analyse="$CARGO_TARGET_DIR/release/analyse"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/transcripts" "$work/codebooks"
cp codebooks/*.yaml "$work/codebooks/"
size=$(python3 benches/make_corpus.py data-sample/transcripts "$work/transcripts" "$megabytes")
write_toml() {
    cat > "$work/analyse.toml" <<TOML
[project]
language = "$1"

[sources]
transcripts = ["transcripts/*.txt"]

[coding]
codebooks = ["codebooks/*.yaml"]

[analysis]
permutations = 100

[output]
dir = "out"
TOML
}
write_toml nl
echo "corpus: $(ls "$work/transcripts" | wc -l) transcripts, $((size / 1000 / 1000)) MB, $(nproc) cores"
cd "$work"
cp codebooks/sensitizing-concepts.yaml sensitizing.orig
hyperfine --style basic --runs 3 --prepare "rm -rf out" -n "from scratch" "$analyse run --quiet"
"$analyse" run --quiet
hyperfine --style basic --runs 3 -n "no change" "$analyse run --quiet"
hyperfine --style basic --runs 3 -n "check: every stage from scratch, in memory" "$analyse run --check --quiet"
# Alternate two languages / two codebook versions so that every timed run has a change to do.
hyperfine --style basic --runs 4 \
    -n "rendering-only change (language)" \
    "sed -i 's/^language = \"nl\"/language = \"xx\"/; s/^language = \"en\"/language = \"nl\"/; s/^language = \"xx\"/language = \"en\"/' analyse.toml && $analyse run --quiet"
hyperfine --style basic --runs 4 \
    -n "codebook edit (one term added or removed)" \
    "if cmp -s codebooks/sensitizing-concepts.yaml sensitizing.orig; then sed -i 's/\"mindset\", /\"mindset\", \"werkwijze*\", /' codebooks/sensitizing-concepts.yaml; else cp sensitizing.orig codebooks/sensitizing-concepts.yaml; fi && $analyse run --quiet"
