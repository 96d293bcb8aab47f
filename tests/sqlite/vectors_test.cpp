// Lucia v1's password hash test vectors (spec 5.4) through lucia_verify_password, lucia_hash_password,
// and the same hashes stored in auth_key as Lucia wrote them. Mirrors sql/vectors.sql.
#include "json_helpers.hpp"
#include "sqlite_fixture.hpp"

#include <string>

using namespace lucia_test;

namespace {

struct Vector {
    const char* name;
    std::string password;
    const char* stored;
};

const std::string kPasswordNfc =
    "p\xC3\xA4"
    "ssw\xC3\xB6"
    "rd";  // pässwörd, NFC = NFKC
const std::string kPasswordDecomposed =
    "pa\xCC\x88"
    "sswo\xCC\x88"
    "rd";  // pa + U+0308 ... (NFD)
const std::string kLigature =
    "\xEF\xAC\x81"
    "sh";  // U+FB01 "ﬁ" + "sh"

const Vector kVectors[] = {
    {"hunter2, fixed salt", "hunter2",
     "s2:abcdefghijklmnop:"
     "732bd5c478953983828d4b32f3a1670a120a4ae2fceabec953fe4dc51b37d0e7c32022cdbec7055de0afc05f8774a525321876b7fcd007bdb"
     "56c8cb943e4a94a"},
    {"pässwörd NFC, fixed salt", kPasswordNfc,
     "s2:ABCDEFGHIJ123456:"
     "5fe13b8298973c85eba9cceb1a249176d378943fc5b01939fc2064bc6b15441e440dacf288893a1a5bfa8fd1e04d5ae8d94d99da49d647ed9"
     "f8e7c4bc38b8f83"},
    {"empty, fixed salt", "",
     "s2:0000000000000000:"
     "fc67cbdcdbd4f5c77534b6bce9f305722702e082dad70c063672144962c6afade6b483a9ffff5be62fe96ab2c5544dd37dab0a24c8bf6f227"
     "0766c58bef20a57"},
    {"hunter2, legacy r=8", "hunter2",
     "abcdefghijklmnop:"
     "9f7b9d8c23db4ae9fb941fb6320d39b24d9ad41e15f65d9530cb23c35b8bd951fb8a0b59cf656203d2bd5380ccb400c5a8d2aa243bb2b2914"
     "aab6335bec77fee"},
    {"hunter2, random salt", "hunter2",
     "s2:u0zRFH8qbY4e031U:"
     "213540f319cf4606a1eaeb26998e8ade31be870224d6acee1ffbf2e7180cf81d3284947b7b46147c5c24fb2362155ab6ed8cd197efd03ccce"
     "8eaf87e11807eaf"},
    {"pässwörd, random salt", kPasswordNfc,
     "s2:vgFnygB4agHGtq73:"
     "733ae2257f522bcf60c2363033638fbf2874aa1ad35d3cb9b07b33021b1d0a6533daf51451f9b2c48536fe4f600939e4a0832be9144b9ec60"
     "b57b7c431594973"},
    // Generated from non-NFKC input: Lucia stores the NFKC form's hash, then fails the original
    // spelling; both spellings verify here (spec 5.2).
    {"decomposed, original spelling", kPasswordDecomposed,
     "s2:QS9KJnTuPli0Q4yM:"
     "14fbc18f0766cb207d61b4e3f93f7dfb94f9c7434b5be469cde04340b80ff58d61f548e33a2a4b6018abaea2c6d7cd231073d4045cfd222e4"
     "fc8b676a51f7133"},
    {"decomposed, NFKC spelling", kPasswordNfc,
     "s2:QS9KJnTuPli0Q4yM:"
     "14fbc18f0766cb207d61b4e3f93f7dfb94f9c7434b5be469cde04340b80ff58d61f548e33a2a4b6018abaea2c6d7cd231073d4045cfd222e4"
     "fc8b676a51f7133"},
    {"ligature, original spelling", kLigature,
     "s2:f8HstMbJbMn3HIS9:"
     "dfe9712a1f6ba014adbb7f5bf4e6c25126ead7c0b28cdff713a369c6ee876df3ec9bf525b70aff5ea0b277153f7d838dd8721cef05accd29b"
     "29ea176e895ee43"},
    {"ligature, NFKC spelling", "fish",
     "s2:f8HstMbJbMn3HIS9:"
     "dfe9712a1f6ba014adbb7f5bf4e6c25126ead7c0b28cdff713a369c6ee876df3ec9bf525b70aff5ea0b277153f7d838dd8721cef05accd29b"
     "29ea176e895ee43"},
};

const char* const kMalformed =
    "AUTH_INVALID_ARGUMENT: hash is neither \"s2:<salt>:<128 hex>\" nor \"<salt>:<128 hex>\"";

std::string upper(std::string s) {
    for (char& c : s)
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    return s;
}

}  // namespace

