#!/usr/bin/env bash
# The npm package (npm/, "lucia-sql") as a user gets it: packed with `npm pack` from a copy of the
# repository's tracked files (no earlier build products), installed with `npm install <tarball>`
# into a new empty project (the SQLite module compiles there, at install), and a small app run
# there: sign up, log in, sessions, with better-sqlite3 through load(db) and with pg, plus the
# README's Drizzle and Kysely two-minute starts type-checked (tsc, strict) and run. Also: the
# install script compiles exactly CMake's lucia_sqlite sources, and says what to install when
# the compiler or a header is missing. Runs inside pg_virtualenv (PGHOST etc.), as scripts/test.sh does:
#   pg_virtualenv bash tests/npm/run.sh [summary file]
# It records "npm-package P F" into the summary file.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
summary=${1:-/dev/null}
work=$(mktemp -d)
tarball="$work/lucia-sql-$(node -p 'require("./npm/package.json").version').tgz"
database=lucia_npm_$$
app_role=lucia_npm_app
passed=0
failed=0
cleanup() {
  dropdb --if-exists "$database" >/dev/null 2>&1 || true
  psql -X -q -d postgres -c "DROP ROLE IF EXISTS $app_role" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
export npm_config_nodedir=/usr npm_config_audit=false npm_config_fund=false npm_config_update_notifier=false

# Runs one check (a command, in a subshell that stops at its first failing command); counts it,
# and shows its output only when it fails.
check() {
  local name=$1 log="$work/check.log" began=$SECONDS status
  shift
  set +e
  (set -e; "$@") >"$log" 2>&1
  status=$?
  set -e
  if [ "$status" -eq 0 ]; then
    passed=$((passed + 1))
    echo "ok   $name ($((SECONDS - began)) s)"
  else
    failed=$((failed + 1))
    echo "FAIL $name"
    sed 's/^/     /' "$log"
  fi
}

# The staged copy: what git tracks (or would) of the package and the sources it packs, nothing built.
stage() {
  mkdir -p "$work/repo"
  git ls-files -z -co --exclude-standard -- npm core sqlite_ext pg_ext/lucia.control LICENSE CMakeLists.txt |
    tar -C "$root" --null -T - -cf - | tar -C "$work/repo" -xf -
  [ ! -e "$work/repo/npm/dist" ] && [ ! -e "$work/repo/npm/build" ] && [ ! -e "$work/repo/npm/node_modules" ]
}

# npm pack in the staged copy: prepare copies the sources in and compiles the TypeScript.
pack() {
  (cd "$work/repo/npm" && npm ci --ignore-scripts && npm pack --pack-destination "$work")
  local listing="$work/listing"
  tar -tzf "$tarball" | sort >"$listing"
  for file in package/package.json package/README.md package/LICENSE package/scripts/build-module.js \
    package/dist/index.js package/dist/index.d.ts package/dist/drizzle.js package/dist/drizzle.d.ts \
    package/dist/kysely.js package/dist/kysely.d.ts package/pg_ext/lucia.control \
    package/core/password_hash.cpp package/core/settings.def package/sqlite_ext/lucia_sqlite.cpp; do
    grep -qx "$file" "$listing" || { echo "the tarball lacks $file"; return 1; }
  done
  if grep -E '^package/(build|node_modules|src)/' "$listing"; then
    echo "the tarball holds build products, node_modules or the TypeScript sources"
    return 1
  fi
  # postpack removed prepack's copies again
  [ ! -e "$work/repo/npm/core" ] && [ ! -e "$work/repo/npm/LICENSE" ]
}

# The sources the install script compiles are those of CMake's lucia_sqlite and what it links
# (lucia_core), read from CMake's file API (codemodel-v2) for this tree.
same_sources_as_cmake() {
  local build="$work/cmake"
  mkdir -p "$build/.cmake/api/v1/query"
  touch "$build/.cmake/api/v1/query/codemodel-v2"
  cmake -S "$root" -B "$build" >/dev/null
  python3 - "$build/.cmake/api/v1/reply" >"$work/cmake-sources" <<'EOF'
import json, pathlib, sys
reply = pathlib.Path(sys.argv[1])
index = json.loads(next(reply.glob("index-*.json")).read_text())
model = json.loads((reply / index["reply"]["codemodel-v2"]["jsonFile"]).read_text())
targets = {t["id"]: json.loads((reply / t["jsonFile"]).read_text()) for t in model["configurations"][0]["targets"]}
def compiled(target):
    own = [s["path"] for s in target["sources"] if "compileGroupIndex" in s]
    return own + [p for d in target.get("dependencies", []) for p in compiled(targets[d["id"]])]
sqlite = next(t for t in targets.values() if t["name"] == "lucia_sqlite")
print("\n".join(sorted(compiled(sqlite))))
EOF
  node npm/scripts/build-module.js --list-sources | sort >"$work/npm-sources"
  [ -s "$work/cmake-sources" ] && diff "$work/cmake-sources" "$work/npm-sources"
}

# The install script, run on the packed package with compiler $1: fails, naming what to install ($2).
refuses_without() {
  local compiler=$1 expected=$2 unpacked="$work/unpacked-$RANDOM" status=0
  mkdir -p "$unpacked"
  tar -C "$unpacked" -xzf "$tarball"
  CXX=$compiler node "$unpacked/package/scripts/build-module.js" >"$work/refusal" 2>&1 || status=$?
  cat "$work/refusal"
  [ "$status" -eq 1 ] && grep -qF "$expected" "$work/refusal" && [ ! -e "$unpacked/package/build/lucia.so" ]
}

# LUCIA_SQL_SKIP_BUILD=1 (PostgreSQL only): the install script succeeds without compiling anything.
skips_build_when_asked() {
  local unpacked="$work/unpacked-skip"
  mkdir -p "$unpacked"
  tar -C "$unpacked" -xzf "$tarball"
  CXX=/nonexistent/c++ LUCIA_SQL_SKIP_BUILD=1 node "$unpacked/package/scripts/build-module.js"
  [ ! -e "$unpacked/package/build" ]
}

# A new empty project, as a user makes one, with the tarball, the drivers, both ORMs and tsc.
install_into_new_project() {
  mkdir -p "$work/app"
  cd "$work/app"
  npm init -y >/dev/null
  npm pkg set type=module
  # npm 11 asks for approval of install scripts (npm install-scripts approve): a tarball by its path.
  node -e 'const fs = require("fs"); const p = JSON.parse(fs.readFileSync("package.json"));
    p.allowScripts = { "better-sqlite3": true, ["file:" + process.argv[1]]: true };
    fs.writeFileSync("package.json", JSON.stringify(p, null, 2));' "$tarball"
  npm install --strict-allow-scripts "$tarball" better-sqlite3@8.7.0 pg@8.16.3 drizzle-orm@0.45.4 kysely@0.28.19 \
    typescript@5.9.3 @types/better-sqlite3@7.6.3 @types/pg@8.15.6 @types/node@20.19.43
  cp "$root"/tests/npm/app/* .
  [ -f node_modules/lucia-sql/build/lucia.so ]
}

# load(db) without the module (an install whose script did not run) says what to do.
load_explains_missing_module() {
  cd "$work/app"
  mv node_modules/lucia-sql/build/lucia.so "$work/lucia.so.aside"
  local status=0
  node --input-type=module -e 'import Database from "better-sqlite3"; import { load } from "lucia-sql";
    load(new Database(":memory:"));' >"$work/load-error" 2>&1 || status=$?
  mv "$work/lucia.so.aside" node_modules/lucia-sql/build/lucia.so
  cat "$work/load-error"
  [ "$status" -ne 0 ] && grep -qF "npm rebuild lucia-sql" "$work/load-error"
}

# As a superuser: the extension, Lucia's tables with one attribute, and the app's role granted.
make_database() {
  createdb "$database"
  psql -X -q -v ON_ERROR_STOP=1 -d "$database" <<EOF
CREATE EXTENSION lucia;
SELECT lucia_create_tables();
ALTER TABLE auth_user ADD COLUMN username text;
DROP ROLE IF EXISTS $app_role;
CREATE ROLE $app_role LOGIN PASSWORD 'npm-app-pw';
SELECT lucia_grant_app('$app_role');
EOF
}

# Runs a command in the new project.
in_app() { cd "$work/app" && "$@"; }

# Runs a command in the new project as the application's role in the test database.
as_app() { cd "$work/app" && PGDATABASE=$database PGUSER=$app_role PGPASSWORD=npm-app-pw "$@"; }

check "a copy of the tracked files, nothing built" stage
check "npm pack (prepare: sources copied, TypeScript compiled; postpack cleans)" pack
check "install script compiles exactly CMake's lucia_sqlite sources" same_sources_as_cmake
check "install without a compiler says: apt-get install g++ ..." refuses_without /nonexistent/c++ "apt-get install g++ libssl-dev libutf8proc-dev libsqlite3-dev"
check "install without sqlite3ext.h says: apt-get install libsqlite3-dev" refuses_without "$root/tests/npm/no_sqlite_headers_cxx.sh" "apt-get install libsqlite3-dev"
check "LUCIA_SQL_SKIP_BUILD=1 installs without compiling" skips_build_when_asked
check "npm install <tarball> in a new project (the module compiles at install)" install_into_new_project
check "tsc (strict) type-checks and compiles the TypeScript app against the package's types" in_app npx --no-install tsc -p .
check "load(db) without the module says what to do" load_explains_missing_module
check "better-sqlite3 + load(db): sign up, log in, session, validate, log out" in_app node plain.mjs sqlite
check "Drizzle + better-sqlite3: the README's two-minute start" in_app node dist/drizzle-sqlite.js
check "PostgreSQL: a database with the extension, the app's role granted (lucia_grant_app)" make_database
check "pg as the app's role: sign up, log in, session, validate, log out" as_app node plain.mjs pg
check "Kysely + pg as the app's role: the README's two-minute start" as_app node dist/kysely-postgres.js

echo "npm-package: $passed passed, $failed failed"
echo "npm-package $passed $failed" >>"$summary"
[ "$failed" -eq 0 ]
