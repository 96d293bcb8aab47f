-- Least privilege: an application role granted access with lucia_grant_app (as the README says) does every
-- auth operation through the functions, but cannot read the tables, least of all
-- auth_key.hashed_password; and the functions ignore a hostile search_path.
CREATE SCHEMA t_priv;
SELECT lucia_create_tables('t_priv');
ALTER TABLE t_priv.auth_user ADD COLUMN username text;
SET lucia.tables_schema = t_priv;

-- The roles the extension made: neither can log in, neither is a superuser.
SELECT rolname, rolcanlogin, rolsuper, rolcreaterole, rolcreatedb FROM pg_roles
WHERE rolname IN ('lucia_owner', 'lucia_app') ORDER BY rolname;
-- The application's login role, granted exactly what the README says (since 1.3 per database:
-- lucia_app, a role of the whole cluster, gives nothing).
CREATE ROLE lucia_test_app LOGIN;
SELECT lucia_grant_app('lucia_test_app');
-- Functions that touch the tables run as lucia_owner with a fixed search_path; the rest as the caller.
SELECT p.proname, pg_get_userbyid(p.proowner) = 'lucia_owner' AS owned_by_lucia_owner, p.prosecdef AS security_definer, p.proconfig,
       has_function_privilege('lucia_test_app', p.oid, 'EXECUTE') AS app_may_call,
       has_function_privilege('lucia_app', p.oid, 'EXECUTE') AS lucia_app_may_call,
       has_function_privilege('public', p.oid, 'EXECUTE') AS public_may_call
FROM pg_proc p JOIN pg_depend d ON d.objid = p.oid AND d.classid = 'pg_proc'::regclass AND d.deptype = 'e'
JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'lucia'
ORDER BY p.proname;
-- lucia_owner holds the table privileges; the application's role holds none.
SELECT has_table_privilege('lucia_owner', 't_priv.auth_key', 'SELECT') AS owner_reads_keys,
       has_table_privilege('lucia_test_app', 't_priv.auth_key', 'SELECT') AS app_reads_keys,
       has_column_privilege('lucia_test_app', 't_priv.auth_key', 'hashed_password', 'SELECT') AS app_reads_hashes;

CREATE ROLE lucia_test_outsider LOGIN;
SET ROLE lucia_test_app;
SELECT user_id FROM lucia_create_user('email', 'app@example.com', 'app password', '{"username": "app"}', 'appuser');
SELECT user_id, type FROM lucia_validate_key('email', 'app@example.com', 'app password');
SELECT regress.err($$SELECT lucia_validate_key('email', 'app@example.com', 'wrong')$$);
SELECT type FROM lucia_create_key('appuser', 'otp', '123456', NULL, 600);
SELECT type FROM lucia_validate_key('otp', '123456');
SELECT count(*) AS keys FROM lucia_get_all_user_keys('appuser');
SELECT type FROM lucia_update_key_password('email', 'app@example.com', 'new app password');
SELECT type FROM lucia_get_key('email', 'app@example.com');
SELECT lucia_delete_key('email', 'app@example.com');
SELECT attributes FROM lucia_get_user('appuser');
SELECT attributes FROM lucia_update_user_attributes('appuser', '{"username": "app2"}');
CREATE TEMP TABLE app_session AS SELECT session_id FROM lucia_create_session('appuser');
SELECT state, fresh FROM lucia_validate_session((SELECT session_id FROM app_session));
SELECT state, user_attributes FROM lucia_validate_session_user((SELECT session_id FROM app_session));
SELECT state FROM lucia_get_session((SELECT session_id FROM app_session));
SELECT fresh FROM lucia_renew_session((SELECT session_id FROM app_session));
SELECT count(*) AS sessions FROM lucia_get_all_user_sessions('appuser');
SELECT lucia_delete_dead_user_sessions('appuser') AS dead;
SELECT lucia_delete_expired_sessions() >= 0 AS swept;
SELECT lucia_invalidate_session((SELECT session_id FROM app_session));
SELECT lucia_invalidate_all_user_sessions('appuser');
SELECT lucia_create_session_cookie(NULL, NULL) LIKE 'auth_session=;%' AS cookie;
SELECT lucia_parse_request_headers('GET', 'https://example.com/', NULL, 'auth_session=x') AS parsed;
SELECT lucia_verify_password('hunter2', lucia_hash_password('hunter2')) AS hashes;
SELECT length(lucia_generate_random_string(10)) AS random;
-- ... but it cannot read or write the tables, cannot point the functions at other tables,
-- and cannot call the administration functions.
SELECT regress.err($$SELECT hashed_password FROM t_priv.auth_key$$);
SELECT regress.err($$SELECT * FROM t_priv.auth_session$$);
SELECT regress.err($$DELETE FROM t_priv.auth_user$$);
SELECT regress.err($$SET lucia.tables_schema = public$$);
SELECT regress.err($$SELECT lucia_create_tables('public')$$);
SELECT regress.err($$SELECT lucia_grant_tables('public')$$);
SELECT regress.err($$SELECT lucia_scrypt_count()$$);
SELECT regress.err($$SELECT lucia_grant_app('lucia_test_outsider')$$);
SELECT regress.err($$SELECT lucia_set_app_access('lucia_test_outsider', true)$$);
SELECT lucia_delete_user('appuser');
RESET ROLE;
-- A role not granted access can call none of the functions, even as a member of lucia_app.
GRANT lucia_app TO lucia_test_outsider;
SET ROLE lucia_test_outsider;
SELECT regress.err($$SELECT lucia_validate_session(repeat('a', 40))$$);
SELECT regress.err($$SELECT lucia_validate_key('email', 'app@example.com', 'x')$$);
SELECT regress.err($$SELECT lucia_hash_password('x')$$);
RESET ROLE;

