#!/usr/bin/env bash
# The MariaDB suite: builds lucia_mariadb.so and the SQLite module, starts a throwaway MariaDB
# server (server.sh), installs lucia into it (mariadb_ext/install.sh) and runs suite.sh.
#   bash tests/mariadb/run.sh [build directory, default build]
# Prints "mariadb: N passed, M failed" and exits non-zero on a failure.
set -euo pipefail
cd "$(dirname "$0")/../.."
build=${1:-build}
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build" --target lucia_mariadb lucia_sqlite -j"$(nproc)" >/dev/null
[ -f "$build/lucia_mariadb.so" ] || { echo "mariadb: 0 passed, 1 failed (no $build/lucia_mariadb.so: libmariadbd-dev missing?)"; exit 1; }
exec bash tests/mariadb/server.sh bash tests/mariadb/suite.sh "$(cd "$build" && pwd)"
