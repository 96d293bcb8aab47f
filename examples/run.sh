#!/usr/bin/env bash
# Runs inside pg_virtualenv: type-checks the examples of docs/drizzle.md, docs/kysely.md and
# docs/replicas.md (tsc --noEmit), compiles them and runs them against PostgreSQL and SQLite, and
# the replica examples against a primary and a streaming standby of their own (replica_pair.sh).
# $1 is the summary file of scripts/test.sh.
set -euo pipefail
cd "$(dirname "$0")"
summary=${1:-/dev/null}
npx --no-install tsc --noEmit -p .
rm -rf dist
npx --no-install tsc -p .
if node dist/run-all.js "$(cd .. && pwd)/build/lucia.so"; then
  echo "examples 4 0" >>"$summary"
else
  echo "examples 0 4" >>"$summary"
  exit 1
fi
if bash ../tests/pg/replica_pair.sh node dist/run-replicas.js; then
  echo "replica-examples 3 0" >>"$summary"
else
  echo "replica-examples 0 3" >>"$summary"
  exit 1
fi