-- A hostile search_path: look-alike tables, functions and operators placed before pg_catalog.
SELECT user_id FROM lucia_create_user('email', 'real@example.com', 'real password', '{}', 'realuser');
CREATE SCHEMA evil;
GRANT USAGE ON SCHEMA evil TO PUBLIC;  -- an attacker's schema is open to lucia_owner too
CREATE TABLE evil.auth_session (id text, user_id text, active_expires bigint, idle_expires bigint);
INSERT INTO evil.auth_session VALUES (repeat('E', 40), 'realuser', 9000000000000, 9000000000000);
CREATE TABLE evil.auth_key (id text, user_id text, primary_key boolean, hashed_password text, expires bigint);
INSERT INTO evil.auth_key VALUES ('email:real@example.com', 'realuser', true, NULL, NULL);
CREATE FUNCTION evil.texteq_always(text, text) RETURNS boolean LANGUAGE sql AS 'SELECT true';
CREATE OPERATOR evil.= (LEFTARG = text, RIGHTARG = text, FUNCTION = evil.texteq_always);
CREATE FUNCTION evil.to_jsonb(anyelement) RETURNS jsonb LANGUAGE sql AS $$ SELECT '{"hacked": true}'::jsonb $$;
-- An idle session of realuser (its renewal runs SPI queries, whose search_path lucia_validate_session
-- pins itself since 1.1, as lucia_create_session does since 1.2) and a dead session of another user, which an `=` that is always true
-- would sweep along with realuser's.
SELECT user_id FROM lucia_create_user(user_id => 'bystander');
INSERT INTO t_priv.auth_session VALUES (repeat('I', 40), 'realuser', 1000, 9000000000000),
                                      (repeat('D', 40), 'bystander', 1000, 2000);
SET search_path = evil, pg_catalog, public;
SELECT regress.err($$SELECT lucia_validate_session(repeat('E', 40))$$);
SELECT user_id, state, fresh FROM lucia_validate_session(repeat('I', 40));
SELECT user_id, state FROM lucia_get_session(repeat('I', 40));
SELECT user_id, user_attributes FROM lucia_validate_session_user(repeat('I', 40));
SELECT user_id, user_attributes FROM lucia_get_session_user(repeat('I', 40));
-- A new session of realuser, who has a dead one: the insert sweeps it, and only it.
INSERT INTO t_priv.auth_session VALUES (repeat('R', 40), 'realuser', 1000, 2000);
SELECT user_id, state FROM lucia_create_session('realuser');
SHOW search_path;
SELECT regress.err($$SELECT lucia_validate_key('email', 'real@example.com', 'anything')$$);
SELECT user_id FROM lucia_validate_key('email', 'real@example.com', 'real password');
SELECT attributes FROM lucia_get_user('realuser');
RESET search_path;
SELECT count(*) AS realuser_dead_left FROM t_priv.auth_session WHERE id = repeat('R', 40);
SELECT user_id, count(*) AS sessions FROM t_priv.auth_session WHERE user_id IN ('realuser', 'bystander')
GROUP BY user_id ORDER BY user_id;
DROP SCHEMA evil CASCADE;

RESET lucia.tables_schema;
DROP SCHEMA t_priv CASCADE;
DROP TABLE app_session;
-- lucia_revoke_app takes the access back; then the role holds no privilege here.
SELECT lucia_revoke_app('lucia_test_app');
SELECT count(*) AS functions_app_may_call FROM pg_proc WHERE has_function_privilege('lucia_test_app', oid, 'EXECUTE')
  AND proname LIKE 'lucia%' AND NOT has_function_privilege('public', oid, 'EXECUTE');
SET ROLE lucia_test_app;
SELECT regress.err($$SELECT lucia_validate_session(repeat('a', 40))$$);
RESET ROLE;
-- Only superusers may grant: a non-superuser (here even one that could call lucia_set_app_access
-- and the lucia_access_list and lucia_set_access it calls).
GRANT EXECUTE ON FUNCTION lucia_set_app_access(name, boolean), lucia_set_access(name, name[], boolean),
    lucia_access_list(text) TO lucia_test_outsider;
SET ROLE lucia_test_outsider;
SELECT regress.err($$SELECT lucia_set_app_access('lucia_test_outsider', true)$$);
RESET ROLE;
REVOKE EXECUTE ON FUNCTION lucia_set_app_access(name, boolean), lucia_set_access(name, name[], boolean),
    lucia_access_list(text) FROM lucia_test_outsider;
DROP ROLE lucia_test_app;
DROP ROLE lucia_test_outsider;
