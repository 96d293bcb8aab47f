-- lucia 1.0: Lucia v1 authentication as SQL functions.
\echo Use "CREATE EXTENSION lucia" to load this file. \quit

-- Refuse a schema that an ordinary role owns or can create in. Why: this script runs as a
-- superuser with search_path = <that schema>, pg_temp, and PostgreSQL picks a function or operator
-- overload from any schema on the path when its argument types fit better (a format(text,
-- regprocedure) beats pg_catalog.format(text, VARIADIC "any")); whoever can create objects there
-- would have its code run as the superuser, here and in every later update script, and could
-- later replace or shadow the functions the application calls. In PostgreSQL 15 public belongs to
-- the database owner (pg_database_owner), so public is fine only where a superuser owns the
-- database. Every name in this block is schema-qualified, operators included, since the block
-- itself runs on that path.
DO $schema_guard$
DECLARE
    ext_schema pg_catalog.oid;
    ext_schema_name pg_catalog.text;
    writer pg_catalog.oid;
    writers pg_catalog.text[] := '{}';
BEGIN
    SELECT e.extnamespace, pg_catalog.quote_ident(n.nspname::pg_catalog.text) INTO ext_schema, ext_schema_name
    FROM pg_catalog.pg_extension e JOIN pg_catalog.pg_namespace n ON n.oid OPERATOR(pg_catalog.=) e.extnamespace
    WHERE e.extname OPERATOR(pg_catalog.=) 'lucia'::pg_catalog.name;
    FOR writer IN
        SELECT n.nspowner FROM pg_catalog.pg_namespace n WHERE n.oid OPERATOR(pg_catalog.=) ext_schema
        UNION
        SELECT a.grantee FROM pg_catalog.pg_namespace n, pg_catalog.aclexplode(n.nspacl) a
        WHERE n.oid OPERATOR(pg_catalog.=) ext_schema AND a.privilege_type OPERATOR(pg_catalog.=) 'CREATE'::pg_catalog.text
        UNION
        SELECT p.proowner FROM pg_catalog.pg_proc p WHERE p.pronamespace OPERATOR(pg_catalog.=) ext_schema
        UNION
        SELECT o.oprowner FROM pg_catalog.pg_operator o WHERE o.oprnamespace OPERATOR(pg_catalog.=) ext_schema
    LOOP
        IF writer OPERATOR(pg_catalog.=) 'pg_database_owner'::pg_catalog.regrole::pg_catalog.oid THEN
            SELECT d.datdba INTO writer FROM pg_catalog.pg_database d
            WHERE d.datname OPERATOR(pg_catalog.=) pg_catalog.current_database();
        END IF;
        IF writer OPERATOR(pg_catalog.=) 0::pg_catalog.oid THEN
            writers := pg_catalog.array_append(writers, 'PUBLIC'::pg_catalog.text);
        ELSIF NOT (SELECT r.rolsuper OR r.rolname OPERATOR(pg_catalog.=) 'lucia_owner'::pg_catalog.name
                   FROM pg_catalog.pg_roles r WHERE r.oid OPERATOR(pg_catalog.=) writer)
              AND NOT (pg_catalog.quote_ident(pg_catalog.pg_get_userbyid(writer)::pg_catalog.text) OPERATOR(pg_catalog.=) ANY (writers)) THEN
            writers := pg_catalog.array_append(writers, pg_catalog.quote_ident(pg_catalog.pg_get_userbyid(writer)::pg_catalog.text));
        END IF;
    END LOOP;
    IF pg_catalog.cardinality(writers) OPERATOR(pg_catalog.>) 0 THEN
        RAISE EXCEPTION 'lucia: schema % is open to % (not superusers: its owner, a holder of CREATE on it, or the owner of functions or operators in it), whose code would run as the superuser running this script and could stand in for lucia''s functions',
            ext_schema_name, pg_catalog.array_to_string(writers, ', ')
            USING ERRCODE = 'insufficient_privilege',
                  HINT = 'Install lucia into a schema of its own, made by a superuser: CREATE SCHEMA lucia; CREATE EXTENSION lucia SCHEMA lucia; (then GRANT USAGE ON SCHEMA lucia TO the application role, and call the functions as lucia.lucia_...)';
    END IF;
END
$schema_guard$;

-- Two roles, shared by every database of the cluster:
--   lucia_owner owns the functions that touch the auth tables (SECURITY DEFINER) and is the only
--     role that needs privileges on those tables; it cannot log in.
--   lucia_app may call the functions; grant it to the application's login role.
DO $roles$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname OPERATOR(pg_catalog.=) 'lucia_owner'::pg_catalog.name) THEN
        CREATE ROLE lucia_owner NOLOGIN;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname OPERATOR(pg_catalog.=) 'lucia_app'::pg_catalog.name) THEN
        CREATE ROLE lucia_app NOLOGIN;
    END IF;
