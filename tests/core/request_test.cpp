#include "core/request.hpp"

#include "core/errors.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace {

using lucia::cookie_value;
using lucia::parse_request_headers;
using lucia::RequestHeaders;
using lucia::url_origin;

const char kId[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJ1234";
const std::string kCookie = std::string("theme=dark; auth_session=") + kId;

// Asserts that body throws lucia::Error(InvalidRequest).
template <typename Body>
void expect_invalid_request(Body&& body) {
    try {
        body();
        ADD_FAILURE() << "no exception";
    } catch (const lucia::Error& e) {
        EXPECT_EQ(e.code(), lucia::ErrorCode::InvalidRequest);
    }
}

// A request with every header present; tests knock out what they need.
RequestHeaders request(const char* method, const char* origin) {
    RequestHeaders r;
    r.method = method;
    r.url = "https://example.com/login?next=/";
    if (origin != nullptr) {
        r.origin = origin;
    }
    r.cookie = kCookie;
    return r;
}

// --- url_origin (expectations checked with Node's `new URL(url).origin`) ------------------------

TEST(UrlOrigin, Basics) {
    EXPECT_EQ(url_origin("https://example.com/a?b#c"), "https://example.com");
    EXPECT_EQ(url_origin("https://Example.COM:443/a"), "https://example.com");
    EXPECT_EQ(url_origin("HTTP://User:pw@EXAMPLE.com:80/"), "http://example.com");
    EXPECT_EQ(url_origin("http://example.com:8080"), "http://example.com:8080");
    EXPECT_EQ(url_origin("https://a.com:0443/x"), "https://a.com");
    EXPECT_EQ(url_origin("https://a.com:0"), "https://a.com:0");
    EXPECT_EQ(url_origin("https://a.com:/"), "https://a.com");
    EXPECT_EQ(url_origin("http://[::1]:8080/"), "http://[::1]:8080");
    EXPECT_EQ(url_origin("http://[::1]:80/"), "http://[::1]");
    EXPECT_EQ(url_origin("ftp://a.com:21/"), "ftp://a.com");
    EXPECT_EQ(url_origin("ws://a.com:80"), "ws://a.com");
    EXPECT_EQ(url_origin("wss://a.com:443"), "wss://a.com");
    EXPECT_EQ(url_origin("https://a.com:65535"), "https://a.com:65535");
    EXPECT_EQ(url_origin("  https://a.com/  "), "https://a.com");
}

TEST(UrlOrigin, BackslashEndsTheAuthority) {
    // WHATWG treats '\' as '/' in special URLs, so the '@' after it is path, not userinfo.
    EXPECT_EQ(url_origin("https://evil.com\\@good.com/"), "https://evil.com");
}

TEST(UrlOrigin, Unparsable) {
    EXPECT_EQ(url_origin(""), std::nullopt);
    EXPECT_EQ(url_origin("/relative/path"), std::nullopt);
    EXPECT_EQ(url_origin("example.com"), std::nullopt);
    EXPECT_EQ(url_origin("https://"), std::nullopt);
    EXPECT_EQ(url_origin("https:///path"), std::nullopt);
    EXPECT_EQ(url_origin("https://user@/"), std::nullopt);
    EXPECT_EQ(url_origin("https://a.com:65536"), std::nullopt);
    EXPECT_EQ(url_origin("https://a.com:-1"), std::nullopt);
    EXPECT_EQ(url_origin("https://a.com:8o"), std::nullopt);
    EXPECT_EQ(url_origin("https://a b.com/"), std::nullopt);
    EXPECT_EQ(url_origin("https://[::1/"), std::nullopt);
    EXPECT_EQ(url_origin("https://[::1]x/"), std::nullopt);
    EXPECT_EQ(url_origin("mailto://a.com"), std::nullopt);  // not a tuple origin
    EXPECT_EQ(url_origin("file:///etc/passwd"), std::nullopt);
    EXPECT_EQ(url_origin("https://b\xC3\xBC"
                         "cher.de/"),
              std::nullopt);  // browsers punycode it
}

// --- cookie_value -------------------------------------------------------------------------------

TEST(CookieValue, FindsTheNamedCookie) {
    EXPECT_EQ(cookie_value(kCookie, "auth_session"), kId);
    EXPECT_EQ(cookie_value(kCookie, "theme"), "dark");
    EXPECT_EQ(cookie_value(kCookie, "missing"), std::nullopt);
    EXPECT_EQ(cookie_value("", "auth_session"), std::nullopt);
}

TEST(CookieValue, TrimsSpacesAndTabs) {
    EXPECT_EQ(cookie_value("  auth_session \t=\t abc  ;x=1", "auth_session"), "abc");
    EXPECT_EQ(cookie_value("a=1;auth_session=abc", "auth_session"), "abc");
}

TEST(CookieValue, FirstOccurrenceWins) {
    EXPECT_EQ(cookie_value("auth_session=first; auth_session=second", "auth_session"), "first");
    EXPECT_EQ(cookie_value("auth_session=; auth_session=second", "auth_session"), "");
}

TEST(CookieValue, PairsWithoutEqualsAreSkipped) {
    EXPECT_EQ(cookie_value("auth_session; auth_session=abc", "auth_session"), "abc");
    EXPECT_EQ(cookie_value("junk;;auth_session=abc;", "auth_session"), "abc");
}

TEST(CookieValue, ValueMayContainEquals) {
    EXPECT_EQ(cookie_value("auth_session=a=b=c", "auth_session"), "a=b=c");
}

TEST(CookieValue, QuotesAreStripped) {
    EXPECT_EQ(cookie_value("auth_session=\"abc\"", "auth_session"), "abc");
    EXPECT_EQ(cookie_value("auth_session= \"abc\" ", "auth_session"), "abc");
    EXPECT_EQ(cookie_value("auth_session=\"\"", "auth_session"), "");
    // jshttp/cookie's slice(1, -1) drops the last character even if it is not a quote.
    EXPECT_EQ(cookie_value("auth_session=\"abc", "auth_session"), "ab");
    EXPECT_EQ(cookie_value("auth_session=\"", "auth_session"), "");
    EXPECT_EQ(cookie_value("auth_session=a\"b\"", "auth_session"), "a\"b\"");
}

TEST(CookieValue, PercentDecoding) {
    EXPECT_EQ(cookie_value("auth_session=a%20b", "auth_session"), "a b");
    EXPECT_EQ(cookie_value("auth_session=%C3%A9%3B", "auth_session"), "\xC3\xA9;");
    EXPECT_EQ(cookie_value("auth_session=a+b", "auth_session"), "a+b");  // '+' is not a space
    // Decoding failures keep the raw value (tryDecode).
    EXPECT_EQ(cookie_value("auth_session=100%", "auth_session"), "100%");
    EXPECT_EQ(cookie_value("auth_session=%zz", "auth_session"), "%zz");
    EXPECT_EQ(cookie_value("auth_session=%C3", "auth_session"), "%C3");  // not UTF-8
    EXPECT_EQ(cookie_value("auth_session=%ED%A0%80", "auth_session"), "%ED%A0%80");
}

TEST(CookieValue, NameIsCaseSensitive) {
    EXPECT_EQ(cookie_value("AUTH_SESSION=abc", "auth_session"), std::nullopt);
}

// --- parse_request_headers -------------------------------------------------------------------------

TEST(ParseRequest, GetWithoutOriginIsFine) {
    EXPECT_EQ(parse_request_headers(request("GET", nullptr), true, {}), kId);
    EXPECT_EQ(parse_request_headers(request("head", nullptr), true, {}), kId);
    EXPECT_EQ(parse_request_headers(request("Get", "https://evil.com"), true, {}), kId);
}

TEST(ParseRequest, PostWithMatchingOrigin) {
    EXPECT_EQ(parse_request_headers(request("POST", "https://example.com"), true, {}), kId);
}

TEST(ParseRequest, PostWithForeignOrigin) {
    expect_invalid_request([] { parse_request_headers(request("POST", "https://evil.com"), true, {}); });
    // Exact string comparison, like Lucia's includes(): no case folding, no default-port logic.
    expect_invalid_request([] { parse_request_headers(request("POST", "https://EXAMPLE.com"), true, {}); });
    expect_invalid_request([] { parse_request_headers(request("POST", "https://example.com:443"), true, {}); });
    expect_invalid_request([] { parse_request_headers(request("POST", "https://example.com/"), true, {}); });
}

TEST(ParseRequest, PostWithAllowedExtraOrigin) {
    const std::vector<std::string> allowed = {"https://app.example.com", "http://localhost:5173"};
    EXPECT_EQ(parse_request_headers(request("POST", "http://localhost:5173"), true, allowed), kId);
    EXPECT_EQ(parse_request_headers(request("DELETE", "https://app.example.com"), true, allowed), kId);
    expect_invalid_request([&] { parse_request_headers(request("POST", "http://localhost:5174"), true, allowed); });
}

TEST(ParseRequest, PostWithoutOrigin) {
    expect_invalid_request([] { parse_request_headers(request("POST", nullptr), true, {}); });
    expect_invalid_request([] { parse_request_headers(request("POST", ""), true, {}); });
}

TEST(ParseRequest, PostWithUnparsableUrl) {
    RequestHeaders r = request("POST", "https://example.com");
    r.url = "/login";
    expect_invalid_request([&] { parse_request_headers(r, true, {}); });
    // GET never looks at the url's shape, as in Lucia.
    r.method = "GET";
    EXPECT_EQ(parse_request_headers(r, true, {}), kId);
}

TEST(ParseRequest, CsrfOff) {
    EXPECT_EQ(parse_request_headers(request("POST", nullptr), false, {}), kId);
    EXPECT_EQ(parse_request_headers(request("POST", "https://evil.com"), false, {}), kId);
}

TEST(ParseRequest, MissingMethodOrUrl) {
    RequestHeaders r = request("GET", nullptr);
    r.method = std::nullopt;
    expect_invalid_request([&] { parse_request_headers(r, false, {}); });
    r = request("GET", nullptr);
    r.url = std::nullopt;
    expect_invalid_request([&] { parse_request_headers(r, false, {}); });
}

TEST(ParseRequest, CookieEdgeCases) {
    RequestHeaders r = request("GET", nullptr);
    r.cookie = std::nullopt;
    EXPECT_EQ(parse_request_headers(r, true, {}), std::nullopt);
    r.cookie = "";
    EXPECT_EQ(parse_request_headers(r, true, {}), std::nullopt);
    r.cookie = "theme=dark";
    EXPECT_EQ(parse_request_headers(r, true, {}), std::nullopt);
    r.cookie = "auth_session=";  // the blank cookie: no session, not ""
    EXPECT_EQ(parse_request_headers(r, true, {}), std::nullopt);
    r.cookie = "auth_session=\"\"";
    EXPECT_EQ(parse_request_headers(r, true, {}), std::nullopt);
    r.cookie = "auth_session=\"abc\"; auth_session=def";
    EXPECT_EQ(parse_request_headers(r, true, {}), "abc");
    r.cookie = "auth_session=not-validated-here";
    EXPECT_EQ(parse_request_headers(r, true, {}), "not-validated-here");
}

}  // namespace

