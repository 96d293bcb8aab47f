// Keys: lucia_create_key, lucia_validate_key (Lucia's useKey), lucia_get_key,
// lucia_get_all_user_keys, lucia_update_key_password, lucia_delete_key.
// Mirrors sql/keys.sql (expected/keys.out) on SQLite, plus keys written as better-sqlite3 writes them.
#include "json_helpers.hpp"
#include "sqlite_fixture.hpp"

#include <string>

using namespace lucia_test;

namespace {

const char* const kBcrypt = "$2a$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy";
// Spec 5.4: "hunter2" hashed by Lucia v1 itself (random salt).
const char* const kLuciaHunter2 =
    "s2:u0zRFH8qbY4e031U:"
    "213540f319cf4606a1eaeb26998e8ade31be870224d6acee1ffbf2e7180cf81d3284947b7b46147c5c24fb2362155ab6ed8cd197efd03ccce8"
    "eaf87e11807eaf";
// A well-formed hash that no password of these tests matches (never computed, only stored).
const std::string kSomeHash = "s2:abcdefghijklmnop:" + std::string(128, '0');

class SqliteKeys : public ::testing::Test {
protected:
    void SetUp() override {
        db.value("SELECT lucia_create_tables()");
        call_json(db, "SELECT lucia_create_user(NULL, NULL, NULL, '{}', 'bob')");
    }

    // A key row as Lucia v1 would have written it.
    void insert_key(const std::string& id, const std::string& user, int primary, const Value& hash,
                    const std::optional<std::int64_t>& expires) {
        Outcome o = run_typed(db,
                              "INSERT INTO auth_key (id, user_id, hashed_password, primary_key, expires) "
                              "VALUES (?1, ?2, ?3, ?4, ?5)",
                              {Param::text(id), Param::text(user), hash ? Param::text(*hash) : Param::null(),
                               Param::int64(primary), expires ? Param::int64(*expires) : Param::null()});
        ASSERT_TRUE(o.ok) << o.error;
    }

    std::int64_t keys_with_id(const std::string& id) {
        return integer(db, "SELECT count(*) FROM auth_key WHERE id = ?1", {id});
    }

    Database db;
};

}  // namespace

