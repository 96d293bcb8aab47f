#!/usr/bin/env bash
# Table errors are re-coded by SQLSTATE, table and constraint name, never by the English text of
# PostgreSQL's message: under a translated lc_messages (German here) a duplicate session id is
# still AUTH_DUPLICATE_SESSION_ID (LU006). Before, errors_pg.cpp matched the detail "Key (id)=",
# which German spells "Schlüssel »(id)=...«", and answered AUTH_INVALID_ARGUMENT. Needs the
# de_DE.UTF-8 locale (made here with localedef when missing; PostgreSQL's German messages come
# with Debian's postgresql-15). Runs inside pg_virtualenv (tests/pg/run.sh).
set -euo pipefail
db=lucia_lc_messages_db
cleanup() { dropdb --if-exists "$db" >/dev/null 2>&1 || true; }
trap cleanup EXIT
cleanup

# A locale made now is seen only by a server started after it (glibc reads the archive once).
if ! locale -a | grep -qix 'de_DE.utf8'; then
  localedef -i de_DE -f UTF-8 de_DE.UTF-8
  cluster=$(pg_lsclusters -h | awk -v port="$PGPORT" '$3 == port {print $2}')
  pg_ctlcluster "$PGVERSION" "$cluster" restart
fi
createdb "$db"
out=$(psql -X -q -At -v ON_ERROR_STOP=1 -d "$db" 2>&1 <<'SQL'
CREATE EXTENSION lucia;
SELECT lucia_create_tables();
SELECT user_id FROM lucia_create_user('email', 'ada@example.com', 'pw', '{}', 'ada') \gset
SELECT session_id FROM lucia_create_session('ada') \gset
-- A session id collision cannot be produced by chance; a trigger forces one.
CREATE FUNCTION collide() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN NEW.id := (SELECT id FROM public.auth_session LIMIT 1); RETURN NEW; END $$;
CREATE TRIGGER collide BEFORE INSERT ON auth_session FOR EACH ROW EXECUTE FUNCTION collide();
SET lc_messages = 'de_DE.UTF-8';
CREATE FUNCTION err(query text) RETURNS text LANGUAGE plpgsql AS $$
BEGIN EXECUTE query; RETURN 'no error';
EXCEPTION WHEN OTHERS THEN RETURN SQLSTATE || ' ' || SQLERRM; END $$;
SELECT 'translated: ' || err('SELECT 1/0');
SELECT 'collision: ' || err('SELECT lucia_create_session(''ada'')');
SQL
)
echo "$out"
fail=0
source "$(dirname "$0")/expect.sh"
expect "PostgreSQL's messages are German here" "$out" "translated: 22012 Division durch Null"
expect "a duplicate session id is LU006 under German messages" "$out" "collision: LU006 AUTH_DUPLICATE_SESSION_ID: "
exit $fail
