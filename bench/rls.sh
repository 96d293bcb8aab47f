#!/usr/bin/env bash
# Runs inside pg_virtualenv (BENCH_ONLY=rls bash bench/run.sh, and its short form
# tests/bench/rls_smoke.sh): the row-level security rows of issue 15, as rls_app, a role that owns
# none of the tables (bench/pgbench/rls_setup.sql). Each row runs its two scripts interleaved in one
# pgbench per round (each transaction picks one at random, so the machine's drift hits both alike)
# and prints name, median ratio, min, max of the rounds, then the per-round figures:
#   rls_count_initplan  count(*) over RLS_ROWS rows, policy (SELECT lucia_authenticated_user_id())
#                       / the same policy comparing to a constant (TPS ratio: constant ms / ours)
#   rls_count_bare      the same with the bare call lucia_authenticated_user_id() in the policy
#   rls_authenticate_pk_read  lucia_authenticate + one RLS-filtered primary-key read per transaction
#                       / lucia_validate_session + the same read without RLS (1 client)
# Before measuring it checks that every side counts the same rows and prints each count's plan.
#   bash bench/rls.sh [results file]      RUNS, SECONDS_EACH, RLS_ROWS (default 1000000)
set -euo pipefail
cd "$(dirname "$0")"
RUNS=${RUNS:-5}
SECONDS_EACH=${SECONDS_EACH:-5}
RLS_ROWS=${RLS_ROWS:-1000000}
results=${1:-/dev/stdout}
psql -X -q -d postgres -c 'SET client_min_messages = warning' -c 'DROP DATABASE IF EXISTS rls' -c 'DROP ROLE IF EXISTS rls_app'
createdb rls
psql -X -q -o /dev/null -v ON_ERROR_STOP=1 -v sessions=10000 -d rls -f pgbench/setup.sql
psql -X -q -o /dev/null -v ON_ERROR_STOP=1 -v rows="$RLS_ROWS" -d rls -f pgbench/rls_setup.sql
export PGUSER=rls_app PGPASSWORD=rls-bench

# One statement's output as rls_app, in a transaction authenticated as u...01 (session 1000).
as_user() {
  psql -X -qAt -v ON_ERROR_STOP=1 -d rls -c 'BEGIN' \
    -c "SELECT FROM lucia_authenticate('s' || lpad('1000', 39, '0'))" -c "$1" -c 'COMMIT' | sed '/^$/d'
}
# Every side sees u...01's rows and no other (each user owns RLS_ROWS / 1000 notes); the plans, for
# the record.
expected="$((RLS_ROWS / 1000))|$((RLS_ROWS / 1000))"
echo "max_parallel_workers_per_gather=$(psql -X -At -d rls -c 'SHOW max_parallel_workers_per_gather')"
for table in rls_initplan rls_bare rls_const; do
  got=$(as_user "SELECT count(*), count(*) FILTER (WHERE owner_id = 'u00000000000001') FROM $table")
  if [ "$got" != "$expected" ]; then
    echo "bench/rls.sh: $table counts $got rows (all|u...01's) as u...01, not $expected" >&2
    exit 1
  fi
  echo "plan of count(*) over $table:"
  as_user "EXPLAIN (COSTS OFF) SELECT count(*) FROM $table" | sed 's/^/  /'
done

# Mean latencies in ms of two scripts run interleaved in one pgbench: clients, then the two names.
latencies() {
  local logs
  logs=$(mktemp -d)
  pgbench -n -M prepared -c "$1" -j "$1" -T "$SECONDS_EACH" -D sessions=10000 \
    -f "pgbench/$2.sql" -f "pgbench/$3.sql" -l --log-prefix="$logs/log" rls >/dev/null 2>&1
  python3 ../bench/script_latencies.py mean "$logs"/log*
  rm -rf "$logs"
}
# name, clients, our script, the other side's script: TPS ratio ours / theirs per round, i.e. the
# other side's mean latency over ours.
interleaved() {
  local name=$1 clients=$2 ours=$3 theirs=$4 as="" bs="" o t
  for _ in $(seq "$RUNS"); do
    read -r o t < <(latencies "$clients" "$ours" "$theirs")
    as+="${as:+,}$t"
    bs+="${bs:+,}$o"
  done
  echo "$name $(python3 ../bench/ratio.py "$as" "$bs") theirs_ms=$as ours_ms=$bs" | tee -a "$results"
}

interleaved rls_count_initplan 1 rls_count_initplan rls_count_const
interleaved rls_count_bare 1 rls_count_bare rls_count_const
interleaved rls_authenticate_pk_read 1 rls_pk_read plain_pk_read
