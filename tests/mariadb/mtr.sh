#!/usr/bin/env bash
# The mtr suite tests/mariadb/mtr/ (MariaDB's own test runner, Debian's mariadb-test), which
# starts a server of its own with lucia_mariadb.so loaded.
#   bash tests/mariadb/mtr.sh [build directory, default build] [--record]
# Debian installs mtr in /usr/share/mysql/mysql-test and finds suites only below it; rather than
# write there, this lays out a temporary tree of links that mtr reads as a binary distribution,
# with our suite in it. Prints "mtr: N passed, M failed".
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
build=$(cd "${1:-build}" && pwd)
record=()
[ "${2:-}" = "--record" ] && record=(--record lucia.quickstart)
source_dir=/usr/share/mysql/mysql-test
[ -x "$source_dir/mariadb-test-run.pl" ] || { echo "mtr: 0 passed, 1 failed (no $source_dir: install mariadb-test)"; exit 1; }

tree=$(mktemp -d /tmp/lucia-mtr.XXXXXX)
trap 'rm -rf "$tree"' EXIT
mkdir -p "$tree/share/mysql/mysql-test/suite" "$tree/plugin"
for directory in bin sbin lib; do ln -s "/usr/$directory" "$tree/$directory"; done
for entry in /usr/share/*; do [ "$(basename "$entry")" = mysql ] || ln -s "$entry" "$tree/share/"; done
for entry in /usr/share/mysql/*; do [ "$(basename "$entry")" = mysql-test ] || ln -s "$entry" "$tree/share/mysql/"; done
for entry in "$source_dir"/*; do
  case "$(basename "$entry")" in
    suite) ;;
    mariadb-test-run.pl) cp "$entry" "$tree/share/mysql/mysql-test/" ;;  # mtr finds its tree from its own path
    *) ln -s "$entry" "$tree/share/mysql/mysql-test/" ;;
  esac
done
ln -s "$root/tests/mariadb/mtr" "$tree/share/mysql/mysql-test/suite/lucia"
cp "$build/lucia_mariadb.so" "$tree/plugin/"
export LUCIA_MTR_PLUGIN_DIR="$tree/plugin" LUCIA_MTR_SQL_DIR="$root/mariadb_ext"

status=0
(cd "$tree/share/mysql/mysql-test" && perl mariadb-test-run.pl --suite=lucia --vardir="$tree/var" --parallel=1 \
  --force --max-test-fail=0 "${record[@]}") >"$tree/mtr.log" 2>&1 || status=$?
grep -E '^lucia\.|^Completed|^Failed|fail' "$tree/mtr.log" || true
passed=$(grep -c '^lucia\.[a-z_]* .*\[ pass \]' "$tree/mtr.log" || true)
failed=$(grep -c '^lucia\.[a-z_]* .*\[ fail \]' "$tree/mtr.log" || true)
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  tail -30 "$tree/mtr.log"
  failed=1
fi
echo "mtr: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
