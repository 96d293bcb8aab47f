#!/usr/bin/env bash
# The boundary between pg_ext/ and core/ is enforced by the compiler: a file that puts a core/
# header beside PostgreSQL's headers (pg_ext/pg_headers.hpp) or beside the bridge's C header, in
# either order, must fail to compile with our #error; the bridge itself and an ordinary adapter
# file must still compile. Called by tests/check_core_headers.sh (CTest core_has_no_database_headers).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
cxx=${CXX:-c++}
pg_include=$(pg_config --includedir-server)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0

# Compiles one translation unit (syntax only) as the Makefile compiles pg_ext/.
compile() { "$cxx" -std=c++17 -Wall -Wextra -Werror -fsyntax-only -I"$root" -I"$root/pg_ext" -I"$pg_include" "$1" 2>&1; }

# expect_refused NAME FIRST_INCLUDE SECOND_INCLUDE: the pair must not compile, and for our reason.
expect_refused() {
  printf '#include "%s"\n#include "%s"\n' "$2" "$3" >"$work/$1.cpp"
  if output=$(compile "$work/$1.cpp"); then
    echo "FAIL $1: $2 then $3 compiled"
    failures=$((failures + 1))
  elif ! grep -q 'error: #error "\(core/\|PostgreSQL headers\)' <<<"$output"; then
    echo "FAIL $1: refused, but not by the boundary's #error:"
    echo "$output" | head -5
    failures=$((failures + 1))
  else
    echo "ok $1: $2 then $3 refused"
  fi
}

# expect_compiles NAME FILE: a legitimate file still compiles.
expect_compiles() {
  if output=$(compile "$2"); then
    echo "ok $1 compiles"
  else
    echo "FAIL $1 does not compile:"
    echo "$output" | head -5
    failures=$((failures + 1))
  fi
}

expect_refused core_then_pg core/errors.hpp pg_ext/pg_headers.hpp
expect_refused pg_then_core pg_ext/pg_headers.hpp core/errors.hpp
expect_refused core_then_postgres_h core/session_expiry.hpp pg_ext/errors_pg.hpp
expect_refused core_then_bridge_header core/errors.hpp pg_ext/core_bridge.h
expect_refused bridge_header_then_core pg_ext/core_bridge.h core/errors.hpp

printf '#include "pg_ext/errors_pg.hpp"\n#include "pg_ext/core_bridge.h"\n' >"$work/adapter.cpp"
expect_compiles "an adapter file (pg_headers.hpp and core_bridge.h)" "$work/adapter.cpp"
expect_compiles pg_ext/core_bridge.cpp pg_ext/core_bridge.cpp

if [ "$failures" -ne 0 ]; then
  echo "FAIL $failures boundary compile checks"
  exit 1
fi
echo "ok the compiler enforces the pg_ext/core boundary"
