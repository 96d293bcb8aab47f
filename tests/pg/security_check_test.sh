#!/usr/bin/env bash
# lucia_security_check() on a private cluster of its own: zero rows when nothing risky is set,
# then one row per risk once each is introduced (settings, roles, grants, owners); it is
# superuser-only and runs in a read-only transaction. Runs inside pg_virtualenv (tests/pg/run.sh)
# but does not touch that cluster: its settings are the suite's, not a clean configuration.
set -euo pipefail
bin=$(pg_config --bindir)
dir=$(mktemp -d)
chmod 755 "$dir"
port=5432
# initdb and pg_ctl refuse to run as root: use the postgres account then.
as_server() { if [ "$(id -u)" = 0 ]; then (cd "$dir" && runuser -u postgres -- "$@"); else "$@"; fi; }
[ "$(id -u)" = 0 ] && chown postgres "$dir"
trap 'as_server "$bin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true; rm -rf "$dir"' EXIT
sql() { psql -X -q -At -v ON_ERROR_STOP=1 -h "$dir" -p "$port" -U postgres -d "$1" -c "$2"; }
fail() { echo "FAIL $*"; exit 1; }

as_server "$bin/initdb" -D "$dir/data" -U postgres -A trust >/dev/null
cat >>"$dir/data/postgresql.conf" <<CONF
listen_addresses = ''
port = $port
unix_socket_directories = '$dir'
session_preload_libraries = 'lucia'
CONF
as_server "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w start >/dev/null

# A clean configuration: CONNECT only for named roles, tables and schema owned by superusers,
# no statement logging, lucia preloaded, no pg_stat_statements.
sql postgres "CREATE DATABASE app"
sql postgres "REVOKE CONNECT ON DATABASE app FROM PUBLIC"
sql app "CREATE EXTENSION lucia"
sql app "SELECT lucia_create_tables()"
findings=$(sql app "SELECT severity || ' ' || check_name || ': ' || detail FROM lucia_security_check()")
[ -z "$findings" ] || { echo "$findings"; fail "clean configuration: expected no finding"; }
echo "ok clean configuration: no finding"

# Every risk at once.
sql app "GRANT CONNECT ON DATABASE app TO PUBLIC"
sql app "CREATE ROLE role_admin CREATEROLE"
sql app "CREATE ROLE app_role LOGIN"
sql app "CREATE ROLE monitoring LOGIN IN ROLE pg_monitor"
sql app "GRANT lucia_owner TO app_role"
sql app "ALTER ROLE lucia_owner LOGIN"
sql app "ALTER TABLE public.auth_key OWNER TO app_role"
sql app "CREATE ROLE db_owner"
sql app "ALTER DATABASE app OWNER TO db_owner"
sql app "GRANT CREATE ON SCHEMA public TO PUBLIC"
# A search_path for the database that puts the owner's schema before lucia's; and with the
# database now owned by db_owner (who may create a schema named after any role), the server's
# "$user", public too: two search_path rows.
sql app "CREATE SCHEMA trap AUTHORIZATION db_owner"
sql app "ALTER DATABASE app SET search_path = trap, public"
# A lucia setting stored for the database (before 1.3 its owner could have).
sql app "ALTER DATABASE app SET lucia.csrf_protection = off"
sql app "GRANT EXECUTE ON FUNCTION lucia_hash_password(text) TO PUBLIC"
cat >>"$dir/data/postgresql.conf" <<'CONF'
shared_preload_libraries = 'pg_stat_statements, auto_explain'
session_preload_libraries = ''
log_statement = 'all'
log_min_duration_statement = 0
log_min_duration_sample = 0
log_transaction_sample_rate = 0.5
auto_explain.log_min_duration = 0
log_parameter_max_length_on_error = -1
CONF
as_server "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w restart >/dev/null

expected="auto_explain connect_public createrole log_min_duration_sample log_min_duration_statement
log_parameter_max_length log_parameter_max_length_on_error log_statement log_transaction_sample_rate
lucia_not_preloaded lucia_owner_login lucia_setting lucia_owner_member pg_stat_statements public_execute read_all_stats schema_create
schema_owner search_path search_path table_owner"
expected=$(echo $expected | tr ' ' '\n' | sort | tr '\n' ' ')
report=$(psql -X -q -At -v ON_ERROR_STOP=1 -h "$dir" -p "$port" -U postgres -d app <<'SQL'
BEGIN READ ONLY;
SELECT severity || '|' || check_name || '|' || detail || '|' || fix FROM lucia_security_check();
COMMIT;
SQL
)
echo "$report" | sed 's/^/  /'
found=$(echo "$report" | cut -d'|' -f2 | sort | tr '\n' ' ')
[ "$found" = "$expected" ] || fail "risky configuration: expected one row for each of [$expected], got [$found]"
echo "$report" | awk -F'|' '$4 == "" || ($1 != "high" && $1 != "medium" && $1 != "low") {bad = 1} END {exit bad}' \
  || fail "a finding without a fix or with an unknown severity"
echo "ok risky configuration: one row per risk ($(echo $expected | wc -w)), each with a severity and a fix"

denied=$(psql -X -q -At -h "$dir" -p "$port" -U app_role -d app -c "SELECT count(*) FROM lucia_security_check()" 2>&1 || true)
echo "$denied" | grep -q "permission denied for function lucia_security_check" || fail "a non-superuser ran the check: $denied"
echo "ok only superusers may run lucia_security_check()"
