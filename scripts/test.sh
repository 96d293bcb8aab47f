#!/usr/bin/env bash
# The README's test command: installs what is missing, builds, and runs every suite
# (core unit tests, their ASan/UBSan build, pg_regress and isolation tests in a throwaway cluster,
# the MariaDB adapter in a throwaway MariaDB server, the Debian packages built, installed and purged).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
jobs=$(nproc)
summary=$(mktemp)
timings=$(mktemp)
trap 'rm -f "$summary" "$timings"' EXIT

# Starts a step; notes how long the previous one took (printed with the summary, so that the
# 45-minute budget is watched step by step).
step_name=""
step_start=$SECONDS
step() {
  [ -z "$step_name" ] || echo "$((SECONDS - step_start)) $step_name" >>"$timings"
  step_name=$*
  step_start=$SECONDS
  printf '\n==== %s\n' "$*"
}

# Adds one suite's counts to the summary printed at the end.
record() { echo "$1 $2 $3" >>"$summary"; }

step "dependencies"
scripts/install-deps.sh

step "the C and C++ sources follow .clang-format (tests/check_format.sh)"
bash tests/check_format.sh
record format 1 0

step "core library and unit tests (CTest)"
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DLUCIA_WERROR=ON >/dev/null
cmake --build build -j"$jobs"
(cd build && ctest --output-on-failure -j"$jobs") | tee build/ctest.log
record ctest "$(sed -n 's/.*tests passed, \([0-9]*\) tests failed out of \([0-9]*\).*/\2/p' build/ctest.log)" 0

step "the README's first command, bash scripts/quickstart.sh: its output and exit status"
bash tests/sqlite/quickstart_test.sh --command
record quickstart 1 0

step "lucia.so (SQLite) builds without GoogleTest and Google Benchmark (both optional in CMake)"
rm -rf build-minimal
cmake -S . -B build-minimal -DCMAKE_DISABLE_FIND_PACKAGE_GTest=ON -DCMAKE_DISABLE_FIND_PACKAGE_benchmark=ON >/dev/null
cmake --build build-minimal -j"$jobs" >/dev/null
[ -f build-minimal/lucia.so ] && [ ! -e build-minimal/core_tests ]
record optional-deps 1 0

step "core unit tests under AddressSanitizer and UndefinedBehaviorSanitizer"
cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DLUCIA_SANITIZE=ON -DLUCIA_WERROR=ON >/dev/null
cmake --build build-asan -j"$jobs"
(cd build-asan && ASAN_OPTIONS=detect_leaks=1 ctest --output-on-failure -j"$jobs") | tee build-asan/ctest.log
record ctest-asan "$(sed -n 's/.*tests passed, \([0-9]*\) tests failed out of \([0-9]*\).*/\2/p' build-asan/ctest.log)" 0

step "libFuzzer harnesses of core/ and the SQLite functions, 10 s each (tests/fuzz/run.sh)"
bash tests/fuzz/run.sh 10 || true
record fuzz "$(sed -n 's/^fuzz harnesses: \([0-9]*\) passed.*/\1/p' build-fuzz/run.log)" \
  "$(sed -n 's/^fuzz harnesses: .* \([0-9]*\) failed$/\1/p' build-fuzz/run.log | grep . || echo 1)"

step "PostgreSQL extension (PGXS)"
make -j"$jobs" >/dev/null
make install >/dev/null

step "Node packages for the interop suites and the examples (npm ci; better-sqlite3 is built from source)"
(cd tests/node && npm_config_nodedir=/usr npm ci --no-audit --no-fund)
# The examples install the npm package (npm/, lucia-sql) as a copy: its prepare step needs its own
# devDependencies (TypeScript), and its install script compiles the SQLite module.
(cd npm && npm ci --ignore-scripts --no-audit --no-fund)
(cd examples && npm_config_nodedir=/usr npm ci --no-audit --no-fund)

step "PostgreSQL, Node interop, example and npm package suites, the row-level security benchmark's short form, in a throwaway cluster (pg_virtualenv)"
# The server log test reads the log file; the plan-cache test reads pg_stat_statements; the
# scheduled-sweep test runs pg_cron (background workers: no password needed); the prepared
# transaction test needs max_prepared_transactions.
pg_virtualenv -o 'logging_collector=on' -o "log_filename='postgresql.log'" \
  -o 'shared_preload_libraries=pg_stat_statements,pg_cron' -o 'cron.use_background_workers=on' \
  -o 'max_prepared_transactions=2' \
  -o 'pg_stat_statements.track=all' \
  -o 'pg_stat_statements.track_planning=on' \
  bash -c 'bash tests/pg/run.sh "$1" && bash tests/node/run.sh "$1" && bash examples/run.sh "$1" &&
    bash tests/npm/run.sh "$1" && bash tests/bench/rls_smoke.sh "$1"' cluster "$summary"

step "MariaDB adapter in a throwaway server of its own (tests/mariadb/run.sh)"
bash tests/mariadb/run.sh build 2>&1 | tee build/mariadb.log || true
record mariadb "$(sed -n 's/^mariadb: \([0-9]*\) passed.*/\1/p' build/mariadb.log | grep . || echo 0)" \
  "$(sed -n 's/^mariadb: [0-9]* passed, \([0-9]*\) failed$/\1/p' build/mariadb.log | grep . || echo 1)"

step "the MariaDB benchmark's short form (tests/bench/mariadb_smoke.sh; the measured run is BENCH_ONLY=mariadb bash bench/run.sh)"
bash tests/bench/mariadb_smoke.sh build 2>&1 | tee build/bench-mariadb.log || true
record bench-mariadb "$(sed -n 's/^bench-mariadb: \([0-9]*\) passed.*/\1/p' build/bench-mariadb.log | grep . || echo 0)" \
  "$(sed -n 's/^bench-mariadb: [0-9]* passed, \([0-9]*\) failed$/\1/p' build/bench-mariadb.log | grep . || echo 1)"

step "Debian packages: built from the tracked files, lintian, installed, used, removed, purged, reinstalled (tests/packaging/run.sh)"
bash tests/packaging/run.sh 2>&1 | tee build/packaging.log || true
record packaging "$(sed -n 's/^packaging: \([0-9]*\) passed.*/\1/p' build/packaging.log | grep . || echo 0)" \
  "$(sed -n 's/^packaging: [0-9]* passed, \([0-9]*\) failed$/\1/p' build/packaging.log | grep . || echo 1)"

step "summary"
passed=$(awk '{p += $2} END {print p + 0}' "$summary")
failed=$(awk '{f += $3} END {print f + 0}' "$summary")
awk '{printf "  %4d s  %s\n", $1, substr($0, index($0, " ") + 1, 90)}' "$timings"
echo "  $SECONDS s in all"
cat "$summary" | awk '{printf "  %-14s %s passed, %s failed\n", $1, $2, $3}'
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
