#!/usr/bin/env bash
# Attacks on the MariaDB adapter from the accounts that call it, the accounts that can alter its
# tables, and through the logs it writes to (docs/mariadb.md, "Security"). Each check performs
# one attack and passes when lucia holds (or, marked "documented", pins what docs/mariadb.md says
# lucia cannot prevent). run.sh runs it inside server.sh's throwaway server with a binary log:
#   LUCIA_MARIADB_SERVER_OPTIONS="--log-bin=lucia-bin --server-id=1 --log-bin-trust-function-creators=1" \
#     bash tests/mariadb/server.sh bash tests/mariadb/attacks.sh <build directory>
# Prints "attacks: N passed, M failed".
set -uo pipefail
cd "$(dirname "$0")/../.."
build=$(cd "$1" && pwd)
socket=$LUCIA_MARIADB_SOCKET
data=$LUCIA_MARIADB_DIR/data
passed=0 failed=0

ok() { passed=$((passed + 1)); echo "ok   $1"; }
fail() { failed=$((failed + 1)); echo "FAIL $1"; [ $# -gt 1 ] && printf '     %s\n' "${@:2}"; }
check() {  # name expected actual
  if [ "$2" = "$3" ]; then ok "$1"; else fail "$1" "expected: $2" "actual:   $3"; fi
}
check_match() {  # name regex actual
  if [[ $3 =~ $2 ]]; then ok "$1"; else fail "$1" "expected to match: $2" "actual: ${3:0:400}"; fi
}
# as USER DATABASE SQL: one batch as that account (no password, over the socket), raw, every
# statement run (--force); an error as "ERROR <SQLSTATE>: <message>" (the client's echo of the
# failed statement dropped).
as() {
  printf '%s\n' "$3" | mariadb --no-defaults --socket="$socket" -u"$1" -N -B -r -f ${2:+"$2"} 2>&1 |
    awk '/^-{14}$/ { echo = !echo; next } !echo && $0 != ""' |
    sed -E 's/^ERROR [0-9]+ \(([0-9A-Z]{5})\) at line [0-9]+: /ERROR \1: /'
}
root() { as root app "$1"; }
# Every password this script hands to lucia, so that the logs can be searched for them.
passwords=()
pw() { passwords+=("$1"); printf '%s' "$1"; }

unsafe='^ERROR LU013: AUTH_UNSAFE_SETUP: '
shadowed() { echo "${unsafe}$1 is not this database's own table \\(a TEMPORARY table of this connection has its name\\)"; }

echo "---- setup: lucia in database app, a user with a password, the accounts that attack"
root "CREATE DATABASE app" >/dev/null 2>&1 || as root "" "CREATE DATABASE app"
bash mariadb_ext/install.sh --library "$build/lucia_mariadb.so" --database app -- --socket="$socket" -uroot >/dev/null ||
  { fail "install.sh"; echo "attacks: $passed passed, $failed failed"; exit 1; }
ada_password=$(pw 'ada-Secret-0001')
root "CALL lucia_create_tables()"
ada=$(root "SELECT JSON_VALUE(lucia_create_user('email', 'ada@example.com', '$ada_password', NULL, NULL), '\$.user_id')")
ada_session=$(root "SELECT JSON_VALUE(lucia_create_session('$ada'), '\$.session_id')")
# web: the role only. tmp: the role and CREATE TEMPORARY TABLES on the database, and a database of
# its own where it may create procedures. nobody: no privilege at all (it may still call the
# loadable functions). ops: PROCESS.
root "CREATE USER web@localhost, tmp@localhost, nobody@localhost, ops@localhost;
  GRANT lucia_app TO web@localhost, tmp@localhost;
  SET DEFAULT ROLE lucia_app FOR web@localhost; SET DEFAULT ROLE lucia_app FOR tmp@localhost;
  GRANT CREATE TEMPORARY TABLES ON app.* TO tmp@localhost;
  CREATE DATABASE scratch; GRANT ALL ON scratch.* TO tmp@localhost;
  GRANT PROCESS ON *.* TO ops@localhost"
check_match "setup: ada's session validates for the role" '"state":"active"' \
  "$(as web app "SELECT lucia_validate_session('$ada_session')")"

echo "---- 1. a TEMPORARY table named like an auth table stands in for it, in definer routines too"
forged=$(printf 'f%.0s' {1..40})
attacker_hash=$(root "SELECT lucia_hash_password('attacker-pw')")
temp_session="CREATE TEMPORARY TABLE auth_session (id VARCHAR(127) PRIMARY KEY, user_id VARCHAR(255),
  active_expires BIGINT, idle_expires BIGINT);
  INSERT INTO auth_session VALUES ('$forged', '$ada', 4102444800000, 4102444800000);"
temp_key="CREATE TEMPORARY TABLE auth_key (id VARCHAR(255) PRIMARY KEY, user_id VARCHAR(255), primary_key TINYINT,
  hashed_password VARCHAR(255), expires BIGINT);
  INSERT INTO auth_key VALUES ('email:ada@example.com', '$ada', 1, '$attacker_hash', NULL),
    ('github:attacker', '$ada', 0, NULL, NULL);"
