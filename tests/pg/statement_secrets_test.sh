#!/usr/bin/env bash
# A session id or password written as a literal into a statement stays out of pg_stat_activity
# once a lucia function has received it: another connection of the same role (which PostgreSQL lets
# read the statement text, running or the last one of an idle connection) finds neither, while a
# transaction is open (idle in transaction) or the connection idle after it. A session id passed through the application's own wrapper
# whose statement names no lucia function stays out of the server log when the wrapper then fails.
# Controls show that the reader does see an ordinary statement and that the log keeps ordinary
# failing statements. Needs logging_collector = on (scripts/test.sh). Runs inside pg_virtualenv.
set -euo pipefail
cd "$(dirname "$0")/../.."
. tests/pg/expect.sh
fail=0
db=lucia_statement_secrets
host=${PGHOST:-localhost}
tmp=""
cleanup() {
  rm -rf "$tmp"
  dropdb --if-exists "$db" >/dev/null 2>&1 || true
  psql -X -q -d postgres -c "DROP ROLE IF EXISTS secrets_app" >/dev/null 2>&1 || true
}
trap cleanup EXIT
cleanup
tmp=$(mktemp -d)
tag="$$-$RANDOM"
password="pw-literal-$tag"

createdb "$db"
psql -X -q -v ON_ERROR_STOP=1 -d "$db" >/dev/null <<SQL
CREATE EXTENSION lucia;
SELECT lucia_create_tables();
SELECT user_id FROM lucia_create_user('email', 'ada@x', '$password', '{}', 'ada');
CREATE ROLE secrets_app LOGIN PASSWORD 'app';
SELECT lucia_grant_app('secrets_app');
-- The application's wrapper: its callers' statements name no lucia function.
CREATE FUNCTION app_check(sid text) RETURNS text LANGUAGE plpgsql AS \$\$
BEGIN
    PERFORM user_id FROM lucia_validate_session(sid);
    RAISE EXCEPTION 'the application failed after the check';
END \$\$;
GRANT EXECUTE ON FUNCTION app_check(text) TO secrets_app;
SQL
sid() { psql -X -At -d "$db" -c "SELECT session_id FROM lucia_create_session('ada')"; }
authenticated=$(sid)
validated=$(sid)
cookie=$(sid)
logged=$(sid)

as_app() { PGPASSWORD=app psql -X -q -At -h "$host" -U secrets_app -d "$db" "$@"; }
# Waits until the file exists (the two connections take turns through files).
wait_for() { for _ in $(seq 1 300); do [ -f "$1" ] && return 0; sleep 0.1; done; echo "FAIL timed out waiting for $1"; exit 1; }
# What the same role's other connection reads of the app connection's statement text.
peek() { as_app -c "SELECT coalesce(string_agg(query, ' | '), '(none)') FROM pg_stat_activity WHERE usename = 'secrets_app' AND pid <> pg_backend_pid()"; }

# The app's connection: a statement of each kind, then waits (idle, or idle in transaction) while
# the reader looks.
as_app >"$tmp/app.out" 2>&1 <<SQL &
SELECT 'visible-control-$tag';
\! touch $tmp/step1; while [ ! -f $tmp/read1 ]; do sleep 0.1; done
BEGIN;
SELECT user_id FROM lucia_authenticate('$authenticated');
\! touch $tmp/step2; while [ ! -f $tmp/read2 ]; do sleep 0.1; done
COMMIT;
SELECT user_id FROM lucia_validate_session('$validated');
\! touch $tmp/step4; while [ ! -f $tmp/read4 ]; do sleep 0.1; done
SELECT lucia_create_session_cookie('$cookie', 0);
\! touch $tmp/step5; while [ ! -f $tmp/read5 ]; do sleep 0.1; done
SELECT user_id FROM lucia_validate_key('email', 'ada@x', '$password');
\! touch $tmp/step6; while [ ! -f $tmp/read6 ]; do sleep 0.1; done
SQL
app=$!

wait_for "$tmp/step1"
expect "control: the same role reads an ordinary statement" "$(peek)" "visible-control-$tag"
touch "$tmp/read1"
wait_for "$tmp/step2"
seen=$(peek)
expect "idle in transaction after lucia_authenticate: the session id is masked" "$seen" "lucia_authenticate('(secret hidden by lucia)')"
expect_not "idle in transaction after lucia_authenticate: no session id" "$seen" "$authenticated"
touch "$tmp/read2"
wait_for "$tmp/step4"
expect_not "idle after lucia_validate_session: no session id" "$(peek)" "$validated"
touch "$tmp/read4"
wait_for "$tmp/step5"
expect_not "idle after lucia_create_session_cookie: no session id" "$(peek)" "$cookie"
touch "$tmp/read5"
wait_for "$tmp/step6"
expect_not "idle after lucia_validate_key: no password" "$(peek)" "$password"
touch "$tmp/read6"
wait "$app" || true
expect "the app's statements ran" "$(cat "$tmp/app.out")" "ada"

# The server log: the wrapper fails after lucia_validate_session read the id from its literal.
as_app -c "SELECT app_check('$logged')" >/dev/null 2>&1 || true
as_app -c "SELECT 1 / 0 AS control_$RANDOM, 'log-control-$tag'" >/dev/null 2>&1 || true
log=$(psql -X -At -d "$db" -c "SELECT pg_read_file(pg_current_logfile())")
expect "control: a failing statement is logged with its text" "$log" "log-control-$tag"
expect "the wrapper's failure is logged" "$log" "the application failed after the check"
expect_not "the wrapper's statement, with the session id, is not" "$log" "$logged"
exit "$fail"
