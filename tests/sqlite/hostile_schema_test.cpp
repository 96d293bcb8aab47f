// Attacks by a database file's schema: a CHECK constraint, DEFAULT, generated column, index
// expression, partial index, view or trigger of an attached (or main) file that calls a lucia
// function when the application merely writes or reads that file's tables. None of them may run
// a lucia function, whichever order the file and the module are loaded in, with trusted_schema
// on or off.
#include "json_helpers.hpp"
#include "sqlite_fixture.hpp"

#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include <unistd.h>

using namespace lucia_test;

namespace {

// Every function with its smallest argument count, but lucia_authenticated_user_id, which a
// file's views and triggers may read (tests/sqlite/authentication_test.cpp).
const std::vector<std::pair<std::string, int>> kFunctions = {
    {"lucia_create_user", 0},
    {"lucia_get_user", 1},
    {"lucia_update_user_attributes", 2},
    {"lucia_delete_user", 1},
    {"lucia_create_key", 3},
    {"lucia_validate_key", 2},
    {"lucia_get_key", 2},
    {"lucia_get_all_user_keys", 1},
    {"lucia_update_key_password", 3},
    {"lucia_delete_key", 2},
    {"lucia_create_session", 1},
    {"lucia_get_session", 1},
    {"lucia_get_session_user", 1},
    {"lucia_validate_session", 1},
    {"lucia_validate_session_user", 1},
    {"lucia_renew_session", 1},
    {"lucia_get_all_user_sessions", 1},
    {"lucia_invalidate_session", 1},
    {"lucia_invalidate_all_user_sessions", 1},
    {"lucia_delete_dead_user_sessions", 1},
    {"lucia_delete_expired_sessions", 0},
    {"lucia_authenticate", 1},
    {"lucia_clear_authentication", 0},
    {"lucia_generate_random_string", 1},
    {"lucia_hash_password", 1},
    {"lucia_verify_password", 2},
    {"lucia_create_session_cookie", 0},
    {"lucia_parse_request_headers", 2},
    {"lucia_scrypt_count", 0},
    {"lucia_create_tables", 0},
    {"lucia_create_indexes", 0},
    {"lucia_set_config", 2},
    {"lucia_config", 1},
};

// A connection without lucia: how an attacker writes a file. Each lucia name is a harmless
// deterministic stand-in there, so that every kind of schema object accepts it.
class AuthorConnection {
public:
    explicit AuthorConnection(const std::string& path) {
        if (sqlite3_open(path.c_str(), &db_) != SQLITE_OK) ADD_FAILURE() << "cannot open " << path;
        for (const auto& [name, arity] : kFunctions) {
            for (int n = 0; n <= 5; ++n)
                sqlite3_create_function_v2(db_, name.c_str(), n, SQLITE_UTF8 | SQLITE_DETERMINISTIC, nullptr,
                                           &AuthorConnection::stand_in, nullptr, nullptr, nullptr);
        }
    }
    ~AuthorConnection() {
        sqlite3_close(db_);
    }
    void exec(const std::string& sql) {
        char* error = nullptr;
        EXPECT_EQ(sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &error), SQLITE_OK)
            << sql << ": " << (error ? error : "");
        sqlite3_free(error);
    }

private:
    static void stand_in(sqlite3_context* context, int, sqlite3_value**) {
        sqlite3_result_int(context, 1);
    }
    sqlite3* db_ = nullptr;
};

std::string temp_path(const char* stem) {
    std::string pattern = std::string("/tmp/lucia_") + stem + "_XXXXXX";
    std::vector<char> path(pattern.begin(), pattern.end());
    path.push_back('\0');
    int fd = mkstemp(path.data());
    EXPECT_GE(fd, 0);
    close(fd);
    std::remove(path.data());
    return path.data();
}

// "name(NULL, NULL)" with `args` arguments.
std::string call_with_nulls(const std::string& name, int args) {
    std::string sql = name + "(";
    for (int i = 0; i < args; ++i) sql += i == 0 ? "NULL" : ", NULL";
    return sql + ")";
}

