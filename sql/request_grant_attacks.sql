-- Attacks as a role with only lucia_grant_request, table grants and a schema of its own (what an
-- application's request role has): it holds eve's valid session id and saw an expired and a
-- logged-out session id of bob's. Each attempt must leave it unable to become bob, read bob's
-- session or user through lucia, or check a password. The last block is the one way that works:
-- the application's own helper with a string body that calls lucia_authenticated_user_id() by its
-- bare name, which lucia_security_check reports (lookalike_function, high).
CREATE SCHEMA t_rga;
SELECT lucia_create_tables('t_rga');
SET lucia.tables_schema = t_rga;
SELECT user_id FROM lucia_create_user('email', 'bob@example.com', 'bob password', user_id => 'bob');
SELECT user_id FROM lucia_create_user('email', 'eve@example.com', 'eve password', user_id => 'eve');
SELECT session_id AS eve FROM lucia_create_session('eve') \gset
SELECT session_id AS bob_expired FROM lucia_create_session('bob') \gset
SELECT session_id AS bob_deleted FROM lucia_create_session('bob') \gset
UPDATE t_rga.auth_session SET active_expires = regress.now_ms() - 2000, idle_expires = regress.now_ms() - 1000
WHERE id = :'bob_expired';
SELECT lucia_invalidate_session(:'bob_deleted');
CREATE TABLE t_rga.notes (id int PRIMARY KEY, owner_id text NOT NULL, body text NOT NULL);
INSERT INTO t_rga.notes VALUES (1, 'bob', 'bob''s secret'), (2, 'eve', 'eve''s note');
ALTER TABLE t_rga.notes ENABLE ROW LEVEL SECURITY;
CREATE POLICY own_notes ON t_rga.notes USING (owner_id = (SELECT public.lucia_authenticated_user_id()));
CREATE ROLE t_rga_web LOGIN;
SELECT lucia_grant_request('t_rga_web');
GRANT USAGE ON SCHEMA t_rga TO t_rga_web;
GRANT SELECT, INSERT, UPDATE, DELETE ON t_rga.notes TO t_rga_web;
CREATE SCHEMA rga_own AUTHORIZATION t_rga_web;
CREATE FUNCTION t_rga.outcome() RETURNS text LANGUAGE sql
AS $$ SELECT coalesce(public.lucia_authenticated_user_id(), 'nobody') || ', bob''s notes visible: '
             || (SELECT count(*) FROM t_rga.notes WHERE owner_id = 'bob') $$;
GRANT EXECUTE ON FUNCTION t_rga.outcome() TO t_rga_web;

SET ROLE t_rga_web;
BEGIN;
-- 1. Bob's dead sessions: validated, renewed, authenticated with, read: refused, nobody authenticated.
SELECT regress.err(format('SELECT lucia_authenticate(%L)', :'bob_expired'));
SELECT regress.err(format('SELECT lucia_renew_session(%L)', :'bob_expired'));
SELECT regress.err(format('SELECT lucia_authenticate(%L)', :'bob_deleted'));
SELECT regress.err(format('SELECT lucia_validate_session_user(%L)', :'bob_deleted'));
SELECT regress.err(format('SELECT lucia_get_session(%L)', :'bob_expired'));
SELECT regress.err(format('SELECT lucia_get_session_user(%L)', :'bob_deleted'));
-- 2. Patterns, case and padding where an id goes: lookups are exact.
SELECT regress.err($$SELECT lucia_authenticate(repeat('%', 40))$$);
SELECT regress.err($$SELECT lucia_authenticate(repeat('_', 40))$$);
SELECT regress.err(format('SELECT lucia_authenticate(%L)', upper(:'eve')));
SELECT regress.err(format('SELECT lucia_authenticate(%L)', :'eve' || ' '));
SELECT t_rga.outcome();
-- 3. The PostgREST hook with settings the role writes itself: bob's dead ids, a cookie naming
-- bob's user id, the user id where PostgREST's JWT claims would be.
SELECT set_config('request.method', 'GET', true), set_config('request.headers', '{"host": "x"}', true);
SELECT set_config('request.cookies', json_build_object('auth_session', :'bob_expired')::text, true) IS NOT NULL;
SELECT regress.err('SELECT lucia_postgrest_pre_request()');
SELECT set_config('request.cookies', '{"auth_session": "bob"}', true) IS NOT NULL;
SELECT regress.err('SELECT lucia_postgrest_pre_request()');
SELECT set_config('request.jwt.claims', '{"sub": "bob"}', true) IS NOT NULL;
SELECT t_rga.outcome();
-- 4. Its own session: eve, and only eve; logging out of it leaves the transaction's user as is
-- (the authentication is the transaction's), and nobody after clearing it.
SELECT user_id FROM lucia_authenticate(:'eve');
SELECT t_rga.outcome();
SELECT lucia_invalidate_session(:'eve');
SELECT t_rga.outcome();
SELECT lucia_clear_authentication();
SELECT t_rga.outcome();
-- 5. Nothing else of lucia's: the password and user functions, the administration functions.
SELECT regress.err($$SELECT lucia_verify_password('x', 'y')$$);
SELECT regress.err($$SELECT lucia_generate_random_string(40)$$);
SELECT regress.err($$SELECT lucia_security_check()$$);
SELECT regress.err($$SELECT lucia_revoke_request('t_rga_web')$$);
COMMIT;
RESET ROLE;

-- 6. The way that works: the application's helper, a string body with the bare name and no
-- SET search_path, used by a policy. Its caller's search_path decides which function it calls.
CREATE FUNCTION t_rga.current_owner() RETURNS text LANGUAGE sql STABLE AS $$ SELECT lucia_authenticated_user_id() $$;
GRANT EXECUTE ON FUNCTION t_rga.current_owner() TO t_rga_web;
DROP POLICY own_notes ON t_rga.notes;
CREATE POLICY helper_notes ON t_rga.notes USING (owner_id = t_rga.current_owner());
SELECT severity, check_name FROM lucia_security_check() WHERE detail LIKE '%t_rga.current_owner()%';
SET ROLE t_rga_web;
CREATE FUNCTION rga_own.lucia_authenticated_user_id() RETURNS text LANGUAGE sql STABLE AS $$ SELECT 'bob' $$;
SET search_path = rga_own, public;
SELECT count(*) AS bob_notes_read_through_the_helper FROM t_rga.notes WHERE owner_id = 'bob';
RESET search_path;
RESET ROLE;
-- Reported once the look-alike exists, as high; the fix the finding gives closes it.
SELECT severity, check_name, fix FROM lucia_security_check() WHERE detail LIKE '%t_rga.current_owner()%';
ALTER FUNCTION t_rga.current_owner() SET search_path = public, pg_temp;
SET ROLE t_rga_web;
SET search_path = rga_own, public;
SELECT count(*) AS bob_notes_read_through_the_pinned_helper FROM t_rga.notes WHERE owner_id = 'bob';
RESET search_path;
RESET ROLE;
SELECT count(*) AS findings FROM lucia_security_check() WHERE detail LIKE '%t_rga.current_owner()%';

RESET lucia.tables_schema;
DROP SCHEMA t_rga CASCADE;
DROP SCHEMA rga_own CASCADE;
SELECT lucia_revoke_request('t_rga_web');
DROP ROLE t_rga_web;
