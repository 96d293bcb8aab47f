#!/usr/bin/env bash
# The Node interop suite on MariaDB (tests/node/mariadb.test.js), run by run.sh inside server.sh's
# throwaway server; $1 is the build directory (lucia_mariadb.so). Installs lucia into database
# node_interop, adds Lucia JS's username attribute, creates the two accounts the suite connects as
# (lucia_web: the role lucia_app only; lucia_js: the tables, for Lucia JS's own adapter) and runs
#   node --test tests/node/mariadb.test.js
# (at most 10 minutes: a pool that leaks connections hangs instead of failing).
# Prints "node: N passed, M failed". Needs tests/node/node_modules (npm ci in tests/node).
set -uo pipefail
cd "$(dirname "$0")/../.."
build=$(cd "$1" && pwd)
summary() { echo "node: $1 passed, $2 failed"; }
[ -d tests/node/node_modules/mysql2 ] || { echo "tests/node/node_modules has no mysql2: run npm ci in tests/node" >&2; summary 0 1; exit 1; }
root=(mariadb --no-defaults --socket="$LUCIA_MARIADB_SOCKET" -uroot)
database=node_interop
# Passwords for this throwaway server only; mysql2 cannot log in with root's unix_socket plugin.
web_password=$(head -c 18 /dev/urandom | base64 | tr -d '/+=')
js_password=$(head -c 18 /dev/urandom | base64 | tr -d '/+=')

set -e
"${root[@]}" -e "CREATE DATABASE $database CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
  CREATE DATABASE node_docs CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci"
bash mariadb_ext/install.sh --library "$build/lucia_mariadb.so" --database "$database" -- --socket="$LUCIA_MARIADB_SOCKET" -uroot
"${root[@]}" "$database" -e "CALL lucia_create_tables(); ALTER TABLE auth_user ADD COLUMN username VARCHAR(255) NULL"
# Again, so that the attribute routines know auth_user's new column.
bash mariadb_ext/install.sh --library "$build/lucia_mariadb.so" --database "$database" -- --socket="$LUCIA_MARIADB_SOCKET" -uroot
"${root[@]}" -e "CREATE USER lucia_web@localhost IDENTIFIED BY '$web_password';
  GRANT lucia_app TO lucia_web@localhost; SET DEFAULT ROLE lucia_app FOR lucia_web@localhost;
  CREATE USER lucia_js@localhost IDENTIFIED BY '$js_password';
  GRANT SELECT, INSERT, UPDATE, DELETE ON $database.* TO lucia_js@localhost;
  GRANT ALL ON node_docs.* TO lucia_js@localhost"
set +e

log=$(mktemp)
(cd tests/node && LUCIA_MARIADB_DATABASE=$database LUCIA_MARIADB_DOCS_DATABASE=node_docs \
  LUCIA_MARIADB_WEB_PASSWORD=$web_password LUCIA_MARIADB_JS_PASSWORD=$js_password \
  timeout 600 node --test --test-concurrency=1 mariadb.test.js) 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
passed=$(sed -n 's/^# pass \([0-9]*\)$/\1/p' "$log" | tail -1)
failed=$(sed -n 's/^# fail \([0-9]*\)$/\1/p' "$log" | tail -1)
rm -f "$log"
# A run that died before its summary counts as one failure.
if [ -z "$failed" ] || { [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; }; then failed=$((${failed:-0} + 1)); fi
summary "${passed:-0}" "$failed"
[ "$failed" -eq 0 ]
