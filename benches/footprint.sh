#!/usr/bin/env bash
# What `analyse run` writes and holds (issue 15: output <= 1.5x and max RSS <= 3x the corpus),
# without the pandas and ripgrep runs of benches/compare.sh: the same seeded corpus
# (benches/make_study.py), run with the plain patterns and with both shipped codebooks; for
# each, max RSS and CPU time (GNU time), the peak memory after every stage (`--timings`),
# and what it wrote against the corpus with the five largest files.
#
#   bash benches/footprint.sh [MEGABYTES] [plain|shipped|both]     (default 100 both)
#
# ANALYSE_BIN=path measures that binary instead of building the release one; STUDY=dir keeps
# the generated study there (made once, reused) instead of a scratch folder.
set -euo pipefail
cd "$(dirname "$0")/.."
megabytes="${1:-100}"
which="${2:-both}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/analyse-target}"
[ -n "${ANALYSE_BIN:-}" ] || cargo build --release --quiet
analyse="${ANALYSE_BIN:-$CARGO_TARGET_DIR/release/analyse}"

if [ -n "${STUDY:-}" ]; then
    work="$STUDY"
    mkdir -p "$work"
else
    work="$(mktemp -d)"
    trap 'rm -rf "$work"' EXIT
fi
if [ ! -d "$work/plain/transcripts" ]; then
    cp -r benches/plain "$work/plain"
    python3 benches/make_study.py data-sample/transcripts "$work/plain/transcripts" "$megabytes" > /dev/null
    mkdir -p "$work/shipped"
    ln -s "$work/plain/transcripts" "$work/shipped/transcripts"
    cp -r codebooks "$work/shipped/codebooks"
    sed -e 's#codebooks/plain.yaml#codebooks/*.yaml#' "$work/plain/analyse.toml" > "$work/shipped/analyse.toml"
fi
size=$(cat "$work"/plain/transcripts/*.txt | wc -c)
echo "corpus: $(ls "$work/plain/transcripts" | wc -l) transcripts, $((size / 1000000)) MB; binary $analyse; load $(cut -d' ' -f1-3 /proc/loadavg)"

one() {
    local name="$1"
    rm -rf "$work/$name/out"
    /usr/bin/time -f "%e %M %U %S" -o "$work/time" "$analyse" run --project "$work/$name" --timings --quiet \
        2> "$work/timings" > /dev/null || { cat "$work/timings" >&2; exit 1; }
    python3 - "$size" "$work/$name/out" "$name" "$work/time" "$work/timings" <<'PY'
import os, sys
size, out, name = float(sys.argv[1]), sys.argv[2], sys.argv[3]
wall, rss, user, system = (float(x) for x in open(sys.argv[4]).read().split())
print(f"{name}: max RSS {rss / 1024:.0f} MB ({rss * 1024 / size:.2f}x the corpus, target <= 3x),"
      f" CPU {user + system:.1f} s (user + sys), wall {wall:.1f} s")
for line in open(sys.argv[5]):
    if "timing" in line or "peak" in line:
        print("  " + line.strip())
files = [(os.path.getsize(os.path.join(d, f)), os.path.relpath(os.path.join(d, f), out))
         for d, _, fs in os.walk(out) for f in fs]
total = sum(s for s, _ in files)
print(f"  wrote {total / 1e6:.1f} MB ({total / size:.2f}x the corpus, target <= 1.5x) in {len(files)} files")
print("  largest: " + ", ".join(f"{p} {s / 1e6:.1f} MB" for s, p in sorted(files, reverse=True)[:5]))
PY
}
[ "$which" = shipped ] || one plain
[ "$which" = plain ] || one shipped
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
