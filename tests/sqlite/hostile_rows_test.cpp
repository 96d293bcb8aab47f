// Attacks by a database file's tables and by the connection's other statements: triggers that
// delete or rename the row a function just wrote, a writing statement left half-stepped on the
// connection, tables named like SQLite's table-valued functions, invalid UTF-8 in stored text,
// and hostile setting values and schema names.
#include "json_helpers.hpp"
#include "sqlite_fixture.hpp"

#include <algorithm>
#include <string>
#include <vector>

using namespace lucia_test;

namespace {

// Whether `text` is well-formed UTF-8 (SQLite's json_valid does not check that).
bool is_well_formed_utf8(const std::string& text) {
    for (std::size_t i = 0; i < text.size();) {
        unsigned char c = static_cast<unsigned char>(text[i]);
        std::size_t length = c < 0x80                   ? 1
                             : (c >= 0xC2 && c <= 0xDF) ? 2
                             : (c >= 0xE0 && c <= 0xEF) ? 3
                             : (c >= 0xF0 && c <= 0xF4) ? 4
                                                        : 0;
        if (length == 0 || i + length > text.size()) return false;
        for (std::size_t k = 1; k < length; ++k)
            if ((static_cast<unsigned char>(text[i + k]) & 0xC0) != 0x80) return false;
        unsigned char second = length > 1 ? static_cast<unsigned char>(text[i + 1]) : 0;
        if ((c == 0xE0 && second < 0xA0) || (c == 0xED && second >= 0xA0) || (c == 0xF0 && second < 0x90) ||
            (c == 0xF4 && second >= 0x90))
            return false;
        i += length;
    }
    return true;
}

// The result is a Lucia error, or JSON whose `field` is one of `allowed` (what the call wrote, or
// what the file's trigger made of it); anything else (a crash, JSON built from freed memory) fails.
void expect_error_or_field(Database& db, const std::string& sql, const std::string& field,
                           const std::vector<std::string>& allowed, const std::string& what) {
    Outcome o = db.run(sql);
    if (!o.ok) {
        EXPECT_EQ(o.error.rfind("AUTH_", 0), 0u) << what << ": " << o.error;
        return;
    }
    EXPECT_EQ(integer(db, "SELECT json_valid(?1)", {o.text()}), 1) << what << ": " << o.text();
    EXPECT_TRUE(is_well_formed_utf8(o.text())) << what << ": " << o.text();
    std::string value = Json(db, o.text()).text(field);
    EXPECT_NE(std::find(allowed.begin(), allowed.end(), value), allowed.end()) << what << ": " << o.text();
}

// Triggers a hostile file can carry on auth_key: the row updated is deleted or renamed under us.
const std::vector<std::string> kKeyTriggers = {
    "AFTER UPDATE ON auth_key BEGIN DELETE FROM auth_key WHERE id = new.id; END",
    "AFTER UPDATE ON auth_key BEGIN UPDATE auth_key SET id = 'renamed:' || new.id WHERE id = new.id; END",
    "AFTER UPDATE ON auth_key BEGIN UPDATE auth_key SET user_id = 'other', hashed_password = NULL WHERE id = new.id; "
    "END",
    "BEFORE UPDATE ON auth_key BEGIN DELETE FROM auth_key WHERE id = old.id; END",
    "BEFORE UPDATE ON auth_key BEGIN UPDATE auth_key SET id = 'renamed:' || old.id WHERE id = old.id; END",
    "AFTER UPDATE ON auth_key BEGIN DELETE FROM auth_key; INSERT INTO auth_key VALUES ('x:y', 'other', NULL, 0, NULL); "
    "END",
};

}  // namespace

