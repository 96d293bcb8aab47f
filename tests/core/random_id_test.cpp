#include "core/random_id.hpp"

#include "core/errors.hpp"

#include <gtest/gtest.h>

#include <array>
#include <cstring>
#include <string>

namespace {

using lucia::generate_random_string;
using lucia::kIdAlphabet;

// Index of c in kIdAlphabet, or -1.
int alphabet_index(char c) {
    const char* p = std::strchr(kIdAlphabet, c);
    return (p == nullptr || c == '\0') ? -1 : static_cast<int>(p - kIdAlphabet);
}

TEST(RandomId, AlphabetIsLucias) {
    EXPECT_STREQ(kIdAlphabet, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ1234567890");
    EXPECT_EQ(std::strlen(kIdAlphabet), 62u);
}

TEST(RandomId, LengthsAndAlphabet) {
    for (std::size_t length : {std::size_t{1}, lucia::kUserIdLength, lucia::kSaltLength,
                               lucia::kSessionIdLength, std::size_t{257},
                               lucia::kMaxRandomStringLength}) {
        const std::string id = generate_random_string(length);
        ASSERT_EQ(id.size(), length);
        for (char c : id) {
            ASSERT_GE(alphabet_index(c), 0) << "unexpected symbol " << int(c);
        }
    }
}

TEST(RandomId, TwoCallsDiffer) {
    EXPECT_NE(generate_random_string(40), generate_random_string(40));
}

TEST(RandomId, RejectsBadLengths) {
    EXPECT_THROW(generate_random_string(0), lucia::Error);
    EXPECT_THROW(generate_random_string(lucia::kMaxRandomStringLength + 1), lucia::Error);
    try {
        generate_random_string(0);
    } catch (const lucia::Error& e) {
        EXPECT_EQ(e.code(), lucia::ErrorCode::InvalidArgument);
    }
}

TEST(RandomId, RoughlyUniform) {
    // 200 000 symbols over 62 cells: chi-square has 61 degrees of freedom (mean 61, sd ~11),
    // so a bound of 200 only fails for a broken generator, e.g. one that keeps indices 62/63 mod 62.
    constexpr int kCalls = 5000;
    constexpr int kLength = 40;
    std::array<long, 62> counts{};
    for (int i = 0; i < kCalls; ++i) {
        for (char c : generate_random_string(kLength)) {
            ++counts[static_cast<std::size_t>(alphabet_index(c))];
        }
    }
    const double expected = double(kCalls) * kLength / 62.0;
    double chi2 = 0;
    for (long count : counts) {
        EXPECT_GT(count, 0);
        chi2 += (count - expected) * (count - expected) / expected;
    }
    EXPECT_LT(chi2, 200.0);
}

}  // namespace
