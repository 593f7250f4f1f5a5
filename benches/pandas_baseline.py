#!/usr/bin/env python3
"""What a researcher would write instead of analyse: pandas + re over the same transcripts and
the same regular expressions (benches/plain/codebooks/plain.yaml), computing the same kinds of
numbers: coding of respondents' turns, code frequencies (segments, documents), co-occurrence in
segments and documents, and saturation with 1,000 seeded permutations of the interview order.
benches/compare.sh times it beside `analyse run` and ripgrep.

usage: pandas_baseline.py CODEBOOK.yaml TRANSCRIPT_DIR OUT_DIR
"""
import pathlib
import re
import sys

import numpy as np
import pandas as pd

codebook, corpus, out = (pathlib.Path(a) for a in sys.argv[1:4])
out.mkdir(parents=True, exist_ok=True)

# The codebook's codes and regexes, read with re rather than a YAML parser (no extra package).
rules, code = [], None
for line in codebook.read_text(encoding="utf-8").splitlines():
    if m := re.match(r"^  - id: (\S+)", line):
        code = m.group(1)
    elif m := re.match(r"^      - regex: '(.*)'$", line):
        rules.append((code, re.compile(m.group(1).replace("''", "'"), re.IGNORECASE)))
codes = sorted({c for c, _ in rules})

# Respondents' turns: one row per turn.
rows = []
for path in sorted(corpus.glob("*.txt")):
    for n, turn in enumerate(re.split(r"\n\s*\n", path.read_text(encoding="utf-8"))):
        if turn.startswith("R:"):
            rows.append((path.stem, n, turn[2:].strip()))
turns = pd.DataFrame(rows, columns=["document", "segment", "text"])

# Coding: a code once per turn, when any of its rules matches.
for c in codes:
    patterns = [p for code_id, p in rules if code_id == c]
    turns[c] = turns["text"].map(lambda t, ps=patterns: any(p.search(t) for p in ps))
coded = turns.melt(id_vars=["document", "segment"], value_vars=codes, var_name="code", value_name="hit")
coded = coded[coded["hit"]].drop(columns="hit")
coded.to_csv(out / "coded_segments.csv", index=False)

# Frequencies.
freq = coded.groupby("code").agg(segments=("segment", "size"), documents=("document", "nunique"))
freq.to_csv(out / "code_frequencies.csv")

# Co-occurrence: same segment and same document.
m = turns[codes].to_numpy(dtype=np.int64)
segments = m.T @ m
by_doc = (turns.groupby("document")[codes].any()).to_numpy(dtype=np.int64)
documents = by_doc.T @ by_doc
pairs = [(a, b, segments[i, j], documents[i, j]) for i, a in enumerate(codes) for j, b in enumerate(codes) if i < j]
pd.DataFrame(pairs, columns=["code_a", "code_b", "segments", "documents"]).to_csv(out / "cooccurrence.csv", index=False)

# Saturation: new codes per document in file order, and 1,000 random orders.
def curve(order):
    seen = np.maximum.accumulate(by_doc[order] > 0, axis=0)
    return seen.sum(axis=1)

observed = curve(np.arange(len(by_doc)))
rng = np.random.default_rng(20240501)
perms = np.array([curve(rng.permutation(len(by_doc))) for _ in range(1000)])
pd.DataFrame(
    {
        "position": np.arange(1, len(by_doc) + 1),
        "cumulative_codes": observed,
        "perm_mean": perms.mean(axis=0),
        "perm_lo": np.percentile(perms, 2.5, axis=0),
        "perm_hi": np.percentile(perms, 97.5, axis=0),
    }
).to_csv(out / "saturation.csv", index=False)
print(f"{len(turns)} respondent turns, {len(coded)} codings", file=sys.stderr)
