// All-or-nothing writes from inside a function call, whatever transaction the caller is in.
#pragma once

#include "sqlite_api.hpp"

namespace lucia_sqlite {

// Opens on construction, commits on commit(), rolls back if destroyed before that.
// - Called from a statement that is already writing: nothing of our own; an error fails that
//   statement, and SQLite undoes it with everything it wrote.
// - In the caller's transaction: a SAVEPOINT, so only our writes are undone on error.
// - Otherwise (autocommit): BEGIN IMMEDIATE, so the busy timeout applies when another connection
//   writes, rather than a lock upgrade failing at once halfway through.
class WriteTransaction {
public:
    explicit WriteTransaction(sqlite3* db);
    ~WriteTransaction();
    WriteTransaction(const WriteTransaction&) = delete;
    WriteTransaction& operator=(const WriteTransaction&) = delete;
    void commit();

private:
    enum class Kind { Savepoint, CallersStatement, Immediate };
    sqlite3* db_;
    Kind kind_;
    bool finished_ = false;
};

}  // namespace lucia_sqlite