TEST(SqliteVectors, EveryVectorVerifies) {
    Database db;
    for (const Vector& v : kVectors) {
        Outcome o =
            db.run("WITH r AS MATERIALIZED (SELECT lucia_verify_password(?1, ?2) AS v) SELECT v, typeof(v) FROM r",
                   {v.password, std::string(v.stored)});
        ASSERT_TRUE(o.ok) << v.name << ": " << o.error;
        EXPECT_EQ(o.row[0], Value("1")) << v.name;
        EXPECT_EQ(o.row[1], Value("integer")) << v.name;
    }
}

// A wrong password answers 0 (also through the NFKC path and the legacy format).
TEST(SqliteVectors, WrongPasswordsDoNotVerify) {
    Database db;
    for (int i : {0, 3, 8}) {
        const Vector& v = kVectors[i];
        EXPECT_EQ(db.value("SELECT lucia_verify_password(?1, ?2)", {v.password + "x", std::string(v.stored)}), "0")
            << v.name;
    }
    EXPECT_EQ(
        db.value("SELECT lucia_verify_password('hunter2', 's2:abcdefghijklmnop:' || ?1)", {std::string(128, '0')}),
        "0");
}

// Negative checks (Lucia's validate answers false; here an unreadable hash is an error), all
// decided before any scrypt work.
TEST(SqliteVectors, UnreadableHashesAreErrors) {
    Database db;
    std::int64_t before = scrypt_count(db);
    const std::string hunter2 = kVectors[0].stored;
    const std::pair<std::string, std::string> cases[] = {
        {"s3:abc:def", kMalformed},
        {"s2:a:b:c", kMalformed},
        {upper(hunter2), kMalformed},
        {"s2:" + upper(hunter2.substr(3, 16)) + ":" + upper(hunter2.substr(20)), kMalformed},
        {"s2:abcdefghijklmnop:" + std::string(127, 'a'), kMalformed},
        {"s2:abcdefghijklmnop:" + std::string(129, 'a'), kMalformed},
        {"", kMalformed},
        {"hunter2", kMalformed},
        {"$2a$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy",
         "AUTH_OUTDATED_PASSWORD: bcrypt hashes are not verified"},
        {"$2b$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy", kMalformed},
        {"$2y$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy", kMalformed},
    };
    for (const auto& [hash, message] : cases)
        EXPECT_TRUE(fails_with(db, "SELECT lucia_verify_password('hunter2', ?1)", message, {hash}));
    EXPECT_TRUE(fails_with(db, "SELECT lucia_verify_password(NULL, 's3:abc:def')",
                           "AUTH_INVALID_ARGUMENT: password must not be null"));
    EXPECT_TRUE(fails_with(db, "SELECT lucia_verify_password('hunter2', NULL)",
                           "AUTH_INVALID_ARGUMENT: hash must not be null"));
    EXPECT_EQ(scrypt_count(db) - before, 0);
}

