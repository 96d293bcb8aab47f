// Hostile input for every function: NULL, empty, 10 MB strings, blobs and numbers where text is
// expected, invalid UTF-8, wrong argument counts. Each gets a Lucia error (or SQLite's own for the
// argument count); nothing is written and nothing is hashed. Mirrors sql/bad_input.sql.
#include "json_helpers.hpp"
#include "sqlite_fixture.hpp"

#include <string>
#include <vector>

using namespace lucia_test;

namespace {

const std::string kBig(10 * 1024 * 1024, 'x');

class SqliteBadInput : public ::testing::Test {
protected:
    void SetUp() override {
        db.value("SELECT lucia_create_tables()");
        call_json(db, "SELECT lucia_create_user('email', 'ada@example.com', NULL, '{}', 'ada')");
        hashes_before = scrypt_count(db);
    }

    // Nothing written (the one user and its key only) and nothing hashed.
    void TearDown() override {
        EXPECT_EQ(integer(db, "SELECT count(*) FROM auth_user"), 1);
        EXPECT_EQ(integer(db, "SELECT count(*) FROM auth_key"), 1);
        EXPECT_EQ(integer(db, "SELECT count(*) FROM auth_session"), 0);
        EXPECT_EQ(scrypt_count(db) - hashes_before, 0);
    }

    void expect_all(const std::vector<std::pair<std::string, std::string>>& cases,
                    const std::vector<Value>& params = {}) {
        for (const auto& [sql, message] : cases) EXPECT_TRUE(fails_with(db, sql, message, params));
    }

    Database db;
    std::int64_t hashes_before = 0;
};

}  // namespace

// Every function, with SQL NULL in each argument that must not be NULL (expected/bad_input.out).
TEST_F(SqliteBadInput, NullForEveryRequiredArgument) {
    expect_all({
        {"SELECT lucia_get_user(NULL)", "AUTH_INVALID_USER_ID: user id must not be null"},
        {"SELECT lucia_update_user_attributes(NULL, '{}')", "AUTH_INVALID_USER_ID: user id must not be null"},
        {"SELECT lucia_delete_user(NULL)", "AUTH_INVALID_USER_ID: user id must not be null"},
        {"SELECT lucia_create_key(NULL, 'a', 'b')", "AUTH_INVALID_USER_ID: user id must not be null"},
        {"SELECT lucia_create_key('ada', NULL, 'b')", "AUTH_INVALID_KEY_ID: provider id must not be null"},
        {"SELECT lucia_create_key('ada', 'a', NULL)", "AUTH_INVALID_KEY_ID: provider user id must not be null"},
        {"SELECT lucia_validate_key(NULL, 'ada@example.com', 'hunter2')",
         "AUTH_INVALID_KEY_ID: provider id must not be null"},
        {"SELECT lucia_validate_key('email', NULL, 'hunter2')",
         "AUTH_INVALID_KEY_ID: provider user id must not be null"},
        {"SELECT lucia_get_key(NULL, 'x')", "AUTH_INVALID_KEY_ID: provider id must not be null"},
        {"SELECT lucia_get_key('email', NULL)", "AUTH_INVALID_KEY_ID: provider user id must not be null"},
        {"SELECT lucia_get_all_user_keys(NULL)", "AUTH_INVALID_USER_ID: user id must not be null"},
        {"SELECT lucia_update_key_password(NULL, 'x', 'pw')", "AUTH_INVALID_KEY_ID: provider id must not be null"},
        {"SELECT lucia_update_key_password('email', NULL, 'pw')",
         "AUTH_INVALID_KEY_ID: provider user id must not be null"},
        {"SELECT lucia_delete_key('email', NULL)", "AUTH_INVALID_KEY_ID: provider user id must not be null"},
        {"SELECT lucia_delete_key(NULL, 'x')", "AUTH_INVALID_KEY_ID: provider id must not be null"},
        {"SELECT lucia_create_session(NULL)", "AUTH_INVALID_USER_ID: user id must not be null"},
        {"SELECT lucia_get_session(NULL)", "AUTH_INVALID_SESSION_ID: session id must not be null"},
        {"SELECT lucia_get_session_user(NULL)", "AUTH_INVALID_SESSION_ID: session id must not be null"},
        {"SELECT lucia_get_all_user_sessions(NULL)", "AUTH_INVALID_USER_ID: user id must not be null"},
        {"SELECT lucia_validate_session(NULL)", "AUTH_INVALID_SESSION_ID: session id must not be null"},
        {"SELECT lucia_validate_session_user(NULL)", "AUTH_INVALID_SESSION_ID: session id must not be null"},
        {"SELECT lucia_renew_session(NULL)", "AUTH_INVALID_SESSION_ID: session id must not be null"},
        {"SELECT lucia_invalidate_session(NULL)", "AUTH_INVALID_SESSION_ID: session id must not be null"},
        {"SELECT lucia_invalidate_all_user_sessions(NULL)", "AUTH_INVALID_USER_ID: user id must not be null"},
        {"SELECT lucia_delete_dead_user_sessions(NULL)", "AUTH_INVALID_USER_ID: user id must not be null"},
        {"SELECT lucia_delete_expired_sessions(NULL)", "AUTH_INVALID_ARGUMENT: batch_size must not be null"},
        {"SELECT lucia_generate_random_string(NULL)", "AUTH_INVALID_ARGUMENT: length must not be null"},
        {"SELECT lucia_hash_password(NULL)", "AUTH_INVALID_ARGUMENT: password must not be null"},
        {"SELECT lucia_verify_password(NULL, 'x')", "AUTH_INVALID_ARGUMENT: password must not be null"},
        {"SELECT lucia_verify_password('x', NULL)", "AUTH_INVALID_ARGUMENT: hash must not be null"},
        {"SELECT lucia_parse_request_headers(NULL, NULL)", "AUTH_INVALID_REQUEST: request method is required"},
        {"SELECT lucia_set_config(NULL, 'x')", "AUTH_INVALID_ARGUMENT: setting name must not be null"},
        {"SELECT lucia_set_config('lucia.env', NULL)", "AUTH_INVALID_ARGUMENT: setting value must not be null"},
        {"SELECT lucia_config(NULL)", "AUTH_INVALID_ARGUMENT: setting name must not be null"},
    });
}

