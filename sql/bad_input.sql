-- Hostile input for every function: NULL, empty, 10 MB strings, invalid UTF-8 (where the
-- database encoding lets it in), other encodings. Each gets a Lucia error; nothing is written.
CREATE SCHEMA t_bad;
SELECT lucia_create_tables('t_bad');
SET lucia.tables_schema = t_bad;
SELECT user_id FROM lucia_create_user('email', 'ada@example.com', 'hunter2', '{}', 'ada');
CREATE TEMP TABLE big AS SELECT repeat('x', 10 * 1024 * 1024) AS s;

-- Every function, with SQL NULL in each argument that must not be NULL.
SELECT call, regress.err(call) AS result FROM unnest(ARRAY[
    'SELECT lucia_get_user(NULL)',
    'SELECT lucia_update_user_attributes(NULL, ''{}'')',
    'SELECT lucia_delete_user(NULL)',
    'SELECT lucia_create_key(NULL, ''a'', ''b'')',
    'SELECT lucia_create_key(''ada'', NULL, ''b'')',
    'SELECT lucia_create_key(''ada'', ''a'', NULL)',
    'SELECT lucia_validate_key(NULL, ''ada@example.com'', ''hunter2'')',
    'SELECT lucia_validate_key(''email'', NULL, ''hunter2'')',
    'SELECT lucia_get_key(NULL, ''x'')',
    'SELECT lucia_get_key(''email'', NULL)',
    'SELECT * FROM lucia_get_all_user_keys(NULL)',
    'SELECT lucia_update_key_password(NULL, ''x'', ''pw'')',
    'SELECT lucia_delete_key(''email'', NULL)',
    'SELECT lucia_create_session(NULL)',
    'SELECT lucia_get_session(NULL)',
    'SELECT lucia_get_session_user(NULL)',
    'SELECT * FROM lucia_get_all_user_sessions(NULL)',
    'SELECT lucia_validate_session(NULL)',
    'SELECT lucia_validate_session_user(NULL)',
    'SELECT lucia_renew_session(NULL)',
    'SELECT lucia_invalidate_session(NULL)',
    'SELECT lucia_invalidate_all_user_sessions(NULL)',
    'SELECT lucia_delete_dead_user_sessions(NULL)',
    'SELECT lucia_delete_expired_sessions(NULL)',
    'SELECT lucia_generate_random_string(NULL)',
    'SELECT lucia_hash_password(NULL)',
    'SELECT lucia_verify_password(NULL, ''x'')',
    'SELECT lucia_verify_password(''x'', NULL)',
    'SELECT lucia_parse_request_headers(NULL, NULL)'
]) AS call;

-- Empty strings.
SELECT call, regress.err(call) AS result FROM unnest(ARRAY[
    'SELECT lucia_get_user('''')',
    'SELECT lucia_create_key('''', ''a'', ''b'')',
    'SELECT lucia_validate_key('''', ''x'', ''pw'')',
    'SELECT lucia_validate_key(''email'', '''', ''pw'')',
    'SELECT lucia_create_session('''')',
    'SELECT lucia_validate_session('''')',
    'SELECT lucia_parse_request_headers('''', '''')'
]) AS call;