// lucia_hash_password: Lucia's format, a fresh salt each time.
TEST(SqliteVectors, HashPasswordFormatAndSalt) {
    Database db;
    Outcome o = db.run("SELECT lucia_hash_password('hunter2'), lucia_hash_password('hunter2')");
    ASSERT_TRUE(o.ok) << o.error;
    ASSERT_EQ(o.row.size(), 2u);
    EXPECT_TRUE(is_s2_hash(*o.row[0])) << *o.row[0];
    EXPECT_TRUE(is_s2_hash(*o.row[1])) << *o.row[1];
    EXPECT_EQ(o.row[0]->size(), 148u);
    EXPECT_NE(o.row[0], o.row[1]);
    EXPECT_NE(o.row[0]->substr(3, 16), o.row[1]->substr(3, 16)) << "a fresh salt";
}

// NFKC before hashing (Lucia's generate), so the NFC spelling verifies and so does the original.
TEST(SqliteVectors, HashPasswordAppliesNfkc) {
    Database db;
    std::string hash = db.value("SELECT lucia_hash_password(?1)", {kPasswordDecomposed});
    ASSERT_TRUE(is_s2_hash(hash)) << hash;
    EXPECT_EQ(db.value("SELECT lucia_verify_password(?1, ?2)", {kPasswordNfc, hash}), "1");
    EXPECT_EQ(db.value("SELECT lucia_verify_password(?1, ?2)", {kPasswordDecomposed, hash}), "1");
}

TEST(SqliteVectors, EmptyPasswordRoundTrips) {
    Database db;
    EXPECT_EQ(db.value("SELECT lucia_verify_password('', lucia_hash_password(''))"), "1");
}

TEST(SqliteVectors, HashPasswordLimits) {
    Database db;
    EXPECT_EQ(db.value("SELECT length(lucia_hash_password(?1))", {std::string(4096, 'x')}), "148");
    std::int64_t before = scrypt_count(db);
    EXPECT_TRUE(fails_with(db, "SELECT lucia_hash_password(?1)",
                           "AUTH_INVALID_ARGUMENT: password must be at most 4096 bytes", {std::string(4097, 'x')}));
    EXPECT_TRUE(fails_with(db, "SELECT lucia_verify_password(?1, ?2)",
                           "AUTH_INVALID_ARGUMENT: password must be at most 4096 bytes",
                           {std::string(4097, 'x'), std::string(kVectors[0].stored)}));
    EXPECT_TRUE(fails_with(db, "SELECT lucia_hash_password(NULL)", "AUTH_INVALID_ARGUMENT: password must not be null"));
    EXPECT_EQ(scrypt_count(db) - before, 0);
}

// The vectors as rows Lucia wrote: each logs in through lucia_validate_key.
TEST(SqliteVectors, VectorsStoredAsKeysLogIn) {
    Database db;
    db.value("SELECT lucia_create_tables()");
    db.exec("INSERT INTO auth_user VALUES ('vectoruser00001')");
    for (const Vector& v : kVectors) {
        Outcome o = db.run(
            "INSERT INTO auth_key (id, user_id, hashed_password, primary_key, expires) "
            "VALUES ('vector:' || ?1, 'vectoruser00001', ?2, 0, NULL)",
            {std::string(v.name), std::string(v.stored)});
        ASSERT_TRUE(o.ok) << o.error;
    }
    int logged_in = 0;
    for (const Vector& v : kVectors) {
        if (v.password.empty()) {
            // Lucia refuses "" as a missing password before looking at the hash.
            EXPECT_TRUE(fails_with(db, "SELECT lucia_validate_key('vector', ?1, '')",
                                   "AUTH_INVALID_PASSWORD: this key needs a password", {std::string(v.name)}));
            continue;
        }
        Json key = call_json(db, "SELECT lucia_validate_key('vector', ?1, ?2)", {std::string(v.name), v.password});
        EXPECT_EQ(key.text("user_id"), "vectoruser00001") << v.name;
        EXPECT_EQ(key.text("type"), "persistent") << v.name;
        EXPECT_EQ(key.text("provider_user_id"), v.name);
        ++logged_in;
    }
    EXPECT_EQ(logged_in, 9);
}
