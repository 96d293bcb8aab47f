#!/usr/bin/env bash
# The short form of the MariaDB benchmark (BENCH_ONLY=mariadb bash bench/run.sh) for the test
# command: runs bench/mariadb.sh once with tiny counts in a throwaway server and checks that it
# prints every row with numeric ratios. It measures nothing worth reading (the machine is shared
# and the runs are too short); it keeps the benchmark from breaking unnoticed.
#   bash tests/bench/mariadb_smoke.sh [build directory, default build]
# Prints "bench-mariadb: N passed, M failed".
set -euo pipefail
cd "$(dirname "$0")/../.."
build=$(cd "${1:-build}" && pwd)
(cd bench/mariadb-node && npm ci --no-audit --no-fund >/dev/null)
results=$(mktemp)
trap 'rm -f "$results"' EXIT
RUNS=1 MARIADB_CALLS=100 MARIADB_KEY_CALLS=1 MS_EACH=100 \
  bash tests/mariadb/server.sh bash bench/mariadb.sh "$build" "$results" >/dev/null 2>&1 || true
bash tests/bench/check_rows.sh bench-mariadb "$results" /dev/null mariadb_validate_session \
  mariadb_validate_key_vs_openssl mariadb_unknown_key_vs_wrong_password mariadb_node_validate_session \
  mariadb_node_bare_select_vs_lucia_js
