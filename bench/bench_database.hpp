// The in-process SQLite benchmarks' database (bench/sqlite_bench.cpp, bench/sqlite_instructions.cpp):
// lucia.so loaded, 10,000 active sessions of 1,000 users, and the nested-lookup floor function.
#pragma once

#include <sqlite3.h>

#include <cstdio>
#include <cstdlib>

namespace lucia_bench {

constexpr int kSessions = 10000;

[[noreturn]] inline void fail(sqlite3* db, const char* what) {
    std::fprintf(stderr, "lucia bench: %s: %s\n", what, sqlite3_errmsg(db));
    std::exit(1);
}

// The floor: a SQL function that only runs a cached prepared primary-key SELECT.
inline void nested_lookup(sqlite3_context* context, int, sqlite3_value** argv) {
    auto* stmt = static_cast<sqlite3_stmt*>(sqlite3_user_data(context));
    sqlite3_bind_value(stmt, 1, argv[0]);
    if (sqlite3_step(stmt) == SQLITE_ROW)
        sqlite3_result_text(context, reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0)), -1, SQLITE_TRANSIENT);
    else
        sqlite3_result_null(context);
    sqlite3_reset(stmt);
}

// lucia.so loaded, kSessions active sessions of 1,000 users, and the floor function registered.
inline sqlite3* open_database(const char* module) {
    sqlite3* db = nullptr;
    if (sqlite3_open(":memory:", &db) != SQLITE_OK) fail(db, "open");
    sqlite3_enable_load_extension(db, 1);
    char* error = nullptr;
    if (sqlite3_load_extension(db, module, nullptr, &error) != SQLITE_OK) {
        std::fprintf(stderr, "lucia bench: %s\n", error ? error : "cannot load lucia");
        std::exit(1);
    }
    const char* setup =
        "SELECT lucia_create_tables(); BEGIN;"
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1000) "
        "INSERT INTO auth_user SELECT 'u' || i FROM n;"
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 10000) "
        "INSERT INTO auth_session SELECT printf('s%039d', i), 'u' || (i % 1000 + 1), 9000000000000, 9000000000000 FROM "
        "n;"
        "COMMIT;";
    if (sqlite3_exec(db, setup, nullptr, nullptr, nullptr) != SQLITE_OK) fail(db, "setup");
    sqlite3_stmt* lookup = nullptr;
    if (sqlite3_prepare_v3(db, "SELECT user_id, active_expires, idle_expires FROM auth_session WHERE id = ?1", -1,
                           SQLITE_PREPARE_PERSISTENT, &lookup, nullptr) != SQLITE_OK)
        fail(db, "prepare floor");
    sqlite3_create_function_v2(db, "bench_nested_lookup", 1, SQLITE_UTF8, lookup, nested_lookup, nullptr, nullptr,
                               nullptr);
    return db;
}

}  // namespace lucia_bench
