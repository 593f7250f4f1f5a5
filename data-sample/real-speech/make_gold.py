#!/usr/bin/env python3
"""Write the gold CSVs of the real-speech set from the hand coding in gold/coding-notes.csv.

The coding itself is `gold/coding-notes.csv`: one row per quote with the concepts a person
gave it (semicolon-separated code ids of codebooks/sensitizing-concepts.yaml, empty when the
quote carries none of them) and a note saying why. This script only turns it into the format
`analyse evaluate --gold` reads (document,start,end,code,coder,text; offsets in code points of
the transcript), one file per chapter, in `gold/dev/` (chapters 3-4) or `gold/test/`
(chapters 5-6) as `respondents.csv` assigns them. The fragment is the whole quote: the unit of
comparison is the turn, and every quote is one turn.

    python3 data-sample/real-speech/make_gold.py           # write
    python3 data-sample/real-speech/make_gold.py --check   # compare, write nothing

Python 3 standard library only.
"""

import csv
import io
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
CODER = "coder-a"


def turns(text):
    """Quote id -> (start, end) of its text, in code points."""
    spans = {}
    for m in re.finditer(r"^(Q\d{3}): (.*)$", text, flags=re.M):
        spans[m.group(1)] = (m.start(2), m.end(2))
    return spans


def outputs():
    respondents = {r["id"]: r for r in csv.DictReader(open(HERE / "respondents.csv", encoding="utf-8"))}
    notes = list(csv.DictReader(open(HERE / "gold" / "coding-notes.csv", encoding="utf-8")))
    assert [n["id"] for n in notes] == list(respondents), "coding-notes.csv must list every quote, in order"
    files = {}
    for chapter in sorted({r["chapter"] for r in respondents.values()}):
        text = (HERE / "transcripts" / f"H{chapter}.txt").read_text(encoding="utf-8")
        spans = turns(text)
        rows = []
        for n in notes:
            if respondents[n["id"]]["chapter"] != chapter:
                continue
            start, end = spans[n["id"]]
            for code in filter(None, n["codes"].split(";")):
                rows.append([f"H{chapter}", start, end, code, CODER, text[start:end]])
        half = {r["half"] for r in respondents.values() if r["chapter"] == chapter}
        assert len(half) == 1
        out = io.StringIO()
        w = csv.writer(out, lineterminator="\n")
        w.writerow(["document", "start", "end", "code", "coder", "text"])
        w.writerows(rows)
        files[f"gold/{half.pop()}/H{chapter}.csv"] = out.getvalue()
    return files


def main():
    check = "--check" in sys.argv[1:]
    differing = []
    for rel, content in sorted(outputs().items()):
        path = HERE / rel
        if check:
            if not path.exists() or path.read_text(encoding="utf-8") != content:
                differing.append(rel)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content.encode("utf-8"))
    if differing:
        sys.exit("differ from gold/coding-notes.csv: " + ", ".join(differing))
    print("gold files " + ("match" if check else "written"))


if __name__ == "__main__":
    main()