temp_user="CREATE TEMPORARY TABLE auth_user (id VARCHAR(255) PRIMARY KEY, is_admin INT);
  INSERT INTO auth_user VALUES ('$ada', 1);"
for call in "lucia_validate_session('$forged')" "lucia_get_session('$forged')" "lucia_get_session_user('$forged')" \
  "lucia_validate_session_user('$forged')" "lucia_renew_session('$forged')" "lucia_invalidate_session('$ada_session')" \
  "lucia_invalidate_all_user_sessions('$ada')" "lucia_get_all_user_sessions('$ada')" "lucia_delete_dead_user_sessions('$ada')" \
  "lucia_delete_expired_sessions(10, NULL)"; do
  check_match "temporary auth_session: $call refuses" "$(shadowed auth_session)" "$(as tmp app "$temp_session SELECT $call")"
done
check_match "temporary auth_session (MEMORY engine): lucia_validate_session refuses" "$(shadowed auth_session)" \
  "$(as tmp app "${temp_session/BIGINT);/BIGINT) ENGINE=MEMORY;} SELECT lucia_validate_session('$forged')")"
check_match "temporary auth_session: lucia_create_session writes no session for ada where the caller can read it" \
  "$(shadowed auth_session).*\|1$" \
  "$(as tmp app "$temp_session SELECT lucia_create_session('$ada'); SELECT COUNT(*) FROM auth_session" | paste -sd'|')"
check "temporary auth_session: ada's real session is still there (an invalidation is not swallowed)" "1" \
  "$(root "SELECT COUNT(*) FROM auth_session WHERE id = '$ada_session'")"
for call in "lucia_validate_key('email', 'ada@example.com', 'attacker-pw')" "lucia_validate_key('github', 'attacker', NULL)" \
  "lucia_get_key('github', 'attacker')" "lucia_get_all_user_keys('$ada')" "lucia_delete_key('email', 'ada@example.com')" \
  "lucia_create_key('$ada', 'email', 'second@example.com', '$(pw 'second-Secret-0002')', NULL)" \
  "lucia_update_key_password('email', 'ada@example.com', '$(pw 'new-Secret-0003')')" \
  "lucia_create_user('email', 'eve@example.com', '$(pw 'eve-Secret-0004')', NULL, NULL)" "lucia_delete_user('$ada')"; do
  check_match "temporary auth_key: $call refuses" "$(shadowed auth_key)" "$(as tmp app "$temp_key SELECT $call")"
done
keys_before=$(root "SELECT COUNT(*) FROM auth_key")
check "temporary auth_key: nothing was written to it (no hash to take away) nor to the real table" "2 1|$keys_before" \
  "$(as tmp app "$temp_key SELECT lucia_create_key('$ada', 'email', 'third@example.com', 'x', NULL);
       SELECT lucia_update_key_password('email', 'ada@example.com', 'y');
       SELECT lucia_create_user('email', 'zed@example.com', 'z', NULL, NULL);
       SELECT COUNT(*), SUM(hashed_password = '$attacker_hash') FROM auth_key" | tail -1 | tr '\t' ' ')|$(root "SELECT COUNT(*) FROM auth_key")"