// One kind of schema object that calls `call`, and the application statements that would run it.
struct SchemaObject {
    const char* kind;
    std::string ddl;
    std::vector<std::string> statements;  // on the victim, with the file attached as imp
};

std::vector<SchemaObject> schema_objects(const std::string& call) {
    return {
        {"CHECK",
         "CREATE TABLE t (x INT CHECK (x IS NULL OR " + call + " IS NOT NULL)); INSERT INTO t VALUES (NULL)",
         {"UPDATE imp.t SET x = 1", "INSERT INTO imp.t VALUES (2)"}},
        {"DEFAULT", "CREATE TABLE t (x INT, d DEFAULT (" + call + "))", {"INSERT INTO imp.t (x) VALUES (1)"}},
        {"generated column",
         "CREATE TABLE t (x INT, g AS (" + call + ")); INSERT INTO t (x) VALUES (1)",
         {"SELECT g FROM imp.t", "INSERT INTO imp.t (x) VALUES (2)"}},
        {"stored generated column",
         "CREATE TABLE t (x INT, g AS (" + call + ") STORED)",
         {"INSERT INTO imp.t (x) VALUES (1)"}},
        {"index expression",
         "CREATE TABLE t (x INT); CREATE INDEX i ON t ((" + call + "))",
         {"INSERT INTO imp.t (x) VALUES (1)"}},
        {"partial index",
         "CREATE TABLE t (x INT); CREATE INDEX i ON t (x) WHERE " + call + " IS NOT NULL",
         {"INSERT INTO imp.t (x) VALUES (1)"}},
        {"view", "CREATE VIEW v AS SELECT " + call + " AS c", {"SELECT * FROM imp.v"}},
        {"trigger",
         "CREATE TABLE t (x INT); CREATE TRIGGER tr AFTER INSERT ON t BEGIN SELECT " + call + "; END",
         {"INSERT INTO imp.t (x) VALUES (1)"}},
    };
}

// What SQLite or lucia answer when a schema object would call a lucia function: every other
// outcome (success, or a Lucia error from the function's own checks) means it ran.
bool is_refusal(const std::string& error) {
    for (const char* refusal : {"unsafe use of lucia_", "calls it by its plain name",
                                "non-deterministic functions prohibited", "malformed database schema"}) {
        if (error.find(refusal) != std::string::npos) return true;
    }
    return false;
}

// Attaches the file and runs the statements; every one must be refused (or the file not attach).
void expect_never_runs(Database& victim, const std::string& path, const SchemaObject& object, const std::string& what) {
    Outcome attach = victim.run("ATTACH ?1 AS imp", {path});
    if (attach.ok) {
        for (const std::string& statement : object.statements) {
            Outcome o = victim.run(statement);
            EXPECT_FALSE(o.ok) << what << ": " << statement << " ran the call";
            EXPECT_TRUE(is_refusal(o.error)) << what << ": " << statement << " -> " << o.error;
        }
        victim.run("DETACH imp");
    } else {
        EXPECT_TRUE(is_refusal(attach.error)) << what << ": ATTACH -> " << attach.error;
    }
}

}  // namespace

// Every function in every kind of schema object of an attached file, with trusted_schema on and off.
TEST(SqliteHostileSchema, NoFunctionRunsFromAnySchemaObjectOfAnAttachedFile) {
    for (const char* trusted : {"ON", "OFF"}) {
        Database victim;
        victim.exec(std::string("PRAGMA trusted_schema = ") + trusted);
        victim.value("SELECT lucia_create_tables()");
        for (const auto& [name, arity] : kFunctions) {
            for (const SchemaObject& object : schema_objects(call_with_nulls(name, arity))) {
                std::string path = temp_path("schema");
                { AuthorConnection(path).exec(object.ddl); }
                expect_never_runs(victim, path, object, name + " in a " + object.kind + ", trusted_schema=" + trusted);
                std::remove(path.c_str());
            }
        }
    }
}

