-- Sessions: create, get, validate (active/idle/dead), renew in both modes, invalidate, cleanup.
CREATE SCHEMA t_sessions;
SELECT lucia_create_tables('t_sessions');
SET lucia.tables_schema = t_sessions;
ALTER TABLE t_sessions.auth_user ADD COLUMN username text;
-- Moves a session in time: its active period ended `idle_for` ms ago (negative: still active).
CREATE FUNCTION pg_temp.age_session(id text, idle_for bigint, dead boolean DEFAULT false) RETURNS void
LANGUAGE sql AS $$
    UPDATE t_sessions.auth_session
    SET active_expires = regress.now_ms() - idle_for,
        idle_expires = CASE WHEN dead THEN regress.now_ms() - 1000 ELSE regress.now_ms() + 3600000 END
    WHERE auth_session.id = age_session.id
$$;
SELECT user_id FROM lucia_create_user('email', 'ada@example.com', NULL, '{"username": "ada"}', 'ada');
SELECT user_id FROM lucia_create_user('email', 'bob@example.com', NULL, '{"username": "bob"}', 'bob');
CREATE TEMP TABLE s AS SELECT * FROM lucia_create_session('ada');

-- A new session, as Lucia v1 writes it: 40 symbols, active = now + 24 h, idle = active + 14 d.
SELECT length(session_id) AS id_length, session_id ~ '^[a-zA-Z0-9]{40}$' AS id_alphabet, user_id, state, fresh,
       idle_expires - active_expires AS idle_period_ms,
       active_expires - regress.now_ms() BETWEEN 86400000 - 60000 AND 86400000 AS active_period_ok,
       active_period_expires_at = to_timestamp(active_expires / 1000.0) AS active_at_matches,
       idle_period_expires_at = to_timestamp(idle_expires / 1000.0) AS idle_at_matches
FROM s;
SELECT a.id = s.session_id AS same_id, a.user_id, a.active_expires = s.active_expires AS same_active,
       a.idle_expires = s.idle_expires AS same_idle
FROM t_sessions.auth_session a, s;

-- Configured periods (lucia.active_period, lucia.idle_period; units as PostgreSQL settings).
SET lucia.active_period = '1h';
SET lucia.idle_period = '2h';
SELECT idle_expires - active_expires AS idle_period_ms,
       active_expires - regress.now_ms() BETWEEN 3600000 - 60000 AND 3600000 AS active_period_ok
FROM lucia_create_session('bob');
RESET lucia.active_period;
RESET lucia.idle_period;
SHOW lucia.active_period;
SHOW lucia.idle_period;

-- An active session: get and validate return it unchanged, fresh = false.
SELECT g.session_id = s.session_id AS same, g.state, g.fresh FROM lucia_get_session((SELECT session_id FROM s)) g, s;
SELECT v.session_id = s.session_id AS same, v.state, v.fresh, v.idle_expires = s.idle_expires AS unchanged
FROM lucia_validate_session((SELECT session_id FROM s)) v, s;
SELECT session_id = (SELECT session_id FROM s) AS same, state, fresh, user_attributes
FROM lucia_validate_session_user((SELECT session_id FROM s));
SELECT state, fresh, user_attributes FROM lucia_get_session_user((SELECT session_id FROM s));

-- An idle session. get_session reports it idle and does not renew it.
SELECT pg_temp.age_session((SELECT session_id FROM s), 1000);
SELECT state, fresh FROM lucia_get_session((SELECT session_id FROM s));
SELECT state, fresh FROM lucia_get_session_user((SELECT session_id FROM s));
-- validate_session renews it. Default mode rotate: a new id, and the old row stays, as in Lucia v1.
SELECT count(*) AS ada_sessions_before FROM t_sessions.auth_session WHERE user_id = 'ada';
CREATE TEMP TABLE r AS SELECT * FROM lucia_validate_session((SELECT session_id FROM s));
SELECT r.session_id <> s.session_id AS new_id, r.session_id ~ '^[a-zA-Z0-9]{40}$' AS id_alphabet, r.state, r.fresh,
       r.idle_expires - r.active_expires AS idle_period_ms
