// Helpers: random strings, the session cookie, request parsing with the CSRF origin check.
// Mirrors sql/helpers.sql (expected/helpers.out) on SQLite.
#include "json_helpers.hpp"
#include "sqlite_fixture.hpp"

#include <set>
#include <string>

using namespace lucia_test;

namespace {

const char* const kId = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJ1234";
const char* const kBlankCookie =
    "auth_session=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; Secure; SameSite=Lax";

}  // namespace

// lucia_generate_random_string: Lucia's 62 symbols, every one of them used.
TEST(SqliteHelpers, RandomStrings) {
    Database db;
    EXPECT_EQ(db.value("SELECT length(lucia_generate_random_string(15))"), "15");
    EXPECT_EQ(db.value("SELECT length(lucia_generate_random_string(40))"), "40");
    EXPECT_EQ(db.value("SELECT length(lucia_generate_random_string(1))"), "1");
    std::string long_one = db.value("SELECT lucia_generate_random_string(1024)");
    EXPECT_EQ(long_one.size(), 1024u);
    EXPECT_TRUE(is_alphanumeric(long_one));
    EXPECT_EQ(db.value("SELECT lucia_generate_random_string(40) <> lucia_generate_random_string(40)"), "1");
    // A whole REAL is a length like any other (better-sqlite3 binds JS numbers as REAL).
    Outcome real = run_typed(db, "SELECT length(lucia_generate_random_string(?1))", {Param::number(15.0)});
    EXPECT_TRUE(real.ok) << real.error;
    EXPECT_EQ(real.text(), "15");

    std::string all = db.value(
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20) "
        "SELECT group_concat(lucia_generate_random_string(1000), '') FROM n");
    ASSERT_EQ(all.size(), 20000u);
    EXPECT_TRUE(is_alphanumeric(all));
    std::set<char> symbols(all.begin(), all.end());
    EXPECT_EQ(symbols.size(), 62u);
    EXPECT_NE(all.substr(0, 1000), all.substr(1000, 1000)) << "a new string per row";
}

TEST(SqliteHelpers, RandomStringBounds) {
    Database db;
    for (const char* length : {"0", "1025", "-1", "9223372036854775807"}) {
        EXPECT_TRUE(fails_with(db, std::string("SELECT lucia_generate_random_string(") + length + ")",
                               "AUTH_INVALID_ARGUMENT: length must be between 1 and 1024"));
    }
    EXPECT_TRUE(
        fails_with(db, "SELECT lucia_generate_random_string(NULL)", "AUTH_INVALID_ARGUMENT: length must not be null"));
    EXPECT_TRUE(
        fails_with(db, "SELECT lucia_generate_random_string(2.5)", "AUTH_INVALID_ARGUMENT: length must be an integer"));
    EXPECT_TRUE(fails_with(db, "SELECT lucia_generate_random_string('abc')",
                           "AUTH_INVALID_ARGUMENT: length must be an integer"));
}

