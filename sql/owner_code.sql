-- A table owner's code runs with that owner's rights only. An application role whose own
-- migrations made its auth tables (adopted with lucia_grant_tables) attaches code to them; the
-- lucia functions (SECURITY DEFINER, lucia_owner) fire it. Each kind of attached code tries what
-- lucia_owner could do: read another schema's password hashes, alter a lucia function (a no-op
-- ALTER here; an attacker would make lucia_validate_key SECURITY INVOKER), SET ROLE. It must run
-- as the table owner, in a security-restricted operation, and fail at all three.
CREATE SCHEMA t_victim;
SELECT lucia_create_tables('t_victim');
SET lucia.tables_schema = t_victim;
SELECT user_id FROM lucia_create_user('email', 'victim@example.com', 'victim-pw', '{}', 'victim');

CREATE ROLE lucia_attacker LOGIN;
CREATE SCHEMA t_att AUTHORIZATION lucia_attacker;
SET SESSION AUTHORIZATION lucia_attacker;
-- The tables as the application's migrations (Drizzle, Kysely) make them.
CREATE TABLE t_att.auth_user (id text PRIMARY KEY);
CREATE TABLE t_att.auth_session (id text PRIMARY KEY, user_id text NOT NULL REFERENCES t_att.auth_user (id),
                                 active_expires bigint NOT NULL, idle_expires bigint NOT NULL);
CREATE TABLE t_att.auth_key (id text PRIMARY KEY, user_id text NOT NULL REFERENCES t_att.auth_user (id),
                             primary_key boolean NOT NULL, hashed_password text, expires bigint);
-- What the attacker's code does wherever it runs.
CREATE FUNCTION t_att.spy(kind text) RETURNS boolean LANGUAGE plpgsql AS $$
DECLARE
    stolen text;
    altered text;
    became text;
BEGIN
    BEGIN
        SELECT count(*) || ' hashes' INTO stolen FROM t_victim.auth_key WHERE hashed_password IS NOT NULL;
    EXCEPTION WHEN OTHERS THEN stolen := 'refused (' || SQLERRM || ')';
    END;
    BEGIN
        ALTER FUNCTION public.lucia_validate_key(text, text, text) SECURITY DEFINER;
        altered := 'done';
    EXCEPTION WHEN OTHERS THEN altered := 'refused (' || SQLERRM || ')';
    END;
    BEGIN
        SET ROLE lucia_owner;
        became := 'done';
    EXCEPTION WHEN OTHERS THEN became := 'refused (' || SQLERRM || ')';
    END;
    RAISE NOTICE '% ran as %; victim hashes: %; alter lucia_validate_key: %; set role: %',
        kind, current_user, stolen, altered, became;
    RETURN true;
END $$;
RESET SESSION AUTHORIZATION;
SELECT lucia_grant_tables('t_att');
SELECT lucia_grant_app('lucia_attacker');
SET lucia.tables_schema = t_att;

-- Adopted tables work, as before.
SET SESSION AUTHORIZATION lucia_attacker;
SELECT user_id FROM lucia_create_user('email', 'a@example.com', 'a-pw', '{}', 'a');
SELECT user_id FROM lucia_validate_key('email', 'a@example.com', 'a-pw');
SELECT session_id AS sid FROM lucia_create_session('a') \gset
SELECT user_id, state FROM lucia_validate_session(:'sid');

-- 1. A trigger (which also changes a setting of the caller's session: undone afterwards; lucia's own
--    settings are superuser-only, so work_mem stands for any setting the caller relies on).
CREATE FUNCTION t_att.spy_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM t_att.spy('trigger');
    PERFORM set_config('work_mem', '77kB', false);
    RETURN NEW;
END $$;
CREATE TRIGGER spy BEFORE INSERT ON t_att.auth_user FOR EACH ROW EXECUTE FUNCTION t_att.spy_trigger();
SELECT user_id FROM lucia_create_user(user_id => 'b');
SHOW work_mem;
DROP TRIGGER spy ON t_att.auth_user;

