#include "request.hpp"

#include "cookie.hpp"
#include "errors.hpp"
#include "unicode.hpp"

#include <algorithm>
#include <array>

namespace lucia {

namespace {

struct SpecialScheme {
    const char* name;
    unsigned default_port;
};

// WHATWG's special schemes that have a tuple origin (file is special but its origin is opaque).
constexpr std::array<SpecialScheme, 5> kSchemes = {
    {{"http", 80}, {"https", 443}, {"ws", 80}, {"wss", 443}, {"ftp", 21}}};

// The URL parser strips leading and trailing C0 controls and spaces before anything else.
std::string_view trim_c0_and_space(std::string_view text) {
    while (!text.empty() && static_cast<unsigned char>(text.front()) <= 0x20) {
        text.remove_prefix(1);
    }
    while (!text.empty() && static_cast<unsigned char>(text.back()) <= 0x20) {
        text.remove_suffix(1);
    }
    return text;
}

// ASCII only, without forbidden code points: browsers punycode other hosts, so we fail closed.
bool is_plain_domain(std::string_view host) {
    static constexpr std::string_view kForbidden = "#/:<>?@[\\]^|%";
    for (char ch : host) {
        const auto c = static_cast<unsigned char>(ch);
        if (c <= 0x20 || c >= 0x7F || kForbidden.find(ch) != std::string_view::npos) {
            return false;
        }
    }
    return !host.empty();
}

// An IPv6 literal is kept as written (lower-cased); only its character set is checked here.
bool is_plain_ipv6_literal(std::string_view host) {
    if (host.size() < 3 || host.front() != '[' || host.back() != ']') {
        return false;
    }
    for (char c : host.substr(1, host.size() - 2)) {
        const bool hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
        if (!hex && c != ':' && c != '.') {
            return false;
        }
    }
    return true;
}

// Digits only, leading zeros allowed; std::nullopt above 65535. Empty means "no port" (-1).
std::optional<long> parse_port(std::string_view digits) {
    if (digits.empty()) {
        return -1;
    }
    long port = 0;
    for (char c : digits) {
        if (c < '0' || c > '9') {
            return std::nullopt;
        }
        port = port * 10 + (c - '0');
        if (port > 65535) {
            return std::nullopt;
        }
    }
    return port;
}

// The scheme's entry in kSchemes, or nullptr for schemes whose origin is opaque to us.
const SpecialScheme* find_scheme(std::string_view scheme) {
    for (const SpecialScheme& s : kSchemes) {
        if (scheme == s.name) {
            return &s;
        }
    }
    return nullptr;
}

// JavaScript's String.prototype.trim on the ASCII whitespace a Cookie header can carry.
std::string_view trim_whitespace(std::string_view text) {
    static constexpr std::string_view kSpace = " \t\n\v\f\r";
    const std::size_t first = text.find_first_not_of(kSpace);
    if (first == std::string_view::npos) {
        return std::string_view();
    }
    const std::size_t last = text.find_last_not_of(kSpace);
    return text.substr(first, last - first + 1);
}

// Value of one hex digit, or -1; used by the percent decoder.
int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// decodeURIComponent: every %XX must be well formed and the result valid UTF-8, else nullopt.
std::optional<std::string> decode_uri_component(std::string_view text) {
    std::string decoded;
    decoded.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '%') {
            decoded.push_back(text[i]);
            continue;
        }
        if (i + 2 >= text.size()) {
            return std::nullopt;  // '%' needs two digits after it
        }
        const int high = hex_value(text[i + 1]);
        const int low = hex_value(text[i + 2]);
        if (high < 0 || low < 0) {
            return std::nullopt;
        }
        decoded.push_back(static_cast<char>(high * 16 + low));
        i += 2;
    }
    if (!is_valid_utf8(decoded)) {
        return std::nullopt;
    }
    return decoded;
}

