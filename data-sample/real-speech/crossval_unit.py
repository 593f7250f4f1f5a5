#!/usr/bin/env python3
"""Round 8 of issue 17: the development half's quotes as a `similar` rule of their own, scored
against whole turns (`per: unit`, `own_examples_only: true`), with the threshold chosen by
cross-validation inside the development half.

Round 6 put the development half's coded quotes among the examples of each concept's
`similar` rule, scored per sentence. Per unit they reached further held out, but then the
rule also compared whole sample turns with the code's one-sentence `example` and the
sentences written from the definitions, and coded long sample turns the manual coding does not
give the concept (docs/validity.md, round 6). A rule with `own_examples_only` compares a unit
with its own examples only: whole quotes of real speech against whole turns, like with like.

For each of the three main concepts the quotes the shipped codebook lists (round 6's
selection: every text of the concept's `similar` rules that is a quote of the development
gold) are moved out of the per-sentence rule into a new rule `per: unit` (or `sentence`, for
comparison), `own_examples_only: true`. Moving them changes nothing for the per-sentence rule:
a rule without `own_examples_only` compares with the examples of all its code's rules. Folds:
the quotes of chapter 3 as examples, measured on chapter 4, and the other way round (the
scratch codebook holds no quote of the held-out chapter anywhere); and both chapters' quotes on
the sample study's manual coding (in-sample), since the in-sample figures may not drop. The
test half (chapters 5-6) is never read, coded or printed here.

Variants per threshold (as in crossval_similar.py, whose helpers this script uses):
`with` (the shipped codebook with the new rule) and `alone` (only the new rule codes the three
concepts; every other `similar` rule kept at threshold 1.0, so the vocabulary stays the same).
Threshold 1.00 is the rule switched off: the round-7 codebook on that fold.

    python3 data-sample/real-speech/crossval_unit.py [--analyse target/debug/analyse]

writes `crossval_unit.csv` next to this script and prints, per concept and scoring unit, the
threshold of the best pooled held-out recall of the codebook with the rule, at a pooled
held-out precision of at least 0.6 and no lower than without the rule, and with no in-sample
figure of the concept lower than without the rule. Deterministic: same inputs, same file.
"""

import argparse
import csv
import io
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

import crossval_similar as cv

HERE = cv.HERE
ROOT = cv.ROOT
CONCEPTS = cv.CONCEPTS
# The codebook as it was before round 8 (main at its start), read from git so that the sweep
# gives the same file after round 8 shipped.
BASE_COMMIT = "f0a90d9bd51358ec36c6cf416666e636a5d6bc06"
THRESHOLDS = [round(0.05 * i, 2) for i in range(1, 8)] + [1.0]  # 0.05 … 0.35, and off
# (per, compares with, min_shared): the scoring unit, the rule's own examples or all the code's,
# and the stems a scored text must share with an example (None: the default, 1 per unit, 2 per
# sentence).
CONFIGS = [("unit", "own", None), ("unit", "own", 3), ("unit", "own", 4), ("unit", "code", None),
           ("unit", "code", 3), ("unit", "code", 4), ("sentence", "own", None), ("sentence", "own", 3)]


def dev_quotes():
    """Chapter -> concept -> the development gold's quotes of the concept."""
    return {ch: cv.gold_quotes(ch) for ch in (3, 4)}


def base_without_quotes(book, quotes):
    """The codebook with every development quote taken out of the concepts' `similar` rules;
    returns the concept -> chapter -> quotes it listed (round 6's selection)."""
    shipped = {c: {3: [], 4: []} for c in CONCEPTS}
    for code in book["codes"]:
        if code["id"] not in CONCEPTS:
            continue
        for rule in code.get("rules") or []:
            if "similar" not in rule:
                continue
            kept = []
            for text in rule["similar"]:
                chapter = next((ch for ch in (3, 4) if text in quotes[ch][code["id"]]), None)
                if chapter is None:
                    kept.append(text)
                else:
                    shipped[code["id"]][chapter].append(text)
            rule["similar"] = kept
    return shipped


def scratch(book, examples, threshold, config, alone):
    """The codebook (quotes taken out) with the concepts' new rules, as YAML text."""
    book = yaml.safe_load(yaml.safe_dump(book, allow_unicode=True))
    codes = book["codes"]
    in_concepts = set().union(*(cv.subtree(codes, c) for c in CONCEPTS))
    for code in codes:
        rules = code.get("rules") or []
        if alone:
            if code["id"] in in_concepts:
                rules = [dict(r, threshold=1.0) for r in rules if "similar" in r]
            else:
                rules = [r if "similar" not in r else dict(r, threshold=1.0) for r in rules]
        if code["id"] in CONCEPTS and examples[code["id"]]:
            per, compare, min_shared = config
            rule = {"similar": examples[code["id"]], "threshold": threshold, "per": per,
                    "stop_words": ["@vulwoorden"]}
            if compare == "own":
                rule["own_examples_only"] = True
            if min_shared:
                rule["min_shared"] = min_shared
            rules = rules + [rule]
        code["rules"] = rules
    return "# round-8 scratch codebook, written by crossval_unit.py\n" + yaml.safe_dump(
        book, allow_unicode=True, sort_keys=False, width=100)


