#!/usr/bin/env python3
"""Extract the verbatim quotes of care professionals from the Trimbos report into a project.

The report (`../shared/corpus/001_2ec01301160aa74b.txt`, text extracted from the PDF) is not
part of the repository; its quotes are, so that tests and users can run the rule coding on
real speech the rules were not written from. This script rebuilds exactly the committed files
from the report, so anyone with the report can check that the quotes are the report's own:

    python3 data-sample/real-speech/extract_quotes.py            # write the files
    python3 data-sample/real-speech/extract_quotes.py --check    # compare, write nothing

What counts as a quote of a professional:

* a block quote: a line that starts with an opening quotation mark (“, or the report's stray
  ” at one place), running to the first closing mark (” or ’’) that ends a line or is followed
  by a parenthesised attribution; the attribution is that parenthesis or the first non-empty
  line after the quote when it is one, e.g. `(GZ Psycholoog – vgz-instelling)`;
* an inline quote only when an attribution in parentheses follows the closing mark directly
  (one place in chapter 6); inline quotes without an attribution are the report's paraphrase
  and are left out;
* a handful of places the layout broke are listed in FIXES below, each with its reason;
* quotes of clients and relatives (`Cliënt 1`, `Moeder van cliënt 2`) and quotes of documents
  (`Uit: notitie …`, the centre writing about its values) are not professionals' speech and are
  left out.

A quote's text is the report's text between the quotation marks with the PDF layout undone:
lines joined with one space, page headers (`38Trimbos-instituut`) and blank lines inside the
quote dropped, a word hyphenated at a line end rejoined (`trauma-` + `verwerking`), except
after an abbreviation such as `ggz-`, which keeps its hyphen. Nothing else is changed: the
report's own insertions such as `[ggz]`, `(…)` and `[…]` stay.

Output (all in this folder, UTF-8, `\n` line ends, sorted and without timestamps, so the same
report gives the same bytes):

* `transcripts/H3.txt` … `H6.txt`: one transcript per chapter of the report, each quote a turn
  of its own, labelled with the quote's id (`Q001: …`);
* `respondents.csv`: one row per quote (id = speaker of the turn): role and organisation type
  from the attribution, the attribution as printed, chapter, section, the report lines and the
  half of the validation split (`dev` or `test`, see docs/validity.md);
* `quotes.csv`: the same with the quote's text, for reading and checking.

Python 3 standard library only.
"""

import argparse
import csv
import hashlib
import io
import re
import sys
import unicodedata
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
DEFAULT_REPORT = REPO.parent / "shared" / "corpus" / "001_2ec01301160aa74b.txt"

# The edition of the report this script was written against. Line numbers in FIXES refer to it;
# another edition must be checked by hand before the script is trusted on it.
REPORT_SHA256 = "465f73625c3b998ab0e31c342a5336a0f8ff7613cb3ebeaf6b7e82e4f0ffd8fa"

# Chapters with quotes and the half of the validation split each belongs to (docs/validity.md:
# chapters 3 and 4 are the development half, 5 and 6 the held-out test half).
HALF = {3: "dev", 4: "dev", 5: "test", 6: "test"}

OPENERS = "“”"  # the report opens one quote with ” by mistake (line 3086)
CLOSERS = ("”", "’’")

# Places where the extracted layout hides a quote's boundaries or its speaker. Keys are 1-based
# line numbers of the pinned edition.
FIXES = {
    # A block quote whose opening mark was lost: it starts on this line.
    "start_without_mark": {2403: "the quote under 'Bijscholing over en weer' has no opening “"},
    # Block quotes printed without an attribution, introduced in the running text instead.
    "speaker_in_text": {
        1491: ("(een van de geïnterviewden)", "", "introduced as 'Een van de geïnterviewden formuleert het als volgt'"),
        1500: ("(een van de geïnterviewden)", "", "follows the previous quote in the same passage"),
        1818: ("(medewerker - vgz-instelling)", "vgz", "introduced as 'Een geïnterviewde medewerker van een vgz-instelling'"),
        2761: ("(een van de betrokkenen)", "", "introduced as the ambition of 'een aantal betrokkenen'"),
    },
    # Block quotes that are not speech of a professional.
    "not_speech": {
        1946: "a quote from a written note of the network organisation ('Uit: notitie …')",
        2899: "the centre's own text about its values ('Over haar waarden schrijft het centrum')",
    },
}

# Speakers who are not professionals.
NOT_PROFESSIONAL = re.compile(r"^\((?:Cliënt|Moeder van|Uit:)", re.IGNORECASE)

# A hyphen at a line end after one of these stays (`ggz-` + `instelling`); after any other
# word part it was put there by the typesetter and goes (`trauma-` + `verwerking`).
KEEP_HYPHEN_AFTER = {"vgz", "ggz", "vg", "lvb", "avg", "gz", "wlz", "wmo", "zzp", "fact", "emdr", "evb", "hic", "b"}

