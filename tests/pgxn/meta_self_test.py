"""validate_meta.py --self-test: one broken variant of the checkout's META.json per rule, each of
which must be refused with the error of that rule; the checkout's own META.json, a variant with a
custom x_ key and a well-formed upload must pass, and broken uploads must be refused.
Why: a validator that accepts everything would pass silently.
"""
import copy
import json
import os
import tempfile
import zipfile

import meta_spec
import validate_meta

DELETE = object()

# (what is broken, JSON pointer, new value or DELETE, text the error must contain)
SPEC_CASES = [(f"no {key}", f"/{key}", DELETE, f"required key '{key}'") for key in meta_spec.REQUIRED] + [
    ("an unknown top-level key", "/homepage", "https://example.com/", "unknown key 'homepage'"),
    ("a name with a space", "/name", "lu cia", "not a Term"),
    ("a one-character name", "/name", "l", "not a Term"),
    ("a name with a slash", "/name", "lu/cia", "not a Term"),
    ("a name with a control character", "/name", "lu\u0007cia", "not a Term"),
    ("a two-part version", "/version", "1.5", "not a SemVer"),
    ("a version with a leading zero", "/version", "01.5.0", "not a SemVer"),
    ("a numeric version", "/version", 1.5, "not a SemVer"),
    ("an empty abstract", "/abstract", "", "non-empty string"),
    ("a numeric abstract", "/abstract", 15, "non-empty string"),
    ("an empty description", "/description", "", "non-empty string"),
    ("a numeric generated_by", "/generated_by", 1, "non-empty string"),
    ("an empty maintainer list", "/maintainer", [], "non-empty array"),
    ("a maintainer listed twice", "/maintainer", ["ada", "ada"], "twice"),
    ("an empty maintainer", "/maintainer", "", "non-empty string"),
    ("a numeric maintainer", "/maintainer", 5, "non-empty array"),
    ("an unknown license string", "/license", "MIT", "not a license string"),
    ("an empty license list", "/license", [], "non-empty array"),
    ("a license listed twice", "/license", ["mit", "mit"], "twice"),
    ("a license object without a URI", "/license", {"MIT": "the MIT license"}, "not a URI"),
    ("an empty license object", "/license", {}, "at least one license"),
    ("no extension provided", "/provides", {}, "at least one extension"),
    ("an extension name with a space", "/provides/lu cia", {"file": "pg_ext/lucia.control", "version": "1.5.0"}, "not a Term"),
    ("an extension without a file", "/provides/lucia/file", DELETE, "required key 'file'"),
    ("an extension without a version", "/provides/lucia/version", DELETE, "required key 'version'"),
    ("an extension version not SemVer", "/provides/lucia/version", "1.5", "not a SemVer"),
    ("an unknown extension key", "/provides/lucia/docs", "docs/api.md", "unknown key 'docs'"),
    ("an absolute file", "/provides/lucia/file", "/pg_ext/lucia.control", "relative Unix path"),
    ("a file outside the distribution", "/provides/lucia/file", "../lucia.control", "'..'"),
    ("a file with backslashes", "/provides/lucia/file", "pg_ext\\lucia.control", "relative Unix path"),
    ("a docfile with an empty component", "/provides/lucia/docfile", "docs//api.md", "empty"),
    ("an empty extension abstract", "/provides/lucia/abstract", "", "non-empty string"),
    ("empty prereqs", "/prereqs", {}, "at least one of configure"),
    ("an unknown prereq phase", "/prereqs/install", {"requires": {"PostgreSQL": "15.0.0"}}, "unknown key 'install'"),
    ("an empty prereq phase", "/prereqs/runtime", {}, "at least one of requires"),
    ("an unknown relationship", "/prereqs/runtime/needs", {"PostgreSQL": "15.0.0"}, "unknown key 'needs'"),
    ("an empty relationship", "/prereqs/runtime/requires", {}, "at least one prerequisite"),
    ("a prereq name with a space", "/prereqs/runtime/requires/Postgre SQL", "15.0.0", "not a Term"),
    ("a range of a bare major", "/prereqs/runtime/requires/PostgreSQL", "15", "not a version range"),
    ("a range with an empty clause", "/prereqs/runtime/requires/PostgreSQL", ">= 15.0.0,, < 16.0.0", "not a version range"),
    ("a range with an unknown operator", "/prereqs/runtime/requires/PostgreSQL", "=> 15.0.0", "not a version range"),
    ("a numeric range other than 0", "/prereqs/runtime/requires/plpgsql", 1, "not a version range"),
    ("a boolean range", "/prereqs/runtime/requires/plpgsql", False, "not a version range"),
    ("a meta-spec without a version", "/meta-spec/version", DELETE, "required key 'version'"),
    ("a meta-spec version 2", "/meta-spec/version", "2.0.0", "meta-spec version 1.0.x"),
    ("another meta-spec url", "/meta-spec/url", "https://example.com/spec.txt", "spec's URL"),
    ("an unknown meta-spec key", "/meta-spec/name", "PGXN", "unknown key 'name'"),
    ("an unknown release_status", "/release_status", "final", "not one of stable"),
    ("empty resources", "/resources", {}, "at least one of homepage"),
    ("a homepage that is no URI", "/resources", {"homepage": "lucia home"}, "not a URI"),
    ("an empty bugtracker", "/resources", {"bugtracker": {}}, "at least one of web"),
    ("a bugtracker mailto that is no address", "/resources", {"bugtracker": {"mailto": "nobody"}}, "not an e-mail"),
    ("a repository url without a type", "/resources", {"repository": {"url": "git://example.com/lucia.git"}}, "web, or url with type"),
    ("a repository type in capitals", "/resources", {"repository": {"web": "https://example.com/", "type": "Git"}}, "lowercase"),
    ("an unknown resources key", "/resources", {"homepage": "https://example.com/", "wiki": "https://example.com/"}, "unknown key 'wiki'"),
    ("empty tags", "/tags", [], "non-empty array"),
    ("a one-character tag", "/tags", ["a"], "not a tag"),
    ("a tag with a slash", "/tags", ["auth/sessions"], "not a tag"),
    ("a tag listed twice", "/tags", ["auth", "auth"], "twice"),
    ("tags as a string", "/tags", "auth", "non-empty array"),
    ("empty no_index", "/no_index", {}, "at least one of file"),
    ("an empty no_index file list", "/no_index/file", [], "non-empty array"),
    ("an unknown no_index key", "/no_index/dirs", ["bench"], "unknown key 'dirs'"),
]
# (what is broken, JSON pointer, new value, text the error must contain): valid to the spec, wrong here.
REPO_CASES = [
    ("a distribution version that is not the control file's", "/version", "0.9.0", "is not pg_ext/lucia.control"),
    ("an extension version that is not the control file's", "/provides/lucia/version", "1.4.0", "is not pg_ext/lucia.control"),
    ("the extension lucia not provided", "/provides", {"lucia2": {"file": "pg_ext/lucia.control", "version": "1.5.0"}}, "does not provide"),
    ("a file that does not exist", "/provides/lucia/file", "pg_ext/lucia2.control", "does not exist"),
    ("a docfile that does not exist", "/provides/lucia/docfile", "docs/pgxn.md", "does not exist"),
    ("a no_index directory that does not exist", "/no_index/directory", ["benchmarks"], "does not exist"),
    ("a no_index directory that is a file", "/no_index/directory", "README.md", "does not exist"),
]
# (what is broken, raw META.json text, text the error must contain)
TEXT_CASES = [
    ("a key given twice", '{"name": "lucia", "name": "lucia2"}', "given twice"),
    ("an array at the top", "[]", "must be a JSON object"),
    ("NaN", '{"version": NaN}', "not JSON"),
    ("a trailing comma", '{"name": "lucia",}', "not valid JSON"),
]


