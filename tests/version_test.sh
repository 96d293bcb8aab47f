#!/usr/bin/env bash
# One version: pg_ext/lucia.control's default_version is the source; the CMake project, the SQLite
# module's lucia_version(), the README, CHANGELOG.md, debian/changelog, the npm package (X.Y.0) and
# the PostgreSQL scripts must agree with it.
#   tests/version_test.sh <lucia.so (SQLite)> <CMake PROJECT_VERSION>   (CTest runs it so)
set -euo pipefail
module=$1
cmake_version=$2
cd "$(dirname "$0")/.."
failed=0
expect() {
  if [ "$2" = "$3" ]; then echo "ok   $1: $2"; else echo "FAIL $1: got '$2', expected '$3'"; failed=1; fi
}
version=$(sed -n "s/^default_version = '\([0-9]*\.[0-9]*\)'$/\1/p" pg_ext/lucia.control)
[ -n "$version" ] || { echo "FAIL no default_version = 'X.Y' in pg_ext/lucia.control"; exit 1; }
expect "CMake project version" "$cmake_version" "$version"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp "$module" "$work/lucia.so"
expect "SQLite lucia_version()" "$(cd "$work" && sqlite3 :memory: '.load ./lucia' 'SELECT lucia_version()')" "$version"
expect "README.md 'This is lucia X.Y'" "$(sed -n 's/^This is lucia \([0-9]*\.[0-9]*\).*/\1/p' README.md)" "$version"
expect "README.md 'the current version is X.Y'" \
  "$(tr '\n' ' ' <README.md | grep -o 'the current version is [0-9]*\.[0-9]*' | sed 's/.* //' | sort -u)" "$version"
expect "CHANGELOG.md's newest '## X.Y'" "$(sed -n 's/^## \([0-9]*\.[0-9]*\) .*/\1/p' CHANGELOG.md | head -1)" "$version"
# The Debian packages take their version from debian/changelog's first entry; one entry per release.
expect "debian/changelog's newest entry" "$(sed -n '1s/^lucia (\([^)]*\)) .*/\1/p' debian/changelog)" "$version"
expect "debian/changelog's entries are CHANGELOG.md's versions" \
  "$(sed -n 's/^lucia (\([^)]*\)) .*/\1/p' debian/changelog | tr '\n' ' ')" \
  "$(sed -n 's/^## \([0-9]*\.[0-9]*\) .*/\1/p' CHANGELOG.md | tr '\n' ' ')"
expect "npm/package.json's version (X.Y.0)" \
  "$(python3 -c 'import json; print(json.load(open("npm/package.json"))["version"])')" "$version.0"
expect "PostgreSQL script reaching it" "$(ls pg_ext/lucia--"$version".sql pg_ext/lucia--*--"$version".sql 2>/dev/null | wc -l)" 1
exit "$failed"
