-- lucia 1.3 -> 1.4 (also run by CREATE EXTENSION lucia, after 1.2--1.3): the dead-session sweep
-- that never makes a login wait. lucia_sweep_expired_sessions is a procedure: CALL it and it
-- commits after every batch, so the rows a batch locks are held for one batch only, and the
-- per-user cleanup of a login or renewal (C code of 1.4: FOR UPDATE SKIP LOCKED) passes them by.
-- (The C code of 1.4 also locks a user's row before its sessions and keys: lucia_delete_user.)
\echo Use "ALTER EXTENSION lucia UPDATE TO '1.4'" to load this file. \quit

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

-- The sweep to schedule --------------------------------------------------------------------------

-- Deletes dead sessions of all users, batch_size per transaction, committing after each batch
-- (max_batches NULL: until none are left); deleted reports how many. A procedure because only a
-- procedure can commit: lucia_delete_expired_sessions() holds every row it deletes until its one
-- transaction ends. No SET clause and SECURITY INVOKER, as transaction control requires, so every
-- name is qualified; the batch itself runs in lucia_delete_expired_sessions (as the tables' owner).
-- Inside a transaction block (BEGIN ... CALL) it cannot commit and fails with 2D000.
CREATE PROCEDURE lucia_sweep_expired_sessions(batch_size pg_catalog.int4 DEFAULT 10000,
                                              max_batches pg_catalog.int4 DEFAULT NULL,
                                              INOUT deleted pg_catalog.int8 DEFAULT NULL)
LANGUAGE plpgsql
AS $body$
DECLARE
    batch pg_catalog.int8;
    batches pg_catalog.int4 := 0;
BEGIN
    IF batch_size IS NULL OR batch_size OPERATOR(pg_catalog.<) 1 THEN
        -- The same check and message as lucia_delete_expired_sessions, before anything is deleted.
        PERFORM @extschema@.lucia_delete_expired_sessions(batch_size, 1);
    END IF;
    IF max_batches OPERATOR(pg_catalog.<) 1 THEN
        PERFORM @extschema@.lucia_delete_expired_sessions(1, max_batches);
    END IF;
    deleted := 0;
    LOOP
        batch := @extschema@.lucia_delete_expired_sessions(batch_size, 1);
        deleted := deleted OPERATOR(pg_catalog.+) batch;
        batches := batches OPERATOR(pg_catalog.+) 1;
        COMMIT;
        EXIT WHEN batch OPERATOR(pg_catalog.<) batch_size
               OR (max_batches IS NOT NULL AND batches OPERATOR(pg_catalog.>=) max_batches);
    END LOOP;
END
$body$;

REVOKE ALL ON PROCEDURE lucia_sweep_expired_sessions(pg_catalog.int4, pg_catalog.int4, pg_catalog.int8) FROM PUBLIC;

-- lucia_grant_app also grants the new procedure (the list is written out, as in 1.3, so that
-- nothing added later is granted by accident); ROUTINE covers functions and procedures alike.
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
                                     'lucia_create_session_cookie', 'lucia_parse_request_headers']::name[])
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

-- Roles given access under 1.3 get the procedure too: those holding EXECUTE on the old sweep.
DO $grant_sweep$
DECLARE
    grantee pg_catalog.name;
BEGIN
    FOR grantee IN
        SELECT pg_catalog.pg_get_userbyid(a.grantee) FROM pg_catalog.pg_proc p, pg_catalog.aclexplode(p.proacl) a
        WHERE p.oid OPERATOR(pg_catalog.=) '@extschema@.lucia_delete_expired_sessions(pg_catalog.int4, pg_catalog.int4)'::pg_catalog.regprocedure
          AND a.privilege_type OPERATOR(pg_catalog.=) 'EXECUTE'::pg_catalog.text
          AND a.grantee OPERATOR(pg_catalog.<>) p.proowner AND a.grantee OPERATOR(pg_catalog.<>) 0::pg_catalog.oid
    LOOP
        EXECUTE pg_catalog.format('GRANT EXECUTE ON PROCEDURE @extschema@.lucia_sweep_expired_sessions(pg_catalog.int4, pg_catalog.int4, pg_catalog.int8) TO %I', grantee);
    END LOOP;
END
$grant_sweep$;
