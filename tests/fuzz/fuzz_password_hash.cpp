// Fuzzes the password-hash parser and verifier (core/password_hash, core/key_use) with cheap scrypt.
// Properties: bcrypt and malformed hashes never verify; a hash we generate always verifies and is
// classified as s2 (round trip); every failed login costs the work of an unknown key id.
#include "fuzz_check.hpp"

#include "core/errors.hpp"
#include "core/key_use.hpp"
#include "core/password_hash.hpp"
#include "core/unicode.hpp"

#include <cstdint>

namespace {

// The only passwords verify_password accepts; anything else must be refused before scrypt.
bool acceptable_password(std::string_view password) {
    return password.size() <= lucia::kMaxPasswordBytes && lucia::is_valid_utf8(password);
}

// Whatever the stored string, verification either refuses the password or answers, and only an
// s2 or legacy hash can ever answer true.
void check_verify(const std::string& password, const std::string& stored) {
    const lucia::HashFormat format = lucia::classify_hash(stored);
    FUZZ_REQUIRE((format == lucia::HashFormat::Bcrypt) == (stored.rfind("$2a", 0) == 0), "bcrypt is exactly $2a...");
    try {
        const bool ok = lucia::verify_password(password, stored);
        FUZZ_REQUIRE(acceptable_password(password), "a bad password was verified");
        if (ok)
            FUZZ_REQUIRE(format == lucia::HashFormat::Scrypt || format == lucia::HashFormat::LegacyScrypt,
                         "a bcrypt or malformed hash verified");
    } catch (const lucia::Error& e) {
        FUZZ_REQUIRE(!acceptable_password(password) && e.code() == lucia::ErrorCode::InvalidArgument,
                     "verify_password refused an acceptable password");
    }
}

// useKey over the same stored string: a failed login costs exactly what an unknown key id costs.
void check_key_use(const std::string& password, const std::string& stored) {
    if (!acceptable_password(password)) return;
    const lucia::StoredKey key{std::string_view(stored), false, std::nullopt};
    const lucia::HashFormat format = lucia::classify_hash(stored);
    const std::uint64_t before = lucia::scrypt_work_units();
    try {
        lucia::check_key_use(key, std::string_view(password), 0);
        FUZZ_REQUIRE(stored.empty() || format == lucia::HashFormat::Scrypt || format == lucia::HashFormat::LegacyScrypt,
                     "a bcrypt or malformed key opened");
        return;
    } catch (const lucia::Error& e) {
        FUZZ_REQUIRE(e.code() == lucia::ErrorCode::InvalidPassword || e.code() == lucia::ErrorCode::OutdatedPassword,
                     "unexpected useKey error");
        FUZZ_REQUIRE((e.code() == lucia::ErrorCode::OutdatedPassword) ==
                         (format == lucia::HashFormat::Bcrypt && !password.empty()),
                     "outdated is exactly bcrypt");
    }
    const std::uint64_t spent = lucia::scrypt_work_units() - before;
    const std::uint64_t middle = lucia::scrypt_work_units();
    lucia::spend_unknown_key_work(std::string_view(password));
    FUZZ_REQUIRE(lucia::scrypt_work_units() - middle == spent, "a failed login costs other work than an unknown key");
}

// Generation round trip: what we write, we read back as s2 and it verifies; a different password
// does not. Also for the legacy form built by hand from scrypt_hex.
void check_round_trip(const std::string& password, const std::string& salt) {
    if (!acceptable_password(password) || !lucia::is_valid_utf8(salt) || salt.find(':') != std::string::npos ||
        salt.size() > lucia::kMaxSaltBytes)
        return;
    const std::string stored = lucia::hash_password_with_salt(password, salt);
    FUZZ_REQUIRE(stored.size() == 3 + salt.size() + 1 + 128, "hash length");
    FUZZ_REQUIRE(lucia::classify_hash(stored) == lucia::HashFormat::Scrypt, "generated hash is not s2");
    FUZZ_REQUIRE(lucia::verify_password(password, stored), "generated hash does not verify");
    const std::string other = password + "\x01";
    if (acceptable_password(other)) FUZZ_REQUIRE(!lucia::verify_password(other, stored), "another password verified");
    if (salt.rfind("$2a", 0) == 0) return;  // Lucia reads any "$2a..." as bcrypt, legacy or not
    const std::string legacy = salt + ":" + lucia::scrypt_hex(password, salt, 8);
    FUZZ_REQUIRE(lucia::classify_hash(legacy) == lucia::HashFormat::LegacyScrypt, "legacy hash misclassified");
    FUZZ_REQUIRE(lucia::verify_password(password, legacy), "legacy hash does not verify");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    FuzzedDataProvider input(data, size);
    const int mode = input.ConsumeIntegralInRange(0, 3);
    const std::string password = input.ConsumeRandomLengthString(80);
    std::string stored = input.ConsumeRemainingBytesAsString();
    switch (mode) {
        case 0:  // the stored string as given
            break;
        case 1:  // an s2-shaped string around it, so that the fuzzer reaches the digest checks
            stored = "s2:" + stored;
            break;
        case 2:  // a bcrypt-looking string
            stored = "$2a" + stored;
            break;
        default:  // generation round trip with the rest as salt
            check_round_trip(password, stored.substr(0, 24));
            return 0;
    }
    check_verify(password, stored);
    check_key_use(password, stored);
    return 0;
}
