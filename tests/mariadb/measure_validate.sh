#!/usr/bin/env bash
# A first measurement (not a test, not bench/run.sh yet): lucia_validate_session of an active
# session against the bare primary-key SELECT of the same row, N statements each through one
# mariadb client connection over the socket, three runs, in a throwaway server.
#   bash tests/mariadb/measure_validate.sh [build directory, default build] [N, default 20000]
# Prints the ratio of calls per second (lucia / bare SELECT); issue 13 asks for >= 0.60.
set -euo pipefail
cd "$(dirname "$0")/../.."
build=${1:-build} n=${2:-20000}
cmake --build "$build" --target lucia_mariadb -j"$(nproc)" >/dev/null
if [ -z "${LUCIA_MARIADB_SOCKET:-}" ]; then
  exec bash tests/mariadb/server.sh bash "$0" "$build" "$n"
fi
client=(mariadb --no-defaults --socket="$LUCIA_MARIADB_SOCKET" -uroot -N -B)
"${client[@]}" -e "CREATE DATABASE bench"
bash mariadb_ext/install.sh --library "$build/lucia_mariadb.so" --database bench -- --socket="$LUCIA_MARIADB_SOCKET" -uroot >/dev/null
"${client[@]}" bench -e "CALL lucia_create_tables(); DO lucia_create_user(NULL, NULL, NULL, NULL, 'bench')"
session_id=$("${client[@]}" bench -e "SELECT JSON_VALUE(lucia_create_session('bench'), '\$.session_id')")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for _ in $(seq "$n"); do echo "SELECT lucia_validate_session('$session_id');"; done >"$work/lucia.sql"
for _ in $(seq "$n"); do
  echo "SELECT id, user_id, active_expires, idle_expires FROM auth_session WHERE id = '$session_id';"
done >"$work/bare.sql"
seconds() {  # file
  local start end
  start=$(date +%s%N)
  "${client[@]}" bench <"$1" >/dev/null
  end=$(date +%s%N)
  echo $(((end - start) / 1000000))
}
for run in 1 2 3; do
  bare=$(seconds "$work/bare.sql")
  lucia=$(seconds "$work/lucia.sql")
  echo "run $run: $n bare SELECTs in ${bare} ms, $n lucia_validate_session in ${lucia} ms, ratio $(python3 -c "print(round($bare / $lucia, 2))")"
done