// The same with the file attached (and its schema read) before the module was loaded: SQLite
// resolved the CHECK constraint when no lucia function existed.
TEST(SqliteHostileSchema, NoFunctionRunsWhenTheFileWasAttachedBeforeTheModule) {
    for (const auto& [name, arity] : kFunctions) {
        const SchemaObject check = schema_objects(call_with_nulls(name, arity))[0];
        std::string path = temp_path("before");
        { AuthorConnection(path).exec(check.ddl); }
        sqlite3* db = nullptr;
        ASSERT_EQ(sqlite3_open(":memory:", &db), SQLITE_OK);
        std::string attach = "ATTACH '" + path + "' AS imp; SELECT count(*) FROM imp.t;";
        ASSERT_EQ(sqlite3_exec(db, attach.c_str(), nullptr, nullptr, nullptr), SQLITE_OK);
        sqlite3_enable_load_extension(db, 1);
        ASSERT_EQ(sqlite3_load_extension(db, module_path(), nullptr, nullptr), SQLITE_OK);
        for (const std::string& statement : check.statements) {
            char* error = nullptr;
            int rc = sqlite3_exec(db, statement.c_str(), nullptr, nullptr, &error);
            std::string message = error ? error : "";
            sqlite3_free(error);
            EXPECT_NE(rc, SQLITE_OK) << name << ": " << statement << " ran the call";
            EXPECT_TRUE(is_refusal(message)) << name << ": " << statement << " -> " << message;
        }
        sqlite3_close(db);
        std::remove(path.c_str());
    }
}

// The file is the main database: its schema is just as untrusted.
TEST(SqliteHostileSchema, NoFunctionRunsFromTheMainFilesCheckConstraints) {
    for (const auto& [name, arity] : kFunctions) {
        std::string path = temp_path("main");
        { AuthorConnection(path).exec(schema_objects(call_with_nulls(name, arity))[0].ddl); }
        Database victim(path);
        for (const char* statement : {"UPDATE t SET x = 1", "INSERT INTO t VALUES (2)"}) {
            Outcome o = victim.run(statement);
            EXPECT_FALSE(o.ok) << name << ": " << statement << " ran the call";
            EXPECT_TRUE(is_refusal(o.error)) << name << ": " << statement << " -> " << o.error;
        }
        std::remove(path.c_str());
    }
}

// The attack: an import.db whose CHECK points lucia.tables_schema at the attacker's tables,
// creates a user with the attacker's password, or resets the admin's password.
TEST(SqliteHostileSchema, ACheckConstraintCannotTakeOverAnAccount) {
    std::string path = temp_path("import");
    {
        // The attacker's own auth tables, where admin@x has the attacker's password.
        Database attacker_tables(path);
        attacker_tables.value("SELECT lucia_create_tables()");
        call_json(attacker_tables, "SELECT lucia_create_user('email', 'admin@x', 'attacker-pw', NULL, 'admin')");
    }
    {
        AuthorConnection author(path);
        author.exec(
            "CREATE TABLE rows (imported INT CHECK (imported IS NULL OR "
            "lucia_set_config('lucia.tables_schema', 'imp') IS NOT NULL));"
            "CREATE TABLE users (imported INT CHECK (imported IS NULL OR "
            "lucia_create_user('email', 'evil@x', 'evil-pw', NULL, 'evil') IS NOT NULL));"
            "CREATE TABLE keys (imported INT CHECK (imported IS NULL OR "
            "lucia_update_key_password('email', 'admin@x', 'attacker-pw') IS NOT NULL));"
            "INSERT INTO rows VALUES (NULL); INSERT INTO users VALUES (NULL); INSERT INTO keys VALUES (NULL);");
    }
    for (const char* trusted : {"ON", "OFF"}) {
        Database victim;
        victim.exec(std::string("PRAGMA trusted_schema = ") + trusted);
        victim.value("SELECT lucia_create_tables()");
        call_json(victim, "SELECT lucia_create_user('email', 'admin@x', 'admin-pw', NULL, 'admin')");
        victim.run("ATTACH ?1 AS imp", {path});
        for (const char* table : {"rows", "users", "keys"})
            victim.run(std::string("UPDATE imp.") + table + " SET imported = 1");
        victim.run("DETACH imp");
        victim.run("ATTACH ?1 AS imp", {path});  // the attacker's tables are there to be pointed at
        EXPECT_EQ(victim.value("SELECT lucia_config('lucia.tables_schema')"), "main") << trusted;
        EXPECT_EQ(victim.error_code("SELECT lucia_validate_key('email', 'admin@x', 'attacker-pw')"),
                  "AUTH_INVALID_PASSWORD")
            << trusted;
        EXPECT_EQ(victim.error_code("SELECT lucia_validate_key('email', 'evil@x', 'evil-pw')"), "AUTH_INVALID_KEY_ID")
            << trusted;
        EXPECT_EQ(integer(victim, "SELECT count(*) FROM main.auth_user WHERE id = 'evil'"), 0) << trusted;
        EXPECT_EQ(call_json(victim, "SELECT lucia_validate_key('email', 'admin@x', 'admin-pw')").text("user_id"),
                  "admin");
    }
    std::remove(path.c_str());
}

