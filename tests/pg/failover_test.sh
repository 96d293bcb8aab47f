#!/usr/bin/env bash
# The short form of the failover drill (bench/failover_drill.sh --short, about 50 s): pg_auto_failover
# with a monitor and two synchronous nodes of its own, the primary killed under login/create/validate
# load through a multi-host connection string; fails if an acknowledged session is missing on the
# promoted standby or a call fails for another reason than the switch. The full drill and its
# figures are in BENCHMARKS.md. Run by tests/pg/run.sh (it needs no cluster of pg_virtualenv).
set -euo pipefail
cd "$(dirname "$0")/../.."
bash bench/failover_drill.sh --short
