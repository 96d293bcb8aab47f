-- The extension and the data: DROP EXTENSION never takes users, keys or sessions with it, and
-- a new CREATE EXTENSION picks them up again.
CREATE SCHEMA t_ext;
SELECT lucia_create_tables('t_ext');
SET lucia.tables_schema = t_ext;
SELECT user_id FROM lucia_create_user('email', 'ada@example.com', 'hunter2', '{}', 'ada');
CREATE TEMP TABLE s AS SELECT session_id FROM lucia_create_session('ada');
-- The tables belong to lucia_owner (since 1.3; before, to their creator), not to the extension.
SELECT c.relname, pg_get_userbyid(c.relowner) = 'lucia_owner' AS owned_by_lucia_owner,
       EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')
           AS extension_member
FROM pg_class c WHERE c.relnamespace = 't_ext'::regnamespace AND c.relkind = 'r' ORDER BY c.relname;
-- Lucia's forgotten indexes.
SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 't_ext' ORDER BY indexname;
-- lucia_create_indexes is idempotent; lucia_create_tables refuses to overwrite.
SELECT lucia_create_indexes('t_ext');
\set VERBOSITY terse
SELECT lucia_create_tables('t_ext');
\set VERBOSITY default

DROP EXTENSION lucia;
SELECT (SELECT count(*) FROM t_ext.auth_user) AS users, (SELECT count(*) FROM t_ext.auth_key) AS keys,
       (SELECT count(*) FROM t_ext.auth_session) AS sessions;
CREATE EXTENSION lucia;
SET lucia.tables_schema = t_ext;
SELECT user_id FROM lucia_validate_key('email', 'ada@example.com', 'hunter2');
SELECT state FROM lucia_validate_session((SELECT session_id FROM s));
SELECT extversion FROM pg_extension WHERE extname = 'lucia';

-- The extension can live in its own schema; the functions are then called qualified.
DROP EXTENSION lucia;
CREATE SCHEMA auth;
CREATE EXTENSION lucia SCHEMA auth;
SELECT user_id FROM auth.lucia_validate_key('email', 'ada@example.com', 'hunter2');
SELECT pg_typeof(auth.lucia_validate_session((SELECT session_id FROM s)));
DROP EXTENSION lucia;
DROP SCHEMA auth;
CREATE EXTENSION lucia;

-- Versions: 1.7 is the default (CREATE EXTENSION runs lucia--1.0.sql, then lucia--1.0--1.1.sql,
-- lucia--1.1--1.2.sql, lucia--1.2--1.3.sql, lucia--1.3--1.4.sql, lucia--1.4--1.5.sql,
-- lucia--1.5--1.6.sql and lucia--1.6--1.7.sql); an install made at 1.0 or 1.1 and updated later has the same functions (settings, owner, volatility, parallel safety)
-- and keeps working. lucia_version() is the library's version: the same as a fresh install's.
SELECT extversion, lucia_version() = extversion AS library_is_extversion FROM pg_extension WHERE extname = 'lucia';
CREATE TEMP VIEW lucia_functions AS
SELECT p.proname, pg_get_function_identity_arguments(p.oid) AS args, p.prosecdef, p.proconfig, p.provolatile, p.proparallel,
       pg_get_userbyid(p.proowner) AS owner, pg_get_function_result(p.oid) AS result
FROM pg_proc p JOIN pg_depend d ON d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e'
JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'lucia';
CREATE TEMP TABLE fresh_functions AS SELECT * FROM lucia_functions;
DROP EXTENSION lucia CASCADE;
CREATE EXTENSION lucia VERSION '1.0';
SELECT proname, proconfig FROM lucia_functions WHERE proname IN ('lucia_validate_session', 'lucia_get_session') ORDER BY 1;
ALTER EXTENSION lucia UPDATE TO '1.1';
SELECT proname, proconfig FROM lucia_functions
WHERE proname IN ('lucia_validate_session', 'lucia_validate_session_user', 'lucia_create_session') ORDER BY 1;
ALTER EXTENSION lucia UPDATE;
SELECT extversion FROM pg_extension WHERE extname = 'lucia';
SELECT count(*) AS functions, count(*) FILTER (WHERE proconfig IS NULL) AS without_set_clause FROM lucia_functions;
(SELECT 'only after update' AS side, * FROM lucia_functions EXCEPT SELECT 'only after update', * FROM fresh_functions)
UNION ALL
(SELECT 'only in fresh 1.2', * FROM fresh_functions EXCEPT SELECT 'only in fresh 1.2', * FROM lucia_functions);
SET lucia.tables_schema = t_ext;
SELECT state FROM lucia_validate_session((SELECT session_id FROM s));
RESET lucia.tables_schema;

