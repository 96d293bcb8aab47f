// Concurrency and transaction behaviour of the SQLite module: real separate processes (fork, each
// child opening its own connection after the fork) racing on one WAL database file, and lucia
// functions called inside a caller's transaction or from statements that read or write tables.
#include "sqlite_fixture.hpp"

#include <sqlite3.h>

#include <gtest/gtest.h>

#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <functional>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

using lucia_test::Database;
using lucia_test::Outcome;
using lucia_test::Value;

constexpr int kBusyTimeoutMs = 5000;

// A fresh directory under $TMPDIR (or /tmp), removed with everything in it.
class TempDir {
public:
    TempDir() {
        const char* base = std::getenv("TMPDIR");
        std::string pattern =
            std::string(base != nullptr && *base != '\0' ? base : "/tmp") + "/lucia-concurrency-XXXXXX";
        std::vector<char> buffer(pattern.begin(), pattern.end());
        buffer.push_back('\0');
        if (mkdtemp(buffer.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
        path_ = buffer.data();
    }
    ~TempDir() {
        std::string command = "rm -rf '" + path_ + "'";
        if (std::system(command.c_str()) != 0) std::fprintf(stderr, "could not remove %s\n", path_.c_str());
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const std::string& path() const {
        return path_;
    }

private:
    std::string path_;
};

// A connection as every process in these tests opens it: the module loaded and a busy timeout,
// so that waiting for another process's write lock is SQLite's job, not the caller's.
std::unique_ptr<Database> connect(const std::string& path) {
    auto db = std::make_unique<Database>(path);
    sqlite3_busy_timeout(db->handle(), kBusyTimeoutMs);
    return db;
}

// A temporary database file in WAL mode with Lucia's tables. The parent never keeps a connection
// open across fork(): SQLite's unix VFS keeps per-process lock bookkeeping that a child would
// inherit without the locks themselves.
class WalDatabaseFile {
public:
    WalDatabaseFile() : path_(dir_.path() + "/auth.db") {
        auto db = connect(path_);
        EXPECT_EQ(db->value("PRAGMA journal_mode=WAL"), "wal");
        db->value("SELECT lucia_create_tables()");
    }
    const std::string& path() const {
        return path_;
    }

private:
    TempDir dir_;
    std::string path_;
};

// Every row of a statement (first column only), or the error.
struct Rows {
    bool ok = false;
    std::vector<Value> values;
    std::string error;
};

Rows all_rows(Database& db, const std::string& sql) {
    Rows rows;
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(db.handle(), sql.c_str(), -1, &stmt, nullptr) != SQLITE_OK) {
        rows.error = sqlite3_errmsg(db.handle());
        return rows;
    }
    int rc;
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
        const unsigned char* text = sqlite3_column_text(stmt, 0);
        if (text == nullptr)
            rows.values.push_back(std::nullopt);
        else
            rows.values.emplace_back(reinterpret_cast<const char*>(text));
    }
    rows.ok = rc == SQLITE_DONE;
    if (!rows.ok) rows.error = sqlite3_errmsg(db.handle());
    sqlite3_finalize(stmt);
    return rows;
}

// One field of a JSON result, read with SQLite's ->> ("" for NULL).
std::string field(Database& db, const std::string& json, const std::string& name) {
    Outcome outcome = db.run("SELECT ?1 ->> ?2", {json, "$." + name});
    return outcome.ok ? outcome.text() : "<" + outcome.error + ">";
}

// ---------------------------------------------------------------------------------------------
// Processes released at the same moment.
//
// Each child runs its body, which opens its own connection and prepares what it needs, then calls
// Gate::wait(): the child reports it is ready on a pipe and blocks reading a second pipe. When all
// children are ready the parent closes that pipe's write end, which wakes every child at once.
// The body's return value (a short text) comes back on a third pipe; a child that throws or
// hangs (alarm) fails the test through its exit status.

class Gate {
public:
    Gate(int ready_fd, int go_fd) : ready_fd_(ready_fd), go_fd_(go_fd) {}
    void wait() {
        char byte = 'r';
        if (write(ready_fd_, &byte, 1) != 1) _exit(90);
        close(ready_fd_);
        char ignored;
        ssize_t n;
        while ((n = read(go_fd_, &ignored, 1)) < 0 && errno == EINTR) {
        }
        if (n != 0) _exit(91);  // the parent only ever closes the pipe
        close(go_fd_);
    }

private:
    int ready_fd_;
    int go_fd_;
};

using ChildBody = std::function<std::string(int index, Gate& gate)>;

struct ChildResult {
    std::string output;  // what the body returned
    int exit_status = -1;
    bool exited_normally = false;
};

void write_all(int fd, const std::string& text) {
    std::size_t done = 0;
    while (done < text.size()) {
        ssize_t n = write(fd, text.data() + done, text.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return;
        done += static_cast<std::size_t>(n);
    }
}

std::string read_all(int fd) {
    std::string text;
    char buffer[4096];
    for (;;) {
        ssize_t n = read(fd, buffer, sizeof buffer);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        text.append(buffer, static_cast<std::size_t>(n));
    }
    return text;
}

std::vector<ChildResult> run_processes(int count, const ChildBody& body) {
    int ready[2];
    int go[2];
    if (pipe(ready) != 0 || pipe(go) != 0) throw std::runtime_error("pipe failed");
    std::vector<pid_t> pids;
    std::vector<int> result_fds;
    std::fflush(nullptr);  // nothing buffered may be written twice
    for (int i = 0; i < count; ++i) {
        int result[2];
        if (pipe(result) != 0) throw std::runtime_error("pipe failed");
        pid_t pid = fork();
        if (pid < 0) throw std::runtime_error("fork failed");
        if (pid == 0) {
            alarm(50);  // a hung child dies rather than hanging the suite
            close(ready[0]);
            close(go[1]);
            close(result[0]);
            for (int fd : result_fds) close(fd);
            Gate gate(ready[1], go[0]);
            int status = 0;
            std::string output;
            try {
                output = body(i, gate);
            } catch (const std::exception& error) {
                output = std::string("child exception: ") + error.what();
                status = 2;
            } catch (...) {
                output = "child exception";
                status = 2;
            }
            write_all(result[1], output);
            close(result[1]);
            _exit(status);  // no atexit handlers, no destructors of the parent's objects
        }
        close(result[1]);
        pids.push_back(pid);
        result_fds.push_back(result[0]);
    }
    close(ready[1]);
    close(go[0]);
    // Wait until every child is ready (or gone), then release them all at once.
    int ready_count = 0;
    char byte;
    for (;;) {
        ssize_t n = read(ready[0], &byte, 1);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        ++ready_count;
        if (ready_count == count) break;
    }
    close(go[1]);
    close(ready[0]);
    std::vector<ChildResult> results(static_cast<std::size_t>(count));
    for (int i = 0; i < count; ++i) {
        results[i].output = read_all(result_fds[i]);
        close(result_fds[i]);
        int status = 0;
        while (waitpid(pids[i], &status, 0) < 0 && errno == EINTR) {
        }
        results[i].exited_normally = WIFEXITED(status);
        results[i].exit_status =
            WIFEXITED(status) ? WEXITSTATUS(status) : (WIFSIGNALED(status) ? 128 + WTERMSIG(status) : -1);
    }
    EXPECT_EQ(ready_count, count) << "not every child reached the barrier";
    return results;
}

std::string describe(const std::vector<ChildResult>& results) {
    std::ostringstream text;
    for (std::size_t i = 0; i < results.size(); ++i)
        text << "\n  child " << i << " (exit " << results[i].exit_status << "): " << results[i].output;
    return text.str();
}

bool starts_with(const std::string& text, const std::string& prefix) {
    return text.compare(0, prefix.size(), prefix) == 0;
}

// "ok <first column>" or "error <message>".
std::string outcome_text(const Outcome& outcome) {
    return outcome.ok ? "ok " + outcome.text() : "error " + outcome.error;
}

// ---------------------------------------------------------------------------------------------
// a. A single-use key used by two processes at once.

TEST(SqliteConcurrencyKeys, SingleUseKeyUsedByTwoProcessesAtOnceSucceedsExactlyOnce) {
    WalDatabaseFile file;
    {
        auto db = connect(file.path());
        db->value("SELECT lucia_create_user(NULL, NULL, NULL, '{}', 'otp-user')");
    }
    constexpr int kRounds = 50;
    int raced_in_write = 0;  // rounds where both read the key and the delete decided
    for (int round = 0; round < kRounds; ++round) {
        const std::string code = std::to_string(123456 + round);
        {
            auto db = connect(file.path());
            Outcome created = db->run("SELECT lucia_create_key('otp-user', 'otp', ?1, NULL, 600)", {code});
            ASSERT_TRUE(created.ok) << created.error;
            ASSERT_EQ(field(*db, created.text(), "type"), "single_use");
        }
        std::vector<ChildResult> results = run_processes(2, [&](int, Gate& gate) {
            auto db = connect(file.path());
            gate.wait();
            return outcome_text(db->run("SELECT lucia_validate_key('otp', ?1)", {code}));
        });
        SCOPED_TRACE("round " + std::to_string(round) + describe(results));
        int successes = 0;
        int invalid = 0;
        auto db = connect(file.path());
        for (const ChildResult& result : results) {
            EXPECT_TRUE(result.exited_normally && result.exit_status == 0);
            EXPECT_EQ(result.output.find("database is locked"), std::string::npos);
            if (starts_with(result.output, "ok ")) {
                ++successes;
                const std::string json = result.output.substr(3);
                EXPECT_EQ(field(*db, json, "provider_id"), "otp");
                EXPECT_EQ(field(*db, json, "provider_user_id"), code);
                EXPECT_EQ(field(*db, json, "user_id"), "otp-user");
                EXPECT_EQ(field(*db, json, "type"), "single_use");
            } else if (starts_with(result.output, "error AUTH_INVALID_KEY_ID: ")) {
                ++invalid;
                if (result.output.find("used by another request") != std::string::npos) ++raced_in_write;
            }
        }
        EXPECT_EQ(successes, 1);
        EXPECT_EQ(invalid, 1);
        EXPECT_EQ(db->value("SELECT count(*) FROM auth_key WHERE id = 'otp:' || ?1", {code}), "0");
    }
    RecordProperty("rounds_where_both_found_the_key", raced_in_write);
    std::printf("[          ] %d of %d rounds: both processes found the key, the delete decided\n", raced_in_write,
                kRounds);
}

// The same race when the key has a password: both processes spend their scrypt work at the same
// time, then both reach the delete.
TEST(SqliteConcurrencyKeys, SingleUseKeyWithPasswordUsedByTwoProcessesAtOnceSucceedsExactlyOnce) {
    WalDatabaseFile file;
    {
        auto db = connect(file.path());
        db->value("SELECT lucia_create_user(NULL, NULL, NULL, '{}', 'reset-user')");
    }
    constexpr int kRounds = 8;
    for (int round = 0; round < kRounds; ++round) {
        const std::string token = "token-" + std::to_string(round);
        {
            auto db = connect(file.path());
            ASSERT_TRUE(db->run("SELECT lucia_create_key('reset-user', 'reset', ?1, 'secret', 600)", {token}).ok);
        }
        std::vector<ChildResult> results = run_processes(2, [&](int, Gate& gate) {
            auto db = connect(file.path());
            gate.wait();
            return outcome_text(db->run("SELECT lucia_validate_key('reset', ?1, 'secret') ->> 'user_id'", {token}));
        });
        SCOPED_TRACE("round " + std::to_string(round) + describe(results));
        int successes = 0;
        int invalid = 0;
        for (const ChildResult& result : results) {
            EXPECT_TRUE(result.exited_normally && result.exit_status == 0);
            if (result.output == "ok reset-user") ++successes;
            if (starts_with(result.output, "error AUTH_INVALID_KEY_ID: ")) ++invalid;
        }
        EXPECT_EQ(successes, 1);
        EXPECT_EQ(invalid, 1);
        auto db = connect(file.path());
        EXPECT_EQ(db->value("SELECT count(*) FROM auth_key WHERE id = 'reset:' || ?1", {token}), "0");
    }
}

// ---------------------------------------------------------------------------------------------
// b. One key id claimed by two new users at once.

TEST(SqliteConcurrencyUsers, SameKeyIdCreatedByTwoProcessesAtOnceLeavesOneUserAndNoOrphan) {
    WalDatabaseFile file;
    constexpr int kRounds = 50;
    for (int round = 0; round < kRounds; ++round) {
        const std::string email = "same" + std::to_string(round) + "@example.com";
        const std::string prefix = "r" + std::to_string(round) + "-";
        std::vector<ChildResult> results = run_processes(2, [&](int index, Gate& gate) {
            auto db = connect(file.path());
            const std::string user_id = prefix + "p" + std::to_string(index);
            gate.wait();
            Outcome outcome =
                db->run("SELECT lucia_create_user('email', ?1, NULL, '{}', ?2) ->> 'user_id'", {email, user_id});
            return outcome_text(outcome);
        });
        SCOPED_TRACE("round " + std::to_string(round) + describe(results));
        int successes = 0;
        int duplicates = 0;
        std::string winner;
        for (const ChildResult& result : results) {
            EXPECT_TRUE(result.exited_normally && result.exit_status == 0);
            EXPECT_EQ(result.output.find("database is locked"), std::string::npos);
            if (starts_with(result.output, "ok ")) {
                ++successes;
                winner = result.output.substr(3);
            } else if (starts_with(result.output, "error AUTH_DUPLICATE_KEY_ID: ")) {
                ++duplicates;
            }
        }
        EXPECT_EQ(successes, 1);
        EXPECT_EQ(duplicates, 1);
        auto db = connect(file.path());
        EXPECT_EQ(db->value("SELECT count(*) FROM auth_user WHERE id LIKE ?1 || '%'", {prefix}), "1");
        EXPECT_EQ(db->value("SELECT count(*) FROM auth_key WHERE user_id LIKE ?1 || '%'", {prefix}), "1");
        EXPECT_EQ(db->value("SELECT user_id FROM auth_key WHERE id = 'email:' || ?1", {email}), winner);
        EXPECT_EQ(db->value("SELECT count(*) FROM auth_user WHERE id = ?1", {winner}), "1");
    }
    auto db = connect(file.path());
    EXPECT_EQ(db->value("SELECT count(*) FROM auth_user"), std::to_string(kRounds));
    EXPECT_EQ(db->value("SELECT count(*) FROM auth_key"), std::to_string(kRounds));
    EXPECT_EQ(
        db->value(
            "SELECT count(*) FROM auth_user u WHERE NOT EXISTS (SELECT 1 FROM auth_key k WHERE k.user_id = u.id)"),
        "0");
}

// ---------------------------------------------------------------------------------------------
// c. Two processes creating, validating and renewing sessions as fast as they can.

TEST(SqliteConcurrencySessions, TwoProcessesCreatingAndRenewingSessionsSeeNoBusyErrorsAndLoseNoRows) {
    WalDatabaseFile file;
    {
        auto db = connect(file.path());
        db->value("SELECT lucia_create_user(NULL, NULL, NULL, '{}', 'shared-user')");
    }
    constexpr int kIterations = 300;
    std::vector<ChildResult> results = run_processes(2, [&](int, Gate& gate) {
        auto db = connect(file.path());
        int created = 0;  // rows this process added: new sessions and rotations
        int errors = 0;
        int renewals = 0;
        std::string first_error;
        auto failed = [&](const std::string& what, const Outcome& outcome) {
            ++errors;
            if (first_error.empty())
                first_error = what + ": " +
                              (outcome.ok ? "unexpected result " + outcome.text()
                                          : outcome.error + " (code " + std::to_string(outcome.error_code) + ")");
        };
        gate.wait();
        for (int i = 0; i < kIterations; ++i) {
            Outcome session = db->run("SELECT lucia_create_session('shared-user')");
            if (!session.ok) {
                failed("create", session);
                continue;
            }
            ++created;
            const std::string id = field(*db, session.text(), "session_id");
            Outcome valid = db->run("SELECT lucia_validate_session(?1)", {id});
            if (!valid.ok || field(*db, valid.text(), "state") != "active" || field(*db, valid.text(), "fresh") != "0")
                failed("validate", valid);
            if (i % 10 != 9) continue;
            Outcome idle =
                db->run("UPDATE auth_session SET active_expires = active_expires - 86401000 WHERE id = ?1", {id});
            if (!idle.ok) {
                failed("make idle", idle);
                continue;
            }
            Outcome renewed = db->run("SELECT lucia_validate_session(?1)", {id});
            if (!renewed.ok || field(*db, renewed.text(), "fresh") != "1" ||
                field(*db, renewed.text(), "state") != "active" || field(*db, renewed.text(), "session_id") == id) {
                failed("renew", renewed);
                continue;
            }
            ++created;  // lucia.renewal = rotate: a new row, the idle one stays
            ++renewals;
        }
        return "created " + std::to_string(created) + " renewals " + std::to_string(renewals) + " errors " +
               std::to_string(errors) + " first_error " + first_error;
    });
    SCOPED_TRACE(describe(results));
    int total_created = 0;
    for (const ChildResult& result : results) {
        EXPECT_TRUE(result.exited_normally && result.exit_status == 0);
        int created = -1;
        int renewals = -1;
        int errors = -1;
        ASSERT_EQ(std::sscanf(result.output.c_str(), "created %d renewals %d errors %d", &created, &renewals, &errors),
                  3);
        EXPECT_EQ(errors, 0);
        EXPECT_EQ(renewals, kIterations / 10);
        EXPECT_EQ(created, kIterations + kIterations / 10);
        EXPECT_EQ(result.output.find("database is locked"), std::string::npos);
        total_created += created;
    }
    auto db = connect(file.path());
    EXPECT_EQ(db->value("SELECT count(*) FROM auth_session"), std::to_string(total_created));
    EXPECT_EQ(db->value("SELECT count(*) FROM auth_session WHERE user_id = 'shared-user'"),
              std::to_string(total_created));
    EXPECT_EQ(db->value("SELECT count(DISTINCT id) FROM auth_session"), std::to_string(total_created));
    EXPECT_EQ(db->value("PRAGMA integrity_check"), "ok");
}

// The same idle session validated by two processes at once with lucia.renewal = extend: the second
// reads the row again inside its write transaction, finds it active and does not renew it again.
TEST(SqliteConcurrencySessions, SameIdleSessionValidatedByTwoProcessesIsExtendedOnce) {
    WalDatabaseFile file;
    {
        auto db = connect(file.path());
        db->value("SELECT lucia_create_user(NULL, NULL, NULL, '{}', 'idle-user')");
    }
    constexpr int kRounds = 30;
    for (int round = 0; round < kRounds; ++round) {
        std::string id;
        {
            auto db = connect(file.path());
            id = db->value("SELECT lucia_create_session('idle-user') ->> 'session_id'");
            db->value("UPDATE auth_session SET active_expires = active_expires - 86401000 WHERE id = ?1", {id});
            ASSERT_EQ(db->value("SELECT lucia_get_session(?1) ->> 'state'", {id}), "idle");
        }
        std::vector<ChildResult> results = run_processes(2, [&](int, Gate& gate) {
            auto db = connect(file.path());
            Outcome set = db->run("SELECT lucia_set_config('lucia.renewal', 'extend')");
            if (!set.ok) return "error " + set.error;
            gate.wait();
            return outcome_text(
                db->run("SELECT json_extract(lucia_validate_session(?1), '$.session_id', '$.state', '$.fresh')", {id}));
        });
        SCOPED_TRACE("round " + std::to_string(round) + describe(results));
        int fresh = 0;
        int stale = 0;
        for (const ChildResult& result : results) {
            EXPECT_TRUE(result.exited_normally && result.exit_status == 0);
            if (result.output == "ok [\"" + id + "\",\"active\",true]") ++fresh;
            if (result.output == "ok [\"" + id + "\",\"active\",false]") ++stale;
        }
        EXPECT_EQ(fresh, 1);
        EXPECT_EQ(stale, 1);
        auto db = connect(file.path());
        EXPECT_EQ(db->value("SELECT lucia_get_session(?1) ->> 'state'", {id}), "active");
    }
    auto db = connect(file.path());
    EXPECT_EQ(db->value("SELECT count(*) FROM auth_session"), std::to_string(kRounds));
}

// A statement that reads tables and calls a write function per row, racing another process's
// writes. The caller wraps it in BEGIN IMMEDIATE: in autocommit the statement's own read snapshot
// would make each call's lock upgrade fail at once with SQLITE_BUSY (SQLite cannot wait for a
// write lock while a read transaction is open), whatever the busy timeout.
TEST(SqliteConcurrencySessions, PerRowCallsInsideBeginImmediateRaceAnotherWriterWithoutErrors) {
    WalDatabaseFile file;
    {
        auto db = connect(file.path());
        for (const char* id : {"u1", "u2", "u3"})
            db->value("SELECT lucia_create_user(NULL, NULL, NULL, '{}', ?1)", {std::string(id)});
    }
    constexpr int kBatches = 100;
    constexpr int kSingles = 300;
    std::vector<ChildResult> results = run_processes(2, [&](int index, Gate& gate) {
        auto db = connect(file.path());
        int errors = 0;
        std::string first_error;
        auto note = [&](const std::string& error) {
            if (errors++ == 0) first_error = error;
        };
        gate.wait();
        for (int i = 0; i < (index == 0 ? kBatches : kSingles); ++i) {
            if (index == 1) {
                Outcome single = db->run("SELECT lucia_create_session('u1')");
                if (!single.ok) note(single.error);
                continue;
            }
            Outcome begin = db->run("BEGIN IMMEDIATE");
            if (!begin.ok) {
                note("BEGIN IMMEDIATE: " + begin.error);
                continue;
            }
            Rows rows = all_rows(*db, "SELECT lucia_create_session(id) FROM auth_user");
            if (!rows.ok || rows.values.size() != 3) note("per row: " + rows.error);
            Outcome commit = db->run(rows.ok ? "COMMIT" : "ROLLBACK");
            if (!commit.ok) note("COMMIT: " + commit.error);
        }
        return "errors " + std::to_string(errors) + " first_error " + first_error;
    });
    SCOPED_TRACE(describe(results));
    for (const ChildResult& result : results) {
        EXPECT_TRUE(result.exited_normally && result.exit_status == 0);
        EXPECT_TRUE(starts_with(result.output, "errors 0 "));
    }
    auto db = connect(file.path());
    EXPECT_EQ(db->value("SELECT count(*) FROM auth_session"), std::to_string(3 * kBatches + kSingles));
}

// ---------------------------------------------------------------------------------------------
// d. The caller's own transaction.

class SqliteConcurrencyTransactions : public ::testing::Test {
protected:
    void SetUp() override {
        db_ = connect(file_.path());
        db_->exec("CREATE TABLE note (text TEXT NOT NULL)");
        db_->value("SELECT lucia_create_user('email', 'taken@example.com', NULL, '{}', 'owner')");
    }
    std::string count(const std::string& sql, const std::vector<Value>& params = {}) {
        return db_->value(sql, params);
    }
    bool in_transaction() const {
        return sqlite3_get_autocommit(db_->handle()) == 0;
    }

    WalDatabaseFile file_;
    std::unique_ptr<Database> db_;
};

TEST_F(SqliteConcurrencyTransactions, RollbackOfTheCallersTransactionUndoesTheUserAndItsKey) {
    db_->exec("BEGIN");
    Outcome created =
        db_->run("SELECT lucia_create_user('email', 'rolled@example.com', 'pw', '{}', 'rolled') ->> 'user_id'");
    ASSERT_TRUE(created.ok) << created.error;
    EXPECT_EQ(created.text(), "rolled");
    EXPECT_TRUE(in_transaction()) << "the function must not end the caller's transaction";
    EXPECT_EQ(count("SELECT count(*) FROM auth_user WHERE id = 'rolled'"), "1");  // visible inside it
    db_->exec("ROLLBACK");
    EXPECT_EQ(count("SELECT count(*) FROM auth_user WHERE id = 'rolled'"), "0");
    EXPECT_EQ(count("SELECT count(*) FROM auth_key WHERE id = 'email:rolled@example.com'"), "0");
    EXPECT_EQ(count("SELECT count(*) FROM auth_user"), "1");
    EXPECT_EQ(count("SELECT count(*) FROM auth_key"), "1");
}

TEST_F(SqliteConcurrencyTransactions, FailedCallInsideTheCallersTransactionUndoesOnlyItsOwnRows) {
    db_->exec("BEGIN");
    db_->exec("INSERT INTO note VALUES ('before')");
    Outcome kept = db_->run("SELECT lucia_create_user('email', 'kept@example.com', NULL, '{}', 'kept') ->> 'user_id'");
    ASSERT_TRUE(kept.ok) << kept.error;
    Outcome session = db_->run("SELECT lucia_create_session('kept') ->> 'session_id'");
    ASSERT_TRUE(session.ok) << session.error;
    // The user row is inserted, then the key id is found taken: both must go, nothing else.
    Outcome failed = db_->run("SELECT lucia_create_user('email', 'taken@example.com', NULL, '{}', 'loser')");
    EXPECT_FALSE(failed.ok);
    EXPECT_EQ(failed.code(), "AUTH_DUPLICATE_KEY_ID") << failed.error;
    EXPECT_EQ(failed.error_code, SQLITE_ERROR);
    EXPECT_TRUE(in_transaction()) << "a Lucia error must not end the caller's transaction";
    EXPECT_EQ(count("SELECT count(*) FROM auth_user WHERE id = 'loser'"), "0");
    // A failing call of another kind (the user check) inside the same transaction.
    EXPECT_EQ(db_->error_code("SELECT lucia_create_key('nobody', 'email', 'x@example.com')"), "AUTH_INVALID_USER_ID");
    EXPECT_TRUE(in_transaction());
    db_->exec("INSERT INTO note VALUES ('after')");
    db_->exec("COMMIT");
    EXPECT_FALSE(in_transaction());

    // A second connection sees exactly what the transaction committed.
    auto other = connect(file_.path());
    EXPECT_EQ(other->value("SELECT group_concat(text, ',') FROM (SELECT text FROM note ORDER BY rowid)"),
              "before,after");
    EXPECT_EQ(other->value("SELECT count(*) FROM auth_user WHERE id = 'kept'"), "1");
    EXPECT_EQ(other->value("SELECT user_id FROM auth_key WHERE id = 'email:kept@example.com'"), "kept");
    EXPECT_EQ(other->value("SELECT count(*) FROM auth_session WHERE id = ?1", {session.text()}), "1");
    EXPECT_EQ(other->value("SELECT count(*) FROM auth_user WHERE id = 'loser'"), "0");
    EXPECT_EQ(other->value("SELECT count(*) FROM auth_key WHERE user_id = 'loser'"), "0");
    EXPECT_EQ(other->value("SELECT user_id FROM auth_key WHERE id = 'email:taken@example.com'"), "owner");
    EXPECT_EQ(other->value("SELECT count(*) FROM auth_key WHERE id = 'email:x@example.com'"), "0");
}

TEST_F(SqliteConcurrencyTransactions, CallersSavepointsNestAroundTheModulesSavepoint) {
    db_->exec("BEGIN");
    db_->exec("SAVEPOINT outer_work");
    ASSERT_TRUE(db_->run("SELECT lucia_create_user('email', 'inner@example.com', NULL, '{}', 'inner')").ok);
    db_->exec("ROLLBACK TO outer_work");
    db_->exec("RELEASE outer_work");
    // The caller may even use the module's savepoint name for its own savepoint.
    db_->exec("SAVEPOINT lucia_write");
    ASSERT_TRUE(db_->run("SELECT lucia_create_user('email', 'same-name@example.com', NULL, '{}', 'same-name')").ok);
    EXPECT_EQ(db_->error_code("SELECT lucia_create_user('email', 'taken@example.com', NULL, '{}', 'x')"),
              "AUTH_DUPLICATE_KEY_ID");
    db_->exec("RELEASE lucia_write");
    db_->exec("COMMIT");
    EXPECT_EQ(count("SELECT count(*) FROM auth_user WHERE id = 'inner'"), "0");
    EXPECT_EQ(count("SELECT count(*) FROM auth_user WHERE id = 'same-name'"), "1");
    EXPECT_EQ(count("SELECT count(*) FROM auth_user WHERE id = 'x'"), "0");
    EXPECT_EQ(count("SELECT count(*) FROM auth_key"), "2");
}

TEST_F(SqliteConcurrencyTransactions, AutocommitFailureWritesNothingAndLeavesNoTransactionOpen) {
    Outcome failed = db_->run("SELECT lucia_create_user('email', 'taken@example.com', 'pw', '{}', 'loser')");
    EXPECT_EQ(failed.code(), "AUTH_DUPLICATE_KEY_ID") << failed.error;
    EXPECT_FALSE(in_transaction());
    EXPECT_EQ(count("SELECT count(*) FROM auth_user WHERE id = 'loser'"), "0");
    // The write lock is released: another connection can write at once.
    auto other = connect(file_.path());
    sqlite3_busy_timeout(other->handle(), 0);
    EXPECT_TRUE(other->run("INSERT INTO note VALUES ('unblocked')").ok);
}

// ---------------------------------------------------------------------------------------------
// e. Lucia functions inside statements that read or write tables themselves.

class SqliteConcurrencyStatements : public SqliteConcurrencyTransactions {
protected:
    void SetUp() override {
        SqliteConcurrencyTransactions::SetUp();
        db_->exec("CREATE TABLE log (entry TEXT NOT NULL)");
        db_->exec("DELETE FROM auth_key; DELETE FROM auth_user");
        for (const char* id : {"u1", "u2", "u3"})
            ASSERT_TRUE(db_->run("SELECT lucia_create_user(NULL, NULL, NULL, '{}', ?1)", {std::string(id)}).ok);
    }
};

TEST_F(SqliteConcurrencyStatements, FunctionCalledForEveryRowOfAReadingStatement) {
    Rows rows = all_rows(*db_, "SELECT lucia_create_session(id) ->> 'user_id' FROM auth_user ORDER BY id");
    ASSERT_TRUE(rows.ok) << rows.error;
    ASSERT_EQ(rows.values.size(), 3u);
    EXPECT_EQ(rows.values[0], Value("u1"));
    EXPECT_EQ(rows.values[1], Value("u2"));
    EXPECT_EQ(rows.values[2], Value("u3"));
    EXPECT_FALSE(in_transaction());
    EXPECT_EQ(count("SELECT count(*) FROM auth_session"), "3");
    EXPECT_EQ(count("SELECT count(DISTINCT user_id) FROM auth_session"), "3");
    // Reading the sessions table while writing to it, row by row. With lucia.renewal = extend the
    // rows are updated in place; with rotate each call inserts a row the scan itself could reach (the
    // caller's problem in SQLite: a statement may see its own connection's later writes), so the ids
    // are materialized first.
    EXPECT_EQ(db_->value("SELECT lucia_set_config('lucia.renewal', 'extend')"), "extend");
    Rows extended = all_rows(*db_, "SELECT lucia_renew_session(id) ->> 'fresh' FROM auth_session ORDER BY id");
    ASSERT_TRUE(extended.ok) << extended.error;
    EXPECT_EQ(extended.values, std::vector<Value>(3, Value("1")));
    EXPECT_EQ(count("SELECT count(*) FROM auth_session"), "3");
    EXPECT_EQ(db_->value("SELECT lucia_set_config('lucia.renewal', 'rotate')"), "rotate");
    Rows rotated = all_rows(*db_,
                            "WITH old AS MATERIALIZED (SELECT id FROM auth_session) "
                            "SELECT lucia_renew_session(id) ->> 'session_id' <> id FROM old");
    ASSERT_TRUE(rotated.ok) << rotated.error;
    EXPECT_EQ(rotated.values, std::vector<Value>(3, Value("1")));
    EXPECT_FALSE(in_transaction());
    auto other = connect(file_.path());
    EXPECT_EQ(other->value("SELECT count(*) FROM auth_session"), "6");  // committed; rotate keeps the old rows
}

TEST_F(SqliteConcurrencyStatements, FunctionCalledForEveryRowInsideTheCallersTransaction) {
    db_->exec("BEGIN");
    Rows rows = all_rows(*db_, "SELECT lucia_create_session(id) FROM auth_user");
    ASSERT_TRUE(rows.ok) << rows.error;
    EXPECT_EQ(rows.values.size(), 3u);
    EXPECT_TRUE(in_transaction());
    db_->exec("ROLLBACK");
    EXPECT_EQ(count("SELECT count(*) FROM auth_session"), "0");
}

TEST_F(SqliteConcurrencyStatements, OuterInsertStatementInAutocommit) {
    Outcome inserted = db_->run("INSERT INTO log SELECT lucia_create_session('u1')");
    ASSERT_TRUE(inserted.ok) << inserted.error;
    EXPECT_FALSE(in_transaction());
    EXPECT_EQ(count("SELECT count(*) FROM log"), "1");
    EXPECT_EQ(count("SELECT count(*) FROM auth_session s JOIN log l ON s.id = l.entry ->> 'session_id'"), "1");

    // The second call fails after the first wrote a session and a log row: the statement fails and
    // everything it wrote, the first session included, is undone.
    Outcome failed = db_->run("INSERT INTO log SELECT lucia_create_session(column1) FROM (VALUES ('u2'), ('nobody'))");
    EXPECT_FALSE(failed.ok);
    EXPECT_EQ(failed.code(), "AUTH_INVALID_USER_ID") << failed.error;
    EXPECT_FALSE(in_transaction());
    auto other = connect(file_.path());
    EXPECT_EQ(other->value("SELECT count(*) FROM log"), "1");
    EXPECT_EQ(other->value("SELECT count(*) FROM auth_session"), "1");
    EXPECT_EQ(other->value("SELECT count(*) FROM auth_session WHERE user_id = 'u2'"), "0");
}

TEST_F(SqliteConcurrencyStatements, OuterInsertStatementInsideTheCallersTransaction) {
    db_->exec("BEGIN");
    db_->exec("INSERT INTO log VALUES ('before')");
    Outcome inserted = db_->run("INSERT INTO log SELECT lucia_create_session('u1')");
    EXPECT_TRUE(inserted.ok) << inserted.error << " (extended code " << inserted.error_code << ")";
    Outcome failed = db_->run("INSERT INTO log SELECT lucia_create_session(column1) FROM (VALUES ('u2'), ('nobody'))");
    EXPECT_FALSE(failed.ok);
    EXPECT_EQ(failed.code(), "AUTH_INVALID_USER_ID") << failed.error;
    EXPECT_TRUE(in_transaction());
    db_->exec("INSERT INTO log VALUES ('after')");
    db_->exec("COMMIT");
    auto other = connect(file_.path());
    EXPECT_EQ(other->value("SELECT count(*) FROM log WHERE entry IN ('before', 'after')"), "2");
    EXPECT_EQ(other->value("SELECT count(*) FROM log"), "3");
    EXPECT_EQ(other->value("SELECT count(*) FROM auth_session WHERE user_id = 'u1'"), "1");
    EXPECT_EQ(other->value("SELECT count(*) FROM auth_session WHERE user_id = 'u2'"), "0");
}

TEST_F(SqliteConcurrencyStatements, OuterUpdateStatementRenewingSessions) {
    db_->exec("CREATE TABLE web_session (user_id TEXT PRIMARY KEY, session TEXT)");
    db_->exec("INSERT INTO web_session (user_id) SELECT id FROM auth_user");
    Outcome updated = db_->run("UPDATE web_session SET session = lucia_create_session(user_id) ->> 'session_id'");
    ASSERT_TRUE(updated.ok) << updated.error;
    EXPECT_EQ(
        count("SELECT count(*) FROM web_session w JOIN auth_session s ON s.id = w.session AND s.user_id = w.user_id"),
        "3");
}

}  // namespace