FROM r, s;
SELECT count(*) AS ada_sessions_after FROM t_sessions.auth_session WHERE user_id = 'ada';
SELECT state FROM lucia_get_session((SELECT session_id FROM s));
-- validate_session_user renews too, and carries the user's attributes.
SELECT session_id <> (SELECT session_id FROM s) AS new_id, state, fresh, user_attributes
FROM lucia_validate_session_user((SELECT session_id FROM s));

-- Mode extend: the same id gets new expiries; no new row (Lucia v1 can still read it).
SET lucia.renewal = 'extend';
SELECT pg_temp.age_session((SELECT session_id FROM r), 5000);
SELECT count(*) AS ada_sessions_before FROM t_sessions.auth_session WHERE user_id = 'ada';
SELECT session_id = (SELECT session_id FROM r) AS same_id, state, fresh, idle_expires - active_expires AS idle_period_ms,
       active_expires - regress.now_ms() > 86400000 - 60000 AS extended
FROM lucia_validate_session((SELECT session_id FROM r));
SELECT count(*) AS ada_sessions_after FROM t_sessions.auth_session WHERE user_id = 'ada';
SELECT a.active_expires - regress.now_ms() > 86400000 - 60000 AS row_extended
FROM t_sessions.auth_session a WHERE a.id = (SELECT session_id FROM r);
SELECT pg_temp.age_session((SELECT session_id FROM r), 5000);
SELECT session_id = (SELECT session_id FROM r) AS same_id, state, fresh, user_attributes
FROM lucia_validate_session_user((SELECT session_id FROM r));
RESET lucia.renewal;

-- lucia_renew_session renews active sessions too (Lucia); in rotate mode that is a new row.
SELECT session_id <> (SELECT session_id FROM r) AS new_id, state, fresh FROM lucia_renew_session((SELECT session_id FROM r));
SET lucia.renewal = 'extend';
SELECT session_id = (SELECT session_id FROM r) AS same_id, state, fresh FROM lucia_renew_session((SELECT session_id FROM r));
RESET lucia.renewal;

-- A dead session is treated as missing by every read.
SELECT pg_temp.age_session((SELECT session_id FROM s), 7200000, true);
SELECT regress.err(format('SELECT lucia_get_session(%L)', (SELECT session_id FROM s)));
SELECT regress.err(format('SELECT lucia_get_session_user(%L)', (SELECT session_id FROM s)));
SELECT regress.err(format('SELECT lucia_validate_session(%L)', (SELECT session_id FROM s)));
SELECT regress.err(format('SELECT lucia_validate_session_user(%L)', (SELECT session_id FROM s)));
SELECT regress.err(format('SELECT lucia_renew_session(%L)', (SELECT session_id FROM s)));

-- autoDatabaseCleanup: creating a session sweeps the user's dead sessions, unless turned off.
SET lucia.auto_database_cleanup = off;
SELECT state FROM lucia_create_session('ada');
SELECT count(*) AS dead_kept FROM t_sessions.auth_session WHERE id = (SELECT session_id FROM s);
RESET lucia.auto_database_cleanup;
SELECT state FROM lucia_create_session('ada');
SELECT count(*) AS dead_swept FROM t_sessions.auth_session WHERE id = (SELECT session_id FROM s);
-- Renewal and updateUserAttributes sweep too.
INSERT INTO t_sessions.auth_session VALUES (repeat('d', 40), 'ada', 1, 2);
SELECT pg_temp.age_session((SELECT session_id FROM r), 1000);
SELECT fresh FROM lucia_validate_session((SELECT session_id FROM r));
SELECT count(*) AS swept_by_renewal FROM t_sessions.auth_session WHERE id = repeat('d', 40);
INSERT INTO t_sessions.auth_session VALUES (repeat('d', 40), 'ada', 1, 2);
SELECT user_id FROM lucia_update_user_attributes('ada', '{"username": "ada2"}');
SELECT count(*) AS swept_by_update FROM t_sessions.auth_session WHERE id = repeat('d', 40);

