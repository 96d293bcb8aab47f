#!/usr/bin/env python3
"""pg_ext/ files other than the bridge may longjmp at any call (ereport), so they must hold no C++
object and raise no C++ exception. Rejects there: the tokens std::, throw, try and new (outside
comments and string literals), an #include of a core/ header, and postgres.h included anywhere
but pg_ext/pg_headers.hpp (which carries the compile-time half of the boundary)."""
import pathlib
import re
import sys

BRIDGE = "core_bridge.cpp"
FORBIDDEN = re.compile(r"\bstd\s*::|\bthrow\b|\btry\b|\bnew\b")
CORE_INCLUDE = re.compile(r'#\s*include\s*[<"](\.\./)?core/[^">]*\.(hpp|h|cpp)[">]')
POSTGRES_H = re.compile(r'#\s*include\s*[<"]postgres\.h[">]')


# Replaces comments and the contents of string and character literals by spaces, keeping line breaks.
def code_only(text):
    out = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if text.startswith("//", i):
            j = text.find("\n", i)
            j = n if j < 0 else j
            out.append(" " * (j - i))
            i = j
        elif text.startswith("/*", i):
            j = text.find("*/", i + 2)
            j = n if j < 0 else j + 2
            out.append("".join(ch if ch == "\n" else " " for ch in text[i:j]))
            i = j
        elif c in "\"'":
            j = i + 1
            while j < n and text[j] != c and text[j] != "\n":
                j += 2 if text[j] == "\\" else 1
            out.append(c + " " * (min(j, n) - i - 1) + (c if j < n else ""))
            i = j + 1
        else:
            out.append(c)
            i += 1
    return "".join(out)


def main(directory):
    problems = []
    for path in sorted(pathlib.Path(directory).glob("*")):
        if path.suffix not in (".cpp", ".hpp", ".h") or path.name == BRIDGE:
            continue
        text = path.read_text()
        code = code_only(text)
        for number, line in enumerate(code.split("\n"), 1):
            for match in FORBIDDEN.finditer(line):
                problems.append(f"{path}:{number}: '{match.group(0)}' outside the bridge")
        for number, line in enumerate(text.split("\n"), 1):
            if CORE_INCLUDE.search(line):
                problems.append(f"{path}:{number}: core/ included outside the bridge")
            if POSTGRES_H.search(line) and path.name != "pg_headers.hpp":
                problems.append(f"{path}:{number}: postgres.h included outside pg_headers.hpp")
    for problem in problems:
        print("FAIL " + problem)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "pg_ext"))