PAGE_HEADER = re.compile(r"^\s*\d+\s*Trimbos-instituut\s*$")
CHAPTER = re.compile(r"^ (\d)\s{2,}(\S.*?)\s*$")
SECTION = re.compile(r"^\s?(\d)\.(\d)\s+([A-Z].*?)\s*$")
ATTRIBUTION = re.compile(r"^\s*(\([^()]*\))\s*$")


def read_report(path):
    raw = path.read_bytes()
    digest = hashlib.sha256(raw).hexdigest()
    if digest != REPORT_SHA256:
        sys.exit(f"{path}: not the edition this script was written for (sha256 {digest}); check FIXES by hand")
    return raw.decode("utf-8").split("\n")


def headings(lines):
    """Chapter and section in force at every line (0-based), from the report's headings."""
    chapter, section, title = 0, "", ""
    at = []
    for i, line in enumerate(lines):
        m = CHAPTER.match(line)
        if m and int(m.group(1)) == chapter + 1:
            chapter, section, title = int(m.group(1)), m.group(1), m.group(2)
        else:
            m = SECTION.match(line)
            if m and int(m.group(1)) == chapter:
                section, title = f"{m.group(1)}.{m.group(2)}", m.group(3)
                # A title that runs on: the next line is indented and starts in lower case.
                nxt = lines[i + 1] if i + 1 < len(lines) else ""
                if re.match(r"^\s+[a-z]", nxt):
                    title = f"{title} {nxt.strip()}"
        at.append((chapter, section, title))
    return at


def closing_at(line, pos):
    """The closer that ends a quote on `line` at or after `pos`: (start, end) of the mark, or None.

    A closer ends the quote when the rest of the line is empty, an attribution in parentheses,
    or a bracketed gloss of the report's author (`[snelle actie].`)."""
    for m in re.finditer("”|’’", line[pos:]):
        start, end = pos + m.start(), pos + m.end()
        rest = line[end:]
        if re.match(r"^\s*(?:\[[^\]]*\]\s*[.,]?\s*)?$", rest) or re.match(r"^\s*\(", rest):
            return start, end
    return None


def join_lines(parts):
    """Undo the PDF layout of a quote's lines: see the module doc."""
    text = ""
    for part in parts:
        part = part.strip()
        if not part or PAGE_HEADER.match(part):
            continue
        if not text:
            text = part
            continue
        m = re.search(r"(\w+)-$", text)
        if m and part[:1].islower():
            if m.group(1).lower() in KEEP_HYPHEN_AFTER:
                text += part
            else:
                text = text[:-1] + part
        else:
            text += " " + part
    # NFC, as analyse reads transcripts, so that code-point offsets into the files are stable.
    return unicodedata.normalize("NFC", re.sub(r"\s+", " ", text).strip())


def attribution_after(lines, j, end_col):
    """The attribution on line j after the closer, or on the first non-empty line after it."""
    rest = lines[j][end_col:]
    m = re.match(r"^\s*(\([^()]*\))", rest)
    if m:
        return m.group(1), j
    if "(" in rest:  # an attribution that runs onto the next line: '(Uit: notitie' …
        return rest.strip() + " " + lines[j + 1].strip(), j + 1
    k = j + 1
    while k < len(lines) and k <= j + 3 and not lines[k].strip():
        k += 1
    if k < len(lines):
        m = ATTRIBUTION.match(lines[k])
        if m:
            return m.group(1), k
    return None, j


def find_quotes(lines):
    """Every quote in report order: dicts with start/end line (1-based), text and attribution."""
    quotes = []
    i = 0
    while i < len(lines):
        line = lines[i]
        stripped = line.lstrip()
        lead = len(line) - len(stripped)
        opens = stripped[:1] != "" and stripped[0] in OPENERS
        if opens or (i + 1) in FIXES["start_without_mark"]:
            body_start = lead + (1 if opens else 0)
            j, col, close = i, body_start, None
            while j < len(lines):
                close = closing_at(lines[j], col)
                if close:
                    break
                j, col = j + 1, 0
            if close is None:
                sys.exit(f"line {i + 1}: a quote that is never closed")
            if j == i:
                parts = [lines[i][body_start : close[0]]]
            else:
                parts = [lines[i][body_start:]] + lines[i + 1 : j] + [lines[j][: close[0]]]
            attribution, last = attribution_after(lines, j, close[1])
            quotes.append(
                {"first": i + 1, "last": j + 1, "text": join_lines(parts), "attribution": attribution}
            )
            i = max(j, last) + 1
            continue
        # Inline quotes: only those followed directly by an attribution.
        for m in re.finditer(r"“([^“”]*)”\s*(\([^()]*\))", line):
            quotes.append(
                {"first": i + 1, "last": i + 1, "text": join_lines([m.group(1)]), "attribution": m.group(2)}
            )
        # An inline quote that starts on this line and closes on the next.
        m = re.search(r"“([^“”]*)$", line)
        if m and i + 1 < len(lines):
            n = re.match(r"^([^“”]*)”\s*(\([^()]*\))", lines[i + 1])
            if n:
                quotes.append(
                    {
                        "first": i + 1,
                        "last": i + 2,
                        "text": join_lines([m.group(1), n.group(1)]),
                        "attribution": n.group(2),
                    }
                )
                i += 2
                continue
        i += 1
    return quotes


