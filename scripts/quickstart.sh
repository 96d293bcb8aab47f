#!/usr/bin/env bash
# The README's first command: builds the SQLite module and runs the quickstart on an embedded
# SQLite database file (no server), printing each step.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
echo "Building the SQLite module (build/lucia.so)..."
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build --target lucia_sqlite -j"$(nproc)" >/dev/null
database=$(mktemp -d)/quickstart.db
echo "Running examples/quickstart.sqlite.sql with sqlite3 on $database:"
echo
# sqlite3 prints refused calls as "Runtime error near line N: <Lucia code>: <detail>" on stderr,
# and then exits 1 even though those refusals are steps of the quickstart.
log=$(mktemp)
trap 'rm -f "$log"' EXIT
(cd build && sqlite3 "$database" < ../examples/quickstart.sqlite.sql 2>&1 || true) | tee "$log" |
  sed -E 's/^(Runtime|Parse) error near line [0-9]+: /   refused: /'
# Why: the exit status says whether the quickstart worked: exactly the two refusals it shows on
# purpose (steps 3 and 8), in that order, and every step up to the last line.
refusals=$(grep -oE '^((Runtime|Parse) error near line [0-9]+|Error): [^:]*' "$log" | sed -E 's/.*: //' | tr '\n' ' ')
if [ "$refusals" != "AUTH_INVALID_PASSWORD AUTH_INVALID_SESSION_ID " ] || ! grep -q '^Done\. ' "$log"; then
  echo "The quickstart failed: unexpected errors (${refusals:-none}) or it stopped before the end." >&2
  exit 1
fi