// Persistent keys, with and without a password; then validate_key's answers for each.
TEST_F(SqliteKeys, PersistentKeys) {
    Json with_password = call_json(db, "SELECT lucia_create_key('bob', 'email', 'bob@example.com', 'correct horse')");
    EXPECT_EQ(with_password.str(),
              "{\"type\":\"persistent\",\"provider_id\":\"email\",\"provider_user_id\":\"bob@example.com\","
              "\"user_id\":\"bob\",\"primary_key\":false,\"password_defined\":true,\"expires_at\":null,"
              "\"expired\":null,\"expires\":null}");
    Json passwordless = call_json(db, "SELECT lucia_create_key('bob', 'github', '4242')");
    EXPECT_EQ(passwordless.str(),
              "{\"type\":\"persistent\",\"provider_id\":\"github\",\"provider_user_id\":\"4242\","
              "\"user_id\":\"bob\",\"primary_key\":false,\"password_defined\":false,\"expires_at\":null,"
              "\"expired\":null,\"expires\":null}");
    // Rows as Lucia's SQLite adapter writes them: primary_key INTEGER 0, expires NULL.
    EXPECT_EQ(db.value("SELECT group_concat(id || '|' || typeof(primary_key) || primary_key || '|' || "
                       "ifnull(length(hashed_password), 'null') || '|' || typeof(expires), ' ') "
                       "FROM (SELECT * FROM auth_key WHERE user_id = 'bob' ORDER BY id)"),
              "email:bob@example.com|integer0|148|null github:4242|integer0|null|null");
    EXPECT_TRUE(is_s2_hash(db.value("SELECT hashed_password FROM auth_key WHERE id = 'email:bob@example.com'")));

    // validate_key: right password, wrong password, missing password, unknown key.
    Json used = call_json(db, "SELECT lucia_validate_key('email', 'bob@example.com', 'correct horse')");
    EXPECT_EQ(used.str(), with_password.str());
    EXPECT_TRUE(fails_with(db, "SELECT lucia_validate_key('email', 'bob@example.com', 'wrong')",
                           "AUTH_INVALID_PASSWORD: wrong password"));
    EXPECT_TRUE(fails_with(db, "SELECT lucia_validate_key('email', 'bob@example.com', NULL)",
                           "AUTH_INVALID_PASSWORD: this key needs a password"));
    EXPECT_TRUE(fails_with(db, "SELECT lucia_validate_key('email', 'bob@example.com')",
                           "AUTH_INVALID_PASSWORD: this key needs a password"));
    EXPECT_TRUE(fails_with(db, "SELECT lucia_validate_key('email', 'bob@example.com', '')",
                           "AUTH_INVALID_PASSWORD: this key needs a password"));
    EXPECT_TRUE(fails_with(db, "SELECT lucia_validate_key('email', 'nobody@example.com', 'correct horse')",
                           "AUTH_INVALID_KEY_ID: key does not exist"));
    EXPECT_TRUE(fails_with(db, "SELECT lucia_validate_key('email', 'nobody@example.com', NULL)",
                           "AUTH_INVALID_KEY_ID: key does not exist"));

    // A passwordless key accepts any password (Lucia ignores it), and costs no scrypt.
    std::int64_t before = scrypt_count(db);
    EXPECT_EQ(call_json(db, "SELECT lucia_validate_key('github', '4242', NULL)").text("user_id"), "bob");
    EXPECT_EQ(call_json(db, "SELECT lucia_validate_key('github', '4242', 'anything')").json("password_defined"),
              "false");
    EXPECT_EQ(scrypt_count(db) - before, 0);
    EXPECT_EQ(integer(db, "SELECT count(*) FROM auth_key"), 2) << "persistent keys are never consumed";
}

// An unknown key id costs the same scrypt work as a wrong password (counted, not timed), also for
// a password that NFKC changes ("\uFB01sh": two spellings are tried).
TEST_F(SqliteKeys, UnknownKeyCostsTheSameWorkAsAWrongPassword) {
    call_json(db, "SELECT lucia_create_key('bob', 'email', 'bob@example.com', 'correct horse')");
    auto work = [&](const std::string& provider_user_id, const std::string& password) {
        std::int64_t before = scrypt_count(db);
        Outcome o = db.run("SELECT lucia_validate_key('email', ?1, ?2)", {provider_user_id, password});
        EXPECT_FALSE(o.ok);
        return scrypt_count(db) - before;
    };
    std::int64_t wrong_password = work("bob@example.com", "wrong");
    EXPECT_EQ(wrong_password, 1);
    EXPECT_EQ(work("nobody@example.com", "wrong"), wrong_password);
    const std::string fish =
        "\xEF\xAC\x81"
        "sh";  // U+FB01 LATIN SMALL LIGATURE FI, then "sh"
    std::int64_t wrong_ligature = work("bob@example.com", fish);
    EXPECT_EQ(wrong_ligature, 2);
    EXPECT_EQ(work("nobody@example.com", fish), wrong_ligature);
    EXPECT_TRUE(fails_with(db, "SELECT lucia_validate_key('email', 'nobody@example.com', ?1)",
                           "AUTH_INVALID_KEY_ID: key does not exist", {fish}));
}

