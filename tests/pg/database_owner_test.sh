#!/usr/bin/env bash
# The layout lucia_create_tables makes cannot be replaced by a non-superuser database owner
# (issue 10, item 6). In PostgreSQL 15 the schema public belongs to the database's owner, who may
# drop any table in it and put its own in its place. lucia_create_tables('auth') makes the schema
# auth, owned by the superuser, with tables owned by lucia_owner: there the database owner can
# drop, alter, rename and attach triggers to nothing, nor point lucia.tables_schema elsewhere; on
# public (where lucia_create_tables warns) the same owner drops the table.
# Runs inside pg_virtualenv (tests/pg/run.sh).
set -euo pipefail
db=lucia_dbo_db
owner=lucia_dbo_owner
cleanup() {
  dropdb --if-exists "$db" >/dev/null 2>&1 || true
  psql -X -q -d postgres -c "DROP ROLE IF EXISTS $owner" >/dev/null 2>&1 || true
}
trap cleanup EXIT
cleanup
fail=0
admin() { psql -X -q -At -v ON_ERROR_STOP=1 -d "$db" -c "$1" 2>&1; }
# Runs $1 as the database owner; prints the result or the error.
as_owner() { PGPASSWORD=owner-pw psql -X -q -At -U "$owner" -d "$db" -c "$1" 2>&1 || true; }
source "$(dirname "$0")/expect.sh"
expect_nothing() {
  if [ -z "$2" ]; then echo "ok $1"; else echo "FAIL $1: expected no output, got '$2'"; fail=1; fi
}

psql -X -q -v ON_ERROR_STOP=1 -d postgres -c "CREATE ROLE $owner LOGIN PASSWORD 'owner-pw'"
createdb -O "$owner" "$db"
# The database belongs to a non-superuser, so public is its: lucia gets a schema of its own.
admin "CREATE SCHEMA lucia; CREATE EXTENSION lucia SCHEMA lucia; GRANT USAGE ON SCHEMA lucia TO $owner" >/dev/null
expect_nothing "auth: made without a warning" "$(admin "SELECT lucia.lucia_create_tables('auth')")"
admin "ALTER DATABASE $db SET lucia.tables_schema = auth"
admin "SELECT lucia.lucia_create_user('email', 'victim@example.com', 'victim-pw', '{}', 'victim')" >/dev/null
expect "public: lucia_create_tables warns" "$(admin "SELECT lucia.lucia_create_tables('public')")" \
  "WARNING:  lucia: schema public can be written by $owner (not a superuser)"
expect "layout: schema auth owned by the superuser, tables by lucia_owner" \
  "$(admin "SELECT pg_get_userbyid(nspowner) || ' ' || (SELECT string_agg(DISTINCT pg_get_userbyid(relowner), ',') FROM pg_class WHERE relnamespace = n.oid AND relkind = 'r') FROM pg_namespace n WHERE nspname = 'auth'")" \
  "$(psql -X -At -d postgres -c 'SELECT current_user') lucia_owner"

# On the recommended layout the database owner can do none of it.
expect "auth: DROP TABLE refused" "$(as_owner "DROP TABLE auth.auth_key CASCADE")" "permission denied for schema auth"
expect "auth: DROP SCHEMA refused" "$(as_owner "DROP SCHEMA auth CASCADE")" "must be owner of schema auth"
expect "auth: ALTER SCHEMA RENAME refused" "$(as_owner "ALTER SCHEMA auth RENAME TO auth_old")" "must be owner of schema auth"
expect "auth: ALTER TABLE refused" "$(as_owner "ALTER TABLE auth.auth_key ADD COLUMN note text")" "permission denied for schema auth"
expect "auth: ALTER TABLE RENAME refused" "$(as_owner "ALTER TABLE auth.auth_key RENAME TO old_key")" "permission denied for schema auth"
expect "auth: CREATE TABLE refused" "$(as_owner "CREATE TABLE auth.evil (id text)")" "permission denied for schema auth"
as_owner "CREATE FUNCTION public.spy() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN RETURN NEW; END'" >/dev/null
expect "auth: CREATE TRIGGER refused" \
  "$(as_owner "CREATE TRIGGER spy BEFORE INSERT ON auth.auth_user FOR EACH ROW EXECUTE FUNCTION public.spy()")" \
  "permission denied for schema auth"
