#include "core/cookie.hpp"

#include "core/errors.hpp"

#include <gtest/gtest.h>

#include "test_helpers.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace {

using lucia::CookieOptions;
using lucia::format_utc_date;
using lucia::serialize_session_cookie;

struct DateRow {
    std::int64_t ms;
    const char* utc;
};

// Every row is `new Date(ms).toUTCString()` as printed by Node v20.20.2.
const std::vector<DateRow> kDates = {
    {0LL, "Thu, 01 Jan 1970 00:00:00 GMT"},
    {-1LL, "Wed, 31 Dec 1969 23:59:59 GMT"},
    {1LL, "Thu, 01 Jan 1970 00:00:00 GMT"},
    {1700000000000LL, "Tue, 14 Nov 2023 22:13:20 GMT"},
    {1795401278992LL, "Mon, 23 Nov 2026 02:34:38 GMT"},
    {-86400000LL, "Wed, 31 Dec 1969 00:00:00 GMT"},
    {-86399999LL, "Wed, 31 Dec 1969 00:00:00 GMT"},
    {-86400001LL, "Tue, 30 Dec 1969 23:59:59 GMT"},
    {951782400000LL, "Tue, 29 Feb 2000 00:00:00 GMT"},
    {4107542400000LL, "Mon, 01 Mar 2100 00:00:00 GMT"},
    {-2208988800000LL, "Mon, 01 Jan 1900 00:00:00 GMT"},
    {68717203200000LL, "Tue, 25 Jul 4147 00:00:00 GMT"},
    {-30610224000001LL, "Tue, 31 Dec 0999 23:59:59 GMT"},
    {-62135596800000LL, "Mon, 01 Jan 0001 00:00:00 GMT"},
    {-62135596800001LL, "Sun, 31 Dec 0000 23:59:59 GMT"},
    {-62167219200000LL, "Sat, 01 Jan 0000 00:00:00 GMT"},
    {-62167219200001LL, "Fri, 31 Dec -0001 23:59:59 GMT"},
    {-62198755200000LL, "Fri, 01 Jan -0001 00:00:00 GMT"},
    {253402300799999LL, "Fri, 31 Dec 9999 23:59:59 GMT"},
    {253402300800000LL, "Sat, 01 Jan 10000 00:00:00 GMT"},
    {8640000000000000LL, "Sat, 13 Sep 275760 00:00:00 GMT"},
    {-8640000000000000LL, "Tue, 20 Apr -271821 00:00:00 GMT"},
    // Pseudo-random values across the whole range.
    {5399831048942820LL, "Thu, 01 Nov 173083 13:09:02 GMT"},
    {-5930153078275443LL, "Tue, 06 Dec -185950 00:02:04 GMT"},
    {5905333602355950LL, "Tue, 29 Jul 189102 13:05:55 GMT"},
    {-6748098941104632LL, "Wed, 04 Apr -211869 23:54:55 GMT"},
    {-583271117545095LL, "Mon, 15 Nov -16514 21:07:34 GMT"},
    {-5588717232200997LL, "Thu, 07 Aug -175130 18:36:39 GMT"},
    {2232579810698752LL, "Wed, 22 Aug 72717 02:31:38 GMT"},
    {8314972111819690LL, "Sun, 23 Dec 265460 03:30:19 GMT"},
    {-708326452658857LL, "Sat, 12 Jan -20476 04:02:21 GMT"},
    {-3139625533225289LL, "Fri, 24 Mar -97521 12:19:34 GMT"},
    {1884506049094866LL, "Thu, 14 Aug 61687 14:31:34 GMT"},
    {-7032890903107366LL, "Tue, 24 Jul -220894 17:34:52 GMT"},
    {-1362037013298520LL, "Mon, 06 Oct -41192 17:11:41 GMT"},
    {-269044212691218LL, "Tue, 30 Apr -6556 08:28:28 GMT"},
    {-7723189622121499LL, "Wed, 12 Nov -242769 05:24:38 GMT"},
    {268330231550049LL, "Mon, 16 Jan 10473 23:25:50 GMT"},
    {-6718952344330283LL, "Thu, 16 Nov -210946 20:47:49 GMT"},
    {6983047241802540LL, "Tue, 16 Dec 223253 00:56:42 GMT"},
    {5231766108790480LL, "Wed, 25 Jan 167758 11:33:10 GMT"},
    {7078664385628374LL, "Tue, 11 Dec 226283 22:40:28 GMT"},
    {5010384770895788LL, "Sat, 10 Oct 160742 11:28:15 GMT"},
    {-3487919362300597LL, "Sun, 27 Mar -108558 22:28:19 GMT"},
    {-5888902499891749LL, "Thu, 09 Feb -184642 06:01:48 GMT"},
    {-2264933049737538LL, "Thu, 16 Feb -69803 02:37:42 GMT"},
};

TEST(Cookie, DatesMatchJavaScript) {
    for (const DateRow& row : kDates) {
        EXPECT_EQ(format_utc_date(row.ms), row.utc) << row.ms;
    }
}

