#!/usr/bin/env bash
# No error path writes a password handed to a lucia function to the server log: each attack below
# ends a login with an error (timeout, cancel, terminate, wrong password inside DO or PL/pgSQL, an
# error after the function returned, before it was entered, bound parameters logged on error, a
# WARNING with log_min_error_statement = warning) or logs a login (log_statement,
# log_min_duration_statement, auto_explain, bound parameters) using its own password, then the log is searched
# for every one of them. Needs logging_collector = on (scripts/test.sh). Runs inside pg_virtualenv.
set -euo pipefail
cd "$(dirname "$0")/../.."
db=lucia_log_secrets
tag="$$-$RANDOM"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"; dropdb --if-exists "$db" >/dev/null 2>&1 || true' EXIT
sql() { psql -X -q -At -v ON_ERROR_STOP=1 -d "$db" -c "$1"; }
fail() { echo "FAIL $*"; exit 1; }

names="timeout do_timeout do_wrong fn_reraise fn_dynamic cancel terminate after before bound_wrong bound_timeout warning
       logged_statement bound_logged deadlock"
declare -A password
for name in $names; do password[$name]="pw-$name-$tag"; done

dropdb --if-exists "$db" >/dev/null 2>&1 || true
createdb "$db"
{
  echo "CREATE EXTENSION lucia; SELECT lucia_create_tables();"
  for name in $names; do
    echo "SELECT user_id FROM lucia_create_user('email', '$name@x', '${password[$name]}', '{}', '$name');"
  done
} | psql -X -q -v ON_ERROR_STOP=1 -d "$db" >/dev/null

# Runs SQL from stdin in one session (statements sent one by one), expecting `error` in its output.
attack() {
  local name=$1 error=$2 out="$tmp/$1.out"
  psql -X -d "$db" >"$out" 2>&1 || true
  grep -qF -- "$error" "$out" || { cat "$out"; fail "$name: the attack did not end with \"$error\""; }
  echo "ok attack $name ended with \"$error\""
}

# The right password, cancelled by statement_timeout during scrypt (~85 ms here; the pg_sleep after
# it makes the timeout fire within the statement on a machine where scrypt takes under 50 ms).
attack timeout "canceling statement due to statement timeout" <<SQL
SET statement_timeout = '50ms';
SELECT k.*, pg_sleep(0.2) FROM lucia_validate_key('email', 'timeout@x', '${password[timeout]}') k;
SQL
# The same inside a DO block (the CONTEXT line quotes the PERFORM).
attack do_timeout "canceling statement due to statement timeout" <<SQL
SET statement_timeout = '50ms';
DO \$\$ BEGIN PERFORM lucia_validate_key('email', 'do_timeout@x', '${password[do_timeout]}'); PERFORM pg_sleep(0.2); END \$\$;
SQL
# A wrong password inside DO: our own error, but the CONTEXT line quotes the statement.
attack do_wrong "AUTH_INVALID_PASSWORD" <<SQL
DO \$\$ BEGIN PERFORM lucia_validate_key('email', 'do_wrong@x', '${password[do_wrong]}-wrong'); END \$\$;
SQL
# An app's PL/pgSQL login that turns our error into its own (a new error, statement not hidden).
attack fn_reraise "login failed for fn_reraise@x" <<SQL
CREATE FUNCTION pg_temp.app_login(email text, pw text) RETURNS text LANGUAGE plpgsql AS \$f\$
BEGIN
    RETURN (lucia_validate_key('email', email, pw)).user_id;
EXCEPTION WHEN others THEN
    RAISE EXCEPTION 'login failed for %', email;
END \$f\$;
SELECT pg_temp.app_login('fn_reraise@x', '${password[fn_reraise]}-wrong');
SQL
# An app's PL/pgSQL login that builds the call with format(%L): the right password, timed out.
attack fn_dynamic "canceling statement due to statement timeout" <<SQL
CREATE FUNCTION pg_temp.app_login(email text, pw text) RETURNS text LANGUAGE plpgsql AS \$f\$
DECLARE
    id text;
BEGIN
    EXECUTE format('SELECT user_id FROM lucia_validate_key(%L, %L, %L)', 'email', email, pw) INTO id;
    PERFORM pg_sleep(0.2);
    RETURN id;
