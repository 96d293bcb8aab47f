#!/usr/bin/env bash
# Runs inside pg_virtualenv: pg_regress and isolation tests, then the tests that need several
# connections or client programs. $1 is the summary file of scripts/test.sh.
set -euo pipefail
cd "$(dirname "$0")/../.."
summary=${1:-/dev/null}

# installcheck runs on any stock server; installcheck-configured needs this cluster's settings
# (pg_stat_statements preloaded, logging collector on, prepared transactions: see scripts/test.sh).
if ! make installcheck || ! make installcheck-configured; then
  for diffs in regression.diffs output_iso/regression.diffs tests/pg/configured_server/regression.diffs; do
    [ -f "$diffs" ] && cat "$diffs"
  done
  exit 1
fi
regress=$(ls sql/*.sql tests/pg/configured_server/sql/*.sql | wc -l)
isolation=$(ls specs/*.spec 2>/dev/null | wc -l)
echo "pg_regress $regress 0" >>"$summary"
echo "isolation $isolation 0" >>"$summary"

shell_tests=0
for test in tests/pg/*_test.sh; do
  [ -e "$test" ] || continue
  echo "---- $test"
  bash "$test"
  shell_tests=$((shell_tests + 1))
done
echo "pg-shell $shell_tests 0" >>"$summary"