// The crash: lucia_update_key_password read its row back after a trigger deleted it.
TEST(SqliteHostileRows, UpdateKeyPasswordSurvivesItsRowVanishing) {
    for (std::size_t i = 0; i < kKeyTriggers.size(); ++i) {
        for (int round = 0; round < 2; ++round) {
            Database db;
            db.value("SELECT lucia_create_tables()");
            call_json(db, "SELECT lucia_create_user('email', 'victim@x', 'old-pw', NULL, 'victim')");
            db.exec("CREATE TRIGGER gone " + kKeyTriggers[i]);
            std::string what = "trigger " + std::to_string(i);
            expect_error_or_field(db, "SELECT lucia_update_key_password('email', 'victim@x', 'new-pw')",
                                  "provider_user_id", {"victim@x", "email:victim@x"}, what);
            expect_error_or_field(db, "SELECT lucia_update_key_password('email', 'victim@x', NULL)", "user_id",
                                  {"victim", "other"}, what);
        }
    }
}

// The same audit for every function that writes a row and then answers with it.
TEST(SqliteHostileRows, EveryWritingFunctionSurvivesItsRowVanishing) {
    struct Case {
        const char* trigger;
        const char* call;
        const char* field;
        const char* expected;
    };
    const std::vector<Case> cases = {
        {"AFTER INSERT ON auth_user BEGIN DELETE FROM auth_user WHERE id = new.id; END",
         "SELECT lucia_create_user(NULL, NULL, NULL, '{\"name\": \"n\"}', 'fresh')", "user_id", "fresh"},
        {"AFTER INSERT ON auth_key BEGIN DELETE FROM auth_key WHERE id = new.id; END",
         "SELECT lucia_create_user('email', 'fresh@x', 'pw', NULL, 'fresh')", "user_id", "fresh"},
        {"AFTER UPDATE ON auth_user BEGIN DELETE FROM auth_user WHERE id = new.id; END",
         "SELECT lucia_update_user_attributes('ada', '{\"name\": \"m\"}')", "user_id", "ada"},
        {"BEFORE UPDATE ON auth_user BEGIN UPDATE auth_user SET id = 'renamed' WHERE id = old.id; END",
         "SELECT lucia_update_user_attributes('ada', '{\"name\": \"m\"}')", "user_id", "ada"},
        {"AFTER INSERT ON auth_key BEGIN UPDATE auth_key SET id = 'renamed' WHERE id = new.id; END",
         "SELECT lucia_create_key('ada', 'otp', '1234', NULL, 60)", "provider_user_id", "1234"},
        {"AFTER INSERT ON auth_session BEGIN DELETE FROM auth_session WHERE id = new.id; END",
         "SELECT lucia_create_session('ada')", "user_id", "ada"},
        {"AFTER UPDATE ON auth_session BEGIN DELETE FROM auth_session WHERE id = new.id; END",
         "SELECT lucia_renew_session((SELECT id FROM auth_session LIMIT 1))", "user_id", "ada"},
        {"BEFORE DELETE ON auth_key BEGIN INSERT INTO auth_key VALUES ('otp:again', 'ada', NULL, 0, NULL); END",
         "SELECT lucia_validate_key('otp', 'once')", "user_id", "ada"},
    };
    for (const char* renewal : {"rotate", "extend"}) {
        for (const Case& c : cases) {
            Database db;
            db.value("SELECT lucia_create_tables()");
            db.exec("ALTER TABLE auth_user ADD COLUMN name TEXT");
            db.value(std::string("SELECT lucia_set_config('lucia.renewal', '") + renewal + "')");
            call_json(db, "SELECT lucia_create_user('email', 'ada@x', 'pw', NULL, 'ada')");
            call_json(db, "SELECT lucia_create_key('ada', 'otp', 'once', NULL, 60)");
            call_json(db, "SELECT lucia_create_session('ada')");
            db.exec(std::string("CREATE TRIGGER hostile ") + c.trigger);
            expect_error_or_field(db, c.call, c.field, {c.expected}, std::string(renewal) + ": " + c.trigger);
        }
    }
}

