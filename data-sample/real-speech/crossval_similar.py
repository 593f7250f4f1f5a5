#!/usr/bin/env python3
"""Round 6 of issue 17: `similar` rules whose examples are the development half's own coded
quotes, with the threshold chosen by cross-validation inside the development half.

For each of the three main concepts (institutionele logica, grenzenwerk,
verantwoordelijkheid) a new `similar` rule is added to the codebook as it was before round 6, its examples the
quotes of one development chapter that the hand coding (gold/dev/H3.csv, H4.csv) gives the
concept. The threshold is swept and the rule measured with `analyse evaluate` on the *other*
development chapter only (examples from H3, measured on H4, and the other way round), in a
scratch project that holds nothing but that chapter's transcript. The test half (chapters 5-6)
is never read, coded or printed here.

A `similar` rule compares a unit with *every* example text of its code (the code's `example`
and the examples of all its `similar` rules), so the new rule is really the round-5 rule's
examples plus the quotes, at the swept threshold; the shipped codebook therefore lists the
quotes in the round-5 rule itself. Two variants per threshold, with the same example
collection (so the same TF-IDF weights):

- `with`: the shipped codebook plus the new rule: the concept's figures as they would ship;
- `alone`: only the new rule codes the three concepts (their other rules removed, the round-5
  `similar` rules kept but switched off with threshold 1.0; their examples still count): what
  the code's examples, quotes included, find on their own at the threshold.

And once more with the examples of both chapters, on the sample study's manual coding
(`data-sample/coded`, in-sample), since the in-sample figures may not drop.

    python3 data-sample/real-speech/crossval_similar.py [--analyse target/debug/analyse]

writes `crossval_similar.csv` next to this script (one row per fold, scoring unit, threshold,
variant and concept; the figures of `analyse evaluate`) and prints, per concept and scoring
unit, the threshold that gives the best held-out recall of the rule alone at a held-out
precision of at least 0.6 (both folds pooled). Deterministic: same inputs, same file.
Needs Python 3 with PyYAML (python3-yaml) to write the scratch codebooks.
"""

import argparse
import csv
import io
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
CODEBOOK = "codebooks/sensitizing-concepts.yaml"
# The codebook as it was before round 6 (main at the start of round 6): the rounds' rules
# without the quotes, read from git so that the sweep gives the same file after round 6 shipped.
BASE_COMMIT = "a633fdf3826413f71b00c604bd3ee0ab2a4ec446"
CONCEPTS = ["institutionele-logica", "grenzenwerk", "verantwoordelijkheid"]
THRESHOLDS = [round(0.05 * i, 2) for i in range(2, 13)]  # 0.10 … 0.60
# (examples, per): whole quotes scored against whole units or sentence by sentence, and the
# quotes cut into sentences (each its own example) scored sentence by sentence.
VARIANTS = [("quotes", "unit"), ("quotes", "sentence"), ("sentences", "sentence")]
MIN_PRECISION = 0.6
# The rule a scratch codebook adds; marked so that a reader of a scratch file sees it.
MARK = "round-6"


