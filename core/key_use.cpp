#include "key_use.hpp"

#include "errors.hpp"
#include "password_hash.hpp"

namespace lucia {

namespace {

// A stored "" counts as no password: Lucia tests the hash for truthiness.
bool has_password(const StoredKey& key) noexcept {
    return key.hashed_password.has_value() && !key.hashed_password->empty();
}

}  // namespace

KeyUse check_key_use(const StoredKey& key, std::optional<std::string_view> password, std::int64_t now_ms) {
    if (has_password(key)) {
        if (!password.has_value() || password->empty())
            throw Error(ErrorCode::InvalidPassword, messages::kKeyNeedsPassword);
        if (classify_hash(*key.hashed_password) == HashFormat::Bcrypt) {
            // Lucia's answer differs here, but apps that show one "wrong email or password" for
            // every error would otherwise tell bcrypt accounts apart by the missing scrypt time.
            spend_dummy_verification(*password);
            throw Error(ErrorCode::OutdatedPassword, messages::kBcryptKey);
        }
        if (!verify_password(*password, *key.hashed_password))
            throw Error(ErrorCode::InvalidPassword, messages::kWrongPassword);
    }
    if (!key.expires.has_value()) return KeyUse::Keep;
    if (now_ms > *key.expires) throw Error(ErrorCode::ExpiredKey, messages::kKeyExpired);
    return key.primary_key ? KeyUse::Keep : KeyUse::Consume;
}

// Answering "no such key" at once would tell which key ids exist (docs/security.md, "Timing").
KeyUse use_key(const std::optional<StoredKey>& key, std::optional<std::string_view> password, std::int64_t now_ms) {
    if (!key.has_value()) {
        spend_unknown_key_work(password);
        throw Error(ErrorCode::InvalidKeyId, messages::kKeyMissing);
    }
    return check_key_use(*key, password, now_ms);
}

// Lucia v1 lets two concurrent uses of one single-use key both succeed; here the loser is told.
void check_key_consumed(bool deleted) {
    if (!deleted) throw Error(ErrorCode::InvalidKeyId, messages::kKeyUsedElsewhere);
}

void spend_unknown_key_work(std::optional<std::string_view> password) noexcept {
    if (password.has_value() && !password->empty()) spend_dummy_verification(*password);
}

KeyDescription describe_key(const StoredKey& key, std::int64_t now_ms) noexcept {
    KeyDescription description{};
    description.single_use = key.expires.has_value();
    description.password_defined = has_password(key);
    description.expired = key.expires.has_value() && now_ms > *key.expires;
    return description;
}

}  // namespace lucia
