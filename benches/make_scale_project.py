#!/usr/bin/env python3
"""Writes a synthetic project for the analysis scale benchmark: D documents, C codes (a tree of
C/10 main codes with 9 sub-codes each), and T respondent turns per document, so that D * T
segments are coded. Every code has one rule matching one made-up word (`kodeNNN`); each
respondent turn mentions 0-3 of them, drawn with a skewed (Zipf-like) weight so that some codes
are common and some rare, as in real studies. Seeded: the same arguments give the same bytes.

usage: make_scale_project.py TARGET_DIR [DOCUMENTS=500] [CODES=300] [TURNS=2000] [PERMUTATIONS=10000]
"""
import pathlib
import random
import sys

target = pathlib.Path(sys.argv[1])
documents = int(sys.argv[2]) if len(sys.argv) > 2 else 500
codes = int(sys.argv[3]) if len(sys.argv) > 3 else 300
turns = int(sys.argv[4]) if len(sys.argv) > 4 else 2000
permutations = int(sys.argv[5]) if len(sys.argv) > 5 else 10000
rng = random.Random(20240501)

(target / "transcripts").mkdir(parents=True, exist_ok=True)
(target / "codebooks").mkdir(parents=True, exist_ok=True)

lines = ["codebook:", "  id: scale", "  label: Scale benchmark", "codes:"]
for c in range(codes):
    lines.append(f"  - id: c{c:03d}")
    if c % 10 != 0:
        lines.append(f"    parent: c{c - c % 10:03d}")
    lines.append("    rules:")
    lines.append(f"      - terms: [kode{c:03d}]")
(target / "codebooks" / "scale.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")

weights = [1.0 / (1 + c) ** 0.8 for c in range(codes)]
ids = list(range(codes))
respondents = ["id,role,domain,organisation_type,profession,interview_date"]
for d in range(documents):
    role = ["expert", "professional", "zorgvrager"][d % 3]
    domain = ["zorgdomein", "buiten de zorg"][d % 2]
    org = ["vg-instelling", "ggz-instelling", "gemeente", "reclassering"][d % 4]
    prof = ["begeleider", "manager", "consulent"][(d // 4) % 3]
    respondents.append(f"D{d + 1},{role},{domain},{org},{prof},2024-{1 + d % 12:02d}-{1 + d % 28:02d}")
    out = []
    for t in range(turns):
        out.append("I: En verder?")
        k = rng.choices([0, 1, 2, 3], weights=[4, 3, 2, 1])[0]
        words = [f"kode{c:03d}" for c in rng.choices(ids, weights=weights, k=k)]
        out.append("R: " + " en ".join(["dat"] + words) + ".")
    (target / "transcripts" / f"D{d + 1}.txt").write_text("\n".join(out) + "\n", encoding="utf-8")
(target / "respondents.csv").write_text("\n".join(respondents) + "\n", encoding="utf-8")

(target / "analyse.toml").write_text(f"""[sources]
transcripts = ["transcripts/*.txt"]
respondents = "respondents.csv"

[coding]
codebooks = ["codebooks/scale.yaml"]

[analysis]
groups = ["role", "domain"]
permutations = {permutations}
cooccurrence_window = 2

[output]
dir = "out"
""", encoding="utf-8")
print(documents * turns)
