#!/usr/bin/env bash
# Sweep-latency rows (inside pg_virtualenv, run by bench/run.sh; issue 11): does the scheduled sweep
# make logins wait? p99 latency of lucia_create_session and of a rotate renewal (validating an idle
# session), run interleaved by one pgbench client for WINDOW seconds, while
# `CALL lucia_sweep_expired_sessions()` deletes 1,000,000 dead sessions / without a sweep.
#   bash bench/sweep_latency.sh [results file]      RUNS rounds (5), WINDOW seconds (1: inside the ~2.3 s sweep), DEAD rows
# The dead sessions belong to the same 1,000 users the logins are for (1,000 each), so every login
# meets rows the sweep holds. Each round inserts them afresh before each window (the logins' own
# per-user cleanup deletes some). For scale, old= is the same p99 during the 1.0 function
# `SELECT lucia_delete_expired_sessions()` (one transaction). Prints two rows:
#   sweep_latency_create_session <median> <min> <max> a=<p99 ms during,...> b=<p99 ms without,...> old=<...> sweep_s=<...> inside=<...>
#   sweep_latency_rotate_renewal ...
set -euo pipefail
cd "$(dirname "$0")"
RUNS=${RUNS:-5}
WINDOW=${WINDOW:-1}
DEAD=${DEAD:-1000000}
results=${1:-/dev/stdout}
db=bench_sweep_latency

# DEAD dead sessions over the 1,000 users (those of earlier windows deleted first), fresh statistics.
add_dead_sessions() {
  psql -X -q -d "$db" \
    -c "DELETE FROM auth_session WHERE idle_expires < 2000" \
    -c "INSERT INTO auth_session SELECT 'd' || lpad(i::text, 39, '0'), 'u' || lpad((i % 1000 + 1)::text, 14, '0'), 1000, 1000 FROM generate_series(1, $DEAD) i" \
    -c "VACUUM ANALYZE auth_session" >/dev/null
}

# p99 latencies (ms) of create_session and of the rotate renewal, interleaved, one client.
p99s() {
  local logs
  logs=$(mktemp -d)
  pgbench -n -M prepared -c 1 -j 1 -T "$WINDOW" -f pgbench/create_session.sql -f pgbench/rotate_idle_session.sql \
    -l --log-prefix="$logs/log" "$db" >/dev/null 2>&1
  python3 script_latencies.py p99 "$logs"/log*
  rm -rf "$logs"
}

# Seconds since the epoch with fractions, to time the sweep.
now() { date +%s.%N; }

# The p99s while $1 (a sweep statement) runs in another connection: sets latest (the two p99s),
# sweep_seconds and was_inside.
p99s_during() {
  local start sweep
  start=$(now)
  psql -X -q -d "$db" -c "$1" >/dev/null &
  sweep=$!
  sleep 0.2 # let the sweep's first batch start before pgbench's window opens
  latest=$(p99s)
  if kill -0 "$sweep" 2>/dev/null; then was_inside=yes; else was_inside=no; fi
  wait "$sweep"
  sweep_seconds=$(python3 -c "print('%.1f' % ($(now) - $start))")
}

PGOPTIONS="-c client_min_messages=warning" dropdb --if-exists "$db"
createdb "$db"
psql -X -q -v sessions=10000 -d "$db" -f pgbench/setup.sql >/dev/null
# One idle session per user (active period over, idle period ahead), renewed by rotation: the old
# row stays idle, so every call renews.
psql -X -q -d "$db" -c "INSERT INTO auth_session SELECT 'i' || lpad(i::text, 39, '0'), 'u' || lpad(i::text, 14, '0'),
  (extract(epoch FROM now()) * 1000)::bigint - 60000, (extract(epoch FROM now()) * 1000)::bigint + 1296000000
  FROM generate_series(1, 1000) i" >/dev/null

create_a="" create_b="" create_old="" rotate_a="" rotate_b="" rotate_old="" durations="" inside=""
for _ in $(seq "$RUNS"); do
  add_dead_sessions
  read -r c r < <(p99s)
  create_b+="${create_b:+,}$c" rotate_b+="${rotate_b:+,}$r"
  add_dead_sessions
  p99s_during "CALL lucia_sweep_expired_sessions()"
  read -r c r <<<"$latest"
  create_a+="${create_a:+,}$c" rotate_a+="${rotate_a:+,}$r"
  durations+="${durations:+,}$sweep_seconds" inside+="${inside:+,}$was_inside"
  add_dead_sessions
  p99s_during "SELECT lucia_delete_expired_sessions()"
  read -r c r <<<"$latest"
  create_old+="${create_old:+,}$c" rotate_old+="${rotate_old:+,}$r"
done
echo "sweep_latency_create_session $(python3 ratio.py "$create_a" "$create_b") a=$create_a b=$create_b old=$create_old sweep_s=$durations inside=$inside" | tee -a "$results"
echo "sweep_latency_rotate_renewal $(python3 ratio.py "$rotate_a" "$rotate_b") a=$rotate_a b=$rotate_b old=$rotate_old sweep_s=$durations inside=$inside" | tee -a "$results"
dropdb "$db"
