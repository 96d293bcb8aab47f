-- Every error code the functions raise, with its SQLSTATE (class LU), so clients can branch on it.
-- Each is raised here by a real call; UNKNOWN_ERROR (LU000) only comes from an OpenSSL failure,
-- AUTH_PRIMARY_REQUIRED (LU012) only on a hot standby (tests/pg/standby_test.sh).
CREATE SCHEMA t_errors;
SELECT lucia_create_tables('t_errors');
SET lucia.tables_schema = t_errors;
SELECT user_id FROM lucia_create_user('email', 'ada@example.com', 'hunter2', '{}', 'ada');
INSERT INTO t_errors.auth_key VALUES ('old:bcrypt', 'ada', false, '$2a$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy', NULL),
                                     ('otp:expired', 'ada', false, NULL, 1);
-- A session id collision cannot be produced by chance; a trigger forces one.
CREATE TEMP TABLE s AS SELECT session_id FROM lucia_create_session('ada');
CREATE FUNCTION t_errors.collide() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN NEW.id := (SELECT id FROM t_errors.auth_session LIMIT 1); RETURN NEW; END $$;
CREATE TRIGGER collide BEFORE INSERT ON t_errors.auth_session FOR EACH ROW EXECUTE FUNCTION t_errors.collide();

SELECT call, split_part(regress.err(call), ':', 1) AS sqlstate_and_code FROM unnest(ARRAY[
    'SELECT lucia_validate_session(''short'')',
    'SELECT lucia_validate_key(''email'', ''ada@example.com'', ''wrong'')',
    'SELECT lucia_create_key(''ada'', ''email'', ''ada@example.com'')',
    'SELECT lucia_validate_key(''email'', ''nobody@example.com'', ''x'')',
    'SELECT lucia_get_user(''nobody'')',
    'SELECT lucia_create_session(''ada'')',
    'SELECT lucia_validate_key(''otp'', ''expired'')',
    'SELECT lucia_validate_key(''old'', ''bcrypt'', ''x'')',
    'SELECT lucia_parse_request_headers(''POST'', ''https://a.com/'', ''https://b.com'', NULL)',
    'SELECT lucia_generate_random_string(0)',
    'SELECT lucia_create_user(user_id => ''ada'')'
]) AS call;
DROP TRIGGER collide ON t_errors.auth_session;

RESET lucia.tables_schema;
DROP SCHEMA t_errors CASCADE;
