#include "session_result.hpp"

#include "core/json_writer.hpp"
#include "core/session_expiry.hpp"

namespace lucia_mariadb {

// Field by field in the order of SQLite's session_json, so the two engines' bytes agree.
std::string session_result(const SessionRow& session, std::int64_t now_ms, bool fresh,
                           std::optional<std::string_view> user_attributes) {
    lucia::SessionState state = lucia::session_state(now_ms, session.active_expires, session.idle_expires);
    lucia::JsonObject object;
    object.add("session_id", session.session_id)
        .add("user_id", session.user_id)
        .add_date("active_period_expires_at", session.active_expires)
        .add_date("idle_period_expires_at", session.idle_expires)
        .add("state", lucia::session_state_name(state))
        .add("fresh", fresh)
        .add("active_expires", session.active_expires)
        .add("idle_expires", session.idle_expires);
    if (user_attributes.has_value()) object.add_json("user_attributes", *user_attributes);
    return object.str();
}

}  // namespace lucia_mariadb