// lucia_create_session_cookie: the Set-Cookie value Lucia v1 sends (env prod adds Secure).
TEST(SqliteHelpers, SessionCookie) {
    Database db;
    EXPECT_EQ(db.value("SELECT lucia_create_session_cookie(?1, 1796613896225)", {kId}),
              "auth_session=abcdefghijklmnopqrstuvwxyzABCDEFGHIJ1234; Path=/; Expires=Mon, 07 Dec 2026 03:24:56 GMT; "
              "HttpOnly; Secure; SameSite=Lax");
    EXPECT_EQ(db.value("SELECT lucia_create_session_cookie(NULL, NULL)"), kBlankCookie);
    EXPECT_EQ(db.value("SELECT lucia_create_session_cookie()"), kBlankCookie);
    EXPECT_EQ(db.value("SELECT lucia_create_session_cookie(NULL)"), kBlankCookie);
    // A REAL expiry, as better-sqlite3 would bind it.
    Outcome real =
        run_typed(db, "SELECT lucia_create_session_cookie(?1, ?2)", {Param::text(kId), Param::number(1796613896225.0)});
    ASSERT_TRUE(real.ok) << real.error;
    EXPECT_EQ(real.text(),
              "auth_session=abcdefghijklmnopqrstuvwxyzABCDEFGHIJ1234; Path=/; Expires=Mon, 07 Dec 2026 "
              "03:24:56 GMT; HttpOnly; Secure; SameSite=Lax");
    // The last date JavaScript can hold still works.
    EXPECT_EQ(db.value("SELECT lucia_create_session_cookie(?1, 8640000000000000)", {kId}),
              "auth_session=abcdefghijklmnopqrstuvwxyzABCDEFGHIJ1234; Path=/; Expires=Sat, 13 Sep 275760 00:00:00 GMT; "
              "HttpOnly; Secure; SameSite=Lax");

    EXPECT_EQ(db.value("SELECT lucia_set_config('lucia.env', 'dev')"), "dev");
    EXPECT_EQ(db.value("SELECT lucia_create_session_cookie(?1, 1796613896225)", {kId}),
              "auth_session=abcdefghijklmnopqrstuvwxyzABCDEFGHIJ1234; Path=/; Expires=Mon, 07 Dec 2026 03:24:56 GMT; "
              "HttpOnly; SameSite=Lax");
    EXPECT_EQ(db.value("SELECT lucia_set_config('lucia.cookie_same_site', 'strict')"), "strict");
    EXPECT_EQ(db.value("SELECT lucia_set_config('lucia.cookie_path', '/app')"), "/app");
    EXPECT_EQ(db.value("SELECT lucia_set_config('lucia.cookie_domain', 'example.com')"), "example.com");
    EXPECT_EQ(db.value("SELECT lucia_create_session_cookie(?1, 0)", {kId}),
              "auth_session=abcdefghijklmnopqrstuvwxyzABCDEFGHIJ1234; Domain=example.com; Path=/app; "
              "Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; SameSite=Strict");
    db.value("SELECT lucia_set_config('lucia.cookie_same_site', 'none')");
    EXPECT_EQ(db.value("SELECT lucia_create_session_cookie(?1, 0)", {kId}),
              "auth_session=abcdefghijklmnopqrstuvwxyzABCDEFGHIJ1234; Domain=example.com; Path=/app; "
              "Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; SameSite=None");
    db.value("SELECT lucia_set_config('lucia.cookie_domain', 'evil.com; HttpOnly=false')");
    EXPECT_TRUE(fails_with(db, "SELECT lucia_create_session_cookie(?1, 0)",
                           "AUTH_INVALID_ARGUMENT: cookie domain contains characters a cookie cannot hold", {kId}));

    // Back to the defaults (PostgreSQL's RESET).
    db.value("SELECT lucia_set_config('lucia.env', 'prod')");
    db.value("SELECT lucia_set_config('lucia.cookie_same_site', 'lax')");
    db.value("SELECT lucia_set_config('lucia.cookie_path', '/')");
    db.value("SELECT lucia_set_config('lucia.cookie_domain', '')");
    EXPECT_EQ(db.value("SELECT lucia_create_session_cookie()"), kBlankCookie);

    EXPECT_TRUE(fails_with(db, "SELECT lucia_create_session_cookie(?1, NULL)",
                           "AUTH_INVALID_ARGUMENT: idle_expires must not be null for a session", {kId}));
    EXPECT_TRUE(fails_with(db, "SELECT lucia_create_session_cookie(?1)",
                           "AUTH_INVALID_ARGUMENT: idle_expires must not be null for a session", {kId}));
    EXPECT_TRUE(fails_with(db, "SELECT lucia_create_session_cookie('short', 0)",
                           "AUTH_INVALID_SESSION_ID: session id must be 40 characters"));
    EXPECT_TRUE(fails_with(db, "SELECT lucia_create_session_cookie(?1, 8640000000000001)",
                           "AUTH_INVALID_ARGUMENT: date is outside javascript's date range", {kId}));
}

