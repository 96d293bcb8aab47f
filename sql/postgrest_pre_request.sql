-- lucia_postgrest_pre_request, PostgREST's db-pre-request hook, with the request settings written
-- the way PostgREST 12 writes them in each request's transaction (docs.postgrest.org, "Transactions":
-- set_config(..., true) of request.method, request.path, request.headers and request.cookies, JSON
-- objects with lower-case header names; GET and HEAD run READ ONLY), as the role PostgREST
-- switches to (one with lucia_grant_app). PostgREST itself is not installed here: Debian 12 does
-- not package it.
CREATE SCHEMA t_pgrst;
SELECT lucia_create_tables('t_pgrst');
SET lucia.tables_schema = t_pgrst;
SELECT user_id FROM lucia_create_user(user_id => 'ada');
SELECT session_id AS ada FROM lucia_create_session('ada') \gset
SELECT session_id AS expired FROM lucia_create_session('ada') \gset
SELECT session_id AS idle FROM lucia_create_session('ada') \gset
SELECT session_id AS idle2 FROM lucia_create_session('ada') \gset
UPDATE t_pgrst.auth_session SET active_expires = regress.now_ms() - 2000, idle_expires = regress.now_ms() - 1000
WHERE id = :'expired';
UPDATE t_pgrst.auth_session SET active_expires = regress.now_ms() - 1000 WHERE id IN (:'idle', :'idle2');
CREATE TABLE t_pgrst.notes (id int PRIMARY KEY, owner_id text NOT NULL);
INSERT INTO t_pgrst.notes VALUES (1, 'ada'), (2, 'bob');
ALTER TABLE t_pgrst.notes ENABLE ROW LEVEL SECURITY;
CREATE POLICY own_notes ON t_pgrst.notes USING (owner_id = (SELECT public.lucia_authenticated_user_id()));
CREATE ROLE t_pgrst_web;
SELECT lucia_grant_app('t_pgrst_web');
GRANT USAGE ON SCHEMA t_pgrst TO t_pgrst_web;
GRANT SELECT ON t_pgrst.notes TO t_pgrst_web;
-- What PostgREST does before the pre-request, for one request (its transaction must be open).
CREATE FUNCTION t_pgrst.request(method text, path text, headers json, cookies json) RETURNS void LANGUAGE sql AS $$
    SELECT set_config('request.method', method, true), set_config('request.path', path, true),
           set_config('request.headers', headers::text, true), set_config('request.cookies', cookies::text, true)
$$;
-- Who the request is, what it may read, and the cookie the response would carry.
CREATE FUNCTION t_pgrst.outcome() RETURNS TABLE (user_id text, notes bigint, set_cookie text) LANGUAGE sql AS $$
    SELECT public.lucia_authenticated_user_id(), (SELECT count(*) FROM t_pgrst.notes),
           (SELECT regexp_replace(h ->> 'Set-Cookie', 'auth_session=[A-Za-z0-9]{40};.*', 'auth_session=<a session>; ...')
            FROM jsonb_array_elements(nullif(current_setting('response.headers', true), '')::jsonb) h
            WHERE h ? 'Set-Cookie')
$$;
-- One GET /notes request with these cookies, in the caller's READ ONLY transaction: its outcome.
CREATE FUNCTION t_pgrst.get_notes(cookies json) RETURNS TABLE (user_id text, notes bigint, set_cookie text)
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM set_config('response.headers', '', true);
    PERFORM t_pgrst.request('GET', '/notes', '{"host": "api.example.com"}', cookies);
    PERFORM public.lucia_postgrest_pre_request();
    RETURN QUERY SELECT * FROM t_pgrst.outcome();
END $$;
-- An application that allows other origins wraps the hook: db-pre-request = 't_pgrst.pre_request'.
CREATE FUNCTION t_pgrst.pre_request() RETURNS void LANGUAGE sql AS $$
    SELECT public.lucia_postgrest_pre_request(ARRAY['https://app.example.com'])
$$;
GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA t_pgrst TO t_pgrst_web;

SET ROLE t_pgrst_web;
-- GET with a valid cookie (GET runs READ ONLY): ada, her note only, no cookie to send.
START TRANSACTION READ ONLY;
SELECT * FROM t_pgrst.get_notes(json_build_object('auth_session', :'ada', 'theme', 'dark'));
COMMIT;
SELECT lucia_authenticated_user_id() IS NULL AS nobody_after_the_request;

-- POST from a foreign origin: refused with SQLSTATE 42501 before anything is authenticated.
BEGIN;
SELECT t_pgrst.request('POST', '/rpc/add_note',
                       '{"host": "api.example.com", "origin": "https://evil.example", "x-forwarded-proto": "https"}',
                       json_build_object('auth_session', :'ada'));
SELECT regress.err('SELECT lucia_postgrest_pre_request()');
SELECT * FROM t_pgrst.outcome();
-- ... also without an Origin header, and from the host's origin under another scheme.
SELECT t_pgrst.request('POST', '/rpc/add_note', '{"host": "api.example.com", "x-forwarded-proto": "https"}',
                       json_build_object('auth_session', :'ada'));
SELECT regress.err('SELECT lucia_postgrest_pre_request()');
SELECT t_pgrst.request('POST', '/rpc/add_note',
                       '{"host": "api.example.com", "origin": "http://api.example.com", "x-forwarded-proto": "https"}',
                       json_build_object('auth_session', :'ada'));
