#!/usr/bin/env bash
# Access granted in one database gives nothing in another database of the cluster (issue 10,
# item 3). A role given access in database A, the new way (lucia_grant_app) and the old way
# (GRANT lucia_app, a role of the whole cluster), connects to database B, which it may (CONNECT
# is PUBLIC by default), and tries to create a session for B's user, list B's keys and change
# B's password: all refused, while in A the same calls work. An update from 1.2 takes lucia_app's
# grants away and names the roles to grant instead. Runs inside pg_virtualenv (tests/pg/run.sh).
set -euo pipefail
a=lucia_xdb_a
b=lucia_xdb_b
c=lucia_xdb_c
app=lucia_xdb_app
cleanup() {
  for db in "$a" "$b" "$c"; do dropdb --if-exists "$db" >/dev/null 2>&1 || true; done
  psql -X -q -d postgres -c "DROP ROLE IF EXISTS $app" >/dev/null 2>&1 || true
}
trap cleanup EXIT
cleanup
fail=0
admin() { psql -X -q -At -v ON_ERROR_STOP=1 -d "$1" -c "$2"; }
# Runs $2 as the app role in database $1; prints the result or the error.
as_app() { PGPASSWORD=app-pw psql -X -q -At -U "$app" -d "$1" -c "$2" 2>&1 || true; }
source "$(dirname "$0")/expect.sh"

admin postgres "CREATE ROLE $app LOGIN PASSWORD 'app-pw'"
for db in "$a" "$b"; do
  createdb "$db"
  admin "$db" "CREATE EXTENSION lucia" >/dev/null
  admin "$db" "SELECT lucia_create_tables('auth')" >/dev/null
  admin "$db" "ALTER DATABASE $db SET lucia.tables_schema = auth"
  admin "$db" "SELECT lucia_create_user('email', 'victim@example.com', 'victim-pw', '{}', 'victim')" >/dev/null
done
admin "$a" "SELECT lucia_grant_app('$app')" >/dev/null
admin postgres "GRANT lucia_app TO $app"

# In A the role does its work.
expect "A: create a session" "$(as_app "$a" "SELECT length(session_id) FROM lucia_create_session('victim')")" "40"
expect "A: list keys" "$(as_app "$a" "SELECT count(*) FROM lucia_get_all_user_keys('victim')")" "1"
expect "A: update a password" \
  "$(as_app "$a" "SELECT type FROM lucia_update_key_password('email', 'victim@example.com', 'changed-in-a')")" "persistent"

# In B it is refused everything.
expect "B: create a session refused" "$(as_app "$b" "SELECT session_id FROM lucia_create_session('victim')")" \
  "permission denied for function lucia_create_session"
expect "B: list keys refused" "$(as_app "$b" "SELECT * FROM lucia_get_all_user_keys('victim')")" \
  "permission denied for function lucia_get_all_user_keys"
expect "B: update a password refused" \
  "$(as_app "$b" "SELECT * FROM lucia_update_key_password('email', 'victim@example.com', 'attacker-pw')")" \
  "permission denied for function lucia_update_key_password"
expect "B: validate a session refused" "$(as_app "$b" "SELECT * FROM lucia_validate_session(repeat('x', 40))")" \
  "permission denied for function lucia_validate_session"
expect "B: the password is unchanged" \
  "$(admin "$b" "SELECT user_id FROM lucia_validate_key('email', 'victim@example.com', 'victim-pw')")" "victim"
expect "B: no session was made" "$(admin "$b" "SELECT count(*) FROM auth.auth_session")" "0"
# Nor can the role grant itself access (only superusers may).
expect "B: lucia_grant_app refused" "$(as_app "$b" "SELECT lucia_grant_app('$app')")" "permission denied for function lucia_grant_app"

# A database still at 1.2, where lucia_app gives access: the update takes it away and says what to run.
createdb "$c"
admin "$c" "CREATE EXTENSION lucia VERSION '1.2'" >/dev/null
admin "$c" "SELECT lucia_create_tables()" >/dev/null
expect "C at 1.2: lucia_app gives access" "$(as_app "$c" "SELECT count(*) FROM lucia_get_all_user_sessions(NULL)")" \
  "AUTH_INVALID_USER_ID"
notice=$(psql -X -q -At -v ON_ERROR_STOP=1 -d "$c" -c "ALTER EXTENSION lucia UPDATE TO '1.3'" 2>&1)
expect "C update: the warning names the role" "$notice" "SELECT lucia_grant_app('$app');"
expect "C at 1.3: lucia_app gives nothing" "$(as_app "$c" "SELECT count(*) FROM lucia_get_all_user_sessions(NULL)")" \
  "permission denied for function lucia_get_all_user_sessions"

admin postgres "REVOKE lucia_app FROM $app"
admin "$a" "SELECT lucia_revoke_app('$app')" >/dev/null
expect "A after lucia_revoke_app: refused" "$(as_app "$a" "SELECT * FROM lucia_get_all_user_keys('victim')")" \
  "permission denied for function lucia_get_all_user_keys"
exit "$fail"
