-- The README's PostgreSQL quickstart, step by step (tests/pg/readme_test.sh keeps the two equal).
-- 1. Once per database, as a superuser: the extension, Lucia v1's tables, an application role.
CREATE EXTENSION IF NOT EXISTS lucia;
SELECT lucia_create_tables();
CREATE ROLE quickstart_app LOGIN;
SELECT lucia_grant_app('quickstart_app');
SET ROLE quickstart_app;

-- 2. Sign up: a user and its primary key (provider "email") with a password, in one step.
SELECT user_id AS ada FROM lucia_create_user('email', 'ada@example.com', 'correct horse battery staple') \gset

-- 3. Log in: a wrong password is refused, the right one returns the key and its user.
SELECT lucia_validate_key('email', 'ada@example.com', 'Tr0ub4dor&3');
SELECT user_id = :'ada' AS is_ada, provider_id, provider_user_id
FROM lucia_validate_key('email', 'ada@example.com', 'correct horse battery staple');

-- 4. A session for the user, and the cookie to send to the browser.
SELECT session_id, state, fresh FROM lucia_create_session(:'ada') \gset
SELECT :'state' AS state, :'fresh' AS fresh, length(:'session_id') AS id_length;
SELECT lucia_create_session_cookie(session_id, idle_expires) ~ '^auth_session=[A-Za-z0-9]{40}; Path=/; Expires=.* GMT; HttpOnly; Secure; SameSite=Lax$' AS cookie_ok
FROM lucia_get_session(:'session_id');

-- 5. Every request: validate the session from the cookie. Active sessions come back as they are.
SELECT session_id = :'session_id' AS same_session, user_id = :'ada' AS is_ada, state, fresh
FROM lucia_validate_session(:'session_id');

-- 6. A day later the session is idle (here: its active period is moved into the past) and the
--    next validation renews it: a new session id (fresh = true) to send as the new cookie.
RESET ROLE;
UPDATE auth_session SET active_expires = active_expires - 86400000 - 1000 WHERE id = :'session_id';
SET ROLE quickstart_app;
SELECT state FROM lucia_get_session(:'session_id');
SELECT session_id AS renewed_id, state, fresh FROM lucia_validate_session(:'session_id') \gset
SELECT :'renewed_id' <> :'session_id' AS new_id, :'state' AS state, :'fresh' AS fresh;

-- 7. Log out: invalidate the session and send the blank cookie; the session no longer validates.
SELECT lucia_invalidate_session(:'renewed_id');
SELECT lucia_create_session_cookie();
SELECT lucia_validate_session(:'renewed_id');
RESET ROLE;
DROP TABLE auth_key, auth_session, auth_user;
SELECT lucia_revoke_app('quickstart_app');
DROP ROLE quickstart_app;
