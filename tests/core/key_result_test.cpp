#include "core/key_result.hpp"

#include "core/errors.hpp"
#include "core/password_hash.hpp"

#include <gtest/gtest.h>

#include <string>

namespace {

// The message of what body throws, or "" when it throws nothing.
template <typename Body>
std::string refusal(Body body) {
    try {
        body();
    } catch (const lucia::Error& e) {
        return e.what();
    }
    return "";
}

}  // namespace

TEST(KeyResult, PersistentKeyJsonHasNullExpiry) {
    lucia::StoredKey key{std::string_view("s2:salt:hash"), true, std::nullopt};
    EXPECT_EQ(lucia::key_json("email:a:b@c", "u1", key, 5),
              "{\"type\":\"persistent\",\"provider_id\":\"email\",\"provider_user_id\":\"a:b@c\",\"user_id\":\"u1\","
              "\"primary_key\":true,\"password_defined\":true,\"expires_at\":null,\"expired\":null,\"expires\":null}");
}

TEST(KeyResult, SingleUseKeyJsonHasItsExpiry) {
    lucia::StoredKey key{std::nullopt, false, std::int64_t{10}};
    EXPECT_EQ(lucia::key_json("otp:x", "u\"2", key, 11),
              "{\"type\":\"single_use\",\"provider_id\":\"otp\",\"provider_user_id\":\"x\",\"user_id\":\"u\\\"2\","
              "\"primary_key\":false,\"password_defined\":false,\"expires_at\":\"1970-01-01T00:00:00.010Z\","
              "\"expired\":true,\"expires\":10}");
}

TEST(KeyResult, FieldsSplitAtTheFirstColon) {
    lucia::KeyFields fields = lucia::key_fields("github:a:b", {std::nullopt, false, std::nullopt}, 0);
    EXPECT_STREQ(fields.type, "persistent");
    EXPECT_EQ(fields.provider_id, "github");
    EXPECT_EQ(fields.provider_user_id, "a:b");
    EXPECT_FALSE(fields.single_use);
}

TEST(KeyResult, UserJson) {
    EXPECT_EQ(lucia::user_json("u1", "{\"username\":\"x\"}"),
              "{\"user_id\":\"u1\",\"attributes\":{\"username\":\"x\"}}");
}

TEST(KeyResult, UnknownKeyCostsAWrongPasswordsWorkThenRefuses) {
    std::uint64_t before = lucia::scrypt_call_count();
    EXPECT_EQ(refusal([] { lucia::use_key(std::nullopt, std::string_view("hunter2"), 0); }),
              "AUTH_INVALID_KEY_ID: key does not exist");
    EXPECT_EQ(lucia::scrypt_call_count(), before + 1);
    EXPECT_EQ(refusal([] { lucia::use_key(std::nullopt, std::nullopt, 0); }),
              "AUTH_INVALID_KEY_ID: key does not exist");
    EXPECT_EQ(lucia::scrypt_call_count(), before + 1);
}

TEST(KeyResult, KnownKeyGoesThroughCheckKeyUse) {
    lucia::StoredKey single_use{std::nullopt, false, std::int64_t{10}};
    EXPECT_EQ(lucia::use_key(single_use, std::nullopt, 10), lucia::KeyUse::Consume);
    EXPECT_EQ(refusal([&] { lucia::use_key(single_use, std::nullopt, 11); }),
              "AUTH_EXPIRED_KEY: single-use key has expired");
}

TEST(KeyResult, LostConsumeRaceIsRefused) {
    EXPECT_EQ(refusal([] { lucia::check_key_consumed(false); }),
              "AUTH_INVALID_KEY_ID: key was used by another request");
    EXPECT_EQ(refusal([] { lucia::check_key_consumed(true); }), "");
}
