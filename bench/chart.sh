#!/usr/bin/env bash
# Chart (inside pg_virtualenv, run by bench/run.sh): does validation throughput hold as the session table grows from 10k to 1M rows?
#   bash bench/chart.sh       RUNS rounds of SECONDS_EACH seconds per point; writes bench/chart.dat and
#                             draws bench/validation-throughput.png (bench/validation-throughput.gp)
# Each point is validations per second with 1 client, ids drawn uniformly from all the sessions in
# the table: lucia_validate_session and the bare primary-key SELECT (pgbench -M prepared), and Lucia
# JS auth.validateSession through pg (bench/node/validate-throughput.mjs); median, min, max of RUNS.
set -euo pipefail
cd "$(dirname "$0")"
RUNS=${RUNS:-5}
SECONDS_EACH=${SECONDS_EACH:-5}
db=bench_chart
data=chart.dat

# pgbench TPS, 1 client, of one script over the first $2 sessions.
tps() {
  pgbench -n -M prepared -c 1 -j 1 -T "$SECONDS_EACH" -D sessions="$2" -f "pgbench/$1.sql" "$db" 2>/dev/null |
    sed -n 's/^tps = \([0-9.]*\).*/\1/p'
}

# Lucia JS validateSession calls per second over the first $1 sessions.
lucia_js() {
  (cd node && SESSIONS="$1" SECONDS_EACH="$SECONDS_EACH" node validate-throughput.mjs "$db")
}

# Active sessions s<$1+1> to s<$2> of the same form as bench/pgbench/setup.sql's, then fresh statistics.
grow() {
  psql -X -q -d "$db" \
    -c "INSERT INTO auth_session SELECT 's' || lpad(i::text, 39, '0'), 'u' || lpad((i % 1000 + 1)::text, 14, '0'), (extract(epoch FROM now()) * 1000)::bigint + 86400000, (extract(epoch FROM now()) * 1000)::bigint + 1296000000 FROM generate_series($1 + 1, $2) i" \
    -c "VACUUM ANALYZE auth_session" >/dev/null
}

# A database of its own: the table grows from 10,000 to 1,000,000 sessions, point by point.
PGOPTIONS="-c client_min_messages=warning" dropdb --if-exists "$db" # no NOTICE when it does not exist
createdb "$db"
psql -X -q -v sessions=10000 -d "$db" -f pgbench/setup.sql >/dev/null

echo "# validations per second, 1 client (bench/chart.sh, RUNS=$RUNS SECONDS_EACH=$SECONDS_EACH): median min max of each series" >"$data"
echo "# sessions lucia_validate_session(median min max) bare_pk_select(median min max) lucia_js_validateSession(median min max)" >>"$data"
size=10000
for next in 10000 100000 1000000; do
  grow "$size" "$next"
  size=$next
  lucia="" bare="" js=""
  for _ in $(seq "$RUNS"); do
    lucia+="${lucia:+,}$(tps validate_session "$size")"
    bare+="${bare:+,}$(tps bare_session "$size")"
    js+="${js:+,}$(lucia_js "$size")"
  done
  echo "$size $(python3 stats.py "$lucia") $(python3 stats.py "$bare") $(python3 stats.py "$js")" | tee -a "$data"
done
gnuplot validation-throughput.gp
echo "chart: bench/validation-throughput.png (data: bench/$data)"
dropdb "$db"