// A session cookie that is not UTF-8 (raw bytes) names no session: it must not
// come back as text that PostgreSQL would refuse and SQLite would pass on.
TEST(ParseRequestHeaders, ACookieThatIsNotUtf8IsNoSession) {
    for (const char* cookie : {"auth_session=\xff\xff\xff",
                               "auth_session=a\xc0\xaf"
                               "b",
                               "auth_session=\xed\xa0\x80"}) {
        RequestHeaders r = request("GET", nullptr);
        r.cookie = cookie;
        EXPECT_FALSE(parse_request_headers(r, true, {}).has_value()) << cookie;
    }
    // Percent escapes that decode to no UTF-8 stay as written (jshttp/cookie's tryDecode): ASCII.
    RequestHeaders raw = request("GET", nullptr);
    raw.cookie = "auth_session=%FF%FE";
    EXPECT_EQ(parse_request_headers(raw, true, {}).value_or(""), "%FF%FE");
    RequestHeaders r = request("GET", nullptr);
    r.cookie = "auth_session=%C3%A9t%C3%A9";
    EXPECT_EQ(parse_request_headers(r, true, {}).value_or(""), "\xc3\xa9t\xc3\xa9");
}

// --- forwarded_request_session_id (PostgREST's request.* settings) ----------------------------------