TEST(Cookie, DateOutsideJavaScriptRangeThrows) {
    expect_invalid_argument([] { format_utc_date(8'640'000'000'000'001LL); });
    expect_invalid_argument([] { format_utc_date(-8'640'000'000'000'001LL); });
    expect_invalid_argument([] { format_utc_date(INT64_MAX); });
    expect_invalid_argument([] { format_utc_date(INT64_MIN); });
}

const char kId[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJ1234";  // 40 symbols

TEST(Cookie, DefaultOptionsMatchLuciaInProd) {
    const CookieOptions options;  // path "/", lax, secure
    EXPECT_EQ(serialize_session_cookie(kId, 1795401278992, options),
              "auth_session=abcdefghijklmnopqrstuvwxyzABCDEFGHIJ1234; Path=/; "
              "Expires=Mon, 23 Nov 2026 02:34:38 GMT; HttpOnly; Secure; SameSite=Lax");
}

TEST(Cookie, WithoutSecureMatchesSpecExample) {
    CookieOptions options;
    options.secure = false;
    EXPECT_EQ(serialize_session_cookie(kId, 1795401278992, options),
              "auth_session=abcdefghijklmnopqrstuvwxyzABCDEFGHIJ1234; Path=/; "
              "Expires=Mon, 23 Nov 2026 02:34:38 GMT; HttpOnly; SameSite=Lax");
}

TEST(Cookie, NoSessionIsTheBlankCookie) {
    CookieOptions options;
    options.secure = false;
    EXPECT_EQ(serialize_session_cookie(std::nullopt, 1795401278992, options),
              "auth_session=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; SameSite=Lax");
    options.secure = true;
    EXPECT_EQ(serialize_session_cookie(std::nullopt, 0, options),
              "auth_session=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; Secure; "
              "SameSite=Lax");
}

TEST(Cookie, DomainComesBeforePath) {
    CookieOptions options;
    options.domain = "example.com";
    options.path = "/app";
    EXPECT_EQ(serialize_session_cookie(kId, 0, options),
              "auth_session=abcdefghijklmnopqrstuvwxyzABCDEFGHIJ1234; Domain=example.com; Path=/app; "
              "Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; Secure; SameSite=Lax");
}

TEST(Cookie, EmptyPathAndSameSiteAreOmitted) {
    CookieOptions options;
    options.path = "";
    options.same_site = "";
    options.secure = false;
    EXPECT_EQ(serialize_session_cookie("x", 0, options),
              "auth_session=x; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly");
}

TEST(Cookie, SameSiteVariants) {
    CookieOptions options;
    options.secure = false;
    options.path = "";
    const std::string prefix = "auth_session=x; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly";
    options.same_site = "strict";
    EXPECT_EQ(serialize_session_cookie("x", 0, options), prefix + "; SameSite=Strict");
    options.same_site = "none";
    EXPECT_EQ(serialize_session_cookie("x", 0, options), prefix + "; SameSite=None");
    options.same_site = "LAX";
    EXPECT_EQ(serialize_session_cookie("x", 0, options), prefix + "; SameSite=Lax");
    options.same_site = "Strict";
    EXPECT_EQ(serialize_session_cookie("x", 0, options), prefix + "; SameSite=Strict");
    options.same_site = "sometimes";
    expect_invalid_argument([&] { serialize_session_cookie("x", 0, options); });
}

TEST(Cookie, ValueIsEncodedLikeEncodeUriComponent) {
    CookieOptions options;
    options.path = "";
    options.same_site = "";
    options.secure = false;
    // encodeURIComponent("a b;c=d/\u00e9!*()~'-_.") in Node.
    EXPECT_EQ(serialize_session_cookie("a b;c=d/\xC3\xA9!*()~'-_.", 0, options),
              "auth_session=a%20b%3Bc%3Dd%2F%C3%A9!*()~'-_.; Expires=Thu, 01 Jan 1970 00:00:00 GMT; "
              "HttpOnly");
}

TEST(Cookie, RejectsBadAttributes) {
    for (const std::string& bad : {std::string("/a;b"), std::string("/a\nb"), std::string("/\x7F"),
                                   std::string("/\xE2\x82\xAC"), std::string("/\xC3")}) {
        CookieOptions options;
        options.path = bad;
        expect_invalid_argument([&] { serialize_session_cookie("x", 0, options); });
        CookieOptions domain_options;
        domain_options.domain = bad;
        expect_invalid_argument([&] { serialize_session_cookie("x", 0, domain_options); });
    }
}

TEST(Cookie, AcceptsLatin1AndTabInAttributes) {
    CookieOptions options;
    options.path = "/caf\xC3\xA9\tx";
    EXPECT_NO_THROW(serialize_session_cookie("x", 0, options));
}

TEST(Cookie, ExpiryOutOfRangeThrows) {
    expect_invalid_argument([] { serialize_session_cookie("x", INT64_MAX, CookieOptions{}); });
}

}  // namespace
