#!/usr/bin/env bash
# MariaDB rows (bench/run.sh with BENCH_ONLY=mariadb runs this inside tests/mariadb/server.sh):
#   mariadb_validate_session        lucia_validate_session calls/s / bare primary-key SELECT calls/s
#                                   (the same row, its 4 columns), 1 connection over the socket
#   mariadb_validate_key_vs_openssl lucia_validate_key time (right password) / in-process scrypt
#                                   (build/scrypt_bench: OpenSSL's EVP_PBE_scrypt, Lucia's parameters)
#   mariadb_unknown_key_vs_wrong_password   lucia_validate_key time, unknown key / wrong password
#   mariadb_node_validate_session   over mysql2: lucia_validate_session / the real Lucia JS
#                                   validateSession (lucia-auth 1.8.0, @lucia-auth/adapter-mysql
#                                   1.1.1), calls/s, 1 connection each (bench/mariadb-node/)
# Each round runs every side, one after the other, and counts the fastest of 3 runs of each (the
# other work on a shared machine only ever slows a run down); RUNS rounds; one line per row: name,
# median ratio, min, max, then the per-round figures.
#   bash tests/mariadb/server.sh bash bench/mariadb.sh <build directory> [results file]
set -euo pipefail
cd "$(dirname "$0")/.."
build=$1 results=${2:-/dev/null}
RUNS=${RUNS:-5}
calls=${MARIADB_CALLS:-10000} key_calls=${MARIADB_KEY_CALLS:-10}
client=(mariadb --no-defaults --socket="$LUCIA_MARIADB_SOCKET" -uroot -N -B)
"${client[@]}" -e "CREATE DATABASE bench"
bash mariadb_ext/install.sh --library "$build/lucia_mariadb.so" --database bench -- --socket="$LUCIA_MARIADB_SOCKET" -uroot >/dev/null
"${client[@]}" bench -e "CALL lucia_create_tables();
  DO lucia_create_user('email', 'bench@example.com', 'correct horse battery staple', NULL, 'bench')"
session_id=$("${client[@]}" bench -e "SELECT JSON_VALUE(lucia_create_session('bench'), '\$.session_id')")

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# One file of n copies of a statement.
repeat() { for _ in $(seq "$1"); do echo "$2"; done; }
repeat "$calls" "SELECT id, user_id, active_expires, idle_expires FROM auth_session WHERE id = '$session_id';" >"$work/bare.sql"
repeat "$calls" "SELECT lucia_validate_session('$session_id');" >"$work/validate.sql"
repeat "$key_calls" "SELECT lucia_validate_key('email', 'bench@example.com', 'correct horse battery staple');" >"$work/right.sql"
repeat "$key_calls" "SELECT lucia_validate_key('email', 'bench@example.com', 'wrong horse battery staple');" >"$work/wrong.sql"
repeat "$key_calls" "SELECT lucia_validate_key('email', 'nobody@example.com', 'correct horse battery staple');" >"$work/unknown.sql"

# The server's CPU time (user + system, clock ticks) from /proc: less disturbed than the wall
# clock by other work on the machine, printed beside the validation row.
server_pid=$(cat "$LUCIA_MARIADB_DIR/mariadbd.pid")
server_ticks() { awk '{print $14 + $15}' "/proc/$server_pid/stat"; }
tick_ms=$((1000 / $(getconf CLK_TCK)))
# Milliseconds (wall clock) for one file's statements through one connection, the fastest of 3
# runs (the least server CPU of the 3 goes to $work/cpu.<file name>); --force goes on after the
# refused logins (wrong password, unknown key), which are errors.
run_ms() {
  local start end ticks best= cpu=
  for _ in 1 2 3; do
    ticks=$(server_ticks)
    start=$(date +%s%N)
    "${client[@]}" --force bench <"$1" >/dev/null 2>&1 || true
    end=$(date +%s%N)
    ticks=$((($(server_ticks) - ticks) * tick_ms))
    if [ -z "$best" ] || [ $((end - start)) -lt "$best" ]; then best=$((end - start)); fi
    if [ -z "$cpu" ] || [ "$ticks" -lt "$cpu" ]; then cpu=$ticks; fi
  done
  echo "$cpu" >>"$work/cpu.$(basename "$1")"
  python3 -c "print(round($best / 1e6, 1))"
}
# The session must be active for the whole run (the bare SELECT would not renew it).
[ "$("${client[@]}" bench -e "SELECT JSON_VALUE(lucia_validate_session('$session_id'), '\$.state')")" = active ]

bare="" validate="" right="" scrypt="" wrong="" unknown=""
for _ in $(seq "$RUNS"); do
  bare+="${bare:+,}$(run_ms "$work/bare.sql")"
  validate+="${validate:+,}$(run_ms "$work/validate.sql")"
  right+="${right:+,}$(python3 -c "print(round($(run_ms "$work/right.sql") / $key_calls, 2))")"
  scrypt+="${scrypt:+,}$("$build/scrypt_bench" "$key_calls")"
  wrong+="${wrong:+,}$(python3 -c "print(round($(run_ms "$work/wrong.sql") / $key_calls, 2))")"
  unknown+="${unknown:+,}$(python3 -c "print(round($(run_ms "$work/unknown.sql") / $key_calls, 2))")"
done
{
  echo "mariadb_validate_session $(python3 bench/ratio.py "$bare" "$validate") bare_ms=$bare lucia_ms=$validate calls=$calls" \
    "server_cpu_ms: bare=$(paste -sd, "$work/cpu.bare.sql") lucia=$(paste -sd, "$work/cpu.validate.sql") (target >= 0.60)"
  echo "mariadb_validate_key_vs_openssl $(python3 bench/ratio.py "$right" "$scrypt") lucia_ms_per_call=$right scrypt_ms=$scrypt (target <= 1.05)"
  echo "mariadb_unknown_key_vs_wrong_password $(python3 bench/ratio.py "$unknown" "$wrong") unknown_ms_per_call=$unknown wrong_ms_per_call=$wrong (target 0.95-1.05)"
} | tee -a "$results"

# Lucia JS reads and writes the tables itself: an account with rights on them (the rows above).
"${client[@]}" -e "CREATE USER bench@localhost IDENTIFIED BY 'bench'; GRANT ALL ON bench.* TO bench@localhost"
BENCH_SESSION_ID=$session_id node bench/mariadb-node/validate.bench.mjs | tee -a "$results"
