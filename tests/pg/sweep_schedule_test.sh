#!/usr/bin/env bash
# The README's scheduled sweep, run by pg_cron (Debian's postgresql-15-cron) as users run it: the
# README's cron.schedule_in_database line, every minute instead of its interval, in a database of
# dead and live sessions; the job must succeed and leave no dead session and every live one.
# The database belongs to a role that is not a superuser (the README's layout for that case:
# lucia in a schema of its own), and that owner plants procedures named lucia_sweep_expired_sessions
# in public (which it owns) and in a schema it puts first on the database's search_path: the job
# runs as the superuser who scheduled it, so an unqualified CALL would run the owner's procedure
# with the superuser's rights (here: ALTER ROLE ... SUPERUSER). The README's line must name the
# procedure with its schema; docs/operations.md must show the same line.
# Runs inside pg_virtualenv started with shared_preload_libraries including pg_cron and
# cron.use_background_workers = on (scripts/test.sh); takes up to a minute and a half (pg_cron's
# schedules have minutes, not seconds).
set -euo pipefail
cd "$(dirname "$0")/../.."
db=lucia_cron
schedule=$(grep -m1 "^SELECT cron.schedule_in_database('lucia-sweep'" README.md)
[ -n "$schedule" ] || { echo "FAIL README.md has no SELECT cron.schedule_in_database('lucia-sweep', ...) line" >&2; exit 1; }
# Every minute, in this test's database.
schedule=$(echo "$schedule" | sed "s|'[^']*\* \* \* \*'|'* * * * *'|; s|, 'app');|, '$db');|")
case "$schedule" in *"'* * * * *'"*"'$db');"*) ;; *) echo "FAIL could not adapt the README's line: $schedule" >&2; exit 1 ;; esac

owner=lucia_cron_owner
PGOPTIONS="-c client_min_messages=warning" dropdb --if-exists "$db"
psql -X -q -d postgres -c "DROP ROLE IF EXISTS $owner" -c "CREATE ROLE $owner" >/dev/null
createdb -O "$owner" "$db"
grep -qF "$(grep -m1 "^SELECT cron.schedule_in_database('lucia-sweep'" README.md)" docs/operations.md ||
  { echo "FAIL docs/operations.md does not show the README's cron.schedule_in_database line" >&2; exit 1; }
psql -X -q -v ON_ERROR_STOP=1 -d "$db" >/dev/null <<SQL
CREATE SCHEMA lucia;
CREATE EXTENSION lucia SCHEMA lucia;
SELECT lucia.lucia_create_tables('auth');
ALTER DATABASE $db SET lucia.tables_schema = 'auth';
INSERT INTO auth.auth_user SELECT 'u' || i FROM generate_series(1, 100) i;
INSERT INTO auth.auth_session SELECT 'd' || lpad(i::text, 39, '0'), 'u' || (i % 100 + 1), 1000, 1000 FROM generate_series(1, 25000) i;
INSERT INTO auth.auth_session SELECT 'l' || lpad(i::text, 39, '0'), 'u' || (i % 100 + 1), 9000000000000, 9000000000000 FROM generate_series(1, 100) i;
-- The database owner's look-alikes: one in public, one in a schema first on the database's path.
SET ROLE $owner;
CREATE SCHEMA owned;
CREATE PROCEDURE owned.lucia_sweep_expired_sessions(batch_size int DEFAULT 10000, max_batches int DEFAULT NULL,
                                                    INOUT deleted bigint DEFAULT NULL)
LANGUAGE plpgsql AS \$\$ BEGIN EXECUTE 'ALTER ROLE $owner SUPERUSER'; END \$\$;
CREATE PROCEDURE public.lucia_sweep_expired_sessions(batch_size int DEFAULT 10000, max_batches int DEFAULT NULL,
                                                     INOUT deleted bigint DEFAULT NULL)
LANGUAGE plpgsql AS \$\$ BEGIN EXECUTE 'ALTER ROLE $owner SUPERUSER'; END \$\$;
ALTER DATABASE $db SET search_path = owned, "\$user", public;
RESET ROLE;
SQL
# pg_cron lives in the database cron.database_name names (postgres).
psql -X -q -v ON_ERROR_STOP=1 -d postgres -c "CREATE EXTENSION IF NOT EXISTS pg_cron" >/dev/null
job=$(psql -X -At -v ON_ERROR_STOP=1 -d postgres -c "$schedule")
echo "scheduled job $job: $schedule"

status="" dead=""
for _ in $(seq 100); do
  sleep 1
  status=$(psql -X -At -d postgres -c "SELECT status FROM cron.job_run_details WHERE jobid = $job AND status IN ('succeeded', 'failed') ORDER BY runid DESC LIMIT 1")
  [ -n "$status" ] && break
done
read -r dead live < <(psql -X -At -F ' ' -d "$db" -c "SELECT count(*) FILTER (WHERE idle_expires < 2000), count(*) FILTER (WHERE idle_expires > 2000) FROM auth.auth_session")
details=$(psql -X -At -d postgres -c "SELECT status || ': ' || coalesce(return_message, '') FROM cron.job_run_details WHERE jobid = $job ORDER BY runid")
psql -X -q -d postgres -c "SELECT cron.unschedule($job)" -c "DROP EXTENSION pg_cron" >/dev/null
owner_super=$(psql -X -At -d postgres -c "SELECT rolsuper FROM pg_roles WHERE rolname = '$owner'")
echo "pg_cron runs: ${details:-none}; dead sessions left: $dead, live: $live; database owner superuser: $owner_super"
if [ "$owner_super" != f ]; then
  echo "FAIL the scheduled job ran the database owner's lucia_sweep_expired_sessions as the superuser" >&2
  exit 1
fi
if [ "$status" != succeeded ] || [ "$dead" != 0 ] || [ "$live" != 100 ]; then
  echo "FAIL the scheduled sweep did not delete the dead sessions (and only them)" >&2
  exit 1
fi
dropdb "$db"
psql -X -q -d postgres -c "DROP ROLE $owner" >/dev/null
echo "ok the README's scheduled sweep ran under pg_cron, and not the database owner's look-alike"