// Stored hashes Lucia would not verify: bcrypt is outdated, anything malformed is a wrong password,
// and a stored "" means no password (Lucia tests truthiness).
TEST_F(SqliteKeys, StoredHashesLuciaWouldNotVerify) {
    insert_key("legacy:bcrypt", "bob", 0, std::string(kBcrypt), std::nullopt);
    insert_key("legacy:garbage", "bob", 0, std::string("s3:abc:def"), std::nullopt);
    insert_key("legacy:emptyhash", "bob", 0, std::string(""), std::nullopt);
    EXPECT_TRUE(fails_with(db, "SELECT lucia_validate_key('legacy', 'bcrypt', 'hunter2')",
                           "AUTH_OUTDATED_PASSWORD: the stored hash is bcrypt, which Lucia v1 no longer verifies"));
    EXPECT_TRUE(fails_with(db, "SELECT lucia_validate_key('legacy', 'garbage', 'hunter2')",
                           "AUTH_INVALID_PASSWORD: wrong password"));
    EXPECT_EQ(call_json(db, "SELECT lucia_validate_key('legacy', 'emptyhash', NULL)").json("password_defined"),
              "false");
    EXPECT_EQ(call_json(db, "SELECT lucia_get_key('legacy', 'bcrypt')").json("password_defined"), "true");
    EXPECT_EQ(call_json(db, "SELECT lucia_get_key('legacy', 'garbage')").json("password_defined"), "true");
}

// Single-use keys: expires_in is in seconds (Lucia's expiresIn); expired is computed correctly
// (Lucia 1.8.0 reports a fresh key as expired). Used once: returned, then gone.
TEST_F(SqliteKeys, SingleUseKeyIsConsumedOnce) {
    std::int64_t before = Database::now_ms();
    Json key = call_json(db, "SELECT lucia_create_key('bob', 'otp', '111111', NULL, 3600)");
    std::int64_t after = Database::now_ms();
    EXPECT_EQ(key.text("type"), "single_use");
    EXPECT_EQ(key.json("primary_key"), "false");
    EXPECT_EQ(key.json("password_defined"), "false");
    EXPECT_EQ(key.json("expired"), "false");
    EXPECT_EQ(key.type("expires"), "integer");
    std::int64_t expires = key.integer("expires");
    EXPECT_GE(expires, before + 3600000);
    EXPECT_LE(expires, after + 3600000);
    EXPECT_EQ(key.text("expires_at"), iso_from_ms(expires));
    EXPECT_EQ(db.value("SELECT typeof(primary_key) || primary_key || '|' || typeof(expires) || '|' || expires "
                       "FROM auth_key WHERE id = 'otp:111111'"),
              "integer0|integer|" + std::to_string(expires));

    Json got = call_json(db, "SELECT lucia_get_key('otp', '111111')");
    EXPECT_EQ(got.str(), key.str());
    EXPECT_EQ(keys_with_id("otp:111111"), 1) << "get_key never consumes";

    Json used = call_json(db, "SELECT lucia_validate_key('otp', '111111', NULL)");
    EXPECT_EQ(used.text("type"), "single_use");
    EXPECT_EQ(used.text("user_id"), "bob");
    EXPECT_EQ(used.integer("expires"), expires);
    EXPECT_EQ(keys_with_id("otp:111111"), 0);
    EXPECT_TRUE(
        fails_with(db, "SELECT lucia_validate_key('otp', '111111', NULL)", "AUTH_INVALID_KEY_ID: key does not exist"));
}

// A single-use key with a password: a wrong password does not consume it (Lucia).
TEST_F(SqliteKeys, WrongPasswordDoesNotConsumeASingleUseKey) {
    EXPECT_EQ(call_json(db, "SELECT lucia_create_key('bob', 'reset', 'token', 'pin-1234', 600)").text("type"),
              "single_use");
    EXPECT_TRUE(fails_with(db, "SELECT lucia_validate_key('reset', 'token', 'pin-0000')",
                           "AUTH_INVALID_PASSWORD: wrong password"));
    EXPECT_TRUE(fails_with(db, "SELECT lucia_validate_key('reset', 'token', NULL)",
                           "AUTH_INVALID_PASSWORD: this key needs a password"));
    EXPECT_EQ(keys_with_id("reset:token"), 1);
    Json used = call_json(db, "SELECT lucia_validate_key('reset', 'token', 'pin-1234')");
    EXPECT_EQ(used.text("type"), "single_use");
    EXPECT_EQ(used.json("password_defined"), "true");
    EXPECT_EQ(keys_with_id("reset:token"), 0);
}