namespace {

using lucia::forwarded_request_session_id;
using lucia::forwarded_request_url;
using lucia::ForwardedRequest;

// A request as PostgREST forwards it to https://api.example.com/rpc/notes behind a TLS proxy.
ForwardedRequest forwarded(const char* method, const char* origin) {
    ForwardedRequest r;
    r.method = method;
    r.host = "api.example.com";
    r.path = "/rpc/notes";
    r.forwarded_proto = "https";
    if (origin != nullptr) r.origin = origin;
    r.session_cookie = kId;
    return r;
}

}  // namespace

TEST(ForwardedRequest, UrlFromHostPathAndForwardedProto) {
    ForwardedRequest r = forwarded("GET", nullptr);
    EXPECT_EQ(forwarded_request_url(r), "https://api.example.com/rpc/notes");
    r.forwarded_proto = " HTTPS , http";
    EXPECT_EQ(forwarded_request_url(r), "https://api.example.com/rpc/notes");
    r.forwarded_proto = "http, https";  // the first proxy's (the client's) scheme counts
    EXPECT_EQ(forwarded_request_url(r), "http://api.example.com/rpc/notes");
    r.forwarded_proto = std::nullopt;  // PostgREST itself speaks plain HTTP
    EXPECT_EQ(forwarded_request_url(r), "http://api.example.com/rpc/notes");
    r.forwarded_proto = "wss";
    EXPECT_EQ(forwarded_request_url(r), "http://api.example.com/rpc/notes");
}

