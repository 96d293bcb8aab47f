#!/usr/bin/env bash
# The benchmark command: builds what it needs, starts a throwaway PostgreSQL, and prints a table of
# ratios, each measured side by side in the same run (median of RUNS rounds, with min and max).
#   bash bench/run.sh            RUNS=5 SECONDS_EACH=5 by default
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
export RUNS=${RUNS:-5} SECONDS_EACH=${SECONDS_EACH:-5}
scripts/install-deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j"$(nproc)" --target lucia_sqlite sqlite_bench scrypt_bench >/dev/null
make -j"$(nproc)" >/dev/null && make install >/dev/null
(cd tests/node && npm_config_nodedir=/usr npm ci --no-audit --no-fund >/dev/null)
ln -sfn ../../tests/node/node_modules bench/node/node_modules
results=$root/bench/results.txt
: >"$results"

# SQLite in-process: throughput ratio = bare lookup time / lucia_validate_session time.
build/sqlite_bench --benchmark_repetitions="$RUNS" --benchmark_format=json >bench/sqlite.json 2>/dev/null
python3 - "$results" <<'PY'
import json, sys
runs = json.load(open("bench/sqlite.json"))["benchmarks"]
times = {}
for run in runs:
    if run.get("run_type") == "iteration":
        times.setdefault(run["run_name"].split("/")[0], []).append(run["real_time"])
bare, ours = times["BM_BarePrimaryKeySelect"], times["BM_LuciaValidateSession"]
ratios = sorted(b / o for b, o in zip(bare, ours))
line = "sqlite_validate_session %.3f %.3f %.3f" % (ratios[len(ratios) // 2], ratios[0], ratios[-1])
print(line)
open(sys.argv[1], "a").write(line + "\n")
PY

export LUCIA_SQLITE_MODULE=$root/build/lucia.so
pg_virtualenv -o shared_buffers=256MB bash -c "bash bench/in_cluster.sh '$results' && (cd bench/node && node lucia-js.bench.mjs) | tee -a '$results'"
python3 bench/report.py "$results"