// The orphan: an INSERT ... RETURNING left half-stepped on the connection is a writing
// statement that is not the caller, so no savepoint can be opened; a taken key id must still
// leave no user behind.
TEST(SqliteHostileRows, CreateUserLeavesNoOrphanWhileAnotherStatementWrites) {
    Database db;
    db.value("SELECT lucia_create_tables()");
    call_json(db, "SELECT lucia_create_user('email', 'taken@x', 'pw', NULL, 'owner')");
    db.exec("CREATE TABLE other (x)");
    sqlite3_stmt* busy = nullptr;
    ASSERT_EQ(sqlite3_prepare_v2(db.handle(), "INSERT INTO other VALUES (1), (2) RETURNING x", -1, &busy, nullptr),
              SQLITE_OK);
    ASSERT_EQ(sqlite3_step(busy), SQLITE_ROW);
    EXPECT_TRUE(fails_with(db, "SELECT lucia_create_user('email', 'taken@x', 'pw', NULL, 'orphan')",
                           "AUTH_DUPLICATE_KEY_ID: a key with this id already exists"));
    EXPECT_EQ(integer(db, "SELECT count(*) FROM auth_user WHERE id = 'orphan'"), 0);
    // Other calls in the same situation do their whole work or none of it.
    EXPECT_EQ(call_json(db, "SELECT lucia_create_user('email', 'new@x', 'pw', NULL, 'newcomer')").text("user_id"),
              "newcomer");
    EXPECT_EQ(db.error_code("SELECT lucia_create_session('nobody')"), "AUTH_INVALID_USER_ID");
    EXPECT_EQ(integer(db, "SELECT count(*) FROM auth_session"), 0);
    while (sqlite3_step(busy) == SQLITE_ROW) {
    }
    sqlite3_finalize(busy);
    EXPECT_EQ(integer(db, "SELECT count(*) FROM auth_user"), 2);
    EXPECT_EQ(integer(db, "SELECT count(*) FROM auth_key WHERE user_id = 'newcomer'"), 1);
    // The caller's own writing statement still works, and its failure undoes everything.
    db.exec("CREATE TABLE made (v)");
    EXPECT_FALSE(db.run("INSERT INTO made SELECT lucia_create_user('email', 'taken@x', 'pw', NULL, 'orphan2')").ok);
    EXPECT_EQ(integer(db, "SELECT count(*) FROM auth_user WHERE id = 'orphan2'"), 0);
    EXPECT_EQ(integer(db, "SELECT count(*) FROM made"), 0);
}

// A plain table named like a table-valued function, in an attached file, hid the built-in.
TEST(SqliteHostileRows, TablesNamedLikeBuiltInsInAnAttachedFileChangeNothing) {
    Database db;
    db.value("SELECT lucia_create_tables()");
    db.exec("ALTER TABLE auth_user ADD COLUMN username TEXT");
    db.exec("ATTACH ':memory:' AS imp");
    db.exec(
        "CREATE TABLE imp.json_each (key, value, type); CREATE TABLE imp.pragma_table_xinfo (name, hidden);"
        "CREATE TABLE imp.json_tree (key, value, type);"
        "INSERT INTO imp.json_each VALUES ('id', 'hijacked', 'text');");
    EXPECT_EQ(call_json(db, "SELECT lucia_create_user(NULL, NULL, NULL, '{\"username\": \"ada\"}', 'ada')")
                  .text("attributes.username"),
              "ada");
    EXPECT_EQ(call_json(db, "SELECT lucia_update_user_attributes('ada', '{\"username\": \"bob\"}')")
                  .text("attributes.username"),
              "bob");
    EXPECT_EQ(db.value("SELECT lucia_parse_request_headers('POST', 'https://a.example/', 'https://b.example', "
                       "'auth_session=" +
                       std::string(40, 'a') + "', '[\"https://b.example\"]')"),
              std::string(40, 'a'));
}

