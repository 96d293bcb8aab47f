#!/usr/bin/env bash
# Runs inside pg_virtualenv: the Node interop suites, the real lucia-auth 1.8.0 against the
# lucia functions on PostgreSQL and on SQLite. $1 is the summary file of scripts/test.sh.
set -euo pipefail
cd "$(dirname "$0")"
summary=${1:-/dev/null}
export LUCIA_SQLITE_MODULE="$(cd ../.. && pwd)/build/lucia.so"
log=$(mktemp)
status=0
node --test --test-concurrency=1 postgres.test.js sqlite.test.js sqlite_hostile.test.js 2>&1 | tee "$log" || status=$?
passed=$(sed -n 's/^# pass \([0-9]*\)$/\1/p' "$log" | tail -1)
failed=$(sed -n 's/^# fail \([0-9]*\)$/\1/p' "$log" | tail -1)
echo "node-interop ${passed:-0} ${failed:-1}" >>"$summary"
rm -f "$log"
exit "$status"
