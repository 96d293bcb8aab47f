-- lucia 1.2 -> 1.3 (also run by CREATE EXTENSION lucia, after 1.1--1.2), roles and tables part:
-- access is granted per database (lucia_grant_app), no longer through the cluster-wide role
-- lucia_app, and lucia_create_tables makes a layout that neither the application's role nor a
-- non-superuser database owner can replace. (The C code of 1.3 also runs the tables' code as the
-- tables' owner: pg_ext/table_owner.hpp.)
\echo Use "ALTER EXTENSION lucia UPDATE TO '1.3'" to load this file. \quit

-- The same refusal as at the top of lucia--1.0.sql, for installs made before it existed: this
-- script runs as a superuser on the extension schema's path (see there why that must be a schema
-- only superusers own and create in). Every name in this block is schema-qualified.
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
                  HINT = 'Give the schema to a superuser and take CREATE from those roles first (ALTER SCHEMA ' OPERATOR(pg_catalog.||) ext_schema_name OPERATOR(pg_catalog.||) ' OWNER TO <a superuser>; REVOKE CREATE ON SCHEMA ' OPERATOR(pg_catalog.||) ext_schema_name OPERATOR(pg_catalog.||) ' FROM ...), or reinstall lucia into a schema of its own: CREATE SCHEMA lucia; CREATE EXTENSION lucia SCHEMA lucia;';
    END IF;
END
$schema_guard$;

-- Per-database access ---------------------------------------------------------------------------

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
        -- The functions an application calls: a list, not "all but the administration functions",
        -- so that a function added later is never granted by accident; written out here, not
        -- called by name, so that no schema's function of that name can stand in for it.
        WHERE p.proname = ANY (ARRAY['lucia_create_user', 'lucia_get_user', 'lucia_update_user_attributes', 'lucia_delete_user',
                                     'lucia_create_key', 'lucia_validate_key', 'lucia_get_key', 'lucia_get_all_user_keys',
                                     'lucia_update_key_password', 'lucia_delete_key',
                                     'lucia_create_session', 'lucia_get_session', 'lucia_get_session_user',
                                     'lucia_get_all_user_sessions', 'lucia_validate_session', 'lucia_validate_session_user',
                                     'lucia_renew_session', 'lucia_invalidate_session', 'lucia_invalidate_all_user_sessions',
                                     'lucia_delete_dead_user_sessions', 'lucia_delete_expired_sessions',
                                     'lucia_generate_random_string', 'lucia_hash_password', 'lucia_verify_password',
                                     'lucia_create_session_cookie', 'lucia_parse_request_headers']::name[])
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
        SELECT p.oid::pg_catalog.regprocedure AS signature FROM pg_catalog.pg_proc p
        JOIN pg_catalog.pg_depend d ON d.classid OPERATOR(pg_catalog.=) 'pg_catalog.pg_proc'::pg_catalog.regclass
             AND d.objid OPERATOR(pg_catalog.=) p.oid
        JOIN pg_catalog.pg_extension e ON d.refclassid OPERATOR(pg_catalog.=) 'pg_catalog.pg_extension'::pg_catalog.regclass
             AND d.refobjid OPERATOR(pg_catalog.=) e.oid AND e.extname OPERATOR(pg_catalog.=) 'lucia'::pg_catalog.name
             AND d.deptype OPERATOR(pg_catalog.=) 'e'::pg_catalog.char
    LOOP
        EXECUTE pg_catalog.format('REVOKE ALL ON FUNCTION %s FROM lucia_app', fn.signature);
    END LOOP;
    SELECT pg_catalog.string_agg(pg_catalog.format('SELECT lucia_grant_app(%L);', r.rolname), ' ' ORDER BY r.rolname) INTO members
    FROM pg_catalog.pg_auth_members m JOIN pg_catalog.pg_roles r ON r.oid OPERATOR(pg_catalog.=) m.member
    WHERE m.roleid OPERATOR(pg_catalog.=) (SELECT oid FROM pg_catalog.pg_roles
                                           WHERE rolname OPERATOR(pg_catalog.=) 'lucia_app'::pg_catalog.name);
    IF members IS NOT NULL THEN
        RAISE WARNING 'lucia 1.3: the role lucia_app no longer gives access to the lucia functions (it is shared by every database of the cluster)'
            USING HINT = 'Grant access per database, as a superuser, in each database that should allow it: ' OPERATOR(pg_catalog.||) members;
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
    -- What lucia_create_indexes and lucia_grant_tables do, written out rather than called by name
    -- (a schema's function of that name must not stand in for them).
    EXECUTE format('CREATE INDEX IF NOT EXISTS auth_session_user_id_idx ON %I.auth_session (user_id, idle_expires)', schema_name);
    EXECUTE format('CREATE INDEX IF NOT EXISTS auth_session_idle_expires_idx ON %I.auth_session (idle_expires)', schema_name);
    EXECUTE format('CREATE INDEX IF NOT EXISTS auth_key_user_id_idx ON %I.auth_key (user_id)', schema_name);
    EXECUTE format('ALTER TABLE %I.auth_user OWNER TO lucia_owner', schema_name);
    EXECUTE format('ALTER TABLE %I.auth_session OWNER TO lucia_owner', schema_name);
    EXECUTE format('ALTER TABLE %I.auth_key OWNER TO lucia_owner', schema_name);
    EXECUTE format('GRANT USAGE ON SCHEMA %I TO lucia_owner', schema_name);
    EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %I.auth_user, %I.auth_session, %I.auth_key TO lucia_owner',
                   schema_name, schema_name, schema_name);
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

