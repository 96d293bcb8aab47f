// Users: lucia_create_user, lucia_get_user, lucia_update_user_attributes, lucia_delete_user.
// Mirrors sql/users.sql (expected/users.out) on SQLite.
#include "json_helpers.hpp"
#include "sqlite_fixture.hpp"

#include <string>

using namespace lucia_test;

namespace {

// The tables of sql/users.sql: Lucia's SQLite DDL plus attribute columns. SQLite cannot ADD a
// UNIQUE column or a STORED generated column, so the index is separate and the column VIRTUAL.
class SqliteUsers : public ::testing::Test {
protected:
    void SetUp() override {
        db.value("SELECT lucia_create_tables()");
        db.exec(
            "ALTER TABLE auth_user ADD COLUMN username TEXT;"
            "CREATE UNIQUE INDEX auth_user_username_key ON auth_user (username);"
            "ALTER TABLE auth_user ADD COLUMN age INTEGER;"
            "ALTER TABLE auth_user ADD COLUMN profile TEXT;"
            "ALTER TABLE auth_user ADD COLUMN created_at TEXT DEFAULT '2020-01-01 00:00:00+00';"
            "ALTER TABLE auth_user ADD COLUMN name_upper TEXT GENERATED ALWAYS AS (upper(username)) VIRTUAL;");
    }

    std::int64_t users() {
        return integer(db, "SELECT count(*) FROM auth_user");
    }

    Database db;
};

const char* const kDefaultCreatedAt = "2020-01-01 00:00:00+00";

}  // namespace

// lucia_create_tables makes the tables of Lucia v1's SQLite adapter documentation (spec 6.1).
TEST(SqliteUsersTables, CreateTablesMatchesLuciaSqliteDdl) {
    Database db;
    Outcome created = db.run("SELECT lucia_create_tables()");
    ASSERT_TRUE(created.ok) << created.error;
    EXPECT_TRUE(created.is_null());
    const char* columns =
        "SELECT group_concat(name || ' ' || type || ' ' || \"notnull\" || ' ' || pk, ', ') "
        "FROM (SELECT * FROM pragma_table_info(?1) ORDER BY cid)";
    EXPECT_EQ(db.value(columns, {"auth_user"}), "id VARCHAR(31) 1 1");
    EXPECT_EQ(db.value(columns, {"auth_session"}),
              "id VARCHAR(127) 1 1, user_id VARCHAR(15) 1 0, active_expires BIGINT 1 0, idle_expires BIGINT 1 0");
    EXPECT_EQ(db.value(columns, {"auth_key"}),
              "id VARCHAR(255) 1 1, user_id VARCHAR(15) 1 0, hashed_password VARCHAR(255) 0 0, primary_key INT2 1 0, "
              "expires BIGINT 0 0");
    const char* foreign =
        "SELECT group_concat(\"from\" || '->' || \"table\" || '.' || \"to\" || ' ' || on_delete) "
        "FROM pragma_foreign_key_list(?1)";
    EXPECT_EQ(db.value(foreign, {"auth_session"}), "user_id->auth_user.id NO ACTION");
    EXPECT_EQ(db.value(foreign, {"auth_key"}), "user_id->auth_user.id NO ACTION");
    EXPECT_EQ(db.value("SELECT count(*) FROM pragma_foreign_key_list('auth_user')"), "0");
}

// Results carry SQLite's JSON subtype, so JSON functions nest them as JSON, not as strings.
TEST(SqliteUsersTables, ResultsAreJsonValues) {
    Database db;
    db.value("SELECT lucia_create_tables()");
    EXPECT_EQ(db.value("SELECT json_object('user', lucia_create_user(NULL, NULL, NULL, NULL, 'ada'))"),
              "{\"user\":{\"user_id\":\"ada\",\"attributes\":{}}}");
    EXPECT_EQ(db.value("SELECT json_array(lucia_get_all_user_keys('ada'), lucia_get_user('ada') -> 'attributes')"),
              "[[],{}]");
}

// A user with a password key: the rows are what Lucia v1's SQLite adapter writes.
TEST_F(SqliteUsers, CreateWithPasswordKeyWritesLuciaRows) {
    Json user = call_json(db,
                          "SELECT lucia_create_user('email', 'ada@example.com', 'hunter2', "
                          "'{\"username\": \"ada\", \"age\": 36}')");
    std::string id = user.text("user_id");
    EXPECT_EQ(id.size(), 15u);
    EXPECT_TRUE(is_alphanumeric(id)) << id;
    EXPECT_EQ(user.json("attributes"),
              "{\"username\":\"ada\",\"age\":36,\"profile\":null,\"created_at\":\"2020-01-01 00:00:00+00\","
              "\"name_upper\":\"ADA\"}");
    EXPECT_EQ(user.type("attributes.age"), "integer");

    EXPECT_EQ(db.value("SELECT id || '|' || username || '|' || age || '|' || typeof(age) FROM auth_user"),
              id + "|ada|36|integer");
    Outcome key = db.run(
        "SELECT id, user_id, typeof(primary_key), primary_key, hashed_password, typeof(expires) "
        "FROM auth_key");
    ASSERT_TRUE(key.ok) << key.error;
    ASSERT_EQ(key.row.size(), 6u);
    EXPECT_EQ(key.row[0], Value("email:ada@example.com"));
    EXPECT_EQ(key.row[1], Value(id));
    EXPECT_EQ(key.row[2], Value("integer"));
    EXPECT_EQ(key.row[3], Value("1"));
    ASSERT_TRUE(key.row[4].has_value());
    EXPECT_TRUE(is_s2_hash(*key.row[4])) << *key.row[4];
    EXPECT_EQ(key.row[4]->size(), 148u);
    EXPECT_EQ(key.row[5], Value("null"));
    EXPECT_EQ(integer(db, "SELECT count(*) FROM auth_key"), 1);
    EXPECT_EQ(integer(db, "SELECT count(*) FROM auth_session"), 0);

    Json used = call_json(db, "SELECT lucia_validate_key('email', 'ada@example.com', 'hunter2')");
    EXPECT_EQ(used.text("type"), "persistent");
    EXPECT_EQ(used.text("provider_id"), "email");
    EXPECT_EQ(used.text("provider_user_id"), "ada@example.com");
    EXPECT_EQ(used.text("user_id"), id);
    EXPECT_EQ(used.json("primary_key"), "true");
    EXPECT_EQ(used.json("password_defined"), "true");
}

