-- A read-only transaction on the primary (BEGIN READ ONLY, default_transaction_read_only,
-- PostgREST's GET requests) is treated as a standby is for writes: reads work, listing a user's
-- sessions included (it neither locks nor deletes there), and a call that must write answers
-- AUTH_PRIMARY_REQUIRED (LU012), the code a driver routes by, never PostgreSQL's 25006. Negative
-- answers stay definite: the primary does not lag.
CREATE SCHEMA t_ro;
SELECT lucia_create_tables('t_ro');
SET lucia.tables_schema = t_ro;
INSERT INTO t_ro.auth_user VALUES ('ada');
INSERT INTO t_ro.auth_session VALUES
    (repeat('a', 40), 'ada', regress.now_ms() + 86400000, regress.now_ms() + 172800000),
    (repeat('i', 40), 'ada', regress.now_ms() - 1000, regress.now_ms() + 86400000),
    (repeat('d', 40), 'ada', regress.now_ms() - 2000, regress.now_ms() - 1000);
SELECT user_id FROM lucia_create_key('ada', 'otp', '1', NULL, 3600);

BEGIN READ ONLY;
SELECT state FROM lucia_validate_session(repeat('a', 40));
SELECT string_agg(state, ',' ORDER BY state) AS listed FROM lucia_get_all_user_sessions('ada');
SELECT regress.err($$SELECT lucia_validate_session(repeat('i', 40))$$) AS idle;
SELECT regress.err($$SELECT lucia_validate_key('otp', '1')$$) AS single_use;
SELECT regress.err($$SELECT lucia_create_session('ada')$$) AS create_session;
SELECT regress.err($$SELECT lucia_invalidate_session(repeat('a', 40))$$) AS invalidate;
SELECT regress.err($$CALL lucia_sweep_expired_sessions()$$) AS sweep;
SELECT regress.err($$SELECT lucia_validate_session(repeat('m', 40))$$) AS missing;
COMMIT;

SET default_transaction_read_only = on;
SELECT regress.err($$SELECT lucia_delete_user('ada')$$) AS delete_user;
RESET default_transaction_read_only;
-- Nothing was written, and the dead session is still there for a read-write call to delete.
SELECT count(*) AS sessions FROM t_ro.auth_session;
SELECT count(*) AS listed FROM lucia_get_all_user_sessions('ada');
SELECT count(*) AS sessions_after FROM t_ro.auth_session;
RESET lucia.tables_schema;
