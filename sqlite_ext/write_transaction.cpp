#include "write_transaction.hpp"

#include "statement.hpp"

namespace lucia_sqlite {

namespace {

// A statement of the caller's that writes is running (INSERT ... SELECT lucia_...()): SQLite then
// refuses both SAVEPOINT and COMMIT, and undoes our writes with that statement's if it fails.
bool callers_statement_writes(sqlite3* db) {
    for (sqlite3_stmt* stmt = sqlite3_next_stmt(db, nullptr); stmt != nullptr; stmt = sqlite3_next_stmt(db, stmt)) {
        if (sqlite3_stmt_busy(stmt) && !sqlite3_stmt_readonly(stmt)) return true;
    }
    return false;
}

}  // namespace

WriteTransaction::WriteTransaction(sqlite3* db) : db_(db) {
    if (callers_statement_writes(db)) {
        kind_ = Kind::CallersStatement;
    } else if (!sqlite3_get_autocommit(db)) {
        kind_ = Kind::Savepoint;
        execute(db, "SAVEPOINT lucia_write");
    } else {
        kind_ = Kind::Immediate;
        execute(db, "BEGIN IMMEDIATE");
    }
}

void WriteTransaction::commit() {
    if (kind_ == Kind::Savepoint) execute(db_, "RELEASE lucia_write");
    if (kind_ == Kind::Immediate) execute(db_, "COMMIT");
    finished_ = true;
}

// Errors while rolling back are ignored: the original error is the one the caller must see.
WriteTransaction::~WriteTransaction() {
    if (finished_) return;
    if (kind_ == Kind::Savepoint) {
        sqlite3_exec(db_, "ROLLBACK TO lucia_write; RELEASE lucia_write", nullptr, nullptr, nullptr);
    } else if (kind_ == Kind::Immediate) {
        sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    }
}

}  // namespace lucia_sqlite
