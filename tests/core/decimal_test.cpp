// core/decimal's integer writer against std::to_chars (what JsonObject used before), at the edges
// of int64 and over a spread of values of every length.
#include "core/decimal.hpp"

#include <gtest/gtest.h>

#include <charconv>
#include <cstdint>
#include <limits>
#include <random>
#include <string>

namespace {

std::string written(std::int64_t value) {
    char text[lucia::kMaxDecimalLength];
    return std::string(text, lucia::write_decimal(text, value));
}

std::string reference(std::int64_t value) {
    char text[24];
    return std::string(text, std::to_chars(text, text + sizeof(text), value).ptr);
}

TEST(Decimal, KnownStrings) {
    EXPECT_EQ(written(0), "0");
    EXPECT_EQ(written(7), "7");
    EXPECT_EQ(written(-7), "-7");
    EXPECT_EQ(written(10), "10");
    EXPECT_EQ(written(99), "99");
    EXPECT_EQ(written(100), "100");
    EXPECT_EQ(written(9000000000000), "9000000000000");
    EXPECT_EQ(written(std::numeric_limits<std::int64_t>::max()), "9223372036854775807");
    EXPECT_EQ(written(std::numeric_limits<std::int64_t>::min()), "-9223372036854775808");
    EXPECT_EQ(written(std::numeric_limits<std::int64_t>::min()).size(), lucia::kMaxDecimalLength);
}

// Every power of ten and its neighbours, both signs, and random values of every magnitude.
TEST(Decimal, MatchesToChars) {
    std::int64_t power = 1;
    for (int digits = 1; digits <= 19; ++digits) {
        for (std::int64_t value : {power - 1, power, power + 1, -power + 1, -power, -power - 1})
            ASSERT_EQ(written(value), reference(value)) << value;
        if (digits < 19) power *= 10;
    }
    std::mt19937_64 random(12);
    for (int i = 0; i < 200000; ++i) {
        std::int64_t value = static_cast<std::int64_t>(random()) >> (random() % 64);
        ASSERT_EQ(written(value), reference(value)) << value;
    }
}

TEST(Decimal, TwoDigits) {
    for (unsigned value = 0; value < 100; ++value) {
        char text[2];
        EXPECT_EQ(lucia::write_two_digits(text, value), text + 2);
        EXPECT_EQ(std::string(text, 2), (value < 10 ? "0" : "") + std::to_string(value));
    }
}

}  // namespace
