// SQL functions over sessions: Lucia's createSession, getSession, validateSession, renewSession,
// invalidateSession and friends, plus the global sweep Lucia lacks.
#include "arguments.hpp"
#include "core_bridge.h"
#include "errors_pg.hpp"
#include "guarded_call.hpp"
#include "pinned_spi.hpp"
#include "result_rows.hpp"
#include "session_store.hpp"
#include "settings.hpp"
#include "spi_plans.hpp"
#include "standby.hpp"

// lucia_create_session(user_id) -> lucia_session; declared without a SET clause, so its insert
// runs with the search_path pinned (pinned_spi.hpp).
LUCIA_TABLE_FUNCTION(lucia_create_session) {
    LuciaText user_id = lucia_user_id_arg(fcinfo, 0);
    int64 now = lucia_bridge_current_time_ms();
    MemoryContext outer = CurrentMemoryContext;
    int nest_level = lucia_spi_connect_pinned();
    LuciaSessionRow *session = lucia_insert_session(user_id.data, now, outer);
    lucia_spi_finish_pinned(nest_level);
    return lucia_session_datum(fcinfo, session, now, true, (Datum)0);
}

// Shared body of get_session, validate_session and their _user forms (lucia_read_live_session).
static Datum read_session(FunctionCallInfo fcinfo, int use, bool with_user) {
    LuciaText session_id = lucia_session_id_arg(fcinfo, 0);
    int64 now = lucia_bridge_current_time_ms();
    Datum attributes = (Datum)0;
    bool fresh;
    LuciaSessionRow *session =
        lucia_read_live_session(&session_id, now, use, CurrentMemoryContext, with_user ? &attributes : nullptr, &fresh);
    return lucia_session_datum(fcinfo, session, now, fresh, attributes);
}

// lucia_get_session(session_id) -> lucia_session
LUCIA_TABLE_FUNCTION(lucia_get_session) {
    return read_session(fcinfo, LUCIA_USE_READ, false);
}

// lucia_get_session_user(session_id) -> lucia_session_user
LUCIA_TABLE_FUNCTION(lucia_get_session_user) {
    return read_session(fcinfo, LUCIA_USE_READ, true);
}

// lucia_validate_session(session_id) -> lucia_session
LUCIA_TABLE_FUNCTION(lucia_validate_session) {
    return read_session(fcinfo, LUCIA_USE_VALIDATE, false);
}

// lucia_validate_session_user(session_id) -> lucia_session_user
LUCIA_TABLE_FUNCTION(lucia_validate_session_user) {
    return read_session(fcinfo, LUCIA_USE_VALIDATE, true);
}

// lucia_renew_session(session_id) -> lucia_session; like Lucia, active sessions renew too.
LUCIA_TABLE_FUNCTION(lucia_renew_session) {
    LuciaText session_id = lucia_session_id_arg(fcinfo, 0);
    int64 now = lucia_bridge_current_time_ms();
    MemoryContext outer = CurrentMemoryContext;
    SPI_connect();
    int step;
    LuciaSessionRow *session = lucia_find_live_session(&session_id, now, LUCIA_USE_RENEW, outer, nullptr, false, &step);
    if (step == LUCIA_STEP_RENEW) session = lucia_renew_session_row(session, now, outer);
    SPI_finish();
    return lucia_session_datum(fcinfo, session, now, true, (Datum)0);
}