// The functions run when the application's statement calls them by their plain name.
TEST(SqliteHostileSchema, FunctionsRunWhenTheStatementCallsThemByName) {
    Database db;
    EXPECT_EQ(db.value("SELECT length(lucia_generate_random_string(12))"), "12");
    EXPECT_EQ(db.value("SELECT length(LUCIA_Generate_Random_String (3))"), "3");
    // A quoted name is how SQL built by a module (FTS4's uncompress=) calls a function: refused.
    EXPECT_EQ(db.error_code("SELECT \"lucia_generate_random_string\"(3)"), "AUTH_INVALID_ARGUMENT");
    EXPECT_EQ(db.value("WITH r(v) AS (SELECT lucia_hash_password('pw')) SELECT substr(v, 1, 3) FROM r"), "s2:");
    EXPECT_NE(db.value("SELECT lucia_scrypt_count()"), "");
    db.exec("CREATE TABLE t (x)");
    db.exec("INSERT INTO t SELECT lucia_generate_random_string(5)");
    EXPECT_EQ(integer(db, "SELECT count(*) FROM t WHERE length(x) = 5"), 1);
}

// FTS4 builds its own SQL from a file's compress= and uncompress= options, naming the function
// quoted: a file could make any one-argument function run (a session minted for its "admin"
// row, returned as the note's text) when the application merely read the table.
TEST(SqliteHostileSchema, Fts4CompressOptionsCannotCallLuciaFunctions) {
    const std::vector<std::string> one_argument = {"lucia_get_user",
                                                   "lucia_delete_user",
                                                   "lucia_get_all_user_keys",
                                                   "lucia_create_session",
                                                   "lucia_get_session",
                                                   "lucia_validate_session",
                                                   "lucia_renew_session",
                                                   "lucia_get_all_user_sessions",
                                                   "lucia_invalidate_all_user_sessions",
                                                   "lucia_generate_random_string",
                                                   "lucia_hash_password",
                                                   "lucia_config",
                                                   "lucia_create_indexes"};
    for (const std::string& name : one_argument) {
        std::string path = temp_path("fts4");
        {
            // The attacker's tool: the name stands for an identity function while it writes the row.
            sqlite3* author = nullptr;
            ASSERT_EQ(sqlite3_open(path.c_str(), &author), SQLITE_OK);
            sqlite3_create_function_v2(
                author, name.c_str(), 1, SQLITE_UTF8, nullptr,
                [](sqlite3_context* context, int, sqlite3_value** argv) { sqlite3_result_value(context, argv[0]); },
                nullptr, nullptr, nullptr);
            std::string ddl = "CREATE VIRTUAL TABLE notes USING fts4(body, compress=" + name + ", uncompress=" + name +
                              "); INSERT INTO notes (body) VALUES ('admin')";
            ASSERT_EQ(sqlite3_exec(author, ddl.c_str(), nullptr, nullptr, nullptr), SQLITE_OK)
                << sqlite3_errmsg(author);
            sqlite3_close(author);
        }
        Database victim;
        victim.value("SELECT lucia_create_tables()");
        call_json(victim, "SELECT lucia_create_user('email', 'admin@x', 'admin-pw', NULL, 'admin')");
        victim.run("ATTACH ?1 AS import", {path});
        for (const char* statement :
             {"SELECT body FROM import.notes", "SELECT body FROM import.notes WHERE notes MATCH 'admin'",
              "INSERT INTO import.notes (body) VALUES ('admin')"}) {
            Outcome o = victim.run(statement);
            EXPECT_FALSE(o.ok) << name << ": " << statement << " ran it: " << o.text();
            // FTS4 reports a failed compress= or uncompress= call as "SQL logic error", without its
            // message; that the function did nothing is checked below.
            EXPECT_TRUE(is_refusal(o.error) || o.error == "SQL logic error")
                << name << ": " << statement << " -> " << o.error;
        }
        EXPECT_EQ(integer(victim, "SELECT count(*) FROM main.auth_session"), 0) << name;
        EXPECT_EQ(integer(victim, "SELECT count(*) FROM main.auth_user"), 1) << name;
        std::remove(path.c_str());
    }
}