// Invalid UTF-8 that a file stores in the tables still gives valid JSON (U+FFFD in its place).
TEST(SqliteHostileRows, InvalidUtf8InTheTablesGivesValidJson) {
    Database db;
    db.value("SELECT lucia_create_tables()");
    db.exec("ALTER TABLE auth_user ADD COLUMN name TEXT");
    call_json(db, "SELECT lucia_create_user('email', 'ada@x', 'pw', NULL, 'ada')");
    db.exec("UPDATE auth_user SET name = CAST(x'41ff42c0afeda080f4908080e282' AS TEXT)");
    db.exec("INSERT INTO auth_key VALUES (CAST(x'656d61696c3a80' AS TEXT), 'ada', NULL, 0, NULL)");
    db.exec("INSERT INTO auth_user (id, name) VALUES (CAST(x'62ff' AS TEXT), 'x')");
    call_json(db, "SELECT lucia_create_session(CAST(x'62ff' AS TEXT))");
    std::vector<std::string> calls = {
        "SELECT lucia_get_user('ada')",
        "SELECT lucia_get_all_user_keys('ada')",
        "SELECT lucia_validate_session_user((SELECT id FROM auth_session LIMIT 1))",
        "SELECT lucia_get_all_user_sessions(CAST(x'62ff' AS TEXT))",
    };
    for (const std::string& call : calls) {
        Outcome o = db.run(call);
        ASSERT_TRUE(o.ok) << call << ": " << o.error;
        EXPECT_EQ(integer(db, "SELECT json_valid(?1)", {o.text()}), 1) << call << ": " << o.text();
        EXPECT_TRUE(is_well_formed_utf8(o.text())) << call << ": " << o.text();
        EXPECT_NE(o.text().find("\xef\xbf\xbd"), std::string::npos) << call << ": " << o.text();
    }
    const std::string replacement = "\xef\xbf\xbd";  // U+FFFD
    std::string expected = "A" + replacement + "B";
    for (int i = 0; i < 11; ++i) expected += replacement;  // c0 af, ed a0 80, f4 90 80 80, e2 82: one per byte
    EXPECT_EQ(call_json(db, "SELECT lucia_get_user('ada')").text("attributes.name"), expected);
    // Well-formed multibyte text is kept as it is.
    db.exec("UPDATE auth_user SET name = 'Zoë 日本 🙂' WHERE id = 'ada'");
    EXPECT_EQ(call_json(db, "SELECT lucia_get_user('ada')").text("attributes.name"), "Zoë 日本 🙂");
}

// A NUL inside a setting value was cut there ("1\0x" read as "1s").
TEST(SqliteHostileRows, SettingValuesWithNulAreRefused) {
    Database db;
    EXPECT_TRUE(fails_with(db, "SELECT lucia_set_config('lucia.active_period', '1' || char(0) || 'x')",
                           "AUTH_INVALID_ARGUMENT: setting names and values must not contain NUL"));
    EXPECT_EQ(db.value("SELECT lucia_config('lucia.active_period')"), "1d");
    EXPECT_EQ(db.error_code("SELECT lucia_set_config('lucia.tables_schema', 'main' || char(0) || 'imp')"),
              "AUTH_INVALID_ARGUMENT");
    EXPECT_EQ(db.error_code("SELECT lucia_set_config('lucia.cookie_path', '/' || char(0) || ';x')"),
              "AUTH_INVALID_ARGUMENT");
    EXPECT_EQ(db.error_code("SELECT lucia_set_config('lucia.renewal' || char(0), 'extend')"), "AUTH_INVALID_ARGUMENT");
}

// A schema that does not exist is a Lucia argument error, before any DDL runs.
TEST(SqliteHostileRows, UnknownSchemaNamesAreLuciaErrors) {
    Database db;
    EXPECT_TRUE(fails_with(db, "SELECT lucia_create_indexes('nosuchschema')",
                           "AUTH_INVALID_ARGUMENT: no attached database is named \"nosuchschema\""));
    EXPECT_TRUE(fails_with(db, "SELECT lucia_create_tables('nosuchschema')",
                           "AUTH_INVALID_ARGUMENT: no attached database is named \"nosuchschema\""));
    EXPECT_EQ(db.error_code("SELECT lucia_create_tables('')"), "AUTH_INVALID_ARGUMENT");
    EXPECT_EQ(db.error_code("SELECT lucia_create_tables('main' || char(0))"), "AUTH_INVALID_ARGUMENT");
    db.exec("ATTACH ':memory:' AS other");
    EXPECT_EQ(db.run("SELECT lucia_create_tables('other')").ok, true);
    EXPECT_EQ(db.run("SELECT lucia_create_indexes('other')").ok, true);
}