// A custom user id and no key; a column default applies when the attribute is absent.
TEST_F(SqliteUsers, CustomIdWithoutKeyKeepsColumnDefaults) {
    Json user = call_json(db, "SELECT lucia_create_user(NULL, NULL, NULL, '{\"username\": \"bob\"}', 'bob-custom-id')");
    EXPECT_EQ(user.text("user_id"), "bob-custom-id");
    EXPECT_EQ(user.json("attributes"),
              "{\"username\":\"bob\",\"age\":null,\"profile\":null,\"created_at\":\"2020-01-01 00:00:00+00\","
              "\"name_upper\":\"BOB\"}");
    EXPECT_EQ(integer(db, "SELECT count(*) FROM auth_key WHERE user_id = 'bob-custom-id'"), 0);
    EXPECT_EQ(db.value("SELECT created_at FROM auth_user WHERE id = 'bob-custom-id'"), kDefaultCreatedAt);
}

// A key without a password, and "" (Lucia's createUser stores no hash for it): no scrypt at all.
TEST_F(SqliteUsers, NullOrEmptyPasswordStoresNoHash) {
    std::int64_t before = scrypt_count(db);
    EXPECT_EQ(call_json(db, "SELECT lucia_create_user('github', '1234', NULL, '{\"username\": \"carol\"}', 'carol')")
                  .text("attributes.username"),
              "carol");
    EXPECT_EQ(
        call_json(db, "SELECT lucia_create_user('email', 'dave@example.com', '', '{\"username\": \"dave\"}', 'dave')")
            .text("user_id"),
        "dave");
    EXPECT_EQ(scrypt_count(db) - before, 0);
    EXPECT_EQ(db.value("SELECT group_concat(id || ':' || (hashed_password IS NULL) || ':' || primary_key, ' ') "
                       "FROM (SELECT * FROM auth_key WHERE user_id IN ('carol', 'dave') ORDER BY id)"),
              "email:dave@example.com:1:1 github:1234:1:1");
    // Both keys are passwordless for lucia_validate_key.
    EXPECT_EQ(call_json(db, "SELECT lucia_validate_key('email', 'dave@example.com', NULL)").json("password_defined"),
              "false");
}

// Attributes omitted entirely, or SQL NULL: no attributes; every argument may be left out.
TEST_F(SqliteUsers, AttributesOmittedOrNull) {
    Json erin = call_json(db, "SELECT lucia_create_user('x', 'no-attributes')");
    EXPECT_EQ(erin.text("user_id").size(), 15u);
    EXPECT_EQ(erin.text("attributes.username"), "<null>");
    EXPECT_EQ(erin.text("attributes.created_at"), kDefaultCreatedAt);
    Json fred = call_json(db, "SELECT lucia_create_user('x', 'null-attributes', NULL, NULL, 'fred')");
    EXPECT_EQ(fred.text("user_id"), "fred");
    EXPECT_EQ(fred.text("attributes.username"), "<null>");
    Json bare = call_json(db, "SELECT lucia_create_user()");
    EXPECT_EQ(bare.text("user_id").size(), 15u);
    EXPECT_TRUE(is_alphanumeric(bare.text("user_id")));
    EXPECT_EQ(integer(db, "SELECT count(*) FROM auth_key WHERE user_id = ?1", {bare.text("user_id")}), 0);
    EXPECT_EQ(users(), 3);
}

// Values go in as better-sqlite3 would store them and come back out by storage class.
TEST_F(SqliteUsers, AttributeValuesInAndOut) {
    db.exec(
        "ALTER TABLE auth_user ADD COLUMN score REAL; ALTER TABLE auth_user ADD COLUMN avatar BLOB;"
        "ALTER TABLE auth_user ADD COLUMN verified INTEGER;");
    Json user = call_json(db, "SELECT lucia_create_user(NULL, NULL, NULL, ?1, 'values')",
                          {"{\"username\": \"a\\\"b \\u00e9\", \"age\": 9007199254740993, \"score\": 1.5, "
                           "\"verified\": true, \"profile\": {\"bio\": [1, \"x\"]}}"});
    EXPECT_EQ(user.text("attributes.username"), "a\"b \xC3\xA9");
    EXPECT_EQ(user.json("attributes.age"), "9007199254740993");
    EXPECT_EQ(user.json("attributes.score"), "1.5");
    EXPECT_EQ(user.json("attributes.verified"), "1");
    EXPECT_EQ(user.text("attributes.profile"), "{\"bio\":[1,\"x\"]}");
    EXPECT_EQ(db.value("SELECT typeof(age) || typeof(score) || typeof(verified) || typeof(profile) FROM auth_user"),
              "integerrealintegertext");
    db.exec("UPDATE auth_user SET avatar = X'00FF10'");
    Json got = call_json(db, "SELECT lucia_get_user('values')");
    EXPECT_EQ(got.text("attributes.avatar"), "\\x00ff10");
    EXPECT_EQ(got.json("attributes.verified"), "1");
    // Member names are JSON strings: escapes are decoded before the column is looked up.
    EXPECT_EQ(call_json(db, "SELECT lucia_update_user_attributes('values', ?1)", {"{\"user\\u006eame\": \"esc\"}"})
                  .text("attributes.username"),
              "esc");
}