check "temporary auth_key: ada's stored hash is unchanged" "1" \
  "$(root "SELECT lucia_verify_password('$ada_password', (SELECT hashed_password FROM auth_key WHERE id = 'email:ada@example.com'))")"
for call in "lucia_get_user('$ada')" "lucia_update_user_attributes('$ada', '{}')" \
  "lucia_create_user(NULL, NULL, NULL, NULL, 'mallory')" "lucia_create_session('$ada')"; do
  check_match "temporary auth_user: $call refuses" "$(shadowed auth_user)" "$(as tmp app "$temp_user SELECT $call")"
done
check_match "a procedure that reads the real table first, then creates the temporary one: still refused" \
  "$(shadowed auth_session)" \
  "$(as tmp scratch "DELIMITER //
     CREATE PROCEDURE sneak() SQL SECURITY INVOKER BEGIN
       DO app.lucia_get_session('$ada_session');
       CREATE TEMPORARY TABLE app.auth_session (id VARCHAR(127) PRIMARY KEY, user_id VARCHAR(255),
         active_expires BIGINT, idle_expires BIGINT);
       INSERT INTO app.auth_session VALUES ('$forged', '$ada', 4102444800000, 4102444800000);
       SELECT app.lucia_validate_session('$forged');
     END //
     DELIMITER ;
     CALL sneak()")"
root "CREATE USER wide@localhost; GRANT lucia_app TO wide@localhost; SET DEFAULT ROLE lucia_app FOR wide@localhost;
  GRANT ALL PRIVILEGES ON app.* TO wide@localhost"
check_match "an account with ALL PRIVILEGES on the database: its temporary auth_session is refused as well" \
  "$(shadowed auth_session)" "$(as wide app "$temp_session SELECT lucia_validate_session('$forged')")"
check_match "no false alarm: an unrelated temporary table, and auth_session once its stand-in is dropped" \
  '^[^E].*"state":"active".*\|.*"state":"active"' \
  "$(as tmp app "CREATE TEMPORARY TABLE notes (x INT); SELECT lucia_validate_session('$ada_session');
       $temp_session DROP TEMPORARY TABLE auth_session; SELECT lucia_validate_session('$ada_session')" | paste -sd'|')"

check_match "documented: the check is a write statement, so lucia_get_user fails on a read_only server like the rest" \
  "^ERROR HY000: The MariaDB server is running with the --read-only option" \
  "$(as root "" "SET GLOBAL read_only = ON" >/dev/null; as web app "SELECT lucia_get_user('$ada')"
     as root "" "SET GLOBAL read_only = OFF" >/dev/null)"

echo "---- 2. the logs: binary log (each format), general log, slow log, error log, process list"
binlog_text() {  # every binary log so far, decoded (row events as pseudo-SQL)
  as root "" "FLUSH BINARY LOGS" >/dev/null
  for file in "$data"/lucia-bin.[0-9]*; do mariadb-binlog --no-defaults -v "$file" 2>/dev/null; done
}
otp_session_key() {  # a single-use key with a password, made under the row format
  root "SET SESSION binlog_format = ROW; DO lucia_create_key('$ada', 'otp', '$1', '$2', 3600)"
}
statement_refusal="${unsafe}binlog_format = STATEMENT would write this call"
otp_session_key one "$(pw 'otp-Secret-0005')"
for call in "lucia_create_user('email', 'stmt@example.com', '$(pw 'stmt-Secret-0006')', NULL, NULL)" \
  "lucia_update_key_password('email', 'ada@example.com', '$(pw 'stmt-Secret-0007')')" \
  "lucia_create_key('$ada', 'email', 'stmt2@example.com', '$(pw 'stmt-Secret-0008')', NULL)" \
  "lucia_validate_key('otp', 'one', 'otp-Secret-0005')" "lucia_create_session('$ada')" "lucia_invalidate_session('$ada_session')"; do
  check_match "binlog_format = STATEMENT: $call refuses" "$statement_refusal" \
    "$(root "SET SESSION binlog_format = STATEMENT; SELECT $call")"
