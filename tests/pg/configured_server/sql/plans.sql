-- Validating a session reads auth_session with one primary-key index scan and no SPI query (and
-- auth_user with one more for a session with its user); writes such as a renewal use plans
-- prepared once per backend.
-- Needs pg_stat_statements in shared_preload_libraries with track = all and track_planning = on
-- (the test command starts the cluster so).
CREATE EXTENSION IF NOT EXISTS pg_stat_statements;
CREATE SCHEMA t_plans;
SELECT lucia_create_tables('t_plans');
SET lucia.tables_schema = t_plans;
SELECT user_id FROM lucia_create_user(user_id => 'ada');
CREATE TEMP TABLE s AS SELECT session_id FROM lucia_create_session('ada');
INSERT INTO t_plans.auth_user SELECT 'user' || i FROM generate_series(1, 200) i;
INSERT INTO t_plans.auth_session
SELECT lpad(i::text, 40, 's'), 'user' || (i % 200 + 1), 9000000000000, 9000000000000 FROM generate_series(1, 2000) i;
ANALYZE t_plans.auth_session;
SELECT pg_stat_statements_reset() IS NOT NULL AS reset;
SELECT pg_stat_force_next_flush();
SELECT seq_scan AS seq_before, idx_scan AS idx_before FROM pg_stat_user_tables
WHERE relid = 't_plans.auth_session'::regclass \gset
SELECT count((lucia_validate_session(s.session_id)).state) AS validated FROM s, generate_series(1, 50);
SELECT pg_stat_force_next_flush();
SELECT seq_scan - :seq_before AS seq_scans, idx_scan - :idx_before AS index_scans
FROM pg_stat_user_tables WHERE relid = 't_plans.auth_session'::regclass;
SELECT count(*) AS spi_session_reads FROM pg_stat_statements
WHERE query LIKE 'SELECT user_id::text, active_expires::int8, idle_expires::int8 FROM t_plans.auth_session%';
SELECT count((lucia_validate_session_user(s.session_id)).state) AS validated_with_user FROM s, generate_series(1, 50);
SELECT count(*) AS spi_session_user_reads FROM pg_stat_statements WHERE query LIKE 'SELECT s.user_id::text%';
SELECT count((lucia_renew_session(s.session_id)).state) AS renewed FROM s, generate_series(1, 50);
SELECT calls, plans FROM pg_stat_statements WHERE query LIKE 'INSERT INTO t_plans.auth_session (id%';
-- With row-level security the session is read through SPI, so that the policy applies.
ALTER TABLE t_plans.auth_session ENABLE ROW LEVEL SECURITY;
ALTER TABLE t_plans.auth_session FORCE ROW LEVEL SECURITY;
CREATE POLICY everyone ON t_plans.auth_session USING (true);
SELECT count((lucia_validate_session(s.session_id)).state) AS validated_under_policy FROM s, generate_series(1, 5);
SELECT calls, plans FROM pg_stat_statements
WHERE query LIKE 'SELECT user_id::text, active_expires::int8, idle_expires::int8 FROM t_plans.auth_session%';
-- Another schema gets its own plans.
SELECT pg_stat_statements_reset() IS NOT NULL AS reset;
CREATE SCHEMA t_plans2;
SELECT lucia_create_tables('t_plans2');
SET lucia.tables_schema = t_plans2;
SELECT user_id FROM lucia_create_user(user_id => 'bob');
CREATE TEMP TABLE s2 AS SELECT session_id FROM lucia_create_session('bob');
SELECT count((lucia_renew_session(s2.session_id)).state) AS renewed FROM s2, generate_series(1, 10);
SELECT regexp_replace(query, ' \(id.*', '') AS query, calls, plans
FROM pg_stat_statements WHERE query LIKE 'INSERT INTO t_plans%.auth_session (id%' ORDER BY query;
RESET lucia.tables_schema;
DROP SCHEMA t_plans CASCADE;
DROP SCHEMA t_plans2 CASCADE;
DROP EXTENSION pg_stat_statements;