END
$roles$;

-- Result rows. Field names are the same in PostgreSQL and SQLite (docs/api.md).
CREATE TYPE lucia_user AS (
    user_id text,
    attributes jsonb
);

CREATE TYPE lucia_session AS (
    session_id text,
    user_id text,
    active_period_expires_at timestamptz,
    idle_period_expires_at timestamptz,
    state text,
    fresh boolean,
    active_expires bigint,
    idle_expires bigint
);

CREATE TYPE lucia_session_user AS (
    session_id text,
    user_id text,
    active_period_expires_at timestamptz,
    idle_period_expires_at timestamptz,
    state text,
    fresh boolean,
    active_expires bigint,
    idle_expires bigint,
    user_attributes jsonb
);

CREATE TYPE lucia_key AS (
    type text,
    provider_id text,
    provider_user_id text,
    user_id text,
    primary_key boolean,
    password_defined boolean,
    expires_at timestamptz,
    expired boolean,
    expires bigint
);

-- Users ---------------------------------------------------------------------------------------

CREATE FUNCTION lucia_create_user(provider_id text DEFAULT NULL, provider_user_id text DEFAULT NULL,
                                  password text DEFAULT NULL, attributes jsonb DEFAULT '{}',
                                  user_id text DEFAULT NULL)
RETURNS lucia_user
AS 'MODULE_PATHNAME', 'lucia_create_user' LANGUAGE c VOLATILE CALLED ON NULL INPUT
SECURITY DEFINER SET search_path = pg_catalog, pg_temp;

CREATE FUNCTION lucia_get_user(user_id text)
RETURNS lucia_user
AS 'MODULE_PATHNAME', 'lucia_get_user' LANGUAGE c STABLE CALLED ON NULL INPUT
SECURITY DEFINER SET search_path = pg_catalog, pg_temp;

CREATE FUNCTION lucia_update_user_attributes(user_id text, attributes jsonb)
RETURNS lucia_user
AS 'MODULE_PATHNAME', 'lucia_update_user_attributes' LANGUAGE c VOLATILE CALLED ON NULL INPUT
SECURITY DEFINER SET search_path = pg_catalog, pg_temp;

CREATE FUNCTION lucia_delete_user(user_id text)
RETURNS void
AS 'MODULE_PATHNAME', 'lucia_delete_user' LANGUAGE c VOLATILE CALLED ON NULL INPUT
SECURITY DEFINER SET search_path = pg_catalog, pg_temp;

-- Keys ----------------------------------------------------------------------------------------

CREATE FUNCTION lucia_create_key(user_id text, provider_id text, provider_user_id text,
                                 password text DEFAULT NULL, expires_in bigint DEFAULT NULL)
RETURNS lucia_key
AS 'MODULE_PATHNAME', 'lucia_create_key' LANGUAGE c VOLATILE CALLED ON NULL INPUT
SECURITY DEFINER SET search_path = pg_catalog, pg_temp;

CREATE FUNCTION lucia_validate_key(provider_id text, provider_user_id text, password text DEFAULT NULL)
RETURNS lucia_key
AS 'MODULE_PATHNAME', 'lucia_validate_key' LANGUAGE c VOLATILE CALLED ON NULL INPUT
SECURITY DEFINER SET search_path = pg_catalog, pg_temp;

CREATE FUNCTION lucia_get_key(provider_id text, provider_user_id text)
RETURNS lucia_key
AS 'MODULE_PATHNAME', 'lucia_get_key' LANGUAGE c STABLE CALLED ON NULL INPUT
SECURITY DEFINER SET search_path = pg_catalog, pg_temp;

CREATE FUNCTION lucia_get_all_user_keys(user_id text)
RETURNS SETOF lucia_key
AS 'MODULE_PATHNAME', 'lucia_get_all_user_keys' LANGUAGE c STABLE CALLED ON NULL INPUT
SECURITY DEFINER SET search_path = pg_catalog, pg_temp;

CREATE FUNCTION lucia_update_key_password(provider_id text, provider_user_id text, password text)
RETURNS lucia_key
AS 'MODULE_PATHNAME', 'lucia_update_key_password' LANGUAGE c VOLATILE CALLED ON NULL INPUT
SECURITY DEFINER SET search_path = pg_catalog, pg_temp;

CREATE FUNCTION lucia_delete_key(provider_id text, provider_user_id text)
RETURNS void
AS 'MODULE_PATHNAME', 'lucia_delete_key' LANGUAGE c VOLATILE CALLED ON NULL INPUT
SECURITY DEFINER SET search_path = pg_catalog, pg_temp;

