#include "core/iso_date.hpp"

#include "core/errors.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <ctime>
#include <random>
#include <string>

// Expectations printed by Node 20's new Date(ms).toISOString().
TEST(IsoDate, MatchesJavaScript) {
    EXPECT_EQ(lucia::format_iso_date(0), "1970-01-01T00:00:00.000Z");
    EXPECT_EQ(lucia::format_iso_date(1796613896225), "2026-12-07T03:24:56.225Z");
    EXPECT_EQ(lucia::format_iso_date(-1), "1969-12-31T23:59:59.999Z");
    EXPECT_EQ(lucia::format_iso_date(-62198755200000), "-000001-01-01T00:00:00.000Z");
    EXPECT_EQ(lucia::format_iso_date(-62167219200001), "-000001-12-31T23:59:59.999Z");
    EXPECT_EQ(lucia::format_iso_date(253402300799999), "9999-12-31T23:59:59.999Z");
    EXPECT_EQ(lucia::format_iso_date(253402300800000), "+010000-01-01T00:00:00.000Z");
    EXPECT_EQ(lucia::format_iso_date(8640000000000000), "+275760-09-13T00:00:00.000Z");
    EXPECT_EQ(lucia::format_iso_date(-8640000000000000), "-271821-04-20T00:00:00.000Z");
}

TEST(IsoDate, RefusesWhatJavaScriptCannotHold) {
    EXPECT_THROW(lucia::format_iso_date(8640000000000001), lucia::Error);
    EXPECT_THROW(lucia::format_iso_date(-8640000000000001), lucia::Error);
}

// The buffer form writes the same text, NUL-terminated, within kIsoDateBufferSize, and reports
// out-of-range dates with 0 instead of throwing.
TEST(IsoDate, BufferFormMatchesAndFits) {
    for (std::int64_t ms : {std::int64_t{0}, std::int64_t{1796613896225}, std::int64_t{-8640000000000000},
                            std::int64_t{8640000000000000}, std::int64_t{253402300800000}}) {
        char text[lucia::kIsoDateBufferSize];
        std::size_t length = lucia::write_iso_date(ms, text);
        ASSERT_GT(length, 0u);
        EXPECT_LT(length, lucia::kIsoDateBufferSize);
        EXPECT_EQ(text[length], '\0');
        EXPECT_EQ(std::string(text, length), lucia::format_iso_date(ms));
    }
    char text[lucia::kIsoDateBufferSize];
    EXPECT_EQ(lucia::write_iso_date(8640000000000001, text), 0u);
    EXPECT_EQ(lucia::write_iso_date(-8640000000000001, text), 0u);
}

namespace {

// An independent reference: the C library's proleptic Gregorian calendar (gmtime_r) printed with
// JavaScript's rules (four-digit years 0..9999, else a sign and six digits).
std::string reference_iso_date(std::int64_t ms) {
    std::int64_t seconds = ms / 1000;
    std::int64_t millis = ms % 1000;
    if (millis < 0) {
        millis += 1000;
        seconds -= 1;
    }
    std::time_t time = static_cast<std::time_t>(seconds);
    std::tm parts{};
    if (gmtime_r(&time, &parts) == nullptr) return "gmtime_r failed";
    const long long year = static_cast<long long>(parts.tm_year) + 1900;
    char text[64];
    if (year >= 0 && year <= 9999)
        std::snprintf(text, sizeof(text), "%04lld", year);
    else
        std::snprintf(text, sizeof(text), "%c%06lld", year < 0 ? '-' : '+', year < 0 ? -year : year);
    std::string out = text;
    std::snprintf(text, sizeof(text), "-%02d-%02dT%02d:%02d:%02d.%03dZ", parts.tm_mon + 1, parts.tm_mday, parts.tm_hour,
                  parts.tm_min, parts.tm_sec, static_cast<int>(millis));
    return out + text;
}

}  // namespace

// The digit-pair writer against the reference: JavaScript's range ends, the year 0..9999 limits,
// negative milliseconds, and random dates over the whole range and around today.
TEST(IsoDate, MatchesTheCLibraryCalendar) {
    const std::int64_t kMax = 8640000000000000;
    const std::int64_t edges[] = {0,
                                  -1,
                                  1,
                                  999,
                                  -999,
                                  -1000,
                                  -1001,
                                  86399999,
                                  86400000,
                                  -86400000,
                                  -86400001,
                                  -62167219200000,
                                  -62167219200001,
                                  -62198755200000,
                                  253402300799999,
                                  253402300800000,
                                  951782400000,
                                  951868800000,
                                  kMax,
                                  -kMax,
                                  kMax - 1,
                                  -kMax + 1};
    for (std::int64_t ms : edges) ASSERT_EQ(lucia::format_iso_date(ms), reference_iso_date(ms)) << ms;
    std::mt19937_64 random(20261202);
    std::uniform_int_distribution<std::int64_t> anywhere(-kMax, kMax);
    std::uniform_int_distribution<std::int64_t> nowadays(0, 4102444800000);  // 1970..2100
    for (int i = 0; i < 100000; ++i) {
        const std::int64_t a = anywhere(random), b = nowadays(random);
        ASSERT_EQ(lucia::format_iso_date(a), reference_iso_date(a)) << a;
        ASSERT_EQ(lucia::format_iso_date(b), reference_iso_date(b)) << b;
    }
}
