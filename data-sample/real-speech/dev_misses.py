#!/usr/bin/env python3
"""Round 7 of issue 17: the development half's misses, with its own quotes taken out of the rules.

Since round 6 the `similar` rules of the sensitizing-concepts codebook carry the development
half's coded quotes as examples (each preceded by a `# Qnnn (...)` comment), so evaluated as
shipped the development half has almost no misses left to analyse. This script writes the
codebook without those quotes into a temporary project (the same transcripts), evaluates it
against the development half's gold only, and prints per concept the figures and the missed and
spurious quotes. It never reads the test half.

    python3 data-sample/real-speech/dev_misses.py --analyse target/debug/analyse

Python 3, standard library only.
"""

import argparse
import csv
import re
import subprocess
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
CONCEPTS = ["institutionele-logica", "grenzenwerk", "verantwoordelijkheid"]


def without_quotes(text):
    """The codebook with every `# Qnnn (...)` comment and the example line after it removed."""
    out, lines, i = [], text.split("\n"), 0
    while i < len(lines):
        if re.match(r"\s*# Q\d{3} \(", lines[i]):
            if lines[i + 1].rstrip().endswith("]"):
                # the last example of the list: close the list on the example before it
                j = len(out) - 1
                while out[j].strip().startswith("#"):
                    j -= 1
                out[j] = out[j].rstrip().rstrip(",") + "]"
            i += 2
            continue
        out.append(lines[i])
        i += 1
    return "\n".join(out)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--analyse", default=str(ROOT / "target/debug/analyse"))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        project = Path(tmp)
        codebook = (ROOT / "codebooks/sensitizing-concepts.yaml").read_text(encoding="utf-8")
        (project / "cb.yaml").write_text(without_quotes(codebook), encoding="utf-8")
        toml = (HERE / "analyse.toml").read_text(encoding="utf-8")
        toml = toml.replace("../../codebooks/sensitizing-concepts.yaml", "cb.yaml")
        (project / "analyse.toml").write_text(toml, encoding="utf-8")
        (project / "transcripts").symlink_to(HERE / "transcripts")
        (project / "respondents.csv").symlink_to(HERE / "respondents.csv")
        out = project / "out"
        subprocess.run([args.analyse, "evaluate", "--project", str(project), "--gold",
                        str(HERE / "gold/dev"), "--out", str(out)], check=True, capture_output=True)
        rows = {r["code"]: r for r in csv.DictReader(open(out / "evaluation/agreement.csv", encoding="utf-8"))}
        for c in CONCEPTS:
            r = rows[c]
            print(f"{c}: manual {r['manual_units']}, rules {r['rule_units']}, P {r['precision']}, R {r['recall']}")
        for d in csv.DictReader(open(out / "evaluation/disagreements.csv", encoding="utf-8")):
            if d["code"] in CONCEPTS:
                print(f"  {d['code']} {d['kind']} {d['document']} turn {d['segment']}: {d['evidence']}")
                print(f"    {d['text'][:300]}")


if __name__ == "__main__":
    main()
