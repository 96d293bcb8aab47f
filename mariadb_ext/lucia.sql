-- The lucia_* routines of one database (mariadb_ext/install.sh runs this file in it): Lucia v1's
-- API over auth_user, auth_session and auth_key, with the same names, argument order, JSON field
-- names, error codes and messages as the PostgreSQL and SQLite modules.
-- Why routines: loadable functions cannot run queries, so the table work is SQL, and every rule
-- is a lucia_core_* call into core/ (functions.cpp). A lucia_core_* call that returns NULL failed;
-- CALL lucia_raise() then signals its error as SQLSTATE 'LU0xx' with "<CODE>: <message>".
-- Every routine but lucia_create_tables runs as its definer (install.sh makes them the locked
-- account lucia_owner); callers get EXECUTE on the public ones only, never the tables.
-- Ids are compared exactly: every id parameter and variable is utf8mb4_nopad_bin, like the
-- columns lucia_create_tables makes, whatever the database's default collation. When a column
-- has another collation of utf8mb4 (tables an application made with Lucia's documented DDL,
-- whose default collation ignores case and trailing spaces), MariaDB compares with the _bin one,
-- so those match exactly too (but cannot use the column's index: see docs/mariadb.md).
-- Undeclared, a parameter would take the database's collation when created, and two different
-- _ci collations in one comparison fail with error 1267.

DELIMITER //

-- Signals the error the last failed lucia_core_* call left, with its SQLSTATE.
CREATE OR REPLACE PROCEDURE lucia_raise()
SQL SECURITY DEFINER
BEGIN
  DECLARE v_error TEXT CHARACTER SET utf8mb4 DEFAULT CONVERT(lucia_core_error() USING utf8mb4);
  DECLARE v_message VARCHAR(512) CHARACTER SET utf8mb4;
  IF v_error IS NULL THEN
    SET v_error = 'LU000UNKNOWN_ERROR: a lucia function failed without telling why';
  END IF;
  SET v_message = SUBSTRING(v_error, 6);
  CASE LEFT(v_error, 5)
    WHEN 'LU001' THEN SIGNAL SQLSTATE 'LU001' SET MESSAGE_TEXT = v_message;
    WHEN 'LU002' THEN SIGNAL SQLSTATE 'LU002' SET MESSAGE_TEXT = v_message;
    WHEN 'LU003' THEN SIGNAL SQLSTATE 'LU003' SET MESSAGE_TEXT = v_message;
    WHEN 'LU004' THEN SIGNAL SQLSTATE 'LU004' SET MESSAGE_TEXT = v_message;
    WHEN 'LU005' THEN SIGNAL SQLSTATE 'LU005' SET MESSAGE_TEXT = v_message;
    WHEN 'LU006' THEN SIGNAL SQLSTATE 'LU006' SET MESSAGE_TEXT = v_message;
    WHEN 'LU007' THEN SIGNAL SQLSTATE 'LU007' SET MESSAGE_TEXT = v_message;
    WHEN 'LU008' THEN SIGNAL SQLSTATE 'LU008' SET MESSAGE_TEXT = v_message;
    WHEN 'LU009' THEN SIGNAL SQLSTATE 'LU009' SET MESSAGE_TEXT = v_message;
    WHEN 'LU010' THEN SIGNAL SQLSTATE 'LU010' SET MESSAGE_TEXT = v_message;
    WHEN 'LU011' THEN SIGNAL SQLSTATE 'LU011' SET MESSAGE_TEXT = v_message;
    WHEN 'LU012' THEN SIGNAL SQLSTATE 'LU012' SET MESSAGE_TEXT = v_message;
    WHEN 'LU013' THEN SIGNAL SQLSTATE 'LU013' SET MESSAGE_TEXT = v_message;
    ELSE SIGNAL SQLSTATE 'LU000' SET MESSAGE_TEXT = v_message;
  END CASE;
END //

-- Signals a failure the routine found in the tables ('user_missing', 'key_exists', ...); the
-- code and message come from core/ (lucia_core_fail in functions.cpp).
CREATE OR REPLACE PROCEDURE lucia_fail(p_what VARCHAR(64))
SQL SECURITY DEFINER
BEGIN
  DO lucia_core_fail(p_what);
  CALL lucia_raise();
END //

-- Refuses a call that would leak what it is given (AUTH_UNSAFE_SETUP). p_writes: the call writes,
-- and a binary log in statement form would record the statement, arguments included, and make
-- replicas draw other ids and times. p_password: the call takes a password, and the general query
-- log (or a slow query log whose long_query_time is under 1 s, which a login's scrypt work
-- exceeds) records the statement, password included, before any routine runs: the refusal comes
-- too late for this statement, but not for every later login (docs/mariadb.md, "Security").
-- lucia_allow_logged_passwords (global only, an administrator's) accepts those logs.
CREATE OR REPLACE PROCEDURE lucia_check_logging(p_writes INT, p_password INT)
SQL SECURITY DEFINER
BEGIN
  IF p_writes AND @@log_bin AND @@sql_log_bin AND @@binlog_format = 'STATEMENT' THEN
    CALL lucia_fail('statement_binlog');
  END IF;
  IF p_password AND NOT @@lucia_allow_logged_passwords AND NOT FIND_IN_SET('NONE', @@log_output) THEN
    -- Not "AND NOT @@sql_log_off": MariaDB sets it inside routines, whatever the caller's is.
    IF @@general_log THEN CALL lucia_fail('general_log_passwords'); END IF;
    IF @@slow_query_log AND @@long_query_time < 1 THEN CALL lucia_fail('slow_log_passwords'); END IF;
  END IF;
END //

-- Refuses (AUTH_UNSAFE_SETUP) when auth_user (p_user), auth_session (p_session) or auth_key (p_key)
-- is not this database's own table, then checks the logs (lucia_check_logging). A TEMPORARY
-- table of the calling connection with one of these names would stand in for the table in every
-- statement, SQL SECURITY DEFINER routines included: a forged session, a key with a hash the
-- caller knows, the hashes lucia writes. MariaDB 10.11 lists no temporary tables anywhere a
-- routine can read, so each table is told apart by what only a real table does: MariaDB checks
-- privileges on it, and lucia_owner lacks DELETE HISTORY (install.sh grants SELECT, INSERT,
-- UPDATE, DELETE, EXECUTE): the statement below fails with error 1142 on the real table, and with
-- another error on a temporary one (no privileges are checked on those, and none can be
-- system-versioned). It deletes nothing either way (nothing is older than 1970).
CREATE OR REPLACE PROCEDURE lucia_guard(p_user INT, p_session INT, p_key INT, p_writes INT, p_password INT)
SQL SECURITY DEFINER
BEGIN
  DECLARE v_passed INT DEFAULT 0;  -- the tables checked (or not asked for), in this order
  BEGIN
    DECLARE CONTINUE HANDLER FOR 1142 SET v_passed = v_passed + 1;
    DECLARE CONTINUE HANDLER FOR SQLEXCEPTION BEGIN END;
    IF p_user THEN DELETE HISTORY FROM auth_user BEFORE SYSTEM_TIME '1970-01-02'; ELSE SET v_passed = 1; END IF;
    IF v_passed = 1 AND p_session THEN DELETE HISTORY FROM auth_session BEFORE SYSTEM_TIME '1970-01-02';
    ELSEIF v_passed = 1 THEN SET v_passed = 2; END IF;
    IF v_passed = 2 AND p_key THEN DELETE HISTORY FROM auth_key BEFORE SYSTEM_TIME '1970-01-02';
    ELSEIF v_passed = 2 THEN SET v_passed = 3; END IF;
  END;
  CASE v_passed
    WHEN 0 THEN CALL lucia_fail('shadowed_auth_user');
    WHEN 1 THEN CALL lucia_fail('shadowed_auth_session');
    WHEN 2 THEN CALL lucia_fail('shadowed_auth_key');
    ELSE IF p_writes OR p_password THEN CALL lucia_check_logging(p_writes, p_password); END IF;
  END CASE;
END //

-- Lucia v1's MySQL tables (spec 6.1) in this database, InnoDB, with exact-comparing ids
-- (utf8mb4_nopad_bin: the default collations ignore case and trailing spaces) and the indexes
-- Lucia forgot. User ids are 255 wide (custom ids; Lucia's own are 15). Runs with the caller's
-- rights (an administrator's): it fails if a table exists.
CREATE OR REPLACE PROCEDURE lucia_create_tables()
SQL SECURITY INVOKER
BEGIN
  CREATE TABLE auth_user (
    id VARCHAR(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin NOT NULL,
    PRIMARY KEY (id)
  ) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_nopad_bin;
  CREATE TABLE auth_session (
    id VARCHAR(127) CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin NOT NULL,
    user_id VARCHAR(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin NOT NULL,
    active_expires BIGINT UNSIGNED NOT NULL,
    idle_expires BIGINT UNSIGNED NOT NULL,
    PRIMARY KEY (id),
    KEY auth_session_user_id_idx (user_id, idle_expires),
    KEY auth_session_idle_expires_idx (idle_expires),
    FOREIGN KEY (user_id) REFERENCES auth_user (id)
  ) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_nopad_bin;
  CREATE TABLE auth_key (
    id VARCHAR(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin NOT NULL,
    user_id VARCHAR(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin NOT NULL,
    primary_key TINYINT UNSIGNED NOT NULL,
    hashed_password VARCHAR(255) CHARACTER SET ascii COLLATE ascii_bin,
    expires BIGINT UNSIGNED,
    PRIMARY KEY (id),
    KEY auth_key_user_id_idx (user_id),
    FOREIGN KEY (user_id) REFERENCES auth_user (id)
  ) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_nopad_bin;
  -- Without NO_ENGINE_SUBSTITUTION a server lacking InnoDB would quietly use another engine:
  -- single-use keys and atomic sign-ups need InnoDB's transactions and row locks.
  IF EXISTS (SELECT 1 FROM information_schema.tables WHERE table_schema = DATABASE()
             AND table_name IN ('auth_user', 'auth_session', 'auth_key') AND engine <> 'InnoDB') THEN
    SIGNAL SQLSTATE 'LU010' SET MESSAGE_TEXT = 'AUTH_INVALID_ARGUMENT: the auth tables must use InnoDB';
  END IF;
END //

-- Runs one DDL statement built from a table's metadata (a procedure may, a function may not).
CREATE OR REPLACE PROCEDURE lucia_execute(p_sql TEXT)
SQL SECURITY INVOKER
BEGIN
  SET @lucia_execute_sql = p_sql;
  PREPARE lucia_execute_statement FROM @lucia_execute_sql;
  EXECUTE lucia_execute_statement;
  DEALLOCATE PREPARE lucia_execute_statement;
END //

-- Adopts auth_user, auth_session and auth_key that an application made itself (Lucia's
-- documented MySQL DDL takes the default collation, which ignores case and trailing spaces):
-- every id and user_id column becomes utf8mb4_nopad_bin at its own width (the foreign keys
-- between the three tables are dropped and made again around it), and the indexes Lucia forgot
-- are added. Run by an administrator, with the caller's rights; running it again changes nothing.
-- Refuses tables that are not InnoDB, and other tables' foreign keys to these (drop them first).
CREATE OR REPLACE PROCEDURE lucia_adopt_tables()
SQL SECURITY INVOKER
BEGIN
  DECLARE v_done INT DEFAULT 0;
  DECLARE v_table, v_column, v_constraint VARCHAR(64);
  DECLARE v_length BIGINT;
  DECLARE v_keys LONGTEXT DEFAULT JSON_ARRAY();
  DECLARE v_i INT DEFAULT 0;
  DECLARE foreign_keys CURSOR FOR
    SELECT table_name, constraint_name FROM information_schema.referential_constraints
    WHERE constraint_schema = DATABASE() AND referenced_table_name = 'auth_user' AND table_name IN ('auth_session', 'auth_key');
  DECLARE id_columns CURSOR FOR
    SELECT table_name, column_name, character_maximum_length FROM information_schema.columns
    WHERE table_schema = DATABASE() AND IFNULL(collation_name, '') <> 'utf8mb4_nopad_bin'
      AND ((table_name IN ('auth_user', 'auth_session', 'auth_key') AND column_name = 'id')
           OR (table_name IN ('auth_session', 'auth_key') AND column_name = 'user_id'));
  DECLARE CONTINUE HANDLER FOR NOT FOUND SET v_done = 1;
  IF (SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = DATABASE()
      AND table_name IN ('auth_user', 'auth_session', 'auth_key')) <> 3 THEN
    SIGNAL SQLSTATE 'LU010' SET MESSAGE_TEXT = 'AUTH_INVALID_ARGUMENT: auth_user, auth_session and auth_key must exist';
  END IF;
  IF EXISTS (SELECT 1 FROM information_schema.tables WHERE table_schema = DATABASE()
             AND table_name IN ('auth_user', 'auth_session', 'auth_key') AND engine <> 'InnoDB') THEN
    SIGNAL SQLSTATE 'LU010' SET MESSAGE_TEXT = 'AUTH_INVALID_ARGUMENT: the auth tables must use InnoDB';
  END IF;
  IF EXISTS (SELECT 1 FROM information_schema.columns WHERE table_schema = DATABASE()
             AND IFNULL(collation_name, '') <> 'utf8mb4_nopad_bin'
             AND ((table_name IN ('auth_user', 'auth_session', 'auth_key') AND column_name = 'id')
                  OR (table_name IN ('auth_session', 'auth_key') AND column_name = 'user_id'))) THEN
    IF EXISTS (SELECT 1 FROM information_schema.referential_constraints WHERE constraint_schema = DATABASE()
               AND referenced_table_name IN ('auth_user', 'auth_session', 'auth_key')
               AND table_name NOT IN ('auth_session', 'auth_key')) THEN
      SIGNAL SQLSTATE 'LU010' SET MESSAGE_TEXT =
        'AUTH_INVALID_ARGUMENT: other tables have foreign keys to the auth tables: drop them, adopt, add them again';
    END IF;
    OPEN foreign_keys;
    drop_keys: LOOP
      FETCH foreign_keys INTO v_table, v_constraint;
      IF v_done THEN LEAVE drop_keys; END IF;
      SET v_keys = JSON_ARRAY_APPEND(v_keys, '$', v_table);
    END LOOP;
    CLOSE foreign_keys;
    -- Dropped after the cursor closed: it reads information_schema, which the ALTERs change.
    WHILE v_i < JSON_LENGTH(v_keys) DO
      SELECT constraint_name INTO v_constraint FROM information_schema.referential_constraints
        WHERE constraint_schema = DATABASE() AND referenced_table_name = 'auth_user'
          AND table_name = JSON_VALUE(v_keys, CONCAT('$[', v_i, ']')) LIMIT 1;
      CALL lucia_execute(CONCAT('ALTER TABLE `', JSON_VALUE(v_keys, CONCAT('$[', v_i, ']')), '` DROP FOREIGN KEY `',
                                REPLACE(v_constraint, '`', '``'), '`'));
      SET v_i = v_i + 1;
    END WHILE;
    SET v_done = 0;
    OPEN id_columns;
    convert_ids: LOOP
      FETCH id_columns INTO v_table, v_column, v_length;
      IF v_done THEN LEAVE convert_ids; END IF;
      CALL lucia_execute(CONCAT('ALTER TABLE `', v_table, '` MODIFY `', v_column, '` VARCHAR(', v_length,
                                ') CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin NOT NULL'));
    END LOOP;
    CLOSE id_columns;
    SET v_i = 0;
    WHILE v_i < JSON_LENGTH(v_keys) DO
      CALL lucia_execute(CONCAT('ALTER TABLE `', JSON_VALUE(v_keys, CONCAT('$[', v_i, ']')),
                                '` ADD FOREIGN KEY (user_id) REFERENCES auth_user (id)'));
      SET v_i = v_i + 1;
    END WHILE;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM information_schema.statistics WHERE table_schema = DATABASE()
                 AND table_name = 'auth_session' AND index_name = 'auth_session_user_id_idx') THEN
    CREATE INDEX auth_session_user_id_idx ON auth_session (user_id, idle_expires);
  END IF;
  IF NOT EXISTS (SELECT 1 FROM information_schema.statistics WHERE table_schema = DATABASE()
                 AND table_name = 'auth_session' AND index_name = 'auth_session_idle_expires_idx') THEN
    CREATE INDEX auth_session_idle_expires_idx ON auth_session (idle_expires);
  END IF;
  IF NOT EXISTS (SELECT 1 FROM information_schema.statistics WHERE table_schema = DATABASE()
                 AND table_name = 'auth_key' AND index_name = 'auth_key_user_id_idx') THEN
    CREATE INDEX auth_key_user_id_idx ON auth_key (user_id);
  END IF;
END //

-- The user's attribute columns as a JSON object. This is the form for an auth_user without any:
-- install.sh replaces it with one that reads the table's columns when auth_user exists (run it
-- again after changing them), because a stored function cannot build SQL from a table's columns.
CREATE OR REPLACE FUNCTION lucia_user_attributes(p_user_id VARCHAR(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin)
RETURNS LONGTEXT CHARACTER SET utf8mb4
NOT DETERMINISTIC READS SQL DATA SQL SECURITY DEFINER
RETURN '{}' //

-- The writable attribute columns of auth_user as a JSON array of names; install.sh generates it
-- with lucia_user_attributes, lucia_insert_user and lucia_update_user (these forms: none).
CREATE OR REPLACE FUNCTION lucia_attribute_columns()
RETURNS LONGTEXT CHARACTER SET utf8mb4
NOT DETERMINISTIC NO SQL SQL SECURITY DEFINER
RETURN '[]' //

-- Inserts the user row: the attributes given (already checked), the columns' defaults for the rest.
CREATE OR REPLACE PROCEDURE lucia_insert_user(
  p_user_id VARCHAR(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin, p_attributes MEDIUMTEXT CHARACTER SET utf8mb4)
SQL SECURITY DEFINER
INSERT INTO auth_user (id) VALUES (p_user_id) //

-- Writes the attributes given (already checked) to the user's row.
CREATE OR REPLACE PROCEDURE lucia_update_user(
  p_user_id VARCHAR(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin, p_attributes MEDIUMTEXT CHARACTER SET utf8mb4)
SQL SECURITY DEFINER
BEGIN
END //

-- One attribute's value for its column, from the JSON at p_path: JSON null is NULL, true/false
-- are 1/0, an object or array its JSON text, a string or number its value.
CREATE OR REPLACE FUNCTION lucia_attribute_value(p_attributes MEDIUMTEXT CHARACTER SET utf8mb4, p_path TEXT)
RETURNS LONGTEXT CHARACTER SET utf8mb4
DETERMINISTIC NO SQL SQL SECURITY DEFINER
RETURN CASE JSON_TYPE(JSON_EXTRACT(p_attributes, p_path))
         WHEN 'NULL' THEN NULL
         WHEN 'BOOLEAN' THEN IF(JSON_EXTRACT(p_attributes, p_path) = 'true', '1', '0')
         WHEN 'OBJECT' THEN JSON_EXTRACT(p_attributes, p_path)
         WHEN 'ARRAY' THEN JSON_EXTRACT(p_attributes, p_path)
         ELSE JSON_VALUE(p_attributes, p_path)
       END //

-- Attributes as the other engines check them: NULL (none) or a JSON object whose every key is a
-- writable column of auth_user other than id.
CREATE OR REPLACE PROCEDURE lucia_check_attributes(p_attributes MEDIUMTEXT CHARACTER SET utf8mb4)
SQL SECURITY DEFINER
BEGIN
  DECLARE v_columns LONGTEXT CHARACTER SET utf8mb4 DEFAULT lucia_attribute_columns();
  DECLARE v_keys LONGTEXT CHARACTER SET utf8mb4;
  DECLARE v_key TEXT CHARACTER SET utf8mb4;
  DECLARE v_i INT DEFAULT 0;
  IF p_attributes IS NOT NULL THEN
    IF NOT (JSON_VALID(p_attributes) AND JSON_TYPE(p_attributes) = 'OBJECT') THEN
      CALL lucia_fail('attributes_not_object');
    END IF;
    SET v_keys = JSON_KEYS(p_attributes);
    WHILE v_i < JSON_LENGTH(v_keys) DO
      SET v_key = JSON_VALUE(v_keys, CONCAT('$[', v_i, ']'));
      IF lucia_core_check_attribute(v_key, JSON_CONTAINS(v_columns, JSON_QUOTE(v_key))) IS NULL THEN
        CALL lucia_raise();
      END IF;
      SET v_i = v_i + 1;
    END WHILE;
  END IF;
END //

-- The auth_key row with this id (p_found 0: none).
CREATE OR REPLACE PROCEDURE lucia_read_key(
  p_key_id VARCHAR(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin, OUT p_found INT,
  OUT p_user_id VARCHAR(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin, OUT p_hash VARCHAR(255) CHARACTER SET ascii,
  OUT p_primary INT, OUT p_expires BIGINT)
SQL SECURITY DEFINER
BEGIN
  DECLARE CONTINUE HANDLER FOR NOT FOUND SET p_found = 0;
  SELECT 1, user_id, hashed_password, primary_key, expires INTO p_found, p_user_id, p_hash, p_primary, p_expires
    FROM auth_key WHERE id = p_key_id;
END //

-- Writes a new or renewed session, in one routine without nested ones (MariaDB prelocks every
-- routine a function could reach, on every call of lucia_validate_session): p_extend_id NULL
-- inserts a new session for an existing user, else moves that session's expiries forward. The
-- expiries follow lucia_active_period and lucia_idle_period (core's rule); the user's dead
-- sessions go first when core says this write (p_write: 'create_session', 'renew_session') sweeps.
CREATE OR REPLACE PROCEDURE lucia_write_session(
  p_extend_id VARCHAR(127) CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin,
  p_user_id VARCHAR(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin, p_now BIGINT, p_write VARCHAR(32),
  OUT p_id VARCHAR(127) CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin, OUT p_active BIGINT, OUT p_idle BIGINT)
SQL SECURITY DEFINER
BEGIN
  DECLARE v_sweep INT;
  CALL lucia_check_logging(1, 0);
  IF p_extend_id IS NULL THEN
    IF NOT EXISTS (SELECT 1 FROM auth_user WHERE id = p_user_id LOCK IN SHARE MODE) THEN
      CALL lucia_fail('user_missing');
    END IF;
    SET p_id = lucia_core_random_string(40);
    IF p_id IS NULL THEN CALL lucia_raise(); END IF;
  ELSE
    SET p_id = p_extend_id;
  END IF;
  SET v_sweep = lucia_core_sweeps_dead_sessions(p_write, @@lucia_auto_database_cleanup);
  IF v_sweep IS NULL THEN CALL lucia_raise(); END IF;
  SET p_active = lucia_core_active_expires(p_now, @@lucia_active_period, @@lucia_idle_period);
  IF p_active IS NULL THEN CALL lucia_raise(); END IF;
  SET p_idle = lucia_core_idle_expires(p_now, @@lucia_active_period, @@lucia_idle_period);
  IF p_idle IS NULL THEN CALL lucia_raise(); END IF;
  IF v_sweep THEN
    DELETE FROM auth_session WHERE user_id = p_user_id AND idle_expires < p_now;
  END IF;
  IF p_extend_id IS NOT NULL THEN
    UPDATE auth_session SET active_expires = p_active, idle_expires = p_idle WHERE id = p_id;
  ELSE
    BEGIN
      DECLARE EXIT HANDLER FOR 1062 CALL lucia_fail('session_id_exists');
      DECLARE EXIT HANDLER FOR 1452 CALL lucia_fail('user_missing');
      INSERT INTO auth_session (id, user_id, active_expires, idle_expires) VALUES (p_id, p_user_id, p_active, p_idle);
    END;
  END IF;
END //

-- lucia_create_session(user_id): Lucia's createSession.
CREATE OR REPLACE FUNCTION lucia_create_session(p_user_id TEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin)
RETURNS LONGTEXT CHARACTER SET utf8mb4
NOT DETERMINISTIC MODIFIES SQL DATA SQL SECURITY DEFINER
BEGIN
  DECLARE v_user_id VARCHAR(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin DEFAULT lucia_core_user_id(p_user_id);
  DECLARE v_now BIGINT DEFAULT lucia_core_now_ms();
  DECLARE v_id VARCHAR(127) CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin;
  DECLARE v_active, v_idle BIGINT;
  CALL lucia_guard(1, 1, 0, 1, 0);
  IF v_user_id IS NULL THEN CALL lucia_raise(); END IF;
  CALL lucia_write_session(NULL, v_user_id, v_now, 'create_session', v_id, v_active, v_idle);
  RETURN CONVERT(lucia_core_session_json(v_id, v_user_id, v_active, v_idle, v_now, 1, NULL) USING utf8mb4);
END //

-- The session as read (p_use 'read', 'validate' or 'renew'; p_with_user: with the user's
-- attributes as "user_attributes"), renewed when core says so; a
-- session to renew is read again under a row lock, so two renewals of one session do not both
-- rotate it.
CREATE OR REPLACE FUNCTION lucia_session_step(
  p_session_id TEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin, p_use VARCHAR(16), p_with_user INT)
RETURNS LONGTEXT CHARACTER SET utf8mb4
NOT DETERMINISTIC MODIFIES SQL DATA SQL SECURITY DEFINER
BEGIN
  DECLARE v_id VARCHAR(127) CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin DEFAULT lucia_core_session_id(p_session_id);
  DECLARE v_user_id VARCHAR(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin;
  DECLARE v_active, v_idle BIGINT;
  DECLARE v_found INT DEFAULT 0;
  DECLARE v_now BIGINT DEFAULT lucia_core_now_ms();
  DECLARE v_step VARCHAR(16);
  DECLARE v_real INT DEFAULT 0;
  DECLARE CONTINUE HANDLER FOR NOT FOUND SET v_found = 0;
  -- lucia_guard(1, 1, 0, 0, 0) inline (a CALL costs a fifth of a call here, and would prelock
  -- auth_key too): v_real counts the tables that answered 1142, session first.
  BEGIN
    DECLARE CONTINUE HANDLER FOR 1142 SET v_real = v_real + 1;
    DECLARE CONTINUE HANDLER FOR SQLEXCEPTION BEGIN END;
    DELETE HISTORY FROM auth_session BEFORE SYSTEM_TIME '1970-01-02';
    IF v_real = 1 THEN DELETE HISTORY FROM auth_user BEFORE SYSTEM_TIME '1970-01-02'; END IF;
  END;
  IF v_real = 0 THEN DO lucia_core_fail('shadowed_auth_session'); CALL lucia_raise(); END IF;
  IF v_real = 1 THEN DO lucia_core_fail('shadowed_auth_user'); CALL lucia_raise(); END IF;
  IF v_id IS NULL THEN CALL lucia_raise(); END IF;
  IF p_use = 'renew' THEN
    SELECT 1, user_id, active_expires, idle_expires INTO v_found, v_user_id, v_active, v_idle
      FROM auth_session WHERE id = v_id FOR UPDATE;
  ELSE
    SELECT 1, user_id, active_expires, idle_expires INTO v_found, v_user_id, v_active, v_idle
      FROM auth_session WHERE id = v_id;
  END IF;
  SET v_step = lucia_core_session_step(p_use, v_found, v_now, v_active, v_idle);
  IF v_step IS NULL THEN CALL lucia_raise(); END IF;
  IF v_step = 'renew' AND p_use = 'validate' THEN
    SET v_found = 0;
    SELECT 1, user_id, active_expires, idle_expires INTO v_found, v_user_id, v_active, v_idle
      FROM auth_session WHERE id = v_id FOR UPDATE;
    SET v_step = lucia_core_session_step(p_use, v_found, v_now, v_active, v_idle);
    IF v_step IS NULL THEN CALL lucia_raise(); END IF;
  END IF;
  IF v_step = 'renew' THEN
    -- lucia_renewal 'rotate' (Lucia v1's) inserts a new session, 'extend' renews this one in place.
    CALL lucia_write_session(IF(@@lucia_renewal = 'extend', v_id, NULL), v_user_id, v_now, 'renew_session',
                             v_id, v_active, v_idle);
    RETURN CONVERT(lucia_core_session_json(v_id, v_user_id, v_active, v_idle, v_now, 1,
                                           IF(p_with_user, lucia_user_attributes(v_user_id), NULL)) USING utf8mb4);
  END IF;
  RETURN CONVERT(lucia_core_session_json(v_id, v_user_id, v_active, v_idle, v_now, p_use = 'renew',
                                         IF(p_with_user, lucia_user_attributes(v_user_id), NULL)) USING utf8mb4);
END //

-- Lucia's getSession: never renews.
CREATE OR REPLACE FUNCTION lucia_get_session(p_session_id TEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin)
RETURNS LONGTEXT CHARACTER SET utf8mb4
NOT DETERMINISTIC MODIFIES SQL DATA SQL SECURITY DEFINER
RETURN lucia_session_step(p_session_id, 'read', 0) //

-- Lucia's getSessionUser: the session with "user_attributes".
CREATE OR REPLACE FUNCTION lucia_get_session_user(p_session_id TEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin)
RETURNS LONGTEXT CHARACTER SET utf8mb4
NOT DETERMINISTIC MODIFIES SQL DATA SQL SECURITY DEFINER
RETURN lucia_session_step(p_session_id, 'read', 1) //

-- Lucia's validateSessionUser: validateSession with "user_attributes".
CREATE OR REPLACE FUNCTION lucia_validate_session_user(p_session_id TEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin)
RETURNS LONGTEXT CHARACTER SET utf8mb4
NOT DETERMINISTIC MODIFIES SQL DATA SQL SECURITY DEFINER
RETURN lucia_session_step(p_session_id, 'validate', 1) //

-- Lucia's validateSession: an active session as is, an idle one renewed (fresh). Every request
-- calls it, and MariaDB opens, before each call, every table and routine a function could reach
-- (prelocking): so this function calls no routine but lucia_raise (no tables) and reads and writes
-- auth_session only. An active session costs one read and one loadable-function call (which
-- checks the id first); an idle one is read again under a row lock (two calls renewing one
-- session take turns; an 'extend' renewal the first made is returned as is) and renewed here as
-- lucia_write_session renews ('renew_session').
CREATE OR REPLACE FUNCTION lucia_validate_session(p_session_id TEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin)
RETURNS LONGTEXT CHARACTER SET utf8mb4
NOT DETERMINISTIC MODIFIES SQL DATA SQL SECURITY DEFINER
BEGIN
  -- The active path, one statement: the session's JSON ('' when it must be renewed; NULL when the
  -- row is missing or core refused it, which the path below reads again to raise the right error).
  DECLARE v_result LONGTEXT CHARACTER SET utf8mb4 DEFAULT (
    SELECT CONVERT(lucia_core_session_result('validate', 1, p_session_id, user_id, active_expires, idle_expires) USING utf8mb4)
    FROM auth_session WHERE id = p_session_id);
  DECLARE v_real INT DEFAULT 0;
  -- auth_session must be this database's table, not a TEMPORARY one of this connection: the probe
  -- of lucia_guard, inline.
  BEGIN
    DECLARE CONTINUE HANDLER FOR 1142 SET v_real = 1;
    DECLARE CONTINUE HANDLER FOR SQLEXCEPTION SET v_real = 0;
    DELETE HISTORY FROM auth_session BEFORE SYSTEM_TIME '1970-01-02';
  END;
  IF NOT v_real THEN DO lucia_core_fail('shadowed_auth_session'); CALL lucia_raise(); END IF;
  IF v_result <> '' THEN RETURN v_result; END IF;
  -- Missing, refused or to renew: variables and the handler only here.
  BEGIN
    DECLARE v_id VARCHAR(127) CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin;
    DECLARE v_user_id VARCHAR(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin;
    DECLARE v_active, v_idle, v_now BIGINT;
    DECLARE v_found, v_sweep INT DEFAULT 0;
    DECLARE CONTINUE HANDLER FOR NOT FOUND SET v_found = 0;
    IF v_result IS NULL THEN
      SELECT 1, user_id, active_expires, idle_expires INTO v_found, v_user_id, v_active, v_idle
        FROM auth_session WHERE id = p_session_id;
      SET v_result = CONVERT(lucia_core_session_result('validate', v_found, p_session_id, v_user_id, v_active, v_idle)
                             USING utf8mb4);
      IF v_result IS NULL THEN CALL lucia_raise(); END IF;
      IF v_result <> '' THEN RETURN v_result; END IF;
    END IF;
    SET v_found = 0;
    SELECT 1, user_id, active_expires, idle_expires INTO v_found, v_user_id, v_active, v_idle
      FROM auth_session WHERE id = p_session_id FOR UPDATE;
    -- Renewed in place by another call that held the lock first: returned as that call left it.
    SET v_result = CONVERT(lucia_core_session_result('validate', v_found, p_session_id, v_user_id, v_active, v_idle)
                           USING utf8mb4);
    IF v_result IS NULL THEN CALL lucia_raise(); END IF;
    IF v_result <> '' THEN RETURN v_result; END IF;
    SET v_now = lucia_core_now_ms();
    -- lucia_renewal 'rotate' (Lucia v1's) inserts a new session, 'extend' renews this one in place.
    SET v_id = IF(@@lucia_renewal = 'extend', p_session_id, lucia_core_random_string(40));
    SET v_sweep = lucia_core_sweeps_dead_sessions('renew_session', @@lucia_auto_database_cleanup);
    SET v_active = lucia_core_active_expires(v_now, @@lucia_active_period, @@lucia_idle_period);
    SET v_idle = lucia_core_idle_expires(v_now, @@lucia_active_period, @@lucia_idle_period);
    IF v_id IS NULL OR v_sweep IS NULL OR v_active IS NULL OR v_idle IS NULL THEN CALL lucia_raise(); END IF;
    -- lucia_check_logging's binary-log rule, inline.
    IF @@log_bin AND @@sql_log_bin AND @@binlog_format = 'STATEMENT' THEN
      DO lucia_core_fail('statement_binlog');
      CALL lucia_raise();
    END IF;
    IF v_sweep THEN
      DELETE FROM auth_session WHERE user_id = v_user_id AND idle_expires < v_now;
    END IF;
    IF @@lucia_renewal = 'extend' THEN
      UPDATE auth_session SET active_expires = v_active, idle_expires = v_idle WHERE id = v_id;
    ELSE
      BEGIN
        DECLARE EXIT HANDLER FOR 1062 BEGIN DO lucia_core_fail('session_id_exists'); CALL lucia_raise(); END;
        DECLARE EXIT HANDLER FOR 1452 BEGIN DO lucia_core_fail('user_missing'); CALL lucia_raise(); END;
        INSERT INTO auth_session (id, user_id, active_expires, idle_expires) VALUES (v_id, v_user_id, v_active, v_idle);
      END;
    END IF;
    RETURN CONVERT(lucia_core_session_json(v_id, v_user_id, v_active, v_idle, v_now, 1, NULL) USING utf8mb4);
  END;
END //

-- Lucia's renewSession: any live session renewed.
CREATE OR REPLACE FUNCTION lucia_renew_session(p_session_id TEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin)
RETURNS LONGTEXT CHARACTER SET utf8mb4
NOT DETERMINISTIC MODIFIES SQL DATA SQL SECURITY DEFINER
RETURN lucia_session_step(p_session_id, 'renew', 0) //

-- Lucia's invalidateSession: NULL, whether or not the session existed.
CREATE OR REPLACE FUNCTION lucia_invalidate_session(p_session_id TEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin)
RETURNS TEXT CHARACTER SET utf8mb4
NOT DETERMINISTIC MODIFIES SQL DATA SQL SECURITY DEFINER
BEGIN
  DECLARE v_id TEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin DEFAULT lucia_core_invalidated_session_id(p_session_id);
  CALL lucia_guard(0, 1, 0, 1, 0);
  IF v_id IS NULL THEN CALL lucia_raise(); END IF;
  DELETE FROM auth_session WHERE id = v_id;
  RETURN NULL;
END //

-- Lucia's invalidateAllUserSessions.
CREATE OR REPLACE FUNCTION lucia_invalidate_all_user_sessions(p_user_id TEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin)
RETURNS TEXT CHARACTER SET utf8mb4
NOT DETERMINISTIC MODIFIES SQL DATA SQL SECURITY DEFINER
BEGIN
  DECLARE v_user_id VARCHAR(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin DEFAULT lucia_core_user_id(p_user_id);
  CALL lucia_guard(0, 1, 0, 1, 0);
  IF v_user_id IS NULL THEN CALL lucia_raise(); END IF;
  DELETE FROM auth_session WHERE user_id = v_user_id;
  RETURN NULL;
END //

-- lucia_create_user(provider_id, provider_user_id, password, attributes, user_id): the user and
-- its primary key in one statement, so a taken key id leaves no user behind.
CREATE OR REPLACE FUNCTION lucia_create_user(
  p_provider_id TEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin,
  p_provider_user_id TEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin,
  p_password MEDIUMTEXT CHARACTER SET utf8mb4,
  p_attributes MEDIUMTEXT CHARACTER SET utf8mb4,
  p_user_id TEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin)
RETURNS LONGTEXT CHARACTER SET utf8mb4
NOT DETERMINISTIC MODIFIES SQL DATA SQL SECURITY DEFINER
BEGIN
  DECLARE v_with_key INT DEFAULT NOT (p_provider_id IS NULL AND p_provider_user_id IS NULL);
  DECLARE v_key_id VARCHAR(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin;
  DECLARE v_user_id VARCHAR(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin;
  DECLARE v_hash VARCHAR(255) CHARACTER SET ascii;
  CALL lucia_guard(1, 0, 1, 1, p_password IS NOT NULL);
  IF lucia_core_check_user_key(v_with_key, p_password) IS NULL THEN CALL lucia_raise(); END IF;
  IF v_with_key THEN
    SET v_key_id = lucia_core_key_id(p_provider_id, p_provider_user_id);
    IF v_key_id IS NULL THEN CALL lucia_raise(); END IF;
  END IF;
  SET v_user_id = lucia_core_new_user_id(p_user_id);
  IF v_user_id IS NULL THEN CALL lucia_raise(); END IF;
  CALL lucia_check_attributes(p_attributes);
  IF v_with_key THEN
    SET v_hash = lucia_core_key_hash(p_password, 0);
    IF v_hash IS NULL THEN CALL lucia_raise(); END IF;
  END IF;
  BEGIN
    DECLARE EXIT HANDLER FOR 1062 CALL lucia_fail('user_exists');
    CALL lucia_insert_user(v_user_id, p_attributes);
  END;
  IF v_with_key THEN
    BEGIN
      DECLARE EXIT HANDLER FOR 1062 CALL lucia_fail('key_exists');
      INSERT INTO auth_key (id, user_id, hashed_password, primary_key, expires)
        VALUES (v_key_id, v_user_id, NULLIF(v_hash, ''), 1, NULL);
    END;
  END IF;
  RETURN CONVERT(lucia_core_user_json(v_user_id, lucia_user_attributes(v_user_id)) USING utf8mb4);
END //

-- Lucia's getUser.
CREATE OR REPLACE FUNCTION lucia_get_user(p_user_id TEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin)
RETURNS LONGTEXT CHARACTER SET utf8mb4
NOT DETERMINISTIC READS SQL DATA SQL SECURITY DEFINER
BEGIN
  DECLARE v_user_id VARCHAR(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin DEFAULT lucia_core_user_id(p_user_id);
  CALL lucia_guard(1, 0, 0, 0, 0);
  IF v_user_id IS NULL THEN CALL lucia_raise(); END IF;
  IF NOT EXISTS (SELECT 1 FROM auth_user WHERE id = v_user_id) THEN CALL lucia_fail('user_missing'); END IF;
  RETURN CONVERT(lucia_core_user_json(v_user_id, lucia_user_attributes(v_user_id)) USING utf8mb4);
END //

-- lucia_update_user_attributes(user_id, attributes): the user with its new attributes; sweeps the
-- user's dead sessions when lucia_auto_database_cleanup is on, as Lucia does.
CREATE OR REPLACE FUNCTION lucia_update_user_attributes(p_user_id TEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin,
                                                        p_attributes MEDIUMTEXT CHARACTER SET utf8mb4)
RETURNS LONGTEXT CHARACTER SET utf8mb4
NOT DETERMINISTIC MODIFIES SQL DATA SQL SECURITY DEFINER
BEGIN
  DECLARE v_user_id VARCHAR(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin DEFAULT lucia_core_user_id(p_user_id);
  DECLARE v_now BIGINT DEFAULT lucia_core_now_ms();
  DECLARE v_sweep INT;
  CALL lucia_guard(1, 1, 0, 1, 0);
  IF v_user_id IS NULL THEN CALL lucia_raise(); END IF;
  CALL lucia_check_attributes(p_attributes);
  SET v_sweep = lucia_core_sweeps_dead_sessions('update_user', @@lucia_auto_database_cleanup);
  IF v_sweep IS NULL THEN CALL lucia_raise(); END IF;
  IF v_sweep THEN
    DELETE FROM auth_session WHERE user_id = v_user_id AND idle_expires < v_now;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM auth_user WHERE id = v_user_id FOR UPDATE) THEN CALL lucia_fail('user_missing'); END IF;
  CALL lucia_update_user(v_user_id, p_attributes);
  RETURN CONVERT(lucia_core_user_json(v_user_id, lucia_user_attributes(v_user_id)) USING utf8mb4);
END //

-- Lucia's deleteUser: sessions, keys, then the user, in one statement; a missing user is no error.
CREATE OR REPLACE FUNCTION lucia_delete_user(p_user_id TEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin)
RETURNS TEXT CHARACTER SET utf8mb4
NOT DETERMINISTIC MODIFIES SQL DATA SQL SECURITY DEFINER
BEGIN
  DECLARE v_user_id VARCHAR(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin DEFAULT lucia_core_user_id(p_user_id);
  CALL lucia_guard(1, 1, 1, 1, 0);
  IF v_user_id IS NULL THEN CALL lucia_raise(); END IF;
  DELETE FROM auth_session WHERE user_id = v_user_id;
  DELETE FROM auth_key WHERE user_id = v_user_id;
  DELETE FROM auth_user WHERE id = v_user_id;
  RETURN NULL;
END //

-- lucia_create_key(user_id, provider_id, provider_user_id, password, expires_in): expires_in
-- (seconds) NULL makes a persistent key, otherwise a single-use key.
CREATE OR REPLACE FUNCTION lucia_create_key(
  p_user_id TEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin,
  p_provider_id TEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin,
  p_provider_user_id TEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin,
  p_password MEDIUMTEXT CHARACTER SET utf8mb4, p_expires_in BIGINT)
RETURNS LONGTEXT CHARACTER SET utf8mb4
NOT DETERMINISTIC MODIFIES SQL DATA SQL SECURITY DEFINER
BEGIN
  DECLARE v_user_id VARCHAR(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin DEFAULT lucia_core_user_id(p_user_id);
  DECLARE v_key_id VARCHAR(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin;
  DECLARE v_hash VARCHAR(255) CHARACTER SET ascii;
  DECLARE v_now BIGINT DEFAULT lucia_core_now_ms();
  DECLARE v_expires BIGINT DEFAULT NULL;
  CALL lucia_guard(1, 0, 1, 1, p_password IS NOT NULL);
  IF v_user_id IS NULL THEN CALL lucia_raise(); END IF;
  SET v_key_id = lucia_core_key_id(p_provider_id, p_provider_user_id);
  IF v_key_id IS NULL THEN CALL lucia_raise(); END IF;
  IF p_expires_in IS NOT NULL THEN
    SET v_expires = lucia_core_key_expiry(v_now, p_expires_in);
    IF v_expires IS NULL THEN CALL lucia_raise(); END IF;
  END IF;
  SET v_hash = lucia_core_key_hash(p_password, 1);
  IF v_hash IS NULL THEN CALL lucia_raise(); END IF;
  IF NOT EXISTS (SELECT 1 FROM auth_user WHERE id = v_user_id LOCK IN SHARE MODE) THEN
    CALL lucia_fail('user_missing');
  END IF;
  BEGIN
    DECLARE EXIT HANDLER FOR 1062 CALL lucia_fail('key_exists');
    DECLARE EXIT HANDLER FOR 1452 CALL lucia_fail('user_missing');
    INSERT INTO auth_key (id, user_id, hashed_password, primary_key, expires)
      VALUES (v_key_id, v_user_id, NULLIF(v_hash, ''), 0, v_expires);
  END;
  RETURN CONVERT(lucia_core_key_json(v_key_id, v_user_id, NULLIF(v_hash, ''), 0, v_expires, v_now) USING utf8mb4);
END //

-- lucia_validate_key(provider_id, provider_user_id, password): Lucia's useKey. An unknown key id
-- costs the same scrypt work as a wrong password (core's use_key); a single-use key is deleted
-- by this statement, and of two uses the one whose DELETE finds no row fails, so one wins.
CREATE OR REPLACE FUNCTION lucia_validate_key(
  p_provider_id TEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin,
  p_provider_user_id TEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin,
  p_password MEDIUMTEXT CHARACTER SET utf8mb4)
RETURNS LONGTEXT CHARACTER SET utf8mb4
NOT DETERMINISTIC MODIFIES SQL DATA SQL SECURITY DEFINER
BEGIN
  DECLARE v_key_id VARCHAR(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin DEFAULT lucia_core_key_id(p_provider_id, p_provider_user_id);
  DECLARE v_user_id VARCHAR(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin;
  DECLARE v_hash VARCHAR(255) CHARACTER SET ascii;
  DECLARE v_primary, v_found INT DEFAULT 0;
  DECLARE v_expires BIGINT;
  DECLARE v_now BIGINT DEFAULT lucia_core_now_ms();
  DECLARE v_use VARCHAR(16);
  CALL lucia_guard(0, 0, 1, 1, p_password IS NOT NULL);
  IF v_key_id IS NULL THEN CALL lucia_raise(); END IF;
  CALL lucia_read_key(v_key_id, v_found, v_user_id, v_hash, v_primary, v_expires);
  SET v_use = lucia_core_use_key(v_found, v_hash, v_primary, v_expires, p_password, v_now);
  IF v_use IS NULL THEN CALL lucia_raise(); END IF;
  IF v_use = 'consume' THEN
    DELETE FROM auth_key WHERE id = v_key_id AND primary_key = 0;
    IF lucia_core_check_key_consumed(ROW_COUNT()) IS NULL THEN CALL lucia_raise(); END IF;
  END IF;
  RETURN CONVERT(lucia_core_key_json(v_key_id, v_user_id, v_hash, v_primary, v_expires, v_now) USING utf8mb4);
END //

-- Lucia's getKey: never deletes; expired keys included.
CREATE OR REPLACE FUNCTION lucia_get_key(
  p_provider_id TEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin,
  p_provider_user_id TEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin)
RETURNS LONGTEXT CHARACTER SET utf8mb4
NOT DETERMINISTIC READS SQL DATA SQL SECURITY DEFINER
BEGIN
  DECLARE v_key_id VARCHAR(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin DEFAULT lucia_core_key_id(p_provider_id, p_provider_user_id);
  DECLARE v_user_id VARCHAR(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin;
  DECLARE v_hash VARCHAR(255) CHARACTER SET ascii;
  DECLARE v_primary, v_found INT DEFAULT 0;
  DECLARE v_expires BIGINT;
  CALL lucia_guard(0, 0, 1, 0, 0);
  IF v_key_id IS NULL THEN CALL lucia_raise(); END IF;
  CALL lucia_read_key(v_key_id, v_found, v_user_id, v_hash, v_primary, v_expires);
  IF NOT v_found THEN CALL lucia_fail('key_missing'); END IF;
  RETURN CONVERT(lucia_core_key_json(v_key_id, v_user_id, v_hash, v_primary, v_expires, lucia_core_now_ms()) USING utf8mb4);
END //

-- Lucia's deleteKey: a primary key or a missing one is left alone without error.
CREATE OR REPLACE FUNCTION lucia_delete_key(
  p_provider_id TEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin,
  p_provider_user_id TEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin)
RETURNS TEXT CHARACTER SET utf8mb4
NOT DETERMINISTIC MODIFIES SQL DATA SQL SECURITY DEFINER
BEGIN
  DECLARE v_key_id VARCHAR(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin DEFAULT lucia_core_key_id(p_provider_id, p_provider_user_id);
  CALL lucia_guard(0, 0, 1, 1, 0);
  IF v_key_id IS NULL THEN CALL lucia_raise(); END IF;
  DELETE FROM auth_key WHERE id = v_key_id AND primary_key = 0;
  RETURN NULL;
END //

-- Lucia's getAllUserSessions: a JSON array of the user's live sessions (by idle expiry, then id);
-- the dead ones are deleted, as Lucia always does when it lists them.
CREATE OR REPLACE FUNCTION lucia_get_all_user_sessions(p_user_id TEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin)
RETURNS LONGTEXT CHARACTER SET utf8mb4
NOT DETERMINISTIC MODIFIES SQL DATA SQL SECURITY DEFINER
BEGIN
  DECLARE v_user_id VARCHAR(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin DEFAULT lucia_core_user_id(p_user_id);
  DECLARE v_now BIGINT DEFAULT lucia_core_now_ms();
  DECLARE v_id VARCHAR(127) CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin;
  DECLARE v_active, v_idle BIGINT;
  DECLARE v_sweep INT;
  DECLARE v_done INT DEFAULT 0;
  DECLARE v_array LONGTEXT CHARACTER SET utf8mb4 DEFAULT '';
  DECLARE sessions CURSOR FOR
    SELECT id, active_expires, idle_expires FROM auth_session WHERE user_id = v_user_id ORDER BY idle_expires, id;
  DECLARE CONTINUE HANDLER FOR NOT FOUND SET v_done = 1;
  CALL lucia_guard(1, 1, 0, 1, 0);
  IF v_user_id IS NULL THEN CALL lucia_raise(); END IF;
  IF NOT EXISTS (SELECT 1 FROM auth_user WHERE id = v_user_id) THEN CALL lucia_fail('user_missing'); END IF;
  OPEN sessions;
  read_sessions: LOOP
    FETCH sessions INTO v_id, v_active, v_idle;
    IF v_done THEN LEAVE read_sessions; END IF;
    IF lucia_core_session_is_live(v_now, v_active, v_idle) THEN
      SET v_array = CONCAT(v_array, IF(v_array = '', '', ','),
                           CONVERT(lucia_core_session_json(v_id, v_user_id, v_active, v_idle, v_now, 0, NULL) USING utf8mb4));
    END IF;
  END LOOP;
  CLOSE sessions;
  SET v_sweep = lucia_core_sweeps_dead_sessions('list_user_sessions', @@lucia_auto_database_cleanup);
  IF v_sweep IS NULL THEN CALL lucia_raise(); END IF;
  IF v_sweep THEN
    DELETE FROM auth_session WHERE user_id = v_user_id AND idle_expires < v_now;
  END IF;
  RETURN CONCAT('[', v_array, ']');
END //

-- Lucia's deleteDeadUserSessions: how many went.
CREATE OR REPLACE FUNCTION lucia_delete_dead_user_sessions(p_user_id TEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin)
RETURNS BIGINT
NOT DETERMINISTIC MODIFIES SQL DATA SQL SECURITY DEFINER
BEGIN
  DECLARE v_user_id VARCHAR(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin DEFAULT lucia_core_user_id(p_user_id);
  CALL lucia_guard(0, 1, 0, 1, 0);
  IF v_user_id IS NULL THEN CALL lucia_raise(); END IF;
  DELETE FROM auth_session WHERE user_id = v_user_id AND idle_expires < lucia_core_now_ms();
  RETURN ROW_COUNT();
END //

-- lucia_delete_expired_sessions(batch_size, max_batches): every user's dead sessions, batch_size
-- rows at a time, until a batch comes back short or max_batches (NULL: no limit) is reached; at
-- most those dead when it began. One statement, so one transaction (unlike SQLite's, whose
-- batches commit on their own): call it with a max_batches of 1 in a loop for short transactions.
CREATE OR REPLACE FUNCTION lucia_delete_expired_sessions(p_batch_size BIGINT, p_max_batches BIGINT)
RETURNS BIGINT
NOT DETERMINISTIC MODIFIES SQL DATA SQL SECURITY DEFINER
BEGIN
  DECLARE v_batch_size BIGINT DEFAULT lucia_core_batch_size(p_batch_size);
  DECLARE v_max_batches BIGINT;
  DECLARE v_now BIGINT DEFAULT lucia_core_now_ms();
  DECLARE v_dead_at_start, v_deleted, v_batch BIGINT DEFAULT 0;
  DECLARE v_total BIGINT DEFAULT 0;
  CALL lucia_guard(0, 1, 0, 1, 0);
  IF v_batch_size IS NULL THEN CALL lucia_raise(); END IF;
  SET v_max_batches = lucia_core_max_batches(p_max_batches);
  IF v_max_batches IS NULL THEN CALL lucia_raise(); END IF;
  SELECT COUNT(*) INTO v_dead_at_start FROM auth_session WHERE idle_expires < v_now;
  WHILE v_total < v_dead_at_start AND (v_max_batches = 0 OR v_batch < v_max_batches) DO
    DELETE FROM auth_session WHERE idle_expires < v_now LIMIT v_batch_size;
    SET v_deleted = ROW_COUNT();
    SET v_total = v_total + v_deleted;
    SET v_batch = v_batch + 1;
    IF v_deleted < v_batch_size THEN SET v_dead_at_start = 0; END IF;
  END WHILE;
  RETURN v_total;
END //

-- Lucia's getAllUserKeys: a JSON array of the user's keys, by id.
CREATE OR REPLACE FUNCTION lucia_get_all_user_keys(p_user_id TEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin)
RETURNS LONGTEXT CHARACTER SET utf8mb4
NOT DETERMINISTIC READS SQL DATA SQL SECURITY DEFINER
BEGIN
  DECLARE v_user_id VARCHAR(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin DEFAULT lucia_core_user_id(p_user_id);
  DECLARE v_now BIGINT DEFAULT lucia_core_now_ms();
  DECLARE v_key_id VARCHAR(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin;
  DECLARE v_hash VARCHAR(255) CHARACTER SET ascii;
  DECLARE v_primary INT;
  DECLARE v_expires BIGINT;
  DECLARE v_done INT DEFAULT 0;
  DECLARE v_array LONGTEXT CHARACTER SET utf8mb4 DEFAULT '';
  DECLARE user_keys CURSOR FOR
    SELECT id, hashed_password, primary_key, expires FROM auth_key WHERE user_id = v_user_id ORDER BY id;
  DECLARE CONTINUE HANDLER FOR NOT FOUND SET v_done = 1;
  CALL lucia_guard(1, 0, 1, 0, 0);
  IF v_user_id IS NULL THEN CALL lucia_raise(); END IF;
  IF NOT EXISTS (SELECT 1 FROM auth_user WHERE id = v_user_id) THEN CALL lucia_fail('user_missing'); END IF;
  OPEN user_keys;
  read_keys: LOOP
    FETCH user_keys INTO v_key_id, v_hash, v_primary, v_expires;
    IF v_done THEN LEAVE read_keys; END IF;
    SET v_array = CONCAT(v_array, IF(v_array = '', '', ','),
                         CONVERT(lucia_core_key_json(v_key_id, v_user_id, v_hash, v_primary, v_expires, v_now) USING utf8mb4));
  END LOOP;
  CLOSE user_keys;
  RETURN CONCAT('[', v_array, ']');
END //

-- Lucia's updateKeyPassword: NULL removes the password, "" is hashed like any other; sessions
-- are not touched (Lucia).
CREATE OR REPLACE FUNCTION lucia_update_key_password(
  p_provider_id TEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin,
  p_provider_user_id TEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin,
  p_password MEDIUMTEXT CHARACTER SET utf8mb4)
RETURNS LONGTEXT CHARACTER SET utf8mb4
NOT DETERMINISTIC MODIFIES SQL DATA SQL SECURITY DEFINER
BEGIN
  DECLARE v_key_id VARCHAR(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin DEFAULT lucia_core_key_id(p_provider_id, p_provider_user_id);
  DECLARE v_user_id VARCHAR(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin;
  DECLARE v_hash, v_old_hash VARCHAR(255) CHARACTER SET ascii;
  DECLARE v_primary, v_found INT DEFAULT 0;
  DECLARE v_expires BIGINT;
  CALL lucia_guard(0, 0, 1, 1, p_password IS NOT NULL);
  IF v_key_id IS NULL THEN CALL lucia_raise(); END IF;
  SET v_hash = lucia_core_key_hash(p_password, 1);
  IF v_hash IS NULL THEN CALL lucia_raise(); END IF;
  UPDATE auth_key SET hashed_password = NULLIF(v_hash, '') WHERE id = v_key_id;
  CALL lucia_read_key(v_key_id, v_found, v_user_id, v_old_hash, v_primary, v_expires);
  IF NOT v_found THEN CALL lucia_fail('key_missing'); END IF;
  RETURN CONVERT(lucia_core_key_json(v_key_id, v_user_id, NULLIF(v_hash, ''), v_primary, v_expires, lucia_core_now_ms()) USING utf8mb4);
END //

CREATE OR REPLACE FUNCTION lucia_hash_password(p_password MEDIUMTEXT CHARACTER SET utf8mb4)
RETURNS TEXT CHARACTER SET utf8mb4
NOT DETERMINISTIC NO SQL SQL SECURITY DEFINER
BEGIN
  DECLARE v_hash TEXT CHARACTER SET utf8mb4;
  CALL lucia_check_logging(0, 1);
  SET v_hash = CONVERT(lucia_core_hash_password(p_password) USING utf8mb4);
  IF v_hash IS NULL THEN CALL lucia_raise(); END IF;
  RETURN v_hash;
END //

-- Unlike Lucia's validate, which answers false, a hash it cannot read is an error (core's rule).
CREATE OR REPLACE FUNCTION lucia_verify_password(p_password MEDIUMTEXT CHARACTER SET utf8mb4,
                                                 p_hash TEXT CHARACTER SET utf8mb4)
RETURNS INT
NOT DETERMINISTIC NO SQL SQL SECURITY DEFINER
BEGIN
  DECLARE v_ok INT;
  CALL lucia_check_logging(0, 1);
  SET v_ok = lucia_core_verify_password(p_password, p_hash);
  IF v_ok IS NULL THEN CALL lucia_raise(); END IF;
  RETURN v_ok;
END //

CREATE OR REPLACE FUNCTION lucia_generate_random_string(p_length BIGINT)
RETURNS TEXT CHARACTER SET utf8mb4
NOT DETERMINISTIC NO SQL SQL SECURITY DEFINER
BEGIN
  DECLARE v_text TEXT CHARACTER SET utf8mb4 DEFAULT CONVERT(lucia_core_random_string(p_length) USING utf8mb4);
  IF v_text IS NULL THEN CALL lucia_raise(); END IF;
  RETURN v_text;
END //

-- lucia_create_session_cookie(session_id, idle_expires): both NULL give the blank cookie that logs
-- the browser out (MariaDB's functions have no optional arguments). Attributes from the
-- lucia_cookie_* and lucia_env settings.
CREATE OR REPLACE FUNCTION lucia_create_session_cookie(p_session_id TEXT CHARACTER SET utf8mb4, p_idle_expires BIGINT)
RETURNS TEXT CHARACTER SET utf8mb4
NOT DETERMINISTIC NO SQL SQL SECURITY DEFINER
BEGIN
  DECLARE v_cookie TEXT CHARACTER SET utf8mb4 DEFAULT CONVERT(lucia_core_session_cookie(p_session_id, p_idle_expires,
    @@lucia_cookie_path, @@lucia_cookie_domain, @@lucia_cookie_same_site, @@lucia_env) USING utf8mb4);
  IF v_cookie IS NULL THEN CALL lucia_raise(); END IF;
  RETURN v_cookie;
END //

-- lucia_parse_request_headers(method, url, origin, cookie, allowed_origins): the session id of the
-- auth_session cookie or NULL, after the CSRF origin check (lucia_csrf_protection); allowed_origins
-- is NULL or a JSON array of strings, as in SQLite. Core compares the Origin header with each
-- allowed origin as exact strings, so only the element equal to it is passed on: two passes over
-- the array whatever its length (reading element i with JSON_EXTRACT in a loop took seconds for
-- a few thousand).
CREATE OR REPLACE FUNCTION lucia_parse_request_headers(p_method TEXT CHARACTER SET utf8mb4, p_url TEXT CHARACTER SET utf8mb4,
                                                       p_origin TEXT CHARACTER SET utf8mb4, p_cookie TEXT CHARACTER SET utf8mb4,
                                                       p_allowed_origins MEDIUMTEXT CHARACTER SET utf8mb4)
RETURNS TEXT CHARACTER SET utf8mb4
NOT DETERMINISTIC NO SQL SQL SECURITY DEFINER
BEGIN
  DECLARE v_allowed MEDIUMTEXT CHARACTER SET utf8mb4 DEFAULT NULL;
  DECLARE v_id TEXT CHARACTER SET utf8mb4;
  IF p_allowed_origins IS NOT NULL THEN
    IF NOT (JSON_VALID(p_allowed_origins) AND JSON_TYPE(p_allowed_origins) = 'ARRAY') THEN
      CALL lucia_fail('allowed_origins_not_array');
    END IF;
    IF EXISTS (SELECT 1 FROM JSON_TABLE(p_allowed_origins, '$[*]' COLUMNS (v JSON PATH '$')) AS t
               WHERE JSON_TYPE(t.v) <> 'STRING') THEN
      CALL lucia_fail('allowed_origins_not_array');
    END IF;
    SET v_allowed = (SELECT t.v FROM JSON_TABLE(p_allowed_origins, '$[*]' COLUMNS (v TEXT CHARACTER SET utf8mb4 PATH '$')) AS t
                     WHERE CAST(t.v AS BINARY) = CAST(p_origin AS BINARY) LIMIT 1);
  END IF;
  SET v_id = CONVERT(lucia_core_parse_request(p_method, p_url, p_origin, p_cookie, @@lucia_csrf_protection, v_allowed)
                     USING utf8mb4);
  IF v_id IS NULL THEN CALL lucia_raise(); END IF;
  RETURN NULLIF(v_id, '');
END //

CREATE OR REPLACE FUNCTION lucia_version()
RETURNS TEXT CHARACTER SET utf8mb4
NOT DETERMINISTIC NO SQL SQL SECURITY DEFINER
RETURN CONVERT(lucia_core_version() USING utf8mb4) //

DELIMITER ;
