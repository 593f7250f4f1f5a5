#!/usr/bin/env bash
# The path a large study takes (docs/scale.md, issue 15): the sample is run with
# `--features parquet` in a temporary copy of the project (nothing is written into the clone),
# and DuckDB (PyPI) recounts code_frequencies from the row-level coded_segments Parquet table
# (tests/duckdb_check.py). Sets up its own virtual environment, only when duckdb is missing
# (needs network the first time only): $ANALYSE_DUCKDB_VENV, by default ~/.cache/duckdb-venv.
set -euo pipefail
cd "$(dirname "$0")/.."
venv="${ANALYSE_DUCKDB_VENV:-$HOME/.cache/duckdb-venv}"
if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c "import duckdb" 2>/dev/null; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet "duckdb==2.0.1"
fi
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
project="$scratch/project"
mkdir -p "$project"
cp -r data-sample codebooks analyse.toml "$project/"
cargo run --quiet --features parquet -- run --quiet --project "$project"
"$venv/bin/python" tests/duckdb_check.py "$project/notebooks-out/tables"