END \$f\$;
SET statement_timeout = '50ms';
SELECT pg_temp.app_login('fn_dynamic@x', '${password[fn_dynamic]}');
SQL
# An error raised after the function returned, in the same statement.
attack after "division by zero" <<SQL
SELECT k.user_id, 1 / (length(k.user_id) - length(k.user_id))
FROM lucia_validate_key('email', 'after@x', '${password[after]}') k;
SQL
# An error raised before the function is entered (the library is already loaded in the session).
attack before "does not exist" <<SQL
SELECT lucia_generate_random_string(4) IS NOT NULL AS loaded;
SELECT lucia_validate_key('email', 'before@x', '${password[before]}') FROM no_such_table;
SQL
# A WARNING after a login, logged with its statement because log_min_error_statement = warning.
attack warning "WARNING:  logged in" <<SQL
SET log_min_error_statement = warning;
DO \$\$ BEGIN PERFORM lucia_validate_key('email', 'warning@x', '${password[warning]}'); RAISE WARNING 'logged in'; END \$\$;
SQL

# A successful login with every statement logged (log_statement, log_min_duration_statement,
# auto_explain): the log lines that quote the statement get its text replaced. The control
# statement before it shows that these settings log texts here. Statements are logged when they
# arrive, so lucia must be loaded by then: session_preload_libraries, as docs/api.md advises.
PGOPTIONS="-c session_preload_libraries=lucia" attack logged_statement "logged_statement" <<SQL
SET log_statement = 'all';
SET log_min_duration_statement = 0;
LOAD 'auto_explain';
SET auto_explain.log_min_duration = 0;
SELECT 'logged-control-$tag' AS control;
SELECT user_id FROM lucia_validate_key('email', 'logged_statement@x', '${password[logged_statement]}');
SQL

# pg_cancel_backend and pg_terminate_backend while a login runs (100 logins: one is interrupted).
interrupt() {
  local name=$1 call=$2 error=$3 out="$tmp/$1.out" pid=""
  PGAPPNAME="lucia_$name" psql -X -d "$db" >"$out" 2>&1 <<SQL &
SELECT (lucia_validate_key('email', '$name@x', '${password[$name]}')).user_id FROM generate_series(1, 100);
SQL
  local client=$!
  for _ in $(seq 100); do
    pid=$(sql "SELECT pid FROM pg_stat_activity WHERE application_name = 'lucia_$name' AND state = 'active'")
    [ -n "$pid" ] && break
    sleep 0.1
  done
  [ -n "$pid" ] || fail "$name: the login never started"
  sleep 0.3
  sql "SELECT $call($pid)" >/dev/null
  wait "$client" || true
  grep -qF -- "$error" "$out" || { cat "$out"; fail "$name: the attack did not end with \"$error\""; }
  echo "ok attack $name ended with \"$error\""
}
interrupt cancel pg_cancel_backend "canceling statement due to user request"
interrupt terminate pg_terminate_backend "terminating connection due to administrator command"

# A deadlock between a login (process B) and another transaction (process A, which detects it):
# A's report lists B's statement. Run with lucia loaded in A, as session_preload_libraries does.
sql "CREATE TABLE deadlock_other (id int)"
PGOPTIONS="-c session_preload_libraries=lucia" PGAPPNAME=lucia_deadlock_a psql -X -d "$db" >"$tmp/deadlock.out" 2>&1 <<'SQL' &
SET deadlock_timeout = '100ms';
BEGIN;
LOCK TABLE auth_key IN ACCESS EXCLUSIVE MODE;
DO $$
BEGIN
    FOR i IN 1..200 LOOP
        PERFORM pg_stat_clear_snapshot();
        IF EXISTS (SELECT 1 FROM pg_stat_activity WHERE application_name = 'lucia_deadlock_b' AND wait_event_type = 'Lock') THEN
            RETURN;
        END IF;
        PERFORM pg_sleep(0.05);
    END LOOP;
    RAISE EXCEPTION 'the login never waited';
END $$;
LOCK TABLE deadlock_other IN ACCESS EXCLUSIVE MODE;
ROLLBACK;
SQL
other=$!
for _ in $(seq 100); do
  [ -n "$(sql "SELECT 1 FROM pg_locks l JOIN pg_stat_activity a USING (pid) WHERE a.application_name = 'lucia_deadlock_a' AND l.relation = 'auth_key'::regclass AND l.granted")" ] && break
  sleep 0.05
