#!/usr/bin/env bash
# docs/postgrest.md's database setup, run as written (its ```sql block) in a fresh database, then
# HTTP requests made the way PostgREST 12 makes them (it is not installed here: Debian 12 does not
# package it): as the authenticator, a transaction per request (GET and HEAD READ ONLY) that sets
# role and request.* with set_config(..., true), calls the db-pre-request function, runs the main
# query and reads response.headers. Sign-up, login (the cookie in response.headers), notes
# through row-level security, another user, a foreign origin, anonymous requests, SQL as web_user
# reaching for the functions only sign-up and login may call, logout.
# Runs inside pg_virtualenv (tests/pg/run.sh).
set -euo pipefail
cd "$(dirname "$0")/../.."
. tests/pg/expect.sh
fail=0
db=lucia_postgrest_doc
host=${PGHOST:-localhost}

cleanup() {
  dropdb --if-exists "$db" >/dev/null 2>&1 || true
  psql -X -q -d postgres -c "DROP ROLE IF EXISTS authenticator" -c "DROP ROLE IF EXISTS web_user" -c "DROP ROLE IF EXISTS web_auth" >/dev/null 2>&1 || true
}
trap cleanup EXIT
cleanup

# The doc's SQL, with its database name made this test's.
setup=$(awk '/^```sql$/ { inside = 1; next } /^```$/ { inside = 0 } inside' docs/postgrest.md |
  sed "s/^ALTER DATABASE app /ALTER DATABASE $db /")
[ -n "$setup" ] || { echo "FAIL docs/postgrest.md has no sql block"; exit 1; }
createdb "$db"
psql -X -q -v ON_ERROR_STOP=1 -d "$db" >/dev/null <<<"$setup"

# request <method> <path> <cookie or -> <origin or -> <main query>: one PostgREST request to
# https://example.com/api behind a TLS proxy; prints the main query's rows, then the
# response.headers array (or the error).
request() {
  local method=$1 path=$2 cookie=$3 origin=$4 main=$5 mode="READ WRITE"
  case "$method" in GET | HEAD) mode="READ ONLY" ;; esac
  local headers='{"host": "example.com", "x-forwarded-proto": "https", "accept": "application/json"'
  [ "$origin" = - ] || headers="$headers, \"origin\": \"$origin\""
  local cookies='{}'
  [ "$cookie" = - ] || cookies="{\"auth_session\": \"$cookie\"}"
  PGPASSWORD='change me' psql -X -q -At -v ON_ERROR_STOP=1 -h "$host" -U authenticator -d "$db" 2>&1 <<SQL || true
START TRANSACTION $mode;
\o /dev/null
SELECT set_config('role', 'web_user', true), set_config('request.method', '$method', true),
       set_config('request.path', '$path', true), set_config('request.headers', '${headers}}', true),
       set_config('request.cookies', '$cookies', true);
SELECT api.pre_request();
\o
$main;
SELECT 'headers ' || coalesce(nullif(current_setting('response.headers', true), ''), '[]');
COMMIT;
SQL
}
# The session id of the Set-Cookie in a response.
cookie_of() { sed -n 's/.*"Set-Cookie" *: *"auth_session=\([A-Za-z0-9]*\);.*/\1/p' <<<"$1"; }

