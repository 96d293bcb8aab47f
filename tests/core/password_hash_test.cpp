#include "core/password_hash.hpp"

#include "core/errors.hpp"
#include "core/random_id.hpp"

#include <openssl/err.h>
#include <openssl/evp.h>

#include <gtest/gtest.h>

#include <cstring>
#include <string>

namespace {

using lucia::classify_hash;
using lucia::hash_password;
using lucia::hash_password_with_salt;
using lucia::HashFormat;
using lucia::verify_password;

// Spec section 5.4, copied verbatim. Every row was validated by lucia-auth 1.8.0 itself.
const std::string kHunter2 =
    "s2:abcdefghijklmnop:732bd5c478953983828d4b32f3a1670a120a4ae2fceabec953fe4dc51b37d0e7c32022cdbe"
    "c7055de0afc05f8774a525321876b7fcd007bdb56c8cb943e4a94a";
const std::string kPasswordUmlaut =
    "s2:ABCDEFGHIJ123456:5fe13b8298973c85eba9cceb1a249176d378943fc5b01939fc2064bc6b15441e440dacf288"
    "893a1a5bfa8fd1e04d5ae8d94d99da49d647ed9f8e7c4bc38b8f83";
const std::string kEmpty =
    "s2:0000000000000000:fc67cbdcdbd4f5c77534b6bce9f305722702e082dad70c063672144962c6afade6b483a9ff"
    "ff5be62fe96ab2c5544dd37dab0a24c8bf6f2270766c58bef20a57";
const std::string kLegacyHunter2 =
    "abcdefghijklmnop:9f7b9d8c23db4ae9fb941fb6320d39b24d9ad41e15f65d9530cb23c35b8bd951fb8a0b59cf6562"
    "03d2bd5380ccb400c5a8d2aa243bb2b2914aab6335bec77fee";
const std::string kRandomHunter2 =
    "s2:u0zRFH8qbY4e031U:213540f319cf4606a1eaeb26998e8ade31be870224d6acee1ffbf2e7180cf81d3284947b7b"
    "46147c5c24fb2362155ab6ed8cd197efd03ccce8eaf87e11807eaf";
const std::string kRandomUmlaut =
    "s2:vgFnygB4agHGtq73:733ae2257f522bcf60c2363033638fbf2874aa1ad35d3cb9b07b33021b1d0a6533daf51451"
    "f9b2c48536fe4f600939e4a0832be9144b9ec60b57b7c431594973";
const std::string kFromDecomposed =
    "s2:QS9KJnTuPli0Q4yM:14fbc18f0766cb207d61b4e3f93f7dfb94f9c7434b5be469cde04340b80ff58d61f548e33a"
    "2a4b6018abaea2c6d7cd231073d4045cfd222e4fc8b676a51f7133";
const std::string kFromLigature =
    "s2:f8HstMbJbMn3HIS9:dfe9712a1f6ba014adbb7f5bf4e6c25126ead7c0b28cdff713a369c6ee876df3ec9bf525b7"
    "0aff5ea0b277153f7d838dd8721cef05accd29b29ea176e895ee43";

const std::string kUmlaut = "p\xC3\xA4ssw\xC3\xB6rd";        // NFC = NFKC, 70c3a4737377c3b67264
const std::string kDecomposed = "pa\xCC\x88sswo\xCC\x88rd";  // "pa\u0308sswo\u0308rd"
const std::string kLigature = "\xEF\xAC\x81sh";              // "\ufb01sh"

// The hex digest part of a stored string.
std::string digest_of(const std::string& stored) {
    return stored.substr(stored.rfind(':') + 1);
}

// A stored string with every hex letter upper-cased.
std::string upper_cased(std::string stored) {
    for (std::size_t i = stored.rfind(':') + 1; i < stored.size(); ++i) {
        if (stored[i] >= 'a' && stored[i] <= 'f') {
            stored[i] = static_cast<char>(stored[i] - 'a' + 'A');
        }
    }
    return stored;
}

// --- generation, fixed salts -------------------------------------------------------------

TEST(PasswordHash, FixedSaltVectorsAreReproduced) {
    EXPECT_EQ(hash_password_with_salt("hunter2", "abcdefghijklmnop"), kHunter2);
    EXPECT_EQ(hash_password_with_salt(kUmlaut, "ABCDEFGHIJ123456"), kPasswordUmlaut);
    EXPECT_EQ(hash_password_with_salt("", "0000000000000000"), kEmpty);
}

TEST(PasswordHash, LegacyVectorIsScryptWithR8) {
    EXPECT_EQ(lucia::scrypt_hex("hunter2", "abcdefghijklmnop", 8), digest_of(kLegacyHunter2));
}

TEST(PasswordHash, GenerationAppliesNfkc) {
    // Lucia generated these two from the non-normalised spelling; generation normalises first.
    EXPECT_EQ(hash_password_with_salt(kDecomposed, "QS9KJnTuPli0Q4yM"), kFromDecomposed);
    EXPECT_EQ(hash_password_with_salt(kLigature, "f8HstMbJbMn3HIS9"), kFromLigature);
}

// --- verification of every vector ------------------------------------------------------------

TEST(PasswordHash, FixedSaltVectorsVerify) {
    EXPECT_TRUE(verify_password("hunter2", kHunter2));
    EXPECT_TRUE(verify_password(kUmlaut, kPasswordUmlaut));
    EXPECT_TRUE(verify_password("", kEmpty));
    EXPECT_TRUE(verify_password("hunter2", kLegacyHunter2));
}

TEST(PasswordHash, RandomSaltVectorsVerify) {
    EXPECT_TRUE(verify_password("hunter2", kRandomHunter2));
    EXPECT_TRUE(verify_password(kUmlaut, kRandomUmlaut));
}

TEST(PasswordHash, NfkcAsymmetryBothSpellingsVerify) {
    // Lucia says false for the original spelling; ours is a superset and accepts both.
    EXPECT_TRUE(verify_password(kDecomposed, kFromDecomposed));
    EXPECT_TRUE(verify_password(kUmlaut, kFromDecomposed));
    EXPECT_TRUE(verify_password(kLigature, kFromLigature));
    EXPECT_TRUE(verify_password("fish", kFromLigature));
}

TEST(PasswordHash, RawBytesHashStillVerifies) {
    // A hash of the raw, non-normalised bytes (what Lucia's validate would accept) must verify
    // with that spelling; the NFKC spelling never matched it in Lucia either.
    const std::string stored = "s2:rawBytesSalt0000:" + lucia::scrypt_hex(kDecomposed, "rawBytesSalt0000", 16);
    ASSERT_EQ(classify_hash(stored), HashFormat::Scrypt);
    EXPECT_TRUE(verify_password(kDecomposed, stored));
    EXPECT_FALSE(verify_password(kUmlaut, stored));
}

// --- negative checks --------------------------------------------------------------------------

TEST(PasswordHash, NegativeChecks) {
    EXPECT_FALSE(verify_password("hunter2", "s3:abc:def"));
    EXPECT_FALSE(verify_password("hunter2", kHunter2 + ":extra"));  // 4 parts
    EXPECT_FALSE(verify_password("hunter2", upper_cased(kHunter2)));
    EXPECT_FALSE(verify_password("hunter3", kHunter2));
}

TEST(PasswordHash, BcryptNeverVerifies) {
    EXPECT_FALSE(verify_password("hunter2", "$2a$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy"));
}

TEST(PasswordHash, ClassifyHash) {
    EXPECT_EQ(classify_hash(kHunter2), HashFormat::Scrypt);
    EXPECT_EQ(classify_hash(kRandomUmlaut), HashFormat::Scrypt);
    EXPECT_EQ(classify_hash(kLegacyHunter2), HashFormat::LegacyScrypt);
    EXPECT_EQ(classify_hash("$2a$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy"), HashFormat::Bcrypt);
    EXPECT_EQ(classify_hash("$2a"), HashFormat::Bcrypt);
    // Only "$2a" is outdated in Lucia; "$2b"/"$2y" fall through to validate, i.e. false.
    EXPECT_EQ(classify_hash("$2b$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy"), HashFormat::Malformed);
    EXPECT_EQ(classify_hash(""), HashFormat::Malformed);
    EXPECT_EQ(classify_hash("s3:abc:def"), HashFormat::Malformed);
    EXPECT_EQ(classify_hash("s3:abcdefghijklmnop:" + digest_of(kHunter2)), HashFormat::Malformed);
    EXPECT_EQ(classify_hash(kHunter2 + ":extra"), HashFormat::Malformed);
    EXPECT_EQ(classify_hash(upper_cased(kHunter2)), HashFormat::Malformed);
    EXPECT_EQ(classify_hash(kHunter2.substr(0, kHunter2.size() - 1)), HashFormat::Malformed);
    EXPECT_EQ(classify_hash(kHunter2 + "0"), HashFormat::Malformed);
    EXPECT_EQ(classify_hash("s2:salt:xyz"), HashFormat::Malformed);
    EXPECT_EQ(classify_hash(digest_of(kHunter2)), HashFormat::Malformed);  // 1 part
    // Any salt without ':' is accepted, including an empty one.
    EXPECT_EQ(classify_hash("s2::" + digest_of(kHunter2)), HashFormat::Scrypt);
    EXPECT_EQ(classify_hash(":" + digest_of(kHunter2)), HashFormat::LegacyScrypt);
    EXPECT_EQ(classify_hash("s2:" + digest_of(kHunter2)), HashFormat::LegacyScrypt);  // salt "s2"
    // A salt over 255 bytes is malformed: PBKDF2 hashes the salt 64 times per check (a CPU cost
    // anyone could ask MariaDB's loadable functions for with a 16 MB salt).
    EXPECT_EQ(classify_hash("s2:" + std::string(255, 'a') + ":" + digest_of(kHunter2)), HashFormat::Scrypt);
    EXPECT_EQ(classify_hash("s2:" + std::string(256, 'a') + ":" + digest_of(kHunter2)), HashFormat::Malformed);
    EXPECT_EQ(classify_hash(std::string(255, 'a') + ":" + digest_of(kHunter2)), HashFormat::LegacyScrypt);
    EXPECT_EQ(classify_hash(std::string(256, 'a') + ":" + digest_of(kHunter2)), HashFormat::Malformed);
}

// --- new hashes -------------------------------------------------------------------------------

TEST(PasswordHash, NewHashHasLuciasShapeAndVerifies) {
    const std::string stored = hash_password(kDecomposed);
    ASSERT_EQ(stored.size(), lucia::kHashLength);
    EXPECT_EQ(stored.substr(0, 3), "s2:");
    EXPECT_EQ(stored[19], ':');
    for (char c : stored.substr(3, 16)) {
        EXPECT_NE(std::strchr(lucia::kIdAlphabet, c), nullptr);
    }
    EXPECT_EQ(classify_hash(stored), HashFormat::Scrypt);
    EXPECT_TRUE(verify_password(kUmlaut, stored));  // NFKC form: one scrypt, matches first
}

TEST(PasswordHash, RejectsBadInput) {
    const std::string too_long(lucia::kMaxPasswordBytes + 1, 'a');
    for (const std::string& bad : {std::string("\xC0\x80"), std::string("\xED\xA0\x80"), too_long}) {
        try {
            hash_password(bad);
            ADD_FAILURE() << "hash_password accepted bad input";
        } catch (const lucia::Error& e) {
            EXPECT_EQ(e.code(), lucia::ErrorCode::InvalidArgument);
        }
        EXPECT_THROW(hash_password_with_salt(bad, "abcdefghijklmnop"), lucia::Error);
        EXPECT_THROW(verify_password(bad, kHunter2), lucia::Error);
    }
    EXPECT_THROW(hash_password_with_salt("hunter2", "a:b"), lucia::Error);
}

TEST(PasswordHash, AcceptsMaximumLength) {
    const std::string longest(lucia::kMaxPasswordBytes, 'a');
    EXPECT_FALSE(verify_password(longest, kHunter2));
}

TEST(PasswordHash, DummyVerificationNeverThrows) {
    EXPECT_NO_THROW(lucia::spend_dummy_verification("hunter2"));
    EXPECT_NO_THROW(lucia::spend_dummy_verification("\xFF"));  // refused before any work
}

// --- OpenSSL's memory cap -----------------------------------------------------------------------

TEST(PasswordHash, OpenSslDefaultMaxMemIsTooSmallForR16) {
    // Documents design note 5.1: maxmem = 0 means OpenSSL's 32 MiB default, and r = 16 needs
    // 33 560 576 bytes, so the call fails. scrypt_hex passes kScryptMaxMem and succeeds (above).
    unsigned char key[64];
    const char* salt = "abcdefghijklmnop";
    const int r16 = EVP_PBE_scrypt("hunter2", 7, reinterpret_cast<const unsigned char*>(salt), 16, 16384, 16, 1, 0, key,
                                   sizeof key);
    ERR_clear_error();
    EXPECT_EQ(r16, 0);
    EXPECT_GE(lucia::kScryptMaxMem, 33'560'576u);
    // The legacy r = 8 form fits the default, as the spec says.
    const int r8 =
        EVP_PBE_scrypt("hunter2", 7, reinterpret_cast<const unsigned char*>(salt), 16, 16384, 8, 1, 0, key, sizeof key);
    EXPECT_EQ(r8, 1);
}

}  // namespace

// The dummy check must cost what a wrong password costs, counted in scrypt runs, not in seconds.
TEST(PasswordHash, DummyVerificationRunsTheSameScryptWorkAsAWrongPassword) {
    const std::string stored = lucia::hash_password_with_salt("hunter2", "abcdefghijklmnop");
    for (const char* attempt : {"wrong", "pa\xCC\x88sswo\xCC\x88rd", "\xEF\xAC\x81sh"}) {
        const std::uint64_t before_wrong = lucia::scrypt_call_count();
        EXPECT_FALSE(lucia::verify_password(attempt, stored));
        const std::uint64_t wrong_cost = lucia::scrypt_call_count() - before_wrong;
        const std::uint64_t before_dummy = lucia::scrypt_call_count();
        lucia::spend_dummy_verification(attempt);
        const std::uint64_t dummy_cost = lucia::scrypt_call_count() - before_dummy;
        EXPECT_GE(wrong_cost, 1u) << attempt;
        EXPECT_EQ(dummy_cost, wrong_cost) << attempt;
    }
}
