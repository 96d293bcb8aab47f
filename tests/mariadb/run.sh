#!/usr/bin/env bash
# The MariaDB suites: builds lucia_mariadb.so and the SQLite module, starts a throwaway MariaDB
# server (server.sh), installs lucia into it (mariadb_ext/install.sh) and runs suite.sh, then the
# mtr suite (mtr.sh, tests/mariadb/mtr/), then the Node interop suite over mysql2 (node.sh), then
# the attacks (attacks.sh) in a server with a binary log.
#   bash tests/mariadb/run.sh [build directory, default build]
# Prints "mariadb: N passed, M failed" and exits non-zero on a failure.
set -euo pipefail
cd "$(dirname "$0")/../.."
build=${1:-build}
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build" --target lucia_mariadb lucia_sqlite -j"$(nproc)" >/dev/null
[ -f "$build/lucia_mariadb.so" ] || { echo "mariadb: 0 passed, 1 failed (no $build/lucia_mariadb.so: libmariadbd-dev missing?)"; exit 1; }
log=$(mktemp)
trap 'rm -f "$log"' EXIT
# The suite in a throwaway server of its own, then the mtr suite (mtr starts its own server).
bash tests/mariadb/server.sh bash tests/mariadb/suite.sh "$(cd "$build" && pwd)" 2>&1 | tee "$log" || true
bash tests/mariadb/mtr.sh "$build" 2>&1 | tee -a "$log" || true
bash tests/mariadb/server.sh bash tests/mariadb/node.sh "$build" 2>&1 | tee -a "$log" || true
LUCIA_MARIADB_SERVER_OPTIONS="--log-bin=lucia-bin --server-id=1 --log-bin-trust-function-creators=1" \
  bash tests/mariadb/server.sh bash tests/mariadb/attacks.sh "$build" 2>&1 | tee -a "$log" || true
count() {  # which ("passed" or "failed"), summed over the four summary lines; a missing line fails
  local lines
  lines=$(grep -E '^(suite|mtr|node|attacks): [0-9]+ passed, [0-9]+ failed$' "$log")
  if [ "$1" = passed ]; then
    echo "$lines" | awk '{p += $2} END {print p + 0}'
  else
    echo "$lines" | awk '{f += $4} END {print f + (NR == 4 ? 0 : 1)}'
  fi
}
passed=$(count passed) failed=$(count failed)
echo "mariadb: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