-- Sessions ------------------------------------------------------------------------------------

CREATE FUNCTION lucia_create_session(user_id text)
RETURNS lucia_session
AS 'MODULE_PATHNAME', 'lucia_create_session' LANGUAGE c VOLATILE CALLED ON NULL INPUT
SECURITY DEFINER SET search_path = pg_catalog, pg_temp;

CREATE FUNCTION lucia_get_session(session_id text)
RETURNS lucia_session
AS 'MODULE_PATHNAME', 'lucia_get_session' LANGUAGE c STABLE CALLED ON NULL INPUT
SECURITY DEFINER SET search_path = pg_catalog, pg_temp;

CREATE FUNCTION lucia_get_session_user(session_id text)
RETURNS lucia_session_user
AS 'MODULE_PATHNAME', 'lucia_get_session_user' LANGUAGE c STABLE CALLED ON NULL INPUT
SECURITY DEFINER SET search_path = pg_catalog, pg_temp;

CREATE FUNCTION lucia_get_all_user_sessions(user_id text)
RETURNS SETOF lucia_session
AS 'MODULE_PATHNAME', 'lucia_get_all_user_sessions' LANGUAGE c VOLATILE CALLED ON NULL INPUT
SECURITY DEFINER SET search_path = pg_catalog, pg_temp;

CREATE FUNCTION lucia_validate_session(session_id text)
RETURNS lucia_session
AS 'MODULE_PATHNAME', 'lucia_validate_session' LANGUAGE c VOLATILE CALLED ON NULL INPUT
SECURITY DEFINER SET search_path = pg_catalog, pg_temp;

CREATE FUNCTION lucia_validate_session_user(session_id text)
RETURNS lucia_session_user
AS 'MODULE_PATHNAME', 'lucia_validate_session_user' LANGUAGE c VOLATILE CALLED ON NULL INPUT
SECURITY DEFINER SET search_path = pg_catalog, pg_temp;

CREATE FUNCTION lucia_renew_session(session_id text)
RETURNS lucia_session
AS 'MODULE_PATHNAME', 'lucia_renew_session' LANGUAGE c VOLATILE CALLED ON NULL INPUT
SECURITY DEFINER SET search_path = pg_catalog, pg_temp;

CREATE FUNCTION lucia_invalidate_session(session_id text)
RETURNS void
AS 'MODULE_PATHNAME', 'lucia_invalidate_session' LANGUAGE c VOLATILE CALLED ON NULL INPUT
SECURITY DEFINER SET search_path = pg_catalog, pg_temp;

CREATE FUNCTION lucia_invalidate_all_user_sessions(user_id text)
RETURNS void
AS 'MODULE_PATHNAME', 'lucia_invalidate_all_user_sessions' LANGUAGE c VOLATILE CALLED ON NULL INPUT
SECURITY DEFINER SET search_path = pg_catalog, pg_temp;

CREATE FUNCTION lucia_delete_dead_user_sessions(user_id text)
RETURNS bigint
AS 'MODULE_PATHNAME', 'lucia_delete_dead_user_sessions' LANGUAGE c VOLATILE CALLED ON NULL INPUT
SECURITY DEFINER SET search_path = pg_catalog, pg_temp;

CREATE FUNCTION lucia_delete_expired_sessions(batch_size integer DEFAULT 10000, max_batches integer DEFAULT NULL)
RETURNS bigint
AS 'MODULE_PATHNAME', 'lucia_delete_expired_sessions' LANGUAGE c VOLATILE CALLED ON NULL INPUT
SECURITY DEFINER SET search_path = pg_catalog, pg_temp;

-- Helpers (no table access, so they run as the caller) ----------------------------------------

CREATE FUNCTION lucia_generate_random_string(length integer)
RETURNS text
AS 'MODULE_PATHNAME', 'lucia_generate_random_string' LANGUAGE c VOLATILE CALLED ON NULL INPUT PARALLEL SAFE;

CREATE FUNCTION lucia_hash_password(password text)
RETURNS text
AS 'MODULE_PATHNAME', 'lucia_hash_password' LANGUAGE c VOLATILE CALLED ON NULL INPUT PARALLEL SAFE;

CREATE FUNCTION lucia_verify_password(password text, hash text)
RETURNS boolean
AS 'MODULE_PATHNAME', 'lucia_verify_password' LANGUAGE c IMMUTABLE CALLED ON NULL INPUT PARALLEL SAFE;

CREATE FUNCTION lucia_create_session_cookie(session_id text DEFAULT NULL, idle_expires bigint DEFAULT NULL)
RETURNS text
AS 'MODULE_PATHNAME', 'lucia_create_session_cookie' LANGUAGE c STABLE CALLED ON NULL INPUT PARALLEL SAFE;

