// Out of memory inside the module: every C++ allocation lucia.so makes goes through this binary's
// operator new (the executable's definition wins over libstdc++'s for the loaded module too), which
// fails the Nth allocation after it is armed. SQLite's own allocator (SQLITE_CONFIG_MALLOC) cannot
// make C++ new fail, hence a binary of its own. Each allocation in turn must fail cleanly: an
// error (SQLITE_NOMEM) or a normal result, never an exception through SQLite, which ends the process.
#include <sqlite3.h>

#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <new>
#include <string>
#include <unistd.h>

namespace {

long g_countdown = -1;  // allocations left before the failing one; -1: never fail

// Fails the allocation `allocations` from now.
void arm(long allocations) {
    g_countdown = allocations;
}

// Stops failing; true if the armed allocation was reached.
bool disarm() {
    bool reached = g_countdown < 0;
    g_countdown = -1;
    return reached;
}

}  // namespace

// The replaceable global allocation functions, every form of them (a sanitizer runtime supplies
// any form left out, and would see its memory freed by ours).
void* operator new(std::size_t size) {
    if (g_countdown >= 0 && g_countdown-- == 0) throw std::bad_alloc();
    void* memory = std::malloc(size == 0 ? 1 : size);
    if (memory == nullptr) throw std::bad_alloc();
    return memory;
}

void* operator new[](std::size_t size) {
    return operator new(size);
}

void* operator new(std::size_t size, const std::nothrow_t&) noexcept {
    try {
        return operator new(size);
    } catch (const std::bad_alloc&) {
        return nullptr;
    }
}

void* operator new[](std::size_t size, const std::nothrow_t& nothrow) noexcept {
    return operator new(size, nothrow);
}

void operator delete(void* memory) noexcept {
    std::free(memory);
}

void operator delete[](void* memory) noexcept {
    std::free(memory);
}

void operator delete(void* memory, std::size_t) noexcept {
    std::free(memory);
}

void operator delete[](void* memory, std::size_t) noexcept {
    std::free(memory);
}

void operator delete(void* memory, const std::nothrow_t&) noexcept {
    std::free(memory);
}

void operator delete[](void* memory, const std::nothrow_t&) noexcept {
    std::free(memory);
}

namespace {

// Opens `path` and loads lucia with its allocation `fail_at` failing (-1: none); `reached` tells
// whether that allocation happened. The load's code in `rc`, its message in `error`.
sqlite3* open_with_lucia(const std::string& path, int* rc, std::string* error, long fail_at = -1,
                         bool* reached = nullptr) {
    sqlite3* db = nullptr;
    if (sqlite3_open(path.c_str(), &db) != SQLITE_OK) std::abort();
    sqlite3_enable_load_extension(db, 1);
    char* message = nullptr;
    arm(fail_at);
    *rc = sqlite3_load_extension(db, LUCIA_SQLITE_MODULE, nullptr, &message);
    bool failed = disarm();
    if (reached != nullptr) *reached = failed;
    *error = message != nullptr ? message : "";
    sqlite3_free(message);
    return db;
}

// The first column of `sql`'s first row, or the error; `code` gets the extended result code.
// Allocation `fail_at` of the step fails (-1: none); `reached` tells whether it happened.
std::string query(sqlite3* db, const std::string& sql, int* code, long fail_at = -1, bool* reached = nullptr) {
    sqlite3_stmt* stmt = nullptr;
    *code = sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr);
    if (*code != SQLITE_OK) return sqlite3_errmsg(db);
    arm(fail_at);
    int rc = sqlite3_step(stmt);
    bool failed = disarm();
    if (reached != nullptr) *reached = failed;
    std::string text;
    if (rc == SQLITE_ROW) {
        const unsigned char* value = sqlite3_column_text(stmt, 0);
        text = value != nullptr ? reinterpret_cast<const char*>(value) : "";
        *code = SQLITE_OK;
    } else {
        text = sqlite3_errmsg(db);
        *code = sqlite3_extended_errcode(db);
    }
    sqlite3_finalize(stmt);
    return text;
}

// A database file with lucia's tables, one user and one session.
struct SessionFile {
    std::string path;
    std::string session_id;
    SessionFile() {
        char name[] = "/tmp/lucia-oom-XXXXXX";
        int fd = mkstemp(name);
        if (fd < 0) std::abort();
        close(fd);
        path = name;
        int rc = 0;
        std::string error;
        sqlite3* db = open_with_lucia(path, &rc, &error);
        if (rc != SQLITE_OK) std::abort();
        int code = 0;
        query(db, "SELECT lucia_create_tables()", &code);
        query(db, "SELECT lucia_create_user(NULL, NULL, NULL, NULL, 'ada')", &code);
        session_id = query(db, "SELECT lucia_create_session('ada') ->> 'session_id'", &code);
        if (code != SQLITE_OK || session_id.size() != 40) std::abort();
        sqlite3_close(db);
    }
    ~SessionFile() {
        std::remove(path.c_str());
    }
};

