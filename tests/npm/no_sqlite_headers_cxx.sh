#!/usr/bin/env bash
# A C++ compiler that lacks SQLite's headers, for tests/npm/run.sh: c++ itself, except that a
# source read from stdin (the install script's header probes) that includes sqlite3ext.h fails
# as it would without libsqlite3-dev.
set -euo pipefail
if [ "${*: -1}" = "-" ]; then
  source=$(cat)
  if grep -q 'sqlite3ext\.h' <<<"$source"; then
    echo "<stdin>:1:10: fatal error: sqlite3ext.h: No such file or directory" >&2
    exit 1
  fi
  exec c++ "$@" <<<"$source"
fi
exec c++ "$@"
