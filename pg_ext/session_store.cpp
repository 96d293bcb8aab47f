// Session rows in auth_session: insert, find, renew, sweep.
#include "session_store.hpp"

#include "core_bridge.h"
#include "errors_pg.hpp"
#include "pinned_spi.hpp"
#include "session_insert_probe.hpp"
#include "session_lookup.hpp"
#include "settings.hpp"
#include "spi_plans.hpp"
#include "standby.hpp"

#include <string.h>

uint64 lucia_delete_dead_sessions_of(const char *user_id, int64 now_ms) {
    Datum args[2] = {CStringGetTextDatum(user_id), Int64GetDatum(now_ms)};
    return lucia_run(Q_SESSIONS_DELETE_DEAD_OF_USER, args, nullptr, false);
}

// Fresh expiries from the configured periods.
static void new_expiry(int64 now_ms, int64 *active_expires, int64 *idle_expires) {
    LuciaFailure failure;
    if (!lucia_bridge_new_session_expiry(now_ms, lucia_active_period_ms(), lucia_idle_period_ms(), active_expires,
                                         idle_expires, &failure))
        lucia_raise_failure(&failure);
}

// Runs a session insert; a foreign key violation of auth_session itself (a missing user, for
// the VALUES form) is raised as missing_user, the error the other forms raise when no row came.
static uint64 run_session_insert(LuciaQuery query, Datum *args, int missing_user, const char *detail) {
    MemoryContext context = CurrentMemoryContext;
    volatile uint64 rows = 0;
    PG_TRY();
    { rows = lucia_run(query, args, nullptr, false); }
    PG_CATCH();
    {
        MemoryContextSwitchTo(context);
        ErrorData *error = CopyErrorData();
        if (error->sqlerrcode != ERRCODE_FOREIGN_KEY_VIOLATION || error->table_name == nullptr ||
            strcmp(error->table_name, "auth_session") != 0)
            PG_RE_THROW();
        FlushErrorState();
        lucia_raise(missing_user, detail);
    }
    PG_END_TRY();
    return rows;
}

// A new session row; a missing user (or one deleted while we waited for it) raises missing_user.
static LuciaSessionRow *insert_session(const char *user_id, int64 now_ms, int write, MemoryContext context,
                                       int missing_user, const char *detail) {
    LuciaSessionRow *session = static_cast<LuciaSessionRow *>(MemoryContextAllocZero(context, sizeof(LuciaSessionRow)));
    session->session_id = static_cast<char *>(MemoryContextAlloc(context, LUCIA_SESSION_ID_LENGTH + 1));
    session->user_id = MemoryContextStrdup(context, user_id);
    LuciaFailure failure;
    if (!lucia_bridge_random_string(LUCIA_SESSION_ID_LENGTH, session->session_id, &failure))
        lucia_raise_failure(&failure);
    new_expiry(now_ms, &session->active_expires, &session->idle_expires);

    // The user row is locked (FOR KEY SHARE) by the insert itself, or by the table's foreign key
    // during it, so it cannot be deleted under the new session; with auto cleanup, and when the
    // user has dead sessions (or the index that tells is missing), the same statement deletes them,
    // after locking the user (lucia_delete_user's order: user first, then its sessions).
    Datum args[5] = {CStringGetTextDatum(session->session_id), CStringGetTextDatum(user_id),
                     Int64GetDatum(session->active_expires), Int64GetDatum(session->idle_expires),
                     Int64GetDatum(now_ms)};
    bool wants_sweep = lucia_bridge_sweeps_dead_sessions(write, lucia_auto_database_cleanup);
    LuciaSessionInsertProbe probe = lucia_probe_session_insert(user_id, now_ms, wants_sweep);
    bool sweep = wants_sweep && probe.dead_sessions != 0;
    LuciaQuery query = sweep                    ? Q_SESSION_INSERT_SWEEPING
                       : probe.user_foreign_key ? Q_SESSION_INSERT_VALUES
                                                : Q_SESSION_INSERT;
    if (run_session_insert(query, args, missing_user, detail) == 0) lucia_raise(missing_user, detail);
    return session;
}

LuciaSessionRow *lucia_insert_session(const char *user_id, int64 now_ms, MemoryContext context) {
    lucia_begin_write("creating a session");
    return insert_session(user_id, now_ms, LUCIA_WRITE_CREATE_SESSION, context, LUCIA_INVALID_USER_ID,
                          LUCIA_MSG_USER_MISSING);
}

// What `use` does with the session next; a dead one is refused as missing (core decides both),
// which on a standby may be lag.
static int next_step(const LuciaSessionRow *session, int64 now_ms, int use) {
    int step;
    LuciaFailure failure;
    if (!lucia_bridge_session_step(use, now_ms, session->active_expires, session->idle_expires, &step, &failure))
        lucia_raise_negative(failure.code, failure.detail);
    return step;
}

