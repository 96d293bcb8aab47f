-- Attacks on lucia_security_check's lookalike_function finding: every kind of object that can be
-- bound to a function named like a lucia function (here shadow.lucia_authenticated_user_id(),
-- which says everybody is bob, and shadow.lucia_validate_session(text)) must be reported, and so
-- must a function whose body is parsed when it is called (LANGUAGE sql with a string body,
-- PL/pgSQL) and names a lucia function without its schema: it calls whatever comes first on the
-- caller's search_path, or on its own SET search_path, each time.
CREATE SCHEMA t_lka;
CREATE ROLE t_lka_owner;
CREATE SCHEMA shadow AUTHORIZATION t_lka_owner;
CREATE FUNCTION shadow.lucia_authenticated_user_id() RETURNS text LANGUAGE sql STABLE AS $$ SELECT 'bob' $$;
CREATE FUNCTION shadow.lucia_validate_session(sid text) RETURNS boolean LANGUAGE sql STABLE AS $$ SELECT true $$;
ALTER FUNCTION shadow.lucia_authenticated_user_id() OWNER TO t_lka_owner;
ALTER FUNCTION shadow.lucia_validate_session(text) OWNER TO t_lka_owner;
CREATE TABLE t_lka.notes (id int PRIMARY KEY, owner_id text NOT NULL, body text NOT NULL);
CREATE TABLE t_lka.other (id int PRIMARY KEY, owner_id text);
ALTER TABLE t_lka.other ENABLE ROW LEVEL SECURITY;
-- No look-alike bound yet: no finding.
SELECT count(*) AS lookalike_findings FROM lucia_security_check() WHERE check_name = 'lookalike_function';

SET search_path = shadow, public;
-- An operator whose function is a look-alike, and a cast through one.
CREATE OPERATOR t_lka.=?= (RIGHTARG = text, FUNCTION = shadow.lucia_validate_session);
CREATE CAST (text AS boolean) WITH FUNCTION shadow.lucia_validate_session(text) AS ASSIGNMENT;
-- A domain's CHECK, a generated column, an index expression, a trigger's WHEN, a rule other than
-- _RETURN, a policy on another table. (A publication's row filter takes built-in functions only.)
CREATE DOMAIN t_lka.mine AS text CHECK (VALUE = lucia_authenticated_user_id());
ALTER TABLE t_lka.notes ADD COLUMN is_mine boolean GENERATED ALWAYS AS (owner_id = lucia_authenticated_user_id() IS NOT NULL) STORED;
CREATE INDEX notes_valid ON t_lka.notes ((lucia_validate_session(body)));
CREATE FUNCTION t_lka.noop() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
CREATE TRIGGER notes_when BEFORE INSERT ON t_lka.notes FOR EACH ROW
    WHEN (new.owner_id = lucia_authenticated_user_id()) EXECUTE FUNCTION t_lka.noop();
SELECT regress.err($$CREATE PUBLICATION t_lka_pub FOR TABLE t_lka.other WHERE (owner_id = lucia_authenticated_user_id())$$);
CREATE RULE notes_rule AS ON UPDATE TO t_lka.notes WHERE old.owner_id = lucia_authenticated_user_id() DO ALSO DELETE FROM t_lka.other WHERE false;
CREATE POLICY other_policy ON t_lka.other USING (owner_id = lucia_authenticated_user_id());
-- Functions whose body is parsed when called, naming a lucia function without its schema: with no
-- SET search_path (the caller's path decides), or with one that puts the look-alike's schema first.
CREATE FUNCTION t_lka.owner_sql() RETURNS text LANGUAGE sql STABLE AS $$ SELECT lucia_authenticated_user_id() $$;
CREATE FUNCTION t_lka.owner_plpgsql() RETURNS text LANGUAGE plpgsql STABLE
AS $$ BEGIN RETURN lucia_authenticated_user_id(); END $$;
CREATE FUNCTION t_lka.owner_pinned_badly() RETURNS text LANGUAGE plpgsql STABLE SET search_path = shadow, public
AS $$ BEGIN RETURN "lucia_authenticated_user_id"(); END $$;
RESET search_path;
-- Not findings: a string body naming lucia's function with its schema; a pinned search_path
-- without a look-alike's schema; a function of another name that merely mentions lucia.
CREATE FUNCTION t_lka.owner_qualified() RETURNS text LANGUAGE plpgsql STABLE
AS $$ BEGIN RETURN public.lucia_authenticated_user_id(); END $$;
CREATE FUNCTION t_lka.owner_pinned() RETURNS text LANGUAGE sql STABLE SET search_path = public, pg_temp
AS $$ SELECT lucia_authenticated_user_id() $$;
CREATE FUNCTION t_lka.comment_only() RETURNS text LANGUAGE sql STABLE AS $$ SELECT 'see lucia_authenticated_user_idx()' $$;

SELECT severity, check_name, detail FROM lucia_security_check()
WHERE check_name IN ('lookalike_function', 'unqualified_lucia_call') ORDER BY detail;
-- A look-alike that belongs to another extension is still not lucia's.
ALTER EXTENSION plpgsql ADD FUNCTION shadow.lucia_validate_session(text);
SELECT count(*) AS findings_naming_the_extension_member FROM lucia_security_check()
WHERE check_name = 'lookalike_function' AND detail LIKE '%shadow.lucia_validate_session(text)%';
ALTER EXTENSION plpgsql DROP FUNCTION shadow.lucia_validate_session(text);
-- The look-alikes gone, a bare call in a body without a pinned search_path is still reported
-- (medium): any role with a schema of its own can make one and put it first on its search_path.
DROP CAST (text AS boolean);
DROP SCHEMA shadow CASCADE;
SELECT severity, check_name, detail FROM lucia_security_check()
WHERE check_name IN ('lookalike_function', 'unqualified_lucia_call') ORDER BY detail;

DROP SCHEMA t_lka CASCADE;
DROP ROLE t_lka_owner;
