-- The sweep to schedule (1.4): CALL lucia_sweep_expired_sessions(batch_size, max_batches) deletes
-- the dead sessions of all users and commits after every batch.
CREATE SCHEMA t_sweep;
SELECT lucia_create_tables('t_sweep');
SET lucia.tables_schema = t_sweep;
INSERT INTO t_sweep.auth_user SELECT 'u' || i FROM generate_series(1, 3) i;
-- 10 dead sessions, 2 live ones.
INSERT INTO t_sweep.auth_session SELECT 'd' || lpad(i::text, 39, '0'), 'u' || (i % 3 + 1), 1000, 1000
FROM generate_series(1, 10) i;
INSERT INTO t_sweep.auth_session SELECT 'l' || lpad(i::text, 39, '0'), 'u1', 9000000000000, 9000000000000
FROM generate_series(1, 2) i;

-- max_batches bounds the work: 2 batches of 3.
CALL lucia_sweep_expired_sessions(3, 2);
SELECT count(*) AS dead_left FROM t_sweep.auth_session WHERE idle_expires < regress.now_ms();

-- One transaction per batch: each batch that deletes rows takes a transaction id of its own
-- (4 left: batches of 3 and 1), so the ids advance by 2 between the two txid_current() calls'
-- own ids, where a single-transaction sweep would take 1.
CREATE TEMP TABLE xids (xid bigint);
INSERT INTO xids SELECT txid_current();
CALL lucia_sweep_expired_sessions(batch_size => 3);
INSERT INTO xids SELECT txid_current();
SELECT max(xid) - min(xid) - 1 AS sweep_transactions FROM xids;
SELECT count(*) FILTER (WHERE idle_expires < regress.now_ms()) AS dead_left, count(*) AS sessions_left
FROM t_sweep.auth_session;
-- Nothing left: 0 deleted, no error.
CALL lucia_sweep_expired_sessions();

-- It must commit, so it refuses to run inside a transaction block (and deletes nothing there).
INSERT INTO t_sweep.auth_session VALUES (repeat('x', 40), 'u2', 1000, 1000);
BEGIN;
\set VERBOSITY terse
CALL lucia_sweep_expired_sessions();
\set VERBOSITY default
ROLLBACK;
SELECT count(*) AS dead_left FROM t_sweep.auth_session WHERE idle_expires < regress.now_ms();

-- Bad arguments are refused before anything is deleted, as by lucia_delete_expired_sessions.
SELECT regress.err($$CALL lucia_sweep_expired_sessions(0)$$);
SELECT regress.err($$CALL lucia_sweep_expired_sessions(NULL)$$);
SELECT regress.err($$CALL lucia_sweep_expired_sessions(10, 0)$$);
SELECT count(*) AS dead_left FROM t_sweep.auth_session WHERE idle_expires < regress.now_ms();

-- lucia_grant_app gives the application role the procedure too; PUBLIC has nothing.
CREATE ROLE sweep_app;
SELECT has_function_privilege('sweep_app', 'lucia_sweep_expired_sessions(int, int, bigint)', 'EXECUTE') AS before_grant;
SELECT lucia_grant_app('sweep_app');
SELECT has_function_privilege('sweep_app', 'lucia_sweep_expired_sessions(int, int, bigint)', 'EXECUTE') AS after_grant;
GRANT USAGE ON SCHEMA t_sweep TO sweep_app;
SET ROLE sweep_app;
CALL lucia_sweep_expired_sessions();
RESET ROLE;
SELECT lucia_revoke_app('sweep_app');
SELECT has_function_privilege('sweep_app', 'lucia_sweep_expired_sessions(int, int, bigint)', 'EXECUTE') AS after_revoke;
DROP OWNED BY sweep_app;
DROP ROLE sweep_app;

-- lucia_delete_expired_sessions() still works (one transaction; compatibility).
INSERT INTO t_sweep.auth_session VALUES (repeat('y', 40), 'u3', 1000, 1000);
SELECT lucia_delete_expired_sessions() AS deleted_by_function;

RESET lucia.tables_schema;
DROP SCHEMA t_sweep CASCADE;
