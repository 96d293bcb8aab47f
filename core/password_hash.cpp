#include "password_hash.hpp"

#include "argument_rules.hpp"
#include "errors.hpp"
#include "random_id.hpp"
#include "secret_string.hpp"
#include "unicode.hpp"

#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>

#include <array>
#include <atomic>
#include <cstdint>
#include <vector>

namespace lucia {

namespace {

#if defined(LUCIA_FUZZ_CHEAP_SCRYPT)
// Fuzz builds only (tests/fuzz): a tiny N so that a harness runs thousands of verifications a
// second. Refused unless the build also says it is unsafe for production, as fuzz builds do.
#if !defined(FUZZING_BUILD_MODE_UNSAFE_FOR_PRODUCTION)
#error "LUCIA_FUZZ_CHEAP_SCRYPT is for fuzz builds only"
#endif
constexpr std::uint64_t kScryptN = 16;
#else
constexpr std::uint64_t kScryptN = 16384;
#endif
constexpr std::uint64_t kScryptP = 1;
constexpr std::size_t kKeyBytes = 64;
constexpr std::size_t kHexLength = 2 * kKeyBytes;  // 128
constexpr unsigned kScryptR = 16;
constexpr unsigned kLegacyScryptR = 8;

// Stands in for a stored hash when there is none (unknown key, bcrypt, malformed) so that the
// caller still pays one full s2 check. No password can match: its digest would be all zeros.
constexpr char kDummyHash[] =
    "s2:luciadummysalt00:"
    "0000000000000000000000000000000000000000000000000000000000000000"
    "0000000000000000000000000000000000000000000000000000000000000000";
static_assert(sizeof(kDummyHash) - 1 == kHashLength, "the dummy must look like a real s2 hash");

// Lucia's stored digests are lowercase; anything else must not compare equal (spec 5.2).
bool is_lower_hex_digest(std::string_view hex) {
    if (hex.size() != kHexLength) {
        return false;
    }
    for (char c : hex) {
        const bool digit = c >= '0' && c <= '9';
        const bool lower = c >= 'a' && c <= 'f';
        if (!digit && !lower) {
            return false;
        }
    }
    return true;
}

// Lowercase hex, the form Lucia stores and compares.
std::string to_lower_hex(const unsigned char* bytes, std::size_t size) {
    static constexpr char kDigits[] = "0123456789abcdef";
    std::string hex;
    hex.reserve(2 * size);
    for (std::size_t i = 0; i < size; ++i) {
        hex.push_back(kDigits[bytes[i] >> 4]);
        hex.push_back(kDigits[bytes[i] & 0x0F]);
    }
    return hex;
}

// JavaScript's split(":"), kept as views so that classifying costs no allocation per part.
std::vector<std::string_view> split_on_colon(std::string_view text) {
    std::vector<std::string_view> parts;
    std::size_t start = 0;
    while (true) {
        const std::size_t colon = text.find(':', start);
        if (colon == std::string_view::npos) {
            parts.push_back(text.substr(start));
            return parts;
        }
        parts.push_back(text.substr(start, colon - start));
        start = colon + 1;
    }
}

// The salt ends up between two ':' of the stored string, so one containing ':' could never verify.
void check_salt(std::string_view salt) {
    if (salt.find(':') != std::string_view::npos) {
        throw Error(ErrorCode::InvalidArgument, "salt must not contain ':'");
    }
    if (!is_valid_utf8(salt)) {
        throw Error(ErrorCode::InvalidArgument, "salt is not valid utf-8");
    }
    if (salt.size() > kMaxSaltBytes) {
        throw Error(ErrorCode::InvalidArgument, "salt must be at most " + std::to_string(kMaxSaltBytes) + " bytes");
    }
}

// Constant time over the digest, so the comparison leaks nothing about how many characters match.
bool digests_equal(std::string_view computed, std::string_view stored) {
    if (computed.size() != stored.size()) {
        return false;
    }
    return CRYPTO_memcmp(computed.data(), stored.data(), computed.size()) == 0;
}

// scrypt's time grows faster than r (the 16 MiB of r = 8 stay in the caches more than the 32 MiB
// of r = 16), so a legacy derivation is padded with one of r = 12, not 8: measured with
// bench/login_outcomes_bench (x86-64, OpenSSL 3.0, N = 16384, p = 1), r = 8 takes 42% and r = 12
// 58% of an r = 16 derivation. These percentages are what scrypt_work_units() counts.
constexpr unsigned kLegacyPaddingR = 12;
unsigned derivation_cost_percent(unsigned r) noexcept {
    switch (r) {
        case kScryptR: return 100;
        case kLegacyPaddingR: return 58;
        case kLegacyScryptR: return 42;
        default: return r * 100 / kScryptR;  // not used by any hash form
    }
}
static_assert(kScryptR == 16 && kLegacyScryptR == 8, "recalibrate the padding for other parameters");

// One derivation with the stored hash's r; a legacy one (r = 8) is padded with a discarded
// derivation so that the two together cost one s2 derivation (r = 16): a legacy hash cannot be
// told from an s2 hash by response time.
bool derivation_matches(std::string_view password, std::string_view salt, std::string_view stored_hex, unsigned r) {
    const SecretString computed(scrypt_hex(password, salt, r));  // the digest of a candidate password
    const bool equal = digests_equal(computed.view(), stored_hex);
    if (r == kLegacyScryptR) {
        const SecretString padding(scrypt_hex(password, "luciapaddingsalt", kLegacyPaddingR));
    }
    return equal;
}

// Lucia generates from NFKC but validates raw bytes, so a stored hash may be of either spelling.
bool matches_either_spelling(std::string_view password, std::string_view salt, std::string_view stored_hex,
                             unsigned r) {
    const SecretString normalized = nfkc_secret(password);  // first: what Lucia and we generate
    if (derivation_matches(normalized.view(), salt, stored_hex, r)) {
        return true;
    }
    if (normalized.view() == password) {
        return false;
    }
    return derivation_matches(password, salt, stored_hex, r);
}

}  // namespace

namespace {
std::atomic<std::uint64_t> scrypt_calls{0};
std::atomic<std::uint64_t> scrypt_work{0};
}  // namespace

std::uint64_t scrypt_call_count() noexcept {
    return scrypt_calls.load(std::memory_order_relaxed);
}

std::uint64_t scrypt_work_units() noexcept {
    return scrypt_work.load(std::memory_order_relaxed);
}

// maxmem is explicit because OpenSSL's 32 MiB default is just below what r = 16 needs (5.3).
std::string scrypt_hex(std::string_view password, std::string_view salt, unsigned r) {
    std::array<unsigned char, kKeyBytes> key{};
    static const char kEmpty[] = "";
    const char* pass = password.empty() ? kEmpty : password.data();
    const auto* salt_bytes = reinterpret_cast<const unsigned char*>(salt.empty() ? kEmpty : salt.data());
    scrypt_calls.fetch_add(1, std::memory_order_relaxed);
    scrypt_work.fetch_add(derivation_cost_percent(r), std::memory_order_relaxed);
    const int ok = EVP_PBE_scrypt(pass, password.size(), salt_bytes, salt.size(), kScryptN, r, kScryptP, kScryptMaxMem,
                                  key.data(), key.size());
    if (ok != 1) {
        ERR_clear_error();  // keep the thread's OpenSSL error queue clean for the host process
        throw Error(ErrorCode::UnknownError, "scrypt failed");
    }
    std::string hex = to_lower_hex(key.data(), key.size());
    OPENSSL_cleanse(key.data(), key.size());
    return hex;
}

// A fresh salt per password, exactly Lucia's generateScryptHash.
std::string hash_password(std::string_view password) {
    check_password(password);  // the SQL argument rule, before any scrypt work
    return hash_password_with_salt(password, generate_random_string(kSaltLength));
}

// Split out of hash_password so that Lucia's fixed-salt test vectors can be reproduced.
std::string hash_password_with_salt(std::string_view password, std::string_view salt) {
    check_password(password);  // the SQL argument rule, before any scrypt work
    check_salt(salt);
    const SecretString normalized = nfkc_secret(password);
    return "s2:" + std::string(salt) + ":" + scrypt_hex(normalized.view(), salt, kScryptR);
}

// Decided from the string alone so that callers can branch (e.g. outdated bcrypt) before hashing.
HashFormat classify_hash(std::string_view stored) noexcept {
    if (stored.substr(0, 3) == "$2a") {
        return HashFormat::Bcrypt;
    }
    try {
        const std::vector<std::string_view> parts = split_on_colon(stored);
        if (parts.size() == 3 && parts[0] == "s2" && parts[1].size() <= kMaxSaltBytes &&
            is_lower_hex_digest(parts[2])) {
            return HashFormat::Scrypt;
        }
        if (parts.size() == 2 && parts[0].size() <= kMaxSaltBytes && is_lower_hex_digest(parts[1])) {
            return HashFormat::LegacyScrypt;
        }
    } catch (...) {
        // Only allocation can fail here; an unreadable hash is as good as a malformed one.
    }
    return HashFormat::Malformed;
}

// Bcrypt and malformed hashes still pay a full s2 check, so timing does not reveal the stored format.
bool verify_password(std::string_view password, std::string_view stored) {
    check_password(password);  // the SQL argument rule, before any scrypt work
    const HashFormat format = classify_hash(stored);
    if (format == HashFormat::Bcrypt || format == HashFormat::Malformed) {
        (void)verify_password(password, kDummyHash);
        return false;
    }
    const std::vector<std::string_view> parts = split_on_colon(stored);
    if (format == HashFormat::Scrypt) {
        return matches_either_spelling(password, parts[1], parts[2], kScryptR);
    }
    return matches_either_spelling(password, parts[0], parts[1], kLegacyScryptR);
}

// Routed through verify_password itself so the cost is identical by construction, not by upkeep.
void spend_dummy_verification(std::string_view password) noexcept {
    try {
        (void)verify_password(password, kDummyHash);
    } catch (...) {
        // Nothing to report: the only purpose is to spend the time.
    }
}

}  // namespace lucia