// Expired: AUTH_EXPIRED_KEY once the password (if any) is right; a wrong one is still a wrong
// password. The expired key is left in place (the error undoes the transaction's writes).
TEST_F(SqliteKeys, ExpiredSingleUseKey) {
    EXPECT_EQ(call_json(db, "SELECT lucia_create_key('bob', 'otp', 'old', 'pw', 60)").text("type"), "single_use");
    db.exec("UPDATE auth_key SET expires = " + std::to_string(Database::now_ms() - 1000) + " WHERE id = 'otp:old'");
    Json got = call_json(db, "SELECT lucia_get_key('otp', 'old')");
    EXPECT_EQ(got.text("type"), "single_use");
    EXPECT_EQ(got.json("expired"), "true");
    EXPECT_TRUE(
        fails_with(db, "SELECT lucia_validate_key('otp', 'old', 'wrong')", "AUTH_INVALID_PASSWORD: wrong password"));
    EXPECT_TRUE(fails_with(db, "SELECT lucia_validate_key('otp', 'old', 'pw')",
                           "AUTH_EXPIRED_KEY: single-use key has expired"));
    EXPECT_EQ(keys_with_id("otp:old"), 1);

    // Without a password the expiry is the only check.
    insert_key("otp:nopw", "bob", 0, std::nullopt, Database::now_ms() - 1000);
    EXPECT_TRUE(fails_with(db, "SELECT lucia_validate_key('otp', 'nopw', 'anything')",
                           "AUTH_EXPIRED_KEY: single-use key has expired"));
}

TEST_F(SqliteKeys, ExpiresInArguments) {
    EXPECT_TRUE(fails_with(db, "SELECT lucia_create_key('bob', 'otp', 'bad', NULL, 0)",
                           "AUTH_INVALID_ARGUMENT: key expiry must be a positive number of seconds"));
    EXPECT_TRUE(fails_with(db, "SELECT lucia_create_key('bob', 'otp', 'bad', NULL, -5)",
                           "AUTH_INVALID_ARGUMENT: key expiry must be a positive number of seconds"));
    EXPECT_TRUE(fails_with(db, "SELECT lucia_create_key('bob', 'otp', 'bad', NULL, 9223372036854775807)",
                           "AUTH_INVALID_ARGUMENT: key expiry overflows a 64-bit integer"));
    EXPECT_TRUE(fails_with(db, "SELECT lucia_create_key('bob', 'otp', 'bad', NULL, 1.5)",
                           "AUTH_INVALID_ARGUMENT: expires_in must be an integer"));
    EXPECT_EQ(integer(db, "SELECT count(*) FROM auth_key"), 0);
    // A whole REAL, as better-sqlite3 binds JS numbers, is a number of seconds like any other.
    Outcome real = run_typed(db, "SELECT lucia_create_key('bob', 'otp', 'real', NULL, ?1)", {Param::number(60.0)});
    ASSERT_TRUE(real.ok) << real.error;
    Json key(db, real.text());
    EXPECT_EQ(key.text("type"), "single_use");
    EXPECT_NEAR(static_cast<double>(key.integer("expires") - Database::now_ms()), 60000.0, 5000.0);
    // NULL is a persistent key.
    EXPECT_EQ(call_json(db, "SELECT lucia_create_key('bob', 'otp', 'forever', NULL, NULL)").text("type"), "persistent");
}

// "" is hashed by createKey (unlike createUser); it then needs "" back, which Lucia refuses as a
// missing password.
TEST_F(SqliteKeys, EmptyPasswordIsHashedByCreateKey) {
    EXPECT_EQ(call_json(db, "SELECT lucia_create_key('bob', 'pin', 'empty', '')").json("password_defined"), "true");
    EXPECT_TRUE(is_s2_hash(db.value("SELECT hashed_password FROM auth_key WHERE id = 'pin:empty'")));
    EXPECT_TRUE(fails_with(db, "SELECT lucia_validate_key('pin', 'empty', '')",
                           "AUTH_INVALID_PASSWORD: this key needs a password"));
}

