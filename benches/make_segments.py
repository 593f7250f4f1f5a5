#!/usr/bin/env python3
"""Writes a MAXQDA-style coded-segments CSV for the transcripts in a folder: per transcript, K
fragments of whole lines (seeded, so every run measures the same input), with their line
breaks turned into single spaces as MAXQDA's export does, and Beginning/End as paragraph
numbers (unusable as offsets: the importer has to locate every fragment by its text).

usage: make_segments.py TRANSCRIPT_DIR K OUT.csv
"""
import csv
import pathlib
import random
import sys

folder, per_doc, out = pathlib.Path(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
rng = random.Random(20240501)
with open(out, "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f)
    w.writerow(["Color", "Document group", "Document name", "Code", "Beginning", "End", "Weight score", "Segment", "Created by"])
    for path in sorted(folder.glob("*.txt")):
        lines = [l for l in path.read_text(encoding="utf-8").split("\n") if l.strip()]
        for _ in range(per_doc):
            i = rng.randrange(len(lines))
            n = rng.randint(1, 3)
            fragment = " ".join(l.strip() for l in lines[i:i + n])
            w.writerow(["#ff0000", "bench", path.stem, "Bench\\Fragment", i + 1, i + n, 0, fragment, "bench"])
