#!/usr/bin/env bash
# lucia_delete_user under a storm (issue 11, defect 1): CLIENTS pgbench clients for STORM_SECONDS on
# USERS users delete and recreate users while others create sessions and keys, log in with a
# one-time key, renew idle sessions (rotate and extend), sweep dead ones and invalidate. Every
# call's error is filed (tests/pg/storm/setup.sql); the test fails on any error other than Lucia's
# answer for a user that is gone: a foreign-key error or a deadlock (40P01) is the bug.
#   bash tests/pg/user_delete_storm_test.sh        (inside pg_virtualenv; CLIENTS=16 STORM_SECONDS=10 USERS=6)
set -euo pipefail
cd "$(dirname "$0")/storm"
CLIENTS=${CLIENTS:-16}
SECONDS_=${STORM_SECONDS:-10}
USERS=${USERS:-6}
db=lucia_storm
PGOPTIONS="-c client_min_messages=warning" dropdb --if-exists "$db"
createdb "$db"
psql -X -q -v ON_ERROR_STOP=1 -v users="$USERS" -d "$db" -f setup.sql >/dev/null

# Half the clients renew with rotate, half with extend (lucia.renewal is superuser-only: set per client).
run_half() {
  PGOPTIONS="-c lucia.renewal=$1" pgbench -n -c $((CLIENTS / 2)) -j 1 -T "$SECONDS_" -D users="$USERS" \
    -f delete.sql@2 -f create.sql@3 -f login.sql@2 -f renew.sql@3 -f invalidate.sql@1 "$db" >/dev/null
}
run_half rotate & rotate=$!
run_half extend & extend=$!
wait "$rotate"
wait "$extend"

counts=$(psql -X -At -d "$db" -c "SELECT (SELECT count(*) FROM storm_done WHERE what = 'delete'),
  (SELECT count(*) FROM storm_done), (SELECT count(*) FROM storm_error)" | tr '|' ' ')
read -r deletes done errors <<<"$counts"
unexpected=$(psql -X -At -d "$db" -c "SELECT what || ' ' || sqlstate || ' ' || message || ' (' || count(*) || ')'
  FROM storm_error
  WHERE message !~ '^AUTH_(INVALID_USER_ID: user does not exist|INVALID_SESSION_ID: session does not exist|INVALID_KEY_ID: key does not exist)'
  GROUP BY what, sqlstate, message ORDER BY 1")
echo "user_delete_storm: $CLIENTS clients, ${SECONDS_} s, $USERS users: $done calls, $deletes deletes, $errors expected-or-not errors"
if [ -n "$unexpected" ]; then
  echo "user_delete_storm: FAILED, errors other than 'no such user/session/key':" >&2
  echo "$unexpected" >&2
  exit 1
fi
if [ "$deletes" -lt 50 ]; then
  echo "user_delete_storm: FAILED, only $deletes deletes succeeded: the storm did not storm" >&2
  exit 1
fi
[ -n "${KEEP_DB:-}" ] || dropdb "$db"