TEST_F(SqliteKeys, DuplicatesAndMissingUsers) {
    call_json(db, "SELECT lucia_create_user('email', 'ada@example.com', NULL, '{}', 'ada')");
    call_json(db, "SELECT lucia_create_key('bob', 'github', '4242')");
    EXPECT_TRUE(fails_with(db, "SELECT lucia_create_key('bob', 'github', '4242')",
                           "AUTH_DUPLICATE_KEY_ID: a key with this id already exists"));
    EXPECT_TRUE(fails_with(db, "SELECT lucia_create_key('ada', 'email', 'ada@example.com', NULL)",
                           "AUTH_DUPLICATE_KEY_ID: a key with this id already exists"));
    EXPECT_TRUE(fails_with(db, "SELECT lucia_create_key('bob', 'email', 'ada@example.com')",
                           "AUTH_DUPLICATE_KEY_ID: a key with this id already exists"));
    EXPECT_TRUE(fails_with(db, "SELECT lucia_create_key('nobody', 'github', '1')",
                           "AUTH_INVALID_USER_ID: user does not exist"));
    EXPECT_TRUE(fails_with(db, "SELECT lucia_create_key(NULL, 'github', '1')",
                           "AUTH_INVALID_USER_ID: user id must not be null"));
    EXPECT_EQ(db.value("SELECT user_id || primary_key FROM auth_key WHERE id = 'email:ada@example.com'"), "ada1");
    EXPECT_EQ(integer(db, "SELECT count(*) FROM auth_key"), 2);
}

TEST_F(SqliteKeys, GetKeyAndGetAllUserKeys) {
    call_json(db, "SELECT lucia_create_user('email', 'ada@example.com', NULL, '{}', 'ada')");
    db.exec("UPDATE auth_key SET hashed_password = " + sql_quote(kSomeHash));
    std::int64_t past = Database::now_ms() - 1000;
    insert_key("email:bob@example.com", "bob", 0, kSomeHash, std::nullopt);
    insert_key("github:4242", "bob", 0, std::nullopt, std::nullopt);
    insert_key("legacy:bcrypt", "bob", 0, std::string(kBcrypt), std::nullopt);
    insert_key("legacy:emptyhash", "bob", 0, std::string(""), std::nullopt);
    insert_key("legacy:garbage", "bob", 0, std::string("s3:abc:def"), std::nullopt);
    insert_key("otp:old", "bob", 0, kSomeHash, past);
    insert_key("pin:empty", "bob", 0, kSomeHash, std::nullopt);

    EXPECT_EQ(call_json(db, "SELECT lucia_get_key('email', 'ada@example.com')").str(),
              "{\"type\":\"persistent\",\"provider_id\":\"email\",\"provider_user_id\":\"ada@example.com\","
              "\"user_id\":\"ada\",\"primary_key\":true,\"password_defined\":true,\"expires_at\":null,"
              "\"expired\":null,\"expires\":null}");
    EXPECT_TRUE(fails_with(db, "SELECT lucia_get_key('email', 'nobody@example.com')",
                           "AUTH_INVALID_KEY_ID: key does not exist"));

    Json all = call_json(db, "SELECT lucia_get_all_user_keys('bob')");
    ASSERT_EQ(all.size(), 7u);
    EXPECT_EQ(db.value("SELECT group_concat(printf('%s|%s|%s|%s|%s|%s', value ->> 'type', value ->> 'provider_id', "
                       "value ->> 'provider_user_id', value -> 'primary_key', value -> 'password_defined', "
                       "value -> 'expired'), ' ') FROM json_each(?1)",
                       {all.str()}),
              "persistent|email|bob@example.com|false|true|null "
              "persistent|github|4242|false|false|null "
              "persistent|legacy|bcrypt|false|true|null "
              "persistent|legacy|emptyhash|false|false|null "
              "persistent|legacy|garbage|false|true|null "
              "single_use|otp|old|false|true|true "
              "persistent|pin|empty|false|true|null");
    Json old = all.at(5);
    EXPECT_EQ(old.integer("expires"), past);
    EXPECT_EQ(old.text("expires_at"), iso_from_ms(past));
    EXPECT_EQ(old.text("user_id"), "bob");

    Json ada = call_json(db, "SELECT lucia_get_all_user_keys('ada')");
    ASSERT_EQ(ada.size(), 1u);
    EXPECT_EQ(ada.at(0).json("primary_key"), "true");
    call_json(db, "SELECT lucia_create_user(NULL, NULL, NULL, '{}', 'carol')");
    EXPECT_EQ(call_json(db, "SELECT lucia_get_all_user_keys('carol')").str(), "[]");
    EXPECT_TRUE(
        fails_with(db, "SELECT lucia_get_all_user_keys('nobody')", "AUTH_INVALID_USER_ID: user does not exist"));
    EXPECT_EQ(integer(db, "SELECT count(*) FROM auth_key"), 8) << "reading keys never deletes, expired ones included";
}

