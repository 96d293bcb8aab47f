// Lucia's parseRequestHeaders: the session id from a Cookie header, with the CSRF origin check.
#pragma once
#include "no_database_headers.hpp"

#include "errors.hpp"

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

// A request as a proxy in front of the database hands it over, headers and cookies already
// parsed: PostgREST's request.method, request.path, request.headers and request.cookies.
struct ForwardedRequest {
    std::optional<std::string_view> method;           // required
    std::optional<std::string_view> host;             // the Host header
    std::optional<std::string_view> path;             // the request's path, e.g. "/rpc/login"
    std::optional<std::string_view> forwarded_proto;  // X-Forwarded-Proto: "https" makes the url https
    std::optional<std::string_view> origin;           // the Origin header
    std::optional<std::string_view> session_cookie;   // the auth_session cookie's value
};

// The url the request was sent to: "<scheme>://<host>/<path>" (one "/" between them), the scheme "https" when
// X-Forwarded-Proto's first value is "https" (a TLS proxy in front), else "http" (the proxy's own).
std::string forwarded_request_url(const ForwardedRequest& request);

// The auth_session cookie's value after parse_request_headers' checks (method required, CSRF
// origin check against forwarded_request_url), or std::nullopt when there is none (blank, not
// UTF-8). Does not validate it. Throws Error(InvalidRequest) as parse_request_headers does.
std::optional<std::string> forwarded_request_session_id(const ForwardedRequest& request, bool csrf_protection,
                                                        const std::vector<std::string>& allowed_origins);

// Lucia's handleRequest: validate() answers null for a session it cannot validate (missing,
// expired, malformed), so such a cookie leaves the request anonymous; any other error is raised.
bool leaves_request_anonymous(ErrorCode code) noexcept;

}  // namespace lucia
