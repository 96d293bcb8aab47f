#!/usr/bin/env bash
# The README's first command: builds everything and runs the quickstart, printing each step.
set -euo pipefail
cd "$(dirname "$0")/.."
exec bash scripts/quickstart-postgres.sh