TEST_F(SqliteUsers, GetUser) {
    call_json(db, "SELECT lucia_create_user(NULL, NULL, NULL, '{\"username\": \"bob\"}', 'bob-custom-id')");
    Json user = call_json(db, "SELECT lucia_get_user('bob-custom-id')");
    EXPECT_EQ(user.text("user_id"), "bob-custom-id");
    EXPECT_EQ(user.json("attributes"),
              "{\"username\":\"bob\",\"age\":null,\"profile\":null,\"created_at\":\"2020-01-01 00:00:00+00\","
              "\"name_upper\":\"BOB\"}");
    EXPECT_EQ(user.keys(), "user_id,attributes");
    EXPECT_TRUE(fails_with(db, "SELECT lucia_get_user('nobody')", "AUTH_INVALID_USER_ID: user does not exist"));
    EXPECT_TRUE(fails_with(db, "SELECT lucia_get_user(NULL)", "AUTH_INVALID_USER_ID: user id must not be null"));
    EXPECT_TRUE(fails_with(db, "SELECT lucia_get_user('')", "AUTH_INVALID_USER_ID: user id must not be empty"));
    EXPECT_TRUE(fails_with(db, "SELECT lucia_get_user(?1)", "AUTH_INVALID_USER_ID: user id is too long",
                           {std::string(256, 'u')}));
    // 255 bytes is a valid id that simply does not exist.
    EXPECT_TRUE(fails_with(db, "SELECT lucia_get_user(?1)", "AUTH_INVALID_USER_ID: user does not exist",
                           {std::string(255, 'u')}));
}

TEST_F(SqliteUsers, UpdateUserAttributes) {
    call_json(db, "SELECT lucia_create_user(NULL, NULL, NULL, '{\"username\": \"bob\"}', 'bob-custom-id')");
    Json updated = call_json(db,
                             "SELECT lucia_update_user_attributes('bob-custom-id', "
                             "'{\"age\": 40, \"profile\": {\"bio\": \"hi\"}}')");
    EXPECT_EQ(updated.text("user_id"), "bob-custom-id");
    // SQLite has no jsonb column: the object is stored as JSON text and read back as text, as
    // better-sqlite3 would return it to Lucia (PostgreSQL's jsonb column returns an object).
    EXPECT_EQ(updated.json("attributes"),
              "{\"username\":\"bob\",\"age\":40,\"profile\":\"{\\\"bio\\\":\\\"hi\\\"}\","
              "\"created_at\":\"2020-01-01 00:00:00+00\",\"name_upper\":\"BOB\"}");
    EXPECT_EQ(db.value("SELECT age || ' ' || profile FROM auth_user WHERE id = 'bob-custom-id'"),
              "40 {\"bio\":\"hi\"}");

    EXPECT_EQ(call_json(db, "SELECT lucia_update_user_attributes('bob-custom-id', '{}')").json("attributes"),
              updated.json("attributes"));
    EXPECT_EQ(call_json(db, "SELECT lucia_update_user_attributes('bob-custom-id', NULL)").json("attributes"),
              updated.json("attributes"));
    Json cleared = call_json(db, "SELECT lucia_update_user_attributes('bob-custom-id', '{\"age\": null}')");
    EXPECT_EQ(cleared.text("attributes.age"), "<null>");
    EXPECT_EQ(cleared.type("attributes.age"), "null");
    EXPECT_EQ(db.value("SELECT typeof(age) FROM auth_user WHERE id = 'bob-custom-id'"), "null");
    Json renamed = call_json(db, "SELECT lucia_update_user_attributes('bob-custom-id', '{\"username\": \"robert\"}')");
    EXPECT_EQ(renamed.text("attributes.name_upper"), "ROBERT");

    EXPECT_TRUE(fails_with(db, "SELECT lucia_update_user_attributes('nobody', '{\"age\": 1}')",
                           "AUTH_INVALID_USER_ID: user does not exist"));
    EXPECT_TRUE(fails_with(db, "SELECT lucia_update_user_attributes('nobody', '{}')",
                           "AUTH_INVALID_USER_ID: user does not exist"));
    EXPECT_TRUE(fails_with(db, "SELECT lucia_update_user_attributes(NULL, '{}')",
                           "AUTH_INVALID_USER_ID: user id must not be null"));
    EXPECT_EQ(users(), 1);
}

