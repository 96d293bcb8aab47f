-- Attacks on the authenticated user (issue 15) by eve, an application role holding lucia_grant_app,
-- table grants and a schema of its own: keeping an identity across a transaction boundary,
-- forging what a policy reads, learning ids from errors, crashing the backend, and cross-site
-- writes through PostgREST's pre-request hook. Each block is one attack; after it,
-- t_attack.outcome() says who lucia says is authenticated and how many of bob's notes show.
CREATE SCHEMA t_attack;
SELECT lucia_create_tables('t_attack');
SET lucia.tables_schema = t_attack;
SELECT user_id FROM lucia_create_user(user_id => 'bob');
SELECT user_id FROM lucia_create_user(user_id => 'eve');
SELECT user_id FROM lucia_create_user(user_id => 'zed');
SELECT session_id AS eve FROM lucia_create_session('eve') \gset
SELECT session_id AS zed FROM lucia_create_session('zed') \gset
SELECT session_id AS bob_expired FROM lucia_create_session('bob') \gset
SELECT session_id AS bob_deleted FROM lucia_create_session('bob') \gset
UPDATE t_attack.auth_session SET active_expires = regress.now_ms() - 2000, idle_expires = regress.now_ms() - 1000
WHERE id = :'bob_expired';
SELECT lucia_invalidate_session(:'bob_deleted');
CREATE TABLE t_attack.notes (id int PRIMARY KEY, owner_id text NOT NULL, body text NOT NULL);
INSERT INTO t_attack.notes VALUES (1, 'bob', 'bob''s secret'), (2, 'eve', 'eve''s note');
ALTER TABLE t_attack.notes ENABLE ROW LEVEL SECURITY;
CREATE POLICY own_notes ON t_attack.notes USING (owner_id = (SELECT public.lucia_authenticated_user_id()));
CREATE ROLE t_attack_app LOGIN;
SELECT lucia_grant_app('t_attack_app');
GRANT USAGE ON SCHEMA t_attack TO t_attack_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON t_attack.notes TO t_attack_app;
CREATE SCHEMA atk AUTHORIZATION t_attack_app;
CREATE FUNCTION t_attack.outcome() RETURNS text LANGUAGE sql
AS $$ SELECT coalesce(public.lucia_authenticated_user_id(), 'nobody') || ', bob''s notes visible: '
             || (SELECT count(*) FROM t_attack.notes WHERE owner_id = 'bob') $$;
GRANT EXECUTE ON FUNCTION t_attack.outcome() TO t_attack_app;
-- A failed call's SQLSTATE, message, detail, hint and context, for the leak checks.
CREATE FUNCTION t_attack.error_text(query text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    state text; message text; detail text; hint text; context text;
BEGIN
    EXECUTE query;
    RETURN 'no error';
EXCEPTION WHEN OTHERS THEN
    GET STACKED DIAGNOSTICS state = RETURNED_SQLSTATE, message = MESSAGE_TEXT, detail = PG_EXCEPTION_DETAIL,
                            hint = PG_EXCEPTION_HINT, context = PG_EXCEPTION_CONTEXT;
    RETURN concat_ws(' | ', state, message, nullif(detail, ''), nullif(hint, ''), context);
END $$;
GRANT EXECUTE ON FUNCTION t_attack.error_text(text) TO t_attack_app;

SET ROLE t_attack_app;
SELECT t_attack.outcome();

-- 0. lucia_grant_app includes lucia_create_session (Lucia's createSession): such a role can log
-- anyone in, by design; requests therefore run as a role with only the three functions
-- (docs/authorization.md). Shown here so that every attack below is read for what it adds.
BEGIN;
SELECT user_id FROM lucia_authenticate((SELECT session_id FROM lucia_create_session('bob')));
SELECT t_attack.outcome();
ROLLBACK;

-- 1. A procedure argument holding lucia_authenticated_user_id(), used after a COMMIT inside the
-- procedure: the value must still be what it was (not memory of the ended transaction), and the
-- authentication itself must end at the COMMIT.
CREATE PROCEDURE atk.keep(session_id text, who text, other text) LANGUAGE plpgsql AS $$
BEGIN
    COMMIT;
    RAISE NOTICE 'after COMMIT: %', t_attack.outcome();
    -- Reuses the ended transaction's memory: many authentications of another session.
    PERFORM set_config('client_min_messages', 'error', true);  -- not 1000 warnings
    PERFORM public.lucia_authenticate(other) FROM generate_series(1, 1000);
    ROLLBACK;
    RAISE NOTICE 'the argument after COMMIT: %', who;
END $$;
CALL atk.keep((lucia_authenticate(:'eve')).session_id, lucia_authenticated_user_id(), :'zed');
SELECT t_attack.outcome();

-- 2. A DO block that authenticates and commits: the next transaction of the block starts with nobody.
SELECT set_config('atk.eve', :'eve', false) IS NOT NULL AS eve_session_at_hand;
DO $$
BEGIN
    PERFORM public.lucia_authenticate(current_setting('atk.eve'));
    COMMIT;
    RAISE NOTICE 'DO after COMMIT: %', t_attack.outcome();
END $$;

RESET ROLE;
DROP SCHEMA atk CASCADE;
DROP TABLE t_attack.notes;
DROP FUNCTION t_attack.outcome(), t_attack.error_text(text);
SELECT lucia_revoke_app('t_attack_app');
REVOKE ALL ON SCHEMA t_attack FROM t_attack_app;
DROP ROLE t_attack_app;
RESET lucia.tables_schema;
DROP SCHEMA t_attack CASCADE;
