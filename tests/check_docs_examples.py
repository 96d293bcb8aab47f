#!/usr/bin/python3
"""Every TypeScript block of docs/drizzle.md, docs/kysely.md and docs/replicas.md is code that the examples run:
each line of each block appears in examples/src (blocks marked "not run" are exempt)."""
import pathlib
import re
import sys

root = pathlib.Path(__file__).resolve().parent.parent
sources = "\n".join(p.read_text() for p in (root / "examples" / "src").glob("*.ts"))
source_lines = {line.strip() for line in sources.splitlines() if line.strip()}
failures = 0
checked = 0
for doc in ("drizzle.md", "kysely.md", "replicas.md"):
    text = (root / "docs" / doc).read_text()
    for match in re.finditer(r"```ts\n(.*?)```(\n\n[^\n]*)?", text, re.S):
        block, after = match.group(1), match.group(2) or ""
        if "not run" in after:
            continue
        checked += 1
        for line in block.splitlines():
            if line.strip() and line.strip() not in source_lines:
                failures += 1
                print(f"FAIL docs/{doc}: not in examples/src: {line.strip()}")
print(f"{checked} TypeScript blocks checked, {failures} lines not found in examples/src")
sys.exit(1 if failures else 0)
