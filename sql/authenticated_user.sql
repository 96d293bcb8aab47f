-- The transaction's authenticated user (lucia_authenticate, lucia_authenticated_user_id,
-- lucia_clear_authentication) as a role with only lucia_grant_app: its scope (COMMIT, ROLLBACK,
-- a statement outside a transaction block), subtransactions, errors, SECURITY DEFINER functions,
-- prepared statements, and row-level security policies over it, parallel query included.
CREATE SCHEMA t_auth;
SELECT lucia_create_tables('t_auth');
SET lucia.tables_schema = t_auth;
SELECT user_id FROM lucia_create_user(user_id => 'ada');
SELECT user_id FROM lucia_create_user(user_id => 'bob');
SELECT session_id AS ada FROM lucia_create_session('ada') \gset
SELECT session_id AS bob FROM lucia_create_session('bob') \gset
-- An expired session of ada's and an idle one (its validation renews it).
SELECT session_id AS expired FROM lucia_create_session('ada') \gset
SELECT session_id AS idle FROM lucia_create_session('ada') \gset
UPDATE t_auth.auth_session SET active_expires = regress.now_ms() - 2000, idle_expires = regress.now_ms() - 1000
WHERE id = :'expired';
UPDATE t_auth.auth_session SET active_expires = regress.now_ms() - 1000 WHERE id = :'idle';

-- The application's role: lucia_grant_app and its own tables, nothing else.
CREATE ROLE t_auth_app LOGIN;
SELECT lucia_grant_app('t_auth_app');
SELECT p.proname, has_function_privilege('t_auth_app', p.oid, 'EXECUTE') AS app_may_call,
       has_function_privilege('public', p.oid, 'EXECUTE') AS public_may_call, p.provolatile, p.proparallel,
       p.prosecdef, pg_get_userbyid(p.proowner) = 'lucia_owner' AS owned_by_lucia_owner
FROM pg_proc p
WHERE p.proname IN ('lucia_authenticate', 'lucia_authenticated_user_id', 'lucia_clear_authentication',
                    'lucia_postgrest_pre_request')
ORDER BY p.proname;

-- Notes with row-level security: the policy in the recommended form, an initplan
-- ((SELECT ...): evaluated once per statement), and a second table with the bare call. The
-- function is written schema-qualified (docs/security.md: a policy binds the function it names
-- when it is created).
CREATE TABLE t_auth.notes (id int PRIMARY KEY, owner_id text NOT NULL, body text NOT NULL);
CREATE TABLE t_auth.notes_bare (LIKE t_auth.notes INCLUDING ALL);
INSERT INTO t_auth.notes SELECT i, CASE WHEN i % 3 = 0 THEN 'bob' ELSE 'ada' END, 'note ' || i FROM generate_series(1, 3000) i;
INSERT INTO t_auth.notes_bare SELECT * FROM t_auth.notes;
ANALYZE t_auth.notes, t_auth.notes_bare;
ALTER TABLE t_auth.notes ENABLE ROW LEVEL SECURITY;
ALTER TABLE t_auth.notes_bare ENABLE ROW LEVEL SECURITY;
CREATE POLICY own_notes ON t_auth.notes USING (owner_id = (SELECT public.lucia_authenticated_user_id()));
CREATE POLICY own_notes ON t_auth.notes_bare USING (owner_id = public.lucia_authenticated_user_id());
GRANT USAGE ON SCHEMA t_auth TO t_auth_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON t_auth.notes, t_auth.notes_bare TO t_auth_app;
-- The same rows without row-level security, and a wrapper of the function wrongly declared
-- PARALLEL SAFE (PL/pgSQL, so it is not inlined).
CREATE TABLE t_auth.plain AS SELECT * FROM t_auth.notes;
ANALYZE t_auth.plain;
GRANT SELECT ON t_auth.plain TO t_auth_app;
CREATE FUNCTION t_auth.parallel_safe_user() RETURNS text LANGUAGE plpgsql STABLE PARALLEL SAFE
AS $$ BEGIN RETURN public.lucia_authenticated_user_id(); END $$;
-- A SECURITY DEFINER function owned by another role sees the same authenticated user.
CREATE FUNCTION t_auth.definer_sees() RETURNS text LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog
AS $$ SELECT current_user || ' sees ' || coalesce(public.lucia_authenticated_user_id(), 'nobody') $$;
GRANT EXECUTE ON FUNCTION t_auth.definer_sees() TO t_auth_app;
-- Authenticates inside a PL/pgSQL block whose EXCEPTION clause then rolls it back.
CREATE FUNCTION t_auth.authenticate_then_fail(session_id text) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
    BEGIN
        PERFORM public.lucia_authenticate(session_id);
        RAISE division_by_zero;
    EXCEPTION WHEN division_by_zero THEN
        RETURN 'rolled back';
    END;
