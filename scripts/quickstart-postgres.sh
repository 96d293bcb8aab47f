#!/usr/bin/env bash
# Builds the PostgreSQL extension and walks through the quickstart (sign up, log in, session,
# idle and renewal, log out) in a throwaway PostgreSQL cluster, printing every statement and result.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
echo "Building and installing the PostgreSQL extension..."
make -j"$(nproc)" >/dev/null
make install >/dev/null
echo "Starting a throwaway PostgreSQL cluster and running sql/quickstart.sql:"
echo
pg_virtualenv bash -c 'psql -X -q -e -v ON_ERROR_STOP=0 -c "SELECT 1" >/dev/null &&
  createdb lucia_quickstart && psql -X -e -d lucia_quickstart -f sql/quickstart.sql' 2>&1 |
  grep -v -E '^(Creating new PostgreSQL cluster|Dropping cluster|[0-9-]+ [0-9:.]+ UTC \[)'
