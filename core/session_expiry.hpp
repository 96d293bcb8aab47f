// Session expiry policy: active/idle/dead from millisecond expiries (spec section 3).
#pragma once
#include "no_database_headers.hpp"
#include "error_codes.def"

#include <cstdint>

namespace lucia {

// The default periods are lucia.active_period and lucia.idle_period in core/settings.def.

// From core/error_codes.def, which pg_ext/core_bridge.h's LuciaSessionState mirrors.
enum class SessionState {
#define LUCIA_STATE_ENUMERATOR(cpp_name, c_name, word) cpp_name,
    LUCIA_SESSION_STATES(LUCIA_STATE_ENUMERATOR)
#undef LUCIA_STATE_ENUMERATOR
};

// "active" / "idle" / "dead", the strings Lucia puts in session.state.
const char* session_state_name(SessionState state) noexcept;

// now > idle: dead; else now > active: idle; else active. Equality counts as valid.
SessionState session_state(std::int64_t now_ms, std::int64_t active_expires_ms, std::int64_t idle_expires_ms) noexcept;

struct SessionExpiry {
    std::int64_t active_expires_ms;
    std::int64_t idle_expires_ms;
};

// active = now + active_period; idle = active + idle_period (the idle window follows the active one).
// Throws Error(InvalidArgument) for a negative period or an overflowing result.
SessionExpiry new_session_expiry(std::int64_t now_ms, std::int64_t active_period_ms, std::int64_t idle_period_ms);

// Single-use key expiry: now + expires_in_seconds * 1000 (Lucia's expiresIn is in seconds).
// Throws Error(InvalidArgument) unless 0 < expires_in_seconds and the result fits.
std::int64_t single_use_key_expiry(std::int64_t now_ms, std::int64_t expires_in_seconds);

// Wall-clock milliseconds since the Unix epoch, as JavaScript's Date.now().
std::int64_t current_time_ms() noexcept;

}  // namespace lucia
