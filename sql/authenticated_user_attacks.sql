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
-- lucia_authenticate(id)'s SQLSTATE, message, detail, hint and context (the id is a bound
-- parameter, so no statement text quotes it), for the leak checks.
CREATE FUNCTION t_attack.error_text(id text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    state text; message text; detail text; hint text; context text;
BEGIN
    EXECUTE 'SELECT public.lucia_authenticate($1)' USING id;
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

-- 3. A cursor WITH HOLD declared while eve is authenticated, read after COMMIT: PostgreSQL runs
-- it to the end at COMMIT, while eve still is, so it holds eve's rows; nobody afterwards.
BEGIN;
SELECT user_id FROM lucia_authenticate(:'eve');
DECLARE held CURSOR WITH HOLD FOR SELECT owner_id, public.lucia_authenticated_user_id() AS seen_as FROM t_attack.notes;
COMMIT;
FETCH ALL FROM held;
CLOSE held;
SELECT t_attack.outcome();

-- 4. A deferred constraint trigger that fires at COMMIT and tries to authenticate as bob with his
-- dead sessions: it sees eve (still her transaction), fails, and nobody is left after COMMIT.
CREATE TABLE atk.log (seen text);
CREATE FUNCTION atk.at_commit() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO atk.log VALUES ('trigger sees ' || t_attack.outcome());
    BEGIN
        PERFORM public.lucia_authenticate(current_setting('atk.bob_expired'));
    EXCEPTION WHEN OTHERS THEN
        INSERT INTO atk.log VALUES ('bob''s expired session: ' || SQLERRM || '; then ' || t_attack.outcome());
    END;
    RETURN NULL;
END $$;
CREATE CONSTRAINT TRIGGER at_commit AFTER INSERT ON atk.log INITIALLY DEFERRED FOR EACH ROW
WHEN (NEW.seen = 'go') EXECUTE FUNCTION atk.at_commit();
SELECT set_config('atk.bob_expired', :'bob_expired', false) IS NOT NULL AS bob_expired_at_hand;
BEGIN;
SELECT user_id FROM lucia_authenticate(:'eve');
INSERT INTO atk.log VALUES ('go');
COMMIT;
SELECT seen FROM atk.log WHERE seen <> 'go';
SELECT t_attack.outcome();

-- 5. An operator = (text, text) of eve's schema that is always true, first on the search_path:
-- the policy keeps the operator it was created with.
CREATE FUNCTION atk.always(text, text) RETURNS boolean LANGUAGE sql IMMUTABLE AS 'SELECT true';
CREATE OPERATOR atk.= (LEFTARG = text, RIGHTARG = text, FUNCTION = atk.always);
SET search_path = atk, pg_catalog, public;
SELECT 'x' = 'y' AS eves_operator_answers_her_own_queries;
SELECT t_attack.outcome();
SELECT count(*) AS notes_through_the_policy FROM t_attack.notes;
RESET search_path;

-- 6. A leaky function in the WHERE clause (it reports every body it is shown): the policy's
-- condition is applied first, so it never sees bob's row.
CREATE FUNCTION atk.leak(body text) RETURNS boolean LANGUAGE plpgsql COST 0.0000001 AS $$
BEGIN
    RAISE NOTICE 'leaked: %', body;
    RETURN true;
END $$;
BEGIN;
SELECT user_id FROM lucia_authenticate(:'eve');
SELECT owner_id FROM t_attack.notes WHERE atk.leak(body);
COMMIT;

-- 7. Eve's own view over the notes (a view runs as its owner, eve), with a policy-free look:
-- row-level security still applies to her.
CREATE VIEW atk.all_notes AS SELECT * FROM t_attack.notes;
CREATE VIEW atk.all_notes_invoker WITH (security_invoker) AS SELECT * FROM t_attack.notes;
BEGIN;
SELECT user_id FROM lucia_authenticate(:'eve');
SELECT (SELECT count(*) FROM atk.all_notes) AS through_view, (SELECT count(*) FROM atk.all_notes_invoker) AS through_invoker_view;
COMMIT;
SELECT regress.err('ALTER TABLE t_attack.notes DISABLE ROW LEVEL SECURITY');
SELECT regress.err('CREATE POLICY everything ON t_attack.notes USING (true)');

-- 8. Errors name neither the session id nor its user: an unknown, a logged-out and an expired
-- session id of the right shape get the same SQLSTATE (the message tells an expired session from
-- a missing one, as lucia_validate_session's does: it says nothing about a live session).
SELECT what, t_attack.error_text(id) AS error, position(id IN t_attack.error_text(id)) > 0 AS names_the_id,
       position('bob' IN t_attack.error_text(id)) > 0 AS names_the_user
FROM (VALUES ('unknown', repeat('u', 40)), ('logged out', :'bob_deleted'), ('expired', :'bob_expired')) AS t(what, id);
SELECT t_attack.outcome();

-- 9. Odd arguments: a 10 MB session id, multibyte characters of the right length, control
-- characters; each is refused as malformed and leaves nobody.
BEGIN;
SELECT user_id FROM lucia_authenticate(:'eve');
SELECT regress.err(format('SELECT lucia_authenticate(%L)', repeat('a', 10000000)));
SELECT t_attack.outcome();
SELECT regress.err(format('SELECT lucia_authenticate(%L)', repeat('é', 40)));
SELECT regress.err(format('SELECT lucia_authenticate(%L)', repeat(E'\t', 40)));
SELECT regress.err(format('SELECT lucia_authenticate(%L)', upper(:'eve')));
SELECT t_attack.outcome();
COMMIT;

-- 10. A failed authentication inside a READ ONLY transaction (a write it cannot make): nobody,
-- also after ROLLBACK TO SAVEPOINT.
START TRANSACTION READ ONLY;
SELECT user_id FROM lucia_authenticate(:'eve');
SAVEPOINT s;
SELECT regress.err(format('SELECT lucia_authenticate(%L)', :'bob_expired'));
ROLLBACK TO SAVEPOINT s;
SELECT t_attack.outcome();
COMMIT;

-- PostgREST's pre-request hook, with the request settings a client controls through PostgREST
-- (method, path, headers, cookies) written as PostgREST writes them. atk.request runs one request
-- after eve authenticated herself (so a refusal must also end that), and answers the hook's
-- error or 'accepted', then the outcome.
CREATE FUNCTION atk.request(method text, headers text, cookies text, allowed text[] DEFAULT '{}') RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
    hook text;
BEGIN
    PERFORM public.lucia_authenticate(current_setting('atk.eve'));
    PERFORM set_config('request.method', method, true), set_config('request.path', '/rpc/add_note', true),
            set_config('request.headers', headers, true), set_config('request.cookies', cookies, true);
    hook := regress.err(format('SELECT public.lucia_postgrest_pre_request(%L)', allowed));
    RETURN replace(hook, 'no error', 'accepted') || ' -> ' || t_attack.outcome();
END $$;
SELECT set_config('atk.cookie', json_build_object('auth_session', :'eve')::text, false) IS NOT NULL AS cookie_at_hand;
\set cookie '(current_setting(''atk.cookie''))'

-- 11. Cross-site writes: methods in other spellings, HEAD and OPTIONS, no Origin, Origin "null",
-- origins that look like the API's, the API's origin under another scheme or port.
BEGIN;
SELECT method, origin, atk.request(method, json_build_object('host', 'api.example.com', 'x-forwarded-proto', 'https', 'origin', origin)::text, :cookie)
FROM (VALUES ('POST', 'https://evil.example'), ('post', 'https://evil.example'), ('Post', 'https://evil.example'),
             ('OPTIONS', 'https://evil.example'), ('GET ', 'https://evil.example'), (' GET', 'https://evil.example'),
             ('PATCH', 'null'), ('DELETE', ''), ('PUT', 'https://api.example.com/'),
             ('POST', 'https://api.example.com.evil.example'), ('POST', 'https://evil.example/https://api.example.com'),
             ('POST', 'http://api.example.com'), ('POST', 'https://api.example.com:8443'), ('POST', 'https://API.example.com'),
             ('POST', 'https://api.example.com'), ('get', 'https://evil.example'), ('HEAD', 'https://evil.example'))
     AS r(method, origin);
SELECT 'no Origin' AS request, atk.request('POST', '{"host": "api.example.com"}', :cookie);
SELECT 'no Host' AS request, atk.request('POST', '{"origin": "http://"}', :cookie);
SELECT 'no method' AS request, atk.request(NULL, '{"host": "api.example.com", "origin": "http://api.example.com"}', :cookie);
COMMIT;

-- 12. Host values a client (not a browser) may send, against the Origin it claims: userinfo,
-- a path, a port, spaces. The check compares with the origin the Host makes, so a client
-- that sets both is only ever itself (it needs eve's cookie to be eve).
BEGIN;
SELECT host, origin, atk.request('POST', json_build_object('host', host, 'origin', origin)::text, :cookie)
FROM (VALUES ('evil.example@api.example.com', 'http://api.example.com'), ('api.example.com/x', 'http://api.example.com'),
             ('api.example.com:80', 'http://api.example.com'), (' api.example.com ', 'http://api.example.com'),
             ('api.example.com, evil.example', 'http://api.example.com')) AS r(host, origin);
COMMIT;

-- 13. request.headers and request.cookies of odd shapes: not JSON, a JSON array, a string, null,
-- an Origin that is no string, duplicate keys, a \u0000 escape, a cookie that is no string.
BEGIN;
SELECT what, atk.request('POST', headers, cookies)
FROM (VALUES ('headers not JSON', 'host: api.example.com', :cookie),
             ('headers an array', '[{"host": "api.example.com", "origin": "http://api.example.com"}]', :cookie),
             ('headers a string', '"http://api.example.com"', :cookie),
             ('headers null', 'null', :cookie),
             ('origin a number', '{"host": "api.example.com", "origin": 1}', :cookie),
             ('origin an array', '{"host": "api.example.com", "origin": ["http://api.example.com"]}', :cookie),
             ('origin twice, evil last', '{"host": "api.example.com", "origin": "http://api.example.com", "origin": "https://evil.example"}', :cookie),
             ('origin with \u0000', '{"host": "api.example.com", "origin": "http://api.example.com\u0000"}', :cookie),
             ('cookie not JSON', '{"host": "api.example.com", "origin": "http://api.example.com"}', 'auth_session=x'),
             ('cookie a number', '{"host": "api.example.com", "origin": "http://api.example.com"}', '{"auth_session": 1}'),
             ('cookie with \u0000', '{"host": "api.example.com", "origin": "http://api.example.com"}', '{"auth_session": "a\u0000"}'))
     AS r(what, headers, cookies);
COMMIT;

-- 14. Huge and invalid cookies: 1 MB, percent-encoded bytes that are no UTF-8, bob's user id:
-- anonymous, never an error that could tell anything.
BEGIN;
SELECT what, atk.request('GET', '{"host": "api.example.com"}', json_build_object('auth_session', cookie)::text)
FROM (VALUES ('1 MB', repeat('a', 1000000)), ('percent-encoded', '%FF%FE' || repeat('a', 34)), ('bob''s user id', 'bob'),
             ('bob''s expired session', :'bob_expired')) AS r(what, cookie);
COMMIT;

-- 15. allowed_origins of odd shapes: NULL, a NULL element, two dimensions, an empty string (for a
-- request without Origin), "null".
BEGIN;
SELECT what, atk.request('POST', headers, :cookie, allowed)
FROM (VALUES ('NULL array', '{"host": "api.example.com", "origin": "https://evil.example"}', NULL::text[]),
             ('a NULL element', '{"host": "api.example.com", "origin": "https://evil.example"}', ARRAY[NULL, 'https://evil.example']),
             ('two dimensions', '{"host": "api.example.com", "origin": "https://app.example"}', ARRAY[['https://app.example'], ['https://b.example']]),
             ('empty string, no Origin', '{"host": "api.example.com"}', ARRAY['']),
             ('empty string, empty Origin', '{"host": "api.example.com", "origin": ""}', ARRAY['']),
             ('"null" allowed, Origin null', '{"host": "api.example.com", "origin": "null"}', ARRAY['null'])) AS r(what, headers, allowed);
COMMIT;

-- 16. Pointing lucia at tables of eve's own (a session for bob that she wrote): lucia.tables_schema
-- through a function's SET clause, her role's stored settings, or an event trigger; all refused.
CREATE TABLE atk.auth_session (id text PRIMARY KEY, user_id text NOT NULL, active_expires bigint NOT NULL, idle_expires bigint NOT NULL);
INSERT INTO atk.auth_session VALUES (repeat('k', 40), 'bob', 9000000000000, 9000000000000);
SELECT regress.err($$CREATE FUNCTION atk.as_bob() RETURNS text LANGUAGE sql SET lucia.tables_schema = atk
                     AS 'SELECT user_id FROM public.lucia_authenticate(repeat(''k'', 40))'$$);
SELECT regress.err($$ALTER ROLE t_attack_app SET lucia.tables_schema = atk$$);
SELECT regress.err($$CREATE EVENT TRIGGER atk_ddl ON ddl_command_start EXECUTE FUNCTION pg_catalog.pg_event_trigger_ddl_commands()$$);
SELECT regress.err(format('SELECT lucia_authenticate(%L)', repeat('k', 40)));
SELECT t_attack.outcome();

RESET ROLE;
DROP SCHEMA atk CASCADE;
DROP TABLE t_attack.notes;
DROP FUNCTION t_attack.outcome(), t_attack.error_text(text);
SELECT lucia_revoke_app('t_attack_app');
REVOKE ALL ON SCHEMA t_attack FROM t_attack_app;
DROP ROLE t_attack_app;
RESET lucia.tables_schema;
DROP SCHEMA t_attack CASCADE;
