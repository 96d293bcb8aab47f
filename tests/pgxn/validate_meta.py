#!/usr/bin/env python3
"""Checks the META.json that PGXN reads: the spec's rules (meta_spec.py) and this repository's.

Why: PGXN refuses an upload whose META.json breaks its spec, and a META.json that names a missing
file or another version than pg_ext/lucia.control's default_version (the one version source:
'1.5' is PGXN's '1.5.0') would publish a wrong release. The repository's rules: the versions
(the distribution's and extension lucia's) are the control file's; the extension lucia is
provided; every file and directory META.json names exists.
  python3 tests/pgxn/validate_meta.py [root]       checks root/META.json (default: the checkout)
  python3 tests/pgxn/validate_meta.py --zip FILE   checks an upload made by `make dist`: one
                                                   top directory NAME-VERSION/ holding a valid tree
  python3 tests/pgxn/validate_meta.py --self-test  feeds broken variants, fails if one is accepted
"""
import os
import re
import sys
import tempfile
import zipfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import meta_spec  # noqa: E402

CONTROL = "pg_ext/lucia.control"
EXTENSION = "lucia"


# A control file text's default_version 'X.Y' (the Makefile reads it the same way), or None.
def default_version(text):
    match = re.search(r"^default_version = '([0-9]+\.[0-9]+)'$", text, re.MULTILINE)
    return match.group(1) if match else None


# The control file's default_version 'X.Y' as PGXN's SemVer 'X.Y.0', or None when it has none.
def control_version(root):
    try:
        with open(os.path.join(root, CONTROL), encoding="utf-8") as f:
            version = default_version(f.read())
    except OSError:
        return None
    return f"{version}.0" if version else None


# The paths META.json names, with the kind of thing each must be in the tree.
def named_paths(document):
    for name, extension in document["provides"].items():
        for key in ("file", "docfile"):
            if key in extension:
                yield f"/provides/{name}/{key}", extension[key], os.path.isfile
    for key, exists in (("file", os.path.isfile), ("directory", os.path.isdir)):
        value = document.get("no_index", {}).get(key, [])
        for path in [value] if isinstance(value, str) else value:
            yield f"/no_index/{key}", path, exists


# This repository's rules for a META.json that passed the spec's; `version` is the control file's.
def repo_errors(document, root, version):
    errors = []
    if version is None:
        return [f"{CONTROL} has no default_version = 'X.Y'"]
    if document["version"] != version:
        errors.append(f"at /version: {document['version']} is not {CONTROL}'s default_version ({version})")
    extension = document["provides"].get(EXTENSION)
    if extension is None:
        errors.append(f"at /provides: does not provide the extension {EXTENSION}")
    elif extension["version"] != version:
        errors.append(f"at /provides/{EXTENSION}/version: {extension['version']} is not {CONTROL}'s default_version ({version})")
    for where, path, exists in named_paths(document):
        if not exists(os.path.join(root, path)):
            errors.append(f"at {where}: {path} does not exist in the tree")
    return errors


# Every error of the META.json text of the tree at `root`: the spec's, then the repository's.
def text_errors(text, root, version):
    document, errors = meta_spec.parse(text)
    if errors:
        return errors
    return meta_spec.spec_errors(document) or repo_errors(document, root, version)


# Every error of root/META.json.
def tree_errors(root):
    try:
        with open(os.path.join(root, "META.json"), encoding="utf-8") as f:
            text = f.read()
    except OSError as error:
        return [f"cannot read META.json: {error}"]
    return text_errors(text, root, control_version(root))


# Every error of an upload: its layout (one NAME-VERSION/ directory, nothing outside it), then its tree.
def zip_errors(path):
    try:
        with zipfile.ZipFile(path) as archive:
            names = archive.namelist()
            tops = sorted({name.split("/", 1)[0] for name in names})
            if len(tops) != 1 or any("/" not in name for name in names):
                return [f"holds {', '.join(tops) or 'nothing'}, not one top directory"]
            unsafe = [n for n in names if n.startswith("/") or "\\" in n or ".." in n.split("/")]
            if unsafe:
                return [f"entries outside the top directory: {', '.join(unsafe)}"]
            if f"{tops[0]}/META.json" not in names:
                return [f"no {tops[0]}/META.json"]
            with tempfile.TemporaryDirectory() as scratch:
                archive.extractall(scratch)
                root = os.path.join(scratch, tops[0])
                errors = tree_errors(root)
                if errors:
                    return errors
                document, _ = meta_spec.parse(archive.read(f"{tops[0]}/META.json").decode("utf-8"))
    except (OSError, zipfile.BadZipFile, UnicodeDecodeError) as error:
        return [f"not a readable zip: {error}"]
    expected = f"{document['name']}-{document['version']}"
    if tops[0] != expected:
        return [f"top directory {tops[0]}/ is not {expected}/ (META.json's name-version)"]
    return []


# Prints the verdict (`passed` when there is no error) and returns the exit status.
def report(what, errors, passed=f"PGXN Meta Spec 1.0.0, versions equal {CONTROL}'s, named files present"):
    for error in errors:
        print(f"FAIL {what}: {error}")
    if not errors:
        print(f"ok   {what}: {passed}")
    return 1 if errors else 0


if __name__ == "__main__":
    here = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    arguments = sys.argv[1:]
    if arguments == ["--self-test"]:
        import meta_self_test
        sys.exit(meta_self_test.run(here))
    if len(arguments) == 2 and arguments[0] == "--zip":
        sys.exit(report(arguments[1], zip_errors(arguments[1])))
    if len(arguments) > 1 or (arguments and arguments[0].startswith("-")):
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    root = arguments[0] if arguments else here
    sys.exit(report(os.path.join(root, "META.json"), tree_errors(root)))
