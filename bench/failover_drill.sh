#!/usr/bin/env bash
# Failover drill with pg_auto_failover (Debian's postgresql-15-auto-failover): a monitor and two
# data nodes (synchronous replication, pg_auto_failover's default for a primary and one standby),
# lucia in database lucia_drill. Clients (bench/failover_client.cpp, libpq) log in, create and
# validate sessions through "host=a,b target_session_attrs=read-write"; the primary node is killed
# (kill -9 of its pg_autoctl and its postmaster: the machine is gone) and the monitor promotes the
# standby. Prints acknowledged sessions missing on the new primary (must be 0), failed calls, time
# to recover; exits non-zero if an acknowledged session is lost or a call failed for another reason.
#   bash bench/failover_drill.sh                   the full drill: 8 clients, 120 s, kill after 20 s,
#                                                  the monitor's default timeouts
#   bash bench/failover_drill.sh --short           the test command's form: 4 clients, 25 s, kill
#                                                  after 8 s, the monitor's timeouts shortened
#   bash bench/failover_drill.sh [--short] --async the standby made asynchronous (replication-quorum
#                                                  false), to show what synchronous replication buys
# CLIENTS, SECONDS_TOTAL, KILL_AFTER override the numbers. The lucia extension must be installed.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
# Every connection below names its node; none may go to a cluster of the environment (pg_virtualenv).
unset PGHOST PGPORT PGUSER PGDATABASE PGPASSWORD PGDATA PGSERVICE
short=no
async=no
for arg in "$@"; do
  case "$arg" in
    --short) short=yes ;;
    --async) async=yes ;;
    *) echo "usage: $0 [--short] [--async]" >&2; exit 2 ;;
  esac
done
if [ "$short" = yes ]; then
  clients=${CLIENTS:-4} total=${SECONDS_TOTAL:-25} kill_after=${KILL_AFTER:-8}
else
  clients=${CLIENTS:-8} total=${SECONDS_TOTAL:-120} kill_after=${KILL_AFTER:-20}
fi
bindir=/usr/lib/postgresql/15/bin
dir=$(mktemp -d /tmp/lucia-failover.XXXXXX)
chmod 755 "$dir"
chown postgres: "$dir" 2>/dev/null || true