// Shared-cache mode: another connection of the process, without lucia, parsed the file's schema
// first, so SQLite never marked the CHECK constraint's call as coming from the schema.
TEST(SqliteHostileSchema, SharedCacheSchemaParsedWithoutTheModuleStillRunsNothing) {
    std::string path = temp_path("shared");
    { AuthorConnection(path).exec(schema_objects("lucia_set_config('lucia.tables_schema', 'imp')")[0].ddl); }
    std::string uri = "file:" + path + "?cache=shared";
    sqlite3* other = nullptr;
    ASSERT_EQ(sqlite3_open_v2(uri.c_str(), &other, SQLITE_OPEN_READWRITE | SQLITE_OPEN_URI, nullptr), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(other, "SELECT count(*) FROM t", nullptr, nullptr, nullptr), SQLITE_OK)
        << sqlite3_errmsg(other);
    {
        Database victim;
        Outcome attach = victim.run("ATTACH ?1 AS imp", {uri});
        ASSERT_TRUE(attach.ok) << attach.error;
        Outcome o = victim.run("UPDATE imp.t SET x = 1");
        EXPECT_FALSE(o.ok) << "the CHECK constraint ran lucia_set_config";
        EXPECT_TRUE(is_refusal(o.error)) << o.error;
        EXPECT_EQ(victim.value("SELECT lucia_config('lucia.tables_schema')"), "main");
    }
    sqlite3_close(other);
    std::remove(path.c_str());
}

// The plain-name rule read text inside a string literal as a call: a file's FTS4 table named
// "n lucia_hash_password(" makes FTS4 run INSERT INTO 'imp'.'n lucia_hash_password(_content'
// while the application only inserts a row, and a CHECK on that shadow table then ran scrypt.
TEST(SqliteHostileSchema, ANameInsideALiteralOrQuotedIdentifierIsNoCall) {
    std::string path = temp_path("ftsname");
    {
        sqlite3* author = nullptr;
        ASSERT_EQ(sqlite3_open(path.c_str(), &author), SQLITE_OK);
        const char* ddl =
            "CREATE TABLE t (x);"
            "CREATE VIRTUAL TABLE \"n lucia_hash_password(\" USING fts4(body);"
            "CREATE TRIGGER t_ai AFTER INSERT ON t BEGIN INSERT INTO \"n lucia_hash_password(\" (body) VALUES (new.x); "
            "END;"
            "PRAGMA writable_schema = ON;"
            "UPDATE sqlite_schema SET sql = replace(sql, '''c0body'')', "
            "'''c0body'', CHECK (length(lucia_hash_password(c0body)) > 0))') WHERE name = 'n "
            "lucia_hash_password(_content';";
        ASSERT_EQ(sqlite3_exec(author, ddl, nullptr, nullptr, nullptr), SQLITE_OK) << sqlite3_errmsg(author);
        sqlite3_close(author);
    }
    Database victim;
    victim.run("ATTACH ?1 AS imp", {path});
    std::int64_t before = scrypt_count(victim);
    EXPECT_FALSE(victim.run("INSERT INTO imp.t VALUES ('hello')").ok);
    EXPECT_EQ(scrypt_count(victim) - before, 0);
    // The application's own text: names in literals, quoted identifiers and comments are no calls.
    EXPECT_EQ(victim.error_code("SELECT 'lucia_config(' || \"lucia_config\"('lucia.env')"), "AUTH_INVALID_ARGUMENT");
    EXPECT_EQ(victim.error_code("SELECT [lucia_config]('lucia.env') /* lucia_config( */"), "AUTH_INVALID_ARGUMENT");
    EXPECT_EQ(victim.error_code("SELECT 1 -- \"lucia_config\"(\n, lucia_config('lucia.env')"), "");
    std::remove(path.c_str());
}

