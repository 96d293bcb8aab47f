-- What a table owner's code can still see or reach, found by attacking the run-as rule:
-- (1) current_query() inside the owner's trigger or policy returned the caller's statement, with
--     the password written in it; it now sees a placeholder.
-- (2) A partition or child table owned by another role fired its triggers as lucia_owner (the
--     parent's owner); its owner now counts, and two owners are refused.
-- (3) An updatable view in place of a table ran its base table owner's code as the view's owner;
--     only plain (or partitioned) tables are used.
CREATE ROLE lucia_seer LOGIN;
CREATE SCHEMA t_seen AUTHORIZATION lucia_seer;
SET SESSION AUTHORIZATION lucia_seer;
CREATE TABLE t_seen.auth_user (id text PRIMARY KEY);
CREATE TABLE t_seen.auth_session (id text PRIMARY KEY, user_id text NOT NULL REFERENCES t_seen.auth_user (id),
                                  active_expires bigint NOT NULL, idle_expires bigint NOT NULL);
CREATE TABLE t_seen.auth_key (id text PRIMARY KEY, user_id text NOT NULL REFERENCES t_seen.auth_user (id),
                              primary_key boolean NOT NULL, hashed_password text, expires bigint);
CREATE TABLE t_seen.loot (what text);
CREATE FUNCTION t_seen.record() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO t_seen.loot VALUES (current_query());
    RETURN NEW;
END $$;
CREATE TRIGGER record BEFORE INSERT OR UPDATE ON t_seen.auth_key FOR EACH ROW EXECUTE FUNCTION t_seen.record();
CREATE FUNCTION t_seen.record_read() RETURNS boolean LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO t_seen.loot VALUES (current_query());
    RETURN true;
END $$;
ALTER TABLE t_seen.auth_key ENABLE ROW LEVEL SECURITY;
ALTER TABLE t_seen.auth_key FORCE ROW LEVEL SECURITY;
CREATE POLICY record ON t_seen.auth_key USING (t_seen.record_read()) WITH CHECK (true);
RESET SESSION AUTHORIZATION;
SELECT lucia_grant_tables('t_seen');
SET lucia.tables_schema = t_seen;

-- (1) A superuser signs a user up, logs in and resets a password with literal passwords.
SELECT user_id FROM lucia_create_user('email', 'seen@example.com', 'Signup-Secret-1', '{}', 'seen');
SELECT user_id FROM lucia_validate_key('email', 'seen@example.com', 'Signup-Secret-1');
SELECT type FROM lucia_update_key_password('email', 'seen@example.com', 'Reset-Secret-2');
SELECT count(*) > 0 AS owner_code_ran,
       count(*) FILTER (WHERE what LIKE '%Secret%') AS statements_with_a_password,
       min(what) AS what_it_saw
FROM t_seen.loot;
-- Outside lucia's calls the statement is the caller's again.
SELECT current_query() LIKE 'SELECT current_query()%' AS caller_statement_back;

-- (2) auth_session partitioned by the superuser, a partition owned by another role.
CREATE SCHEMA t_part;
SELECT lucia_create_tables('t_part');
SET lucia.tables_schema = t_part;
SELECT user_id FROM lucia_create_user(NULL, NULL, NULL, '{}', 'p');
DROP TABLE t_part.auth_session;
CREATE TABLE t_part.auth_session (id text NOT NULL, user_id text NOT NULL REFERENCES t_part.auth_user (id),
                                  active_expires bigint NOT NULL, idle_expires bigint NOT NULL) PARTITION BY HASH (id);
ALTER TABLE t_part.auth_session OWNER TO lucia_owner;
CREATE TABLE t_seen.auth_session_p0 PARTITION OF t_part.auth_session FOR VALUES WITH (MODULUS 1, REMAINDER 0);
ALTER TABLE t_seen.auth_session_p0 OWNER TO lucia_seer;
SELECT regress.err($$SELECT * FROM lucia_create_session('p')$$);
-- With one owner for the family, it works (and runs as that owner).
ALTER TABLE t_seen.auth_session_p0 OWNER TO lucia_owner;
SELECT user_id FROM lucia_create_session('p');

-- (3) auth_key replaced by a view.
CREATE SCHEMA t_view;
SELECT lucia_create_tables('t_view');
ALTER TABLE t_view.auth_key RENAME TO auth_key_base;
CREATE VIEW t_view.auth_key AS SELECT * FROM t_view.auth_key_base;
ALTER VIEW t_view.auth_key OWNER TO lucia_owner;
SET lucia.tables_schema = t_view;
SELECT regress.err($$SELECT * FROM lucia_create_user('email', 'v@example.com', 'v-pw', '{}', 'v')$$);

RESET lucia.tables_schema;
SET client_min_messages = warning;
DROP SCHEMA t_seen, t_part, t_view CASCADE;
RESET client_min_messages;
DROP ROLE lucia_seer;
