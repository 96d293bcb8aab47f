-- lucia 1.2 -> 1.3 (also run by CREATE EXTENSION lucia, after 1.1--1.2), roles and tables part:
-- access is granted per database (lucia_grant_app), no longer through the cluster-wide role
-- lucia_app, and lucia_create_tables makes a layout that neither the application's role nor a
-- non-superuser database owner can replace. (The C code of 1.3 also runs the tables' code as the
-- tables' owner: pg_ext/table_owner.hpp.)
\echo Use "ALTER EXTENSION lucia UPDATE TO '1.3'" to load this file. \quit

-- Per-database access ---------------------------------------------------------------------------

-- The functions an application calls; lucia_grant_app grants exactly these. A list, not "all but
-- the administration functions", so that a function added later is never granted by accident.
CREATE FUNCTION lucia_app_function_names()
RETURNS name[]
LANGUAGE sql IMMUTABLE SET search_path = pg_catalog, pg_temp
AS $body$
    SELECT ARRAY['lucia_create_user', 'lucia_get_user', 'lucia_update_user_attributes', 'lucia_delete_user',
                 'lucia_create_key', 'lucia_validate_key', 'lucia_get_key', 'lucia_get_all_user_keys',
                 'lucia_update_key_password', 'lucia_delete_key',
                 'lucia_create_session', 'lucia_get_session', 'lucia_get_session_user',
                 'lucia_get_all_user_sessions', 'lucia_validate_session', 'lucia_validate_session_user',
                 'lucia_renew_session', 'lucia_invalidate_session', 'lucia_invalidate_all_user_sessions',
                 'lucia_delete_dead_user_sessions', 'lucia_delete_expired_sessions',
                 'lucia_generate_random_string', 'lucia_hash_password', 'lucia_verify_password',
                 'lucia_create_session_cookie', 'lucia_parse_request_headers']::name[]
$body$;

-- Grants (grant = true) or revokes EXECUTE on this database's application functions to or from
-- role_name. EXECUTE grants live in the database, so access given here gives nothing in another
-- database of the cluster (a role membership such as lucia_app would). Superusers only: the
-- functions belong to lucia_owner and the superuser who made the extension, and a non-superuser
-- database owner must not be able to give itself (or anyone) access.
CREATE FUNCTION lucia_set_app_access(role_name name, grant_access boolean)
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
        WHERE p.proname = ANY (@extschema@.lucia_app_function_names())
        ORDER BY p.proname
    LOOP
        IF grant_access THEN
            EXECUTE format('GRANT EXECUTE ON FUNCTION %s TO %I', fn.signature, role_name);
        ELSE
            EXECUTE format('REVOKE EXECUTE ON FUNCTION %s FROM %I', fn.signature, role_name);
        END IF;
    END LOOP;
END
$body$;

-- Lets role_name call the auth functions in this database, and only in this one.
CREATE FUNCTION lucia_grant_app(role_name name)
RETURNS void
LANGUAGE sql VOLATILE SET search_path = pg_catalog, pg_temp
BEGIN ATOMIC
    SELECT @extschema@.lucia_set_app_access(role_name, true);
END;

-- Takes that back.
CREATE FUNCTION lucia_revoke_app(role_name name)
RETURNS void
LANGUAGE sql VOLATILE SET search_path = pg_catalog, pg_temp
BEGIN ATOMIC
    SELECT @extschema@.lucia_set_app_access(role_name, false);
END;

REVOKE ALL ON FUNCTION lucia_app_function_names() FROM PUBLIC;
REVOKE ALL ON FUNCTION lucia_set_app_access(name, boolean) FROM PUBLIC;
REVOKE ALL ON FUNCTION lucia_grant_app(name) FROM PUBLIC;
REVOKE ALL ON FUNCTION lucia_revoke_app(name) FROM PUBLIC;

-- lucia_app (a role of the whole cluster) no longer grants anything here. A WARNING, not a NOTICE:
-- extension scripts run with client_min_messages at WARNING or above. The role stays: other
-- databases may still run an older version that uses it, and it cannot be dropped from one.
DO $revoke_lucia_app$
DECLARE
    fn record;
    members text;
BEGIN
    FOR fn IN
        SELECT p.oid::regprocedure AS signature FROM pg_catalog.pg_proc p
        JOIN pg_catalog.pg_depend d ON d.classid = 'pg_catalog.pg_proc'::regclass AND d.objid = p.oid
        JOIN pg_catalog.pg_extension e ON d.refclassid = 'pg_catalog.pg_extension'::regclass
             AND d.refobjid = e.oid AND e.extname = 'lucia' AND d.deptype = 'e'
    LOOP
        EXECUTE format('REVOKE ALL ON FUNCTION %s FROM lucia_app', fn.signature);
    END LOOP;
    SELECT string_agg(format('SELECT lucia_grant_app(%L);', r.rolname), ' ' ORDER BY r.rolname) INTO members
    FROM pg_catalog.pg_auth_members m JOIN pg_catalog.pg_roles r ON r.oid = m.member
    WHERE m.roleid = (SELECT oid FROM pg_catalog.pg_roles WHERE rolname = 'lucia_app');
    IF members IS NOT NULL THEN
        RAISE WARNING 'lucia 1.3: the role lucia_app no longer gives access to the lucia functions (it is shared by every database of the cluster)'
            USING HINT = 'Grant access per database, as a superuser, in each database that should allow it: ' || members;
    END IF;
END
$revoke_lucia_app$;

-- Tables that only superusers can replace ----------------------------------------------------

-- Creates Lucia v1's three tables, exactly as its PostgreSQL adapter documents them, plus the
-- indexes. The schema is created when missing, owned by the calling superuser, so that nobody
-- else can drop, rename or replace what is in it; the tables belong to lucia_owner (a role that
-- cannot log in), so only superusers can alter them or attach code to them. A schema that a
-- non-superuser can write (in PostgreSQL 15, public belongs to the database owner) gets a
-- warning: its writers can drop the tables and put their own in their place. They are still not
-- members of the extension, so DROP EXTENSION never drops them and pg_dump always dumps them.
CREATE OR REPLACE FUNCTION lucia_create_tables(schema_name name DEFAULT 'public')
RETURNS void
LANGUAGE plpgsql VOLATILE SET search_path = pg_catalog, pg_temp
AS $body$
DECLARE
    writers text;
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_namespace WHERE nspname = schema_name) THEN
        EXECUTE format('CREATE SCHEMA %I', schema_name);
    END IF;
    EXECUTE format('CREATE TABLE %I.auth_user (id TEXT PRIMARY KEY)', schema_name);
    EXECUTE format('CREATE TABLE %I.auth_session ('
                   'id TEXT PRIMARY KEY, '
                   'user_id TEXT REFERENCES %I.auth_user(id) NOT NULL, '
                   'active_expires BIGINT NOT NULL, '
                   'idle_expires BIGINT NOT NULL)', schema_name, schema_name);
    EXECUTE format('CREATE TABLE %I.auth_key ('
                   'id TEXT PRIMARY KEY, '
                   'user_id TEXT REFERENCES %I.auth_user(id) NOT NULL, '
                   'primary_key BOOLEAN NOT NULL, '
                   'hashed_password TEXT, '
                   'expires BIGINT)', schema_name, schema_name);
    EXECUTE format('SELECT %I.lucia_create_indexes($1)', '@extschema@') USING schema_name;
    EXECUTE format('ALTER TABLE %I.auth_user OWNER TO lucia_owner', schema_name);
    EXECUTE format('ALTER TABLE %I.auth_session OWNER TO lucia_owner', schema_name);
    EXECUTE format('ALTER TABLE %I.auth_key OWNER TO lucia_owner', schema_name);
    EXECUTE format('SELECT %I.lucia_grant_tables($1)', '@extschema@') USING schema_name;
    -- Who besides superusers may create in (so drop from) the schema: its owner (pg_database_owner
    -- stands for the database's owner) and the roles granted CREATE (0: PUBLIC).
    SELECT string_agg(DISTINCT coalesce(r.rolname, 'PUBLIC'), ', ') INTO writers
    FROM pg_catalog.pg_namespace n
    CROSS JOIN LATERAL (SELECT n.nspowner AS role_oid
                        UNION SELECT a.grantee FROM pg_catalog.aclexplode(n.nspacl) a
                        WHERE a.privilege_type = 'CREATE') w
    CROSS JOIN LATERAL (SELECT CASE WHEN w.role_oid = 'pg_database_owner'::pg_catalog.regrole
                                    THEN (SELECT datdba FROM pg_catalog.pg_database WHERE datname = current_database())
                                    ELSE w.role_oid END AS role_oid) resolved
    LEFT JOIN pg_catalog.pg_roles r ON r.oid = resolved.role_oid
    WHERE n.nspname = schema_name AND (resolved.role_oid = 0 OR NOT r.rolsuper);
    IF writers IS NOT NULL THEN
        RAISE WARNING 'lucia: schema % can be written by % (not a superuser), who can drop these tables and put others in their place',
            quote_ident(schema_name), writers
            USING HINT = 'Keep the tables in a schema only superusers own: SELECT lucia_create_tables(''auth''); ALTER DATABASE '
                         || quote_ident(current_database()) || ' SET lucia.tables_schema = auth;';
    END IF;
END
$body$;
