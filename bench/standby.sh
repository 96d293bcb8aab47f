#!/usr/bin/env bash
# Replica rows (bench/run.sh runs this inside tests/pg/replica_pair.sh --synchronous):
#   standby_validate_session           lucia_validate_session TPS on the standby / on the primary,
#                                      the same 10,000 sessions (replicated), 1 client
#   synchronous_apply_create_session   lucia_create_session TPS with lucia.synchronous_apply on /
#                                      off, the standby synchronous (off still waits for its flush)
# Rounds alternate the two sides (RUNS rounds of SECONDS_EACH seconds each); one line per row:
# name, median ratio, min, max, then the per-round figures.
set -euo pipefail
cd "$(dirname "$0")"
RUNS=${RUNS:-5}
SECONDS_EACH=${SECONDS_EACH:-5}
results=${1:-/dev/stdout}

psql -X -q -p "$PRIMARY_PORT" -d lucia_pair -v sessions=10000 -f pgbench/setup.sql >/dev/null
lsn=$(psql -X -At -p "$PRIMARY_PORT" -d lucia_pair -c "SELECT pg_current_wal_lsn()")
until [ "$(psql -X -At -p "$STANDBY_PORT" -d lucia_pair -c "SELECT pg_last_wal_replay_lsn() >= '$lsn'")" = t ]; do
  sleep 0.1
done

# TPS of one pgbench script, 1 client, prepared: port, script, then PGOPTIONS for the connection.
tps_on() {
  PGOPTIONS=${3:-} pgbench -n -M prepared -c 1 -j 1 -T "$SECONDS_EACH" -p "$1" -D sessions=10000 \
    -f "pgbench/$2.sql" lucia_pair 2>/dev/null | sed -n 's/^tps = \([0-9.]*\).*/\1/p'
}

standby="" primary="" on="" off=""
for _ in $(seq "$RUNS"); do
  standby+="${standby:+,}$(tps_on "$STANDBY_PORT" validate_session)"
  primary+="${primary:+,}$(tps_on "$PRIMARY_PORT" validate_session)"
done
echo "standby_validate_session $(python3 ratio.py "$standby" "$primary") standby_tps=$standby primary_tps=$primary" |
  tee -a "$results"
for _ in $(seq "$RUNS"); do
  on+="${on:+,}$(tps_on "$PRIMARY_PORT" create_session "-c lucia.synchronous_apply=on")"
  off+="${off:+,}$(tps_on "$PRIMARY_PORT" create_session "-c lucia.synchronous_apply=off")"
done
echo "synchronous_apply_create_session $(python3 ratio.py "$on" "$off") on_tps=$on off_tps=$off" | tee -a "$results"
