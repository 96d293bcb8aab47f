#!/usr/bin/env bash
# Lucia on a real streaming standby (pg_basebackup -R, started by tests/pg/replica_pair.sh):
# every read function answers there; every call that must write, and every negative answer that
# replication lag could cause, is AUTH_PRIMARY_REQUIRED (LU012), never PostgreSQL's read-only
# error (25006) and never a false AUTH_INVALID_SESSION_ID; argument errors stay what they are.
# Then, with a synchronous standby: lucia.synchronous_apply = on makes every writing function
# set synchronous_commit = remote_apply for the rest of its transaction, and 1,000 sessions
# created on the primary all validate at once on the standby.
# Runs inside pg_virtualenv (tests/pg/run.sh), but starts a primary and a standby of its own.
set -euo pipefail
cd "$(dirname "$0")/../.."

if [ $# -eq 0 ]; then
  bash tests/pg/replica_pair.sh bash tests/pg/standby_test.sh standby-answers
  bash tests/pg/replica_pair.sh --synchronous bash tests/pg/standby_test.sh synchronous-apply
  exit 0
fi

primary() { psql -X -q -At -v ON_ERROR_STOP=1 -p "$PRIMARY_PORT" -d lucia_pair "$@"; }
standby() { psql -X -q -At -v ON_ERROR_STOP=1 -p "$STANDBY_PORT" -d lucia_pair "$@"; }

# Waits until the standby has replayed everything the primary has written so far.
catch_up() {
  local lsn
  lsn=$(primary -c "SELECT pg_current_wal_lsn()")
  for _ in $(seq 200); do
    [ "$(standby -c "SELECT pg_last_wal_replay_lsn() >= '$lsn'")" = t ] && return 0
    sleep 0.05
  done
  echo "FAIL the standby did not replay $lsn"
  exit 1
}

# Compares what a run printed with what it should have printed.
expect() {
  local what=$1 expected=$2 actual=$3
  if [ "$actual" != "$expected" ]; then
    echo "FAIL $what"
    diff <(echo "$expected") <(echo "$actual") || true
    exit 1
  fi
  echo "ok $what"
}

# Sessions: active, idle (renewable) and dead, with fixed ids; a user with a password key, a
# single-use key and an expired single-use key; t.err(call) answers "ok <value>" or
# "<SQLSTATE> <message>" (it is created on the primary and replicated, as the tables are).
ACTIVE=$(printf 'a%.0s' $(seq 40))
IDLE=$(printf 'i%.0s' $(seq 40))
DEAD=$(printf 'd%.0s' $(seq 40))
MISSING=$(printf 'm%.0s' $(seq 40))
primary >/dev/null <<SQL
CREATE SCHEMA t;
CREATE FUNCTION t.err(call text) RETURNS text LANGUAGE plpgsql AS \$\$
DECLARE result text;
BEGIN
  EXECUTE call INTO result;
  RETURN 'ok ' || coalesce(result, 'NULL');
EXCEPTION WHEN OTHERS THEN
  RETURN SQLSTATE || ' ' || SQLERRM;
END \$\$;
CREATE FUNCTION t.now_ms() RETURNS bigint LANGUAGE sql AS 'SELECT (extract(epoch FROM clock_timestamp()) * 1000)::bigint';
SELECT lucia_create_user('email', 'ada@example.com', 'hunter2', '{}', 'ada');
SELECT lucia_create_key('ada', 'otp', '123456', NULL, 3600);
INSERT INTO auth_key VALUES ('otp:old', 'ada', false, NULL, 1);
INSERT INTO auth_session VALUES ('$ACTIVE', 'ada', t.now_ms() + 86400000, t.now_ms() + 172800000),
                                ('$IDLE', 'ada', t.now_ms() - 1000, t.now_ms() + 86400000),
                                ('$DEAD', 'ada', t.now_ms() - 2000, t.now_ms() - 1000);
SQL

# Runs each line of $1 (one call) through t.err on the standby; SET and RESET lines run as they are.
on_standby() {
  while IFS= read -r call; do
    case $call in
      SET* | RESET*) printf "%s;\n" "$call" ;;
      *) printf "SELECT t.err(%s);\n" "'${call//\'/\'\'}'" ;;
    esac
  done <<<"$1" | standby
}

