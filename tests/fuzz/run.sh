#!/usr/bin/env bash
# Builds the libFuzzer harnesses (clang, ASan + UBSan, cheap scrypt) in build-fuzz and runs each
# for the given number of seconds, starting from its checked-in seed corpus.
#   bash tests/fuzz/run.sh                 10 s per harness (what scripts/test.sh runs)
#   bash tests/fuzz/run.sh 3600            an hour per harness
#   bash tests/fuzz/run.sh 600 cookie      only the named harnesses
# New inputs go to build-fuzz/corpus/<harness> (kept between runs, never into the seeds); a crash
# or broken property is saved as build-fuzz/artifacts/<harness>/crash-*, which the harness binary
# replays: build-fuzz/tests/fuzz/fuzz_<harness> <file>. The last line is the summary test.sh reads.
set -uo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
seconds=${1:-10}
shift || true
harnesses=("$@")
[ ${#harnesses[@]} -gt 0 ] || harnesses=(password_hash cookie request iso_date key_id setting_values unicode
                                         session_expiry sqlite_functions)
build=build-fuzz
log=$build/run.log
jobs=$(nproc)
[ "$jobs" -le 2 ] || jobs=2
cxx=$(command -v clang++-14 || command -v clang++ || true)

mkdir -p "$build"
: >"$log"
if [ -z "$cxx" ] || ! cmake -S . -B "$build" -DLUCIA_FUZZ=ON -DCMAKE_CXX_COMPILER="$cxx" \
      -DCMAKE_BUILD_TYPE=RelWithDebInfo -DLUCIA_WERROR=ON >/dev/null ||
   ! cmake --build "$build" -j"$jobs" --target fuzzers; then
  echo "fuzz: build failed (clang++-14 and libclang-rt-14-dev come from scripts/install-deps.sh)" | tee -a "$log"
  echo "fuzz harnesses: 0 passed, ${#harnesses[@]} failed" | tee -a "$log"
  exit 1
fi

passed=0
failed=0
for name in "${harnesses[@]}"; do
  binary=$build/tests/fuzz/fuzz_$name
  seeds=$root/tests/fuzz/corpus/$name
  work=$build/corpus/$name
  artifacts=$build/artifacts/$name
  mkdir -p "$work" "$artifacts"
  echo "---- fuzz_$name: $seconds s" | tee -a "$log"
  # -timeout: one input may not take more than 10 s; -rss_limit_mb: scrypt and SQLite stay small.
  if "$binary" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
       -artifact_prefix="$artifacts/" "$work" "$seeds" >"$build/fuzz_$name.log" 2>&1; then
    passed=$((passed + 1))
    grep -E '^(Done|stat::number_of_executed_units|stat::new_units_added)' "$build/fuzz_$name.log" | tee -a "$log"
  else
    failed=$((failed + 1))
    grep -E -A12 'property failed|ERROR:|runtime error' "$build/fuzz_$name.log" | head -40 | tee -a "$log"
    echo "FAILED fuzz_$name: the input is in $artifacts/; full output in $build/fuzz_$name.log" | tee -a "$log"
  fi
done
echo "fuzz harnesses: $passed passed, $failed failed" | tee -a "$log"
[ "$failed" -eq 0 ]
