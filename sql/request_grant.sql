-- lucia_grant_request: the grant for the role that runs an application's requests under
-- row-level security. It may validate, renew and end a session whose id it holds and authenticate
-- with it; it may call nothing that takes a user id, so it cannot mint a session for another user
-- (lucia_create_session), read a user or their sessions, or check a password. With lucia_grant_app
-- (the login role's grant) lucia_create_session('<bob>') followed by lucia_authenticate makes
-- anyone bob: that is why the requests' role gets this grant instead.
CREATE SCHEMA t_request;
SELECT lucia_create_tables('t_request');
SET lucia.tables_schema = t_request;
SELECT user_id FROM lucia_create_user('email', 'ada@example.com', 'ada password', user_id => 'ada');
SELECT user_id FROM lucia_create_user('email', 'bob@example.com', 'bob password', user_id => 'bob');
SELECT session_id AS ada FROM lucia_create_session('ada') \gset
SELECT session_id AS idle FROM lucia_create_session('ada') \gset
UPDATE t_request.auth_session SET active_expires = regress.now_ms() - 1000 WHERE id = :'idle';
CREATE TABLE t_request.notes (id int PRIMARY KEY, owner_id text NOT NULL, body text NOT NULL);
INSERT INTO t_request.notes VALUES (1, 'ada', 'ada''s note'), (2, 'bob', 'bob''s secret');
ALTER TABLE t_request.notes ENABLE ROW LEVEL SECURITY;
CREATE POLICY own_notes ON t_request.notes USING (owner_id = (SELECT public.lucia_authenticated_user_id()));

CREATE ROLE t_request_web LOGIN;
SELECT lucia_grant_request('t_request_web');
GRANT USAGE ON SCHEMA t_request TO t_request_web;
GRANT SELECT, INSERT, UPDATE, DELETE ON t_request.notes TO t_request_web;

-- What the grant gives: exactly these functions (every overload of each).
SELECT p.proname, count(*) AS overloads FROM pg_proc p
WHERE p.proname LIKE 'lucia%' AND has_function_privilege('t_request_web', p.oid, 'EXECUTE')
GROUP BY p.proname ORDER BY p.proname;
-- None of them takes a user id, a key or a password as an argument.
SELECT p.oid::regprocedure AS takes_a_user_key_or_password
FROM pg_proc p,
     unnest(coalesce(p.proargnames, '{}'),
            coalesce(p.proargmodes, array_fill('i'::"char", ARRAY[cardinality(coalesce(p.proargnames, '{}'))]))) AS a(name, mode)
WHERE p.proname LIKE 'lucia%' AND has_function_privilege('t_request_web', p.oid, 'EXECUTE')
  AND a.mode IN ('i', 'b', 'v') AND (a.name LIKE '%user%' OR a.name LIKE '%key%' OR a.name LIKE '%password%'
                                     OR a.name LIKE 'provider%');

SET ROLE t_request_web;
-- The request: authenticate with ada's session, read her notes, never bob's.
BEGIN;
SELECT user_id, fresh FROM lucia_authenticate(:'ada');
SELECT id, body FROM t_request.notes ORDER BY id;
-- What a role with the app grant could do to become bob, refused here.
SELECT regress.err($$SELECT lucia_authenticate((SELECT session_id FROM lucia_create_session('bob')))$$);
SELECT lucia_authenticated_user_id();
COMMIT;
-- Every function that takes a user id, a key or a password, refused.
SELECT regress.err($$SELECT lucia_create_session('bob')$$);
SELECT regress.err($$SELECT * FROM lucia_get_all_user_sessions('bob')$$);
SELECT regress.err($$SELECT lucia_invalidate_all_user_sessions('bob')$$);
SELECT regress.err($$SELECT * FROM lucia_get_user('bob')$$);
SELECT regress.err($$SELECT * FROM lucia_get_all_user_keys('bob')$$);
SELECT regress.err($$SELECT * FROM lucia_get_key('email', 'bob@example.com')$$);
SELECT regress.err($$SELECT * FROM lucia_validate_key('email', 'bob@example.com', 'bob password')$$);
SELECT regress.err($$SELECT * FROM lucia_update_key_password('email', 'bob@example.com', 'mine now')$$);
SELECT regress.err($$SELECT * FROM lucia_create_key('bob', 'email', 'eve@example.com', 'eve password')$$);
SELECT regress.err($$SELECT * FROM lucia_create_user('email', 'eve@example.com', 'eve password')$$);
SELECT regress.err($$SELECT lucia_delete_user('bob')$$);
SELECT regress.err($$SELECT * FROM lucia_update_user_attributes('bob', '{}')$$);
SELECT regress.err($$SELECT lucia_delete_dead_user_sessions('bob')$$);
SELECT regress.err($$SELECT lucia_hash_password('x')$$);
SELECT regress.err($$SELECT lucia_grant_app('t_request_web')$$);
-- A session whose id it holds: validated and renewed when idle, then ended (logout).
SELECT user_id, fresh, session_id <> :'idle' AS renewed FROM lucia_validate_session(:'idle');
SELECT lucia_invalidate_session(:'ada');
SELECT regress.err(format('SELECT lucia_validate_session(%L)', :'ada'));
RESET ROLE;

-- lucia_revoke_request takes every function back; lucia_grant_app on top of it gives the rest.
SELECT lucia_revoke_request('t_request_web');
SELECT count(*) AS functions_web_may_call FROM pg_proc
WHERE proname LIKE 'lucia%' AND has_function_privilege('t_request_web', oid, 'EXECUTE');
-- Only superusers may grant it; the role must exist.
SELECT regress.err($$SELECT lucia_grant_request('no_such_role')$$);
SELECT regress.err($$SELECT lucia_grant_request(NULL)$$);
CREATE ROLE t_request_admin LOGIN;
SET ROLE t_request_admin;
SELECT regress.err($$SELECT lucia_grant_request('t_request_admin')$$);
SELECT regress.err($$SELECT lucia_set_access('t_request_admin', ARRAY['lucia_create_session']::name[], true)$$);
SELECT regress.err($$SELECT lucia_access_list('app')$$);
RESET ROLE;
SELECT regress.err($$SELECT lucia_set_access('t_request_web', lucia_access_list('everything'), true)$$);

RESET lucia.tables_schema;
DROP SCHEMA t_request CASCADE;
DROP ROLE t_request_web;
DROP ROLE t_request_admin;
