// lucia_set_config and lucia_config: the lucia.* settings of one connection, set and shown as
// PostgreSQL's SET and SHOW do, by core/settings.*.
#include "functions.hpp"
#include "results.hpp"

#include "core/settings.hpp"

namespace lucia_sqlite {

// lucia_set_config(name, value): the new value, as lucia_config shows it. Per connection.
void lucia_set_config(const Call& call) {
    std::string_view name = required_text(call, 0, lucia::ErrorCode::InvalidArgument, "setting name");
    std::string_view value = required_text(call, 1, lucia::ErrorCode::InvalidArgument, "setting value");
    result_text(call, lucia::set_setting(call.connection.settings, lucia::Engine::SQLite, name, value));
}

// lucia_config(name): the setting's current value, as PostgreSQL's SHOW prints it.
void lucia_config(const Call& call) {
    std::string_view name = required_text(call, 0, lucia::ErrorCode::InvalidArgument, "setting name");
    result_text(call, lucia::show_setting(call.settings(), lucia::Engine::SQLite, name));
}

}  // namespace lucia_sqlite