-- 1.3 -> 1.4 adds the sweep procedure; a role given access under 1.3 may call it after the update,
-- and 1.4 -> 1.5 lucia_version(), taken from PUBLIC like every lucia function.
DROP EXTENSION lucia CASCADE;
CREATE EXTENSION lucia VERSION '1.3';
CREATE ROLE ext_app;
SELECT lucia_grant_app('ext_app');
ALTER EXTENSION lucia UPDATE;
SELECT extversion FROM pg_extension WHERE extname = 'lucia';
SELECT has_function_privilege('ext_app', 'lucia_sweep_expired_sessions(int, int, bigint)', 'EXECUTE') AS app_may_sweep,
       has_function_privilege('public', 'lucia_sweep_expired_sessions(int, int, bigint)', 'EXECUTE') AS public_may_sweep,
       has_function_privilege('public', 'lucia_version()', 'EXECUTE') AS public_may_read_version;
SELECT lucia_version() = (SELECT extversion FROM pg_extension WHERE extname = 'lucia') AS library_is_extversion;
SET lucia.tables_schema = t_ext;
INSERT INTO t_ext.auth_session VALUES (repeat('z', 40), 'ada', 1000, 1000);
CALL lucia_sweep_expired_sessions();
SELECT lucia_revoke_app('ext_app');
DROP ROLE ext_app;

-- 1.5 -> 1.6 adds the authenticated user's functions: a role given access under 1.5 may call them
-- after the update, PUBLIC may not, and lucia_revoke_app takes them back with the rest.
DROP EXTENSION lucia CASCADE;
CREATE EXTENSION lucia VERSION '1.5';
CREATE ROLE ext_app;
SELECT lucia_grant_app('ext_app');
ALTER EXTENSION lucia UPDATE;
SELECT extversion FROM pg_extension WHERE extname = 'lucia';
SELECT p.proname, has_function_privilege('ext_app', p.oid, 'EXECUTE') AS app_may_call,
       has_function_privilege('public', p.oid, 'EXECUTE') AS public_may_call
FROM pg_proc p WHERE p.proname IN ('lucia_authenticate', 'lucia_authenticated_user_id', 'lucia_clear_authentication',
                                   'lucia_postgrest_pre_request') ORDER BY p.proname;
SET lucia.tables_schema = t_ext;
SELECT session_id AS ext_session FROM s \gset
SET ROLE ext_app;
BEGIN;
SELECT user_id FROM lucia_authenticate(:'ext_session');
SELECT lucia_authenticated_user_id();
COMMIT;
RESET ROLE;
RESET lucia.tables_schema;
SELECT lucia_revoke_app('ext_app');
SELECT count(*) AS functions_app_may_call FROM pg_proc
WHERE proname LIKE 'lucia%' AND has_function_privilege('ext_app', oid, 'EXECUTE');
DROP ROLE ext_app;

-- 1.6 -> 1.7 adds lucia_grant_request: a role granted the app access under 1.6 keeps exactly the
-- functions it had (the list moved into lucia_access_list, unchanged), and the request grant gives
-- none of the functions that take a user id.
DROP EXTENSION lucia CASCADE;
CREATE EXTENSION lucia VERSION '1.6';
CREATE ROLE ext_app;
SELECT lucia_grant_app('ext_app');
CREATE TEMP TABLE app_functions_16 AS
SELECT oid::regprocedure::text AS signature FROM pg_proc
WHERE proname LIKE 'lucia%' AND has_function_privilege('ext_app', oid, 'EXECUTE');
ALTER EXTENSION lucia UPDATE;
SELECT extversion FROM pg_extension WHERE extname = 'lucia';
SELECT lucia_revoke_app('ext_app');
SELECT lucia_grant_app('ext_app');
SELECT (SELECT count(*) FROM app_functions_16) AS granted_by_16, count(*) AS app_functions,
       count(*) FILTER (WHERE signature NOT IN (SELECT signature FROM app_functions_16)) AS not_granted_by_16
FROM (SELECT oid::regprocedure::text AS signature FROM pg_proc
      WHERE proname LIKE 'lucia%' AND has_function_privilege('ext_app', oid, 'EXECUTE')) f;
SELECT lucia_revoke_app('ext_app');
SELECT lucia_grant_request('ext_app');
SELECT proname FROM pg_proc
WHERE proname LIKE 'lucia%' AND has_function_privilege('ext_app', oid, 'EXECUTE') ORDER BY 1;
SELECT lucia_revoke_request('ext_app');
SELECT count(*) AS functions_app_may_call FROM pg_proc
WHERE proname LIKE 'lucia%' AND has_function_privilege('ext_app', oid, 'EXECUTE');
DROP ROLE ext_app;

RESET lucia.tables_schema;
DROP SCHEMA t_ext CASCADE;
