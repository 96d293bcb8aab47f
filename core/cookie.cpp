#include "cookie.hpp"

#include "errors.hpp"
#include "messages.hpp"
#include "unicode.hpp"

#include <array>
#include <cstdio>

namespace lucia {

namespace {

constexpr std::int64_t kMsPerDay = 86'400'000;
constexpr std::int64_t kMaxJsDateMs = 8'640'000'000'000'000;  // ECMAScript TimeClip bound
constexpr std::int64_t kDaysPer400Years = 146'097;            // the Gregorian calendar's period
constexpr std::int64_t kDaysFrom1970To2000 = 10'957;

constexpr std::array<const char*, 7> kWeekdays = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
constexpr std::array<const char*, 12> kMonths = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                 "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

// Dates before 1970 are negative; JavaScript rounds them towards minus infinity, not zero.
std::int64_t floor_div(std::int64_t a, std::int64_t b) {
    std::int64_t q = a / b;
    if ((a % b != 0) && ((a < 0) != (b < 0))) {
        --q;
    }
    return q;
}

// The proleptic Gregorian rule, which JavaScript applies to every year including negative ones.
bool is_leap_year(std::int64_t year) {
    return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
}

// Month lengths for the calendar walk in civil_from_days.
int days_in_month(std::int64_t year, int month_index) {
    static constexpr std::array<int, 12> kLengths = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return month_index == 1 && is_leap_year(year) ? 29 : kLengths[month_index];
}

struct CivilDate {
    std::int64_t year;
    int month_index;  // 0 = January
    int day;          // 1..31
};

// 400-year cycles, then a short walk from 2000-01-01 (a cycle start): plainly right beats clever.
CivilDate civil_from_days(std::int64_t days_since_epoch) {
    const std::int64_t days_since_2000 = days_since_epoch - kDaysFrom1970To2000;
    const std::int64_t cycles = floor_div(days_since_2000, kDaysPer400Years);
    std::int64_t remaining = days_since_2000 - cycles * kDaysPer400Years;
    std::int64_t year = 2000 + 400 * cycles;
    while (remaining >= (is_leap_year(year) ? 366 : 365)) {
        remaining -= is_leap_year(year) ? 366 : 365;
        ++year;
    }
    int month_index = 0;
    while (remaining >= days_in_month(year, month_index)) {
        remaining -= days_in_month(year, month_index);
        ++month_index;
    }
    return CivilDate{year, month_index, static_cast<int>(remaining) + 1};
}

// V8 pads the year to four digits and prints negative years as "-" plus four padded digits.
std::string format_year(std::int64_t year) {
    std::string digits = std::to_string(year < 0 ? -year : year);
    if (digits.size() < 4) {
        digits.insert(0, 4 - digits.size(), '0');
    }
    return year < 0 ? "-" + digits : digits;
}

// encodeURIComponent's unreserved set; everything else is sent as %XX of its bytes.
bool is_uri_component_safe(unsigned char c) {
    const bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    return alnum || c == '-' || c == '_' || c == '.' || c == '!' || c == '~' || c == '*' || c == '\'' || c == '(' ||
           c == ')';
}

// Lucia encodes the cookie value with encodeURIComponent (jshttp/cookie's default encoder).
std::string encode_uri_component(std::string_view text) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string encoded;
    encoded.reserve(text.size());
    for (char ch : text) {
        const auto c = static_cast<unsigned char>(ch);
        if (is_uri_component_safe(c)) {
            encoded.push_back(ch);
        } else {
            encoded.push_back('%');
            encoded.push_back(kHex[c >> 4]);
            encoded.push_back(kHex[c & 0x0F]);
        }
    }
    return encoded;
}

// jshttp/cookie's fieldContentRegExp on code points, minus ';' which would start a new attribute.
bool is_valid_attribute_value(std::string_view value) {
    if (!is_valid_utf8(value)) {
        return false;
    }
    for (std::size_t i = 0; i < value.size(); ++i) {
        const auto c = static_cast<unsigned char>(value[i]);
        if (c == 0xC2 || c == 0xC3) {
            ++i;  // U+0080..U+00FF: skip the continuation byte
            continue;
        }
        const bool allowed = c == 0x09 || (c >= 0x20 && c <= 0x7E && c != ';');
        if (!allowed) {
            return false;
        }
    }
    return true;
}

// Rejects rather than escapes: a bad path or domain is a configuration error, not data.
void check_attribute(std::string_view value, const char* name) {
    if (!is_valid_attribute_value(value)) {
        throw Error(ErrorCode::InvalidArgument,
                    std::string("cookie ") + name + " contains characters a cookie cannot hold");
    }
}

// jshttp/cookie lower-cases sameSite and accepts exactly these three words; "" means no attribute.
std::string same_site_attribute(std::string_view same_site) {
    const std::string lowered = ascii_lower(same_site);
    if (lowered.empty()) {
        return std::string();
    }
    if (lowered == "lax") {
        return "; SameSite=Lax";
    }
    if (lowered == "strict") {
        return "; SameSite=Strict";
    }
    if (lowered == "none") {
        return "; SameSite=None";
    }
    throw Error(ErrorCode::InvalidArgument, "cookie same_site must be lax, strict, none or empty");
}

}  // namespace

// Cookie Expires must match what Lucia would send byte for byte, so this copies V8's format.
std::string format_utc_date(std::int64_t epoch_ms) {
    if (epoch_ms > kMaxJsDateMs || epoch_ms < -kMaxJsDateMs) {
        throw Error(ErrorCode::InvalidArgument, messages::kDateOutOfRange);
    }
    const std::int64_t days = floor_div(epoch_ms, kMsPerDay);
    const std::int64_t ms_of_day = epoch_ms - days * kMsPerDay;
    const CivilDate date = civil_from_days(days);
    const std::int64_t weekday = ((days % 7) + 7 + 4) % 7;  // 1970-01-01 was a Thursday
    const std::int64_t seconds_of_day = ms_of_day / 1000;
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%s, %02d %s %s %02d:%02d:%02d GMT", kWeekdays[weekday], date.day,
                  kMonths[date.month_index], format_year(date.year).c_str(), static_cast<int>(seconds_of_day / 3600),
                  static_cast<int>(seconds_of_day / 60 % 60), static_cast<int>(seconds_of_day % 60));
    return buffer;
}

// Attribute order is jshttp/cookie's serialize: Domain, Path, Expires, HttpOnly, Secure, SameSite.
std::string serialize_session_cookie(std::optional<std::string_view> session_id, std::int64_t idle_expires_ms,
                                     const CookieOptions& options) {
    const std::string same_site = same_site_attribute(options.same_site);
    std::string cookie = std::string(kSessionCookieName) + "=";
    cookie += session_id ? encode_uri_component(*session_id) : std::string();
    if (!options.domain.empty()) {
        check_attribute(options.domain, "domain");
        cookie += "; Domain=" + options.domain;
    }
    if (!options.path.empty()) {
        check_attribute(options.path, "path");
        cookie += "; Path=" + options.path;
    }
    cookie += "; Expires=" + format_utc_date(session_id ? idle_expires_ms : 0);
    cookie += "; HttpOnly";
    if (options.secure) {
        cookie += "; Secure";
    }
    cookie += same_site;
    return cookie;
}

}  // namespace lucia
