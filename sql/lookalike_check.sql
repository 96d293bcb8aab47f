-- lucia_security_check's lookalike_function finding: a policy, column default or view created
-- while a function named like a lucia function came first on the search_path is bound to that
-- function for good, and it returns whatever its owner makes it return (here: always 'bob', so the
-- policy shows bob's rows to anybody). Objects bound to lucia's own function are not reported.
CREATE SCHEMA t_look;
CREATE ROLE t_look_owner;
CREATE SCHEMA shadow AUTHORIZATION t_look_owner;
CREATE FUNCTION shadow.lucia_authenticated_user_id() RETURNS text LANGUAGE sql STABLE AS $$ SELECT 'bob' $$;
ALTER FUNCTION shadow.lucia_authenticated_user_id() OWNER TO t_look_owner;
CREATE TABLE t_look.notes (id int PRIMARY KEY, owner_id text NOT NULL, body text NOT NULL);
ALTER TABLE t_look.notes ENABLE ROW LEVEL SECURITY;
-- Bound to lucia's function: no finding.
CREATE POLICY qualified ON t_look.notes USING (owner_id = (SELECT public.lucia_authenticated_user_id()));
SELECT count(*) AS lookalike_findings FROM lucia_security_check() WHERE check_name = 'lookalike_function';
-- Created with the look-alike first on the search_path.
SET search_path = shadow, public;
CREATE POLICY unqualified ON t_look.notes USING (owner_id = (SELECT lucia_authenticated_user_id()));
ALTER TABLE t_look.notes ALTER COLUMN owner_id SET DEFAULT lucia_authenticated_user_id();
CREATE VIEW t_look.my_notes AS SELECT * FROM t_look.notes WHERE owner_id = lucia_authenticated_user_id();
RESET search_path;
SELECT severity, detail, fix FROM lucia_security_check() WHERE check_name = 'lookalike_function' ORDER BY detail;
-- The fix: recreate them naming lucia's function, then drop the look-alike.
DROP VIEW t_look.my_notes;
DROP POLICY unqualified ON t_look.notes;
ALTER TABLE t_look.notes ALTER COLUMN owner_id SET DEFAULT public.lucia_authenticated_user_id();
SELECT count(*) AS lookalike_findings FROM lucia_security_check() WHERE check_name = 'lookalike_function';
DROP SCHEMA t_look CASCADE;
DROP SCHEMA shadow CASCADE;
DROP ROLE t_look_owner;
