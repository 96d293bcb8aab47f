// Fuzzes the date formatters (core/iso_date, core/cookie's format_utc_date). Property: the ISO
// text read back by an independent parser (days from civil date) is the same millisecond; the
// buffer writer and the string formatter agree; both refuse exactly JavaScript's Date range.
#include "fuzz_check.hpp"

#include "core/cookie.hpp"
#include "core/errors.hpp"
#include "core/iso_date.hpp"

#include <cstdint>
#include <cstring>

namespace {

constexpr std::int64_t kMaxJsDateMs = 8'640'000'000'000'000;

// Howard Hinnant's days_from_civil, the inverse of the formatter's conversion.
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
    y -= m <= 2;
    const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

// Digits only, as the formatter must write them.
std::int64_t number(const std::string& text, std::size_t at, std::size_t count) {
    std::int64_t value = 0;
    for (std::size_t i = at; i < at + count; ++i) {
        FUZZ_REQUIRE(i < text.size() && text[i] >= '0' && text[i] <= '9', "digit expected");
        value = value * 10 + (text[i] - '0');
    }
    return value;
}

// Parses "[+-YY]YYYY-MM-DDTHH:MM:SS.mmmZ" back into milliseconds.
std::int64_t parse_iso(const std::string& iso) {
    std::size_t at = 0;
    std::int64_t year;
    if (iso[0] == '+' || iso[0] == '-') {
        year = number(iso, 1, 6);
        FUZZ_REQUIRE(year > 9999 || iso[0] == '-', "six-digit year inside 0..9999");
        if (iso[0] == '-') year = -year;
        at = 7;
    } else {
        year = number(iso, 0, 4);
        at = 4;
    }
    FUZZ_REQUIRE(iso.size() == at + 20, "ISO length");
    FUZZ_REQUIRE(iso[at] == '-' && iso[at + 3] == '-' && iso[at + 6] == 'T' && iso[at + 9] == ':' &&
                     iso[at + 12] == ':' && iso[at + 15] == '.' && iso[at + 19] == 'Z',
                 "ISO punctuation");
    const auto month = static_cast<unsigned>(number(iso, at + 1, 2));
    const auto day = static_cast<unsigned>(number(iso, at + 4, 2));
    FUZZ_REQUIRE(month >= 1 && month <= 12 && day >= 1 && day <= 31, "ISO month/day range");
    const std::int64_t hours = number(iso, at + 7, 2), minutes = number(iso, at + 10, 2);
    const std::int64_t seconds = number(iso, at + 13, 2), ms = number(iso, at + 16, 3);
    FUZZ_REQUIRE(hours < 24 && minutes < 60 && seconds < 60, "ISO time range");
    return days_from_civil(year, month, day) * 86'400'000 + ((hours * 60 + minutes) * 60 + seconds) * 1000 + ms;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    FuzzedDataProvider input(data, size);
    const std::int64_t ms = input.ConsumeBool()
                                ? input.ConsumeIntegral<std::int64_t>()
                                : input.ConsumeIntegralInRange<std::int64_t>(-kMaxJsDateMs - 2, kMaxJsDateMs + 2);
    const bool in_range = ms >= -kMaxJsDateMs && ms <= kMaxJsDateMs;
    char buffer[lucia::kIsoDateBufferSize];
    std::memset(buffer, 'x', sizeof buffer);
    const std::size_t length = lucia::write_iso_date(ms, buffer);
    FUZZ_REQUIRE((length != 0) == in_range, "write_iso_date range");
    try {
        const std::string iso = lucia::format_iso_date(ms);
        FUZZ_REQUIRE(in_range, "format_iso_date accepted a date out of range");
        FUZZ_REQUIRE(iso.size() == length && std::memcmp(iso.data(), buffer, length) == 0 && buffer[length] == '\0',
                     "write_iso_date and format_iso_date disagree");
        FUZZ_REQUIRE(parse_iso(iso) == ms, "ISO date does not round-trip");
    } catch (const lucia::Error& e) {
        FUZZ_REQUIRE(!in_range && e.code() == lucia::ErrorCode::InvalidArgument,
                     "format_iso_date refused a date in range");
    }
    try {
        const std::string utc = lucia::format_utc_date(ms);
        FUZZ_REQUIRE(in_range, "format_utc_date accepted a date out of range");
        FUZZ_REQUIRE(utc.size() >= 29 && utc.compare(utc.size() - 4, 4, " GMT") == 0, "toUTCString shape");
    } catch (const lucia::Error& e) {
        FUZZ_REQUIRE(!in_range && e.code() == lucia::ErrorCode::InvalidArgument,
                     "format_utc_date refused a date in range");
    }
    return 0;
}
