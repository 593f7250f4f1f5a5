#!/usr/bin/env bash
# Scale of the analyses: 500 documents x 300 codes x 10,000 saturation permutations, and
# co-occurrence (segment, window, document; codes as coded and main codes) over a million
# coded segments. Prints the time of every stage (`analyse run --timings`); the analysis
# stages are frequencies, cooccurrence, saturation, groups, cooccurrence levels and
# saturation criteria (which includes the 10,000 permutations at main-code level).
#
#   bash benches/analysis_scale.sh [DOCUMENTS=500] [CODES=300] [TURNS=2000] [PERMUTATIONS=10000]
#
# The project is generated deterministically (benches/make_scale_project.py) in a scratch
# folder, never in the repository. Needs: cargo, python3; /usr/bin/time for peak memory.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/analyse-target}"
cargo build --release --quiet
analyse="$CARGO_TARGET_DIR/release/analyse"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
segments=$(python3 benches/make_scale_project.py "$work" "$@")
echo "project: ${1:-500} documents, ${2:-300} codes, $segments respondent turns, ${4:-10000} permutations, $(nproc) cores"
if [ -x /usr/bin/time ]; then
  /usr/bin/time -f "wall %e s, max RSS %M KB" "$analyse" run --project "$work" --timings
else
  time "$analyse" run --project "$work" --timings
fi
