#!/usr/bin/env python3
"""Writes a benchmark corpus of at least N MB: the sample's .txt transcripts copied under new
ids (B<copy>_<id>.txt) in a fixed order, so every run measures the same bytes.

usage: make_corpus.py SOURCE_DIR TARGET_DIR MEGABYTES
"""
import pathlib
import sys

source, target, megabytes = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2]), int(sys.argv[3])
files = sorted(source.glob("*.txt"))
if not files:
    sys.exit(f"no .txt transcripts in {source}")
texts = [(f.stem, f.read_bytes()) for f in files]
target.mkdir(parents=True, exist_ok=True)
size, copy = 0, 0
while size < megabytes * 1_000_000:
    copy += 1
    for stem, data in texts:
        (target / f"B{copy}_{stem}.txt").write_bytes(data)
        size += len(data)
print(size)
