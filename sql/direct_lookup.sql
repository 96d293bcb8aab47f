-- lucia_validate_session and lucia_get_session read auth_session through its primary-key index
-- without SPI. This checks that the direct path sees what SPI saw, and that tables it must not
-- read directly (row-level security, other column types) still work through SPI.
CREATE SCHEMA t_direct;
SELECT lucia_create_tables('t_direct');
SET lucia.tables_schema = t_direct;
SELECT user_id FROM lucia_create_user(user_id => 'ada');
SELECT user_id FROM lucia_create_user(user_id => 'eve');

-- Writes made earlier in the same statement are seen: a session created, then validated...
WITH c AS (SELECT session_id FROM lucia_create_session('ada'))
SELECT (lucia_validate_session(session_id)).state FROM c;
-- ...and a session invalidated, then validated: gone (the error undoes the invalidation).
CREATE TEMP TABLE s AS SELECT session_id FROM lucia_create_session('ada');
SELECT regress.err($$
    WITH gone AS (SELECT session_id, lucia_invalidate_session(session_id) FROM s)
    SELECT lucia_validate_session(session_id) FROM gone
$$) AS invalidated_then_validated;
SELECT count(*) AS sessions_left FROM t_direct.auth_session WHERE id = (SELECT session_id FROM s);

-- The same with the user: created and validated in one statement; a session whose user row is
-- gone (the foreign key dropped) is missing, as the join left it out.
WITH c AS (SELECT session_id FROM lucia_create_session('eve'))
SELECT (lucia_validate_session_user(session_id)).user_attributes FROM c;
ALTER TABLE t_direct.auth_session DROP CONSTRAINT auth_session_user_id_fkey;
INSERT INTO t_direct.auth_session VALUES (repeat('o', 40), 'nobody', 9000000000000, 9000000000000);
SELECT regress.err($$SELECT lucia_validate_session_user(repeat('o', 40))$$) AS orphan_with_user;
SELECT user_id, state FROM lucia_validate_session(repeat('o', 40));

-- A new session sweeps the user's dead sessions (Lucia's auto cleanup): the direct probe of the
-- (user_id, idle_expires) index finds them; without that index the sweep runs unconditionally.
INSERT INTO t_direct.auth_session VALUES (repeat('a', 40), 'ada', 1000, 2000), (repeat('b', 40), 'eve', 1000, 2000);
SELECT count(*) AS new_sessions FROM lucia_create_session('ada');
SELECT id = repeat('b', 40) AS only_eves_dead_session_left FROM t_direct.auth_session WHERE idle_expires < 1000000;
SELECT indexname FROM pg_indexes WHERE schemaname = 't_direct' AND indexdef LIKE '%(user_id, idle_expires)%';
DROP INDEX t_direct.auth_session_user_id_idx;
SELECT count(*) AS new_sessions FROM lucia_create_session('eve');
SELECT count(*) AS dead_sessions_left FROM t_direct.auth_session WHERE idle_expires < 1000000;
SELECT lucia_create_indexes('t_direct');
-- A user that does not exist, with or without dead sessions of that id left behind.
SELECT regress.err($$SELECT lucia_create_session('nobody')$$) AS no_such_user;

-- Missing, dead and NULL-column rows give the same errors as before.
SELECT regress.err($$SELECT lucia_validate_session(repeat('x', 40))$$) AS missing;
INSERT INTO t_direct.auth_session VALUES (repeat('d', 40), 'ada', 1000, 2000);
SELECT regress.err($$SELECT lucia_validate_session(repeat('d', 40))$$) AS dead;
ALTER TABLE t_direct.auth_session ALTER COLUMN active_expires DROP NOT NULL;
INSERT INTO t_direct.auth_session VALUES (repeat('n', 40), 'ada', NULL, 9000000000000);
SELECT regress.err($$SELECT lucia_validate_session(repeat('n', 40))$$) AS null_column;
SELECT regress.err($$SELECT lucia_get_session(repeat('n', 40))$$) AS null_column_get;
SELECT regress.err($$SELECT lucia_validate_session_user(repeat('n', 40))$$) AS null_column_with_user;

