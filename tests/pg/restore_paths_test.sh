#!/usr/bin/env bash
# The restore paths users take, into a new cluster (a fresh primary of tests/pg/replica_pair.sh),
# with the recommended layout (tables in schema auth, ALTER DATABASE app SET lucia.tables_schema,
# an application role my_app given access with lucia_grant_app):
#  1. pg_restore --create without the roles fails; with `pg_dumpall -g` first it needs nothing more;
#  2. pg_dump without --create loses ALTER DATABASE ... SET lucia.tables_schema: docs/operations.md's
#     block "after a restore without --create" puts it back;
#  3. pg_restore -x -O loses the grants and the tables' owner (42501 for the application role):
#     docs/operations.md's block "after pg_restore -x -O" puts them back.
# The SQL blocks are read from docs/operations.md, so the page says what this test runs.
# Runs inside pg_virtualenv (tests/pg/run.sh); the source database is in that cluster.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)

# The ```sql block that follows the marker line "<!-- restore: $1 -->" in docs/operations.md.
doc_block() {
  awk -v marker="<!-- restore: $1 -->" '$0 == marker {found=1; next} found && /^```sql$/ {grab=1; next}
    grab && /^```$/ {exit} grab {print}' "$root/docs/operations.md"
}
fail() { echo "FAIL $*"; exit 1; }
sql() { psql -X -q -At -v ON_ERROR_STOP=1 -d "$1" -c "$2"; }
# As the application role, in a new connection (so that database settings apply).
as_app() { PGPASSWORD=restore-test-only psql -X -q -At -v ON_ERROR_STOP=1 -U my_app -d app -c "$1" 2>&1; }
snapshot="SELECT md5(string_agg(x, '|' ORDER BY x)) FROM (
  SELECT u::text AS x FROM auth.auth_user u UNION ALL SELECT s::text FROM auth.auth_session s
  UNION ALL SELECT k::text FROM auth.auth_key k) rows"
login="SELECT user_id FROM lucia_validate_key('email', 'ada@example.com', 'hunter2')"

# Everything an application does after a restore, as my_app: log in, validate a restored
# session, create one. Prints "ada active t" when all work, else the first error.
app_works() {
  local user state created session
  session=$(sql app "SELECT min(id) FROM auth.auth_session")
  user=$(as_app "$login") || { echo "$user"; return; }
  state=$(as_app "SELECT state FROM lucia_validate_session('$session')") || { echo "$state"; return; }
  created=$(as_app "SELECT session_id IS NOT NULL FROM lucia_create_session('ada')") || { echo "$created"; return; }
  echo "$user $state $created"
}

if [ "${1:-}" = "--target" ]; then
  # In the new cluster (PGHOST/PGPORT of replica_pair.sh); $2 holds the dumps and the source's snapshot.
  work=$2
  expected=$(cat "$work/snapshot")
  check_restored() {
    [ "$(sql app "$snapshot")" = "$expected" ] || fail "$1: restored rows differ from the dumped ones"
    local works
    works=$(app_works)
    [ "$works" = "ada active t" ] || fail "$1: the application role after the restore: $works"
  }

  # 1. Without the roles the restore stops at the first grant to my_app.
  if out=$(pg_restore --create --exit-on-error -d postgres "$work/app-create.dump" 2>&1); then
    fail "pg_restore --create into a cluster without my_app succeeded"
  fi
  case "$out" in *'role "my_app" does not exist'*) ;; *) fail "restore without the roles: $out" ;; esac
  dropdb --if-exists app
  echo "ok without pg_dumpall -g the restore fails: role \"my_app\" does not exist"
  # The documented commands: globals first ("role ... already exists" for the roles the new
  # cluster has: postgres, and lucia_owner/lucia_app where lucia is installed already), then
  # the database with --create, which brings its ALTER DATABASE ... SET lines.
  psql -X -q -d postgres -f "$work/globals.sql" >/dev/null 2>"$work/globals.err" || true
  unexpected=$(grep ERROR "$work/globals.err" | grep -v 'ERROR:  role "[a-z_]*" already exists' || true)
  [ -z "$unexpected" ] || fail "psql -f globals.sql: $unexpected"
  pg_restore --create --exit-on-error -d postgres "$work/app-create.dump"
  check_restored "pg_dumpall -g, then pg_restore --create"
  echo "ok new cluster: pg_dumpall -g, then pg_dump --create / pg_restore --create: identical rows, my_app logs in and validates"

  # 2. pg_dump without --create: the database setting is gone until the documented block runs.
  dropdb app
  createdb app
  pg_restore --exit-on-error -d app "$work/app.dump"
  before=$(app_works)
  case "$before" in *"does not exist"*) ;; *) fail "without --create expected the tables to be missing from public, got: $before" ;; esac
  psql -X -q -v ON_ERROR_STOP=1 -d app -f <(doc_block after-no-create) >/dev/null
  check_restored "pg_dump without --create"
  echo "ok pg_dump/pg_restore without --create: tables not found ($before) until docs/operations.md's block; then my_app works"

  # 3. pg_restore -x -O: no grants (42501 for my_app) and the tables owned by the restoring role.
  dropdb app
  createdb app
  pg_restore -x -O --exit-on-error -d app "$work/app.dump"
  psql -X -q -v ON_ERROR_STOP=1 -d app -f <(doc_block after-no-create) >/dev/null
  before=$(app_works)
  case "$before" in *"permission denied"*) ;; *) fail "after pg_restore -x -O expected permission denied, got: $before" ;; esac
  psql -X -q -v ON_ERROR_STOP=1 -d app -f <(doc_block after-x-O) >/dev/null
  check_restored "pg_restore -x -O"
  owners=$(sql app "SELECT string_agg(DISTINCT tableowner, ',') FROM pg_tables WHERE schemaname = 'auth'")
  [ "$owners" = lucia_owner ] || fail "after pg_restore -x -O and the block the tables belong to $owners"
  echo "ok pg_restore -x -O: my_app refused ($before) until docs/operations.md's block; then my_app works, tables owned by lucia_owner"
  exit 0
fi

[ -n "$(doc_block after-no-create)" ] && [ -n "$(doc_block after-x-O)" ] ||
  fail "docs/operations.md lacks the restore blocks this test runs"
work=$(mktemp -d /tmp/lucia-restore.XXXXXX)
chmod 755 "$work"
cleanup() {
  rm -rf "$work"
  dropdb --if-exists app 2>/dev/null || true
  psql -X -q -d postgres -c "SET client_min_messages = warning" -c "DROP ROLE IF EXISTS my_app" >/dev/null 2>&1 || true
}
trap cleanup EXIT
dropdb --if-exists app 2>/dev/null
psql -X -q -d postgres -c "SET client_min_messages = warning" -c "DROP ROLE IF EXISTS my_app" -c "CREATE ROLE my_app LOGIN PASSWORD 'restore-test-only'" >/dev/null
createdb app
psql -X -q -v ON_ERROR_STOP=1 -d app >/dev/null <<'SQL'
CREATE EXTENSION lucia;
SELECT lucia_create_tables('auth');
ALTER DATABASE app SET lucia.tables_schema = 'auth';
SELECT lucia_grant_app('my_app');
SQL
sql app "SELECT lucia_create_user('email', 'ada@example.com', 'hunter2', '{}', 'ada'); SELECT lucia_create_session('ada'); SELECT lucia_create_session('ada')" >/dev/null
works=$(app_works)
[ "$works" = "ada active t" ] || fail "the source database itself: $works"
sql app "$snapshot" >"$work/snapshot"

# The documented dump commands (docs/operations.md, "Backups and restores").
pg_dumpall -g -f "$work/globals.sql"
pg_dump -Fc --create -d app -f "$work/app-create.dump"
pg_dump -Fc -d app -f "$work/app.dump"
chmod -R a+r "$work"
bash tests/pg/replica_pair.sh bash "$0" --target "$work"