done
check_match "binlog_format = STATEMENT: a prepared lucia_create_user refuses too" "$statement_refusal" \
  "$(root "SET SESSION binlog_format = STATEMENT; PREPARE s FROM 'SELECT lucia_create_user(?, ?, ?, NULL, NULL)';
     SET @p = 'email', @u = 'prep@example.com', @w = '$(pw 'prep-Secret-0009')'; EXECUTE s USING @p, @u, @w")"
idle_session=$(root "SELECT JSON_VALUE(lucia_create_session('$ada'), '\$.session_id')")
check_match "binlog_format = STATEMENT: lucia_validate_session of an idle session refuses to renew it" "$statement_refusal" \
  "$(root "UPDATE auth_session SET active_expires = 1 WHERE id = '$idle_session';
     SET SESSION binlog_format = STATEMENT; SELECT lucia_validate_session('$idle_session')")"
check_match "binlog_format = STATEMENT: an active session still validates (nothing to write)" '"state":"active"' \
  "$(root "SET SESSION binlog_format = STATEMENT; SELECT lucia_validate_session('$ada_session')")"
for format in MIXED ROW; do
  otp_session_key "$format" "$(pw "otp-$format-0010")"
  check_match "binlog_format = $format: the password calls run (text and prepared)" \
    '^\{"user_id".*\|\{"type":"persistent".*\|\{"type":"single_use".*\|\{"user_id".*$' \
    "$(root "SET SESSION binlog_format = $format;
       SELECT lucia_create_user('email', '$format@example.com', '$(pw "create-$format-0011")', NULL, NULL);
       SELECT lucia_update_key_password('email', '$format@example.com', '$(pw "update-$format-0012")');
       SELECT lucia_validate_key('otp', '$format', 'otp-$format-0010');
       PREPARE s FROM 'SELECT lucia_create_user(?, ?, ?, NULL, NULL)';
       SET @p = 'email', @u = 'prep-$format@example.com', @w = '$(pw "prep-$format-0013")'; EXECUTE s USING @p, @u, @w" |
       paste -sd'|')"
done
binlog=$(binlog_text)
check_match "the binary log holds the calls' rows (it was written)" "$format@example.com" "$binlog"
leaked=$(for secret in "${passwords[@]}"; do grep -F -- "$secret" <<<"$binlog" | head -1; done)
check "no password reaches the binary log, in any format" "" "$leaked"
leaked=$(for secret in "${passwords[@]}"; do grep -F -- "$secret" "$LUCIA_MARIADB_DIR/error.log" | head -1; done)
check "no password reaches the error log (statement-format warnings quote statements)" "" "$leaked"

general_refusal="${unsafe}the general query log is on and records this call's password"
as root "" "SET GLOBAL general_log_file = 'general.log', general_log = ON" >/dev/null
for call in "lucia_validate_key('email', 'ada@example.com', '$(pw 'general-Secret-0014')')" \
  "lucia_create_user('email', 'gen@example.com', '$(pw 'general-Secret-0015')', NULL, NULL)" \
  "lucia_create_key('$ada', 'email', 'gen2@example.com', '$(pw 'general-Secret-0016')', NULL)" \
  "lucia_update_key_password('email', 'ada@example.com', '$(pw 'general-Secret-0017')')" \
  "lucia_hash_password('$(pw 'general-Secret-0018')')" "lucia_verify_password('$(pw 'general-Secret-0019')', '$attacker_hash')"; do
  check_match "general_log = ON: $call refuses" "$general_refusal" "$(as web app "SELECT $call")"
done
check_match "general_log = ON: calls without a password run" '"state":"active".*\|\{"user_id":"[a-zA-Z0-9]{15}"' \
  "$(as web app "SELECT lucia_validate_session('$ada_session'); SELECT lucia_create_user(NULL, NULL, NULL, NULL, NULL)" | paste -sd'|')"
check_match "the application cannot accept the log for itself: lucia_allow_logged_passwords is global" \
  "^ERROR HY000: Variable 'lucia_allow_logged_passwords' is a GLOBAL variable.*\|ERROR 42000: Access denied" \
  "$(as web app "SET SESSION lucia_allow_logged_passwords = ON" ; echo "|$(as web app "SET GLOBAL lucia_allow_logged_passwords = ON")")"