-- Row-level security, forced on the owner: the direct path steps aside and the policy holds.
CREATE TEMP TABLE e AS SELECT session_id FROM lucia_create_session('eve');
ALTER TABLE t_direct.auth_session ENABLE ROW LEVEL SECURITY;
ALTER TABLE t_direct.auth_session FORCE ROW LEVEL SECURITY;
CREATE POLICY not_eve ON t_direct.auth_session USING (user_id <> 'eve');
SELECT regress.err(format('SELECT lucia_validate_session(%L)', session_id)) AS eve_hidden FROM e;
SELECT regress.err(format('SELECT lucia_validate_session_user(%L)', session_id)) AS eve_hidden_with_user FROM e;
DROP POLICY not_eve ON t_direct.auth_session;
ALTER TABLE t_direct.auth_session NO FORCE ROW LEVEL SECURITY;
ALTER TABLE t_direct.auth_session DISABLE ROW LEVEL SECURITY;
SELECT (lucia_validate_session(session_id)).user_id AS eve_visible_again FROM e;
-- The policy on auth_user holds for a session with its user.
ALTER TABLE t_direct.auth_user ENABLE ROW LEVEL SECURITY;
ALTER TABLE t_direct.auth_user FORCE ROW LEVEL SECURITY;
CREATE POLICY users_not_eve ON t_direct.auth_user USING (id <> 'eve');
SELECT regress.err(format('SELECT lucia_validate_session_user(%L)', session_id)) AS eve_user_hidden FROM e;
DROP POLICY users_not_eve ON t_direct.auth_user;
ALTER TABLE t_direct.auth_user NO FORCE ROW LEVEL SECURITY;
ALTER TABLE t_direct.auth_user DISABLE ROW LEVEL SECURITY;
-- Attributes as to_jsonb prints them, types and all, whichever path read the row.
ALTER TABLE t_direct.auth_user ADD COLUMN username text, ADD COLUMN age int, ADD COLUMN born date,
    ADD COLUMN tags text[], ADD COLUMN extra jsonb;
UPDATE t_direct.auth_user SET username = 'eve "the" one', age = 33, born = '1993-05-04', tags = '{a,b}',
    extra = '{"k": [1, null]}' WHERE id = 'eve';
SELECT (lucia_validate_session_user(session_id)).user_attributes FROM e;
-- Columns dropped again: no attribute is left, as in Lucia's default auth_user.
ALTER TABLE t_direct.auth_user DROP COLUMN age, DROP COLUMN born, DROP COLUMN tags, DROP COLUMN extra;
SELECT (lucia_validate_session_user(session_id)).user_attributes FROM e;
ALTER TABLE t_direct.auth_user DROP COLUMN username;
SELECT (lucia_validate_session_user(session_id)).user_attributes FROM e;

-- Tables made by other tools: varchar ids (read directly) and numeric expiries (through SPI,
-- which casts them) validate alike.
CREATE SCHEMA t_direct_types;
CREATE TABLE t_direct_types.auth_user (id varchar(15) PRIMARY KEY);
CREATE TABLE t_direct_types.auth_session (
    id varchar(40) PRIMARY KEY, user_id varchar(15) NOT NULL REFERENCES t_direct_types.auth_user (id),
    active_expires numeric NOT NULL, idle_expires numeric NOT NULL);
CREATE TABLE t_direct_types.auth_key (
    id varchar(255) PRIMARY KEY, user_id varchar(15) NOT NULL REFERENCES t_direct_types.auth_user (id),
    primary_key boolean NOT NULL, hashed_password varchar(255), expires bigint);
