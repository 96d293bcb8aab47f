// core/session_json's one-pass writer against the general JsonObject writer it replaced for
// sessions: the same bytes for plain and hostile ids, dates out of JavaScript's range, int64's
// limits, every state, fresh or not, with and without user attributes.
#include "core/session_json.hpp"

#include "core/json_writer.hpp"
#include "core/session_expiry.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <limits>
#include <optional>
#include <string>
#include <vector>

namespace {

// The session object as JsonObject writes it, field by field (the writer sessions used before).
std::string reference(const lucia::SessionFields& s, std::int64_t now, bool fresh,
                      std::optional<std::string_view> attributes) {
    lucia::JsonObject object;
    object.add("session_id", s.session_id).add("user_id", s.user_id);
    object.add_date("active_period_expires_at", s.active_expires).add_date("idle_period_expires_at", s.idle_expires);
    object.add("state", lucia::session_state_name(lucia::session_state(now, s.active_expires, s.idle_expires)));
    object.add("fresh", fresh).add("active_expires", s.active_expires).add("idle_expires", s.idle_expires);
    if (attributes.has_value()) object.add_json("user_attributes", *attributes);
    return object.str();
}

TEST(SessionJson, KnownBytes) {
    lucia::SessionFields session{"abc", "u1", 1700000000000, 1700000000123};
    lucia::JsonText text = lucia::session_json(session, 1700000000001, true, std::string_view("{\"a\":1}"));
    EXPECT_EQ(text.view(),
              "{\"session_id\":\"abc\",\"user_id\":\"u1\",\"active_period_expires_at\":\"2023-11-14T22:13:20.000Z\","
              "\"idle_period_expires_at\":\"2023-11-14T22:13:20.123Z\",\"state\":\"idle\",\"fresh\":true,"
              "\"active_expires\":1700000000000,\"idle_expires\":1700000000123,\"user_attributes\":{\"a\":1}}");
}

TEST(SessionJson, MatchesJsonObject) {
    const std::int64_t kMin = std::numeric_limits<std::int64_t>::min();
    const std::int64_t kMax = std::numeric_limits<std::int64_t>::max();
    const std::vector<std::string> ids = {"",
                                          "s0000000000000000000000000000000000000001",
                                          "u1",
                                          "with \"quotes\" and \\ backslash",
                                          std::string("nul\0inside", 10),
                                          "tab\tnewline\ncontrol\x01",
                                          "\xc3\xa9t\xc3\xa9 \xf0\x9f\x94\x91",
                                          "bad utf-8 \xff\xc3(",
                                          "exactly8",
                                          "sixteen bytes!!!"};
    const std::int64_t expiries[] = {0,
                                     -1,
                                     1700000000000,
                                     253402300799999,
                                     253402300800000,
                                     8640000000000000,
                                     8640000000000001,
                                     -8640000000000000,
                                     -8640000000000001,
                                     kMin,
                                     kMax};
    const std::optional<std::string_view> attributes[] = {std::nullopt, std::string_view("{}"),
                                                          std::string_view("{\"name\":\"x\",\"n\":1}")};
    int compared = 0;
    for (const std::string& session_id : ids) {
        for (const std::string& user_id : ids) {
            for (std::int64_t active : expiries) {
                const std::int64_t idle = active == kMax ? kMax : active + 1;
                lucia::SessionFields session{session_id, user_id, active, idle};
                for (std::int64_t now : {active == kMin ? kMin : active - 1, active, idle, kMax}) {
                    for (bool fresh : {false, true}) {
                        for (const auto& attribute : attributes) {
                            lucia::JsonText text = lucia::session_json(session, now, fresh, attribute);
                            ASSERT_EQ(text.view(), reference(session, now, fresh, attribute))
                                << session_id << " " << user_id << " " << active << " " << now;
                            ASSERT_EQ(text.view().data()[text.size()], '\0');
                            ++compared;
                        }
                    }
                }
            }
        }
    }
    EXPECT_GT(compared, 20000);
}

}  // namespace
