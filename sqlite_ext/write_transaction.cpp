#include "write_transaction.hpp"

#include "statement.hpp"

#include <algorithm>
#include <new>

namespace lucia_sqlite {

namespace {

// A statement that writes is running (INSERT ... SELECT lucia_...(), or another one left
// half-stepped): SQLite then refuses both SAVEPOINT and COMMIT.
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

void WriteTransaction::undo_on_failure(std::string sql, std::string id) {
    if (kind_ == Kind::CallersStatement) undo_.push_back(Undo{std::move(sql), std::move(id), {}});
}

void WriteTransaction::restore_on_failure(Statement& select, const std::string& schema, const std::string& table) {
    if (kind_ != Kind::CallersStatement) return;
    const std::vector<std::string> writable = writable_columns(db_, schema, table);
    while (select.step()) {
        Undo undo;
        std::string columns;
        std::string parameters;
        for (int column = 0; column < select.column_count(); ++column) {
            const std::string name = select.column_name(column);
            if (std::find(writable.begin(), writable.end(), name) == writable.end()) continue;
            columns += (undo.values.empty() ? "" : ", ") + quote_identifier(name);
            parameters += (undo.values.empty() ? "?" : ", ?") + std::to_string(undo.values.size() + 1);
            sqlite3_value* copy = sqlite3_value_dup(sqlite3_column_value(select.handle(), column));
            if (copy == nullptr) throw std::bad_alloc();
            undo.values.emplace_back(copy, sqlite3_value_free);
        }
        undo.sql = "INSERT INTO " + quote_identifier(schema) + "." + quote_identifier(table) + " (" + columns +
                   ") VALUES (" + parameters + ")";
        undo_.push_back(std::move(undo));
    }
}

// Runs one registered undo; its errors are ignored, as the rollback's are.
static void run_undo(sqlite3* db, const std::string& sql, const std::string& id,
                     const std::vector<std::shared_ptr<sqlite3_value>>& values) {
    sqlite3_stmt* stmt = nullptr;
    bool bound = sqlite3_prepare_v2(db, sql.c_str(), static_cast<int>(sql.size()), &stmt, nullptr) == SQLITE_OK;
    if (bound && values.empty())
        bound = sqlite3_bind_text64(stmt, 1, id.data(), id.size(), SQLITE_TRANSIENT, SQLITE_UTF8) == SQLITE_OK;
    for (std::size_t i = 0; bound && i < values.size(); ++i)
        bound = sqlite3_bind_value(stmt, static_cast<int>(i + 1), values[i].get()) == SQLITE_OK;
    if (bound) {
        while (sqlite3_step(stmt) == SQLITE_ROW) {
        }
    }
    sqlite3_finalize(stmt);
}

// Errors while rolling back are ignored: the original error is the one the caller must see.
WriteTransaction::~WriteTransaction() {
    if (finished_) return;
    for (auto undo = undo_.rbegin(); undo != undo_.rend(); ++undo) run_undo(db_, undo->sql, undo->id, undo->values);
    if (kind_ == Kind::Savepoint) {
        sqlite3_exec(db_, "ROLLBACK TO lucia_write; RELEASE lucia_write", nullptr, nullptr, nullptr);
    } else if (kind_ == Kind::Immediate) {
        sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    }
}

}  // namespace lucia_sqlite
