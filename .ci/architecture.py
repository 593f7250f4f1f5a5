#!/usr/bin/env python3
"""The layout rules of issue 12, checked from the source text alone (no build needed):

1. the module graph has no cycle between top-level modules (`use crate::…`, `crate::…` paths
   and `super::…`; unit tests and comments do not count);
2. `src/` holds only main.rs, lib.rs, error.rs, table.rs and project.rs besides the folders;
3. no function is over 80 lines.

Usage: python3 .ci/architecture.py [src]   — exit 1 and a list when a rule is broken."""
import pathlib
import re
import sys

src = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "src")
ALLOWED_LOOSE = {"main.rs", "lib.rs", "error.rs", "table.rs", "project.rs"}
MAX_LINES = 80

modules = {}
for path in src.rglob("*.rs"):
    parts = list(path.relative_to(src).with_suffix("").parts)
    if parts[-1] == "mod":
        parts = parts[:-1]
    modules[tuple(parts)] = path


def resolve(path):
    """The longest module prefix of a path (`analysis::groups::X` → analysis/groups)."""
    path = list(path)
    while path:
        if tuple(path) in modules:
            return tuple(path)
        path.pop()
    return None


def top(module):
    return module[0] if module and module[0] not in ("lib", "main") else None


edges = {}
for module, path in modules.items():
    text = path.read_text(encoding="utf-8")
    text = text.split("#[cfg(test)]")[0]
    text = re.sub(r"//[^\n]*", "", text)
    targets = set()
    for m in re.finditer(r"crate::((?:\w+::)*\w+)", text):
        targets.add(resolve(m.group(1).split("::")))
    for m in re.finditer(r"\buse\s+crate::\{([^;]*)\};", text, re.S):
        for name in re.findall(r"(\w+)\s*(?:::|,|$|\})", m.group(1)):
            targets.add(resolve([name]))
    for m in re.finditer(r"\bsuper::((?:\w+::)*\w+)", text):
        base = list(module[:-1])
        targets.add(resolve(base + m.group(1).split("::")))
    a = top(module)
    for t in targets:
        b = top(t) if t else None
        if a and b and a != b:
            edges.setdefault(a, set()).add(b)

# Cycles between top-level modules: depth-first search for a back edge.
cycles = []
state = {}


def visit(node, stack):
    state[node] = "open"
    stack.append(node)
    for nxt in sorted(edges.get(node, ())):
        if state.get(nxt) == "open":
            cycles.append(stack[stack.index(nxt):] + [nxt])
        elif nxt not in state:
            visit(nxt, stack)
    stack.pop()
    state[node] = "done"


for node in sorted(edges):
    if node not in state:
        visit(node, [])

loose = sorted(p.name for p in src.glob("*.rs") if p.name not in ALLOWED_LOOSE)

long_functions = []
fn_start = re.compile(r"^(\s*)(?:pub(?:\([^)]*\))?\s+)?(?:const\s+)?(?:async\s+)?(?:unsafe\s+)?fn\s+(\w+)")
for path in sorted(src.rglob("*.rs")):
    lines = path.read_text(encoding="utf-8").split("\n")
    i = 0
    while i < len(lines):
        m = fn_start.match(lines[i])
        one_line = lines[i].rstrip().endswith("}") and lines[i].count("{") == lines[i].count("}")
        if m and not lines[i].rstrip().endswith(";") and not one_line:
            indent = m.group(1)
            j = i
            while j < len(lines) and lines[j].rstrip() != indent + "}":
                j += 1
            if j - i + 1 > MAX_LINES:
                long_functions.append(f"{path}:{i + 1} {m.group(2)} ({j - i + 1} lines)")
            i = j
        i += 1

for cycle in cycles:
    print("module cycle: " + " -> ".join(cycle))
for name in loose:
    print(f"loose file in {src}/: {name} (put it in the folder of its stage)")
for f in long_functions:
    print(f"function over {MAX_LINES} lines: {f}")
if cycles or loose or long_functions:
    sys.exit(1)
print(f"architecture: no module cycle, no loose file, no function over {MAX_LINES} lines")
