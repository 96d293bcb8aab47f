// Fuzzes the request-header parser (core/request: Cookie header, URL origin, CSRF origin check) and
// its PostgREST form (forwarded_request_session_id: Host, path and X-Forwarded-Proto instead of a
// URL). Properties: a passing CSRF check means the Origin header is an allowed origin or the origin
// of the request URL, whose host the URL really names; origins are canonical (parsing one gives it
// back); the session id returned is the Cookie header's auth_session value; a forwarded request's
// origin comes from its Host and scheme alone, whatever its path says.
#include "fuzz_check.hpp"

#include "core/errors.hpp"
#include "core/request.hpp"

#include <cstdint>
#include <vector>

namespace {

// An origin we produce: scheme "://" host [":" port], lower case, nothing else.
void check_canonical_origin(const std::string& origin, std::string_view url) {
    FUZZ_REQUIRE(fuzz::has_no_control_bytes(origin), "control character in an origin");
    FUZZ_REQUIRE(origin == fuzz::lower(origin), "origin not lower case");
    const std::size_t scheme_end = origin.find("://");
    FUZZ_REQUIRE(scheme_end != std::string::npos, "origin without scheme");
    const std::string authority = origin.substr(scheme_end + 3);
    FUZZ_REQUIRE(authority.find_first_of("/?#\\@ ") == std::string::npos, "origin carries more than a host");
    FUZZ_REQUIRE(lucia::url_origin(origin) == origin, "origin is not a fixed point of url_origin");
    // The host must be what the URL names after "://" and any userinfo, not something else in it.
    std::string host = authority;
    if (!host.empty() && host[0] != '[')
        host = host.substr(0, host.find(':'));
    else
        host = host.substr(0, host.find(']') + 1);
    const std::string lowered_url = fuzz::lower(url);
    const std::size_t authority_start = lowered_url.find("://") + 3;
    std::string url_authority = lowered_url.substr(authority_start);
    url_authority = url_authority.substr(0, url_authority.find_first_of("/?#\\"));
    const std::size_t at = url_authority.rfind('@');
    if (at != std::string::npos) url_authority = url_authority.substr(at + 1);
    FUZZ_REQUIRE(url_authority.rfind(host, 0) == 0, "origin host is not the URL's host");
}

// The PostgREST form with the same method, Origin and allowed origins, the URL's text as the Host
// and the cookie's bytes as the auth_session value: a path (any bytes) must never change the origin
// the CSRF check compares with, and the cookie comes back as it was sent.
void check_forwarded(const lucia::RequestHeaders& request, const std::string& host, const std::string& path, bool https,
                     bool csrf, const std::vector<std::string>& allowed) {
    lucia::ForwardedRequest forwarded;
    forwarded.method = request.method;
    forwarded.origin = request.origin;
    forwarded.host = host;
    forwarded.path = path;
    if (https) forwarded.forwarded_proto = "https";
    forwarded.session_cookie = request.cookie;
    lucia::ForwardedRequest without_path = forwarded;
    without_path.path.reset();
    const std::optional<std::string> origin = lucia::url_origin(lucia::forwarded_request_url(forwarded));
    // What a browser sends as Host: a name or address and a port. (A Host of other bytes names
    // whatever the URL parser makes of it, with or without a path.)
    const bool plain_host = !host.empty() && host.find_first_not_of(
                                                 "abcdefghijklmnopqrstuvwxyz"
                                                 "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-:") == std::string::npos;
    if (plain_host)
        FUZZ_REQUIRE(origin == lucia::url_origin(lucia::forwarded_request_url(without_path)),
                     "the path changed the request's origin");
    std::optional<std::string> session_id;
    try {
        session_id = lucia::forwarded_request_session_id(forwarded, csrf, allowed);
    } catch (const lucia::Error& e) {
        FUZZ_REQUIRE(e.code() == lucia::ErrorCode::InvalidRequest, "forwarded request error code");
        return;
    }
    FUZZ_REQUIRE(request.method.has_value(), "accepted a forwarded request without a method");
    const std::string lowered_method = fuzz::lower(*request.method);
    if (csrf && lowered_method != "get" && lowered_method != "head") {
        FUZZ_REQUIRE(request.origin && !request.origin->empty(), "forwarded CSRF check passed without an Origin");
        bool is_allowed = false;
        for (const std::string& a : allowed) is_allowed = is_allowed || a == *request.origin;
        FUZZ_REQUIRE(is_allowed || origin == *request.origin, "forwarded CSRF check passed for a foreign origin");
    }
    if (session_id) FUZZ_REQUIRE(request.cookie && *session_id == *request.cookie, "not the cookie's value");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    FuzzedDataProvider input(data, size);
    static const char* kMethods[] = {"GET", "head", "POST", "PoSt", "DELETE"};
    const std::string method = input.ConsumeBool() ? std::string(kMethods[input.ConsumeIntegralInRange(0, 4)])
                                                   : input.ConsumeRandomLengthString(8);
    const std::string url = input.ConsumeRandomLengthString(64);
    const std::string origin = input.ConsumeRandomLengthString(48);
    std::vector<std::string> allowed;
    const int allowed_count = input.ConsumeIntegralInRange(0, 2);
    for (int i = 0; i < allowed_count; ++i) allowed.push_back(input.ConsumeRandomLengthString(32));
    const bool csrf = input.ConsumeBool();
    const bool has_method = input.ConsumeIntegralInRange(0, 15) != 0;
    const bool has_url = input.ConsumeIntegralInRange(0, 15) != 0;
    const bool has_origin = input.ConsumeIntegralInRange(0, 7) != 0;
    const bool has_cookie = input.ConsumeIntegralInRange(0, 7) != 0;
    const std::string cookie = input.ConsumeRemainingBytesAsString();

    const std::optional<std::string> url_origin = lucia::url_origin(url);
    if (url_origin) check_canonical_origin(*url_origin, url);

    lucia::RequestHeaders request;
    if (has_method) request.method = method;
    if (has_url) request.url = url;
    if (has_origin) request.origin = origin;
    if (has_cookie) request.cookie = cookie;
    check_forwarded(request, url, origin + cookie, cookie.size() % 2 == 0, csrf, allowed);
    std::optional<std::string> session_id;
    try {
        session_id = lucia::parse_request_headers(request, csrf, allowed);
    } catch (const lucia::Error& e) {
        FUZZ_REQUIRE(e.code() == lucia::ErrorCode::InvalidRequest, "request error code");
        return 0;
    }
    FUZZ_REQUIRE(has_method && has_url, "accepted a request without method or url");
    const std::string lowered_method = fuzz::lower(method);
    if (csrf && lowered_method != "get" && lowered_method != "head") {
        FUZZ_REQUIRE(has_origin && !origin.empty(), "CSRF check passed without an Origin header");
        bool is_allowed = false;
        for (const std::string& a : allowed) is_allowed = is_allowed || a == origin;
        FUZZ_REQUIRE(is_allowed || (url_origin && *url_origin == origin), "CSRF check passed for a foreign origin");
    }
    if (session_id) {
        FUZZ_REQUIRE(has_cookie && !session_id->empty(), "a session id from nowhere");
        FUZZ_REQUIRE(lucia::cookie_value(cookie, "auth_session") == session_id, "not the auth_session cookie");
        if (cookie.find('%') == std::string::npos)
            FUZZ_REQUIRE(cookie.find(*session_id) != std::string::npos, "the value is not in the header");
    }
    return 0;
}
