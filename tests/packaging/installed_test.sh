#!/usr/bin/env bash
# Installs the packages build.sh made and uses them as a user would, then removes, purges and
# reinstalls them under the same data. Run inside a throwaway cluster, as root (run.sh does so):
#   pg_virtualenv bash tests/packaging/installed_test.sh OUTDIR      (OUTDIR: build.sh's)
# 1. apt-get install the three .debs; dpkg -S names them as the files' owners;
# 2. PostgreSQL: CREATE EXTENSION lucia, and make installcheck in the build's copy of the tree,
#    which builds nothing there and installs nothing over the packages' files (dpkg --verify);
# 3. SQLite: the sqlite3 shell .loads the packaged module: tables, user, key, session;
# 4. MariaDB: a throwaway server whose plugin directory is the system's runs the packaged
#    install.sh and a round trip (mariadb_check.sh);
# 5. with a user, key and session in PostgreSQL and SQLite: apt-get remove (the rows stay, the
#    functions fail to load), apt-get install (the same key and sessions validate); then the same
#    with apt-get purge.
# At exit it purges the packages and puts back the files they replaced (a `make install` of the
# tree, say), so later steps and runs find the machine as it was. Prints "installed: P passed, F failed".
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
out=${1:?usage: pg_virtualenv bash installed_test.sh OUTDIR}
source "$here/checks.sh"
[ -n "${PGPORT:-}" ] || { echo "installed_test.sh: run it inside pg_virtualenv (run.sh does)" >&2; exit 2; }
export DEBIAN_FRONTEND=noninteractive
version=$(sed -n "s/^default_version = '\([0-9]*\.[0-9]*\)'$/\1/p" "$root/pg_ext/lucia.control")
arch=$(dpkg --print-architecture)
triplet=$(dpkg-architecture -qDEB_HOST_MULTIARCH)
packages=(postgresql-15-lucia libsqlite3-mod-lucia mariadb-plugin-lucia)
debs=()
for package in "${packages[@]}"; do debs+=("$out/${package}_${version}_$arch.deb"); done
tree=$out/lucia
pkglibdir=$(pg_config --pkglibdir)
sqlite_module=/usr/lib/$triplet/sqlite3/lucia
work=$(mktemp -d)

