// Fuzzes the session cookie serializer (core/cookie) and reads its output back with the Cookie
// header parser (core/request). Properties: no control characters; no ';' or ',' from the value;
// exactly the attributes asked for; the session id round-trips; Expires agrees with the ISO date.
#include "fuzz_check.hpp"

#include "core/cookie.hpp"
#include "core/errors.hpp"
#include "core/iso_date.hpp"
#include "core/request.hpp"
#include "core/unicode.hpp"

#include <cstdint>
#include <vector>

namespace {

// What an attribute may hold by our independent reading of jshttp/cookie's fieldContentRegExp:
// TAB, printable ASCII without ';', and U+0080..U+00FF (two UTF-8 bytes, lead C2 or C3).
bool attribute_ok(std::string_view value) {
    if (!lucia::is_valid_utf8(value)) return false;
    for (std::size_t i = 0; i < value.size(); ++i) {
        const auto c = static_cast<unsigned char>(value[i]);
        if (c == 0xC2 || c == 0xC3) {
            ++i;
            continue;
        }
        if (!(c == '\t' || (c >= 0x20 && c <= 0x7E && c != ';'))) return false;
    }
    return true;
}

// encodeURIComponent's output alphabet: the value part may hold nothing else.
bool uri_encoded(std::string_view value) {
    for (char c : value) {
        const bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
        if (!alnum && std::string_view("-_.!~*'()%").find(c) == std::string_view::npos) return false;
    }
    return true;
}

// "YYYY-MM-DD" of the ISO form against "DD Mon YYYY" of the cookie's Expires (two implementations).
void check_expires_agrees(const std::string& cookie, std::int64_t ms) {
    static const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    const std::string iso = lucia::format_iso_date(ms);
    const std::size_t t = iso.find('T');
    const std::string date = iso.substr(0, t);  // [+-]YYYY[YY]-MM-DD
    const std::size_t last_dash = date.rfind('-');
    const std::size_t month_dash = date.rfind('-', last_dash - 1);
    std::string year = date.substr(0, month_dash);
    const int month = std::stoi(date.substr(month_dash + 1, 2));
    const std::string day = date.substr(last_dash + 1, 2);
    if (year[0] == '+') year = year.substr(1);
    if (year[0] == '-' || year.size() > 4) {  // V8's toUTCString: "-" and 6 digits trimmed to >= 4
        const bool negative = year[0] == '-';
        std::string digits = negative ? year.substr(1) : year;
        while (digits.size() > 4 && digits[0] == '0') digits.erase(0, 1);
        year = (negative ? "-" : "") + digits;
    }
    const std::string expected = day + " " + kMonths[month - 1] + " " + year + " " + iso.substr(t + 1, 8) + " GMT";
    FUZZ_REQUIRE(cookie.find("; Expires=") != std::string::npos, "no Expires");
    FUZZ_REQUIRE(cookie.find(expected) != std::string::npos, "Expires disagrees with the ISO date");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    FuzzedDataProvider input(data, size);
    const bool has_session = input.ConsumeBool();
    const std::int64_t expires =
        input.ConsumeBool() ? input.ConsumeIntegral<std::int64_t>()
                            : input.ConsumeIntegralInRange<std::int64_t>(-8'640'000'000'000'000, 8'640'000'000'000'000);
    lucia::CookieOptions options;
    options.secure = input.ConsumeBool();
    static const char* kSameSite[] = {"lax", "strict", "none", "", "Lax", "NONE"};
    options.same_site = input.ConsumeBool() ? std::string(kSameSite[input.ConsumeIntegralInRange(0, 5)])
                                            : input.ConsumeRandomLengthString(8);
    options.path = input.ConsumeRandomLengthString(24);
    options.domain = input.ConsumeRandomLengthString(24);
    const std::string session_id = input.ConsumeRemainingBytesAsString();
    const std::optional<std::string_view> id = has_session ? std::optional<std::string_view>(session_id) : std::nullopt;

    const std::string lowered_same_site = fuzz::lower(options.same_site);
    const bool same_site_ok = lowered_same_site.empty() || lowered_same_site == "lax" ||
                              lowered_same_site == "strict" || lowered_same_site == "none";
    const std::int64_t used_expiry = has_session ? expires : 0;
    const bool date_ok = used_expiry >= -8'640'000'000'000'000 && used_expiry <= 8'640'000'000'000'000;
    const bool should_work = same_site_ok && date_ok && (options.path.empty() || attribute_ok(options.path)) &&
                             (options.domain.empty() || attribute_ok(options.domain));
    std::string cookie;
    try {
        cookie = lucia::serialize_session_cookie(id, expires, options);
    } catch (const lucia::Error& e) {
        FUZZ_REQUIRE(e.code() == lucia::ErrorCode::InvalidArgument, "serializer error code");
        FUZZ_REQUIRE(!should_work, "serializer refused good options");
        return 0;
    }
    FUZZ_REQUIRE(should_work, "serializer accepted bad options");
    FUZZ_REQUIRE(fuzz::has_no_control_bytes(cookie), "control character in the cookie");
    FUZZ_REQUIRE(cookie.rfind("auth_session=", 0) == 0, "cookie name");
    const std::size_t value_end = cookie.find(';');
    const std::string value = cookie.substr(13, value_end - 13);
    FUZZ_REQUIRE(uri_encoded(value), "the value part holds more than encodeURIComponent's output");
    std::size_t separators = 0;
    for (std::size_t at = cookie.find(';'); at != std::string::npos; at = cookie.find(';', at + 1)) ++separators;
    const std::size_t expected = 2 + (options.domain.empty() ? 0 : 1) + (options.path.empty() ? 0 : 1) +
                                 (options.secure ? 1 : 0) + (lowered_same_site.empty() ? 0 : 1);
    FUZZ_REQUIRE(separators == expected, "an attribute was injected or lost");
    check_expires_agrees(cookie, used_expiry);
    // The browser sends "auth_session=<value>" back; the parser must give the same session id.
    const std::optional<std::string> parsed =
        lucia::cookie_value("a=b; " + cookie.substr(0, value_end) + "; c=d", lucia::kSessionCookieName);
    FUZZ_REQUIRE(parsed.has_value(), "the cookie does not parse back");
    if (has_session && lucia::is_valid_utf8(session_id))
        FUZZ_REQUIRE(*parsed == session_id, "the session id does not round-trip");
    if (!has_session) FUZZ_REQUIRE(parsed->empty(), "the blank cookie is not blank");
    return 0;
}