// A taken key id leaves no orphan user (Lucia v1's adapters leave one).
TEST_F(SqliteUsers, DuplicateKeyIdLeavesNoOrphanUser) {
    call_json(db, "SELECT lucia_create_user('email', 'ada@example.com', NULL, '{\"username\": \"ada\"}')");
    ASSERT_EQ(users(), 1);
    EXPECT_TRUE(fails_with(db, "SELECT lucia_create_user('email', 'ada@example.com', 'pw', '{\"username\": \"ada2\"}')",
                           "AUTH_DUPLICATE_KEY_ID: a key with this id already exists"));
    EXPECT_TRUE(fails_with(db, "SELECT lucia_create_user('email', 'ada@example.com', NULL, '{}', 'ada-again')",
                           "AUTH_DUPLICATE_KEY_ID: a key with this id already exists"));
    EXPECT_EQ(users(), 1);
    EXPECT_EQ(integer(db, "SELECT count(*) FROM auth_user WHERE id = 'ada-again' OR username = 'ada2'"), 0);
    EXPECT_EQ(integer(db, "SELECT count(*) FROM auth_key"), 1);
}

TEST_F(SqliteUsers, DuplicateCustomUserId) {
    call_json(db, "SELECT lucia_create_user(NULL, NULL, NULL, '{\"username\": \"bob\"}', 'bob-custom-id')");
    EXPECT_TRUE(fails_with(db, "SELECT lucia_create_user(NULL, NULL, NULL, '{\"username\": \"x\"}', 'bob-custom-id')",
                           "AUTH_DUPLICATE_USER_ID: a user with this id already exists"));
    // With a key: neither the key nor anything else is written.
    EXPECT_TRUE(fails_with(db, "SELECT lucia_create_user('email', 'new@example.com', NULL, '{}', 'bob-custom-id')",
                           "AUTH_DUPLICATE_USER_ID: a user with this id already exists"));
    EXPECT_EQ(integer(db, "SELECT count(*) FROM auth_key"), 0);
    EXPECT_EQ(db.value("SELECT username FROM auth_user WHERE id = 'bob-custom-id'"), "bob");
    EXPECT_EQ(users(), 1);
}

// A constraint of the caller's own table is an argument error. The detail is each engine's own
// constraint message (PostgreSQL: duplicate key value violates unique constraint "...").
TEST_F(SqliteUsers, UniqueAttributeViolationIsInvalidArgument) {
    call_json(db, "SELECT lucia_create_user(NULL, NULL, NULL, '{\"username\": \"ada\"}', 'ada')");
    call_json(db, "SELECT lucia_create_user(NULL, NULL, NULL, '{\"username\": \"bob\"}', 'bob')");
    EXPECT_TRUE(fails_with(db, "SELECT lucia_create_user(NULL, NULL, NULL, '{\"username\": \"ada\"}')",
                           "AUTH_INVALID_ARGUMENT: UNIQUE constraint failed: auth_user.username"));
    EXPECT_TRUE(fails_with(db, "SELECT lucia_create_user('email', 'u@example.com', NULL, '{\"username\": \"ada\"}')",
                           "AUTH_INVALID_ARGUMENT: UNIQUE constraint failed: auth_user.username"));
    EXPECT_TRUE(fails_with(db, "SELECT lucia_update_user_attributes('bob', '{\"username\": \"ada\"}')",
                           "AUTH_INVALID_ARGUMENT: UNIQUE constraint failed: auth_user.username"));
    EXPECT_EQ(users(), 2);
    EXPECT_EQ(integer(db, "SELECT count(*) FROM auth_key"), 0);
    EXPECT_EQ(db.value("SELECT username FROM auth_user WHERE id = 'bob'"), "bob");
}

// Attributes that are not writable columns: same messages as PostgreSQL's, identifiers quoted as
// PostgreSQL's quote_identifier quotes them.
TEST_F(SqliteUsers, AttributesThatAreNotWritableColumns) {
    call_json(db, "SELECT lucia_create_user(NULL, NULL, NULL, '{}', 'carol')");
    const std::pair<const char*, const char*> cases[] = {
        {"{\"nickname\": \"x\"}", "AUTH_INVALID_ARGUMENT: auth_user has no writable column nickname"},
        {"{\"id\": \"x\"}", "AUTH_INVALID_ARGUMENT: attributes cannot set the user id"},
        {"{\"rowid\": 1}", "AUTH_INVALID_ARGUMENT: auth_user has no writable column rowid"},
        {"{\"_rowid_\": 1}", "AUTH_INVALID_ARGUMENT: auth_user has no writable column _rowid_"},
        {"{\"ctid\": \"x\"}", "AUTH_INVALID_ARGUMENT: auth_user has no writable column ctid"},
        {"{\"name_upper\": \"X\"}", "AUTH_INVALID_ARGUMENT: auth_user has no writable column name_upper"},
        {"{\"Username\": \"x\"}", "AUTH_INVALID_ARGUMENT: auth_user has no writable column \"Username\""},
        {"{\"ID\": \"x\"}", "AUTH_INVALID_ARGUMENT: auth_user has no writable column \"ID\""},
        {"{\"username\\\"; DROP TABLE auth_key; --\": 1}",
         "AUTH_INVALID_ARGUMENT: auth_user has no writable column \"username\"\"; DROP TABLE auth_key; --\""},
        {"{\"username\": \"ok\", \"nickname\": \"x\"}",
         "AUTH_INVALID_ARGUMENT: auth_user has no writable column nickname"},
    };
    for (const auto& [attributes, message] : cases) {
        EXPECT_TRUE(fails_with(db, "SELECT lucia_create_user(NULL, NULL, NULL, ?1)", message, {attributes}));
        EXPECT_TRUE(fails_with(db, "SELECT lucia_update_user_attributes('carol', ?1)", message, {attributes}));
    }
    EXPECT_TRUE(fails_with(db, "SELECT lucia_create_user(NULL, NULL, NULL, ?1)",
                           "AUTH_INVALID_ARGUMENT: attribute names are at most 63 bytes",
                           {"{\"" + std::string(64, 'a') + "\": 1}"}));
    EXPECT_EQ(users(), 1);
    EXPECT_EQ(integer(db, "SELECT count(*) FROM sqlite_schema WHERE name = 'auth_key'"), 1);
    EXPECT_EQ(db.value("SELECT username IS NULL FROM auth_user WHERE id = 'carol'"), "1");
}