if [ "$1" = standby-answers ]; then
  catch_up
  [ "$(standby -c "SELECT pg_is_in_recovery()")" = t ] || { echo "FAIL the standby is not in recovery"; exit 1; }

  reads="SELECT user_id FROM lucia_validate_session('$ACTIVE')
SELECT user_id FROM lucia_validate_session_user('$ACTIVE')
SELECT user_id FROM lucia_get_session('$ACTIVE')
SELECT state FROM lucia_get_session('$IDLE')
SELECT user_id FROM lucia_get_session_user('$ACTIVE')
SELECT string_agg(state, ',' ORDER BY state) FROM lucia_get_all_user_sessions('ada')
SELECT user_id FROM lucia_get_user('ada')
SELECT user_id FROM lucia_get_key('email', 'ada@example.com')
SELECT user_id FROM lucia_get_key('otp', 'old')
SELECT count(*)::text FROM lucia_get_all_user_keys('ada')
SELECT user_id FROM lucia_validate_key('email', 'ada@example.com', 'hunter2')
SELECT length(lucia_generate_random_string(5))::text
SELECT lucia_verify_password('hunter2', lucia_hash_password('hunter2'))::text
SELECT lucia_parse_request_headers('GET', 'https://a.com/', NULL, 'auth_session=abc')
SELECT left(lucia_create_session_cookie(NULL, NULL), 13)
SELECT (lucia_scrypt_count() > 0)::text
SELECT (count(*) >= 0)::text FROM lucia_security_check()"
  expect "every read function answers on the standby" "ok ada
ok ada
ok ada
ok idle
ok ada
ok active,idle
ok ada
ok ada
ok ada
ok 3
ok ada
ok 5
ok true
ok abc
ok auth_session=
ok true
ok true" "$(on_standby "$reads")"

  writes="SELECT user_id FROM lucia_validate_session('$IDLE')
SELECT user_id FROM lucia_validate_session_user('$IDLE')
SET lucia.renewal = extend
SELECT user_id FROM lucia_validate_session('$IDLE')
RESET lucia.renewal
SELECT user_id FROM lucia_renew_session('$ACTIVE')
SELECT user_id FROM lucia_create_session('ada')
SELECT user_id FROM lucia_create_user('email', 'bob@example.com', 'pw', '{}', 'bob')
SELECT user_id FROM lucia_create_user()
SELECT user_id FROM lucia_create_key('ada', 'github', '123', NULL, NULL)
SELECT user_id FROM lucia_validate_key('otp', '123456')
SELECT user_id FROM lucia_update_user_attributes('ada', '{}')
SELECT user_id FROM lucia_update_key_password('email', 'ada@example.com', 'new password')
SELECT lucia_delete_key('otp', '123456')::text
SELECT lucia_delete_user('ada')::text
SELECT lucia_delete_user('nobody')::text
SELECT lucia_invalidate_session('$ACTIVE')::text
SELECT lucia_invalidate_session('$MISSING')::text
SELECT lucia_invalidate_all_user_sessions('ada')::text
SELECT lucia_delete_dead_user_sessions('ada')::text
SELECT lucia_delete_expired_sessions()::text
CALL lucia_sweep_expired_sessions()"
  w=" writes, and this server is a standby; send the call to the primary"
  expect "every call that must write is AUTH_PRIMARY_REQUIRED on the standby" "LU012 AUTH_PRIMARY_REQUIRED: renewing a session$w