-- 10 MB arguments are refused before any table is touched or any hashing is done.
SELECT regress.err('SELECT lucia_validate_key(''email'', ''ada@example.com'', (SELECT s FROM big))');
SELECT regress.err('SELECT lucia_validate_key(''email'', (SELECT s FROM big), ''pw'')');
SELECT regress.err('SELECT lucia_validate_key((SELECT s FROM big), ''x'', ''pw'')');
SELECT regress.err('SELECT lucia_create_user(''email'', ''big@example.com'', (SELECT s FROM big))');
SELECT regress.err('SELECT lucia_create_user(''email'', ''big@example.com'', ''pw'', ''{}'', (SELECT s FROM big))');
SELECT regress.err('SELECT lucia_create_user(attributes => jsonb_build_object((SELECT s FROM big), 1))');
SELECT regress.err('SELECT lucia_get_user((SELECT s FROM big))');
SELECT regress.err('SELECT lucia_create_session((SELECT s FROM big))');
SELECT regress.err('SELECT lucia_get_session((SELECT s FROM big))');
SELECT regress.err('SELECT lucia_hash_password((SELECT s FROM big))');
SELECT regress.err('SELECT lucia_verify_password(''pw'', (SELECT s FROM big))');
SELECT regress.err('SELECT lucia_update_key_password(''email'', ''ada@example.com'', (SELECT s FROM big))');
-- A 10 MB Cookie header is parsed (it is only scanned), and a 10 MB URL is not an origin.
SELECT lucia_parse_request_headers('GET', 'https://example.com/', NULL, (SELECT s FROM big) || '; auth_session=found') AS found;
SELECT regress.err('SELECT lucia_parse_request_headers(''POST'', ''https://'' || (SELECT s FROM big), ''https://example.com'', NULL)');
SELECT count(*) AS users, (SELECT count(*) FROM t_bad.auth_key) AS keys, (SELECT count(*) FROM t_bad.auth_session) AS sessions
FROM t_bad.auth_user;
RESET lucia.tables_schema;
DROP SCHEMA t_bad CASCADE;

-- Invalid UTF-8 can only arrive in a SQL_ASCII database: refused, never hashed.
CREATE DATABASE lucia_sql_ascii ENCODING 'SQL_ASCII' LC_COLLATE 'C' LC_CTYPE 'C' TEMPLATE template0;
\c lucia_sql_ascii
CREATE EXTENSION lucia;
SELECT lucia_create_tables();
CREATE FUNCTION pg_temp.err(query text) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE query;
    RETURN 'no error';
EXCEPTION WHEN OTHERS THEN
    RETURN SQLSTATE || ' ' || SQLERRM;
END $$;
SELECT user_id FROM lucia_create_user('email', 'ada@example.com', 'hunter2', '{}', 'ada');
SELECT pg_temp.err(E'SELECT lucia_hash_password(E''\\xff\\xfe'')');
SELECT pg_temp.err(E'SELECT lucia_hash_password(E''\\xc0\\x80'')');
SELECT pg_temp.err(E'SELECT lucia_hash_password(E''\\xed\\xa0\\x80'')');
SELECT pg_temp.err(E'SELECT lucia_verify_password(E''\\xff'', ''s2:abcdefghijklmnop:'' || repeat(''0'', 128))');
SELECT pg_temp.err(E'SELECT lucia_validate_key(''email'', ''ada@example.com'', E''\\xff'')');
SELECT pg_temp.err(E'SELECT lucia_create_user(''email'', E''bad\\xffid'', ''pw'')');
SELECT pg_temp.err(E'SELECT lucia_create_user(''email'', ''b@example.com'', ''pw'', ''{}'', E''bad\\xffuser'')');
SELECT pg_temp.err(E'SELECT lucia_create_key(''ada'', E''\\xff'', ''x'')');
SELECT count(*) AS users FROM auth_user;
\c contrib_regression
DROP DATABASE lucia_sql_ascii;

-- In a LATIN1 database the password is converted to UTF-8 first, so Lucia's hashes still match.
CREATE DATABASE lucia_latin1 ENCODING 'LATIN1' LC_COLLATE 'C' LC_CTYPE 'C' TEMPLATE template0;
\c lucia_latin1
SET client_encoding = 'UTF8';
CREATE EXTENSION lucia;
SELECT lucia_verify_password('pässwörd',
  's2:ABCDEFGHIJ123456:5fe13b8298973c85eba9cceb1a249176d378943fc5b01939fc2064bc6b15441e440dacf288893a1a5bfa8fd1e04d5ae8d94d99da49d647ed9f8e7c4bc38b8f83') AS latin1_verifies;
\c contrib_regression
DROP DATABASE lucia_latin1;
