#include "core/key_use.hpp"

#include "core/errors.hpp"
#include "core/password_hash.hpp"

#include <gtest/gtest.h>

#include <string>

namespace {

const std::string kHunter2 =
    "s2:abcdefghijklmnop:732bd5c478953983828d4b32f3a1670a120a4ae2fceabec953fe4dc51b37d0e7c32022cdbe"
    "c7055de0afc05f8774a525321876b7fcd007bdb56c8cb943e4a94a";

lucia::ErrorCode code_of(const lucia::StoredKey& key, std::optional<std::string_view> password, std::int64_t now) {
    try {
        lucia::check_key_use(key, password, now);
    } catch (const lucia::Error& e) {
        return e.code();
    }
    ADD_FAILURE() << "no error";
    return lucia::ErrorCode::UnknownError;
}

}  // namespace

TEST(KeyUse, PasswordKeyNeedsTheRightPassword) {
    lucia::StoredKey key{std::string_view(kHunter2), true, std::nullopt};
    EXPECT_EQ(lucia::check_key_use(key, "hunter2", 0), lucia::KeyUse::Keep);
    EXPECT_EQ(code_of(key, "wrong", 0), lucia::ErrorCode::InvalidPassword);
    EXPECT_EQ(code_of(key, std::nullopt, 0), lucia::ErrorCode::InvalidPassword);
    EXPECT_EQ(code_of(key, "", 0), lucia::ErrorCode::InvalidPassword);
}

TEST(KeyUse, PasswordlessKeyAcceptsAnything) {
    lucia::StoredKey no_hash{std::nullopt, false, std::nullopt};
    lucia::StoredKey empty_hash{std::string_view(""), false, std::nullopt};
    EXPECT_EQ(lucia::check_key_use(no_hash, std::nullopt, 0), lucia::KeyUse::Keep);
    EXPECT_EQ(lucia::check_key_use(no_hash, "anything", 0), lucia::KeyUse::Keep);
    EXPECT_EQ(lucia::check_key_use(empty_hash, "anything", 0), lucia::KeyUse::Keep);
}

TEST(KeyUse, BcryptIsOutdatedAndMalformedIsWrong) {
    lucia::StoredKey bcrypt{std::string_view("$2a$10$abcdefghijklmnopqrstuv"), false, std::nullopt};
    lucia::StoredKey garbage{std::string_view("s3:abc:def"), false, std::nullopt};
    EXPECT_EQ(code_of(bcrypt, "x", 0), lucia::ErrorCode::OutdatedPassword);
    EXPECT_EQ(code_of(garbage, "x", 0), lucia::ErrorCode::InvalidPassword);
}

TEST(KeyUse, SingleUseKeysAreConsumedUntilTheyExpire) {
    lucia::StoredKey key{std::nullopt, false, std::int64_t{1000}};
    EXPECT_EQ(lucia::check_key_use(key, std::nullopt, 999), lucia::KeyUse::Consume);
    EXPECT_EQ(lucia::check_key_use(key, std::nullopt, 1000), lucia::KeyUse::Consume);  // equality is valid
    EXPECT_EQ(code_of(key, std::nullopt, 1001), lucia::ErrorCode::ExpiredKey);
    lucia::StoredKey primary{std::nullopt, true, std::int64_t{1000}};
    EXPECT_EQ(lucia::check_key_use(primary, std::nullopt, 0), lucia::KeyUse::Keep);
}

TEST(KeyUse, WrongPasswordIsCheckedBeforeExpiry) {
    lucia::StoredKey key{std::string_view(kHunter2), false, std::int64_t{1}};
    EXPECT_EQ(code_of(key, "wrong", 5), lucia::ErrorCode::InvalidPassword);
    EXPECT_EQ(code_of(key, "hunter2", 5), lucia::ErrorCode::ExpiredKey);
}

TEST(KeyUse, UnknownKeyCostsWhatAWrongPasswordCosts) {
    lucia::StoredKey key{std::string_view(kHunter2), false, std::nullopt};
    std::uint64_t before = lucia::scrypt_call_count();
    code_of(key, "wrong", 0);
    std::uint64_t wrong = lucia::scrypt_call_count() - before;
    before = lucia::scrypt_call_count();
    lucia::spend_unknown_key_work("wrong");
    EXPECT_EQ(lucia::scrypt_call_count() - before, wrong);
    before = lucia::scrypt_call_count();
    lucia::spend_unknown_key_work(std::nullopt);
    EXPECT_EQ(lucia::scrypt_call_count() - before, 0u);
}