TEST_F(SqliteBadInput, EmptyStrings) {
    expect_all({
        {"SELECT lucia_get_user('')", "AUTH_INVALID_USER_ID: user id must not be empty"},
        {"SELECT lucia_create_key('', 'a', 'b')", "AUTH_INVALID_USER_ID: user id must not be empty"},
        {"SELECT lucia_validate_key('', 'x', 'pw')", "AUTH_INVALID_KEY_ID: provider id must not be empty"},
        {"SELECT lucia_validate_key('email', '', 'pw')", "AUTH_INVALID_KEY_ID: provider user id must not be empty"},
        {"SELECT lucia_create_session('')", "AUTH_INVALID_USER_ID: user id must not be empty"},
        {"SELECT lucia_validate_session('')", "AUTH_INVALID_SESSION_ID: session id must be 40 characters"},
        {"SELECT lucia_parse_request_headers('', '')",
         "AUTH_INVALID_REQUEST: origin header is required for this method"},
        {"SELECT lucia_get_all_user_sessions('')", "AUTH_INVALID_USER_ID: user id must not be empty"},
        {"SELECT lucia_delete_user('')", "AUTH_INVALID_USER_ID: user id must not be empty"},
        {"SELECT lucia_get_key('', '')", "AUTH_INVALID_KEY_ID: provider id must not be empty"},
    });
}

