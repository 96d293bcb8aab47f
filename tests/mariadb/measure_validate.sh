#!/usr/bin/env bash
# A quick look (not a test; the benchmark rows are `BENCH_ONLY=mariadb bash bench/run.sh`,
# bench/mariadb.sh): lucia_validate_session of an active
# session against the bare primary-key SELECT of the same row, N statements each through one
# mariadb client connection over the socket, seven alternating rounds, in a throwaway server.
#   bash tests/mariadb/measure_validate.sh [build directory, default build] [N, default 10000]
# Prints the ratio of calls per second (lucia / bare SELECT; issue 13 asks for >= 0.60) and the
# ratio of the server's CPU time per call (the prototype measured 1.96-2.7x).
set -euo pipefail
cd "$(dirname "$0")/../.."
build=${1:-build} n=${2:-10000}
cmake --build "$build" --target lucia_mariadb -j2 >/dev/null
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
# The server's CPU time (user + system, in clock ticks) from /proc: less disturbed than the wall
# clock when other work shares the machine.
server_pid=$(cat "$LUCIA_MARIADB_DIR/mariadbd.pid")
server_ticks() { awk '{print $14 + $15}' "/proc/$server_pid/stat"; }
tick_ms=$((1000 / $(getconf CLK_TCK)))
# "<wall ms> <server CPU ms>" for running one file's statements.
measure() {
  local start end ticks
  ticks=$(server_ticks)
  start=$(date +%s%N)
  "${client[@]}" bench <"$1" >/dev/null
  end=$(date +%s%N)
  echo "$(((end - start) / 1000000)) $((($(server_ticks) - ticks) * tick_ms))"
}
# Alternating rounds; the fastest of each kind counts, since other work on the machine only
# ever slows a round down.
best_bare_wall= best_bare_cpu= best_lucia_wall= best_lucia_cpu=
for run in 1 2 3 4 5 6 7; do
  read -r bare_wall bare_cpu < <(measure "$work/bare.sql")
  read -r lucia_wall lucia_cpu < <(measure "$work/lucia.sql")
  echo "round $run: bare SELECT ${bare_wall} ms (server CPU ${bare_cpu} ms), lucia_validate_session ${lucia_wall} ms (server CPU ${lucia_cpu} ms)"
  [ -z "$best_bare_wall" ] || [ "$bare_wall" -lt "$best_bare_wall" ] && best_bare_wall=$bare_wall
  [ -z "$best_bare_cpu" ] || [ "$bare_cpu" -lt "$best_bare_cpu" ] && best_bare_cpu=$bare_cpu
  [ -z "$best_lucia_wall" ] || [ "$lucia_wall" -lt "$best_lucia_wall" ] && best_lucia_wall=$lucia_wall
  [ -z "$best_lucia_cpu" ] || [ "$lucia_cpu" -lt "$best_lucia_cpu" ] && best_lucia_cpu=$lucia_cpu
done
echo "fastest of 7: $n bare SELECTs ${best_bare_wall} ms (server CPU ${best_bare_cpu} ms), $n lucia_validate_session" \
  "${best_lucia_wall} ms (server CPU ${best_lucia_cpu} ms): calls/s ratio $(python3 -c "print(round($best_bare_wall / $best_lucia_wall, 2))")," \
  "server CPU per call $(python3 -c "print(round($best_lucia_cpu / max($best_bare_cpu, 1), 2))")x the SELECT's"
