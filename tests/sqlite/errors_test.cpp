// Every error code the functions raise, each from a real call, as sql/errors.sql. SQLite has no
// SQLSTATE: the message starts with Lucia's code, and the SQLite result code is SQLITE_ERROR.
// UNKNOWN_ERROR only comes from an OpenSSL failure.
#include "json_helpers.hpp"
#include "sqlite_fixture.hpp"

#include <string>

using namespace lucia_test;

TEST(SqliteErrors, OneCallPerErrorCode) {
    Database db;
    db.value("SELECT lucia_create_tables()");
    call_json(db, "SELECT lucia_create_user('email', 'ada@example.com', 'hunter2', '{}', 'ada')");
    db.exec(
        "INSERT INTO auth_key (id, user_id, primary_key, hashed_password, expires) VALUES "
        "('old:bcrypt', 'ada', 0, '$2a$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy', NULL), "
        "('otp:expired', 'ada', 0, NULL, 1)");
    call_json(db, "SELECT lucia_create_session('ada')");
    // A session id collision cannot be produced by chance; a trigger forces one by inserting the
    // new id first (SQLite's BEFORE triggers cannot change NEW).
    db.exec(
        "CREATE TRIGGER collide BEFORE INSERT ON auth_session BEGIN "
        "INSERT INTO auth_session VALUES (NEW.id, NEW.user_id, 0, 0); END");

    const std::pair<const char*, const char*> calls[] = {
        {"SELECT lucia_validate_session('short')", "AUTH_INVALID_SESSION_ID"},
        {"SELECT lucia_validate_key('email', 'ada@example.com', 'wrong')", "AUTH_INVALID_PASSWORD"},
        {"SELECT lucia_create_key('ada', 'email', 'ada@example.com')", "AUTH_DUPLICATE_KEY_ID"},
        {"SELECT lucia_validate_key('email', 'nobody@example.com', 'x')", "AUTH_INVALID_KEY_ID"},
        {"SELECT lucia_get_user('nobody')", "AUTH_INVALID_USER_ID"},
        {"SELECT lucia_create_session('ada')", "AUTH_DUPLICATE_SESSION_ID"},
        {"SELECT lucia_validate_key('otp', 'expired')", "AUTH_EXPIRED_KEY"},
        {"SELECT lucia_validate_key('old', 'bcrypt', 'x')", "AUTH_OUTDATED_PASSWORD"},
        {"SELECT lucia_parse_request_headers('POST', 'https://a.com/', 'https://b.com', NULL)", "AUTH_INVALID_REQUEST"},
        {"SELECT lucia_generate_random_string(0)", "AUTH_INVALID_ARGUMENT"},
        {"SELECT lucia_create_user(NULL, NULL, NULL, NULL, 'ada')", "AUTH_DUPLICATE_USER_ID"},
    };
    for (const auto& [sql, code] : calls) {
        Outcome o = db.run(sql);
        EXPECT_FALSE(o.ok) << sql;
        EXPECT_EQ(o.code(), code) << sql << " -> " << o.error;
        EXPECT_EQ(o.error_code, SQLITE_ERROR) << sql;
    }
    // The collision wrote nothing: the trigger's row went with the failed call.
    EXPECT_TRUE(
        fails_with(db, "SELECT lucia_create_session('ada')", "AUTH_DUPLICATE_SESSION_ID: session id already exists"));
    EXPECT_EQ(integer(db, "SELECT count(*) FROM auth_session"), 1);
    db.exec("DROP TRIGGER collide");
    EXPECT_EQ(call_json(db, "SELECT lucia_create_session('ada')").text("state"), "active");
    EXPECT_EQ(integer(db, "SELECT count(*) FROM auth_session"), 2);
    EXPECT_EQ(integer(db, "SELECT count(*) FROM auth_user"), 1);
    EXPECT_EQ(integer(db, "SELECT count(*) FROM auth_key"), 3);
}

// The same codes reach a caller inside its own transaction, which stays usable.
TEST(SqliteErrors, ErrorsInsideATransaction) {
    Database db;
    db.value("SELECT lucia_create_tables()");
    db.exec("BEGIN");
    call_json(db, "SELECT lucia_create_user(NULL, NULL, NULL, NULL, 'ada')");
    EXPECT_TRUE(fails_with(db, "SELECT lucia_create_session('nobody')", "AUTH_INVALID_USER_ID: user does not exist"));
    EXPECT_TRUE(fails_with(db, "SELECT lucia_create_user(NULL, NULL, NULL, NULL, 'ada')",
                           "AUTH_DUPLICATE_USER_ID: a user with this id already exists"));
    EXPECT_EQ(call_json(db, "SELECT lucia_create_session('ada')").text("state"), "active");
    db.exec("COMMIT");
    EXPECT_EQ(integer(db, "SELECT count(*) FROM auth_session"), 1);
    EXPECT_EQ(integer(db, "SELECT count(*) FROM auth_user"), 1);
}

