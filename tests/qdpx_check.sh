#!/usr/bin/env bash
# Exports the sample project as .qdpx and checks it with tests/qdpx_roundtrip.py: valid against
# the REFI-QDA Project schema, and read back by pyrefiqda (PyPI) with the same codes, sources
# and selections as the project's inputs. Sets up its own virtual environment (needs network
# the first time only): $ANALYSE_VENV, by default ~/.cache/analyse-venv.
set -euo pipefail
cd "$(dirname "$0")/.."
venv="${ANALYSE_VENV:-$HOME/.cache/analyse-venv}"
if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c "import pyrefiqda, lxml" 2>/dev/null; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet "pyrefiqda==0.3.1" "lxml>=5"
fi
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
# The export carries the transcripts as they are, so it is compared with tables that are not
# pseudonymised either: a copy of the sample without its pseudonym mapping is run and exported
# (a project with a mapping is exported only with --real-names; tests/interop.rs checks that).
project="$scratch/project"
mkdir -p "$project"
cp -r data-sample codebooks "$project/"
grep -v '^pseudonyms *=' analyse.toml > "$project/analyse.toml"
cargo run --quiet -- run --quiet --project "$project" --out "$scratch/out"
cargo run --quiet -- export qdpx --project "$project" -o "$scratch/sample.qdpx"
cargo run --quiet -- codebook export codebooks/sensitizing-concepts.yaml --to csv -o "$scratch/codebook.csv"
"$venv/bin/python" tests/qdpx_roundtrip.py "$scratch/sample.qdpx" tests/refi-qda/Project.xsd \
    "$scratch/codebook.csv" "$scratch/out/tables/coded_segments.csv" data-sample/coded/*.csv
