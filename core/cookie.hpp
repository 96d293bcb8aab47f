// The session cookie Lucia sets (spec 1.2, "Cookie and request helpers").
#pragma once
#include "no_database_headers.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace lucia {

inline constexpr char kSessionCookieName[] = "auth_session";

struct CookieOptions {
    std::string path = "/";         // empty: no Path attribute
    std::string domain;             // empty: no Domain attribute
    std::string same_site = "lax";  // "lax", "strict", "none" or "" (no attribute)
    bool secure = true;             // Lucia sets Secure when env is "PROD"
};

// JavaScript's Date.prototype.toUTCString(), e.g. "Thu, 01 Jan 1970 00:00:00 GMT".
// Throws Error(InvalidArgument) outside JavaScript's Date range (+-8.64e15 ms).
std::string format_utc_date(std::int64_t epoch_ms);

// "auth_session=<id>; Path=/; Expires=<idle expiry>; HttpOnly; Secure; SameSite=Lax", in the
// attribute order of jshttp/cookie's serialize that Lucia copies. No session: blank value and
// Expires at the epoch, which deletes the cookie.
// Throws Error(InvalidArgument) for a same_site value other than the four above, or a path or
// domain with characters a cookie attribute cannot hold.
std::string serialize_session_cookie(std::optional<std::string_view> session_id, std::int64_t idle_expires_ms,
                                     const CookieOptions& options);

}  // namespace lucia