// lucia_get_all_user_sessions(user_id) -> SETOF lucia_session; deletes the dead ones, as Lucia
// does whatever autoDatabaseCleanup says, except on a standby or in a read-only transaction,
// which can neither lock nor delete and so only read.
LUCIA_TABLE_FUNCTION(lucia_get_all_user_sessions) {
    LuciaText user_id = lucia_user_id_arg(fcinfo, 0);
    int64 now = lucia_bridge_current_time_ms();
    InitMaterializedSRF(fcinfo, 0);
    ReturnSetInfo *rsinfo = reinterpret_cast<ReturnSetInfo *>(fcinfo->resultinfo);
    bool read_only = lucia_cannot_write();
    SPI_connect();
    Datum user_arg[1] = {CStringGetTextDatum(user_id.data)};
    if (lucia_run(read_only ? Q_USER_EXISTS : Q_USER_LOCK, user_arg, nullptr, false) == 0)
        lucia_raise_negative(LUCIA_INVALID_USER_ID, LUCIA_MSG_USER_MISSING);
    uint64 count = lucia_run(Q_SESSIONS_OF_USER, user_arg, nullptr, false);
    for (uint64 row = 0; row < count; ++row) {
        LuciaSessionRow session;
        bool isnull_active, isnull_idle;
        session.session_id = lucia_result_text(row, 1, CurrentMemoryContext);
        session.user_id = user_id.data;
        session.active_expires = lucia_result_int8(row, 2, &isnull_active);
        session.idle_expires = lucia_result_int8(row, 3, &isnull_idle);
        if (isnull_active || isnull_idle ||
            !lucia_bridge_session_is_live(now, session.active_expires, session.idle_expires))
            continue;
        Datum values[LUCIA_SESSION_FIELDS];
        bool nulls[LUCIA_SESSION_FIELDS];
        lucia_session_fields(&session, now, false, values, nulls);
        tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
    }
    // Read only: a standby or a read-only transaction can neither lock nor delete.
    if (!read_only && lucia_bridge_sweeps_dead_sessions(LUCIA_WRITE_LIST_USER_SESSIONS, lucia_auto_database_cleanup))
        lucia_delete_dead_sessions_of(user_id.data, now);
    SPI_finish();
    return (Datum)0;
}

// lucia_invalidate_session(session_id): no error when it does not exist (Lucia).
LUCIA_TABLE_FUNCTION(lucia_invalidate_session) {
    LuciaText session_id = lucia_invalidated_session_id_arg(fcinfo, 0);
    lucia_begin_write("invalidating a session");
    SPI_connect();
    Datum args[1] = {CStringGetTextDatum(session_id.data)};
    lucia_run(Q_SESSION_DELETE, args, nullptr, false);
    SPI_finish();
    PG_RETURN_VOID();
}

// lucia_invalidate_all_user_sessions(user_id). The user is locked first (lucia_delete_user's
// order), in a mode that makes a second bulk delete of its sessions wait for this one but lets
// logins through; a missing user is no error and has no sessions to delete.
LUCIA_TABLE_FUNCTION(lucia_invalidate_all_user_sessions) {
    LuciaText user_id = lucia_user_id_arg(fcinfo, 0);
    lucia_begin_write("invalidating sessions");
    SPI_connect();
    Datum args[1] = {CStringGetTextDatum(user_id.data)};
    if (lucia_run(Q_USER_LOCK_FOR_SESSIONS_DELETE, args, nullptr, false) != 0)
        lucia_run(Q_SESSIONS_DELETE_OF_USER, args, nullptr, false);
    SPI_finish();
    PG_RETURN_VOID();
}

// lucia_delete_dead_user_sessions(user_id) -> bigint, the number deleted.
LUCIA_TABLE_FUNCTION(lucia_delete_dead_user_sessions) {
    LuciaText user_id = lucia_user_id_arg(fcinfo, 0);
    lucia_begin_write("deleting dead sessions");
    int64 now = lucia_bridge_current_time_ms();
    SPI_connect();
    uint64 deleted = lucia_delete_dead_sessions_of(user_id.data, now);
    SPI_finish();
    PG_RETURN_INT64(static_cast<int64>(deleted));
}

// lucia_delete_expired_sessions(batch_size, max_batches) -> bigint. Deletes dead sessions of all
// users, batch_size rows per statement, skipping rows that others hold locked; max_batches NULL
// means until none are left. Call it with max_batches => 1 in a loop to commit between batches.
LUCIA_TABLE_FUNCTION(lucia_delete_expired_sessions) {
    int32 batch_size = lucia_batch_size_arg(fcinfo, 0);
    int64 max_batches = lucia_max_batches_arg(fcinfo, 1);
    lucia_begin_write("deleting expired sessions");
    int64 now = lucia_bridge_current_time_ms();
    int64 total = 0;
    SPI_connect();
    for (int64 batch = 0; max_batches < 0 || batch < max_batches; ++batch) {
        CHECK_FOR_INTERRUPTS();
        Datum args[2] = {Int64GetDatum(now), Int64GetDatum(batch_size)};
        uint64 deleted = lucia_run(Q_SESSIONS_SWEEP_DEAD, args, nullptr, false);
        total += static_cast<int64>(deleted);
        if (deleted < static_cast<uint64>(batch_size)) break;
    }
    SPI_finish();
    PG_RETURN_INT64(total);
}