-- 2. A rule.
CREATE TABLE t_att.rule_log (ok boolean);
CREATE RULE spy AS ON DELETE TO t_att.auth_session DO ALSO INSERT INTO t_att.rule_log VALUES (t_att.spy('rule'));
SELECT lucia_invalidate_session(:'sid');
DROP RULE spy ON t_att.auth_session;

-- 3. A row-level security policy (FORCE: it applies to the owner too).
ALTER TABLE t_att.auth_key ENABLE ROW LEVEL SECURITY;
ALTER TABLE t_att.auth_key FORCE ROW LEVEL SECURITY;
CREATE POLICY spy ON t_att.auth_key USING (t_att.spy('policy'));
SELECT type FROM lucia_get_key('email', 'a@example.com');
DROP POLICY spy ON t_att.auth_key;
ALTER TABLE t_att.auth_key DISABLE ROW LEVEL SECURITY;

-- 4. A column default.
ALTER TABLE t_att.auth_user ADD COLUMN planted boolean DEFAULT t_att.spy('default');
SELECT user_id FROM lucia_create_user(user_id => 'c');
ALTER TABLE t_att.auth_user DROP COLUMN planted;

-- 5. An index expression (the function claims to be immutable).
CREATE FUNCTION t_att.spy_index(text) RETURNS text LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
    PERFORM t_att.spy('index expression');
    RETURN $1;
END $$;
CREATE INDEX spy ON t_att.auth_key (t_att.spy_index(id));
SELECT type FROM lucia_create_key('a', 'github', 'a-gh');
DROP INDEX t_att.spy;

-- 6. A CHECK constraint calling a function.
ALTER TABLE t_att.auth_key ADD CONSTRAINT spy CHECK (t_att.spy('check'));
SELECT type FROM lucia_update_key_password('email', 'a@example.com', 'a-pw2');
ALTER TABLE t_att.auth_key DROP CONSTRAINT spy;

-- 7. A column type of the attacker's: to_jsonb calls its cast to json, through SPI
--    (lucia_get_user) and through the direct read (lucia_validate_session_user).
CREATE TYPE t_att.mood AS ENUM ('calm');
CREATE FUNCTION t_att.mood_json(t_att.mood) RETURNS json LANGUAGE plpgsql AS $$
BEGIN
    PERFORM t_att.spy('column type');
    RETURN to_json($1::text);
END $$;
CREATE CAST (t_att.mood AS json) WITH FUNCTION t_att.mood_json(t_att.mood);
ALTER TABLE t_att.auth_user ADD COLUMN mood t_att.mood DEFAULT 'calm';
SELECT attributes FROM lucia_get_user('a');
SELECT session_id AS sid FROM lucia_create_session('a') \gset
SELECT state, user_attributes FROM lucia_validate_session_user(:'sid');
ALTER TABLE t_att.auth_user DROP COLUMN mood;
RESET SESSION AUTHORIZATION;

-- Nothing changed: lucia_validate_key is still SECURITY DEFINER, owned by lucia_owner.
SELECT pg_get_userbyid(proowner) AS owner, prosecdef FROM pg_proc WHERE proname = 'lucia_validate_key';

-- Tables of one schema owned by two non-superuser roles: no single identity is safe for a
-- query over both, so the functions refuse.
ALTER TABLE t_att.auth_key OWNER TO lucia_owner;
SELECT regress.err($$SELECT lucia_get_key('email', 'a@example.com')$$);
ALTER TABLE t_att.auth_key OWNER TO lucia_attacker;
SELECT type FROM lucia_get_key('email', 'a@example.com');

RESET lucia.tables_schema;
SELECT lucia_revoke_app('lucia_attacker');
DROP SCHEMA t_att CASCADE;
DROP SCHEMA t_victim CASCADE;
DROP ROLE lucia_attacker;