// update_key_password: the new password works, the old one fails; NULL removes the password.
TEST_F(SqliteKeys, UpdateKeyPassword) {
    call_json(db, "SELECT lucia_create_user('email', 'ada@example.com', NULL, '{}', 'ada')");
    Json updated = call_json(db, "SELECT lucia_update_key_password('email', 'ada@example.com', 'new password')");
    EXPECT_EQ(updated.text("type"), "persistent");
    EXPECT_EQ(updated.json("password_defined"), "true");
    EXPECT_EQ(updated.json("primary_key"), "true");
    EXPECT_TRUE(is_s2_hash(db.value("SELECT hashed_password FROM auth_key WHERE id = 'email:ada@example.com'")));
    EXPECT_TRUE(fails_with(db, "SELECT lucia_validate_key('email', 'ada@example.com', 'hunter2')",
                           "AUTH_INVALID_PASSWORD: wrong password"));
    EXPECT_EQ(call_json(db, "SELECT lucia_validate_key('email', 'ada@example.com', 'new password')").text("user_id"),
              "ada");

    Json removed = call_json(db, "SELECT lucia_update_key_password('email', 'ada@example.com', NULL)");
    EXPECT_EQ(removed.json("password_defined"), "false");
    EXPECT_EQ(db.value("SELECT hashed_password IS NULL FROM auth_key WHERE id = 'email:ada@example.com'"), "1");
    EXPECT_EQ(call_json(db, "SELECT lucia_validate_key('email', 'ada@example.com', 'whatever')").text("user_id"),
              "ada");
    EXPECT_TRUE(fails_with(db, "SELECT lucia_update_key_password('email', 'nobody@example.com', NULL)",
                           "AUTH_INVALID_KEY_ID: key does not exist"));
    EXPECT_EQ(integer(db, "SELECT count(*) FROM auth_key"), 1);
}

// delete_key deletes non-primary keys only; primary keys and missing keys are a silent no-op.
TEST_F(SqliteKeys, DeleteKey) {
    call_json(db, "SELECT lucia_create_user('email', 'ada@example.com', NULL, '{}', 'ada')");
    call_json(db, "SELECT lucia_create_key('bob', 'github', '4242')");
    Outcome deleted = db.run("SELECT lucia_delete_key('github', '4242')");
    ASSERT_TRUE(deleted.ok) << deleted.error;
    EXPECT_TRUE(deleted.is_null());
    EXPECT_EQ(keys_with_id("github:4242"), 0);
    EXPECT_TRUE(db.run("SELECT lucia_delete_key('email', 'ada@example.com')").ok);
    EXPECT_EQ(keys_with_id("email:ada@example.com"), 1);
    EXPECT_TRUE(db.run("SELECT lucia_delete_key('nothing', 'here')").ok);
    EXPECT_TRUE(fails_with(db, "SELECT lucia_delete_key('email', NULL)",
                           "AUTH_INVALID_KEY_ID: provider user id must not be null"));
    // Only lucia_delete_user removes the primary key.
    EXPECT_TRUE(db.run("SELECT lucia_delete_user('ada')").ok);
    EXPECT_EQ(keys_with_id("email:ada@example.com"), 0);
}

