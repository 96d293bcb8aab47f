#!/usr/bin/env bash
# docs/architecture.md names every source file of core/, pg_ext/, sqlite_ext/ and mariadb_ext/ (by its path
# without the extension, in backquotes), and names no file that is gone: a newcomer finds any
# function's home from the map. Also refuses a map that would pass anything (a planted file).
set -euo pipefail
cd "$(dirname "$0")/.."
doc=docs/architecture.md

# The modules: each source file's path without its extension, once.
modules() {
  find "$1" -maxdepth 1 \( -name '*.cpp' -o -name '*.hpp' -o -name '*.h' -o -name '*.def' \) | sed 's/\.[a-z]*$//' | sort -u
}

check() {
  local root=$1 failed=0
  for dir in core pg_ext sqlite_ext mariadb_ext; do
    while read -r module; do
      name=${module#"$root"/}
      grep -q "\`$name[\`.]" "$doc" || { echo "FAIL $doc does not name $name"; failed=1; }
    done < <(modules "$root/$dir")
  done
  while read -r named; do
    ls "$root/$named".* >/dev/null 2>&1 || { echo "FAIL $doc names $named, which does not exist"; failed=1; }
  done < <(grep -o '`\(core\|pg_ext\|sqlite_ext\|mariadb_ext\)/[a-z_0-9][a-z_0-9]*' "$doc" | tr -d '`' | sort -u)
  return "$failed"
}

# A file the map does not name must fail the check.
sample=$(mktemp -d)
trap 'rm -rf "$sample"' EXIT
cp -r core pg_ext sqlite_ext mariadb_ext "$sample/"
touch "$sample/core/unlisted_rule.cpp"
if check "$sample" >/dev/null; then
  echo "FAIL the check accepted a file the map does not name"
  exit 1
fi
check . && echo "ok $doc names every file of core/, pg_ext/, sqlite_ext/ and mariadb_ext/"
