#!/usr/bin/env bash
# core/ is pure C++17: no file in it may include a PostgreSQL or SQLite header.
set -euo pipefail
cd "$(dirname "$0")/.."
if grep -nE '#\s*include\s*[<"](postgres|fmgr|executor/|utils/|catalog/|access/|sqlite3)' core/*.hpp core/*.cpp core/*.def; then
  echo "FAIL core/ includes a database header"
  exit 1
fi
echo "ok core/ includes no database header"

# pg_ext/ outside the bridge: no std::, throw, try, new, core/ include or direct postgres.h.
python3 tests/check_pg_ext_tokens.py pg_ext
echo "ok pg_ext/ outside the bridge holds no std::, throw, try or new"

# The same check must refuse each construct when someone adds it (and accept comments and strings).
sample=$(mktemp -d)
trap 'rm -rf "$sample"' EXIT
for bad in 'std::string s;' 'throw 1;' 'try { f(); } catch (...) {}' 'int *p = new int;' \
           'std :: vector<int> v;' '#include "core/errors.hpp"' '#include "postgres.h"'; do
  printf '// std:: throw try new in a comment\nstatic const char *s = "try new std::";\n%s\n' "$bad" >"$sample/x.cpp"
  if python3 tests/check_pg_ext_tokens.py "$sample" >/dev/null; then
    echo "FAIL the pg_ext/ token check accepted: $bad"
    exit 1
  fi
done
printf '// std:: throw try new in a comment\nstatic const char *s = "try new std::";\nint new_count; /* try */\n' >"$sample/x.cpp"
python3 tests/check_pg_ext_tokens.py "$sample" || { echo "FAIL the token check refused comments or strings"; exit 1; }
echo "ok the pg_ext/ token check refuses each construct and ignores comments and strings"

# The compiler refuses core/ headers beside PostgreSQL's or the bridge's, in either order.
bash tests/check_boundary_compile.sh