# pg_autoctl as postgres (root may not run PostgreSQL), with its configuration and state files in
# $dir instead of the home directory.
autoctl() {
  local run=(env "XDG_CONFIG_HOME=$dir/config" "XDG_DATA_HOME=$dir/data" "XDG_RUNTIME_DIR=$dir/run" pg_autoctl "$@")
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "${run[@]}"; else "${run[@]}"; fi
}
free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
# Starts `pg_autoctl run` for a node in a process group of its own (so that the drill can kill the
# whole node at once); records the group id.
run_node() {
  (setsid bash -c "$(declare -f autoctl); dir='$dir'; autoctl run --pgdata '$dir/$1'" >"$dir/$1.log" 2>&1 &
   echo $! >"$dir/$1.group")
}
stop_all() {
  local node group
  for node in node1 node2 monitor; do
    [ -f "$dir/$node.group" ] || continue
    group=$(cat "$dir/$node.group")
    kill -TERM -- "-$group" 2>/dev/null || true
  done
  sleep 2
  for node in node1 node2 monitor; do
    [ -f "$dir/$node.group" ] && kill -KILL -- "-$(cat "$dir/$node.group")" 2>/dev/null || true
    [ -f "$dir/$node/postmaster.pid" ] && kill -KILL "$(head -1 "$dir/$node/postmaster.pid")" 2>/dev/null || true
  done
  rm -rf "$dir"
}
trap stop_all EXIT
# psql to a node as postgres over TCP.
node_sql() { psql -X -q -At -h 127.0.0.1 -p "$1" -U postgres -d "$2" -c "$3"; }
# Waits until PostgreSQL on port $1 accepts connections.
wait_ready() {
  for _ in $(seq 150); do node_sql "$1" postgres "SELECT 1" >/dev/null 2>&1 && return 0; sleep 0.2; done
  echo "failover_drill: nothing answers on port $1" >&2
  tail -n 20 "$dir"/*.log >&2
  exit 1
}
# Waits until the monitor has the nodes settled in the states given (in node order), e.g. "primary secondary".
wait_states() {
  local want=$1 seconds=$2 states=""
  for _ in $(seq $((seconds * 5))); do
    states=$(node_sql "$monitor_port" pg_auto_failover "SELECT string_agg(CASE WHEN reportedstate = goalstate
      THEN reportedstate::text ELSE '?' END, ' ' ORDER BY nodeid) FROM pgautofailover.node" 2>/dev/null || true)
    [ "$states" = "$want" ] && return 0
    sleep 0.2
  done
  echo "failover_drill: nodes did not reach '$want' in ${seconds}s (now: '$states')" >&2
  autoctl show state --pgdata "$dir/monitor" >&2 || true
  tail -n 20 "$dir"/*.log >&2
  exit 1
}

mkdir -p "$root/build-failover"
g++ -std=c++17 -O2 -Wall -Wextra -Werror -I"$(pg_config --includedir)" bench/failover_client.cpp \
  -o "$root/build-failover/failover_client" -lpq -pthread

monitor_port=$(free_port) port1=$(free_port) port2=$(free_port)
autoctl create monitor --pgdata "$dir/monitor" --pgport "$monitor_port" --hostname 127.0.0.1 \
  --auth trust --no-ssl --pgctl "$bindir/pg_ctl" >"$dir/create-monitor.log" 2>&1
run_node monitor
wait_ready "$monitor_port"
if [ "$short" = yes ]; then
  # Seconds instead of the defaults' tens of seconds, so that the drill fits in the test command.
  node_sql "$monitor_port" pg_auto_failover "ALTER SYSTEM SET pgautofailover.health_check_period = 1000" >/dev/null
  for setting in "health_check_timeout = 1000" "health_check_max_retries = 1" "health_check_retry_delay = 500" \
                 "node_considered_unhealthy_timeout = 3000" "primary_demote_timeout = 3000"; do
    node_sql "$monitor_port" pg_auto_failover "ALTER SYSTEM SET pgautofailover.$setting" >/dev/null
  done
  node_sql "$monitor_port" pg_auto_failover "SELECT pg_reload_conf()" >/dev/null
fi
monitor_uri=$(autoctl show uri --pgdata "$dir/monitor" --formation monitor)

# Creates a data node and runs it; $1 its name, $2 its port; the rest goes to pg_autoctl create.
create_node() {
  local name=$1 port=$2; shift 2
  autoctl create postgres --pgdata "$dir/$name" --pgport "$port" --hostname 127.0.0.1 --name "$name" \
    --auth trust --no-ssl --pgctl "$bindir/pg_ctl" --monitor "$monitor_uri" --dbname lucia_drill "$@" \
    >"$dir/create-$name.log" 2>&1
  run_node "$name"
}
create_node node1 "$port1"
wait_states "single" 60
wait_ready "$port1"
node_sql "$port1" lucia_drill "CREATE EXTENSION lucia" >/dev/null
node_sql "$port1" lucia_drill "SELECT lucia_create_tables()" >/dev/null 2>&1
node_sql "$port1" lucia_drill "SELECT count(lucia_create_user('username', 'drill' || i, 'drill-password', '{}', 'drill' || i)) FROM generate_series(0, $((clients - 1))) i" >/dev/null
if [ "$async" = yes ]; then
  create_node node2 "$port2" --replication-quorum false
else
  create_node node2 "$port2"
fi
wait_states "primary secondary" 120
sync_names=$(node_sql "$port1" postgres "SHOW synchronous_standby_names")
echo "failover_drill: monitor on $monitor_port, primary node1 on $port1, standby node2 on $port2; synchronous_standby_names = '$sync_names'"

conninfo="host=127.0.0.1,127.0.0.1 port=$port1,$port2 dbname=lucia_drill user=postgres target_session_attrs=read-write connect_timeout=2"
"$root/build-failover/failover_client" "$conninfo" "$clients" "$total" "$dir" "$dir/killed" >"$dir/client.out" 2>"$dir/client.err" &
client=$!
sleep "$kill_after"

# The whole primary node dies: its pg_autoctl (which would restart PostgreSQL) and its postmaster.
postmaster=$(head -1 "$dir/node1/postmaster.pid")
group=$(cat "$dir/node1.group")
killed=$(date +%s.%N)
kill -KILL -- "-$group" 2>/dev/null || true
kill -KILL "$postmaster" 2>/dev/null || true
rm -f "$dir/node1.group"
echo "$killed" >"$dir/killed.tmp" && mv "$dir/killed.tmp" "$dir/killed"
# When node2 leaves recovery, and when it takes read-write connections (what clients wait for).
promoted="" writable=""
for _ in $(seq $((total * 10))); do
  if [ -z "$promoted" ] && [ "$(node_sql "$port2" postgres "SELECT pg_is_in_recovery()" 2>/dev/null)" = f ]; then promoted=$(date +%s.%N); fi
  if [ -n "$promoted" ] && psql -X -q -At -d "host=127.0.0.1 port=$port2 user=postgres dbname=postgres target_session_attrs=read-write" \
       -c "SELECT 1" >/dev/null 2>&1; then writable=$(date +%s.%N); break; fi
  sleep 0.1
done
wait "$client"
read -r calls_ok failed refused unexpected lost_on_validate recovery <"$dir/client.out"
[ -s "$dir/client.err" ] && sort "$dir/client.err" | uniq -c | sort -rn | head -5 >&2

# Every acknowledged session must be on the new primary.
acked=$(wc -l <"$dir/acked.txt")
missing=$(psql -X -q -At -h 127.0.0.1 -p "$port2" -U postgres -d lucia_drill \
  -c "CREATE TEMP TABLE acked (id text)" -c "\\copy acked FROM '$dir/acked.txt'" \
  -c "SELECT count(*) FROM acked a WHERE NOT EXISTS (SELECT 1 FROM auth_session s WHERE s.id = a.id)")
# Seconds from the kill to $1 (a time), or "never".
after_kill() { [ -n "$1" ] && python3 -c "print('%.1f' % ($1 - $killed))" || echo never; }
mode=$([ "$async" = yes ] && echo asynchronous || echo synchronous)
echo "failover_drill ($mode, $clients clients, ${total}s, kill at ${kill_after}s): $acked acknowledged sessions, $missing missing on the new primary; $calls_ok calls ok, $failed calls failed during the switch ($refused connection attempts refused), $unexpected other errors, $lost_on_validate sessions not active when validated; node2 out of recovery $(after_kill "$promoted")s after the kill, taking read-write connections after $(after_kill "$writable")s, every client working again after ${recovery}s"
[ -n "$promoted" ] || { echo "FAIL node2 was never promoted"; exit 1; }
[ "$recovery" != "-1.00" ] || { echo "FAIL a client never worked again before the end"; exit 1; }
[ "$unexpected" -eq 0 ] && [ "$lost_on_validate" -eq 0 ] || { echo "FAIL calls failed for other reasons than the switch"; exit 1; }
if [ "$async" = no ] && [ "$missing" -ne 0 ]; then echo "FAIL $missing acknowledged sessions lost with synchronous replication"; exit 1; fi
exit 0
