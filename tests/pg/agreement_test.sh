#!/usr/bin/env bash
# One script of calls (tests/agreement/script.sql) gives the same results and the same errors on
# PostgreSQL and SQLite. Runs inside pg_virtualenv; needs the SQLite module in build/lucia.so.
set -euo pipefail
cd "$(dirname "$0")/../.."
/usr/bin/python3 tests/agreement/run.py build/lucia.so