// 10 MB arguments are refused before any table is touched or any hashing is done.
TEST_F(SqliteBadInput, TenMegabyteArguments) {
    expect_all(
        {
            {"SELECT lucia_validate_key('email', 'ada@example.com', ?1)",
             "AUTH_INVALID_ARGUMENT: password must be at most 4096 bytes"},
            {"SELECT lucia_validate_key('email', ?1, 'pw')", "AUTH_INVALID_KEY_ID: key id must be at most 255 bytes"},
            {"SELECT lucia_validate_key(?1, 'x', 'pw')", "AUTH_INVALID_KEY_ID: key id must be at most 255 bytes"},
            {"SELECT lucia_create_user('email', 'big@example.com', ?1)",
             "AUTH_INVALID_ARGUMENT: password must be at most 4096 bytes"},
            {"SELECT lucia_create_user('email', 'big@example.com', 'pw', '{}', ?1)",
             "AUTH_INVALID_ARGUMENT: user id must be at most 255 bytes"},
            {"SELECT lucia_create_user(NULL, NULL, NULL, json_object(?1, 1))",
             "AUTH_INVALID_ARGUMENT: attribute names are at most 63 bytes"},
            {"SELECT lucia_get_user(?1)", "AUTH_INVALID_USER_ID: user id is too long"},
            {"SELECT lucia_create_session(?1)", "AUTH_INVALID_USER_ID: user id is too long"},
            {"SELECT lucia_get_session(?1)", "AUTH_INVALID_SESSION_ID: session id must be 40 characters"},
            {"SELECT lucia_hash_password(?1)", "AUTH_INVALID_ARGUMENT: password must be at most 4096 bytes"},
            {"SELECT lucia_verify_password('pw', ?1)",
             "AUTH_INVALID_ARGUMENT: hash is neither \"s2:<salt>:<128 hex>\" nor \"<salt>:<128 hex>\""},
            {"SELECT lucia_update_key_password('email', 'ada@example.com', ?1)",
             "AUTH_INVALID_ARGUMENT: password must be at most 4096 bytes"},
            {"SELECT lucia_create_key('ada', 'email', 'big', ?1)",
             "AUTH_INVALID_ARGUMENT: password must be at most 4096 bytes"},
            {"SELECT lucia_create_session_cookie(?1, 0)", "AUTH_INVALID_SESSION_ID: session id must be 40 characters"},
            {"SELECT lucia_set_config('lucia.active_period', ?1)",
             "AUTH_INVALID_ARGUMENT: duration must be a number with an optional unit (ms, s, min, h, d)"},
        },
        {kBig});
    // A 10 MB Cookie header is parsed (it is only scanned), and a 10 MB URL is not an origin.
    EXPECT_EQ(
        db.value(
            "SELECT lucia_parse_request_headers('GET', 'https://example.com/', NULL, ?1 || '; auth_session=found')",
            {kBig}),
        "found");
    EXPECT_TRUE(fails_with(db,
                           "SELECT lucia_parse_request_headers('POST', 'https://' || ?1, 'https://example.com', NULL)",
                           "AUTH_INVALID_REQUEST: origin header does not match the request url", {kBig}));
    // Invalidating a session id of any length is a no-op, as in Lucia.
    EXPECT_TRUE(db.run("SELECT lucia_invalidate_session(?1)", {kBig}).ok);
    // Built inside SQL rather than bound: same answers.
    EXPECT_TRUE(fails_with(db, "SELECT lucia_get_session(CAST(zeroblob(10485760) AS TEXT) || 'x')",
                           "AUTH_INVALID_SESSION_ID: session id must be 40 characters"));
    EXPECT_TRUE(fails_with(db, "SELECT lucia_hash_password(replace(hex(zeroblob(5242880)), '0', 'p'))",
                           "AUTH_INVALID_ARGUMENT: password must be at most 4096 bytes"));
}