-- lucia_get_all_user_sessions: live sessions only, and it deletes the dead ones even with
-- cleanup off (Lucia does the same).
SET lucia.auto_database_cleanup = off;
INSERT INTO t_sessions.auth_session VALUES (repeat('e', 40), 'bob', 1, 2);
SELECT count(*) AS bob_rows FROM t_sessions.auth_session WHERE user_id = 'bob';
SELECT user_id, state, fresh FROM lucia_get_all_user_sessions('bob');
SELECT count(*) AS bob_rows FROM t_sessions.auth_session WHERE user_id = 'bob';
RESET lucia.auto_database_cleanup;
SELECT count(*) AS nobody_sessions FROM lucia_get_all_user_sessions('ada') WHERE user_id <> 'ada';
SELECT regress.err($$SELECT * FROM lucia_get_all_user_sessions('nobody')$$);

-- lucia_delete_dead_user_sessions returns how many it deleted.
INSERT INTO t_sessions.auth_session VALUES (repeat('f', 40), 'bob', 1, 2), (repeat('g', 40), 'bob', 1, 2);
SELECT lucia_delete_dead_user_sessions('bob') AS deleted;
SELECT lucia_delete_dead_user_sessions('bob') AS deleted;

-- lucia_delete_expired_sessions: every user's dead sessions, in batches.
INSERT INTO t_sessions.auth_session
SELECT lpad(i::text, 40, 'x'), CASE WHEN i % 2 = 0 THEN 'ada' ELSE 'bob' END, 1, 2 FROM generate_series(1, 25) i;
SELECT count(*) AS live_before FROM t_sessions.auth_session WHERE idle_expires > regress.now_ms();
SELECT lucia_delete_expired_sessions(10, 1) AS first_batch;
SELECT lucia_delete_expired_sessions(10) AS the_rest;
SELECT lucia_delete_expired_sessions() AS nothing_left;
SELECT count(*) AS live_after FROM t_sessions.auth_session WHERE idle_expires > regress.now_ms();
SELECT regress.err($$SELECT lucia_delete_expired_sessions(0)$$);
SELECT regress.err($$SELECT lucia_delete_expired_sessions(NULL)$$);
SELECT regress.err($$SELECT lucia_delete_expired_sessions(10, 0)$$);

-- Invalidation. A missing session is not an error (Lucia).
SELECT lucia_invalidate_session((SELECT session_id FROM r));
SELECT regress.err(format('SELECT lucia_validate_session(%L)', (SELECT session_id FROM r)));
SELECT lucia_invalidate_session((SELECT session_id FROM r));
SELECT lucia_invalidate_session('not even 40 characters');
SELECT regress.err($$SELECT lucia_invalidate_session(NULL)$$);
SELECT count(*) > 0 AS ada_has_sessions FROM t_sessions.auth_session WHERE user_id = 'ada';
SELECT lucia_invalidate_all_user_sessions('ada');
SELECT count(*) AS ada_sessions FROM t_sessions.auth_session WHERE user_id = 'ada';
SELECT lucia_invalidate_all_user_sessions('nobody');

-- Session ids are checked before any table is read.
SELECT regress.err($$SELECT lucia_validate_session(NULL)$$);
SELECT regress.err($$SELECT lucia_validate_session('')$$);
SELECT regress.err($$SELECT lucia_validate_session(repeat('a', 39))$$);
SELECT regress.err($$SELECT lucia_validate_session(repeat('a', 41))$$);
SELECT regress.err($$SELECT lucia_validate_session(repeat('a', 10 * 1024 * 1024))$$);
SELECT regress.err($$SELECT lucia_validate_session(repeat('a', 40))$$);
SELECT regress.err($$SELECT lucia_validate_session(repeat('é', 20))$$);
SELECT regress.err($$SELECT lucia_create_session('nobody')$$);
SELECT regress.err($$SELECT lucia_create_session(NULL)$$);

