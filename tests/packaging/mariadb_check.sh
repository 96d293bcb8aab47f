#!/usr/bin/env bash
# The MariaDB package in use: run by installed_test.sh inside tests/mariadb/server.sh's throwaway
# server started with the system's plugin directory (LUCIA_MARIADB_SERVER_PLUGIN_DIR), where
# mariadb-plugin-lucia put lucia_mariadb.so. Runs the packaged install.sh without --library, then a
# sign-up, login and session round trip. Prints "ok"/"FAIL" per check; exits non-zero on a failure.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source "$here/checks.sh"
version=$1
client=(mariadb --no-defaults --socket="$LUCIA_MARIADB_SOCKET" -uroot)
# One statement in database app, tab-separated, raw; errors go to the output too.
sql() { "${client[@]}" -N -B -r app -e "$1" 2>&1; }

check "the server's plugin directory is the system's" "/usr/lib/mysql/plugin/" \
  "$("${client[@]}" -N -B -e 'SELECT @@plugin_dir')"
check_runs "the packaged /usr/share/lucia/mariadb/install.sh installs lucia into database app" \
  bash /usr/share/lucia/mariadb/install.sh --database app -- --socket="$LUCIA_MARIADB_SOCKET" -uroot
check "the plugin the server loaded reports lucia.control's version" "$version" "$(sql 'SELECT lucia_version()')"
check "CALL lucia_create_tables()" "" "$(sql 'CALL lucia_create_tables()')"
user=$(sql "SELECT JSON_VALUE(lucia_create_user('email', 'ada@example.com', 'correct horse battery staple', NULL, NULL), '\$.user_id')")
check_match "lucia_create_user returns a 15-symbol user id" '^[a-zA-Z0-9]{15}$' "$user"
check "lucia_validate_key with the right password returns the user" "id $user" \
  "$(sql "SELECT CONCAT('id ', JSON_VALUE(lucia_validate_key('email', 'ada@example.com', 'correct horse battery staple'), '\$.user_id'))")"
session=$(sql "SELECT JSON_VALUE(lucia_create_session('$user'), '\$.session_id')")
check_match "lucia_create_session returns a 40-symbol session id" '^[a-zA-Z0-9]{40}$' "$session"
check "lucia_validate_session: the session is active" "active" \
  "$(sql "SELECT JSON_VALUE(lucia_validate_session('$session'), '\$.state')")"
[ "$failed" -eq 0 ]
