// Prepared plans per backend. Why: validating a session should cost one index lookup, not a
// parse and plan. The plans are rebuilt when lucia.tables_schema names another schema.
#include "spi_plans.hpp"

#include "errors_pg.hpp"
#include "settings.hpp"

#include <string.h>

struct LuciaQueryText {
    const char *sql;  // '@' stands for the quoted tables schema
    int nargs;
    Oid argtypes[5];
};

// Columns are cast on the way out so that tables made by other tools (varchar ids, say) work.
static const LuciaQueryText query_texts[LUCIA_QUERY_COUNT] = {
    /* Q_USER_LOCK */
    {"SELECT 1 FROM @.auth_user WHERE id = $1 FOR KEY SHARE", 1, {TEXTOID}},
    /* Q_USER_EXISTS */
    {"SELECT 1 FROM @.auth_user WHERE id = $1", 1, {TEXTOID}},
    /* Q_USER_GET */
    {"SELECT to_jsonb(u) - 'id' FROM @.auth_user u WHERE u.id = $1", 1, {TEXTOID}},
    /* Q_USER_LOCK_FOR_DELETE: taken before the user's sessions and keys are deleted, so a
       transaction creating one (holding the user FOR KEY SHARE) finishes first, and one that starts
       later waits and then finds no user; every write path locks the user before its rows. */
    {"SELECT 1 FROM @.auth_user WHERE id = $1 FOR UPDATE", 1, {TEXTOID}},
    /* Q_USER_LOCK_FOR_SESSIONS_DELETE: taken before all of a user's sessions are deleted; it waits
       for another such deletion (two bulk DELETEs could lock the same rows in different orders)
       but not for transactions creating sessions (FOR KEY SHARE). */
    {"SELECT 1 FROM @.auth_user WHERE id = $1 FOR NO KEY UPDATE", 1, {TEXTOID}},
    /* Q_KEY_USER_LOCK: the user of a key, locked before the key is changed (the same order). */
    {"SELECT 1 FROM @.auth_user WHERE id = (SELECT user_id FROM @.auth_key WHERE id = $1) FOR KEY SHARE", 1, {TEXTOID}},
    /* Q_USER_DELETE */
    {"DELETE FROM @.auth_user WHERE id = $1", 1, {TEXTOID}},
    /* Q_SESSION_GET */
    {"SELECT user_id::text, active_expires::int8, idle_expires::int8 FROM @.auth_session WHERE id = $1", 1, {TEXTOID}},
    /* Q_SESSION_USER_GET */
    {"SELECT s.user_id::text, s.active_expires::int8, s.idle_expires::int8, to_jsonb(u) - 'id' "
     "FROM @.auth_session s JOIN @.auth_user u ON u.id = s.user_id WHERE s.id = $1",
     1,
     {TEXTOID}},
    /* Q_SESSION_INSERT: one statement, where checking the user, inserting and sweeping took three.
       No ON CONFLICT: a taken id (one chance in 62^40) is a unique violation, reported as
       AUTH_DUPLICATE_SESSION_ID (guarded_call.cpp), and the speculative insert cost every call. */
    {"INSERT INTO @.auth_session (id, user_id, active_expires, idle_expires) "
     "SELECT $1, $2, $3, $4 FROM @.auth_user WHERE id = $2 FOR KEY SHARE",
     4,
     {TEXTOID, TEXTOID, INT8OID, INT8OID}},
    /* Q_SESSION_INSERT_SWEEPING: the user is locked by the INSERT, which runs before the WITH's
       DELETE; the DELETE skips dead rows another transaction holds (a sweep, a user's deletion),
       so a login never waits on them. Used with and without a foreign key: the VALUES form would
       lock the user only in the foreign key's check, after the dead rows, the order that deadlocks. */
    {"WITH dead AS (DELETE FROM @.auth_session WHERE ctid = ANY (ARRAY(SELECT ctid FROM @.auth_session "
     "WHERE user_id = $2 AND idle_expires < $5 FOR UPDATE SKIP LOCKED))) "
     "INSERT INTO @.auth_session (id, user_id, active_expires, idle_expires) "
     "SELECT $1, $2, $3, $4 FROM @.auth_user WHERE id = $2 FOR KEY SHARE",
     5,
     {TEXTOID, TEXTOID, INT8OID, INT8OID, INT8OID}},
    /* Q_SESSION_INSERT_VALUES: the foreign key's check reads and locks the user (FOR KEY SHARE) as
       the query above does; a missing user is its violation, reported as AUTH_INVALID_USER_ID. */
    {"INSERT INTO @.auth_session (id, user_id, active_expires, idle_expires) VALUES ($1, $2, $3, $4)",
     4,
     {TEXTOID, TEXTOID, INT8OID, INT8OID}},
    /* Q_SESSION_EXTEND */
    {"UPDATE @.auth_session SET active_expires = $2, idle_expires = $3 WHERE id = $1", 3, {TEXTOID, INT8OID, INT8OID}},
    /* Q_SESSION_DELETE */
    {"DELETE FROM @.auth_session WHERE id = $1", 1, {TEXTOID}},
    /* Q_SESSIONS_OF_USER */
    {"SELECT id::text, active_expires::int8, idle_expires::int8 FROM @.auth_session WHERE user_id = $1 "
     "ORDER BY idle_expires, id",
     1,
     {TEXTOID}},
    /* Q_SESSIONS_DELETE_DEAD_OF_USER: skips rows another transaction holds (a sweep's batch), so
       a renewal or a listing never waits on them; they are that transaction's to delete. The rows
       are deleted by ctid (stable while we hold their lock): 1,000 dead rows took 9.6 ms so, 14.5
       ms by id (a primary-key lookup each), 7.5 ms for a plain DELETE that would wait. */
    {"DELETE FROM @.auth_session WHERE ctid = ANY (ARRAY(SELECT ctid FROM @.auth_session "
     "WHERE user_id = $1 AND idle_expires < $2 FOR UPDATE SKIP LOCKED))",
     2,
     {TEXTOID, INT8OID}},
    /* Q_SESSIONS_DELETE_OF_USER */
    {"DELETE FROM @.auth_session WHERE user_id = $1", 1, {TEXTOID}},
    /* Q_SESSIONS_SWEEP_DEAD: = ANY(ARRAY(...)) deletes the batch by primary key; the generic plan
       of IN (SELECT ...) was a hash semi-join that read the whole table once per batch. */
    {"DELETE FROM @.auth_session WHERE id = ANY (ARRAY(SELECT id FROM @.auth_session WHERE idle_expires < $1 "
     "LIMIT $2 FOR UPDATE SKIP LOCKED))",
     2,
     {INT8OID, INT8OID}},
    /* Q_KEY_GET */
    {"SELECT id::text, user_id::text, primary_key::bool, hashed_password::text, expires::int8 "
     "FROM @.auth_key WHERE id = $1",
     1,
     {TEXTOID}},
    /* Q_KEYS_OF_USER */
    {"SELECT id::text, user_id::text, primary_key::bool, hashed_password::text, expires::int8 "
     "FROM @.auth_key WHERE user_id = $1 ORDER BY id",
     1,
     {TEXTOID}},
    /* Q_KEY_INSERT */
    {"INSERT INTO @.auth_key (id, user_id, hashed_password, primary_key, expires) "
     "VALUES ($1, $2, $3, $4, $5) ON CONFLICT (id) DO NOTHING",
     5,
     {TEXTOID, TEXTOID, TEXTOID, BOOLOID, INT8OID}},
    /* Q_KEY_CONSUME */
    {"DELETE FROM @.auth_key WHERE id = $1 AND NOT primary_key", 1, {TEXTOID}},
    /* Q_KEY_UPDATE_PASSWORD */
    {"UPDATE @.auth_key SET hashed_password = $2 WHERE id = $1 "
     "RETURNING id::text, user_id::text, primary_key::bool, hashed_password::text, expires::int8",
     2,
     {TEXTOID, TEXTOID}},
    /* Q_KEYS_DELETE_OF_USER */
    {"DELETE FROM @.auth_key WHERE user_id = $1", 1, {TEXTOID}},
};