done
PGAPPNAME=lucia_deadlock_b psql -X -q -v ON_ERROR_STOP=1 -d "$db" >"$tmp/deadlock_login.out" 2>&1 <<SQL || { cat "$tmp/deadlock_login.out"; fail "deadlock: the login failed"; }
SET deadlock_timeout = '20s';
BEGIN;
LOCK TABLE deadlock_other IN ACCESS EXCLUSIVE MODE;
SELECT user_id FROM lucia_validate_key('email', 'deadlock@x', '${password[deadlock]}');
COMMIT;
SQL
wait "$other" || true
grep -qF "deadlock detected" "$tmp/deadlock.out" || { cat "$tmp/deadlock.out"; fail "deadlock: the other process did not detect it"; }
echo "ok attack deadlock ended with \"deadlock detected\" in the other process"

# Bound parameters (extended protocol), with log_parameter_max_length_on_error = -1, which any
# user may set: a wrong password (our error) and the right one timed out.
PGOPTIONS="-c session_preload_libraries=lucia" PGDATABASE=$db node - "${password[bound_wrong]}-wrong" "${password[bound_timeout]}" "${password[bound_logged]}" >"$tmp/bound.out" 2>&1 <<'JS' || { cat "$tmp/bound.out"; fail "bound parameters"; }
const pg = require(require("path").resolve("tests/node/node_modules/pg"));
const [wrong, right, logged] = process.argv.slice(2);
// Logs in with bound parameters after `settings`; the login must fail with `expected`, or
// succeed when `expected` is null.
async function attempt(settings, email, password, expected, sleep = 0) {
  const client = new pg.Client();
  await client.connect();
  for (const setting of settings) await client.query(setting);
  try {
    await client.query("SELECT k.*, pg_sleep($4) FROM lucia_validate_key($1, $2, $3) k", ["email", email, password, sleep]);
    if (expected === null) {
      console.log(`ok attack ${email} with bound parameters logged in`);
      return;
    }
    throw new Error(`${email}: the login did not fail`);
  } catch (error) {
    if (!String(error.message).includes(expected)) throw error;
    console.log(`ok attack ${email} with bound parameters ended with "${expected}"`);
  } finally {
    await client.end();
  }
}
(async () => {
  const logParameters = "SET log_parameter_max_length_on_error = -1";
  await attempt([logParameters], "bound_wrong@x", wrong, "AUTH_INVALID_PASSWORD");
  await attempt([logParameters, "SET statement_timeout = '50ms'"], "bound_timeout@x", right,
                "canceling statement due to statement timeout", 0.2);
  await attempt(["SET log_statement = 'all'", "SET log_min_duration_statement = 0", "SET log_parameter_max_length = -1"],
                "bound_logged@x", logged, null);
})().catch((error) => { console.error(error); process.exit(1); });
JS
cat "$tmp/bound.out"

# Control: an ordinary failing statement is logged with its text and parameters, so the
# settings above really log statements; it is also the marker that the log has been flushed.
marker="control-$tag"
PGDATABASE=$db node - "$marker" >"$tmp/control.out" 2>&1 <<'JS' || { cat "$tmp/control.out"; fail "control"; }
const pg = require(require("path").resolve("tests/node/node_modules/pg"));
(async () => {
  const client = new pg.Client();
  await client.connect();
  await client.query("SET log_parameter_max_length_on_error = -1");
  await client.query("SELECT 1 / 0 AS control, $1::text AS marker", [process.argv[2]]).catch(() => {});
  await client.end();
})();
JS
log_text() { sql "SELECT pg_read_file(pg_current_logfile())"; }
for _ in $(seq 100); do
  log_text | grep -qF -- "$marker" && break
  sleep 0.1
done
log_text >"$tmp/server.log"
grep -qF -- "STATEMENT:  SELECT 1 / 0 AS control" "$tmp/server.log" || fail "control: the failing statement was not logged"
grep -qF -- "\$1 = '$marker'" "$tmp/server.log" || fail "control: the bound parameter was not logged"
grep -qF -- "statement: SELECT 'logged-control-$tag'" "$tmp/server.log" || fail "control: log_statement did not log"
grep -qF -- "Query Text: SELECT 'logged-control-$tag'" "$tmp/server.log" || fail "control: auto_explain did not log"
echo "ok control statements and a bound parameter are in the log"

leaked=0
for name in $names; do
  if grep -F -- "${password[$name]}" "$tmp/server.log"; then
    echo "FAIL password of attack $name is in the server log"
    leaked=1
  fi
done
[ "$leaked" -eq 0 ] || exit 1
echo "ok no password of the $(echo $names | wc -w) attacks is in the server log"
