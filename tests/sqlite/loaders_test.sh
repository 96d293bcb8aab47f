#!/usr/bin/env bash
# The module as an application loads it from the real sqlite3 shell (.load): tables, a user with a
# password, a login, a session, and the refusal of lucia functions inside a view or trigger.
# Usage: loaders_test.sh path/to/lucia.so   (exit status 0 when every check passed)
set -euo pipefail

module=${1:?usage: loaders_test.sh path/to/lucia.so}
fail() {
  echo "FAIL $*" >&2
  exit 1
}
command -v sqlite3 >/dev/null || fail "the sqlite3 shell is not installed"
[ -f "$module" ] || fail "no module at $module"
module=$(cd "$(dirname "$module")" && pwd)/$(basename "$module")

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
db=$work/auth.db

# Runs each argument as one statement in a new sqlite3 shell that loads the module first; the
# shell stops at the first error (-bail) and exits non-zero. Prints the results.
sql() {
  sqlite3 -batch -bail "$db" ".load '$module'" "$@"
}

# expect_eq <what> <actual> <expected>
expect_eq() {
  [ "$2" = "$3" ] || fail "$1: expected '$3', got '$2'"
  echo "ok $1"
}

# expect_error <what> <message fragment> <statement>...: the statements must fail with that message.
expect_error() {
  local what=$1 fragment=$2 output
  shift 2
  if output=$(sql "$@" 2>&1); then
    fail "$what: expected an error containing '$fragment', but it succeeded: $output"
  fi
  grep -qF -- "$fragment" <<<"$output" || fail "$what: expected an error containing '$fragment', got: $output"
  echo "ok $what"
}

version=$(sqlite3 -batch ":memory:" "SELECT sqlite_version()")
echo "# sqlite3 shell $version, module $module"

expect_eq "module loads and answers" "$(sql "SELECT lucia_config('lucia.renewal')")" "rotate"
expect_eq "the module also loads without its .so suffix" \
  "$(sqlite3 -batch -bail "$db" ".load '${module%.so}'" "SELECT lucia_generate_random_string(8) GLOB '[A-Za-z0-9]*'")" "1"

expect_eq "lucia_create_tables returns NULL" "$(sql "SELECT lucia_create_tables() IS NULL")" "1"
expect_eq "Lucia's three tables exist" \
  "$(sql "SELECT group_concat(name, ',') FROM (SELECT name FROM sqlite_schema WHERE type = 'table' AND name LIKE 'auth\_%' ESCAPE '\\' ORDER BY name)")" \
  "auth_key,auth_session,auth_user"

password='correct horse battery staple'
expect_eq "create a user with a password" \
  "$(sql "SELECT lucia_create_user('username', 'ada', '$password', '{}', 'ada-1') ->> 'user_id'")" "ada-1"
expect_eq "the primary key stores an scrypt hash" \
  "$(sql "SELECT primary_key || ' ' || (hashed_password GLOB 's2:*') || ' ' || length(hashed_password) FROM auth_key WHERE id = 'username:ada'")" \
  "1 1 148"
expect_eq "log in with the right password" \
  "$(sql "SELECT lucia_validate_key('username', 'ada', '$password') ->> 'user_id'")" "ada-1"
expect_error "a wrong password is refused" "AUTH_INVALID_PASSWORD" \
  "SELECT lucia_validate_key('username', 'ada', 'wrong password')"
expect_error "an unknown user is refused" "AUTH_INVALID_KEY_ID" \
  "SELECT lucia_validate_key('username', 'nobody', '$password')"

session=$(sql "SELECT lucia_create_session('ada-1') ->> 'session_id'")
[[ $session =~ ^[A-Za-z0-9]{40}$ ]] || fail "create a session: expected a 40-character id, got '$session'"
echo "ok create a session"
# One call, three fields (a subquery would be flattened into three calls).
expect_eq "the session validates" \
  "$(sql "SELECT json_extract(lucia_validate_session('$session'), '\$.user_id', '\$.state', '\$.fresh')")" \
  '["ada-1","active",false]'
expect_eq "validate_session_user carries the user id" \
  "$(sql "SELECT lucia_validate_session_user('$session') ->> 'user_id'")" "ada-1"
expect_eq "the cookie carries the session id" \
  "$(sql "SELECT lucia_create_session_cookie('$session', lucia_get_session('$session') ->> 'idle_expires') LIKE 'auth_session=$session; Path=/; Expires=%'")" \
  "1"
expect_eq "invalidate the session" "$(sql "SELECT lucia_invalidate_session('$session') IS NULL")" "1"
expect_error "an invalidated session no longer validates" "AUTH_INVALID_SESSION_ID" \
  "SELECT lucia_validate_session('$session')"

# SQLITE_DIRECTONLY: a view or trigger in a database file must not run auth functions.
sql "CREATE VIEW login_view AS SELECT lucia_validate_key('username', 'ada', '$password') AS k" >/dev/null
expect_error "a lucia function inside a view is refused when the view is used" \
  "unsafe use of lucia_validate_key()" "SELECT * FROM login_view"
sql "CREATE TABLE signup (id TEXT)" \
  "CREATE TRIGGER signup_session AFTER INSERT ON signup BEGIN SELECT lucia_create_session(new.id); END" >/dev/null
expect_error "a lucia function inside a trigger is refused when the trigger fires" \
  "unsafe use of lucia_create_session()" "INSERT INTO signup VALUES ('ada-1')"
expect_eq "the refused trigger wrote nothing" \
  "$(sql "SELECT (SELECT count(*) FROM signup) || ' ' || (SELECT count(*) FROM auth_session)")" "0 0"

echo "ok every sqlite3 shell check passed"