// PostgreSQL's quote_identifier also quotes reserved words, so the messages name them quoted.
// Keywords are quoted in messages, by each engine's own keyword list ("select" is one in both).
TEST_F(SqliteUsers, ReservedWordAttributeNamesAreQuotedInMessages) {
    EXPECT_TRUE(fails_with(db, "SELECT lucia_create_user(NULL, NULL, NULL, '{\"select\": 1}')",
                           "AUTH_INVALID_ARGUMENT: auth_user has no writable column \"select\""));
    EXPECT_EQ(users(), 0);
}

TEST_F(SqliteUsers, AttributesMustBeAJsonObject) {
    call_json(db, "SELECT lucia_create_user(NULL, NULL, NULL, '{}', 'carol')");
    for (const char* attributes : {"[\"username\"]", "\"username\"", "1", "true", "null"}) {
        EXPECT_TRUE(fails_with(db, "SELECT lucia_create_user(NULL, NULL, NULL, ?1)",
                               "AUTH_INVALID_ARGUMENT: attributes must be a JSON object", {attributes}));
        EXPECT_TRUE(fails_with(db, "SELECT lucia_update_user_attributes('carol', ?1)",
                               "AUTH_INVALID_ARGUMENT: attributes must be a JSON object", {attributes}));
    }
    EXPECT_EQ(users(), 1);
}

// Text that is not JSON at all is refused with the same Lucia error, not SQLite's bare "malformed JSON".
TEST_F(SqliteUsers, InvalidJsonAttributes) {
    call_json(db, "SELECT lucia_create_user(NULL, NULL, NULL, '{}', 'carol')");
    for (const char* attributes : {"{", "", "{\"username\": }", "not json"}) {
        EXPECT_TRUE(fails_with(db, "SELECT lucia_create_user(NULL, NULL, NULL, ?1)",
                               "AUTH_INVALID_ARGUMENT: attributes must be a JSON object", {attributes}));
        EXPECT_TRUE(fails_with(db, "SELECT lucia_update_user_attributes('carol', ?1)",
                               "AUTH_INVALID_ARGUMENT: attributes must be a JSON object", {attributes}));
    }
    EXPECT_EQ(users(), 1);
}

// JSON numbers are stored with their full value, as better-sqlite3 binds the numbers JSON.parse
// gives Lucia: doubles keep all 17 significant digits, integers beyond 64 bits become doubles.
TEST_F(SqliteUsers, AttributeNumbersKeepTheirValue) {
    db.exec("ALTER TABLE auth_user ADD COLUMN score REAL; ALTER TABLE auth_user ADD COLUMN n;");
    call_json(db,
              "SELECT lucia_create_user(NULL, NULL, NULL, '{\"score\": 0.30000000000000004, \"n\": "
              "1.2345678901234567}', 'a')");
    EXPECT_EQ(db.value("SELECT score = 0.30000000000000004 AND n = 1.2345678901234567 FROM auth_user WHERE id = 'a'"),
              "1")
        << db.value("SELECT printf('%.17g %.17g', score, n) FROM auth_user WHERE id = 'a'");
    call_json(db,
              "SELECT lucia_create_user(NULL, NULL, NULL, '{\"n\": 99999999999999999999, \"age\": "
              "9223372036854775808}', 'b')");
    EXPECT_EQ(
        db.value("SELECT typeof(n) || ' ' || (n = 1e20) || ' ' || typeof(age) || ' ' || (age = 9223372036854775808.0) "
                 "FROM auth_user WHERE id = 'b'"),
        "real 1 real 1")
        << db.value("SELECT n || ' ' || age FROM auth_user WHERE id = 'b'");
    call_json(db, "SELECT lucia_update_user_attributes('b', '{\"n\": -99999999999999999999}')");
    EXPECT_EQ(db.value("SELECT n = -1e20 FROM auth_user WHERE id = 'b'"), "1")
        << db.value("SELECT n FROM auth_user WHERE id = 'b'");
}

// Doubles come out as JavaScript (JSON.stringify) and PostgreSQL print them: the shortest text
// that reads back as the same double.
TEST_F(SqliteUsers, RealAttributesPrintAsShortestRoundTrip) {
    db.exec("ALTER TABLE auth_user ADD COLUMN score REAL");
    db.exec("INSERT INTO auth_user (id, score) VALUES ('a', 0.1), ('b', 1.5), ('c', 2.0)");
    EXPECT_EQ(call_json(db, "SELECT lucia_get_user('b')").json("attributes.score"), "1.5");
    EXPECT_EQ(call_json(db, "SELECT lucia_get_user('a')").str(),
              "{\"user_id\":\"a\",\"attributes\":{\"username\":null,\"age\":null,\"profile\":null,"
              "\"created_at\":\"2020-01-01 00:00:00+00\",\"name_upper\":null,\"score\":0.1}}");
}

