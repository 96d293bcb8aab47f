// The session object of every session function, the same bytes in every engine: PostgreSQL's
// lucia_session (and lucia_session_user, with "user_attributes") as JSON.
#pragma once
#include "no_database_headers.hpp"

#include "json_writer.hpp"

#include <cstdint>
#include <optional>
#include <string_view>

namespace lucia {

// A session row as an adapter reads it; the views need to live only until session_json returns.
struct SessionFields {
    std::string_view session_id;
    std::string_view user_id;
    std::int64_t active_expires = 0;
    std::int64_t idle_expires = 0;
};

// {"session_id", "user_id", "active_period_expires_at", "idle_period_expires_at", "state", "fresh",
//  "active_expires", "idle_expires"} plus "user_attributes" (already JSON) when given, written
// in one pass into one buffer. Why not JsonObject: every validation returns one, and writing it
// field by field cost about 2,800 instructions a call, this about 950 (BENCHMARKS.md).
JsonText session_json(const SessionFields& session, std::int64_t now_ms, bool fresh,
                      std::optional<std::string_view> user_attributes = std::nullopt);

}  // namespace lucia
