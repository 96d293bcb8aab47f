// SQL functions over users: Lucia's createUser, getUser, updateUserAttributes, deleteUser.
#include "arguments.hpp"
#include "core_bridge.h"
#include "errors_pg.hpp"
#include "guarded_call.hpp"
#include "key_store.hpp"
#include "result_rows.hpp"
#include "session_store.hpp"
#include "settings.hpp"
#include "spi_plans.hpp"
#include "standby.hpp"
#include "subtransaction.hpp"
#include "user_attributes.hpp"

// The attributes argument, or NULL for SQL NULL (no attributes).
static Jsonb *attributes_arg(FunctionCallInfo fcinfo, int argno) {
    return PG_ARGISNULL(argno) ? nullptr : PG_GETARG_JSONB_P(argno);
}

// Runs a user INSERT/UPDATE built by user_attributes.cpp; returns the attributes (or 0 if no row).
static Datum run_user_sql(const char *sql, const char *user_id, Jsonb *attributes, MemoryContext context) {
    Oid types[2] = {TEXTOID, JSONBOID};
    Datum args[2] = {CStringGetTextDatum(user_id), attributes ? JsonbPGetDatum(attributes) : (Datum)0};
    char nulls[3] = {' ', static_cast<char>(attributes ? ' ' : 'n'), '\0'};
    int rc = SPI_execute_with_args(sql, 2, types, args, nulls, false, 0);
    if (rc < 0) elog(ERROR, "lucia: user query failed: %s", SPI_result_code_string(rc));
    return SPI_processed == 0 ? (Datum)0 : lucia_result_jsonb(0, 1, context);
}

// lucia_create_user(provider_id, provider_user_id, password, attributes, user_id) -> lucia_user.
// The user and its primary key are written in one statement's work: a taken key id leaves no user.
LUCIA_TABLE_FUNCTION(lucia_create_user) {
    bool with_key = !(PG_ARGISNULL(0) && PG_ARGISNULL(1));
    LuciaText password = lucia_password_arg(fcinfo, 2);
    LuciaFailure failure;
    if (!lucia_bridge_check_password_has_key(with_key, password.data != nullptr, &failure))
        lucia_raise_failure(&failure);
    LuciaKeyRow key = {};
    if (with_key) key.key_id = lucia_key_id_args(fcinfo, 0, 1).data;
    Jsonb *attributes = attributes_arg(fcinfo, 3);

    char *user_id;
    if (PG_ARGISNULL(4)) {
        user_id = static_cast<char *>(palloc(16));
        if (!lucia_bridge_random_string(15, user_id, &failure)) lucia_raise_failure(&failure);
    } else {
        LuciaText custom = lucia_text_arg(fcinfo, 4);
        if (!lucia_bridge_check_custom_user_id(custom.data, custom.length, &failure)) lucia_raise_failure(&failure);
        user_id = custom.data;
    }
    char *insert_sql = lucia_user_insert_sql(attributes);
    lucia_begin_write("creating a user");
    // Hash before touching the tables, so no lock is held during scrypt's 60 ms.
    key.hashed_password = lucia_hash_password_arg(&password, true);
    lucia_wipe_password(&password);

    MemoryContext outer = CurrentMemoryContext;
    SPI_connect();
    Datum stored = run_user_sql(insert_sql, user_id, attributes, outer);
    if (SPI_processed == 0) lucia_raise(LUCIA_DUPLICATE_USER_ID, LUCIA_MSG_USER_EXISTS);
    if (with_key) {
        key.user_id = user_id;
        key.primary_key = true;
        lucia_insert_key(&key);
    }
    SPI_finish();
    return lucia_user_datum(fcinfo, user_id, stored);
}

// lucia_get_user(user_id) -> lucia_user
LUCIA_TABLE_FUNCTION(lucia_get_user) {
    LuciaText user_id = lucia_user_id_arg(fcinfo, 0);
    MemoryContext outer = CurrentMemoryContext;
    SPI_connect();
    Datum args[1] = {CStringGetTextDatum(user_id.data)};
    if (lucia_run(Q_USER_GET, args, nullptr, true) == 0)
        lucia_raise_negative(LUCIA_INVALID_USER_ID, LUCIA_MSG_USER_MISSING);
    Datum attributes = lucia_result_jsonb(0, 1, outer);
    SPI_finish();
    return lucia_user_datum(fcinfo, user_id.data, attributes);
}