// A JSON object with a repeated name means its last value (jsonb in PostgreSQL, JSON.parse in Lucia).
TEST_F(SqliteUsers, RepeatedAttributeNameTakesTheLastValue) {
    EXPECT_EQ(call_json(db, "SELECT lucia_create_user(NULL, NULL, NULL, '{\"age\": 1, \"age\": 2}', 'twice')")
                  .json("attributes.age"),
              "2");
    EXPECT_EQ(call_json(db, "SELECT lucia_update_user_attributes('twice', '{\"age\": 3, \"age\": 4}')")
                  .json("attributes.age"),
              "4");
    EXPECT_EQ(db.value("SELECT age FROM auth_user WHERE id = 'twice'"), "4");
}

// Any column name the table has can be set, whatever characters it holds.
TEST_F(SqliteUsers, ColumnNamesWithSpecialCharacters) {
    db.exec(
        "ALTER TABLE auth_user ADD COLUMN \"e@mail\" TEXT; ALTER TABLE auth_user ADD COLUMN \"Display Name\" TEXT;"
        "ALTER TABLE auth_user ADD COLUMN \"quo\"\"te\" TEXT;");
    Json user = call_json(db, "SELECT lucia_create_user(NULL, NULL, NULL, ?1, 'special')",
                          {"{\"Display Name\": \"Ada L.\", \"quo\\\"te\": \"q\"}"});
    EXPECT_EQ(user.text("$.attributes.\"Display Name\""), "Ada L.");
    // SQLite's JSON paths cannot spell a '"' inside a name: look the member up with json_each.
    EXPECT_EQ(db.value("SELECT value FROM json_each(?1) WHERE key = 'quo\"te'", {user.json("attributes")}), "q");
    Json at = call_json(db, "SELECT lucia_update_user_attributes('special', '{\"e@mail\": \"ada@example.com\"}')");
    EXPECT_EQ(at.text("$.attributes.\"e@mail\""), "ada@example.com");
    EXPECT_EQ(db.value("SELECT \"e@mail\" FROM auth_user WHERE id = 'special'"), "ada@example.com");
    Json created = call_json(db, "SELECT lucia_create_user(NULL, NULL, NULL, '{\"e@mail\": \"b@example.com\"}', 'at')");
    EXPECT_EQ(created.text("$.attributes.\"e@mail\""), "b@example.com");
}

// SQLite converts attribute values by column affinity and stores what does not convert; a STRICT
// table refuses such values, which is then AUTH_INVALID_ARGUMENT as in PostgreSQL.
TEST_F(SqliteUsers, StrictTableRefusesValuesOfTheWrongType) {
    Database strict;
    strict.exec(
        "CREATE TABLE auth_user (id TEXT NOT NULL PRIMARY KEY, age INTEGER) STRICT;"
        "CREATE TABLE auth_session (id TEXT NOT NULL PRIMARY KEY, user_id TEXT NOT NULL, "
        "active_expires INTEGER NOT NULL, idle_expires INTEGER NOT NULL) STRICT;"
        "CREATE TABLE auth_key (id TEXT NOT NULL PRIMARY KEY, user_id TEXT NOT NULL, hashed_password TEXT, "
        "primary_key INTEGER NOT NULL, expires INTEGER) STRICT;");
    EXPECT_EQ(call_json(strict, "SELECT lucia_create_user(NULL, NULL, NULL, '{\"age\": \"36\"}', 'ada')")
                  .json("attributes.age"),
              "36");
    EXPECT_TRUE(fails_with(strict, "SELECT lucia_create_user(NULL, NULL, NULL, '{\"age\": \"old\"}')",
                           "AUTH_INVALID_ARGUMENT: cannot store TEXT value in INTEGER column auth_user.age"));
    EXPECT_TRUE(fails_with(strict, "SELECT lucia_create_user('email', 'x@example.com', NULL, '{\"age\": 1e20}')",
                           "AUTH_INVALID_ARGUMENT: cannot store REAL value in INTEGER column auth_user.age"));
    EXPECT_TRUE(fails_with(strict, "SELECT lucia_update_user_attributes('ada', '{\"age\": [1]}')",
                           "AUTH_INVALID_ARGUMENT: cannot store TEXT value in INTEGER column auth_user.age"));
    EXPECT_EQ(integer(strict, "SELECT count(*) FROM auth_user"), 1);
    EXPECT_EQ(integer(strict, "SELECT count(*) FROM auth_key"), 0);
    EXPECT_EQ(strict.value("SELECT age FROM auth_user"), "36");
}

