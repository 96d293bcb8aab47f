#!/usr/bin/env bash
# Installs lucia into a running MariaDB (10.5+, on this machine):
#   bash mariadb_ext/install.sh --library build/lucia_mariadb.so --database app [-- mariadb client options]
#   bash /usr/share/lucia/mariadb/install.sh --database app [-- ...]   (package mariadb-plugin-lucia)
# 1. copies the library into the server's plugin directory (SELECT @@plugin_dir); without
#    --library, uses the lucia_mariadb.so already there (the package installs it there);
# 2. installs the settings plugin and the lucia_core_* loadable functions (functions.sql);
# 3. creates the locked account lucia_owner@localhost, which may read and write the database's
#    tables, and the role lucia_app;
# 4. creates the lucia_* routines of lucia.sql in the database with lucia_owner as their definer,
#    and grants lucia_app EXECUTE on the public ones only (never SELECT on a table).
# The client options say how to connect as an administrator (default: root over the default
# socket). Run `CALL lucia_create_tables()` in the database afterwards for new tables (and this
# script again after adding attribute columns to auth_user), and grant
# lucia_app to the application's account (GRANT lucia_app TO app; SET DEFAULT ROLE lucia_app FOR app).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
library= database=
while [ $# -gt 0 ]; do
  case "$1" in
    --library) library=$2; shift 2 ;;
    --database) database=$2; shift 2 ;;
    --) shift; break ;;
    *) echo "usage: $0 [--library PATH] --database NAME [-- mariadb client options]" >&2; exit 2 ;;
  esac
