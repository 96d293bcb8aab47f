#!/usr/bin/env bash
# One version: pg_ext/lucia.control's default_version is the source; the CMake project, the SQLite
# module's lucia_version(), the README, CHANGELOG.md and the PostgreSQL scripts must agree with it.
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
# CHANGELOG.md: the newest '## X.Y' heading is the version; while X.Y is being made (before its
# release adds the heading) '## Unreleased' heads the file, above an older version's heading.
newest=$(sed -n 's/^## \([0-9]*\.[0-9]*\) .*/\1/p' CHANGELOG.md | head -1)
first=$(sed -n 's/^## \(.*\)$/\1/p' CHANGELOG.md | head -1)
changelog=$newest
if [ "$first" = "Unreleased" ] && [ "$newest" != "$version" ] &&
  [ "$(printf '%s\n' "$newest" "$version" | sort -V | tail -1)" = "$version" ]; then
  changelog=$version
fi
expect "CHANGELOG.md's newest '## X.Y', or '## Unreleased' above an older one ($newest)" "$changelog" "$version"
expect "PostgreSQL script reaching it" "$(ls pg_ext/lucia--"$version".sql pg_ext/lucia--*--"$version".sql 2>/dev/null | wc -l)" 1
exit "$failed"