// Key id and password arguments, with PostgreSQL's messages.
TEST_F(SqliteUsers, KeyIdAndPasswordArguments) {
    std::int64_t before = scrypt_count(db);
    const std::pair<std::string, std::string> cases[] = {
        {"SELECT lucia_create_user(NULL, NULL, 'secret')",
         "AUTH_INVALID_ARGUMENT: a password needs a provider id and provider user id"},
        {"SELECT lucia_create_user('email', NULL, 'secret')", "AUTH_INVALID_KEY_ID: provider user id must not be null"},
        {"SELECT lucia_create_user(NULL, 'a@b.c', 'secret')", "AUTH_INVALID_KEY_ID: provider id must not be null"},
        {"SELECT lucia_create_user('', 'a@b.c', 'secret')", "AUTH_INVALID_KEY_ID: provider id must not be empty"},
        {"SELECT lucia_create_user('email', '', 'secret')", "AUTH_INVALID_KEY_ID: provider user id must not be empty"},
        {"SELECT lucia_create_user('e:mail', 'a@b.c', 'secret')",
         "AUTH_INVALID_KEY_ID: provider id must not contain ':'"},
        {"SELECT lucia_create_user('email', '" + std::string(250, 'a') + "', 'secret')",
         "AUTH_INVALID_KEY_ID: key id must be at most 255 bytes"},
        {"SELECT lucia_create_user('email', 'long@b.c', '" + std::string(4097, 'p') + "')",
         "AUTH_INVALID_ARGUMENT: password must be at most 4096 bytes"},
        {"SELECT lucia_create_user('email', 'a@b.c', 'secret', '{}', '')",
         "AUTH_INVALID_ARGUMENT: user id must not be empty"},
        {"SELECT lucia_create_user('email', 'a@b.c', 'secret', '{}', '" + std::string(256, 'u') + "')",
         "AUTH_INVALID_ARGUMENT: user id must be at most 255 bytes"},
    };
    for (const auto& [sql, message] : cases) EXPECT_TRUE(fails_with(db, sql, message));
    EXPECT_EQ(scrypt_count(db) - before, 0) << "refused before any hashing";
    EXPECT_EQ(users(), 0);
    // The limits themselves are allowed: a 255-byte key id and a 255-byte user id.
    call_json(db, "SELECT lucia_create_user('email', ?1, NULL, '{}', ?2)",
              {std::string(249, 'a'), std::string(255, 'u')});
    EXPECT_EQ(integer(db, "SELECT length(id) FROM auth_key"), 255);
    EXPECT_EQ(integer(db, "SELECT length(id) FROM auth_user"), 255);
}

// A provider user id may hold ':' (Lucia 0.6.2); it round-trips.
TEST_F(SqliteUsers, ProviderUserIdMayContainColons) {
    call_json(db, "SELECT lucia_create_user(NULL, NULL, NULL, '{}', 'carol')");
    Json key = call_json(db, "SELECT lucia_create_key('carol', 'oidc', 'https://issuer:443/sub:42')");
    EXPECT_EQ(key.text("provider_id"), "oidc");
    EXPECT_EQ(key.text("provider_user_id"), "https://issuer:443/sub:42");
    EXPECT_EQ(db.value("SELECT id FROM auth_key"), "oidc:https://issuer:443/sub:42");
    Json got = call_json(db, "SELECT lucia_get_key('oidc', 'https://issuer:443/sub:42')");
    EXPECT_EQ(got.text("provider_user_id"), "https://issuer:443/sub:42");
}

// Nothing is half-written when the caller's transaction rolls back.
TEST_F(SqliteUsers, CallersRollbackUndoesTheUser) {
    db.exec("BEGIN");
    EXPECT_EQ(
        call_json(db, "SELECT lucia_create_user('email', 'rolled@back', NULL, '{\"username\": \"ghost\"}', 'ghost')")
            .text("user_id"),
        "ghost");
    EXPECT_EQ(integer(db, "SELECT count(*) FROM auth_user WHERE id = 'ghost'"), 1);
    db.exec("ROLLBACK");
    EXPECT_EQ(integer(db, "SELECT count(*) FROM auth_user WHERE id = 'ghost'"), 0);
    EXPECT_EQ(integer(db, "SELECT count(*) FROM auth_key"), 0);
}

// A failed call inside the caller's transaction undoes only its own writes; the transaction goes on.
TEST_F(SqliteUsers, FailedCallKeepsCallersTransaction) {
    call_json(db, "SELECT lucia_create_user('email', 'ada@example.com', NULL, '{}', 'ada')");
    db.exec("BEGIN");
    call_json(db, "SELECT lucia_create_user(NULL, NULL, NULL, '{\"username\": \"first\"}', 'first')");
    EXPECT_TRUE(fails_with(db, "SELECT lucia_create_user('email', 'ada@example.com', NULL, '{}', 'second')",
                           "AUTH_DUPLICATE_KEY_ID: a key with this id already exists"));
    EXPECT_EQ(sqlite3_get_autocommit(db.handle()), 0) << "the caller's transaction is still open";
    db.exec("COMMIT");
    EXPECT_EQ(db.value("SELECT group_concat(id, ',') FROM (SELECT id FROM auth_user ORDER BY id)"), "ada,first");
}

// Called from a statement that is itself writing, a failure fails that statement and undoes all.
TEST_F(SqliteUsers, InsideAWritingStatement) {
    db.exec("CREATE TABLE log (j TEXT)");
    db.value("INSERT INTO log VALUES (lucia_create_user('email', 'ada@example.com', NULL, '{}', 'ada'))");
    EXPECT_EQ(integer(db, "SELECT count(*) FROM log WHERE j ->> 'user_id' = 'ada'"), 1);
    EXPECT_TRUE(fails_with(db,
                           "INSERT INTO log VALUES (lucia_create_user('email', 'ada@example.com', NULL, '{}', 'bob'))",
                           "AUTH_DUPLICATE_KEY_ID: a key with this id already exists"));
    EXPECT_EQ(users(), 1);
    EXPECT_EQ(integer(db, "SELECT count(*) FROM log"), 1);
}