// SQLite's own failures keep SQLite's code and message: here the tables do not exist.
TEST(SqliteErrors, MissingTablesAreSqliteErrors) {
    Database db;
    Outcome o = db.run("SELECT lucia_get_user('ada')");
    EXPECT_FALSE(o.ok);
    EXPECT_EQ(o.error, "no such table: main.auth_user");
    EXPECT_EQ(o.error_code, SQLITE_ERROR);
    db.value("SELECT lucia_create_tables()");
    EXPECT_TRUE(fails_with(db, "SELECT lucia_create_tables()", "table auth_user already exists"));
    EXPECT_EQ(integer(db, "SELECT count(*) FROM sqlite_schema WHERE name LIKE 'auth_%' AND type = 'table'"), 3);
}

// On a read-only connection the reads work (an active session is validated without writing);
// writes fail with SQLite's own SQLITE_READONLY, code kept for the caller.
TEST(SqliteErrors, ReadOnlyConnectionKeepsSqliteCodes) {
    Database db;
    db.value("SELECT lucia_create_tables()");
    call_json(db, "SELECT lucia_create_user('github', '1', NULL, NULL, 'ada')");
    std::string id = call_json(db, "SELECT lucia_create_session('ada')").text("session_id");
    db.exec("PRAGMA query_only = ON");
    EXPECT_EQ(call_json(db, "SELECT lucia_get_user('ada')").text("user_id"), "ada");
    EXPECT_EQ(call_json(db, "SELECT lucia_validate_session(?1)", {id}).text("state"), "active");
    EXPECT_EQ(call_json(db, "SELECT lucia_validate_session_user(?1)", {id}).text("state"), "active");
    EXPECT_EQ(call_json(db, "SELECT lucia_validate_key('github', '1', NULL)").text("type"), "persistent");
    for (const char* sql : {"SELECT lucia_create_session('ada')", "SELECT lucia_create_key('ada', 'github', '2')",
                            "SELECT lucia_delete_user('ada')", "SELECT lucia_renew_session(?1)"}) {
        Outcome o = db.run(sql, {id});
        EXPECT_FALSE(o.ok) << sql;
        EXPECT_EQ(o.error, "attempt to write a readonly database") << sql;
        EXPECT_EQ(o.error_code & 0xff, SQLITE_READONLY) << sql;
    }
    db.exec("PRAGMA query_only = OFF");
    EXPECT_EQ(integer(db, "SELECT count(*) FROM auth_session"), 1);
    EXPECT_EQ(integer(db, "SELECT count(*) FROM auth_key"), 1);
}

// lucia_create_tables is all or nothing: if one table exists, none is created.
TEST(SqliteErrors, CreateTablesIsAllOrNothing) {
    Database db;
    db.exec("CREATE TABLE auth_key (id TEXT PRIMARY KEY)");
    EXPECT_TRUE(fails_with(db, "SELECT lucia_create_tables()", "table auth_key already exists"));
    EXPECT_EQ(db.value("SELECT group_concat(name) FROM sqlite_schema"), "auth_key,sqlite_autoindex_auth_key_1");
    // Inside the caller's transaction too, which goes on.
    db.exec("BEGIN; CREATE TABLE other (x);");
    EXPECT_TRUE(fails_with(db, "SELECT lucia_create_tables()", "table auth_key already exists"));
    db.exec("COMMIT");
    EXPECT_EQ(integer(db, "SELECT count(*) FROM sqlite_schema WHERE name IN ('auth_user', 'auth_session', 'other')"),
              1);
}

// lucia_create_indexes adds the three indexes Lucia's DDL lacks, if missing.
TEST(SqliteErrors, CreateIndexes) {
    Database db;
    db.value("SELECT lucia_create_tables()");
    const char* names =
        "SELECT group_concat(name || ':' || tbl_name, ' ') FROM "
        "(SELECT name, tbl_name FROM sqlite_schema WHERE type = 'index' AND name LIKE 'auth%idx' ORDER BY name)";
    const std::string all =
        "auth_key_user_id_idx:auth_key auth_session_idle_expires_idx:auth_session "
        "auth_session_user_id_idx:auth_session";
    EXPECT_EQ(db.value(names), all);
    db.exec("DROP INDEX auth_session_idle_expires_idx; DROP INDEX auth_key_user_id_idx");
    Outcome o = db.run("SELECT lucia_create_indexes()");
    ASSERT_TRUE(o.ok) << o.error;
    EXPECT_TRUE(o.is_null());
    EXPECT_EQ(db.value(names), all);
    EXPECT_TRUE(db.run("SELECT lucia_create_indexes('main')").ok) << "idempotent";
    EXPECT_EQ(db.value(names), all);
    EXPECT_EQ(db.value("SELECT sql FROM sqlite_schema WHERE name = 'auth_session_idle_expires_idx'"),
              "CREATE INDEX auth_session_idle_expires_idx ON auth_session (idle_expires)");
}