LU012 AUTH_PRIMARY_REQUIRED: renewing a session$w
LU012 AUTH_PRIMARY_REQUIRED: renewing a session$w
LU012 AUTH_PRIMARY_REQUIRED: renewing a session$w
LU012 AUTH_PRIMARY_REQUIRED: creating a session$w
LU012 AUTH_PRIMARY_REQUIRED: creating a user$w
LU012 AUTH_PRIMARY_REQUIRED: creating a user$w
LU012 AUTH_PRIMARY_REQUIRED: creating a key$w
LU012 AUTH_PRIMARY_REQUIRED: using a single-use key$w
LU012 AUTH_PRIMARY_REQUIRED: updating a user$w
LU012 AUTH_PRIMARY_REQUIRED: updating a key's password$w
LU012 AUTH_PRIMARY_REQUIRED: deleting a key$w
LU012 AUTH_PRIMARY_REQUIRED: deleting a user$w
LU012 AUTH_PRIMARY_REQUIRED: deleting a user$w
LU012 AUTH_PRIMARY_REQUIRED: invalidating a session$w
LU012 AUTH_PRIMARY_REQUIRED: invalidating a session$w
LU012 AUTH_PRIMARY_REQUIRED: invalidating sessions$w
LU012 AUTH_PRIMARY_REQUIRED: deleting dead sessions$w
LU012 AUTH_PRIMARY_REQUIRED: deleting expired sessions$w
LU012 AUTH_PRIMARY_REQUIRED: deleting expired sessions$w" "$(on_standby "$writes")"

  negatives="SELECT user_id FROM lucia_validate_session('$DEAD')
SELECT user_id FROM lucia_validate_session('$MISSING')
SELECT user_id FROM lucia_validate_session_user('$MISSING')
SELECT user_id FROM lucia_get_session('$MISSING')
SELECT user_id FROM lucia_get_session_user('$DEAD')
SELECT user_id FROM lucia_renew_session('$MISSING')
SELECT user_id FROM lucia_get_user('nobody')
SELECT count(*)::text FROM lucia_get_all_user_keys('nobody')
SELECT count(*)::text FROM lucia_get_all_user_sessions('nobody')
SELECT user_id FROM lucia_get_key('email', 'nobody@example.com')
SELECT user_id FROM lucia_validate_key('email', 'nobody@example.com', 'hunter2')
SELECT user_id FROM lucia_validate_key('email', 'ada@example.com', 'wrong')
SELECT user_id FROM lucia_validate_key('email', 'ada@example.com')
SELECT user_id FROM lucia_validate_key('otp', 'old')"
  l=" on this standby, which may lag behind the primary; send the call to the primary"
  expect "every negative answer lag could cause is AUTH_PRIMARY_REQUIRED on the standby" "LU012 AUTH_PRIMARY_REQUIRED: session has expired$l
LU012 AUTH_PRIMARY_REQUIRED: session does not exist$l
LU012 AUTH_PRIMARY_REQUIRED: session does not exist$l
LU012 AUTH_PRIMARY_REQUIRED: session does not exist$l
LU012 AUTH_PRIMARY_REQUIRED: session has expired$l
LU012 AUTH_PRIMARY_REQUIRED: session does not exist$l
LU012 AUTH_PRIMARY_REQUIRED: user does not exist$l
LU012 AUTH_PRIMARY_REQUIRED: user does not exist$l
LU012 AUTH_PRIMARY_REQUIRED: user does not exist$l
LU012 AUTH_PRIMARY_REQUIRED: key does not exist$l
LU012 AUTH_PRIMARY_REQUIRED: key does not exist$l
LU012 AUTH_PRIMARY_REQUIRED: wrong password$l
LU012 AUTH_PRIMARY_REQUIRED: this key needs a password$l
LU012 AUTH_PRIMARY_REQUIRED: single-use key has expired$l" "$(on_standby "$negatives")"

  arguments="SELECT user_id FROM lucia_validate_session('short')
SELECT user_id FROM lucia_get_session(NULL)
SELECT user_id FROM lucia_get_user(NULL)
SELECT user_id FROM lucia_create_session(NULL)
SELECT user_id FROM lucia_validate_key('email', NULL, 'x')
SELECT user_id FROM lucia_create_user(NULL, NULL, 'pw')
SELECT lucia_delete_expired_sessions(0)::text"
  expect "argument errors stay what they are on the standby" "LU001 AUTH_INVALID_SESSION_ID: session id must be 40 characters
