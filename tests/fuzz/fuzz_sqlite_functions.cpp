// Calls every function the SQLite module registers (the lucia_sqlite sources, linked in with cheap
// scrypt) with typed random arguments: NULL, integers, reals, text with NULs and invalid UTF-8,
// blobs, and ids seen in earlier results; random arity within each function's range; on a fresh
// in-memory database with no tables, Lucia's tables, or hostile tables and triggers.
// Properties: no crash or sanitizer report; every call ends with a result or an error message;
// no call leaves a transaction open on the connection; the database stays consistent
// (PRAGMA integrity_check). Text results must be valid UTF-8. The connection's authenticated user
// is the user_id of the last lucia_authenticate that succeeded, nobody after one that failed or
// after lucia_clear_authentication, and no other function changes it.
#include "fuzz_check.hpp"

#include "core/unicode.hpp"

#include <sqlite3.h>

#include <cstdint>
#include <cstdlib>
#include <limits>
#include <optional>
#include <string>
#include <vector>

extern "C" int sqlite3_lucia_init(sqlite3* db, char** error_message, const sqlite3_api_routines* api);

namespace {

struct Function {
    std::string name;
    int arity;
};

// Schemas an application or an attacker's file may hold; index 0 is no tables at all.
const char* const kSchemas[] = {
    "",
    "SELECT lucia_create_tables();",
    // Lucia's tables, then rows and triggers that change rows under the functions.
    "SELECT lucia_create_tables();"
    "INSERT INTO auth_user VALUES ('bob'),('ada');"
    "INSERT INTO auth_key VALUES ('email:bob@x','bob','s2:abcdefghijklmnop:' || hex(zeroblob(64)),1,NULL),"
    "('github:1','bob',NULL,0,NULL),('otp:1','ada','',0,1),('legacy:x','ada','salt:' || "
    "lower(hex(zeroblob(64))),0,NULL),"
    "('bcrypt:x','ada','$2a$10$abc',0,NULL);"
    "INSERT INTO auth_session VALUES ('aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa','bob',9000000000000,9000000000000),"
    "('bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb','ada',0,0);",
    // Triggers that delete or rename the row a function has just written.
    "SELECT lucia_create_tables();"
    "INSERT INTO auth_user VALUES ('bob');"
    "INSERT INTO auth_key VALUES ('email:bob@x','bob',NULL,1,NULL);"
    "CREATE TRIGGER gone AFTER UPDATE ON auth_key BEGIN DELETE FROM auth_key WHERE id = new.id; END;"
    "CREATE TRIGGER renamed AFTER INSERT ON auth_session BEGIN UPDATE auth_session SET id = 'x' || new.id WHERE id = "
    "new.id; END;"
    "CREATE TRIGGER undo AFTER INSERT ON auth_user BEGIN DELETE FROM auth_user WHERE id = new.id; END;",
    // Loose tables: no types, no constraints, odd values stored.
    "CREATE TABLE auth_user (id);"
    "CREATE TABLE auth_session (id, user_id, active_expires, idle_expires);"
    "CREATE TABLE auth_key (id, user_id, hashed_password, primary_key, expires);"
    "INSERT INTO auth_user VALUES (NULL),(1.5),(x'ff00'),(CAST(x'c0af' AS TEXT)),('bob'),('bob');"
    "INSERT INTO auth_key VALUES ('email:bob@x',x'00',x'ff',2.5,'soon'),('email:bob@x','bob',7,NULL,-1),"
    "(CAST(x'ff3a' AS TEXT),NULL,NULL,NULL,NULL);"
    "INSERT INTO auth_session VALUES ('aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa','bob','x',x'01'),"
    "('aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',NULL,9223372036854775807,-9223372036854775808);",
    // Missing columns and views in place of tables.
    "CREATE TABLE auth_user (name TEXT);"
    "CREATE VIEW auth_key AS SELECT 'email:bob@x' AS id, 'bob' AS user_id, NULL AS hashed_password, 1 AS primary_key, "
    "NULL AS expires;"
    "CREATE TABLE auth_session (id TEXT PRIMARY KEY) WITHOUT ROWID;",
    // Tables that hide built-in table-valued functions, beside Lucia's tables.
    "SELECT lucia_create_tables();"
    "CREATE TABLE json_each (key, value, type); CREATE TABLE pragma_table_xinfo (name, type);"
    "INSERT INTO auth_user VALUES ('bob');",
    // Strict tables with extra NOT NULL columns (user attributes without defaults).
    "CREATE TABLE auth_user (id TEXT PRIMARY KEY, username TEXT NOT NULL UNIQUE, age INTEGER) STRICT;"
    "CREATE TABLE auth_session (id TEXT PRIMARY KEY, user_id TEXT NOT NULL REFERENCES auth_user(id),"
    " active_expires INTEGER NOT NULL, idle_expires INTEGER NOT NULL) STRICT;"
    "CREATE TABLE auth_key (id TEXT PRIMARY KEY, user_id TEXT NOT NULL REFERENCES auth_user(id),"
    " hashed_password TEXT, primary_key INTEGER NOT NULL, expires INTEGER) STRICT;"
    "PRAGMA foreign_keys = ON;",
};

// Words the functions look for, so that random calls reach past argument checks.
const char* const kWords[] = {
    "email",
    "bob@x",
    "bob",
    "ada",
    "github",
    "1",
    "otp",
    "legacy",
    "x",
    "bcrypt",
    "main",
    "temp",
    "lucia.active_period",
    "lucia.idle_period",
    "lucia.tables_schema",
    "lucia.csrf_protection",
    "lucia.env",
    "lucia.cookie_path",
    "lucia.cookie_domain",
    "lucia.cookie_same_site",
    "lucia.renewal",
    "lucia.auto_database_cleanup",
    "1h",
    "0",
    "on",
    "off",
    "prod",
    "dev",
    "extend",
    "rotate",
    "none",
    "strict",
    "POST",
    "GET",
    "https://example.com/a",
    "https://example.com",
    "auth_session=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
    "{\"username\":\"u\"}",
    "{}",
    "[]",
    "{\"id\":1}",
    "hunter2",
    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
    "s2:abcdefghijklmnop:00",
    "$2a$",
    "\xEF\xAC\x81sh",
};

// The module's functions and argument counts, as SQLite lists them after loading it.
std::vector<Function> registered_functions(sqlite3* db) {
    std::vector<Function> functions;
    sqlite3_stmt* list = nullptr;
    FUZZ_REQUIRE(sqlite3_prepare_v2(db,
                                    "SELECT DISTINCT name, narg FROM pragma_function_list "
                                    "WHERE name LIKE 'lucia\\_%' ESCAPE '\\' ORDER BY name, narg",
                                    -1, &list, nullptr) == SQLITE_OK,
                 "pragma_function_list");
    while (sqlite3_step(list) == SQLITE_ROW)
        functions.push_back({reinterpret_cast<const char*>(sqlite3_column_text(list, 0)), sqlite3_column_int(list, 1)});
    sqlite3_finalize(list);
    FUZZ_REQUIRE(functions.size() >= 31, "the module registered fewer functions than expected");
    return functions;
}

// One typed argument, chosen by the fuzzer; `seen` holds text from earlier results.
void bind_argument(sqlite3_stmt* statement, int index, FuzzedDataProvider& input,
                   const std::vector<std::string>& seen) {
    switch (input.ConsumeIntegralInRange(0, 7)) {
        case 0: sqlite3_bind_null(statement, index); break;
        case 1: {
            static const std::int64_t kInts[] = {0,
                                                 1,
                                                 -1,
                                                 2,
                                                 3600,
                                                 86400000,
                                                 std::numeric_limits<std::int64_t>::max(),
                                                 std::numeric_limits<std::int64_t>::min()};
            sqlite3_bind_int64(statement, index,
                               input.ConsumeBool() ? kInts[input.ConsumeIntegralInRange(0, 7)]
                                                   : input.ConsumeIntegral<std::int64_t>());
            break;
        }
        case 2: {
            static const double kReals[] = {0.0,
                                            -0.0,
                                            1.5,
                                            1e300,
                                            -1e300,
                                            std::numeric_limits<double>::infinity(),
                                            std::numeric_limits<double>::quiet_NaN(),
                                            9.3e18};
            sqlite3_bind_double(statement, index, kReals[input.ConsumeIntegralInRange(0, 7)]);
            break;
        }
        case 3:
        case 4: {
            const std::string text = input.ConsumeRandomLengthString(64);  // NULs, invalid UTF-8 included
            sqlite3_bind_text(statement, index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
            break;
        }
        case 5: {
            const std::string blob = input.ConsumeRandomLengthString(32);
            sqlite3_bind_blob(statement, index, blob.data(), static_cast<int>(blob.size()), SQLITE_TRANSIENT);
            break;
        }
        case 6: {
            const char* word = kWords[input.ConsumeIntegralInRange<std::size_t>(0, std::size(kWords) - 1)];
            sqlite3_bind_text(statement, index, word, -1, SQLITE_STATIC);
            break;
        }
        default: {
            if (seen.empty()) {
                sqlite3_bind_text(statement, index, "bob", -1, SQLITE_STATIC);
            } else {
                const std::string& text = seen[input.ConsumeIntegralInRange<std::size_t>(0, seen.size() - 1)];
                sqlite3_bind_text(statement, index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
            }
        }
    }
}

// Ids in a JSON result (runs of 15 or 40 id characters), kept for later calls.
void remember_ids(std::string_view text, std::vector<std::string>& seen) {
    std::size_t run = 0;
    for (std::size_t i = 0; i <= text.size(); ++i) {
        const char c = i < text.size() ? text[i] : '"';
        const bool id_char = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
        if (id_char) {
            ++run;
            continue;
        }
        if ((run == 15 || run == 40) && seen.size() < 32) seen.emplace_back(text.substr(i - run, run));
        run = 0;
    }
}

// lucia_authenticated_user_id() of the connection: nullopt when nobody is authenticated.
std::optional<std::string> authenticated_user(sqlite3* db) {
    sqlite3_stmt* statement = nullptr;
    FUZZ_REQUIRE(sqlite3_prepare_v2(db, "SELECT lucia_authenticated_user_id()", -1, &statement, nullptr) == SQLITE_OK,
                 "prepare lucia_authenticated_user_id()");
    FUZZ_REQUIRE(sqlite3_step(statement) == SQLITE_ROW, "lucia_authenticated_user_id() failed");
    std::optional<std::string> user_id;
    if (sqlite3_column_type(statement, 0) != SQLITE_NULL) {
        FUZZ_REQUIRE(sqlite3_column_type(statement, 0) == SQLITE_TEXT, "lucia_authenticated_user_id() is not text");
        const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(statement, 0));
        user_id.emplace(text, static_cast<std::size_t>(sqlite3_column_bytes(statement, 0)));
    }
    sqlite3_finalize(statement);
    return user_id;
}

// The user_id field of a session object returned by lucia_authenticate.
std::string session_user_id(sqlite3* db, const std::string& session) {
    sqlite3_stmt* statement = nullptr;
    FUZZ_REQUIRE(sqlite3_prepare_v2(db, "SELECT ?1 ->> 'user_id'", -1, &statement, nullptr) == SQLITE_OK,
                 "prepare ->>");
    sqlite3_bind_text(statement, 1, session.data(), static_cast<int>(session.size()), SQLITE_STATIC);
    FUZZ_REQUIRE(sqlite3_step(statement) == SQLITE_ROW && sqlite3_column_type(statement, 0) == SQLITE_TEXT,
                 "lucia_authenticate returned no user_id");
    std::string user_id(reinterpret_cast<const char*>(sqlite3_column_text(statement, 0)),
                        static_cast<std::size_t>(sqlite3_column_bytes(statement, 0)));
    sqlite3_finalize(statement);
    return user_id;
}

// Runs "SELECT fn(?, ...)" to completion and checks what every call must leave behind;
// `authenticated` is the connection's authenticated user before the call, and after it.
void call(sqlite3* db, const Function& function, FuzzedDataProvider& input, std::vector<std::string>& seen,
          std::optional<std::string>& authenticated) {
    std::string sql = "SELECT " + function.name + "(";
    for (int i = 0; i < function.arity; ++i) sql += i == 0 ? "?" : ", ?";
    sql += ")";
    sqlite3_stmt* statement = nullptr;
    FUZZ_REQUIRE(sqlite3_prepare_v2(db, sql.c_str(), -1, &statement, nullptr) == SQLITE_OK, "prepare a call");
    for (int i = 1; i <= function.arity; ++i) bind_argument(statement, i, input, seen);
    int rc;
    std::string result;
    while ((rc = sqlite3_step(statement)) == SQLITE_ROW) {
        if (sqlite3_column_type(statement, 0) == SQLITE_TEXT) {
            const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(statement, 0));
            const std::string_view value(text, static_cast<std::size_t>(sqlite3_column_bytes(statement, 0)));
            if (!lucia::is_valid_utf8(value))
                std::fprintf(stderr, "%s returned:\n%.*s\n", sql.c_str(), static_cast<int>(value.size()), value.data());
            FUZZ_REQUIRE(lucia::is_valid_utf8(value), "a text result is not valid UTF-8");
            remember_ids(value, seen);
            result.assign(value);
        }
    }
    if (rc != SQLITE_DONE) {
        const char* message = sqlite3_errmsg(db);
        FUZZ_REQUIRE(message != nullptr && message[0] != '\0', "an error without a message");
    }
    sqlite3_finalize(statement);
    FUZZ_REQUIRE(sqlite3_get_autocommit(db) != 0, "a function left a transaction open");
    if (function.name == "lucia_authenticate")
        authenticated = rc == SQLITE_DONE ? std::optional<std::string>(session_user_id(db, result)) : std::nullopt;
    else if (function.name == "lucia_clear_authentication")
        authenticated.reset();
    FUZZ_REQUIRE(authenticated_user(db) == authenticated, "the authenticated user is not the one the calls left");
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    sqlite3_auto_extension(reinterpret_cast<void (*)()>(sqlite3_lucia_init));
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    FuzzedDataProvider input(data, size);
    sqlite3* db = nullptr;
    FUZZ_REQUIRE(sqlite3_open(":memory:", &db) == SQLITE_OK, "open");
    static const std::vector<Function> functions = registered_functions(db);
    const char* schema = kSchemas[input.ConsumeIntegralInRange<std::size_t>(0, std::size(kSchemas) - 1)];
    char* error = nullptr;
    FUZZ_REQUIRE(sqlite3_exec(db, schema, nullptr, nullptr, &error) == SQLITE_OK, "a schema did not load");
    std::vector<std::string> seen;
    std::optional<std::string> authenticated;
    const int calls = input.ConsumeIntegralInRange(1, 8);
    for (int i = 0; i < calls && input.remaining_bytes() > 0; ++i) {
        const Function& function = functions[input.ConsumeIntegralInRange<std::size_t>(0, functions.size() - 1)];
        call(db, function, input, seen, authenticated);
    }
    sqlite3_stmt* check = nullptr;
    FUZZ_REQUIRE(sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &check, nullptr) == SQLITE_OK, "integrity_check");
    FUZZ_REQUIRE(sqlite3_step(check) == SQLITE_ROW &&
                     std::string_view(reinterpret_cast<const char*>(sqlite3_column_text(check, 0))) == "ok",
                 "the database is corrupt");
    sqlite3_finalize(check);
    FUZZ_REQUIRE(sqlite3_close(db) == SQLITE_OK, "a statement was left unfinalized");
    return 0;
}
