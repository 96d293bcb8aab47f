#!/usr/bin/env bash
# The README's PostgreSQL quickstart is exactly sql/quickstart.sql, which pg_regress runs, so the
# README cannot drift from what is tested.
set -euo pipefail
cd "$(dirname "$0")/../.."
block=$(awk '/^## Quickstart \(PostgreSQL\)/{inside=1} inside && /^```sql$/{grab=1; next} grab && /^```$/{exit} grab{print}' README.md)
if [ "$block" != "$(cat sql/quickstart.sql)" ]; then
  diff <(echo "$block") sql/quickstart.sql || true
  echo "FAIL README.md's quickstart differs from sql/quickstart.sql"
  exit 1
fi
echo "ok README.md's quickstart is sql/quickstart.sql"
