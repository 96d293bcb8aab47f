#!/usr/bin/env bash
# CREATE EXTENSION and ALTER EXTENSION UPDATE run lucia's scripts as a superuser with
# search_path = <extension schema>, pg_temp, and PostgreSQL takes a function or operator overload
# from any schema on the path when its argument types fit better: a database owner's
# public.format(text, regprocedure) beat pg_catalog.format(text, VARIADIC "any") in the scripts'
# DO blocks and made that owner a superuser. The scripts now qualify every name and refuse a
# schema that an ordinary role owns, may create in, or holds functions or operators in; the
# documented way for a database a non-superuser owns is a schema of lucia's own. Runs inside
# pg_virtualenv (tests/pg/run.sh).
set -euo pipefail
db=lucia_extschema_db
owner=lucia_extschema_owner
cleanup() {
  dropdb --if-exists "$db" >/dev/null 2>&1 || true
  psql -X -q -d postgres -c "DROP ROLE IF EXISTS $owner" >/dev/null 2>&1 || true
}
trap cleanup EXIT
cleanup
fail=0
admin() { psql -X -q -At -d "$db" -c "$1" 2>&1 || true; }
as_owner() { PGPASSWORD=owner-pw psql -X -q -At -U "$owner" -d "$db" -c "$1" 2>&1 || true; }
source "$(dirname "$0")/expect.sh"
superuser=$(psql -X -At -d postgres -c 'SELECT current_user')
owner_is_superuser() { psql -X -At -d postgres -c "SELECT rolsuper FROM pg_roles WHERE rolname = '$owner'"; }
# The owner's traps in schema $1: a format() for the DO blocks' regprocedure argument and an =
# operator for their oid = regclass comparisons; each makes its owner a superuser when a
# superuser runs it.
traps() {
  cat <<SQL
CREATE FUNCTION $1.format(fmt text, arg regprocedure) RETURNS text LANGUAGE plpgsql AS \$\$
BEGIN
    IF (SELECT rolsuper FROM pg_catalog.pg_roles WHERE rolname = current_user) THEN
        EXECUTE 'ALTER ROLE $owner SUPERUSER';
    END IF;
    RETURN pg_catalog.format(fmt, arg);
END \$\$;
CREATE FUNCTION $1.trap_eq(a oid, b regclass) RETURNS boolean LANGUAGE plpgsql AS \$\$
BEGIN
    IF (SELECT rolsuper FROM pg_catalog.pg_roles WHERE rolname = current_user) THEN
        EXECUTE 'ALTER ROLE $owner SUPERUSER';
    END IF;
    RETURN a OPERATOR(pg_catalog.=) b::oid;
END \$\$;
CREATE OPERATOR $1.= (LEFTARG = oid, RIGHTARG = regclass, FUNCTION = $1.trap_eq);
SQL
}
fresh_db() {
  dropdb --if-exists "$db" >/dev/null 2>&1 || true
  createdb -O "$owner" "$db"
}

psql -X -q -v ON_ERROR_STOP=1 -d postgres -c "CREATE ROLE $owner LOGIN PASSWORD 'owner-pw'"

# 1. CREATE EXTENSION into public, which the database owner owns (PostgreSQL 15).
fresh_db
as_owner "$(traps public)" >/dev/null
out=$(admin "CREATE EXTENSION lucia")
expect "public of a non-superuser's database: refused" "$out" "lucia: schema public is open to $owner (not superusers"
expect "public: the hint names the schema of lucia's own" "$out" "CREATE SCHEMA lucia; CREATE EXTENSION lucia SCHEMA lucia;"
expect "public: the owner's format() did not run as the superuser" "$(owner_is_superuser)" "f"
expect "public: nothing installed" "$(admin "SELECT count(*) FROM pg_extension WHERE extname = 'lucia'")" "0"

# 2. The documented way: a schema of lucia's own, made by the superuser (the traps stay in public).
expect "own schema: installed" "$(admin "CREATE SCHEMA lucia; CREATE EXTENSION lucia SCHEMA lucia; SELECT extversion FROM pg_extension WHERE extname = 'lucia'")" "1.7"
expect "own schema: the owner's code did not run" "$(owner_is_superuser)" "f"
admin "DROP EXTENSION lucia; DROP SCHEMA lucia" >/dev/null

