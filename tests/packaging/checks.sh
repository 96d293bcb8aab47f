#!/usr/bin/env bash
# Sourced by the packaging tests (build.sh, installed_test.sh): each check prints "ok" or "FAIL"
# with its name and is counted; summary prints "NAME: P passed, F failed" and sets the exit status.
passed=0 failed=0

# Why: one line per check, with what differed, and a count for the test command's summary.
ok() {
  passed=$((passed + 1))
  echo "ok   $1"
}
fail() {
  failed=$((failed + 1))
  echo "FAIL $1"
  if [ $# -gt 1 ]; then printf '     %s\n' "${@:2}"; fi
}
# check NAME EXPECTED ACTUAL: the two strings are equal.
check() {
  if [ "$2" = "$3" ]; then ok "$1"; else fail "$1" "expected: $2" "actual:   $3"; fi
}
# check_match NAME REGEX ACTUAL: the string matches the extended regular expression.
check_match() {
  if [[ $3 =~ $2 ]]; then ok "$1"; else fail "$1" "expected to match: $2" "actual: $3"; fi
}
# check_runs NAME COMMAND...: the command exits 0 (else its last output lines are shown).
check_runs() {
  local name=$1 out
  shift
  if out=$("$@" 2>&1); then ok "$name"; else fail "$name" "$(tail -n 25 <<<"$out")"; fi
}
# check_fails NAME REGEX COMMAND...: the command exits non-zero and prints something matching REGEX.
check_fails() {
  local name=$1 regex=$2 out
  shift 2
  if out=$("$@" 2>&1); then
    fail "$name" "expected a failure, it succeeded: $out"
  elif [[ $out =~ $regex ]]; then
    ok "$name"
  else
    fail "$name" "expected an error matching: $regex" "actual: $out"
  fi
}
# Why: the caller's last line, read by run.sh and scripts/test.sh.
summary() {
  echo "$1: $passed passed, $failed failed"
  [ "$failed" -eq 0 ]
}
# count_lines OUTPUT: prints another script's check lines and counts its "ok" and "FAIL" lines here.
count_lines() {
  printf '%s\n' "$1"
  passed=$((passed + $(grep -c '^ok   ' <<<"$1")))
  failed=$((failed + $(grep -c '^FAIL ' <<<"$1")))
}
