#!/usr/bin/env python3
"""`make dist` makes the upload PGXN takes: lucia-X.Y.0.zip, every committed file under lucia-X.Y.0/
and nothing else, the committed META.json at X.Y.0, the extension's control file at X.Y with its
scripts and the Makefile that builds it. Needs git and PGXS (the Makefile includes it), no database.
Why: the zip is what `pgxn install lucia` downloads, unpacks and builds; a file missing from it or a
version that differs from the control file's would be published as it is.
  python3 tests/pgxn/dist_test.py      (CTest runs it so; the zip is made in a scratch directory)
"""
import os
import re
import subprocess
import sys
import tempfile
import zipfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import validate_meta  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


# Runs git in the checkout and returns its output.
def git(*arguments):
    return subprocess.run(["git", "-C", ROOT, *arguments], check=True, capture_output=True).stdout


# The control file's default_version 'X.Y' as committed (the zip archives HEAD).
def committed_version():
    return validate_meta.default_version(git("show", "HEAD:" + validate_meta.CONTROL).decode("utf-8"))


# Every failure of the zip at `path`, made from HEAD at control version `version` ('X.Y').
def zip_failures(path, version):
    top = f"lucia-{version}.0/"
    failures = []
    with zipfile.ZipFile(path) as archive:
        files = {name for name in archive.namelist() if not name.endswith("/")}
        committed = {top + name for name in git("ls-tree", "-r", "--name-only", "HEAD").decode("utf-8").split("\n") if name}
        for name in sorted(committed - files):
            failures.append(f"{name} is committed but not in the zip")
        for name in sorted(files - committed):
            failures.append(f"{name} is in the zip but not committed")
        if not failures:
            if archive.read(top + "META.json") != git("show", "HEAD:META.json"):
                failures.append("the zip's META.json is not the committed one")
            if validate_meta.default_version(archive.read(top + validate_meta.CONTROL).decode("utf-8")) != version:
                failures.append(f"the zip's pg_ext/lucia.control is not at default_version '{version}'")
            scripts = [n for n in files if re.fullmatch(rf"{re.escape(top)}pg_ext/lucia--([0-9.]+--)?{re.escape(version)}\.sql", n)]
            for needed in ("Makefile", "pg_ext/lucia--1.0.sql"):
                if top + needed not in files:
                    failures.append(f"the zip has no {needed}")
            if not scripts:
                failures.append(f"the zip has no script that reaches version {version}")
    return failures + validate_meta.zip_errors(path)


# Makes the zip with `make dist` in a scratch directory and checks it; returns the exit status.
def main():
    try:
        version = committed_version()
    except subprocess.CalledProcessError as error:
        print(f"FAIL not a git checkout with a commit (make dist archives HEAD): {error.stderr.decode().strip()}")
        return 1
    if version is None:
        print("FAIL the committed pg_ext/lucia.control has no default_version = 'X.Y'")
        return 1
    with tempfile.TemporaryDirectory() as scratch:
        made = subprocess.run(["make", "-s", "-C", ROOT, "dist", f"DIST_DIR={scratch}"], capture_output=True, text=True)
        path = os.path.join(scratch, f"lucia-{version}.0.zip")
        if made.returncode != 0 or not os.path.isfile(path):
            print(f"FAIL make dist (exit {made.returncode}) made no {os.path.basename(path)}:\n{made.stdout}{made.stderr}")
            return 1
        return validate_meta.report("make dist", zip_failures(path, version),
                                    f"lucia-{version}.0.zip holds the committed tree under lucia-{version}.0/, META.json valid")


if __name__ == "__main__":
    sys.exit(main())
