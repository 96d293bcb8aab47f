// How the functions are registered: every one but lucia_authenticated_user_id SQLITE_DIRECTONLY
// (refused in views, triggers and schema expressions of a database file that may be untrusted) and
// not INNOCUOUS; DETERMINISTIC all but the three whose every call must give a new value (random
// strings, salted hashes, the work counter), because SQLite refuses a function in a file's CHECK
// constraint only when it is deterministic (tests/sqlite/hostile_schema_test.cpp).
// lucia_authenticated_user_id, which only reads what the connection's own SQL set, is INNOCUOUS,
// so the application's views can call it (tests/sqlite/authentication_test.cpp).
#include "json_helpers.hpp"
#include "sqlite_fixture.hpp"

#include <cstdio>
#include <cstdlib>
#include <map>
#include <set>
#include <string>

#include <unistd.h>

using namespace lucia_test;

namespace {

struct Arity {
    int min;
    int max;
};

// The API (docs/api.md) with the argument counts SQLite accepts: every DIRECTONLY function.
const std::map<std::string, Arity> kFunctions = {
    {"lucia_create_user", {0, 5}},
    {"lucia_get_user", {1, 1}},
    {"lucia_update_user_attributes", {2, 2}},
    {"lucia_delete_user", {1, 1}},
    {"lucia_create_key", {3, 5}},
    {"lucia_validate_key", {2, 3}},
    {"lucia_get_key", {2, 2}},
    {"lucia_get_all_user_keys", {1, 1}},
    {"lucia_update_key_password", {3, 3}},
    {"lucia_delete_key", {2, 2}},
    {"lucia_create_session", {1, 1}},
    {"lucia_get_session", {1, 1}},
    {"lucia_get_session_user", {1, 1}},
    {"lucia_validate_session", {1, 1}},
    {"lucia_validate_session_user", {1, 1}},
    {"lucia_renew_session", {1, 1}},
    {"lucia_get_all_user_sessions", {1, 1}},
    {"lucia_invalidate_session", {1, 1}},
    {"lucia_invalidate_all_user_sessions", {1, 1}},
    {"lucia_delete_dead_user_sessions", {1, 1}},
    {"lucia_delete_expired_sessions", {0, 2}},
    {"lucia_authenticate", {1, 1}},
    {"lucia_clear_authentication", {0, 0}},
    {"lucia_generate_random_string", {1, 1}},
    {"lucia_hash_password", {1, 1}},
    {"lucia_verify_password", {2, 2}},
    {"lucia_create_session_cookie", {0, 2}},
    {"lucia_parse_request_headers", {2, 5}},
    {"lucia_scrypt_count", {0, 0}},
    {"lucia_create_tables", {0, 1}},
    {"lucia_create_indexes", {0, 1}},
    {"lucia_set_config", {2, 2}},
    {"lucia_config", {1, 1}},
    {"lucia_version", {0, 0}},
};

// The one function that views and triggers may call: INNOCUOUS, not DIRECTONLY, not DETERMINISTIC.
const char* const kInnocuousFunction = "lucia_authenticated_user_id";

constexpr int kDeterministic = 0x800;  // SQLITE_DETERMINISTIC
constexpr int kDirectOnly = 0x80000;   // SQLITE_DIRECTONLY
constexpr int kInnocuous = 0x200000;   // SQLITE_INNOCUOUS

// A call with `args` NULL arguments ("lucia_x(NULL, NULL)").
std::string call_with_nulls(const std::string& name, int args) {
    std::string sql = name + "(";
    for (int i = 0; i < args; ++i) sql += i == 0 ? "NULL" : ", NULL";
    return sql + ")";
}

}  // namespace

