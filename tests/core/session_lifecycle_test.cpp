#include "core/session_lifecycle.hpp"

#include "core/errors.hpp"

#include <gtest/gtest.h>

#include <string>

namespace {

using lucia::SessionStep;
using lucia::SessionUse;
using lucia::SessionWrite;

constexpr std::int64_t kActive = 1000;  // active until 1000 ms, idle until 2000 ms
constexpr std::int64_t kIdle = 2000;

// The refusal of a session at `now`, or "" when there is none.
std::string refusal(SessionUse use, std::int64_t now) {
    try {
        lucia::session_step(use, now, kActive, kIdle);
    } catch (const lucia::Error& e) {
        return e.what();
    }
    return "";
}

}  // namespace

TEST(SessionLifecycle, ValidationReturnsActiveAndRenewsIdle) {
    EXPECT_EQ(lucia::session_step(SessionUse::Validate, 999, kActive, kIdle), SessionStep::Return);
    EXPECT_EQ(lucia::session_step(SessionUse::Validate, kActive, kActive, kIdle), SessionStep::Return);
    EXPECT_EQ(lucia::session_step(SessionUse::Validate, kActive + 1, kActive, kIdle), SessionStep::Renew);
    EXPECT_EQ(lucia::session_step(SessionUse::Validate, kIdle, kActive, kIdle), SessionStep::Renew);
}

TEST(SessionLifecycle, ReadNeverRenews) {
    EXPECT_EQ(lucia::session_step(SessionUse::Read, 0, kActive, kIdle), SessionStep::Return);
    EXPECT_EQ(lucia::session_step(SessionUse::Read, kIdle, kActive, kIdle), SessionStep::Return);
}

TEST(SessionLifecycle, RenewSessionRenewsActiveSessionsToo) {
    EXPECT_EQ(lucia::session_step(SessionUse::Renew, 0, kActive, kIdle), SessionStep::Renew);
    EXPECT_EQ(lucia::session_step(SessionUse::Renew, kIdle, kActive, kIdle), SessionStep::Renew);
}

TEST(SessionLifecycle, DeadSessionCountsAsMissingForEveryUse) {
    for (SessionUse use : {SessionUse::Read, SessionUse::Validate, SessionUse::Renew}) {
        EXPECT_EQ(refusal(use, kIdle + 1), "AUTH_INVALID_SESSION_ID: session has expired");
        EXPECT_EQ(refusal(use, kIdle), "");
    }
    EXPECT_FALSE(lucia::session_is_live(kIdle + 1, kActive, kIdle));
    EXPECT_TRUE(lucia::session_is_live(kIdle, kActive, kIdle));
}

TEST(SessionLifecycle, ListingAlwaysSweepsOtherWritesOnlyWithAutoCleanup) {
    EXPECT_TRUE(lucia::sweeps_dead_sessions(SessionWrite::ListUserSessions, false));
    EXPECT_TRUE(lucia::sweeps_dead_sessions(SessionWrite::ListUserSessions, true));
    for (SessionWrite write : {SessionWrite::CreateSession, SessionWrite::RenewSession, SessionWrite::UpdateUser}) {
        EXPECT_TRUE(lucia::sweeps_dead_sessions(write, true));
        EXPECT_FALSE(lucia::sweeps_dead_sessions(write, false));
    }
}

TEST(SessionLifecycle, ARequestValidatesWhereItCanWriteAndReadsElsewhere) {
    EXPECT_EQ(lucia::request_session_use(true), SessionUse::Validate);
    EXPECT_EQ(lucia::request_session_use(false), SessionUse::Read);
}