check_match "SET GLOBAL lucia_allow_logged_passwords = ON (an administrator) accepts the log" '"type":"persistent"' \
  "$(as root "" "SET GLOBAL lucia_allow_logged_passwords = ON" >/dev/null
     as web app "SELECT lucia_validate_key('email', 'ada@example.com', '$ada_password')"
     as root "" "SET GLOBAL lucia_allow_logged_passwords = OFF" >/dev/null)"
check_match "log_output = NONE writes no log: the calls run" '"type":"persistent"' \
  "$(as root "" "SET GLOBAL log_output = 'NONE'" >/dev/null
     as web app "SELECT lucia_validate_key('email', 'ada@example.com', '$ada_password')"
     as root "" "SET GLOBAL log_output = 'FILE'" >/dev/null)"
as root "" "SET GLOBAL general_log = OFF" >/dev/null
check_match "documented: the general log holds the refused call's statement (written when it arrived)" \
  "general-Secret-0014" "$(cat "$data/general.log")"

as root "" "SET GLOBAL slow_query_log_file = 'slow.log', slow_query_log = ON" >/dev/null
check_match "slow log with the application's long_query_time = 0: the password calls refuse" \
  "${unsafe}the slow query log records statements slower than long_query_time" \
  "$(as web app "SET SESSION long_query_time = 0; SELECT lucia_validate_key('email', 'ada@example.com', '$(pw 'slow-Secret-0020')')")"
check_match "slow log with long_query_time = 10 (the default): they run" '"type":"persistent"' \
  "$(as web app "SELECT lucia_validate_key('email', 'ada@example.com', '$ada_password')")"
as root "" "SET GLOBAL slow_query_log = OFF" >/dev/null

# A running call's statement: visible to the same account and to PROCESS, not to other accounts.
as web app "SELECT SLEEP(4), lucia_validate_key('email', 'ada@example.com', '$ada_password')" >/dev/null &
sleeper=$!
for _ in $(seq 1 40); do
  [ "$(root "SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE INFO LIKE '%SLEEP(4)%' AND USER = 'web'")" = 1 ] && break
  sleep 0.1
done
seen() { as "$1" "" "SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE INFO LIKE '%$ada_password%' AND ID <> CONNECTION_ID()"; }
check "documented: a running call's password is visible in the process list to PROCESS, to the same account, to no other" \
  "ops 1, web 1, nobody 0" "ops $(seen ops), web $(seen web), nobody $(seen nobody)"
wait "$sleeper"

echo "---- 3. the application's role: what it is granted, internal routines, hostile arguments"
documented=$(sed -n '/^Available now:/,/^API of the other engines/p' docs/mariadb.md | grep -o '`lucia_[a-z_]*`' | tr -d '`' |
  grep -v -x -e lucia_create_tables -e lucia_adopt_tables -e lucia_create_indexes | sort -u)
granted=$(as root "" "SHOW GRANTS FOR lucia_app" | sed -n 's/^GRANT EXECUTE ON FUNCTION `app`\.`\(lucia_[a-z_]*\)` TO `lucia_app`$/\1/p' | sort)
others=$(as root "" "SHOW GRANTS FOR lucia_app" | grep -v -e '^GRANT USAGE ON \*\.\* TO `lucia_app`$' -e '^GRANT EXECUTE ON FUNCTION `app`\.`lucia_[a-z_]*` TO `lucia_app`$')
check "lucia_app holds EXECUTE on the documented functions and nothing else" "|" "$(diff <(echo "$documented") <(echo "$granted"))|$others"
# Each internal routine with as many NULLs as it has parameters (OUT ones get a variable).
internal=$(root "SELECT r.routine_type, r.routine_name, IFNULL((SELECT GROUP_CONCAT(IF(p.parameter_mode = 'IN' OR
    p.parameter_mode IS NULL, 'NULL', '@out') ORDER BY p.ordinal_position) FROM information_schema.PARAMETERS p
    WHERE p.specific_schema = 'app' AND p.specific_name = r.routine_name AND p.ordinal_position > 0), '')
  FROM information_schema.ROUTINES r WHERE r.routine_schema = 'app' AND r.routine_name LIKE 'lucia\\_%'
  ORDER BY r.routine_name" | grep -v -E "^FUNCTION	($(paste -sd'|' <<<"$documented"))	")
