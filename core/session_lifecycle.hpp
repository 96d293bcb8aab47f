// Lucia's session lifecycle decisions (spec section 3), made once for every engine: which
// sessions count, what a validation does with one, how a renewal writes, when dead sessions go.
// The adapters read and write the rows; these functions only decide.
#pragma once
#include "no_database_headers.hpp"
#include "session_lifecycle.def"

#include <cstdint>

namespace lucia {

// Read: getSession; Validate: validateSession; Renew: renewSession.
enum class SessionUse {
#define LUCIA_USE_ENUMERATOR(cpp_name, c_name) cpp_name,
    LUCIA_SESSION_USES(LUCIA_USE_ENUMERATOR)
#undef LUCIA_USE_ENUMERATOR
};

// Return: hand the session back as it was read; Renew: renew it and return that (lucia.renewal says
// how: "rotate", Lucia v1's, inserts a new session; "extend" moves the expiries forward in place).
enum class SessionStep {
#define LUCIA_STEP_ENUMERATOR(cpp_name, c_name) cpp_name,
    LUCIA_SESSION_STEPS(LUCIA_STEP_ENUMERATOR)
#undef LUCIA_STEP_ENUMERATOR
};

// The writes after which the user's dead sessions may be swept (sweeps_dead_sessions).
enum class SessionWrite {
#define LUCIA_WRITE_ENUMERATOR(cpp_name, c_name) cpp_name,
    LUCIA_SESSION_WRITES(LUCIA_WRITE_ENUMERATOR)
#undef LUCIA_WRITE_ENUMERATOR
};

// A dead session counts as missing: throws Error(InvalidSessionId, "session has expired") for
// one. Otherwise: a read returns it; a validation returns an active session and renews an idle
// one; renewSession renews any live session (Lucia renews active ones too).
SessionStep session_step(SessionUse use, std::int64_t now_ms, std::int64_t active_expires_ms,
                         std::int64_t idle_expires_ms);

// Whether a listing shows the session: dead sessions are not listed (and not returned, above).
bool session_is_live(std::int64_t now_ms, std::int64_t active_expires_ms, std::int64_t idle_expires_ms) noexcept;

// Whether `write` also deletes the user's dead sessions: always when listing them (Lucia's
// getAllUserSessions does, whatever autoDatabaseCleanup says), else as lucia.auto_database_cleanup says.
bool sweeps_dead_sessions(SessionWrite write, bool auto_database_cleanup) noexcept;

// How a request's session is used when a proxy's request authenticates with it (PostgREST's
// pre-request): validated (an idle session renews) where the transaction can write, read (an idle
// session counts as it is, its renewal left to the next request that can write) where it cannot,
// as on a standby or in PostgREST's read-only GET transactions.
SessionUse request_session_use(bool can_write) noexcept;

}  // namespace lucia
