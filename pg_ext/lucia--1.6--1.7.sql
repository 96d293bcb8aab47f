-- lucia 1.6 -> 1.7 (also run by CREATE EXTENSION lucia, after 1.5--1.6): the request grant, and a
-- security check for objects bound to a look-alike of a lucia function.
-- lucia_grant_app gives everything an application calls, lucia_create_session(user_id) included,
-- which mints a session for any user (as Lucia's createSession does): a role holding it can become
-- anyone's authenticated user. lucia_grant_request gives only the functions whose every effect needs
-- a session id the caller holds (validate, renew, log out, authenticate) or that touch no row: the
-- grant for the role that runs an application's requests, under row-level security.
-- The lists of both grants now live in one function, lucia_access_list: a later version that adds
-- a function replaces that list only.
-- No schema guard (see lucia--1.0.sql): every name this script resolves or runs is qualified, so
-- a hostile owner of the extension's schema has nothing to stand in for. A function that calls
-- another lucia function does so from a BEGIN ATOMIC body, bound to it when created: renaming the
-- extension's schema cannot point the call at a function of the old name (tests/pg/search_path_test.sh).
-- String bodies (parsed when called, under their SET search_path) name only pg_catalog's objects.
\echo Use "ALTER EXTENSION lucia UPDATE TO '1.7'" to load this file. \quit

-- The functions each grant gives, by name (every overload): a list, not "all but the
-- administration functions", so that a function added later is never granted by accident.
CREATE FUNCTION lucia_access_list(access_name pg_catalog.text)
RETURNS pg_catalog.name[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp
AS $body$
    SELECT CASE access_name
        WHEN 'app' THEN ARRAY['lucia_create_user', 'lucia_get_user', 'lucia_update_user_attributes', 'lucia_delete_user',
                              'lucia_create_key', 'lucia_validate_key', 'lucia_get_key', 'lucia_get_all_user_keys',
                              'lucia_update_key_password', 'lucia_delete_key',
                              'lucia_create_session', 'lucia_get_session', 'lucia_get_session_user',
                              'lucia_get_all_user_sessions', 'lucia_validate_session', 'lucia_validate_session_user',
                              'lucia_renew_session', 'lucia_invalidate_session', 'lucia_invalidate_all_user_sessions',
                              'lucia_delete_dead_user_sessions', 'lucia_delete_expired_sessions', 'lucia_sweep_expired_sessions',
                              'lucia_generate_random_string', 'lucia_hash_password', 'lucia_verify_password',
                              'lucia_create_session_cookie', 'lucia_parse_request_headers',
                              'lucia_authenticate', 'lucia_authenticated_user_id', 'lucia_clear_authentication',
                              'lucia_postgrest_pre_request']::pg_catalog.name[]
        -- Each of these needs a session id to act on a session, or reads and writes no row.
        WHEN 'request' THEN ARRAY['lucia_get_session', 'lucia_get_session_user',
                                  'lucia_validate_session', 'lucia_validate_session_user',
                                  'lucia_renew_session', 'lucia_invalidate_session',
                                  'lucia_create_session_cookie', 'lucia_parse_request_headers',
                                  'lucia_authenticate', 'lucia_authenticated_user_id', 'lucia_clear_authentication',
                                  'lucia_postgrest_pre_request']::pg_catalog.name[]
    END
$body$;

-- Grants or revokes EXECUTE on the named lucia functions (a list of lucia_access_list's) for a
-- role, in this database. Superusers only: the functions run as lucia_owner.
CREATE FUNCTION lucia_set_access(role_name pg_catalog.name, functions pg_catalog.name[], grant_access pg_catalog.bool)
RETURNS pg_catalog.void
LANGUAGE plpgsql VOLATILE SET search_path = pg_catalog, pg_temp
AS $body$
DECLARE
    fn record;
BEGIN
    IF NOT (SELECT rolsuper FROM pg_catalog.pg_roles WHERE rolname = current_user) THEN
        RAISE EXCEPTION 'lucia: only a superuser may grant or revoke access to the lucia functions'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF role_name IS NULL OR NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = role_name) THEN
        RAISE EXCEPTION 'lucia: role % does not exist', coalesce(quote_ident(role_name), 'NULL')
            USING ERRCODE = 'undefined_object';
    END IF;
    IF functions IS NULL THEN
        RAISE EXCEPTION 'lucia: no list of functions to grant or revoke'
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    FOR fn IN
        SELECT p.oid::regprocedure AS signature FROM pg_catalog.pg_proc p
        JOIN pg_catalog.pg_depend d ON d.classid = 'pg_catalog.pg_proc'::regclass AND d.objid = p.oid
        JOIN pg_catalog.pg_extension e ON d.refclassid = 'pg_catalog.pg_extension'::regclass
             AND d.refobjid = e.oid AND e.extname = 'lucia' AND d.deptype = 'e'
        WHERE p.proname = ANY (functions)
        ORDER BY p.proname
    LOOP
        IF grant_access THEN
            EXECUTE format('GRANT EXECUTE ON ROUTINE %s TO %I', fn.signature, role_name);
        ELSE
            EXECUTE format('REVOKE EXECUTE ON ROUTINE %s FROM %I', fn.signature, role_name);
        END IF;
    END LOOP;
END
$body$;

-- lucia_grant_app and lucia_revoke_app call it; their own definitions stay.
CREATE OR REPLACE FUNCTION lucia_set_app_access(role_name pg_catalog.name, grant_access pg_catalog.bool)
RETURNS pg_catalog.void
LANGUAGE sql VOLATILE SET search_path = pg_catalog, pg_temp
BEGIN ATOMIC
    SELECT @extschema@.lucia_set_access(role_name, @extschema@.lucia_access_list('app'::pg_catalog.text), grant_access);
END;

-- Lets role_name call, in this database, only the functions a request needs once a user has
-- logged in: nothing that takes a user id, so nothing that makes a session or reads a user.
CREATE FUNCTION lucia_grant_request(role_name pg_catalog.name)
RETURNS pg_catalog.void
LANGUAGE sql VOLATILE SET search_path = pg_catalog, pg_temp
BEGIN ATOMIC
    SELECT @extschema@.lucia_set_access(role_name, @extschema@.lucia_access_list('request'::pg_catalog.text), true);
END;

-- Takes that back.
CREATE FUNCTION lucia_revoke_request(role_name pg_catalog.name)
RETURNS pg_catalog.void
LANGUAGE sql VOLATILE SET search_path = pg_catalog, pg_temp
BEGIN ATOMIC
    SELECT @extschema@.lucia_set_access(role_name, @extschema@.lucia_access_list('request'::pg_catalog.text), false);
END;

REVOKE ALL ON FUNCTION lucia_access_list(pg_catalog.text) FROM PUBLIC;
REVOKE ALL ON FUNCTION lucia_set_access(pg_catalog.name, pg_catalog.name[], pg_catalog.bool) FROM PUBLIC;
REVOKE ALL ON FUNCTION lucia_grant_request(pg_catalog.name) FROM PUBLIC;
REVOKE ALL ON FUNCTION lucia_revoke_request(pg_catalog.name) FROM PUBLIC;

-- The security check gains a part: its findings so far become lucia_security_check_settings, and
-- lucia_security_check returns those and the look-alike references, so that a later finding is a
-- new part, not the whole check written out again.
ALTER FUNCTION @extschema@.lucia_security_check() RENAME TO lucia_security_check_settings;

-- Objects bound to a function that has a lucia function's name but is not lucia's: a policy,
-- column default, view, trigger, constraint or SQL-standard function body created while such a
-- function came first on the search_path calls it for good (names are bound at creation), and it
-- returns whatever its owner makes it return (an authenticated user id, a valid session).
CREATE FUNCTION lucia_security_check_lookalikes()
RETURNS TABLE (severity pg_catalog.text, check_name pg_catalog.text, detail pg_catalog.text, fix pg_catalog.text)
LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp
AS $body$
    WITH lucia_functions AS (
        SELECT p.oid, p.proname FROM pg_catalog.pg_proc p
        JOIN pg_catalog.pg_depend d ON d.classid = 'pg_catalog.pg_proc'::pg_catalog.regclass AND d.objid = p.oid AND d.deptype = 'e'
        JOIN pg_catalog.pg_extension e ON d.refclassid = 'pg_catalog.pg_extension'::pg_catalog.regclass
             AND d.refobjid = e.oid AND e.extname = 'lucia'
    )
    SELECT DISTINCT 'high', 'lookalike_function',
           pg_catalog.format('%s calls %s, which is not lucia''s function of that name (it belongs to %s and returns what that role makes it return)',
                             o.name, p.oid::pg_catalog.regprocedure, pg_catalog.pg_get_userbyid(p.proowner)),
           pg_catalog.format('recreate %s naming lucia''s function schema-qualified (%s.%I), then DROP FUNCTION %s',
                             o.name,
                             (SELECT e.extnamespace::pg_catalog.regnamespace::pg_catalog.text FROM pg_catalog.pg_extension e
                              WHERE e.extname = 'lucia'),
                             p.proname, p.oid::pg_catalog.regprocedure)
    FROM pg_catalog.pg_depend d
    JOIN pg_catalog.pg_proc p ON d.refclassid = 'pg_catalog.pg_proc'::pg_catalog.regclass AND d.refobjid = p.oid
    -- A view's query is its _RETURN rule: name the view.
    LEFT JOIN pg_catalog.pg_rewrite r ON d.classid = 'pg_catalog.pg_rewrite'::pg_catalog.regclass AND r.oid = d.objid
                                     AND r.rulename = '_RETURN'
    CROSS JOIN LATERAL (SELECT CASE WHEN r.oid IS NULL THEN pg_catalog.pg_describe_object(d.classid, d.objid, 0)
                                    ELSE pg_catalog.pg_describe_object('pg_catalog.pg_class'::pg_catalog.regclass, r.ev_class, 0)
                               END AS name) o
    WHERE p.proname IN (SELECT proname FROM lucia_functions)
      AND p.oid NOT IN (SELECT oid FROM lucia_functions)
      AND d.deptype = 'n'
    UNION ALL
    -- A function whose body is parsed each time it runs (LANGUAGE sql with a string body, PL/pgSQL)
    -- and names a lucia function without its schema calls whichever function of that name comes
    -- first on the search_path then: its own SET search_path, or the caller's when it has none
    -- (or "$user", the caller's own schema). pg_depend records nothing for such a body.
    SELECT CASE WHEN u.reaches_lookalike THEN 'high' ELSE 'medium' END,
           CASE WHEN u.reaches_lookalike THEN 'lookalike_function' ELSE 'unqualified_lucia_call' END,
           pg_catalog.format('function %s calls %s by its bare name in a body parsed when it runs, so it calls the first function of that name on %s%s',
                             u.fn::pg_catalog.regprocedure, u.called,
                             CASE WHEN u.path IS NULL THEN 'its caller''s search_path (any role may SET its own)'
                                  ELSE pg_catalog.format('its search_path (%s)', u.path) END,
                             CASE WHEN u.reaches_lookalike THEN ', and a look-alike exists there' ELSE '' END),
           pg_catalog.format('name lucia''s function schema-qualified (%s.%I) in the body of %s, or ALTER FUNCTION %s SET search_path = %s, pg_temp',
                             (SELECT e.extnamespace::pg_catalog.regnamespace::pg_catalog.text FROM pg_catalog.pg_extension e
                              WHERE e.extname = 'lucia'),
                             u.called, u.fn::pg_catalog.regprocedure, u.fn::pg_catalog.regprocedure,
                             (SELECT e.extnamespace::pg_catalog.regnamespace::pg_catalog.text FROM pg_catalog.pg_extension e
                              WHERE e.extname = 'lucia'))
    FROM (SELECT b.fn, b.called, b.path,
                 EXISTS (SELECT 1 FROM pg_catalog.pg_proc a
                         WHERE a.proname = b.called AND a.oid NOT IN (SELECT oid FROM lucia_functions)
                           AND (b.path IS NULL OR b.items @> ARRAY['$user']
                                OR pg_catalog.quote_ident(a.pronamespace::pg_catalog.regnamespace::pg_catalog.text) = ANY (b.items)
                                OR a.pronamespace::pg_catalog.regnamespace::pg_catalog.text = ANY (b.items))) AS reaches_lookalike
          FROM (SELECT f.oid AS fn, n.proname AS called, c.path,
                       pg_catalog.string_to_array(pg_catalog.replace(pg_catalog.replace(c.path, ' ', ''), '"', ''), ',') AS items
                FROM pg_catalog.pg_proc f
                JOIN pg_catalog.pg_language l ON l.oid = f.prolang AND l.lanname IN ('sql', 'plpgsql')
                CROSS JOIN (SELECT DISTINCT proname FROM lucia_functions) n
                LEFT JOIN LATERAL (SELECT pg_catalog.substr(o, 13) AS path FROM pg_catalog.unnest(f.proconfig) o
                                   WHERE o LIKE 'search_path=%') c ON true
                WHERE f.prosqlbody IS NULL
                  AND f.oid NOT IN (SELECT oid FROM lucia_functions)
                  AND f.prosrc ~* ('(^|[^[:alnum:]_."$])"?' || n.proname || '"?[[:space:]]*\(')) b) u
    -- A pinned search_path without "$user" and without a look-alike's schema calls lucia's.
    WHERE u.reaches_lookalike OR u.path IS NULL OR u.path LIKE '%$user%'
$body$;

-- Every finding, the most severe first.
CREATE FUNCTION lucia_security_check()
RETURNS TABLE (severity pg_catalog.text, check_name pg_catalog.text, detail pg_catalog.text, fix pg_catalog.text)
LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp
BEGIN ATOMIC
    SELECT f.severity, f.check_name, f.detail, f.fix
    FROM (SELECT * FROM @extschema@.lucia_security_check_settings()
          UNION ALL
          SELECT * FROM @extschema@.lucia_security_check_lookalikes()) f
    ORDER BY CASE WHEN f.severity OPERATOR(pg_catalog.=) 'high'::pg_catalog.text THEN 1
                  WHEN f.severity OPERATOR(pg_catalog.=) 'medium'::pg_catalog.text THEN 2 ELSE 3 END,
             f.check_name, f.detail;
END;

REVOKE ALL ON FUNCTION lucia_security_check_lookalikes() FROM PUBLIC;
REVOKE ALL ON FUNCTION lucia_security_check() FROM PUBLIC;

-- A function that hides a credential from pg_stat_activity must run in the backend whose text
-- shows it: in a parallel worker (force_parallel_mode, a parallel plan) it would hide the worker's
-- copy and leave the leader's, password or session id included, for every watcher to read
-- (tests/pg/statement_secret_attacks_test.sh).
ALTER FUNCTION lucia_hash_password(pg_catalog.text) PARALLEL RESTRICTED;
ALTER FUNCTION lucia_verify_password(pg_catalog.text, pg_catalog.text) PARALLEL RESTRICTED;
ALTER FUNCTION lucia_create_session_cookie(pg_catalog.text, pg_catalog.int8) PARALLEL RESTRICTED;
ALTER FUNCTION lucia_parse_request_headers(pg_catalog.text, pg_catalog.text, pg_catalog.text, pg_catalog.text, pg_catalog.text[]) PARALLEL RESTRICTED;