-- Security check part: lucia_security_check(),
-- a read-only linter an administrator runs to list the risky configurations of this cluster and
-- database, each with a severity and the fix.

-- One row per finding. Reads catalogs and settings only (STABLE, runs as its caller). Only
-- superusers may call it: it lists who can do what.
CREATE FUNCTION lucia_security_check()
RETURNS TABLE (severity text, check_name text, detail text, fix text)
LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp
AS $body$
WITH
-- The schemas that hold auth tables: lucia.tables_schema here and as set per database or role.
table_schemas AS (
    SELECT coalesce(current_setting('lucia.tables_schema', true), 'public') AS nspname
    UNION
    SELECT substr(setting, length('lucia.tables_schema=') + 1)
    FROM pg_db_role_setting s, unnest(s.setconfig) AS setting
    WHERE s.setdatabase IN (0, (SELECT oid FROM pg_database WHERE datname = current_database()))
      AND setting LIKE 'lucia.tables_schema=%'
),
-- Those schemas and the extension's own, with the role that really owns each (pg_database_owner
-- is the database's owner).
watched_schemas AS (
    SELECT n.oid, n.nspname, n.nspacl, n.nspowner,
           CASE WHEN n.nspowner = 'pg_database_owner'::regrole
                THEN (SELECT datdba FROM pg_database WHERE datname = current_database())
                ELSE n.nspowner END AS owner,
           string_agg(w.why, ' and ' ORDER BY w.why) AS why
    FROM (SELECT nspname, 'auth tables' AS why FROM table_schemas
          UNION ALL
          SELECT n.nspname, 'extension lucia' FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
          WHERE e.extname = 'lucia') w
    JOIN pg_namespace n ON n.nspname = w.nspname
    GROUP BY n.oid, n.nspname, n.nspacl, n.nspowner
),
superusers AS (SELECT oid FROM pg_roles WHERE rolsuper),
-- The extension's schema.
ext_schema AS (SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'lucia'),
-- Roles other than superusers that may create schemas in this database (its owner, say).
schema_creators AS (SELECT r.oid FROM pg_roles r WHERE NOT r.rolsuper AND has_database_privilege(r.oid, current_database(), 'CREATE')),
-- Schemas a role other than a superuser or lucia_owner owns (pg_database_owner: the database's
-- owner is a member) or may create in: it can put functions there.
open_schemas AS (
    SELECT n.nspname FROM pg_namespace n
    WHERE EXISTS (SELECT 1 FROM pg_roles r
                  WHERE NOT r.rolsuper AND r.rolname <> 'lucia_owner'
                    -- predefined roles stand for their members, who are checked themselves
                    -- (pg_database_owner "owns" public for whoever owns the database)
                    AND r.rolname OPERATOR(pg_catalog.!~) '^pg_'
                    AND (pg_has_role(r.oid, n.nspowner, 'MEMBER') OR has_schema_privilege(r.oid, n.oid, 'CREATE')))
),
-- Settings stored for this database or for roles (in it or everywhere), with the command that
-- set each.
db_role_settings AS (
    SELECT CASE WHEN s.setrole = 0 AND s.setdatabase = 0 THEN 'ALTER ROLE ALL'
                WHEN s.setrole = 0 THEN format('ALTER DATABASE %I', current_database())
                WHEN s.setdatabase = 0 THEN format('ALTER ROLE %I', pg_get_userbyid(s.setrole))
                ELSE format('ALTER ROLE %I IN DATABASE %I', pg_get_userbyid(s.setrole), current_database())
           END AS source,
           s.setrole AS role_oid, c AS config
    FROM pg_db_role_setting s, unnest(s.setconfig) AS c
    WHERE s.setdatabase IN (0, (SELECT oid FROM pg_database WHERE datname = current_database()))
),
-- search_path as set for this database, for roles (in it or everywhere) and in the server's
-- configuration, one row per schema it names, in order ("$user" as $user).
path_settings AS (
    SELECT source || ' SET search_path' AS source, role_oid, substr(config, length('search_path=') + 1) AS path
    FROM db_role_settings WHERE config LIKE 'search_path=%'
    UNION ALL
    SELECT 'the server''s search_path', 0,
           coalesce((SELECT f.setting FROM pg_file_settings f WHERE f.name = 'search_path' AND f.applied
                     ORDER BY f.seqno DESC LIMIT 1),
                    (SELECT boot_val FROM pg_settings WHERE name = 'search_path'))
),
path_items AS (
    SELECT p.source, p.role_oid, i.ord,
           CASE WHEN btrim(i.item) LIKE '"%"' THEN replace(substr(btrim(i.item), 2, length(btrim(i.item)) - 2), '""', '"')
                ELSE lower(btrim(i.item)) END AS item
    FROM path_settings p, unnest(string_to_array(p.path, ',')) WITH ORDINALITY AS i(item, ord)
),
-- The entries of a path, wherever they stand, where a role other than a superuser can put a
-- function: a schema it owns or may create in, a schema not made yet while such roles may create
-- schemas, "$user" while they may or where a schema named after the role is theirs. An
-- unqualified lucia_... call reaches that function instead: before lucia's schema by order, after
-- it by a closer argument type (varchar arguments pick a (varchar, ...) look-alike over lucia's
-- (text, ...) function), and on a path without lucia's schema by being the only one.
risky_path_items AS (
    SELECT i.source, i.item FROM path_items i
    WHERE i.item NOT IN ('pg_catalog', 'pg_temp', '')
      AND CASE WHEN i.item = '$user'
               THEN EXISTS (SELECT 1 FROM schema_creators)
                    OR EXISTS (SELECT 1 FROM open_schemas o JOIN pg_roles r ON r.rolname = o.nspname
                               WHERE i.role_oid = 0 OR r.oid = i.role_oid)
               ELSE i.item IN (SELECT nspname FROM open_schemas)
                    OR (NOT EXISTS (SELECT 1 FROM pg_namespace n WHERE n.nspname = i.item)
                        AND EXISTS (SELECT 1 FROM schema_creators))
          END
),
-- Every setting of this session, with its value as a number when it is one.
setting AS (SELECT name, setting,
                   CASE WHEN setting ~ '^-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?$' THEN setting::float8 END AS number
            FROM pg_settings),
