-- Bench database: Lucia's tables with :sessions active sessions of 1000 users (ids s000...0001).
CREATE EXTENSION IF NOT EXISTS lucia;
SELECT lucia_create_tables() WHERE to_regclass('auth_user') IS NULL;
TRUNCATE auth_key, auth_session, auth_user;
INSERT INTO auth_user SELECT 'u' || lpad(i::text, 14, '0') FROM generate_series(1, 1000) i;
INSERT INTO auth_session
SELECT 's' || lpad(i::text, 39, '0'), 'u' || lpad((i % 1000 + 1)::text, 14, '0'),
       (extract(epoch FROM now()) * 1000)::bigint + 86400000, (extract(epoch FROM now()) * 1000)::bigint + 1296000000
FROM generate_series(1, :sessions) i;
VACUUM ANALYZE auth_user, auth_session;