SELECT regress.err('SELECT lucia_postgrest_pre_request()');
SELECT * FROM t_pgrst.outcome();
ROLLBACK;
-- The refusal is an error PostgREST returns as the response (this is what it sees):
BEGIN;
SELECT t_pgrst.request('PATCH', '/notes', '{"host": "api.example.com", "origin": "https://evil.example"}',
                       json_build_object('auth_session', :'ada'));
SELECT lucia_postgrest_pre_request();
ROLLBACK;

-- POST from the host's own origin (behind a TLS proxy that sets X-Forwarded-Proto): ada.
BEGIN;
SELECT t_pgrst.request('POST', '/rpc/add_note',
                       '{"host": "api.example.com", "origin": "https://api.example.com", "x-forwarded-proto": "https"}',
                       json_build_object('auth_session', :'ada'));
SELECT lucia_postgrest_pre_request();
SELECT * FROM t_pgrst.outcome();
COMMIT;
-- ... and PostgREST reached directly (plain HTTP, no proxy).
BEGIN;
SELECT t_pgrst.request('DELETE', '/notes', '{"host": "localhost:3000", "origin": "http://localhost:3000"}',
                       json_build_object('auth_session', :'ada'));
SELECT lucia_postgrest_pre_request();
SELECT * FROM t_pgrst.outcome();
COMMIT;

-- An allowed origin, through the application's wrapper; still not any origin.
BEGIN;
SELECT t_pgrst.request('POST', '/rpc/add_note', '{"host": "api.example.com", "origin": "https://app.example.com"}',
                       json_build_object('auth_session', :'ada'));
SELECT regress.err('SELECT lucia_postgrest_pre_request()');
SELECT t_pgrst.pre_request();
SELECT * FROM t_pgrst.outcome();
SELECT t_pgrst.request('POST', '/rpc/add_note', '{"host": "api.example.com", "origin": "https://evil.example"}',
                       json_build_object('auth_session', :'ada'));
SELECT regress.err('SELECT t_pgrst.pre_request()');
COMMIT;

-- A missing, blank, malformed, expired or unknown cookie leaves the request anonymous, without an
-- error; a cookie that names no valid session is answered with the blank cookie, as Lucia's
-- handleRequest does.
START TRANSACTION READ ONLY;
SELECT c.cookie, g.* FROM (VALUES ('no cookie', '{}'::json), ('blank', '{"auth_session": ""}'),
                                  ('garbage', '{"auth_session": "garbage"}'),
                                  ('expired', json_build_object('auth_session', :'expired')),
                                  ('unknown', json_build_object('auth_session', repeat('u', 40)))) AS c(cookie, cookies),
                          LATERAL t_pgrst.get_notes(c.cookies) g;
COMMIT;
-- An earlier authentication in the transaction does not survive a request without a session.
BEGIN;
SELECT user_id FROM lucia_authenticate(:'ada');
SELECT t_pgrst.request('GET', '/notes', '{"host": "api.example.com"}', '{}');
SELECT lucia_postgrest_pre_request();
SELECT 'no cookie after lucia_authenticate' AS cookie, * FROM t_pgrst.outcome();
COMMIT;

-- An idle session: a GET (READ ONLY, which cannot write a renewal) authenticates it as it is; a
-- POST renews it (lucia.renewal = rotate: a new session) and sends its cookie, after any header
-- the application set already.
START TRANSACTION READ ONLY;
SELECT 'idle, GET' AS request, * FROM t_pgrst.get_notes(json_build_object('auth_session', :'idle'));
COMMIT;
BEGIN;
SELECT set_config('response.headers', '[{"Cache-Control": "no-store"}]', true);
SELECT t_pgrst.request('POST', '/rpc/add_note', '{"host": "api.example.com", "origin": "http://api.example.com"}',
                       json_build_object('auth_session', :'idle'));
SELECT lucia_postgrest_pre_request();
SELECT 'idle, POST' AS request, * FROM t_pgrst.outcome();
SELECT jsonb_array_length(current_setting('response.headers')::jsonb) AS headers,
       current_setting('response.headers')::jsonb -> 0 AS first_header;
SELECT s.user_id, s.state, s.session_id <> :'idle' AS a_new_session
FROM lucia_get_session(substring(current_setting('response.headers')::jsonb #>> '{1,Set-Cookie}' from 'auth_session=([^;]*)')) s;
COMMIT;

-- Called without PostgREST's settings (no request.method): refused, as lucia_parse_request_headers
-- refuses a request without a method.
BEGIN;
SELECT regress.err('SELECT lucia_postgrest_pre_request()');
COMMIT;
RESET ROLE;

-- With lucia.csrf_protection off (a superuser's setting), the origin is not checked.
SET lucia.csrf_protection = off;
SET ROLE t_pgrst_web;
BEGIN;
SELECT t_pgrst.request('POST', '/rpc/add_note', '{"host": "api.example.com", "origin": "https://evil.example"}',
                       json_build_object('auth_session', :'idle2'));
SELECT lucia_postgrest_pre_request();
SELECT 'csrf_protection off' AS setting, * FROM t_pgrst.outcome();
COMMIT;
RESET ROLE;
RESET lucia.csrf_protection;

DROP TABLE t_pgrst.notes;
DROP FUNCTION t_pgrst.request(text, text, json, json), t_pgrst.outcome(), t_pgrst.get_notes(json), t_pgrst.pre_request();
SELECT lucia_revoke_app('t_pgrst_web');
REVOKE ALL ON SCHEMA t_pgrst FROM t_pgrst_web;
DROP ROLE t_pgrst_web;
RESET lucia.tables_schema;
DROP SCHEMA t_pgrst CASCADE;
