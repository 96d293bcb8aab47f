#!/usr/bin/env bash
# Names a database owner who is not a superuser can make resolve to its own functions (attack
# finding 2). (a) lucia's own functions called each other by name (lucia_set_app_access called
# <extension schema>.lucia_app_function_names(), lucia_create_tables called lucia_create_indexes
# and lucia_grant_tables): once a superuser renamed the extension's schema, the owner made a
# schema of the old name with functions of those names, and a superuser's schema-qualified
# lucia_grant_app or lucia_create_tables ran them and made it a superuser. Now no lucia function
# calls another by name. (b) A search_path set for the database, or "$user" with a schema named
# after the application's role, puts the owner's functions before lucia's for unqualified calls:
# lucia_security_check() reports it. Runs inside pg_virtualenv (tests/pg/run.sh).
set -euo pipefail
db=lucia_path_db
owner=lucia_path_owner
app=lucia_path_app
cleanup() {
  dropdb --if-exists "$db" >/dev/null 2>&1 || true
  psql -X -q -d postgres -c "DROP ROLE IF EXISTS $owner" -c "DROP ROLE IF EXISTS $app" >/dev/null 2>&1 || true
}
trap cleanup EXIT
cleanup
fail=0
admin() { psql -X -q -At -d "$db" -c "$1" 2>&1 || true; }
as_owner() { PGPASSWORD=owner-pw psql -X -q -At -U "$owner" -d "$db" -c "$1" 2>&1 || true; }
source "$(dirname "$0")/expect.sh"
owner_is_superuser() { psql -X -At -d postgres -c "SELECT rolsuper FROM pg_roles WHERE rolname = '$owner'"; }
# A function of the owner's that makes it a superuser when a superuser runs it.
escalating() {
  cat <<SQL
CREATE FUNCTION $1 RETURNS $2 LANGUAGE plpgsql AS \$\$
BEGIN
    IF (SELECT rolsuper FROM pg_catalog.pg_roles WHERE rolname = current_user) THEN
        EXECUTE 'ALTER ROLE $owner SUPERUSER';
    END IF;
    RETURN $3;
END \$\$;
SQL
}

psql -X -q -v ON_ERROR_STOP=1 -d postgres -c "CREATE ROLE $owner LOGIN PASSWORD 'owner-pw'" -c "CREATE ROLE $app LOGIN PASSWORD 'app-pw'"
createdb -O "$owner" "$db"
admin "CREATE SCHEMA lucia; CREATE EXTENSION lucia SCHEMA lucia; GRANT USAGE ON SCHEMA lucia TO $app" >/dev/null
admin "SELECT lucia.lucia_create_tables('auth'); ALTER DATABASE $db SET lucia.tables_schema = auth" >/dev/null
# The server's default path ("$user", public) names public, which the owner owns here (and "$user": it may create schemas): reported.
expect "the server's path naming the owner's public reported" \
  "$(admin "SELECT count(*) FROM lucia.lucia_security_check() WHERE check_name = 'search_path' AND detail LIKE 'the server''s search_path names %public, where%'")" "1"
expect "clean: no other search_path finding" "$(admin "SELECT count(*) FROM lucia.lucia_security_check() WHERE check_name = 'search_path' AND detail NOT LIKE 'the server''s%'")" "0"

# (b) The owner's path for everyone, and a schema named after the application's role.
as_owner "CREATE SCHEMA trap; ALTER DATABASE $db SET search_path = trap, lucia" >/dev/null
expect "database search_path reported" \
  "$(admin "SELECT detail FROM lucia.lucia_security_check() WHERE check_name = 'search_path' AND detail NOT LIKE 'the server''s%'")" \
  "ALTER DATABASE $db SET search_path names trap, where a role that is not a superuser can create functions"
admin "ALTER DATABASE $db RESET search_path; ALTER ROLE $app IN DATABASE $db SET search_path = \"\$user\", lucia" >/dev/null
as_owner "CREATE SCHEMA $app" >/dev/null
expect "\"\$user\" with a schema named after the role reported" \
  "$(admin "SELECT detail FROM lucia.lucia_security_check() WHERE check_name = 'search_path' AND detail NOT LIKE 'the server''s%'")" \
  "ALTER ROLE $app IN DATABASE $db SET search_path names \"\$user\", where"