// Loading the module with each allocation failing in turn: SQLITE_NOMEM or a working module.
TEST(SqliteOutOfMemory, LoadingFailsCleanly) {
    SessionFile file;
    long failures = 0;
    for (long n = 0;; ++n) {
        int rc = 0;
        std::string error;
        bool reached = false;
        sqlite3* db = open_with_lucia(file.path, &rc, &error, n, &reached);
        if (rc == SQLITE_OK) {
            int code = 0;
            EXPECT_EQ(query(db, "SELECT lucia_get_user('ada') ->> 'user_id'", &code), "ada") << "allocation " << n;
        } else {
            // sqlite3_load_extension reports any failed entry point as SQLITE_ERROR with this text.
            EXPECT_EQ(rc, SQLITE_ERROR) << "allocation " << n << ": " << error;
            EXPECT_EQ(error.rfind("error during initialization", 0), 0u) << "allocation " << n << ": " << error;
            ++failures;
        }
        sqlite3_close(db);
        if (!reached) break;  // every allocation of a load has failed once
    }
    EXPECT_GT(failures, 0);
}

// The first validation on a connection keeps its statements in the cache, from a destructor;
// each allocation of the call failing in turn gives SQLITE_NOMEM or the session, never an abort.
TEST(SqliteOutOfMemory, CallsFailCleanly) {
    SessionFile file;
    const std::string sql = "SELECT lucia_validate_session('" + file.session_id + "') ->> 'session_id'";
    long failures = 0;
    for (long n = 0;; ++n) {
        int rc = 0;
        std::string error;
        sqlite3* db = open_with_lucia(file.path, &rc, &error);
        ASSERT_EQ(rc, SQLITE_OK) << error;
        int code = 0;
        bool reached = false;
        std::string result = query(db, sql, &code, n, &reached);
        if (code == SQLITE_OK) {
            EXPECT_EQ(result, file.session_id) << "allocation " << n;
        } else {
            EXPECT_EQ(code, SQLITE_NOMEM) << "allocation " << n << ": " << result;
            ++failures;
        }
        // The connection still works afterwards.
        EXPECT_EQ(query(db, sql, &code), file.session_id) << "after allocation " << n;
        sqlite3_close(db);
        if (!reached) break;
    }
    EXPECT_GT(failures, 0);
}

// lucia_authenticate with each allocation failing in turn, after bob was authenticated: either the
// call succeeds and ada is authenticated, or it fails and nobody is, never bob.
TEST(SqliteOutOfMemory, AFailedAuthenticationLeavesNobody) {
    SessionFile file;
    int rc = 0;
    std::string error;
    int code = 0;
    std::string bob_session;
    {
        sqlite3* db = open_with_lucia(file.path, &rc, &error);
        ASSERT_EQ(rc, SQLITE_OK) << error;
        query(db, "SELECT lucia_create_user(NULL, NULL, NULL, NULL, 'bob')", &code);
        bob_session = query(db, "SELECT lucia_create_session('bob') ->> 'session_id'", &code);
        ASSERT_EQ(bob_session.size(), 40u);
        sqlite3_close(db);
    }
    const std::string authenticate_ada = "SELECT lucia_authenticate('" + file.session_id + "') ->> 'user_id'";
    const std::string who = "SELECT coalesce(lucia_authenticated_user_id(), '<nobody>')";
    long failures = 0;
    for (long n = 0;; ++n) {
        sqlite3* db = open_with_lucia(file.path, &rc, &error);
        ASSERT_EQ(rc, SQLITE_OK) << error;
        ASSERT_EQ(query(db, "SELECT lucia_authenticate('" + bob_session + "') ->> 'user_id'", &code), "bob");
        bool reached = false;
        std::string result = query(db, authenticate_ada, &code, n, &reached);
        if (code == SQLITE_OK) {
            EXPECT_EQ(result, "ada") << "allocation " << n;
            EXPECT_EQ(query(db, who, &code), "ada") << "allocation " << n;
        } else {
            EXPECT_EQ(code, SQLITE_NOMEM) << "allocation " << n << ": " << result;
            EXPECT_EQ(query(db, who, &code), "<nobody>") << "allocation " << n;
            ++failures;
        }
        sqlite3_close(db);
        if (!reached) break;
    }
    EXPECT_GT(failures, 0);
}

}  // namespace
