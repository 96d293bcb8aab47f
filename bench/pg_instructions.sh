#!/usr/bin/env bash
# Instructions per transaction in a PostgreSQL backend serving pgbench, counted by valgrind's
# callgrind (repeatable to the unit, unlike TPS on a shared machine). The postmaster runs under
# callgrind, so every backend it forks writes its own count; each pgbench script runs twice, with
# 200 and 200 + `calls` transactions, and the difference divided by `calls` is the cost of one
# transaction as a client sees it: protocol, executor, output functions, commit. Needs the extension
# installed (make install) and root (the throwaway cluster runs as postgres).
#   bash bench/pg_instructions.sh [calls]            2000 by default
#   SCRIPTS="bare_session validate_session" bash bench/pg_instructions.sh   a subset of bench/pgbench
set -euo pipefail
cd "$(dirname "$0")"
calls=${1:-2000}
scripts=${SCRIPTS:-bare_session validate_session bare_session_user validate_session_user bare_insert create_session}
bin=$(pg_config --bindir)
port=54329
command -v valgrind >/dev/null || { echo "pg_instructions: valgrind is not installed (apt-get install valgrind)" >&2; exit 1; }
work=$(mktemp -d)
chown postgres "$work"
chmod 755 "$work"
stop() {
  su postgres -c "$bin/pg_ctl -D $work/data stop -m immediate" >/dev/null 2>&1 || true
  rm -rf "$work" 2>/dev/null || { sleep 2; rm -rf "$work"; }
}
trap stop EXIT

su postgres -c "$bin/initdb -D $work/data -A trust >/dev/null"
su postgres -c "valgrind --tool=callgrind --callgrind-out-file=$work/cg.%p --log-file=$work/valgrind.%p \
  $bin/postgres -D $work/data -k $work -p $port -c listen_addresses= -c autovacuum=off -c shared_buffers=256MB \
  >$work/postmaster.log 2>&1 &"
for _ in $(seq 120); do su postgres -c "$bin/pg_isready -q -h $work -p $port" && break; sleep 1; done
export PGHOST=$work PGPORT=$port PGUSER=postgres
psql -X -q -c "CREATE DATABASE bench" postgres
psql -X -q -v sessions=10000 -d bench -f pgbench/setup.sql >/dev/null

# Instructions of the backend that served one pgbench run of `script` with `n` transactions: the
# last callgrind file written (pgbench's first, short connection exits before the measured one).
backend_count() {
  local script=$1 n=$2 files
  files=$(ls "$work" | grep -c '^cg\.' || true)
  pgbench -n -M prepared -c 1 -t "$n" -D sessions=10000 -f "pgbench/$script.sql" bench >/dev/null 2>&1
  for _ in $(seq 300); do
    [ "$(ls "$work" | grep -c '^cg\.')" -ge $((files + 2)) ] && break
    sleep 0.2
  done
  sleep 0.5 # the file is complete once valgrind has exited
  sed -n 's/^summary: *\([0-9]*\).*/\1/p' "$(ls -t "$work"/cg.* | head -1)"
}

for script in $scripts; do
  short=$(backend_count "$script" 200)
  long=$(backend_count "$script" $((200 + calls)))
  echo "$script $(((long - short) / calls))"
done
