#!/usr/bin/env bash
# The benchmark command: builds what it needs, starts a throwaway PostgreSQL, and prints a table of
# ratios, each measured side by side in the same run (median of RUNS rounds, with min and max), and
# draws bench/validation-throughput.png (validation throughput against 10k, 100k, 1M sessions).
#   bash bench/run.sh            RUNS=5 SECONDS_EACH=5 by default
#   BENCH_ONLY=standby bash bench/run.sh          only the replica rows (bench/standby.sh)
#   BENCH_ONLY=sweep_latency bash bench/run.sh    only the sweep-latency rows (bench/sweep_latency.sh)
#   BENCH_ONLY=mariadb bash bench/run.sh          only the MariaDB rows (bench/mariadb.sh), in a throwaway
#                                                 MariaDB server of their own (tests/mariadb/server.sh)
#   BENCH_ONLY=rls bash bench/run.sh              only the row-level security rows (bench/rls.sh)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
export RUNS=${RUNS:-5} SECONDS_EACH=${SECONDS_EACH:-5}
only=${BENCH_ONLY:-}
if [ "$only" = sweep_latency ]; then
  make -j"$(nproc)" >/dev/null && make install >/dev/null
  : >bench/results.txt
  pg_virtualenv -t -o shared_buffers=256MB bash bench/sweep_latency.sh "$root/bench/results.txt"
  python3 bench/report.py bench/results.txt
  exit
elif [ "$only" = rls ]; then
  make -j"$(nproc)" >/dev/null && make install >/dev/null
  : >bench/results.txt
  python3 bench/hold_cpu_latency.py &  # as for the other PostgreSQL rows (bench/hold_cpu_latency.py)
  holder=$!
  trap 'kill "$holder" 2>/dev/null || true' EXIT
  pg_virtualenv -t -o shared_buffers=256MB bash bench/rls.sh "$root/bench/results.txt"
  python3 bench/report.py bench/results.txt
  exit
elif [ "$only" = mariadb ]; then
  cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
  cmake --build build -j"$(nproc)" --target lucia_mariadb scrypt_bench >/dev/null
  (cd bench/mariadb-node && npm ci --no-audit --no-fund >/dev/null)
  : >bench/results.txt
  python3 bench/hold_cpu_latency.py &  # as for the PostgreSQL rows below (bench/hold_cpu_latency.py)
  holder=$!
  trap 'kill "$holder" 2>/dev/null || true' EXIT
  bash tests/mariadb/server.sh bash bench/mariadb.sh "$root/build" "$root/bench/results.txt"
  exit
elif [ -n "$only" ] && [ "$only" != standby ]; then
  echo "bench/run.sh: BENCH_ONLY may be standby, sweep_latency, mariadb or rls" >&2
  exit 2
fi
scripts/install-deps.sh --bench
make -j"$(nproc)" >/dev/null && make install >/dev/null
if [ -z "$only" ]; then
  cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
  cmake --build build -j"$(nproc)" --target lucia_sqlite sqlite_bench scrypt_bench >/dev/null
  (cd tests/node && npm_config_nodedir=/usr npm ci --no-audit --no-fund >/dev/null)
  ln -sfn ../../tests/node/node_modules bench/node/node_modules
fi
# Idle vCPUs poll instead of halting for the whole run (bench/hold_cpu_latency.py says why).
python3 bench/hold_cpu_latency.py &
holder=$!
trap 'kill "$holder" 2>/dev/null || true' EXIT
results=$root/bench/results.txt
: >"$results"

# A primary and a synchronous streaming standby of their own: validation on the standby against
# the primary, and create_session with lucia.synchronous_apply on against off.
bash tests/pg/replica_pair.sh --synchronous bash bench/standby.sh "$results"
if [ "$only" = standby ]; then
  python3 bench/report.py "$results"
  exit 0
fi

# SQLite in-process: throughput ratio = bare lookup time / lucia_validate_session time (and the
# nested-lookup floor, for scale); repetitions interleaved so that drift hits all three alike.
build/sqlite_bench --benchmark_repetitions="$RUNS" --benchmark_enable_random_interleaving=true --benchmark_format=json >bench/sqlite.json 2>/dev/null
python3 - "$results" <<'PY'
import json, sys
runs = json.load(open("bench/sqlite.json"))["benchmarks"]
times = {}
for run in runs:
    if run.get("run_type") == "iteration":
        times.setdefault(run["run_name"].split("/")[0], []).append(run["real_time"])
bare = times["BM_BarePrimaryKeySelect"]
for name, bench in (("sqlite_validate_session", "BM_LuciaValidateSession"), ("sqlite_nested_floor", "BM_NestedLookupFloor")):
    ratios = sorted(b / o for b, o in zip(bare, times[bench]))
    line = "%s %.3f %.3f %.3f" % (name, ratios[len(ratios) // 2], ratios[0], ratios[-1])
    print(line)
    open(sys.argv[1], "a").write(line + "\n")
PY

export LUCIA_SQLITE_MODULE=$root/build/lucia.so
pg_virtualenv -t -o shared_buffers=256MB bash -c "
  bash bench/in_cluster.sh '$results' &&
  bash bench/rls.sh '$results' &&
  (cd bench/node && node lucia-js.bench.mjs) | tee -a '$results' &&
  bash bench/sweep_under_load.sh '$results' &&
  bash bench/sweep_latency.sh '$results' &&
  python3 bench/memory_two_logins.py '$results' &&
  bash bench/chart.sh"
python3 bench/report.py "$results"