expect "auth: pointing lucia.tables_schema elsewhere refused" \
  "$(as_owner "ALTER DATABASE $db SET lucia.tables_schema = public")" "permission denied to set parameter"
expect "auth: resetting lucia.tables_schema refused" \
  "$(as_owner "ALTER DATABASE $db RESET lucia.tables_schema")" "permission denied to set parameter"
expect "auth: a role setting of lucia.tables_schema refused" \
  "$(as_owner "ALTER ROLE $owner SET lucia.tables_schema = public")" "permission denied to set parameter"
as_owner "ALTER DATABASE $db RESET ALL" >/dev/null
expect "auth: RESET ALL leaves lucia.tables_schema alone" \
  "$(admin "SELECT setconfig FROM pg_db_role_setting WHERE setdatabase = (SELECT oid FROM pg_database WHERE datname = current_database())")" \
  "lucia.tables_schema=auth"
expect "auth: granting itself access refused" "$(as_owner "SELECT lucia.lucia_grant_app('$owner')")" \
  "permission denied for function lucia_grant_app"
expect "auth: the tables are intact" \
  "$(admin "SELECT user_id FROM lucia.lucia_validate_key('email', 'victim@example.com', 'victim-pw')")" "victim"

# The settings that decide session lifetimes, CSRF checks and cookie attributes are superuser-only
# too: with lucia loaded in its sessions (session_preload_libraries, as the README recommends),
# the owner still can set none of them for the database, its role or its own session.
admin "ALTER DATABASE $db SET session_preload_libraries = 'lucia'"
expect "settings: lucia is loaded in the owner's session" "$(as_owner "SHOW lucia.csrf_protection")" "on"
for setting in "csrf_protection = off" "env = dev" "cookie_domain = 'example'" "cookie_same_site = none" \
  "cookie_path = '/x'" "active_period = '3650d'" "idle_period = '3650d'" "renewal = extend" "auto_database_cleanup = off"; do
  expect "settings: ALTER DATABASE SET lucia.$setting refused" \
    "$(as_owner "ALTER DATABASE $db SET lucia.$setting")" "permission denied to set parameter"
done
expect "settings: ALTER ROLE SET refused" "$(as_owner "ALTER ROLE $owner SET lucia.csrf_protection = off")" \
  "permission denied to set parameter"
expect "settings: SET in its own session refused" "$(as_owner "SET lucia.csrf_protection = off")" \
  "permission denied to set parameter"
expect "settings: none was stored" \
  "$(admin "SELECT count(*) FROM pg_db_role_setting, unnest(setconfig) c WHERE c LIKE 'lucia.%' AND c NOT LIKE 'lucia.tables_schema=%'")" "0"
expect "settings: a cross-site POST is still refused" \
  "$(admin "SELECT lucia.lucia_parse_request_headers('POST', 'https://app.example/x', 'https://evil.example', 'auth_session=' || repeat('a', 40))")" \
  "AUTH_INVALID_REQUEST"

# On public, lucia_owner's tables are at the database owner's mercy: the difference. Its calls
# are refused (the owner could swap the tables between lucia's choice of whom to run their code
# as and the queries: specs/schema_swap_during_call.spec), and the owner drops the table.
expect "public: lucia_owner's tables in the owner's schema refused" \
  "$(admin "SET lucia.tables_schema = public; SELECT lucia.lucia_create_user(user_id => 'x')")" \
  "lucia: the tables of schema public have different owners (auth_user: lucia_owner, schema: $owner)"
expect_nothing "public: DROP TABLE succeeds" "$(as_owner "DROP TABLE public.auth_key CASCADE")"
expect "public: the table is gone" "$(admin "SELECT to_regclass('public.auth_key') IS NULL")" "t"
exit "$fail"
