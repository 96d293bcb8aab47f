#include "core/iso_date.hpp"

#include "core/errors.hpp"

#include <gtest/gtest.h>

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