TEST(KeyUse, Describe) {
    lucia::KeyDescription persistent = lucia::describe_key({std::string_view(kHunter2), true, std::nullopt}, 5);
    EXPECT_FALSE(persistent.single_use);
    EXPECT_TRUE(persistent.password_defined);
    EXPECT_FALSE(persistent.expired);
    lucia::KeyDescription zero = lucia::describe_key({std::nullopt, false, std::int64_t{0}}, 5);
    EXPECT_TRUE(zero.single_use);
    EXPECT_FALSE(zero.password_defined);
    EXPECT_TRUE(zero.expired);
    EXPECT_FALSE(lucia::describe_key({std::string_view(""), false, std::int64_t{10}}, 10).expired);
}

namespace {

// The scrypt work (sum of r*p over derivations, N being fixed) that one check_key_use call costs.
std::uint64_t work_of(const lucia::StoredKey& key, std::string_view password) {
    const std::uint64_t before = lucia::scrypt_work_units();
    try {
        lucia::check_key_use(key, password, 0);
    } catch (const lucia::Error&) {
        // The outcome's code is checked elsewhere; here only its cost counts.
    }
    return lucia::scrypt_work_units() - before;
}

// What an unknown key id costs for the same password.
std::uint64_t unknown_key_work(std::string_view password) {
    const std::uint64_t before = lucia::scrypt_work_units();
    lucia::spend_unknown_key_work(password);
    return lucia::scrypt_work_units() - before;
}

const std::string kLegacyHunter2 =
    "abcdefghijklmnop:9f7b9d8c23db4ae9fb941fb6320d39b24d9ad41e15f65d9530cb23c35b8bd951fb8a0b59cf656203"
    "d2bd5380ccb400c5a8d2aa243bb2b2914aab6335bec77fee";
const std::string kBcrypt = "$2a$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy";

}  // namespace

// Every stored form a key can have costs what an unknown key id costs, counted in scrypt work
// (lucia::scrypt_work_units), not in seconds: before, a legacy hash cost 42% and bcrypt nothing.
TEST(KeyUse, EveryHashFormatCostsWhatAnUnknownKeyCosts) {
    for (const char* password : {"wrong", "hunter2", "\xEF\xAC\x81sh"}) {
        const std::uint64_t unknown = unknown_key_work(password);
        EXPECT_GT(unknown, 0u) << password;
        const lucia::StoredKey s2{std::string_view(kHunter2), false, std::nullopt};
        const lucia::StoredKey legacy{std::string_view(kLegacyHunter2), false, std::nullopt};
        const lucia::StoredKey bcrypt{std::string_view(kBcrypt), false, std::nullopt};
        const lucia::StoredKey malformed{std::string_view("s3:abc:def"), false, std::nullopt};
        EXPECT_EQ(work_of(s2, password), unknown) << "s2, " << password;
        EXPECT_EQ(work_of(legacy, password), unknown) << "legacy, " << password;
        EXPECT_EQ(work_of(bcrypt, password), unknown) << "bcrypt, " << password;
        EXPECT_EQ(work_of(malformed, password), unknown) << "malformed, " << password;
    }
    // Lucia's codes are unchanged by the padding.
    EXPECT_EQ(code_of({std::string_view(kLegacyHunter2), false, std::nullopt}, "wrong", 0),
              lucia::ErrorCode::InvalidPassword);
    EXPECT_EQ(code_of({std::string_view(kBcrypt), false, std::nullopt}, "hunter2", 0),
              lucia::ErrorCode::OutdatedPassword);
    EXPECT_EQ(lucia::check_key_use({std::string_view(kLegacyHunter2), false, std::nullopt}, "hunter2", 0),
              lucia::KeyUse::Keep);
}

// Not equalised, deliberately: a key without a hash accepts any password (Lucia's useKey), so the
// answer itself already says that the key exists; and no password at all is answered at once
// whether the key exists or not (InvalidPassword / InvalidKeyId), as Lucia does.
TEST(KeyUse, PasswordlessKeysAndMissingPasswordsCostNoScrypt) {
    EXPECT_EQ(work_of({std::nullopt, false, std::nullopt}, "anything"), 0u);
    EXPECT_EQ(work_of({std::string_view(""), false, std::nullopt}, "anything"), 0u);
    EXPECT_EQ(work_of({std::string_view(kHunter2), false, std::nullopt}, ""), 0u);
    EXPECT_EQ(unknown_key_work(""), 0u);
}
