#include "arguments.hpp"

#include "core/argument_rules.hpp"

#include <cmath>

namespace lucia_sqlite {

namespace {

[[noreturn]] void invalid(lucia::ErrorCode code, const std::string& detail) {
    throw lucia::Error(code, detail);
}

}  // namespace

std::optional<std::string_view> optional_text(const Call& call, int index, const char* what) {
    if (index >= call.argc) return std::nullopt;
    sqlite3_value* value = call.argv[index];
    switch (sqlite3_value_type(value)) {
        case SQLITE_NULL: return std::nullopt;
        case SQLITE_TEXT: break;
        case SQLITE_BLOB: invalid(lucia::ErrorCode::InvalidArgument, std::string(what) + " must be text, not a blob");
        default: invalid(lucia::ErrorCode::InvalidArgument, std::string(what) + " must be text, not a number");
    }
    const unsigned char* data = sqlite3_value_text(value);
    int size = sqlite3_value_bytes(value);
    return std::string_view(reinterpret_cast<const char*>(data), static_cast<std::size_t>(size));
}

std::string_view required_text(const Call& call, int index, lucia::ErrorCode code, const char* what) {
    std::optional<std::string_view> text = optional_text(call, index, what);
    if (!text.has_value()) throw lucia::null_argument(code, what);
    return *text;
}

std::optional<std::int64_t> optional_integer(const Call& call, int index, const char* what) {
    if (index >= call.argc) return std::nullopt;
    sqlite3_value* value = call.argv[index];
    switch (sqlite3_value_type(value)) {
        case SQLITE_NULL: return std::nullopt;
        case SQLITE_INTEGER: return sqlite3_value_int64(value);
        case SQLITE_FLOAT: {
            double number = sqlite3_value_double(value);
            if (std::isfinite(number) && std::trunc(number) == number && std::fabs(number) < 9.2e18)
                return static_cast<std::int64_t>(number);
            break;
        }
        default: break;
    }
    invalid(lucia::ErrorCode::InvalidArgument, std::string(what) + " must be an integer");
}

std::string_view session_id_argument(const Call& call, int index) {
    return lucia::session_id_argument(optional_text(call, index, "session id"));
}

std::string_view user_id_argument(const Call& call, int index) {
    return lucia::user_id_argument(optional_text(call, index, "user id"));
}

std::string key_id_arguments(const Call& call, int provider_index, int provider_user_index) {
    // Read in order, so a NULL provider id is reported before a provider user id of the wrong type.
    std::string_view provider = required_text(call, provider_index, lucia::ErrorCode::InvalidKeyId, "provider id");
    std::string_view user =
        required_text(call, provider_user_index, lucia::ErrorCode::InvalidKeyId, "provider user id");
    return lucia::key_id_argument(provider, user);
}

std::optional<std::string_view> password_argument(const Call& call, int index) {
    std::optional<std::string_view> password = optional_text(call, index, "password");
    if (password.has_value()) lucia::check_password(*password);
    return password;
}

}  // namespace lucia_sqlite