out=$(request POST /rpc/signup - https://example.com "SELECT api.signup('ada@example.com', 'correct horse')")
expect "signup: a user" "$out" '{"user_id" : "'
ada_id=$(sed -n 's/.*"user_id" : "\([^"]*\)".*/\1/p' <<<"$out")
request POST /rpc/signup - https://example.com "SELECT api.signup('bob@example.com', 'battery staple')" >/dev/null
out=$(request POST /rpc/login - https://example.com "SELECT api.login('ada@example.com', 'wrong')")
expect "login with a wrong password: Lucia's error, no cookie" "$out" "AUTH_INVALID_PASSWORD"
out=$(request POST /rpc/login - https://example.com "SELECT api.login('ADA@example.com', 'correct horse')")
expect "login: the session cookie in response.headers" "$out" '"Set-Cookie" : "auth_session='
ada=$(cookie_of "$out")
[ ${#ada} -eq 40 ] || { echo "FAIL login: no 40-character session id in: $out"; fail=1; }
bob=$(cookie_of "$(request POST /rpc/login - https://example.com "SELECT api.login('bob@example.com', 'battery staple')")")

out=$(request POST /notes "$ada" https://example.com "INSERT INTO api.notes (body) VALUES ('ada''s first') RETURNING owner_id")
expect "ada's POST /notes: her row, owned by her" "$out" "$ada_id"
out=$(request GET /notes "$ada" - "SELECT count(*) || ' notes' FROM api.notes")
expect "ada's GET /notes: her note" "$out" "1 notes"
out=$(request GET /notes "$bob" - "SELECT count(*) || ' notes' FROM api.notes")
expect "bob's GET /notes: none of ada's" "$out" "0 notes"
out=$(request PATCH /notes "$bob" https://example.com \
  "WITH changed AS (UPDATE api.notes SET body = 'bob was here' RETURNING id) SELECT count(*) || ' changed' FROM changed")
expect "bob's PATCH /notes: changes nothing" "$out" "0 changed"
out=$(request POST /notes "$bob" https://example.com "INSERT INTO api.notes (owner_id, body) VALUES ('$ada_id', 'forged')")
expect "bob's POST /notes as ada: refused by the policy" "$out" "new row violates row-level security policy"
out=$(request POST /notes "$ada" https://evil.example "INSERT INTO api.notes (body) VALUES ('csrf')")
expect "a POST from another origin with ada's cookie: refused" "$out" "AUTH_INVALID_REQUEST: origin header does not match the request url"
out=$(request POST /notes "$ada" https://app.example.com "SELECT count(*) || ' notes' FROM api.notes")
expect "a POST from the wrapper's allowed origin: ada" "$out" "1 notes"
out=$(request GET /notes - - "SELECT count(*) || ' notes' FROM api.notes")
expect "an anonymous GET /notes: nothing" "$out" "0 notes"
out=$(request POST /notes - https://example.com "INSERT INTO api.notes (body) VALUES ('anonymous')")
expect "an anonymous POST /notes: refused" "$out" "new row violates row-level security policy"

# Any SQL that reaches web_user (an API function with an injection bug, say) holds only the request
# grant: it cannot make a session for ada, read her sessions or check her password.
out=$(request POST /notes "$bob" https://example.com \
  "SELECT lucia.lucia_authenticate((SELECT session_id FROM lucia.lucia_create_session('$ada_id')))")
expect "bob's SQL making a session for ada: refused" "$out" "permission denied for function lucia_create_session"
out=$(request POST /notes "$bob" https://example.com "SELECT count(*) FROM lucia.lucia_get_all_user_sessions('$ada_id')")
expect "bob's SQL listing ada's sessions: refused" "$out" "permission denied for function lucia_get_all_user_sessions"
out=$(request POST /notes "$bob" https://example.com "SELECT count(*) FROM lucia.lucia_validate_key('email', 'ada@example.com', 'guess')")
expect "bob's SQL guessing ada's password: refused" "$out" "permission denied for function lucia_validate_key"

out=$(request POST /rpc/logout "$ada" https://example.com "SELECT api.logout()")
expect "logout: the blank cookie" "$out" '"Set-Cookie" : "auth_session=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT'
out=$(request GET /notes "$ada" - "SELECT count(*) || ' notes' FROM api.notes")
expect "after logout the old cookie is anonymous and answered with the blank cookie" "$out" "0 notes
headers [{\"Set-Cookie\": \"auth_session=;"
out=$(request GET /notes "$bob" - "SELECT count(*) || ' notes' FROM api.notes")
expect "bob is still logged in" "$out" "0 notes
headers []"
exit "$fail"