// jshttp/cookie's tryDecode: decode only values holding '%', keep the raw value if that fails.
std::string decode_cookie_value(std::string_view value) {
    if (value.find('%') == std::string_view::npos) {
        return std::string(value);
    }
    std::optional<std::string> decoded = decode_uri_component(value);
    return decoded ? *decoded : std::string(value);
}

// ASCII folding equals Lucia's toUpperCase() here: no non-ASCII letter upper-cases into GET/HEAD.
bool is_safe_method(std::string_view method) {
    const std::string lowered = ascii_lower(method);
    return lowered == "get" || lowered == "head";
}

// Lucia's CSRF rule: `[new URL(url).origin, ...config.origin].includes(origin)`, exact strings.
void check_origin(const RequestHeaders& request, const std::vector<std::string>& allowed_origins) {
    if (!request.origin || request.origin->empty()) {
        throw Error(ErrorCode::InvalidRequest, "origin header is required for this method");
    }
    const std::optional<std::string> own_origin = url_origin(*request.url);
    if (!own_origin) {
        throw Error(ErrorCode::InvalidRequest, "request url is not an absolute http(s) url");
    }
    const std::string_view origin = *request.origin;
    if (origin == *own_origin) {
        return;
    }
    const bool allowed =
        std::any_of(allowed_origins.begin(), allowed_origins.end(), [&](const std::string& o) { return origin == o; });
    if (!allowed) {
        throw Error(ErrorCode::InvalidRequest, "origin header does not match the request url");
    }
}

}  // namespace

// Reproduces only what a browser's Origin header carries, so odd forms fail the CSRF check closed.
std::optional<std::string> url_origin(std::string_view url) {
    // Not a full WHATWG parser: forms a browser would rewrite (IPv4 shorthands like 127.1, IPv6
    // compression, percent-encoded or non-ASCII hosts, "https:host") give std::nullopt or a
    // string no browser sends as Origin.
    url = trim_c0_and_space(url);
    const std::size_t separator = url.find("://");
    if (separator == std::string_view::npos || separator == 0) {
        return std::nullopt;
    }
    const std::string scheme = ascii_lower(url.substr(0, separator));
    const SpecialScheme* special = find_scheme(scheme);
    if (special == nullptr) {
        return std::nullopt;
    }
    std::string_view authority = url.substr(separator + 3);
    authority = authority.substr(0, authority.find_first_of("/?#\\"));  // '\' is '/' here
    const std::size_t at = authority.rfind('@');
    if (at != std::string_view::npos) {
        authority.remove_prefix(at + 1);  // drop the userinfo, which is not part of the origin
    }
    std::string_view host = authority;
    std::string_view port_text;
    if (!authority.empty() && authority.front() == '[') {
        const std::size_t close = authority.find(']');
        if (close == std::string_view::npos) {
            return std::nullopt;
        }
        host = authority.substr(0, close + 1);
        std::string_view rest = authority.substr(close + 1);
        if (!rest.empty() && rest.front() != ':') {
            return std::nullopt;
        }
        port_text = rest.empty() ? rest : rest.substr(1);
        if (!is_plain_ipv6_literal(host)) {
            return std::nullopt;
        }
    } else {
        const std::size_t colon = authority.find(':');
        if (colon != std::string_view::npos) {
            host = authority.substr(0, colon);
            port_text = authority.substr(colon + 1);
        }
        if (!is_plain_domain(host)) {
            return std::nullopt;
        }
    }
    const std::optional<long> port = parse_port(port_text);
    if (!port) {
        return std::nullopt;
    }
    std::string origin = scheme + "://" + ascii_lower(host);
    if (*port >= 0 && *port != static_cast<long>(special->default_port)) {
        origin += ":" + std::to_string(*port);
    }
    return origin;
}