// A key written by Lucia v1 (random salt, spec 5.4) logs in here.
TEST_F(SqliteKeys, KeyWrittenByLuciaLogsIn) {
    insert_key("email:lucia@example.com", "bob", 0, std::string(kLuciaHunter2), std::nullopt);
    Json used = call_json(db, "SELECT lucia_validate_key('email', 'lucia@example.com', 'hunter2')");
    EXPECT_EQ(used.text("user_id"), "bob");
    EXPECT_EQ(used.text("type"), "persistent");
}

// A key row with expires = 0 (never written by Lucia) counts as an expired single-use key here.
TEST_F(SqliteKeys, ExpiresZeroIsAnExpiredSingleUseKey) {
    insert_key("odd:zero", "bob", 0, std::nullopt, 0);
    Json got = call_json(db, "SELECT lucia_get_key('odd', 'zero')");
    EXPECT_EQ(got.text("type"), "single_use");
    EXPECT_EQ(got.json("expired"), "true");
    EXPECT_EQ(got.text("expires_at"), "1970-01-01T00:00:00.000Z");
    EXPECT_EQ(got.json("expires"), "0");
    EXPECT_TRUE(fails_with(db, "SELECT lucia_validate_key('odd', 'zero', NULL)",
                           "AUTH_EXPIRED_KEY: single-use key has expired"));
}

