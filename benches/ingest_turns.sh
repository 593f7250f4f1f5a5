#!/usr/bin/env bash
# Ingest is linear in the turns of a document (issue 15): one generated transcript of 1,000,
# 10,000 and 100,000 turns (the sample's own `I:`/`R:` turns drawn with a fixed seed), run with
# the 15 plain patterns of benches/plain, printing the `ingest` and `coding` stage times of
# `analyse run --timings` and their time per turn. Linear means the time per turn stays flat.
#
#   bash benches/ingest_turns.sh [TURNS...]      (default 1000 10000 100000)
#
# ANALYSE_BIN=path uses that binary instead of building the release one.
# Everything is written to a scratch folder, never to the repository.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/analyse-target}"
[ -n "${ANALYSE_BIN:-}" ] || cargo build --release --quiet
analyse="${ANALYSE_BIN:-$CARGO_TARGET_DIR/release/analyse}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
[ "$#" -gt 0 ] || set -- 1000 10000 100000
echo "$(nproc) cores, load $(cut -d' ' -f1 /proc/loadavg)"
for turns in "$@"; do
    project="$work/t$turns"
    mkdir -p "$project/transcripts"
    cp -r benches/plain/codebooks benches/plain/analyse.toml "$project/"
    python3 - data-sample/transcripts "$project/transcripts/D1.txt" "$turns" <<'PY'
import pathlib, random, re, sys
source, target, n = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2]), int(sys.argv[3])
turns = {"I": [], "R": []}
for path in sorted(source.glob("*.txt")):
    for line in path.read_text(encoding="utf-8").splitlines():
        m = re.match(r"^(I|R):\s*(.+)$", line)
        if m:
            turns[m.group(1)].append(m.group(2))
rng = random.Random(20240501)
lines = [f"{'IR'[i % 2]}: {rng.choice(turns['IR'[i % 2]])}" for i in range(n)]
target.write_text("\n\n".join(lines) + "\n", encoding="utf-8")
PY
    bytes=$(stat -c %s "$project/transcripts/D1.txt")
    "$analyse" run --project "$project" --timings --quiet 2> "$work/timings" > /dev/null
    python3 - "$turns" "$bytes" "$work/timings" <<'PY'
import re, sys
turns, size, path = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
times = dict(re.findall(r"timing:\s+(\w+)\s+([\d.]+) s", open(path).read()))
line = f"{turns:>7} turns ({size / 1e6:5.1f} MB):"
for stage in ("ingest", "coding"):
    t = float(times.get(stage, "nan"))
    line += f"  {stage} {t:7.3f} s ({t / turns * 1e6:6.1f} µs/turn)"
print(line)
PY
done
