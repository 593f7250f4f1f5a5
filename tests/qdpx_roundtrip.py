#!/usr/bin/env python3
"""Independent check of `analyse export qdpx` (run by tests/qdpx_check.sh).

1. project.qde is validated against the REFI-QDA Project schema (tests/refi-qda/Project.xsd,
   REFI's Project-mrt2019 XSD, MIT licence) with lxml.
2. The .qdpx is read back with pyrefiqda (a PyPI REFI-QDA reader, not written by us), and with
   a second reader here (zipfile + ElementTree), and compared with the project's own inputs:
   - codes: the labels and parents of the codebook (from `analyse codebook export --to csv`);
   - sources: one per transcript, named after it, text from sources/<GUID>.txt;
   - manual selections: exactly the rows of the hand-made gold CSVs (document, start, end,
     code, coder), and the text at each selection equal to the gold `text` column;
   - rule selections: exactly the rule rows of tables/coded_segments.csv of `analyse run`,
     the text at each selection equal to that table's `text` column.
Offsets are code points, end exclusive, as REFI-QDA (and Python str slicing) count them.

usage: qdpx_roundtrip.py FILE.qdpx XSD CODEBOOK.csv CODED_SEGMENTS.csv GOLD.csv...
"""
import csv
import os
import sys
import tempfile
import zipfile
import xml.etree.ElementTree as ET

NS = "{urn:QDA-XML:project:1.0}"
failures = []


def check(condition, message):
    if not condition:
        failures.append(message)


def validate(qde_bytes, xsd_path):
    from lxml import etree

    schema = etree.XMLSchema(etree.parse(xsd_path))
    doc = etree.fromstring(qde_bytes)
    if not schema.validate(doc):
        for error in list(schema.error_log)[:10]:
            failures.append(f"schema: line {error.line}: {error.message}")
    print(f"schema: {'valid' if schema.validate(doc) else 'INVALID'} against {os.path.basename(xsd_path)}")


def read_with_pyrefiqda(path):
    """Selections as (source name, start, end, code guid, user guid) with the source texts."""
    from pyrefiqda import RefiProject

    with tempfile.TemporaryDirectory() as extract:
        project = RefiProject.load(path, extract_dir=extract)
        codes = {}

        def walk(code, parent):
            codes[code.guid] = (code.name, parent)
            for child in code.code:
                walk(child, code.name)

        for code in project.code_book.codes.code:
            walk(code, None)
        users = {u.guid: u.name for u in project.users.user}
        texts, selections = {}, set()
        for source in project.sources.text_source:
            inner = source.plain_text_path.removeprefix("internal://")
            with open(os.path.join(extract, "sources", inner), encoding="utf-8") as f:
                texts[source.name] = f.read()
            for sel in source.plain_text_selection:
                for coding in sel.coding:
                    selections.add((source.name, sel.start_position, sel.end_position,
                                    coding.code_ref.target_guid, users[coding.creating_user or sel.creating_user]))
        return codes, texts, selections


def read_with_stdlib(path):
    with zipfile.ZipFile(path) as z:
        root = ET.fromstring(z.read("project.qde"))
        codes = {}

        def walk(el, parent):
            for code in el.findall(NS + "Code"):
                codes[code.get("guid")] = (code.get("name"), parent)
                walk(code, code.get("name"))

        walk(root.find(f"{NS}CodeBook/{NS}Codes"), None)
        users = {u.get("guid"): u.get("name") for u in root.iter(NS + "User")}
        texts, selections = {}, set()
        for source in root.iter(NS + "TextSource"):
            inner = source.get("plainTextPath").removeprefix("internal://")
            texts[source.get("name")] = z.read("sources/" + inner).decode("utf-8")
            for sel in source.findall(NS + "PlainTextSelection"):
                for coding in sel.findall(NS + "Coding"):
                    selections.add((source.get("name"), int(sel.get("startPosition")), int(sel.get("endPosition")),
                                    coding.find(NS + "CodeRef").get("targetGUID"), users[coding.get("creatingUser")]))
        return codes, texts, selections, z.read("project.qde")


def main():
    qdpx, xsd, codebook_csv, segments_csv, *gold = sys.argv[1:]
    codes_b, texts_b, selections_b, qde = read_with_stdlib(qdpx)
    validate(qde, xsd)
    codes_a, texts_a, selections_a = read_with_pyrefiqda(qdpx)
    check(codes_a == codes_b and texts_a == texts_b and selections_a == selections_b,
          "pyrefiqda and the standard-library reader disagree")

    with open(codebook_csv, encoding="utf-8") as f:
        book = list(csv.DictReader(f))
    label_of = {row["code"]: row["label"] for row in book}
    expected_codes = sorted((row["label"], label_of.get(row["parent"])) for row in book)
    check(sorted(codes_a.values()) == expected_codes,
          f"codes differ: {len(codes_a)} read, {len(expected_codes)} in the codebook")
    name_of_guid = {guid: name for guid, (name, _) in codes_a.items()}

    # Expected selections: gold rows (manual) and rule rows of coded_segments.
    expected, expected_text = set(), {}
    for path in gold:
        with open(path, encoding="utf-8-sig") as f:
            for row in csv.DictReader(f):
                key = (row["document"], int(row["start"]), int(row["end"]), label_of[row["code"]], row["coder"])
                expected.add(key)
                expected_text[key] = row.get("text")
    with open(segments_csv, encoding="utf-8") as f:
        rule_rows = [r for r in csv.DictReader(f) if r["source"] == "rule"]
    rule_coders = {s[4] for s in selections_a if s[4].startswith("analyse:")}
    check(len(rule_coders) == 1, f"expected one rule coder, found {sorted(rule_coders)}")
    rule_coder = next(iter(rule_coders), "")
    for r in rule_rows:
        key = (r["document"], int(r["start"]), int(r["end"]), label_of[r["code"]], rule_coder)
        expected.add(key)
        expected_text[key] = r["text"]
    got = {(doc, s, e, name_of_guid[g], user) for doc, s, e, g, user in selections_a}
    missing, extra = expected - got, got - expected
    check(not missing, f"{len(missing)} selections missing, e.g. {sorted(missing)[:3]}")
    check(not extra, f"{len(extra)} selections not in the project, e.g. {sorted(extra)[:3]}")
    wrong_text = [k for k in got & expected if expected_text.get(k) and texts_a[k[0]][k[1]:k[2]] != expected_text[k]]
    check(not wrong_text, f"{len(wrong_text)} selections whose text differs, e.g. {wrong_text[:3]}")
    print(f"read back {len(texts_a)} sources, {len(codes_a)} codes, {len(got)} selections "
          f"({len(got & expected)} as expected, text checked for {sum(1 for k in got & expected if expected_text.get(k))})")
    if failures:
        for m in failures:
            print("FAIL:", m, file=sys.stderr)
        sys.exit(1)
    print("qdpx round trip: ok")


if __name__ == "__main__":
    main()
