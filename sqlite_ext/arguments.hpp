// Reading SQL arguments, each hostile until checked: absent, NULL, wrong type, too long, bad UTF-8.
#pragma once

#include "connection.hpp"

#include "core/errors.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace lucia_sqlite {

// One function call: its arguments and its connection's state.
struct Call {
    sqlite3_context* context;
    int argc;
    sqlite3_value** argv;
    Connection& connection;

    sqlite3* db() const {
        return connection.db;
    }
    const Settings& settings() const {
        return connection.settings;
    }
};

// Text argument, or nullopt when absent or NULL. A blob or number is AUTH_INVALID_ARGUMENT.
std::optional<std::string_view> optional_text(const Call& call, int index, const char* what);

// Same, raising `code` with "<what> must not be null" when absent or NULL.
std::string_view required_text(const Call& call, int index, lucia::ErrorCode code, const char* what);

// Integer argument (INTEGER, or a REAL without fraction), or nullopt when absent or NULL.
std::optional<std::int64_t> optional_integer(const Call& call, int index, const char* what);

// A session id: NULL or not 40 bytes raises AUTH_INVALID_SESSION_ID before any table is read.
std::string_view session_id_argument(const Call& call, int index);

// A user id to look up: NULL, empty or longer than any stored id raises AUTH_INVALID_USER_ID.
std::string_view user_id_argument(const Call& call, int index);

// "<provider id>:<provider user id>"; any problem raises AUTH_INVALID_KEY_ID.
std::string key_id_arguments(const Call& call, int provider_index, int provider_user_index);

// A password: at most 4096 bytes of valid UTF-8 (AUTH_INVALID_ARGUMENT otherwise), or nullopt.
std::optional<std::string_view> password_argument(const Call& call, int index);

}  // namespace lucia_sqlite