# Why: purging a package that dpkg does not know is an error; purges those it knows.
purge_known() {
  local known
  mapfile -t known < <(dpkg-query -W -f='${Package} ${db:Status-Abbrev}\n' "${packages[@]}" 2>/dev/null | awk '$2 !~ /^u/ {print $1}')
  [ ${#known[@]} -eq 0 ] || apt-get purge -y -qq "${known[@]}" >/dev/null
}
# The files the packages hold (documentation aside) and the extension files a `make install` of
# the tree left (an update script the package lacked would otherwise go unnoticed): a copy of those
# present is kept, and they are deleted, so that only the packages' files are there.
{
  for deb in "${debs[@]}"; do dpkg-deb -c "$deb"; done |
    awk '$1 !~ /^d/ {sub(/^\./, "", $6); print $6}' | grep -v '^/usr/share/doc/'
  ls -d "$(pg_config --sharedir)"/extension/lucia.control "$(pg_config --sharedir)"/extension/lucia--*.sql 2>/dev/null
} | sort -u >"$work/files"
xargs -a "$work/files" -d '\n' ls -d 2>/dev/null >"$work/present"
tar -cPf "$work/replaced.tar" -T "$work/present"
# Why at exit: whatever happened, the packages go and the files they replaced come back.
restore() {
  purge_known
  tar -xPf "$work/replaced.tar"
  rm -rf "$work"
}
trap restore EXIT
purge_known  # left by an interrupted run
xargs -a "$work/present" -d '\n' rm -f

echo "---- apt-get install the three packages"
check_runs "apt-get install ./postgresql-15-lucia_*.deb ./libsqlite3-mod-lucia_*.deb ./mariadb-plugin-lucia_*.deb" \
  apt-get install -y -q "${debs[@]}"
# The package that owns a file, by dpkg -S.
owner() { dpkg -S "$1" 2>/dev/null | sed 's/: .*//; s/:[a-z0-9]*$//'; }
check "dpkg -S: PostgreSQL's lucia.so is postgresql-15-lucia's" "postgresql-15-lucia" "$(owner "$pkglibdir/lucia.so")"
check "dpkg -S: lucia.control is postgresql-15-lucia's" "postgresql-15-lucia" \
  "$(owner "$(pg_config --sharedir)/extension/lucia.control")"
check "dpkg -S: the SQLite module is libsqlite3-mod-lucia's" "libsqlite3-mod-lucia" "$(owner "$sqlite_module.so")"
check "dpkg -S: lucia_mariadb.so is mariadb-plugin-lucia's" "mariadb-plugin-lucia" \
  "$(owner /usr/lib/mysql/plugin/lucia_mariadb.so)"
check "dpkg --verify: the installed files are the packages' own" "" "$(dpkg --verify "${packages[@]}")"

echo "---- PostgreSQL: CREATE EXTENSION lucia and make installcheck against the installed files"
db=lucia_packaged
# One statement in $db as the cluster's superuser: unaligned, no headers; errors in the output.
q() { psql -X -A -t -q -v ON_ERROR_STOP=1 -d "$db" -c "$1" 2>&1; }
check_runs "CREATE DATABASE $db" psql -X -q -v ON_ERROR_STOP=1 -d postgres -c "CREATE DATABASE $db"
check "CREATE EXTENSION lucia" "" "$(q 'CREATE EXTENSION lucia')"
check "the extension's version is lucia.control's" "$version" \
  "$(q "SELECT extversion FROM pg_extension WHERE extname = 'lucia'")"
check "the packaged library's lucia_version()" "$version" "$(q 'SELECT lucia_version()')"
if make -C "$tree" installcheck >"$out/installcheck.log" 2>&1; then
  ok "make installcheck (pg_regress and isolation tests) passes against the packaged extension"
else
  fail "make installcheck ($out/installcheck.log)" "$(tail -n 15 "$out/installcheck.log")" \
    "$(head -n 40 "$tree/regression.diffs" "$tree/output_iso/regression.diffs" 2>/dev/null)"
fi
check "make installcheck built nothing in the tree (no .o, .so or .bc)" "" \
  "$(find "$tree" -path "$tree/debian" -prune -o \( -name '*.o' -o -name '*.so' -o -name '*.bc' \) -print)"
check "make installcheck installed nothing over the package's files (dpkg --verify)" "" \
  "$(dpkg --verify postgresql-15-lucia)"

echo "---- SQLite: the sqlite3 shell .loads the packaged module"
lite_db=$work/auth.db
# Statements in a new sqlite3 shell that loads the packaged module first; errors in the output.
lite() { sqlite3 -batch -bail "$lite_db" ".load $sqlite_module" "$@" 2>&1; }
check "the packaged module's lucia_version()" "$version" "$(lite 'SELECT lucia_version()')"
check "lucia_create_tables()" "" "$(lite 'SELECT lucia_create_tables()')"
lite_user=$(lite "SELECT lucia_create_user('email', 'ada@example.com', 'correct horse battery staple') ->> 'user_id'")
check_match "lucia_create_user returns a 15-symbol user id" '^[a-zA-Z0-9]{15}$' "$lite_user"
check "lucia_validate_key with the right password returns the user" "id $lite_user" \
  "$(lite "SELECT 'id ' || (lucia_validate_key('email', 'ada@example.com', 'correct horse battery staple') ->> 'user_id')")"
lite_session=$(lite "SELECT lucia_create_session('$lite_user') ->> 'session_id'")
check "lucia_validate_session: the session is active" "active" \
  "$(lite "SELECT lucia_validate_session('$lite_session') ->> 'state'")"

echo "---- MariaDB: the packaged plugin in a throwaway server whose plugin directory is the system's"
status=0
output=$(LUCIA_MARIADB_SERVER_PLUGIN_DIR=/usr/lib/mysql/plugin \
  bash "$root/tests/mariadb/server.sh" bash "$here/mariadb_check.sh" "$version" 2>&1) || status=$?
count_lines "$output"
if [ "$status" -ne 0 ] && ! grep -q '^FAIL ' <<<"$output"; then fail "the MariaDB server and mariadb_check.sh ran"; fi

echo "---- data in PostgreSQL and SQLite; apt-get remove, purge, install again"
check "lucia_create_tables() in $db" "" "$(q 'SELECT lucia_create_tables()')"
user_id=$(q "SELECT user_id FROM lucia_create_user('email', 'ada@example.com', 'correct horse battery staple')")
session_id=$(q "SELECT session_id FROM lucia_create_session('$user_id')")
check_match "a user, its password key and a session in $db" '^[a-zA-Z0-9]{15} [a-zA-Z0-9]{40}$' "$user_id $session_id"
# The three tables' rows, read directly as the superuser (no lucia function), as one digest.
rows() {
  q "SELECT count(*) || ' rows ' || md5(string_agg(r, ',' ORDER BY r)) FROM (SELECT u::text FROM auth_user u
     UNION ALL SELECT s::text FROM auth_session s UNION ALL SELECT k::text FROM auth_key k) AS t(r)"
}
missing_library='could not access file "\$libdir/lucia"'
# take_away remove|purge: apt-get takes the packages away; the data stays and the functions fail;
# apt-get install brings them back and the same key and sessions validate again.
take_away() {
  local before
  before=$(rows)
  check_match "before $1: the tables hold the user, key and session" '^3 rows [0-9a-f]{32}$' "$before"
  check_runs "apt-get $1 the three packages" apt-get "$1" -y -q "${packages[@]}"
  check "after $1: dpkg holds nothing of them (not installed, no configuration left)" "" \
    "$(dpkg-query -W -f='${Package} ${db:Status-Abbrev}\n' "${packages[@]}" 2>/dev/null | awk '$2 !~ /^u/')"
  check "after $1: the packages' files are gone" "" "$(xargs -a "$work/files" -d '\n' ls -d 2>/dev/null)"
  check "after $1: the rows are untouched" "$before" "$(rows)"
  check_fails "after $1: lucia's functions fail to load" "$missing_library" \
    q "SELECT state FROM lucia_validate_session('$session_id')"
  check_fails "after $1: the sqlite3 shell cannot .load the module" "$sqlite_module" lite 'SELECT 1'
  check_runs "apt-get install the three packages again" apt-get install -y -q "${debs[@]}"
  check "after $1 and reinstall: the same session validates, active, for the same user" "$user_id|active" \
    "$(q "SELECT user_id, state FROM lucia_validate_session('$session_id')")"
  check "after $1 and reinstall: the same password key validates" "id $user_id" \
    "$(q "SELECT 'id ' || user_id FROM lucia_validate_key('email', 'ada@example.com', 'correct horse battery staple')")"
  check "after $1 and reinstall: the extension is the same version" "$version" \
    "$(q "SELECT extversion FROM pg_extension WHERE extname = 'lucia'")"
  check "after $1 and reinstall: SQLite's session in the same file validates" "active" \
    "$(lite "SELECT lucia_validate_session('$lite_session') ->> 'state'")"
}
take_away remove
take_away purge
summary installed
