// In-process SQLite: lucia_validate_session against a cached prepared primary-key SELECT of the
// same row on the same connection (bench/run.sh turns the medians into ratios).
#include "bench_database.hpp"

#include <benchmark/benchmark.h>

#include <cstdio>
#include <random>
#include <stdexcept>
#include <string>

namespace {

using lucia_bench::kSessions;

std::string session_id(int n) {
    char id[41];
    std::snprintf(id, sizeof(id), "s%039d", n);
    return id;
}

// One connection for every benchmark of the run.
sqlite3* open_database() {
    static sqlite3* db = lucia_bench::open_database(LUCIA_SQLITE_MODULE);
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