// A file that declares a table USING lucia's statement-cache guard module: when SQLite
// disconnected it (after any schema change by another connection) it finalized the statements
// lucia was running (heap-use-after-free, SIGSEGV).
TEST(SqliteHostileSchema, AFileCannotDeclareLuciasGuardModule) {
    std::string path = temp_path("guard");
    {
        sqlite3* author = nullptr;
        ASSERT_EQ(sqlite3_open(path.c_str(), &author), SQLITE_OK);
        ASSERT_EQ(sqlite3_exec(author,
                               "CREATE TABLE auth_session (id TEXT PRIMARY KEY, user_id TEXT NOT NULL, "
                               "active_expires INT NOT NULL, idle_expires INT NOT NULL);"
                               "PRAGMA writable_schema = ON;"
                               "INSERT INTO sqlite_schema VALUES ('table', 'auth_user', 'auth_user', 0, "
                               "'CREATE VIRTUAL TABLE auth_user USING lucia_statement_cache');",
                               nullptr, nullptr, nullptr),
                  SQLITE_OK);
        sqlite3_close(author);
    }
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
    sqlite3_enable_load_extension(db, 1);
    ASSERT_EQ(sqlite3_load_extension(db, module_path(), nullptr, nullptr), SQLITE_OK);
    auto run = [&](const char* sql) { return sqlite3_exec(db, sql, nullptr, nullptr, nullptr); };
    EXPECT_NE(run("SELECT lucia_get_user('ada')"), SQLITE_OK);
    EXPECT_NE(std::string(sqlite3_errmsg(db)).find("lucia_statement_cache is lucia's own"), std::string::npos)
        << sqlite3_errmsg(db);
    for (int i = 0; i < 3; ++i) EXPECT_EQ(run("SELECT lucia_invalidate_session('x')"), SQLITE_OK) << sqlite3_errmsg(db);
    {
        sqlite3* other = nullptr;
        ASSERT_EQ(sqlite3_open(path.c_str(), &other), SQLITE_OK);
        ASSERT_EQ(sqlite3_exec(other, "CREATE TABLE unrelated (x)", nullptr, nullptr, nullptr), SQLITE_OK);
        sqlite3_close(other);
    }
    EXPECT_EQ(run("SELECT lucia_invalidate_session('x')"), SQLITE_OK) << sqlite3_errmsg(db);
    EXPECT_EQ(sqlite3_close(db), SQLITE_OK);
    std::remove(path.c_str());
}

// An authorizer that answers SQLITE_IGNORE for PRAGMAs made the schema reparse at load a silent
// no-op: the load must fail instead.
TEST(SqliteHostileSchema, TheLoadFailsWhenTheSchemasCannotBeParsedAgain) {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(":memory:", &db), SQLITE_OK);
    sqlite3_set_authorizer(
        db,
        [](void*, int action, const char*, const char*, const char*, const char*) {
            return action == SQLITE_PRAGMA ? SQLITE_IGNORE : SQLITE_OK;
        },
        nullptr);
    sqlite3_enable_load_extension(db, 1);
    char* error = nullptr;
    EXPECT_NE(sqlite3_load_extension(db, module_path(), nullptr, &error), SQLITE_OK);
    EXPECT_NE(std::string(error ? error : "").find("writable_schema gave no row"), std::string::npos);
    sqlite3_free(error);
    sqlite3_close(db);
}
