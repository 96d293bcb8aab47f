#!/usr/bin/env bash
# The short form of the row-level security benchmark (BENCH_ONLY=rls bash bench/run.sh) for the
# test command, inside its pg_virtualenv: runs bench/rls.sh once with tiny counts (20,000 rows, one
# 1-second round per row) and checks that it prints every row with numeric ratios (bench/rls.sh
# itself fails first when a policy shows other rows than the authenticated user's). It measures
# nothing worth reading; it keeps the benchmark from breaking unnoticed.
#   bash tests/bench/rls_smoke.sh [summary file of scripts/test.sh]
# Prints "bench-rls: N passed, M failed" and appends "bench-rls N M" to the summary file.
set -euo pipefail
cd "$(dirname "$0")/../.."
summary=${1:-/dev/null}
results=$(mktemp)
log=$(mktemp)
trap 'rm -f "$results" "$log"' EXIT
RUNS=1 SECONDS_EACH=1 RLS_ROWS=20000 bash bench/rls.sh "$results" >"$log" 2>&1 || cat "$log" >&2
bash tests/bench/check_rows.sh bench-rls "$results" "$summary" rls_count_initplan rls_count_bare \
  rls_authenticate_pk_read