END $$;
-- Clears inside such a block.
CREATE FUNCTION t_auth.clear_then_fail() RETURNS text LANGUAGE plpgsql AS $$
BEGIN
    BEGIN
        PERFORM public.lucia_clear_authentication();
        RAISE division_by_zero;
    EXCEPTION WHEN division_by_zero THEN
        RETURN 'rolled back';
    END;
END $$;
-- A block that authenticates and ends normally (its subtransaction commits).
CREATE FUNCTION t_auth.authenticate_in_block(session_id text) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
    BEGIN
        PERFORM public.lucia_authenticate(session_id);
    EXCEPTION WHEN division_by_zero THEN
        RETURN 'not reached';
    END;
    RETURN public.lucia_authenticated_user_id();
END $$;

SET ROLE t_auth_app;
-- Nobody is authenticated in a new transaction, and no row is visible.
SELECT lucia_authenticated_user_id() IS NULL AS nobody, (SELECT count(*) FROM t_auth.notes) AS notes;

-- Inside a transaction: the user, and only the user's rows; cleared at COMMIT.
BEGIN;
SELECT user_id, state, fresh FROM lucia_authenticate(:'ada');
SELECT lucia_authenticated_user_id();
SELECT owner_id, count(*) FROM t_auth.notes GROUP BY owner_id;
SELECT owner_id, count(*) FROM t_auth.notes_bare GROUP BY owner_id;
SELECT count(*) AS bobs_notes_asked_for FROM t_auth.notes WHERE owner_id = 'bob';
SELECT t_auth.definer_sees();
-- Writes too: a row for someone else is refused, one's own row goes in.
SELECT regress.err($$INSERT INTO t_auth.notes VALUES (9001, 'bob', 'forged')$$);
INSERT INTO t_auth.notes VALUES (9001, 'ada', 'mine');
UPDATE t_auth.notes SET body = 'taken' WHERE owner_id = 'bob';
COMMIT;
SELECT lucia_authenticated_user_id() IS NULL AS cleared_at_commit, (SELECT count(*) FROM t_auth.notes) AS notes;
-- Cleared at ROLLBACK.
BEGIN;
SELECT user_id FROM lucia_authenticate(:'bob');
SELECT owner_id, count(*) FROM t_auth.notes GROUP BY owner_id;
SELECT count(*) AS bobs_notes_left_untouched FROM t_auth.notes WHERE body = 'taken';
ROLLBACK;
SELECT lucia_authenticated_user_id() IS NULL AS cleared_at_rollback;

-- Outside a transaction block the authentication ends with the statement: a WARNING, as for SET LOCAL.
SELECT user_id FROM lucia_authenticate(:'ada');
SELECT lucia_authenticated_user_id() IS NULL AS gone_with_the_statement;

-- Subtransactions: ROLLBACK TO undoes an authentication made, or cleared, after the savepoint;
-- RELEASE keeps it.
BEGIN;
SELECT user_id FROM lucia_authenticate(:'ada');
SAVEPOINT s1;
SELECT user_id FROM lucia_authenticate(:'bob');
SELECT lucia_authenticated_user_id() AS in_s1;
ROLLBACK TO SAVEPOINT s1;
SELECT lucia_authenticated_user_id() AS after_rollback_to_s1;
SAVEPOINT s2;
SELECT lucia_clear_authentication();
SELECT lucia_authenticated_user_id() IS NULL AS cleared_in_s2;
ROLLBACK TO SAVEPOINT s2;
SELECT lucia_authenticated_user_id() AS after_rollback_to_s2;
SAVEPOINT s3;
SELECT user_id FROM lucia_authenticate(:'bob');
RELEASE SAVEPOINT s3;
SELECT lucia_authenticated_user_id() AS after_release_s3;
-- Nested: a change released into an outer savepoint goes when that one rolls back.
SAVEPOINT outer_sp;
SAVEPOINT inner_sp;
SELECT user_id FROM lucia_authenticate(:'ada');
RELEASE SAVEPOINT inner_sp;
SELECT lucia_authenticated_user_id() AS after_release_inner;
ROLLBACK TO SAVEPOINT outer_sp;
SELECT lucia_authenticated_user_id() AS after_rollback_outer;
-- ... and one that the outer savepoint made itself comes back when an inner one rolls back.
SAVEPOINT outer_sp2;
SELECT lucia_clear_authentication();
SAVEPOINT inner_sp2;
SELECT user_id FROM lucia_authenticate(:'ada');
ROLLBACK TO SAVEPOINT inner_sp2;
SELECT lucia_authenticated_user_id() IS NULL AS outer_clear_kept;
RELEASE SAVEPOINT outer_sp2;
SELECT lucia_authenticated_user_id() IS NULL AS released_to_the_top;
COMMIT;
-- PL/pgSQL EXCEPTION blocks are subtransactions too.
BEGIN;
SELECT user_id FROM lucia_authenticate(:'bob');
SELECT t_auth.authenticate_then_fail(:'ada');
SELECT lucia_authenticated_user_id() AS after_failed_block;
SELECT t_auth.clear_then_fail();
SELECT lucia_authenticated_user_id() AS after_failed_clear_block;
SELECT t_auth.authenticate_in_block(:'ada') AS in_block, lucia_authenticated_user_id() IS NOT NULL AS kept;
COMMIT;

