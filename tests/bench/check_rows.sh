#!/usr/bin/env bash
# The check every benchmark's short form ends with: each named row is in the results file with
# numeric ratios (median, min, max), as bench/*.sh print them.
#   bash tests/bench/check_rows.sh <step name> <results file> <summary file or /dev/null> <row>...
# Prints "<step name>: N passed, M failed", appends "<step name> N M" to the summary file and fails
# when a row is missing.
set -euo pipefail
name=$1 results=$2 summary=$3
shift 3
passed=0 failed=0
for row in "$@"; do
  if grep -Eq "^$row [0-9]+\.[0-9]+ [0-9]+\.[0-9]+ [0-9]+\.[0-9]+ " "$results"; then
    passed=$((passed + 1))
  else
    echo "$name: no row $row with ratios in the benchmark's output" >&2
    failed=$((failed + 1))
  fi
done
echo "$name: $passed passed, $failed failed"
echo "$name $passed $failed" >>"$summary"
[ "$failed" -eq 0 ]
