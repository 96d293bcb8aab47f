#!/usr/bin/env bash
# lucia behind a real pgbouncer in transaction mode, where consecutive transactions of one client
# run on different server connections and one server connection serves many clients in turn:
#  1. the application role cannot change a lucia.* setting for its server connection (SET,
#     set_config), also not before the library is loaded, so no pooled client's renewal changes;
#  2. a role that was granted SET ON PARAMETER does leak a session-level SET to the next clients
#     (why docs/operations.md says never to grant it behind such a pooler), and SET LOCAL does not;
#  3. ALTER ROLE ... IN DATABASE ... SET reaches every pooled connection once pgbouncer reconnects;
#  4. after ALTER DATABASE ... SET lucia.tables_schema, older server connections refuse (no split)
#     until RECONNECT;
#  5. node-postgres: unnamed parameterised queries work, named (prepared) statements do not;
#  6. the authenticated user (lucia_authenticate) never reaches the next client of a server
#     connection: not after COMMIT, not after a statement outside a transaction block, not after a
#     ROLLBACK, not after a client that disconnects in the middle of its transaction.
# Runs inside pg_virtualenv (tests/pg/run.sh); starts and stops its own pgbouncer.
set -euo pipefail
cd "$(dirname "$0")/../.."
db=lucia_pool
app=lucia_pool_app
app_password=pool-test-only
n=20
dir=$(mktemp -d /tmp/lucia-pgbouncer.XXXXXX)
chmod 755 "$dir"

# Runs a program as postgres when we are root (pgbouncer refuses to run as root).
as_postgres() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

stop_all() {
  [ -f "$dir/pgbouncer.pid" ] && kill "$(cat "$dir/pgbouncer.pid")" 2>/dev/null || true
  for _ in $(seq 50); do [ -f "$dir/pgbouncer.pid" ] || break; sleep 0.1; done
  rm -rf "$dir"
  dropdb --if-exists "$db" >/dev/null 2>&1 || true
  psql -X -q -d postgres -c "DROP ROLE IF EXISTS $app" >/dev/null 2>&1 || true
}
trap stop_all EXIT

# Direct, as the superuser of the cluster.
admin() { psql -X -q -At -v ON_ERROR_STOP=1 -d "$db" -c "$1"; }
# Through pgbouncer as the application role; $1 is the pgbouncer database (pool), the rest SQL.
pooled() {
  local pool=$1; shift
  psql -X -q -At -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$port" -U "$app" -d "$pool" "$@"
}
# pgbouncer's admin console.
console() { psql -X -q -At -h 127.0.0.1 -p "$port" -U pgbouncer_admin -d pgbouncer -c "$1" >/dev/null; }
fail() { echo "FAIL $*"; [ -f "$dir/pgbouncer.log" ] && tail -20 "$dir/pgbouncer.log"; exit 1; }

dropdb --if-exists "$db" 2>/dev/null
psql -X -q -d postgres -c "SET client_min_messages = warning" -c "DROP ROLE IF EXISTS $app" -c "CREATE ROLE $app LOGIN PASSWORD '$app_password'" >/dev/null
createdb "$db"
psql -X -q -v ON_ERROR_STOP=1 -d "$db" >/dev/null <<SQL
CREATE EXTENSION lucia;
SELECT lucia_create_tables('auth');
SELECT lucia_create_tables('auth2');
ALTER DATABASE $db SET lucia.tables_schema = 'auth';
SELECT lucia_grant_app('$app');
SQL
for schema in auth auth2; do
  admin "SET lucia.tables_schema = $schema; SELECT lucia_create_user('name', 'pooled', NULL, '{}', 'pooled')" >/dev/null
done