denied=0 total=0
while IFS=$'\t' read -r type name arguments; do
  total=$((total + 1))
  if [ "$type" = PROCEDURE ]; then out=$(as web app "CALL $name($arguments)"); else out=$(as web app "SELECT $name($arguments)"); fi
  [[ $out =~ ^ERROR\ 42000:\ execute\ command\ denied ]] && denied=$((denied + 1)) || echo "     $type $name: $out"
done <<<"$internal"
check "the role may call none of the $total internal routines (lucia_fail, lucia_write_session, lucia_guard, ...)" "$total" "$denied"
rows() { root "SELECT (SELECT COUNT(*) FROM auth_user), (SELECT COUNT(*) FROM auth_key), (SELECT COUNT(*) FROM auth_session)" | tr '\t' ' '; }
before=$(rows)
for attributes in '{"x` = 1; DROP TABLE auth_key; -- ": 1}' "{\"a'b\": 1}" '{"$.id": 1}' '{"a\"b": 1}' '{"id": "ada"}' '{"": 1}'; do
  quoted=${attributes//\\/\\\\}
  check_match "attributes key ${attributes:0:30}: AUTH_INVALID_ARGUMENT, no SQL runs" '^ERROR LU010: AUTH_INVALID_ARGUMENT: ' \
    "$(as web app "SELECT lucia_create_user(NULL, NULL, NULL, '${quoted//\'/\'\'}', NULL)")"
done
for call in "lucia_create_user('email', X'FF', 'x', NULL, NULL)" "lucia_create_user('email', 'u@x', X'C328', NULL, NULL)" \
  "lucia_create_session(X'FFFE')" "lucia_create_key('$ada', 'em', X'FF', NULL, NULL)" "lucia_validate_session(X'FF')" \
  "lucia_update_user_attributes('$ada', X'7B22FF223A317D')" "lucia_create_user(NULL, NULL, NULL, NULL, REPEAT('x', 16000000))" \
  "lucia_create_session(12345)" "lucia_delete_expired_sessions('many', 'more')"; do
  check_match "hostile argument: $call is an error" '^ERROR ' "$(as web app "SELECT $call")"
done
check "hostile arguments wrote nothing and the server still answers" "$before" "$(rows)"
check_match "lucia_parse_request_headers with 100,000 allowed origins: linear, not quadratic (10 s limit)" \
  '^(NULL|)$' "$(as web app "SET STATEMENT max_statement_time = 10 FOR SELECT lucia_parse_request_headers('POST', 'https://a.example/',
     'https://b.example', NULL, CONCAT('[', REPEAT('\"https://c.example\",', 100000), '\"https://b.example\"]'))")"

echo "---- 4. the loadable functions, called by an account with no privilege at all"
crashed=0
while read -r name; do
  calls=
  for arguments in "" "NULL" "NULL, NULL" "NULL, NULL, NULL, NULL, NULL, NULL" "NULL, NULL, NULL, NULL, NULL, NULL, NULL" \
    "REPEAT(X'FF', 100000), 1, -1, 'x', NULL, X'00', 9223372036854775807" "9223372036854775807" "-9223372036854775808" \
    "REPEAT('a', 15000000)" "'s2:x:y', 'z'" "X'FF', X'FF'" "-1, -1, -1" "'x', -9223372036854775808, 9223372036854775807"; do
    calls+="SELECT $name($arguments);"$'\n'
  done
  as nobody "" "$calls" >/dev/null
  [ "$(as root "" "SELECT 1")" = 1 ] || { crashed=$((crashed + 1)); echo "     a call of $name took the server down"; break; }
done < <(sed -n 's/^CREATE FUNCTION IF NOT EXISTS \(lucia_core_[a-z_]*\) .*/\1/p' mariadb_ext/functions.sql)
check "every lucia_core_* function, with wrong counts, NULLs, invalid UTF-8 and extremes: no crash" 0 "$crashed"
digest=$(python3 -c "import hashlib; print(hashlib.scrypt(b'pw', salt=b'a' * 300, n=16384, r=16, p=1, maxmem=1 << 26, dklen=64).hex())")
long_salt_hash="s2:$(printf 'a%.0s' {1..300}):$digest"
check "a hash whose salt is over 255 bytes is malformed, so never hashed over (a 16 MB salt cost seconds of CPU)" \
  "1	LU010AUTH_INVALID_ARGUMENT: hash is neither \"s2:<salt>:<128 hex>\" nor \"<salt>:<128 hex>\"|1	LU002AUTH_INVALID_PASSWORD: wrong password" \
  "$(as nobody "" "SELECT lucia_core_verify_password('pw', '$long_salt_hash') IS NULL, lucia_core_error();
     SELECT lucia_core_use_key(1, '$long_salt_hash', 1, NULL, 'pw', 0) IS NULL, lucia_core_error()" | paste -sd'|')"
server_pid=$(cat "$LUCIA_MARIADB_DIR/mariadbd.pid")
peak() { awk '/^VmHWM/ {print int($2 / 1024)}' "/proc/$server_pid/status"; }
before=$(peak)
as nobody "" "DO lucia_core_parse_request('POST', 'https://a.example/', 'https://b.example', NULL, 1, REPEAT(CHAR(10), 15000000))" >/dev/null
grown=$(($(peak) - before))
check "15 MB of allowed-origin lines cost the server no more than a few copies of them (grew ${grown} MB, not 500)" \
  "yes" "$([ "$grown" -lt 150 ] && echo yes || echo no)"
# The server hands a closed connection's thread to the next one (thread cache): ten tries.
leaks=0
for _ in $(seq 1 10); do
  as nobody "" "SELECT lucia_core_fail('left behind by nobody')" >/dev/null
  [ "$(as web app "SELECT lucia_core_error()")" = NULL ] || leaks=$((leaks + 1))
done
check "a failed direct call's error is never read by the next connection on that server thread" "0 of 10" "$leaks of 10"

echo "---- 5. accounts that can alter lucia's tables (migrations)"
root "CREATE USER mig@localhost; GRANT lucia_app TO mig@localhost; SET DEFAULT ROLE lucia_app FOR mig@localhost;
  GRANT TRIGGER, CREATE, ALTER, INDEX, DROP ON app.* TO mig@localhost; GRANT ALL ON scratch.* TO mig@localhost"
# MariaDB checks a trigger's column privileges when it fires, with its definer's rights: TRIGGER
# alone lets an account break lucia's writes (documented), not read or plant a hash.
as mig app "CREATE TABLE scratch.loot (h TEXT);
  CREATE TRIGGER steal AFTER INSERT ON auth_key FOR EACH ROW INSERT INTO scratch.loot VALUES (NEW.hashed_password)" >/dev/null
check_match "a trigger copying NEW.hashed_password fires as its definer: the insert fails, nothing copied (documented: a denial of service)" \
  "^ERROR 42000: SELECT command denied to user 'mig'@'localhost' for column 'hashed_password'.*\|0$" \
  "$(as web app "SELECT lucia_create_user('email', 'trigger@example.com', '$(pw 'trigger-Secret-0021')', NULL, NULL)")|$(
     root "SELECT COUNT(*) FROM scratch.loot")"
