// Prepared statements kept per connection, so a call does not parse and plan its SQL every time.
#pragma once

#include "sqlite_api.hpp"

#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

namespace lucia_sqlite {

class StatementCache {
public:
    StatementCache() = default;
    ~StatementCache() {
        clear();
    }
    StatementCache(const StatementCache&) = delete;
    StatementCache& operator=(const StatementCache&) = delete;

    // The cache key of SQL with '@' for the schema: the SQL as written and the schema, so that a
    // call finds its statement without rewriting its SQL. Valid until the next key_for.
    const std::string& key_for(std::string_view sql, const std::string& schema);
    // The kept statement for this SQL and schema if it is idle (reset, bindings cleared), else nullptr.
    sqlite3_stmt* take(std::string_view sql, const std::string& schema);
    // Keeps `stmt` for `sql`; returns false (the caller finalizes it) if one is kept already, or
    // if the close guard cannot be connected (then nothing may be kept).
    bool keep(sqlite3* db, const std::string& sql, sqlite3_stmt* stmt);
    // Finalizes every kept statement; called by the guard when the connection closes.
    void clear();
    // Whether the guard table being connected is the one keep() asked for: a database file may
    // declare a table USING lucia_statement_cache, which must never own the cache.
    bool expects_guard() const {
        return expecting_guard_;
    }
    // Called by the guard table when SQLite connects it: only then will close() call clear().
    void guard_connected() {
        guard_connected_ = true;
    }

private:
    // A statement take() found lately, with its key as kept in statements_ (whose keys stay put
    // until clear()).
    struct Recent {
        const std::string* key = nullptr;
        sqlite3_stmt* stmt = nullptr;
    };
    // Why: a call's few statements come back on every call, and comparing their keys' text is
    // cheaper than building a key and hashing it.
    static constexpr int kRecent = 8;
    sqlite3_stmt* recent(std::string_view sql, const std::string& schema) const;

    std::unordered_map<std::string, sqlite3_stmt*> statements_;
    Recent recent_[kRecent];
    int next_recent_ = 0;           // the slot the next statement found by its key replaces
    std::string key_;               // key_for's buffer, reused so a lookup does not allocate
    bool guarded_ = false;          // the guard table is connected, so close() will call clear()
    bool guard_connected_ = false;  // set by the guard itself, not by a table that only looks like it
    bool expecting_guard_ = false;  // keep() is connecting the guard right now
};

struct Connection;

// Why: sqlite3_close() refuses to close a connection with unfinalized statements, and SQLite has no
// close hook for extensions, except that it disconnects eponymous virtual tables first. This
// registers one whose disconnect finalizes the cache; the cache connects it before keeping the
// first statement (not at load time, when the database file may be locked).
// The module keeps its own reference to `connection`.
int install_statement_cache_guard(sqlite3* db, const std::shared_ptr<Connection>& connection, char** error_message);

}  // namespace lucia_sqlite
