#!/usr/bin/env bash
# lucia 1.7's statement-secret hiding (pg_ext/statement_secret.*). First the leak it closes: a
# literal session id or password read in pg_stat_activity by another connection of the same role
# (idle in transaction, or idle after the statement), and a literal session id in the server log
# when an application wrapper whose statement names no lucia function fails after the check;
# controls show the reader sees an ordinary statement and the log keeps ordinary failing ones.
# Then attacks on the hiding, as a role with only
# lucia_grant_request (and one with lucia_grant_app for the password case). Abuse: a lucia call
# must not hide the rest of its statement from whoever watches pg_stat_activity (superusers, the
# same role, pg_read_all_stats): only the session id itself is masked. Leaks: two ids in one
# statement, an id after a password, an id in a multi-statement string, an id straddling the
# track_activity_query_size cut, an id passed in a parallel worker (force_parallel_mode), a cookie
# of many runs (a statement_timeout still ends it). Each connection runs its statement, then
# waits idle while the last statement's text is read as a superuser.
# Needs logging_collector = on (scripts/test.sh). Run inside pg_virtualenv:
#   pg_virtualenv -o logging_collector=on bash tests/pg/statement_secret_attacks_test.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
. tests/pg/expect.sh
fail=0
db=lucia_secret_attacks
host=${PGHOST:-localhost}
tmp=""
cleanup() {
  rm -rf "$tmp"
  dropdb --if-exists "$db" >/dev/null 2>&1 || true
  psql -X -q -d postgres -c "DROP ROLE IF EXISTS attack_web" -c "DROP ROLE IF EXISTS attack_app" >/dev/null 2>&1 || true
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
CREATE ROLE attack_web LOGIN PASSWORD 'web';
SELECT lucia_grant_request('attack_web');
CREATE ROLE attack_app LOGIN PASSWORD 'app';
SELECT lucia_grant_app('attack_app');
-- The application's wrapper: its callers' statements name no lucia function.
CREATE FUNCTION app_check(sid text) RETURNS text LANGUAGE plpgsql AS \$\$
BEGIN
    PERFORM user_id FROM lucia_validate_session(sid);
    RAISE EXCEPTION 'the application failed after the check';
END \$\$;
GRANT EXECUTE ON FUNCTION app_check(text) TO attack_app;
SQL
sid() { psql -X -At -d "$db" -c "SELECT session_id FROM lucia_create_session('ada')"; }

# last <name> <role> <password> <sql> [same]: runs sql as role in a connection named name, then
# prints the text pg_stat_activity shows for that connection while it waits idle (or idle in its
# transaction), read by a superuser, or with "same" by another connection of the same role.
last() {
  local name=$1 role=$2 password=$3 sql=$4 reader=(psql -X -At -d "$db")
  [ "${5:-}" != same ] || reader=(env PGPASSWORD="$password" psql -X -At -h "$host" -U "$role" -d "$db")
  PGAPPNAME=$name PGPASSWORD=$password psql -X -q -At -h "$host" -U "$role" -d "$db" >"$tmp/$name.out" 2>&1 <<SQL &
$sql
\! touch $tmp/$name.ran; while [ ! -f $tmp/$name.read ]; do sleep 0.1; done
SQL
  local client=$!
  for _ in $(seq 1 300); do [ -f "$tmp/$name.ran" ] && break; sleep 0.1; done
  "${reader[@]}" -c "SELECT query FROM pg_stat_activity WHERE application_name = '$name'"
  touch "$tmp/$name.read"
  wait "$client" || true
}

# 0. The leak: the same role reads a literal session id or password, unless lucia hid it.
seen=$(last control attack_app app "SELECT 'visible-control-$tag';" same)
expect "control: the same role reads an ordinary statement" "$seen" "visible-control-$tag"
authenticated=$(sid)
seen=$(last in_transaction attack_app app "BEGIN;
SELECT user_id FROM lucia_authenticate('$authenticated');" same)
expect "idle in transaction after lucia_authenticate: the session id is masked" "$seen" "lucia_authenticate('(secret hidden by lucia)')"
expect_not "idle in transaction after lucia_authenticate: no session id" "$seen" "$authenticated"
validated=$(sid)
expect_not "idle after lucia_validate_session: no session id" \
  "$(last validated attack_app app "SELECT user_id FROM lucia_validate_session('$validated');" same)" "$validated"
cookie=$(sid)
expect_not "idle after lucia_create_session_cookie: no session id" \
  "$(last cookie attack_app app "SELECT lucia_create_session_cookie('$cookie', 0);" same)" "$cookie"
expect_not "idle after lucia_validate_key: no password" \
  "$(last password attack_app app "SELECT user_id FROM lucia_validate_key('email', 'ada@x', '$password');" same)" "$password"
expect "the app's statements ran" "$(cat "$tmp/in_transaction.out" "$tmp/password.out")" "ada"
# The server log: the wrapper fails after lucia_validate_session read the id from its literal.
logged=$(sid)
PGPASSWORD=app psql -X -q -At -h "$host" -U attack_app -d "$db" -c "SELECT app_check('$logged')" >/dev/null 2>&1 || true
PGPASSWORD=app psql -X -q -At -h "$host" -U attack_app -d "$db" \
  -c "SELECT 1 / 0 AS control_$RANDOM, 'log-control-$tag'" >/dev/null 2>&1 || true
log=$(psql -X -At -d "$db" -c "SELECT pg_read_file(pg_current_logfile())")
expect "control: a failing statement is logged with its text" "$log" "log-control-$tag"
expect "the wrapper's failure is logged" "$log" "the application failed after the check"
expect_not "the wrapper's statement, with the session id, is not" "$log" "$logged"

# 1. Abuse: a request role passes junk shaped like a session id (40 letters and digits, no session
# of anyone's) to a function that touches no row, in the statement it wants to hide.
junk=$(printf 'x%.0s' $(seq 1 40))
seen=$(last abuse_cookie attack_web web "SELECT lucia_create_session_cookie('$junk', 0), 'evil-cookie-$tag';")
expect "abuse: the rest of a statement that calls lucia_create_session_cookie stays visible" "$seen" "evil-cookie-$tag"
expect_not "abuse: the id-shaped literal itself is masked" "$seen" "$junk"
own=$(sid)
seen=$(last abuse_validate attack_web web "SELECT user_id, 'evil-validate-$tag' FROM lucia_validate_session('$own');")
expect "abuse: the rest of a statement that validates the role's own session stays visible" "$seen" "evil-validate-$tag"
expect_not "abuse: its session id is masked" "$seen" "$own"
expect "abuse: the mask says who hid what" "$seen" "(secret hidden by lucia)"
# A multi-statement string is one text in pg_stat_activity: the id goes, the other statement stays.
multi=$(sid)
seen=$(last multi_statement attack_web web "SELECT user_id FROM lucia_validate_session('$multi') \; SELECT 'evil-multi-$tag';")
expect "multi-statement string: the other statement stays visible" "$seen" "evil-multi-$tag"
expect_not "multi-statement string: the id is masked" "$seen" "$multi"
# A statement whose text is rewritten by lucia for a cookie: the id inside it is what goes.
cookie=$(sid)
seen=$(last cookie_header attack_web web "SELECT lucia_parse_request_headers('GET', 'http://x/', NULL, 'theme=dark; auth_session=$cookie', NULL);")
expect_not "cookie header: the id in it is masked" "$seen" "$cookie"
expect "cookie header: the rest of the cookie stays" "$seen" "theme=dark"

# 2. Leaks. Two ids in one statement: the second call masks its id in what the first left.
first=$(sid)
second=$(sid)
seen=$(last two_ids attack_web web "SELECT lucia_create_session_cookie('$first', 0), lucia_create_session_cookie('$second', 0);")
expect_not "two ids in one statement: the first stays masked" "$seen" "$first"
expect_not "two ids in one statement: the second is masked" "$seen" "$second"
# A password first hides the whole statement; an id after it must not bring the text back.
after=$(sid)
seen=$(last password_then_id attack_app app "SELECT lucia_hash_password('pw-first-$tag') IS NOT NULL, lucia_create_session_cookie('$after', 0);")
expect "a password, then an id: the statement stays hidden whole" "$seen" "(statement hidden by lucia)"
expect_not "a password, then an id: no password" "$seen" "pw-first-$tag"
expect_not "a password, then an id: no id" "$seen" "$after"
# The same statement text sent again: still masked (the mask is made from the original each time).
again=$(sid)
seen=$(last same_text_twice attack_web web "SELECT user_id FROM lucia_validate_session('$again');
SELECT user_id FROM lucia_validate_session('$again');")
expect_not "the same text twice: the id is masked the second time too" "$seen" "$again"
# The id straddles the track_activity_query_size cut (1024 bytes): no prefix of it shows.
straddle=$(sid)
pad=$(printf 'p%.0s' $(seq 1 980))
seen=$(last straddle attack_web web "SELECT /* $pad */ user_id FROM lucia_validate_session('$straddle');")
expect_not "an id across the pg_stat_activity cut: not even its first 12 characters" "$seen" "${straddle:0:12}"
# In a parallel worker (force_parallel_mode runs the whole query there) the worker's hiding would
# not reach the leader's text: the functions that hide an id run in the leader only.
parallel=$(sid)
seen=$(last parallel_cookie attack_web web "SET force_parallel_mode = on;
SELECT lucia_create_session_cookie('$parallel', 0);")
expect_not "force_parallel_mode, lucia_create_session_cookie: the leader's text loses the id" "$seen" "$parallel"
expect "force_parallel_mode: the call ran" "$(cat "$tmp/parallel_cookie.out")" "auth_session=$parallel"
seen=$(last parallel_headers attack_web web "SET force_parallel_mode = on;
SELECT lucia_parse_request_headers('GET', 'http://x/', NULL, 'auth_session=$parallel', NULL) IS NOT NULL;")
expect_not "force_parallel_mode, lucia_parse_request_headers: the leader's text loses the id" "$seen" "$parallel"
seen=$(last parallel_password attack_app app "SET force_parallel_mode = on;
SELECT lucia_verify_password('pw-parallel-$tag', lucia_hash_password('pw-parallel-$tag'));")
expect_not "force_parallel_mode, a password: the leader's text loses it" "$seen" "pw-parallel-$tag"
# Many id-shaped runs in a cookie in a long statement: much work, but a statement_timeout ends it.
runs=$(for i in $(seq 1 6000); do printf 'r%015d;' "$i"; done)
out=$(PGPASSWORD=web psql -X -q -At -h "$host" -U attack_web -d "$db" 2>&1 <<SQL || true
SET statement_timeout = '2s';
SELECT lucia_parse_request_headers('GET', 'http://x/', NULL, '$runs', NULL) IS NULL AS anonymous;
SQL
)
expect "a cookie of 6000 id-shaped runs: answered or timed out, the backend alive" "$out" "t"
expect "the server still answers" "$(psql -X -At -d "$db" -c "SELECT 'alive'")" "alive"
exit "$fail"
