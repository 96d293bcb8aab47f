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
# sqlite3 prints refused calls as "Runtime error near line N: <Lucia code>: <detail>" on stderr.
(cd build && sqlite3 "$database" < ../examples/quickstart.sqlite.sql 2>&1) |
  sed -E 's/^(Runtime|Parse) error near line [0-9]+: /   refused: /'