as mig app "DROP TRIGGER steal; CREATE TRIGGER plant BEFORE INSERT ON auth_key FOR EACH ROW SET NEW.hashed_password = '$attacker_hash'" >/dev/null
check_match "a trigger setting NEW.hashed_password to a known hash: refused when it fires, no key written" \
  "^ERROR 42000: UPDATE command denied to user 'mig'@'localhost' for column 'hashed_password'.*\|0$" \
  "$(as web app "SELECT lucia_create_user('email', 'plant@example.com', '$(pw 'plant-Secret-0022')', NULL, NULL)")|$(
     root "SELECT COUNT(*) FROM auth_key WHERE hashed_password = '$attacker_hash'")"
as mig app "DROP TRIGGER plant" >/dev/null
check_match "documented: ALTER and DROP on the database move auth_key where the account reads it" "^email:ada@example.com" \
  "$(as mig app "RENAME TABLE auth_key TO scratch.taken; SELECT id FROM scratch.taken WHERE id LIKE 'email:ada%'")"
check_match "...after which lucia's calls fail (no crash, no wrong answer)" "^ERROR 42S02: Table 'app.auth_key' doesn't exist" \
  "$(as web app "SELECT lucia_validate_key('email', 'ada@example.com', '$ada_password')")"
as root "" "RENAME TABLE scratch.taken TO app.auth_key" >/dev/null

