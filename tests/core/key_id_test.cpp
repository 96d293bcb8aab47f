#include "core/key_id.hpp"

#include "core/errors.hpp"

#include <gtest/gtest.h>

#include "test_helpers.hpp"

#include <string>

namespace {

using lucia::format_key_id;
using lucia::split_key_id;

TEST(KeyId, FormatConcatenatesWithoutEscaping) {
    EXPECT_EQ(format_key_id("email", "user@example.com"), "email:user@example.com");
    EXPECT_EQ(format_key_id("github", "a:b:c"), "github:a:b:c");
    EXPECT_EQ(format_key_id("e", "%3A"), "e:%3A");
}

TEST(KeyId, FormatRejectsEmptyParts) {
    expect_invalid_argument([] { format_key_id("", "x"); });
    expect_invalid_argument([] { format_key_id("email", ""); });
}

TEST(KeyId, FormatRejectsColonInProvider) {
    expect_invalid_argument([] { format_key_id("a:b", "x"); });
}

TEST(KeyId, FormatLengthLimit) {
    const std::string provider = "email";
    const std::string fits(lucia::kMaxKeyIdBytes - provider.size() - 1, 'u');
    EXPECT_EQ(format_key_id(provider, fits).size(), 255u);
    expect_invalid_argument([&] { format_key_id(provider, fits + "u"); });  // 256 bytes
}

TEST(KeyId, FormatRejectsInvalidUtf8) {
    expect_invalid_argument([] { format_key_id("\xC3", "x"); });
    expect_invalid_argument([] { format_key_id("email", "\xED\xA0\x80"); });
}

TEST(KeyId, SplitAtFirstColon) {
    const auto parts = split_key_id("github:a:b:c");
    EXPECT_EQ(parts.provider_id, "github");
    EXPECT_EQ(parts.provider_user_id, "a:b:c");
}

TEST(KeyId, SplitWithoutColon) {
    const auto parts = split_key_id("lonely");
    EXPECT_EQ(parts.provider_id, "lonely");
    EXPECT_EQ(parts.provider_user_id, "");
}

TEST(KeyId, SplitEdgeColons) {
    EXPECT_EQ(split_key_id(":x").provider_id, "");
    EXPECT_EQ(split_key_id(":x").provider_user_id, "x");
    EXPECT_EQ(split_key_id("x:").provider_id, "x");
    EXPECT_EQ(split_key_id("x:").provider_user_id, "");
    EXPECT_EQ(split_key_id("").provider_id, "");
}

TEST(KeyId, SplitReturnsViewsIntoTheInput) {
    const std::string key_id = "email:someone";
    const auto parts = split_key_id(key_id);
    EXPECT_EQ(parts.provider_id.data(), key_id.data());
    EXPECT_EQ(parts.provider_user_id.data(), key_id.data() + 6);
}

TEST(KeyId, SplitRoundTripsFormat) {
    const std::string key_id = format_key_id("oauth", "id:with:colons");
    const auto parts = split_key_id(key_id);
    EXPECT_EQ(parts.provider_id, "oauth");
    EXPECT_EQ(parts.provider_user_id, "id:with:colons");
}

TEST(KeyId, CustomUserId) {
    EXPECT_NO_THROW(lucia::check_custom_user_id("abc"));
    EXPECT_NO_THROW(lucia::check_custom_user_id(std::string(255, 'x')));
    EXPECT_NO_THROW(lucia::check_custom_user_id("\xC3\xA4"));
    expect_invalid_argument([] { lucia::check_custom_user_id(""); });
    expect_invalid_argument([] { lucia::check_custom_user_id(std::string(256, 'x')); });
    expect_invalid_argument([] { lucia::check_custom_user_id("\xFF"); });
}

}  // namespace

// "admin" and "admin\0" would be two ids that look alike everywhere (and PostgreSQL cannot store NUL).
TEST(KeyId, NulInAnyPartIsRefused) {
    using namespace std::string_literals;
    EXPECT_THROW(lucia::format_key_id("email"s, "admin\0"s), lucia::Error);
    EXPECT_THROW(lucia::format_key_id("em\0ail"s, "admin"s), lucia::Error);
    EXPECT_THROW(lucia::check_custom_user_id("admin\0"s), lucia::Error);
    EXPECT_EQ(lucia::format_key_id("email", "admin"), "email:admin");
}
