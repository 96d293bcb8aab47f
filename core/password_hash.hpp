// Lucia v1's password hashes: "s2:<salt>:<hex>" scrypt N=16384 r=16 p=1 dkLen=64 (spec section 5).
#pragma once
#include "no_database_headers.hpp"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace lucia {

inline constexpr std::size_t kHashLength = 148;                           // "s2:" + 16 + ":" + 128
inline constexpr std::size_t kMaxPasswordBytes = 4096;                    // longer input is refused before hashing
inline constexpr std::size_t kMaxSaltBytes = 255;                         // Lucia's salts have 16; see classify_hash
inline constexpr unsigned long long kScryptMaxMem = 64ull * 1024 * 1024;  // explicit, see design notes 5.1

// Raw scrypt over bytes, the primitive under every hash; r is 16 for "s2", 8 for the legacy form.
// Throws Error(UnknownError) when OpenSSL fails.
std::string scrypt_hex(std::string_view password, std::string_view salt, unsigned r);

// New "s2:" hash of NFKC(password) with a fresh random 16-symbol salt, exactly as Lucia generates.
// Throws Error(InvalidArgument) for invalid UTF-8 or more than kMaxPasswordBytes bytes.
std::string hash_password(std::string_view password);

// Same as hash_password with a caller-chosen salt: for test vectors and nothing else.
std::string hash_password_with_salt(std::string_view password, std::string_view salt);

// What a stored hash string is, before any scrypt work is spent on it.
enum class HashFormat {
    Scrypt,        // "s2:<salt>:<128 lowercase hex>"
    LegacyScrypt,  // "<salt>:<128 lowercase hex>", lucia-auth 0.1.x, r = 8
    Bcrypt,        // starts with "$2a": Lucia reports AUTH_OUTDATED_PASSWORD
    Malformed,     // anything else: Lucia's validate returns false
};
// A salt longer than kMaxSaltBytes makes a hash Malformed: scrypt's PBKDF2 steps hash the salt
// 64 times, so a 16 MB salt would cost seconds of CPU per check (anyone may call MariaDB's
// loadable functions), and no Lucia version writes one.
HashFormat classify_hash(std::string_view stored) noexcept;

// Lucia's validateScryptHash, made a superset: the raw bytes (Lucia's behaviour) and, when it
// differs, the NFKC form of the password both count (spec 5.2). Constant-time hex comparison.
// Bcrypt and Malformed give false, after spending the same scrypt work as a real check; a legacy
// hash is padded with a discarded r = 12 derivation per derivation, so it costs an s2 check too.
// Throws Error(InvalidArgument) for invalid UTF-8 or more than kMaxPasswordBytes bytes.
bool verify_password(std::string_view password, std::string_view stored);

// Spends exactly the scrypt work verify_password would for this password, and returns nothing:
// used when the key id is unknown, so that the response time does not reveal whether it exists.
void spend_dummy_verification(std::string_view password) noexcept;

// How many scrypt derivations this process has run. Lets tests show that an unknown key id costs
// the same work as a wrong password without timing anything.
std::uint64_t scrypt_call_count() noexcept;

// The cost of those derivations, in percent of one s2 derivation (r = 16: 100; legacy r = 8: 42;
// the legacy padding, r = 12: 58, as measured by bench/login_outcomes_bench). Lets tests show that
// every outcome of a login costs the same work, whatever the stored hash's format.
std::uint64_t scrypt_work_units() noexcept;

}  // namespace lucia