LU001 AUTH_INVALID_SESSION_ID: session id must not be null
LU005 AUTH_INVALID_USER_ID: user id must not be null
LU005 AUTH_INVALID_USER_ID: user id must not be null
LU004 AUTH_INVALID_KEY_ID: provider user id must not be null
LU010 AUTH_INVALID_ARGUMENT: a password needs a provider id and provider user id
LU010 AUTH_INVALID_ARGUMENT: batch_size must be at least 1" "$(on_standby "$arguments")"

  # An unknown key costs the same scrypt work on the standby as a wrong password.
  work=$(standby <<'SQL'
SELECT lucia_scrypt_count() AS before \gset
SELECT t.err($$SELECT user_id FROM lucia_validate_key('email', 'nobody@example.com', 'x')$$) \g /dev/null
SELECT lucia_scrypt_count() - :before AS unknown_key \gset
SELECT t.err($$SELECT user_id FROM lucia_validate_key('email', 'ada@example.com', 'x')$$) \g /dev/null
SELECT :unknown_key || ' ' || (lucia_scrypt_count() - :before - :unknown_key);
SQL
)
  expect "an unknown key and a wrong password both cost one scrypt run on the standby" "1 1" "$work"

  # The primary gives the final answers the standby passed on; the standby wrote nothing.
  final=$(primary <<SQL
SELECT t.err('SELECT user_id FROM lucia_validate_session(''$MISSING'')');
SELECT t.err('SELECT user_id FROM lucia_validate_key(''email'', ''ada@example.com'', ''wrong'')');
SELECT count(*) FROM auth_session;
SQL
)
  expect "the primary answers what the standby passed on" "LU001 AUTH_INVALID_SESSION_ID: session does not exist
LU002 AUTH_INVALID_PASSWORD: wrong password
3" "$final"
  exit 0
fi

[ "$1" = synchronous-apply ] || { echo "usage: $0 [standby-answers|synchronous-apply]" >&2; exit 2; }
[ "$(primary -c "SELECT sync_state FROM pg_stat_replication")" = sync ] || { echo "FAIL the standby is not synchronous"; exit 1; }

# Every function that writes leaves synchronous_commit = remote_apply for the rest of its
# transaction (and only of its transaction); reads leave it alone; with the setting off, nothing.
# Each call prints synchronous_commit inside its transaction with the setting off (rolled back),
# then with it on (committed), then after that commit.
writes="SELECT lucia_create_user('email', 'bob@example.com', 'pw', '{}', 'bob')
SELECT lucia_create_key('ada', 'github', '123', NULL, NULL)
SELECT lucia_create_session('ada')
SELECT lucia_validate_session('$IDLE')
SELECT lucia_renew_session('$ACTIVE')
SELECT lucia_validate_key('otp', '123456')
SELECT lucia_update_user_attributes('ada', '{}')
SELECT lucia_update_key_password('github', '123', 'pw')
SELECT lucia_delete_key('github', '123')
SELECT lucia_invalidate_session('$ACTIVE')
SELECT lucia_invalidate_all_user_sessions('bob')
SELECT lucia_delete_dead_user_sessions('ada')
SELECT lucia_delete_expired_sessions()
SELECT lucia_delete_user('bob')
SELECT lucia_get_user('ada')
SELECT lucia_get_all_user_sessions('ada')"
settings=$(while IFS= read -r call; do
  for mode in "off ROLLBACK" "on COMMIT"; do
    printf 'SET lucia.synchronous_apply = %s;\nBEGIN;\n%s \\g /dev/null\n' "${mode% *}" "$call"
    printf "SELECT current_setting('synchronous_commit');\n%s;\n" "${mode#* }"
  done
  printf "SELECT current_setting('synchronous_commit');\n"
done <<<"$writes" | primary | paste -d' ' - - -)
expected_settings=$(for _ in $(seq 14); do echo "on remote_apply on"; done; echo "on on on"; echo "on on on")
expect "writing functions (only) set synchronous_commit = remote_apply for their transaction (off, on, after)" \
  "$expected_settings" "$settings"

