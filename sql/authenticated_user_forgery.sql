-- Forging the authenticated user, as an application role with only lucia_grant_app (and a schema
-- of its own, as an application that runs its migrations would have): every way SQL lets a role
-- write state (SET, SET LOCAL, set_config, RESET, DISCARD, every lucia setting, settings named
-- like lucia's internals, function arguments, SECURITY DEFINER functions of its own, LOAD, a
-- look-alike function earlier on the search_path, PostgREST's request settings). After each,
-- lucia_authenticated_user_id() must still be NULL and bob's note invisible: the only way to
-- become bob is bob's valid session id, which the attacker does not have.
CREATE SCHEMA t_forge;
SELECT lucia_create_tables('t_forge');
SET lucia.tables_schema = t_forge;
SELECT user_id FROM lucia_create_user(user_id => 'bob');
SELECT user_id FROM lucia_create_user(user_id => 'eve');
SELECT session_id AS eve FROM lucia_create_session('eve') \gset
-- Sessions of bob's that the attacker may have seen: one expired, one invalidated (logged out).
SELECT session_id AS bob_expired FROM lucia_create_session('bob') \gset
SELECT session_id AS bob_deleted FROM lucia_create_session('bob') \gset
UPDATE t_forge.auth_session SET active_expires = regress.now_ms() - 2000, idle_expires = regress.now_ms() - 1000
WHERE id = :'bob_expired';
SELECT lucia_invalidate_session(:'bob_deleted');
CREATE TABLE t_forge.notes (id int PRIMARY KEY, owner_id text NOT NULL, body text NOT NULL);
INSERT INTO t_forge.notes VALUES (1, 'bob', 'bob''s secret'), (2, 'eve', 'eve''s note');
ALTER TABLE t_forge.notes ENABLE ROW LEVEL SECURITY;
CREATE POLICY own_notes ON t_forge.notes USING (owner_id = (SELECT public.lucia_authenticated_user_id()));
CREATE ROLE t_forge_app LOGIN;
SELECT lucia_grant_app('t_forge_app');
GRANT USAGE ON SCHEMA t_forge TO t_forge_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON t_forge.notes TO t_forge_app;
CREATE SCHEMA forge AUTHORIZATION t_forge_app;
-- What the attacker checks after each attempt: who lucia says is authenticated, and whether
-- bob's note is visible through the policy.
CREATE FUNCTION t_forge.outcome() RETURNS text LANGUAGE sql
AS $$ SELECT coalesce(public.lucia_authenticated_user_id(), 'nobody') || ', bob''s notes visible: '
             || (SELECT count(*) FROM t_forge.notes WHERE owner_id = 'bob') $$;
GRANT EXECUTE ON FUNCTION t_forge.outcome() TO t_forge_app;

SET ROLE t_forge_app;
SELECT t_forge.outcome();

-- 1. Settings: lucia's prefix is reserved, so no setting named like lucia's internals can be
-- made; settings of other names are just settings, which lucia never reads.
SELECT regress.err($$SET lucia.authenticated_user_id = 'bob'$$);
SELECT regress.err($$SET lucia.user_id = 'bob'$$);
SELECT regress.err($$SELECT set_config('lucia.authenticated_user', 'bob', false)$$);
SELECT regress.err($$SELECT set_config('lucia.session_user', 'bob', true)$$);
SET request.jwt.claims = '{"sub": "bob", "role": "authenticated"}';
SET request.jwt.claim.sub = 'bob';
SET app.user_id = 'bob';
SET lucia_internal.user_id = 'bob';
SELECT set_config('request.user_id', 'bob', false);
SELECT t_forge.outcome();
BEGIN;
SET LOCAL request.jwt.claims = '{"sub": "bob"}';
SELECT set_config('app.current_user', 'bob', true);
SELECT regress.err($$SET LOCAL lucia.authenticated_user_id = 'bob'$$);
SELECT t_forge.outcome();
COMMIT;
RESET request.jwt.claims;
SELECT t_forge.outcome();
-- Every lucia setting, SET to bob's id (and to a session id of his): refused for this role, and
-- none of them is an identity anyway.
SELECT name, regress.err(format('SET %I = %L', name, 'bob')) AS set_to_bob,
       regress.err(format('SELECT set_config(%L, %L, true)', name, :'bob_expired')) AS set_config_to_a_session
FROM pg_settings WHERE name LIKE 'lucia.%' ORDER BY name;
SELECT t_forge.outcome();
RESET ALL;
SELECT t_forge.outcome();
-- DISCARD ALL also ends SET ROLE: the role is taken again, as a pooler's next client would.
DISCARD ALL;
SET lucia.tables_schema = t_forge;
SET ROLE t_forge_app;
SELECT t_forge.outcome();

-- 2. Function arguments: a user id where a session id goes, bob's expired and invalidated
-- sessions, a session id of the right shape that does not exist.
SELECT regress.err($$SELECT lucia_authenticate('bob')$$);
SELECT regress.err(format('SELECT lucia_authenticate(%L)', rpad('bob', 40, 'b')));
SELECT regress.err(format('SELECT lucia_authenticate(%L)', :'bob_expired'));
SELECT regress.err(format('SELECT lucia_authenticate(%L)', :'bob_deleted'));
SELECT regress.err($$SELECT lucia_authenticated_user_id('bob')$$);
SELECT regress.err($$SELECT lucia_clear_authentication('bob')$$);
SELECT t_forge.outcome();
-- A second authenticate with garbage after a valid one (eve's own): nobody, not eve, not bob.
BEGIN;
SELECT user_id FROM lucia_authenticate(:'eve');
SELECT t_forge.outcome();
SELECT regress.err($$SELECT lucia_authenticate('bob')$$);
SELECT t_forge.outcome();
COMMIT;
-- lucia_validate_session and lucia_get_session with bob's expired session authenticate nobody.
SELECT regress.err(format('SELECT lucia_validate_session(%L)', :'bob_expired'));
SELECT regress.err(format('SELECT lucia_get_session(%L)', :'bob_expired'));
SELECT t_forge.outcome();

-- 3. PostgREST's request settings, written by the attacker: a user id, or bob's dead sessions, as
-- the cookie leave the request anonymous.
BEGIN;
SELECT set_config('request.method', 'GET', true), set_config('request.path', '/notes', true),
       set_config('request.headers', '{"host": "api.example.com"}', true);
SELECT set_config('request.cookies', '{"auth_session": "bob"}', true);
SELECT lucia_postgrest_pre_request();
SELECT t_forge.outcome();
SELECT set_config('request.cookies', json_build_object('auth_session', :'bob_expired')::text, true) IS NOT NULL AS set;
SELECT lucia_postgrest_pre_request();
SELECT t_forge.outcome();
SELECT set_config('request.cookies', json_build_object('auth_session', :'bob_deleted')::text, true) IS NOT NULL AS set;
SELECT lucia_postgrest_pre_request();
SELECT t_forge.outcome();
COMMIT;

-- 4. Code of the attacker's own: a SECURITY DEFINER function (it runs as the attacker, whose
-- rights gain nothing), a look-alike lucia_authenticated_user_id earlier on the search_path,
-- replacing lucia's function, LOAD.
CREATE FUNCTION forge.become(who text) RETURNS text LANGUAGE plpgsql SECURITY DEFINER AS $$
BEGIN
    PERFORM set_config('request.jwt.claim.sub', who, true);
    BEGIN
        PERFORM public.lucia_authenticate(who);
    EXCEPTION WHEN OTHERS THEN
        NULL;
    END;
    RETURN t_forge.outcome();
END $$;
SELECT forge.become('bob');
SELECT t_forge.outcome();
CREATE FUNCTION forge.lucia_authenticated_user_id() RETURNS text LANGUAGE sql STABLE AS $$ SELECT 'bob' $$;
SET search_path = forge, public;
SELECT lucia_authenticated_user_id() AS the_look_alike_answers_its_caller;
SELECT count(*) AS bobs_notes_through_the_policy FROM t_forge.notes;
RESET search_path;
SELECT regress.err($$CREATE OR REPLACE FUNCTION public.lucia_authenticated_user_id() RETURNS text LANGUAGE sql AS 'SELECT ''bob'''$$);
SELECT regress.err($$ALTER FUNCTION public.lucia_authenticated_user_id() RENAME TO gone$$);
SELECT regress.err($$DROP FUNCTION public.lucia_authenticated_user_id()$$);
SELECT regress.err($$LOAD 'lucia'$$);
SELECT regress.err($$LOAD '$libdir/plugins/lucia'$$);
SELECT t_forge.outcome();
RESET ROLE;

-- Why policies name the function schema-qualified: a policy binds the function it names when it is
-- created. Created while the look-alike's schema came first on the path, an unqualified call binds
-- the look-alike (and bob's note shows); the qualified one binds lucia's, whatever the path.
SET search_path = forge, public;
CREATE POLICY unqualified ON t_forge.notes USING (owner_id = (SELECT lucia_authenticated_user_id()));
CREATE POLICY qualified ON t_forge.notes USING (owner_id = (SELECT public.lucia_authenticated_user_id()));
RESET search_path;
SELECT polname, pg_get_expr(polqual, polrelid) AS bound_to FROM pg_policy
WHERE polname IN ('unqualified', 'qualified') ORDER BY polname;
SET ROLE t_forge_app;
SELECT count(*) AS bobs_notes_through_the_policies FROM t_forge.notes;
RESET ROLE;
DROP POLICY unqualified ON t_forge.notes;
SET ROLE t_forge_app;
SELECT count(*) AS bobs_notes_through_the_qualified_policies FROM t_forge.notes;
RESET ROLE;
DROP POLICY qualified ON t_forge.notes;

DROP SCHEMA forge CASCADE;
DROP TABLE t_forge.notes;
DROP FUNCTION t_forge.outcome();
SELECT lucia_revoke_app('t_forge_app');
REVOKE ALL ON SCHEMA t_forge FROM t_forge_app;
DROP ROLE t_forge_app;
RESET lucia.tables_schema;
DROP SCHEMA t_forge CASCADE;
