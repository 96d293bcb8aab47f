#!/usr/bin/env bash
# Runs a command against a real primary and a real streaming standby of its own, then removes both.
#   bash tests/pg/replica_pair.sh [--synchronous] command [args...]
# Why its own pair: the tests change replication settings (synchronous_standby_names) that would
# hang every other test's commits if the standby of a shared cluster went away.
# The command sees PGHOST (the socket directory), PGUSER=postgres, PRIMARY_PORT, STANDBY_PORT and
# LUCIA_PRIMARY_URL / LUCIA_STANDBY_URL (postgresql:// URLs for Node); database lucia_pair has
# the extension. --synchronous makes the standby synchronous (synchronous_standby_names), so that
# synchronous_commit = remote_apply waits for it. The lucia extension must be installed.
set -euo pipefail
synchronous=no
if [ "${1:-}" = "--synchronous" ]; then synchronous=yes; shift; fi
[ $# -gt 0 ] || { echo "usage: $0 [--synchronous] command [args...]" >&2; exit 2; }

bindir=$(pg_config --bindir 2>/dev/null || echo /usr/lib/postgresql/15/bin)
[ -x "$bindir/initdb" ] || bindir=/usr/lib/postgresql/15/bin
dir=$(mktemp -d /tmp/lucia-pair.XXXXXX)
chown postgres: "$dir" 2>/dev/null || true
chmod 755 "$dir"

# Runs a server program as postgres (root may not run them), or as ourselves when not root.
as_postgres() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

# A free TCP port on loopback, so that parallel runs and other clusters do not collide.
free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

stop_all() {
  for node in standby primary; do
    [ -f "$dir/$node/postmaster.pid" ] && as_postgres "$bindir/pg_ctl" -D "$dir/$node" -m immediate -w stop >/dev/null 2>&1
  done
  rm -rf "$dir"
}
trap stop_all EXIT

PRIMARY_PORT=$(free_port)
STANDBY_PORT=$(free_port)
as_postgres "$bindir/initdb" -D "$dir/primary" -U postgres -A trust --no-sync >/dev/null
cat >>"$dir/primary/postgresql.conf" <<EOF
listen_addresses = '127.0.0.1'
unix_socket_directories = '$dir'
wal_level = replica
max_wal_senders = 4
fsync = off
EOF
as_postgres "$bindir/pg_ctl" -D "$dir/primary" -o "-p $PRIMARY_PORT" -l "$dir/primary.log" -w start >/dev/null
export PGHOST=$dir PGUSER=postgres PGPORT=$PRIMARY_PORT
psql -X -q -d postgres -c "CREATE DATABASE lucia_pair" -c "\\c lucia_pair" -c "CREATE EXTENSION lucia" \
  -c "SELECT lucia_create_tables()" >/dev/null

as_postgres "$bindir/pg_basebackup" -h "$dir" -p "$PRIMARY_PORT" -U postgres -D "$dir/standby" -R -X stream -c fast \
  -d "application_name=lucia_standby"
cat >>"$dir/standby/postgresql.conf" <<EOF
port = $STANDBY_PORT
hot_standby = on
EOF
as_postgres "$bindir/pg_ctl" -D "$dir/standby" -l "$dir/standby.log" -w start >/dev/null

# The standby streams once the primary lists it.
for _ in $(seq 100); do
  state=$(psql -X -At -d postgres -c "SELECT sync_state FROM pg_stat_replication WHERE application_name = 'lucia_standby' AND state = 'streaming'")
  [ -n "$state" ] && break
  sleep 0.1
done
[ -n "$state" ] || { echo "replica_pair: the standby did not start streaming" >&2; cat "$dir/standby.log" >&2; exit 1; }

# Synchronous only now: with no standby yet, every commit on the primary would wait.
if [ "$synchronous" = yes ]; then
  psql -X -q -d postgres -c "ALTER SYSTEM SET synchronous_standby_names = 'lucia_standby'" -c "SELECT pg_reload_conf()" >/dev/null
  for _ in $(seq 100); do
    state=$(psql -X -At -d postgres -c "SELECT sync_state FROM pg_stat_replication WHERE application_name = 'lucia_standby'")
    [ "$state" = sync ] && break
    sleep 0.1
  done
  [ "$state" = sync ] || { echo "replica_pair: the standby did not become synchronous" >&2; exit 1; }
fi

export PRIMARY_PORT STANDBY_PORT
export LUCIA_PRIMARY_URL="postgresql://postgres@127.0.0.1:$PRIMARY_PORT/lucia_pair"
export LUCIA_STANDBY_URL="postgresql://postgres@127.0.0.1:$STANDBY_PORT/lucia_pair"
echo "replica_pair: primary on port $PRIMARY_PORT, standby on $STANDBY_PORT ($state)"
"$@"
