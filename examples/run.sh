#!/usr/bin/env bash
# Runs inside pg_virtualenv: type-checks the examples of docs/drizzle.md, docs/kysely.md,
# docs/authorization.md and docs/replicas.md (tsc --noEmit), compiles them and runs them against
# PostgreSQL and SQLite (the notes example as roles that own nothing, in a database of its own), the
# replica examples against a primary and a streaming standby of their own (replica_pair.sh), and
# the MariaDB examples against a throwaway MariaDB server of their own (tests/mariadb/server.sh).
#   bash examples/run.sh [summary file of scripts/test.sh] [all|notes|mariadb]
# "notes" runs only the notes example; "mariadb" only the MariaDB examples (no PostgreSQL needed). LUCIA_BUILD names the build
# directory (default build) holding lucia_mariadb.so; the SQLite examples load the module that
# npm ci compiled into node_modules/lucia-sql (the package in ../npm, installed as a copy).
set -euo pipefail
cd "$(dirname "$0")"

# Inside the MariaDB server (called by server.sh below): lucia installed in a database with an
# attribute column, an application account with only the lucia_app role, then the examples.
if [ "${1:-}" = --inside-mariadb ]; then
  library=$2
  admin=(mariadb --no-defaults --socket="$LUCIA_MARIADB_SOCKET" -uroot)
  export LUCIA_EXAMPLES_DATABASE=lucia_examples LUCIA_EXAMPLES_USER=lucia_web
  LUCIA_EXAMPLES_PASSWORD=$(node -e 'console.log(require("node:crypto").randomBytes(18).toString("base64url"))')
  export LUCIA_EXAMPLES_PASSWORD
  install=(bash ../mariadb_ext/install.sh --library "$library" --database "$LUCIA_EXAMPLES_DATABASE" --
    --socket="$LUCIA_MARIADB_SOCKET" -uroot)
  "${install[@]}"
  "${admin[@]}" "$LUCIA_EXAMPLES_DATABASE" -e 'CALL lucia_create_tables();
    ALTER TABLE auth_user ADD COLUMN username VARCHAR(255) NULL'
  "${install[@]}" # again: the attribute routines for the new column
  "${admin[@]}" -e "CREATE USER 'lucia_web'@'localhost' IDENTIFIED BY '$LUCIA_EXAMPLES_PASSWORD';
    GRANT lucia_app TO 'lucia_web'@'localhost'; SET DEFAULT ROLE lucia_app FOR 'lucia_web'@'localhost'"
  exec node dist/run-mysql.js
fi

# The notes example (docs/authorization.md): a database of its own made by notes-schema.sql as the
# superuser, then Drizzle, Kysely and SQLite as the app's roles (run-notes.ts).
notes_examples() {
  local login_password app_password
  login_password=$(node -e 'console.log(require("node:crypto").randomBytes(18).toString("base64url"))')
  app_password=$(node -e 'console.log(require("node:crypto").randomBytes(18).toString("base64url"))')
  psql -X -q -v ON_ERROR_STOP=1 -d postgres -c 'SET client_min_messages = warning' \
    -c 'DROP DATABASE IF EXISTS lucia_notes' -c 'DROP ROLE IF EXISTS notes_login' -c 'DROP ROLE IF EXISTS notes_app'
  createdb lucia_notes
  psql -X -q -o /dev/null -v ON_ERROR_STOP=1 -v login_password="$login_password" -v app_password="$app_password" \
    -d lucia_notes -f notes-schema.sql
  PGDATABASE=lucia_notes NOTES_LOGIN_PASSWORD=$login_password NOTES_APP_PASSWORD=$app_password node dist/run-notes.js
}

summary=${1:-/dev/null}
which=${2:-all}
npx --no-install tsc --noEmit -p .
rm -rf dist
npx --no-install tsc -p .
if [ "$which" = notes ]; then
  notes_examples
  exit
fi
if [ "$which" = all ]; then
  if node dist/run-all.js; then
    echo "examples 4 0" >>"$summary"
  else
    echo "examples 0 4" >>"$summary"
    exit 1
  fi
  if notes_examples; then
    echo "notes-examples 3 0" >>"$summary"
  else
    echo "notes-examples 0 3" >>"$summary"
    exit 1
  fi
  if bash ../tests/pg/replica_pair.sh node dist/run-replicas.js; then
    echo "replica-examples 3 0" >>"$summary"
  else
    echo "replica-examples 0 3" >>"$summary"
    exit 1
  fi
fi
build=$(cd "${LUCIA_BUILD:-../build}" && pwd)
# lucia_mariadb.so is built with the rest when MariaDB's server headers are installed.
[ -f "$build/lucia_mariadb.so" ] || cmake --build "$build" --target lucia_mariadb -j2 >/dev/null
if bash ../tests/mariadb/server.sh bash run.sh --inside-mariadb "$build/lucia_mariadb.so"; then
  echo "mariadb-examples 2 0" >>"$summary"
else
  echo "mariadb-examples 0 2" >>"$summary"
  exit 1
fi
