#!/usr/bin/env bash
# The README's main command runs examples/quickstart.sqlite.sql; this runs it on a new file with
# the module under test and checks that every step did what the narration says.
#   quickstart_test.sh <lucia.so>   the SQL script with this module (CTest)
#   quickstart_test.sh --command    the README's command itself, bash scripts/quickstart.sh, which
#                                   must also exit 0 (scripts/test.sh runs this form)
set -euo pipefail
here=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
if [ "$1" = "--command" ]; then
  status=0
  output=$(bash "$here/scripts/quickstart.sh" 2>&1) || status=$?
  if [ "$status" -ne 0 ]; then
    echo "$output"
    echo "FAIL bash scripts/quickstart.sh exited $status"
    exit 1
  fi
  database=$(sed -n 's/^Running .* with sqlite3 on \(.*\):$/\1/p' <<<"$output")
else
  cp "$1" "$work/lucia.so"
  database=$work/quickstart.db
  # sqlite3 exits non-zero because two steps are refused on purpose; the checks below judge it.
  output=$(cd "$work" && sqlite3 "$database" < "$here/examples/quickstart.sqlite.sql" 2>&1 || true)
fi
expect() {
  if ! grep -qE "$1" <<<"$output"; then
    echo "$output"
    echo "FAIL the quickstart did not print: $1"
    exit 1
  fi
}
expect '^   tables: auth_key, auth_session, auth_user$'
expect '^   new user id \(15 random symbols\): [A-Za-z0-9]{15}$'
expect 'hashed_password = s2:[A-Za-z0-9]{16}:.* \(148 characters, scrypt\)$'
expect 'AUTH_INVALID_PASSWORD: wrong password$'
expect '^   logged in as user [A-Za-z0-9]{15}$'
expect '^   state: active, active until 20[0-9-]{8}T[0-9:.]{12}Z, idle until'
expect '^   Set-Cookie: auth_session=[A-Za-z0-9]{40}; Path=/; Expires=.* GMT; HttpOnly; Secure; SameSite=Lax$'
expect '^   state: active, fresh \(send a new cookie\?\): false$'
expect '^   state now: idle$'
expect '^   renewed session id: [A-Za-z0-9]{40} \(state active, fresh true\)$'
expect '^   Set-Cookie: auth_session=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; Secure; SameSite=Lax$'
expect 'AUTH_INVALID_SESSION_ID: session does not exist$'
[ "$(sqlite3 "$database" 'SELECT count(*) FROM auth_user')" = 1 ] || { echo "FAIL expected one user"; exit 1; }
[ "$(sqlite3 "$database" 'SELECT count(*) FROM auth_session')" = 1 ] || { echo "FAIL expected the idle session only"; exit 1; }
if [ "$1" = "--command" ]; then rm -rf "$(dirname "$database")"; fi
echo "ok the quickstart ran every step"
