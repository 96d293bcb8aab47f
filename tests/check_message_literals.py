#!/usr/bin/env python3
"""Fails when an error message text is written more than once in core/, pg_ext/ or sqlite_ext/.

Why: both engines must answer with the same texts, and a text written twice drifts (it did:
"UTF-8" / "utf-8"). The shared texts live in core/messages.def; code names the constant
(lucia::messages::kUserMissing in C++, LUCIA_MSG_USER_MISSING in pg_ext/). Two rules:
  1. a text of core/messages.def appears as a string literal nowhere else;
  2. a string literal handed to an error-raising call (lucia_raise*, lucia::Error, errmsg, ...)
     appears at most once in all three directories.
  python3 tests/check_message_literals.py [root]      checks root (default: the checkout)
  python3 tests/check_message_literals.py --self-test plants copies in a scratch tree, expects failures
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile

DIRECTORIES = ("core", "pg_ext", "sqlite_ext", "mariadb_ext")
SUFFIXES = (".cpp", ".hpp", ".h")
# A call whose string arguments are (part of) an error message.
RAISING_CALL = re.compile(
    r"\b(lucia_raise\w*|Error|SqliteError|errmsg|errhint|errdetail|invalid|returned_attributes|"
    r"insert_session|fill_failure|sqlite3_mprintf|psprintf|report_lucia_error)\s*\(")
# Texts allowed in two places (none: every shared text is in core/messages.def). A text listed
# here may be written exactly where it says and nowhere else.
KNOWN_COPIES = {}


def literals(source):
    """(offset, text, statement-so-far) of each string literal, comments skipped, adjacent
    literals joined, as the compiler would see them."""
    out = []
    i, n = 0, len(source)
    statement_start = 0
    pending = None  # [offset, text, context] of a literal that a following one may continue
    while i < n:
        c = source[i]
        if source.startswith("//", i):
            i = source.find("\n", i)
            i = n if i < 0 else i
            continue
        if source.startswith("/*", i):
            i = source.find("*/", i + 2)
            i = n if i < 0 else i + 2
            continue
        if c == "'":
            j = i + 1
            while j < n and source[j] != "'":
                j += 2 if source[j] == "\\" else 1
            i = j + 1
            pending = None
            continue
        if c == '"':
            j = i + 1
            text = []
            while j < n and source[j] != '"':
                if source[j] == "\\":
                    text.append(source[j:j + 2])
                    j += 2
                else:
                    text.append(source[j])
                    j += 1
            value = "".join(text)
            if pending is not None and not source[pending[3]:i].strip():
                pending[1] += value
            else:
                context = re.sub(r'"(\\.|[^"\\])*"', '""', source[statement_start:i])
                pending = [i, value, context, 0]
                out.append(pending)
            pending[3] = j + 1
            i = j + 1
            continue
        if c in ";{}":
            statement_start = i + 1
            pending = None
        elif not c.isspace():
            pending = None
        i += 1
    return [(offset, text, context) for offset, text, context, _ in out]


def message_texts(root):
    """The texts of core/messages.def, and those it lists twice."""
    with open(os.path.join(root, "core", "messages.def"), encoding="utf-8") as f:
        body = f.read().split("#define LUCIA_MESSAGES(X)", 1)[1]
    texts = re.findall(r'X\(\w+,\s*\w+,\s*(?:\\\s*)?"((?:\\.|[^"\\])*)"\)', body)
    return set(texts), sorted({text for text in texts if texts.count(text) > 1})


def is_message(text):
    """Words, not a format ("%s: %s"), a name or a bit of SQL."""
    return len(re.findall(r"[A-Za-z]{2,}", text)) >= 2 and " " in text.strip()


def check(root):
    shared, listed_twice = message_texts(root)
    places = {}
    problems = [f"core/messages.def lists \"{text}\" twice" for text in listed_twice]
    for directory in DIRECTORIES:
        for name in sorted(os.listdir(os.path.join(root, directory))):
            if not name.endswith(SUFFIXES):
                continue
            path = f"{directory}/{name}"
            with open(os.path.join(root, path), encoding="utf-8") as f:
                source = f.read()
            for offset, text, context in literals(source):
                line = source.count("\n", 0, offset) + 1
                if text in shared:
                    problems.append(f"{path}:{line}: \"{text}\" is core/messages.def's; use its constant")
                elif is_message(text) and RAISING_CALL.search(context):
                    places.setdefault(text, []).append((path, line))
    for text, where in sorted(places.items()):
        files = {path for path, _ in where}
        if len(where) > 1 and not (text in KNOWN_COPIES and files <= KNOWN_COPIES[text] and len(where) == len(files)):
            spots = ", ".join(f"{path}:{line}" for path, line in where)
            problems.append(f"\"{text}\" is written {len(where)} times ({spots}); add it to core/messages.def")
    for problem in problems:
        print("check_message_literals:", problem, file=sys.stderr)
    return 1 if problems else 0


def self_test(root):
    """The check must fail on each planted copy and pass on the tree as it is."""
    plants = {
        "a core/messages.def text written out": ("pg_ext/key_store.cpp",
            '\nstatic void planted(void) { lucia_raise(LUCIA_INVALID_KEY_ID, "key does not exist"); }\n'),
        "a new message written twice": ("sqlite_ext/session_store.cpp",
            '\nnamespace { [[noreturn]] void planted() { throw lucia::Error(lucia::ErrorCode::InvalidArgument,\n'
            '    "attributes must be a JSON object"); } }\n'),
        "an unlisted message written in two files": ("core/key_use.cpp",
            '\nnamespace { [[noreturn]] void planted() { throw lucia::Error(lucia::ErrorCode::InvalidArgument, '
            '"random string length must be between 1 and 1024"); } }\n'),
        "a text listed twice in core/messages.def": ("core/messages.def",
            '#undef LUCIA_MESSAGES\n#define LUCIA_MESSAGES(X) X(Again, AGAIN, "wrong password") X(Twice, TWICE, "wrong password")\n'),
    }
    failures = 0
    if check(root) != 0:
        print("self-test: the tree itself does not pass", file=sys.stderr)
        failures += 1
    for what, (path, code) in plants.items():
        with tempfile.TemporaryDirectory() as scratch:
            for directory in DIRECTORIES:
                shutil.copytree(os.path.join(root, directory), os.path.join(scratch, directory))
            with open(os.path.join(scratch, path), "a", encoding="utf-8") as f:
                f.write(code)
            result = subprocess.run([sys.executable, __file__, scratch], capture_output=True, text=True)
            if result.returncode == 0:
                print(f"self-test: {what} ({path}) was not caught", file=sys.stderr)
                failures += 1
    return 1 if failures else 0


if __name__ == "__main__":
    here = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    if len(sys.argv) > 1 and sys.argv[1] == "--self-test":
        sys.exit(self_test(here))
    sys.exit(check(sys.argv[1] if len(sys.argv) > 1 else here))
