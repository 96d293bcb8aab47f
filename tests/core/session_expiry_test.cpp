#include "core/session_expiry.hpp"

#include "core/errors.hpp"
#include "core/settings.hpp"

#include <gtest/gtest.h>

#include "test_helpers.hpp"

#include <chrono>
#include <cstdint>
#include <limits>

namespace {

using lucia::session_state;
using lucia::SessionState;

constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();
constexpr std::int64_t kMin = std::numeric_limits<std::int64_t>::min();

TEST(SessionExpiry, StateBoundaries) {
    const std::int64_t active = 1'000'000;
    const std::int64_t idle = 2'000'000;
    EXPECT_EQ(session_state(0, active, idle), SessionState::Active);
    EXPECT_EQ(session_state(active, active, idle), SessionState::Active);
    EXPECT_EQ(session_state(active + 1, active, idle), SessionState::Idle);
    EXPECT_EQ(session_state(idle, active, idle), SessionState::Idle);
    EXPECT_EQ(session_state(idle + 1, active, idle), SessionState::Dead);
}

TEST(SessionExpiry, StateNames) {
    EXPECT_STREQ(lucia::session_state_name(SessionState::Active), "active");
    EXPECT_STREQ(lucia::session_state_name(SessionState::Idle), "idle");
    EXPECT_STREQ(lucia::session_state_name(SessionState::Dead), "dead");
}

// Lucia v1's sessionExpiresIn defaults, as core/settings.def gives them to every engine.
TEST(SessionExpiry, Defaults) {
    const std::int64_t active_ms = lucia::setting_definition(lucia::SettingId::active_period).default_number * 1000;
    const std::int64_t idle_ms = lucia::setting_definition(lucia::SettingId::idle_period).default_number * 1000;
    EXPECT_EQ(active_ms, 86'400'000);
    EXPECT_EQ(idle_ms, 1'209'600'000);
    const auto expiry = lucia::new_session_expiry(1'700'000'000'000, active_ms, idle_ms);
    EXPECT_EQ(expiry.active_expires_ms, 1'700'086'400'000);
    EXPECT_EQ(expiry.idle_expires_ms, 1'701'296'000'000);  // now + 15 days
}

TEST(SessionExpiry, ZeroPeriodsAreAllowed) {
    const auto expiry = lucia::new_session_expiry(5, 0, 0);
    EXPECT_EQ(expiry.active_expires_ms, 5);
    EXPECT_EQ(expiry.idle_expires_ms, 5);
}

TEST(SessionExpiry, NegativePeriodThrows) {
    expect_invalid_argument([] { lucia::new_session_expiry(0, -1, 0); });
    expect_invalid_argument([] { lucia::new_session_expiry(0, 0, -1); });
}

TEST(SessionExpiry, OverflowThrows) {
    expect_invalid_argument([] { lucia::new_session_expiry(kMax, 1, 0); });
    expect_invalid_argument([] { lucia::new_session_expiry(kMax - 10, 5, 6); });
    EXPECT_NO_THROW(lucia::new_session_expiry(kMax - 10, 5, 5));
}

TEST(SessionExpiry, SingleUseKeyIsSeconds) {
    EXPECT_EQ(lucia::single_use_key_expiry(1'000, 60), 61'000);
    EXPECT_EQ(lucia::single_use_key_expiry(-5'000, 1), -4'000);
}

TEST(SessionExpiry, SingleUseKeyRejectsNonPositiveAndOverflow) {
    expect_invalid_argument([] { lucia::single_use_key_expiry(0, 0); });
    expect_invalid_argument([] { lucia::single_use_key_expiry(0, -1); });
    expect_invalid_argument([] { lucia::single_use_key_expiry(0, kMin); });
    expect_invalid_argument([] { lucia::single_use_key_expiry(0, kMax / 1000 + 1); });
    expect_invalid_argument([] { lucia::single_use_key_expiry(kMax - 999, 1); });
    EXPECT_EQ(lucia::single_use_key_expiry(kMax - 1000, 1), kMax);
}

TEST(SessionExpiry, CurrentTimeIsWallClockMilliseconds) {
    const std::int64_t before =
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
            .count();
    const std::int64_t now = lucia::current_time_ms();
    EXPECT_GE(now, before);
    EXPECT_LT(now - before, 60'000);
    EXPECT_GT(now, 1'600'000'000'000);  // after September 2020
}

}  // namespace
