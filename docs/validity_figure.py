#!/usr/bin/env python3
"""Draw docs/validity-pr.svg: precision and recall per concept, in-sample versus unseen speech.

Reads docs/validity.csv (written from the `analyse evaluate` outputs listed in docs/validity.md)
and writes a plain SVG with the standard library only, so that it can be redrawn anywhere:

    python3 docs/validity_figure.py
"""

import csv
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROWS = list(csv.DictReader(open(HERE / "validity.csv", encoding="utf-8")))
SETS = [("in-sample", "in-sample (sample interviews, 8 coded)"), ("test", "unseen (real speech, test half)")]
COLOURS = {("in-sample", "precision"): "#0072B2", ("in-sample", "recall"): "#56B4E9",
           ("test", "precision"): "#D55E00", ("test", "recall"): "#E69F00"}

concepts = []
for r in ROWS:
    if r["concept"] not in concepts:
        concepts.append(r["concept"])
value = {(r["concept"], r["set"], m): r[m] for r in ROWS for m in ("precision", "recall")}

W, H, LEFT, TOP, BOTTOM = 980, 430, 60, 40, 120
plot_w, plot_h = W - LEFT - 20, H - TOP - BOTTOM
group = plot_w / len(concepts)
bar = group / 5.5
out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" font-family="sans-serif" font-size="12">',
       f'<rect width="{W}" height="{H}" fill="white"/>',
       f'<text x="{LEFT}" y="22" font-size="15">Precision and recall per concept: in-sample versus unseen speech (unit = turn)</text>']
for k in range(0, 11, 2):
    y = TOP + plot_h - plot_h * k / 10
    out.append(f'<line x1="{LEFT}" y1="{y:.1f}" x2="{W - 20}" y2="{y:.1f}" stroke="#dddddd"/>')
    out.append(f'<text x="{LEFT - 8}" y="{y + 4:.1f}" text-anchor="end">{k / 10:.1f}</text>')
for i, c in enumerate(concepts):
    x0 = LEFT + i * group + bar * 0.5
    j = 0
    for s, _ in SETS:
        for m in ("precision", "recall"):
            v = value.get((c, s, m), "")
            x = x0 + j * bar
            if v != "":
                h = plot_h * float(v)
                out.append(f'<rect x="{x:.1f}" y="{TOP + plot_h - h:.1f}" width="{bar * 0.9:.1f}" height="{h:.1f}" fill="{COLOURS[(s, m)]}"/>')
            else:
                out.append(f'<text x="{x + bar * 0.45:.1f}" y="{TOP + plot_h - 4:.1f}" text-anchor="middle" font-size="9">n/a</text>')
            j += 1
    label_x = LEFT + i * group + group / 2
    out.append(f'<text x="{label_x:.1f}" y="{TOP + plot_h + 16}" text-anchor="end" transform="rotate(-30 {label_x:.1f} {TOP + plot_h + 16})">{c}</text>')
ly = H - 22
lx = LEFT
for s, name in SETS:
    for m in ("precision", "recall"):
        out.append(f'<rect x="{lx}" y="{ly - 10}" width="12" height="12" fill="{COLOURS[(s, m)]}"/>')
        out.append(f'<text x="{lx + 16}" y="{ly}">{m}, {name}</text>')
        lx += 230
out.append("</svg>")
(HERE / "validity-pr.svg").write_text("\n".join(out) + "\n", encoding="utf-8")
print("wrote docs/validity-pr.svg")