expect "the fix: qualified calls" \
  "$(admin "SELECT fix FROM lucia.lucia_security_check() WHERE check_name = 'search_path' AND detail NOT LIKE 'the server''s%'")" "lucia.lucia_validate_key(...)"
admin "ALTER ROLE $app IN DATABASE $db RESET search_path" >/dev/null
# (c) lucia's schema first is not enough: the owner's public after it still wins a varchar call
# (lucia_validate_key(varchar, varchar, varchar) fits varchar arguments better than lucia's text one).
admin "ALTER ROLE $app IN DATABASE $db SET search_path = lucia, public" >/dev/null
expect "a writable schema after lucia's reported" \
  "$(admin "SELECT detail FROM lucia.lucia_security_check() WHERE check_name = 'search_path' AND detail NOT LIKE 'the server''s%'")" \
  "ALTER ROLE $app IN DATABASE $db SET search_path names public, where"
admin "ALTER ROLE $app IN DATABASE $db SET search_path = lucia" >/dev/null
expect "a path of superusers' schemas only: no finding" \
  "$(admin "SELECT count(*) FROM lucia.lucia_security_check() WHERE check_name = 'search_path' AND detail NOT LIKE 'the server''s%'")" "0"
admin "ALTER ROLE $app IN DATABASE $db RESET search_path" >/dev/null

# (a) A superuser renames lucia's schema; the owner takes the old name for functions of its own.
admin "ALTER SCHEMA lucia RENAME TO lucia_v1" >/dev/null
as_owner "CREATE SCHEMA lucia;
$(escalating 'lucia.lucia_app_function_names()' 'name[]' "ARRAY['lucia_validate_key']::name[]")
$(escalating 'lucia.lucia_create_indexes(schema_name name)' 'void' '')
$(escalating 'lucia.lucia_grant_tables(schema_name name)' 'void' '')
$(escalating 'lucia.lucia_set_app_access(role_name name, grant_access boolean)' 'void' '')
$(escalating 'lucia.lucia_access_list(access_name text)' 'name[]' "ARRAY['lucia_validate_key']::name[]")
$(escalating 'lucia.lucia_set_access(role_name name, functions name[], grant_access boolean)' 'void' '')
$(escalating 'lucia.lucia_security_check_settings()' 'TABLE (severity text, check_name text, detail text, fix text)' '')
$(escalating 'lucia.lucia_security_check_lookalikes()' 'TABLE (severity text, check_name text, detail text, fix text)' '')" >/dev/null
admin "SELECT lucia_v1.lucia_grant_app('$app')" >/dev/null
expect "lucia_grant_app ran none of the owner's functions" "$(owner_is_superuser)" "f"
expect "lucia_grant_app granted the functions" \
  "$(admin "SELECT has_function_privilege('$app', 'lucia_v1.lucia_create_session(text)', 'EXECUTE')")" "t"
admin "SELECT lucia_v1.lucia_revoke_app('$app'); SELECT lucia_v1.lucia_grant_request('$app')" >/dev/null
expect "lucia_grant_request ran none of the owner's functions" "$(owner_is_superuser)" "f"
expect "lucia_grant_request granted its functions, not lucia_create_session" \
  "$(admin "SELECT has_function_privilege('$app', 'lucia_v1.lucia_authenticate(text)', 'EXECUTE') || '/' || has_function_privilege('$app', 'lucia_v1.lucia_create_session(text)', 'EXECUTE')")" "true/false"
admin "SELECT count(*) FROM lucia_v1.lucia_security_check()" >/dev/null
expect "lucia_security_check ran none of the owner's functions" "$(owner_is_superuser)" "f"
admin "SELECT lucia_v1.lucia_create_tables('auth2')" >/dev/null
expect "lucia_create_tables ran none of the owner's functions" "$(owner_is_superuser)" "f"
expect "lucia_create_tables made the indexes and grants" \
  "$(admin "SELECT count(*) FROM pg_indexes WHERE schemaname = 'auth2' AND indexname LIKE 'auth_%_idx'")/$(admin "SELECT has_table_privilege('lucia_owner', 'auth2.auth_key', 'INSERT')")" \
  "3/t"
psql -X -q -d postgres -c "ALTER ROLE $owner NOSUPERUSER" >/dev/null
exit "$fail"
