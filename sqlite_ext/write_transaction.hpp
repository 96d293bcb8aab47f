// All-or-nothing writes from inside a function call, whatever transaction the caller is in.
#pragma once

#include "sqlite_api.hpp"

#include <memory>
#include <string>
#include <vector>

namespace lucia_sqlite {

class Statement;

// Opens on construction, commits on commit(), rolls back if destroyed before that.
// - A statement that writes is running on the connection: SQLite allows no SAVEPOINT then. It is
//   often the caller (INSERT ... SELECT lucia_...()), whose failure undoes our writes with its
//   own, but it may be another statement left half-stepped (an INSERT ... RETURNING), and then
//   nothing would. So each function checks what can fail before it writes, writes the row whose
//   failure matters last, and registers how to undo its earlier rows (undo_on_failure).
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
    // When no savepoint could be opened: `sql` (with ?1 bound to `id`) runs if the call fails
    // before commit(), latest first. Ignored otherwise, since the rollback undoes the row.
    void undo_on_failure(std::string sql, std::string id);
    // When no savepoint could be opened: copies the rows `select` (a "SELECT * FROM <table> ...")
    // returns, to be inserted into schema.table again (their writable columns) if the call fails
    // before commit(). Reads nothing otherwise.
    void restore_on_failure(Statement& select, const std::string& schema, const std::string& table);

private:
    // SQL run by the destructor when the call fails, with its parameters: ?1 = id, or the values.
    struct Undo {
        std::string sql;
        std::string id;
        std::vector<std::shared_ptr<sqlite3_value>> values;
    };
    enum class Kind { Savepoint, CallersStatement, Immediate };
    sqlite3* db_;
    Kind kind_;
    bool finished_ = false;
    std::vector<Undo> undo_;
};

}  // namespace lucia_sqlite