# A surviving write's commit waits for remote_apply even when synchronous_commit was changed after
# the call (lucia.synchronous_apply is a superuser's setting, not the caller's): by a wrapper's SET
# clause, which restores the earlier value when the wrapper returns, or by SET LOCAL; a write undone
# by ROLLBACK TO does not make the commit wait. With the standby's replay paused, a commit that
# waits for remote_apply is still waiting (SyncRep) a second later; one that waits for the flush
# only (synchronous_commit = on) or for nothing has returned.
primary >/dev/null <<'SQL'
CREATE FUNCTION t.login_wrapped() RETURNS text LANGUAGE sql SET synchronous_commit = local
AS $$ SELECT session_id FROM lucia_create_session('ada') $$;
SQL
waits=$(for call in "SELECT t.login_wrapped()" \
                    "BEGIN; SELECT lucia_create_session('ada'); SET LOCAL synchronous_commit = local; COMMIT" \
                    "BEGIN; SAVEPOINT a; SELECT lucia_create_session('ada'); ROLLBACK TO a; SELECT lucia_get_user('ada'); COMMIT"; do
  standby -c "SELECT pg_wal_replay_pause()" >/dev/null
  primary -c "SET lucia.synchronous_apply = on" -c "$call" >/dev/null &
  client=$!
  sleep 1
  waiting=$(primary -c "SELECT count(*) FROM pg_stat_activity WHERE wait_event = 'SyncRep'")
  kill -0 "$client" 2>/dev/null && running=yes || running=no
  standby -c "SELECT pg_wal_replay_resume()" >/dev/null
  wait "$client"
  echo "$running $waiting"
done)
expect "a surviving write commits with remote_apply after a SET clause or SET LOCAL changed synchronous_commit (running, waiting)" \
  "yes 1
yes 1
no 0" "$waits"

# 1,000 sessions created on the primary, each validated at once on the standby through a second
# connection (dblink), with lucia.synchronous_apply off and then on.
primary >/dev/null <<SQL
CREATE EXTENSION dblink;
CREATE PROCEDURE t.fresh_sessions(n int, INOUT rejected int, INOUT false_invalid int) LANGUAGE plpgsql AS \$\$
DECLARE id text; answer text;
BEGIN
  rejected := 0; false_invalid := 0;
  PERFORM dblink_connect('standby', 'host=$PGHOST port=$STANDBY_PORT dbname=lucia_pair user=postgres');
  FOR i IN 1..n LOOP
    SELECT session_id INTO id FROM lucia_create_session('ada');
    COMMIT;
    SELECT a INTO answer FROM dblink('standby', format('SELECT t.err(%L)',
      format('SELECT user_id FROM lucia_validate_session(%L)', id))) AS r(a text);
    IF answer <> 'ok ada' THEN rejected := rejected + 1; END IF;
    IF answer LIKE 'LU001%' THEN false_invalid := false_invalid + 1; END IF;
  END LOOP;
  PERFORM dblink_disconnect('standby');
END \$\$;
SQL
off=$(primary -F' ' -c "SET lucia.synchronous_apply = off" -c "CALL t.fresh_sessions(1000, NULL, NULL)")
# On as docs/operations.md says to turn it on: per role, read by every new connection of the role.
primary -c "ALTER ROLE postgres SET lucia.synchronous_apply = on" >/dev/null
on=$(primary -F' ' -c "CALL t.fresh_sessions(1000, NULL, NULL)")
primary -c "ALTER ROLE postgres RESET lucia.synchronous_apply" >/dev/null
echo "fresh sessions rejected on the synchronous standby: ${off%% *} of 1000 with lucia.synchronous_apply off (${off##* } of them as AUTH_INVALID_SESSION_ID), ${on%% *} of 1000 with it on"
expect "with lucia.synchronous_apply off, no fresh session is rejected as AUTH_INVALID_SESSION_ID" 0 "${off##* }"
expect "with lucia.synchronous_apply on, 0 of 1000 fresh sessions rejected on the standby" "0 0" "$on"