// The module loaded again (here from SQL, so a statement is running) or its guard module dropped:
// the functions kept pointing at freed state (SIGSEGV). Now a failed reload changes nothing.
TEST(SqliteHostileRows, LoadingAgainOrDroppingTheModuleFreesNothingInUse) {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(":memory:", &db), SQLITE_OK);
    sqlite3_enable_load_extension(db, 1);
    ASSERT_EQ(sqlite3_load_extension(db, module_path(), nullptr, nullptr), SQLITE_OK);
    auto one = [&](const std::string& sql) {
        sqlite3_stmt* stmt = nullptr;
        std::string result = "<error>";
        if (sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr) == SQLITE_OK && sqlite3_step(stmt) == SQLITE_ROW) {
            const unsigned char* text = sqlite3_column_text(stmt, 0);
            result = text ? reinterpret_cast<const char*>(text) : "<null>";
        }
        sqlite3_finalize(stmt);
        return result;
    };
    EXPECT_EQ(one("SELECT lucia_set_config('lucia.renewal', 'extend')"), "extend");
    std::string reload = std::string("SELECT load_extension('") + module_path() + "')";
    one(reload);  // fails: functions cannot be replaced while this SELECT runs
    EXPECT_EQ(one("SELECT lucia_config('lucia.renewal')"), "extend");
    EXPECT_EQ(one("SELECT lucia_create_tables()"), "<null>");
    EXPECT_EQ(one("SELECT lucia_create_user(NULL, NULL, NULL, NULL, 'ada') ->> 'user_id'"), "ada");
    sqlite3_drop_modules(db, nullptr);  // drops the statement cache's guard module
    EXPECT_EQ(one("SELECT lucia_config('lucia.renewal')"), "extend");
    EXPECT_EQ(one("SELECT lucia_create_session('ada') ->> 'user_id'"), "ada");
    EXPECT_EQ(one("SELECT lucia_get_user('ada') ->> 'user_id'"), "ada");
    EXPECT_EQ(sqlite3_close(db), SQLITE_OK);
}

// A table named like the statement cache's guard in an attached or the main file made the cache
// believe its guard was connected: close() then failed on unfinalized statements.
TEST(SqliteHostileRows, ATableNamedLikeTheGuardDoesNotKeepTheConnectionOpen) {
    for (const char* where : {"imp", "main"}) {
        sqlite3* db = nullptr;
        ASSERT_EQ(sqlite3_open(":memory:", &db), SQLITE_OK);
        std::string setup = std::string("ATTACH ':memory:' AS imp; CREATE TABLE ") + where +
                            ".lucia_statement_cache (x); CREATE TABLE " + where +
                            ".json_each (key, value, type);"
                            "CREATE TABLE " +
                            where + ".pragma_table_xinfo (name, hidden);";
        ASSERT_EQ(sqlite3_exec(db, setup.c_str(), nullptr, nullptr, nullptr), SQLITE_OK);
        sqlite3_enable_load_extension(db, 1);
        ASSERT_EQ(sqlite3_load_extension(db, module_path(), nullptr, nullptr), SQLITE_OK);
        const char* calls =
            "SELECT lucia_create_tables();"
            "ALTER TABLE auth_user ADD COLUMN name TEXT;"
            "SELECT lucia_create_user('email', 'a@x', 'pw', '{\"name\": \"a\"}', 'ada');"
            "SELECT lucia_create_session('ada');"
            "SELECT lucia_get_user('ada');";
        char* error = nullptr;
        EXPECT_EQ(sqlite3_exec(db, calls, nullptr, nullptr, &error), SQLITE_OK)
            << where << ": " << (error ? error : "");
        sqlite3_free(error);
        EXPECT_EQ(sqlite3_close(db), SQLITE_OK) << where << ": " << sqlite3_errmsg(db);
    }
}

