// Lucia's parseRequestHeaders: the session id from a Cookie header, with the CSRF origin check.
#pragma once
#include "no_database_headers.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lucia {

// WHATWG URL origin of an absolute http(s) URL: lower-case scheme and host, default port dropped,
// e.g. "https://Example.com:443/a" -> "https://example.com". std::nullopt if it cannot be parsed.
std::optional<std::string> url_origin(std::string_view url);

// The value of the first cookie with this name in a Cookie header, jshttp/cookie style (trimmed,
// surrounding quotes removed, percent-decoded when it holds '%'). std::nullopt if absent.
std::optional<std::string> cookie_value(std::string_view cookie_header, std::string_view name);

struct RequestHeaders {
    std::optional<std::string_view> method;  // required
    std::optional<std::string_view> url;     // required, absolute
    std::optional<std::string_view> origin;  // the Origin header
    std::optional<std::string_view> cookie;  // the Cookie header
};

// The auth_session cookie's value, or std::nullopt when there is none. Does not validate it.
// For methods other than GET and HEAD (case-insensitive) with csrf_protection on, the Origin
// header must equal url_origin(url) or one of allowed_origins.
// Throws Error(InvalidRequest) for a missing method or url, an unparsable url, or a failed check.
std::optional<std::string> parse_request_headers(const RequestHeaders& request, bool csrf_protection,
                                                 const std::vector<std::string>& allowed_origins);

}  // namespace lucia
