#!/usr/bin/env bash
# The MariaDB tests, run by run.sh inside server.sh's throwaway server; $1 is the build directory
# (lucia_mariadb.so and the SQLite module lucia.so). Each check prints "ok" or "FAIL" with its name.
set -uo pipefail
cd "$(dirname "$0")/../.."
build=$1
socket=$LUCIA_MARIADB_SOCKET
passed=0 failed=0

ok() { passed=$((passed + 1)); echo "ok   $1"; }
fail() { failed=$((failed + 1)); echo "FAIL $1"; [ $# -gt 1 ] && printf '     %s\n' "${@:2}"; }

# One statement as root in database app (or $db), the output in MariaDB's client form; an error
# as "ERROR <SQLSTATE>: <message>" so that it compares with the SQLite module's.
db=app
sql() {
  sql_as root "$1"
}
# The same as another account (user@localhost, no password), raw (-r: a backslash stays one). The
# client echoes a failed statement between dashed lines before some errors: that echo is dropped.
sql_as() {
  mariadb --no-defaults --socket="$socket" -u"$1" -N -B -r "$db" -e "$2" 2>&1 |
    awk '/^-{14}$/ { echo = !echo; next } !echo && $0 != ""' |
    sed -E 's/^ERROR [0-9]+ \(([0-9A-Z]{5})\) at line [0-9]+: /ERROR \1: /'
}
check() {  # name expected actual
  if [ "$2" = "$3" ]; then ok "$1"; else fail "$1" "expected: $2" "actual:   $3"; fi
}
check_match() {  # name regex actual
  if [[ $3 =~ $2 ]]; then ok "$1"; else fail "$1" "expected to match: $2" "actual: $3"; fi
}
json() { sql "SELECT JSON_VALUE('$(printf '%s' "$1" | sed "s/'/''/g")', '\$.$2')"; }

echo "---- install (mariadb_ext/install.sh) into a database whose default collation differs from the tables'"
# Routine parameters take the database's collation when created; lucia's declare theirs, so a
# utf8mb4_unicode_ci database with utf8mb4_nopad_bin tables must not fail with error 1267 (illegal mix).
sql "CREATE DATABASE app CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci" >/dev/null
if out=$(bash mariadb_ext/install.sh --library "$build/lucia_mariadb.so" --database app -- --socket="$socket" -uroot 2>&1); then
  ok "install.sh installs the library, the functions and the routines"
else
  fail "install.sh" "$out"
  echo "suite: $passed passed, $((failed)) failed"
  exit 1
fi
check "every loadable function of the library is registered by functions.sql" "" \
  "$(diff <(nm -D --defined-only "$build/lucia_mariadb.so" | awk '$3 ~ /^lucia_core_/ && $3 !~ /_(de)?init$/ {print $3}' | sort) \
          <(sed -n 's/^CREATE FUNCTION IF NOT EXISTS \([a-z_]*\) .*/\1/p' mariadb_ext/functions.sql | sort))"
check "lucia_raise signals every SQLSTATE of core/error_codes.def" "" \
  "$(diff <(grep -o '"LU0[0-9][0-9]"' core/error_codes.def | tr -d '"' | grep -v LU000 | sort) \
          <(grep -o "WHEN 'LU0[0-9][0-9]'" mariadb_ext/lucia.sql | grep -o 'LU0[0-9]*' | sort))"

echo "---- lucia_create_tables: InnoDB even when the session's default engine is MyISAM"
sql "SET SESSION default_storage_engine = MyISAM; CALL lucia_create_tables()"
check "the three tables are InnoDB" "InnoDB InnoDB InnoDB" \
  "$(sql "SELECT engine FROM information_schema.tables WHERE table_schema = 'app' AND table_name LIKE 'auth\\_%' ORDER BY table_name" | tr '\n' ' ' | sed 's/ $//')"
check "ids compare exactly (utf8mb4_nopad_bin)" "utf8mb4_nopad_bin" \
  "$(sql "SELECT DISTINCT collation_name FROM information_schema.columns WHERE table_schema = 'app' AND column_name IN ('id', 'user_id')")"
check "the indexes Lucia forgot" "auth_key_user_id_idx auth_session_idle_expires_idx auth_session_user_id_idx" \
  "$(sql "SELECT DISTINCT index_name FROM information_schema.statistics WHERE table_schema = 'app' AND index_name LIKE 'auth%idx' ORDER BY index_name" | tr '\n' ' ' | sed 's/ $//')"
check "a second lucia_create_tables fails (tables exist)" "ERROR 42S01: Table 'auth_user' already exists" \
  "$(sql "CALL lucia_create_tables()")"

echo "---- the quickstart flow"
user=$(sql "SELECT lucia_create_user('email', 'ada@example.com', 'correct horse battery staple', NULL, NULL)")
user_id=$(json "$user" user_id)
check_match "lucia_create_user returns a 15-symbol user id" '^\{"user_id":"[a-zA-Z0-9]{15}","attributes":\{\}\}$' "$user"
check_match "the primary key's stored hash is Lucia's scrypt s2" '^1 s2:[a-zA-Z0-9]{16}:[0-9a-f]{128}$' \
  "$(sql "SELECT primary_key, hashed_password FROM auth_key WHERE id = 'email:ada@example.com'" | tr '\t' ' ')"
check "a wrong password is AUTH_INVALID_PASSWORD (SQLSTATE LU002)" "ERROR LU002: AUTH_INVALID_PASSWORD: wrong password" \
  "$(sql "SELECT lucia_validate_key('email', 'ada@example.com', 'Tr0ub4dor&3')")"
key=$(sql "SELECT lucia_validate_key('email', 'ada@example.com', 'correct horse battery staple')")
check "the right password returns the key" \
  "{\"type\":\"persistent\",\"provider_id\":\"email\",\"provider_user_id\":\"ada@example.com\",\"user_id\":\"$user_id\",\"primary_key\":true,\"password_defined\":true,\"expires_at\":null,\"expired\":null,\"expires\":null}" \
  "$key"
session=$(sql "SELECT lucia_create_session('$user_id')")
session_id=$(json "$session" session_id)
check_match "lucia_create_session: a fresh active 40-symbol session" \
  '^\{"session_id":"[a-zA-Z0-9]{40}","user_id":"'"$user_id"'",.*"state":"active","fresh":true,' "$session"
check "the session's expiries are a day active, then 14 days idle" "86400000 1209600000" \
  "$(sql "SELECT active_expires - CAST(JSON_VALUE('$session', '\$.active_expires') AS INT) + 86400000, idle_expires - active_expires FROM auth_session WHERE id = '$session_id'" | tr '\t' ' ')"
check "an active session validates as is (fresh false)" "${session/\"fresh\":true/\"fresh\":false}" \
  "$(sql "SELECT lucia_validate_session('$session_id')")"
sql "UPDATE auth_session SET active_expires = active_expires - 86400000 - 1000 WHERE id = '$session_id'"
check "a day later it is idle" "idle" "$(json "$(sql "SELECT lucia_get_session('$session_id')")" state)"
renewed=$(sql "SELECT lucia_validate_session('$session_id')")
renewed_id=$(json "$renewed" session_id)
check_match "validating an idle session renews it: a new id (rotate), fresh and active" \
  '^\{"session_id":"[a-zA-Z0-9]{40}",.*"state":"active","fresh":true,' "$renewed"
[ "$renewed_id" != "$session_id" ] && ok "the renewed session has a new id" || fail "the renewed session has a new id"
check "the cookie for it" \
  "auth_session=$renewed_id; Path=/; Expires=$(date -u -d @$(( $(json "$renewed" idle_expires) / 1000 )) '+%a, %d %b %Y %H:%M:%S GMT'); HttpOnly; Secure; SameSite=Lax" \
  "$(sql "SELECT lucia_create_session_cookie('$renewed_id', $(json "$renewed" idle_expires))")"
check "lucia_invalidate_session logs out" "NULL" "$(sql "SELECT lucia_invalidate_session('$renewed_id')")"
check "an invalidated session no longer validates" "ERROR LU001: AUTH_INVALID_SESSION_ID: session does not exist" \
  "$(sql "SELECT lucia_validate_session('$renewed_id')")"
check "the blank cookie" "auth_session=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; Secure; SameSite=Lax" \
  "$(sql "SELECT lucia_create_session_cookie(NULL, NULL)")"
check "lucia_renewal = 'extend' keeps the id and moves the expiries" "$session_id fresh" \
  "$(sql "SET SESSION lucia_renewal = 'extend'; SELECT JSON_VALUE(lucia_validate_session('$session_id'), '\$.session_id'), IF(JSON_VALUE(lucia_get_session('$session_id'), '\$.state') = 'active', 'fresh', 'stale')" | tr '\t' ' ')"
check "a dead session is AUTH_INVALID_SESSION_ID and is not renewed" "ERROR LU001: AUTH_INVALID_SESSION_ID: session has expired" \
  "$(sql "UPDATE auth_session SET active_expires = 1, idle_expires = 2 WHERE id = '$session_id'; SELECT lucia_validate_session('$session_id')")"
check "settings are checked by the server" "ERROR 42000: Variable 'lucia_renewal' can't be set to the value of 'sideways'" \
  "$(sql "SET SESSION lucia_renewal = 'sideways'")"

echo "---- the collation trap: ids compare exactly"
session=$(sql "SELECT lucia_create_session('$user_id')")
session_id=$(json "$session" session_id)
upper=$(printf '%s' "$session_id" | tr 'a-z' 'A-Z')
check "an upper-cased session id does not validate" "ERROR LU001: AUTH_INVALID_SESSION_ID: session does not exist" \
  "$(sql "SELECT lucia_validate_session('$upper')")"
check "a session id whose last symbol is a trailing space does not match" "ERROR LU001: AUTH_INVALID_SESSION_ID: session does not exist" \
  "$(sql "INSERT INTO auth_session VALUES ('${session_id:0:39}', '$user_id', 99999999999999, 99999999999999); SELECT lucia_validate_session('${session_id:0:39} ')")"
check "an upper-cased e-mail is another key" "ERROR LU004: AUTH_INVALID_KEY_ID: key does not exist" \
  "$(sql "SELECT lucia_validate_key('email', 'ADA@example.com', 'correct horse battery staple')")"
check "an e-mail with a trailing space is another key" "ERROR LU004: AUTH_INVALID_KEY_ID: key does not exist" \
  "$(sql "SELECT lucia_validate_key('email', 'ada@example.com ', 'correct horse battery staple')")"
check "a user id with a trailing space is another user" "ERROR LU005: AUTH_INVALID_USER_ID: user does not exist" \
  "$(sql "SELECT lucia_get_user('$user_id ')")"

echo "---- tables an application made with Lucia's documented DDL (default collation): still exact"
sql "CREATE DATABASE appci CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci" >/dev/null
bash mariadb_ext/install.sh --library "$build/lucia_mariadb.so" --database appci -- --socket="$socket" -uroot >/dev/null
db=appci sql "CREATE TABLE auth_user (id VARCHAR(15) NOT NULL, PRIMARY KEY (id));
  CREATE TABLE auth_session (id VARCHAR(127) NOT NULL, user_id VARCHAR(15) NOT NULL,
    active_expires BIGINT UNSIGNED NOT NULL, idle_expires BIGINT UNSIGNED NOT NULL,
    PRIMARY KEY (id), FOREIGN KEY (user_id) REFERENCES auth_user(id));
  CREATE TABLE auth_key (id VARCHAR(255) NOT NULL, user_id VARCHAR(15) NOT NULL,
    primary_key TINYINT UNSIGNED NOT NULL, hashed_password VARCHAR(255), expires BIGINT UNSIGNED,
    PRIMARY KEY (id), FOREIGN KEY (user_id) REFERENCES auth_user(id))"
ci_user=$(db=appci sql "SELECT JSON_VALUE(lucia_create_user('email', 'bob@example.com', 'pw', NULL, NULL), '\$.user_id')")
ci_session=$(db=appci sql "SELECT JSON_VALUE(lucia_create_session('$ci_user'), '\$.session_id')")
check "app tables: the session validates" "$ci_session" \
  "$(db=appci sql "SELECT JSON_VALUE(lucia_validate_session('$ci_session'), '\$.session_id')")"
check "app tables: an upper-cased session id does not" "ERROR LU001: AUTH_INVALID_SESSION_ID: session does not exist" \
  "$(db=appci sql "SELECT lucia_validate_session('$(printf '%s' "$ci_session" | tr 'a-z' 'A-Z')')")"
check "app tables: a trailing space does not match a session id" "ERROR LU001: AUTH_INVALID_SESSION_ID: session does not exist" \
  "$(db=appci sql "INSERT INTO auth_session VALUES ('${ci_session:0:39}', '$ci_user', 99999999999999, 99999999999999); SELECT lucia_validate_session('${ci_session:0:39} ')")"
check "app tables: an upper-cased e-mail is another key" "ERROR LU004: AUTH_INVALID_KEY_ID: key does not exist" \
  "$(db=appci sql "SELECT lucia_validate_key('email', 'BOB@example.com', 'pw')")"
check "app tables: an e-mail with a trailing space is another key" "ERROR LU004: AUTH_INVALID_KEY_ID: key does not exist" \
  "$(db=appci sql "SELECT lucia_validate_key('email', 'bob@example.com ', 'pw')")"
check "app tables: a user id with a trailing space is another user" "ERROR LU005: AUTH_INVALID_USER_ID: user does not exist" \
  "$(db=appci sql "SELECT lucia_get_user('$ci_user ')")"
check "app tables: invalidating an upper-cased session id leaves the session alone" "$ci_session" \
  "$(db=appci sql "DO lucia_invalidate_session('$(printf '%s' "$ci_session" | tr 'a-z' 'A-Z')'); SELECT JSON_VALUE(lucia_get_session('$ci_session'), '\$.session_id')")"

echo "---- lucia_adopt_tables: the application's tables made exact for every client, Lucia JS too"
check "lucia_adopt_tables converts the ids" "" "$(db=appci sql "CALL lucia_adopt_tables()")"
check "every id and user_id is utf8mb4_nopad_bin, at its own width" \
  "auth_key id 255 utf8mb4_nopad_bin|auth_key user_id 15 utf8mb4_nopad_bin|auth_session id 127 utf8mb4_nopad_bin|auth_session user_id 15 utf8mb4_nopad_bin|auth_user id 15 utf8mb4_nopad_bin" \
  "$(db=appci sql "SELECT CONCAT_WS(' ', table_name, column_name, character_maximum_length, collation_name) FROM information_schema.columns
     WHERE table_schema = 'appci' AND column_name IN ('id', 'user_id') ORDER BY table_name, column_name" | paste -sd'|')"
check "the foreign keys are back" "auth_key auth_user|auth_session auth_user" \
  "$(db=appci sql "SELECT CONCAT(table_name, ' ', referenced_table_name) FROM information_schema.referential_constraints
     WHERE constraint_schema = 'appci' ORDER BY table_name" | paste -sd'|')"
check "the indexes Lucia forgot are added" "auth_key_user_id_idx auth_session_idle_expires_idx auth_session_user_id_idx" \
  "$(db=appci sql "SELECT DISTINCT index_name FROM information_schema.statistics WHERE table_schema = 'appci' AND index_name LIKE 'auth%idx' ORDER BY index_name" | tr '\n' ' ' | sed 's/ $//')"
check "Lucia JS's own query no longer finds an upper-cased session id" "0" \
  "$(db=appci sql "SELECT COUNT(*) FROM auth_session WHERE id = '$(printf '%s' "$ci_session" | tr 'a-z' 'A-Z')'")"
check "the session still validates" "$ci_session" \
  "$(db=appci sql "SELECT JSON_VALUE(lucia_validate_session('$ci_session'), '\$.session_id')")"
check "adopting again changes nothing" "|2" \
  "$(db=appci sql "CALL lucia_adopt_tables()")|$(db=appci sql "SELECT COUNT(*) FROM information_schema.referential_constraints WHERE constraint_schema = 'appci'")"

echo "---- atomic sign-up, single-use keys, the caller's transaction"
users_before=$(sql "SELECT COUNT(*) FROM auth_user")
check "a taken key id is AUTH_DUPLICATE_KEY_ID" "ERROR LU003: AUTH_DUPLICATE_KEY_ID: a key with this id already exists" \
  "$(sql "SELECT lucia_create_user('email', 'ada@example.com', 'another password', NULL, NULL)")"
check "... and leaves no user behind" "$users_before" "$(sql "SELECT COUNT(*) FROM auth_user")"
check "... inside the caller's transaction too" "ERROR LU003: AUTH_DUPLICATE_KEY_ID: a key with this id already exists|$users_before" \
  "$(sql "BEGIN; SELECT lucia_create_user('email', 'ada@example.com', 'x', NULL, NULL)")|$(sql "SELECT COUNT(*) FROM auth_user")"
check "a custom user id that exists is AUTH_DUPLICATE_USER_ID" "ERROR LU011: AUTH_DUPLICATE_USER_ID: a user with this id already exists" \
  "$(sql "SELECT lucia_create_user(NULL, NULL, NULL, NULL, '$user_id')")"
sql "SELECT lucia_create_key('$user_id', 'otp', 'ada', 'code-123', 3600)" >/dev/null
# Two logins with one single-use key, the first holding its transaction open: the second finds
# the row, verifies the password, then its DELETE waits for the first and finds nothing.
(sql "BEGIN; SELECT JSON_VALUE(lucia_validate_key('otp', 'ada', 'code-123'), '\$.type'); DO SLEEP(1.5); COMMIT" >"$LUCIA_MARIADB_DIR/first") &
first=$!
sleep 0.7
second_result=$(sql "SELECT JSON_VALUE(lucia_validate_key('otp', 'ada', 'code-123'), '\$.type')")
wait "$first"
check "a single-use key: exactly one of two concurrent uses wins" \
  "single_use|ERROR LU004: AUTH_INVALID_KEY_ID: key was used by another request|0" \
  "$(cat "$LUCIA_MARIADB_DIR/first")|$second_result|$(sql "SELECT COUNT(*) FROM auth_key WHERE id = 'otp:ada'")"
count() { sql "SELECT lucia_core_scrypt_count()"; }
before=$(count); sql "SELECT lucia_validate_key('email', 'nobody@example.com', 'guess')" >/dev/null; unknown=$(( $(count) - before ))
before=$(count); sql "SELECT lucia_validate_key('email', 'ada@example.com', 'guess')" >/dev/null; wrong=$(( $(count) - before ))
check "an unknown key costs the scrypt work of a wrong password" "1 1" "$unknown $wrong"
session=$(sql "SELECT lucia_create_session('$user_id')")
session_id=$(json "$session" session_id)
sql "UPDATE auth_session SET active_expires = active_expires - 86400000 - 1000 WHERE id = '$session_id'"
sessions_before=$(sql "SELECT COUNT(*) FROM auth_session")
check "the caller's ROLLBACK undoes a renewal" "1|$sessions_before" \
  "$(sql "BEGIN; SELECT JSON_VALUE(lucia_validate_session('$session_id'), '\$.fresh'); ROLLBACK")|$(sql "SELECT COUNT(*) FROM auth_session")"

echo "---- the rest of the API"
sql "SELECT lucia_create_key('$user_id', 'github', '4242', NULL, NULL)" >/dev/null
check "lucia_get_all_user_keys lists the user's keys by id" "email:ada@example.com github:4242" \
  "$(sql "SELECT CONCAT(JSON_VALUE(k, '\$[0].provider_id'), ':', JSON_VALUE(k, '\$[0].provider_user_id'), ' ', JSON_VALUE(k, '\$[1].provider_id'), ':', JSON_VALUE(k, '\$[1].provider_user_id')) FROM (SELECT lucia_get_all_user_keys('$user_id') AS k) AS t")"
check "lucia_update_key_password sets a password on a passwordless key" "true|persistent" \
  "$(json "$(sql "SELECT lucia_update_key_password('github', '4242', 'new password')")" password_defined | sed 's/^1$/true/')|$(json "$(sql "SELECT lucia_validate_key('github', '4242', 'new password')")" type)"
check "... and NULL removes it" "0|persistent" \
  "$(json "$(sql "SELECT lucia_update_key_password('github', '4242', NULL)")" password_defined)|$(json "$(sql "SELECT lucia_validate_key('github', '4242', 'anything')")" type)"
live=$(sql "SELECT COUNT(*) FROM auth_session WHERE user_id = '$user_id' AND idle_expires >= $(date +%s)000")
sql "INSERT INTO auth_session VALUES ('$(printf 'd%.0s' {1..40})', '$user_id', 1, 2)"
check "lucia_get_all_user_sessions lists the live sessions and deletes the dead" "$live|0" \
  "$(sql "SELECT JSON_LENGTH(lucia_get_all_user_sessions('$user_id'))")|$(sql "SELECT COUNT(*) FROM auth_session WHERE idle_expires = 2")"
sql "INSERT INTO auth_session VALUES ('$(printf 'e%.0s' {1..40})', '$user_id', 1, 2), ('$(printf 'f%.0s' {1..40})', '$user_id', 1, 2), ('$(printf 'g%.0s' {1..40})', '$user_id', 1, 2)"
check "lucia_delete_expired_sessions(2, 1) deletes one batch of 2" "2|1" \
  "$(sql "SELECT lucia_delete_expired_sessions(2, 1)")|$(sql "SELECT COUNT(*) FROM auth_session WHERE idle_expires = 2")"
check "lucia_delete_dead_user_sessions deletes the rest" "1|0" \
  "$(sql "SELECT lucia_delete_dead_user_sessions('$user_id')")|$(sql "SELECT COUNT(*) FROM auth_session WHERE idle_expires = 2")"

echo "---- the loadable functions: callable by anyone, so they keep nothing another caller could read"
check "a routine's error is read (and forgotten) by the routine: the thread keeps none for the next caller" \
  "ERROR LU004: AUTH_INVALID_KEY_ID: key does not exist|NULL" \
  "$(echo "SELECT lucia_validate_key('email', 'nobody', 'x'); SELECT lucia_core_error();" |
     mariadb --no-defaults --socket="$socket" -uroot -N -B -r -f "$db" 2>&1 |
     sed -E 's/^ERROR [0-9]+ \(([0-9A-Z]{5})\) at line [0-9]+: /ERROR \1: /' | paste -sd'|')"
sql "CREATE USER nobody_at_all@localhost"
check "an account with no privilege at all may call them, and they read no table" \
  "{\"user_id\":\"x\",\"attributes\":{}}|ERROR 42000: SELECT command denied to user 'nobody_at_all'@'localhost' for table \`app\`.\`auth_key\`" \
  "$(db= sql_as nobody_at_all "SELECT lucia_core_user_json('x', '{}')")|$(db= sql_as nobody_at_all "SELECT COUNT(*) FROM app.auth_key")"

echo "---- the application's role: EXECUTE on the public functions, nothing else"
sql "CREATE USER app_user@localhost; GRANT lucia_app TO app_user@localhost; SET DEFAULT ROLE lucia_app FOR app_user@localhost"
check "the role can log in" "persistent" \
  "$(sql_as app_user "SELECT JSON_VALUE(lucia_validate_key('email', 'ada@example.com', 'correct horse battery staple'), '\$.type')")"
check_match "the role cannot read the hashes" "^ERROR 42000: SELECT command denied to user 'app_user'@'localhost' for table .*auth_key" \
  "$(sql_as app_user "SELECT hashed_password FROM auth_key")"
check_match "the role cannot write a session of its own" "^ERROR 42000: INSERT command denied" \
  "$(sql_as app_user "INSERT INTO auth_session VALUES ('$(printf 'x%.0s' {1..40})', '$user_id', 99999999999999, 99999999999999)")"
check_match "the role cannot call the helpers that trust their arguments" "^ERROR 42000: execute command denied to user 'app_user'@'localhost' for routine 'app.lucia_write_session'" \
  "$(sql_as app_user "CALL lucia_write_session(NULL, '$user_id', 0, 'create_session', @id, @active, @idle)")"
check_match "the definer account cannot log in" "^ERROR (HY000|28000): Access denied for user 'lucia_owner'@'localhost'|account is locked" \
  "$(mariadb --no-defaults --socket="$socket" -ulucia_owner -e 'SELECT 1' 2>&1)"

echo "---- user attributes: auth_user's own columns (install.sh run again after adding them)"
sql "ALTER TABLE auth_user ADD COLUMN username VARCHAR(31), ADD COLUMN age INT, ADD COLUMN score DOUBLE,
  ADD COLUMN note TEXT DEFAULT 'new'"
bash mariadb_ext/install.sh --library "$build/lucia_mariadb.so" --database app -- --socket="$socket" -uroot >/dev/null
sql "UPDATE auth_user SET username = 'ada \"the first\"', age = 36, score = 0.1 WHERE id = '$user_id'"
check "lucia_get_user returns the attribute columns, typed" \
  "{\"user_id\":\"$user_id\",\"attributes\":{\"username\":\"ada \\\"the first\\\"\",\"age\":36,\"score\":0.1,\"note\":\"new\"}}" \
  "$(sql "SELECT lucia_get_user('$user_id')")"

echo "---- hostile input: the same error, byte for byte, as the SQLite module"
# Both engines get the same rows: the MariaDB user's rows, copied into a new SQLite file.
sqlite_db="$LUCIA_MARIADB_DIR/agreement.db"
hash=$(sql "SELECT hashed_password FROM auth_key WHERE id = 'email:ada@example.com'")
sql "UPDATE auth_session SET active_expires = 4102444800000, idle_expires = 4102444800000 WHERE id = '$session_id'"
rows=$(sql "SELECT CONCAT('INSERT INTO auth_user (id, username, age, score, note) VALUES (', QUOTE(id), ',', QUOTE(username),
    ',', IFNULL(age, 'NULL'), ',', IFNULL(score, 'NULL'), ',', QUOTE(note), ');') FROM auth_user WHERE id = '$user_id'
  UNION ALL SELECT CONCAT('INSERT INTO auth_key (id, user_id, primary_key, hashed_password, expires) VALUES (', QUOTE(id), ',',
    QUOTE(user_id), ',', primary_key, ',', QUOTE(hashed_password), ',', QUOTE(expires), ');') FROM auth_key WHERE user_id = '$user_id'
  UNION ALL SELECT CONCAT('INSERT INTO auth_session (id, user_id, active_expires, idle_expires) VALUES (', QUOTE(id), ',',
    QUOTE(user_id), ',', active_expires, ',', idle_expires, ');') FROM auth_session WHERE user_id = '$user_id'")
sqlite3 "$sqlite_db" ".load $build/lucia" "SELECT lucia_create_tables()" \
  "ALTER TABLE auth_user ADD COLUMN username VARCHAR(31); ALTER TABLE auth_user ADD COLUMN age INT;
   ALTER TABLE auth_user ADD COLUMN score DOUBLE; ALTER TABLE auth_user ADD COLUMN note TEXT DEFAULT 'new'" "$rows" >/dev/null
sqlite_sql() {
  sqlite3 "$sqlite_db" ".load $build/lucia" "SELECT $1" 2>&1 |
    sed -E 's/^Error: (stepping|in prepare), //; s/^Error: //; s/ \([0-9]+\)$//'
}
long=$(head -c 5000 /dev/zero | tr '\0' 'a')
cases=(
  "lucia_validate_session(NULL)" "lucia_validate_session('')" "lucia_validate_session('$long')"
  "lucia_validate_session('$session_id')" "lucia_get_session('$session_id')"
  "lucia_get_session_user('$session_id')" "lucia_validate_session_user('$session_id')" "lucia_get_session_user(NULL)"
  "lucia_create_user(NULL, NULL, NULL, NULL, 'attributes_default')" "lucia_create_user(NULL, NULL, NULL, '{}', 'attributes_empty')"
  "lucia_create_user('email', 'bo@example.com', NULL, '{\"username\": \"bo\", \"age\": 7, \"score\": 1.25}', 'attributes_set')"
  "lucia_create_user(NULL, NULL, NULL, '{\"nickname\": \"e\"}', 'erin')" "lucia_create_user(NULL, NULL, NULL, '{\"id\": \"e\"}', 'erin')"
  "lucia_create_user(NULL, NULL, NULL, '[1, 2]', 'erin')" "lucia_create_user(NULL, NULL, NULL, 'nope', 'erin')"
  "lucia_create_user(NULL, NULL, NULL, '{\"Username\": \"e\"}', 'erin')" "lucia_create_user(NULL, NULL, NULL, '{\"$(printf 'n%.0s' {1..64})\": 1}', 'erin')"
  "lucia_get_user('erin')" "lucia_update_user_attributes('$user_id', '{\"age\": 37, \"note\": null}')"
  "lucia_update_user_attributes('$user_id', '{}')" "lucia_update_user_attributes('nobody', '{\"age\": 1}')"
  "lucia_update_user_attributes('$user_id', '{\"nickname\": 1}')" "lucia_update_user_attributes(NULL, '{}')"
  "lucia_get_session_user('$session_id')"
  "lucia_validate_key(NULL, 'a', 'b')" "lucia_validate_key('email', NULL, 'b')" "lucia_validate_key('', 'a', 'b')"
  "lucia_validate_key('em:ail', 'a', 'b')" "lucia_validate_key('email', '$long', 'b')"
  "lucia_validate_key('email', 'ada@example.com', NULL)" "lucia_validate_key('email', 'ada@example.com', '')"
  "lucia_validate_key('email', 'ada@example.com', '$long')" "lucia_validate_key('email', 'ada@example.com', 'correct horse battery staple')"
  "lucia_get_key('email', 'ada@example.com')" "lucia_get_key('email', 'nobody')"
  "lucia_get_user('$user_id')" "lucia_get_user(NULL)" "lucia_get_user('')" "lucia_get_user('$long')" "lucia_get_user('nobody')"
  "lucia_create_session(NULL)" "lucia_create_session('nobody')" "lucia_invalidate_session(NULL)"
  "lucia_create_user('email', 'x', NULL, NULL, '')" "lucia_create_user(NULL, NULL, 'pw', NULL, NULL)"
  "lucia_create_user('email', NULL, 'pw', NULL, NULL)" "lucia_create_user(NULL, NULL, NULL, NULL, '$long')"
  "lucia_create_key('nobody', 'otp', 'x', 'pw', 0)" "lucia_create_key('$user_id', 'otp', 'x', 'pw', -1)"
  "lucia_create_key('nobody', 'otp', 'x', NULL, NULL)" "lucia_delete_key('email', 'ada@example.com')"
  "lucia_verify_password('pw', 'garbage')" "lucia_verify_password('pw', NULL)" "lucia_verify_password(NULL, 'x')"
  "lucia_verify_password('pw', '\$2a\$10\$abcdefghijklmnopqrstuu')" "lucia_verify_password('correct horse battery staple', '$hash')"
  "lucia_hash_password(NULL)" "lucia_hash_password('$long')" "lucia_generate_random_string(0)"
  "lucia_generate_random_string(NULL)" "lucia_generate_random_string(100000)" "length(lucia_generate_random_string(7))"
  "lucia_create_session_cookie('$session_id', NULL)" "lucia_create_session_cookie('short', 0)"
  "lucia_create_session_cookie('$session_id', 4102444800000)" "lucia_create_session_cookie(NULL, NULL)"
  "lucia_parse_request_headers('GET', 'https://a.example/x', NULL, 'auth_session=$session_id', NULL)"
  "lucia_parse_request_headers('POST', 'https://a.example/x', 'https://evil.example', 'auth_session=$session_id', NULL)"
  "lucia_parse_request_headers('POST', 'https://a.example/x', 'https://b.example', 'auth_session=$session_id', '[\"https://b.example\"]')"
  "lucia_parse_request_headers('POST', 'https://a.example/x', 'https://b.example', 'auth_session=x', '[1]')" "lucia_parse_request_headers('GET', 'https://a.example/x', NULL, NULL, '{}')"
  "lucia_parse_request_headers(NULL, 'https://a.example/x', NULL, NULL, NULL)"
  "lucia_parse_request_headers('POST', 'not a url', NULL, NULL, NULL)"
  "lucia_get_all_user_keys('$user_id')" "lucia_get_all_user_keys('nobody')" "lucia_get_all_user_keys(NULL)"
  "lucia_get_all_user_sessions('$user_id')" "lucia_get_all_user_sessions('nobody')"
  "lucia_update_key_password('email', 'nobody', 'x')" "lucia_update_key_password('email', 'ada@example.com', '$long')"
  "lucia_delete_dead_user_sessions('$user_id')" "lucia_delete_dead_user_sessions(NULL)"
  "lucia_delete_expired_sessions(0, NULL)" "lucia_delete_expired_sessions(NULL, NULL)"
  "lucia_delete_expired_sessions(10, 0)" "lucia_delete_expired_sessions(10, NULL)"
)
for expression in "${cases[@]}"; do
  mine=$(sql "SELECT $expression" | sed -E 's/^ERROR LU0[0-9]{2}: //')
  theirs=$(sqlite_sql "$expression")
  [ "$theirs" = "" ] && theirs=NULL
  label="${expression:0:90}"
  check "as SQLite: $label" "$theirs" "$mine"
done
check "a NULL or empty argument is a Lucia error, never a crash: the server still answers" "1" "$(sql "SELECT 1")"
check_match "invalid UTF-8 in a password is refused (MariaDB's own conversion error) and writes nothing" \
  "^ERROR (HY000|22007): Incorrect string value: .*\|$(sql "SELECT COUNT(*) FROM auth_user")$" \
  "$(sql "SELECT lucia_create_user('email', 'utf8@example.com', _binary 0xC328, NULL, NULL)")|$(sql "SELECT COUNT(*) FROM auth_user")"
keys_before=$(sql "SELECT COUNT(*) FROM auth_key")
check_match "a wrong type (text for expires_in) is MariaDB's own error and writes nothing" \
  "^ERROR (22007|HY000|01000): Incorrect (integer|double) value: 'soon'.*\|$keys_before$" \
  "$(sql "SELECT lucia_create_key('$user_id', 'otp', 'typed', NULL, 'soon')")|$(sql "SELECT COUNT(*) FROM auth_key")"
check "a 5 MB password is refused before any scrypt work" "ERROR LU010: AUTH_INVALID_ARGUMENT: password must be at most 4096 bytes|0" \
  "$(before=$(count); echo "$(sql "SELECT lucia_validate_key('email', 'ada@example.com', REPEAT('x', 5000000))")|$(( $(count) - before ))")"
check "invalid UTF-8 handed to a loadable function directly is AUTH_INVALID_ARGUMENT" \
  "ERROR LU010: AUTH_INVALID_ARGUMENT: password is not valid UTF-8" \
  "$(sql "DO lucia_core_hash_password(_binary 0xC328); CALL lucia_raise()")"

echo "---- lucia_validate_session reaches no routine but lucia_raise (MariaDB prelocks all a function can reach, on every call)"
sql "CREATE DATABASE prelock" >/dev/null
bash mariadb_ext/install.sh --library "$build/lucia_mariadb.so" --database prelock -- --socket="$socket" -uroot >/dev/null
prelock_session=$(db=prelock sql "CALL lucia_create_tables(); DO lucia_create_user(NULL, NULL, NULL, NULL, 'prelock');
  SELECT JSON_VALUE(lucia_create_session('prelock'), '\$.session_id')")
db=prelock sql "SELECT CONCAT('DROP ', routine_type, ' ', routine_name, ';') FROM information_schema.routines
  WHERE routine_schema = 'prelock' AND routine_name NOT IN ('lucia_validate_session', 'lucia_raise')" >"$LUCIA_MARIADB_DIR/prelock.sql"
db=prelock sql "$(cat "$LUCIA_MARIADB_DIR/prelock.sql")"
idle="UPDATE auth_session SET active_expires = 1 WHERE id = '$prelock_session'"
check "alone, lucia_validate_session validates, renews (rotate, extend) and refuses" \
  "active|true|true|ERROR LU001: AUTH_INVALID_SESSION_ID: session does not exist" \
  "$(db=prelock sql "SELECT JSON_VALUE(lucia_validate_session('$prelock_session'), '\$.state')")|$(db=prelock sql "$idle; SELECT JSON_EXTRACT(lucia_validate_session('$prelock_session'), '\$.fresh')")|$(db=prelock sql "$idle; SET SESSION lucia_renewal = 'extend'; SELECT JSON_EXTRACT(lucia_validate_session('$prelock_session'), '\$.fresh')")|$(db=prelock sql "SELECT lucia_validate_session(REPEAT('x', 40))")"

echo "---- tests/agreement/script.sql on MariaDB and SQLite (tests/agreement/run.py compares PostgreSQL and SQLite)"
agreement=$(/usr/bin/python3 tests/mariadb/agreement.py "$build/lucia.so" "$build/lucia_mariadb.so" 2>&1)
printf '%s\n' "$agreement"
counts=$(printf '%s\n' "$agreement" | sed -n 's/^agreement-mariadb: [0-9]* calls, \([0-9]*\) the same .*, \([0-9]*\) different$/\1 \2/p')
if [ -n "$counts" ]; then
  passed=$((passed + ${counts% *})) failed=$((failed + ${counts#* }))
else
  fail "tests/mariadb/agreement.py ran to its end"
fi

echo "suite: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