# Two pools of the same database and role: "one" has a single server connection that every client
# shares (what a busy pool does), "two" has two (for the tables_schema split and node-postgres).
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
server_host=${PGHOST:-localhost}
case "$server_host" in /*) ;; *) server_host=127.0.0.1 ;; esac
cat >"$dir/pgbouncer.ini" <<EOF
[databases]
one = host=$server_host port=${PGPORT:-5432} dbname=$db user=$app password=$app_password pool_size=1
two = host=$server_host port=${PGPORT:-5432} dbname=$db user=$app password=$app_password pool_size=2
[pgbouncer]
listen_addr = 127.0.0.1
listen_port = $port
unix_socket_dir =
auth_type = trust
auth_file = $dir/users.txt
admin_users = pgbouncer_admin
pool_mode = transaction
max_client_conn = 200
logfile = $dir/pgbouncer.log
pidfile = $dir/pgbouncer.pid
EOF
printf '"%s" ""\n"pgbouncer_admin" ""\n' "$app" >"$dir/users.txt"
chown -R postgres: "$dir" 2>/dev/null || true
as_postgres pgbouncer -d -q "$dir/pgbouncer.ini"
for _ in $(seq 50); do pooled one -c "SELECT 1" >/dev/null 2>&1 && break; sleep 0.1; done
echo "pgbouncer $(pgbouncer --version | head -1 | cut -d' ' -f2) in transaction mode on port $port"

# How many of n pooled clients (each its own client connection) got their renewed session under
# the same id (extend) instead of a new one (rotate, the setting of this database).
extended_renewals() {
  local extended=0 i old new
  for i in $(seq "$n"); do
    old=$(admin "SELECT session_id FROM lucia_create_session('pooled')")
    new=$(pooled "${1:-one}" -c "SELECT session_id FROM lucia_renew_session('$old')")
    [ -n "$new" ] || fail "client $i: no renewed session"
    [ "$new" = "$old" ] && extended=$((extended + 1))
  done
  echo "$extended"
}

# 1. SET and set_config by the application role. On a fresh server connection (after RECONNECT)
# the library is not loaded yet: PostgreSQL keeps the SET as a placeholder and discards it, with a
# warning, when lucia loads; once loaded, both are refused outright. No later client is affected.
console "RECONNECT one"
pooled one -c "SET lucia.renewal = extend" >/dev/null 2>&1 || true
leaks=$(extended_renewals 2>/dev/null)
[ "$leaks" -eq 0 ] || fail "$leaks of $n pooled clients renewed with the app role's SET before lucia was loaded"
for attempt in "SET lucia.renewal = extend" "SELECT set_config('lucia.renewal', 'extend', false)"; do
  if out=$(pooled one -c "$attempt" 2>&1); then fail "app role's '$attempt' through pgbouncer was accepted"; fi
  case "$out" in
    *"permission denied to set parameter"*) ;;
    *) fail "app role's '$attempt' through pgbouncer: $out" ;;
  esac
done
leaks=$(extended_renewals)
[ "$leaks" -eq 0 ] || fail "$leaks of $n pooled clients renewed with the app role's SET lucia.renewal = extend"
echo "ok the app role's SET/set_config of lucia.renewal is refused (before load: discarded); 0 of $n pooled clients' renewals changed"

# 2. A role granted SET ON PARAMETER (README: "an application that tunes one per session") leaks a
# session-level SET to every later client of the server connection; SET LOCAL leaks to none.
admin "GRANT SET ON PARAMETER lucia.renewal TO $app"
pooled one -c "SET lucia.renewal = extend"
leaks=$(extended_renewals)
[ "$leaks" -eq "$n" ] || fail "expected the granted session-level SET to reach all $n clients, got $leaks"
echo "ok with GRANT SET ON PARAMETER a session-level SET leaks to $leaks of $n pooled clients (never grant it behind a transaction pooler)"
pooled one -c "RESET lucia.renewal"
old=$(admin "SELECT session_id FROM lucia_create_session('pooled')")
new=$(pooled one -c "BEGIN" -c "SET LOCAL lucia.renewal = extend" \
             -c "SELECT session_id FROM lucia_renew_session('$old')" -c "COMMIT")
[ "$new" = "$old" ] || fail "SET LOCAL lucia.renewal = extend did not extend its own renewal"
leaks=$(extended_renewals)
[ "$leaks" -eq 0 ] || fail "SET LOCAL leaked to $leaks of $n pooled clients"
echo "ok SET LOCAL lucia.renewal = extend applies to its transaction only: 0 of $n later clients"
admin "REVOKE SET ON PARAMETER lucia.renewal FROM $app"

# 3. ALTER ROLE ... IN DATABASE: server connections read it when they start, so pgbouncer must
# reconnect; then every pooled client of that role has it.
admin "ALTER ROLE $app IN DATABASE $db SET lucia.renewal = extend"
stale=$(extended_renewals)
console "RECONNECT one"
extended=$(extended_renewals)
[ "$extended" -eq "$n" ] || fail "after ALTER ROLE ... SET and RECONNECT only $extended of $n renewals extended"
echo "ok ALTER ROLE $app IN DATABASE $db SET lucia.renewal = extend: $stale of $n before RECONNECT, $extended of $n after"
admin "ALTER ROLE $app IN DATABASE $db RESET lucia.renewal"
console "RECONNECT one"

# 4. ALTER DATABASE ... SET lucia.tables_schema: a server connection opened before it still has
# the old value, one opened after it the new one. Left alone, the pool's writes would split over
# the two schemas; lucia refuses the stale connection instead (pg_ext/stale_setting.cpp), so every
# write lands in the new schema or fails, until RECONNECT replaces the old connections.
# Each round: one client holds the pool's older server connection in a transaction and creates a
# session late in it, another is given a second server connection meanwhile and creates one.
split_round() {
  pooled two -v ON_ERROR_STOP=0 -c "BEGIN" -c "SELECT pg_sleep(1.5)" \
    -c "SELECT lucia_create_session('pooled') IS NOT NULL" -c "COMMIT" >"$dir/holder.out" 2>&1 &
  local holder=$!
  sleep 0.5
  pooled two -c "SELECT lucia_create_session('pooled') IS NOT NULL" >/dev/null
  wait "$holder"
}
count() { admin "SELECT (SELECT count(*) FROM auth.auth_session) || ' ' || (SELECT count(*) FROM auth2.auth_session)"; }
admin "DELETE FROM auth.auth_session; DELETE FROM auth2.auth_session"
pooled two -c "SELECT lucia_create_session('pooled') IS NOT NULL" >/dev/null   # opens the first server connection
admin "DELETE FROM auth.auth_session"
admin "ALTER DATABASE $db SET lucia.tables_schema = 'auth2'"
split_round
split=$(count)
[ "$split" = "0 1" ] || fail "expected no session in the old schema and one in the new one, got auth/auth2: $split"
grep -q "lucia.tables_schema changed since this connection started" "$dir/holder.out" ||
  fail "the stale server connection did not refuse: $(cat "$dir/holder.out")"
echo "ok without a reconnect the stale server connection refuses, nothing is written into the old schema (auth/auth2: $split)"
admin "DELETE FROM auth.auth_session; DELETE FROM auth2.auth_session"
console "RECONNECT two"
split_round
after=$(count)
[ "$after" = "0 2" ] || fail "after RECONNECT expected every write in auth2, got auth/auth2: $after ($(cat "$dir/holder.out"))"
echo "ok after RECONNECT every pooled write goes to the new schema (auth/auth2: $after)"

# 5. node-postgres through the pooler (tests/node/node_modules, installed by scripts/test.sh).
PGBOUNCER_URL="postgresql://$app@127.0.0.1:$port/two" node tests/pg/pgbouncer_node.js

# 6. The authenticated user. Pool "one" has one server connection, so consecutive clients share
# its backend (the same pg_backend_pid): client 1 authenticates, client 2 must see nobody.
console "RECONNECT one"   # its server connection may predate step 4's lucia.tables_schema = auth2
sid=$(admin "SELECT session_id FROM lucia_create_session('pooled')")
first=$(pooled one -c "BEGIN" -c "SELECT user_id FROM lucia_authenticate('$sid')" \
                   -c "SELECT lucia_authenticated_user_id() || ' ' || pg_backend_pid()" -c "COMMIT")
second=$(pooled one -c "SELECT coalesce(lucia_authenticated_user_id(), 'nobody') || ' ' || pg_backend_pid()")
[ "${first##*$'\n'}" = "pooled ${second#* }" ] || fail "client 1 was not authenticated on client 2's backend: '$first' / '$second'"
[ "${second% *}" = "nobody" ] || fail "client 2 saw client 1's authenticated user: $second"
echo "ok client 1 authenticated in its transaction; client 2 on the same backend (pid ${second#* }) sees nobody"
pooled one -c "SELECT user_id FROM lucia_authenticate('$sid')" >/dev/null 2>&1
after=$(pooled one -c "SELECT coalesce(lucia_authenticated_user_id(), 'nobody')")
[ "$after" = "nobody" ] || fail "an authentication outside a transaction block reached the next client: $after"
echo "ok an authentication outside a transaction block ends with its statement: the next client sees nobody"
# Client 1's transaction fails after it authenticated, and it rolls back (its last statement): the
# backend goes to client 2 with nobody authenticated.
failed=$(pooled one -v ON_ERROR_STOP=0 -c "BEGIN" -c "SELECT user_id || ' ' || pg_backend_pid() FROM lucia_authenticate('$sid')" \
                    -c "SELECT 1 / 0" -c "ROLLBACK" 2>/dev/null)
after=$(pooled one -c "SELECT coalesce(lucia_authenticated_user_id(), 'nobody') || ' ' || pg_backend_pid()")
[ "${failed#* }" = "${after#* }" ] || fail "client 2 did not get client 1's backend after its rollback: '$failed' / '$after'"
[ "${after% *}" = "nobody" ] || fail "a rolled-back transaction passed its authenticated user on: $after"
echo "ok client 1's failed transaction rolls back its authentication: client 2 on the same backend sees nobody"
# Client 1 authenticates and leaves without ending its transaction (psql quits at the end of its
# input with the transaction open): pgbouncer closes that server connection, and the next client
# gets another backend, with nobody authenticated.
{ echo "BEGIN;"; echo "SELECT user_id || ' ' || pg_backend_pid() FROM lucia_authenticate('$sid');"; } |
  pooled one >"$dir/left.out" 2>&1
grep -q "^pooled [0-9]*$" "$dir/left.out" || fail "the departing client did not authenticate: $(cat "$dir/left.out")"
after=$(pooled one -c "SELECT coalesce(lucia_authenticated_user_id(), 'nobody') || ' ' || pg_backend_pid()")
[ "${after% *}" = "nobody" ] || fail "a client that left mid-transaction passed its authenticated user on: $after"
echo "ok a client that disconnects mid-transaction leaves nobody authenticated for the next one (backend $(cut -d' ' -f2 "$dir/left.out") -> ${after#* })"
