// Lucia's useKey decisions over a key row, shared by both adapters (spec 1.2 "useKey", 4).
#pragma once
#include "no_database_headers.hpp"

#include <cstdint>
#include <optional>
#include <string_view>

namespace lucia {

// The columns of an auth_key row that decide how it may be used.
struct StoredKey {
    std::optional<std::string_view> hashed_password;  // NULL: no password
    bool primary_key = false;
    std::optional<std::int64_t> expires;  // NULL: persistent key
};

// What to do with a key the password opened: keep it, or delete it (a single-use key).
enum class KeyUse { Keep, Consume };

// Lucia's checks, in Lucia's order: a password key needs a non-empty password (InvalidPassword),
// a bcrypt hash is OutdatedPassword, a wrong password is InvalidPassword (malformed hashes too),
// a passwordless key accepts any password; then a single-use key past its expiry is ExpiredKey.
// Throws lucia::Error with those codes. Every answer to a non-empty password on a key that has a
// hash (s2, legacy, bcrypt, malformed) costs the scrypt work of one s2 verification, the same as
// spend_unknown_key_work (docs/security.md, "Timing").
KeyUse check_key_use(const StoredKey& key, std::optional<std::string_view> password, std::int64_t now_ms);

// Lucia's useKey over the row the adapter read (nullopt: no such key): a missing key costs
// spend_unknown_key_work and throws Error(InvalidKeyId, "key does not exist"); a key is checked
// by check_key_use. The adapter then deletes the key when told to consume it (check_key_consumed).
KeyUse use_key(const std::optional<StoredKey>& key, std::optional<std::string_view> password, std::int64_t now_ms);

// The single-use key's delete found no row: another request used it first, and of two uses only
// one may succeed. Throws Error(InvalidKeyId, "key was used by another request") unless deleted.
void check_key_consumed(bool deleted);

// The scrypt work a wrong password would have cost, for a key id that does not exist, so that the
// response time does not tell whether it exists. No work when no password is given (Lucia answers
// a password key without a password at once, too).
void spend_unknown_key_work(std::optional<std::string_view> password) noexcept;

// The derived fields of Lucia's Key object.
struct KeyDescription {
    bool single_use;        // expires is not NULL ("single_use", else "persistent")
    bool password_defined;  // a non-empty hash is stored
    bool expired;           // single-use and now > expires; false for persistent keys
};
KeyDescription describe_key(const StoredKey& key, std::int64_t now_ms) noexcept;

}  // namespace lucia