as mig app "ALTER TABLE auth_key ADD COLUMN note VARCHAR(16) DEFAULT (CURRENT_USER())" >/dev/null
check_match "a column added to auth_key with a DEFAULT: lucia names its columns and keeps working" '"type":"persistent"' \
  "$(as web app "SELECT lucia_create_key('$ada', 'email', 'column@example.com', NULL, NULL)")"
as mig app "ALTER TABLE auth_key DROP COLUMN note" >/dev/null

echo "---- 6. the definer account and a second install over hostile objects"
check_match "lucia_owner@localhost is locked: nobody logs in as it" "account is locked|Access denied" \
  "$(mariadb --no-defaults --socket="$socket" -ulucia_owner -e 'SELECT 1' 2>&1)"
root "CREATE USER keeper@localhost; GRANT CREATE USER ON *.* TO keeper@localhost"
check "documented: CREATE USER (an administrator's privilege) unlocks it and gives it a password" "1" \
  "$(as keeper "" "ALTER USER lucia_owner@localhost IDENTIFIED BY 'taken-0023' ACCOUNT UNLOCK" >/dev/null
     mariadb --no-defaults --socket="$socket" -ulucia_owner -ptaken-0023 -N -e 'SELECT 1' 2>&1)"
bash mariadb_ext/install.sh --library "$build/lucia_mariadb.so" --database app -- --socket="$socket" -uroot >/dev/null 2>&1
check_match "install.sh again locks it" "account is locked|Access denied" \
  "$(mariadb --no-defaults --socket="$socket" -ulucia_owner -ptaken-0023 -e 'SELECT 1' 2>&1)"
root "CREATE OR REPLACE DEFINER = root@localhost FUNCTION lucia_get_key(a TEXT, b TEXT) RETURNS TEXT
  RETURN (SELECT GROUP_CONCAT(hashed_password) FROM auth_key)"
install() { bash mariadb_ext/install.sh --library "$build/lucia_mariadb.so" --database app -- --socket="$socket" -uroot 2>&1; }
install >/dev/null
check "install.sh again replaces a look-alike routine (body and definer)" "lucia_owner@localhost" \
  "$(root "SELECT DEFINER FROM information_schema.ROUTINES WHERE routine_schema = 'app' AND routine_name = 'lucia_get_key'")"
check_match "...and every lucia routine runs as lucia_owner" "^lucia_owner@localhost$" \
  "$(root "SELECT DISTINCT DEFINER FROM information_schema.ROUTINES WHERE routine_schema = 'app' AND routine_name LIKE 'lucia\\_%'")"
root "GRANT SELECT ON app.auth_key TO lucia_app"
check_match "install.sh refuses a lucia_app that holds more than EXECUTE on the public functions" \
  "install.sh: lucia_app holds more than EXECUTE on lucia's functions.*SELECT ON .app.\..auth_key." "$(install)"
root "REVOKE SELECT ON app.auth_key FROM lucia_app; GRANT EXECUTE ON PROCEDURE app.lucia_write_session TO lucia_app"
check_match "...or EXECUTE on an internal routine" "install.sh: lucia_app holds more.*lucia_write_session" "$(install)"
root "REVOKE EXECUTE ON PROCEDURE app.lucia_write_session FROM lucia_app; GRANT DELETE HISTORY ON app.* TO lucia_owner@localhost"
check_match "install.sh refuses a lucia_owner with more privileges than it grants" \
  "install.sh: lucia_owner@localhost holds more than.*DELETE HISTORY" "$(install)"
check_match "...and while it has them every call refuses (it cannot tell its tables from temporary ones)" "$(shadowed auth_session)" \
  "$(as web app "SELECT lucia_validate_session('$ada_session')")"
root "REVOKE DELETE HISTORY ON app.* FROM lucia_owner@localhost"
check "install.sh runs again once they are gone" "0" "$(install >/dev/null; echo $?)"

echo "attacks: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
