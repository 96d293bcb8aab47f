// In-process SQLite: lucia_validate_session against a cached prepared primary-key SELECT of the
// same row on the same connection (bench/run.sh turns the medians into ratios).
#include <benchmark/benchmark.h>
#include <sqlite3.h>

#include <chrono>
#include <cstdio>
#include <random>
#include <stdexcept>
#include <string>

namespace {

constexpr int kSessions = 10000;

std::string session_id(int n) {
    char id[41];
    std::snprintf(id, sizeof(id), "s%039d", n);
    return id;
}

// The least any extension function doing this job can cost: a SQL function that runs a cached
// prepared primary-key SELECT (prepared once) and returns its user_id, with no other work.
// Why: it shows how much of the gap to the bare lookup is the nesting itself, not lucia's code.
void nested_lookup(sqlite3_context* context, int, sqlite3_value** argv) {
    auto* stmt = static_cast<sqlite3_stmt*>(sqlite3_user_data(context));
    sqlite3_bind_value(stmt, 1, argv[0]);
    if (sqlite3_step(stmt) == SQLITE_ROW)
        sqlite3_result_text(context, reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0)), -1, SQLITE_TRANSIENT);
    else
        sqlite3_result_null(context);
    sqlite3_reset(stmt);
}

// One connection with lucia.so loaded and kSessions active sessions.
sqlite3* open_database() {
    static sqlite3* db = [] {
        sqlite3* handle = nullptr;
        sqlite3_open(":memory:", &handle);
        sqlite3_enable_load_extension(handle, 1);
        char* error = nullptr;
        if (sqlite3_load_extension(handle, LUCIA_SQLITE_MODULE, nullptr, &error) != SQLITE_OK)
            throw std::runtime_error(error ? error : "cannot load lucia");
        sqlite3_exec(handle, "SELECT lucia_create_tables()", nullptr, nullptr, nullptr);
        long long now = std::chrono::duration_cast<std::chrono::milliseconds>(
                            std::chrono::system_clock::now().time_since_epoch()).count();
        std::string sql = "BEGIN; INSERT INTO auth_user SELECT 'u' || value FROM generate_series(1, 1000);";
        sqlite3_exec(handle, sql.c_str(), nullptr, nullptr, nullptr);
        sqlite3_stmt* insert = nullptr;
        sqlite3_prepare_v2(handle, "INSERT INTO auth_session VALUES (?1, ?2, ?3, ?4)", -1, &insert, nullptr);
        for (int n = 1; n <= kSessions; ++n) {
            std::string id = session_id(n);
            std::string user = "u" + std::to_string(n % 1000 + 1);
            sqlite3_bind_text(insert, 1, id.c_str(), -1, SQLITE_TRANSIENT);
            sqlite3_bind_text(insert, 2, user.c_str(), -1, SQLITE_TRANSIENT);
            sqlite3_bind_int64(insert, 3, now + 86400000);
            sqlite3_bind_int64(insert, 4, now + 1296000000);
            sqlite3_step(insert);
            sqlite3_reset(insert);
        }
        sqlite3_finalize(insert);
        sqlite3_exec(handle, "COMMIT", nullptr, nullptr, nullptr);
        sqlite3_stmt* lookup = nullptr;
        sqlite3_prepare_v3(handle, "SELECT user_id, active_expires, idle_expires FROM auth_session WHERE id = ?1", -1,
                           SQLITE_PREPARE_PERSISTENT, &lookup, nullptr);
        sqlite3_create_function_v2(handle, "bench_nested_lookup", 1, SQLITE_UTF8, lookup, nested_lookup, nullptr,
                                   nullptr, nullptr);
        return handle;
    }();
    return db;
}

// Runs `sql` with one random session id per iteration through one cached prepared statement.
void run_lookup(benchmark::State& state, const char* sql) {
    sqlite3* db = open_database();
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(db, sql, -1, &stmt, nullptr) != SQLITE_OK) throw std::runtime_error(sqlite3_errmsg(db));
    std::mt19937 random(42);
    std::uniform_int_distribution<int> pick(1, kSessions);
    for (auto _ : state) {
        std::string id = session_id(pick(random));
        sqlite3_bind_text(stmt, 1, id.c_str(), 40, SQLITE_TRANSIENT);
        if (sqlite3_step(stmt) != SQLITE_ROW) throw std::runtime_error(sqlite3_errmsg(db));
        benchmark::DoNotOptimize(sqlite3_column_text(stmt, 0));
        sqlite3_reset(stmt);
    }
    sqlite3_finalize(stmt);
}

void BM_BarePrimaryKeySelect(benchmark::State& state) {
    run_lookup(state, "SELECT user_id, active_expires, idle_expires FROM auth_session WHERE id = ?1");
}

void BM_LuciaValidateSession(benchmark::State& state) {
    run_lookup(state, "SELECT lucia_validate_session(?1)");
}

void BM_NestedLookupFloor(benchmark::State& state) {
    run_lookup(state, "SELECT bench_nested_lookup(?1)");
}

}  // namespace

BENCHMARK(BM_BarePrimaryKeySelect);
BENCHMARK(BM_NestedLookupFloor);
BENCHMARK(BM_LuciaValidateSession);
BENCHMARK_MAIN();
