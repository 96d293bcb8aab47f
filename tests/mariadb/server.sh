#!/usr/bin/env bash
# Runs a command against a throwaway MariaDB server of its own, then stops and removes it.
#   bash tests/mariadb/server.sh command [args...]
# Why its own server: the tests must not need, nor disturb, the machine's own mariadb service
# (Debian's package installs one), and every test run starts from an empty data directory.
# The server has its own data directory, socket, loopback TCP port and plugin directory (a temp
# directory the command may copy lucia_mariadb.so into; LUCIA_MARIADB_SERVER_PLUGIN_DIR=DIR uses DIR
# instead, such as the system's /usr/lib/mysql/plugin where a package installed it). The command sees:
#   LUCIA_MARIADB_SOCKET, LUCIA_MARIADB_PORT, LUCIA_MARIADB_PLUGIN_DIR, LUCIA_MARIADB_DIR
# and can connect as root without a password over the socket: mariadb --socket="$LUCIA_MARIADB_SOCKET" -uroot
# LUCIA_MARIADB_SERVER_OPTIONS adds server options (words), after the defaults: tests/mariadb/attacks.sh
# needs a binary log (--log-bin=lucia-bin --server-id=1, relative paths are in the data directory).
set -euo pipefail
[ $# -gt 0 ] || { echo "usage: $0 command [args...]" >&2; exit 2; }

dir=$(mktemp -d /tmp/lucia-mariadb.XXXXXX)
mkdir -p "$dir/data" "$dir/plugin" "$dir/tmp"
plugin_dir=${LUCIA_MARIADB_SERVER_PLUGIN_DIR:-$dir/plugin}
# mariadbd refuses to run as root unless told to: the directory is ours either way.
user_option=()
if [ "$(id -u)" -eq 0 ]; then user_option=(--user=root); fi

server_pid=
stop_server() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    mariadb-admin --no-defaults --socket="$dir/mariadb.sock" -uroot shutdown >/dev/null 2>&1 || kill "$server_pid" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$dir"
}
trap stop_server EXIT

# A free TCP port on loopback, so that parallel runs and the system's server do not collide.
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

mariadb-install-db --no-defaults "${user_option[@]}" --datadir="$dir/data" --auth-root-authentication-method=socket \
  --skip-test-db >"$dir/install.log" 2>&1 || { cat "$dir/install.log" >&2; exit 1; }

# --no-defaults: no /etc/mysql configuration (the system service's socket, port or plugins).
mariadbd --no-defaults "${user_option[@]}" --datadir="$dir/data" --socket="$dir/mariadb.sock" --port="$port" \
  --bind-address=127.0.0.1 --plugin-dir="$plugin_dir" --pid-file="$dir/mariadbd.pid" --tmpdir="$dir/tmp" \
  --log-error="$dir/error.log" --innodb-buffer-pool-size=32M --innodb-log-file-size=16M \
  --innodb-flush-log-at-trx-commit=2 --skip-log-bin --character-set-server=utf8mb4 \
  --collation-server=utf8mb4_general_ci ${LUCIA_MARIADB_SERVER_OPTIONS:-} &
server_pid=$!

for _ in $(seq 1 300); do
  if mariadb-admin --no-defaults --socket="$dir/mariadb.sock" -uroot ping >/dev/null 2>&1; then break; fi
  kill -0 "$server_pid" 2>/dev/null || { cat "$dir/error.log" >&2; exit 1; }
  sleep 0.1
done
mariadb-admin --no-defaults --socket="$dir/mariadb.sock" -uroot ping >/dev/null 2>&1 || { cat "$dir/error.log" >&2; exit 1; }

export LUCIA_MARIADB_SOCKET="$dir/mariadb.sock" LUCIA_MARIADB_PORT="$port" LUCIA_MARIADB_PLUGIN_DIR="$plugin_dir" \
  LUCIA_MARIADB_DIR="$dir"
status=0
"$@" || status=$?
exit "$status"
