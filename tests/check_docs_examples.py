#!/usr/bin/python3
"""Every TypeScript block of docs/drizzle.md, docs/kysely.md, docs/replicas.md and docs/authorization.md is
code that the examples (examples/src) or the npm package (npm/src) run, every SQL block of
docs/authorization.md is the notes example's (examples/notes-schema.sql, or the SQLite one in examples/src), and every TypeScript and JavaScript block of
npm/README.md is code of the new project tests/npm/run.sh runs (tests/npm/app): each line of each block
appears in those sources (blocks marked "not run" are exempt)."""
import pathlib
import re
import sys

root = pathlib.Path(__file__).resolve().parent.parent


# The stripped, non-empty lines of every file matching the patterns.
def lines_of(*patterns):
    files = [p for pattern in patterns for p in root.glob(pattern)]
    return {line.strip() for p in files for line in p.read_text().splitlines() if line.strip()}


checks = [
    (doc, "ts", "examples/src or npm/src", lines_of("examples/src/*.ts", "npm/src/*.ts"))
    for doc in ("docs/drizzle.md", "docs/kysely.md", "docs/replicas.md", "docs/authorization.md")
] + [("docs/authorization.md", "sql", "examples/notes-schema.sql or examples/src",
      lines_of("examples/notes-schema.sql", "examples/src/*.ts"))] + [
    ("npm/README.md", "ts|js", "tests/npm/app", lines_of("tests/npm/app/*.ts", "tests/npm/app/*.mjs"))]
failures = 0
checked = 0
for doc, languages, where, source_lines in checks:
    text = (root / doc).read_text()
    for match in re.finditer(rf"```(?:{languages})\n(.*?)```(\n\n[^\n]*)?", text, re.S):
        block, after = match.group(1), match.group(2) or ""
        if "not run" in after:
            continue
        checked += 1
        for line in block.splitlines():
            if line.strip() and line.strip() not in source_lines:
                failures += 1
                print(f"FAIL {doc}: not in {where}: {line.strip()}")
print(f"{checked} code blocks checked, {failures} lines not found in the code that runs")
sys.exit(1 if failures else 0)