// A blob where text is expected is refused, whatever its bytes.
TEST_F(SqliteBadInput, BlobsWhereTextIsExpected) {
    const std::pair<const char*, const char*> cases[] = {
        {"SELECT lucia_get_user(X'616461')", "AUTH_INVALID_ARGUMENT: user id must be text, not a blob"},
        {"SELECT lucia_create_session(X'616461')", "AUTH_INVALID_ARGUMENT: user id must be text, not a blob"},
        {"SELECT lucia_create_user(NULL, NULL, NULL, '{}', X'616461')",
         "AUTH_INVALID_ARGUMENT: user id must be text, not a blob"},
        {"SELECT lucia_create_user(X'656d61696c', 'a@b.c')",
         "AUTH_INVALID_ARGUMENT: provider id must be text, not a blob"},
        {"SELECT lucia_validate_key('email', X'6164614065', 'pw')",
         "AUTH_INVALID_ARGUMENT: provider user id must be text, not a blob"},
        {"SELECT lucia_validate_key('email', 'ada@example.com', X'7077')",
         "AUTH_INVALID_ARGUMENT: password must be text, not a blob"},
        {"SELECT lucia_hash_password(X'7077')", "AUTH_INVALID_ARGUMENT: password must be text, not a blob"},
        {"SELECT lucia_verify_password('pw', X'7077')", "AUTH_INVALID_ARGUMENT: hash must be text, not a blob"},
        {"SELECT lucia_create_user(NULL, NULL, NULL, X'7b7d')",
         "AUTH_INVALID_ARGUMENT: attributes must be text, not a blob"},
        {"SELECT lucia_update_user_attributes('ada', X'7b7d')",
         "AUTH_INVALID_ARGUMENT: attributes must be text, not a blob"},
        {"SELECT lucia_get_session(X'00')", "AUTH_INVALID_ARGUMENT: session id must be text, not a blob"},
        {"SELECT lucia_validate_session(zeroblob(40))", "AUTH_INVALID_ARGUMENT: session id must be text, not a blob"},
        {"SELECT lucia_invalidate_session(zeroblob(40))", "AUTH_INVALID_ARGUMENT: session id must be text, not a blob"},
        {"SELECT lucia_create_session_cookie(zeroblob(40), 0)",
         "AUTH_INVALID_ARGUMENT: session id must be text, not a blob"},
        {"SELECT lucia_parse_request_headers(X'474554', 'https://example.com/')",
         "AUTH_INVALID_ARGUMENT: method must be text, not a blob"},
        {"SELECT lucia_parse_request_headers('GET', X'00')", "AUTH_INVALID_ARGUMENT: url must be text, not a blob"},
        {"SELECT lucia_parse_request_headers('GET', 'https://example.com/', X'00')",
         "AUTH_INVALID_ARGUMENT: origin must be text, not a blob"},
        {"SELECT lucia_parse_request_headers('GET', 'https://example.com/', NULL, X'00')",
         "AUTH_INVALID_ARGUMENT: cookie must be text, not a blob"},
        {"SELECT lucia_parse_request_headers('GET', 'https://example.com/', NULL, NULL, X'5b5d')",
         "AUTH_INVALID_ARGUMENT: allowed_origins must be text, not a blob"},
        {"SELECT lucia_set_config(X'00', 'x')", "AUTH_INVALID_ARGUMENT: setting name must be text, not a blob"},
        {"SELECT lucia_config(X'00')", "AUTH_INVALID_ARGUMENT: setting name must be text, not a blob"},
        {"SELECT lucia_create_tables(X'00')", "AUTH_INVALID_ARGUMENT: schema name must be text, not a blob"},
        {"SELECT lucia_generate_random_string(X'01')", "AUTH_INVALID_ARGUMENT: length must be an integer"},
        {"SELECT lucia_delete_expired_sessions(X'01')", "AUTH_INVALID_ARGUMENT: batch_size must be an integer"},
        {"SELECT lucia_create_key('ada', 'otp', '1', NULL, X'01')",
         "AUTH_INVALID_ARGUMENT: expires_in must be an integer"},
    };
    for (const auto& [sql, message] : cases) EXPECT_TRUE(fails_with(db, sql, message));
}

// A number where text is expected is refused too (SQLite would otherwise turn 123 into '123').
TEST_F(SqliteBadInput, NumbersWhereTextIsExpected) {
    const std::pair<const char*, const char*> cases[] = {
        {"SELECT lucia_get_user(123)", "AUTH_INVALID_ARGUMENT: user id must be text, not a number"},
        {"SELECT lucia_create_key('ada', 'phone', 5551234)",
         "AUTH_INVALID_ARGUMENT: provider user id must be text, not a number"},
        {"SELECT lucia_validate_key('email', 'ada@example.com', 1234)",
         "AUTH_INVALID_ARGUMENT: password must be text, not a number"},
        {"SELECT lucia_hash_password(1.5)", "AUTH_INVALID_ARGUMENT: password must be text, not a number"},
        {"SELECT lucia_validate_session(1234567890123456789012345678901234567890)",
         "AUTH_INVALID_ARGUMENT: session id must be text, not a number"},
        {"SELECT lucia_create_user(NULL, NULL, NULL, 1)",
         "AUTH_INVALID_ARGUMENT: attributes must be text, not a number"},
        {"SELECT lucia_verify_password('x', 0)", "AUTH_INVALID_ARGUMENT: hash must be text, not a number"},
        {"SELECT lucia_set_config('lucia.active_period', 3600)",
         "AUTH_INVALID_ARGUMENT: setting value must be text, not a number"},
    };
    for (const auto& [sql, message] : cases) EXPECT_TRUE(fails_with(db, sql, message));
}

