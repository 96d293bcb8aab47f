#!/usr/bin/env bash
# Builds lucia's Debian packages with Debian's own tools, as a user who downloaded the tree would,
# and checks them without installing anything:
#   bash tests/packaging/build.sh OUTDIR
# 1. copies the files git tracks (as they are in the working tree, so uncommitted edits count and
#    untracked or ignored files, such as build directories, do not) into OUTDIR/lucia;
# 2. runs dpkg-buildpackage -us -uc -b there (the .debs land in OUTDIR);
# 3. runs lintian on the .changes (any E: fails) and checks each package's files and Depends.
# Prints "build: P passed, F failed"; installed_test.sh then installs and uses the packages.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
out=${1:?usage: build.sh OUTDIR}
source "$here/checks.sh"
version=$(sed -n "s/^default_version = '\([0-9]*\.[0-9]*\)'$/\1/p" "$root/pg_ext/lucia.control")
arch=$(dpkg --print-architecture)
triplet=$(dpkg-architecture -qDEB_HOST_MULTIARCH)

echo "---- dpkg-buildpackage -us -uc -b in a copy of the tracked files"
rm -rf "$out" && mkdir -p "$out/lucia"
# tar skips a tracked file deleted in the working tree (--ignore-failed-read) instead of failing.
(cd "$root" && git ls-files -z | tar --null -T - --ignore-failed-read -cf - 2>/dev/null) | tar -xf - -C "$out/lucia"
check "the copy holds the tracked files only (debian/, no build directory)" "debian/rules" \
  "$(cd "$out/lucia" && ls -d debian/rules build* 2>/dev/null)"
if (cd "$out/lucia" && dpkg-buildpackage -us -uc -b -j2) >"$out/build.log" 2>&1; then
  ok "dpkg-buildpackage builds the packages ($out/build.log)"
else
  fail "dpkg-buildpackage" "$(tail -n 30 "$out/build.log")"
  summary build
  exit 1
fi
check "the build ran the SQLite module's shell checks (dh_auto_test)" "1" \
  "$(grep -c '^100% tests passed, 0 tests failed out of 3$' "$out/build.log")"

changes=$out/lucia_${version}_$arch.changes
check "the .changes is named for lucia.control's version" "$changes" "$(ls "$out"/lucia_*.changes)"
lintian_log=$out/lintian.log
lintian --pedantic "$changes" >"$lintian_log" 2>&1
sed 's/^/     lintian: /' "$lintian_log"
check "lintian reports no errors (E:)" "" "$(grep '^E: ' "$lintian_log")"
check "lintian reports no warnings (W:)" "" "$(grep '^W: ' "$lintian_log")"

echo "---- what each package holds and depends on"
deb() { echo "$out/${1}_${version}_$arch.deb"; }
# Lists a package's files (not directories), one per line.
files() { dpkg-deb -c "$(deb "$1")" | awk '$1 !~ /^d/ {sub(/^\./, "", $6); print $6}' | sort; }
pg_files=$(files postgresql-15-lucia)
check "postgresql-15-lucia ships lucia.so" "/usr/lib/postgresql/15/lib/lucia.so" \
  "$(grep '/lib/lucia.so$' <<<"$pg_files")"
check "postgresql-15-lucia ships lucia.control and every pg_ext/lucia--*.sql" \
  "$(cd "$root/pg_ext" && ls lucia.control lucia--*.sql | sed 's|^|/usr/share/postgresql/15/extension/|' | sort)" \
  "$(grep '/extension/' <<<"$pg_files")"
check "libsqlite3-mod-lucia ships the SQLite module" "/usr/lib/$triplet/sqlite3/lucia.so" \
  "$(files libsqlite3-mod-lucia | grep '\.so$')"
check "mariadb-plugin-lucia ships the plugin, its SQL and install.sh" \
  "/usr/lib/mysql/plugin/lucia_mariadb.so /usr/share/lucia/mariadb/functions.sql /usr/share/lucia/mariadb/install.sh /usr/share/lucia/mariadb/lucia.sql" \
  "$(files mariadb-plugin-lucia | grep -v '^/usr/share/doc/' | tr '\n' ' ' | sed 's/ $//')"
# Depends as a list of package names, one per line.
depends() { dpkg-deb -f "$(deb "$1")" Depends | tr ',' '\n' | sed 's/^ *//; s/ .*//' | sort -u; }
for pair in postgresql-15-lucia:postgresql-15 postgresql-15-lucia:libssl3 postgresql-15-lucia:libutf8proc2 \
  libsqlite3-mod-lucia:libsqlite3-0 libsqlite3-mod-lucia:libssl3 libsqlite3-mod-lucia:libutf8proc2 \
  mariadb-plugin-lucia:mariadb-server mariadb-plugin-lucia:libssl3 mariadb-plugin-lucia:libutf8proc2; do
  check "${pair%%:*} depends on ${pair#*:}" "${pair#*:}" "$(depends "${pair%%:*}" | grep -x "${pair#*:}")"
done
summary build
