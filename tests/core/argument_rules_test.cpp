// The argument rules both adapters call: each refusal's code and exact message, the texts that
// tests/sqlite and expected/*.out pin for both engines.
#include "core/argument_rules.hpp"

#include "core/errors.hpp"
#include "core/password_hash.hpp"

#include <gtest/gtest.h>

#include <optional>
#include <string>

namespace {

using lucia::ErrorCode;

// Asserts that body throws lucia::Error with this code and "<CODE>: detail" message.
template <typename Body>
void expect_refused(Body&& body, ErrorCode code, const std::string& detail) {
    try {
        body();
        ADD_FAILURE() << "no exception, expected: " << detail;
    } catch (const lucia::Error& e) {
        EXPECT_EQ(e.code(), code) << e.what();
        EXPECT_EQ(e.detail(), detail);
    }
}

const std::string kSessionId(40, 'a');

TEST(ArgumentRules, SessionId) {
    EXPECT_EQ(lucia::session_id_argument(kSessionId), kSessionId);
    expect_refused([] { lucia::session_id_argument(std::nullopt); }, ErrorCode::InvalidSessionId,
                   "session id must not be null");
    expect_refused([] { lucia::session_id_argument(std::string(39, 'a')); }, ErrorCode::InvalidSessionId,
                   "session id must be 40 characters");
    expect_refused([] { lucia::session_id_argument(std::string(41, 'a')); }, ErrorCode::InvalidSessionId,
                   "session id must be 40 characters");
    EXPECT_EQ(lucia::invalidated_session_id_argument(std::string_view("short")), "short");
    expect_refused([] { lucia::invalidated_session_id_argument(std::nullopt); }, ErrorCode::InvalidSessionId,
                   "session id must not be null");
}

TEST(ArgumentRules, UserId) {
    EXPECT_EQ(lucia::user_id_argument(std::string_view("ada")), "ada");
    EXPECT_EQ(lucia::user_id_argument(std::string(255, 'u')).size(), 255u);
    expect_refused([] { lucia::user_id_argument(std::nullopt); }, ErrorCode::InvalidUserId, "user id must not be null");
    expect_refused([] { lucia::user_id_argument(std::string_view()); }, ErrorCode::InvalidUserId,
                   "user id must not be empty");
    expect_refused([] { lucia::user_id_argument(std::string(256, 'u')); }, ErrorCode::InvalidUserId,
                   "user id is too long");
}

TEST(ArgumentRules, KeyIdRecodesEveryProblemAsInvalidKeyId) {
    EXPECT_EQ(lucia::key_id_argument(std::string_view("email"), std::string_view("a:b")), "email:a:b");
    expect_refused([] { lucia::key_id_argument(std::nullopt, std::string_view("x")); }, ErrorCode::InvalidKeyId,
                   "provider id must not be null");
    expect_refused([] { lucia::key_id_argument(std::string_view("e"), std::nullopt); }, ErrorCode::InvalidKeyId,
                   "provider user id must not be null");
    expect_refused([] { lucia::key_id_argument(std::string_view("\xff"), std::string_view("x")); },
                   ErrorCode::InvalidKeyId, "provider id is not valid utf-8");
    expect_refused([] { lucia::key_id_argument(std::string_view("e"), std::string(300, 'x')); },
                   ErrorCode::InvalidKeyId, "key id must be at most 255 bytes");
}

TEST(ArgumentRules, PasswordOneSpelling) {
    lucia::check_password(std::string(4096, 'p'));
    expect_refused([] { lucia::check_password(std::string(4097, 'p')); }, ErrorCode::InvalidArgument,
                   "password must be at most 4096 bytes");
    expect_refused([] { lucia::check_password("\xc0\x80"); }, ErrorCode::InvalidArgument,
                   "password is not valid UTF-8");
    // The hash functions apply the same rule with the same message.
    expect_refused([] { lucia::hash_password("\xff"); }, ErrorCode::InvalidArgument, "password is not valid UTF-8");
    expect_refused([] { lucia::required_password(std::nullopt); }, ErrorCode::InvalidArgument,
                   "password must not be null");
}

TEST(ArgumentRules, PasswordNeedsKey) {
    lucia::check_password_has_key(true, true);
    lucia::check_password_has_key(true, false);
    lucia::check_password_has_key(false, false);
    expect_refused([] { lucia::check_password_has_key(false, true); }, ErrorCode::InvalidArgument,
                   "a password needs a provider id and provider user id");
}

TEST(ArgumentRules, RandomStringLength) {
    EXPECT_EQ(lucia::random_string_length_argument(1), 1u);
    EXPECT_EQ(lucia::random_string_length_argument(1024), 1024u);
    expect_refused([] { lucia::random_string_length_argument(std::nullopt); }, ErrorCode::InvalidArgument,
                   "length must not be null");
    for (std::int64_t bad : {std::int64_t{0}, std::int64_t{-1}, std::int64_t{1025}, std::int64_t{1} << 40})
        expect_refused([bad] { lucia::random_string_length_argument(bad); }, ErrorCode::InvalidArgument,
                       "length must be between 1 and 1024");
}

TEST(ArgumentRules, VerifiableHash) {
    const std::string s2 = "s2:abcdefghijklmnop:" + std::string(128, 'a');
    EXPECT_EQ(lucia::verifiable_hash_argument(s2), s2);
    EXPECT_EQ(lucia::verifiable_hash_argument("abcdefghijklmnop:" + std::string(128, 'a')).size(), 145u);
    expect_refused([] { lucia::verifiable_hash_argument(std::nullopt); }, ErrorCode::InvalidArgument,
                   "hash must not be null");
    expect_refused([] { lucia::verifiable_hash_argument(std::string_view("$2a$10$abc")); }, ErrorCode::OutdatedPassword,
                   "bcrypt hashes are not verified");
    expect_refused([] { lucia::verifiable_hash_argument(std::string_view("s2:x")); }, ErrorCode::InvalidArgument,
                   "hash is neither \"s2:<salt>:<128 hex>\" nor \"<salt>:<128 hex>\"");
}

TEST(ArgumentRules, SessionCookie) {
    lucia::check_session_cookie_arguments(std::nullopt, false);
    lucia::check_session_cookie_arguments(std::nullopt, true);
    lucia::check_session_cookie_arguments(kSessionId, true);
    expect_refused([] { lucia::check_session_cookie_arguments(kSessionId, false); }, ErrorCode::InvalidArgument,
                   "idle_expires must not be null for a session");
    expect_refused([] { lucia::check_session_cookie_arguments(std::string_view("short"), true); },
                   ErrorCode::InvalidSessionId, "session id must be 40 characters");
}

TEST(ArgumentRules, SweepLimits) {
    EXPECT_EQ(lucia::batch_size_argument(1), 1);
    expect_refused([] { lucia::batch_size_argument(std::nullopt); }, ErrorCode::InvalidArgument,
                   "batch_size must not be null");
    expect_refused([] { lucia::batch_size_argument(0); }, ErrorCode::InvalidArgument, "batch_size must be at least 1");
    EXPECT_EQ(lucia::max_batches_argument(std::nullopt), std::nullopt);
    EXPECT_EQ(lucia::max_batches_argument(3), 3);
    expect_refused([] { lucia::max_batches_argument(-5); }, ErrorCode::InvalidArgument,
                   "max_batches must be at least 1");
}

}  // namespace