// From a validated session, in one statement: the cookie expires with the session's idle period.
TEST(SqliteHelpers, CookieFromASession) {
    Database db;
    db.value("SELECT lucia_create_tables()");
    call_json(db, "SELECT lucia_create_user(NULL, NULL, NULL, NULL, 'ada')");
    Outcome o = db.run(
        "WITH s AS MATERIALIZED (SELECT lucia_create_session('ada') AS j) "
        "SELECT lucia_create_session_cookie(j ->> 'session_id', j ->> 'idle_expires'), j FROM s");
    ASSERT_TRUE(o.ok) << o.error;
    ASSERT_EQ(o.row.size(), 2u);
    Json session(db, *o.row[1]);
    std::string cookie = *o.row[0];
    std::string prefix = "auth_session=" + session.text("session_id") + "; Path=/; Expires=";
    EXPECT_EQ(cookie.substr(0, prefix.size()), prefix) << cookie;
    const std::string suffix = " GMT; HttpOnly; Secure; SameSite=Lax";
    ASSERT_GT(cookie.size(), prefix.size() + suffix.size());
    EXPECT_EQ(cookie.substr(cookie.size() - suffix.size()), suffix) << cookie;
    // "Www, DD Mon YYYY HH:MM:SS" of idle_expires.
    std::int64_t idle = session.integer("idle_expires");
    std::time_t seconds = static_cast<std::time_t>(idle / 1000);
    std::tm utc{};
    gmtime_r(&seconds, &utc);
    char expected[64];
    std::strftime(expected, sizeof(expected), "%a, %d %b %Y %H:%M:%S", &utc);
    EXPECT_EQ(cookie.substr(prefix.size(), cookie.size() - prefix.size() - suffix.size()), expected);
    EXPECT_EQ(integer(db, "SELECT count(*) FROM auth_session"), 1);
}

// lucia_parse_request_headers: the session id from the cookie, after the CSRF origin check.
TEST(SqliteHelpers, ParseRequestHeaders) {
    Database db;
    EXPECT_EQ(db.value("SELECT lucia_parse_request_headers('GET', 'https://example.com/page', NULL, "
                       "'theme=dark; auth_session=abc123')"),
              "abc123");
    EXPECT_EQ(db.value("SELECT lucia_parse_request_headers('GET', 'https://example.com/page')"), "");
    EXPECT_EQ(db.value("SELECT lucia_parse_request_headers('POST', 'https://example.com/login', 'https://example.com', "
                       "'auth_session=abc123')"),
              "abc123");
    EXPECT_EQ(
        db.value("SELECT lucia_parse_request_headers('post', 'https://example.com:443/login', 'https://example.com', "
                 "'auth_session=abc123')"),
        "abc123");
    EXPECT_EQ(
        db.value("SELECT lucia_parse_request_headers('POST', 'https://example.com/login', 'https://app.example.com', "
                 "'auth_session=abc123', '[\"https://app.example.com\"]')"),
        "abc123");
    EXPECT_EQ(db.value("SELECT lucia_parse_request_headers('POST', 'https://example.com/login', 'https://example.com', "
                       "'auth_session=abc123', '[]')"),
              "abc123");
    for (const char* sql :
         {"SELECT lucia_parse_request_headers('GET', 'https://example.com/', NULL, NULL)",
          "SELECT lucia_parse_request_headers('GET', 'https://example.com/', NULL, 'other=1')",
          "SELECT lucia_parse_request_headers('GET', 'https://example.com/', NULL, 'auth_session=')"}) {
        Outcome o = db.run(sql);
        EXPECT_TRUE(o.ok) << sql << " -> " << o.error;
        EXPECT_TRUE(o.is_null()) << sql << " -> " << o.text();
    }
    EXPECT_EQ(db.value("SELECT lucia_parse_request_headers('GET', 'https://example.com/', NULL, "
                       "'auth_session=\"quoted%20id\"')"),
              "quoted id");

    const std::pair<const char*, const char*> errors[] = {
        {"SELECT lucia_parse_request_headers('POST', 'https://example.com/login', 'https://evil.com', "
         "'auth_session=abc')",
         "AUTH_INVALID_REQUEST: origin header does not match the request url"},
        {"SELECT lucia_parse_request_headers('POST', 'https://example.com/login', NULL, 'auth_session=abc')",
         "AUTH_INVALID_REQUEST: origin header is required for this method"},
        {"SELECT lucia_parse_request_headers('DELETE', 'https://example.com/x', 'http://example.com', "
         "'auth_session=abc')",
         "AUTH_INVALID_REQUEST: origin header does not match the request url"},
        {"SELECT lucia_parse_request_headers(NULL, 'https://example.com/', NULL, NULL)",
         "AUTH_INVALID_REQUEST: request method is required"},
        {"SELECT lucia_parse_request_headers('GET', NULL, NULL, NULL)",
         "AUTH_INVALID_REQUEST: request url is required"},
        {"SELECT lucia_parse_request_headers('POST', 'not a url', 'https://example.com', NULL)",
         "AUTH_INVALID_REQUEST: request url is not an absolute http(s) url"},
        {"SELECT lucia_parse_request_headers('POST', 'https://example.com/login', 'https://app.example.com', "
         "'auth_session=abc', '[\"https://other.example.com\"]')",
         "AUTH_INVALID_REQUEST: origin header does not match the request url"},
    };
    for (const auto& [sql, message] : errors) EXPECT_TRUE(fails_with(db, sql, message));
}

