#!/usr/bin/env bash
# pg_dump and pg_restore keep every user, key and session (the tables are not extension members,
# so they are dumped like any table), and users log in on the restored database.
# Runs inside pg_virtualenv (tests/pg/run.sh).
set -euo pipefail
src=lucia_dump_source
dst=lucia_dump_target
dump=$(mktemp)
trap 'rm -f "$dump"; dropdb --if-exists "$src" >/dev/null; dropdb --if-exists "$dst" >/dev/null' EXIT
sql() { psql -X -q -At -v ON_ERROR_STOP=1 -d "$1" -c "$2"; }

dropdb --if-exists "$src" >/dev/null
dropdb --if-exists "$dst" >/dev/null
createdb "$src"
psql -X -q -v ON_ERROR_STOP=1 -d "$src" >/dev/null <<'SQL'
CREATE EXTENSION lucia;
SELECT lucia_create_tables();
ALTER TABLE auth_user ADD COLUMN username text;
SELECT lucia_create_user('email', 'ada@example.com', 'hunter2', '{"username": "ada"}', 'ada');
SELECT lucia_create_key('ada', 'otp', '123456', NULL, 600);
SELECT lucia_create_session('ada');
SELECT lucia_create_session('ada');
SQL

snapshot="SELECT md5(string_agg(x, '|' ORDER BY x)) FROM (
  SELECT u::text AS x FROM auth_user u UNION ALL SELECT s::text FROM auth_session s
  UNION ALL SELECT k::text FROM auth_key k) rows"
before=$(sql "$src" "$snapshot")

pg_dump -Fc -d "$src" -f "$dump"
createdb "$dst"
pg_restore --exit-on-error -d "$dst" "$dump"
after=$(sql "$dst" "$snapshot")

counts=$(sql "$dst" "SELECT (SELECT count(*) FROM auth_user) || ' users, ' || (SELECT count(*) FROM auth_key) || ' keys, ' || (SELECT count(*) FROM auth_session) || ' sessions'")
[ "$counts" = "1 users, 2 keys, 2 sessions" ] || { echo "FAIL restored counts: $counts"; exit 1; }
[ "$before" = "$after" ] || { echo "FAIL restored rows differ from the dumped ones"; exit 1; }
echo "ok restored $counts, identical rows"

login=$(sql "$dst" "SELECT user_id FROM lucia_validate_key('email', 'ada@example.com', 'hunter2')")
[ "$login" = "ada" ] || { echo "FAIL login on the restored database: $login"; exit 1; }
session=$(sql "$dst" "SELECT v.state FROM auth_session s, lucia_validate_session(s.id) v LIMIT 1")
[ "$session" = "active" ] || { echo "FAIL session on the restored database: $session"; exit 1; }
grants=$(sql "$dst" "SELECT has_table_privilege('lucia_owner', 'auth_key', 'SELECT')")
[ "$grants" = "t" ] || { echo "FAIL lucia_owner lost its grants in the restore"; exit 1; }
echo "ok restored database logs in and validates sessions"
