-- Row-level security bench (bench/rls.sh): after setup.sql's users and sessions, four copies of one
-- table of :rows notes (owner u...(i % 1000 + 1), so each user owns :rows / 1000 of them, no index
-- on owner_id: a count(*) reads every row and applies the policy to each) and a role that owns
-- none of them, rls_app, with lucia_grant_request (the request role's grant) and SELECT:
--   rls_initplan  owner_id = (SELECT lucia_authenticated_user_id())   the documented form
--   rls_bare      owner_id = lucia_authenticated_user_id()            the bare call, per row
--   rls_const     owner_id = 'u00000000000001'                        the same policy, a constant
--   rls_plain     no row-level security
CREATE TABLE rls_plain (id bigint PRIMARY KEY, owner_id text NOT NULL, body text NOT NULL);
INSERT INTO rls_plain
SELECT i, 'u' || lpad((i % 1000 + 1)::text, 14, '0'), 'note ' || i FROM generate_series(1, :rows) i;
CREATE TABLE rls_initplan (LIKE rls_plain INCLUDING ALL);
CREATE TABLE rls_bare (LIKE rls_plain INCLUDING ALL);
CREATE TABLE rls_const (LIKE rls_plain INCLUDING ALL);
INSERT INTO rls_initplan SELECT * FROM rls_plain;
INSERT INTO rls_bare SELECT * FROM rls_plain;
INSERT INTO rls_const SELECT * FROM rls_plain;
ALTER TABLE rls_initplan ENABLE ROW LEVEL SECURITY;
ALTER TABLE rls_bare ENABLE ROW LEVEL SECURITY;
ALTER TABLE rls_const ENABLE ROW LEVEL SECURITY;
CREATE POLICY owner ON rls_initplan USING (owner_id = (SELECT public.lucia_authenticated_user_id()));
CREATE POLICY owner ON rls_bare USING (owner_id = public.lucia_authenticated_user_id());
CREATE POLICY owner ON rls_const USING (owner_id = 'u00000000000001');
VACUUM ANALYZE rls_plain, rls_initplan, rls_bare, rls_const;
CREATE ROLE rls_app LOGIN PASSWORD 'rls-bench';
SELECT lucia_grant_request('rls_app');
GRANT SELECT ON rls_plain, rls_initplan, rls_bare, rls_const TO rls_app;
