#!/usr/bin/env bash
# Instructions per call of the three SQLite lookups, counted by valgrind's callgrind (repeatable
# to the unit, unlike time on a shared machine). Needs build/lucia.so and build/sqlite_instructions
# (cmake --build build --target lucia_sqlite sqlite_instructions).
#   bash bench/sqlite_instructions.sh [calls]     10000 by default
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x build/sqlite_instructions ] || { echo "sqlite_instructions: build it first (see above)" >&2; exit 1; }
calls=${1:-10000}
command -v valgrind >/dev/null || { echo "sqlite_instructions: valgrind is not installed (apt-get install valgrind)" >&2; exit 1; }
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

# Instructions per call of one query: the toggled loop runs 100 warm-up calls and then `calls`.
per_call() {
  valgrind --tool=callgrind --callgrind-out-file="$out/cg" --toggle-collect=lucia_measured_calls \
    build/sqlite_instructions build/lucia.so "$1" "$calls" 2>"$out/log"
  local total
  total=$(sed -n 's/.*Collected : \([0-9]*\).*/\1/p' "$out/log")
  [ -n "$total" ] || { cat "$out/log" >&2; exit 1; }
  echo $((total / (calls + 100)))
}

bare=$(per_call "SELECT user_id, active_expires, idle_expires FROM auth_session WHERE id = ?1")
floor=$(per_call "SELECT bench_nested_lookup(?1)")
lucia=$(per_call "SELECT lucia_validate_session(?1)")
echo "instructions per call: bare primary-key SELECT $bare, nested-lookup floor $floor, lucia_validate_session $lucia"
python3 -c "print('ratios (bare / x): floor %.3f, lucia_validate_session %.3f' % ($bare / $floor, $bare / $lucia))"