def gold_quotes(chapter):
    """Concept -> the texts of the quotes the hand coding of a development chapter gives it."""
    quotes = {c: [] for c in CONCEPTS}
    with open(HERE / "gold" / "dev" / f"H{chapter}.csv", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row["code"] in quotes:
                quotes[row["code"]].append(row["text"])
    return quotes


def sentences(quotes):
    """Each quote cut into its sentences: after . ? ! (and a closing quote mark or bracket)
    where white space and an opening capital, quote mark or bracket follow."""
    cut = re.compile(r"(?<=[.?!])[’'\]\)]?\s+(?=[A-Z‘“\[(])")
    return [s.strip() for q in quotes for s in cut.split(q) if s.strip()]


def subtree(codes, root):
    """The ids of a code and all its descendants."""
    ids = {root}
    grew = True
    while grew:
        grew = False
        for c in codes:
            if c.get("parent") in ids and c["id"] not in ids:
                ids.add(c["id"])
                grew = True
    return ids


def scratch_codebook(base, examples, threshold, per, alone):
    """The shipped codebook with a `similar` rule per concept whose examples are `examples`,
    all at one threshold and scoring unit."""
    return scratch_codebook_with(base, examples, {c: (threshold, per) for c in CONCEPTS}, alone)


def scratch_codebook_with(base, examples, settings, alone):
    """The shipped codebook with a `similar` rule per concept whose examples are `examples`, at
    the concept's (threshold, per) in `settings`.
    With `alone`, the concepts' other rules are removed and every other `similar` rule is
    switched off (threshold 1.0) but kept, so the example collection stays the same."""
    book = yaml.safe_load(base)
    codes = book["codes"]
    in_concepts = set().union(*(subtree(codes, c) for c in CONCEPTS))
    for code in codes:
        rules = code.get("rules") or []
        if alone:
            if code["id"] in in_concepts:
                rules = [dict(r, threshold=1.0) for r in rules if "similar" in r]
            else:
                rules = [r if "similar" not in r else dict(r, threshold=1.0) for r in rules]
        if code["id"] in CONCEPTS and examples[code["id"]]:
            rules = rules + [
                {
                    "similar": examples[code["id"]],
                    "threshold": settings[code["id"]][0],
                    "per": settings[code["id"]][1],
                    "stop_words": ["@vulwoorden"],
                }
            ]
        code["rules"] = rules
    return f"# {MARK} scratch codebook, written by crossval_similar.py\n" + yaml.safe_dump(
        book, allow_unicode=True, sort_keys=False, width=100
    )


def project_toml(transcripts, respondents, codebook, extra=""):
    quote = lambda p: '"' + str(p).replace("\\", "\\\\") + '"'
    return (
        '[project]\ntitle = "scratch"\nlanguage = "nl"\n\n[sources]\n'
        f"transcripts = [{', '.join(quote(t) for t in transcripts)}]\n"
        f"respondents = {quote(respondents)}\n{extra}\n"
        f'[coding]\ncodebooks = [{quote(codebook)}]\nunit = "turn"\nspeakers = "respondent"\n\n'
        '[output]\ndir = "notebooks-out"\n'
    )


def evaluate(analyse, project, gold):
    """Per concept: manual units, rule units, units in both, as `analyse evaluate` counts them."""
    out = project / "evaluation-out"
    if out.exists():
        shutil.rmtree(out)
    done = subprocess.run(
        [analyse, "evaluate", "--project", str(project), "--gold", str(gold), "--out", str(out)],
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        sys.exit(f"analyse evaluate failed on {project}: {done.stderr.strip()}")
    with open(out / "evaluation" / "agreement.csv", encoding="utf-8") as f:
        rows = {r["code"]: r for r in csv.DictReader(f)}
    return {c: (int(rows[c]["manual_units"]), int(rows[c]["rule_units"]), int(rows[c]["both"])) for c in CONCEPTS}


def ratio(a, b):
    return f"{a / b:.4f}" if b else ""


def folds():
    """(name, examples, project kind, held-out chapter or None for the sample)."""
    h3, h4 = gold_quotes(3), gold_quotes(4)
    both = {c: h3[c] + h4[c] for c in CONCEPTS}
    return [("H3->H4", h3, 4), ("H4->H3", h4, 3), ("H3+H4->sample", both, None)]


def as_examples(quotes, kind):
    """The examples of each concept: whole quotes, or their sentences."""
    return {c: (q if kind == "quotes" else sentences(q)) for c, q in quotes.items()}


def sweep(analyse, scratch):
    base = subprocess.run(["git", "-C", str(ROOT), "show", f"{BASE_COMMIT}:{CODEBOOK}"], capture_output=True,
                          text=True, check=True).stdout
    rows = []
    for name, examples, chapter in folds():
        project = scratch / name.replace(">", "").replace("+", "")
        project.mkdir()
        codebook = project / "codebook.yaml"
        if chapter is None:
            toml = (ROOT / "analyse.toml").read_text(encoding="utf-8")
            toml = toml.replace('"codebooks/sensitizing-concepts.yaml"', f'"{codebook}"')
            toml = toml.replace('"data-sample/', f'"{ROOT}/data-sample/')
            toml = toml.replace('gold = [', "# gold = [")
            gold = ROOT / "data-sample" / "coded"
        else:
            toml = project_toml([HERE / "transcripts" / f"H{chapter}.txt"], HERE / "respondents.csv", codebook)
            gold = HERE / "gold" / "dev" / f"H{chapter}.csv"
        (project / "analyse.toml").write_text(toml, encoding="utf-8")
        for kind, per in VARIANTS:
            for threshold in THRESHOLDS:
                for variant in ["with", "alone"]:
                    text = scratch_codebook(base, as_examples(examples, kind), threshold, per, variant == "alone")
                    codebook.write_text(text, encoding="utf-8")
                    figures = evaluate(analyse, project, gold)
                    for c in CONCEPTS:
                        manual, rule, both = figures[c]
                        rows.append([name, kind, per, f"{threshold:.2f}", variant, c, manual, rule, both,
                                     ratio(both, rule), ratio(both, manual)])
                print(f"{name} {kind} per {per} threshold {threshold:.2f}", file=sys.stderr)
    return rows


def choose(rows):
    """Per concept and scoring unit: the threshold of best pooled held-out recall of the rule
    alone at pooled held-out precision >= 0.6 (of equal recall, the higher threshold)."""
    lines = []
    for c in CONCEPTS:
        for kind, per in VARIANTS:
            best = None
            for threshold in THRESHOLDS:
                t = f"{threshold:.2f}"
                pick = [r for r in rows if r[0] in ("H3->H4", "H4->H3") and r[1:4] == [kind, per, t]
                        and r[4] == "alone" and r[5] == c]
                manual = sum(r[6] for r in pick)
                rule = sum(r[7] for r in pick)
                both = sum(r[8] for r in pick)
                if rule and both / rule >= MIN_PRECISION and (best is None or both >= best[1]):
                    best = (t, both, rule, manual)
            if best:
                t, both, rule, manual = best
                lines.append(f"{c}, {kind} per {per}: threshold {t}: held out {both} of {manual} found, "
                             f"{rule} coded (precision {both / rule:.2f})")
            else:
                lines.append(f"{c}, {kind} per {per}: no threshold reaches precision {MIN_PRECISION}")
    return lines


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--analyse", default=str(ROOT / "target" / "debug" / "analyse"),
                        help="the analyse binary (default: target/debug/analyse)")
    parser.add_argument("--out", default=str(HERE / "crossval_similar.csv"), help="the CSV to write")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="crossval-similar-") as scratch:
        rows = sweep(args.analyse, Path(scratch))
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(["fold", "examples", "per", "threshold", "variant", "concept", "manual_units", "rule_units", "both",
                "precision", "recall"])
    w.writerows(rows)
    Path(args.out).write_text(out.getvalue(), encoding="utf-8")
    print("\n".join(choose(rows)))


if __name__ == "__main__":
    main()
