#!/usr/bin/env bash
# Instructions per call in a PostgreSQL backend, counted by valgrind's callgrind in single-user
# mode (repeatable to the unit, unlike TPS on a shared machine): each lookup is prepared once and
# EXECUTEd `calls` times, and the count of a run with no EXECUTE is subtracted. Needs the extension
# installed (make install) and root (the throwaway cluster runs as postgres).
#   bash bench/pg_instructions.sh [calls]     2000 by default
set -euo pipefail
cd "$(dirname "$0")"
calls=${1:-2000}
bin=$(pg_config --bindir)
command -v valgrind >/dev/null || { echo "pg_instructions: valgrind is not installed (apt-get install valgrind)" >&2; exit 1; }
work=$(mktemp -d)
chown postgres "$work"
trap 'rm -rf "$work"' EXIT

# Runs an SQL file through a single-user backend as postgres, under callgrind when $2 is set.
single_user() {
  local tool=()
  [ -n "${2:-}" ] && tool=(valgrind --tool=callgrind --callgrind-out-file="$work/cg" --log-file="$work/valgrind.log")
  su postgres -c "$(printf '%q ' "${tool[@]}" "$bin/postgres" --single -F -D "$work/data" postgres) < $1 > /dev/null 2>&1"
}

su postgres -c "$bin/initdb -D $work/data -A trust > /dev/null"
cat > "$work/setup.sql" <<'SQL'
DROP EXTENSION IF EXISTS lucia;
DROP TABLE IF EXISTS auth_key, auth_session, auth_user;
CREATE EXTENSION lucia;
SELECT lucia_create_tables();
INSERT INTO auth_user SELECT 'u' || lpad(i::text, 14, '0') FROM generate_series(1, 1000) i;
INSERT INTO auth_session SELECT 's' || lpad(i::text, 39, '0'), 'u' || lpad((i % 1000 + 1)::text, 14, '0'), 9000000000000, 9000000000000 FROM generate_series(1, 10000) i;
VACUUM ANALYZE auth_user, auth_session;
SQL

# Instructions per EXECUTE of a prepared statement, averaged over `calls` spread-out session ids.
per_call() {
  local totals=()
  single_user "$work/setup.sql"  # each measure starts from the same tables
  for n in 0 "$calls"; do
    {
      echo "PREPARE p(text) AS $1;"
      for ((i = 0; i < n; i++)); do printf "EXECUTE p('s%039d');\n" $(((i * 7919) % 10000 + 1)); done
    } > "$work/run.sql"
    chmod 644 "$work/run.sql"
    single_user "$work/run.sql" callgrind
    totals+=("$(sed -n 's/.*Collected : \([0-9]*\).*/\1/p' "$work/valgrind.log")")
  done
  echo $(((totals[1] - totals[0]) / calls))
}

bare=$(per_call "SELECT user_id, active_expires, idle_expires FROM auth_session WHERE id = \$1")
ours=$(per_call "SELECT * FROM lucia_validate_session(\$1)")
bare_user=$(per_call "SELECT s.user_id, s.active_expires, s.idle_expires, u.* FROM auth_session s JOIN auth_user u ON u.id = s.user_id WHERE s.id = \$1")
ours_user=$(per_call "SELECT * FROM lucia_validate_session_user(\$1)")
# A new session of user 1..1000 (picked from the argument), against a bare INSERT of such a row.
user="'u' || lpad((right(\$1, 6)::int % 1000 + 1)::text, 14, '0')"
bare_insert=$(per_call "INSERT INTO auth_session VALUES (md5(\$1) || left(md5(\$1), 8), $user, 9000000000000, 9000000000000)")
ours_create=$(per_call "SELECT session_id FROM lucia_create_session($user)")
echo "instructions per call: bare primary-key SELECT $bare, lucia_validate_session $ours; bare JOIN $bare_user, lucia_validate_session_user $ours_user; bare INSERT $bare_insert, lucia_create_session $ours_create"
python3 -c "print('ratios (bare / lucia): validate_session %.3f, validate_session_user %.3f, create_session %.3f' % ($bare / $ours, $bare_user / $ours_user, $bare_insert / $ours_create))"