static SPIPlanPtr cached_plans[LUCIA_QUERY_COUNT];
static char cached_schema[NAMEDATALEN * 2 + 3];

const char *lucia_quoted_tables_schema(void) {
    const char *schema = lucia_tables_schema_name();
    return quote_identifier(schema);
}

// Drops every kept plan when the schema setting changed since they were made.
static void forget_plans_of_other_schema(const char *quoted_schema) {
    if (strcmp(cached_schema, quoted_schema) == 0) return;
    for (int i = 0; i < LUCIA_QUERY_COUNT; ++i) {
        if (cached_plans[i] != nullptr) SPI_freeplan(cached_plans[i]);
        cached_plans[i] = nullptr;
    }
    strlcpy(cached_schema, quoted_schema, sizeof(cached_schema));
}

// The query's SQL with '@' replaced by the schema.
static char *query_sql(LuciaQuery query, const char *quoted_schema) {
    StringInfoData sql;
    initStringInfo(&sql);
    for (const char *p = query_texts[query].sql; *p != '\0'; ++p) {
        if (*p == '@')
            appendStringInfoString(&sql, quoted_schema);
        else
            appendStringInfoChar(&sql, *p);
    }
    return sql.data;
}

// The kept plan for a query, preparing it on first use in this backend.
static SPIPlanPtr plan_for(LuciaQuery query) {
    const char *quoted_schema = lucia_quoted_tables_schema();
    forget_plans_of_other_schema(quoted_schema);
    if (cached_plans[query] == nullptr) {
        const LuciaQueryText *text = &query_texts[query];
        // A generic plan from the first call: these are key lookups, the same plan for every value.
        SPIPlanPtr plan = SPI_prepare_cursor(query_sql(query, quoted_schema), text->nargs,
                                             const_cast<Oid *>(text->argtypes), CURSOR_OPT_GENERIC_PLAN);
        if (plan == nullptr) elog(ERROR, "lucia: SPI_prepare failed: %s", SPI_result_code_string(SPI_result));
        if (SPI_keepplan(plan) != 0) elog(ERROR, "lucia: SPI_keepplan failed");
        cached_plans[query] = plan;
    }
    return cached_plans[query];
}

