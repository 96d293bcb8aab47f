// Instructions per call, counted by callgrind (bench/sqlite_instructions.sh): the bare primary-key
// SELECT, the nested-lookup floor and lucia_validate_session on one in-memory database. Why: the
// machine is noisy; instruction counts repeat to the unit and show where a call's work goes.
#include "bench_database.hpp"

#include <cstdio>
#include <cstdlib>

using lucia_bench::fail;
using lucia_bench::kSessions;

// The measured loop, named for callgrind's --toggle-collect: `calls` lookups of spread-out ids.
extern "C" __attribute__((noinline)) void lucia_measured_calls(sqlite3* db, sqlite3_stmt* stmt, int calls) {
    char id[41];
    for (int i = 0; i < calls; ++i) {
        std::snprintf(id, sizeof(id), "s%039d", (i * 7919) % kSessions + 1);
        sqlite3_bind_text(stmt, 1, id, 40, SQLITE_TRANSIENT);
        if (sqlite3_step(stmt) != SQLITE_ROW) fail(db, "step");
        sqlite3_column_text(stmt, 0);
        sqlite3_reset(stmt);
    }
}

// Usage: sqlite_instructions <lucia.so> <sql with ?1> <calls>
int main(int argc, char** argv) {
    if (argc != 4) {
        std::fprintf(stderr, "usage: sqlite_instructions <lucia.so> <sql> <calls>\n");
        return 2;
    }
    sqlite3* db = lucia_bench::open_database(argv[1]);
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(db, argv[2], -1, &stmt, nullptr) != SQLITE_OK) fail(db, "prepare");
    lucia_measured_calls(db, stmt, 100);  // warm: statements cached, pages read
    lucia_measured_calls(db, stmt, std::atoi(argv[3]));
    sqlite3_finalize(stmt);
    sqlite3_close(db);
    return 0;
}
