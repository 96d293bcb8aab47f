#!/usr/bin/env bash
# New sessions while the relation cache of auth_session is rebuilt again and again (issue 12's
# benchmark found it: a backend crashed with SIGSEGV in the insert probe, which read the table's
# trigger list after a catalog scan that can process invalidations and free it). CLIENTS pgbench
# clients create, validate (directly read, with and without the user) and log in for
# STORM_SECONDS while one client runs ANALYZE on the three tables (which invalidates every
# backend's cache entries of them) in a loop. A crashed backend takes every
# connection with it: pgbench then aborts its clients and the test fails.
#   bash tests/pg/relcache_storm_test.sh      (inside pg_virtualenv; CLIENTS=4 STORM_SECONDS=10)
set -euo pipefail
cd "$(dirname "$0")/relcache"
CLIENTS=${CLIENTS:-4}
SECONDS_=${STORM_SECONDS:-10}
db=lucia_relcache
PGOPTIONS="-c client_min_messages=warning" dropdb --if-exists "$db"
createdb "$db"
psql -X -q -v ON_ERROR_STOP=1 -d "$db" -f setup.sql >/dev/null

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
pgbench -n -M extended -c "$CLIENTS" -j 2 -T "$SECONDS_" -f create.sql "$db" >"$work/create.out" 2>&1 & creators=$!
pgbench -n -c 1 -T "$SECONDS_" -f analyze.sql "$db" >"$work/analyze.out" 2>&1 & analyzer=$!
status=0
wait "$creators" || status=$?
wait "$analyzer" || true
created=$(sed -n 's/^number of transactions actually processed: \([0-9]*\).*/\1/p' "$work/create.out")
analyzed=$(sed -n 's/^number of transactions actually processed: \([0-9]*\).*/\1/p' "$work/analyze.out")
echo "relcache_storm: $CLIENTS clients, ${SECONDS_} s: ${created:-0} create+validate+login rounds during ${analyzed:-0} rounds of ANALYZE"
if [ "$status" -ne 0 ] || grep -q "server closed the connection\|terminated abnormally\|aborted" "$work/create.out"; then
  echo "relcache_storm: FAILED, the session creators lost their server:" >&2
  grep -m5 -i "error\|closed\|abort" "$work/create.out" >&2 || true
  exit 1
fi
if [ "${created:-0}" -lt 1000 ] || [ "${analyzed:-0}" -lt 50 ]; then
  echo "relcache_storm: FAILED, the storm did not storm" >&2
  exit 1
fi
[ -n "${KEEP_DB:-}" ] || dropdb "$db"
