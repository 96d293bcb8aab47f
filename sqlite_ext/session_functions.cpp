// SQL functions over sessions: Lucia's createSession, getSession, validateSession, renewSession,
// invalidateSession and friends, plus the global sweep Lucia lacks.
#include "functions.hpp"
#include "session_store.hpp"
#include "write_transaction.hpp"

#include "core/argument_rules.hpp"
#include "core/session_expiry.hpp"

namespace lucia_sqlite {

void lucia_create_session(const Call& call) {
    std::string_view user_id = user_id_argument(call, 0);
    std::int64_t now = lucia::current_time_ms();
    WriteTransaction transaction(call.db());
    SessionRow session = insert_session(call, user_id, now);
    transaction.commit();
    result_json(call, session_json(session, now, true));
}

// Shared body of get_session and get_session_user: read only, never renews.
static void get_session(const Call& call, bool with_user) {
    std::string_view session_id = session_id_argument(call, 0);
    std::int64_t now = lucia::current_time_ms();
    std::optional<std::string> attributes;
    lucia::SessionStep step;
    SessionRow session =
        find_live_session(call, session_id, now, lucia::SessionUse::Read, with_user ? &attributes : nullptr, &step);
    result_json(call, session_json(session, now, false, attributes));
}

void lucia_get_session(const Call& call) {
    get_session(call, false);
}

void lucia_get_session_user(const Call& call) {
    get_session(call, true);
}

void lucia_validate_session(const Call& call) {
    result_json(call, validate_session(call, false));
}

void lucia_validate_session_user(const Call& call) {
    result_json(call, validate_session(call, true));
}

void lucia_renew_session(const Call& call) {
    std::string_view session_id = session_id_argument(call, 0);
    std::int64_t now = lucia::current_time_ms();
    WriteTransaction transaction(call.db());
    lucia::SessionStep step;
    SessionRow session = find_live_session(call, session_id, now, lucia::SessionUse::Renew, nullptr, &step);
    if (step == lucia::SessionStep::Renew) session = renew_session_row(call, session, now);
    transaction.commit();
    result_json(call, session_json(session, now, true));
}

// A JSON array of the user's live sessions; the dead ones are deleted, as Lucia always does.
void lucia_get_all_user_sessions(const Call& call) {
    std::string_view user_id = user_id_argument(call, 0);
    std::int64_t now = lucia::current_time_ms();
    WriteTransaction transaction(call.db());
    require_user(call, user_id);
    Statement sessions(call,
                       "SELECT id, CAST(active_expires AS INTEGER), CAST(idle_expires AS INTEGER) FROM @.auth_session "
                       "WHERE user_id = ?1 ORDER BY idle_expires, id");
    sessions.bind(1, user_id);
    std::string array = "[";
    while (sessions.step()) {
        if (sessions.is_null(1) || sessions.is_null(2)) continue;
        SessionRow session{sessions.text(0), std::string(user_id), sessions.int64(1), sessions.int64(2)};
        if (!lucia::session_is_live(now, session.active_expires, session.idle_expires)) continue;
        if (array.size() > 1) array += ',';
        array += session_json(session, now, false).view();
    }
    if (lucia::sweeps_dead_sessions(lucia::SessionWrite::ListUserSessions, call.settings().auto_database_cleanup))
        delete_dead_sessions_of(call, user_id, now);
    transaction.commit();
    result_json(call, array + "]");
}

void lucia_invalidate_session(const Call& call) {
    std::string_view session_id = lucia::invalidated_session_id_argument(optional_text(call, 0, "session id"));
    Statement(call, "DELETE FROM @.auth_session WHERE id = ?1").bind(1, session_id).run();
    sqlite3_result_null(call.context);
}

void lucia_invalidate_all_user_sessions(const Call& call) {
    std::string_view user_id = user_id_argument(call, 0);
    Statement(call, "DELETE FROM @.auth_session WHERE user_id = ?1").bind(1, user_id).run();
    sqlite3_result_null(call.context);
}

void lucia_delete_dead_user_sessions(const Call& call) {
    std::string_view user_id = user_id_argument(call, 0);
    sqlite3_result_int64(call.context, delete_dead_sessions_of(call, user_id, lucia::current_time_ms()));
}

// Every user's dead sessions, batch_size rows per transaction (each batch commits on its own
// when the caller is in autocommit), until a batch comes back short or max_batches is reached.
void lucia_delete_expired_sessions(const Call& call) {
    const std::int64_t batch_size =
        lucia::batch_size_argument(call.argc > 0 ? optional_integer(call, 0, "batch_size") : 10000);
    const std::optional<std::int64_t> max_batches =
        lucia::max_batches_argument(optional_integer(call, 1, "max_batches"));
    std::int64_t now = lucia::current_time_ms();
    // At most the sessions dead when the sweep began: a trigger that adds a dead session for each
    // one deleted would otherwise keep every batch full and the sweep running for ever.
    Statement count(call, "SELECT count(*) FROM @.auth_session WHERE idle_expires < ?1");
    count.bind(1, now).step();
    const std::int64_t dead_at_start = count.int64(0);
    std::int64_t total = 0;
    for (std::int64_t batch = 0; total < dead_at_start && (!max_batches.has_value() || batch < *max_batches); ++batch) {
        WriteTransaction transaction(call.db());
        Statement sweep(call,
                        "DELETE FROM @.auth_session WHERE id IN "
                        "(SELECT id FROM @.auth_session WHERE idle_expires < ?1 LIMIT ?2)");
        std::int64_t deleted = sweep.bind(1, now).bind(2, batch_size).run();
        transaction.commit();
        total += deleted;
        if (deleted < batch_size) break;
    }
    sqlite3_result_int64(call.context, total);
}

}  // namespace lucia_sqlite