# 3. A schema lucia the database owner made first (with its traps in it), or one it may create in.
as_owner "CREATE SCHEMA lucia; $(traps lucia)" >/dev/null
expect "owner's schema: refused" "$(admin "CREATE EXTENSION lucia SCHEMA lucia")" "lucia: schema lucia is open to $owner"
expect "owner's schema: no superuser for the owner" "$(owner_is_superuser)" "f"
admin "ALTER SCHEMA lucia OWNER TO $superuser" >/dev/null
expect "superuser's schema with the owner's functions in it: refused" "$(admin "CREATE EXTENSION lucia SCHEMA lucia")" \
  "lucia: schema lucia is open to $owner"
expect "functions in it: no superuser for the owner" "$(owner_is_superuser)" "f"
admin "DROP SCHEMA lucia CASCADE; CREATE SCHEMA lucia; GRANT CREATE ON SCHEMA lucia TO PUBLIC" >/dev/null
expect "a schema PUBLIC may create in: refused" "$(admin "CREATE EXTENSION lucia SCHEMA lucia")" "lucia: schema lucia is open to PUBLIC"
admin "DROP SCHEMA lucia" >/dev/null

# 4. ALTER EXTENSION UPDATE of an install made in public before the refusal existed (here: public
#    lent to the superuser for the install, then given back), after the owner set its traps.
fresh_db
admin "ALTER SCHEMA public OWNER TO $superuser; CREATE EXTENSION lucia VERSION '1.2'; ALTER SCHEMA public OWNER TO pg_database_owner" >/dev/null
as_owner "$(traps public)" >/dev/null
out=$(admin "ALTER EXTENSION lucia UPDATE")
expect "update in the owner's public: refused" "$out" "lucia: schema public is open to $owner"
expect "update: the hint says how to give the schema away" "$out" "ALTER SCHEMA public OWNER TO <a superuser>"
expect "update: no superuser for the owner" "$(owner_is_superuser)" "f"
expect "update: still 1.2" "$(admin "SELECT extversion FROM pg_extension WHERE extname = 'lucia'")" "1.2"
# Following the hint (the traps dropped) the update goes through.
admin "ALTER SCHEMA public OWNER TO $superuser; DROP FUNCTION public.format(text, regprocedure); DROP OPERATOR public.= (oid, regclass); DROP FUNCTION public.trap_eq(oid, regclass)" >/dev/null
expect "update after the fix: 1.7" "$(admin "ALTER EXTENSION lucia UPDATE; SELECT extversion FROM pg_extension WHERE extname = 'lucia'")" "1.7"
expect "update after the fix: no superuser for the owner" "$(owner_is_superuser)" "f"

# 5. The same for 1.3 -> 1.4: lucia--1.3--1.4.sql refuses too, before it creates anything.
fresh_db
admin "ALTER SCHEMA public OWNER TO $superuser; CREATE EXTENSION lucia VERSION '1.3'; ALTER SCHEMA public OWNER TO pg_database_owner" >/dev/null
as_owner "$(traps public)" >/dev/null
expect "update 1.3 -> 1.4 in the owner's public: refused" "$(admin "ALTER EXTENSION lucia UPDATE TO '1.4'")" \
  "lucia: schema public is open to $owner"
expect "update 1.3 -> 1.4: no superuser for the owner" "$(owner_is_superuser)" "f"
expect "update 1.3 -> 1.4: still 1.3, no procedure" \
  "$(admin "SELECT extversion || ' ' || count(p.oid) FROM pg_extension e LEFT JOIN pg_proc p ON p.proname = 'lucia_sweep_expired_sessions' WHERE e.extname = 'lucia' GROUP BY extversion")" "1.3 0"
psql -X -q -d postgres -c "ALTER ROLE $owner NOSUPERUSER" >/dev/null
exit "$fail"