// The row through SPI: the session joined with its user, or a table the direct path cannot read.
static LuciaSessionRow *read_session_spi(const LuciaText *session_id, MemoryContext context, Datum *user_attributes,
                                         bool read_only) {
    Datum args[1] = {CStringGetTextDatum(session_id->data)};
    LuciaQuery query = user_attributes != nullptr ? Q_SESSION_USER_GET : Q_SESSION_GET;
    if (lucia_run(query, args, nullptr, read_only) == 0)
        lucia_raise_negative(LUCIA_INVALID_SESSION_ID, LUCIA_MSG_SESSION_MISSING);
    LuciaSessionRow *session = static_cast<LuciaSessionRow *>(MemoryContextAllocZero(context, sizeof(LuciaSessionRow)));
    bool isnull_active, isnull_idle;
    session->session_id = MemoryContextStrdup(context, session_id->data);
    session->user_id = lucia_result_text(0, 1, context);
    session->active_expires = lucia_result_int8(0, 2, &isnull_active);
    session->idle_expires = lucia_result_int8(0, 3, &isnull_idle);
    if (session->user_id == nullptr || isnull_active || isnull_idle)
        lucia_raise(LUCIA_INVALID_SESSION_ID, LUCIA_MSG_SESSION_ROW_NULLS);
    if (user_attributes != nullptr) *user_attributes = lucia_result_jsonb(0, 4, context);
    return session;
}

bool lucia_find_live_session_direct(const LuciaText *session_id, int64 now_ms, int use, MemoryContext context,
                                    Datum *user_attributes, bool read_only, LuciaSessionRow **session, int *step) {
    bool nulls_found = false;
    LuciaDirectLookup direct =
        user_attributes != nullptr
            ? lucia_lookup_session_user_direct(session_id->data, !read_only, context, session, &nulls_found,
                                               user_attributes)
            : lucia_lookup_session_direct(session_id->data, !read_only, context, session, &nulls_found);
    if (direct == LUCIA_DIRECT_UNAVAILABLE) return false;
    if (direct == LUCIA_DIRECT_MISSING) lucia_raise_negative(LUCIA_INVALID_SESSION_ID, LUCIA_MSG_SESSION_MISSING);
    if (nulls_found) lucia_raise(LUCIA_INVALID_SESSION_ID, LUCIA_MSG_SESSION_ROW_NULLS);
    *step = next_step(*session, now_ms, use);
    return true;
}

LuciaSessionRow *lucia_find_live_session_spi(const LuciaText *session_id, int64 now_ms, int use, MemoryContext context,
                                             Datum *user_attributes, bool read_only, int *step) {
    LuciaSessionRow *session = read_session_spi(session_id, context, user_attributes, read_only);
    *step = next_step(session, now_ms, use);
    return session;
}

LuciaSessionRow *lucia_find_live_session(const LuciaText *session_id, int64 now_ms, int use, MemoryContext context,
                                         Datum *user_attributes, bool read_only, int *step) {
    LuciaSessionRow *session = nullptr;
    if (lucia_find_live_session_direct(session_id, now_ms, use, context, user_attributes, read_only, &session, step))
        return session;
    return lucia_find_live_session_spi(session_id, now_ms, use, context, user_attributes, read_only, step);
}

// A validation is not read-only: a VOLATILE function sees rows written earlier in the same
// statement; get_session (STABLE) reads with the statement's snapshot.
LuciaSessionRow *lucia_read_live_session(const LuciaText *session_id, int64 now_ms, int use, MemoryContext context,
                                         Datum *user_attributes, bool *fresh) {
    bool read_only = use == LUCIA_USE_READ;
    LuciaSessionRow *session = nullptr;
    int step;
    *fresh = false;
    bool direct =
        lucia_find_live_session_direct(session_id, now_ms, use, context, user_attributes, read_only, &session, &step);
    if (direct && step == LUCIA_STEP_RETURN) return session;
    int nest_level = lucia_spi_connect_pinned();
    if (!direct)
        session = lucia_find_live_session_spi(session_id, now_ms, use, context, user_attributes, read_only, &step);
    if (step == LUCIA_STEP_RENEW) {
        session = lucia_renew_session_row(session, now_ms, context);
        *fresh = true;
    }
    lucia_spi_finish_pinned(nest_level);
    return session;
}

LuciaSessionRow *lucia_renew_session_row(const LuciaSessionRow *session, int64 now_ms, MemoryContext context) {
    lucia_begin_write("renewing a session");
    // The session being renewed lost its user to a concurrent lucia_delete_user (which deleted
    // the session too): to the caller, that session does not exist.
    if (lucia_renewal_mode == LUCIA_RENEWAL_ROTATE)
        return insert_session(session->user_id, now_ms, LUCIA_WRITE_RENEW_SESSION, context, LUCIA_INVALID_SESSION_ID,
                              LUCIA_MSG_SESSION_MISSING);

    // The user first, as every write path does, so a concurrent delete cannot deadlock with us.
    Datum user_arg[1] = {CStringGetTextDatum(session->user_id)};
    if (lucia_run(Q_USER_LOCK, user_arg, nullptr, false) == 0)
        lucia_raise(LUCIA_INVALID_SESSION_ID, LUCIA_MSG_SESSION_MISSING);
    LuciaSessionRow *renewed = static_cast<LuciaSessionRow *>(MemoryContextAlloc(context, sizeof(LuciaSessionRow)));
    *renewed = *session;
    new_expiry(now_ms, &renewed->active_expires, &renewed->idle_expires);
    Datum args[3] = {CStringGetTextDatum(session->session_id), Int64GetDatum(renewed->active_expires),
                     Int64GetDatum(renewed->idle_expires)};
    if (lucia_run(Q_SESSION_EXTEND, args, nullptr, false) == 0)
        lucia_raise(LUCIA_INVALID_SESSION_ID, LUCIA_MSG_SESSION_MISSING);
    if (lucia_bridge_sweeps_dead_sessions(LUCIA_WRITE_RENEW_SESSION, lucia_auto_database_cleanup))
        lucia_delete_dead_sessions_of(session->user_id, now_ms);
    return renewed;
}
