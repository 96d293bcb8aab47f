#include "write_transaction.hpp"

#include "statement.hpp"

namespace lucia_sqlite {

WriteTransaction::WriteTransaction(sqlite3* db) : db_(db) {
    if (!sqlite3_get_autocommit(db)) {
        kind_ = Kind::Savepoint;
        execute(db, "SAVEPOINT lucia_write");
    } else if (sqlite3_txn_state(db, nullptr) == SQLITE_TXN_WRITE) {
        kind_ = Kind::CallersStatement;
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