SELECT lucia_grant_tables('t_direct_types');
SET lucia.tables_schema = t_direct_types;
INSERT INTO t_direct_types.auth_user VALUES ('vera');
INSERT INTO t_direct_types.auth_session VALUES (repeat('v', 40), 'vera', 9000000000000, 9000000000000);
SELECT user_id, state, active_expires FROM lucia_validate_session(repeat('v', 40));
ALTER TABLE t_direct_types.auth_session ALTER COLUMN active_expires TYPE bigint, ALTER COLUMN idle_expires TYPE bigint;
SELECT user_id, state, active_expires FROM lucia_validate_session(repeat('v', 40));
SELECT user_id, state FROM lucia_get_session(repeat('v', 40));
SELECT user_id, state, user_attributes FROM lucia_validate_session_user(repeat('v', 40));

-- A schema whose tables lucia may read but which it may not use: refused, as SPI refuses it.
REVOKE USAGE ON SCHEMA t_direct_types FROM lucia_owner;
SELECT regress.err($$SELECT lucia_validate_session(repeat('v', 40))$$) AS no_schema_usage;

-- A schema that does not exist: refused before any query (whoever may create schemas could
-- otherwise make it between lucia's choice of whom to run the tables' code as and the queries).
SET lucia.tables_schema = t_direct_nowhere;
SELECT regress.err($$SELECT lucia_validate_session(repeat('v', 40))$$) AS no_tables;

-- The tables' OIDs are remembered per backend: each change below must be seen at the next call.
CREATE SCHEMA t_direct_moves;
SELECT lucia_create_tables('t_direct_moves');
SET lucia.tables_schema = t_direct_moves;
SELECT user_id FROM lucia_create_user(user_id => 'mover');
INSERT INTO t_direct_moves.auth_session VALUES (repeat('m', 40), 'mover', 9000000000000, 9000000000000);
SELECT user_id, state FROM lucia_validate_session(repeat('m', 40));
-- The table dropped and made again: the new one is read.
DROP TABLE t_direct_moves.auth_session;
SELECT regress.err($$SELECT lucia_validate_session(repeat('m', 40))$$) AS table_dropped;
CREATE TABLE t_direct_moves.auth_session (LIKE t_direct.auth_session INCLUDING ALL);
GRANT SELECT, INSERT, UPDATE, DELETE ON t_direct_moves.auth_session TO lucia_owner;
INSERT INTO t_direct_moves.auth_session VALUES (repeat('m', 40), 'again', 9000000000000, 9000000000000);
SELECT user_id, state FROM lucia_validate_session(repeat('m', 40));
-- The table renamed away, and another put in its place.
ALTER TABLE t_direct_moves.auth_session RENAME TO old_session;
CREATE TABLE t_direct_moves.auth_session (LIKE t_direct.auth_session INCLUDING ALL);
GRANT SELECT, INSERT, UPDATE, DELETE ON t_direct_moves.auth_session TO lucia_owner;
INSERT INTO t_direct_moves.auth_session VALUES (repeat('m', 40), 'renamed', 9000000000000, 9000000000000);
SELECT user_id, state FROM lucia_validate_session(repeat('m', 40));
-- The schema renamed (same OID, another name): the setting's name no longer finds it.
ALTER SCHEMA t_direct_moves RENAME TO t_direct_moved;
SELECT regress.err($$SELECT lucia_validate_session(repeat('m', 40))$$) AS schema_renamed;
ALTER SCHEMA t_direct_moved RENAME TO t_direct_moves;
SELECT user_id, state FROM lucia_validate_session(repeat('m', 40));
-- The table moved to another schema, and the setting changed between calls.
CREATE SCHEMA t_direct_elsewhere;
ALTER TABLE t_direct_moves.auth_session SET SCHEMA t_direct_elsewhere;
SELECT regress.err($$SELECT lucia_validate_session(repeat('m', 40))$$) AS table_moved;
SET lucia.tables_schema = t_direct;
SELECT regress.err($$SELECT lucia_validate_session(repeat('m', 40))$$) AS other_schema;
DROP SCHEMA t_direct_moves CASCADE;
DROP SCHEMA t_direct_elsewhere CASCADE;

RESET lucia.tables_schema;
DROP SCHEMA t_direct CASCADE;
DROP SCHEMA t_direct_types CASCADE;
