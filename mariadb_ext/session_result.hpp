// The session object every session routine returns, with PostgreSQL's field names and the same
// bytes as the SQLite module's (tests/mariadb/run.sh compares them).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace lucia_mariadb {

struct SessionRow {
    std::string_view session_id;
    std::string_view user_id;
    std::int64_t active_expires;
    std::int64_t idle_expires;
};

// {"session_id", "user_id", "active_period_expires_at", "idle_period_expires_at", "state", "fresh",
//  "active_expires", "idle_expires"} plus "user_attributes" (already JSON) when given.
// TODO(issue 12 merge): core/session_json on the h12-speed branch writes the same object; use it.
std::string session_result(const SessionRow& session, std::int64_t now_ms, bool fresh,
                           std::optional<std::string_view> user_attributes);

}  // namespace lucia_mariadb