// better-sqlite3 binds JS numbers as REAL: into the documented INT2/BIGINT columns they are stored
// as INTEGER, into columns without a declared type as REAL, into TEXT columns as '1.0' text.
// Every form reads back as Lucia's Number()/Boolean() would read it.
TEST_F(SqliteKeys, ValuesWrittenByBetterSqlite3) {
    std::int64_t future = Database::now_ms() + 3600000;
    std::int64_t past = Database::now_ms() - 3600000;
    // The documented DDL: REAL-bound numbers are stored as INTEGER.
    Outcome o = run_typed(db,
                          "INSERT INTO auth_key (id, user_id, hashed_password, primary_key, expires) "
                          "VALUES ('js:primary', 'bob', NULL, ?1, NULL), ('js:once', 'bob', NULL, ?2, ?3)",
                          {Param::number(1.0), Param::number(0.0), Param::number(static_cast<double>(future))});
    ASSERT_TRUE(o.ok) << o.error;
    EXPECT_EQ(db.value("SELECT group_concat(typeof(primary_key) || '/' || typeof(expires), ' ') "
                       "FROM (SELECT * FROM auth_key ORDER BY id)"),
              "integer/integer integer/null");
    EXPECT_EQ(call_json(db, "SELECT lucia_validate_key('js', 'primary', NULL)").json("primary_key"), "true");
    Json once = call_json(db, "SELECT lucia_validate_key('js', 'once', NULL)");
    EXPECT_EQ(once.text("type"), "single_use");
    EXPECT_EQ(once.integer("expires"), future);
    EXPECT_EQ(keys_with_id("js:once"), 0);

    const char* const stored_as[] = {"real", "text"};
    for (int i = 0; i < 2; ++i) {
        SCOPED_TRACE(stored_as[i]);
        Database js;
        js.exec(kBetterSqlite3Schemas[i]);
        js.exec("INSERT INTO auth_user (id) VALUES ('bob')");
        Outcome rows = run_typed(js,
                                 "INSERT INTO auth_key VALUES ('js:primary', 'bob', NULL, ?1, NULL), "
                                 "('js:other', 'bob', NULL, ?2, NULL), ('js:once', 'bob', NULL, ?2, ?3), "
                                 "('js:old', 'bob', NULL, ?2, ?4), ('js:pw', 'bob', ?5, ?2, NULL)",
                                 {Param::number(1.0), Param::number(0.0), Param::number(static_cast<double>(future)),
                                  Param::number(static_cast<double>(past)), Param::text(kLuciaHunter2)});
        ASSERT_TRUE(rows.ok) << rows.error;
        EXPECT_EQ(js.value("SELECT typeof(primary_key) || '/' || typeof(expires) FROM auth_key WHERE id = 'js:once'"),
                  std::string(stored_as[i]) + "/" + stored_as[i]);
        if (i == 1) {
            EXPECT_EQ(js.value("SELECT primary_key || ' ' || expires FROM auth_key WHERE id = 'js:once'"),
                      "0.0 " + std::to_string(future) + ".0");
        }

        Json primary = call_json(js, "SELECT lucia_get_key('js', 'primary')");
        EXPECT_EQ(primary.json("primary_key"), "true");
        EXPECT_EQ(primary.text("type"), "persistent");
        EXPECT_EQ(call_json(js, "SELECT lucia_get_key('js', 'other')").json("primary_key"), "false");
        EXPECT_TRUE(js.run("SELECT lucia_delete_key('js', 'primary')").ok);
        EXPECT_EQ(integer(js, "SELECT count(*) FROM auth_key WHERE id = 'js:primary'"), 1) << "primary 1.0 is kept";
        EXPECT_TRUE(js.run("SELECT lucia_delete_key('js', 'other')").ok);
        EXPECT_EQ(integer(js, "SELECT count(*) FROM auth_key WHERE id = 'js:other'"), 0) << "primary 0.0 is deleted";

        Json once = call_json(js, "SELECT lucia_get_key('js', 'once')");
        EXPECT_EQ(once.text("type"), "single_use");
        EXPECT_EQ(once.type("expires"), "integer");
        EXPECT_EQ(once.integer("expires"), future);
        EXPECT_EQ(once.text("expires_at"), iso_from_ms(future));
        EXPECT_EQ(once.json("expired"), "false");
        EXPECT_EQ(call_json(js, "SELECT lucia_validate_key('js', 'once', NULL)").integer("expires"), future);
        EXPECT_EQ(integer(js, "SELECT count(*) FROM auth_key WHERE id = 'js:once'"), 0) << "consumed";

        EXPECT_EQ(call_json(js, "SELECT lucia_get_key('js', 'old')").json("expired"), "true");
        EXPECT_TRUE(fails_with(js, "SELECT lucia_validate_key('js', 'old', NULL)",
                               "AUTH_EXPIRED_KEY: single-use key has expired"));

        Json all = call_json(js, "SELECT lucia_get_all_user_keys('bob')");
        EXPECT_EQ(all.size(), 3u) << "primary, old and pw are left";
        if (i == 0) {
            // One scrypt per schema is enough to show the hash column is read the same way.
            EXPECT_EQ(call_json(js, "SELECT lucia_validate_key('js', 'pw', 'hunter2')").json("password_defined"),
                      "true");
        }
    }
}

// A stored expiry beyond JavaScript's dates (never written by Lucia, whose Date would be invalid)
// does not make the key unreadable: PostgreSQL returns it (expires_at is then a timestamp past
// JavaScript's range, or infinity), so one odd row cannot break lucia_get_all_user_keys.
TEST_F(SqliteKeys, ExpiryBeyondJavascriptDatesIsStillReadable) {
    insert_key("odd:far", "bob", 0, std::nullopt, 8640000000000001);
    insert_key("odd:near", "bob", 0, std::nullopt, 8640000000000000);
    Json near = call_json(db, "SELECT lucia_get_key('odd', 'near')");
    EXPECT_EQ(near.text("expires_at"), "+275760-09-13T00:00:00.000Z");
    Outcome far = db.run("SELECT lucia_get_key('odd', 'far')");
    ASSERT_TRUE(far.ok) << far.error;
    Json key(db, far.text());
    EXPECT_EQ(key.text("type"), "single_use");
    EXPECT_EQ(key.json("expired"), "false");
    EXPECT_EQ(key.json("expires"), "8640000000000001");
    Outcome all = db.run("SELECT lucia_get_all_user_keys('bob')");
    ASSERT_TRUE(all.ok) << all.error;
    EXPECT_EQ(Json(db, all.text()).size(), 2u);
}
