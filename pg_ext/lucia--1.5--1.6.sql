-- lucia 1.5 -> 1.6 (also run by CREATE EXTENSION lucia, after 1.4--1.5): the authenticated user of
-- the transaction, for row-level security. lucia_authenticate validates a session exactly as
-- lucia_validate_session does and makes its user the transaction's authenticated user, held in the
-- backend's memory (never in a setting: no SET, set_config, RESET or DISCARD reaches it);
-- lucia_authenticated_user_id() returns it for policies; lucia_clear_authentication ends it early;
-- lucia_postgrest_pre_request is PostgREST's db-pre-request hook (docs/postgrest.md).
-- No schema guard (see lucia--1.0.sql): every name this script resolves or runs is qualified, so
-- a hostile owner of the extension's schema has nothing to stand in for.
\echo Use "ALTER EXTENSION lucia UPDATE TO '1.6'" to load this file. \quit

-- Validates the session (lucia_validate_session's checks, renewal, errors and result) and makes its
-- user the authenticated user until the transaction ends. Like lucia_validate_session it runs as
-- lucia_owner without a SET clause: its queries run with the search_path pinned in C.
CREATE FUNCTION lucia_authenticate(session_id pg_catalog.text)
RETURNS @extschema@.lucia_session
AS 'MODULE_PATHNAME', 'lucia_authenticate' LANGUAGE c VOLATILE CALLED ON NULL INPUT
SECURITY DEFINER;

-- The authenticated user's id, NULL when nobody is. STABLE: read at execution, once per statement
-- at most, never folded into a plan. PARALLEL RESTRICTED: parallel workers do not share the
-- backend's memory; write policies as (SELECT lucia_authenticated_user_id()), an initplan the
-- leader evaluates once and passes to the workers.
CREATE FUNCTION lucia_authenticated_user_id()
RETURNS pg_catalog.text
AS 'MODULE_PATHNAME', 'lucia_authenticated_user_id' LANGUAGE c STABLE PARALLEL RESTRICTED;

-- Nobody is authenticated from here on in this transaction.
CREATE FUNCTION lucia_clear_authentication()
RETURNS pg_catalog.void
AS 'MODULE_PATHNAME', 'lucia_clear_authentication' LANGUAGE c VOLATILE;

-- PostgREST's db-pre-request: the CSRF check of lucia_parse_request_headers on request.method,
-- request.path and request.headers, then lucia_authenticate with request.cookies' auth_session
-- (a session it cannot validate leaves the request anonymous). An application that allows other
-- origins wraps it: SELECT lucia_postgrest_pre_request(ARRAY['https://app.example.com']).
CREATE FUNCTION lucia_postgrest_pre_request(allowed_origins pg_catalog.text[] DEFAULT '{}')
RETURNS pg_catalog.void
AS 'MODULE_PATHNAME', 'lucia_postgrest_pre_request' LANGUAGE c VOLATILE CALLED ON NULL INPUT
SECURITY DEFINER;

REVOKE ALL ON FUNCTION lucia_authenticate(pg_catalog.text) FROM PUBLIC;
REVOKE ALL ON FUNCTION lucia_authenticated_user_id() FROM PUBLIC;
REVOKE ALL ON FUNCTION lucia_clear_authentication() FROM PUBLIC;
REVOKE ALL ON FUNCTION lucia_postgrest_pre_request(pg_catalog.text[]) FROM PUBLIC;
ALTER FUNCTION lucia_authenticate(pg_catalog.text) OWNER TO lucia_owner;
ALTER FUNCTION lucia_postgrest_pre_request(pg_catalog.text[]) OWNER TO lucia_owner;

-- lucia_grant_app also grants the four functions (the list is written out, as in 1.3 and 1.4).
CREATE OR REPLACE FUNCTION lucia_set_app_access(role_name name, grant_access boolean)
RETURNS void
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
    FOR fn IN
        SELECT p.oid::regprocedure AS signature FROM pg_catalog.pg_proc p
        JOIN pg_catalog.pg_depend d ON d.classid = 'pg_catalog.pg_proc'::regclass AND d.objid = p.oid
        JOIN pg_catalog.pg_extension e ON d.refclassid = 'pg_catalog.pg_extension'::regclass
             AND d.refobjid = e.oid AND e.extname = 'lucia' AND d.deptype = 'e'
        -- The functions an application calls: a list, not "all but the administration functions",
        -- so that a function added later is never granted by accident; written out here, not
        -- called by name, so that no schema's function of that name can stand in for it.
        WHERE p.proname = ANY (ARRAY['lucia_create_user', 'lucia_get_user', 'lucia_update_user_attributes', 'lucia_delete_user',
                                     'lucia_create_key', 'lucia_validate_key', 'lucia_get_key', 'lucia_get_all_user_keys',
                                     'lucia_update_key_password', 'lucia_delete_key',
                                     'lucia_create_session', 'lucia_get_session', 'lucia_get_session_user',
                                     'lucia_get_all_user_sessions', 'lucia_validate_session', 'lucia_validate_session_user',
                                     'lucia_renew_session', 'lucia_invalidate_session', 'lucia_invalidate_all_user_sessions',
                                     'lucia_delete_dead_user_sessions', 'lucia_delete_expired_sessions', 'lucia_sweep_expired_sessions',
                                     'lucia_generate_random_string', 'lucia_hash_password', 'lucia_verify_password',
                                     'lucia_create_session_cookie', 'lucia_parse_request_headers',
                                     'lucia_authenticate', 'lucia_authenticated_user_id', 'lucia_clear_authentication',
                                     'lucia_postgrest_pre_request']::name[])
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

-- Roles given access before 1.6 get the four functions too: those holding EXECUTE on
-- lucia_validate_session (lucia_grant_app gave it to each of them).
DO $grant_authentication$
DECLARE
    grantee pg_catalog.name;
    fn pg_catalog.text;
BEGIN
    FOR grantee IN
        SELECT pg_catalog.pg_get_userbyid(a.grantee) FROM pg_catalog.pg_proc p, pg_catalog.aclexplode(p.proacl) a
        WHERE p.oid OPERATOR(pg_catalog.=) '@extschema@.lucia_validate_session(pg_catalog.text)'::pg_catalog.regprocedure
          AND a.privilege_type OPERATOR(pg_catalog.=) 'EXECUTE'::pg_catalog.text
          AND a.grantee OPERATOR(pg_catalog.<>) p.proowner AND a.grantee OPERATOR(pg_catalog.<>) 0::pg_catalog.oid
    LOOP
        FOREACH fn IN ARRAY ARRAY['@extschema@.lucia_authenticate(pg_catalog.text)',
                                  '@extschema@.lucia_authenticated_user_id()',
                                  '@extschema@.lucia_clear_authentication()',
                                  '@extschema@.lucia_postgrest_pre_request(pg_catalog.text[])']::pg_catalog.text[]
        LOOP
            EXECUTE pg_catalog.format('GRANT EXECUTE ON FUNCTION %s TO %I', fn, grantee);
        END LOOP;
    END LOOP;
END
$grant_authentication$;
