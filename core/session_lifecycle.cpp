#include "session_lifecycle.hpp"

#include "errors.hpp"
#include "session_expiry.hpp"

namespace lucia {

// Lucia's validateSession: dead is an error, idle renews, active is returned as it is.
SessionStep session_step(SessionUse use, std::int64_t now_ms, std::int64_t active_expires_ms,
                         std::int64_t idle_expires_ms) {
    SessionState state = session_state(now_ms, active_expires_ms, idle_expires_ms);
    // Not deleted here: in PostgreSQL the error would undo the delete, so dead rows are left to
    // the user's next sweep or lucia_delete_expired_sessions(), in every engine alike.
    if (state == SessionState::Dead) throw Error(ErrorCode::InvalidSessionId, messages::kSessionExpired);
    switch (use) {
        case SessionUse::Read: return SessionStep::Return;
        case SessionUse::Validate: return state == SessionState::Idle ? SessionStep::Renew : SessionStep::Return;
        case SessionUse::Renew: return SessionStep::Renew;
    }
    return SessionStep::Return;
}

// Lucia's getAllUserSessions filters with isValidDatabaseSession: not dead.
bool session_is_live(std::int64_t now_ms, std::int64_t active_expires_ms, std::int64_t idle_expires_ms) noexcept {
    return session_state(now_ms, active_expires_ms, idle_expires_ms) != SessionState::Dead;
}

// Lucia sweeps on createSession, renewSession and updateUserAttributes only with
// autoDatabaseCleanup, and in getAllUserSessions always.
bool sweeps_dead_sessions(SessionWrite write, bool auto_database_cleanup) noexcept {
    return write == SessionWrite::ListUserSessions || auto_database_cleanup;
}

// A renewal writes; refusing the request for it would log the user out of every read.
SessionUse request_session_use(bool can_write) noexcept {
    return can_write ? SessionUse::Validate : SessionUse::Read;
}

}  // namespace lucia