// A user's row that cannot go (the application's foreign key) while another statement writes: its
// sessions and keys were already deleted, so the user could no longer log in.
TEST(SqliteHostileRows, DeleteUserLeavesNothingHalfDoneWhileAnotherStatementWrites) {
    Database db;
    db.exec("PRAGMA foreign_keys = ON");
    db.value("SELECT lucia_create_tables()");
    call_json(db, "SELECT lucia_create_user('email', 'ada@x', 'pw', NULL, 'ada')");
    call_json(db, "SELECT lucia_create_session('ada')");
    // An application column that is generated: it must not be written back.
    db.exec("ALTER TABLE auth_key ADD COLUMN provider AS (substr(id, 1, instr(id, ':') - 1))");
    db.exec(
        "CREATE TABLE post (author TEXT REFERENCES auth_user (id)); INSERT INTO post VALUES ('ada');"
        "CREATE TABLE other (x)");
    sqlite3_stmt* busy = nullptr;
    ASSERT_EQ(sqlite3_prepare_v2(db.handle(), "INSERT INTO other VALUES (1), (2) RETURNING x", -1, &busy, nullptr),
              SQLITE_OK);
    ASSERT_EQ(sqlite3_step(busy), SQLITE_ROW);
    EXPECT_FALSE(db.run("SELECT lucia_delete_user('ada')").ok);
    EXPECT_EQ(integer(db, "SELECT count(*) FROM auth_user"), 1);
    EXPECT_EQ(integer(db, "SELECT count(*) FROM auth_key"), 1);
    EXPECT_EQ(integer(db, "SELECT count(*) FROM auth_session"), 1);
    EXPECT_EQ(call_json(db, "SELECT lucia_validate_key('email', 'ada@x', 'pw')").text("user_id"), "ada");
    while (sqlite3_step(busy) == SQLITE_ROW) {
    }
    sqlite3_finalize(busy);
}

// A trigger that adds a dead session for each one deleted kept every batch full: the sweep ran
// for ever. It now stops after the sessions that were dead when it began.
TEST(SqliteHostileRows, TheSweepEndsWhateverATriggerAdds) {
    Database db;
    db.value("SELECT lucia_create_tables()");
    call_json(db, "SELECT lucia_create_user(NULL, NULL, NULL, NULL, 'ada')");
    db.exec(
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 30) "
        "INSERT INTO auth_session SELECT 'dead' || i, 'ada', 1, 1 FROM n");
    db.exec(
        "CREATE TRIGGER refill AFTER DELETE ON auth_session BEGIN "
        "INSERT INTO auth_session VALUES (old.id || 'x', 'ada', 1, 1); END");
    EXPECT_EQ(integer(db, "SELECT lucia_delete_expired_sessions(10)"), 30);
    EXPECT_EQ(integer(db, "SELECT count(*) FROM auth_session"), 30);
}

// Setting values that are not UTF-8 were accepted and echoed back; ids with NUL made look-alikes.
TEST(SqliteHostileRows, SettingsMustBeUtf8AndIdsMustNotHoldNul) {
    Database db;
    for (const char* setting : {"lucia.tables_schema", "lucia.cookie_path", "lucia.cookie_domain"}) {
        EXPECT_TRUE(fails_with(db, std::string("SELECT lucia_set_config('") + setting + "', CAST(X'61FF' AS TEXT))",
                               "AUTH_INVALID_ARGUMENT: setting names and values must be valid UTF-8"));
    }
    db.value("SELECT lucia_create_tables()");
    call_json(db, "SELECT lucia_create_user('email', 'admin', 'pw', NULL, 'admin')");
    EXPECT_EQ(db.error_code("SELECT lucia_create_user('email', 'admin' || char(0), 'pw')"), "AUTH_INVALID_KEY_ID");
    EXPECT_EQ(db.error_code("SELECT lucia_create_user(NULL, NULL, NULL, NULL, 'admin' || char(0))"),
              "AUTH_INVALID_ARGUMENT");
    EXPECT_EQ(integer(db, "SELECT count(*) FROM auth_user"), 1);
}