// allowed_origins is a JSON array of strings (SQLite has no arrays); anything else, including text
// that is not JSON at all, is AUTH_INVALID_ARGUMENT.
TEST(SqliteHelpers, AllowedOriginsMustBeAJsonArrayOfStrings) {
    Database db;
    for (const char* origins : {"[null]", "[\"https://x.com\", 1]", "{\"a\": 1}", "\"https://x.com\"", "null", "[", "",
                                "https://x.com", "[\"unterminated]"}) {
        EXPECT_TRUE(fails_with(
            db, "SELECT lucia_parse_request_headers('POST', 'https://example.com/', 'https://x.com', NULL, ?1)",
            "AUTH_INVALID_ARGUMENT: allowed_origins must be a JSON array of strings", {origins}))
            << origins;
    }
    // NULL means no extra origins, as an empty array does.
    EXPECT_TRUE(fails_with(
        db, "SELECT lucia_parse_request_headers('POST', 'https://example.com/', 'https://x.com', NULL, NULL)",
        "AUTH_INVALID_REQUEST: origin header does not match the request url"));
}

TEST(SqliteHelpers, CsrfProtectionOff) {
    Database db;
    EXPECT_EQ(db.value("SELECT lucia_set_config('lucia.csrf_protection', 'off')"), "off");
    EXPECT_EQ(db.value("SELECT lucia_parse_request_headers('POST', 'https://example.com/login', 'https://evil.com', "
                       "'auth_session=abc123')"),
              "abc123");
    EXPECT_EQ(
        db.value(
            "SELECT lucia_parse_request_headers('POST', 'https://example.com/login', NULL, 'auth_session=abc123')"),
        "abc123");
    EXPECT_EQ(db.value("SELECT lucia_set_config('lucia.csrf_protection', 'on')"), "on");
    EXPECT_TRUE(
        fails_with(db,
                   "SELECT lucia_parse_request_headers('POST', 'https://example.com/login', 'https://evil.com', "
                   "'auth_session=abc123')",
                   "AUTH_INVALID_REQUEST: origin header does not match the request url"));
}
