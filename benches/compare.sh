#!/usr/bin/env bash
# One command, three times (issue 15): `analyse run` against a pandas + re script doing the same
# coding, frequencies, co-occurrence and 1,000-permutation saturation
# (benches/pandas_baseline.py), and against ripgrep scanning the same patterns
# (`rg -i -c -f patterns`), on one seeded corpus (benches/make_study.py); then `analyse run`
# with both shipped codebooks on the same corpus.
#
#   bash benches/compare.sh [MEGABYTES]       (default 100)
#
# ANALYSE_BIN=path uses that binary instead of building the release one.
# Needs: cargo, python3 with pandas and numpy (a venv is made under ~/.cache when they are
# missing), rg (Debian: ripgrep), GNU time (/usr/bin/time). Everything is written to a scratch
# folder, never to the repository.
set -euo pipefail
cd "$(dirname "$0")/.."
megabytes="${1:-100}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/analyse-target}"
[ -n "${ANALYSE_BIN:-}" ] || cargo build --release --quiet
analyse="${ANALYSE_BIN:-$CARGO_TARGET_DIR/release/analyse}"

python=python3
if ! python3 -c 'import pandas, numpy' 2> /dev/null; then
    venv="$HOME/.cache/analyse-bench-venv"
    [ -x "$venv/bin/python" ] || { python3 -m venv "$venv" && "$venv/bin/pip" install --quiet pandas numpy; }
    python="$venv/bin/python"
fi
command -v rg > /dev/null || { echo "compare.sh: ripgrep (rg) is not installed; apt-get install ripgrep" >&2; exit 1; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cp -r benches/plain "$work/plain"
size=$(python3 benches/make_study.py data-sample/transcripts "$work/plain/transcripts" "$megabytes")
mb=$(python3 -c "print(f'{$size / 1e6:.1f}')")
echo "corpus: $(ls "$work/plain/transcripts" | wc -l) transcripts, $mb MB, $(nproc) cores, load $(cut -d' ' -f1 /proc/loadavg)"
"$analyse" codebook export "$work/plain/codebooks/plain.yaml" --to patterns > "$work/patterns.txt"

# What a run wrote: total against the corpus, report.html and tables.xlsx, the largest files.
outputs() {
    local out="$1" label="$2"
    python3 - "$size" "$out" "$label" <<'PY'
import os, sys
size, out, label = float(sys.argv[1]), sys.argv[2], sys.argv[3]
files = [(os.path.getsize(os.path.join(d, f)), os.path.relpath(os.path.join(d, f), out))
         for d, _, fs in os.walk(out) for f in fs]
total = sum(s for s, _ in files)
sizes = dict((p, s) for s, p in files)
print(f"  {label}: wrote {total / 1e6:.1f} MB ({total / size:.2f}x the corpus, target <= 1.5x) in {len(files)} files;"
      f" report.html {sizes.get('report.html', 0) / 1e6:.1f} MB, tables.xlsx {sizes.get('tables.xlsx', 0) / 1e6:.1f} MB")
print("    largest: " + ", ".join(f"{p} {s / 1e6:.1f} MB" for s, p in sorted(files, reverse=True)[:5]))
PY
}

# wall seconds, max RSS and CPU seconds (user + system) of a command, as "S KB S"
measure() {
    /usr/bin/time -f "%e %M %U %S" -o "$work/time" "$@" > /dev/null 2> "$work/stderr" || { cat "$work/stderr" >&2; exit 1; }
    read -r wall rss user sys < "$work/time"
    echo "$wall $rss $(python3 -c "print(f'{$user + $sys:.2f}')")"
}
read -r t_analyse rss_analyse cpu_analyse < <(measure "$analyse" run --project "$work/plain" --quiet)
out_bytes=$(du -sb "$work/plain/out" | cut -f1)
read -r t_pandas rss_pandas cpu_pandas < <(measure "$python" benches/pandas_baseline.py "$work/plain/codebooks/plain.yaml" "$work/plain/transcripts" "$work/pandas")
read -r t_rg rss_rg cpu_rg < <(measure rg -i -c -f "$work/patterns.txt" "$work/plain/transcripts")

python3 - "$size" "$t_analyse" "$rss_analyse" "$out_bytes" "$t_pandas" "$rss_pandas" "$t_rg" "$rss_rg" \
    "$cpu_analyse" "$cpu_pandas" "$cpu_rg" <<'PY'
import sys
size, ta, ra, out, tp, rp, tr, rr, ca, cp, cr = (float(x) for x in sys.argv[1:])
print(f"15 plain regexes in 5 codes ({size / 1e6:.1f} MB), wall and max RSS:")
print(f"  analyse run (all stages)      {ta:7.2f} s  {ra / 1024:7.0f} MB RSS  wrote {out / 1e6:.1f} MB ({out / size:.2f}x the corpus)")
print(f"  pandas + re script            {tp:7.2f} s  {rp / 1024:7.0f} MB RSS  -> analyse is {tp / ta:.1f}x faster (target >= 10x)")
print(f"  rg -i -c -f patterns          {tr:7.2f} s  {rr / 1024:7.0f} MB RSS  -> analyse takes {ta / tr:.1f}x rg's time (target <= 2x)")
print(f"  CPU (user + system): analyse {ca:.2f} s, pandas + re {cp:.2f} s ({cp / ca:.1f}x), rg {cr:.2f} s ({ca / cr:.1f}x)")
PY
outputs "$work/plain/out" "plain patterns"

# The shipped codebooks on the same corpus.
mkdir -p "$work/shipped"
ln -s "$work/plain/transcripts" "$work/shipped/transcripts"
cp -r codebooks "$work/shipped/codebooks"
sed -e 's#codebooks/plain.yaml#codebooks/*.yaml#' "$work/plain/analyse.toml" > "$work/shipped/analyse.toml"
/usr/bin/time -f "%e %M %U %S" -o "$work/time" "$analyse" run --project "$work/shipped" --timings --quiet 2> "$work/timings" > /dev/null
read -r t_shipped rss_shipped u_shipped s_shipped < "$work/time"
echo "both shipped codebooks: analyse run ${t_shipped} s wall ($(python3 -c "print(f'{$u_shipped + $s_shipped:.1f}')") s CPU), $((rss_shipped / 1024)) MB RSS" \
    "($(python3 -c "print(f'{$rss_shipped * 1024 / $size:.2f}')")x the corpus, target <= 3x)"
grep -E "timing" "$work/timings" | sed 's/^/  /'
outputs "$work/shipped/out" "shipped codebooks"