def split_attribution(attribution, section):
    """(role, organisation type) from an attribution such as `(GZ Psycholoog – vgz-instelling)`."""
    inner = attribution.strip()[1:-1].strip()
    if re.search(r"zorgkantoor", inner, re.IGNORECASE):
        return re.sub(r"(?i)\s+en\s+ggz[- ]zorgkantoor$", " en ggz", inner), "zorgkantoor"
    m = re.match(r"^(.*?)\s*(?:[-–,]\s*|\s+)(vgz|ggz)(?:-instelling)?$", inner)
    if m:
        return m.group(1).strip(" -–,"), m.group(2)
    # Centrum X (section 6.2) names its staff without an organisation.
    return inner, "centrum-x" if section == "6.2" else ""


def build(lines):
    at = headings(lines)
    kept, left_out = [], []
    for q in find_quotes(lines):
        first = q["first"]
        if first in FIXES["not_speech"]:
            left_out.append((first, FIXES["not_speech"][first]))
            continue
        attribution, organisation = q["attribution"], None
        if first in FIXES["speaker_in_text"]:
            attribution, organisation, _ = FIXES["speaker_in_text"][first]
        if attribution is None:
            sys.exit(f"line {first}: a quote without an attribution; add it to FIXES")
        if NOT_PROFESSIONAL.match(attribution):
            left_out.append((first, f"not a professional: {attribution}"))
            continue
        chapter, section, title = at[first - 1]
        role, org = split_attribution(attribution, section)
        if organisation is not None:
            role = attribution.strip("()").split(" - ")[0]
            org = organisation
        q.update(chapter=chapter, section=section, section_title=title, role=role, organisation_type=org)
        q["attribution"] = attribution
        kept.append(q)
    for n, q in enumerate(kept, start=1):
        q["id"] = f"Q{n:03d}"
    return kept, left_out


def csv_text(header, rows):
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


def outputs(quotes):
    """Every output file: path relative to this folder → text."""
    files = {}
    for chapter in sorted({q["chapter"] for q in quotes}):
        in_chapter = [q for q in quotes if q["chapter"] == chapter]
        head = (
            f"Citaten van professionals uit hoofdstuk {chapter} van het Trimbos-rapport over samenwerking en "
            "kennisdeling tussen vgz en ggz (2022), één beurt per citaat; de spreker staat in respondents.csv.\n\n"
        )
        body = "".join(f"{q['id']}: {q['text']}\n\n" for q in in_chapter)
        files[f"transcripts/H{chapter}.txt"] = head + body
    files["respondents.csv"] = csv_text(
        ["id", "role", "organisation_type", "attribution", "chapter", "section", "report_lines", "half"],
        [
            [q["id"], q["role"], q["organisation_type"], q["attribution"], q["chapter"], q["section"],
             f"{q['first']}-{q['last']}", HALF[q["chapter"]]]
            for q in quotes
        ],
    )
    files["quotes.csv"] = csv_text(
        ["id", "chapter", "section", "section_title", "report_lines", "attribution", "text"],
        [
            [q["id"], q["chapter"], q["section"], q["section_title"], f"{q['first']}-{q['last']}",
             q["attribution"], q["text"]]
            for q in quotes
        ],
    )
    return files


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("report", nargs="?", type=Path, default=DEFAULT_REPORT)
    parser.add_argument("--check", action="store_true", help="compare with the files on disk; write nothing")
    parser.add_argument("--verbose", action="store_true", help="list the quotes left out and why")
    args = parser.parse_args()
    if not args.report.exists():
        sys.exit(f"{args.report}: the report is not here (it is not part of the repository); nothing to do")
    quotes, left_out = build(read_report(args.report))
    if args.verbose:
        for first, why in left_out:
            print(f"left out: line {first}: {why}")
    differing = []
    for rel, text in sorted(outputs(quotes).items()):
        path = HERE / rel
        if args.check:
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                differing.append(rel)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(text.encode("utf-8"))
    if args.check:
        if differing:
            sys.exit("differ from the report: " + ", ".join(differing))
        print(f"{len(quotes)} quotes: the committed files are what the report gives")
    else:
        print(f"{len(quotes)} quotes written to {HERE.relative_to(REPO)}")


if __name__ == "__main__":
    main()
