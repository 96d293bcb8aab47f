// Fuzzes the session expiry inputs (core/session_expiry), which come from SQL integers. Properties:
// no overflow (UBSan would stop), results exactly now + period (checked in 128-bit arithmetic),
// refused exactly when negative or overflowing; the state is monotonic in time.
#include "fuzz_check.hpp"

#include "core/errors.hpp"
#include "core/session_expiry.hpp"

#include <cstdint>
#include <limits>

namespace {

constexpr __int128 kMin = std::numeric_limits<std::int64_t>::min();
constexpr __int128 kMax = std::numeric_limits<std::int64_t>::max();

bool fits(__int128 value) {
    return value >= kMin && value <= kMax;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    FuzzedDataProvider input(data, size);
    const auto now = input.ConsumeIntegral<std::int64_t>();
    const auto active_period = input.ConsumeIntegral<std::int64_t>();
    const auto idle_period = input.ConsumeIntegral<std::int64_t>();
    const auto seconds = input.ConsumeIntegral<std::int64_t>();
    const auto later = input.ConsumeIntegral<std::int64_t>();

    const __int128 active = static_cast<__int128>(now) + active_period;
    const __int128 idle = active + idle_period;
    const bool expiry_ok = active_period >= 0 && idle_period >= 0 && fits(active) && fits(idle);
    try {
        const lucia::SessionExpiry expiry = lucia::new_session_expiry(now, active_period, idle_period);
        FUZZ_REQUIRE(expiry_ok, "new_session_expiry accepted a bad period");
        FUZZ_REQUIRE(expiry.active_expires_ms == active && expiry.idle_expires_ms == idle, "session expiry arithmetic");
        FUZZ_REQUIRE(
            lucia::session_state(now, expiry.active_expires_ms, expiry.idle_expires_ms) == lucia::SessionState::Active,
            "a new session is not active");
    } catch (const lucia::Error& e) {
        FUZZ_REQUIRE(!expiry_ok && e.code() == lucia::ErrorCode::InvalidArgument,
                     "new_session_expiry refused good input");
    }

    const __int128 key_expiry = static_cast<__int128>(now) + static_cast<__int128>(seconds) * 1000;
    const bool key_ok = seconds > 0 && fits(static_cast<__int128>(seconds) * 1000) && fits(key_expiry);
    try {
        const std::int64_t expires = lucia::single_use_key_expiry(now, seconds);
        FUZZ_REQUIRE(key_ok && expires == key_expiry, "single_use_key_expiry");
    } catch (const lucia::Error& e) {
        FUZZ_REQUIRE(!key_ok && e.code() == lucia::ErrorCode::InvalidArgument,
                     "single_use_key_expiry refused good input");
    }

    // With active <= idle, time only moves a session from active to idle to dead.
    const std::int64_t a = std::min(active_period, idle_period), i = std::max(active_period, idle_period);
    const std::int64_t t1 = std::min(now, later), t2 = std::max(now, later);
    const auto s1 = static_cast<int>(lucia::session_state(t1, a, i));
    const auto s2 = static_cast<int>(lucia::session_state(t2, a, i));
    FUZZ_REQUIRE(s1 <= s2, "session state went back in time");
    FUZZ_REQUIRE(std::string(lucia::session_state_name(lucia::session_state(t1, a, i))).size() >= 4, "state name");
    return 0;
}