def sweep(analyse, tmp):
    base = subprocess.run(["git", "-C", str(ROOT), "show", f"{BASE_COMMIT}:{cv.CODEBOOK}"], capture_output=True,
                          text=True, check=True).stdout
    book = yaml.safe_load(base)
    shipped = base_without_quotes(book, dev_quotes())
    for c in CONCEPTS:
        print(f"{c}: quotes listed {len(shipped[c][3])} (ch. 3) + {len(shipped[c][4])} (ch. 4)", file=sys.stderr)
    folds = [("H3->H4", {c: shipped[c][3] for c in CONCEPTS}, 4),
             ("H4->H3", {c: shipped[c][4] for c in CONCEPTS}, 3),
             ("H3+H4->sample", {c: shipped[c][3] + shipped[c][4] for c in CONCEPTS}, None)]
    rows = []
    for name, examples, chapter in folds:
        project = tmp / name.replace(">", "").replace("+", "")
        project.mkdir()
        codebook = project / "codebook.yaml"
        if chapter is None:
            toml = (ROOT / "analyse.toml").read_text(encoding="utf-8")
            toml = toml.replace('"codebooks/sensitizing-concepts.yaml"', f'"{codebook}"')
            toml = toml.replace('"data-sample/', f'"{ROOT}/data-sample/').replace('gold = [', "# gold = [")
            gold = ROOT / "data-sample" / "coded"
        else:
            toml = cv.project_toml([HERE / "transcripts" / f"H{chapter}.txt"], HERE / "respondents.csv", codebook)
            gold = HERE / "gold" / "dev" / f"H{chapter}.csv"
        (project / "analyse.toml").write_text(toml, encoding="utf-8")
        # Held out, the rule alone counts (the hand rules were written with both development
        # chapters in view, so the codebook with the rule finds nearly all of them anyway); on the
        # sample, the codebook with the rule (the in-sample figures may not drop).
        variant = "alone" if chapter else "with"
        for config in CONFIGS:
            for threshold in THRESHOLDS:
                codebook.write_text(scratch(book, examples, threshold, config, chapter is not None), encoding="utf-8")
                figures = cv.evaluate(analyse, project, gold)
                for c in CONCEPTS:
                    manual, rule, both = figures[c]
                    rows.append([name, label(config), f"{threshold:.2f}", variant, c, manual, rule, both,
                                 cv.ratio(both, rule), cv.ratio(both, manual)])
            print(f"{name} {label(config)} done", file=sys.stderr)
    return rows


def label(config):
    per, compare, min_shared = config
    return f"{per}/{compare}/{min_shared or 'default'}"


def pooled(rows, per, t, variant, c, folds):
    pick = [r for r in rows if r[0] in folds and r[1:5] == [per, t, variant, c]]
    return sum(r[5] for r in pick), sum(r[6] for r in pick), sum(r[7] for r in pick)


def choose(rows):
    """Per concept and scoring unit: the chosen threshold (see the module documentation)."""
    lines = []
    held = ("H3->H4", "H4->H3")
    for c in CONCEPTS:
        for config in map(label, CONFIGS):
            _, s_rule, s_both = pooled(rows, config, "1.00", "with", c, ("H3+H4->sample",))
            best = None
            for threshold in THRESHOLDS[:-1]:
                t = f"{threshold:.2f}"
                manual, rule, both = pooled(rows, config, t, "alone", c, held)
                _, i_rule, i_both = pooled(rows, config, t, "with", c, ("H3+H4->sample",))
                if not rule or both / rule < cv.MIN_PRECISION:
                    continue
                if i_both < s_both or i_both * s_rule < s_both * i_rule:  # in-sample R or P lower
                    continue
                if best is None or both >= best[1]:
                    best = (t, both, rule, manual)
            if best and best[1]:
                t, both, rule, manual = best
                lines.append(f"{c}, {config}: threshold {t}: the rule alone finds {both} of {manual} held out, "
                             f"{rule} coded (precision {both / rule:.2f}); no in-sample figure lower")
            else:
                lines.append(f"{c}, {config}: no threshold finds a held-out quote within the conditions")
    return lines


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--analyse", default=str(ROOT / "target" / "debug" / "analyse"))
    parser.add_argument("--out", default=str(HERE / "crossval_unit.csv"))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="crossval-unit-") as tmp:
        rows = sweep(args.analyse, Path(tmp))
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(["fold", "config", "threshold", "variant", "concept", "manual_units", "rule_units", "both",
                "precision", "recall"])
    w.writerows(rows)
    Path(args.out).write_text(out.getvalue(), encoding="utf-8")
    print("\n".join(choose(rows)))


if __name__ == "__main__":
    main()
