#include "sqlite_fixture.hpp"

namespace {

// Opens a connection with lucia.so, makes calls whose statements the module keeps, and closes it
// with sqlite3_close (not _v2), which fails while any statement is left unfinalized.
int close_after_calls(const char* sql_before_close) {
    sqlite3* db = nullptr;
    sqlite3_open(":memory:", &db);
    sqlite3_enable_load_extension(db, 1);
    EXPECT_EQ(sqlite3_load_extension(db, lucia_test::module_path(), nullptr, nullptr), SQLITE_OK);
    EXPECT_EQ(sqlite3_exec(db, sql_before_close, nullptr, nullptr, nullptr), SQLITE_OK) << sqlite3_errmsg(db);
    return sqlite3_close(db);
}

}  // namespace

// The kept statements are finalized when the connection closes, so a plain close succeeds.
TEST(SqliteStatementCache, PlainCloseSucceedsAfterCalls) {
    EXPECT_EQ(close_after_calls("SELECT lucia_create_tables();"
                                "SELECT lucia_create_user(NULL, NULL, NULL, NULL, 'ada');"
                                "SELECT lucia_validate_session(lucia_create_session('ada') ->> 'session_id');"
                                "SELECT lucia_get_all_user_sessions('ada');"),
              SQLITE_OK);
    EXPECT_EQ(close_after_calls("SELECT 1"), SQLITE_OK);
}

// Loading the module twice on one connection replaces it cleanly, and the connection still closes.
TEST(SqliteStatementCache, LoadingTwiceStillCloses) {
    sqlite3* db = nullptr;
    sqlite3_open(":memory:", &db);
    sqlite3_enable_load_extension(db, 1);
    ASSERT_EQ(sqlite3_load_extension(db, lucia_test::module_path(), nullptr, nullptr), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(db,
                           "SELECT lucia_create_tables(); SELECT lucia_create_user(NULL, NULL, NULL, NULL, 'ada');"
                           "SELECT lucia_create_session('ada');",
                           nullptr, nullptr, nullptr),
              SQLITE_OK);
    ASSERT_EQ(sqlite3_load_extension(db, lucia_test::module_path(), nullptr, nullptr), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(db, "SELECT lucia_create_session('ada');", nullptr, nullptr, nullptr), SQLITE_OK);
    EXPECT_EQ(sqlite3_close(db), SQLITE_OK);
}

// A table dropped and made again under a kept statement is prepared again, not misread.
TEST(SqliteStatementCache, SurvivesTablesMadeAgain) {
    lucia_test::Database db;
    db.exec("SELECT lucia_create_tables(); SELECT lucia_create_user(NULL, NULL, NULL, NULL, 'ada')");
    std::string first = db.value("SELECT lucia_create_session('ada') ->> 'session_id'");
    EXPECT_EQ(db.value("SELECT lucia_validate_session(?1) ->> 'state'", {first}), "active");
    db.exec(
        "DROP TABLE auth_session; DROP TABLE auth_key; DROP TABLE auth_user; SELECT lucia_create_tables();"
        "SELECT lucia_create_user(NULL, NULL, NULL, NULL, 'ada')");
    EXPECT_EQ(db.error_code("SELECT lucia_validate_session(?1)", {first}), "AUTH_INVALID_SESSION_ID");
    std::string second = db.value("SELECT lucia_create_session('ada') ->> 'session_id'");
    EXPECT_EQ(db.value("SELECT lucia_validate_session(?1) ->> 'state'", {second}), "active");
}

// A kept statement is found by its SQL and the schema: after lucia.tables_schema changes, the
// same call reads the other schema's tables (here "mai", a prefix of "main", and "main2", which
// extends it), and switching back finds the first schema's statement again.
TEST(SqliteStatementCache, SchemaChangeReadsTheOtherTables) {
    lucia_test::Database db;
    db.exec(
        "ATTACH ':memory:' AS mai; ATTACH ':memory:' AS main2; SELECT lucia_create_tables();"
        "SELECT lucia_create_tables('mai'); SELECT lucia_create_tables('main2');"
        "SELECT lucia_create_user(NULL, NULL, NULL, NULL, 'ada')");
    std::string id = db.value("SELECT lucia_create_session('ada') ->> 'session_id'");
    for (int round = 0; round < 2; ++round) {
        EXPECT_EQ(db.value("SELECT lucia_validate_session(?1) ->> 'user_id'", {id}), "ada");
        for (const char* other : {"mai", "main2"}) {
            db.exec(std::string("SELECT lucia_set_config('lucia.tables_schema', '") + other + "')");
            EXPECT_EQ(db.error_code("SELECT lucia_validate_session(?1)", {id}), "AUTH_INVALID_SESSION_ID") << other;
        }
        db.exec("SELECT lucia_set_config('lucia.tables_schema', 'main')");
    }
}
