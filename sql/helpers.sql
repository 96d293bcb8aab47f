-- Helpers: random strings, the session cookie, request parsing with the CSRF origin check.

-- lucia_generate_random_string: Lucia's 62 symbols, every one of them used.
SELECT length(lucia_generate_random_string(15)) AS user_id_length,
       length(lucia_generate_random_string(40)) AS session_id_length,
       lucia_generate_random_string(1024) ~ '^[a-zA-Z0-9]+$' AS alphabet,
       lucia_generate_random_string(40) <> lucia_generate_random_string(40) AS random;
SELECT count(DISTINCT c) AS distinct_symbols
FROM regexp_split_to_table((SELECT string_agg(lucia_generate_random_string(1000), '') FROM generate_series(1, 20)), '') c;
SELECT regress.err($$SELECT lucia_generate_random_string(0)$$);
SELECT regress.err($$SELECT lucia_generate_random_string(1025)$$);
SELECT regress.err($$SELECT lucia_generate_random_string(-1)$$);
SELECT regress.err($$SELECT lucia_generate_random_string(NULL)$$);

-- lucia_create_session_cookie: the Set-Cookie value Lucia v1 sends (env prod adds Secure).
SELECT lucia_create_session_cookie('abcdefghijklmnopqrstuvwxyzABCDEFGHIJ1234', 1796613896225);
SELECT lucia_create_session_cookie(NULL, NULL);
SELECT lucia_create_session_cookie();
SET lucia.env = dev;
SELECT lucia_create_session_cookie('abcdefghijklmnopqrstuvwxyzABCDEFGHIJ1234', 1796613896225);
SET lucia.cookie_same_site = strict;
SET lucia.cookie_path = '/app';
SET lucia.cookie_domain = 'example.com';
SELECT lucia_create_session_cookie('abcdefghijklmnopqrstuvwxyzABCDEFGHIJ1234', 0);
SET lucia.cookie_domain = 'evil.com; HttpOnly=false';
SELECT regress.err($$SELECT lucia_create_session_cookie('abcdefghijklmnopqrstuvwxyzABCDEFGHIJ1234', 0)$$);
RESET lucia.env;
RESET lucia.cookie_same_site;
RESET lucia.cookie_path;
RESET lucia.cookie_domain;
SELECT regress.err($$SELECT lucia_create_session_cookie('abcdefghijklmnopqrstuvwxyzABCDEFGHIJ1234', NULL)$$);
SELECT regress.err($$SELECT lucia_create_session_cookie('short', 0)$$);
SELECT regress.err($$SELECT lucia_create_session_cookie('abcdefghijklmnopqrstuvwxyzABCDEFGHIJ1234', 8640000000000001)$$);
-- From a validated session, in one statement.
CREATE SCHEMA t_helpers;
SELECT lucia_create_tables('t_helpers');
SET lucia.tables_schema = t_helpers;
SELECT user_id FROM lucia_create_user(user_id => 'ada');
SELECT lucia_create_session_cookie(s.session_id, s.idle_expires) ~
       '^auth_session=[a-zA-Z0-9]{40}; Path=/; Expires=[A-Z][a-z]{2}, \d\d [A-Z][a-z]{2} \d{4} \d\d:\d\d:\d\d GMT; HttpOnly; Secure; SameSite=Lax$' AS cookie
FROM lucia_create_session('ada') s;
RESET lucia.tables_schema;
DROP SCHEMA t_helpers CASCADE;

-- lucia_parse_request_headers: the session id from the cookie, after the CSRF origin check.
SELECT lucia_parse_request_headers('GET', 'https://example.com/page', NULL, 'theme=dark; auth_session=abc123') AS get_no_origin;
SELECT lucia_parse_request_headers('POST', 'https://example.com/login', 'https://example.com', 'auth_session=abc123') AS same_origin;
SELECT lucia_parse_request_headers('post', 'https://example.com:443/login', 'https://example.com', 'auth_session=abc123') AS default_port;
SELECT lucia_parse_request_headers('POST', 'https://example.com/login', 'https://app.example.com', 'auth_session=abc123',
                                   ARRAY['https://app.example.com']) AS allowed_origin;
SELECT lucia_parse_request_headers('GET', 'https://example.com/', NULL, NULL) AS no_cookie;
SELECT lucia_parse_request_headers('GET', 'https://example.com/', NULL, 'other=1') AS no_session_cookie;
SELECT lucia_parse_request_headers('GET', 'https://example.com/', NULL, 'auth_session="quoted%20id"') AS decoded;
SELECT regress.err($$SELECT lucia_parse_request_headers('POST', 'https://example.com/login', 'https://evil.com', 'auth_session=abc')$$);
SELECT regress.err($$SELECT lucia_parse_request_headers('POST', 'https://example.com/login', NULL, 'auth_session=abc')$$);
SELECT regress.err($$SELECT lucia_parse_request_headers('DELETE', 'https://example.com/x', 'http://example.com', 'auth_session=abc')$$);
SELECT regress.err($$SELECT lucia_parse_request_headers(NULL, 'https://example.com/', NULL, NULL)$$);
SELECT regress.err($$SELECT lucia_parse_request_headers('GET', NULL, NULL, NULL)$$);
SELECT regress.err($$SELECT lucia_parse_request_headers('POST', 'not a url', 'https://example.com', NULL)$$);
SELECT regress.err($$SELECT lucia_parse_request_headers('POST', 'https://example.com/', 'https://x.com', NULL, ARRAY[NULL])$$);
SET lucia.csrf_protection = off;
SELECT lucia_parse_request_headers('POST', 'https://example.com/login', 'https://evil.com', 'auth_session=abc123') AS csrf_off;
RESET lucia.csrf_protection;
