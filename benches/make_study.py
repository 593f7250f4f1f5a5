#!/usr/bin/env python3
"""Writes a seeded benchmark study of at least N MB: transcripts of Dutch prose with `I:`/`R:`
turns, made by drawing the sample's own turns (data-sample/transcripts/*.txt) at random.

The same seed and size always give the same bytes, so every machine measures the same corpus.
Each transcript has 40-120 turns, alternating interviewer and respondent, about 50 KB; 100 MB
is about 2,000 transcripts.

usage: make_study.py SOURCE_DIR TARGET_DIR MEGABYTES [SEED]     (prints the size in bytes)
"""
import pathlib
import random
import re
import sys

source, target = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
megabytes = float(sys.argv[3])
seed = int(sys.argv[4]) if len(sys.argv) > 4 else 20240501
rng = random.Random(seed)
turns = {"I": [], "R": []}
for path in sorted(source.glob("*.txt")):
    for line in path.read_text(encoding="utf-8").splitlines():
        m = re.match(r"^(I|R):\s*(.+)$", line)
        if m:
            turns[m.group(1)].append(m.group(2))
if not turns["I"] or not turns["R"]:
    sys.exit(f"no I:/R: turns in the .txt transcripts of {source}")
target.mkdir(parents=True, exist_ok=True)
size, number = 0, 0
while size < megabytes * 1_000_000:
    number += 1
    lines = [f"Transcript interview S{number:05d}", ""]
    for k in range(rng.randint(40, 120)):
        # Respondents talk longer: one to four of the sample's turns joined.
        if k % 2 == 0:
            lines.append("I: " + rng.choice(turns["I"]))
        else:
            lines.append("R: " + " ".join(rng.choice(turns["R"]) for _ in range(rng.randint(1, 4))))
        lines.append("")
    data = "\n".join(lines).encode("utf-8")
    (target / f"S{number:05d}.txt").write_bytes(data)
    size += len(data)
print(size)