// lucia_update_user_attributes(user_id, attributes) -> lucia_user; sweeps the user's dead sessions
// when lucia.auto_database_cleanup is on, as Lucia does.
LUCIA_TABLE_FUNCTION(lucia_update_user_attributes) {
    LuciaText user_id = lucia_user_id_arg(fcinfo, 0);
    Jsonb *attributes = attributes_arg(fcinfo, 1);
    char *update_sql = lucia_user_update_sql(attributes);
    lucia_begin_write("updating a user");
    int64 now = lucia_bridge_current_time_ms();
    MemoryContext outer = CurrentMemoryContext;
    SPI_connect();
    Datum stored;
    if (update_sql != nullptr) {
        stored = run_user_sql(update_sql, user_id.data, attributes, outer);
    } else {
        Datum args[1] = {CStringGetTextDatum(user_id.data)};
        stored = lucia_run(Q_USER_GET, args, nullptr, false) == 0 ? (Datum)0 : lucia_result_jsonb(0, 1, outer);
    }
    if (SPI_processed == 0) lucia_raise(LUCIA_INVALID_USER_ID, LUCIA_MSG_USER_MISSING);
    if (lucia_bridge_sweeps_dead_sessions(LUCIA_WRITE_UPDATE_USER, lucia_auto_database_cleanup))
        lucia_delete_dead_sessions_of(user_id.data, now);
    SPI_finish();
    return lucia_user_datum(fcinfo, user_id.data, stored);
}

// Deletes the user's sessions, its keys and the user in a subtransaction; false (nothing of the
// attempt kept) when the user's delete met a session or key that appeared after ours were deleted.
// Why: the storm test (tests/pg/user_delete_storm_test.sh, 24 clients) still saw that about once
// in 25,000 deletes although every writer locks the user first; a retry deletes the newcomer.
static void delete_user_rows_once(void *args_pointer) {
    Datum *args = static_cast<Datum *>(args_pointer);
    lucia_run(Q_SESSIONS_DELETE_OF_USER, args, nullptr, false);
    lucia_run(Q_KEYS_DELETE_OF_USER, args, nullptr, false);
    lucia_run(Q_USER_DELETE, args, nullptr, false);
}

// The one error a retry can cure: a session or key that appeared after ours were deleted.
static bool is_foreign_key_violation(int sqlerrcode) {
    return sqlerrcode == ERRCODE_FOREIGN_KEY_VIOLATION;
}

static bool delete_user_rows(Datum *args) {
    return lucia_try_in_subtransaction(delete_user_rows_once, args, is_foreign_key_violation);
}

// lucia_delete_user(user_id): sessions, keys, then the user, all or nothing. No error if missing.
// The user row is locked FOR UPDATE first: a transaction adding a session or key to it commits
// before we read them (so they are deleted too, no foreign-key error), and a later one waits and
// finds no user. Every write path locks the user before its sessions and keys, so no deadlock.
// No user row (or one not yet committed): nothing is deleted, so a user created meanwhile is
// never deleted unlocked. A row that appears anyway is deleted by a second attempt (above).
LUCIA_TABLE_FUNCTION(lucia_delete_user) {
    LuciaText user_id = lucia_user_id_arg(fcinfo, 0);
    lucia_begin_write("deleting a user");
    SPI_connect();
    Datum args[1] = {CStringGetTextDatum(user_id.data)};
    if (lucia_run(Q_USER_LOCK_FOR_DELETE, args, nullptr, false) != 0) {
        const int attempts = 5;
        bool deleted = false;
        for (int attempt = 0; attempt < attempts - 1 && !deleted; ++attempt) deleted = delete_user_rows(args);
        if (!deleted) {
            // The last attempt outside a subtransaction: its error, if any, is the caller's.
            lucia_run(Q_SESSIONS_DELETE_OF_USER, args, nullptr, false);
            lucia_run(Q_KEYS_DELETE_OF_USER, args, nullptr, false);
            lucia_run(Q_USER_DELETE, args, nullptr, false);
        }
    }
    SPI_finish();
    PG_RETURN_VOID();
}