uint64 lucia_run(LuciaQuery query, Datum *values, const char *nulls, bool read_only) {
    int rc = SPI_execute_plan(plan_for(query), values, nulls, read_only, 0);
    if (rc < 0) elog(ERROR, "lucia: query failed: %s", SPI_result_code_string(rc));
    return SPI_processed;
}

char *lucia_result_text(uint64 row, int column, MemoryContext context) {
    bool isnull;
    Datum value = SPI_getbinval(SPI_tuptable->vals[row], SPI_tuptable->tupdesc, column, &isnull);
    if (isnull) return nullptr;
    MemoryContext old = MemoryContextSwitchTo(context);
    char *copy = TextDatumGetCString(value);
    MemoryContextSwitchTo(old);
    return copy;
}

int64 lucia_result_int8(uint64 row, int column, bool *isnull) {
    Datum value = SPI_getbinval(SPI_tuptable->vals[row], SPI_tuptable->tupdesc, column, isnull);
    return *isnull ? 0 : DatumGetInt64(value);
}

bool lucia_result_bool(uint64 row, int column) {
    bool isnull;
    Datum value = SPI_getbinval(SPI_tuptable->vals[row], SPI_tuptable->tupdesc, column, &isnull);
    return !isnull && DatumGetBool(value);
}

Datum lucia_result_jsonb(uint64 row, int column, MemoryContext context) {
    bool isnull;
    Datum value = SPI_getbinval(SPI_tuptable->vals[row], SPI_tuptable->tupdesc, column, &isnull);
    if (isnull) return (Datum)0;
    MemoryContext old = MemoryContextSwitchTo(context);
    Datum copy = PointerGetDatum(PG_DETOAST_DATUM_COPY(value));
    MemoryContextSwitchTo(old);
    return copy;
}