// lucia_delete_user removes sessions, keys and the user; a missing user is not an error.
TEST_F(SqliteUsers, DeleteUserRemovesSessionsAndKeys) {
    call_json(db,
              "SELECT lucia_create_user('email', 'bob@example.com', NULL, '{\"username\": \"bob\"}', 'bob-custom-id')");
    call_json(db, "SELECT lucia_create_user('email', 'ada@example.com', NULL, '{\"username\": \"ada\"}', 'ada')");
    EXPECT_EQ(call_json(db, "SELECT lucia_create_session('bob-custom-id')").text("state"), "active");
    EXPECT_EQ(call_json(db, "SELECT lucia_create_key('bob-custom-id', 'phone', '555')").text("type"), "persistent");
    call_json(db, "SELECT lucia_create_session('ada')");
    Outcome deleted = db.run("SELECT lucia_delete_user('bob-custom-id')");
    ASSERT_TRUE(deleted.ok) << deleted.error;
    EXPECT_TRUE(deleted.is_null());
    EXPECT_EQ(integer(db,
                      "SELECT (SELECT count(*) FROM auth_session WHERE user_id = 'bob-custom-id') + "
                      "(SELECT count(*) FROM auth_key WHERE user_id = 'bob-custom-id') + "
                      "(SELECT count(*) FROM auth_user WHERE id = 'bob-custom-id')"),
              0);
    EXPECT_EQ(integer(db, "SELECT count(*) FROM auth_session WHERE user_id = 'ada'"), 1);
    EXPECT_EQ(integer(db, "SELECT count(*) FROM auth_key WHERE user_id = 'ada'"), 1);
    Outcome again = db.run("SELECT lucia_delete_user('bob-custom-id')");
    EXPECT_TRUE(again.ok) << again.error;
    EXPECT_TRUE(again.is_null());
    EXPECT_TRUE(fails_with(db, "SELECT lucia_delete_user(NULL)", "AUTH_INVALID_USER_ID: user id must not be null"));
}

// PRAGMA foreign_keys on or off: a missing user is AUTH_INVALID_USER_ID either way, and
// lucia_delete_user deletes the children first so the foreign keys never fire.
TEST_F(SqliteUsers, ForeignKeysOnAndOff) {
    for (const char* pragma : {"PRAGMA foreign_keys = ON", "PRAGMA foreign_keys = OFF"}) {
        SCOPED_TRACE(pragma);
        Database fk;
        fk.exec(pragma);
        fk.value("SELECT lucia_create_tables()");
        EXPECT_TRUE(
            fails_with(fk, "SELECT lucia_create_session('nobody')", "AUTH_INVALID_USER_ID: user does not exist"));
        EXPECT_TRUE(fails_with(fk, "SELECT lucia_create_key('nobody', 'email', 'x')",
                               "AUTH_INVALID_USER_ID: user does not exist"));
        EXPECT_EQ(integer(fk, "SELECT (SELECT count(*) FROM auth_session) + (SELECT count(*) FROM auth_key)"), 0);
        call_json(fk, "SELECT lucia_create_user('email', 'ada@example.com', NULL, '{}', 'ada')");
        call_json(fk, "SELECT lucia_create_key('ada', 'github', '1')");
        Json session = call_json(fk, "SELECT lucia_create_session('ada')");
        EXPECT_EQ(call_json(fk, "SELECT lucia_validate_session(?1)", {session.text("session_id")}).text("state"),
                  "active");
        EXPECT_TRUE(fk.run("SELECT lucia_delete_user('ada')").ok);
        EXPECT_EQ(integer(fk,
                          "SELECT (SELECT count(*) FROM auth_user) + (SELECT count(*) FROM auth_session) + "
                          "(SELECT count(*) FROM auth_key)"),
                  0);
    }
}

// Tables without foreign keys (PlanetScale-style migrations): a missing user is still refused.
TEST_F(SqliteUsers, TablesWithoutForeignKeys) {
    Database nofk;
    nofk.exec(
        "CREATE TABLE auth_user (id VARCHAR(15) NOT NULL, PRIMARY KEY (id));"
        "CREATE TABLE auth_session (id VARCHAR(127) NOT NULL, user_id VARCHAR(15) NOT NULL, "
        "active_expires BIGINT NOT NULL, idle_expires BIGINT NOT NULL, PRIMARY KEY (id));"
        "CREATE TABLE auth_key (id VARCHAR(255) NOT NULL, user_id VARCHAR(15) NOT NULL, "
        "hashed_password VARCHAR(255), primary_key INT2 NOT NULL, expires BIGINT, PRIMARY KEY (id));");
    EXPECT_TRUE(fails_with(nofk, "SELECT lucia_create_session('nobody')", "AUTH_INVALID_USER_ID: user does not exist"));
    EXPECT_TRUE(fails_with(nofk, "SELECT lucia_create_key('nobody', 'email', 'x')",
                           "AUTH_INVALID_USER_ID: user does not exist"));
    EXPECT_EQ(integer(nofk, "SELECT (SELECT count(*) FROM auth_session) + (SELECT count(*) FROM auth_key)"), 0);
    EXPECT_EQ(
        call_json(nofk, "SELECT lucia_create_user('email', 'varchar@example.com', NULL, '{}', 'vc')").text("user_id"),
        "vc");
    Json session = call_json(nofk, "SELECT lucia_create_session('vc')");
    EXPECT_EQ(call_json(nofk, "SELECT lucia_validate_session(?1)", {session.text("session_id")}).text("state"),
              "active");
}