TEST(SqliteFlags, EveryFunctionButOneIsDirectOnlyAndOnlyFreshOnesAreNotDeterministic) {
    Database db;
    static_assert(
        SQLITE_DETERMINISTIC == kDeterministic && SQLITE_DIRECTONLY == kDirectOnly && SQLITE_INNOCUOUS == kInnocuous,
        "flag values");
    sqlite3_stmt* stmt = nullptr;
    ASSERT_EQ(sqlite3_prepare_v2(db.handle(),
                                 "SELECT name, narg, flags, type, enc FROM pragma_function_list "
                                 "WHERE name LIKE 'lucia\\_%' ESCAPE '\\' ORDER BY name, narg",
                                 -1, &stmt, nullptr),
              SQLITE_OK)
        << sqlite3_errmsg(db.handle());
    std::set<std::pair<std::string, int>> seen;
    while (sqlite3_step(stmt) == SQLITE_ROW) {
        std::string name = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
        int narg = sqlite3_column_int(stmt, 1);
        int flags = sqlite3_column_int(stmt, 2);
        SCOPED_TRACE(name + "/" + std::to_string(narg));
        seen.insert({name, narg});
        if (name == kInnocuousFunction) {
            EXPECT_EQ(flags & (kDirectOnly | kDeterministic | kInnocuous), kInnocuous) << "flags " << flags;
            continue;
        }
        EXPECT_NE(flags & kDirectOnly, 0) << "flags " << flags;
        bool fresh =
            name == "lucia_generate_random_string" || name == "lucia_hash_password" || name == "lucia_scrypt_count";
        EXPECT_EQ(flags & kDeterministic, fresh ? 0 : kDeterministic) << "flags " << flags;
        EXPECT_EQ(flags & kInnocuous, 0) << "flags " << flags;
        EXPECT_STREQ(reinterpret_cast<const char*>(sqlite3_column_text(stmt, 3)), "s");
        EXPECT_STREQ(reinterpret_cast<const char*>(sqlite3_column_text(stmt, 4)), "utf8");
    }
    sqlite3_finalize(stmt);
    std::set<std::pair<std::string, int>> expected;
    for (const auto& [name, arity] : kFunctions)
        for (int n = arity.min; n <= arity.max; ++n) expected.insert({name, n});
    expected.insert({kInnocuousFunction, 0});
    EXPECT_EQ(seen, expected);
    EXPECT_EQ(expected.size(), 52u);
}

// Refused inside a view of the database, whatever the arguments: "unsafe use of ...".
TEST(SqliteFlags, RefusedInsideViews) {
    Database db;
    db.value("SELECT lucia_create_tables()");
    int i = 0;
    for (const auto& [name, arity] : kFunctions) {
        std::string view = "v" + std::to_string(i++);
        db.exec("CREATE VIEW " + view + " AS SELECT " + call_with_nulls(name, arity.min) + " AS x");
        Outcome o = db.run("SELECT * FROM " + view);
        EXPECT_FALSE(o.ok) << name;
        EXPECT_EQ(o.error, "unsafe use of " + name + "()");
        // Also when the call is buried in an expression of the view.
        db.exec("CREATE VIEW w" + view + " AS SELECT 1 WHERE " + call_with_nulls(name, arity.max) + " IS NULL");
        EXPECT_EQ(db.run("SELECT * FROM w" + view).error, "unsafe use of " + name + "()");
    }
}

// Refused inside a trigger of the database: the triggering statement fails and writes nothing.
TEST(SqliteFlags, RefusedInsideTriggers) {
    Database db;
    db.value("SELECT lucia_create_tables()");
    db.exec("CREATE TABLE t (x)");
    for (const auto& [name, arity] : kFunctions) {
        db.exec("CREATE TRIGGER tr AFTER INSERT ON t BEGIN SELECT " + call_with_nulls(name, arity.min) + "; END");
        Outcome o = db.run("INSERT INTO t VALUES (1)");
        EXPECT_FALSE(o.ok) << name;
        EXPECT_EQ(o.error, "unsafe use of " + name + "()");
        db.exec("DROP TRIGGER tr");
    }
    // A BEFORE trigger on Lucia's own table, as an attacker's database file could carry.
    call_json(db, "SELECT lucia_create_user(NULL, NULL, NULL, NULL, 'ada')");
    db.exec(
        "CREATE TRIGGER steal BEFORE INSERT ON auth_session BEGIN "
        "SELECT lucia_update_key_password('email', 'victim', 'attacker'); END");
    EXPECT_EQ(db.run("SELECT lucia_create_session('ada')").error, "unsafe use of lucia_update_key_password()");
    EXPECT_EQ(integer(db, "SELECT count(*) FROM t"), 0);
    EXPECT_EQ(integer(db, "SELECT count(*) FROM auth_session"), 0);
}

