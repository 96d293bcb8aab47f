-- A failed login never writes the password to the server log, even when the password is a
-- literal in the statement text. Needs logging_collector = on (the test command sets it).
CREATE FUNCTION pg_temp.log_text() RETURNS text LANGUAGE sql AS
$$ SELECT pg_read_file(pg_current_logfile()) $$;
-- Waits until the collector has written `marker` to the log file (bounded: 10 s).
CREATE FUNCTION pg_temp.wait_for_log(marker text) RETURNS boolean LANGUAGE plpgsql AS $$
BEGIN
    FOR i IN 1..100 LOOP
        IF position(marker IN pg_temp.log_text()) > 0 THEN RETURN true; END IF;
        PERFORM pg_sleep(0.1);
    END LOOP;
    RETURN false;
END $$;
SELECT current_setting('logging_collector') AS logging_collector,
       current_setting('log_min_error_statement') AS log_min_error_statement,
       pg_current_logfile() IS NOT NULL AS has_log_file;
CREATE SCHEMA t_log;
SELECT lucia_create_tables('t_log');
ALTER TABLE t_log.auth_user ADD COLUMN age integer;
SET lucia.tables_schema = t_log;
SELECT user_id FROM lucia_create_user('email', 'ada@example.com', 'correct-password', '{}', 'ada');

-- Control: an ordinary failing statement is logged with its text (log_min_error_statement).
SELECT 1 / 0 AS "control-7f3a1c";
-- Failed logins and other failures with a password literal in the statement.
SELECT lucia_validate_key('email', 'ada@example.com', 'wrong-secret-5b2d');
SELECT lucia_validate_key('email', 'nobody@example.com', 'unknown-key-secret-9c1e');
SELECT lucia_create_user('email', 'ada@example.com', 'duplicate-secret-4e4e');
SELECT lucia_create_user('email', 'new@example.com', 'attribute-secret-3c3c', '{"age": "old"}');
SELECT lucia_create_user('email', 'new@example.com', 'column-secret-2b2b', '{"nope": 1}');
SELECT lucia_update_key_password('email', 'nobody@example.com', 'update-secret-6d6d');
SELECT lucia_create_key('nobody', 'email', 'x@example.com', 'create-key-secret-8f8f');
SELECT lucia_verify_password('verify-secret-1a1a', 'not a hash');
-- A last failing statement, to know when the collector has written everything above.
SELECT 1 / 0 AS "end-marker-0d0d";
SELECT pg_temp.wait_for_log('end-marker-0d0d') AS log_flushed;

SELECT position('control-7f3a1c' IN pg_temp.log_text()) > 0 AS control_statement_logged,
       position('AUTH_INVALID_PASSWORD' IN pg_temp.log_text()) > 0 AS login_error_logged;
SELECT secret, position(secret IN pg_temp.log_text()) = 0 AS absent_from_log
FROM unnest(ARRAY['correct-password', 'wrong-secret-5b2d', 'unknown-key-secret-9c1e', 'duplicate-secret-4e4e',
                  'attribute-secret-3c3c', 'column-secret-2b2b', 'update-secret-6d6d', 'create-key-secret-8f8f',
                  'verify-secret-1a1a']) AS secret;

RESET lucia.tables_schema;
DROP SCHEMA t_log CASCADE;
