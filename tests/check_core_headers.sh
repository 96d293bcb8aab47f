#!/usr/bin/env bash
# core/ is pure C++17: no file in it may include a PostgreSQL or SQLite header.
set -euo pipefail
cd "$(dirname "$0")/.."
if grep -nE '#\s*include\s*[<"](postgres|fmgr|executor/|utils/|catalog/|access/|sqlite3)' core/*.hpp core/*.cpp; then
  echo "FAIL core/ includes a database header"
  exit 1
fi
echo "ok core/ includes no database header"

# The compiler refuses core/ headers beside PostgreSQL's or the bridge's, in either order.
bash tests/check_boundary_compile.sh
