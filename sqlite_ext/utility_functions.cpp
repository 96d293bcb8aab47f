// SQL helpers around Lucia's auth: random strings, password hashes, the session cookie, request
// parsing with the CSRF origin check, and the work counter.
#include "functions.hpp"
#include "json_values.hpp"

#include "core/argument_rules.hpp"
#include "core/cookie.hpp"
#include "core/password_hash.hpp"
#include "core/random_id.hpp"
#include "core/request.hpp"
#include "core/unicode.hpp"

namespace lucia_sqlite {

void lucia_generate_random_string(const Call& call) {
    std::size_t length = lucia::random_string_length_argument(optional_integer(call, 0, "length"));
    result_text(call, lucia::generate_random_string(length));
}

void lucia_hash_password(const Call& call) {
    result_text(call, lucia::hash_password(lucia::required_password(password_argument(call, 0))));
}

// Unlike Lucia's validate, which answers false, a hash it cannot read is an error (core's rule).
void lucia_verify_password(const Call& call) {
    std::string_view password = lucia::required_password(password_argument(call, 0));
    std::string_view hash = lucia::verifiable_hash_argument(optional_text(call, 1, "hash"));
    sqlite3_result_int(call.context, lucia::verify_password(password, hash) ? 1 : 0);
}

// Both arguments NULL (or absent) give the blank cookie that logs the browser out.
void lucia_create_session_cookie(const Call& call) {
    std::optional<std::string_view> session_id = optional_text(call, 0, "session id");
    std::optional<std::int64_t> idle_expires = optional_integer(call, 1, "idle_expires");
    lucia::check_session_cookie_arguments(session_id, idle_expires.has_value());
    const Settings& settings = call.settings();
    lucia::CookieOptions options;
    options.path = settings.cookie_path;
    options.domain = settings.cookie_domain;
    options.same_site = settings.cookie_same_site;
    options.secure = settings.env_prod;
    result_text(call, lucia::serialize_session_cookie(session_id, idle_expires.value_or(0), options));
}

// allowed_origins is a JSON array of strings (SQLite has no arrays).
void lucia_parse_request_headers(const Call& call) {
    lucia::RequestHeaders request;
    request.method = optional_text(call, 0, "method");
    request.url = optional_text(call, 1, "url");
    request.origin = optional_text(call, 2, "origin");
    request.cookie = optional_text(call, 3, "cookie");
    std::vector<std::string> allowed;
    if (std::optional<std::string_view> json = optional_text(call, 4, "allowed_origins")) {
        std::optional<std::vector<std::string>> origins = json_string_array(call.db(), *json);
        if (!origins.has_value())
            throw lucia::Error(lucia::ErrorCode::InvalidArgument, lucia::messages::kAllowedOriginsNotStrings);
        allowed = std::move(*origins);
    }
    std::optional<std::string> session_id =
        lucia::parse_request_headers(request, call.settings().csrf_protection, allowed);
    if (session_id.has_value())
        result_text(call, *session_id);
    else
        sqlite3_result_null(call.context);
}

void lucia_scrypt_count(const Call& call) {
    sqlite3_result_int64(call.context, static_cast<sqlite3_int64>(lucia::scrypt_call_count()));
}

}  // namespace lucia_sqlite