# A copy of `document` with the value at `pointer` replaced (or removed, for DELETE).
def variant(document, pointer, value):
    changed = copy.deepcopy(document)
    *parents, last = pointer.strip("/").split("/")
    target = changed
    for key in parents:
        target = target[key]
    if value is DELETE:
        del target[last]
    else:
        target[last] = value
    return changed


# Fails (returns 1) unless `errors` is non-empty and one of them contains `expected`.
def expect_refused(what, errors, expected):
    if any(expected in error for error in errors):
        return 0
    print(f"self-test: {what} was {'refused for another reason: ' + '; '.join(errors) if errors else 'accepted'}")
    return 1


# Writes an upload holding `files` (name -> text) to a new zip in `scratch`; returns its path.
def make_zip(scratch, name, files):
    path = os.path.join(scratch, name)
    with zipfile.ZipFile(path, "w") as archive:
        for entry, text in files.items():
            archive.writestr(entry, text)
    return path


# The uploads: a well-formed one passes, each broken layout is refused.
def zip_failures(root, meta_text):
    tree = {"META.json": meta_text}
    for path in ("pg_ext/lucia.control", "docs/api.md"):
        with open(os.path.join(root, path), encoding="utf-8") as f:
            tree[path] = f.read()
    for directory in ("bench/", "examples/", "tests/"):
        tree[directory] = ""
    under = lambda top, files: {f"{top}/{name}": text for name, text in files.items()}
    version = validate_meta.control_version(root)
    good = under(f"lucia-{version}", tree)
    cases = [
        ("an upload under another version's directory", under("lucia-0.9.0", tree), "not lucia-"),
        ("an upload with two top directories", {**good, "other/README.md": "x"}, "not one top directory"),
        ("an upload with a file at the top", {**good, "README.md": "x"}, "not one top directory"),
        ("an upload without META.json", {k: v for k, v in good.items() if not k.endswith("META.json")}, "no lucia-"),
        ("an upload with an entry escaping it", {**good, f"lucia-{version}/../evil.sql": "x"}, "outside the top directory"),
        ("an upload without the control file", {k: v for k, v in good.items() if not k.endswith(".control")}, "no default_version"),
    ]
    failures = 0
    with tempfile.TemporaryDirectory() as scratch:
        errors = validate_meta.zip_errors(make_zip(scratch, "good.zip", good))
        if errors:
            print(f"self-test: a well-formed upload was refused: {'; '.join(errors)}")
            failures += 1
        for i, (what, files, expected) in enumerate(cases):
            failures += expect_refused(what, validate_meta.zip_errors(make_zip(scratch, f"{i}.zip", files)), expected)
        with open(os.path.join(scratch, "not.zip"), "w") as f:
            f.write("not a zip")
        failures += expect_refused("a file that is no zip", validate_meta.zip_errors(os.path.join(scratch, "not.zip")), "not a readable zip")
    return failures