-- A failed lucia_authenticate leaves nobody authenticated, also when its error is caught and
-- its subtransaction rolled back (the earlier user does not come back).
BEGIN;
SELECT user_id FROM lucia_authenticate(:'ada');
SELECT regress.err($$SELECT lucia_authenticate(repeat('x', 40))$$);
SELECT lucia_authenticated_user_id() IS NULL AS nobody_after_caught_failure;
SELECT user_id FROM lucia_authenticate(:'ada');
SAVEPOINT before_failure;
SELECT lucia_authenticate(NULL);
ROLLBACK TO SAVEPOINT before_failure;
SELECT lucia_authenticated_user_id() IS NULL AS nobody_after_rollback_to;
SELECT owner_id, count(*) FROM t_auth.notes GROUP BY owner_id;
COMMIT;

-- The same errors as lucia_validate_session, for every kind of bad id.
SELECT what, regress.err(format('SELECT lucia_authenticate(%s)', arg)) AS authenticate,
       regress.err(format('SELECT lucia_authenticate(%s)', arg)) = regress.err(format('SELECT lucia_validate_session(%s)', arg)) AS same_as_validate
FROM (VALUES ('NULL', 'NULL'), ('empty', quote_literal('')), ('too short', quote_literal('abc')),
             ('a user id', quote_literal('ada')), ('unknown', quote_literal(repeat('u', 40))),
             ('expired', quote_literal(:'expired'))) AS t(what, arg);
SELECT lucia_authenticated_user_id() IS NULL AS nobody;

-- An idle session renews, as lucia_validate_session renews it (lucia.renewal = rotate: a new id,
-- fresh), and its user is authenticated.
BEGIN;
SELECT session_id <> :'idle' AS new_id, user_id, state, fresh FROM lucia_authenticate(:'idle');
SELECT lucia_authenticated_user_id();
COMMIT;

-- Prepared statements read the user when they run, also as a generic plan.
SET plan_cache_mode = force_generic_plan;
PREPARE who AS SELECT coalesce(lucia_authenticated_user_id(), 'nobody');
PREPARE my_notes AS SELECT owner_id, count(*) FROM t_auth.notes GROUP BY owner_id;
BEGIN;
SELECT user_id FROM lucia_authenticate(:'ada');
EXECUTE who;
EXECUTE my_notes;
COMMIT;
BEGIN;
SELECT user_id FROM lucia_authenticate(:'bob');
EXECUTE who;
EXECUTE my_notes;
COMMIT;
EXECUTE who;
EXECUTE my_notes;
DEALLOCATE who;
DEALLOCATE my_notes;
RESET plan_cache_mode;

-- The two policy forms: (SELECT ...) is an initplan, evaluated once per statement; the bare call
-- is a filter evaluated per row.
EXPLAIN (COSTS OFF) SELECT body FROM t_auth.notes;
EXPLAIN (COSTS OFF) SELECT body FROM t_auth.notes_bare;

-- Parallel query. The initplan runs in the leader, which hands its value to the workers, so the
-- scan itself may be parallel; the bare call (PARALLEL RESTRICTED) keeps the whole scan in the
-- leader. Both return exactly the user's rows.
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
BEGIN;
SELECT user_id FROM lucia_authenticate(:'bob');
EXPLAIN (COSTS OFF) SELECT count(*) FROM t_auth.notes;
SELECT count(*) AS bobs_notes FROM t_auth.notes;
EXPLAIN (COSTS OFF) SELECT count(*) FROM t_auth.notes_bare;
SELECT count(*) AS bobs_notes FROM t_auth.notes_bare;
COMMIT;
-- A wrapper declared PARALLEL SAFE would take the call into the workers, which do not share the
-- leader's memory: there it raises rather than answer NULL.
SET parallel_leader_participation = off;
BEGIN;
SELECT user_id FROM lucia_authenticate(:'bob');
EXPLAIN (COSTS OFF) SELECT count(*) FROM t_auth.plain WHERE owner_id = t_auth.parallel_safe_user();
SELECT regress.err($$SELECT count(*) FROM t_auth.plain WHERE owner_id = t_auth.parallel_safe_user()$$);
COMMIT;
RESET parallel_leader_participation;
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
RESET max_parallel_workers_per_gather;

RESET ROLE;
DROP FUNCTION t_auth.parallel_safe_user(), t_auth.definer_sees(), t_auth.authenticate_then_fail(text), t_auth.clear_then_fail(),
    t_auth.authenticate_in_block(text);
DROP TABLE t_auth.notes, t_auth.notes_bare, t_auth.plain;
SELECT lucia_revoke_app('t_auth_app');
REVOKE ALL ON SCHEMA t_auth FROM t_auth_app;
DROP ROLE t_auth_app;
RESET lucia.tables_schema;
DROP SCHEMA t_auth CASCADE;