-- A session written by Lucia v1 itself (node-pg sends numbers) validates here.
INSERT INTO t_sessions.auth_session (id, user_id, active_expires, idle_expires)
VALUES ('lucia0js0written0session0id0000000000000', 'bob', regress.now_ms() + 1000, regress.now_ms() + 60000);
SELECT session_id, user_id, state, fresh FROM lucia_validate_session('lucia0js0written0session0id0000000000000');

-- Tables without foreign keys (PlanetScale-style migrations): a missing user is still refused.
CREATE SCHEMA t_nofk;
CREATE TABLE t_nofk.auth_user (id varchar(15) PRIMARY KEY);
CREATE TABLE t_nofk.auth_session (id varchar(127) PRIMARY KEY, user_id varchar(15) NOT NULL,
                                  active_expires bigint NOT NULL, idle_expires bigint NOT NULL);
CREATE TABLE t_nofk.auth_key (id varchar(255) PRIMARY KEY, user_id varchar(15) NOT NULL,
                              primary_key boolean NOT NULL, hashed_password varchar(255), expires bigint);
SELECT lucia_grant_tables('t_nofk');
SET lucia.tables_schema = t_nofk;
SELECT regress.err($$SELECT lucia_create_session('nobody')$$);
SELECT regress.err($$SELECT lucia_create_key('nobody', 'email', 'x', 'pw')$$);
SELECT count(*) AS orphans FROM t_nofk.auth_session;
SELECT user_id FROM lucia_create_user('email', 'varchar@example.com', NULL, '{}', 'vc');
SELECT state FROM lucia_validate_session((SELECT session_id FROM lucia_create_session('vc')));
-- A session whose user row vanished is not valid for validate_session_user (Lucia's JOIN).
INSERT INTO t_nofk.auth_session VALUES ('orphan0session00000000000000000000000000', 'gone', regress.now_ms() + 1000, regress.now_ms() + 2000);
SELECT regress.err($$SELECT lucia_validate_session_user('orphan0session00000000000000000000000000')$$);

-- With the foreign key lucia_create_tables makes, the insert leaves the user check to it; when
-- the key cannot be trusted to check during the insert (its triggers disabled, replica role,
-- deferred), the insert checks the user itself. A missing user is refused the same way in each.
CREATE SCHEMA t_fk;
SELECT lucia_create_tables('t_fk');
SET lucia.tables_schema = t_fk;
SELECT user_id FROM lucia_create_user(user_id => 'fkuser');
SELECT regress.err($$SELECT lucia_create_session('nobody')$$);
SELECT user_id, state FROM lucia_create_session('fkuser');
ALTER TABLE t_fk.auth_session DISABLE TRIGGER ALL;
SELECT regress.err($$SELECT lucia_create_session('nobody')$$);
SELECT user_id, state FROM lucia_create_session('fkuser');
ALTER TABLE t_fk.auth_session ENABLE TRIGGER ALL;
SET session_replication_role = replica;
SELECT regress.err($$SELECT lucia_create_session('nobody')$$);
RESET session_replication_role;
ALTER TABLE t_fk.auth_session ALTER CONSTRAINT auth_session_user_id_fkey DEFERRABLE INITIALLY DEFERRED;
BEGIN;
SELECT regress.err($$SELECT lucia_create_session('nobody')$$);
COMMIT;
SELECT count(*) AS orphans FROM t_fk.auth_session WHERE user_id = 'nobody';
SELECT count(*) AS sessions FROM t_fk.auth_session WHERE user_id = 'fkuser';

RESET lucia.tables_schema;
DROP SCHEMA t_sessions CASCADE;
DROP SCHEMA t_nofk CASCADE;
DROP SCHEMA t_fk CASCADE;
