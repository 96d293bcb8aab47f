#!/usr/bin/env bash
# The Debian packaging test (issue 14), run by scripts/test.sh after the MariaDB step, as root:
#   bash tests/packaging/run.sh
# build.sh builds the three packages from the tracked files with dpkg-buildpackage and checks them
# (lintian, files, Depends); installed_test.sh, in a throwaway cluster (pg_virtualenv), installs,
# uses, removes, purges and reinstalls them, then leaves the machine's files as it found them.
# Prints "packaging: P passed, F failed" and exits non-zero on a failure.
set -euo pipefail
cd "$(dirname "$0")/../.."
out=$(mktemp -d /tmp/lucia-deb.XXXXXX)
chmod 755 "$out"  # apt-get reads the .debs as its own user _apt
log=$(mktemp)
trap 'rm -rf "$out" "$log"' EXIT
SECONDS=0
bash tests/packaging/build.sh "$out" 2>&1 | tee "$log" || true
echo "build.sh took $SECONDS s"
if grep -q '^build: [0-9]* passed, 0 failed$' "$log"; then
  SECONDS=0
  pg_virtualenv bash tests/packaging/installed_test.sh "$out" 2>&1 | tee -a "$log" || true
  echo "installed_test.sh took $SECONDS s"
fi
# Both summary lines summed; a missing one (the build failed, or a script died) counts as a failure.
lines=$(grep -E '^(build|installed): [0-9]+ passed, [0-9]+ failed$' "$log" || true)
passed=$(awk '{p += $2} END {print p + 0}' <<<"$lines")
failed=$(awk 'NF {f += $4; n++} END {print f + 2 - n}' <<<"$lines")
echo "packaging: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
