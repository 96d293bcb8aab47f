#!/usr/bin/env bash
# Sweep-under-load row (inside pg_virtualenv, run by bench/run.sh): does the global dead-session sweep slow validation down?
#   bash bench/sweep_under_load.sh [results file]     RUNS rounds, WINDOW seconds per pgbench window (3)
# Each round: 1,000,000 dead sessions are inserted next to 10,000 live ones, then validation TPS
# (pgbench -M prepared, 1 client) is measured without and then while
# `SELECT lucia_delete_expired_sessions()` deletes them in another connection. Prints
#   sweep_under_load <median> <min> <max> a=<TPS during sweep,...> b=<TPS without,...> busy=<...> vs_busy=<...> sweep_s=<...> inside=<...>
# inside=yes means the sweep was still running when pgbench's window ended (the window lay inside it).
# busy= is a control: TPS while another backend only burns CPU. On a VM, 1-client pgbench runs
# faster when the other vCPU is busy (an idle vCPU wakes slowly), so during/without can exceed 1;
# vs_busy (median ratio during/busy) shows what the sweep costs beyond keeping a core busy.
set -euo pipefail
cd "$(dirname "$0")"
RUNS=${RUNS:-5}
# Shorter than the sweep (5-8 s for 1,000,000 rows here), so that the window lies inside it.
WINDOW=${WINDOW:-3}
DEAD=${DEAD:-1000000}
results=${1:-/dev/stdout}
db=bench_sweep

# Validation TPS over the 10,000 live sessions, 1 client, for WINDOW seconds.
tps() {
  pgbench -n -M prepared -c 1 -j 1 -T "$WINDOW" -D sessions=10000 -f pgbench/validate_session.sql "$db" 2>/dev/null |
    sed -n 's/^tps = \([0-9.]*\).*/\1/p'
}

# DEAD sessions whose idle expiry (1 s after 1970) has passed, then fresh statistics, as in cost_1m_vs_10k.
add_dead_sessions() {
  psql -X -q -d "$db" \
    -c "INSERT INTO auth_session SELECT 'd' || lpad(i::text, 39, '0'), 'u' || lpad((i % 1000 + 1)::text, 14, '0'), 1000, 1000 FROM generate_series(1, $DEAD) i" \
    -c "VACUUM ANALYZE auth_session" >/dev/null
}

# A backend that only burns CPU for pgbench's window (plus a second), the control for the sweep's CPU use.
burn_cpu() {
  psql -X -q -d "$db" -c "DO \$\$ DECLARE t timestamptz := clock_timestamp() + interval '$((WINDOW + 1)) s'; BEGIN WHILE clock_timestamp() < t LOOP END LOOP; END \$\$"
}

# Seconds since the epoch with fractions, to time the sweep.
now() { date +%s.%N; }

# A database of its own, so the row does not depend on what other rows left in their tables.
PGOPTIONS="-c client_min_messages=warning" dropdb --if-exists "$db" # no NOTICE when it does not exist
createdb "$db"
psql -X -q -v sessions=10000 -d "$db" -f pgbench/setup.sql >/dev/null

during="" without="" busy="" durations="" inside=""
deleted_file=$(mktemp)
for _ in $(seq "$RUNS"); do
  add_dead_sessions
  without+="${without:+,}$(tps)"
  burn_cpu &
  burner=$!
  sleep 0.2
  busy+="${busy:+,}$(tps)"
  wait "$burner"
  start=$(now)
  psql -X -At -d "$db" -c "SELECT lucia_delete_expired_sessions()" >"$deleted_file" &
  sweep=$!
  sleep 0.2 # let the sweep's first batch start before pgbench's window opens
  during+="${during:+,}$(tps)"
  if kill -0 "$sweep" 2>/dev/null; then inside+="${inside:+,}yes"; else inside+="${inside:+,}no"; fi
  wait "$sweep"
  durations+="${durations:+,}$(python3 -c "print('%.1f' % ($(now) - $start))")"
  if [ "$(cat "$deleted_file")" != "$DEAD" ]; then
    echo "sweep_under_load: the sweep deleted $(cat "$deleted_file") sessions, not $DEAD" >&2
    exit 1
  fi
done
rm -f "$deleted_file"
case ",$inside," in *,no,*) echo "sweep_under_load: the sweep ended before pgbench's window in some rounds (inside=$inside): lower WINDOW" >&2 ;; esac
vs_busy=$(python3 ratio.py "$during" "$busy" | cut -d' ' -f1)
echo "sweep_under_load $(python3 ratio.py "$during" "$without") a=$during b=$without busy=$busy vs_busy=$vs_busy sweep_s=$durations inside=$inside" | tee -a "$results"
dropdb "$db"
