// Prepared statements over the connection's tables, and SQLite errors as C++ exceptions.
#pragma once

#include "sqlite_api.hpp"

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace lucia_sqlite {

struct Call;
class StatementCache;

// A failure reported by SQLite itself (busy, constraint, I/O...), with its extended code.
class SqliteError : public std::runtime_error {
public:
    SqliteError(int code, const std::string& message) : std::runtime_error(message), code_(code) {}
    int code() const noexcept {
        return code_;
    }

private:
    int code_;
};

// One statement, finalized when it goes out of scope.
class Statement {
public:
    // SQL as given.
    Statement(sqlite3* db, std::string_view sql);
    // Fixed SQL over the tables: each '@' stands for the quoted schema. Never use this form for
    // SQL that holds user-supplied names, which may contain '@'.
    Statement(sqlite3* db, std::string_view sql, const std::string& schema);
    // SQL of a call: each '@' stands for lucia.tables_schema; the prepared statement is kept in
    // the connection's cache for the next call.
    Statement(const Call& call, std::string_view sql);
    ~Statement();
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;

    Statement& bind(int index, std::string_view text);
    // Binds `text` without copying it: it must stay unchanged while this Statement lives (a call's
    // own argument does), since the bindings are cleared only when the Statement goes.
    Statement& bind_borrowed(int index, std::string_view text);
    Statement& bind(int index, const std::string& text) {
        return bind(index, std::string_view(text));
    }
    Statement& bind(int index, std::int64_t value);
    Statement& bind(int index, double value);
    Statement& bind_null(int index);
    Statement& bind(int index, const sqlite3_value* value);
    Statement& bind(int index, const std::optional<std::string_view>& text);
    Statement& bind(int index, const std::optional<std::int64_t>& value);

    // Next row: true while there is one. Throws SqliteError on failure.
    bool step();
    // Runs to completion; returns sqlite3_changes() of this statement.
    int run();

    bool is_null(int column) const;
    std::string text(int column) const;
    std::optional<std::string> optional_text(int column) const;
    std::int64_t int64(int column) const;
    std::optional<std::int64_t> optional_int64(int column) const;
    // The column as CAST(column AS INTEGER) gives it: NULL stays NULL, a REAL is truncated toward
    // zero (and clamped to int64), text and blobs give their leading integer, or 0.
    std::optional<std::int64_t> optional_cast_int64(int column) const;
    int column_count() const;
    const char* column_name(int column) const;
    sqlite3_stmt* handle() const {
        return stmt_;
    }

private:
    sqlite3_value* value(int column) const;

    sqlite3* db_;
    sqlite3_stmt* stmt_ = nullptr;
    StatementCache* cache_ = nullptr;  // set when stmt_ came from, or goes to, the cache
    std::string cache_key_;
    bool cached_ = false;  // stmt_ is the cache's: reset it, never finalize it
};

// Runs SQL without results (BEGIN, SAVEPOINT, DDL); throws SqliteError on failure.
void execute(sqlite3* db, const std::string& sql);

// `sql` with each '@' replaced by the quoted schema.
std::string with_schema(std::string_view sql, const std::string& schema);

// "schema" quoted as an SQL identifier.
std::string quote_identifier(std::string_view name);

// The columns of schema.table that an INSERT or UPDATE can write (not generated, not hidden).
std::vector<std::string> writable_columns(sqlite3* db, const std::string& schema, const std::string& table);

// Throws the connection's last error as a SqliteError.
[[noreturn]] void throw_last_error(sqlite3* db);

}  // namespace lucia_sqlite