// A hand-set request.path without its "/" cannot extend the host: "@evil.com" would otherwise
// make the url https://api.example.com@evil.com, whose origin is evil.com's.
TEST(ForwardedRequest, PathNeverBecomesPartOfTheHost) {
    ForwardedRequest r = forwarded("POST", "https://evil.com");
    r.path = "@evil.com";
    EXPECT_EQ(forwarded_request_url(r), "https://api.example.com/@evil.com");
    expect_invalid_request([&] { forwarded_request_session_id(r, true, {}); });
    r.path = ":8443/rpc";
    EXPECT_EQ(forwarded_request_url(r), "https://api.example.com/:8443/rpc");
    r.path = "";
    EXPECT_EQ(forwarded_request_url(r), "https://api.example.com");
}

TEST(ForwardedRequest, GetReadsTheCookieWhateverTheOrigin) {
    EXPECT_EQ(forwarded_request_session_id(forwarded("GET", nullptr), true, {}), kId);
    EXPECT_EQ(forwarded_request_session_id(forwarded("HEAD", "https://evil.com"), true, {}), kId);
    ForwardedRequest no_host = forwarded("GET", nullptr);
    no_host.host = std::nullopt;
    EXPECT_EQ(forwarded_request_session_id(no_host, true, {}), kId);
}

TEST(ForwardedRequest, PostNeedsTheHostsOriginOrAnAllowedOne) {
    EXPECT_EQ(forwarded_request_session_id(forwarded("POST", "https://api.example.com"), true, {}), kId);
    expect_invalid_request([] { forwarded_request_session_id(forwarded("POST", "https://evil.com"), true, {}); });
    expect_invalid_request([] { forwarded_request_session_id(forwarded("POST", nullptr), true, {}); });
    expect_invalid_request([] { forwarded_request_session_id(forwarded("POST", "http://api.example.com"), true, {}); });
    const std::vector<std::string> allowed = {"https://app.example.com"};
    EXPECT_EQ(forwarded_request_session_id(forwarded("PATCH", "https://app.example.com"), true, allowed), kId);
    ForwardedRequest no_host = forwarded("POST", "https://api.example.com");
    no_host.host = std::nullopt;
    expect_invalid_request([&] { forwarded_request_session_id(no_host, true, {}); });
    EXPECT_EQ(forwarded_request_session_id(forwarded("POST", "https://evil.com"), false, {}), kId);
}

TEST(ForwardedRequest, MethodIsRequired) {
    ForwardedRequest r = forwarded("GET", nullptr);
    r.method = std::nullopt;
    expect_invalid_request([&] { forwarded_request_session_id(r, true, {}); });
}

TEST(ForwardedRequest, BlankOrNonUtf8CookieIsNoSession) {
    ForwardedRequest r = forwarded("GET", nullptr);
    r.session_cookie = std::nullopt;
    EXPECT_EQ(forwarded_request_session_id(r, true, {}), std::nullopt);
    r.session_cookie = "";
    EXPECT_EQ(forwarded_request_session_id(r, true, {}), std::nullopt);
    r.session_cookie = "\xff\xfe";
    EXPECT_EQ(forwarded_request_session_id(r, true, {}), std::nullopt);
    r.session_cookie = "%41";  // taken as the proxy hands it over: no percent-decoding here
    EXPECT_EQ(forwarded_request_session_id(r, true, {}), "%41");
}

TEST(ForwardedRequest, OnlyAnInvalidSessionLeavesTheRequestAnonymous) {
    EXPECT_TRUE(lucia::leaves_request_anonymous(lucia::ErrorCode::InvalidSessionId));
    EXPECT_FALSE(lucia::leaves_request_anonymous(lucia::ErrorCode::PrimaryRequired));
    EXPECT_FALSE(lucia::leaves_request_anonymous(lucia::ErrorCode::InvalidRequest));
    EXPECT_FALSE(lucia::leaves_request_anonymous(lucia::ErrorCode::UnknownError));
}
