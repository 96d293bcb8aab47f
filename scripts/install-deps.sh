#!/usr/bin/env bash
# Installs the Debian 12 packages lucia needs to build and test, skipping those already present.
# Why a script: nothing installed by hand survives to the next machine; this file is the record.
#   scripts/install-deps.sh            what the build and the tests need
#   scripts/install-deps.sh --bench    also what bench/run.sh needs (gnuplot-nox draws its chart)
set -euo pipefail

packages=(
  build-essential g++ make cmake pkg-config
  libssl-dev libutf8proc-dev
  googletest libgtest-dev libbenchmark-dev
  sqlite3 libsqlite3-dev python3
  # git archives the PGXN upload (make dist, tests/pgxn/dist_test.py)
  git
  clang-14 libclang-rt-14-dev clang-format-14
  postgresql-15 postgresql-server-dev-15 postgresql-common postgresql-client-15
  pgbouncer postgresql-15-auto-failover pg-auto-failover-cli
  # pg_cron runs the scheduled sweep in tests/pg/sweep_schedule_test.sh
  postgresql-15-cron
  # MariaDB 10.11: the server tests/mariadb/server.sh starts, its plugin headers
  # (/usr/include/mariadb/server/, in libmariadbd-dev), the client and mtr (mariadb-test)
  mariadb-server mariadb-client libmariadb-dev libmariadbd-dev mariadb-test
  # The Debian packages (debian/, tests/packaging/): dpkg-buildpackage with debhelper and
  # pg_buildext (postgresql-server-dev-all), checked by lintian
  dpkg-dev debhelper postgresql-server-dev-all lintian
)
# The benchmark's chart (bench/validation-throughput.gp) needs gnuplot; the tests do not.
if [ "${1:-}" = "--bench" ]; then
  packages+=(gnuplot-nox)
elif [ $# -gt 0 ]; then
  echo "usage: scripts/install-deps.sh [--bench]" >&2
  exit 2
fi

missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done

# Node.js 20+ and npm run the interop suites (the machine image ships Node 20 from NodeSource;
# Debian's own nodejs is only a fallback).
command -v node >/dev/null 2>&1 || missing+=(nodejs)
command -v npm >/dev/null 2>&1 || missing+=(npm)

# tests/pg/lc_messages_test.sh reads PostgreSQL's German messages: the server must start with the
# de_DE.UTF-8 locale already made (glibc reads the locale archive once per process).
make_test_locale() {
  if ! locale -a 2>/dev/null | grep -qix 'de_DE.utf8' && [ "$(id -u)" -eq 0 ]; then
    localedef -i de_DE -f UTF-8 de_DE.UTF-8
  fi
}

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} Debian packages present"
  make_test_locale
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  echo "install-deps: missing packages: ${missing[*]}; run as root or install them with apt-get" >&2
  exit 1
fi

echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}"
make_test_locale