// jshttp/cookie's parse loop, including `val.slice(1, -1)` for a value that starts with '"'.
std::optional<std::string> cookie_value(std::string_view cookie_header, std::string_view name) {
    std::size_t start = 0;
    while (start <= cookie_header.size()) {
        std::size_t end = cookie_header.find(';', start);
        if (end == std::string_view::npos) {
            end = cookie_header.size();
        }
        const std::string_view pair = cookie_header.substr(start, end - start);
        start = end + 1;
        const std::size_t equals = pair.find('=');
        if (equals == std::string_view::npos) {
            continue;
        }
        if (trim_whitespace(pair.substr(0, equals)) != name) {
            continue;
        }
        std::string_view value = trim_whitespace(pair.substr(equals + 1));
        if (!value.empty() && value.front() == '"') {
            value = value.size() >= 2 ? value.substr(1, value.size() - 2) : std::string_view();
        }
        return decode_cookie_value(value);
    }
    return std::nullopt;
}

namespace {

// Lucia's checks before a session cookie is read: method and url given, then, for methods other
// than GET and HEAD with csrf_protection on, the Origin header against the url's origin.
void check_request(const RequestHeaders& request, bool csrf_protection,
                   const std::vector<std::string>& allowed_origins) {
    if (!request.method) {
        throw Error(ErrorCode::InvalidRequest, "request method is required");
    }
    if (!request.url) {
        throw Error(ErrorCode::InvalidRequest, "request url is required");
    }
    if (csrf_protection && !is_safe_method(*request.method)) {
        check_origin(request, allowed_origins);
    }
}

// A blank cookie ("auth_session=") means "no session": std::nullopt, where Lucia would return "";
// so does a value that is not UTF-8 (a percent-decoded %FF, raw bytes), which names no session
// that could exist and must not come back as text (PostgreSQL would refuse it, SQLite pass it on).
std::optional<std::string> session_id_from_cookie(std::optional<std::string> value) {
    if (!value || value->empty() || !is_valid_utf8(*value)) {
        return std::nullopt;
    }
    return value;
}

}  // namespace

std::optional<std::string> parse_request_headers(const RequestHeaders& request, bool csrf_protection,
                                                 const std::vector<std::string>& allowed_origins) {
    check_request(request, csrf_protection, allowed_origins);
    if (!request.cookie) {
        return std::nullopt;
    }
    return session_id_from_cookie(cookie_value(*request.cookie, kSessionCookieName));
}

// A path that does not start with "/" (HTTP's never does; a hand-set request.path may) gets one, so
// that no path ("@evil.com", ":8443", ".evil.com") can become part of the host the origin names.
std::string forwarded_request_url(const ForwardedRequest& request) {
    std::string_view proto = request.forwarded_proto.value_or(std::string_view());
    proto = trim_whitespace(proto.substr(0, proto.find(',')));  // "https, http": the first proxy's
    const char* scheme = ascii_lower(proto) == "https" ? "https://" : "http://";
    const std::string_view path = request.path.value_or(std::string_view());
    const char* separator = path.empty() || path.front() == '/' ? "" : "/";
    return scheme + std::string(request.host.value_or(std::string_view())) + separator + std::string(path);
}

// The url is always built, so a missing Host fails the CSRF check (no origin to compare with)
// rather than the request as a whole: a GET never reads it, as in Lucia.
std::optional<std::string> forwarded_request_session_id(const ForwardedRequest& request, bool csrf_protection,
                                                        const std::vector<std::string>& allowed_origins) {
    const std::string url = forwarded_request_url(request);
    RequestHeaders headers;
    headers.method = request.method;
    headers.url = url;
    headers.origin = request.origin;
    check_request(headers, csrf_protection, allowed_origins);
    if (!request.session_cookie) {
        return std::nullopt;
    }
    return session_id_from_cookie(std::string(*request.session_cookie));
}

bool leaves_request_anonymous(ErrorCode code) noexcept {
    return code == ErrorCode::InvalidSessionId;
}

}  // namespace lucia
