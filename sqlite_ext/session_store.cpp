#include "session_store.hpp"
#include "write_transaction.hpp"

#include "core/random_id.hpp"
#include "core/session_expiry.hpp"

namespace lucia_sqlite {

namespace {

lucia::SessionExpiry new_expiry(const Call& call, std::int64_t now_ms) {
    return lucia::new_session_expiry(now_ms, call.settings().active_period_seconds * 1000,
                                     call.settings().idle_period_seconds * 1000);
}

}  // namespace

void require_user(const Call& call, std::string_view user_id) {
    Statement user(call, "SELECT 1 FROM @.auth_user WHERE id = ?1");
    if (!user.bind(1, user_id).step())
        throw lucia::Error(lucia::ErrorCode::InvalidUserId, lucia::messages::kUserMissing);
}

std::int64_t delete_dead_sessions_of(const Call& call, std::string_view user_id, std::int64_t now_ms) {
    Statement sweep(call, "DELETE FROM @.auth_session WHERE user_id = ?1 AND idle_expires < ?2");
    return sweep.bind(1, user_id).bind(2, now_ms).run();
}

namespace {

// A new session row for an existing user; `write` tells core why, which decides the sweep.
SessionRow insert_session_for(const Call& call, std::string_view user_id, std::int64_t now_ms,
                              lucia::SessionWrite write) {
    SessionRow session;
    session.session_id = lucia::generate_random_string(lucia::kSessionIdLength);
    session.user_id = std::string(user_id);
    lucia::SessionExpiry expiry = new_expiry(call, now_ms);
    session.active_expires = expiry.active_expires_ms;
    session.idle_expires = expiry.idle_expires_ms;
    require_user(call, user_id);
    // The sweep before the insert, so that the new session is the last write (see WriteTransaction).
    if (lucia::sweeps_dead_sessions(write, call.settings().auto_database_cleanup))
        delete_dead_sessions_of(call, user_id, now_ms);
    Statement insert(call,
                     "INSERT INTO @.auth_session (id, user_id, active_expires, idle_expires) VALUES (?1, ?2, ?3, ?4) "
                     "ON CONFLICT (id) DO NOTHING");
    if (insert.bind(1, session.session_id)
            .bind(2, user_id)
            .bind(3, session.active_expires)
            .bind(4, session.idle_expires)
            .run() == 0)
        throw lucia::Error(lucia::ErrorCode::DuplicateSessionId, lucia::messages::kSessionIdExists);
    return session;
}

}  // namespace

SessionRow insert_session(const Call& call, std::string_view user_id, std::int64_t now_ms) {
    return insert_session_for(call, user_id, now_ms, lucia::SessionWrite::CreateSession);
}

SessionRow find_live_session(const Call& call, std::string_view session_id, std::int64_t now_ms, lucia::SessionUse use,
                             std::optional<std::string>* user_attributes, lucia::SessionStep* step) {
    // The expiries are read as CAST(... AS INTEGER) gives them (optional_cast_int64), without the
    // CAST in the SQL, which cost the statement two more steps of SQLite's virtual machine.
    const char* sql = user_attributes != nullptr
                          ? "SELECT s.user_id, s.active_expires, s.idle_expires, u.* "
                            "FROM @.auth_session s JOIN @.auth_user u ON u.id = s.user_id WHERE s.id = ?1"
                          : "SELECT user_id, active_expires, idle_expires FROM @.auth_session WHERE id = ?1";
    Statement read(call, sql);
    // The id is the call's own argument, unchanged until the call returns.
    if (!read.bind_borrowed(1, session_id).step())
        throw lucia::Error(lucia::ErrorCode::InvalidSessionId, lucia::messages::kSessionMissing);
    std::optional<std::string> user_id = read.optional_text(0);
    std::optional<std::int64_t> active_expires = read.optional_cast_int64(1);
    std::optional<std::int64_t> idle_expires = read.optional_cast_int64(2);
    if (!user_id.has_value() || !active_expires.has_value() || !idle_expires.has_value())
        throw lucia::Error(lucia::ErrorCode::InvalidSessionId, lucia::messages::kSessionRowNulls);
    SessionRow session{std::string(session_id), std::move(*user_id), *active_expires, *idle_expires};
    if (user_attributes != nullptr) *user_attributes = attributes_json(read, 3);
    *step = lucia::session_step(use, now_ms, session.active_expires, session.idle_expires);
    return session;
}

SessionRow renew_session_row(const Call& call, const SessionRow& session, std::int64_t now_ms) {
    if (!call.settings().renewal_extend)
        return insert_session_for(call, session.user_id, now_ms, lucia::SessionWrite::RenewSession);
    SessionRow renewed = session;
    lucia::SessionExpiry expiry = new_expiry(call, now_ms);
    renewed.active_expires = expiry.active_expires_ms;
    renewed.idle_expires = expiry.idle_expires_ms;
    // The sweep before the update, so that the renewal is the last write (see WriteTransaction).
    if (lucia::sweeps_dead_sessions(lucia::SessionWrite::RenewSession, call.settings().auto_database_cleanup))
        delete_dead_sessions_of(call, session.user_id, now_ms);
    Statement extend(call, "UPDATE @.auth_session SET active_expires = ?2, idle_expires = ?3 WHERE id = ?1");
    if (extend.bind(1, session.session_id).bind(2, renewed.active_expires).bind(3, renewed.idle_expires).run() == 0)
        throw lucia::Error(lucia::ErrorCode::InvalidSessionId, lucia::messages::kSessionMissing);
    return renewed;
}

namespace {

// A validation's result: the session's object, and its user id for a caller that asked for it.
lucia::JsonText validated(SessionRow& session, std::int64_t now_ms, bool fresh,
                          const std::optional<std::string>& attributes, std::string* user_id) {
    lucia::JsonText json = session_json(session, now_ms, fresh, attributes);
    if (user_id != nullptr) *user_id = std::move(session.user_id);
    return json;
}

}  // namespace

// One body for lucia_validate_session, its _user form and lucia_authenticate. A session returned
// as read (an active one) needs no write lock; one to renew (an idle one) is read again inside the
// write transaction, then renewed.
lucia::JsonText validate_session(const Call& call, bool with_user, std::string* user_id) {
    std::string_view session_id = session_id_argument(call, 0);
    std::int64_t now = lucia::current_time_ms();
    std::optional<std::string> attributes;
    std::optional<std::string>* wanted = with_user ? &attributes : nullptr;
    lucia::SessionStep step;
    SessionRow session = find_live_session(call, session_id, now, lucia::SessionUse::Validate, wanted, &step);
    if (step == lucia::SessionStep::Return) return validated(session, now, false, attributes, user_id);
    WriteTransaction transaction(call.db());
    session = find_live_session(call, session_id, now, lucia::SessionUse::Validate, wanted, &step);
    bool fresh = false;
    if (step == lucia::SessionStep::Renew) {
        session = renew_session_row(call, session, now);
        fresh = true;
    }
    transaction.commit();
    return validated(session, now, fresh, attributes, user_id);
}

}  // namespace lucia_sqlite