# Runs every case against the checkout at `root`; returns the exit status.
def run(root):
    with open(os.path.join(root, "META.json"), encoding="utf-8") as f:
        meta_text = f.read()
    version = validate_meta.control_version(root)
    document, errors = meta_spec.parse(meta_text)
    errors = errors or validate_meta.text_errors(meta_text, root, version)
    failures = 0
    if errors:
        print(f"self-test: the checkout's META.json does not pass: {'; '.join(errors)}")
        return 1
    custom = variant(document, "/x_engines", ["PostgreSQL", "SQLite"])
    if meta_spec.spec_errors(custom):
        print("self-test: a custom x_ key was refused")
        failures += 1
    for what, pointer, value, expected in SPEC_CASES:
        failures += expect_refused(what, meta_spec.spec_errors(variant(document, pointer, value)), expected)
    for what, pointer, value, expected in REPO_CASES:
        changed = variant(document, pointer, value)
        failures += expect_refused(what, validate_meta.text_errors(json.dumps(changed), root, version), expected)
    other = "9.9.0"
    failures += expect_refused("a control file at another version",
                               validate_meta.text_errors(meta_text, root, other), "is not pg_ext/lucia.control")
    failures += expect_refused("a control file without default_version",
                               validate_meta.text_errors(meta_text, root, None), "no default_version")
    for what, text, expected in TEXT_CASES:
        failures += expect_refused(what, validate_meta.text_errors(text, root, version), expected)
    failures += zip_failures(root, meta_text)
    total = len(SPEC_CASES) + len(REPO_CASES) + len(TEXT_CASES) + 1 + 2 + 8
    print(f"self-test: {total - failures} of {total} variants handled as expected")
    return 1 if failures else 0