// Refused in the schema's expressions too (DEFAULT, views, triggers) of a database file made by
// someone else: here written by one connection, then opened by another. (CHECK constraints and
// the other schema objects of attached files: tests/sqlite/hostile_schema_test.cpp.)
TEST(SqliteFlags, RefusedInTheSchemaOfAnotherDatabaseFile) {
    char path[] = "/tmp/lucia_flags_XXXXXX";
    int fd = mkstemp(path);
    ASSERT_GE(fd, 0);
    close(fd);
    {
        Database author(path);
        author.value("SELECT lucia_create_tables()");
        author.exec(
            "CREATE TABLE d (a DEFAULT (lucia_generate_random_string(5)));"
            "CREATE VIEW v AS SELECT lucia_scrypt_count() AS n;"
            "CREATE TABLE t (x);"
            "CREATE TRIGGER tr AFTER INSERT ON t BEGIN SELECT lucia_delete_user('ada'); END;");
        Outcome generated = author.run("CREATE TABLE g (a, b AS (lucia_hash_password(a)))");
        EXPECT_FALSE(generated.ok) << "a generated column cannot use a non-deterministic function";
    }
    {
        Database victim(path);
        EXPECT_EQ(victim.run("INSERT INTO d DEFAULT VALUES").error, "unsafe use of lucia_generate_random_string()");
        EXPECT_EQ(victim.run("SELECT * FROM v").error, "unsafe use of lucia_scrypt_count()");
        EXPECT_EQ(victim.run("INSERT INTO t VALUES (1)").error, "unsafe use of lucia_delete_user()");
        EXPECT_EQ(integer(victim, "SELECT (SELECT count(*) FROM d) + (SELECT count(*) FROM t)"), 0);
    }
    std::remove(path);
}

// The fresh functions are not deterministic: never evaluated once for several calls or rows.
TEST(SqliteFlags, RandomAndHashFunctionsAreEvaluatedEveryTime) {
    Database db;
    EXPECT_EQ(db.value("SELECT lucia_generate_random_string(40) = lucia_generate_random_string(40)"), "0");
    EXPECT_EQ(db.value("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 50) "
                       "SELECT count(DISTINCT lucia_generate_random_string(20)) FROM n"),
              "50");
    EXPECT_EQ(
        db.value("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 5) "
                 "SELECT count(*) FROM n WHERE lucia_generate_random_string(1) <> lucia_generate_random_string(1) "
                 "OR lucia_generate_random_string(30) <> lucia_generate_random_string(30)"),
        "5");
    std::int64_t before = scrypt_count(db);
    EXPECT_EQ(db.value("SELECT lucia_hash_password('same') <> lucia_hash_password('same')"), "1");
    EXPECT_EQ(scrypt_count(db) - before, 2);
    EXPECT_NE(db.value("SELECT lucia_create_session_cookie()"), "");
    db.value("SELECT lucia_create_tables()");
    call_json(db, "SELECT lucia_create_user(NULL, NULL, NULL, NULL, 'ada')");
    EXPECT_EQ(
        db.value("SELECT lucia_create_session('ada') ->> 'session_id' <> lucia_create_session('ada') ->> 'session_id'"),
        "1");
    EXPECT_EQ(integer(db, "SELECT count(*) FROM auth_session"), 2);
}