done
[ -n "$database" ] || { echo "usage: $0 [--library PATH] --database NAME [-- options]" >&2; exit 2; }
[ -z "$library" ] || [ -f "$library" ] || { echo "install.sh: no library at $library (build it: cmake --build build --target lucia_mariadb)" >&2; exit 1; }
# The name is spliced into GRANT and USE between backticks.
case "$database" in *'`'* | *"'"* | *'\'*) echo "install.sh: refusing database name $database" >&2; exit 2 ;; esac
client=(mariadb --no-defaults "$@")
[ $# -gt 0 ] || client=(mariadb -uroot)

plugin_dir=$("${client[@]}" -N -B -e 'SELECT @@plugin_dir')
if [ -n "$library" ]; then
  install -m 0644 "$library" "$plugin_dir/lucia_mariadb.so"
elif [ ! -f "$plugin_dir/lucia_mariadb.so" ]; then
  echo "install.sh: no lucia_mariadb.so in the server's plugin directory $plugin_dir: install mariadb-plugin-lucia or pass --library" >&2
  exit 1
fi
"${client[@]}" <"$here/functions.sql"

# Public routines: every lucia_* function of lucia.sql but the helpers the others call.
private='^(lucia_session_step|lucia_user_attributes|lucia_attribute_columns|lucia_attribute_value)$'
public=$(sed -n 's/^CREATE OR REPLACE FUNCTION \(lucia_[a-z_]*\).*/\1/p' "$here/lucia.sql" | grep -Ev "$private")

{
  echo "CREATE DATABASE IF NOT EXISTS \`$database\`;"
  echo "CREATE USER IF NOT EXISTS 'lucia_owner'@'localhost' ACCOUNT LOCK;"
  echo "ALTER USER 'lucia_owner'@'localhost' ACCOUNT LOCK;"
  echo "GRANT SELECT, INSERT, UPDATE, DELETE, EXECUTE ON \`$database\`.* TO 'lucia_owner'@'localhost';"
  echo "CREATE ROLE IF NOT EXISTS lucia_app;"
  echo "USE \`$database\`;"
  sed -E "s/^CREATE OR REPLACE (PROCEDURE|FUNCTION)/CREATE OR REPLACE DEFINER = 'lucia_owner'@'localhost' \\1/" "$here/lucia.sql"
  for routine in $public; do echo "GRANT EXECUTE ON FUNCTION \`$database\`.$routine TO lucia_app;"; done
} | "${client[@]}"

# The attribute routines for auth_user's columns, when the table exists (run this script again
# after changing them): lucia_user_attributes reads them with one lucia_core_attributes_json call,
# lucia_insert_user and lucia_update_user write the keys an attributes object has, and
# lucia_attribute_columns lists the writable ones. Without attribute columns lucia.sql's forms stay.
columns=$("${client[@]}" -N -B -r -e "SELECT column_name FROM information_schema.columns
  WHERE table_schema = '$database' AND table_name = 'auth_user' AND column_name <> 'id' AND is_generated = 'NEVER'
  ORDER BY ordinal_position")
if [ -n "$columns" ]; then
  pairs= names= insert_columns= insert_values= updates=
  while IFS= read -r column; do
    # Spliced into string literals, JSON paths and identifiers below: plain names only.
    case "$column" in *[\'\"\`\\]*) echo "install.sh: auth_user column $column: quotes and backslashes are not supported" >&2; exit 1 ;; esac
    literal="'$column'" identifier="\`$column\`" path="'\$.\"$column\"'"
    pairs+="${pairs:+, }$literal, $identifier"
    names+="${names:+, }$literal"
    insert_columns+=", $identifier"
    insert_values+=", IF(JSON_EXISTS(p_attributes, $path), lucia_attribute_value(p_attributes, $path), DEFAULT($identifier))"
    updates+="${updates:+, }$identifier = IF(JSON_EXISTS(p_attributes, $path), lucia_attribute_value(p_attributes, $path), $identifier)"
  done <<<"$columns"
  owner="DEFINER = 'lucia_owner'@'localhost'"
  id="VARCHAR(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin"
  "${client[@]}" "$database" <<SQL
DELIMITER //
CREATE OR REPLACE $owner FUNCTION lucia_user_attributes(p_user_id $id)
RETURNS LONGTEXT CHARACTER SET utf8mb4 NOT DETERMINISTIC READS SQL DATA SQL SECURITY DEFINER
RETURN (SELECT CONVERT(lucia_core_attributes_json($pairs) USING utf8mb4) FROM auth_user WHERE id = p_user_id) //
CREATE OR REPLACE $owner FUNCTION lucia_attribute_columns()
RETURNS LONGTEXT CHARACTER SET utf8mb4 NOT DETERMINISTIC NO SQL SQL SECURITY DEFINER
RETURN JSON_ARRAY($names) //
CREATE OR REPLACE $owner PROCEDURE lucia_insert_user(p_user_id $id, p_attributes MEDIUMTEXT CHARACTER SET utf8mb4)
SQL SECURITY DEFINER
INSERT INTO auth_user (id$insert_columns) VALUES (p_user_id$insert_values) //
CREATE OR REPLACE $owner PROCEDURE lucia_update_user(p_user_id $id, p_attributes MEDIUMTEXT CHARACTER SET utf8mb4)
SQL SECURITY DEFINER
UPDATE auth_user SET $updates WHERE id = p_user_id //
DELIMITER ;
SQL
fi

# The two accounts must hold what this script grants and nothing more, here and in any other
# database lucia is installed in: a lucia_app that holds more (a role someone made or granted to
# before) gives the application more than the functions, and a lucia_owner with more than these
# five privileges makes every call refuse (lucia_guard in lucia.sql tells its tables from
# temporary ones by a privilege it lacks). A password someone gave lucia_owner is left: the
# account is locked again above, and whoever may unlock it (CREATE USER) may set one anyway.
fail_extra() {  # account, grants it should not have
  [ -z "$2" ] && return 0
  echo "install.sh: $1 holds more than EXECUTE on lucia's functions and the database privileges install.sh grants; revoke:" >&2
  echo "$2" >&2
  exit 1
}
functions=$(echo "$public" | paste -sd'|')
fail_extra lucia_app "$("${client[@]}" -N -B -r -e "SHOW GRANTS FOR lucia_app" |
  grep -v -E "^GRANT USAGE ON \*\.\* TO \`lucia_app\`$|^GRANT EXECUTE ON FUNCTION \`[^\`]+\`\.\`($functions)\` TO \`lucia_app\`$" || true)"
fail_extra "lucia_owner@localhost" "$("${client[@]}" -N -B -r -e "SHOW GRANTS FOR 'lucia_owner'@'localhost'" |
  grep -v -E "^GRANT USAGE ON \*\.\* TO \`lucia_owner\`@\`localhost\`( IDENTIFIED BY PASSWORD '[^']*')?$|^GRANT SELECT, INSERT, UPDATE, DELETE, EXECUTE ON \`[^\`]+\`\.\* TO \`lucia_owner\`@\`localhost\`$" || true)"