// Invalid UTF-8 (SQLite lets any bytes into TEXT): refused, never hashed. The messages for ids
// are those of the SQL_ASCII part of expected/bad_input.out; for passwords PostgreSQL reports its
// own encoding error ("invalid byte sequence for encoding "UTF8": 0xff"), SQLite this message.
TEST_F(SqliteBadInput, InvalidUtf8) {
    const char* const kBadPassword = "AUTH_INVALID_ARGUMENT: password is not valid UTF-8";
    for (const char* bytes : {"X'FFFE'", "X'C080'", "X'EDA080'", "X'FF'", "X'61F0'"}) {
        std::string text = std::string("CAST(") + bytes + " AS TEXT)";
        EXPECT_TRUE(fails_with(db, "SELECT lucia_hash_password(" + text + ")", kBadPassword)) << bytes;
    }
    const std::pair<std::string, std::string> cases[] = {
        {"SELECT lucia_verify_password(CAST(X'FF' AS TEXT), 's2:abcdefghijklmnop:' || ?1)", kBadPassword},
        {"SELECT lucia_validate_key('email', 'ada@example.com', CAST(X'FF' AS TEXT))", kBadPassword},
        {"SELECT lucia_create_key('ada', 'email', 'new', CAST(X'FF' AS TEXT))", kBadPassword},
        {"SELECT lucia_update_key_password('email', 'ada@example.com', CAST(X'FF' AS TEXT))", kBadPassword},
        {"SELECT lucia_create_user('email', 'bad' || CAST(X'FF' AS TEXT) || 'id', 'pw')",
         "AUTH_INVALID_KEY_ID: provider user id is not valid utf-8"},
        {"SELECT lucia_create_user('email', 'b@example.com', 'pw', '{}', 'bad' || CAST(X'FF' AS TEXT) || 'user')",
         "AUTH_INVALID_ARGUMENT: user id is not valid utf-8"},
        {"SELECT lucia_create_key('ada', CAST(X'FF' AS TEXT), 'x')",
         "AUTH_INVALID_KEY_ID: provider id is not valid utf-8"},
        {"SELECT lucia_validate_key(CAST(X'C080' AS TEXT), 'x', 'pw')",
         "AUTH_INVALID_KEY_ID: provider id is not valid utf-8"},
        {"SELECT lucia_get_key('email', CAST(X'EDA080' AS TEXT))",
         "AUTH_INVALID_KEY_ID: provider user id is not valid utf-8"},
    };
    for (const auto& [sql, message] : cases) EXPECT_TRUE(fails_with(db, sql, message, {std::string(128, '0')}));
}

// Too many or too few arguments: SQLite's own error, before the call.
TEST_F(SqliteBadInput, WrongNumberOfArguments) {
    const std::pair<const char*, std::vector<int>> cases[] = {
        {"lucia_create_user", {6}},
        {"lucia_get_user", {0, 2}},
        {"lucia_update_user_attributes", {1, 3}},
        {"lucia_delete_user", {0, 2}},
        {"lucia_create_key", {2, 6}},
        {"lucia_validate_key", {1, 4}},
        {"lucia_get_key", {1, 3}},
        {"lucia_get_all_user_keys", {0, 2}},
        {"lucia_update_key_password", {2, 4}},
        {"lucia_delete_key", {1, 3}},
        {"lucia_create_session", {0, 2}},
        {"lucia_get_session", {0, 2}},
        {"lucia_get_session_user", {0, 2}},
        {"lucia_validate_session", {0, 2}},
        {"lucia_validate_session_user", {0, 2}},
        {"lucia_renew_session", {0, 2}},
        {"lucia_get_all_user_sessions", {0, 2}},
        {"lucia_invalidate_session", {0, 2}},
        {"lucia_invalidate_all_user_sessions", {0, 2}},
        {"lucia_delete_dead_user_sessions", {0, 2}},
        {"lucia_delete_expired_sessions", {3}},
        {"lucia_generate_random_string", {0, 2}},
        {"lucia_hash_password", {0, 2}},
        {"lucia_verify_password", {1, 3}},
        {"lucia_create_session_cookie", {3}},
        {"lucia_parse_request_headers", {1, 6}},
        {"lucia_scrypt_count", {1}},
        {"lucia_create_tables", {2}},
        {"lucia_create_indexes", {2}},
        {"lucia_set_config", {1, 3}},
        {"lucia_config", {0, 2}},
        {"lucia_version", {1}},
    };
    for (const auto& [name, counts] : cases) {
        for (int count : counts) {
            std::string sql = std::string("SELECT ") + name + "(";
            for (int i = 0; i < count; ++i) sql += i == 0 ? "NULL" : ", NULL";
            sql += ")";
            Outcome o = db.run(sql);
            EXPECT_FALSE(o.ok) << sql;
            EXPECT_EQ(o.error, std::string("wrong number of arguments to function ") + name + "()") << sql;
        }
    }
}