statement_logging AS (
    SELECT (SELECT setting FROM setting WHERE name = 'log_statement') <> 'none'
        OR (SELECT number FROM setting WHERE name = 'log_min_duration_statement') >= 0
        OR ((SELECT number FROM setting WHERE name = 'log_min_duration_sample') >= 0
            AND (SELECT number FROM setting WHERE name = 'log_statement_sample_rate') > 0)
        OR (SELECT number FROM setting WHERE name = 'log_transaction_sample_rate') > 0
        OR coalesce((SELECT number FROM setting WHERE name = 'auto_explain.log_min_duration') >= 0, false)
        AS active
),
findings (severity, check_name, detail, fix) AS (
    -- Any role of the cluster may connect to this database.
    SELECT 'medium', 'connect_public',
           format('database %I, where lucia is installed, grants CONNECT to PUBLIC: every role of the cluster can connect to it', d.datname),
           format('REVOKE CONNECT ON DATABASE %I FROM PUBLIC; then GRANT CONNECT ON DATABASE %I TO <each application role>', d.datname, d.datname)
    FROM pg_database d
    WHERE d.datname = current_database()
      AND (d.datacl IS NULL
           OR EXISTS (SELECT 1 FROM aclexplode(d.datacl) a WHERE a.grantee = 0 AND a.privilege_type = 'CONNECT'))

    -- Auth tables owned by an ordinary role: that role reads and rewrites every hash, can
    -- drop and replace the table, and attach triggers, rules, policies and defaults to it.
    UNION ALL
    SELECT 'medium', 'table_owner',
           format('%I.%I is owned by %I, not by lucia_owner or a superuser: that role can read and change every row (password hashes, sessions), alter, drop or replace the table, and attach triggers, rules, policies or defaults that run on every lucia call',
                  n.nspname, c.relname, pg_get_userbyid(c.relowner)),
           format('ALTER TABLE %I.%I OWNER TO lucia_owner (or to a superuser), then SELECT lucia_grant_tables(%L); keep the app''s migrations under a superuser', n.nspname, c.relname, n.nspname)
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname IN (SELECT nspname FROM table_schemas)
      AND c.relname IN ('auth_user', 'auth_session', 'auth_key') AND c.relkind IN ('r', 'p')
      AND c.relowner <> coalesce(to_regrole('lucia_owner'), 0)
      AND c.relowner NOT IN (SELECT oid FROM superusers)

    -- A schema of the tables or of the extension in which a non-superuser can create objects.
    UNION ALL
    SELECT 'high', 'schema_create',
           format('schema %I (%s) grants CREATE to %s: it can create objects there, and replace the tables if it owns or can drop them',
                  s.nspname, s.why, CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE quote_ident(pg_get_userbyid(a.grantee)) END),
           format('REVOKE CREATE ON SCHEMA %I FROM %s', s.nspname,
                  CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE quote_ident(pg_get_userbyid(a.grantee)) END)
    FROM watched_schemas s, aclexplode(s.nspacl) a
    WHERE a.privilege_type = 'CREATE' AND a.grantee NOT IN (s.owner, s.nspowner)  -- owners: schema_owner
      AND a.grantee NOT IN (SELECT oid FROM superusers)
      AND a.grantee <> coalesce(to_regrole('lucia_owner'), 0)

    -- A schema owned by an ordinary role (public belongs to pg_database_owner, i.e. the
    -- database's owner): it can drop the tables or functions there and put its own in place.
    UNION ALL
    SELECT 'high', 'schema_owner',
           format('schema %I (%s) is owned by %I, neither a superuser nor lucia_owner: that role can drop and replace what is in it',
                  s.nspname, s.why, pg_get_userbyid(s.owner)),
           format('ALTER SCHEMA %I OWNER TO <a superuser>', s.nspname)
    FROM watched_schemas s
    WHERE s.owner NOT IN (SELECT oid FROM superusers)
      AND s.owner <> coalesce(to_regrole('lucia_owner'), 0)

    -- A search_path on which an ordinary role's functions come before lucia's: the application's
    -- unqualified calls (and a superuser's) run them, with the password in their arguments.
    UNION ALL
    SELECT 'high', 'search_path',
           format('%s names %s, where a role that is not a superuser can create functions that unqualified lucia_... calls of the roles it applies to run instead of lucia''s (schema %I), passwords included, whether it stands before or after lucia''s schema',
                  r.source, string_agg(CASE WHEN r.item = '$user' THEN '"$user"' ELSE quote_ident(r.item) END, ', '),
                  (SELECT nspname FROM ext_schema)),
           format('Have the application call the functions schema-qualified (%I.lucia_validate_key(...)), or as a superuser give the role a path of schemas only superusers can create in: ALTER ROLE my_app SET search_path = %I; and remove or fix %s',
                  (SELECT nspname FROM ext_schema), (SELECT nspname FROM ext_schema), r.source)
    FROM risky_path_items r GROUP BY r.source

    -- lucia.* values stored for the database or a role: they apply to every session they cover,
    -- and before 1.3 any role that could ALTER the database or role could store them (values
    -- that weaken a check are medium: CSRF off, no Secure, SameSite=None).
    UNION ALL
    SELECT CASE WHEN (split_part(r.config, '=', 1) = 'lucia.csrf_protection'
                      AND lower(substr(r.config, strpos(r.config, '=') + 1)) IN ('off', 'of', 'o', 'false', 'fals', 'fal', 'fa', 'f', 'no', 'n', '0'))
                  OR (split_part(r.config, '=', 1) = 'lucia.env' AND lower(substr(r.config, strpos(r.config, '=') + 1)) = 'dev')
                  OR (split_part(r.config, '=', 1) = 'lucia.cookie_same_site' AND lower(substr(r.config, strpos(r.config, '=') + 1)) = 'none')
                THEN 'medium' ELSE 'low' END,
           'lucia_setting',
           format('%s SET %s = %s applies to every session it covers; before lucia 1.3 any role that could alter this database or role could have stored it',
                  r.source, split_part(r.config, '=', 1), substr(r.config, strpos(r.config, '=') + 1)),
           format('If a superuser did not decide it: %s RESET %s;', r.source, split_part(r.config, '=', 1))
    FROM db_role_settings r
    WHERE r.config LIKE 'lucia.%' AND r.config NOT LIKE 'lucia.tables\_schema=%'

    -- CREATEROLE in PostgreSQL 15 can grant itself any non-superuser role, lucia's included.
    UNION ALL
    SELECT 'high', 'createrole',
           format('role %I has CREATEROLE: in PostgreSQL 15 it can grant itself lucia_owner or lucia_app and read or change every account', r.rolname),
           format('ALTER ROLE %I NOCREATEROLE', r.rolname)
    FROM pg_roles r WHERE r.rolcreaterole AND NOT r.rolsuper

    -- Members of lucia_owner, and lucia_owner able to log in: direct access to every hash.
    UNION ALL
    SELECT 'high', 'lucia_owner_member',
           format('role %I is a member of lucia_owner: it reads and changes the auth tables directly', pg_get_userbyid(m.member)),
           format('REVOKE lucia_owner FROM %I', pg_get_userbyid(m.member))
    FROM pg_auth_members m
    WHERE m.roleid = coalesce(to_regrole('lucia_owner'), 0) AND m.member NOT IN (SELECT oid FROM superusers)
    UNION ALL
    SELECT 'high', 'lucia_owner_login', 'role lucia_owner can log in: whoever has its password reads every hash',
           'ALTER ROLE lucia_owner NOLOGIN'
    FROM pg_roles WHERE rolname = 'lucia_owner' AND rolcanlogin

    -- pg_read_all_stats (also through pg_monitor) shows the text of every running statement in
    -- pg_stat_activity, a login's password literal included, and pg_stat_statements' texts.
    UNION ALL
    SELECT 'medium', 'read_all_stats',
           format('login role %I is a member of pg_read_all_stats: it reads the text of every running statement (pg_stat_activity), password literals of logins in progress included', r.rolname),
           format('REVOKE pg_read_all_stats FROM %I (or pg_monitor, through which it may hold it); pass passwords as bind parameters', r.rolname)
    FROM pg_roles r
    WHERE r.rolcanlogin AND NOT r.rolsuper AND pg_has_role(r.oid, 'pg_read_all_stats', 'MEMBER')

    -- Settings that write statement texts (password literals) or their parameters to the log.
    UNION ALL
    SELECT CASE WHEN setting = 'all' THEN 'high' ELSE 'low' END, 'log_statement',
           format('log_statement = %s logs the text of %s statements when they arrive: lucia replaces the text of those that name lucia once it is loaded in the connection, not of the application''s own statements that pass a password on (a login function)',
                  setting, CASE WHEN setting = 'all' THEN 'all' ELSE 'some (' || setting || ')' END),
           'ALTER SYSTEM SET log_statement = ''none''; SELECT pg_reload_conf(); (and check ALTER ROLE/DATABASE ... SET log_statement)'
    FROM setting WHERE name = 'log_statement' AND setting <> 'none'
    UNION ALL
    SELECT 'high', 'log_min_duration_statement',
           format('log_min_duration_statement = %s ms logs the text of every statement that runs longer (a login takes about 85 ms): lucia replaces it for statements that name lucia or handled a password, not for the application''s other statements', setting),
           'ALTER SYSTEM SET log_min_duration_statement = -1; SELECT pg_reload_conf(); (log_duration logs durations without texts)'
    FROM setting WHERE name = 'log_min_duration_statement' AND number >= 0
    UNION ALL
    SELECT 'high', 'log_min_duration_sample',
           format('log_min_duration_sample = %s ms with log_statement_sample_rate = %s logs the text of a sample of longer statements', setting,
                  (SELECT setting FROM setting WHERE name = 'log_statement_sample_rate')),
           'ALTER SYSTEM SET log_min_duration_sample = -1; SELECT pg_reload_conf();'
    FROM setting WHERE name = 'log_min_duration_sample' AND number >= 0
      AND (SELECT number FROM setting WHERE name = 'log_statement_sample_rate') > 0
    UNION ALL
    SELECT 'high', 'log_transaction_sample_rate',
           format('log_transaction_sample_rate = %s logs the text of every statement of a sample of transactions', setting),
           'ALTER SYSTEM SET log_transaction_sample_rate = 0; SELECT pg_reload_conf();'
    FROM setting WHERE name = 'log_transaction_sample_rate' AND number > 0
    UNION ALL
    SELECT 'high', 'auto_explain',
           format('auto_explain is loaded with auto_explain.log_min_duration = %s ms: it logs the text of every plan that runs longer', setting),
           'ALTER SYSTEM SET auto_explain.log_min_duration = -1; SELECT pg_reload_conf(); (or remove auto_explain from shared_preload_libraries)'
    FROM setting WHERE name = 'auto_explain.log_min_duration' AND number >= 0
    UNION ALL
    SELECT 'low', 'log_parameter_max_length',
           format('log_parameter_max_length = %s: statements logged by the settings above carry their bound parameters (lucia hides them for statements naming lucia and in transactions that handled a password, not for the application''s own statements)', setting),
           'ALTER SYSTEM SET log_parameter_max_length = 0; SELECT pg_reload_conf();'
    FROM setting WHERE name = 'log_parameter_max_length' AND number <> 0 AND (SELECT active FROM statement_logging)
    UNION ALL
    SELECT 'low', 'log_parameter_max_length_on_error',
           format('log_parameter_max_length_on_error = %s logs the bound parameters of failing statements (lucia hides them in transactions that handled a password, not for the application''s own statements); any role may also SET it for its own session', setting),
           'ALTER SYSTEM SET log_parameter_max_length_on_error = 0; SELECT pg_reload_conf();'
    FROM setting WHERE name = 'log_parameter_max_length_on_error' AND number <> 0

    -- Until lucia is loaded in a connection (its first lucia call), nothing hides a statement.
    UNION ALL
    SELECT 'low', 'lucia_not_preloaded',
           'lucia is in neither shared_preload_libraries nor session_preload_libraries: an error before the first lucia call of a connection (a parse error or timeout in the statement that makes it) logs that statement with its literals',
           'ALTER SYSTEM SET session_preload_libraries = ''lucia''; SELECT pg_reload_conf(); (new connections load it)'
    WHERE NOT EXISTS (SELECT 1 FROM setting
                      WHERE name IN ('shared_preload_libraries', 'session_preload_libraries', 'local_preload_libraries')
                        AND 'lucia' = ANY (string_to_array(replace(replace(setting, ' ', ''), '"', ''), ',')))

    -- pg_stat_statements keeps statement texts: constants become $1..., but utility statements
    -- (a DO block with a password literal) are kept as written while track_utility is on.
    UNION ALL
    SELECT CASE WHEN (SELECT setting FROM setting WHERE name = 'pg_stat_statements.track_utility') = 'on' THEN 'medium' ELSE 'low' END,
           'pg_stat_statements',
           format('pg_stat_statements is loaded with track = %s and track_utility = %s: it keeps statement texts (constants normalized, utility statements such as DO blocks verbatim), readable by superusers and pg_read_all_stats',
                  setting, (SELECT setting FROM setting WHERE name = 'pg_stat_statements.track_utility')),
           'ALTER SYSTEM SET pg_stat_statements.track_utility = off; (or pg_stat_statements.track = none) SELECT pg_reload_conf(); then SELECT pg_stat_statements_reset();'
    FROM setting WHERE name = 'pg_stat_statements.track' AND setting <> 'none'
      AND EXISTS (SELECT 1 FROM setting WHERE name = 'shared_preload_libraries'
                    AND 'pg_stat_statements' = ANY (string_to_array(replace(replace(setting, ' ', ''), '"', ''), ',')))

    -- lucia functions that any role may call.
    UNION ALL
    SELECT 'high', 'public_execute',
           format('function %s grants EXECUTE to PUBLIC: every role that can connect may call it', p.oid::regprocedure),
           format('REVOKE EXECUTE ON FUNCTION %s FROM PUBLIC', p.oid::regprocedure)
    FROM pg_proc p
    JOIN pg_depend d ON d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e'
    JOIN pg_extension e ON d.refclassid = 'pg_extension'::regclass AND d.refobjid = e.oid AND e.extname = 'lucia'
    WHERE p.proacl IS NULL
       OR EXISTS (SELECT 1 FROM aclexplode(p.proacl) a WHERE a.grantee = 0 AND a.privilege_type = 'EXECUTE')
)
SELECT severity, check_name, detail, fix FROM findings
ORDER BY CASE severity WHEN 'high' THEN 1 WHEN 'medium' THEN 2 ELSE 3 END, check_name, detail;
$body$;

REVOKE ALL ON FUNCTION lucia_security_check() FROM PUBLIC;