CREATE FUNCTION lucia_parse_request_headers(method text, url text, origin text DEFAULT NULL,
                                            cookie text DEFAULT NULL, allowed_origins text[] DEFAULT '{}')
RETURNS text
AS 'MODULE_PATHNAME', 'lucia_parse_request_headers' LANGUAGE c STABLE CALLED ON NULL INPUT PARALLEL SAFE;

-- scrypt derivations run by this backend (for tests and monitoring; not granted to lucia_app).
CREATE FUNCTION lucia_scrypt_count()
RETURNS bigint
AS 'MODULE_PATHNAME', 'lucia_scrypt_count' LANGUAGE c VOLATILE PARALLEL SAFE;

-- Tables (administration; run by the owner of the schema) --------------------------------------

-- Gives lucia_owner what the functions need on Lucia v1 tables that already exist (made by the
-- app's migrations, Drizzle, Kysely or lucia_create_tables).
CREATE FUNCTION lucia_grant_tables(schema_name name DEFAULT 'public')
RETURNS void
LANGUAGE plpgsql VOLATILE SET search_path = pg_catalog, pg_temp
AS $body$
BEGIN
    EXECUTE format('GRANT USAGE ON SCHEMA %I TO lucia_owner', schema_name);
    EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %I.auth_user, %I.auth_session, %I.auth_key TO lucia_owner',
                   schema_name, schema_name, schema_name);
END
$body$;

-- The indexes Lucia v1 forgot: sessions by user (with their idle expiry, so that the sweep of a
-- user's dead sessions on every new session reads only dead ones), keys by user, and dead sessions
-- of all users for lucia_delete_expired_sessions.
CREATE FUNCTION lucia_create_indexes(schema_name name DEFAULT 'public')
RETURNS void
LANGUAGE plpgsql VOLATILE SET search_path = pg_catalog, pg_temp
AS $body$
BEGIN
    EXECUTE format('CREATE INDEX IF NOT EXISTS auth_session_user_id_idx ON %I.auth_session (user_id, idle_expires)', schema_name);
    EXECUTE format('CREATE INDEX IF NOT EXISTS auth_session_idle_expires_idx ON %I.auth_session (idle_expires)', schema_name);
    EXECUTE format('CREATE INDEX IF NOT EXISTS auth_key_user_id_idx ON %I.auth_key (user_id)', schema_name);
END
$body$;

-- Creates Lucia v1's three tables, exactly as its PostgreSQL adapter documents them, plus the
-- indexes, and grants lucia_owner access. The tables belong to the caller, not to the extension,
-- so DROP EXTENSION never drops them and pg_dump always dumps them.
CREATE FUNCTION lucia_create_tables(schema_name name DEFAULT 'public')
RETURNS void
LANGUAGE plpgsql VOLATILE SET search_path = pg_catalog, pg_temp
AS $body$
BEGIN
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
    EXECUTE format('SELECT %I.lucia_grant_tables($1)', '@extschema@') USING schema_name;
END
$body$;

-- Privileges ----------------------------------------------------------------------------------

DO $privileges$
DECLARE
    fn record;
BEGIN
    FOR fn IN
        SELECT p.oid::pg_catalog.regprocedure AS signature, p.proname, p.prosecdef FROM pg_catalog.pg_proc p
        JOIN pg_catalog.pg_depend d ON d.classid OPERATOR(pg_catalog.=) 'pg_catalog.pg_proc'::pg_catalog.regclass
             AND d.objid OPERATOR(pg_catalog.=) p.oid
        JOIN pg_catalog.pg_extension e ON d.refclassid OPERATOR(pg_catalog.=) 'pg_catalog.pg_extension'::pg_catalog.regclass
             AND d.refobjid OPERATOR(pg_catalog.=) e.oid AND e.extname OPERATOR(pg_catalog.=) 'lucia'::pg_catalog.name
             AND d.deptype OPERATOR(pg_catalog.=) 'e'::pg_catalog.char
    LOOP
        EXECUTE pg_catalog.format('REVOKE ALL ON FUNCTION %s FROM PUBLIC', fn.signature);
        IF fn.prosecdef THEN
            EXECUTE pg_catalog.format('ALTER FUNCTION %s OWNER TO lucia_owner', fn.signature);
        END IF;
        IF NOT (fn.proname OPERATOR(pg_catalog.=) ANY (ARRAY['lucia_create_tables', 'lucia_grant_tables', 'lucia_create_indexes',
                                                             'lucia_scrypt_count']::pg_catalog.name[])) THEN
            EXECUTE pg_catalog.format('GRANT EXECUTE ON FUNCTION %s TO lucia_app', fn.signature);
        END IF;
    END LOOP;
END
$privileges$;
