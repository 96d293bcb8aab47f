#include "session_expiry.hpp"

#include "errors.hpp"

#include <chrono>

namespace lucia {

namespace {

// The refusal of an expiry that does not fit, e.g. "key expiry overflows a 64-bit integer".
Error overflow(const char* what) {
    return Error(ErrorCode::InvalidArgument, std::string(what) + " " + messages::kOverflows);
}

// Expiries come from SQL arguments, so int64 overflow is an input error, never undefined behaviour.
std::int64_t checked_add(std::int64_t a, std::int64_t b, const char* what) {
    std::int64_t sum = 0;
    if (__builtin_add_overflow(a, b, &sum)) {
        throw overflow(what);
    }
    return sum;
}

// Same reason as checked_add, for the seconds-to-milliseconds conversion.
std::int64_t checked_mul(std::int64_t a, std::int64_t b, const char* what) {
    std::int64_t product = 0;
    if (__builtin_mul_overflow(a, b, &product)) {
        throw overflow(what);
    }
    return product;
}

}  // namespace

// Lucia stores these exact words in session.state; adapters return them to SQL unchanged.
const char* session_state_name(SessionState state) noexcept {
    switch (state) {
#define LUCIA_STATE_WORD_CASE(cpp_name, c_name, word) \
    case SessionState::cpp_name: return word;
        LUCIA_SESSION_STATES(LUCIA_STATE_WORD_CASE)
#undef LUCIA_STATE_WORD_CASE
    }
    return session_state_name(SessionState::Dead);
}

// Lucia's isWithinExpiration is `now > expires ? false : true`, so equality is still valid.
SessionState session_state(std::int64_t now_ms, std::int64_t active_expires_ms, std::int64_t idle_expires_ms) noexcept {
    if (now_ms > idle_expires_ms) {
        return SessionState::Dead;
    }
    if (now_ms > active_expires_ms) {
        return SessionState::Idle;
    }
    return SessionState::Active;
}

// Mirrors generateSessionId: the idle window starts where the active one ends.
SessionExpiry new_session_expiry(std::int64_t now_ms, std::int64_t active_period_ms, std::int64_t idle_period_ms) {
    if (active_period_ms < 0 || idle_period_ms < 0) {
        throw Error(ErrorCode::InvalidArgument, messages::kNegativeSessionPeriod);
    }
    const std::int64_t active = checked_add(now_ms, active_period_ms, "session active expiry");
    const std::int64_t idle = checked_add(active, idle_period_ms, "session idle expiry");
    return SessionExpiry{active, idle};
}

// Lucia's expiresIn is in seconds while the stored expiry is in milliseconds.
std::int64_t single_use_key_expiry(std::int64_t now_ms, std::int64_t expires_in_seconds) {
    if (expires_in_seconds <= 0) {
        throw Error(ErrorCode::InvalidArgument, messages::kKeyExpiryNotPositive);
    }
    const std::int64_t period_ms = checked_mul(expires_in_seconds, 1000, "key expiry");
    return checked_add(now_ms, period_ms, "key expiry");
}

// floor, not truncation, so that a clock before 1970 would still round like JavaScript's Date.now().
std::int64_t current_time_ms() noexcept {
    const auto now = std::chrono::system_clock::now().time_since_epoch();
    return std::chrono::floor<std::chrono::milliseconds>(now).count();
}

}  // namespace lucia
